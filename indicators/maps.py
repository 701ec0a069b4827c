"""Choropleth maps of the provinces with the South China Sea islands in an inset."""

from __future__ import annotations

import warnings
from contextlib import contextmanager

import numpy as np
import pandas as pd

from .geo import ALBERS_CHINA, load_boundaries, load_maritime_line
from .provinces import align_provinces
from .errors import IndicatorTypeError, IndicatorInputError

__all__ = ["plot_provinces", "quiet_canvas", "MAIN_EXTENT", "INSET_EXTENT", "LABEL_OFFSETS", "LABEL_ANCHORS"]

#: (lon_min, lat_min, lon_max, lat_max) of the main map; excludes the South China Sea islands.
MAIN_EXTENT = (73.0, 17.6, 136.0, 54.0)
#: (lon_min, lat_min, lon_max, lat_max) of the inset showing the South China Sea.
INSET_EXTENT = (105.5, 2.5, 123.5, 24.5)


#: Provinces too small to hold their name: the label sits at this (lon, lat), in the sea or
#: on open ground, joined to the province by a leader line.
LABEL_OFFSETS = {110000: (113.2, 41.9),    # Beijing: north-west, over northern Hebei
                 120000: (120.6, 38.7),    # Tianjin: east, over the Bohai Sea
                 310000: (124.4, 30.9),    # Shanghai: east, over the East China Sea
                 810000: (116.9, 21.5),    # Hong Kong: south-east, over the sea
                 820000: (111.2, 20.9)}    # Macao: south-west, over the sea
#: Provinces whose representative point falls where another label goes: label them here.
LABEL_ANCHORS = {130000: (115.9, 38.3),   # Hebei: south of Beijing and Tianjin
                 440000: (114.0, 23.8),   # Guangdong: north of Hong Kong, east of Guangxi
                 620000: (102.6, 36.0),   # Gansu: near Lanzhou, west of Ningxia
                 500000: (107.6, 29.9),   # Chongqing: its centre, clear of Hubei's border
                 640000: (106.2, 37.6)}   # Ningxia


def _cjk_family() -> str | None:
    """Family name of a font with Chinese glyphs (see :mod:`libdigigov.fonts`), or None."""
    from libdigigov.fonts import cjk_family_or_none

    return cjk_family_or_none()


@contextmanager
def quiet_canvas(fig):
    """No redraw of ``fig`` while a map is built: geopandas redraws the whole canvas after each
    ``plot`` call (``canvas.draw_idle``, an immediate draw on Agg), several full renders of every
    label per map that the saved file does not need (it is drawn once when saved).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig = plt.figure()
    >>> with quiet_canvas(fig):
    ...     fig.canvas.draw_idle()      # nothing is drawn
    >>> "draw_idle" in vars(fig.canvas)  # the canvas' own method is back
    False
    >>> plt.close(fig)
    """
    canvas = fig.canvas
    own = "draw_idle" in vars(canvas)
    previous = canvas.draw_idle
    canvas.draw_idle = lambda *args, **kwargs: None
    try:
        yield fig
    finally:
        if own:
            canvas.draw_idle = previous
        else:
            del canvas.draw_idle


def _clip(gdf, extent):
    from shapely.geometry import box

    return gdf.clip(box(*extent))


def plot_provinces(values=None, *, lang: str = "zh", ax=None, cmap: str = "YlGnBu", scheme: str | None = None,
                   k: int = 5, legend: bool = True, labels: bool = True, inset: bool = True,
                   include_special: bool = True, missing_color: str = "#e0e0e0", edgecolor: str = "white",
                   title: str | None = None, legend_title: str | None = None, highlight=None,
                   label_size: float | None = None):
    """Choropleth of the 31 mainland provinces (plus Hong Kong, Macao, Taiwan in grey).

    The main map stops north of the South China Sea islands; they are drawn, with the maritime
    boundary line, in an inset at the lower right at the same scale-free aspect, so the main map
    is not stretched southwards.

    Parameters
    ----------
    values : pandas.Series, optional
        Values indexed by province (any spelling). Provinces without a value are drawn in
        ``missing_color``. None draws the outline map.
    lang : {"zh", "en"}
        Label language. Without a font with Chinese glyphs, Chinese labels fall back to English
        with a warning.
    ax : matplotlib Axes, optional
    cmap : str
    scheme : str, optional
        A :mod:`mapclassify` scheme (e.g. ``"NaturalBreaks"``, ``"Quantiles"``) with ``k``
        classes; None gives a continuous colour scale with a colour bar.
    labels, inset, legend : bool
    include_special : bool
        Draw Hong Kong, Macao and Taiwan (never coloured by ``values`` unless given).
    highlight : sequence, optional
        Provinces (any spelling) drawn with a thick dark outline and bold labels, e.g. the
        provinces of a comparison.
    label_size : float, optional
        Font size of the province names in points (default 9 for Chinese, 7.5 for English).
        Beijing, Tianjin, Shanghai (and Hong Kong and Macao when drawn) are labelled beside
        the map with a leader line (:data:`LABEL_OFFSETS`), so no two labels overlap.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> from indicators import plot_provinces, load_example_study
    >>> ax = plot_provinces(load_example_study()["P"], lang="en", title="P (synthetic example)")
    """
    import matplotlib.pyplot as plt

    if lang not in ("zh", "en"):
        raise IndicatorInputError(f"lang must be 'zh' or 'en', got {lang!r}")
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 7))
    with quiet_canvas(ax.figure):
        return _plot_provinces(values, lang=lang, ax=ax, cmap=cmap, scheme=scheme, k=k, legend=legend,
                               labels=labels, inset=inset, include_special=include_special,
                               missing_color=missing_color, edgecolor=edgecolor, title=title,
                               legend_title=legend_title, highlight=highlight, label_size=label_size)


def _plot_provinces(values, *, lang, ax, cmap, scheme, k, legend, labels, inset, include_special, missing_color,
                    edgecolor, title, legend_title, highlight, label_size):
    gdf = load_boundaries(include_special=include_special)
    if values is not None:
        if not isinstance(values, pd.Series):
            raise IndicatorTypeError(f"values must be a pandas Series indexed by province, got {type(values).__name__}")
        v = pd.to_numeric(align_provinces(values, label="adcode", expected=None, name="values"), errors="coerce")
        gdf = gdf.assign(value=v.reindex(gdf.index).to_numpy())
    family = None
    if lang == "zh" and labels:
        family = _cjk_family()
        if family is None:
            warnings.warn("no font with Chinese glyphs found; labels fall back to English", stacklevel=2)
            lang = "en"
    main = _clip(gdf, MAIN_EXTENT).to_crs(ALBERS_CHINA)
    _draw(ax, main, values is not None, cmap, scheme, k, legend, missing_color, edgecolor, legend_title)
    marked = _highlight_codes(highlight)
    if marked:
        main.loc[main.index.isin(marked)].plot(ax=ax, facecolor="none", edgecolor="#111111", linewidth=1.6)
    if labels:
        _label(ax, main, lang, family, label_size, marked)
    ax.set_axis_off()
    ax.set_aspect("equal")
    minx, miny, maxx, maxy = main.total_bounds
    # Room on the right for the inset, so that it never covers Taiwan or the east coast.
    ax.set_xlim(minx, maxx + (0.25 * (maxx - minx) if inset else 0.0))
    ax.set_ylim(miny, maxy)
    if title:
        ax.set_title(title, fontfamily=family if family else None)
    if inset:
        sub = ax.inset_axes([0.81, 0.0, 0.18, 0.32])
        south = _clip(gdf, INSET_EXTENT).to_crs(ALBERS_CHINA)
        _draw(sub, south, values is not None, cmap, scheme, k, False, missing_color, "#888888", None,
              norm_from=gdf.get("value"))
        load_maritime_line().to_crs(ALBERS_CHINA).plot(ax=sub, color="#555555", linewidth=0.6)
        from shapely.geometry import box
        import geopandas as gpd

        frame = gpd.GeoSeries([box(*INSET_EXTENT)], crs="EPSG:4326").to_crs(ALBERS_CHINA).total_bounds
        sub.set_xlim(frame[0], frame[2])
        sub.set_ylim(frame[1], frame[3])
        sub.set_aspect("equal")
        sub.set_xticks([])
        sub.set_yticks([])
        sub.set_xlabel("")
        sub.set_ylabel("")
        for spine in sub.spines.values():
            spine.set_linewidth(0.6)
    return ax


def _highlight_codes(highlight) -> set:
    if highlight is None:
        return set()
    from .provinces import get_province

    if isinstance(highlight, (str, int)):
        highlight = [highlight]
    return {get_province(p).adcode for p in highlight}


def _to_albers(lon: float, lat: float) -> tuple[float, float]:
    import geopandas as gpd
    from shapely.geometry import Point

    pt = gpd.GeoSeries([Point(lon, lat)], crs="EPSG:4326").to_crs(ALBERS_CHINA).iloc[0]
    return pt.x, pt.y


def _label(ax, main, lang: str, family, size, marked) -> None:
    """Province names: at a representative point, or beside the map with a leader line."""
    from matplotlib import patheffects

    name_col = "short_zh" if lang == "zh" else "name_en"
    size = size or (9.0 if lang == "zh" else 7.5)
    halo = [patheffects.withStroke(linewidth=2.0, foreground="white")]
    for code, row in main.iterrows():
        if row.geometry is None or row.geometry.is_empty:
            continue
        pt = max(getattr(row.geometry, "geoms", [row.geometry]), key=lambda g: g.area).representative_point()
        kw = dict(ha="center", va="center", fontfamily=family if family else None,
                  color="#111111", path_effects=halo, gid=f"label-{code}",
                  fontsize=size + 1.5 if code in marked else size)
        if code in LABEL_OFFSETS:
            ax.annotate(row[name_col], (pt.x, pt.y), xytext=_to_albers(*LABEL_OFFSETS[code]), textcoords="data",
                        arrowprops={"arrowstyle": "-", "color": "#333333", "linewidth": 0.6, "shrinkA": 1,
                                    "shrinkB": 0}, **kw)
            ax.plot([pt.x], [pt.y], marker="o", markersize=1.8, color="#333333")
        else:
            xy = _to_albers(*LABEL_ANCHORS[code]) if code in LABEL_ANCHORS else (pt.x, pt.y)
            ax.annotate(row[name_col], xy, **kw)


def _draw(ax, gdf, has_values, cmap, scheme, k, legend, missing_color, edgecolor, legend_title, norm_from=None):
    kw = dict(ax=ax, edgecolor=edgecolor, linewidth=0.4)
    if not has_values:
        gdf.plot(color="#cfd8dc", **kw)
        return
    colored = gdf[gdf["value"].notna()]
    blank = gdf[gdf["value"].isna()]
    if len(blank):
        blank.plot(color=missing_color, **kw)
    if not len(colored):
        return
    if scheme is not None:
        import mapclassify

        full = (norm_from if norm_from is not None else gdf["value"]).dropna()
        bins = mapclassify.classify(full.to_numpy(), scheme=scheme, k=k).bins
        colored.plot(column="value", cmap=cmap, scheme="UserDefined", classification_kwds={"bins": list(bins)},
                     legend=legend, legend_kwds={"loc": "lower left", "fontsize": 7, "title": legend_title}, **kw)
    else:
        from matplotlib.colors import Normalize

        full = (norm_from if norm_from is not None else gdf["value"]).dropna()
        norm = Normalize(vmin=float(np.min(full)), vmax=float(np.max(full)))
        colored.plot(column="value", cmap=cmap, norm=norm, legend=legend,
                     legend_kwds={"shrink": 0.5, "label": legend_title or ""} if legend else None, **kw)
