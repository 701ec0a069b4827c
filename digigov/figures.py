"""Drawing the study's figures: the figure spec, the renderer, the synthetic-data stamp, maps.

Each method (:mod:`digigov.methods`) lists its figures as :class:`FigureSpec` drawn from
``results.json`` (never by calling an engine again); :func:`write_figures` writes them as PNG
(150 dpi) and SVG with fixed metadata and a fixed SVG hash salt, so that the same results give
byte-identical files, each with the synthetic-data stamp when the data are synthetic. Chinese
text is drawn with the CJK font that :mod:`libdigigov.fonts` registers.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from libdigigov.io import write_atomic

from .templates.strings import t
from .tables.summarise import REPORT_ROWS
from .view import case_label, memberships_frame

__all__ = ["FigureSpec", "render", "write_figures", "synthetic_stamp", "draw_stamp", "STAMP_GID", "draw_map",
           "membership_map", "draw_xy", "xy_labelled", "xy_note", "XY_RASTER", "are_provinces", "stem"]

DPI = 150
SVG_SALT = "digigov-qca"
PNG_METADATA = {"Software": None}
SVG_METADATA = {"Date": None, "Creator": None}


@dataclass(frozen=True)
class FigureSpec:
    """One figure: file stem, report section (the anchor it is shown in), caption, drawer."""

    name: str
    section: str
    caption: str
    draw: Callable[[], object]   # returns a matplotlib Figure
    stamp: str = ""              # drawn in the lower right corner (the synthetic-data mark)


#: ``gid`` of the stamp's text, so the SVG carries ``id="synthetic-stamp"``.
STAMP_GID = "synthetic-stamp"


def synthetic_stamp(results: Mapping, lang: str) -> str:
    """The corner stamp of figures drawn from ``results``: the synthetic-data mark, or "".

    Examples
    --------
    >>> synthetic_stamp({"study": {"synthetic": True}}, "en"), synthetic_stamp({"study": {}}, "en")
    ('SYNTHETIC DATA · illustration only', '')
    """
    return t(lang, "synthetic_stamp") if (results.get("study") or {}).get("synthetic") else ""


def draw_stamp(fig, text: str) -> None:
    """Write ``text`` small just below the lower right corner of what the figure draws.

    Placed after the layout, from the figure's tight bounding box, so that it neither covers
    data nor leaves the white margin of an unused figure area in the saved file.
    """
    if not text:
        return
    fig.draw_without_rendering()
    box = fig.get_tightbbox()
    x, y = box.x1 / fig.get_figwidth(), box.y0 / fig.get_figheight()
    fig.text(x, y - 0.004, text, ha="right", va="top", fontsize=7, color="#b3261e", gid=STAMP_GID,
             bbox={"boxstyle": "square,pad=0.25", "facecolor": "white", "edgecolor": "#b3261e", "linewidth": 0.6})


# ---------------------------------------------------------------- drawing
def draw_map(values: pd.Series, title: str, lang: str, cbar_label: str, highlight=None):
    import matplotlib.pyplot as plt
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import Normalize

    from indicators import plot_provinces

    fig, ax = plt.subplots(figsize=(8.5, 6.5))
    plot_provinces(values, lang=lang, ax=ax, legend=False, title=title, highlight=highlight)
    # One fixed 0-1 scale for every membership map, so the maps can be compared by eye.
    norm = Normalize(0.0, 1.0)
    for axes in [ax, *ax.child_axes]:
        for coll in axes.collections:
            if coll.get_array() is not None:
                coll.set_norm(norm)
    fig.colorbar(ScalarMappable(norm=norm, cmap="YlGnBu"), ax=ax, shrink=0.55, pad=0.01, label=cbar_label)
    return fig


def membership_map(results: Mapping, var: str, lang: str, title: str, highlight=None):
    """Map of one variable's membership on the fixed 0-1 scale, ``highlight`` outlined."""
    return draw_map(memberships_frame(results)[var], title, lang, t(lang, "membership"), highlight=highlight)


#: Above this many cases an XY plot draws its points as one raster image (small, no white edge),
#: so that the PNG and SVG cost the same whatever the cases; the caption says so.
XY_RASTER = 2000


def xy_labelled(x: pd.Series, limit: int = REPORT_ROWS) -> pd.Index:
    """The cases an XY plot names: the members of the configuration (> 0.5), at most ``limit``
    of them, those with the highest membership first (the report's one summarising rule).

    Examples
    --------
    >>> list(xy_labelled(pd.Series({"a": 0.6, "b": 0.2, "c": 0.9, "d": 0.7}), limit=2))
    ['c', 'd']
    """
    members = x[x > 0.5]
    if len(members) <= limit:
        return members.index
    return members.sort_values(ascending=False, kind="stable").index[:limit]


def xy_note(n_cases: int, lang: str) -> str:
    """The caption's note of a dense XY plot ("" at most :data:`XY_RASTER` cases)."""
    return t(lang, "xy_dense_note", limit=XY_RASTER, labels=REPORT_ROWS) if n_cases > XY_RASTER else ""


def draw_xy(x: pd.Series, y: pd.Series, lang: str, x_label: str, y_label: str, title: str):
    import matplotlib.pyplot as plt

    from fsqca import xy_plot

    named = set(xy_labelled(x))
    names = [case_label(c, lang) if c in named else "" for c in x.index]
    dense = len(x) > XY_RASTER
    style = {"rasterized": True, "s": 4, "linewidths": 0, "alpha": 0.5} if dense else None
    fig, ax = plt.subplots(figsize=(5.5, 5.5))
    xy_plot(x, y, ax=ax, labels=names, x_label=x_label, y_label=y_label, title=title, lang=lang, scatter_kw=style)
    fig.tight_layout()
    return fig


def are_provinces(cases) -> bool:
    from indicators import get_province
    from indicators.errors import UnknownProvinceError

    try:
        for c in cases:
            get_province(c)
    except (UnknownProvinceError, ValueError, TypeError):
        return False
    return True


def stem(text: str) -> str:
    """A file-name-safe stem for a configuration id (ids like "1", "2a" pass unchanged)."""
    stem = re.sub(r"[^0-9A-Za-z_-]+", "_", str(text)).strip("_")
    return stem or "x"


def render(spec: FigureSpec, formats=("png",)) -> dict[str, bytes]:
    """Draw ``spec`` once and return its bytes in each of ``formats`` ("png", "svg")."""
    import matplotlib as mpl
    import matplotlib.pyplot as plt

    from libdigigov.fonts import use_cjk_font

    with mpl.rc_context({"svg.hashsalt": SVG_SALT, "svg.fonttype": "path", "figure.dpi": 100,
                         "savefig.facecolor": "white"}):
        use_cjk_font()  # undone with the rc_context; keeps Latin fallback to DejaVu Sans
        fig = spec.draw()
        draw_stamp(fig, spec.stamp)
        try:
            out = {}
            for fmt in formats:
                buf = io.BytesIO()
                if fmt == "png":
                    fig.savefig(buf, format="png", dpi=DPI, metadata=PNG_METADATA,
                                bbox_inches="tight", pad_inches=0.08)
                elif fmt == "svg":
                    fig.savefig(buf, format="svg", metadata=SVG_METADATA,
                                bbox_inches="tight", pad_inches=0.08)
                else:
                    raise ValueError(f"unknown figure format {fmt!r}; use 'png' or 'svg'")
                out[fmt] = buf.getvalue()
        finally:
            plt.close(fig)
    return out


def write_figures(specs, out_dir, progress=None) -> list[str]:
    """Draw every spec and write it as PNG and SVG under ``out_dir/figures/``.

    Returns the paths written, relative to ``out_dir`` (``figures/map_outcome.png``, ...);
    ``progress(done, total)`` is called after each figure.

    Examples
    --------
    >>> import tempfile
    >>> def draw():
    ...     import matplotlib.pyplot as plt
    ...     return plt.subplots(figsize=(2, 2))[0]
    >>> write_figures([FigureSpec("demo", "xy", "Demo", draw, stamp="SYNTHETIC")], tempfile.mkdtemp())
    ['figures/demo.png', 'figures/demo.svg']
    """
    folder = Path(out_dir) / "figures"
    written = []
    for i, spec in enumerate(specs, start=1):
        folder.mkdir(parents=True, exist_ok=True)
        for fmt, data in render(spec, ("png", "svg")).items():
            write_atomic(folder / f"{spec.name}.{fmt}", data)
            written.append(f"figures/{spec.name}.{fmt}")
        if progress is not None:
            progress(i, len(specs))
    return written
