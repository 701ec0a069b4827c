"""Figures of the gdverse-family results and the commands' --plot option."""
import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from geodetector.cli import main  # noqa: E402
from geodetector.optimal_zones import gozh, lesh  # noqa: E402
from geodetector.plotting_family import plot_result  # noqa: E402
from geodetector.robust import rgd  # noqa: E402

from _shared import reference  # noqa: E402

CASES = reference("gdverse-conformance/cases")


def test_each_figure_draws_what_the_result_holds():
    d = pd.read_csv(CASES / "lesh_sim" / "data.csv")
    x = ["xa", "xb", "xc"]
    fig = plot_result(lesh(d, "y", x))
    assert [p.get_height() for p in fig.axes[0].patches] == pytest.approx(
        lesh(d, "y", x).spd_lesh["spd_theta"].tolist())
    fig = plot_result(gozh(d, "y", x, type=["factor", "interaction"]))
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert len(texts) == 6   # 3 diagonal q's and 3 pairs
    res = rgd(d, "y", x, discnum=range(3, 6))
    assert len(plot_result(res).axes[0].lines) == 3 + 3   # a curve and a chosen-k mark each


def test_plot_option_writes_the_figure(tmp_path, capsys):
    out = tmp_path / "lesh.png"
    argv = ["lesh", str(CASES / "lesh_sim" / "data.csv"), "--y", "y", "--x", "xa,xb,xc",
            "--plot", str(out)]
    assert main(argv) == 0
    assert out.stat().st_size > 1000
