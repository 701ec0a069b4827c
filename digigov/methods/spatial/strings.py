"""The spatial method's strings (``t(lang, "spatial.<key>")``)."""

from ...templates.strings import register

STRINGS = {
    "zh": {
        "title": "空间诊断：组态在哪里集聚、解在哪里失效",
        "intro": "fsQCA 把各省视为相互独立的案例，而相邻省份相互学习、相互竞争。本节检验结果、各组态与解的残差"
                 "（结果隶属度减去解的隶属度）是否在空间上集聚。空间权重：{weights}；{tests}。",
        "intro_weights": "{kind}，{style}，{pairs} 对相邻关系；岛屿规则：{rule}{islands}",
        "islands": "；无相邻省份：{names}",
        "no_islands": "；每个案例都有相邻案例",
        "style_W": "行标准化（空间滞后为邻居均值）", "style_B": "二元权重（按原值）",
        "kind_queen": "Queen 邻接（共享边或顶点）", "kind_rook": "Rook 邻接（共享边）",
        "kind_knn": "{k} 个最近邻", "kind_distance": "{threshold} 公里距离带", "kind_edges": "边列表 {file}",
        "rule_none": "不连接（海南无相邻省份）", "rule_all": "加入海南的两条海上连接",
        "rule_nearest": "连接到最近的有相邻关系的省份", "rule_list": "加入海上连接：{links}",
        "rule_edges": "由边列表决定",
        "tests": "全局 Moran's I 为双侧检验，{global_src}；LISA 聚类取 p ≤ {alpha}，{local_src}{fdr}；随机种子 {seed}",
        "perm": "{n} 次置换", "rand": "随机化矩（未置换）",
        "cperm": "{n} 次条件置换", "analytic": "解析条件矩（未置换）",
        "fdr_yes": "，p 值按 Benjamini–Hochberg 校正", "fdr_no": "，p 值未做多重检验校正",
        "verdict_head": "空间结论",
        "residual_clustered": "残差在空间上集聚（Moran's I = {I}，{p}，{src}）：相邻省份被一同低估或高估，"
                              "组态中可能缺少一个具有空间结构的条件（扩散、竞争或区域因素）。",
        "residual_dispersed": "残差在空间上分散（Moran's I = {I}，{p}，{src}）：相邻省份的预测误差方向相反，"
                              "相邻省份之间的竞争或边界效应会造成这种格局。",
        "residual_not significant": "残差没有空间格局（Moran's I = {I}，{p}，{src}）：在 α = {alpha} 下没有集聚的证据；"
                                    "案例较少时检验的功效有限，这并不证明空间无关紧要。",
        "residual_constant": "残差为常数，没有 Moran's I。",
        "outcome_clustered": "结果在空间上集聚（Moran's I = {I}，{p}，{src}）：案例并非相互独立的抽样，"
                             "解读组态时需要考虑其地理分布。",
        "outcome_dispersed": "结果在空间上分散（Moran's I = {I}，{p}，{src}）：相邻省份的差异大于随机情形。",
        "outcome_not significant": "结果没有显著的空间集聚（Moran's I = {I}，{p}，{src}）。",
        "outcome_constant": "结果为常数，没有 Moran's I。",
        "src_perm": "{n} 次置换", "src_rand": "随机化检验",
        "cap_autocorrelation": "空间自相关：结果、各组态、解与残差的全局 Moran's I",
        "series": "序列", "I": "Moran's I", "EI": "E[I]", "z": "z（随机化）", "p": "p 值", "pattern": "格局",
        "pattern_clustered": "集聚", "pattern_dispersed": "分散", "pattern_not significant": "不显著",
        "pattern_constant (no Moran's I)": "常数（无 Moran's I）",
        "outcome": "结果", "solution": "解（各组态之并）", "residual": "残差（结果 − 解）",
        "autocorrelation_note": "p 值为双侧检验；解的隶属度为各组态隶属度的最大值；残差 > 0 表示解低估了结果，"
                                "< 0 表示高估。Moran's I 的期望值为 −1/(n′ − 1)，n′ 为有相邻案例的案例数。",
        "fig_lisa": "LISA 聚类图：{what}（{stat}）",
        "fig_stat": "Moran's I = {I}，{p}", "fig_constant": "常数",
        "map_note": "LISA 聚类（Anselin 1995）：高-高为热点，低-低为冷点，高-低与低-高为空间异常值；灰色为不显著，"
                    "斜线为无相邻省份。",
        "cap_clusters": "各省的 LISA 聚类",
        "case": "省份", "cluster": "LISA 聚类", "Ii": "局部 Moran's I", "p_used": "用于判定的 p 值",
        "cluster_HH": "高-高（热点）", "cluster_LL": "低-低（冷点）", "cluster_HL": "高-低（异常）",
        "cluster_LH": "低-高（异常）", "cluster_not significant": "不显著", "cluster_no neighbours": "无相邻省份",
        "cluster_constant": "常数",
        "cap_case_selection": "空间案例选择：典型/偏离案例 × 结果的 LISA 聚类",
        "case_type": "案例类型", "selection": "空间建议", "why": "理由",
        "type_typical": "典型", "type_deviant consistency": "偏离（一致性）", "type_deviant coverage": "偏离（覆盖度）",
        "type_irrelevant": "无关",
        "sel_typical in a hot/cold spot": "热点/冷点中的典型案例",
        "sel_typical against its neighbours": "与邻居不同的典型案例",
        "sel_deviant spatial outlier": "作为空间异常值的偏离案例",
        "sel_deviant in a cluster": "位于聚类中的偏离案例",
        "sel_no spatial recommendation": "无空间建议",
        "why_typical in a hot/cold spot": "区域格局中的机制：可与聚类外的典型案例比较",
        "why_typical against its neighbours": "邻居不同而机制仍起作用：最不可能是区域浪潮",
        "why_deviant spatial outlier": "与邻居不同：寻找缺失的本地条件的首选",
        "why_deviant in a cluster": "偏离与邻居共有：寻找缺失的具有空间结构的条件",
        "why_no spatial recommendation": "",
        "case_selection_note": "规则：典型案例（SetMethods smmr）位于高-高或低-低聚类中为“热点/冷点中的典型案例”，"
                               "位于高-低或低-高为“与邻居不同的典型案例”；偏离案例位于高-低或低-高为“作为空间异常值的偏离案例”，"
                               "位于高-高或低-低为“位于聚类中的偏离案例”（Ingram 与 Harbers 2019；Schneider 与 Rohlfing 2013）。"
                               "表中略去无关案例（既不属于解也不属于结果），CSV 文件列出全部案例。",
        "cap_regions": "区域稳健性：依次剔除一个区域后重新求解",
        "test": "检验", "relation": "与原解的关系", "inclS": "inclS", "covS": "covS", "n_terms": "组态数",
        "without": "剔除{region}", "region_east": "东部", "region_central": "中部", "region_west": "西部",
        "region_northeast": "东北",
        "rel_identical": "相同", "rel_subset": "子集", "rel_superset": "超集", "rel_overlapping": "部分重叠",
        "rel_disjoint": "不相交", "rel_none": "无解",
        "regions_note": "稳健核心（Oana 与 Schneider 2021，原解与各检验解的交集）：{core}。",
        "none": "无",
        "cap_lagged": "空间滞后条件：邻居均值作为附加条件时的简约解",
        "lag_condition": "条件", "lag_name": "滞后条件", "lag_I": "滞后的 Moran's I", "lag_r": "与本省取值的相关",
        "lag_share": "隶属度 > 0.5 的比例",
        "lag_without": "简约解（不含滞后）", "lag_with": "简约解（含滞后）", "lag_enters": "滞后条件在解中",
        "enters_present": "存在", "enters_negated": "缺失（取非）", "enters_absent": "未进入", "enters_both": "存在与缺失",
        "lagged_note": "滞后条件为相邻省份原始取值的均值（行标准化权重），无相邻省份的案例取{islands}，按研究的校准锚点"
                       "（{anchors}）校准后作为第 {k} 个条件加入真值表。进入解且取非表示邻居较弱时结果较好（竞争或虹吸），"
                       "取存在表示邻居较强时结果较好（扩散）。条件较多时多数行为逻辑余项，简约解依赖简化假设。",
        "first_model": "（{n} 个同样简约的模型中的第 1 个）",
        "lag_islands_own": "本省取值", "lag_islands_mean": "全体均值",
        "design_weights": "空间权重", "design_tests": "空间检验", "design_diagnostics": "空间诊断",
        "design_tests_value": "{perm} 次置换（LISA {lperm} 次），随机种子 {seed}，α = {alpha}，FDR 校正：{fdr}",
        "yes": "是", "no": "否",
        "diag_autocorrelation": "空间自相关", "diag_lisa_maps": "LISA 聚类图", "diag_case_selection": "空间案例选择",
        "diag_regions": "区域稳健性", "diag_lagged": "空间滞后条件",
        "maps_of": "（{what}）", "map_configurations": "各组态", "map_outcome": "结果", "map_solution": "解",
        "map_residual": "残差",
        "compare_title": "空间位置：各省的 LISA 聚类",
        "compare_map": "LISA 聚类图：{what}（粗框：本报告比较的省份）",
        "compare_intro": "每个比较省份在结果、各组态与残差上的 LISA 聚类（{src}），以及空间案例选择的建议。",
        "sheet_autocorrelation": "空间自相关（Moran's I）", "sheet_lisa": "各省 LISA 聚类",
        "sheet_case_selection": "空间案例选择", "sheet_regions": "区域稳健性",
        "sheet_regions_configurations": "区域稳健性：各组态", "sheet_lagged": "空间滞后条件",
        "sheet_weights": "空间权重（边列表）", "sheet_region_of_case": "区域稳健性：各省所属区域",
        "configuration": "组态 {id}",
    },
    "en": {
        "title": "Spatial diagnostics: where the paths cluster, where the solution fails",
        "intro": "fsQCA treats the provinces as independent cases, while neighbours learn from and compete with "
                 "each other. This section asks whether the outcome, each configuration and the solution's "
                 "residual (outcome membership minus solution membership) cluster in space. Spatial weights: "
                 "{weights}; {tests}.",
        "intro_weights": "{kind}, {style}, {pairs} neighbour pairs; island rule: {rule}{islands}",
        "islands": "; without neighbours: {names}",
        "no_islands": "; every case has a neighbour",
        "style_W": "row-standardised (the lag is the neighbours' mean)", "style_B": "binary (weights as given)",
        "kind_queen": "queen contiguity (a shared border or corner)", "kind_rook": "rook contiguity (a shared border)",
        "kind_knn": "{k} nearest neighbours", "kind_distance": "distance band of {threshold} km",
        "kind_edges": "edge list {file}",
        "rule_none": "no links (Hainan keeps no neighbour)", "rule_all": "Hainan's two sea links added",
        "rule_nearest": "linked to the nearest province with neighbours", "rule_list": "sea links added: {links}",
        "rule_edges": "as the edge list says",
        "tests": "global Moran's I two-sided, {global_src}; LISA clusters at p ≤ {alpha}, {local_src}{fdr}; seed {seed}",
        "perm": "{n} permutations", "rand": "randomisation moments (no permutations)",
        "cperm": "{n} conditional permutations", "analytic": "analytic conditional moments (no permutations)",
        "fdr_yes": ", p-values Benjamini–Hochberg adjusted", "fdr_no": ", p-values not adjusted for multiple tests",
        "verdict_head": "Spatial verdict",
        "residual_clustered": "The residuals are spatially clustered (Moran's I = {I}, {p}, {src}): neighbouring "
                              "provinces are under- or over-predicted together, so a spatially structured condition "
                              "(diffusion, competition or a regional factor) may be missing from the configurations.",
        "residual_dispersed": "The residuals are spatially dispersed (Moran's I = {I}, {p}, {src}): neighbours are "
                              "mispredicted in opposite directions, as competition between neighbours or a boundary "
                              "effect would make them.",
        "residual_not significant": "No spatial pattern in the residuals (Moran's I = {I}, {p}, {src}): no "
                                    "evidence of clustering at alpha = {alpha}; with few cases the test has little "
                                    "power, so this is no proof that space does not matter.",
        "residual_constant": "The residual is constant: it has no Moran's I.",
        "outcome_clustered": "The outcome is spatially clustered (Moran's I = {I}, {p}, {src}): the cases are not "
                             "independent draws; read the configurations with their geography in mind.",
        "outcome_dispersed": "The outcome is spatially dispersed (Moran's I = {I}, {p}, {src}): neighbours differ "
                             "more than chance would make them.",
        "outcome_not significant": "The outcome shows no significant spatial clustering (Moran's I = {I}, {p}, "
                                   "{src}).",
        "outcome_constant": "The outcome is constant: it has no Moran's I.",
        "src_perm": "{n} permutations", "src_rand": "randomisation test",
        "cap_autocorrelation": "Spatial autocorrelation: global Moran's I of the outcome, the configurations, the "
                               "solution and the residual",
        "series": "Series", "I": "Moran's I", "EI": "E[I]", "z": "z (randomisation)", "p": "p-value",
        "pattern": "Pattern",
        "pattern_clustered": "clustered", "pattern_dispersed": "dispersed", "pattern_not significant": "not significant",
        "pattern_constant (no Moran's I)": "constant (no Moran's I)",
        "outcome": "outcome", "solution": "solution (union of the configurations)",
        "residual": "residual (outcome − solution)",
        "autocorrelation_note": "Two-sided p-values; the solution membership is the maximum over the configurations; a "
                                "residual > 0 means the solution under-predicts the outcome, < 0 that it over-predicts. "
                                "E[I] = −1/(n′ − 1), n′ the cases with neighbours.",
        "fig_lisa": "LISA clusters: {what} ({stat})",
        "fig_stat": "Moran's I = {I}, {p}", "fig_constant": "constant",
        "map_note": "LISA clusters (Anselin 1995): High-High hot spots, Low-Low cold spots, High-Low and Low-High "
                    "spatial outliers; grey not significant, hatched without neighbours.",
        "cap_clusters": "LISA cluster of each province",
        "case": "Province", "cluster": "LISA cluster", "Ii": "Local Moran's I", "p_used": "p-value used",
        "cluster_HH": "High-High (hot spot)", "cluster_LL": "Low-Low (cold spot)", "cluster_HL": "High-Low (outlier)",
        "cluster_LH": "Low-High (outlier)", "cluster_not significant": "not significant",
        "cluster_no neighbours": "no neighbours", "cluster_constant": "constant",
        "cap_case_selection": "Spatial case selection: typical and deviant cases by the outcome's LISA cluster",
        "case_type": "Case type", "selection": "Spatial recommendation", "why": "Why",
        "type_typical": "typical", "type_deviant consistency": "deviant (consistency)",
        "type_deviant coverage": "deviant (coverage)", "type_irrelevant": "irrelevant",
        "sel_typical in a hot/cold spot": "typical in a hot/cold spot",
        "sel_typical against its neighbours": "typical against its neighbours",
        "sel_deviant spatial outlier": "deviant spatial outlier",
        "sel_deviant in a cluster": "deviant in a cluster",
        "sel_no spatial recommendation": "no spatial recommendation",
        "why_typical in a hot/cold spot": "the mechanism within a regional pattern: compare with a typical case "
                                          "outside clusters",
        "why_typical against its neighbours": "the mechanism works although the neighbours differ: least likely a "
                                              "regional wave",
        "why_deviant spatial outlier": "differs from its neighbours: first choice to look for a missing local condition",
        "why_deviant in a cluster": "deviance shared with neighbours: look for a missing spatially structured condition",
        "why_no spatial recommendation": "",
        "case_selection_note": "Rule: a typical case (SetMethods' smmr) in a High-High or Low-Low cluster is typical in a "
                               "hot/cold spot, in High-Low or Low-High typical against its neighbours; a deviant case "
                               "in High-Low or Low-High is a deviant spatial outlier, in High-High or Low-Low deviant "
                               "in a cluster (Ingram & Harbers 2019; Schneider & Rohlfing 2013). Irrelevant cases (in neither the solution "
                               "nor the outcome) are left out of this table; the CSV lists every case.",
        "cap_regions": "Region robustness: the solution rerun leaving out each region in turn",
        "test": "Test", "relation": "Relation to the solution", "inclS": "inclS", "covS": "covS",
        "n_terms": "Configurations",
        "without": "without {region}", "region_east": "east", "region_central": "centre", "region_west": "west",
        "region_northeast": "north-east",
        "rel_identical": "identical", "rel_subset": "subset", "rel_superset": "superset",
        "rel_overlapping": "overlapping", "rel_disjoint": "disjoint", "rel_none": "no solution",
        "regions_note": "Robust core (Oana & Schneider 2021: the intersection of the solution and every test "
                        "solution): {core}.",
        "none": "none",
        "cap_lagged": "Spatially lagged conditions: the parsimonious solution with the neighbours' mean as one more "
                      "condition",
        "lag_condition": "Condition", "lag_name": "Lagged condition", "lag_I": "Moran's I of the lag",
        "lag_r": "Correlation with own value", "lag_share": "Share with membership > 0.5",
        "lag_without": "Parsimonious (without the lag)", "lag_with": "Parsimonious (with the lag)",
        "lag_enters": "Lag in the solution",
        "enters_present": "present", "enters_negated": "negated", "enters_absent": "not used",
        "enters_both": "present and negated",
        "lagged_note": "A lagged condition is the neighbours' mean of the raw values (row-standardised weights); a "
                       "case without neighbours takes {islands}; calibrated with the study's anchors ({anchors}) and "
                       "added to the truth table as condition {k}. Negated in the solution: the outcome is high where "
                       "the neighbours are weak (competition, a catchment); present: where they are strong "
                       "(diffusion). With many conditions most rows are remainders and the parsimonious solution rests "
                       "on simplifying assumptions.",
        "first_model": " (model 1 of {n} equally minimal)",
        "lag_islands_own": "its own value", "lag_islands_mean": "the mean of all cases",
        "design_weights": "Spatial weights", "design_tests": "Spatial tests", "design_diagnostics": "Spatial diagnostics",
        "design_tests_value": "{perm} permutations ({lperm} for LISA), seed {seed}, alpha = {alpha}, FDR adjusted: {fdr}",
        "yes": "yes", "no": "no",
        "diag_autocorrelation": "spatial autocorrelation", "diag_lisa_maps": "LISA maps",
        "diag_case_selection": "spatial case selection", "diag_regions": "region robustness",
        "diag_lagged": "lagged conditions",
        "maps_of": " ({what})", "map_configurations": "each configuration", "map_outcome": "outcome",
        "map_solution": "solution", "map_residual": "residual",
        "compare_title": "Where the provinces stand in space: LISA clusters",
        "compare_map": "LISA clusters: {what} (thick outline: the provinces compared here)",
        "compare_intro": "Each compared province's LISA cluster in the outcome, each configuration and the residual "
                         "({src}), and its spatial case-selection recommendation.",
        "sheet_autocorrelation": "Spatial autocorrelation (Moran's I)", "sheet_lisa": "LISA clusters of the provinces",
        "sheet_case_selection": "Spatial case selection", "sheet_regions": "Region robustness",
        "sheet_regions_configurations": "Region robustness: configurations", "sheet_lagged": "Lagged conditions",
        "sheet_weights": "Spatial weights (edge list)", "sheet_region_of_case": "Region robustness: region of each case",
        "configuration": "configuration {id}",
    },
}

register("spatial", STRINGS)
