"""The sufficiency analysis' tables: the configurations in Fiss notation, the truth table, the models."""
from __future__ import annotations

from ...tables import REPORT_ROWS, Fiss, Span, Table, case_list, head_rows, rows_note
from ...templates.strings import t, t_or
from .summary import top_cases

__all__ = ["configuration_table", "truth_table", "solutions_table", "CONFIGURATIONS_ID"]

CONFIGURATIONS_ID = "tab-configurations"


def configuration_table(view, lang: str) -> Table | None:
    """The configurations in Fiss notation with their fit and cases (Fiss 2011; Ragin and Fiss 2008)."""
    configs = view.configurations
    if not configs:
        return None
    conds = list(view.study.get("conditions") or [])
    for cfg in configs:     # conditions named in a configuration but not in the study list
        for role in ("core", "peripheral"):
            for kind in ("present", "absent"):
                conds += [c for c in (cfg.get(role) or {}).get(kind, []) if c not in conds]
    n = len(configs)
    header = [[t(lang, "condition_col"), Span(t(lang, "configuration"), n)],
              ["", *(str(c.get("id")) for c in configs)]]
    rows = []
    for cond in conds:
        row = [view.label(cond, lang)]
        for cfg in configs:
            cell = ""
            for role in ("core", "peripheral"):
                part = cfg.get(role) or {}
                if cond in part.get("present", []):
                    cell = Fiss("●", role == "core")
                elif cond in part.get("absent", []):
                    cell = Fiss("⊗", role == "core")
            row.append(cell)
        rows.append(row)
    for key, name in (("inclS", "incl"), ("PRI", "pri"), ("covS", "raw_cov"), ("covU", "unique_cov")):
        rows.append([t(lang, name), *(c.get(key) for c in configs)])
    rows.append([t(lang, "cases_covered"), *(case_list(view, top_cases(view, c), lang, "tables/configurations.csv")
                                              for c in configs)])
    fit = view.get("solution_fit") or {}
    for key, name in (("inclS", "overall_incl"), ("PRI", "overall_pri"), ("covS", "overall_cov")):
        rows.append([t(lang, name), Span(fit.get(key), n)])
    note = (t(lang, "note"), Fiss("●", True), t(lang, "fiss_core_present"), Fiss("⊗", True),
            t(lang, "fiss_core_absent"), Fiss("●", False), t(lang, "fiss_peri_present"),
            Fiss("⊗", False), t(lang, "fiss_peri_absent"), t(lang, "fiss_blank"))
    outcome = view.label(view.study.get("outcome", ""), lang)
    return Table("configurations", t(lang, "cap_configurations", outcome=outcome), header, rows,
                 ["text", *["3f"] * n], [note], table_id=CONFIGURATIONS_ID, publish=True, order=10)


def truth_table(view, lang: str) -> Table | None:
    tt = view.get("truth_table") or {}
    rows_in = tt.get("rows") or []
    if not rows_in:
        return None
    conds = list(view.study.get("conditions") or rows_in[0].get("config", {}))
    header = [[t(lang, "row"), *conds, t(lang, "OUT"), t(lang, "n"), t(lang, "incl"), t(lang, "pri"),
               t(lang, "case_list")]]
    # the rows that matter first: those with cases, the most populated first (the CSV has every row)
    shown, _ = head_rows(sorted(rows_in, key=lambda r: -(r.get("n") or 0)) if len(rows_in) > REPORT_ROWS else rows_in)
    rows = [[r.get("row"), *(r.get("config", {}).get(c) for c in conds), r.get("OUT"), r.get("n"), r.get("incl"),
             r.get("PRI"), case_list(view, r.get("cases"), lang, "tables/truth_table.csv")] for r in shown]
    incl = tt.get("incl_cut")
    incl = ", ".join(str(v) for v in incl if v is not None) if isinstance(incl, list) else incl
    codes = ("；" if lang == "zh" else "; ").join(f"{c} = {view.plain(c, lang)}" for c in conds)
    notes = [t(lang, "tt_note") + " " + t(lang, "cuts", incl=incl, pri=tt.get("pri_cut"), n=tt.get("n_cut")),
             t(lang, "codes", codes=codes)]
    more = rows_note(lang, len(rows_in), "tables/truth_table.csv", t(lang, "order_cases"))
    notes += [more] if more else []
    return Table("truth_table", t(lang, "cap_truth_table"), header, rows,
                 ["int", *["int"] * len(conds), "text", "int", "3f", "3f", "text"], notes, publish=True, order=30)


def solutions_table(view, lang: str) -> Table | None:
    rows = []
    for kind, sol in (view.get("solutions") or {}).items():
        for model in sol.get("models", [])[:3]:
            fit = model.get("fit") or {}
            rows.append([t_or(lang, str(kind), str(kind)), model.get("expression", ""), fit.get("inclS"),
                         fit.get("PRI"), fit.get("covS"), sol.get("n_models")])
    if not rows:
        return None
    return Table("solutions", t(lang, "cap_solutions"),
                 [[t(lang, "solution_expr"), "", t(lang, "incl"), t(lang, "pri"), t(lang, "cov"), t(lang, "n_models")]],
                 rows, ["text", "text", "3f", "3f", "3f", "int"])
