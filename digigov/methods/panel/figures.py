"""Figures of a panel study, drawn from ``results.json`` (with the synthetic-data stamp, as every figure).

- ``panel_consistency_over_time``: between-period consistency (SetMethods' cluster, sufficiency)
  of the solution and of each term, the pooled value dashed;
- ``panel_heatmap_config_<id>``: unit x period membership in each configuration.

Chinese labels use the CJK font of :mod:`libdigigov.fonts` (set by :func:`digigov.figures.render`).
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ...figures import FigureSpec, stem
from ...templates.strings import t, t_or
from ...view import ResultsView, case_label

__all__ = ["panel_figure_specs", "panel_memberships", "cluster", "unit_name", "period_name", "panel_word"]

def cluster(results: Mapping, by: str = "period", relation: str = "sufficiency") -> dict | None:
    for c in (results.get("panel") or {}).get("clusters") or []:
        if c.get("by") == by and c.get("relation") == relation:
            return c
    return None


def panel_memberships(results: Mapping, config_id: str) -> pd.DataFrame:
    """Unit x period membership in one configuration (NaN where a unit-period is missing)."""
    panel = results["panel"]
    conf = ResultsView.of(results).configuration_memberships[str(config_id)]
    cases = panel["cases"]
    frame = pd.DataFrame({"unit": [cases[c][panel["unit"]] for c in conf.index],
                          "period": [cases[c][panel["period"]] for c in conf.index], "m": conf.to_numpy()})
    wide = frame.pivot(index="unit", columns="period", values="m")
    return wide.reindex(index=panel["units"], columns=panel["periods"])


def _term_names(results: Mapping) -> dict[str, str]:
    """Configuration term -> its id, to label the lines."""
    return {c["term"]: str(c["id"]) for c in results.get("configurations") or []}


def _over_time(results: Mapping, lang: str, title: str):
    import matplotlib.pyplot as plt

    cl = cluster(results)
    ids = _term_names(results)
    fig, ax = plt.subplots(figsize=(7.5, 4.2), layout="constrained")
    periods = [b["cluster"] for b in cl["terms"][0]["between"]]
    xs = np.arange(len(periods))
    for entry in cl["terms"]:
        term = entry["term"]
        name = t(lang, "panel.solution") if term == "solution" else f"{ids.get(term, '')}: {term}".lstrip(": ")
        ys = [b["incl"] for b in entry["between"]]
        line, = ax.plot(xs, ys, marker="o", lw=2.4 if term == "solution" else 1.3, label=name)
        ax.axhline(entry["pooled"]["incl"], color=line.get_color(), ls="--", lw=0.7)
    ax.set_xticks(xs, periods)
    ax.set_ylabel(t(lang, "panel.consistency"))
    ax.set_ylim(max(0.0, min(0.6, ax.get_ylim()[0])), 1.02)
    ax.set_title(title, fontsize=9.5, loc="left")
    ax.legend(fontsize=7, loc="lower left", frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def _heatmap(results: Mapping, cid: str, lang: str, title: str):
    import matplotlib.pyplot as plt

    wide = panel_memberships(results, cid)
    fig, ax = plt.subplots(figsize=(1.2 + 0.75 * wide.shape[1], 1.0 + 0.24 * wide.shape[0]), layout="constrained")
    im = ax.imshow(wide.to_numpy(dtype=float), aspect="auto", cmap="YlGnBu", vmin=0.0, vmax=1.0)
    ax.set_xticks(range(wide.shape[1]), [str(c) for c in wide.columns], fontsize=8)
    ax.set_yticks(range(wide.shape[0]), [case_label(u, lang) for u in wide.index], fontsize=7)
    for i, j in zip(*np.nonzero(wide.to_numpy(dtype=float) > 0.5)):
        ax.text(j, i, "•", ha="center", va="center", color="white", fontsize=8)
    ax.set_title(title, fontsize=9, loc="left")
    fig.colorbar(im, ax=ax, shrink=0.5, label=t(lang, "panel.membership"))
    return fig


def panel_word(role: str, column: str, lang: str, labels: Mapping | None = None) -> str:
    """The word for a panel study's unit (``role="unit"``) or period (``role="period"``) column
    in ``lang``: the study's label of that column (``labels:``), else the report's word (省份 and
    年份 for ``province`` and ``year``), else the column's name in English and 单位 or 时期 in
    Chinese (a column name is no Chinese word).

    Examples
    --------
    >>> panel_word("period", "year", "zh"), panel_word("unit", "kreis", "zh"), panel_word("unit", "kreis", "en")
    ('年份', '单位', 'kreis')
    >>> panel_word("period", "year", "zh", {"year": {"zh": "年度"}})
    '年度'
    """
    label = ((labels or {}).get(column) or {}).get(lang)
    if label:
        return str(label)
    word = t_or(lang, f"panel.{role}_{column}", None)
    if word is not None:
        return word
    return t(lang, f"panel.{role}_any") if lang == "zh" else column


def unit_name(results: Mapping, lang: str) -> str:
    """The panel's unit in words (see :func:`panel_word`); ``results`` is ``results.json``."""
    return panel_word("unit", str(results["panel"]["unit"]), lang, (results.get("study") or {}).get("labels"))


def period_name(results: Mapping, lang: str) -> str:
    """The panel's period in words (see :func:`panel_word`)."""
    return panel_word("period", str(results["panel"]["period"]), lang, (results.get("study") or {}).get("labels"))


def panel_figure_specs(results: Mapping, lang: str) -> list[FigureSpec]:
    """The panel figures ``results`` supports (none for a study without a panel)."""
    panel = results.get("panel")
    if not panel:
        return []
    specs = []
    unit, period = unit_name(results, lang), period_name(results, lang)
    if cluster(results):
        cap = t(lang, "panel.over_time", period=period)
        specs.append(FigureSpec("panel_consistency_over_time", "panel", cap,
                                lambda cap=cap: _over_time(results, lang, cap)))
    for cfg in results.get("configurations") or []:
        cid = str(cfg["id"])
        cap = t(lang, "panel.heatmap", id=cid, unit=unit, period=period)
        specs.append(FigureSpec(f"panel_heatmap_config_{stem(cid)}", "panel", cap,
                                lambda cid=cid, cap=cap: _heatmap(results, cid, lang, cap)))
    return specs
