"""The workbench's words in English and Chinese, in one place.

The page carries this catalogue as JSON: switching the language swaps every labelled text in
the browser (``data-i18n``), so that no choice the user made is lost, and the server re-draws
the tables in the new language.

>>> t("truth", "zh"), t("truth", "en")
('真值表', 'Truth table')
"""
from __future__ import annotations

__all__ = ["STRINGS", "t", "catalogue"]

STRINGS: dict[str, tuple[str, str]] = {
    "app_title": ("digigov workbench", "digigov 分析工作台"),
    "lang": ("Language", "语言"),
    "data": ("Data", "数据"),
    "calibration": ("Calibration", "校准"),
    "necessity": ("Necessity", "必要性"),
    "truth": ("Truth table", "真值表"),
    "solutions": ("Solutions", "解"),
    "geo": ("Geodetector", "地理探测器"),
    "maps": ("Maps", "地图"),
    "compare": ("Compare provinces", "省份比较"),
    "teach": ("Teaching", "教学"),
    "study": ("Study file", "研究文件"),
    "load_example": ("Load the bundled example", "载入内置示例"),
    "example_hint": ("The reference study's design, 31 provinces x 9 conditions, on SYNTHETIC data.",
                     "参考研究的设计：31 个省份 × 9 个条件，合成示例数据。"),
    "load_lf": ("Classic dataset: Lipset's survival of democracy (LF)", "经典数据集：Lipset 的民主存续（LF）"),
    "lf_hint": ("18 inter-war European countries, already calibrated (R QCA's LF; the teaching page's exercises "
                "use it). Explored live; not saved as a study file, which always calibrates raw data.",
                "两次大战间的 18 个欧洲国家，已校准（R QCA 的 LF；教学页的练习使用它）。可实时分析；"
                "不能保存为研究文件（研究文件总是校准原始数据）。"),
    "load_panel": ("Panel example: the same design, 31 provinces x 2019-2023", "面板示例：同一设计，31 个省份 × 2019—2023 年"),
    "panel_view": ("Panel: analyse", "面板：分析"),
    "pooled": ("the pooled panel (all periods)", "合并面板（所有时期）"),
    "by_period": ("The pooled panel by period, region and unit: the panel tables of `digigov run` (SetMethods' "
                  "cluster diagnostics of the intermediate solution)",
                  "面板各时期、各区域与各单位：`digigov run` 的面板表格（中间解的 SetMethods 聚类诊断）"),
    "pooled_periods": ("Pooled periods ({period}): {periods} — {n} periods x {units} {unit} units = {cases} cases, "
                       "one set of anchors.", "合并的{period}：{periods}——{n} 个{period} × {units} 个{unit}"
                       " = {cases} 个案例，统一锚点。"),
    "panel_figure": ("Figure (as in the report)", "图（与报告相同）"),
    "panel_tables": ("All panel tables as `digigov run` writes them (tables/*.csv)",
                     "`digigov run` 写出的全部面板表格（tables/*.csv）"),
    "map_period": ("Period shown on the map (memberships of the pooled analysis)", "地图显示的时期（合并分析的隶属度）"),
    "compare_pooled": ("The pooled panel holds each province once per period: pick provinces to compare them "
                       "across the periods (the year-over-year view of `digigov compare`); choose one period on the "
                       "Data tab to compare provinces within it.",
                       "合并面板中每个省份每期出现一次：选择省份即可逐期比较（`digigov compare` 的逐年视图）；"
                       "如需在同一时期内比较省份，请在“数据”页选择该时期。"),
    "upload": ("Your own data (CSV, UTF-8 or GBK)", "自己的数据（CSV，UTF-8 或 GBK）"),
    "upload_hint": ("One row per case: a case column (province names in any spelling are recognised) and "
                    "numeric columns.", "每行一个案例：一个案例列（可识别各种写法的省份名）和若干数值列。"),
    "case_col": ("Case column (of the uploaded file)", "案例列（上传文件）"),
    "outcome": ("Outcome", "结果变量"),
    "conditions": ("Conditions", "条件变量"),
    "preview": ("Data preview", "数据预览"),
    "variable": ("Variable", "变量"),
    "anchor_scale": ("Anchors given as", "锚点形式"),
    "percentile": ("percentiles", "百分位数"),
    "raw": ("raw values", "原始值"),
    "exclusion": ("Full non-membership (exclusion)", "完全不隶属（排除点）"),
    "crossover": ("Crossover (0.5)", "交叉点（0.5）"),
    "inclusion": ("Full membership (inclusion)", "完全隶属（包含点）"),
    "crossover_kind": ("Crossover at", "交叉点取"),
    "mean": ("the mean", "均值"),
    "median": ("the median", "中位数"),
    "slider": ("the slider", "滑块"),
    "anchors_all": ("Use these anchors for every variable", "所有变量使用此锚点"),
    "cal_table": ("Anchors and memberships of every variable", "各变量的锚点与隶属度"),
    "incl_cut": ("Consistency cut-off (incl_cut)", "一致性阈值（incl_cut）"),
    "pri_cut": ("PRI cut-off (pri_cut)", "PRI 阈值（pri_cut）"),
    "n_cut": ("Frequency cut-off (n_cut)", "频数阈值（n_cut）"),
    "legend_tt": ("Green rows are sufficient for the outcome (OUT 1), grey rows are not (OUT 0), "
                  "hatched rows have too few cases (remainders, OUT ?). Rows recolour as the sliders move.",
                  "绿色行对结果充分（OUT 1），灰色行不充分（OUT 0），斜线行案例数不足（逻辑余项，OUT ?）。"
                  "拖动滑块时各行即时变色。"),
    "sensitivity": ("How do the solutions change with the consistency cut-off?", "解如何随一致性阈值变化？"),
    "rob_run": ("Run the study's robustness plan", "运行研究的稳健性检验方案"),
    "rob_wait": ("Robustness tests:", "稳健性检验："),
    "rob_verdict": ("Verdict: {verdict} ({counts}); each test's solution compared with the intermediate solution "
                    "(Oana & Schneider 2021).", "结论：{verdict}（{counts}）；每个检验的解与中间解比较"
                    "（Oana & Schneider 2021）。"),
    "robust": ("robust", "稳健"),
    "partly": ("partly robust", "部分稳健"),
    "fragile": ("fragile", "脆弱"),
    "untested": ("untested", "未检验"),
    "n_sufficient": ("sufficient rows", "充分行数"),
    "dir_exp": ("Directional expectations (intermediate solution)", "方向性预期（中间解）"),
    "either": ("either", "皆可"),
    "present": ("present", "存在"),
    "absent": ("absent", "缺失"),
    "complex": ("Complex solution", "复杂解"),
    "parsimonious": ("Parsimonious solution", "简约解"),
    "intermediate": ("Intermediate solution", "中间解"),
    "config_table": ("Configuration table (Fiss notation)", "组态表（Fiss 表示法）"),
    "xy": ("XY plot of a configuration", "组态的 XY 图"),
    "pi_chart": ("Prime-implicant chart (parsimonious solution)", "质蕴含项表（简约解）"),
    "nca": ("NCA ceiling plot", "NCA 上限图"),
    "nca_reps": ("Permutations", "置换次数"),
    "nca_seed": ("Seed", "随机种子"),
    "nca_test": ("Permutation test of the effect sizes", "效应量的置换检验"),
    "nca_test_hint": ("The p-value of each effect size d (Dul, van der Laan & Kuik 2020); the saved study runs "
                      "the same test (nca: test_rep, seed), so `digigov run` reproduces these p-values.",
                      "每个效应量 d 的 p 值（Dul, van der Laan & Kuik 2020）；保存的研究使用相同的检验设置"
                      "（nca: test_rep, seed），`digigov run` 可复现这些 p 值。"),
    "nca_wait": ("NCA permutation test:", "NCA 置换检验："),
    "nca_of": ("{n} permutations, seed {seed}", "{n} 次置换，随机种子 {seed}"),
    "sens_wait": ("Solving at each consistency cut-off:", "正在逐个一致性阈值求解："),
    "necessity_table": ("Necessity of each condition (fsQCA)", "单个条件的必要性（fsQCA）"),
    "save": ("Save study", "保存研究"),
    "save_hint": ("Downloads study.yaml and data.csv in one zip: `digigov run study.yaml` reproduces "
                  "every number on this page.", "下载包含 study.yaml 与 data.csv 的压缩包："
                  "`digigov run study.yaml` 可复现本页的每个数字。"),
    "open": ("Open study (.zip, or .yaml with its .csv)", "打开研究（.zip，或 .yaml 及其 .csv）"),
    "study_preview": ("The study file as it will be saved", "将保存的研究文件"),
    "source": ("Data", "数据"),
    "synthetic": ("SYNTHETIC example data: not the reference study's data.", "合成示例数据：并非参考研究的真实数据。"),
    "geo_run": ("Run the geographical detector", "运行地理探测器"),
    "geo_k": ("Strata per condition (natural breaks)", "每个条件的分层数（自然断点）"),
    "map_var": ("Membership map of", "隶属度地图："),
    "compare_pick": ("Pick 2 to 4 provinces", "选择 2 至 4 个省份"),
    "compare_page": ("Download the comparison page (HTML)", "下载比较页面（HTML）"),
    "compare_word": ("Download the Word file", "下载 Word 文件"),
    "compare_wait": ("Building the study results for the comparison (a full `digigov run`)...",
                     "正在为比较生成研究结果（完整运行 `digigov run`）……"),
    "cancel": ("Cancel", "取消"),
    "cancelled": ("cancelled: nothing was kept of the interrupted run", "已取消：中断的运行没有留下任何结果"),
    "pick_provinces": ("pick 2 to 4 provinces first", "请先选择 2 至 4 个省份"),
    "load_first": ("load data first: there is no study yet", "请先载入数据：尚无研究"),
    "need_condition": ("choose at least one condition", "请至少选择一个条件"),
    "run_study": ("Run the whole study", "运行完整研究"),
    "run_study_hint": ("`digigov run` on the study as saved: every step (geodetector, NCA permutations, robustness, "
                       "report); then download the study and its results folder with report.html.",
                       "对保存的研究运行 `digigov run`：全部步骤（地理探测器、NCA 置换检验、稳健性、报告）；"
                       "然后下载研究及其结果文件夹（含 report.html）。"),
    "download_results": ("Download the results (zip, with report.html)", "下载结果（zip，含 report.html）"),
    "no_provinces": ("The cases are not China's provinces: maps need province names, the province comparison "
                     "all 31 mainland provinces.", "案例不是中国的省份：地图需要省份名称，省份比较需要大陆全部 31 个省份。"),
    "teach_intro": ("Work through the reference study step by step; each step links to its page.",
                    "按步骤学习参考研究；每一步都对应一个页面。"),
    "answers": ("Show the answer", "显示答案"),
    "warning": ("Warning", "警告"),
    "error": ("Could not use this", "无法使用"),
    "cases": ("cases", "案例"),
    "skew": ("skewed: {share:.0%} of the cases are above 0.5", "偏斜：{share:.0%} 的案例高于 0.5"),
    "at_half": ("{n} case(s) sit at exactly 0.5 ({cases}): moved by avoid_half", "{n} 个案例恰为 0.5（{cases}）：已按 avoid_half 调整"),
    "no_solution": ("No row passes the cut-offs: there is nothing to minimise.", "没有行通过阈值：无可最小化的内容。"),
    "model": ("Model", "模型"),
    "solution_fit": ("Solution", "整体解"),
    "factor_detector": ("Factor detector (natural breaks, k = {k})", "因子探测器（自然断点，k = {k}）"),
    "strategy_of": ("Strategy ranking of configuration {id} (core {core})", "组态 {id} 的策略排序（核心条件 {core}）"),
    "configuration_n": ("configuration {id}", "组态 {id}"),
    "histogram": ("Raw values and the calibrated curve", "原始值分布与校准曲线"),
}


def t(key: str, lang: str = "en") -> str:
    """The text of ``key`` in ``lang`` ("en" or "zh")."""
    en, zh = STRINGS[key]
    return zh if lang == "zh" else en


def catalogue() -> dict:
    """``{"en": {key: text}, "zh": {key: text}}`` for the page's language switch."""
    return {"en": {k: v[0] for k, v in STRINGS.items()}, "zh": {k: v[1] for k, v in STRINGS.items()}}
