"""The study's figures, drawn from ``results.json``: maps, heatmaps and XY plots.

Every figure is written as PNG (150 dpi) and SVG with fixed metadata and a fixed SVG hash
salt, so the same results give byte-identical files.  Labels are Chinese or English; Chinese
text is drawn with the CJK font that :mod:`libdigigov.fonts` registers.

Figures (file stems under ``figures/``):

- ``map_outcome`` and ``map_config_<id>``: choropleths of the outcome membership and of each
  configuration's membership (the minimum over the configuration's literals), with the South
  China Sea inset of :func:`indicators.plot_provinces`;
- ``heatmap_interaction``: the geodetector's interaction q (diagonal: single-factor q);
- ``heatmap_strategy_<id>``: each configuration's core × auxiliary interaction q, the
  study's "optimisation heatmaps";
- ``xy_config_<id>``: each configuration against the outcome (:func:`fsqca.xy_plot`).
"""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from fsqca import term_membership
from libdigigov.io import write_atomic

from .errors import StudyError

from .templates import t

__all__ = ["FigureSpec", "figure_specs", "render", "make_figures", "memberships_frame",
           "configuration_memberships", "literals", "var_label", "case_label", "write_atomic",
           "synthetic_stamp", "draw_stamp", "STAMP_GID", "membership_map"]

DPI = 150
SVG_SALT = "digigov-qca"
PNG_METADATA = {"Software": None}
SVG_METADATA = {"Date": None, "Creator": None}


@dataclass(frozen=True)
class FigureSpec:
    """One figure: file stem, report section (``maps``, ``heatmaps``, ``xy``), caption, drawer."""

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


# ---------------------------------------------------------------- reading results.json
def var_label(results: Mapping, var: str, lang: str) -> str:
    """Display label of an outcome or condition, e.g. ``"政府协调 (G)"``."""
    text = (results.get("study", {}).get("labels", {}).get(var) or {}).get(lang)
    return f"{text} ({var})" if text and text != var else var


def case_label(case: str, lang: str) -> str:
    """Province name in ``lang`` when ``case`` is a province, else the case name itself."""
    from indicators import get_province
    from indicators.errors import UnknownProvinceError

    try:
        return get_province(case).label("zh" if lang == "zh" else "en")
    except (UnknownProvinceError, ValueError, TypeError):
        return str(case)


def memberships_frame(results: Mapping) -> pd.DataFrame:
    """Calibrated memberships as a case × variable DataFrame (``null`` becomes NaN)."""
    data = results.get("memberships")
    if not data:
        raise StudyError("results.json has no 'memberships': the figures and the comparison need them")
    frame = pd.DataFrame.from_dict(data, orient="index").astype(float)
    frame.index = frame.index.astype(str)
    return frame


def literals(config: Mapping) -> list[tuple[str, int, str]]:
    """``(condition, 1 present / 0 absent, "core" | "peripheral")`` of a configuration, core first."""
    out = []
    for role in ("core", "peripheral"):
        part = config.get(role) or {}
        out += [(c, 1, role) for c in part.get("present", [])]
        out += [(c, 0, role) for c in part.get("absent", [])]
    return out


def configuration_memberships(results: Mapping) -> pd.DataFrame:
    """Case × configuration membership: the minimum over each configuration's literals.

    Examples
    --------
    >>> res = {"memberships": {"a": {"G": 0.9, "R": 0.3}, "b": {"G": 0.4, "R": 0.8}},
    ...        "configurations": [{"id": "1", "core": {"present": ["G"], "absent": ["R"]}}]}
    >>> configuration_memberships(res)["1"].round(2).to_dict()
    {'a': 0.7, 'b': 0.2}
    """
    m = memberships_frame(results)
    out = {}
    for config in results.get("configurations", []):
        lits = literals(config)
        missing = sorted({c for c, _, _ in lits} - set(m.columns))
        if missing:
            raise StudyError(f"configuration {config.get('id')!r} uses condition(s) {missing} "
                           "that have no memberships in results.json")
        if not lits:
            raise StudyError(f"configuration {config.get('id')!r} has no core or peripheral condition")
        out[str(config["id"])] = term_membership(tuple((c, v) for c, v, _ in lits), m)
    return pd.DataFrame(out, index=m.index)


def _interaction_result(results: Mapping):
    """The interaction detector's result read back from results.json, for geodetector's plots."""
    from geodetector.interaction import InteractionDetectorResult

    geo = results.get("geodetector") or {}
    body = {"y": geo.get("y", ""), "n": len(results.get("memberships") or {}),
            **(geo.get("interaction_settings") or {}), "pairs": geo.get("interaction") or []}
    return InteractionDetectorResult.from_dict(body, factors=results.get("study", {}).get("conditions", []))


def _strategy_result(results: Mapping, strategy: Mapping):
    """One configuration's strategy ranking rebuilt from results.json, for geodetector's plots.

    The pipeline writes the whole result (``result``); for results.json of hand-made or older
    shape the result is assembled from ``ranking`` and ``pairs`` (or the pairwise interaction q,
    the same number: q of the two conditions crossed).
    """
    from geodetector.strategy import StrategyResult

    if strategy.get("result"):
        return StrategyResult.from_dict(strategy["result"])

    core = [str(c) for c in strategy.get("core", [])]
    ranking = sorted(strategy.get("ranking", []), key=lambda r: r["rank"])
    aux = [r["auxiliary"] for r in ranking]
    table = pd.DataFrame({"rank": [r["rank"] for r in ranking], "auxiliary": aux,
                          "q_core_aux": [r["q"] for r in ranking]})
    q_core = strategy.get("q_core")
    table["gain"] = table["q_core_aux"] - q_core if q_core is not None else np.nan
    pairs = strategy.get("pairs")
    if pairs:
        matrix = pd.DataFrame({a: [pairs[c][a] for c in core] for a in aux}, index=core, dtype=float)
    else:
        inter = _interaction_result(results).matrix()
        matrix = pd.DataFrame({a: [inter.at[c, a] if c in inter.index and a in inter.columns else np.nan
                                   for c in core] for a in aux}, index=core, dtype=float)
    q_max = pd.DataFrame(strategy.get("q_max") or [])
    return StrategyResult(y=str((results.get("geodetector") or {}).get("y", "")),
                          n=len(results.get("memberships") or {}), core=tuple(core), auxiliary=tuple(aux),
                          q_core=float(q_core) if q_core is not None else float("nan"), table=table,
                          pairs=matrix, q_max=q_max, name=str(strategy.get("configuration", "")))


# ---------------------------------------------------------------- drawing
def _interaction_heatmap(results: Mapping, title: str, lang: str):
    from geodetector.plotting import plot_interaction_matrix

    res = _interaction_result(results)
    labels = {f: var_label(results, f, lang) for f in res.factors}
    return plot_interaction_matrix(res, labels=labels, lang=lang, title=title)


def _strategy_heatmap(results: Mapping, strategy: Mapping, title: str, lang: str):
    from geodetector.plotting import plot_strategy_heatmap

    import matplotlib.pyplot as plt

    res = _strategy_result(results, strategy)
    wrap = (lambda s: textwrap.fill(s, 18)) if lang == "en" else (lambda s: s)
    labels = {c: wrap(var_label(results, c, lang)) for c in (*res.core, *res.auxiliary)}
    rows = len(res.core) + (len(res.core) > 1)
    # Own axes: condition labels are long, so the figure is wider and the ticks slanted.
    fig, ax = plt.subplots(figsize=(3.4 + 1.0 * len(res.auxiliary), 2.4 + 0.55 * rows), layout="constrained")
    plot_strategy_heatmap(res, labels=labels, lang=lang, title=title, ax=ax)
    plt.setp(ax.get_xticklabels(), rotation=30, ha="right", rotation_mode="anchor")
    if len(res.core) > 1:
        # The crossed row: one short label instead of every core name joined.
        names = [tick.get_text() for tick in ax.get_yticklabels()]
        ax.set_yticks(range(len(names)), [*names[:-1], t(lang, "core_joint")])
    return fig


def _map(values: pd.Series, title: str, lang: str, cbar_label: str, highlight=None):
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
    return _map(memberships_frame(results)[var], title, lang, t(lang, "membership"), highlight=highlight)


def _xy(x: pd.Series, y: pd.Series, lang: str, x_label: str, y_label: str, title: str):
    import matplotlib.pyplot as plt

    from fsqca import xy_plot

    names = [case_label(c, lang) if x[c] > 0.5 else "" for c in x.index]
    fig, ax = plt.subplots(figsize=(5.5, 5.5))
    xy_plot(x, y, ax=ax, labels=names, x_label=x_label, y_label=y_label, title=title, lang=lang)
    fig.tight_layout()
    return fig


def _are_provinces(cases) -> bool:
    from indicators import get_province
    from indicators.errors import UnknownProvinceError

    try:
        for c in cases:
            get_province(c)
    except (UnknownProvinceError, ValueError, TypeError):
        return False
    return True


def figure_specs(results: Mapping, lang: str) -> list[FigureSpec]:
    """The figures that ``results`` supports, in report order (nothing is drawn yet)."""
    if lang not in ("zh", "en"):
        raise StudyError(f"lang must be 'zh' or 'en', got {lang!r}")
    from .summary import configuration_name

    specs: list[FigureSpec] = []
    study = results.get("study", {})
    names = {str(c.get("id")): configuration_name(c, lang) for c in results.get("configurations") or []}

    def ident(cid: str) -> str:      # "1" or, with a name in results.json, "1 (coordination-led)"
        name = names.get(str(cid))
        return str(cid) if not name else (f"{cid}（{name}）" if lang == "zh" else f"{cid} ({name})")

    outcome = study.get("outcome")
    m = memberships_frame(results)
    configs = configuration_memberships(results)
    member = t(lang, "membership")
    # report.maps: false in the study file turns the maps off
    if study.get("maps", True) and outcome in m.columns and _are_provinces(m.index):
        cap = t(lang, "fig_map_outcome", label=var_label(results, outcome, lang))
        specs.append(FigureSpec("map_outcome", "maps", cap,
                                lambda cap=cap: _map(m[outcome], cap, lang, member)))
        for cid in configs.columns:
            cap = t(lang, "fig_map_config", id=ident(cid))
            specs.append(FigureSpec(f"map_config_{_stem(cid)}", "maps", cap,
                                    lambda cid=cid, cap=cap: _map(configs[cid], cap, lang, member)))
    geo = results.get("geodetector") or {}
    if geo.get("interaction"):
        cap = t(lang, "fig_interaction")
        specs.append(FigureSpec("heatmap_interaction", "heatmaps", cap,
                                lambda cap=cap: _interaction_heatmap(results, cap, lang)))
        for strat in geo.get("strategies") or []:
            if not strat.get("ranking") or not strat.get("core"):
                continue
            cid = str(strat["configuration"])
            cap = t(lang, "fig_strategy", id=ident(cid))
            specs.append(FigureSpec(f"heatmap_strategy_{_stem(cid)}", "heatmaps", cap,
                                    lambda strat=strat, cap=cap: _strategy_heatmap(results, strat, cap, lang)))
    if outcome in m.columns:
        y_label = var_label(results, outcome, lang)
        for cid in configs.columns:
            cap = t(lang, "fig_xy", id=ident(cid))
            x = configs[cid].rename(f"{t(lang, 'configuration')} {cid}")
            specs.append(FigureSpec(f"xy_config_{_stem(cid)}", "xy", cap,
                                    lambda x=x, cap=cap: _xy(x, m[outcome], lang, x.name, y_label, cap)))
    from .report_nca import nca_figure_specs  # the NCA ceiling plots, when results has "nca"

    specs += nca_figure_specs(results, lang)
    stamp = synthetic_stamp(results, lang)
    return [replace(spec, stamp=stamp) for spec in specs]


def _stem(text: str) -> str:
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


def make_figures(results: Mapping, out_dir, lang: str, progress=None) -> list[str]:
    """Write every figure of ``results`` as PNG and SVG under ``out_dir/figures/``.

    Parameters
    ----------
    results : dict
        The content of ``results.json`` (see ``docs/study-results.md``).
    out_dir : path
        The study's output folder; ``figures/`` is created in it.
    lang : {"zh", "en"}
        Language of titles, axis labels and province names.
    progress : callable, optional
        Called as ``progress(done, total)`` after each figure.

    Returns
    -------
    list of str
        Paths of the files written, relative to ``out_dir`` (``figures/map_outcome.png``, ...).

    Examples
    --------
    >>> import json, tempfile, pathlib
    >>> res = {"study": {"outcome": "Y", "conditions": ["A"]},
    ...        "memberships": {"a": {"Y": 0.8, "A": 0.9}, "b": {"Y": 0.2, "A": 0.1}},
    ...        "configurations": [{"id": "1", "core": {"present": ["A"], "absent": []}}]}
    >>> make_figures(res, tempfile.mkdtemp(), "en")
    ['figures/xy_config_1.png', 'figures/xy_config_1.svg']
    """
    folder = Path(out_dir) / "figures"
    folder.mkdir(parents=True, exist_ok=True)
    specs = figure_specs(results, lang)
    written = []
    for i, spec in enumerate(specs, start=1):
        files = render(spec, ("png", "svg"))
        for fmt, data in files.items():
            write_atomic(folder / f"{spec.name}.{fmt}", data)
            written.append(f"figures/{spec.name}.{fmt}")
        if progress is not None:
            progress(i, len(specs))
    return written
