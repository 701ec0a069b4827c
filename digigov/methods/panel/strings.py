"""The panel method's strings (``t(lang, "panel.<key>")``)."""

from ...templates.strings import register

STRINGS = {
    "zh": {
        "title": "面板：跨{period}与区域的一致性",
        "between": "解及各组态的组间（{by}）一致性（充分性）",
        "by_period": "年份", "by_region": "区域",
        "pooled": "合并",
        "distance": "组间距离",
        "notes": "面板分析说明",
        "within": "{unit}内（跨{period}）一致性（充分性），由低到高",
        "unit": "单位", "term": "组态", "n": "期数", "incl": "一致性", "cov": "覆盖度",
        "note_shape": "面板：{units} 个{unit_name} × {periods} 个{period_name}，长格式；案例记为“{unit_name} {period_name}”。",
        "note_pooled": "校准：对全部单位-时期合并校准（一组锚点）；真值表与解为合并分析。",
        "note_per_period": "校准：在每个{period_name}内分别计算锚点；真值表与解为合并分析。",
        "note_clusters": "对中间解按{period_name}做聚类诊断（SetMethods cluster）。",
        "note_clusters_regions": "对中间解按{period_name}及区域（东部、中部、西部、东北；区域聚类的单位为单位-时期）做聚类诊断（SetMethods cluster）。",
        "note_unbalanced": "非平衡面板（panel.allow_unbalanced 允许）：缺失 {missing}。",
        "note_recalibration": "稳健性检验中的重新校准使用合并锚点。",
        "unit_province": "省份", "period_year": "年份", "unit_any": "单位", "period_any": "时期",
        "over_time": "一致性的时间变化：各组态的组间（{period}）一致性（虚线为合并值）",
        "heatmap": "组态 {id}：各{unit}各{period}的隶属度",
        "consistency": "组间一致性（充分性）", "solution": "总体解", "membership": "隶属度",
        "yoy_title": "逐年变化",
        "yoy_intro": "各省在结果与各组态中的逐期隶属度（除非研究设定 per_period，校准为合并校准）。本页其余部分描述最近一期：{last}。",
        "yoy_chart": "{name}：各{period}隶属度", "configuration": "组态",
        "sheet_cluster": "聚类诊断：按{by}的{relation}", "sufficiency": "充分性", "necessity": "必要性",
        "sheet_within": "省内（跨年）一致性", "sheet_distances": "聚类诊断：组间与组内距离",
        "f_title": "跨{period}与区域的变化",
        "f_lead": "{units} 个{unit} × {periods} 个{period}（{first}—{last}）。总体解逐{period}的一致性：{series}"
                  "（合并 {pooled}）；组间（{period}）距离 {db}，组内（{unit}）距离 {dw}（距离越大，合并一致性掩盖的差异越大）。",
        "f_up": "一致性上升最多：{name}，{first} 年 {a} → {last} 年 {b}（覆盖度 {ca} → {cb}；组间距离 {d}）。",
        "f_down": "一致性下降最多：{name}，{first} 年 {a} → {last} 年 {b}（覆盖度 {ca} → {cb}；组间距离 {d}）。",
        "f_region": "区域之间：总体解的一致性从{low_name}的 {low} 到{high_name}的 {high}（组间距离 {d}）。",
        "f_units": "跨年一致性最低的{unit}：{units}。",
        "f_table": "各组态逐{period}的一致性 / 覆盖度（充分性，SetMethods cluster）",
        "f_table_note": "单元格为“一致性 / 覆盖度”；变化为末期减首期的一致性。完整的组间、组内表格见附录 CSV 文件 "
                        "cluster_*.csv 及 Excel 工作簿。",
        "change": "一致性变化", "distance_within": "组内距离",
        "region_east": "东部", "region_central": "中部", "region_west": "西部", "region_northeast": "东北",
    },
    "en": {
        "title": "Panel: consistency across {period}s and regions",
        "between": "Between-{by} consistency (sufficiency) of the solution and each term",
        "by_period": "year", "by_region": "region",
        "pooled": "pooled",
        "distance": "distance (between)",
        "notes": "How the panel was analysed",
        "within": "Within-{unit} consistency (sufficiency, across {period}s), lowest first",
        "unit": "unit", "term": "term", "n": "n", "incl": "incl", "cov": "cov",
        "note_shape": "panel: {units} {unit_name}(s) x {periods} {period_name}(s), long format; cases are labelled "
                      "'{unit_name} {period_name}'",
        "note_pooled": "calibration pooled over all unit-periods (one set of anchors); truth table and solutions pooled",
        "note_per_period": "calibration per {period_name} (anchors computed within each {period_name}); truth table "
                           "and solutions pooled",
        "note_clusters": "cluster diagnostics (SetMethods' cluster) of the intermediate solution by {period_name}",
        "note_clusters_regions": "cluster diagnostics (SetMethods' cluster) of the intermediate solution by "
                                 "{period_name} and by region (east, central, west, northeast; the units of the "
                                 "region clusters are the unit-periods)",
        "note_unbalanced": "unbalanced panel (allowed by panel.allow_unbalanced): missing {missing}",
        "note_recalibration": "robustness recalibrations use pooled anchors",
        "unit_province": "province", "period_year": "year", "unit_any": "unit", "period_any": "period",
        "over_time": "Consistency over time: between-{period} consistency of each configuration (dashed: pooled)",
        "heatmap": "Configuration {id}: membership by {unit} and {period}",
        "consistency": "between consistency (sufficiency)", "solution": "solution", "membership": "membership",
        "yoy_title": "Year over year",
        "yoy_intro": "Membership of each compared province in the outcome and in every configuration, period by "
                     "period (pooled calibration unless the study says per_period). The rest of this page describes "
                     "the latest period, {last}.",
        "yoy_chart": "{name}: memberships by {period}", "configuration": "configuration",
        "sheet_cluster": "Cluster diagnostics by {by}: {relation}", "sufficiency": "sufficiency",
        "necessity": "necessity",
        "sheet_within": "Within-province consistency", "sheet_distances": "Cluster diagnostics: distances",
        "f_title": "What changed between {period}s and regions",
        "f_lead": "{units} {unit}(s) x {periods} {period}(s) ({first} to {last}). Consistency of the solution by "
                  "{period}: {series} (pooled {pooled}); between-{period} distance {db}, within-{unit} distance {dw} "
                  "(the larger a distance, the more the pooled consistency hides).",
        "f_up": "Largest rise in consistency: {name}, {a} in {first} to {b} in {last} (coverage {ca} to {cb}; "
                "between distance {d}).",
        "f_down": "Largest fall in consistency: {name}, {a} in {first} to {b} in {last} (coverage {ca} to {cb}; "
                  "between distance {d}).",
        "f_region": "Between regions: the solution's consistency ranges from {low} ({low_name}) to {high} "
                    "({high_name}); between distance {d}.",
        "f_units": "Least consistent {unit}(s) over time: {units}.",
        "f_table": "Consistency / coverage of each configuration by {period} (sufficiency, SetMethods' cluster)",
        "f_table_note": "Cells: consistency / coverage; change: last minus first period's consistency. The full "
                        "between and within tables are the appendix CSV files cluster_*.csv and the Excel workbook.",
        "change": "change in consistency", "distance_within": "distance (within)",
        "region_east": "east", "region_central": "central", "region_west": "west", "region_northeast": "northeast",
    },
}

register("panel", STRINGS)
