"""The sufficiency method's strings (``t(lang, "sufficiency.<key>")``)."""

from ...templates.strings import register

STRINGS = {
    "zh": {
        "row_follows": "所遵循的组态", "row_nearest": "最接近的（其他）组态",
        "row_missing": "相对该组态缺少的条件（核心在前）",
        "follows_none": "无（不属于任何组态）",
        "missing_item": "{cond}（{role}，{action}）", "missing_none": "无",
        "missing_item_context": "{cond}（{role}，{action}；情境条件，不可直接调控）",
        "missing_sep": "；",
    },
    "en": {
        "row_follows": "Configuration followed", "row_nearest": "Nearest (other) configuration",
        "row_missing": "Conditions missing for it (core first)",
        "follows_none": "none (belongs to no configuration)",
        "missing_item": "{cond} ({role}, {action})", "missing_none": "none",
        "missing_item_context": "{cond} ({role}, {action}; a context condition, not directly controllable)",
        "missing_sep": "; ",
    },
}

register("sufficiency", STRINGS)
