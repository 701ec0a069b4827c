"""The NCA method's strings (``t(lang, "nca.<key>")``)."""

from ...templates.strings import register

STRINGS = {
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
        "cap_effects": "NCA 必要条件分析：效应量", "cap_bottleneck": "NCA 瓶颈表（{ceiling}）",
        "cap_other": "NCA：{key}", "effect_note": "效应量 d：0–0.1 小，0.1–0.3 中等，0.3–0.5 大，≥0.5 很大（Dul，2016）；"
                                                "p 值来自置换检验（未进行时为空）。",
        "bottleneck_note": "NN 表示在该结果水平下不需要该条件。",
        "sheet_effects": "NCA 效应量与置换检验", "sheet_bottleneck": "NCA 瓶颈表（{ceiling}）",
        "sheet_kind_degree": "必要性：类别与程度",
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
        "cap_effects": "NCA: effect sizes", "cap_bottleneck": "NCA bottleneck table ({ceiling})",
        "cap_other": "NCA: {key}", "effect_note": "Effect size d: 0–0.1 small, 0.1–0.3 medium, 0.3–0.5 large, "
                                                "≥ 0.5 very large (Dul, 2016); p from the permutation test (blank "
                                                "when not run).",
        "bottleneck_note": "NN: the condition is not necessary for that level of the outcome.",
        "sheet_effects": "NCA effect sizes and permutation tests", "sheet_bottleneck": "NCA bottleneck table ({ceiling})",
        "sheet_kind_degree": "Necessity in kind and in degree",
    },
}

register("nca", STRINGS)
