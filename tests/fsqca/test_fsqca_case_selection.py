"""Case selection (SetMethods' smmr) and robustness ranges, against independent references."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fsqca
from fsqca import QCAInputError

SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
VALS = st.sampled_from([0.0, 0.1, 0.2, 0.3, 0.4, 0.45, 0.55, 0.6, 0.7, 0.8, 0.9, 1.0])


@st.composite
def data3(draw):
    n = draw(st.integers(5, 12))
    df = pd.DataFrame({c: draw(st.lists(VALS, min_size=n, max_size=n)) for c in ["A", "B", "C", "Y"]},
                      index=[f"c{i}" for i in range(n)])
    return df


def _member(df, term):
    vals = []
    for lit in term.split("*"):
        name = lit.lstrip("~")
        vals.append(1 - df[name] if lit.startswith("~") else df[name])
    return np.min(np.vstack(vals), axis=0)


# ---- smmr ----------------------------------------------------------------------------------------
@SETTINGS
@given(data3(), st.sampled_from(["A*B", "A*~C + B", "~A*B + A*C"]))
def test_case_types_and_scores_follow_setmethods(df, expr):
    sel = fsqca.smmr(expr, df, "Y")
    cases = sel.to_frame()
    y = df["Y"].to_numpy()
    terms = [t.strip() for t in expr.split("+")]
    X = {t: _member(df, t) for t in terms}
    sol = np.max(np.vstack(list(X.values())), axis=0)
    for term, x in [*X.items(), ("solution", sol)]:
        got = cases[(cases["term"] == term) & (cases["type"] == "typical")].set_index("case")
        want = {c: 2 * (yy - xx) + (1 - xx) for c, xx, yy in zip(df.index, x, y) if xx > 0.5 and yy > 0.5 and xx <= yy}
        assert set(got.index) == set(want)
        for c, score in want.items():
            assert got.loc[c, "best"] == pytest.approx(score)
            assert got.loc[c, "most"] == (score <= min(want.values()) + 1e-10)   # real ties are ties
        dev = cases[(cases["term"] == term) & (cases["type"] == "deviant consistency")].set_index("case")
        want = {c: 1 - (xx - yy) + (1 - xx) for c, xx, yy in zip(df.index, x, y) if xx > 0.5 and yy < 0.5}
        assert set(dev.index) == set(want)
        for c, score in want.items():
            assert dev.loc[c, "best"] == pytest.approx(score)
    for term in terms:   # uniquely covered: typical for this term and no other
        got = cases[(cases["term"] == term) & (cases["type"] == "typical")].set_index("case")
        for c in got.index:
            i = list(df.index).index(c)
            others = [t for t in terms if t != term and X[t][i] > 0.5 and y[i] > 0.5 and X[t][i] <= y[i]]
            assert got.loc[c, "unique_cover"] == (not others)
    dcv = cases[cases["type"] == "deviant coverage"].set_index("case")
    irr = cases[cases["type"] == "irrelevant"].set_index("case")
    assert set(dcv.index) == {c for c, s, yy in zip(df.index, sol, y) if s < 0.5 and yy > 0.5}
    assert set(irr.index) == {c for c, s, yy in zip(df.index, sol, y) if s < 0.5 and yy < 0.5}
    for c in dcv.index:
        raw = df.loc[c, ["A", "B", "C"]].to_numpy()
        w = np.min(np.where(raw <= 0.5, 1 - raw, raw))
        assert dcv.loc[c, "best"] == pytest.approx(1 - w)
        assert dcv.loc[c, "tt_row"] == 1 + sum(int(v > 0.5) << (2 - j) for j, v in enumerate(raw))


@SETTINGS
@given(data3(), st.integers(1, 3))
def test_matching_pairs_are_the_best_scored_pairs(df, max_pairs):
    sel = fsqca.smmr("A*B + C", df, "Y", max_pairs=max_pairs)
    pairs = sel.pairs
    y = dict(zip(df.index, df["Y"]))
    x = dict(zip(df.index, _member(df, "A*B")))
    got = pairs[(pairs["type"] == "typical-deviant consistency") & (pairs["term"] == "A*B")]
    typ = [c for c in df.index if x[c] > 0.5 and y[c] > 0.5 and x[c] <= y[c]]
    dcn = [c for c in df.index if x[c] > 0.5 and y[c] < 0.5]
    scores = sorted(abs(x[i] - x[j]) + (1 - (y[i] - y[j])) + (1 - x[i]) + (1 - x[j]) for i in typ for j in dcn)
    assert list(got["best"]) == pytest.approx(scores[:max_pairs])
    assert all(got["best_pair"] == (got["best"] <= got["best"].min() + 1e-10))
    for (term, focal), part in pairs[pairs["type"] == "typical-irrelevant"].groupby(["term", "focal"]):
        # scores equal to 1e-9 tie (then the data's order decides): sorted to 1e-9
        assert len(part) <= max_pairs and list(np.round(part["best"], 9)) == sorted(np.round(part["best"], 9))


def _brute_force_pairs(df, expression, max_pairs):
    """Every pair scored, sorted by score to 1e-9 then by the cases' order (the documented rule)."""
    from itertools import product

    y = df["Y"].to_numpy()
    terms = [t.strip() for t in expression.split("+")]
    out = []
    for term in terms:
        x = _member(df, term)
        typ = [i for i in range(len(df)) if x[i] > 0.5 and y[i] > 0.5 and x[i] <= y[i]]
        dcn = [i for i in range(len(df)) if x[i] > 0.5 and y[i] < 0.5]
        scored = [(round(abs(x[i] - x[j]) + (1 - (y[i] - y[j])) + (1 - x[i]) + (1 - x[j]), 9), a, b, i, j)
                  for (a, i), (b, j) in product(enumerate(typ), enumerate(dcn))]
        out += [(term, df.index[i], df.index[j]) for *_, i, j in sorted(scored)[:max_pairs]]
    return out


@SETTINGS
@given(data3(), st.integers(1, 4), st.booleans())
def test_pairs_found_without_scoring_every_pair_are_the_brute_force_ones(df, max_pairs, grid):
    # ties are common on a grid of 0.1 (and the bound-and-visit search must still find the same pairs)
    if grid:
        df = df.round(1)
    pairs = fsqca.smmr("A*B + C", df, "Y", max_pairs=max_pairs).pairs
    got = pairs[pairs["type"] == "typical-deviant consistency"]
    assert list(zip(got["term"], got["case_1"], got["case_2"])) == _brute_force_pairs(df, "A*B + C", max_pairs)


def test_smmr_of_a_solution_and_bad_input():
    df = pd.DataFrame({"A": [0.9, 0.7, 0.8, 0.2, 0.3], "B": [0.8, 0.6, 0.1, 0.9, 0.2],
                       "Y": [0.95, 0.8, 0.3, 0.7, 0.1]}, index=list("pqrst"))
    sol = fsqca.minimize(fsqca.truth_table(df, "Y", ["A", "B"], incl_cut=0.8), "parsimonious")
    sel = fsqca.smmr(sol)
    assert sel.expression == sol.models[0].expression
    assert "most typical cases" in sel.summary() and sel.to_dict()["most_typical"]
    with pytest.raises(QCAInputError, match="model_index 3 does not exist"):
        fsqca.smmr(sol, model_index=3)
    with pytest.raises(QCAInputError, match="unknown condition 'Q'"):
        fsqca.smmr("A*Q", df, "Y")
    with pytest.raises(QCAInputError, match="max_pairs"):
        fsqca.smmr("A", df, "Y", max_pairs=0)


# ---- robustness ranges -----------------------------------------------------------------------------
def _model(df, incl, n_cut=1, solution="complex"):
    try:
        tt = fsqca.truth_table(df, "Y", ["A", "B", "C"], incl_cut=incl, n_cut=n_cut)
        return frozenset(fsqca.minimize(tt, solution).models[0].terms)
    except QCAInputError:
        return None


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data3(), st.sampled_from([0.7, 0.8, 0.9]))
def test_incl_range_bounds_hold_the_solution_and_the_next_step_changes_it(df, incl):
    for c in ["A", "B", "C", "Y"]:
        if df[c].nunique() == 1:
            df.loc["c0", c] = 1.0 - df[c].iloc[0] if df[c].iloc[0] != 0.5 else 0.0
    initial = _model(df, incl)
    if initial is None:
        with pytest.raises(QCAInputError):
            fsqca.incl_range(df, "Y", ["A", "B", "C"], incl_cut=incl)
        return
    r = fsqca.incl_range(df, "Y", ["A", "B", "C"], incl_cut=incl).to_frame().iloc[0]
    grid = [incl + k * 0.1 for k in range(-9, 10)]
    for v in grid:
        if 0 < v < 1 and r["lower"] - 1e-9 <= v <= r["upper"] + 1e-9:
            assert _model(df, v) == initial          # every value inside the range keeps the solution
    below, above = r["lower"] - 0.1, r["upper"] + 0.1
    if r["lower_stop"] == "solution changed":
        assert _model(df, below) != initial
    if r["upper_stop"] == "solution changed":
        assert _model(df, above) != initial
    if r["upper_stop"] == "edge":
        assert above >= 1 - 1e-9


def test_ncut_and_calibration_ranges():
    rng = np.random.default_rng(3)
    raw = pd.Series(rng.uniform(0, 100, 30), index=[f"c{i}" for i in range(30)])
    df = pd.DataFrame({"A": fsqca.calibrate(raw, thresholds=(20, 50, 80)).to_numpy(),
                       "B": rng.uniform(0, 1, 30).round(2)}, index=raw.index)
    df["Y"] = np.maximum(df["A"] - 0.05, 0).round(2)
    n = fsqca.ncut_range(df, "Y", ["A", "B"], incl_cut=0.8, n_cut=1).to_frame().iloc[0]
    assert n["lower"] == 1 and n["lower_stop"] == "edge"
    tt = fsqca.truth_table(df, "Y", ["A", "B"], incl_cut=0.8, n_cut=int(n["upper"]))
    base = frozenset(fsqca.minimize(fsqca.truth_table(df, "Y", ["A", "B"], incl_cut=0.8), "complex").models[0].terms)
    assert frozenset(fsqca.minimize(tt, "complex").models[0].terms) == base
    cal = fsqca.calib_range(raw, df, "A", (20, 50, 80), "Y", ["A", "B"], incl_cut=0.8, step=5)
    frame = cal.to_frame().set_index("parameter")
    assert list(frame.index) == ["exclusion", "crossover", "inclusion"]
    c = frame.loc["crossover"]
    assert c["lower"] <= 50 <= c["upper"] or math.isnan(c["lower"]) or math.isnan(c["upper"])
    assert "Robustness ranges" in cal.summary() and cal.to_dict()["ranges"][1]["parameter"] == "crossover"
    with pytest.raises(QCAInputError, match="exclusion, crossover, inclusion"):
        fsqca.calib_range(raw, df, "A", (20, 80), "Y", ["A", "B"])


def test_real_ties_are_not_split_by_rounding():
    # 2(0.9 - 0.8) + (1 - 0.8) is 0.3999999999999999 in floating point and 2(0.6 - 0.6) + (1 - 0.6) is
    # 0.4: SetMethods' exact comparison would call only the first case most typical.
    df = pd.DataFrame({"A": [0.8, 0.6, 0.1], "Y": [0.9, 0.6, 0.2]}, index=["c1", "c3", "x"])
    sel = fsqca.smmr("A", df, "Y")
    assert sel.most_typical()["A"] == ["c1", "c3"]
