"""Figures of the gdverse-family models, in the style of :mod:`geodetector.plotting`.

- :func:`plot_determinant_power`: LESH's power of determinants (bars) against q of all
  variables, as Li et al. (2023) show it;
- :func:`plot_interaction_heatmap`: q of each variable on the diagonal and of each pair below
  it (GOZH, LESH, RID), with the interaction class of each pair;
- :func:`plot_q_curve`: q against the number of classes (RGD's ``allfactor``, SPADE's
  multilevel CPSD), the chosen k marked, as Zhang et al. (2022) show RGD's;
- :func:`plot_scale_effect`: the score against the size of spatial units, the chosen size
  marked (Song et al. 2020);
- :func:`plot_result`: the figure that suits a result.

Examples
--------
>>> import matplotlib; matplotlib.use("Agg")
>>> import numpy as np, pandas as pd
>>> from geodetector.optimal_zones import lesh
>>> rng = np.random.default_rng(0)
>>> d = pd.DataFrame({"a": rng.uniform(size=80), "b": rng.uniform(size=80)})
>>> d["y"] = 3 * d.a + d.b + rng.normal(0, .2, 80)
>>> fig = plot_result(lesh(d, "y", ["a", "b"]))
"""
from __future__ import annotations

import numpy as np

from .errors import GeodetectorError
from .plotting import _axes, _setup_font

__all__ = ["plot_determinant_power", "plot_interaction_heatmap", "plot_q_curve",
           "plot_scale_effect", "plot_result"]

CODES = {"Enhance, nonlinear": "NE", "Enhance, bi-": "BE", "Independent": "IN",
         "Weaken, uni-": "UW", "Weaken, nonlinear": "NW"}


def plot_determinant_power(result, *, ax=None, labels=None, title=None):
    """Bars of LESH's ``spd_theta`` per variable, a line at q of all variables."""
    spd = result.spd_lesh
    shown = [str((labels or {}).get(v, v)) for v in spd["variable"]]
    family = _setup_font("en", *shown, title or "")
    fig, ax = _axes(ax, (1.6 + 0.7 * len(spd), 3.2))
    ax.bar(range(len(spd)), spd["spd_theta"], color="#4c72b0")
    ax.axhline(result.scalars["q_all"], color="#c44e52", lw=1, ls="--",
               label=f"q of all variables = {result.scalars['q_all']:.3f}")
    ax.set_xticks(range(len(spd)), shown, family=family)
    ax.set_ylabel("power of determinant (Shapley value of q)")
    ax.set_title(title or f"LESH: power of determinants ({result.settings['shapley']})",
                 family=family)
    ax.legend(frameon=False, fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def plot_interaction_heatmap(result, *, ax=None, cmap="YlOrRd", labels=None, title=None):
    """q of each variable (diagonal) and of each pair (below), with interaction classes."""
    import matplotlib as mpl

    inter = result.interaction
    names = list(dict.fromkeys([*inter["variable1"], *inter["variable2"]]))
    n = len(names)
    m = np.full((n, n), np.nan)
    marks = [[""] * n for _ in range(n)]
    for r in inter.to_dict(orient="records"):
        i, j = names.index(r["variable1"]), names.index(r["variable2"])
        m[i, i], m[j, j] = r["Variable1 Q-statistics"], r["Variable2 Q-statistics"]
        m[j, i] = r["Variable1 and Variable2 interact Q-statistics"]
        marks[j][i] = CODES[r["Interaction"]]
    shown = [str((labels or {}).get(v, v)) for v in names]
    family = _setup_font("en", *shown, title or "")
    fig, ax = _axes(ax, (1.0 + 0.75 * n, 0.9 + 0.7 * n))
    norm = mpl.colors.Normalize(0, max(1e-9, np.nanmax(m)))
    cm = mpl.colormaps[cmap]
    img = ax.imshow(np.ma.masked_invalid(m), cmap=cm, norm=norm)
    for (i, j), v in np.ndenumerate(m):
        if np.isfinite(v):
            light = sum(c * w for c, w in zip(cm(norm(v))[:3], (0.299, 0.587, 0.114))) > 0.55
            ax.text(j, i, f"{v:.3f}" + (f"\n{marks[i][j]}" if marks[i][j] else ""),
                    ha="center", va="center", fontsize=8, color="black" if light else "white")
    ax.set_xticks(range(n), shown, rotation=45, ha="right", family=family)
    ax.set_yticks(range(n), shown, family=family)
    ax.spines[:].set_visible(False)
    ax.set_title(title or result._title, family=family, fontsize=10)
    fig.colorbar(img, ax=ax, shrink=0.8).set_label("q statistic")
    ax.set_xlabel("   ".join(f"{c}: {t}" for t, c in CODES.items()
                             if any(c in row for row in marks)), fontsize=7)
    return fig


def plot_q_curve(result, *, ax=None, title=None):
    """q (RGD) or CPSD (SPADE) against the number of classes, one line per variable."""
    if "allfactor" in result.tables:
        frame, k, q = result.allfactor, "discnum", "qvalue"
        chosen = dict(zip(result.disc["variable"], result.disc["k"]))
    elif "multilevel" in result.tables:
        frame, k, q, chosen = result.multilevel, "k", "cpsd", {}
    else:
        raise GeodetectorError("plot_q_curve needs an RGD or SPADE result")
    fig, ax = _axes(ax, (4.8, 3.2))
    for v, part in frame.groupby("variable", sort=False):
        line, = ax.plot(part[k], part[q], marker="o", ms=3, label=str(v))
        if v in chosen:
            sel = part[part[k] == chosen[v]]
            ax.plot(sel[k], sel[q], "o", ms=8, mfc="none", color=line.get_color())
    ax.set_xlabel("number of classes k")
    ax.set_ylabel("q" if q == "qvalue" else "PSD(y)/PSD(x)")
    ax.set_title(title or result._title, fontsize=10)
    ax.legend(frameon=False, fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def plot_scale_effect(result, *, ax=None, title=None):
    """The score of each size of spatial units, the chosen size (``optsu``) marked."""
    s = result.scores
    fig, ax = _axes(ax, (4.8, 3.2))
    ax.plot(s["spatial_units"], s["score"], marker="o", color="#4c72b0")
    best = s[s["spatial_units"] == result.scalars["optsu"]]
    ax.plot(best["spatial_units"], best["score"], "o", ms=10, mfc="none", color="#c44e52",
            label=f"chosen: {result.scalars['optsu']}")
    ax.set_xlabel("size of spatial units")
    ax.set_ylabel("q")
    ax.set_title(title or result._title, fontsize=10)
    ax.legend(frameon=False, fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def plot_result(result, **kwargs):
    """The figure that suits ``result`` (see the module notes)."""
    t = result.tables
    if "spd_lesh" in t:
        return plot_determinant_power(result, **kwargs)
    if "scores" in t:
        return plot_scale_effect(result, **kwargs)
    if "allfactor" in t or "multilevel" in t:
        return plot_q_curve(result, **kwargs)
    if "interaction" in t and "Variable1 Q-statistics" in t["interaction"]:
        return plot_interaction_heatmap(result, **kwargs)
    raise GeodetectorError(f"no figure for {type(result).__name__} with tables {list(t)}")
