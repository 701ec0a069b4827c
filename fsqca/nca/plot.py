"""Scatter plots of Necessary Condition Analysis: one panel per condition, the ceiling lines
drawn over the cases and the empty zone above the CE-FDH ceiling shaded.

Each line carries a ``gid`` (``"nca-ce_fdh"``, ``"nca-cr_fdh"``; the shaded zone
``"nca-zone"``) so that tests and later styling can find it. Labels may be Chinese: a CJK font
from :mod:`libdigigov.fonts` is used when one is needed.
"""
from __future__ import annotations

import math

import numpy as np

from .._validate import QCAInputError

__all__ = ["nca_plot", "ceiling_xy", "PLOT_TERMS"]

#: Axis and legend words in English and Chinese.
PLOT_TERMS = {
    "en": {"ce_fdh": "CE-FDH", "cr_fdh": "CR-FDH", "ce_vrs": "CE-VRS", "cr_vrs": "CR-VRS",
           "zone": "empty zone", "d": "d"},
    "zh": {"ce_fdh": "CE-FDH 上限线", "cr_fdh": "CR-FDH 上限线", "ce_vrs": "CE-VRS 上限线",
           "cr_vrs": "CR-VRS 上限线", "zone": "空白区", "d": "效应量 d"},
}
_COLOURS = {"ce_fdh": "#c0392b", "cr_fdh": "#1f4e9c", "ce_vrs": "#d68910", "cr_vrs": "#117a65"}


def ceiling_xy(result, condition: str, ceiling: str) -> tuple[np.ndarray, np.ndarray]:
    """Vertices of a ceiling line over the scope of ``condition`` (as drawn by :func:`nca_plot`).

    CE-FDH: the step line through the peers, from ``xmin`` to ``xmax``. CE-VRS: the segments
    through the VRS peers, then level to ``xmax``. CR-FDH and CR-VRS: the straight line clipped
    to the scope rectangle (empty arrays without a line).
    """
    x = result.data[condition].to_numpy(dtype=float)
    y = result.data[result.outcome].to_numpy(dtype=float)
    xmin, xmax, ymin, ymax = x.min(), x.max(), y.min(), y.max()
    if ceiling == "ce_vrs":
        p = result.vrs_peers(condition)
        return np.r_[p["x"].to_numpy(), xmax], np.r_[p["y"].to_numpy(), p["y"].iloc[-1]]
    if ceiling == "ce_fdh":
        p = result.peers[condition]
        px, py = p["x"].to_numpy(), p["y"].to_numpy()
        xs, ys = [xmin], [py[0]]
        for i in range(1, px.size):
            xs += [px[i], px[i]]
            ys += [ys[-1], py[i]]
        xs.append(xmax)
        ys.append(ys[-1])
        return np.asarray(xs), np.asarray(ys)
    line = result.line(condition, ceiling)
    if line is None:
        return np.empty(0), np.empty(0)
    a, b = line
    x0 = max(xmin, (ymin - a) / b)
    x1 = min(xmax, (ymax - a) / b)
    if x1 <= x0:
        return np.empty(0), np.empty(0)
    return np.array([x0, x1]), np.array([a + b * x0, a + b * x1])


#: Above this many cases the scatter is drawn as a raster image, with smaller points.
RASTER_POINTS = 2000


def nca_plot(result, conditions=None, *, ceilings=None, path=None, lang: str = "en", labels=None,
             ncols: int | None = None, panel_size: float = 3.6, dpi: int = 150):
    """Draw the NCA scatter plots of a :class:`~fsqca.nca.NCAResult`.

    Parameters
    ----------
    result : NCAResult
    conditions : list of str, optional
        Panels to draw (default: every condition).
    ceilings : list of str, optional
        Lines to draw (default: the ceilings of the result).
    path : str or Path, optional
        Also save the figure (``.png`` or ``.svg``, by the suffix).
    lang : {"en", "zh"}
        Language of the legend words.
    labels : dict, optional
        Display names of the outcome and conditions (e.g. Chinese names).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import pandas as pd
    >>> from fsqca.nca import nca
    >>> df = pd.DataFrame({"X": [1, 2, 3, 4, 5], "Y": [1, 3, 2, 5, 4]})
    >>> fig = nca_plot(nca(df, "Y"), lang="zh", labels={"X": "数字基础", "Y": "绩效"})
    >>> [line.get_gid() for line in fig.axes[0].lines if line.get_gid()]
    ['nca-ce_fdh', 'nca-cr_fdh']
    """
    import matplotlib.pyplot as plt

    from libdigigov.fonts import cjk_family_for

    if lang not in PLOT_TERMS:
        raise QCAInputError(f"lang must be one of {', '.join(PLOT_TERMS)}, got {lang!r}")
    conditions = list(result.conditions if conditions is None else conditions)
    for c in conditions:
        if c not in result.conditions:
            raise QCAInputError(f"condition {c!r} was not analysed; analysed: {', '.join(result.conditions)}")
    ceilings = list(result.ceilings if ceilings is None else ceilings)
    for c in ceilings:
        if c not in result.ceilings:
            raise QCAInputError(f"ceiling {c!r} was not computed; computed: {', '.join(result.ceilings)}")
    suffix = None
    if path is not None:
        suffix = str(path).rsplit(".", 1)[-1].lower() if "." in str(path) else ""
        if suffix not in ("png", "svg"):
            raise QCAInputError(f"plot path must end in .png or .svg, got {str(path)!r}")
    labels = dict(labels or {})
    terms = PLOT_TERMS[lang]
    texts = [labels.get(c, c) for c in [result.outcome, *conditions]]
    family = cjk_family_for(lang, *texts)
    font = {"family": family} if family else {}
    ncols = ncols or min(3, len(conditions))
    nrows = math.ceil(len(conditions) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(panel_size * ncols, panel_size * nrows), squeeze=False)
    y = result.data[result.outcome].to_numpy(dtype=float)
    table = result.table.set_index(["condition", "ceiling"])
    for k, ax in enumerate(axes.flat):
        if k >= len(conditions):
            ax.set_visible(False)
            continue
        c = conditions[k]
        x = result.data[c].to_numpy(dtype=float)
        xmin, xmax, ymin, ymax = x.min(), x.max(), y.min(), y.max()
        ax.add_patch(plt.Rectangle((xmin, ymin), xmax - xmin, ymax - ymin, fill=False, lw=0.6,
                                   ls=":", ec="grey"))
        zx, zy = ceiling_xy(result, c, "ce_fdh")
        ax.fill_between(zx, zy, ymax, color="#f3c6c0", alpha=0.5, lw=0, gid="nca-zone",
                        label=terms["zone"])
        # above RASTER_POINTS cases the points are one raster image: the SVG's size and drawing
        # time stop growing with the cases (the lines stay vector)
        ax.scatter(x, y, s=14 if len(x) <= RASTER_POINTS else 3, color="#333333", zorder=3,
                   rasterized=len(x) > RASTER_POINTS, linewidths=0 if len(x) > RASTER_POINTS else None)
        for ce in ceilings:
            lx, ly = ceiling_xy(result, c, ce)
            d = table.loc[(c, ce), "effect_size"]
            ax.plot(lx, ly, color=_COLOURS[ce], lw=1.6, gid=f"nca-{ce}",
                    label=f"{terms[ce]} ({terms['d']} = {d:.2f})")
        ax.set_xlabel(labels.get(c, c), **font)
        ax.set_ylabel(labels.get(result.outcome, result.outcome), **font)
        ax.legend(fontsize=7, loc="best", prop={"family": family, "size": 7} if family else None)
    fig.tight_layout()
    if path is not None:
        import io

        from libdigigov.io import write_atomic

        buf = io.BytesIO()
        fig.savefig(buf, dpi=dpi, format=suffix)
        write_atomic(path, buf.getvalue())
    return fig
