"""The geographical detector (Wang et al. 2010, 2016) and the strategy rankings of each configuration."""
from __future__ import annotations

import pandas as pd

from ...templates import esc, figure
from ...templates.strings import t
from ..base import CsvTable, Method, Section
from .report import geodetector_figures, geodetector_tables, strategies_html, strategy_statement
from .step import geodetector
from . import compare

__all__ = ["Geodetector"]


class Geodetector(Method):
    name = "geodetector"
    steps = ("geodetector",)

    def run(self, ctx) -> None:
        ctx.outputs["geodetector"] = geodetector(ctx.study, ctx.raw, ctx["calibration"].data, ctx["configurations"])

    def results(self, ctx) -> dict:
        return {"geodetector": ctx["geodetector"].to_dict()}

    def csv_tables(self, ctx) -> list[CsvTable]:
        geo = ctx["geodetector"]
        strat = [{"configuration": s["configuration"], "core": "*".join(s["core"]), **r}
                 for s in geo.to_dict()["strategies"] for r in s["ranking"]]
        # the detectors' frames are numbered 0, 1, ...: no index column (no other table has one)
        return [CsvTable("geodetector_factor.csv", geo.factor.to_frame(), index=False),
                CsvTable("geodetector_interaction.csv", geo.interaction.to_frame(), index=False),
                CsvTable("strategies.csv", pd.DataFrame(strat, columns=["configuration", "core", "auxiliary", "q",
                                                                        "gain", "rank"]), index=False)]

    def sheet_caption(self, stem: str, lang: str) -> str | None:
        fixed = {"geodetector_factor": "cap_factor", "geodetector_interaction": "cap_interaction",
                 "strategies": "sec_strategies"}
        return t(lang, fixed[stem]) if stem in fixed else None

    def tables(self, view, lang: str) -> list:
        return geodetector_tables(view, lang)

    def figures(self, view, lang: str) -> list:
        return geodetector_figures(view, lang)

    def design_rows(self, view, lang: str) -> list[tuple[str, str]]:
        geo = (view.get("geodetector") or {}).get("discretization") or {}
        if not geo:
            return []
        return [(t(lang, "discretization"), f"{t(lang, 'method')} {geo.get('method')}, {t(lang, 'k')} {geo.get('k')}")]

    def configuration_findings(self, view, lang: str, config_id: str) -> list[str]:
        line = strategy_statement(view, config_id, lang)
        return [] if line is None else [esc(line)]

    def compare_case(self, view, case: str, parts: dict):
        # the ranking of the configuration the province follows, else of the nearest one
        pos = parts.get("sufficiency")
        focus = None if pos is None else pos.focus
        return compare.strategy_ranking(view, focus, pos is not None and focus in pos.belongs)

    def compare_blocks(self, view, comparison, lang: str) -> list:
        return compare.blocks(view, comparison, comparison.parts[self.name], lang)

    def compare_rows(self, view, comparisons, lang: str) -> list[tuple[str, list]]:
        return compare.side_by_side_rows(view, [c.parts[self.name] for c in comparisons], lang)

    def sections(self, view, lang: str, figures) -> list[Section]:
        heat = "".join(figure(png, spec.caption, fig_id=f"fig-{spec.name}") for spec, png in figures
                       if spec.section == "heatmaps")
        return [Section("heatmaps", t(lang, "sec_heatmaps"), heat, 60),
                Section("strategies", t(lang, "sec_strategies"), strategies_html(view, lang), 70)]
