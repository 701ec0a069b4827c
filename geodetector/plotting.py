"""Publication heatmaps: the interaction-q matrix and per-configuration optimisation maps.

Labels may be Chinese: a CJK font shipped with the ``mplfonts`` package is registered through
:mod:`libdigigov.fonts` whenever a label needs it (or ``lang="zh"``), so nothing renders as boxes
on a fresh machine.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np

from libdigigov.fonts import cjk_family_for

from .errors import GeodetectorError

TYPE_CODES = {"nonlinear enhance": "NE", "bi-variable enhance": "BE", "independent": "IN",
              "uni-variable weaken": "UW", "nonlinear weaken": "NW"}
TEXT = {
    "en": {"types": {"nonlinear enhance": "nonlinear enhance",
                     "bi-variable enhance": "bi-variable enhance",
                     "independent": "independent", "uni-variable weaken": "uni-variable weaken",
                     "nonlinear weaken": "nonlinear weaken"},
           "matrix": "Interaction detector: q(X$_i$ ∩ X$_j$)", "q": "q statistic",
           "core": "core", "auxiliary": "auxiliary condition", "strategy": "Optimisation heatmap",
           "all_core": "all core",
           "sig": "* enhancement beyond chance (permutation p ≤ {alpha:g})",
           "frame": "framed: the strongest strategy (rank 1 of the ranking)"},
    "zh": {"types": {"nonlinear enhance": "非线性增强", "bi-variable enhance": "双因子增强",
                     "independent": "独立", "uni-variable weaken": "单因子非线性减弱",
                     "nonlinear weaken": "非线性减弱"},
           "matrix": "交互作用探测：q(X$_i$ ∩ X$_j$)", "q": "q 值", "core": "核心条件",
           "auxiliary": "辅助条件", "strategy": "优化热力图", "all_core": "全部核心条件",
           "sig": "* 交互增强显著（置换检验 p ≤ {alpha:g}）",
           "frame": "方框：最优策略（排序第 1）"},
}


def _setup_font(lang, *texts):
    """Font family list for the labels: the CJK font first when anything needs it."""
    if lang not in TEXT:
        raise GeodetectorError(f"lang must be one of {sorted(TEXT)}, got {lang!r}")
    family = cjk_family_for(lang, *texts, strict=True)
    return [family, "DejaVu Sans"] if family else ["DejaVu Sans"]


def _axes(ax, size):
    import matplotlib.pyplot as plt

    if ax is not None:
        return ax.figure, ax
    fig, ax = plt.subplots(figsize=size, layout="constrained")
    return fig, ax


def _annotate(ax, values, fmt, cmap, norm, extra=None, family=None, sep="\n"):
    for (i, j), v in np.ndenumerate(values):
        if not np.isfinite(v):
            continue
        rgba = cmap(norm(v))
        light = 0.299 * rgba[0] + 0.587 * rgba[1] + 0.114 * rgba[2] > 0.55
        text = fmt.format(v) + (f"{sep}{extra[i][j]}" if extra is not None and extra[i][j]
                                else "")
        ax.text(j, i, text, ha="center", va="center", fontsize=8, family=family,
                color="black" if light else "white")


def plot_interaction_matrix(result, *, labels=None, lang="en", ax=None, cmap="YlOrRd",
                            title=None):
    """Heatmap of an :class:`InteractionDetectorResult`: q on the diagonal, q(Xi ∩ Xj) below.

    Each off-diagonal cell is marked with its interaction type (NE, BE, IN, UW, NW, explained
    in the legend below the plot) and an asterisk where the enhancement test rejects
    H0: q12 <= max(q1, q2) at the result's ``alpha`` (when the test was run).

    Parameters
    ----------
    result : InteractionDetectorResult
    labels : dict, optional
        Display name of each factor (e.g. ``{"G": "政府推动"}``).
    lang : {"en", "zh"}
        Language of titles and the legend.
    ax : matplotlib.axes.Axes, optional
    cmap : str
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import pandas as pd
    >>> from geodetector import interaction_detector
    >>> df = pd.DataFrame({"y": [1., 2, 3, 5, 4, 6], "a": [1, 1, 2, 2, 3, 3],
    ...                    "b": [1, 2, 1, 2, 1, 2]})
    >>> fig = plot_interaction_matrix(interaction_detector(df, "y"), labels={"a": "甲"})
    """
    import matplotlib as mpl

    words = TEXT[lang]
    names = list(result.factors)
    shown = [str((labels or {}).get(f, f)) for f in names]
    family = _setup_font(lang, *shown, title or "")
    m = result.matrix().to_numpy(dtype=float)
    types = result.types()
    n = len(names)
    mask = np.triu(np.ones((n, n), bool), k=1)
    values = np.where(mask, np.nan, m)
    pvals = _pvalues(result)
    marks = [["" if i <= j else TYPE_CODES[types.iloc[i, j]] + _star(pvals[i, j], result)
              for j in range(n)] for i in range(n)]
    fig, ax = _axes(ax, (1.0 + 0.75 * n, 0.9 + 0.7 * n))
    cmap = mpl.colormaps[cmap]
    norm = mpl.colors.Normalize(0, max(1e-9, np.nanmax(values)))
    img = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, norm=norm)
    _annotate(ax, values, "{:.3f}", cmap, norm, marks, family)
    ax.set_xticks(range(n), shown, rotation=45, ha="right", family=family)
    ax.set_yticks(range(n), shown, family=family)
    ax.spines[:].set_visible(False)
    ax.set_title(title or words["matrix"], family=family)
    cb = fig.colorbar(img, ax=ax, shrink=0.8)
    cb.set_label(words["q"], family=family)
    used = sorted({t.rstrip("*") for row in marks for t in row if t},
                  key=list(TYPE_CODES.values()).index)
    code_to_type = {v: k for k, v in TYPE_CODES.items()}
    legend = "   ".join(f"{c}: {words['types'][code_to_type[c]]}" for c in used)
    if any(t.endswith("*") for row in marks for t in row):
        legend += "\n" + words["sig"].format(alpha=result.alpha)
    ax.set_xlabel(legend, family=family, fontsize=8)
    return fig


def _pvalues(result):
    """Factor x factor enhancement p-values of an interaction result (NaN when not run)."""
    n = len(result.factors)
    if "p_value" not in result.table:
        return np.full((n, n), np.nan)
    return result.significance().to_numpy(dtype=float)


def _star(p, result) -> str:
    return "*" if np.isfinite(p) and p <= getattr(result, "alpha", 0.05) else ""


def plot_strategy_heatmap(strategy, *, labels=None, lang="en", ax=None, cmap="Blues",
                          title=None, vmax=None):
    """Optimisation heatmap of one configuration (core x auxiliary q(core ∩ auxiliary)).

    Rows are the core conditions and, last, all of them crossed; columns are the auxiliary
    conditions in ranking order.  The column of the strongest strategy
    (:meth:`~geodetector.strategy.StrategyResult.strongest`, rank 1 by the result's own
    ``rank_by`` rule) is framed.  When the
    enhancement test was run, an asterisk marks the q(core ∩ auxiliary) cells (last row) whose
    enhancement over max(q(core), q(auxiliary)) is significant at the result's ``alpha``.

    Parameters
    ----------
    strategy : StrategyResult
    labels : dict, optional
    lang : {"en", "zh"}
    ax : matplotlib.axes.Axes, optional
    cmap : str
    title : str, optional
    vmax : float, optional
        Top of the colour scale (default: the largest value shown), to share one scale
        between configurations.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib as mpl
    from matplotlib.patches import Rectangle

    words = TEXT[lang]
    lab = lambda f: str((labels or {}).get(f, f))  # noqa: E731
    cols = strategy.order
    rows = list(strategy.core)
    values = strategy.pairs.loc[rows, cols].to_numpy(dtype=float)
    row_names = [lab(c) for c in rows]
    if len(rows) > 1:
        combined = strategy.table.set_index("auxiliary").loc[cols, "q_core_aux"].to_numpy()
        values = np.vstack([values, combined])
        row_names.append(" ∩ ".join(row_names) if len(rows) <= 3 else words["all_core"])
    col_names = [lab(a) for a in cols]
    name = title or (f"{words['strategy']}: {strategy.name}" if strategy.name
                     else words["strategy"])
    family = _setup_font(lang, *row_names, *col_names, name)
    fig, ax = _axes(ax, (1.6 + 0.9 * len(cols), 1.2 + 0.6 * len(row_names)))
    cmap = mpl.colormaps[cmap]
    top = float(np.nanmax(values)) if vmax is None else float(vmax)
    norm = mpl.colors.Normalize(0, max(1e-9, top))
    img = ax.imshow(values, cmap=cmap, norm=norm, aspect="auto")
    marks = None
    if "p_value" in strategy.table:
        p = strategy.table.set_index("auxiliary").loc[cols, "p_value"].to_numpy(dtype=float)
        stars = [_star(v, strategy) for v in p]
        if any(stars):
            marks = [[""] * len(cols) for _ in range(len(values) - 1)] + [stars]
    _annotate(ax, values, "{:.3f}", cmap, norm, marks, family, sep="")
    # one frame, around the strongest strategy by the ranking's own rule (the same one the
    # findings and tables name), not around each row's largest cell, which can differ
    j = cols.index(strategy.strongest().auxiliary)
    ax.add_patch(Rectangle((j - 0.5, -0.5), 1, len(values), fill=False, lw=2.2, ec="black"))
    ax.set_xticks(range(len(cols)), col_names, family=family)
    ax.set_yticks(range(len(row_names)), row_names, family=family)
    xlabel = words["auxiliary"] + "\n" + words["frame"]
    if marks is not None:
        xlabel += "\n" + words["sig"].format(alpha=strategy.alpha)
    ax.set_xlabel(xlabel, family=family)
    ax.set_ylabel(words["core"], family=family)
    ax.spines[:].set_visible(False)
    ax.set_title(name, family=family)
    cb = fig.colorbar(img, ax=ax, shrink=0.9)
    cb.set_label(words["q"], family=family)
    return fig


def plot_strategy_heatmaps(strategies, *, ncols=2, labels=None, lang="en", cmap="Blues"):
    """One optimisation heatmap per configuration in a grid (the study's figures 3-6),
    all on one colour scale.

    Parameters
    ----------
    strategies : sequence of StrategyResult
    ncols : int
    labels, lang, cmap
        As in :func:`plot_strategy_heatmap`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt

    strategies = list(strategies)
    if not strategies:
        raise GeodetectorError("no configurations to plot")
    ncols = max(1, min(ncols, len(strategies)))
    nrows = -(-len(strategies) // ncols)
    width = max(1.6 + 0.9 * len(s.auxiliary) for s in strategies)
    height = max(1.2 + 0.6 * (len(s.core) + (len(s.core) > 1)) for s in strategies)
    fig, axes = plt.subplots(nrows, ncols, figsize=(width * ncols, height * nrows),
                             layout="constrained", squeeze=False)
    vmax = max(max(float(s.pairs.to_numpy().max()), float(s.table["q_core_aux"].max()))
               for s in strategies)
    for ax, s in zip(axes.flat, strategies):
        plot_strategy_heatmap(s, labels=labels, lang=lang, ax=ax, cmap=cmap, vmax=vmax)
    for ax in axes.flat[len(strategies):]:
        ax.set_visible(False)
    return fig


def save_figure(fig, path, **kwargs) -> Path:
    """Save ``fig`` atomically (temporary file in the same folder, then rename).

    The format follows the suffix of ``path``; ``dpi`` defaults to 300.
    """
    path = Path(path)
    kwargs.setdefault("dpi", 300)
    kwargs.setdefault("bbox_inches", "tight")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    try:
        fig.savefig(tmp, format=kwargs.pop("format", path.suffix.lstrip(".") or "png"),
                    **kwargs)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path
