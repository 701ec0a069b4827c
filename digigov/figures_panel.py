"""Figures of a panel study, drawn from ``results.json``.

- ``panel_consistency_over_time``: between-period consistency (SetMethods' cluster, sufficiency)
  of the solution and of each term, the pooled value dashed;
- ``panel_heatmap_config_<id>``: unit x period membership in each configuration.

Both are written as PNG and SVG by :func:`make_panel_figures` (byte-identical for the same
results, like every figure of a results folder); Chinese labels use the CJK font of
:mod:`libdigigov.fonts` (set by :func:`digigov.figures.render`).
"""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from libdigigov.safety import safe_file_name

from .figures import FigureSpec, case_label, configuration_memberships, render, write_atomic

__all__ = ["panel_figure_specs", "make_panel_figures", "panel_memberships", "TEXT"]

TEXT = {
    "en": {"over_time": "Consistency over time: between-{period} consistency of each configuration (dashed: pooled)",
           "heatmap": "Configuration {id}: membership by {unit} and {period}",
           "consistency": "between consistency (sufficiency)", "solution": "solution",
           "membership": "membership"},
    "zh": {"over_time": "一致性的时间变化：各构型的组间（{period}）一致性（虚线为合并值）",
           "heatmap": "构型 {id}：各{unit}各{period}的隶属度",
           "consistency": "组间一致性（充分性）", "solution": "总体解", "membership": "隶属度"},
}


def _cluster(results: Mapping, by: str = "period", relation: str = "sufficiency") -> dict | None:
    for c in (results.get("panel") or {}).get("clusters") or []:
        if c.get("by") == by and c.get("relation") == relation:
            return c
    return None


def panel_memberships(results: Mapping, config_id: str) -> pd.DataFrame:
    """Unit x period membership in one configuration (NaN where a unit-period is missing)."""
    panel = results["panel"]
    conf = configuration_memberships(results)[str(config_id)]
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

    text = TEXT[lang]
    cl = _cluster(results)
    ids = _term_names(results)
    fig, ax = plt.subplots(figsize=(7.5, 4.2), layout="constrained")
    periods = [b["cluster"] for b in cl["terms"][0]["between"]]
    xs = np.arange(len(periods))
    for entry in cl["terms"]:
        term = entry["term"]
        name = text["solution"] if term == "solution" else f"{ids.get(term, '')}: {term}".lstrip(": ")
        ys = [b["incl"] for b in entry["between"]]
        line, = ax.plot(xs, ys, marker="o", lw=2.4 if term == "solution" else 1.3, label=name)
        ax.axhline(entry["pooled"]["incl"], color=line.get_color(), ls="--", lw=0.7)
    ax.set_xticks(xs, periods)
    ax.set_ylabel(text["consistency"])
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
    fig.colorbar(im, ax=ax, shrink=0.5, label=TEXT[lang]["membership"])
    return fig


def panel_figure_specs(results: Mapping, lang: str) -> list[FigureSpec]:
    """The panel figures ``results`` supports (none for a study without a panel)."""
    panel = results.get("panel")
    if not panel or lang not in TEXT:
        return []
    text = TEXT[lang]
    specs = []
    if _cluster(results):
        cap = text["over_time"].format(period=panel["period"])
        specs.append(FigureSpec("panel_consistency_over_time", "panel", cap,
                                lambda cap=cap: _over_time(results, lang, cap)))
    for cfg in results.get("configurations") or []:
        cid = str(cfg["id"])
        cap = text["heatmap"].format(id=cid, unit=panel["unit"], period=panel["period"])
        specs.append(FigureSpec(f"panel_heatmap_config_{safe_file_name(cid)}", "panel", cap,
                                lambda cid=cid, cap=cap: _heatmap(results, cid, lang, cap)))
    return specs


def make_panel_figures(results: Mapping, out_dir, lang: str) -> list[str]:
    """Write the panel figures under ``out_dir/figures/`` (PNG and SVG); returns their paths."""
    folder = Path(out_dir) / "figures"
    written = []
    for spec in panel_figure_specs(results, lang):
        folder.mkdir(parents=True, exist_ok=True)
        for fmt, data in render(spec, ("png", "svg")).items():
            write_atomic(folder / f"{spec.name}.{fmt}", data)
            written.append(f"figures/{spec.name}.{fmt}")
    return written
