"""Teaching mode: the reference study's steps with short explanations, and exercises with answers.

The answers are not written down: each is computed by the engines on the bundled example when
the page asks for it, so an answer can never disagree with what the student sees after doing
the exercise in the workbench.

>>> ex = exercises()
>>> [e["id"] for e in ex]
['rows', 'strict', 'pri', 'necessary', 'zhejiang']
>>> ex[0]["answer"]("en")
'6 rows: 128, 256, 348, 414, 416, 480'
"""
from __future__ import annotations

from functools import lru_cache

import fsqca

from . import model, studyio

__all__ = ["STEPS", "exercises"]

#: (tab, English, Chinese): what each step of the study does and what to look at.
STEPS = [
    ("data",
     "Data. 31 provinces, the outcome P (performance of sinking digital-government technology) and nine "
     "conditions; three of them (Sl, Cs, R) are composites built from sub-indicators. The numbers are "
     "SYNTHETIC: they follow the reference study's design, not its data.",
     "数据。31 个省份，结果变量 P（数字一体化治理技术下沉绩效）与九个条件；其中 Sl、Cs、R 由分指标合成。"
     "数据为合成示例：沿用参考研究的设计，而非其数据。"),
    ("calibration",
     "Calibration. Each variable becomes a fuzzy set with three anchors: full non-membership (p5), the "
     "crossover (the mean) and full membership (p95). Move an anchor and watch the curve and the cases "
     "move; a case at exactly 0.5 belongs to no truth-table row, so avoid_half moves it by 0.001.",
     "校准。每个变量以三个锚点转化为模糊集：完全不隶属（p5）、交叉点（均值）和完全隶属（p95）。"
     "移动锚点，观察曲线和案例的变化；恰为 0.5 的案例不属于任何真值表行，因此 avoid_half 将其移动 0.001。"),
    ("necessity",
     "Necessity. A condition is necessary when the outcome is (almost) a subset of it: inclN at least 0.9, "
     "with a coverage (covN) and relevance (RoN) that are not trivial. NCA asks the same question in degree: "
     "the empty zone above the ceiling line.",
     "必要性。当结果（几乎）是某条件的子集时，该条件为必要条件：inclN 至少 0.9，且覆盖度（covN）和相关性（RoN）"
     "不过低。NCA 以程度回答同一问题：上限线以上的空白区域。"),
    ("truth",
     "Truth table. Each row is one combination of conditions; a row is sufficient for the outcome (OUT 1) "
     "when its consistency (incl) and PRI reach the cut-offs and it holds enough cases. Raise the "
     "consistency cut-off and fewer rows pass.",
     "真值表。每一行是一种条件组合；当一致性（incl）和 PRI 达到阈值且案例数足够时，该行对结果充分（OUT 1）。"
     "提高一致性阈值，通过的行会减少。"),
    ("solutions",
     "Solutions. Boolean minimisation of the sufficient rows gives the complex solution (no assumptions on "
     "rows without cases), the parsimonious one (any helpful assumption) and the intermediate one (only the "
     "assumptions the directional expectations allow). In the configuration table a condition of the "
     "parsimonious term is core (large circle), the others of the intermediate term peripheral (small).",
     "解。对充分行进行布尔最小化，得到复杂解（对无案例的行不作假设）、简约解（采用任何有利的假设）和中间解"
     "（只采用方向性预期允许的假设）。组态表中，属于简约解项的条件为核心条件（大圆），其余为边缘条件（小圆）。"),
    ("geo",
     "Geographical detector. q tells how much of the outcome's spatial variance a condition's strata explain; "
     "the interaction detector asks whether two conditions together explain more, and the strategy ranking "
     "orders a configuration's peripheral conditions by what they add to its core.",
     "地理探测器。q 表示条件分层能解释结果空间方差的比例；交互探测器检验两个条件合起来是否解释得更多；"
     "策略排序按边缘条件对核心条件的增益对其排序。"),
]


@lru_cache(maxsize=1)
def _example():
    wb = studyio.example_workbench()
    return wb, model.analyse(wb)


def _sufficient_rows(incl_cut=0.8, pri_cut=0.5) -> list[int]:
    wb, _ = _example()
    a = model.analyse(wb.with_(incl_cut=incl_cut, pri_cut=pri_cut))
    return sorted(r["row"] for r in a.truth_table.to_dict()["rows"] if str(r["OUT"]) == "1")


def _rows_answer(rows, lang):
    listed = ", ".join(map(str, rows))
    return f"{len(rows)} 行：{listed}" if lang == "zh" else f"{len(rows)} rows: {listed}"


def _strict(lang):
    wb, _ = _example()
    sol = model.analyse(wb.with_(incl_cut=0.95)).solutions["parsimonious"]
    models = "; ".join(m.expression for m in sol.models)
    return (f"{sol.n_models} 个模型：{models}" if lang == "zh" else f"{sol.n_models} models: {models}")


def _necessary(lang):
    wb, a = _example()
    nec = fsqca.necessity(a.memberships, wb.outcome, list(wb.conditions)).to_frame()
    best = nec.sort_values("inclN", ascending=False).iloc[0]
    verdict = ("没有条件达到 0.9" if lang == "zh" else "no condition reaches 0.9") if best["inclN"] < 0.9 else (
        "达到 0.9" if lang == "zh" else "it reaches 0.9")
    return f"{best['condition']} (inclN {best['inclN']:.3f}); {verdict}"


def _zhejiang(lang):
    _, a = _example()
    ids = [c["id"] for c in a.configurations.to_dict()["configurations"] if "Zhejiang" in c["cases"]]
    return (f"组态 {', '.join(ids)}" if lang == "zh" else f"configuration {', '.join(ids)}")


def exercises() -> list[dict]:
    """The exercises: id, the tab to do them on, the question (en, zh) and ``answer(lang)``."""
    return [
        {"id": "rows", "tab": "truth",
         "q": ("With the cut-offs of the study (consistency 0.8, PRI 0.5), which truth-table rows are sufficient?",
               "按研究的阈值（一致性 0.8，PRI 0.5），哪些真值表行是充分的？"),
         "answer": lambda lang: _rows_answer(_sufficient_rows(), lang)},
        {"id": "strict", "tab": "truth",
         "q": ("Raise the consistency cut-off to 0.95. What does the parsimonious solution become, and why "
               "does it have several models?",
               "将一致性阈值提高到 0.95。简约解变成什么？为什么有多个模型？"),
         "answer": lambda lang: _strict(lang) + (
             "（剩余的充分行可被多组同样简短的质蕴含项覆盖）" if lang == "zh" else
             " (the remaining sufficient rows are covered equally briefly by several sets of prime implicants)")},
        {"id": "pri", "tab": "truth",
         "q": ("Set the PRI cut-off to 0.9 (consistency back to 0.8). Which rows stay sufficient?",
               "将 PRI 阈值设为 0.9（一致性恢复为 0.8）。哪些行仍然充分？"),
         "answer": lambda lang: _rows_answer(_sufficient_rows(pri_cut=0.9), lang)},
        {"id": "necessary", "tab": "necessity",
         "q": ("Which condition comes closest to being necessary for the outcome, and is it necessary?",
               "哪个条件最接近结果的必要条件？它是必要条件吗？"),
         "answer": _necessary},
        {"id": "zhejiang", "tab": "solutions",
         "q": ("Which configuration of the study's solution covers Zhejiang?", "研究的解中，哪个组态覆盖浙江？"),
         "answer": _zhejiang},
    ]
