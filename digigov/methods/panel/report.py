"""The panel section of the report: how the panel was analysed, consistency over time, the
between-period and between-region consistency tables and each configuration's unit x period
membership heatmap."""
from __future__ import annotations

from collections.abc import Mapping

from ...tables import html_table
from ...templates import esc, figure
from ...templates.strings import t, t_or
from . import strings  # noqa: F401  (registers the "panel." strings)
from .figures import period_name, unit_name

__all__ = ["panel_html", "panel_notes"]


def panel_notes(results: Mapping, lang: str) -> list[str]:
    """How the panel was analysed, in the report's language (results.json keeps them in English)."""
    panel = results["panel"]
    unit, period = unit_name(results, lang), period_name(results, lang)
    notes = [t(lang, "panel.note_shape", units=len(panel.get("units") or []), unit_name=unit,
               periods=len(panel.get("periods") or []), period_name=period),
             t(lang, "panel.note_pooled") if panel.get("calibration") == "pooled"
             else t(lang, "panel.note_per_period", period_name=period),
             t(lang, "panel.note_clusters_regions" if panel.get("regions") else "panel.note_clusters",
               period_name=period)]
    if not panel.get("balanced", True):
        sep = "；" if lang == "zh" else "; "
        notes.append(t(lang, "panel.note_unbalanced", missing=sep.join(
            f"{k}: {', '.join(v)}" for k, v in (panel.get("missing") or {}).items())))
    if any("robustness recalibrations" in n for n in panel.get("notes") or []):
        notes.append(t(lang, "panel.note_recalibration"))
    return notes


def _cluster_table(cl: Mapping, lang: str, caption: str) -> str:
    # a region's name in the report's language (东部 / east); a period stays as it is
    labels = [t_or(lang, f"panel.region_{b['cluster']}", str(b["cluster"])) if cl["by"] == "region" else b["cluster"]
              for b in cl["terms"][0]["between"]]
    rows = [[t(lang, "panel.solution") if e["term"] == "solution" else e["term"], e["pooled"]["incl"],
             *(b["incl"] for b in e["between"]), e["dist_between"]] for e in cl["terms"]]
    return html_table(rows, [t(lang, "panel.term"), t(lang, "panel.pooled"), *labels, t(lang, "panel.distance")],
                      caption=caption)


def panel_html(view, lang: str, figures) -> str:
    panel = view["panel"]
    out = [f"<h3>{esc(t(lang, 'panel.notes'))}</h3><ul>"
           + "".join(f"<li>{esc(n)}</li>" for n in panel_notes(view, lang)) + "</ul>"]
    # the consistency-over-time figure is shown with the findings (panel_findings_html)
    mine = [(spec, png) for spec, png in figures
            if spec.section == "panel" and spec.name != "panel_consistency_over_time"]
    for cl in panel.get("clusters", []):
        if cl["relation"] != "sufficiency":
            continue
        by = period_name(view, lang) if cl["by"] == "period" else t(lang, "panel.by_region")
        if cl["by"] != "period":    # by period: the findings' table (with the coverage) shows it
            out.append(_cluster_table(cl, lang, t(lang, "panel.between", by=by)))
        if cl["by"] == "period":
            sol = cl["terms"][0]
            low = sorted(sol["within"], key=lambda w: w["incl"])[:10]
            out.append(html_table([[view.case(w["unit"], lang), w["n"], w["incl"], w["cov"]] for w in low],
                                  [unit_name(view, lang), t(lang, "panel.n"), t(lang, "panel.incl"),
                                   t(lang, "panel.cov")],
                                  caption=t(lang, "panel.within", unit=unit_name(view, lang),
                                            period=period_name(view, lang))))
    out += [figure(png, spec.caption, fig_id=f"fig-{spec.name}") for spec, png in mine]
    return "".join(out)
