"""The diagnostics' report section: necessity of combinations (R's superSubset), the rows the
enhanced standard analysis excludes with their reasons (R's findRows types 2 and 3), and case
selection (SetMethods' smmr: the most typical case of each term, typical and deviant cases),
shown beside the configurations.
"""
from __future__ import annotations

from collections.abc import Mapping

from ...tables import Table, case_list, head_rows, html_table, rows_note
from ...templates import esc, ref
from ...templates.strings import t, t_or
from . import strings  # noqa: F401  (registers the "diagnostics." strings)

__all__ = ["diagnostics_html", "case_selection_table", "esa_table", "esa_counts", "CASE_SELECTION_ID"]

#: The id of the case-selection table (in the configurations section), for references to it.
CASE_SELECTION_ID = "tab-case-selection"


def _reasons(lang: str, types) -> str:
    """The reasons of an excluded row ("2,3") in words."""
    return "; ".join(t(lang, f"diagnostics.reason_{x}") if x in ("2", "3") else x for x in str(types or "").split(","))


def esa_counts(excluded, lang: str) -> str:
    """The excluded rows counted by reason (type 2 only, type 3 only, both), in one sentence.

    Examples
    --------
    >>> esa_counts([{"types": "2"}, {"types": "2,3"}, {"types": "2"}], "en")
    '3 rows excluded: 2 contradictory simplifying assumption; 1 contradictory simplifying assumption and simultaneous subset relation.'
    """
    counts: dict[str, int] = {}
    for r in excluded:
        key = ",".join(sorted(str(r.get("types") or "").split(",")))
        counts[key] = counts.get(key, 0) + 1
    both = t(lang, "diagnostics.and")
    parts = [t(lang, "diagnostics.esa_count", k=k, reason=both.join(_reasons(lang, key).split("; ")))
             for key, k in sorted(counts.items())]
    sep = "；" if lang == "zh" else "; "
    return t(lang, "diagnostics.esa_counts", total=len(excluded), parts=sep.join(parts))


def esa_table(results: Mapping, lang: str) -> Table | None:
    """The remainders the enhanced standard analysis excludes, with their reasons in ``lang``."""
    esa = (results.get("diagnostics") or {}).get("esa")
    if esa is None:
        return None
    conds = list(results.get("study", {}).get("conditions") or [])
    rows = [[r["row"], *(r.get(c) for c in conds), r.get("OUT"), r.get("OUT_negated"), r.get("types"),
             _reasons(lang, r.get("types"))] for r in esa.get("table", [])]
    return Table("esa_excluded_rows", t(lang, "diagnostics.esa"),
                 [["row", *conds, "OUT", "OUT_negated", "types", "reason"]], rows,
                 notes=[t(lang, "diagnostics.esa_note")])


def diagnostics_html(results: Mapping, lang: str) -> str:
    d = results.get("diagnostics") or {}
    out = []
    nc = d.get("necessity_combinations")
    if nc:
        caption = t(lang, "diagnostics.nc")
        rows = [[r["expression"], t_or(lang, f"diagnostics.type_{r['type']}", str(r["type"])), r["level"],
                 r["inclN"], r["RoN"], r["covN"]] for r in nc.get("expressions", [])]
        head = [t(lang, "diagnostics.expression"), t(lang, "diagnostics.type"), t(lang, "diagnostics.level"),
                "inclN", "RoN", "covN"]
        out.append(html_table(rows, head, caption=caption) if rows else f"<h3>{esc(caption)}</h3><p>–</p>")
        note = t(lang, "diagnostics.nc_note", incl=nc.get("incl_cut"), cov=nc.get("cov_cut"), ron=nc.get("ron_cut"),
                 depth=nc.get("depth"))
        out.append(f"<p class=\"note\">{esc(note)}</p>")
    esa = d.get("esa")
    if esa is not None:
        caption = t(lang, "diagnostics.esa")
        conds = list(results.get("study", {}).get("conditions") or [])
        excluded = esa.get("table", [])
        shown, _ = head_rows(excluded)   # the full list is the appendix CSV (and the Excel export)
        rows = [[r["row"], *(r.get(c) for c in conds), r.get("OUT"), r.get("OUT_negated"), _reasons(lang, r.get("types"))]
                for r in shown]
        head = [t(lang, "diagnostics.row"), *conds, "OUT", "OUT (~)", t(lang, "diagnostics.reason")]
        if excluded:
            out.append(f"<p>{esc(esa_counts(excluded, lang))}</p>")
        note = rows_note(lang, len(excluded), "tables/esa_excluded_rows.csv")
        out.append(html_table(rows, head, caption=caption, notes=[note] if note else ()) if rows
                   else f"<h3>{esc(caption)}</h3><p>{esc(t(lang, 'diagnostics.esa_none'))}</p>")
        out.append(f"<p class=\"note\">{esc(t(lang, 'diagnostics.esa_note'))}</p>")
    if d.get("case_selection") and results.get("configurations"):  # shown beside the configurations
        stop = "。" if lang == "zh" else "."
        out.append(f"<h3>{esc(t(lang, 'diagnostics.cs'))}</h3><p>{esc(t(lang, 'diagnostics.cs_where'))} "
                   f"{ref('tab', CASE_SELECTION_ID)}{stop}</p>")
    return "".join(out)


def case_selection_table(results: Mapping, lang: str) -> str:
    """Case selection (SetMethods' smmr) with one row per configuration, numbered as the
    configurations are, and a last row for the solution; empty without case selection."""
    cs = (results.get("diagnostics") or {}).get("case_selection")
    if not cs:
        return ""
    by_term: dict = {}
    for c in cs.get("cases", []):
        by_term.setdefault(c["term"], []).append(c)
    configs = {c.get("term"): c for c in results.get("configurations") or []}
    most = cs.get("most_typical") or {}

    def listed(cases):
        return case_list(results, cases, lang, "tables/case_selection.csv")

    rows = []
    order = [term for term in configs if term in by_term] + [term for term in by_term if term not in configs]
    for term in order:
        cases = by_term[term]
        typical = [c["case"] for c in cases if c["type"] == "typical"]
        unique = [c["case"] for c in cases if c["type"] == "typical" and c.get("unique_cover")]
        deviant = [c["case"] for c in cases if c["type"] == "deviant consistency"]
        label = (results.configuration_title(configs[term], lang) if term in configs
                 else t(lang, "diagnostics.solution") if term == "solution" else term)
        rows.append([label, term if term != "solution" else "", results.cases(most.get(term, []), lang),
                     listed(unique) if term != "solution" else "", listed(typical), listed(deviant)])
    head = [t(lang, f"diagnostics.{k}") for k in ("configuration", "expression", "most_typical", "unique", "typical",
                                                  "deviant")]
    table = html_table(rows, head, caption=t(lang, "diagnostics.cs"), table_id=CASE_SELECTION_ID)
    return table + f"<p class=\"note\">{esc(t(lang, 'diagnostics.cs_note'))}</p>"
