"""The robustness plan's test of the solution against chance (``robustness.chance``):
:func:`fsqca.chance_test` (Braumoeller 2015; R's braQCA) on the study's solution, its part of
``results.json`` and its table in the report."""
from __future__ import annotations

from collections.abc import Mapping

import fsqca

from ...tables import Table, html_table
from ...templates import esc
from ...templates.strings import t
from . import strings  # noqa: F401  (registers the "robustness." strings)

__all__ = ["CHANCE_DEFAULTS", "chance_settings", "run_chance", "chance_json", "chance_html", "chance_line", "chance_sheet"]

#: The settings of ``robustness.chance`` that the study file leaves out (stated in the results).
CHANCE_DEFAULTS = {"permutations": 1000, "seed": 1, "solution": "intermediate"}


def chance_settings(study) -> dict | None:
    """``robustness.chance`` with its defaults, or None when the plan has no chance test."""
    spec = (study.spec.get("robustness") or {}).get("chance")
    if spec is None:
        return None
    return {**CHANCE_DEFAULTS, **spec}


def run_chance(study, solutions: Mapping, progress: bool) -> dict | None:
    """The chance test of the plan as ``results.json`` keeps it (None without one): the
    :class:`fsqca.ChanceTest` dictionary and its draws, or ``{"skipped": why, ...}``."""
    settings = chance_settings(study)
    if settings is None:
        return None
    solution = solutions[settings["solution"]]
    if not solution.models:
        return {"skipped": "no model", **settings}
    res = fsqca.chance_test(solution, settings["permutations"], seed=settings["seed"], progress=progress)
    return {"result": res, **settings}


def chance_json(outcome: dict | None) -> dict | None:
    if outcome is None:
        return None
    if "result" not in outcome:
        return dict(outcome)
    res = outcome["result"]
    out = res.to_dict()
    # the run's seconds stay out: the same study gives the same results.json
    out["notes"] = [n for n in out["notes"] if "distinct truth tables" not in n] + [
        f"{res.distinct_tables} distinct truth tables were minimised."]
    return out


def chance_line(chance: Mapping, lang: str) -> str:
    """One sentence with the p-value and the counts behind it."""
    return t(lang, "robustness.chance_line", p=f"{chance['p_value']:.4f}", matches=chance["matches"],
             n=chance["permutations"])


def chance_html(results: Mapping, lang: str) -> str:
    """The chance test's table in the robustness section ('' without one)."""
    chance = results.get("chance_test")
    if not chance:
        return ""
    title = t(lang, "robustness.chance_title")
    if "skipped" in chance:
        return f"<h3>{esc(title)}</h3><p class=\"note\">" + esc(
            t(lang, "robustness.chance_none", kind=t(lang, chance["solution"]))) + "</p>"
    n = chance["permutations"]
    cuts = chance.get("cuts") or {}
    rows = [(t(lang, "robustness.chance_model"),
             f"{chance['observed_model']} (inclS {chance['inclS']:.3f}, covS {chance['covS']:.3f})"),
            (t(lang, "robustness.chance_solution"), t(lang, chance["solution"])),
            (t(lang, "robustness.chance_permutations"), f"{n} ({chance['seed']})"),
            (t(lang, "robustness.chance_matches"), f"{chance['matches']} ({chance['share']:.1%})"),
            (t(lang, "robustness.chance_any"), f"{chance['with_solution']}"),
            (t(lang, "robustness.chance_p"), f"{chance['p_value']:.4f} (± {chance['p_accuracy']:.4f})")]
    note = t(lang, "robustness.chance_note", n=n, seed=chance["seed"], incl=cuts.get("incl_cut"),
             pri=cuts.get("pri_cut"), ncut=cuts.get("n_cut"))
    return html_table([list(r) for r in rows], [t(lang, "parameter"), t(lang, "value")], caption=title,
                      table_id="chance-test", notes=[note])


def chance_sheet(results: Mapping, lang: str) -> Table | None:
    """``chance_test.csv`` in the workbook's language (the CSV keeps the run's English)."""
    chance = results.get("chance_test")
    if not chance or "skipped" in chance:
        return None
    n = chance["permutations"]
    rows = [[t(lang, f"robustness.chance_{key}"), chance[field], chance[field] / n]
            for key, field in (("matches", "matches"), ("any", "with_solution"),
                               ("as_consistent", "as_consistent"), ("as_covering", "as_covering"))]
    header = [t(lang, "robustness.chance_row"), t(lang, "robustness.chance_count"), t(lang, "robustness.chance_share")]
    return Table("chance_test", t(lang, "robustness.sheet_chance"), [header], rows, ["text", "auto", "3f"],
                 notes=[chance_line(chance, lang)])
