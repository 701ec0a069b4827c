"""The diagnostics' report section: necessity of combinations (R's superSubset), the rows the
enhanced standard analysis excludes with their reasons (R's findRows types 2 and 3), and case
selection (SetMethods' smmr: the most typical case of each term, typical and deviant cases),
shown beside the configurations.
"""
from __future__ import annotations

from collections.abc import Mapping

from ...tables import Table, html_table
from ...templates import esc, ref
from ...templates.strings import t, t_or
from . import strings  # noqa: F401  (registers the "diagnostics." strings)

__all__ = ["diagnostics_html", "case_selection_table", "esa_table", "CASE_SELECTION_ID"]

#: The id of the case-selection table (in the configurations section), for references to it.
CASE_SELECTION_ID = "tab-case-selection"


def _tx(lang: str, key: str) -> str:
    return t(lang, f"diagnostics.{key}")


def esa_table(results: Mapping, lang: str) -> Table | None:
    """The remainders the enhanced standard analysis excludes, with their reasons in ``lang``."""
    esa = (results.get("diagnostics") or {}).get("esa")
    if esa is None:
        return None
    conds = list(results.get("study", {}).get("conditions") or [])
    rows = [[r["row"], *(r.get(c) for c in conds), r.get("OUT"), r.get("OUT_negated"), r.get("types"),
             "; ".join(_tx(lang, f"reason_{x}") if x in ("2", "3") else x for x in str(r.get("types", "")).split(","))]
            for r in esa.get("table", [])]
    return Table("esa_excluded_rows", _tx(lang, "esa"),
                 [["row", *conds, "OUT", "OUT_negated", "types", "reason"]], rows, notes=[_tx(lang, "esa_note")])


def diagnostics_html(results: Mapping, lang: str) -> str:
    d = results.get("diagnostics") or {}
    out = []
    nc = d.get("necessity_combinations")
    if nc:
        rows = [[r["expression"], t_or(lang, f"diagnostics.type_{r['type']}", str(r["type"])), r["level"], r["inclN"],
                 r["RoN"], r["covN"]] for r in nc.get("expressions", [])]
        out.append(html_table(rows, [_tx(lang, 'expression'), _tx(lang, 'type'), _tx(lang, 'level'), "inclN", "RoN", "covN"],
                              caption=_tx(lang, 'nc')) if rows else f"<h3>{esc(_tx(lang, 'nc'))}</h3><p>–</p>")
        out.append(f"<p class=\"note\">{esc(_tx(lang, 'nc_note').format(incl=nc.get('incl_cut'), cov=nc.get('cov_cut'), ron=nc.get('ron_cut'), depth=nc.get('depth')))}</p>")
    esa = d.get("esa")
    if esa is not None:
        conds = list(results.get("study", {}).get("conditions") or [])
        rows = [[r["row"], *(r.get(c) for c in conds), r.get("OUT"), r.get("OUT_negated"),
                 "; ".join(_tx(lang, f"reason_{x}") if x in ("2", "3") else x
                           for x in str(r.get("types", "")).split(","))]
                for r in esa.get("table", [])]
        out.append(html_table(rows, [_tx(lang, 'row'), *conds, "OUT", "OUT (~)", _tx(lang, 'reason')], caption=_tx(lang, 'esa')) if rows
                   else f"<h3>{esc(_tx(lang, 'esa'))}</h3><p>{esc(_tx(lang, 'esa_none'))}</p>")
        out.append(f"<p class=\"note\">{esc(_tx(lang, 'esa_note'))}</p>")
    if d.get("case_selection") and results.get("configurations"):  # shown beside the configurations
        stop = "。" if lang == "zh" else "."
        out.append(f"<h3>{esc(_tx(lang, 'cs'))}</h3><p>{esc(_tx(lang, 'cs_where'))} {ref('tab', CASE_SELECTION_ID)}{stop}</p>")
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
        return results.cases(cases[:12], lang) + (" …" if len(cases) > 12 else "")

    rows = []
    order = [t for t in configs if t in by_term] + [t for t in by_term if t not in configs]
    for term in order:
        cases = by_term[term]
        typical = [c["case"] for c in cases if c["type"] == "typical"]
        unique = [c["case"] for c in cases if c["type"] == "typical" and c.get("unique_cover")]
        deviant = [c["case"] for c in cases if c["type"] == "deviant consistency"]
        label = (results.configuration_title(configs[term], lang) if term in configs
                 else _tx(lang, 'solution') if term == "solution" else term)
        rows.append([label, term if term != "solution" else "", results.cases(most.get(term, []), lang),
                     listed(unique) if term != "solution" else "", listed(typical), listed(deviant)])
    table = html_table(rows, [_tx(lang, 'configuration'), _tx(lang, 'expression'), _tx(lang, 'most_typical'), _tx(lang, 'unique'), _tx(lang, 'typical'),
                              _tx(lang, 'deviant')], caption=_tx(lang, 'cs'), table_id=CASE_SELECTION_ID)
    return table + f"<p class=\"note\">{esc(_tx(lang, 'cs_note'))}</p>"
