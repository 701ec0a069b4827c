"""NCA scatter plots: the drawn ceilings are the computed ones, the empty zone is shaded,
Chinese labels, PNG and SVG files, bad options."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from fsqca import QCAInputError, nca, nca_plot  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


@pytest.fixture
def res():
    df = pd.DataFrame({"A": [1.0, 2, 3, 4, 5, 6], "B": [2.0, 1, 4, 3, 6, 5], "Y": [1.0, 3, 2, 5, 4, 6]},
                      index=list("abcdef"))
    return nca(df, "Y")


def _line(ax, gid):
    (line,) = [ln for ln in ax.lines if ln.get_gid() == gid]
    return np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)


def test_lines_are_the_ceilings(res):
    fig = nca_plot(res)
    assert len([ax for ax in fig.axes if ax.get_visible()]) == 2
    ax = fig.axes[0]
    x, y = _line(ax, "nca-ce_fdh")
    # peers of A: (1,1), (2,3), (4,5), (6,6): a step line from xmin to xmax
    assert x.tolist() == [1, 2, 2, 4, 4, 6, 6, 6] and y.tolist() == [1, 1, 3, 3, 5, 5, 6, 6]
    lx, ly = _line(ax, "nca-cr_fdh")
    b, a = np.polyfit([1, 2, 4, 6], [1, 3, 5, 6], 1)
    np.testing.assert_allclose(ly, a + b * lx)
    assert lx.min() >= 1 and lx.max() <= 6 and ly.max() <= 6 + 1e-12
    zones = [c for c in ax.collections if c.get_gid() == "nca-zone"]
    assert len(zones) == 1
    assert ax.get_xlabel() == "A" and ax.get_ylabel() == "Y"


def test_chinese_labels_and_files(res, tmp_path):
    fig = nca_plot(res, ["B"], ceilings=["ce_fdh"], lang="zh", labels={"B": "数字基础", "Y": "治理绩效"},
                   path=tmp_path / "nca.png")
    ax = fig.axes[0]
    assert ax.get_xlabel() == "数字基础"
    assert "CJK" in ax.xaxis.label.get_fontfamily()[0]
    assert [ln.get_gid() for ln in ax.lines if ln.get_gid()] == ["nca-ce_fdh"]
    assert (tmp_path / "nca.png").read_bytes()[:4] == b"\x89PNG"
    res.plot(path=tmp_path / "nca.svg")
    assert b"<svg" in (tmp_path / "nca.svg").read_bytes()[:400]


def test_bad_plot_options(res, tmp_path):
    with pytest.raises(QCAInputError, match=r"\.png or \.svg"):
        nca_plot(res, path=tmp_path / "x.pdf")
    with pytest.raises(QCAInputError, match="condition 'C' was not analysed"):
        nca_plot(res, ["C"])
    with pytest.raises(QCAInputError, match="lang must be"):
        nca_plot(res, lang="fr")
