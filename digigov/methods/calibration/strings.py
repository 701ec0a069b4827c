"""The calibration method's strings (``t(lang, "calibration.<key>")``)."""

from ...templates.strings import register

STRINGS = {
    "zh": {
        "checks": "校准检查",
        "rule": "偏斜规则：若某校准集合中隶属度高于 0.5 的案例少于 {low:.0%} 或多于 {high:.0%}，则判为偏斜"
                "（参照 SetMethods 的 skew.check，Oana 和 Schneider 2018；阈值为本软件包明示的规则）。"
                "隶属度恰为 0.5 的案例不属于任何真值表行。",
        "none": "{step}：没有偏斜的集合，也没有隶属度恰为 0.5 的案例。",
        "skewed": "{step}：{set} 有 {share:.0%} 的案例（{above}/{cases}）高于 0.5，几乎全部案例位于 0.5 的同一侧"
                  "（偏斜阈值 {low:.0%}/{high:.0%}）；该集合可能平凡地成为必要条件或从不充分，请检查其锚点。",
        "at_half": "{step}留下 {n} 个隶属度恰为 0.5 的案例（不属于任何真值表行）：{cases}。",
        "main": "主校准", "recalibration": "稳健性检验的重新校准“{label}”",
        "more": "等，共 {n} 个",
    },
    "en": {
        "checks": "Calibration checks",
        "rule": "Skew rule: a calibrated set is skewed when fewer than {low:.0%} or more than {high:.0%} of its "
                "cases have a membership above 0.5 (after SetMethods' skew.check, Oana and Schneider 2018; the "
                "threshold is this package's stated rule). Cases at exactly 0.5 belong to no truth-table row.",
        "none": "{step}: no skewed set and no case at exactly 0.5.",
        "skewed": "{step}: {set} has {share:.0%} of its cases ({above} of {cases}) above 0.5, (almost) all cases "
                  "on one side of 0.5 (skew threshold {low:.0%}/{high:.0%}); such a set can be trivially necessary "
                  "or never sufficient: check its anchors.",
        "at_half": "{step} leaves {n} membership(s) at exactly 0.5 (in no truth-table row): {cases}.",
        "main": "main calibration", "recalibration": "robustness recalibration '{label}'",
        "more": "... ({n} in all)",
    },
}

register("calibration", STRINGS)
