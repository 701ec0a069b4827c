"""Spatial diagnostics of the configurations (the study file's ``spatial:``): whether the
outcome, the configurations and the solution's residual cluster in space, LISA maps, spatial
case selection, region robustness and spatially lagged conditions (see :mod:`.step`)."""
from __future__ import annotations

import pandas as pd

from ...templates.strings import STRINGS, t
from ..base import CsvTable, Method, Section
from .report import (SHEETS, compare_html, design_rows, findings_html, spatial_figures, spatial_section,
                     spatial_tables, summary_lines)
from .step import prepare_spatial, run_spatial, spatial_json

__all__ = ["SpatialMethod"]


class SpatialMethod(Method):
    name = "spatial"
    steps = ("spatial diagnostics",)
    outputs = ("spatial", "spatial_prepared")

    def enabled(self, study) -> bool:
        return "spatial" in study.spec

    def check(self, ctx) -> None:
        # the weights (a case without geometry, an edge list naming unknown cases) and the regions,
        # before any analysis; kept for the step
        ctx.outputs["spatial_prepared"] = prepare_spatial(ctx.study, ctx.frame)

    def run(self, ctx) -> None:
        diag = ctx.get("diagnostics")
        ctx.outputs["spatial"] = run_spatial(ctx.study, ctx.frame, ctx.raw, ctx["calibration"].data,
                                             ctx["configurations"], ctx["solutions"],
                                             None if diag is None else diag.case_selection,
                                             prepared=ctx.get("spatial_prepared"))

    def results(self, ctx) -> dict:
        res = ctx.get("spatial")
        return {} if res is None else {"spatial": spatial_json(res)}

    def csv_tables(self, ctx) -> list[CsvTable]:
        res = ctx.get("spatial")
        if res is None:
            return []
        case_col = ctx.study.get("data", "case_column")
        out = [CsvTable("spatial_weights.csv", res.weights.to_frame(), index=False)]
        d = res.diagnostics
        if d is not None:
            out += [CsvTable("spatial_autocorrelation.csv", d.table, index=False),
                    CsvTable("spatial_lisa.csv", d.local.table.rename(columns={"var": "series"}), index=False)]
        if res.case_selection is not None:
            out.append(CsvTable("spatial_case_selection.csv", res.case_selection.to_frame(), index=False))
        if res.regions is not None:
            groups = pd.Series(res.region_labels, name="region").rename_axis(case_col).reset_index()
            out += [CsvTable("spatial_regions.csv", res.regions.comparison),
                    CsvTable("spatial_regions_configurations.csv", res.regions.configurations, index=False),
                    CsvTable("spatial_region_of_case.csv", groups, index=False)]
        if res.lagged is not None:
            out.append(CsvTable("spatial_lagged.csv", res.lagged, index=False))
        return out

    def sheet_caption(self, stem: str, lang: str) -> str | None:
        if not stem.startswith("spatial_"):
            return None
        key = f"spatial.sheet_{stem[8:]}"
        return t(lang, key) if key in STRINGS[lang] else None

    def sheet_table(self, stem: str, view, lang: str):
        if stem not in SHEETS:
            return None
        return next((x for x in spatial_tables(view, lang) if x.key == stem), None)

    def tables(self, view, lang: str) -> list:
        return spatial_tables(view, lang)

    def figures(self, view, lang: str) -> list:
        return spatial_figures(view, lang)

    def sections(self, view, lang: str, figures) -> list[Section]:
        if not view.get("spatial"):
            return []
        return [Section("spatial", t(lang, "spatial.title"), spatial_section(view, lang, figures), 92)]

    def findings(self, view, lang: str, per_configuration) -> list[str]:
        html = findings_html(view, lang)
        return [html] if html else []

    def design_rows(self, view, lang: str) -> list[tuple[str, str]]:
        return design_rows(view, lang)

    def summary_lines(self, results: dict) -> list[str]:
        return summary_lines(results)

    def compare_sections(self, view, comparisons, lang: str) -> list[str]:
        html = compare_html(view, comparisons, lang)
        return [html] if html else []
