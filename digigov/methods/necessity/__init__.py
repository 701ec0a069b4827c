"""Necessity of single conditions (fsQCA's ``inclN``, ``RoN``, ``covN``), for the outcome and its negation."""
from __future__ import annotations

import fsqca

from ...tables import Span, Table, to_html
from ...templates.strings import t
from ..base import CsvTable, Method, Section

__all__ = ["Necessity"]

_KEYS = ("inclN", "RoN", "covN")


class Necessity(Method):
    name = "necessity"
    steps = ("necessity",)

    def run(self, ctx) -> None:
        s = ctx.study
        ctx.outputs["necessity"] = fsqca.necessity(ctx["calibration"].data, s.outcome, s.conditions,
                                                   negated_outcome=True)

    def results(self, ctx) -> dict:
        return {"necessity": ctx["necessity"].to_frame().to_dict(orient="records")}

    def csv_tables(self, ctx) -> list[CsvTable]:
        return [CsvTable("necessity.csv", ctx["necessity"].to_frame(), index=False)]

    def sheet_caption(self, stem: str, lang: str) -> str | None:
        return t(lang, "sec_necessity") if stem == "necessity" else None

    def tables(self, view, lang: str) -> list[Table]:
        recs = view.get("necessity") or []
        if not recs:
            return []
        outcomes = list(dict.fromkeys(r.get("outcome", "") for r in recs))
        conds = list(dict.fromkeys(r.get("condition", "") for r in recs))
        by = {(r.get("outcome", ""), r.get("condition", "")): r for r in recs}
        header = [[t(lang, "condition_col"), *(Span(view.literal(o, lang), len(_KEYS)) for o in outcomes)],
                  ["", *(t(lang, k) for _ in outcomes for k in _KEYS)]]
        rows = [[view.literal(c, lang), *((by.get((o, c)) or {}).get(k) for o in outcomes for k in _KEYS)]
                for c in conds]
        notes = [t(lang, "necessity_note") + " " + t(lang, "negation")]
        return [Table("necessity", t(lang, "cap_necessity"), header, rows,
                      ["text", *["3f"] * (len(_KEYS) * len(outcomes))], notes, publish=True, order=20)]

    def sections(self, view, lang: str, figures) -> list[Section]:
        body = "".join(to_html(tab) for tab in self.tables(view, lang))
        return [Section("necessity", t(lang, "sec_necessity"), body, 20)]
