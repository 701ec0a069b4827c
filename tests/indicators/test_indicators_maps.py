"""Province labels on the maps: legible, small provinces beside the map, no overlap."""

from __future__ import annotations

import matplotlib
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from indicators import load_example_study, plot_provinces  # noqa: E402
from indicators.maps import LABEL_OFFSETS  # noqa: E402


def _labels(lang, **kw):
    from libdigigov.fonts import use_cjk_font

    with matplotlib.rc_context():
        use_cjk_font()
        fig, ax = plt.subplots(figsize=(8.5, 6.5))
        plot_provinces(load_example_study()["P"], lang=lang, ax=ax, legend=False, **kw)
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        out = {t.get_gid(): (t, Text.get_window_extent(t, renderer))
               for t in ax.texts if (t.get_gid() or "").startswith("label-")}
        plt.close(fig)
    return out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_two_province_labels_overlap(lang):
    labels = _labels(lang)
    assert len(labels) == 34          # 31 provinces, Hong Kong, Macao, Taiwan
    boxes = [(gid, box) for gid, (_, box) in sorted(labels.items())]
    clash = [(a, b) for i, (a, ba) in enumerate(boxes) for b, bb in boxes[i + 1:] if ba.overlaps(bb)]
    assert clash == []
    # small provinces are labelled with a leader line, away from their own outline
    for code in LABEL_OFFSETS:
        text, _ = labels[f"label-{code}"]
        assert text.arrow_patch is not None
        assert text.xyann != text.xy
    # legible: at least 7.5 pt (the report shows the map at about 70 % of its 150 dpi size)
    assert min(t.get_fontsize() for t, _ in labels.values()) >= 7.5


def test_labels_are_deterministic():
    first = {k: tuple(b.bounds) for k, (_, b) in _labels("zh").items()}
    assert first == {k: tuple(b.bounds) for k, (_, b) in _labels("zh").items()}


def test_highlight_outlines_the_named_provinces():
    labels = _labels("en", highlight=["浙江", "Hainan"])
    base = labels["label-110000"][0].get_fontsize()
    assert labels["label-330000"][0].get_fontsize() > base
    assert labels["label-460000"][0].get_fontsize() > base
    with pytest.raises(Exception, match="Atlantis|province"):
        plot_provinces(highlight=["Atlantis"])
