"""Sufficiency: the truth table, the complex, parsimonious and intermediate solutions, and the
configuration table (core and peripheral conditions, Fiss notation)."""
from __future__ import annotations

from ...templates import esc, figure
from ...templates.strings import t, t_or
from ...tables import REPORT_ROWS, to_html
from ...figures import are_provinces
from ...view import ResultsView
from ..base import CsvTable, Method, Section
from . import compare, step
from .figures import sufficiency_figures
from .summary import findings_html, province_ranking, ranking_html
from .tables import configuration_table, solutions_table, truth_table

__all__ = ["Sufficiency"]


class Sufficiency(Method):
    name = "sufficiency"
    steps = ("truth table", "minimisation", "configurations")
    outputs = ("truth_table", "solutions", "configurations")

    def run(self, ctx) -> None:
        study = ctx.study
        ctx.outputs["truth_table"] = step.truth_table(study, ctx["calibration"].data)
        ctx.step("minimisation")
        ctx.outputs["solutions"] = step.minimize(study, ctx["truth_table"])
        ctx.step("configurations")
        ctx.outputs["configurations"] = step.configurations(study, ctx["solutions"])

    def results(self, ctx) -> dict:
        table = ctx["configurations"].to_dict()
        tt = ctx["truth_table"].to_dict()
        return {"truth_table": {k: tt[k] for k in ("incl_cut", "pri_cut", "n_cut", "rows", "unassigned_cases", "notes")},
                "solutions": {k: step.solution_json(v) for k, v in ctx["solutions"].items()},
                "configurations": table["configurations"], "configuration_notes": table["notes"],
                "core_model": table["core_model"], "solution_fit": table["solution_fit"]}

    def csv_tables(self, ctx) -> list[CsvTable]:
        out = [CsvTable("truth_table.csv", ctx["truth_table"].to_frame())]
        out += [CsvTable(f"solution_{k}.csv", sol.to_frame(), index=False) for k, sol in ctx["solutions"].items()]
        conf = ctx["configurations"]
        out += [CsvTable("configurations.csv", conf.to_frame().rename_axis("condition")),
                CsvTable("configurations.md", conf.to_frame(), text=conf.to_markdown())]
        # every case's rank and path: the report shows the best-ranked ones and points here
        study, data = ctx.study, ctx["calibration"].data
        cols = [c for c in [study.outcome, *study.conditions] if c in data.columns]
        ranking = province_ranking(ResultsView({"study": {"outcome": study.outcome, "conditions": cols[1:]},
                                                "memberships": data[cols].to_dict("index"),
                                                "configurations": ctx["configurations"].to_dict()["configurations"]}))
        out.append(CsvTable("ranking.csv", ranking.rename_axis("case")))
        return out

    def sheet_caption(self, stem: str, lang: str) -> str | None:
        fixed = {"truth_table": "sec_truth_table", "configurations": "sec_configurations", "ranking": "sec_ranking"}
        if stem in fixed:
            return t(lang, fixed[stem])
        if stem.startswith("solution_") and stem[9:] in ("complex", "parsimonious", "intermediate"):
            return t(lang, "sheet_solution", kind=t(lang, stem[9:]))
        return None

    def sheet_table(self, stem: str, view, lang: str):
        # the Fiss table's CSV carries the run's words (fit rows, labels): shown in the export's
        return configuration_table(view, lang) if stem == "configurations" else None

    def tables(self, view, lang: str) -> list:
        return [x for x in (configuration_table(view, lang), truth_table(view, lang)) if x is not None]

    def figures(self, view, lang: str) -> list:
        return sufficiency_figures(view, lang)

    def findings(self, view, lang: str, per_configuration) -> list[str]:
        return [findings_html(view, lang, per_configuration)]

    def design_rows(self, view, lang: str) -> list[tuple[str, str]]:
        tt = view.get("truth_table") or {}
        if not tt:
            return []
        incl = tt.get("incl_cut")
        incl = ", ".join(str(v) for v in incl if v is not None) if isinstance(incl, list) else incl
        return [(t(lang, "tt_cuts"), f"{t(lang, 'incl_cut')} {incl}, {t(lang, 'pri_cut')} {tt.get('pri_cut')}, "
                                     f"{t(lang, 'n_cut')} {tt.get('n_cut')}")]

    def summary_lines(self, results: dict) -> list[str]:
        fit = results["solution_fit"]
        lines = [f"solution ({len(results['configurations'])} configurations): inclS {fit['inclS']:.3f}, "
                 f"covS {fit['covS']:.3f}"]
        for c in results["configurations"]:
            core = ", ".join(c["core"]["present"] + ["~" + x for x in c["core"]["absent"]])
            cases = c["cases"]      # the report's rule: the first REPORT_ROWS, the rest counted
            more = f" and {len(cases) - REPORT_ROWS} more in tables/configurations.csv" if len(cases) > REPORT_ROWS else ""
            lines.append(f"  {c['id']}: {c['term']}  core: {core}  cases: {', '.join(cases[:REPORT_ROWS])}{more}")
        lines += [f"  note: {note}" for note in results["configuration_notes"]]
        for kind, sol in results["solutions"].items():
            if not sol["proven_minimal"]:
                lines.append(f"  warning: {kind} solution: " + next(
                    (s for s in sol["statements"] if "not proven minimal" in s), "not proven minimal"))
        return lines

    def compare_case(self, view, case: str, parts: dict):
        return compare.position(view, case)

    def compare_columns(self, view, comparison, lang: str) -> list[tuple[str, object]]:
        return compare.overview_columns(comparison.parts[self.name], lang)

    def compare_facts(self, view, comparison, lang: str) -> list[tuple[str, str]]:
        return compare.facts(view, comparison.parts[self.name], lang)

    def compare_blocks(self, view, comparison, lang: str) -> list:
        return compare.blocks(view, comparison, comparison.parts[self.name], lang)

    def compare_rows(self, view, comparisons, lang: str) -> list[tuple[str, list]]:
        return compare.side_by_side_table_rows(view, comparisons, self.name, lang)

    def sections(self, view, lang: str, figures) -> list[Section]:
        # a panel's ranking is its latest period's (as the maps and the comparison): the pooled
        # unit-periods would be a table of hundreds of rows; the full memberships are in the appendix
        latest, period = view.map_view()
        ranking = ranking_html(latest, lang)
        if period is not None and ranking:
            ranking = (f"<p class=\"note\">{esc(t(lang, 'ranking_latest', period=period, n=len(view.get('memberships') or {})))}"
                       "</p>" + ranking)
        out = [Section("ranking", t(lang, "sec_ranking"), ranking, 5)]
        tt = truth_table(view, lang)
        out.append(Section("truth-table", t(lang, "sec_truth_table"), to_html(tt) if tt else "", 30))
        body = []
        conf = configuration_table(view, lang)
        if conf is not None:
            body.append(to_html(conf))
        sols = solutions_table(view, lang)
        if sols is not None:
            body.append(to_html(sols))
        for kind, sol in (view.get("solutions") or {}).items():
            if sol.get("proven_minimal") is False:  # a time limit ran out: say so where the models are shown
                best = min((len(m.get("terms") or []) for m in sol.get("models", [])), default=None)
                body.append(f"<p class=\"warning\">{esc(t(lang, 'not_proven', solution=t_or(lang, kind, kind), best=best, lower=sol.get('lower_bound')))}</p>")
        out.append(Section("configurations", t(lang, "sec_configurations"), "".join(body), 40))
        figs = [f for f in figures if f[0].section == "xy"]
        out.append(Section("xy", t(lang, "sec_xy"), _grid(figs), 45))
        maps = [f for f in figures if f[0].section == "maps"]
        if maps or _draws_maps(view):    # no section without maps (report.maps: false, or no provinces)
            out.append(Section("maps", t(lang, "sec_maps"),
                               _figures(maps) + f"<p class=\"note\">{esc(t(lang, 'map_note'))}</p>", 50))
        return out


def _draws_maps(view) -> bool:
    if not view.study.get("maps", True) or not view.get("memberships"):
        return False
    return are_provinces(view.map_view()[0].memberships.index)


def _figures(items) -> str:
    return "".join(figure(png, spec.caption, fig_id=f"fig-{spec.name}") for spec, png in items)


def _grid(items) -> str:
    # XY plots two to a row; maps at full width so that their province names stay legible
    return "<div class=\"grid\">" + _figures(items) + "</div>" if items else ""
