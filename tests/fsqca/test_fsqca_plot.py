"""XY plot: the fit numbers it shows (English and Chinese), Chinese labels, label placement,
deterministic output, bad input."""
import io
import re
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings, strategies as st  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from fsqca.anchors import CalibrationError  # noqa: E402
from fsqca.measures import (necessity_coverage, necessity_inclusion, pri,  # noqa: E402
                            sufficiency_coverage, sufficiency_inclusion)
from fsqca.plot import FIT_GID, FIT_TERMS, xy_plot  # noqa: E402

PROVINCES = ["北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏"]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _fit_numbers(ax):
    (text,) = [t.get_text() for t in ax.texts if t.get_gid() == FIT_GID]
    return {k: float(v) for k, v in re.findall(r"(\w+) ([-0-9.]+|nan)", text)}


def _data(seed=3):
    rng = np.random.default_rng(seed)
    x = pd.Series(rng.uniform(0, 1, 10).round(2), index=PROVINCES, name="T*~O")
    y = pd.Series(rng.uniform(0, 1, 10).round(2), index=PROVINCES, name="P")
    return x, y


def test_fit_numbers_hand_computed():
    x = [0.2, 0.6, 0.8, 0.9]
    y = [0.3, 0.7, 0.9, 0.8]
    # sum min = 2.4, sum x = 2.5, sum y = 2.7; sum min(x, y, 1-y) = 0.8
    got = _fit_numbers(xy_plot(x, y))
    assert got == {"Consistency": 0.960, "Coverage": 0.889, "PRI": 0.941}
    nec = _fit_numbers(xy_plot(x, y, kind="necessity", digits=4))
    assert nec == {"Consistency": 0.8889, "Coverage": 0.96}


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1)), min_size=2, max_size=20))
def test_fit_numbers_equal_the_measures(pairs):
    x, y = (np.array(v) for v in zip(*pairs))
    if x.sum() == 0 or y.sum() == 0:
        return
    got = _fit_numbers(xy_plot(x, y, digits=6))
    assert got["Consistency"] == pytest.approx(round(sufficiency_inclusion(x, y), 6), abs=1e-9)
    assert got["Coverage"] == pytest.approx(round(sufficiency_coverage(x, y), 6), abs=1e-9)
    if not np.isnan(pri(x, y)):
        assert got["PRI"] == pytest.approx(round(pri(x, y), 6), abs=1e-9)
    nec = _fit_numbers(xy_plot(x, y, kind="necessity", digits=6))
    assert nec["Consistency"] == pytest.approx(round(necessity_inclusion(x, y), 6), abs=1e-9)
    assert nec["Coverage"] == pytest.approx(round(necessity_coverage(x, y), 6), abs=1e-9)
    plt.close("all")


def test_artists_and_given_axes():
    x, y = _data()
    fig, ax = plt.subplots()
    before = (x.copy(), y.copy())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        out = xy_plot(x, y, ax=ax, title="路径一")
    assert out is ax
    pd.testing.assert_series_equal(x, before[0])
    pd.testing.assert_series_equal(y, before[1])
    diag = [ln for ln in ax.lines if list(ln.get_xdata()) == [0, 1]
            and list(ln.get_ydata()) == [0, 1]]
    assert len(diag) == 1
    offsets = ax.collections[0].get_offsets()
    np.testing.assert_allclose(offsets[:, 0], x.to_numpy())
    np.testing.assert_allclose(offsets[:, 1], y.to_numpy())
    assert ax.get_xlabel() == "T*~O" and ax.get_ylabel() == "P" and ax.get_title() == "路径一"


def test_chinese_labels_render_without_error():
    x, y = _data()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)   # missing-glyph notes on fontless hosts
        ax = xy_plot(x, y, labels=True)
        buf = io.BytesIO()
        ax.figure.savefig(buf, format="png", dpi=60)
    assert buf.getvalue()[:8] == b"\x89PNG\r\n\x1a\n"
    shown = [t.get_text() for t in ax.texts if t.get_gid() != FIT_GID]
    assert shown == PROVINCES


def test_cjk_font_hook_is_used_for_chinese_labels(monkeypatch):
    import libdigigov.fonts

    monkeypatch.setattr(libdigigov.fonts, "register_cjk_font", lambda style="sans": "Fake CJK Sans")
    x, y = _data()
    with warnings.catch_warnings():
        warnings.simplefilter("error")          # a font was found: no "no CJK font" warning
        ax = xy_plot(x, y, labels=True)
    families = {tuple(t.get_fontproperties().get_family()) for t in ax.texts
                if t.get_gid() != FIT_GID}
    assert families == {("Fake CJK Sans",)}
    # Latin-only labels do not ask for a CJK font
    ax = xy_plot(x.reset_index(drop=True), y.reset_index(drop=True), labels=True)
    assert all(t.get_fontproperties().get_family() != ["Fake CJK Sans"] for t in ax.texts)


def test_failing_font_hook_does_not_break_the_plot(monkeypatch):
    def broken(style="sans"):
        raise OSError("font file unreadable")

    import libdigigov.fonts

    monkeypatch.setattr(libdigigov.fonts, "register_cjk_font", broken)
    x, y = _data()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        ax = xy_plot(x, y, labels=True)
    assert len([t for t in ax.texts if t.get_gid() != FIT_GID]) == len(PROVINCES)


def test_labels_from_series_are_aligned():
    x, y = _data()
    names = pd.Series([p + "省" for p in PROVINCES], index=PROVINCES)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        ax = xy_plot(x, y, labels=names.iloc[::-1])
    assert [t.get_text() for t in ax.texts if t.get_gid() != FIT_GID] == names.tolist()


def test_y_is_aligned_on_x_index():
    x, y = _data()
    a = _fit_numbers(xy_plot(x, y))
    b = _fit_numbers(xy_plot(x, y.iloc[::-1]))
    assert a == b
    offsets = plt.gca().collections[0].get_offsets()
    np.testing.assert_allclose(offsets[:, 1], y.to_numpy())


def _png(x, y):
    fig, ax = plt.subplots(figsize=(4, 4))
    xy_plot(x, y, ax=ax, labels=[f"c{i}" for i in range(len(x))])
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=50, metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def test_deterministic_png():
    x, y = _data()
    assert _png(x, y) == _png(x.copy(), y.copy())


def _fit_text(ax):
    (text,) = [t for t in ax.texts if t.get_gid() == FIT_GID]
    return text


@pytest.mark.parametrize("kind", ["sufficiency", "necessity"])
def test_chinese_fit_text_has_the_english_numbers(kind):
    x, y = _data()
    en = _fit_text(xy_plot(x, y, kind=kind, digits=4)).get_text()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        zh = _fit_text(xy_plot(x, y, kind=kind, digits=4, lang="zh")).get_text()
    assert "一致性" in zh and "覆盖度" in zh
    assert "Consistency" not in zh and "Coverage" not in zh
    assert ("PRI" in zh) == (kind == "sufficiency")
    number = r"[-0-9.]+|nan"
    assert re.findall(number, zh) == re.findall(number, en) and re.findall(number, en)
    # same lines in the same order, only the names translated
    names = {v: k for k, v in FIT_TERMS["en"].items()}
    en_lines = [(FIT_TERMS["zh"][names[n]], v) for n, v in
                (line.split(" ") for line in en.splitlines())]
    assert [tuple(line.split(" ")) for line in zh.splitlines()] == en_lines
    assert en.startswith("Consistency")


def test_chinese_fit_text_uses_the_cjk_font(monkeypatch):
    import libdigigov.fonts

    monkeypatch.setattr(libdigigov.fonts, "register_cjk_font", lambda style="sans": "Fake CJK Sans")
    x, y = _data()
    latin_x, latin_y = x.reset_index(drop=True), y.reset_index(drop=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        zh = _fit_text(xy_plot(latin_x, latin_y, lang="zh"))
        en = _fit_text(xy_plot(latin_x, latin_y))
    assert zh.get_fontproperties().get_family() == ["Fake CJK Sans"]
    assert en.get_fontproperties().get_family() != ["Fake CJK Sans"]


# Near-duplicates: three cases at one point, pairs 0.002 apart, a cluster near the fit box
# and near the upper right corner, and cases without a label.
CLUSTER = {"北京": (0.70, 0.80), "天津": (0.70, 0.80), "河北": (0.70, 0.80),
           "山西": (0.701, 0.801), "内蒙古": (0.698, 0.802), "辽宁": (0.30, 0.30),
           "吉林": (0.302, 0.30), "黑龙江": (0.98, 0.99), "上海": (0.99, 0.98),
           "江苏": (0.08, 0.93), "浙江": (0.09, 0.93), "安徽": (0.55, 0.20), "福建": (0.55, 0.20)}


def _cluster_plot(labels=True, size=(5, 5)):
    x = pd.Series([v[0] for v in CLUSTER.values()], index=list(CLUSTER), name="T")
    y = pd.Series([v[1] for v in CLUSTER.values()], index=list(CLUSTER), name="P")
    fig, ax = plt.subplots(figsize=size)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        xy_plot(x, y, ax=ax, labels=labels, title="构型 1")
        fig.tight_layout()
        fig.canvas.draw()
    return fig, ax


def _label_boxes(ax):
    # the text alone: an annotation's own extent includes its leader line
    return [Text.get_window_extent(t) for t in ax.texts if t.get_gid() != FIT_GID and t.get_text()]


def _overlapping_pairs(boxes):
    return [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes))
            if boxes[i].overlaps(boxes[j])]


def test_near_duplicate_labels_do_not_overlap():
    _, ax = _cluster_plot()
    boxes = _label_boxes(ax)
    assert len(boxes) == len(CLUSTER)
    assert _overlapping_pairs(boxes) == []
    fit = _fit_text(ax).get_window_extent()
    assert not any(b.overlaps(fit) for b in boxes)
    frame = ax.get_window_extent()
    assert all(frame.x0 <= b.x0 and b.x1 <= frame.x1 and frame.y0 <= b.y0 and b.y1 <= frame.y1
               for b in boxes)
    # the data are a real test: at the old fixed offset the same labels collide
    _, plain = plt.subplots(figsize=(5, 5))
    plain.set_xlim(ax.get_xlim()), plain.set_ylim(ax.get_ylim()), plain.set_aspect("equal")
    fp = {"fontproperties": next(t for t in ax.texts if t.get_text()).get_fontproperties()}
    for name, (xi, yi) in CLUSTER.items():
        plain.annotate(name, (xi, yi), xytext=(3, 3), textcoords="offset points", fontsize=7, **fp)
    plain.figure.canvas.draw()
    assert len(_overlapping_pairs([t.get_window_extent() for t in plain.texts])) >= 5


def test_empty_labels_are_skipped_and_labels_follow_the_layout():
    labels = [name if i % 3 else "" for i, name in enumerate(CLUSTER)]
    fig, ax = _cluster_plot(labels)
    assert len(_label_boxes(ax)) == sum(map(bool, labels))
    assert _overlapping_pairs(_label_boxes(ax)) == []
    # placed again at every draw: still apart on a smaller figure
    fig.set_size_inches(3, 3)
    fig.canvas.draw()
    assert _overlapping_pairs(_label_boxes(ax)) == []


def test_label_placement_is_deterministic():
    def positions():
        fig, ax = _cluster_plot()
        out = [(t.get_text(), t.xyann, t.get_ha(), t.get_va(), tuple(t.get_window_extent().extents))
               for t in ax.texts if t.get_gid() != FIT_GID]
        plt.close(fig)
        return out

    first = positions()
    assert first == positions()
    assert len({p[1:4] for p in first}) > 1          # not everything at the default offset


def test_bad_input():
    x, y = _data()
    with pytest.raises(CalibrationError, match=r"rows 北京"):
        xy_plot(x.where(x.index != "北京", 1.5), y)
    with pytest.raises(CalibrationError, match="only in x: 江苏"):
        xy_plot(x, y.drop("江苏"))
    with pytest.raises(CalibrationError, match="kind"):
        xy_plot(x, y, kind="both")
    with pytest.raises(CalibrationError, match="lang must be one of en, zh"):
        xy_plot(x, y, lang="fr")
    with pytest.raises(CalibrationError, match="3 labels for 10 cases"):
        xy_plot(x, y, labels=["a", "b", "c"])
    with pytest.raises(CalibrationError, match="missing"):
        xy_plot(x.where(x.index != "上海"), y)


def test_labels_are_print_size_and_never_overlap_with_31_cases():
    # every one of 31 provinces labelled at 9 pt (the maps' size) on the report's 5.5-inch figure
    from fsqca.datasets import load_dataset

    rng = np.random.default_rng(4)
    names = list(CLUSTER) + [f"省份{i}" for i in range(31 - len(CLUSTER))]
    x = pd.Series(rng.uniform(0.55, 1.0, 31).round(2), index=names, name="T")
    y = pd.Series(np.clip(x.to_numpy() + rng.normal(0, 0.05, 31), 0, 1).round(2), index=names, name="P")
    fig, ax = plt.subplots(figsize=(5.5, 5.5))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        xy_plot(x, y, ax=ax, labels=True)
        fig.tight_layout()
        fig.canvas.draw()
    texts = [t for t in ax.texts if t.get_gid() != FIT_GID]
    assert {t.get_fontsize() for t in texts} == {9.0}
    boxes = _label_boxes(ax)
    assert _overlapping_pairs(boxes) == []
    assert not any(b.overlaps(_fit_text(ax).get_window_extent()) for b in boxes)
    # labels moved away from their point carry a leader line, the others none
    for t in texts:
        far = max(map(abs, t.xyann)) > 8
        assert t.arrow_patch.get_visible() == far
    plt.close(fig)
    # the Lipset cases too, at their real memberships
    lf = load_dataset("LF")
    fig, ax = plt.subplots(figsize=(5, 5))
    xy_plot(lf["DEV"], lf["SURV"], ax=ax, labels=True)
    fig.canvas.draw()
    assert _overlapping_pairs(_label_boxes(ax)) == []
    plt.close(fig)
