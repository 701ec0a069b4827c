"""What a panel study adds per period: cluster diagnostics by period and region, consistency over
time, unit x period memberships, and the year-over-year view of the province comparison.

How panel data are loaded and calibrated is the panel variant's (:mod:`digigov.variants.panel`).
"""
from __future__ import annotations

from ...templates.strings import t
from ..base import CsvTable, Method, Section
from .compare import year_over_year_blocks
from .figures import panel_figure_specs, panel_word, period_name
from .findings import panel_findings_html
from .report import panel_html
from .step import panel_diagnostics, panel_json

__all__ = ["PanelMethod"]


class PanelMethod(Method):
    name = "panel"
    rerun = "live"             # quick, and reads only the memberships and the solutions
    #: the word for the unit or the period column (the workbench names them the report's way)
    word = staticmethod(panel_word)

    def enabled(self, study) -> bool:
        return study.spec.get("panel") is not None

    def run(self, ctx) -> None:
        ctx.outputs["panel"] = panel_diagnostics(ctx.study, ctx.frame, ctx["calibration"].data, ctx["solutions"])

    def results(self, ctx) -> dict:
        d = ctx.get("panel")
        return {} if d is None else {"panel": panel_json(ctx.study, d)}

    def csv_tables(self, ctx) -> list[CsvTable]:
        d = ctx.get("panel")
        if d is None:
            return []
        out = []
        for (by, rel), res in d.clusters.items():
            out.append(CsvTable(f"cluster_{by}_{rel}.csv", res.to_frame(), index=False))
            if by == "period" and rel == "sufficiency":
                out += [CsvTable("cluster_within_unit.csv", res.within_frame()),
                        CsvTable("cluster_distances.csv", res.distances(), index=False)]
        return out

    def sheet_caption(self, stem: str, lang: str) -> str | None:
        if stem == "cluster_within_unit":
            return t(lang, "panel.sheet_within")
        if stem == "cluster_distances":
            return t(lang, "panel.sheet_distances")
        if stem.startswith("cluster_"):
            by, _, rel = stem[8:].partition("_")
            if by in ("period", "region") and rel in ("sufficiency", "necessity"):
                return t(lang, "panel.sheet_cluster", by=t(lang, f"panel.by_{by}"), relation=t(lang, f"panel.{rel}"))
        return None

    def figures(self, view, lang: str) -> list:
        return panel_figure_specs(view, lang)

    def sections(self, view, lang: str, figures) -> list[Section]:
        if not view.get("panel"):
            return []
        # a panel's findings lead the summary (what changed between years and regions, with the
        # consistency-over-time figure), and its section follows the summary
        return [Section("summary", t(lang, "sec_summary"), panel_findings_html(view, lang, figures), -1),
                Section("panel", t(lang, "panel.title", period=period_name(view, lang)), panel_html(view, lang, figures), 4)]

    def summary_lines(self, results: dict) -> list[str]:
        return [f"  note: {n}" for n in (results.get("panel") or {}).get("notes", [])]

    def compare_sections(self, view, comparisons, lang: str) -> list:
        return year_over_year_blocks(view, comparisons, lang)
