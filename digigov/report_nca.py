"""The NCA section of the study report and its figure, from ``results["nca"]``.

The section shows the effect sizes with their permutation p-values (labelled by Dul's
benchmarks, stated as conventions), the "necessity in kind and in degree" table (fsQCA's
``inclN``/``covN``/``RoN`` beside NCA's ``d`` and ``p``), the bottleneck tables and the ceiling
plots. The figure ``nca_ceilings`` (one panel per condition) is redrawn from the data kept in
``results.json`` (``raw`` or ``memberships``, as the study's ``nca.data`` says); the ceilings do
not depend on the permutations, so no test is rerun.
"""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from .figures import FigureSpec, var_label
from .templates import esc, figure, html_table, lookup, ref

__all__ = ["NCA_STRINGS", "tn", "nca_section", "nca_figure_specs", "nca_result_from_results",
           "kind_degree_export"]

#: Name of the NCA figure (file stem, and ``fig-<name>`` its id in the report).
FIGURE = "nca_ceilings"

NCA_STRINGS = {
    "zh": {
        "intro": "必要条件分析（NCA；Dul，2016）检验条件是否在程度上必要：结果达到某一水平时，条件至少需要达到多高。"
                 "数据：{data}；上限线：{ceilings}；{test}。",
        "data_raw": "原始数据（未校准）", "data_calibrated": "校准后的隶属度",
        "test": "近似置换检验 {n} 次（随机种子 {seed}）", "no_test": "未做置换检验（p 值缺失）",
        "effects": "效应量与置换检验", "condition": "条件", "ceiling": "上限线", "d": "效应量 d",
        "label": "效应大小", "p": "p 值", "p_accuracy": "p 值精度（95%）", "accuracy": "上限精度（%）",
        "above": "上限线以上案例数",
        "benchmarks": "效应大小按 Dul（2016）的惯例划分：0 ≤ d < 0.1 小，0.1 ≤ d < 0.3 中等，0.3 ≤ d < 0.5 大，"
                      "d ≥ 0.5 很大。这是约定俗成的参考，不是检验；请结合 p 值、散点图{plot}与理论解读。",
        "small": "小", "medium": "中等", "large": "大", "very large": "很大", "NA": "–",
        "kind_degree": "必要性：类别与程度（fsQCA 与 NCA）",
        "verdict": "判断", "kind and degree": "类别与程度上均必要", "kind only": "仅类别上必要",
        "degree only": "仅程度上必要", "neither": "不必要",
        "kd_note": "类别（fsQCA）：inclN ≥ {t}。程度（NCA）：每条上限线均满足 d ≥ {d}{p}。两种方法回答不同的问题："
                   "fsQCA 检验结果集合是否为条件集合的子集，NCA 检验散点图{plot}左上角是否存在空白区。",
        "bottleneck": "瓶颈表（{ceiling}）",
        "bn_note": "每行给出结果达到该水平（{y}）所需的各条件最低水平（{x}）。NN：不需要该条件；"
                   "NA：所需水平超出观测范围。",
        "percentage.range": "占取值范围的百分比", "percentage.max": "占最大值的百分比", "actual": "实际值",
        "kd_p": "且 p < {alpha}", "percentile": "百分位", "outcome_level": "结果水平", "fig": "NCA 散点图与上限线（空白区着色）",
        "notes": "说明", "not_run": "研究文件没有 nca: 部分，未做必要条件分析。",
    },
    "en": {
        "intro": "Necessary Condition Analysis (NCA; Dul 2016) asks whether a condition is necessary in degree: "
                 "which level of the condition a given level of the outcome requires. Data: {data}; "
                 "ceilings: {ceilings}; {test}.",
        "data_raw": "raw values (not calibrated)", "data_calibrated": "calibrated memberships",
        "test": "approximate permutation test, {n} permutations (seed {seed})",
        "no_test": "no permutation test (p-values missing)",
        "effects": "Effect sizes and permutation tests", "condition": "Condition", "ceiling": "Ceiling",
        "d": "Effect size d", "label": "Effect", "p": "p-value", "p_accuracy": "p accuracy (95 %)",
        "accuracy": "Ceiling accuracy (%)", "above": "Cases above the ceiling",
        "benchmarks": "Effect labels follow Dul's (2016) conventions: 0 ≤ d < 0.1 small, 0.1 ≤ d < 0.3 medium, "
                      "0.3 ≤ d < 0.5 large, d ≥ 0.5 very large. They are conventions, not a test: read them "
                      "with the p-value, the scatter plot{plot} and the theory.",
        "small": "small", "medium": "medium", "large": "large", "very large": "very large", "NA": "–",
        "kind_degree": "Necessity in kind and in degree (fsQCA and NCA)",
        "verdict": "Verdict", "kind and degree": "necessary in kind and degree", "kind only": "in kind only",
        "degree only": "in degree only", "neither": "not necessary",
        "kd_note": "In kind (fsQCA): inclN ≥ {t}. In degree (NCA): d ≥ {d}{p} for every ceiling. The methods "
                   "answer different "
                   "questions: fsQCA tests whether the outcome set is a subset of the condition set, NCA "
                   "whether the upper-left corner of the scatter plot{plot} is empty.",
        "bottleneck": "Bottleneck table ({ceiling})",
        "bn_note": "Each row gives the minimum level of each condition ({x}) that the outcome level ({y}) "
                   "requires. NN: not necessary; NA: the required level lies beyond the observed range.",
        "percentage.range": "percentage of the range", "percentage.max": "percentage of the maximum",
        "actual": "actual values", "percentile": "percentiles", "kd_p": " and p < {alpha}",
        "outcome_level": "Outcome level",
        "fig": "NCA scatter plots with the ceiling lines (empty zone shaded)", "notes": "Notes",
        "not_run": "The study file has no nca: section; no Necessary Condition Analysis was run.",
    },
}


def tn(lang: str, key: str, **fmt) -> str:
    """An NCA string in ``lang`` (``"zh"`` or ``"en"``).

    >>> tn("en", "bottleneck", ceiling="CE-FDH")
    'Bottleneck table (CE-FDH)'
    """
    return lookup(NCA_STRINGS, lang, key, **fmt)


def _ceiling_name(c: str) -> str:
    return str(c).upper().replace("_", "-")


def nca_result_from_results(results: Mapping):
    """The NCA of ``results["nca"]`` redone without the permutation test (for the plots), or None."""
    import fsqca

    nca = results.get("nca")
    if not isinstance(nca, Mapping):
        return None
    source = results.get("memberships" if nca.get("data") == "calibrated" else "raw")
    conds = [c.get("condition") for c in nca.get("conditions") or []]
    outcome = nca.get("outcome")
    if not source or not conds:
        return None
    frame = pd.DataFrame.from_dict(source, orient="index")
    if outcome not in frame.columns or any(c not in frame.columns for c in conds):
        return None
    st = nca.get("settings") or {}
    return fsqca.nca(frame[[outcome, *conds]].astype(float), outcome, conds,
                     ceilings=st.get("ceilings") or ("ce_fdh", "cr_fdh"), test_rep=0)


def nca_figure_specs(results: Mapping, lang: str) -> list[FigureSpec]:
    """The ceiling plots of ``results["nca"]`` (one multi-panel figure), or nothing."""
    if not isinstance(results.get("nca"), Mapping):
        return []

    def draw():
        res = nca_result_from_results(results)
        names = [res.outcome, *res.conditions]
        return res.plot(lang=lang, labels={c: var_label(results, c, lang) for c in names})

    return [FigureSpec(FIGURE, "nca", tn(lang, "fig"), draw)]


def _label(lang: str, effect) -> str:
    return NCA_STRINGS[lang].get(str(effect), str(effect))


def _plot_ref(lang: str, figures=()) -> str:
    """" (Figure N)" after "the scatter plot" when the report shows the NCA figure, else ""."""
    if not any(spec.name == FIGURE for spec, _ in figures):
        return ""
    link = ref("fig", f"fig-{FIGURE}")
    return f"（{link}）" if lang == "zh" else f" ({link})"


def _kind_degree_rows(results: Mapping, lang: str, nca: Mapping, plot: str = "") -> tuple[list, list, str]:
    """Header, rows and criteria note of the kind-and-degree table (``plot``: see :func:`_plot_ref`)."""
    ceilings = list((nca.get("settings") or {}).get("ceilings") or [])
    head = [tn(lang, "condition"), "inclN", "covN", "RoN"]
    for c in ceilings:
        head += [f"d ({_ceiling_name(c)})", f"p ({_ceiling_name(c)})"]
    head.append(tn(lang, "verdict"))
    body = [[var_label(results, r.get("condition", ""), lang), r.get("inclN"), r.get("covN"), r.get("RoN"),
             *(r.get(f"{k}_{c}") for c in ceilings for k in ("d", "p")), tn(lang, r.get("verdict", "neither"))]
            for r in nca.get("kind_and_degree") or []]
    crit = nca.get("kind_and_degree_criteria") or {}
    p = tn(lang, "kd_p", alpha=f"{crit['alpha']:g}") if crit.get("alpha") is not None else ""
    note = tn(lang, "kd_note", t=f"{crit.get('inclN_threshold', 0.9):g}", d=f"{crit.get('min_effect', 0.1):g}", p=p,
              plot=plot)
    return head, body, note


def kind_degree_export(results: Mapping, lang: str) -> list:
    """The kind-and-degree table as a publication table (``digigov export``), or nothing."""
    from .export_tables import ExportTable

    nca = results.get("nca")
    if not isinstance(nca, Mapping) or not nca.get("kind_and_degree"):
        return []
    head, body, note = _kind_degree_rows(results, lang, nca)
    formats = ["text", "3f", "3f", "3f", *(["3f", "p"] * ((len(head) - 5) // 2)), "text"]
    return [ExportTable("nca_kind_and_degree", tn(lang, "kind_degree"), [head], body, formats,
                        [note, tn(lang, "benchmarks", plot="")])]


def nca_section(results: Mapping, lang: str, figures=()) -> str:
    """HTML of the report's NCA section; ``figures`` are the report's ``(FigureSpec, png)``."""
    nca = results.get("nca")
    if not isinstance(nca, Mapping):
        return f"<p class=\"note\">{esc(tn(lang, 'not_run'))}</p>"
    st = nca.get("settings") or {}
    ceilings = list(st.get("ceilings") or [])
    test = (tn(lang, "test", n=st.get("test_rep"), seed=st.get("seed")) if st.get("test_rep")
            else tn(lang, "no_test"))
    data = tn(lang, "data_calibrated" if nca.get("data") == "calibrated" else "data_raw")
    out = [f"<p>{esc(tn(lang, 'intro', data=data, ceilings=', '.join(map(_ceiling_name, ceilings)), test=test))}</p>"]
    rows = [[var_label(results, e.get("condition", ""), lang), _ceiling_name(c), m.get("effect_size"),
             _label(lang, m.get("effect")), m.get("p_value"), m.get("p_accuracy"), m.get("accuracy"), m.get("above")]
            for e in nca.get("conditions") or [] for c, m in (e.get("ceilings") or {}).items()]
    plot = _plot_ref(lang, figures)
    out.append(html_table(rows, [tn(lang, k) for k in ("condition", "ceiling", "d", "label", "p", "p_accuracy",
                                                       "accuracy", "above")], caption=tn(lang, "effects")))
    out.append(f"<p class=\"note\">{esc(tn(lang, 'benchmarks', plot=plot))}</p>")
    kd = nca.get("kind_and_degree") or []
    if kd:
        head, body, note = _kind_degree_rows(results, lang, nca, plot)
        out.append(html_table(body, head, caption=tn(lang, "kind_degree"), table_id="nca-kind-degree"))
        out.append(f"<p class=\"note\">{esc(note)}</p>")
    for ceiling, tab in (nca.get("bottlenecks") or {}).items():
        if not isinstance(tab, Mapping) or not isinstance(tab.get("outcome"), list):
            continue
        cols = [k for k in tab if k != "outcome"]
        body = [[level, *(tab[c][i] for c in cols)] for i, level in enumerate(tab["outcome"])]
        out.append(html_table(body, [tn(lang, "outcome_level"), *(var_label(results, c, lang) for c in cols)],
                              digits=1, caption=tn(lang, "bottleneck", ceiling=_ceiling_name(ceiling))))
    x_kind, y_kind = st.get("bottleneck_x", "percentage.range"), st.get("bottleneck_y", "percentage.range")
    out.append(f"<p class=\"note\">{esc(tn(lang, 'bn_note', x=tn(lang, x_kind), y=tn(lang, y_kind)))}</p>")
    out += [figure(png, spec.caption, fig_id=f"fig-{spec.name}") for spec, png in figures if spec.section == "nca"]
    notes = nca.get("notes") or []
    if notes:
        out.append(f"<h3>{esc(tn(lang, 'notes'))}</h3><ul>" + "".join(f"<li>{esc(n)}</li>" for n in notes) + "</ul>")
    return "".join(out)
