"""Directional expectations in R's notation, conjunctural ones included, against R's QCA 3.23 (the
full reference folder beside the repository, else the public cases in tests/data/conjdir-cases and
classic_LF_conjdir of tests/data/fsqca-cases)."""
from __future__ import annotations

import subprocess
import sys

import pytest

import fsqca
from _qca_refs import assert_models_match, assert_variants_match, load_case, model_key
from _shared import reference, shared_dir

CASE_DIR = reference("fsqca-conjdir-conformance/cases")
FOLDERS = sorted(p for p in CASE_DIR.glob("*") if (p / "ref.json").exists())
FOLDERS.append(reference("fsqca-conformance/cases") / "classic_LF_conjdir")
IDS = [f.name for f in FOLDERS]


def _sop(dir_exp_r):
    return ", ".join(dir_exp_r) if isinstance(dir_exp_r, list) else dir_exp_r


def _tt(folder):
    ref, data = load_case(folder)
    p = ref["params"]
    outcome = ("~" if p["negate_outcome"] else "") + p["outcome"]
    return ref, fsqca.truth_table(data, outcome, p["conditions"], incl_cut=p["incl_cut"], pri_cut=p["pri_cut"],
                                  n_cut=p["n_cut"])


@pytest.mark.parametrize("folder", FOLDERS, ids=IDS)
def test_intermediate_matches_r(folder):
    ref, tt = _tt(folder)
    want = ref["solutions"]["intermediate"]
    sol = fsqca.minimize(tt, "intermediate", dir_exp=_sop(ref["params"]["dir_exp_r"]))
    assert_models_match(sol, [m for v in want["variants"] for m in v["models"]])
    assert_variants_match(sol, want["variants"])


@pytest.mark.parametrize("folder", FOLDERS, ids=IDS)
def test_simplified_terms_in_r_order(folder):
    ref, tt = _tt(folder)
    analysis = ref.get("dir_exp_analysis")
    if analysis is None:
        pytest.skip("no record of R's simplification for this case")
    e = fsqca.parse_dir_exp(_sop(ref["params"]["dir_exp_r"]), tt.conditions)
    assert [e.format_term(t) for t in e.terms] == analysis["terms"]
    assert [e.format_term(t) for t in e.effective] == analysis["effective"]
    assert [e.format_term(t) for t in e.ignored] == analysis["ignored"]


@pytest.mark.parametrize("folder", FOLDERS, ids=IDS)
def test_positional_form_gives_the_same_models(folder):
    ref, tt = _tt(folder)
    p = ref["params"]
    if not p.get("dir_exp") or not ref["checks"].get("positional_form_identical"):
        pytest.skip("R's expectations are not all simple here")
    positional = ",".join(f"{c}={v}" for c, v in p["dir_exp"].items())
    a = fsqca.minimize(tt, "intermediate", dir_exp=positional)
    b = fsqca.minimize(tt, "intermediate", dir_exp=_sop(p["dir_exp_r"]))
    assert {model_key(m.terms) for m in a.models} == {model_key(m.terms) for m in b.models}


def test_checker_reports_full_agreement():
    folder = shared_dir("fsqca-conjdir-conformance")
    proc = subprocess.run([sys.executable, str(folder / "check.py"), "--cmd", f"{sys.executable} -m fsqca"],
                          capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]


# ---- the notation --------------------------------------------------------------------------
CONDS = ["DEV", "URB", "LIT", "IND", "STB"]


@pytest.mark.parametrize("text, terms", [
    ("DEV, ~DEV*URB, STB", ["DEV", "URB", "STB"]),          # absorbed: DEV + ~DEV*URB = DEV + URB
    ("~IND, ~LIT*IND", ["~LIT", "~IND"]),
    ("DEV + URB", ["DEV", "URB"]),                           # R also accepts "+"
    ("DEV[1], LIT[0]", ["DEV[1]", "LIT[0]"]),                 # brackets on two-level conditions, kept
    (["DEV", "~LIT*IND"], ["DEV", "~LIT*IND"]),              # R's character vector
])
def test_r_strings_simplify_as_r_does(text, terms):
    e = fsqca.parse_dir_exp(text, CONDS)
    assert [e.format_term(t) for t in e.terms] == terms


@pytest.mark.parametrize("text, message", [
    ("DEV, ~DEV", "cancel each other out"),
    ("~DEV*URB, ~URB*LIT, DEV*~LIT", "ambiguous directional expectations"),   # two minimal forms
    ("DEV, URB[1]", "ambiguous directional expectations"),                   # mixed notation
    ("DEV, ~LIT*INF", "unknown condition 'INF'"),
    ("DEV, , URB", "empty term"),
    ("DEV[1, URB", "unbalanced brackets"),
    ("DEV=2", "must be 1, 0 or '-'"),
])
def test_bad_expectations_one_clear_line(text, message):
    with pytest.raises(fsqca.QCAInputError, match=message):
        fsqca.parse_dir_exp(text, CONDS)


def test_r_ignores_simple_expectations_beside_a_conjunctural_one():
    # R's manual example: "DEV, STB, ~LIT*IND" gives exactly what "~LIT*IND" alone gives
    ref, tt = _tt(reference("fsqca-conformance/cases") / "classic_LF_conjdir")
    a = fsqca.minimize(tt, "intermediate", dir_exp="DEV, STB, ~LIT*IND")
    b = fsqca.minimize(tt, "intermediate", dir_exp="~LIT*IND")
    assert [v.easy_counterfactuals for v in a.variants] == [v.easy_counterfactuals for v in b.variants]
    assert "ignored" in a.summary()


def test_command_takes_r_string_and_study_file_accepts_it(tmp_path):
    folder = reference("fsqca-conformance/cases") / "classic_LF_conjdir"
    proc = subprocess.run([sys.executable, "-m", "fsqca", "minimize", str(folder / "data.csv"), "--outcome", "SURV",
                           "--conditions", ",".join(CONDS), "--incl-cut", "0.8", "--solution", "intermediate",
                           "--dir-exp", "DEV, STB, ~LIT*IND, ~XYZ"], capture_output=True, text=True)
    assert proc.returncode == 2 and "unknown condition 'XYZ'" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("folder", FOLDERS, ids=IDS)
def test_rule_all_adds_the_counterfactuals_r_leaves_out(folder):
    """With every expectation applied, the easy counterfactuals hold R's and those each ignored
    term alone would add (R's own record, ``extra_EC_if_ignored_terms_were_applied``)."""
    ref, tt = _tt(folder)
    analysis = ref.get("dir_exp_analysis")
    if not analysis or not analysis["ignored"]:
        pytest.skip("R ignores no expectation here")
    text = _sop(ref["params"]["dir_exp_r"])
    r_rule = fsqca.minimize(tt, "intermediate", dir_exp=text)
    every = fsqca.minimize(tt, "intermediate", dir_exp=text, dir_exp_rule="all")
    names = {w["name"]: (model_key(w["c_sol"]), model_key(w["p_sol"]))
             for w in ref["solutions"]["intermediate"]["variants"]}
    ec_r = {(model_key(v.complex_model.terms), model_key(v.parsimonious_model.terms)): set(v.easy_counterfactuals)
            for v in r_rule.variants}
    ec_all = {(model_key(v.complex_model.terms), model_key(v.parsimonious_model.terms)): set(v.easy_counterfactuals)
              for v in every.variants}
    for extra in analysis["extra_EC_if_ignored_terms_were_applied"].values():
        for name, rows in extra.items():
            key = names[name]
            assert ec_r[key] | set(rows) <= ec_all[key]
    assert "not R's" in every.summary()
