"""The workbench's figures, each a matplotlib Figure drawn with the engines' own plotting functions.

Figures are made with :class:`matplotlib.figure.Figure` (not pyplot) so that two sessions
drawing at once never share a current figure. matplotlib is imported when the first figure is
drawn, not with the page: the first page (the truth table) has no figure, and the import costs
about a third of a second of CPU.
"""
from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

import fsqca

from .strings import t

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["setup_fonts", "calibration_figure", "xy_figure", "nca_figure", "map_figure", "heatmap_figure"]


_FONTS: list = []


def setup_fonts() -> None:
    """Make the bundled CJK font matplotlib's default once (Chinese labels), if there is one."""
    if _FONTS:
        return
    from libdigigov.fonts import cjk_family_or_none, use_cjk_font

    if cjk_family_or_none():
        use_cjk_font()
    _FONTS.append(True)


def calibration_figure(raw: pd.Series, report_row: dict, memberships: pd.Series, lang: str) -> Figure:
    """Histogram of the raw values with the calibrated curve and the three anchors over it."""
    setup_fonts()
    from matplotlib.figure import Figure

    fig = Figure(figsize=(7.2, 3.6), dpi=96)
    ax = fig.add_subplot(111)
    x = raw.astype(float).to_numpy()
    ax.hist(x, bins=min(20, max(5, len(x) // 2)), color="#c9d7e8", edgecolor="white")
    ax.set_ylabel(t("cases", lang))
    ax.set_xlabel(str(raw.name))
    ax2 = ax.twinx()
    e, c, i = (float(report_row[k]) for k in ("exclusion", "crossover", "inclusion"))
    lo, hi = min(x.min(), e, i), max(x.max(), e, i)
    grid = np.linspace(lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo), 300)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        curve = fsqca.calibrate(grid, thresholds={"exclusion": e, "crossover": c, "inclusion": i})
    ax2.plot(grid, curve, color="#1f4e79", lw=2)
    ax2.scatter(x, memberships.reindex(raw.index).to_numpy(), s=14, color="#c0392b", zorder=3)
    for value, key, style in ((e, "exclusion", ":"), (c, "crossover", "--"), (i, "inclusion", ":")):
        ax2.axvline(value, color="#555", ls=style, lw=1)
    ax2.axhline(0.5, color="#aaa", lw=0.8)
    ax2.set_ylim(-0.03, 1.03)
    ax2.set_ylabel("membership" if lang == "en" else "隶属度")
    ax.set_title(t("histogram", lang), fontsize=10)
    fig.tight_layout()
    return fig


def xy_figure(x: pd.Series, y: pd.Series, x_label: str, y_label: str, lang: str) -> Figure:
    """fsqca's XY plot of a configuration's membership against the outcome."""
    setup_fonts()
    from matplotlib.figure import Figure

    fig = Figure(figsize=(5.4, 5.4), dpi=96)
    ax = fig.add_subplot(111)
    fsqca.xy_plot(x, y, ax=ax, labels=True, x_label=x_label, y_label=y_label, lang=lang)
    fig.tight_layout()
    return fig


def nca_figure(result, condition: str, lang: str):
    """fsqca's NCA scatter with its ceiling lines for one condition."""
    setup_fonts()
    return fsqca.nca_plot(result, [condition], lang=lang, ncols=1, panel_size=4.6, dpi=96)


def map_figure(values: pd.Series, title: str, lang: str, highlight=None) -> Figure:
    """Choropleth of the provinces' values (memberships), optionally with some provinces outlined."""
    setup_fonts()
    from indicators import plot_provinces

    return plot_provinces(values, lang=lang, title=title, highlight=highlight, inset=False, k=5)


def heatmap_figure(matrix: pd.DataFrame, title: str) -> Figure:
    """A small annotated heatmap (the interaction detector's q of condition pairs)."""
    setup_fonts()
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.4, 5.2), dpi=96)
    ax = fig.add_subplot(111)
    m = matrix.astype(float)
    im = ax.imshow(m.to_numpy(), cmap="YlOrRd", vmin=0, vmax=max(1e-9, np.nanmax(m.to_numpy())))
    ax.set_xticks(range(m.shape[1]), m.columns, rotation=45, ha="right")
    ax.set_yticks(range(m.shape[0]), m.index)
    for (r, c), v in np.ndenumerate(m.to_numpy()):
        if v == v:
            ax.text(c, r, f"{v:.2f}", ha="center", va="center", fontsize=7)
    fig.colorbar(im, ax=ax, shrink=0.8)
    ax.set_title(title, fontsize=10)
    fig.tight_layout()
    return fig
