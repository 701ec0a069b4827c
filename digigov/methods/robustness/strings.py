"""The robustness method's own strings (``t(lang, "robustness.<key>")``); the older robustness
keys are still in the shared catalogue."""

from ...templates.strings import register

STRINGS = {
    "zh": {
        "chance_title": "解与随机的比较（Braumoeller 2015 置换检验；R 的 braQCA）",
        "chance_model": "被检验的模型", "chance_solution": "解的类型", "chance_permutations": "置换次数（种子）",
        "chance_matches": "一致性与覆盖度均不低于原模型的置换", "chance_any": "得到任何解的置换",
        "chance_p": "p 值（95% 精度）",
        "chance_note": "将结果变量随机置换 {n} 次（种子 {seed}），每次以相同的真值表阈值（incl_cut {incl}、"
                       "pri_cut {pri}、n_cut {ncut}）和相同的最小化方式求解；p = (匹配数 + 1) / (置换数 + 1)，"
                       "即结果与条件毫无关系的数据得出一致性与覆盖度都不低于原模型的解的概率。",
        "chance_none": "未检验：{kind}解没有模型。",
        "chance_line": "解与随机：p = {p}（{matches}/{n} 次置换得到一致性与覆盖度都不低于原模型的解）。",
        "sheet_chance": "解与随机的比较", "sheet_chance_draws": "解与随机：各次置换",
        "chance_as_consistent": "一致性不低于原模型的置换（不论覆盖度）",
        "chance_as_covering": "覆盖度不低于原模型的置换（不论一致性）",
        "chance_row": "置换", "chance_count": "次数", "chance_share": "比例",
    },
    "en": {
        "chance_title": "The solution against chance (Braumoeller 2015 permutation test; R's braQCA)",
        "chance_model": "Model tested", "chance_solution": "Solution type", "chance_permutations": "Permutations (seed)",
        "chance_matches": "Permutations with a model as consistent and as covering", "chance_any":
            "Permutations with any solution",
        "chance_p": "p-value (95% accuracy)",
        "chance_note": "The outcome was permuted {n} times (seed {seed}); each permuted outcome went through the "
                       "same truth table cut-offs (incl_cut {incl}, pri_cut {pri}, n_cut {ncut}) and the same "
                       "minimisation. p = (matches + 1) / (permutations + 1): the probability that data whose "
                       "outcome has no relation to the conditions give a solution at least as consistent and as "
                       "covering as the model tested.",
        "chance_none": "Not tested: the {kind} solution has no model.",
        "chance_line": "Against chance: p = {p} ({matches} of {n} permutations gave a solution at least as "
                       "consistent and as covering).",
        "sheet_chance": "The solution against chance", "sheet_chance_draws": "Against chance: each permutation",
        "chance_as_consistent": "Permutations with a model as consistent (coverage aside)",
        "chance_as_covering": "Permutations with a model as covering (consistency aside)",
        "chance_row": "Permutations", "chance_count": "Count", "chance_share": "Share",
    },
}

register("robustness", STRINGS)
