"""LISA cluster maps of the provinces, in the project's map conventions.

The base map is :func:`indicators.plot_provinces` (Albers projection, the South China Sea islands
in an inset, labels beside the small municipalities); each province is filled by its cluster in
the usual LISA colours (Anselin 1995; GeoDa): HH red, LL blue, HL light red, LH light blue, not
significant light grey, a province without neighbours (Hainan under ``island_links="none"``)
hatched grey. Hong Kong, Macao and Taiwan stay in the base map's grey unless they have a label.
"""
from __future__ import annotations

import pandas as pd

from .errors import IndicatorInputError, IndicatorTypeError
from .geo import ALBERS_CHINA, load_boundaries
from .maps import INSET_EXTENT, MAIN_EXTENT, _clip, _highlight_codes, plot_provinces, quiet_canvas
from .provinces import align_provinces

__all__ = ["LISA_COLORS", "LISA_LABELS", "plot_lisa_clusters", "plot_diagnostics_maps"]

#: Fill colour of each cluster label (the labels of :data:`spatial.CLUSTERS`).
LISA_COLORS = {"HH": "#d7191c", "LL": "#2c7bb6", "HL": "#fdae61", "LH": "#abd9e9",
               "not significant": "#f0f0f0", "no neighbours": "#bdbdbd", "constant": "#f0f0f0"}
#: Legend text of each label.
LISA_LABELS = {
    "en": {"HH": "High-High (hot spot)", "LL": "Low-Low (cold spot)", "HL": "High-Low (outlier)",
           "LH": "Low-High (outlier)", "not significant": "not significant", "no neighbours": "no neighbours",
           "constant": "constant"},
    "zh": {"HH": "高-高（热点）", "LL": "低-低（冷点）", "HL": "高-低（异常）", "LH": "低-高（异常）",
           "not significant": "不显著", "no neighbours": "无邻接", "constant": "常数"},
}


def plot_lisa_clusters(clusters: pd.Series, *, lang: str = "zh", ax=None, title: str | None = None,
                       legend: bool = True, labels: bool = True, highlight=None, legend_title: str | None = None):
    """Map of LISA cluster labels (one per province, any spelling of the names).

    Parameters
    ----------
    clusters : pandas.Series
        Labels from :data:`LISA_COLORS` (e.g. a column of
        :meth:`spatial.SpatialDiagnostics.clusters`), indexed by province.
    lang, ax, title, labels, highlight
        As :func:`indicators.plot_provinces`.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> ax = plot_lisa_clusters(pd.Series({"Beijing": "HH", "Hebei": "LH", "Hainan": "no neighbours"}), lang="en")
    """
    if not isinstance(clusters, pd.Series):
        raise IndicatorTypeError(f"clusters must be a pandas Series indexed by province, got {type(clusters).__name__}")
    if lang not in LISA_LABELS:
        raise IndicatorInputError(f"lang must be 'zh' or 'en', got {lang!r}")
    bad = sorted(set(map(str, clusters.dropna())) - set(LISA_COLORS))
    if bad:
        raise IndicatorInputError(f"unknown cluster label {bad[0]!r}; expected one of {', '.join(LISA_COLORS)}")
    lab = align_provinces(clusters, label="adcode", expected=None, name="clusters")
    ax = plot_provinces(None, lang=lang, ax=ax, legend=False, title=title, labels=labels, highlight=highlight)
    with quiet_canvas(ax.figure):
        _fill(ax, lab, lang, highlight, legend, legend_title)
    return ax


def _fill(ax, lab, lang, highlight, legend, legend_title) -> None:
    from matplotlib.patches import Patch

    gdf = load_boundaries(include_special=True)
    gdf = gdf.assign(cluster=lab.reindex(gdf.index).to_numpy())
    gdf = gdf[gdf["cluster"].notna()]
    for axes, extent in ((ax, MAIN_EXTENT), *((sub, INSET_EXTENT) for sub in ax.child_axes[:1])):
        part = _clip(gdf, extent).to_crs(ALBERS_CHINA)
        if not len(part):
            continue
        # one call per axes: colours per row, then the hatching of provinces without neighbours on top
        part.plot(ax=axes, color=[LISA_COLORS[c] for c in part["cluster"]], edgecolor="white", linewidth=0.4)
        lonely = part[part["cluster"] == "no neighbours"]
        if len(lonely):
            lonely.plot(ax=axes, facecolor="none", edgecolor="#888888", linewidth=0.0, hatch="///")
        if axes is not ax:  # geopandas labels projected axes; the inset shows no axis text
            axes.set_xlabel("")
            axes.set_ylabel("")
    marked = _highlight_codes(highlight)
    if marked:  # the fills above cover the base map's outline of the highlighted provinces
        main = _clip(load_boundaries(include_special=True), MAIN_EXTENT).to_crs(ALBERS_CHINA)
        main.loc[main.index.isin(marked)].plot(ax=ax, facecolor="none", edgecolor="#111111", linewidth=1.6)
    if legend:
        present = [k for k in LISA_COLORS if k in set(gdf["cluster"])]
        handles = [Patch(facecolor=LISA_COLORS[k], edgecolor="#999999", label=LISA_LABELS[lang][k],
                         hatch="///" if k == "no neighbours" else None) for k in present]
        font = None
        if lang == "zh":
            from libdigigov.fonts import cjk_family_or_none

            font = cjk_family_or_none()
        ax.legend(handles=handles, loc="lower left", fontsize=7, title=legend_title, frameon=False,
                  prop={"family": font, "size": 7} if font else None)


def plot_diagnostics_maps(diagnostics, *, lang: str = "zh", series=None, ncols: int = 2, titles=None):
    """One LISA cluster map per series of :class:`spatial.SpatialDiagnostics` (the outcome, each
    configuration, the solution, the residual), in a grid; returns the figure.

    Parameters
    ----------
    diagnostics : spatial.SpatialDiagnostics
    series : list of str, optional
        Which series to draw, in order (default: the outcome, every configuration, the residual).
    titles : dict, optional
        Title of each series (default: its name and its global Moran's I and p-value).
    """
    import matplotlib.pyplot as plt

    clusters = diagnostics.clusters()
    table = diagnostics.table.set_index("series")
    if series is None:
        series = [s for s in clusters.columns if s != "solution"]
    unknown = [s for s in series if s not in clusters.columns]
    if unknown:
        raise IndicatorInputError(f"no series {unknown[0]!r} in the diagnostics (have: {', '.join(clusters.columns)})")
    nrows = -(-len(series) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(6.5 * ncols, 5.0 * nrows), squeeze=False)
    for ax, s in zip(axes.ravel(), series):
        row = table.loc[s]
        title = (titles or {}).get(s) or (f"{s}: I = {row['I']:.3f}, p = {row['p']:.3f}" if row["I"] == row["I"]
                                          else f"{s}: constant")
        plot_lisa_clusters(clusters[s], lang=lang, ax=ax, title=title, labels=False)
    for ax in axes.ravel()[len(series):]:
        ax.set_axis_off()
    return fig
