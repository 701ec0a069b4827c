"""Robustness: the study's plan of tests (other cut-offs, other calibrations, the solution against
chance), the verdict and the robustness fit parameters (Oana and Schneider 2021; Schneider and
Wagemann 2012; Braumoeller 2015)."""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

import fsqca

from ...templates import esc
from ...templates.strings import t, t_or
from ...tables import case_list, html_table, kv_table
from ...variants.checks import RECALIBRATION_STEP, set_checks
from ..base import CsvTable, Method, Section
from .chance import chance_html, chance_json, chance_line, chance_sheet, run_chance

__all__ = ["Robustness", "robustness_verdict", "ROBUST_RELATIONS"]

#: Relations to the original solution that keep a test "robust" (Schneider and Wagemann:
#: the test solution is the same set, or a subset or superset of it).
ROBUST_RELATIONS = ("identical", "subset", "superset")
_RELATIONS = ("identical", "subset", "superset", "overlapping", "disjoint", "none")


def _anchors(cal: Mapping) -> dict:
    return {k: cal[k] for k in ("inclusion", "crossover", "exclusion")}


def robustness(study, variant, raw: pd.DataFrame, memberships: pd.DataFrame, initial: fsqca.Solution,
               progress: bool, checks_out: list | None = None) -> fsqca.RobustnessResult | None:
    """The robustness tests of the study file's plan (Oana and Schneider 2021), or None without one.

    Recalibrations use the variant's calibration with the test's anchors; the skewed sets and
    cases at 0.5 of each are appended to ``checks_out`` (:func:`digigov.variants.checks.set_checks`).
    """
    plan = study.spec.get("robustness")
    if not plan:
        return None
    base = {k: study.get("truth_table", k) for k in ("incl_cut", "pri_cut", "n_cut")}
    datasets = {"initial": memberships}
    checks = [fsqca.RobustnessCheck(f"incl_cut {c:g}", **{**base, "incl_cut": c}) for c in plan.get("incl_cuts", [])]
    checks += [fsqca.RobustnessCheck(f"n_cut {n}", **{**base, "n_cut": n}) for n in plan.get("n_cuts", [])]
    checks += [fsqca.RobustnessCheck(f"pri_cut {p:g}", **{**base, "pri_cut": p}) for p in plan.get("pri_cuts", [])]
    for cal in plan.get("calibrations", []):
        anchors = _anchors(cal)
        datasets[cal["label"]] = variant.recalibrate(study, raw, anchors).data
        if checks_out is not None:
            checks_out.append(set_checks(datasets[cal["label"]], RECALIBRATION_STEP, cal["label"]))
        checks.append(fsqca.RobustnessCheck(cal["label"], incl_cut=cal.get("incl_cut", base["incl_cut"]),
                                            pri_cut=cal.get("pri_cut", base["pri_cut"]), n_cut=base["n_cut"],
                                            data_label=cal["label"]))
    if not checks:
        return None
    return fsqca.sweep(initial, datasets, checks, outcome=study.outcome, conditions=study.conditions,
                       solution="intermediate", dir_exp=study.get("minimize", "dir_exp") or None,
                       n_jobs=plan.get("n_jobs", 1), progress=progress)


def robustness_verdict(results: Mapping) -> tuple[str, dict]:
    """``("robust" | "partly" | "fragile" | "untested", counts)`` from ``robustness.tests``.

    robust: every test's solution is identical to the original or a subset or superset of it;
    partly: some test's solution only overlaps it; fragile: some test's solution is disjoint
    from it or empty.  ``counts`` maps each relation to the number of tests with it.

    Examples
    --------
    >>> robustness_verdict({"robustness": {"tests": [{"relation": "identical"}, {"relation": "subset"}]}})
    ('robust', {'identical': 1, 'subset': 1})
    >>> robustness_verdict({"robustness": {"tests": [{"relation": "identical"}, {"relation": "overlapping"}]}})[0]
    'partly'
    """
    tests = (results.get("robustness") or {}).get("tests") or []
    counts: dict = {}
    for row in tests:
        rel = str(row.get("relation"))
        counts[rel] = counts.get(rel, 0) + 1
    if not tests:
        return "untested", counts
    if all(r in ROBUST_RELATIONS for r in counts):
        return "robust", counts
    if any(r in ("disjoint", "none") for r in counts):
        return "fragile", counts
    return "partly", counts


def _relation(value, lang) -> str:
    return t_or(lang, str(value), str(value))


def robustness_html(results, lang) -> str:
    rob = results.get("robustness") or {}
    out = []
    fit = results.get("solution_fit") or {}
    tests = rob.get("tests") or []
    if tests:
        rows = [[f"({t(lang, 'solution')})", "", "", fit.get("inclS"), fit.get("PRI"), fit.get("covS"), 0.0, 0.0]]
        rows[0][2] = t(lang, "identical")
        rows += [[r.get("test"), r.get("solution"), _relation(r.get("relation"), lang), r.get("inclS"), r.get("PRI"),
                  r.get("covS"), r.get("d_inclS"), r.get("d_covS")] for r in tests]
        out.append(html_table(rows, [t(lang, k) for k in ("test", "solution", "relation", "incl", "pri", "cov",
                                                          "d_incl", "d_cov")], caption=t(lang, "rob_tests")))
    confs = rob.get("configurations") or []
    if confs:
        # configuration x test grid of set relations: one glance shows what survives which test
        ids = {c.get("term"): str(c.get("id")) for c in results.get("configurations") or []}
        tests_order = list(dict.fromkeys(r.get("test") for r in confs))
        terms = list(dict.fromkeys(r.get("term") for r in confs))
        cell = {(r.get("term"), r.get("test")): _relation(r.get("relation"), lang) for r in confs}
        rows = [[f"{ids[term]}: {term}" if term in ids else term, *(cell.get((term, x), "") for x in tests_order)]
                for term in terms]
        out.append(html_table(rows, [t(lang, "term"), *tests_order], caption=t(lang, "rob_configurations")))
    params = rob.get("fit_parameters") or {}
    if params:
        rows = []
        for key, value in params.items():
            try:
                meaning = t(lang, key)
            except KeyError:
                meaning = ""
            rows.append([key, value, meaning])
        out.append(html_table(rows, [t(lang, "parameter"), t(lang, "value"), t(lang, "meaning")],
                              caption=t(lang, "rob_fit")))
    terms = rob.get("robust_core_terms") or []
    cases = rob.get("robust_typical_cases") or []
    out.append(kv_table([(t(lang, "robust_core_terms"), " + ".join(terms) or t(lang, "none_listed")),
                         (t(lang, "robust_typical_cases"), case_list(results, cases, lang, "tables/robust_typical_cases.csv")
                          or t(lang, "none_listed"))],
                        caption=t(lang, "rob_core")))
    return "".join(out)


def verdict_html(view, lang: str) -> str:
    """The verdict line of the report's first screen, with the rule that made it."""
    verdict, counts = robustness_verdict(view)
    rel = ("，" if lang == "zh" else ", ").join(f"{t(lang, r) if r in _RELATIONS else r} {k}"
                                                for r, k in counts.items())
    text = t(lang, f"verdict_{verdict}", n=sum(counts.values()), relations=rel)
    terms = (view.get("robustness") or {}).get("robust_core_terms") or []
    if verdict != "untested":
        text += " " + t(lang, "verdict_core", k=len(terms))
    colon = "：" if lang == "zh" else ": "
    return (f"<p class=\"verdict verdict-{verdict}\" id=\"robustness-verdict\">"
            f"<strong>{esc(t(lang, 'sec_robustness'))}{colon}</strong>{esc(text)}</p>"
            f"<p class=\"note\">{esc(t(lang, 'summary_note'))}</p>")


class Robustness(Method):
    name = "robustness"
    steps = ("robustness",)
    rerun = "on_request"       # the plan's tests take long: the workbench runs them on a button

    def verdict(self, results) -> tuple[str, dict] | None:
        return robustness_verdict(results) if results.get("robustness") else None

    def enabled(self, study) -> bool:
        return bool(study.spec.get("robustness"))

    def check(self, ctx) -> None:
        for i, cal in enumerate((ctx.study.spec.get("robustness") or {}).get("calibrations") or []):
            ctx.variant.check_anchors(ctx.study, ctx.raw, _anchors(cal), where=f"robustness.calibrations[{i}] "
                                                                         f"({cal['label']!r})")

    def run(self, ctx) -> None:
        ctx.outputs["robustness"] = robustness(ctx.study, ctx.variant, ctx.raw, ctx["calibration"].data,
                                               ctx["solutions"]["intermediate"], ctx.progress,
                                               ctx.outputs.setdefault("calibration_checks", []))
        ctx.outputs["chance_test"] = run_chance(ctx.study, ctx["solutions"], ctx.progress)

    def results(self, ctx) -> dict:
        rob = ctx.get("robustness")
        out = {"robustness": None if rob is None else rob.to_dict()}
        chance = chance_json(ctx.get("chance_test"))
        if chance is not None:
            out["chance_test"] = chance
        return out

    def csv_tables(self, ctx) -> list[CsvTable]:
        chance = (ctx.get("chance_test") or {}).get("result")   # none when skipped or not planned
        out = [] if chance is None else [CsvTable("chance_test.csv", chance.to_frame(), index=False),
                                         CsvTable("chance_draws.csv", chance.draws, index=False)]
        rob = ctx.get("robustness")
        if rob is None:
            return out
        typical = rob.to_dict().get("robust_typical_cases") or []
        return [CsvTable("robustness.csv", rob.comparison),
                CsvTable("robustness_configurations.csv", rob.configurations, index=False),
                # complete here: the report names the first of them
                CsvTable("robust_typical_cases.csv", pd.DataFrame({"case": typical}, dtype=object), index=False),
                *out]

    def sheet_caption(self, stem: str, lang: str) -> str | None:
        fixed = {"robustness": "rob_tests", "robustness_configurations": "rob_configurations",
                 "robust_typical_cases": "robust_typical_cases", "chance_test": "robustness.sheet_chance",
                 "chance_draws": "robustness.sheet_chance_draws"}
        return t(lang, fixed[stem]) if stem in fixed else None

    def sheet_table(self, stem: str, view, lang: str):
        return chance_sheet(view, lang) if stem == "chance_test" else None

    def summary_lines(self, results: dict) -> list[str]:
        chance = results.get("chance_test")
        if not chance:
            return []
        if "skipped" in chance:
            return [f"  chance test: not run ({chance['solution']} solution has no model)"]
        return [f"  {chance_line(chance, 'en')} Seed {chance['seed']}, {chance['solution']} solution."]

    def findings(self, view, lang: str, per_configuration) -> list[str]:
        out = [verdict_html(view, lang)]
        chance = view.get("chance_test")
        if chance and "skipped" not in chance:
            out.append(f"<p class=\"note\" id=\"chance-finding\">{esc(chance_line(chance, lang))}</p>")
        return out

    def sections(self, view, lang: str, figures) -> list[Section]:
        return [Section("robustness", t(lang, "sec_robustness"),
                        robustness_html(view, lang) + chance_html(view, lang),
                        80)]
