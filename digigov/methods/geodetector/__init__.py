"""The geographical detector (Wang et al. 2010, 2016) and the strategy rankings of each configuration."""
from __future__ import annotations

import pandas as pd

from ...templates import esc, figure
from ...templates.strings import t, t_or
from ..base import CsvTable, Method, Section
from .models import STRATEGY_TABLES, run_models
from .sheets import model_sheet
from .models_report import NAMES, models_design_rows, models_figures, models_section, models_tables
from .report import geodetector_figures, geodetector_tables, strategies_html, strategy_statement
from .step import geodetector, strategy_conditions
from . import compare

__all__ = ["Geodetector"]


class Geodetector(Method):
    name = "geodetector"
    steps = ("geodetector",)
    outputs = ("geodetector", "geodetector_models")

    def run(self, ctx) -> None:
        geo = geodetector(ctx.study, ctx.raw, ctx["calibration"].data, ctx["configurations"])
        ctx.outputs["geodetector"] = geo
        # the gdverse-family models of geodetector.models, on the same outcome (None: none asked for)
        y = (ctx["calibration"].data if geo.y_source == "membership" else ctx.raw)[ctx.study.outcome]
        ctx.outputs["geodetector_models"] = run_models(ctx.study, ctx.frame, y, geo.y_source,
                                                       list(geo.strata.columns), geo.strata, ctx["configurations"])

    def configuration_roles(self, table, conditions, *, core: str = "all", auxiliaries: str = "present") -> list:
        return strategy_conditions(table, conditions, core=core, auxiliaries=auxiliaries)

    def results(self, ctx) -> dict:
        out = {"geodetector": ctx["geodetector"].to_dict()}
        if ctx.get("geodetector_models") is not None:
            out["geodetector_models"] = ctx["geodetector_models"].to_dict()
        return out

    def csv_tables(self, ctx) -> list[CsvTable]:
        geo = ctx["geodetector"]
        strat = [{"configuration": s["configuration"], "core": "*".join(s["core"]), **r}
                 for s in geo.to_dict()["strategies"] for r in s["ranking"]]
        # the detectors' frames are numbered 0, 1, ...: no index column (no other table has one)
        return [CsvTable("geodetector_factor.csv", geo.factor.to_frame(), index=False),
                CsvTable("geodetector_interaction.csv", geo.interaction.to_frame(), index=False),
                CsvTable("strategies.csv", pd.DataFrame(strat, columns=["configuration", "core", "auxiliary", "q",
                                                                        "gain", "rank"]), index=False)] + \
            _model_csv(ctx)

    def sheet_caption(self, stem: str, lang: str) -> str | None:
        fixed = {"geodetector_factor": "cap_factor", "geodetector_interaction": "cap_interaction",
                 "strategies": "sec_strategies"}
        if stem in fixed:
            return t(lang, fixed[stem])
        head, _, rest = stem.partition("_")
        if head == "strategies" and rest in NAMES:
            return t(lang, "gdm.cap_strategies", model=NAMES[rest])
        model, _, table = rest.partition("_")
        if head == "gd" and model in NAMES:
            return t(lang, "gdm.sheet", model=NAMES[model], what=t_or(lang, f"gdm.tab_{table}", table))
        return None

    def sheet_table(self, stem: str, view, lang: str):
        return model_sheet(stem, view, lang)

    def tables(self, view, lang: str) -> list:
        return geodetector_tables(view, lang) + models_tables(view, lang)

    def figures(self, view, lang: str) -> list:
        return geodetector_figures(view, lang) + models_figures(view, lang)

    def design_rows(self, view, lang: str) -> list[tuple[str, str]]:
        geo = (view.get("geodetector") or {}).get("discretization") or {}
        rows = [(t(lang, "discretization"), f"{t(lang, 'method')} {geo.get('method')}, {t(lang, 'k')} {geo.get('k')}")]
        return (rows if geo else []) + models_design_rows(view, lang)

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
                Section("strategies", t(lang, "sec_strategies"), strategies_html(view, lang), 70)] + \
            ([Section("gd_models", t(lang, "gdm.sec"), models_section(view, lang, figures), 65)]
             if view.get("geodetector_models") else [])


def _model_csv(ctx) -> list[CsvTable]:
    """One CSV per table of every model that ran (zones and classes by case), and its strategies."""
    models = ctx.get("geodetector_models")
    if models is None:
        return []
    out = []
    for m, res in models.results.items():
        for name, frame in res.tables.items():
            if name in ("zones", "classes"):
                frame = frame.set_axis(ctx.raw.index) if len(frame) == len(ctx.raw) else frame
                frame = frame.reset_index(names=ctx.raw.index.name or "case")
            out.append(CsvTable(f"gd_{m}_{name}.csv", frame, index=False))
        if m in STRATEGY_TABLES and m in models.strategies:
            rows = [{"configuration": s.configuration, "core": "*".join(s.core), **r}
                    for s in models.strategies[m] for r in s.to_dict()["ranking"]]
            out.append(CsvTable(f"strategies_{m}.csv", pd.DataFrame(rows, columns=[
                "configuration", "core", "auxiliary", "q", "gain", "rank"]), index=False))
    return out
