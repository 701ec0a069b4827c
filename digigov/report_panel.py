"""Report sections of the diagnostics and of a panel study (called by :mod:`digigov.report`).

:func:`sections` returns ``(anchor, heading, html)`` for:

- ``diagnostics``: necessity of combinations (R's superSubset), the rows excluded by the
  enhanced standard analysis with their reasons (R's findRows types 2 and 3), and case selection
  (SetMethods' smmr: the most typical case of each term, typical and deviant cases);
- ``panel`` (panel studies only): how the panel was analysed, the "consistency over time" figure,
  between-period and between-region consistency tables, and a unit x period membership heatmap
  for each configuration.
"""
from __future__ import annotations

from collections.abc import Mapping

from .figures import case_label, render
from .figures_panel import panel_figure_specs
from .summary import configuration_title
from .templates import esc, figure, html_table, ref

__all__ = ["sections", "TEXT", "case_selection_table", "CASE_SELECTION_ID"]

#: The id of the case-selection table (in the configurations section), for references to it.
CASE_SELECTION_ID = "tab-case-selection"

TEXT = {
    "en": {"diagnostics": "Set-theoretic diagnostics", "panel": "Panel: consistency across years and regions",
           "nc": "Necessity of combinations (R's superSubset)",
           "nc_note": "Conjunctions and disjunctions of conditions (SUIN conditions) that pass inclN >= {incl}, "
                      "covN >= {cov} and RoN >= {ron}, searching up to {depth} literals.",
           "esa": "Enhanced standard analysis: remainders to exclude (R's findRows types 2 and 3)",
           "esa_note": "Remainders used as simplifying assumptions for both the outcome and its negation "
                       "(type 2), and rows consistent with both (type 3). Pass these row numbers to "
                       "minimize.exclude for the enhanced standard analysis.",
           "esa_none": "No contradictory simplifying assumption and no simultaneous subset relation.",
           "cs": "Case selection for follow-up case studies (SetMethods' smmr)",
           "cs_where": "The cases to study for each configuration (most typical, uniquely covered typical, "
                       "deviant in consistency) are listed beside the configurations, in",
           "configuration": "configuration", "solution": "solution (any configuration)",
           "unique": "uniquely covered typical cases",
           "cs_note": "Typical: member of the configuration (> 0.5) and of the outcome, with membership in the "
                      "configuration at most that in the outcome; the most typical has the lowest SetMethods "
                      "score 2(Y - X) + (1 - X). Uniquely covered: typical for no other configuration. "
                      "Deviant in consistency: member of the configuration but not of the outcome.",
           "most_typical": "most typical case(s)", "typical": "typical cases", "deviant": "deviant cases (consistency)",
           "term": "term", "expression": "expression", "type": "type", "level": "literals", "row": "row",
           "reason": "reason", "between": "Between-{by} consistency (sufficiency) of the solution and each term",
           "pooled": "pooled", "distance": "distance (between)", "notes": "How the panel was analysed",
           "within": "Within-province consistency (sufficiency), lowest first", "unit": "unit"},
    "zh": {"diagnostics": "集合论诊断", "panel": "面板：跨年份与区域的一致性",
           "nc": "组合必要性分析（R superSubset）",
           "nc_note": "满足 inclN ≥ {incl}、covN ≥ {cov}、RoN ≥ {ron} 的条件合取与析取（SUIN 条件），最多 {depth} 个条件。",
           "esa": "增强标准分析：应排除的逻辑余项（R findRows 类型 2 与 3）",
           "esa_note": "同时作为结果及其否定的简化假设的余项（类型 2），以及同时一致的行（类型 3）；"
                       "将这些行号写入 minimize.exclude 即为增强标准分析。",
           "esa_none": "没有矛盾的简化假设，也没有同时子集关系。",
           "cs": "后续案例研究的案例选择（SetMethods smmr）",
           "cs_where": "每个组态应研究的案例（最典型案例、唯一覆盖的典型案例、一致性偏离案例）列在组态旁，见",
           "configuration": "组态", "solution": "解（任一组态）", "unique": "唯一覆盖的典型案例",
           "cs_note": "典型案例：属于该组态（> 0.5）且属于结果，且组态隶属度不高于结果隶属度；最典型案例的 "
                      "SetMethods 得分 2(Y − X) + (1 − X) 最低。唯一覆盖：不是其他组态的典型案例。"
                      "一致性偏离案例：属于该组态但不属于结果。",
           "most_typical": "最典型案例", "typical": "典型案例", "deviant": "偏离案例（一致性）",
           "term": "组态", "expression": "表达式", "type": "类型", "level": "条件数", "row": "行",
           "reason": "原因", "between": "解及各组态的组间（{by}）一致性（充分性）",
           "pooled": "合并", "distance": "组间距离", "notes": "面板分析说明",
           "within": "省内（跨年）一致性（充分性），由低到高", "unit": "单位"},
}
_REASON = {"en": {"2": "contradictory simplifying assumption", "3": "simultaneous subset relation"},
           "zh": {"2": "矛盾的简化假设", "3": "同时子集关系"}}


def _cases(cases, lang) -> str:
    return ", ".join(_case(c, lang) for c in cases or [])


def _case(case, lang) -> str:
    """``"Zhejiang 2021"`` in Chinese as ``"浙江 2021"``; other names unchanged."""
    text = str(case)
    head, _, tail = text.rpartition(" ")
    if head and tail.isdigit():
        return f"{case_label(head, lang)} {tail}"
    return case_label(text, lang)


def _diagnostics(results: Mapping, lang: str) -> str:
    d = results.get("diagnostics") or {}
    tx = TEXT[lang]
    out = []
    nc = d.get("necessity_combinations")
    if nc:
        rows = [[r["expression"], r["type"], r["level"], r["inclN"], r["RoN"], r["covN"]] for r in nc.get("expressions", [])]
        out.append(html_table(rows, [tx["expression"], tx["type"], tx["level"], "inclN", "RoN", "covN"],
                              caption=tx["nc"]) if rows else f"<h3>{esc(tx['nc'])}</h3><p>–</p>")
        out.append(f"<p class=\"note\">{esc(tx['nc_note'].format(incl=nc.get('incl_cut'), cov=nc.get('cov_cut'), ron=nc.get('ron_cut'), depth=nc.get('depth')))}</p>")
    esa = d.get("esa")
    if esa is not None:
        conds = list(results.get("study", {}).get("conditions") or [])
        rows = [[r["row"], *(r.get(c) for c in conds), r.get("OUT"), r.get("OUT_negated"),
                 "; ".join(_REASON[lang].get(x, x) for x in str(r.get("types", "")).split(","))]
                for r in esa.get("table", [])]
        out.append(html_table(rows, [tx["row"], *conds, "OUT", "OUT (~)", tx["reason"]], caption=tx["esa"]) if rows
                   else f"<h3>{esc(tx['esa'])}</h3><p>{esc(tx['esa_none'])}</p>")
        out.append(f"<p class=\"note\">{esc(tx['esa_note'])}</p>")
    if d.get("case_selection") and results.get("configurations"):  # shown beside the configurations
        stop = "。" if lang == "zh" else "."
        out.append(f"<h3>{esc(tx['cs'])}</h3><p>{esc(tx['cs_where'])} {ref('tab', CASE_SELECTION_ID)}{stop}</p>")
    return "".join(out)


def case_selection_table(results: Mapping, lang: str) -> str:
    """Case selection (SetMethods' smmr) with one row per configuration, numbered as the
    configurations are, and a last row for the solution; empty without case selection."""
    lang = lang if lang in TEXT else "en"
    tx = TEXT[lang]
    cs = (results.get("diagnostics") or {}).get("case_selection")
    if not cs:
        return ""
    by_term: dict = {}
    for c in cs.get("cases", []):
        by_term.setdefault(c["term"], []).append(c)
    configs = {c.get("term"): c for c in results.get("configurations") or []}
    most = cs.get("most_typical") or {}

    def listed(cases):
        return _cases(cases[:12], lang) + (" …" if len(cases) > 12 else "")

    rows = []
    order = [t for t in configs if t in by_term] + [t for t in by_term if t not in configs]
    for term in order:
        cases = by_term[term]
        typical = [c["case"] for c in cases if c["type"] == "typical"]
        unique = [c["case"] for c in cases if c["type"] == "typical" and c.get("unique_cover")]
        deviant = [c["case"] for c in cases if c["type"] == "deviant consistency"]
        label = (configuration_title(configs[term], lang) if term in configs
                 else tx["solution"] if term == "solution" else term)
        rows.append([label, term if term != "solution" else "", _cases(most.get(term, []), lang),
                     listed(unique) if term != "solution" else "", listed(typical), listed(deviant)])
    table = html_table(rows, [tx["configuration"], tx["expression"], tx["most_typical"], tx["unique"], tx["typical"],
                              tx["deviant"]], caption=tx["cs"], table_id=CASE_SELECTION_ID)
    return table + f"<p class=\"note\">{esc(tx['cs_note'])}</p>"


def _cluster_table(cl: Mapping, lang: str, caption: str) -> str:
    tx = TEXT[lang]
    labels = [b["cluster"] for b in cl["terms"][0]["between"]]
    rows = [[e["term"], e["pooled"]["incl"], *(b["incl"] for b in e["between"]), e["dist_between"]]
            for e in cl["terms"]]
    return html_table(rows, [tx["term"], tx["pooled"], *labels, tx["distance"]], caption=caption)


def _panel(results: Mapping, lang: str) -> str:
    panel = results["panel"]
    tx = TEXT[lang]
    out = [f"<h3>{esc(tx['notes'])}</h3><ul>" + "".join(f"<li>{esc(n)}</li>" for n in panel.get("notes", []))
           + "</ul>"]
    specs = panel_figure_specs(results, lang)
    over = [s for s in specs if s.name == "panel_consistency_over_time"]
    for spec in over:
        out.append(figure(render(spec)["png"], spec.caption, fig_id=f"fig-{spec.name}"))
    for cl in panel.get("clusters", []):
        if cl["relation"] != "sufficiency":
            continue
        by = panel["period"] if cl["by"] == "period" else cl["by"]
        out.append(_cluster_table(cl, lang, tx["between"].format(by=by)))
        if cl["by"] == "period":
            sol = cl["terms"][0]
            low = sorted(sol["within"], key=lambda w: w["incl"])[:10]
            out.append(html_table([[case_label(w["unit"], lang), w["n"], w["incl"], w["cov"]] for w in low],
                                  [tx["unit"], "n", "incl", "cov"], caption=tx["within"]))
    for spec in specs:
        if spec not in over:
            out.append(figure(render(spec)["png"], spec.caption, fig_id=f"fig-{spec.name}"))
    return "".join(out)


def sections(results: Mapping, lang: str) -> list[tuple[str, str, str]]:
    """``(anchor, heading, html)`` of the diagnostics and panel sections ``results`` supports."""
    lang = lang if lang in TEXT else "en"
    out = []
    if results.get("diagnostics"):
        out.append(("diagnostics", TEXT[lang]["diagnostics"], _diagnostics(results, lang)))
    if results.get("panel"):
        out.append(("panel", TEXT[lang]["panel"], _panel(results, lang)))
    return out
