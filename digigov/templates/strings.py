"""The string catalogue: every text people see, in Chinese and English, and its one lookup.

Terms of the fit parameters follow the literature: R's names stay as they are (``inclS``,
``PRI``, ``covS``, ``covU``, ``inclN``, ``covN``, ``RoN``); in words, consistency 一致性 and
coverage 覆盖度 (raw 原始覆盖度, unique 唯一覆盖度; the solution's 总体解的一致性 and
总体解的覆盖度), as Chinese management journals print the configuration table (Fiss 2011's
layout; e.g. 杜运周、贾良定 2017, 管理世界 (6)); RoN is the *relevance of necessity*
(Schneider & Wagemann 2012, sec. 9.2: how far a necessary condition is from being trivially
so), 必要性相关度 — not 无关性 ("irrelevance"), the opposite reading.

One dictionary per language with the same keys (checked by the tests); ``t(lang, key)``
looks a string up and formats it.  The study-level strings are below; each method adds its
own under its name with :func:`register` (``t(lang, "nca.intro")``), from the ``strings``
module of its folder, so that a method's words live beside its code and still in one
catalogue.
"""

from __future__ import annotations

LANGUAGES = ("zh", "en")

STRINGS: dict[str, dict[str, str]] = {
    "zh": {
        # summary and ranking
        "synthetic_stamp": "合成数据 · 仅作演示",
        "nearest_other": "最接近的其他组态", "nearest_column": "最接近的（其他）组态",
        "strategies_followed": "所遵循组态 {id} 的策略排序（地理探测器）",
        "compare_map": "结果变量隶属度：{label}（粗框：本报告比较的省份）",
        "sec_summary": "主要发现", "sec_ranking": "省份排名",
        "sec_appendix": "附录：研究设计、参数、软件版本与校验和",
        "is_present": "存在", "is_absent": "缺失",
        "as_core": "以{what}为核心条件", "as_core_one": "以{what}为核心条件",
        "as_peripheral": "以{what}为边缘条件", "as_peripheral_one": "以{what}为边缘条件",
        "summary_intro": "{n} 个案例中，{k} 条组态路径导致高{outcome}；整体解的一致性 {incl}，覆盖度 {cov}。",
        "summary_fit": "一致性 {incl}，PRI {pri}，原始覆盖度 {cov}，唯一覆盖度 {covu}。",
        "summary_cases": "遵循此路径的省份：{cases}。",
        "summary_strategy": "最强策略（{rule}）：核心条件与“{aux}”配合（q = {q}）；{support}。",
        "strategy_rule_cross": "按 q(全部核心条件 ∩ 辅助条件) 排序第 1",
        "strategy_rule_max": "按各核心条件与辅助条件交互 q 的最大值排序第 1",
        "strategy_rule_mean": "按各核心条件与辅助条件交互 q 的均值排序第 1",
        "strategy_support_clear": "在 {share} 的自助重抽样中领先于次优的“{runner}”（{q2}），交互增强的置换检验 p = {p}",
        "strategy_support_indistinct": "在 α = {alpha} 下与次优的“{runner}”（{q2}）无法区分（自助重抽样支持度 {share}）",
        "strategy_support_untested": "领先于次优的“{runner}”（{q2}），未计算统计支持",
        "strategy_support_only": "它是唯一的辅助条件",
        "strategy_none_aux": "无策略排序：该组态没有出现的辅助（边缘）条件可供排序",
        "strategy_none_core": "无策略排序：该组态的核心条件不在地理探测器分层的条件之中",
        "strategy_none_run": "无策略排序：地理探测器未对该组态排序",
        "verdict_robust": "结论稳健：{n} 项检验的解均与原解相同或为其子集/超集（{relations}）。",
        "verdict_partly": "结论部分稳健：部分检验的解与原解仅部分重叠（{relations}）。",
        "verdict_fragile": "结论不稳健：有检验的解与原解不相交或无解（{relations}）。",
        "verdict_untested": "未进行稳健性检验。",
        "verdict_core": "在所有检验中保持的组态项：{k} 个。",
        "summary_note": "判定规则：检验解与原解相同、为其子集或超集即视为稳健（Schneider 与 Wagemann）；"
                        "核心条件同时出现在简约解与中间解中，边缘条件仅出现在中间解中。",
        "path": "所循路径", "follows": "遵循组态 {ids}", "nearest_to": "最接近组态 {id}",
        "rank_of": "{var} 排名", "p_value": "增强检验 p 值", "p_first": "自助法排名第一概率", "support_next": "优于下一条件的比例", "strategy_uncertainty_note": "p 值检验 q(核心∩辅助) 是否超过两者单独的最大 q（置换检验）；自助法（按省份重抽样）给出排名第一的概率及排序被保持的比例。", "small_sample": "小样本提示", "rank_columns": "各条件列为该条件的全国排名：",
        "sort_hint": "点击排序",
        "ranking_note": "全部省份按结果变量隶属度排序；点击表头可按该列排序（再次点击反向）。"
                        "组态隶属度为组态各条件隶属度的最小值，> 0.5 即遵循该组态；排名 1 为全国最高。",
        # page and sections
        "report_title": "研究报告",
        "compare_title": "省份比较报告",
        "contents": "目录",
        "synthetic_banner": "注意：本报告使用的是软件包自带的合成示例数据，并非该研究的真实数据。"
                            "结果仅用于演示分析方法，不能据此得出任何关于各省份的结论。",
        "synthetic_banner_own": "注意：研究文件将本报告的数据标为合成数据（data.synthetic: true），并非实际观测。"
                                "结果仅用于演示分析方法，不能据此得出关于各案例的结论。数据说明如下。",
        "sec_design": "研究设计与数据来源",
        "sec_calibration": "校准",
        "sec_necessity": "必要条件分析",
        "sec_nca": "NCA 必要条件分析：程度上的必要性",
        "sec_truth_table": "真值表",
        "sec_configurations": "组态（Fiss 表示法）",
        "sec_xy": "组态与结果的 XY 图",
        "sec_maps": "隶属度地图",
        "sec_heatmaps": "交互作用热力图",
        "sec_strategies": "策略排序",
        "sec_robustness": "稳健性检验",
        # design
        "title": "研究题目", "outcome": "结果变量", "conditions": "条件变量", "cases": "案例",
        "n_cases": "案例数", "case_column": "案例列", "data_note": "数据说明", "synthetic": "合成数据",
        "yes": "是", "no": "否", "controllable": "可控条件", "tt_cuts": "真值表阈值",
        "incl_cut": "一致性阈值", "pri_cut": "PRI 阈值", "n_cut": "频数阈值",
        "discretization": "地理探测器离散化", "method": "方法", "k": "分层数",
        "versions": "软件版本", "parameters": "参数", "checksums": "输入文件校验和 (SHA-256)",
        "solution_expr": "解", "n_models": "模型数",
        "complex": "复杂解", "parsimonious": "简约解", "intermediate": "中间解",
        # tables
        "column": "变量", "exclusion": "完全不隶属锚点", "crossover": "交叉点", "inclusion": "完全隶属锚点",
        "share_above_half": "隶属度 > 0.5 的比例", "n_at_half": "隶属度恰为 0.5 的案例数",
        "condition": "条件", "inclN": "一致性", "RoN": "必要性相关度 (RoN)", "covN": "覆盖度",
        "necessary": "必要条件", "row": "行", "OUT": "结果", "n": "案例数", "incl": "一致性",
        "pri": "PRI", "cov": "覆盖度", "case_list": "案例",
        "necessity_note": "一致性 ≥ 0.9 且覆盖度足够时，条件可视为必要条件。",
        "tt_note": "仅列出有观测案例的行；OUT 为 1 的行进入最小化。",
        "configuration": "组态", "core": "核心条件", "auxiliary": "辅助（边缘）条件", "rank": "排序",
        "q": "q 值", "partner": "最强交互伙伴", "q_max": "最强交互",
        "strategy_note": "辅助条件按 q(核心条件 ∩ 辅助条件) 从大到小排序：排序越靠前，与核心条件配合对结果的解释力越强。",
        "qmax_note": "每个核心条件与所有条件交互时 q 值最大的伙伴条件。",
        # robustness
        "test": "检验", "solution": "解", "relation": "与原解的关系", "d_incl": "一致性变化",
        "d_cov": "覆盖度变化", "term": "组态项", "matched_by": "对应项",
        "rob_tests": "各检验与原解的比较", "rob_configurations": "各组态在检验中的表现",
        "rob_fit": "稳健性拟合参数（Oana 与 Schneider）", "rob_core": "稳健核心",
        "robust_core_terms": "在所有检验中保持的组态项", "robust_typical_cases": "在所有检验中保持的典型案例",
        "parameter": "参数", "value": "数值", "meaning": "含义",
        "RF_cov": "覆盖度稳健性：稳健核心覆盖度与原解覆盖度之比",
        "RF_cons": "一致性稳健性：稳健核心一致性与原解一致性之比",
        "RF_SC_minTS": "原解与最小检验解的交集一致性",
        "RF_SC_maxTS": "原解与最大检验解的交集一致性",
        "RCR_typ": "典型案例稳健比例", "RCR_dev": "偏离案例稳健比例",
        "identical": "相同", "subset": "子集", "superset": "超集", "overlapping": "部分重叠",
        "disjoint": "不相交", "none": "无对应",
        "none_listed": "无",
        "rows_shown": "共 {total} 行，报告列出前 {shown} 行（{order}）；其余 {more} 行见 {csv}（Excel 导出亦完整）。报告中的表格最多列出 {limit} 行。",
        "cases_more": "等另 {more} 个，见 {csv}",
        "order_as_listed": "按原顺序",
        "order_outcome_rank": "按结果隶属度排名",
        "order_cases": "案例最多的行在前",
        "xy_dense_note": "案例超过 {limit} 个：点以栅格图绘制，仅标注组态隶属度最高的 {labels} 个成员案例。",
        # figures
        "fig_map_outcome": "结果变量隶属度：{label}",
        "fig_map_config": "组态 {id} 的隶属度",
        "fig_in_period": "{title}（{period}年）",
        "fig_interaction": "地理探测器交互作用 q 值",
        "fig_strategy": "组态 {id}：核心条件 × 辅助条件的交互 q 值（优化热力图）",
        "fig_xy": "组态 {id} 与结果的 XY 图",
        "membership": "隶属度", "core_joint": "全部核心条件",
        "ranking_latest": "面板研究：排名只列最近一期（{period}）的各省份；全部 {n} 个单位-时期的隶属度见附录 "
                          "tables/memberships.csv 及 Excel 工作簿，各组态逐年的隶属度见面板部分的热力图。",
        "map_note": "南海诸岛见右下角插图。灰色：无数据（港澳台不参与分析）。",
        # comparison
        "province": "省份", "national_mean": "全国均值", "national_median": "全国中位数",
        "national_rank": "全国排名（共 {n} 个）", "neighbour_mean": "邻省均值", "neighbours": "相邻省份",
        "no_neighbours": "无陆地相邻省份",
        "against_nation": "条件隶属度与全国及邻省比较",
        "belongs_to": "所属组态（隶属度 > 0.5）", "belongs_none": "该省份不属于任何组态（所有组态隶属度 ≤ 0.5）。",
        "config_membership": "组态隶属度", "member": "属于该组态（> 0.5）", "nearest": "最接近的高绩效组态",
        "lacks": "与该组态相比需要加强的条件",
        "lacks_none": "该省份已满足此组态的全部条件。",
        "build": "提升", "reduce": "降低", "to_build": "需加强的条件", "gap": "差距",
        "role": "作用", "role_core": "核心", "role_peripheral": "边缘", "action": "行动方向",
        "context": "情境条件（不可直接调控）",
        "strategies_for": "组态 {id} 的策略排序（地理探测器）",
        "missing_count": "未满足条件数", "summary_table": "所比较省份概览", "province_facts": "邻省与所属组态",
        "chart_title": "{name}：条件隶属度",
        "compare_intro": "隶属度取值 0–1，0.5 为交叉点；排名 1 为全国最高。",
        "nearest_note": "最接近的组态：未满足条件数最少，其次隶属度差距最小。",
        "side_by_side": "所比较省份逐项并列", "item": "项目", "outcome_row": "结果：{label}",
        "row_strategy": "所遵循（否则最接近）组态的最强策略（地理探测器）",
        "gap_range": "差距（最高 − 最低）",
        "side_by_side_note": "▼ 标出每行隶属度较低的省份（灰底加粗；多个省份时为最低者）；差距为该行最高与最低隶属度之差。"
                             "隶属度较低并不总是不利：组态要求缺失的条件以低隶属度为满足。",
        # numbered captions of figures and tables (the report, the Word export)
        "fig_caption": "图 {n}", "tab_caption": "表 {n}", "fig_ref": "图 {n}", "tab_ref": "表 {n}",
        "cap_ranking": "省份排名：结果变量隶属度、组态隶属度、所循路径与各条件排名",
        "cap_calibration": "校准锚点与隶属度分布", "cap_necessity_for": "单个条件对{outcome}的必要性",
        "cap_configurations": "实现{outcome}的组态（Fiss 表示法）", "cap_truth_table": "真值表",
        "cap_solutions": "复杂解、简约解与中间解的模型及拟合参数",
        "cap_core": "组态 {id} 的核心条件", "cap_qmax": "组态 {id}：各核心条件的最强交互伙伴",
        "not_proven": "{solution}未被证明为最小：在时间上限内找到的最佳覆盖含 {best} 个蕴含项，已证明的下界为 {lower}。"
                      "表中的模型是找到的最佳覆盖，而非已证明的最小模型；放宽 minimize.time_limit 可继续求证。",
    },
    "en": {
        "synthetic_stamp": "SYNTHETIC DATA · illustration only",
        "nearest_other": "Nearest other configuration", "nearest_column": "Nearest (other) configuration",
        "strategies_followed": "Strategy ranking for configuration {id}, which it follows (geodetector)",
        "compare_map": "Outcome membership: {label} (thick outline: the provinces compared here)",
        "sec_summary": "Main findings", "sec_ranking": "Province ranking",
        "sec_appendix": "Appendix: design, parameters, software versions and checksums",
        "is_present": " present", "is_absent": " absent",
        "as_core": "{what} as core conditions", "as_core_one": "{what} as a core condition",
        "as_peripheral": "{what} as peripheral conditions", "as_peripheral_one": "{what} as a peripheral condition",
        "summary_intro": "Among {n} cases, {k} configurations lead to high {outcome}; the overall solution has "
                         "consistency {incl} and coverage {cov}.",
        "summary_fit": "Consistency {incl}, PRI {pri}, raw coverage {cov}, unique coverage {covu}.",
        "summary_cases": "Provinces on this path: {cases}.",
        "summary_strategy": "Strongest strategy ({rule}): pair the core with {aux} (q = {q}); {support}.",
        "strategy_rule_cross": "rank 1 by q(all core conditions ∩ auxiliary)",
        "strategy_rule_max": "rank 1 by the largest q(core condition ∩ auxiliary)",
        "strategy_rule_mean": "rank 1 by the mean q(core condition ∩ auxiliary)",
        "strategy_support_clear": "ahead of the runner-up {runner} ({q2}) in {share} of bootstrap resamples, "
                                  "enhancement permutation p = {p}",
        "strategy_support_indistinct": "not distinguishable from the runner-up {runner} ({q2}) at α = {alpha} "
                                       "(bootstrap support {share})",
        "strategy_support_untested": "ahead of the runner-up {runner} ({q2}); support not computed",
        "strategy_support_only": "the only auxiliary condition",
        "strategy_none_aux": "no strategy ranking: the configuration has no present peripheral condition to rank",
        "strategy_none_core": "no strategy ranking: its core conditions are not among the stratified conditions",
        "strategy_none_run": "no strategy ranking: the geographical detector did not rank this configuration",
        "verdict_robust": "robust: in all {n} tests the solution is identical to the original or a subset or "
                          "superset of it ({relations}).",
        "verdict_partly": "partly robust: some tests give a solution that only overlaps the original ({relations}).",
        "verdict_fragile": "not robust: some test gives a solution disjoint from the original, or none ({relations}).",
        "verdict_untested": "no robustness test was run.",
        "verdict_core": "Terms that survive every test: {k}.",
        "summary_note": "Rule: a test counts as robust when its solution is identical to the original or a subset or "
                        "superset of it (Schneider and Wagemann). Core conditions appear in both the parsimonious and "
                        "the intermediate solution, peripheral ones only in the intermediate solution.",
        "path": "Path", "follows": "follows configuration {ids}", "nearest_to": "nearest to configuration {id}",
        "rank_of": "Rank {var}", "p_value": "Enhancement p", "p_first": "P(first), bootstrap", "support_next": "Order kept vs next", "strategy_uncertainty_note": "The p-value tests whether q(core ∩ auxiliary) exceeds the larger single q (permutation test); the bootstrap over provinces gives the probability of ranking first and how often each condition stays above the next one.", "small_sample": "Small-sample warnings", "rank_columns": "Condition columns give the province's rank on that condition: ",
        "sort_hint": "click to sort",
        "ranking_note": "All provinces by outcome membership; click a header to sort by that column (again to "
                        "reverse). Membership in a configuration is the minimum over its conditions; above 0.5 the "
                        "province follows it. Rank 1 is the highest in the country.",
        "report_title": "Study report",
        "compare_title": "Province comparison report",
        "contents": "Contents",
        "synthetic_banner": "Note: this report uses the package's SYNTHETIC example data, not the study's data. "
                            "The results only illustrate the method; draw no conclusion about any province from them.",
        "synthetic_banner_own": "Note: the study file marks the data of this report as SYNTHETIC (data.synthetic: "
                                "true), not observed values. The results only illustrate the method; draw no "
                                "conclusion about any case from them. The data note follows.",
        "sec_design": "Study design and data provenance",
        "sec_calibration": "Calibration",
        "sec_necessity": "Necessity analysis",
        "sec_nca": "Necessary Condition Analysis (NCA): necessity in degree",
        "sec_truth_table": "Truth table",
        "sec_configurations": "Configurations (Fiss notation)",
        "sec_xy": "XY plots of the configurations against the outcome",
        "sec_maps": "Membership maps",
        "sec_heatmaps": "Interaction heatmaps",
        "sec_strategies": "Strategy rankings",
        "sec_robustness": "Robustness",
        "title": "Title", "outcome": "Outcome", "conditions": "Conditions", "cases": "Cases",
        "n_cases": "Number of cases", "case_column": "Case column", "data_note": "Data note",
        "synthetic": "Synthetic data", "yes": "yes", "no": "no", "controllable": "Controllable conditions",
        "tt_cuts": "Truth-table cut-offs", "incl_cut": "consistency", "pri_cut": "PRI", "n_cut": "frequency",
        "discretization": "Geodetector discretisation", "method": "method", "k": "strata",
        "versions": "Software versions", "parameters": "Parameters", "checksums": "Input checksums (SHA-256)",
        "solution_expr": "Solution", "n_models": "models",
        "complex": "complex", "parsimonious": "parsimonious", "intermediate": "intermediate",
        "column": "Variable", "exclusion": "Full non-membership", "crossover": "Crossover",
        "inclusion": "Full membership", "share_above_half": "Share above 0.5", "n_at_half": "Cases at 0.5",
        "condition": "Condition", "inclN": "Consistency", "RoN": "Relevance of necessity (RoN)", "covN": "Coverage",
        "necessary": "Necessary", "row": "Row", "OUT": "OUT", "n": "n", "incl": "Consistency",
        "pri": "PRI", "cov": "Coverage", "case_list": "Cases",
        "necessity_note": "A condition counts as necessary at consistency ≥ 0.9 with enough coverage.",
        "tt_note": "Only rows with observed cases are listed; rows with OUT = 1 enter minimisation.",
        "configuration": "Configuration", "core": "Core conditions", "auxiliary": "Auxiliary (peripheral) condition",
        "rank": "Rank", "q": "q", "partner": "Strongest partner", "q_max": "Strongest interaction",
        "strategy_note": "Auxiliary conditions ranked by q(core ∩ auxiliary), strongest first: the higher a "
                         "condition ranks, the more of the outcome it explains together with the core.",
        "qmax_note": "For each core condition, the partner with the largest interaction q among all conditions.",
        "test": "Test", "solution": "Solution", "relation": "Relation to the original", "d_incl": "Change in consistency",
        "d_cov": "Change in coverage", "term": "Term", "matched_by": "Matched by",
        "rob_tests": "Tests side by side with the original solution", "rob_configurations": "Configurations across tests",
        "rob_fit": "Robustness fit parameters (Oana & Schneider)", "rob_core": "Robust core",
        "robust_core_terms": "Terms that survive every test", "robust_typical_cases": "Typical cases that survive every test",
        "parameter": "Parameter", "value": "Value", "meaning": "Meaning",
        "RF_cov": "coverage of the robust core relative to the original solution",
        "RF_cons": "consistency of the robust core relative to the original solution",
        "RF_SC_minTS": "consistency of the original solution's intersection with the minimal test set",
        "RF_SC_maxTS": "consistency of the original solution's intersection with the maximal test set",
        "RCR_typ": "robust share of typical cases", "RCR_dev": "robust share of deviant cases",
        "identical": "identical", "subset": "subset", "superset": "superset", "overlapping": "overlapping",
        "disjoint": "disjoint", "none": "no solution",
        "none_listed": "none",
        "rows_shown": "{total} rows; the report lists the first {shown} ({order}); the other {more} are in {csv} (and the Excel export). Report tables list at most {limit} rows.",
        "cases_more": "and {more} more in {csv}",
        "order_as_listed": "in their order",
        "order_outcome_rank": "by outcome rank",
        "order_cases": "the rows with the most cases first",
        "xy_dense_note": "More than {limit} cases: points drawn as a raster image; labelled are the {labels} members with the highest membership in the configuration.",
        "fig_map_outcome": "Outcome membership: {label}",
        "fig_map_config": "Membership in configuration {id}",
        "fig_in_period": "{title} ({period})",
        "fig_interaction": "Geodetector interaction q",
        "fig_strategy": "Configuration {id}: core × auxiliary interaction q (optimisation heatmap)",
        "fig_xy": "Configuration {id} against the outcome",
        "membership": "membership", "core_joint": "all core conditions",
        "ranking_latest": "Panel study: the ranking lists the provinces of the latest period ({period}) only; the "
                          "memberships of all {n} unit-periods are in the appendix file tables/memberships.csv and "
                          "the Excel workbook, and each configuration's memberships by year in the panel section's "
                          "heatmaps.",
        "map_note": "South China Sea islands in the inset at lower right. Grey: no data "
                    "(Hong Kong, Macao and Taiwan are not analysed).",
        "province": "Province", "national_mean": "National mean", "national_median": "National median",
        "national_rank": "Rank among {n}", "neighbour_mean": "Neighbours' mean", "neighbours": "Neighbours",
        "no_neighbours": "no land neighbour",
        "against_nation": "Condition memberships against the nation and the neighbours",
        "belongs_to": "Configurations it belongs to (membership > 0.5)",
        "belongs_none": "The province belongs to no configuration (every membership ≤ 0.5).",
        "config_membership": "Membership in the configurations", "member": "Member (> 0.5)", "nearest": "Nearest high-performing configuration",
        "lacks": "Conditions to build compared with that configuration",
        "lacks_none": "The province already meets every condition of this configuration.",
        "build": "build up", "reduce": "reduce", "to_build": "Condition to build", "gap": "Gap",
        "role": "Role", "role_core": "core", "role_peripheral": "peripheral", "action": "Direction",
        "context": "context condition (not directly controllable)",
        "strategies_for": "Strategy ranking for configuration {id} (geodetector)",
        "missing_count": "conditions missed", "summary_table": "Overview of the compared provinces",
        "province_facts": "neighbours and configurations",
        "chart_title": "{name}: condition memberships",
        "compare_intro": "Memberships run from 0 to 1 with the crossover at 0.5; rank 1 is the highest in the country.",
        "nearest_note": "Nearest configuration: fewest conditions missed, then the smallest membership gap.",
        "side_by_side": "The compared provinces side by side", "item": "Item", "outcome_row": "Outcome: {label}",
        "row_strategy": "Strongest strategy of the configuration followed, else the nearest (geodetector)",
        "gap_range": "Gap (highest − lowest)",
        "side_by_side_note": "▼ marks the province with the lower membership in a row (shaded and bold; with more "
                             "than two provinces, the lowest); the gap is the row's highest minus its lowest "
                             "membership. A lower membership is not always a shortfall: a condition a configuration "
                             "wants absent is met by a low membership.",
        "fig_caption": "Figure {n}.", "tab_caption": "Table {n}.", "fig_ref": "Figure {n}", "tab_ref": "Table {n}",
        "cap_ranking": "Province ranking: outcome membership, configuration memberships, path and condition ranks",
        "cap_calibration": "Calibration anchors and membership distribution",
        "cap_necessity_for": "Necessity of single conditions for {outcome}",
        "cap_configurations": "Configurations for {outcome} (Fiss notation)", "cap_truth_table": "Truth table",
        "cap_solutions": "Models of the complex, parsimonious and intermediate solutions with their fit",
        "cap_core": "Core conditions of configuration {id}",
        "cap_qmax": "Configuration {id}: strongest interaction partner of each core condition",
        "not_proven": "The {solution} solution is not proven minimal: the best cover found within the time limit "
                      "has {best} implicants and the proven lower bound is {lower}. Its models are the best covers "
                      "found, not proven minimal ones; a larger minimize.time_limit lets the proof go on.",
    },
}


#: The strings of the publication tables and the workbook (Word, Excel), in the same catalogue.
_TABLES = {
    "zh": {
        "table": "表{n}", "cap_necessity": "单个条件的必要性检验",
        "cap_factor": "地理探测器：因子探测", "cap_interaction": "地理探测器：交互作用探测",
        "cap_strategies": "策略排序（地理探测器）", "cap_nca_effects": "NCA 必要条件分析：效应量",
        "cap_nca_bottleneck": "NCA 瓶颈表（{ceiling}）", "cap_nca_other": "NCA：{key}",
        "condition_col": "条件变量", "overall_incl": "总体解的一致性", "overall_pri": "总体解的 PRI",
        "overall_cov": "总体解的覆盖度", "raw_cov": "原始覆盖度", "unique_cov": "唯一覆盖度", "cases_covered": "覆盖案例",
        "note": "注：", "fiss_core_present": "核心条件存在，", "fiss_core_absent": "核心条件缺失，",
        "fiss_peri_present": "边缘条件存在，", "fiss_peri_absent": "边缘条件缺失；",
        "fiss_blank": "空白表示该条件可存在可缺失。大符号为核心条件，小符号为边缘条件。",
        "negation": "“~”表示条件或结果的非集（缺失）。", "codes": "条件代码：{codes}。",
        "cuts": "一致性阈值 {incl}，PRI 阈值 {pri}，频数阈值 {n}。", "p": "p 值",
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
        "synthetic_table_note": "数据为软件包自带的合成示例数据，并非研究的真实数据，仅用于演示方法。",
        "synthetic_table_note_own": "数据由研究文件标为合成数据（data.synthetic: true），并非实际观测，仅用于演示方法。",
        # workbook contents sheet
        "sheet": "工作表", "content": "内容", "file": "文件",
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
        "cases_covered": "Cases covered",
        "note": "Note: ", "fiss_core_present": " core condition present, ",
        "fiss_core_absent": " core condition absent, ",
        "fiss_peri_present": " peripheral condition present, ", "fiss_peri_absent": " peripheral condition absent; ",
        "fiss_blank": "blank: the condition may be present or absent. Large symbols are core conditions, "
                      "small symbols peripheral ones.",
        "negation": "“~” denotes the negation (absence) of a condition or the outcome.",
        "codes": "Condition codes: {codes}.",
        "cuts": "Consistency cut-off {incl}, PRI cut-off {pri}, frequency cut-off {n}.", "p": "p",
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
        "synthetic_table_note": "Synthetic example data shipped with the package, not the study's data; for "
                     "illustration of the method only.",
        "synthetic_table_note_own": "The study file marks these data as synthetic (data.synthetic: true), not "
                                    "observed values; for illustration of the method only.",
        "sheet": "Sheet", "content": "Content", "file": "File",
        "sheet_raw_conditions": "Data before calibration", "sheet_memberships": "Calibrated memberships",
        "sheet_composites": "Entropy weights: {name}", "sheet_competition": "Competition pressure: {name}",
        "sheet_solution": "Terms and fit of the {kind} solution",
        "xlsx_note": "Each sheet holds the same values as the CSV file in the tables folder; fit parameters "
                     "are shown with 3 decimals, cells keep 16 significant digits.",
    },
}
for _lang in LANGUAGES:
    STRINGS[_lang].update(_TABLES[_lang])


def t(lang: str, key: str, **fmt) -> str:
    """The string ``key`` in language ``lang``, formatted with ``fmt``.

    Examples
    --------
    >>> t("en", "fig_map_config", id="2")
    'Membership in configuration 2'
    """
    if lang not in STRINGS:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    return lookup(STRINGS, lang, key, **fmt)


def t_or(lang: str, key: str, default: str, **fmt) -> str:
    """:func:`t` when the catalogue has ``key``, else ``default`` (a code such as R's names).

    >>> t_or("en", "no such key", "inclS")
    'inclS'
    """
    return t(lang, key, **fmt) if key in STRINGS.get(lang, {}) else default


def lookup(table: dict, lang: str, key: str, **fmt) -> str:
    """The string ``key`` of ``table[lang]`` (a table of strings per language), formatted with
    ``fmt`` when given.

    Examples
    --------
    >>> lookup({"en": {"n": "{k} cases"}}, "en", "n", k=3)
    '3 cases'
    """
    text = table[lang][key]
    return text.format(**fmt) if fmt else text


def register(namespace: str, table: dict[str, dict[str, str]]) -> None:
    """Add a method's strings to the catalogue as ``namespace.key`` (same keys in every language).

    Examples
    --------
    >>> register("demo", {"zh": {"hi": "你好，{who}"}, "en": {"hi": "hello, {who}"}})
    >>> t("zh", "demo.hi", who="北京")
    '你好，北京'
    """
    keys = {lang: set(table[lang]) for lang in LANGUAGES}
    if keys["zh"] != keys["en"]:
        raise ValueError(f"strings of {namespace!r} differ between zh and en: {sorted(keys['zh'] ^ keys['en'])}")
    for lang in LANGUAGES:
        STRINGS[lang].update({f"{namespace}.{k}": v for k, v in table[lang].items()})


def study_title(study, lang: str) -> str:
    """The study's title in the page's language (``title_zh`` for Chinese when given)."""
    if lang == "zh" and study.get("title_zh"):
        return study["title_zh"]
    return study.get("title", "") or ""
