"""Multi-value QCA against R's QCA 3.23 (the full reference folder beside the repository, else the
public cases in tests/data/mv-cases), plus the refusals and the notation."""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import fsqca
from _qca_refs import assert_models_match, assert_rows_match, assert_variants_match, load_case, model_key
from _shared import reference, shared_dir

CASE_DIR = reference("fsqca-mv-conformance/cases")
ALL = sorted(p.name for p in CASE_DIR.glob("*") if (p / "ref.json").exists())
CASES = [c for c in ALL if not load_case(CASE_DIR / c)[0].get("expected_error")]
REFUSED = [c for c in ALL if c not in CASES]


def _tt(case):
    ref, data = load_case(CASE_DIR / case)
    p = ref["params"]
    outcome = ("~" if p["negate_outcome"] else "") + p["outcome"]
    tt = fsqca.truth_table(data, outcome, p["conditions"], incl_cut=p["incl_cut"], pri_cut=p["pri_cut"],
                           n_cut=p["n_cut"], multi_value=ref["multi_value"])
    return ref, tt


@pytest.mark.parametrize("case", CASES)
def test_truth_table_matches_r(case):
    ref, tt = _tt(case)
    want = ref["truth_table"]
    assert tt.n_rows_total == want["n_rows_total"]
    assert tt.levels == tuple(ref["noflevels"][c] for c in tt.conditions)
    assert_rows_match(tt, want["rows"])


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("kind", ["conservative", "parsimonious"])
def test_models_match_r(case, kind):
    ref, tt = _tt(case)
    sol = fsqca.minimize(tt, kind)
    assert_models_match(sol, ref["solutions"][kind]["models"])
    if kind == "parsimonious":  # R's simplifying assumptions of each model (M1, M2, ...)
        by_key = {model_key(m.terms): i for i, m in enumerate(sol.models)}
        for w, sa in zip(ref["solutions"][kind]["models"], ref["solutions"][kind]["SA"].values()):
            assert sorted(sol.simplifying_assumptions(by_key[model_key(w["terms"])])) == sorted(sa or [])


@pytest.mark.parametrize("case", CASES)
def test_intermediate_matches_r(case):
    ref, tt = _tt(case)
    want = ref["solutions"]["intermediate"]
    sol = fsqca.minimize(tt, "intermediate", dir_exp=ref["params"]["dir_exp"])
    assert_models_match(sol, [m for v in want["variants"] for m in v["models"]])
    assert_variants_match(sol, want["variants"])


@pytest.mark.parametrize("case", REFUSED)
def test_uncalibrated_levels_refused(case):
    ref, data = load_case(CASE_DIR / case)
    p = ref["params"]
    with pytest.raises(fsqca.QCAInputError, match="level 2 does not occur"):
        fsqca.truth_table(data, p["outcome"], p["conditions"], incl_cut=p["incl_cut"], multi_value=ref["multi_value"])


def test_checker_reports_full_agreement():
    folder = shared_dir("fsqca-mv-conformance")
    proc = subprocess.run([sys.executable, str(folder / "check.py"), "--cmd", f"{sys.executable} -m fsqca"],
                          capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]


# ---- notation and refusals -------------------------------------------------------------
LM = pd.DataFrame({"DEV": [1, 2, 1, 0, 1, 2, 1, 0, 0], "URB": [0, 1, 1, 0, 0, 0, 1, 0, 0],
                   "IND": [1, 1, 1, 0, 0, 1, 1, 0, 0], "SURV": [0, 1, 1, 0, 1, 1, 0, 0, 0]},
                  index=list("abcdefghi"))


def test_terms_in_r_notation_and_fit_of_an_mv_expression():
    sol = fsqca.minimize(fsqca.truth_table(LM, "SURV", multi_value=["DEV"]), "parsimonious")
    assert "DEV[2]" in [fsqca.format_term(t) for m in sol.models for t in m.terms]
    # fit of an expression with a level set: DEV[1,2]*URB[1] is DEV[1]*URB[1] + DEV[2]*URB[1]
    f = fsqca.fit("DEV[1,2]*URB[1]", LM, "SURV", multi_value="DEV")
    assert [str(t) for t in f.terms_table.index] == ["DEV[1]*URB[1]", "DEV[2]*URB[1]"]
    # by hand: cases b, c, g have DEV in {1, 2} and URB 1; b and c have SURV 1
    assert f.inclS == pytest.approx(2 / 3)


@pytest.mark.parametrize("column, values, message", [
    ("DEV", [1, 2, 1, 0, 1, 2.5, 1, 0, 0], "whole numbers from 0"),
    ("DEV", [1, -1, 1, 0, 1, 2, 1, 0, 0], "whole numbers from 0"),
    ("DEV", [1, 3, 1, 0, 1, 3, 1, 0, 0], "level 2 does not occur"),
])
def test_bad_levels_one_clear_line(column, values, message):
    data = LM.assign(**{column: values})
    with pytest.raises(fsqca.QCAInputError, match=message):
        fsqca.truth_table(data, "SURV", multi_value=[column])


def test_undeclared_multi_value_column_still_refused():
    # the contract keeps the range error; the line names the declaration a multi-value column needs
    with pytest.raises(fsqca.QCAInputError, match="outside \\[0, 1\\]") as err:
        fsqca.truth_table(LM, "SURV")
    assert "0..2 are levels of a multi-value condition" in str(err.value)
    assert "multi_value=['DEV']" in str(err.value) and "--multi-value DEV" in str(err.value)
    # raw counts and fractions above 1 are not offered as levels
    for raw in ([0, 3, 40, 12, 7] * 4, [0.5, 1.5, 0.2, 0.9, 0.1] * 4, [float("inf"), 0, 2, 1, 0] * 4):
        data = pd.DataFrame({"X": raw, "Y": [0, 1] * 10})
        with pytest.raises(fsqca.QCAInputError, match="outside \\[0, 1\\]") as err:
            fsqca.truth_table(data, "Y", ["X"])
        assert "multi-value" not in str(err.value)


@pytest.mark.parametrize("text, message", [
    ("DEV[3]", "level 3 of 'DEV'"),
    ("DEV", "multi-value condition"),
    ("DEV[1]*XYZ[1]", "unknown condition 'XYZ'"),
    ("DEV[1*URB[1]", "unbalanced brackets"),
    ("DEV[1]]", "unbalanced brackets"),
])
def test_bad_expressions_one_clear_line(text, message):
    with pytest.raises(fsqca.QCAInputError, match=message.replace("[", "\\[")):
        fsqca.fit(text, LM, "SURV", multi_value=["DEV"])


@pytest.mark.parametrize("dir_exp, message", [
    ("DEV[3], URB[1]", "level 3 of 'DEV' does not occur"),
    ("DEV[1], URB", "ambiguous directional expectations"),
    ("DEV[0,1,2]", "cancel each other out"),
    ("DEV[1,2, URB[1]", "unbalanced brackets"),
    ("DEX[1]", "unknown condition 'DEX'"),
])
def test_bad_mv_expectations_one_clear_line(dir_exp, message):
    tt = fsqca.truth_table(LM, "SURV", multi_value=["DEV"])
    with pytest.raises(fsqca.QCAInputError, match=message):
        fsqca.minimize(tt, "intermediate", dir_exp=dir_exp)


def test_multi_value_outcome():
    tt = fsqca.truth_table(LM, "DEV[2]", ["URB", "IND"], incl_cut=0.5)
    assert tt.outcome_label == "DEV[2]"
    # by hand: DEV == 2 in cases b and f; row URB=1, IND=1 holds b, c, g (one of three)
    assert tt.rows.loc[4, "incl"] == pytest.approx(1 / 3)
    neg = fsqca.truth_table(LM, "~DEV[2]", ["URB", "IND"], incl_cut=0.5)
    assert neg.rows.loc[4, "incl"] == pytest.approx(2 / 3)


def test_command_refuses_gap_in_one_line(tmp_path):
    data = LM.assign(DEV=[1, 3, 1, 0, 1, 3, 1, 0, 0])
    path = tmp_path / "gap.csv"
    data.rename_axis("case").to_csv(path)
    proc = subprocess.run([sys.executable, "-m", "fsqca", "truth-table", str(path), "--outcome", "SURV",
                           "--multi-value", "DEV"], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "level 2 does not occur" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_two_level_declared_multi_value_is_the_crisp_table():
    crisp = LM.assign(DEV=(LM["DEV"] > 0).astype(int))
    a = fsqca.truth_table(crisp, "SURV")
    b = fsqca.truth_table(crisp, "SURV", multi_value=["DEV", "URB"])
    assert not b.multi_value
    pd.testing.assert_frame_equal(a.rows, b.rows)
    assert np.array_equal(a.codes("1"), b.codes("1"))


def test_configuration_table_refuses_multi_value_solutions():
    sol = fsqca.minimize(fsqca.truth_table(LM, "SURV", multi_value=["DEV"]), "intermediate", dir_exp="DEV[1,2]")
    with pytest.raises(fsqca.QCAInputError, match="multi-value solution"):
        fsqca.configuration_table(sol)


def test_mapping_form_of_mv_expectations_equals_r_string():
    tt = fsqca.truth_table(LM, "SURV", multi_value=["DEV"])
    a = fsqca.minimize(tt, "intermediate", dir_exp={"DEV": [1, 2], "URB": 1, "IND": "-"})
    b = fsqca.minimize(tt, "intermediate", dir_exp="DEV[1,2], URB[1]")
    assert [v.easy_counterfactuals for v in a.variants] == [v.easy_counterfactuals for v in b.variants]
    with pytest.raises(fsqca.QCAInputError, match="level 5 does not occur"):
        fsqca.minimize(tt, "intermediate", dir_exp={"DEV": 5})


def test_two_level_diagnostics_refuse_multi_value_tables():
    tt = fsqca.truth_table(LM, "SURV", multi_value=["DEV"])
    with pytest.raises(fsqca.QCAInputError, match="multi-value"):
        fsqca.find_rows(tt, type=2)
    with pytest.raises(fsqca.QCAInputError, match="multi-value"):
        fsqca.chance_test(fsqca.minimize(tt, "parsimonious"), permutations=10)
