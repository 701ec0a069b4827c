"""XY plot of a condition, term or solution against the outcome (Ragin 2008; Schneider &
Wagemann 2012, ch. 11).

Cases above the diagonal are consistent with sufficiency (x <= y), cases below it with
necessity; the lines at 0.5 split the plot into the four qualitative zones.

Case labels are placed when the figure is drawn: each label takes the first of a fixed list of
offsets around its point whose text box stays inside the axes and clears the labels placed
before it (and the fit box), so cases at (nearly) the same coordinates do not print over each
other; a label moved beyond the first ring of offsets gets a thin leader line to its point. Labels
are 9 pt by default, legible in print like the province names of the maps. The placement is
deterministic: the same input gives the same figure.
"""
from __future__ import annotations

import re
import warnings
from functools import cache

import numpy as np
import pandas as pd

from .anchors import CalibrationError, CalibrationTypeError, _as_float_array, _rows
from .measures import (necessity_coverage, necessity_inclusion, pri, sufficiency_coverage,
                       sufficiency_inclusion)

__all__ = ["xy_plot", "FIT_GID", "FIT_TERMS"]

FIT_GID = "fsqca-fit"          # gid of the text artist that carries the fit numbers
# Names of the fit measures on the plot; Chinese as in Chinese QCA papers.
FIT_TERMS = {"en": {"consistency": "Consistency", "coverage": "Coverage", "pri": "PRI"},
             "zh": {"consistency": "一致性", "coverage": "覆盖度", "pri": "PRI"}}
_CJK = re.compile("[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _memberships(v, name, index):
    values = _as_float_array(v, name)
    if values.size != len(index):
        raise CalibrationError(f"{name} has {values.size} values, expected {len(index)}")
    bad = (values < 0) | (values > 1)
    if bad.any():
        raise CalibrationError(f"{name} must be set memberships in [0, 1]; rows "
                               f"{_rows(index[bad])} are not")
    return values


def _cjk_font():
    """Font properties able to show Chinese (see :mod:`libdigigov.fonts`), or None."""
    from matplotlib import font_manager

    from libdigigov.fonts import cjk_family_or_none

    family = cjk_family_or_none()
    return None if family is None else font_manager.FontProperties(family=family)


def _label_offsets(fontsize):
    """Candidate (dx, dy, ha, va) offsets in points, tried in this order for every label.

    First the old fixed offset (up right), then the other three corners, above and below the
    point, then rings further out: labels stacked one line at a time on the four corners and,
    further still, beside the point. A label placed beyond the first ring gets a thin leader line
    to its point, as the province maps do for labels moved off their province.
    """
    step = 1.25 * fontsize
    out = [(3, 3, "left", "baseline"), (3, -3, "left", "top"), (-3, 3, "right", "baseline"),
           (-3, -3, "right", "top"), (0, 5, "center", "bottom"), (0, -5, "center", "top")]
    for k in range(1, 9):
        out += [(3, 3 + k * step, "left", "baseline"), (3, -3 - k * step, "left", "top"),
                (-3, 3 + k * step, "right", "baseline"), (-3, -3 - k * step, "right", "top")]
        if k >= 2:
            wide = 3 + k * step
            out += [(wide, 0, "left", "center"), (-wide, 0, "right", "center"),
                    (wide, k * step, "left", "center"), (-wide, k * step, "right", "center"),
                    (wide, -k * step, "left", "center"), (-wide, -k * step, "right", "center")]
    return out


#: Offsets within this distance (points) of the point need no leader line.
_NEAR = 8.0


def _overlap_area(a, b):
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w * h if w > 0 and h > 0 else 0.0


@cache
def _label_placer_class():
    """The label-placing artist class (built on first use: matplotlib is imported lazily)."""
    from matplotlib.artist import Artist

    class LabelPlacer(Artist):
        """Invisible artist, drawn just before the case labels, that places them.

        Placement needs the text sizes in display units, which only a renderer knows, and the
        final layout (``tight_layout``, ``bbox_inches="tight"``), so it runs at every draw;
        see :func:`_place_labels`.
        """

        def __init__(self, labels, fit, offsets):
            super().__init__()
            self.labels, self.fit, self.offsets = labels, fit, offsets
            self.set_in_layout(False)
            self.set_zorder(min(t.get_zorder() for t in labels) - 0.01)

        def draw(self, renderer):
            if self.get_visible():
                _place_labels(self.labels, self.fit, self.offsets, self.axes, renderer)

    return LabelPlacer


def _text_box(ann, renderer):
    """The box of an annotation's text alone (an Annotation's own extent includes its leader line)."""
    from matplotlib.text import Text

    ann.update_positions(renderer)      # the text's position follows xyann only once updated
    return Text.get_window_extent(ann, renderer)


def _place_labels(labels, fit, offsets, ax, renderer):
    """Greedy placement, in case order: a label takes the first of ``offsets`` whose box
    (padded by one point) lies inside the axes and overlaps neither the fit box nor a label
    placed before it; when none does, the offset with the least overlap (the earliest on ties).
    Empty labels are skipped.
    """
    pad = renderer.points_to_pixels(1.0)
    frame = ax.get_window_extent(renderer)
    placed = []
    if fit is not None:
        placed.append(fit.get_window_extent(renderer))
        if fit.get_bbox_patch() is not None:           # the rounded box around the numbers
            fit.update_bbox_position_size(renderer)
            placed.append(fit.get_bbox_patch().get_window_extent(renderer))
    for ann in labels:
        if not ann.get_text() or not ann.get_visible():
            continue
        best = None
        for i, (dx, dy, ha, va) in enumerate(offsets):
            ann.xyann = (dx, dy)
            ann.set_horizontalalignment(ha)
            ann.set_verticalalignment(va)
            box = _text_box(ann, renderer).padded(pad)
            inside = (box.x0 >= frame.x0 and box.x1 <= frame.x1 and box.y0 >= frame.y0
                      and box.y1 <= frame.y1)
            outside = 0.0 if inside else box.width * box.height - _overlap_area(box, frame)
            cost = outside + sum(_overlap_area(box, other) for other in placed)
            if best is None or cost < best[0]:
                best = (cost, i)
            if cost <= 0:
                break
        dx, dy, ha, va = offsets[best[1]]
        ann.xyann = (dx, dy)
        ann.set_horizontalalignment(ha)
        ann.set_verticalalignment(va)
        if ann.arrow_patch is not None:
            ann.arrow_patch.set_visible(max(abs(dx), abs(dy)) > _NEAR)
        placed.append(_text_box(ann, renderer))


def xy_plot(x, y, ax=None, labels=None, *, kind: str = "sufficiency", x_label=None,
            y_label=None, title=None, show_fit: bool = True, digits: int = 3, font=None,
            scatter_kw=None, lang: str = "en", label_size: float = 9.0):
    """Scatter the cases' membership in ``x`` (term or solution) against the outcome ``y``.

    Parameters
    ----------
    x, y : pandas.Series or array-like
        Memberships in [0, 1]. Two Series are aligned on the index (``y`` is reordered to
        ``x``'s cases; both must hold the same cases).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new square figure is made when omitted.
    labels : bool, sequence or pandas.Series, optional
        Case labels: ``True`` for the index of ``x``, or one label per case (empty strings
        are not drawn). Chinese labels are drawn with a CJK font when one is available (see
        :func:`_cjk_font`). Labels are placed at draw time so that they do not overlap each
        other or the fit box (see the module docstring).
    kind : {"sufficiency", "necessity"}
        Which consistency and coverage to write on the plot (from :mod:`fsqca.measures`).
    x_label, y_label, title : str, optional
        Axis labels default to the Series names.
    show_fit : bool
        Write consistency and coverage (and PRI for sufficiency) in the upper left corner.
    digits : int
        Decimals of the fit numbers.
    font : matplotlib.font_manager.FontProperties or str, optional
        Font (or family name) for labels and titles; overrides the CJK search.
    scatter_kw : dict, optional
        Extra keywords for :meth:`~matplotlib.axes.Axes.scatter`.
    label_size : float
        Font size of the case labels in points: 9 (default), legible in print, as the province
        names on the study's province maps. No two labels overlap where
        the plot has room; a label moved away from a crowded point gets a thin leader line.
    lang : {"en", "zh"}
        Language of the fit text (names in ``FIT_TERMS``: "Consistency", "Coverage", "PRI" or
        一致性, 覆盖度, PRI). With "zh" all text is drawn with the CJK font (or ``font``).

    Returns
    -------
    matplotlib.axes.Axes
        The fit numbers are in the text artist whose gid is ``FIT_GID``.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> x = pd.Series([0.2, 0.6, 0.8, 0.9], index=["BJ", "SH", "GD", "ZJ"], name="A*B")
    >>> y = pd.Series([0.3, 0.7, 0.9, 0.8], index=x.index, name="P")
    >>> ax = xy_plot(x, y, labels=True)
    >>> [t.get_text() for t in ax.texts if t.get_gid() == FIT_GID]
    ['Consistency 0.960\\nCoverage 0.889\\nPRI 0.941']
    >>> ax = xy_plot(x, y, labels=True, lang="zh")
    >>> [t.get_text() for t in ax.texts if t.get_gid() == FIT_GID]
    ['一致性 0.960\\n覆盖度 0.889\\nPRI 0.941']

    Cases at the same point get separate label positions once the figure is drawn:

    >>> same = pd.Series([0.7, 0.7, 0.7], index=["SH", "JS", "ZJ"], name="T")
    >>> ax = xy_plot(same, same.rename("P"), labels=True)
    >>> ax.figure.canvas.draw()
    >>> len({t.xyann for t in ax.texts if t.get_gid() != FIT_GID})
    3
    """
    from matplotlib import font_manager

    if kind not in ("sufficiency", "necessity"):
        raise CalibrationError(f"kind must be 'sufficiency' or 'necessity', got {kind!r}")
    if lang not in FIT_TERMS:
        raise CalibrationError(f"lang must be one of {', '.join(FIT_TERMS)}, got {lang!r}")
    index = x.index if isinstance(x, pd.Series) else pd.RangeIndex(len(np.atleast_1d(x)))
    if isinstance(x, pd.Series) and isinstance(y, pd.Series):
        if set(x.index) != set(y.index) or not x.index.is_unique:
            raise CalibrationError("x and y must hold the same, uniquely labelled cases; "
                                   f"only in x: {_rows(x.index.difference(y.index))}; only in "
                                   f"y: {_rows(y.index.difference(x.index))}")
        y = y.reindex(x.index)
    xs = _memberships(x, getattr(x, "name", None) or "x", index)
    ys = _memberships(y, getattr(y, "name", None) or "y", index)
    if labels is True:
        labels = [str(v) for v in index]
    elif isinstance(labels, pd.Series):
        labels = [str(v) for v in labels.reindex(index)]
    elif labels is not None and labels is not False:
        labels = [str(v) for v in labels]
        if len(labels) != len(index):
            raise CalibrationError(f"{len(labels)} labels for {len(index)} cases")
    else:
        labels = None

    texts = [str(t) for t in (title, x_label, y_label) if t is not None] + (labels or [])
    if isinstance(font, str):
        font = font_manager.FontProperties(family=font)
    elif font is not None and not isinstance(font, font_manager.FontProperties):
        raise CalibrationTypeError("font must be a FontProperties or a family name")
    need_cjk = lang == "zh" or any(_CJK.search(t) for t in texts) or any(
        _CJK.search(str(getattr(v, "name", "") or "")) for v in (x, y))
    if font is None and need_cjk:
        font = _cjk_font()
        if font is None:
            warnings.warn("no CJK font found: Chinese labels will be drawn as empty boxes; "
                          "install a CJK font (e.g. Debian's fonts-noto-cjk)", UserWarning,
                          stacklevel=2)

    if ax is None:
        import matplotlib.pyplot as plt
        _, ax = plt.subplots(figsize=(5, 5))
    style = {"s": 28, "color": "#1f4e79", "edgecolors": "white", "linewidths": 0.5,
             "zorder": 3}
    style.update(scatter_kw or {})
    ax.plot([0, 1], [0, 1], color="0.35", linewidth=0.9, zorder=1)
    ax.axhline(0.5, color="0.6", linewidth=0.8, linestyle=":", zorder=1)
    ax.axvline(0.5, color="0.6", linewidth=0.8, linestyle=":", zorder=1)
    ax.scatter(xs, ys, **style)
    fp = {"fontproperties": font} if font is not None else {}
    annotations = []
    if labels:
        for xi, yi, lab in zip(xs, ys, labels):
            if not lab:     # an empty label draws nothing: no artist (thousands cost seconds per figure)
                continue
            annotations.append(ax.annotate(lab, (xi, yi), xytext=(3, 3),
                                           textcoords="offset points", fontsize=label_size, zorder=4,
                                           arrowprops={"arrowstyle": "-", "color": "0.55", "linewidth": 0.5,
                                                       "shrinkA": 0, "shrinkB": 2.5},
                                           **fp))
            annotations[-1].arrow_patch.set_visible(False)
    ax.set_xlabel(x_label if x_label is not None else (getattr(x, "name", None) or "X"), **fp)
    ax.set_ylabel(y_label if y_label is not None else (getattr(y, "name", None) or "Y"), **fp)
    if title is not None:
        ax.set_title(title, **fp)
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.02, 1.02)
    ax.set_aspect("equal")
    ax.set_xticks(np.linspace(0, 1, 6))
    ax.set_yticks(np.linspace(0, 1, 6))
    fit_text = None
    if show_fit:
        terms = FIT_TERMS[lang]
        if kind == "sufficiency":
            fit = [("consistency", sufficiency_inclusion(xs, ys)),
                   ("coverage", sufficiency_coverage(xs, ys)), ("pri", pri(xs, ys))]
        else:
            fit = [("consistency", necessity_inclusion(xs, ys)),
                   ("coverage", necessity_coverage(xs, ys))]
        text = "\n".join(f"{terms[k]} {v:.{digits}f}" for k, v in fit)
        fit_text = ax.text(0.03, 0.97, text, transform=ax.transAxes, va="top", ha="left",
                           fontsize=8, gid=FIT_GID, zorder=5,
                           bbox={"boxstyle": "round", "facecolor": "white", "edgecolor": "0.8"},
                           **(fp if lang == "zh" else {}))
    if annotations:
        ax.add_artist(_label_placer_class()(annotations, fit_text,
                                            _label_offsets(annotations[0].get_fontsize())))
    return ax
