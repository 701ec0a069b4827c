"""Calibration: the data with their composite conditions, calibrated into set memberships.

How the data are calibrated (direct calibration with the study's anchors; pooled or per
period for a panel) is the study variant's (:mod:`digigov.variants`); this unit runs it and
shows the anchors and the membership shares.
"""
from __future__ import annotations

from dataclasses import replace

from ...tables import Table, to_html
from ...templates.strings import t
from ...variants.checks import MAIN_STEP, checks_json, set_checks
from ..base import CsvTable, Method, Section
from .warnings import checks_html, summary_warnings, warning_notes

__all__ = ["Calibration"]

_KEYS = ("column", "exclusion", "crossover", "inclusion", "share_above_half", "n_at_half")


class Calibration(Method):
    name = "calibration"
    steps = ("calibration",)

    def check(self, ctx) -> None:
        ctx.variant.check_anchors(ctx.study, ctx.raw)

    def run(self, ctx) -> None:
        cal = ctx.variant.calibrate(ctx.study, ctx.raw, ctx.frame)
        ctx.outputs["calibration"] = cal
        # skewed sets and cases at 0.5 of every calibration of the run (robustness recalibrations
        # add theirs to this list), shown by this method whatever step produced them
        ctx.outputs["calibration_checks"] = [set_checks(cal.data, MAIN_STEP)]

    def results(self, ctx) -> dict:
        cal = ctx["calibration"]
        return {"calibration": cal.report.to_dict(orient="records"),
                "composites": {n: ew.table.reset_index().to_dict(orient="records")
                               for n, ew in ctx.composites.weights.items()},
                "calibration_checks": checks_json(ctx.get("calibration_checks") or []),
                "memberships": {str(i): row for i, row in cal.data.to_dict(orient="index").items()},
                "raw": {str(i): row for i, row in ctx.raw.to_dict(orient="index").items()}}

    def csv_tables(self, ctx) -> list[CsvTable]:
        study = ctx.study
        out = [CsvTable("raw_conditions.csv", ctx.frame[[study.outcome, *study.conditions]]),
               CsvTable("memberships.csv", ctx["calibration"].data),
               CsvTable("calibration.csv", ctx["calibration"].report, index=False)]
        out += [CsvTable(f"composites_{n}.csv", ew.table) for n, ew in ctx.composites.weights.items()]
        # the competition frame is indexed by the cases: the column is named like every other table's
        out += [CsvTable(f"competition_{n}.csv", cp.to_frame().rename_axis(study.get("data", "case_column")))
                for n, cp in ctx.composites.competition.items()]
        return out

    def sheet_caption(self, stem: str, lang: str) -> str | None:
        fixed = {"raw_conditions": "sheet_raw_conditions", "memberships": "sheet_memberships",
                 "calibration": "sec_calibration"}
        if stem in fixed:
            return t(lang, fixed[stem])
        for prefix in ("composites_", "competition_"):
            if stem.startswith(prefix):
                return t(lang, f"sheet_{prefix[:-1]}", name=stem[len(prefix):])
        return None

    def tables(self, view, lang: str) -> list[Table]:
        rows = [[view.label(r.get("column", ""), lang), *(r.get(k) for k in _KEYS[1:])]
                for r in view.get("calibration") or []]
        if not rows:
            return []
        # published (Word) with the calibration's warnings as its notes: a skewed set or cases at
        # 0.5 travel with the anchors into the paper; the report shows them below the table
        return [Table("calibration", t(lang, "cap_calibration"), [[t(lang, k) for k in _KEYS]], rows,
                      ["text", "auto", "auto", "auto", "3f", "int"],
                      notes=warning_notes(view, lang), publish=True, order=15)]

    def warnings(self, view, lang: str) -> list[str]:
        return warning_notes(view, lang)

    def sections(self, view, lang: str, figures) -> list[Section]:
        body = "".join(to_html(replace(tab, notes=[])) for tab in self.tables(view, lang)) + checks_html(view, lang)
        out = [Section("calibration", t(lang, "sec_calibration"), body, 10)]
        warnings = checks_html(view, lang, quiet=True, ident="calibration-warnings")
        if warnings:    # a calibration that may mislead is the first thing the summary says
            out.insert(0, Section("summary", t(lang, "sec_summary"), warnings, -2))
        return out

    def summary_lines(self, results: dict) -> list[str]:
        return summary_warnings(results)
