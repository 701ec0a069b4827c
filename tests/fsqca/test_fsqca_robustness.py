"""Robustness tests: set relations between solutions and Oana & Schneider's fit parameters."""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fsqca
from fsqca.robustness import RobustnessCheck, robustness, set_relation, sweep

CONDS = ["A", "B", "C"]
literal = st.sampled_from([("A", 1), ("A", 0), ("B", 1), ("B", 0), ("C", 1), ("C", 0)])


@st.composite
def sop(draw):
    terms = []
    for _ in range(draw(st.integers(1, 3))):
        lits = dict(draw(st.lists(literal, min_size=1, max_size=3)))
        terms.append(tuple(sorted(lits.items(), key=lambda lv: CONDS.index(lv[0]))))
    return tuple(terms)


@settings(max_examples=80, deadline=None)
@given(sop(), sop())
def test_set_relation_is_consistent_with_truth_tables(a, b):
    rel = set_relation(a, b, CONDS)
    back = set_relation(b, a, CONDS)
    assert {"subset": "superset", "superset": "subset"}.get(rel, rel) == back
    # brute force over the 8 corners
    def value(expr, corner):
        return any(all(corner[c] == v for c, v in t) for t in expr)
    corners = [dict(zip(CONDS, bits)) for bits in itertools.product((0, 1), repeat=3)]
    va = np.array([value(a, c) for c in corners])
    vb = np.array([value(b, c) for c in corners])
    if rel == "identical":
        assert (va == vb).all()
    elif rel == "subset":
        assert (va <= vb).all() and (va != vb).any()
    elif rel == "disjoint":
        assert not (va & vb).any()


@pytest.fixture()
def data():
    rng = np.random.default_rng(3)
    A = rng.uniform(size=30)
    B = rng.uniform(size=30)
    C = rng.uniform(size=30)
    Y = np.clip(np.maximum(np.minimum(A, B), C * 0.6) + rng.normal(0, 0.05, 30), 0, 1)
    return pd.DataFrame({"A": A, "B": B, "C": C, "Y": Y}, index=[f"c{i}" for i in range(30)])


def test_fit_parameters_follow_their_formulas(data):
    tt = fsqca.truth_table(data, "Y", CONDS, incl_cut=0.8)
    initial = fsqca.minimize(tt, "parsimonious")
    tests = {f"incl {c}": fsqca.minimize(fsqca.truth_table(data, "Y", CONDS, incl_cut=c), "parsimonious")
             for c in (0.75, 0.85)}
    res = robustness(initial, tests, data, "Y", CONDS)
    y = data["Y"].to_numpy()

    def member(expr):
        terms = fsqca.parse_expression(expr, CONDS)
        out = np.zeros(len(data))
        for t in terms:
            out = np.maximum(out, np.min([data[c] if v else 1 - data[c] for c, v in t], axis=0))
        return out

    is_m = member(initial.models[0].expression)
    ts = [member(s.models[0].expression) for s in tests.values()]
    rc = np.minimum(is_m, np.minimum(*ts))
    cov = lambda x: np.minimum(x, y).sum() / y.sum()
    incl = lambda x: np.minimum(x, y).sum() / x.sum()
    assert res.fit_parameters["RF_cov"] == pytest.approx(cov(rc) / cov(is_m))
    assert res.fit_parameters["RF_cons"] == pytest.approx(incl(is_m) / incl(rc))
    mn = np.minimum(*ts)
    assert res.fit_parameters["RF_SC_minTS"] == pytest.approx(np.minimum(is_m, mn).sum() / np.maximum(is_m, mn).sum())
    assert 0 <= res.fit_parameters["RCR_typ"] <= 1


def test_sweep_reports_identical_for_the_initial_settings_and_shows_progress(data, capsys):
    tt = fsqca.truth_table(data, "Y", CONDS, incl_cut=0.8)
    initial = fsqca.minimize(tt, "parsimonious")
    seen = []
    res = sweep(initial, {"initial": data}, [RobustnessCheck("same", incl_cut=0.8, pri_cut=0.0), RobustnessCheck("strict", incl_cut=0.95)],
                outcome="Y", conditions=CONDS, solution="parsimonious",
                progress=lambda done, total, label: seen.append((done, total, label)))
    assert seen == [(1, 2, "same"), (2, 2, "strict")]
    assert res.comparison.loc["same", "relation"] == "identical"
    assert res.fit_parameters["RF_cov"] <= 1 + 1e-12
    sweep(initial, {"initial": data}, [RobustnessCheck("same", incl_cut=0.8)], outcome="Y", conditions=CONDS,
          solution="parsimonious", progress=True)
    assert "robustness [" in capsys.readouterr().err


def test_sweep_in_parallel_matches_serial(data):
    tt = fsqca.truth_table(data, "Y", CONDS, incl_cut=0.8)
    initial = fsqca.minimize(tt, "parsimonious")
    tests = [RobustnessCheck(f"incl {c}", incl_cut=c) for c in (0.7, 0.75, 0.85, 0.9)]
    a = sweep(initial, {"initial": data}, tests, outcome="Y", conditions=CONDS, solution="parsimonious",
              progress=False)
    b = sweep(initial, {"initial": data}, tests, outcome="Y", conditions=CONDS, solution="parsimonious",
              progress=False, n_jobs=2)
    pd.testing.assert_frame_equal(a.comparison, b.comparison)


def test_test_without_solution_is_recorded(data):
    tt = fsqca.truth_table(data, "Y", CONDS, incl_cut=0.8)
    initial = fsqca.minimize(tt, "parsimonious")
    res = sweep(initial, {"initial": data}, [RobustnessCheck("impossible", incl_cut=1.0, pri_cut=1.0)],
                outcome="Y", conditions=CONDS, solution="parsimonious", progress=False)
    assert res.comparison.loc["impossible", "relation"] in ("none", "subset", "identical")


def test_unknown_dataset_label(data):
    tt = fsqca.truth_table(data, "Y", CONDS, incl_cut=0.8)
    with pytest.raises(fsqca.QCAInputError, match="unknown data set"):
        sweep(fsqca.minimize(tt, "parsimonious"), {"initial": data}, [RobustnessCheck("x", data_label="other")],
              outcome="Y", conditions=CONDS, progress=False)


def test_leave_one_group_out_by_hand():
    from fsqca.robustness import leave_one_group_out

    # g1 holds the only case of the row A*~B: without it the complex solution shrinks to A*B
    d = pd.DataFrame({"A": [1, 1, 0, 0, 1, 0], "B": [1, 0, 1, 0, 1, 1], "Y": [1, 1, 0, 0, 1, 0]},
                     index=list("abcdef"))
    groups = pd.Series(["g1", "g1", "g2", "g2", "g3", "g3"], index=list("abcdef"))
    sol = fsqca.minimize(fsqca.truth_table(d, "Y", ["A", "B"], incl_cut=0.8), "complex", progress=False)
    assert sol.models[0].expression == "A"
    r = leave_one_group_out(sol, groups)
    assert r.comparison["solution"].to_dict() == {"without g1": "A*B", "without g2": "A", "without g3": "A"}
    assert r.comparison.loc["without g1", "relation"] == "subset"
    # robust core min(A, A*B, A, A) = A*B covers a and e of the three outcome cases
    assert r.fit_parameters["RF_cov"] == pytest.approx(2 / 3)
    assert r.fit_parameters["RF_cons"] == pytest.approx(1.0)
    assert r.fit_parameters["RCR_typ"] == pytest.approx(2 / 3)
    assert r.robust_cases["robust_core"].to_dict() == {"a": 1, "b": 0, "c": 0, "d": 0, "e": 1, "f": 0}
    with pytest.raises(fsqca.QCAInputError, match="case 'f' has no group label"):
        leave_one_group_out(sol, groups.iloc[:5])
