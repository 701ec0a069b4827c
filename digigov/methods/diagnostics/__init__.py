"""Set-theoretic diagnostics: superSubset, the enhanced standard analysis' exclusions, case selection."""
from __future__ import annotations

from ...templates.strings import t
from ..base import CsvTable, Method, Section
from .report import case_selection_table, diagnostics_html, esa_table
from .step import diagnostics, esa_frame

__all__ = ["DiagnosticsMethod"]


class DiagnosticsMethod(Method):
    name = "diagnostics"

    def run(self, ctx) -> None:
        ctx.outputs["diagnostics"] = diagnostics(ctx.study, ctx["calibration"].data, ctx["truth_table"],
                                                 ctx["solutions"])

    def results(self, ctx) -> dict:
        d = ctx.get("diagnostics")
        return {} if d is None else {"diagnostics": d._dict()}

    def csv_tables(self, ctx) -> list[CsvTable]:
        d = ctx.get("diagnostics")
        if d is None:
            return []
        out = [CsvTable("necessity_combinations.csv", d.necessity_combinations.to_frame(), index=False),
               CsvTable("esa_excluded_rows.csv", esa_frame(d.esa), index=False)]
        if d.case_selection is not None:
            out += [CsvTable("case_selection.csv", d.case_selection.to_frame(), index=False),
                    CsvTable("case_selection_pairs.csv", d.case_selection.pairs, index=False)]
        return out

    def sheet_caption(self, stem: str, lang: str) -> str | None:
        keys = {"necessity_combinations": "nc", "esa_excluded_rows": "esa", "case_selection": "cs",
                "case_selection_pairs": "cs_pairs"}
        return t(lang, f"diagnostics.{keys[stem]}") if stem in keys else None

    def sheet_table(self, stem: str, view, lang: str):
        # the reasons are words: in the export's language (the CSV keeps the run's English)
        return esa_table(view, lang) if stem == "esa_excluded_rows" else None

    def sections(self, view, lang: str, figures) -> list[Section]:
        if not view.get("diagnostics"):
            return []
        out = [Section("diagnostics", t(lang, "diagnostics.title"), diagnostics_html(view, lang), 90)]
        cs = case_selection_table(view, lang)
        if cs:   # beside the configurations it selects cases for
            out.append(Section("configurations", "", cs, 40))
        return out
