"""The publication tables of a results folder, in the report language, ready for Word.

:func:`publication_tables` turns ``results.json`` into a list of :class:`ExportTable`: the
configuration table in Fiss notation, the necessity table, the truth table, the geodetector's
factor, interaction and strategy tables, and the NCA tables when ``results.json`` holds them.
Each table carries its caption and notes; cells hold plain values, :class:`Fiss` symbols or
:class:`Span` cells (one value across several columns).  The Word writer
(:mod:`digigov.export_word`) only lays these out.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from geodetector.plotting import TEXT as GEO_TEXT

from .figures import case_label, var_label
from .templates import lookup, t

__all__ = ["ExportTable", "Fiss", "Span", "publication_tables", "format_cell", "label"]

#: Export-only strings; everything else (captions shared with the report among them) comes from
#: ``digigov.templates.strings``.
STRINGS = {
    "zh": {
        "table": "表{n}", "cap_necessity": "单个条件的必要性检验",
        "cap_factor": "地理探测器：因子探测", "cap_interaction": "地理探测器：交互作用探测",
        "cap_strategies": "策略排序（地理探测器）", "cap_nca_effects": "NCA 必要条件分析：效应量",
        "cap_nca_bottleneck": "NCA 瓶颈表（{ceiling}）", "cap_nca_other": "NCA：{key}",
        "condition_col": "条件变量", "overall_incl": "总体一致性", "overall_pri": "总体 PRI",
        "overall_cov": "总体覆盖度", "raw_cov": "原始覆盖度", "unique_cov": "唯一覆盖度", "cases": "覆盖案例",
        "note": "注：", "fiss_core_present": "核心条件存在，", "fiss_core_absent": "核心条件缺失，",
        "fiss_peri_present": "边缘条件存在，", "fiss_peri_absent": "边缘条件缺失；",
        "fiss_blank": "空白表示该条件可存在可缺失。大符号为核心条件，小符号为边缘条件。",
        "negation": "“~”表示条件或结果的非集（缺失）。", "codes": "条件代码：{codes}。",
        "cuts": "一致性阈值 {incl}，PRI 阈值 {pri}，频数阈值 {n}。", "p_value": "p 值",
        "n_strata": "分层数", "x1": "因子 1", "x2": "因子 2", "q1": "q(X1)", "q2": "q(X2)",
        "q12": "q(X1∩X2)", "type": "交互类型", "gain": "q 增量",
        "factor_note": "q 值为因子分层对结果空间分异的解释力（0–1）；p 值来自 F 检验（Wang 等，2016）。"
                       "离散化：{method}，{k} 层。",
        "interaction_note": "交互类型按 Wang 等（2016）的判据确定。",
        "strategy_q": "q(核心∩辅助)", "ceiling": "上限线", "effect_size": "效应量 d",
        "accuracy": "上限精度（%）", "above": "上限线以上案例数", "nca_outcome": "结果水平",
        "nca_effect_note": "效应量 d：0–0.1 小，0.1–0.3 中等，0.3–0.5 大，≥0.5 很大（Dul，2016）；"
                           "p 值来自置换检验（未进行时为空）。",
        "nca_bottleneck_note": "NN 表示在该结果水平下不需要该条件（not necessary）。",
        "synthetic": "数据为软件包自带的合成示例数据，并非研究的真实数据，仅用于演示方法。",
        # workbook contents sheet
        "contents": "目录", "sheet": "工作表", "content": "内容", "file": "文件",
        "sheet_raw_conditions": "校准前的原始数据", "sheet_memberships": "校准后的隶属度",
        "sheet_composites": "熵权法权重：{name}", "sheet_competition": "府际竞争压力：{name}",
        "sheet_solution": "{kind}的各组态项与拟合参数",
        "xlsx_note": "各工作表与 tables 文件夹中的 CSV 文件内容相同；拟合参数显示三位小数，单元格保留 16 位有效数字。",
    },
    "en": {
        "table": "Table {n}", "cap_necessity": "Necessity of single conditions",
        "cap_factor": "Geodetector: factor detector", "cap_interaction": "Geodetector: interaction detector",
        "cap_strategies": "Strategy rankings (geodetector)", "cap_nca_effects": "NCA: effect sizes",
        "cap_nca_bottleneck": "NCA bottleneck table ({ceiling})", "cap_nca_other": "NCA: {key}",
        "condition_col": "Condition", "overall_incl": "Solution consistency", "overall_pri": "Solution PRI",
        "overall_cov": "Solution coverage", "raw_cov": "Raw coverage", "unique_cov": "Unique coverage",
        "cases": "Cases covered",
        "note": "Note: ", "fiss_core_present": " core condition present, ",
        "fiss_core_absent": " core condition absent, ",
        "fiss_peri_present": " peripheral condition present, ", "fiss_peri_absent": " peripheral condition absent; ",
        "fiss_blank": "blank: the condition may be present or absent. Large symbols are core conditions, "
                      "small symbols peripheral ones.",
        "negation": "“~” denotes the negation (absence) of a condition or the outcome.",
        "codes": "Condition codes: {codes}.",
        "cuts": "Consistency cut-off {incl}, PRI cut-off {pri}, frequency cut-off {n}.", "p_value": "p",
        "n_strata": "Strata", "x1": "Factor 1", "x2": "Factor 2", "q1": "q(X1)", "q2": "q(X2)",
        "q12": "q(X1∩X2)", "type": "Interaction type", "gain": "Gain in q",
        "factor_note": "q is the share of the outcome's spatial variance explained by the factor's strata (0–1); "
                       "p from the F test (Wang et al., 2016). Discretisation: {method}, {k} strata.",
        "interaction_note": "Interaction types follow Wang et al. (2016).",
        "strategy_q": "q(core∩auxiliary)", "ceiling": "Ceiling", "effect_size": "Effect size d",
        "accuracy": "Accuracy (%)", "above": "Cases above the ceiling", "nca_outcome": "Outcome level",
        "nca_effect_note": "Effect size d: 0–0.1 small, 0.1–0.3 medium, 0.3–0.5 large, ≥ 0.5 very large "
                           "(Dul, 2016); p from the permutation test (blank when not run).",
        "nca_bottleneck_note": "NN: the condition is not necessary for that level of the outcome.",
        "synthetic": "Synthetic example data shipped with the package, not the study's data; for "
                     "illustration of the method only.",
        "contents": "Contents", "sheet": "Sheet", "content": "Content", "file": "File",
        "sheet_raw_conditions": "Data before calibration", "sheet_memberships": "Calibrated memberships",
        "sheet_composites": "Entropy weights: {name}", "sheet_competition": "Competition pressure: {name}",
        "sheet_solution": "Terms and fit of the {kind} solution",
        "xlsx_note": "Each sheet holds the same values as the CSV file in the tables folder; fit parameters "
                     "are shown with 3 decimals, cells keep 16 significant digits.",
    },
}


def label(lang: str, key: str, **fmt) -> str:
    """An export string (``STRINGS``, else the report's strings), formatted."""
    return lookup(STRINGS, lang, key, **fmt) if key in STRINGS[lang] else t(lang, key, **fmt)


@dataclass(frozen=True)
class Fiss:
    """A cell of the Fiss table: ``symbol`` is ``●`` (present) or ``⊗`` (absent)."""

    symbol: str
    core: bool


@dataclass(frozen=True)
class Span:
    """One value written across ``columns`` columns (the solution-fit rows of the Fiss table)."""

    value: object
    columns: int


@dataclass(frozen=True)
class ExportTable:
    """One publication table: caption, header rows, body rows and notes.

    ``header`` is a list of header rows (each a list of cells, :class:`Span` for a group
    heading); ``formats`` gives one of ``"text"``, ``"3f"``, ``"p"``, ``"int"`` per column.
    A note is a string or a tuple of strings and :class:`Fiss` symbols.
    """

    key: str
    caption: str
    header: list
    rows: list
    formats: list
    notes: list = field(default_factory=list)

    @property
    def n_columns(self) -> int:
        return len(self.formats)


def format_cell(value, fmt: str) -> str:
    """Text of a cell: 3 decimals for ``"3f"``, p-values below 0.001 as ``<0.001``.

    Examples
    --------
    >>> format_cell(0.96297, "3f"), format_cell(0.0004, "p"), format_cell(None, "3f"), format_cell(3.0, "int")
    ('0.963', '<0.001', '', '3')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return str(value)
    if fmt in ("3f", "p") and isinstance(value, (int, float)):
        if fmt == "p" and 0 <= value < 0.0005:
            return "<0.001"
        return f"{value:.3f}"
    if fmt == "int" and isinstance(value, (int, float)):
        return str(int(round(value)))
    return str(value)


def _literal(results, literal: str, lang: str) -> str:
    neg = literal.startswith("~")
    name = var_label(results, literal.lstrip("~"), lang)
    return f"~{name}" if neg else name


def _cases(cases, lang: str) -> str:
    sep = "、" if lang == "zh" else ", "
    return sep.join(case_label(c, lang) for c in cases or [])


def _configurations(results, lang):
    configs = results.get("configurations") or []
    if not configs:
        return None
    study = results["study"]
    conds = list(study.get("conditions") or [])
    for cfg in configs:     # conditions named in a configuration but not in the study list
        for role in ("core", "peripheral"):
            for kind in ("present", "absent"):
                conds += [c for c in (cfg.get(role) or {}).get(kind, []) if c not in conds]
    n = len(configs)
    header = [[label(lang, "condition_col"), Span(t(lang, "configuration"), n)],
              ["", *(str(c.get("id")) for c in configs)]]
    rows = []
    for cond in conds:
        row = [var_label(results, cond, lang)]
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
        text = t(lang, name) if name in ("incl", "pri") else label(lang, name)
        rows.append([text, *(c.get(key) for c in configs)])
    rows.append([label(lang, "cases"), *(_cases(c.get("cases"), lang) for c in configs)])
    fit = results.get("solution_fit") or {}
    for key, name in (("inclS", "overall_incl"), ("PRI", "overall_pri"), ("covS", "overall_cov")):
        rows.append([label(lang, name), Span(fit.get(key), n)])
    note = (label(lang, "note"), Fiss("●", True), label(lang, "fiss_core_present"), Fiss("⊗", True),
            label(lang, "fiss_core_absent"), Fiss("●", False), label(lang, "fiss_peri_present"),
            Fiss("⊗", False), label(lang, "fiss_peri_absent"), label(lang, "fiss_blank"))
    outcome = var_label(results, study.get("outcome", ""), lang)
    return ExportTable("configurations", label(lang, "cap_configurations", outcome=outcome), header, rows,
                       ["text", *["3f"] * n], [note])


def _necessity(results, lang):
    recs = results.get("necessity") or []
    if not recs:
        return None
    outcomes = list(dict.fromkeys(r.get("outcome", "") for r in recs))
    conds = list(dict.fromkeys(r.get("condition", "") for r in recs))
    by = {(r.get("outcome", ""), r.get("condition", "")): r for r in recs}
    keys = ("inclN", "RoN", "covN")
    header = [[label(lang, "condition_col"), *(Span(_literal(results, o, lang), len(keys)) for o in outcomes)],
              ["", *(t(lang, k) for _ in outcomes for k in keys)]]
    rows = [[_literal(results, c, lang), *((by.get((o, c)) or {}).get(k) for o in outcomes for k in keys)]
            for c in conds]
    notes = [t(lang, "necessity_note") + " " + label(lang, "negation")]
    return ExportTable("necessity", label(lang, "cap_necessity"), header, rows,
                       ["text", *["3f"] * (len(keys) * len(outcomes))], notes)


def _truth_table(results, lang):
    tt = results.get("truth_table") or {}
    rows_in = tt.get("rows") or []
    if not rows_in:
        return None
    conds = list(results["study"].get("conditions") or rows_in[0].get("config", {}))
    header = [[t(lang, "row"), *conds, t(lang, "OUT"), t(lang, "n"), t(lang, "incl"), t(lang, "pri"),
               t(lang, "case_list")]]
    rows = [[r.get("row"), *(r.get("config", {}).get(c) for c in conds), r.get("OUT"), r.get("n"), r.get("incl"),
             r.get("PRI"), _cases(r.get("cases"), lang)] for r in rows_in]
    incl = tt.get("incl_cut")
    incl = ", ".join(str(v) for v in incl if v is not None) if isinstance(incl, list) else incl
    codes = ("；" if lang == "zh" else "; ").join(f"{c} = {var_label(results, c, lang).rsplit(' (', 1)[0]}"
                                                  for c in conds)
    notes = [t(lang, "tt_note") + " " + label(lang, "cuts", incl=incl, pri=tt.get("pri_cut"), n=tt.get("n_cut")),
             label(lang, "codes", codes=codes)]
    return ExportTable("truth_table", label(lang, "cap_truth_table"), header, rows,
                       ["int", *["int"] * len(conds), "text", "int", "3f", "3f", "text"], notes)


def _geodetector(results, lang):
    geo = results.get("geodetector") or {}
    out = []
    disc = geo.get("discretization") or {}
    if geo.get("factor"):
        rows = [[var_label(results, r.get("factor", ""), lang), r.get("q"), r.get("p_value"), r.get("n_strata")]
                for r in geo["factor"]]
        out.append(ExportTable("geodetector_factor", label(lang, "cap_factor"),
                               [[t(lang, "condition"), t(lang, "q"), label(lang, "p_value"), label(lang, "n_strata")]],
                               rows, ["text", "3f", "p", "int"],
                               [label(lang, "factor_note", method=disc.get("method", ""), k=disc.get("k", ""))]))
    if geo.get("interaction"):
        types = GEO_TEXT[lang]["types"]
        rows = [[var_label(results, r.get("x1", ""), lang), var_label(results, r.get("x2", ""), lang), r.get("q1"),
                 r.get("q2"), r.get("q12"), types.get(r.get("type"), r.get("type"))] for r in geo["interaction"]]
        out.append(ExportTable("geodetector_interaction", label(lang, "cap_interaction"),
                               [[label(lang, k) for k in ("x1", "x2", "q1", "q2", "q12", "type")]], rows,
                               ["text", "text", "3f", "3f", "3f", "text"], [label(lang, "interaction_note")]))
    rows = []
    for s in geo.get("strategies") or []:
        core = "∩".join(var_label(results, c, lang) for c in s.get("core", []))
        for r in sorted(s.get("ranking") or [], key=lambda r: r.get("rank", 0)):
            rows.append([str(s.get("configuration")), core, r.get("rank"),
                         var_label(results, r.get("auxiliary", ""), lang), r.get("q"), r.get("gain")])
    if rows:
        out.append(ExportTable("strategies", label(lang, "cap_strategies"),
                               [[t(lang, "configuration"), t(lang, "core"), t(lang, "rank"), t(lang, "auxiliary"),
                                 label(lang, "strategy_q"), label(lang, "gain")]], rows,
                               ["text", "text", "int", "text", "3f", "3f"], [t(lang, "strategy_note")]))
    return out


def _nca(results, lang):
    """NCA tables from ``results["nca"]`` (effect sizes per condition and ceiling, bottlenecks);
    other lists of records are shown as they are; anything else is skipped."""
    nca = results.get("nca")
    if not isinstance(nca, Mapping):
        return []
    out = []
    conds = nca.get("conditions")
    rows = []
    for c in conds if isinstance(conds, list) else []:
        if not isinstance(c, Mapping):
            continue
        for ceiling, v in (c.get("ceilings") or {}).items():
            if isinstance(v, Mapping):
                rows.append([var_label(results, str(c.get("condition", "")), lang), ceiling.upper().replace("_", "-"),
                             v.get("effect_size"), v.get("p_value"), v.get("accuracy"), v.get("above")])
    if rows:
        out.append(ExportTable("nca_effects", label(lang, "cap_nca_effects"),
                               [[label(lang, "condition_col"), label(lang, "ceiling"), label(lang, "effect_size"),
                                 label(lang, "p_value"), label(lang, "accuracy"), label(lang, "above")]], rows,
                               ["text", "text", "3f", "p", "3f", "int"], [label(lang, "nca_effect_note")]))
    bottlenecks = nca.get("bottlenecks")
    for ceiling, tab in (bottlenecks.items() if isinstance(bottlenecks, Mapping) else []):
        if not (isinstance(tab, Mapping) and isinstance(tab.get("outcome"), list)):
            continue
        cols = [k for k, v in tab.items() if k != "outcome" and isinstance(v, list)]
        rows = [[level, *(tab[c][i] if i < len(tab[c]) else None for c in cols)]
                for i, level in enumerate(tab["outcome"])]
        name = str(ceiling).upper().replace("_", "-")
        out.append(ExportTable(f"nca_bottleneck_{ceiling}", label(lang, "cap_nca_bottleneck", ceiling=name),
                               [[label(lang, "nca_outcome"), *(var_label(results, c, lang) for c in cols)]], rows,
                               ["3f"] * (len(cols) + 1), [label(lang, "nca_bottleneck_note")]))
    from .report_nca import kind_degree_export

    out += kind_degree_export(results, lang)
    for key, value in nca.items():
        if key in ("conditions", "bottlenecks", "kind_and_degree") or not (isinstance(value, list) and value
                                                         and all(isinstance(r, Mapping) for r in value)):
            continue
        cols = [k for k in dict.fromkeys(k for r in value for k in r) if not isinstance(value[0].get(k), (dict, list))]
        rows = [[r.get(k) for k in cols] for r in value]
        fmts = ["3f" if any(isinstance(r.get(k), float) for r in value) else "text" for k in cols]
        out.append(ExportTable(f"nca_{key}", STRINGS[lang]["cap_nca_other"].format(key=key), [cols], rows, fmts))
    return out


def publication_tables(results: Mapping, lang: str) -> list[ExportTable]:
    """Every publication table of ``results`` in ``lang``, numbered in order.

    Examples
    --------
    >>> res = {"study": {"outcome": "Y", "conditions": ["A"], "synthetic": False},
    ...        "necessity": [{"outcome": "Y", "condition": "A", "inclN": 0.95, "RoN": 0.6, "covN": 0.7}]}
    >>> [(x.key, x.caption) for x in publication_tables(res, "en")]
    [('necessity', 'Table 1. Necessity of single conditions')]
    """
    tables = [_configurations(results, lang), _necessity(results, lang), _truth_table(results, lang),
              *_geodetector(results, lang), *_nca(results, lang)]
    out = []
    synthetic = bool(results.get("study", {}).get("synthetic"))
    for table in (x for x in tables if x is not None):
        n = len(out) + 1
        sep = "  " if lang == "zh" else ". "
        notes = list(table.notes) + ([label(lang, "synthetic")] if synthetic else [])
        out.append(ExportTable(table.key, f"{label(lang, 'table', n=n)}{sep}{table.caption}", table.header,
                               table.rows, table.formats, notes))
    return out
