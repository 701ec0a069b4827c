"""The engines' notes in the report's language.

The engines (fsqca's NCA, the geographical detector) write their notes in English, with the
numbers of the run in them; results.json keeps them so.  :func:`translate_note` words a known
note in Chinese from the catalogue (``note.<key>``), the numbers carried over; in English, and
for a note it does not know, the note is returned as the engine wrote it.
"""
from __future__ import annotations

import re

from .strings import register, t

__all__ = ["translate_note"]

#: (pattern of the engine's English note, catalogue key); the pattern's groups fill the template.
_PATTERNS = [
    (r"bottleneck tables: NN = not necessary .*", "nca_nn"),
    (r"ci_low, ci_high: (?P<level>[\d.]+) confidence interval of the population q .*", "geo_ci"),
    (r"effect size labels follow Dul's \(2016\) conventions .*", "nca_labels"),
    (r"fit is missing where the CR-FDH zone exceeds the CE-FDH zone .*", "nca_fit"),
    (r"no empty zone for R: the case with the lowest x also has the highest y .*", "nca_no_zone_r"),
    (r"p-values come from (?:(?P<n>\d+) )?random permutations of the outcome(?:, seed (?P<seed>\d+))?.*",
     "nca_pvalues"),
    (r"p_first, support_next, rank_probs: (?P<n>\d+) bootstrap resamples of the units \(seed (?P<seed>\d+); "
     r"(?P<used>\d+) with a non-constant outcome used\); ranks by '(?P<by>\w+)'.*", "geo_boot"),
    (r"p_value: permutation test \((?P<n>\d+) permutations per direction\) of H0: q12 <= max\(q1, q2\).*?"
     r"(?:testing (?P<pairs>\d+) pair\(s\).*)?", "geo_inter_p"),
    (r"p_value: permutation test \((?P<n>\d+) permutations, alpha (?P<alpha>[\d.]+), seed (?P<seed>\d+)\) "
     r"of H0: q\(core ∩ auxiliary\).*", "geo_strat_p"),
    (r"scope = the observed range of x and y; upper-left corner only \(R's defaults\)", "nca_scope"),
    (r"small-sample warning: (?P<count>all \d+|\d+ of \d+) pairs have fewer than (?P<k>\d+) units per stratum "
     r"on average: (?P<list>.*?)(?: and (?P<more>\d+) more)?", "geo_small_units"),
    (r"small-sample warning: (?P<count>all \d+|\d+ of \d+) pairs have strata with only 1-2 members: "
     r"(?P<list>.*?)(?: and (?P<more>\d+) more)?", "geo_small_strata"),
]
_COMPILED = [(re.compile(p, re.S), key) for p, key in _PATTERNS]

register("note", {
    "zh": {
        "nca_nn": "瓶颈表：NN 表示不必要（条件的最低观测水平即已足够）；NA 表示不适用（条件的任何观测水平都达不到）。",
        "geo_ci": "ci_low、ci_high：总体 q 的 {level} 置信区间，由非中心 F 分布对非中心参数反解得到（Wang、Zhang 与 Fu，"
                  "2016）；假设各单位独立、各层误差正态且方差相等，与 p_method 无关。",
        "nca_labels": "效应大小的标签按 Dul（2016）的惯例（小 < 0.1 ≤ 中等 < 0.3 ≤ 大 < 0.5 ≤ 很大），不是检验。",
        "nca_fit": "CR-FDH 上限区超过 CE-FDH 上限区时，拟合度缺失（与 R 的报告方式相同）。",
        "nca_no_zone_r": "R 中无空白区：x 最低的案例 y 也最高（R 的 NCA 5.0.1 在此报错停止）。",
        "nca_pvalues": "p 值来自对结果的随机置换（{n} 次，随机种子 {seed}），与 R 的结果仅有抽样误差上的差别。",
        "geo_boot": "p_first、support_next、rank_probs：对单位做 {n} 次自助重抽样（随机种子 {seed}；其中 {used} 次结果"
                    "非常数而被采用）；按“{by}”排序，并列取较优名次，在 support_next 中各计一半。重抽样的 q 偏高，"
                    "因此这些数值应理解为排序的稳定性，而不是 q 本身。",
        "geo_inter_p": "p_value：置换检验（每个方向 {n} 次置换），原假设 H0：q12 ≤ max(q1, q2)；依次在每个因子的分层内"
                       "打乱 y，取两个 p 值中较大者（交并检验）。假设单位在层内可交换（无剩余空间自相关）；"
                       "significant 依据未经多重检验校正的 p_value（共 {pairs} 对，校正后见 p_holm）。",
        "geo_strat_p": "p_value：置换检验（{n} 次置换，显著性水平 {alpha}，随机种子 {seed}），原假设 H0："
                       "q(核心 ∩ 辅助) ≤ max(q(核心), q(辅助))，与交互作用探测相同。",
        "nca_scope": "范围（scope）为 x 与 y 的观测范围；只看左上角（R 的默认设定）。",
        "geo_small_units": "小样本提示：{count}对交互的每层平均单位数少于 {k}：{list}{more}。",
        "geo_small_strata": "小样本提示：{count}对交互存在只有 1–2 个成员的分层：{list}{more}。",
        "count_all": "全部 {n} ", "count_of": "{total} 对中的 {k} ", "more": " 等（另有 {n} 对）",
    },
    "en": {
        "nca_nn": "", "geo_ci": "", "nca_labels": "", "nca_fit": "", "nca_no_zone_r": "", "nca_pvalues": "",
        "geo_boot": "", "geo_inter_p": "", "geo_strat_p": "", "nca_scope": "", "geo_small_units": "",
        "geo_small_strata": "", "count_all": "all {n} ", "count_of": "{k} of {total} ", "more": " and {n} more",
    },
})


def _count(lang: str, text: str) -> str:
    m = re.fullmatch(r"all (\d+)", text)
    if m:
        return t(lang, "note.count_all", n=m.group(1))
    k, total = re.fullmatch(r"(\d+) of (\d+)", text).groups()
    return t(lang, "note.count_of", k=k, total=total)


def translate_note(lang: str, note: str) -> str:
    """``note`` (an engine's English note) in ``lang``.

    Examples
    --------
    >>> translate_note("zh", "scope = the observed range of x and y; upper-left corner only (R's defaults)")
    '范围（scope）为 x 与 y 的观测范围；只看左上角（R 的默认设定）。'
    >>> translate_note("zh", "small-sample warning: 2 of 3 pairs have strata with only 1-2 members: "
    ...                      "A ∩ B (1 of 9 strata), A ∩ C (2 of 8 strata)")
    '小样本提示：3 对中的 2 对交互存在只有 1–2 个成员的分层：A ∩ B（9 层中 1 层）、A ∩ C（8 层中 2 层）。'
    >>> translate_note("en", "anything") == "anything" and translate_note("zh", "an unknown note")
    'an unknown note'
    """
    if lang != "zh":
        return note
    for pattern, key in _COMPILED:
        m = pattern.fullmatch(note.strip())
        if m is None:
            continue
        fields = {k: v for k, v in m.groupdict().items()}
        if "count" in fields:
            fields["count"] = _count(lang, fields["count"])
        if "list" in fields:
            text = re.sub(r" ?\((\d+) of (\d+) strata\)", r"（\2 层中 \1 层）", fields["list"])
            fields["list"] = re.sub(r" \(([\d.]+)\)", r"（\1）", text).replace(", ", "、")
        if "more" in fields:
            fields["more"] = t(lang, "note.more", n=fields["more"]) if fields["more"] else ""
        fields = {k: "–" if v is None else v for k, v in fields.items()}
        return t(lang, f"note.{key}", **fields)
    return note
