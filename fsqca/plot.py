"""XY plot of a condition, term or solution against the outcome (Ragin 2008; Schneider &
Wagemann 2012, ch. 11).

Cases above the diagonal are consistent with sufficiency (x <= y), cases below it with
necessity; the lines at 0.5 split the plot into the four qualitative zones.
"""
from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd

from .anchors import CalibrationError, CalibrationTypeError, _as_float_array, _rows
from .measures import (necessity_coverage, necessity_inclusion, pri, sufficiency_coverage,
                       sufficiency_inclusion)

__all__ = ["xy_plot", "FIT_GID"]

FIT_GID = "fsqca-fit"          # gid of the text artist that carries the fit numbers
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
    """Font properties able to show Chinese (see :mod:`digigov.fonts`), or None."""
    from matplotlib import font_manager

    from digigov.fonts import cjk_family_or_none

    family = cjk_family_or_none()
    return None if family is None else font_manager.FontProperties(family=family)


def xy_plot(x, y, ax=None, labels=None, *, kind: str = "sufficiency", x_label=None,
            y_label=None, title=None, show_fit: bool = True, digits: int = 3, font=None,
            scatter_kw=None):
    """Scatter the cases' membership in ``x`` (term or solution) against the outcome ``y``.

    Parameters
    ----------
    x, y : pandas.Series or array-like
        Memberships in [0, 1]. Two Series are aligned on the index (``y`` is reordered to
        ``x``'s cases; both must hold the same cases).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new square figure is made when omitted.
    labels : bool, sequence or pandas.Series, optional
        Case labels: ``True`` for the index of ``x``, or one label per case. Chinese labels are
        drawn with a CJK font when one is available (see :func:`_cjk_font`).
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
    """
    from matplotlib import font_manager

    if kind not in ("sufficiency", "necessity"):
        raise CalibrationError(f"kind must be 'sufficiency' or 'necessity', got {kind!r}")
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
    need_cjk = any(_CJK.search(t) for t in texts) or any(
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
    if labels:
        for xi, yi, lab in zip(xs, ys, labels):
            ax.annotate(lab, (xi, yi), xytext=(3, 3), textcoords="offset points", fontsize=7,
                        zorder=4, **fp)
    ax.set_xlabel(x_label if x_label is not None else (getattr(x, "name", None) or "X"), **fp)
    ax.set_ylabel(y_label if y_label is not None else (getattr(y, "name", None) or "Y"), **fp)
    if title is not None:
        ax.set_title(title, **fp)
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.02, 1.02)
    ax.set_aspect("equal")
    ax.set_xticks(np.linspace(0, 1, 6))
    ax.set_yticks(np.linspace(0, 1, 6))
    if show_fit:
        if kind == "sufficiency":
            fit = [("Consistency", sufficiency_inclusion(xs, ys)),
                   ("Coverage", sufficiency_coverage(xs, ys)), ("PRI", pri(xs, ys))]
        else:
            fit = [("Consistency", necessity_inclusion(xs, ys)),
                   ("Coverage", necessity_coverage(xs, ys))]
        text = "\n".join(f"{k} {v:.{digits}f}" for k, v in fit)
        ax.text(0.03, 0.97, text, transform=ax.transAxes, va="top", ha="left", fontsize=8,
                gid=FIT_GID, bbox={"boxstyle": "round", "facecolor": "white",
                                   "edgecolor": "0.8"}, zorder=5)
    return ax
