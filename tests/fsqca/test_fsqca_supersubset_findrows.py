"""Necessity of combinations (R's superSubset) and findRows against independent brute-force
references (no reference files needed).

Each reference below is written from the published definitions (R's QCA, as documented in
docs/diagnostics.md) with plain Python loops, independently of the vectorised code under test.
Model fit, cluster diagnostics and the diagnostics commands: ``test_fsqca_modelfit_cluster.py``.
"""
from __future__ import annotations

from itertools import combinations, product

import numpy as np
import pandas as pd
import pytest
from _diagnostics_refs import NAMES, SETTINGS, brute_models, config
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fsqca
from fsqca import QCAInputError

EPS = np.finfo(float).eps ** 0.5


@st.composite
def fuzzy_data(draw, k_min=2, k_max=4, n_min=5, n_max=12):
    k = draw(st.integers(k_min, k_max))
    n = draw(st.integers(n_min, n_max))
    vals = st.sampled_from([0.0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.45, 0.55, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0])
    cols = {c: draw(st.lists(vals, min_size=n, max_size=n)) for c in NAMES[:k]}
    cols["Y"] = draw(st.lists(vals, min_size=n, max_size=n))
    df = pd.DataFrame(cols, index=[f"c{i}" for i in range(n)])
    for c in [*NAMES[:k], "Y"]:  # constant sets (conditions or outcome) are refused by truth tables
        if df[c].nunique() == 1:
            df.loc["c0", c] = 0.0 if df[c].iloc[0] != 0.0 else 1.0
    return df


# ---- necessity of combinations -------------------------------------------------------------------
def _ratio0(a, b):
    return 0.0 if a == 0 and b == 0 else a / b


def _nec_fit(m, y):
    both = [min(a, b) for a, b in zip(m, y)]
    return (_ratio0(sum(both), sum(y)), _ratio0(sum(1 - a for a in m), sum(1 - b for b in both)),
            _ratio0(sum(both), sum(m)))


def reference_supersubset(df, conds, incl_cut, cov_cut, ron_cut):
    """R's superSubset(relation = "necessity") as its documentation and source describe it."""
    y = list(df["Y"])
    ic, cc = incl_cut - EPS, (cov_cut - EPS if cov_cut > 0 else cov_cut)
    listed, lower = [], []
    for level in range(1, len(conds) + 1):
        before, new = len(listed), []
        for subset in combinations(conds, level):
            for signs in product((0, 1), repeat=level):
                lits = frozenset(zip(subset, signs))
                rows = [[df[c].iloc[i] if s else 1 - df[c].iloc[i] for c, s in zip(subset, signs)]
                        for i in range(len(df))]
                conj, disj = [min(r) for r in rows], [max(r) for r in rows]
                inc, ron, cov = _nec_fit(conj, y)
                if inc >= ic and cov >= cc:
                    listed.append(("conjunction", lits, inc, ron, cov))
                    new.append(lits)
                    continue
                inc, ron, cov = _nec_fit(disj, y)
                if inc >= ic and cov >= cc and not any(p <= lits for p in lower):
                    listed.append(("disjunction", lits, inc, ron, cov))
                    new.append(lits)
        lower += new
        if level > 3 and before > 0 and not new:
            break
    return [e for e in listed if e[3] >= ron_cut]


def _lits(expr):
    sep = "+" if "+" in expr else "*"
    return frozenset((l.strip().lstrip("~"), 0 if l.strip().startswith("~") else 1) for l in expr.split(sep))


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fuzzy_data(k_max=5, n_max=9), st.sampled_from([0.6, 0.75, 0.85, 0.9]), st.sampled_from([0, 0.3, 0.6]),
       st.sampled_from([0, 0.2, 0.5]))
def test_necessity_combinations_equal_the_reference(df, incl_cut, cov_cut, ron_cut):
    conds = [c for c in df.columns if c != "Y"]
    res = fsqca.necessity_combinations(df, "Y", conds, incl_cut=incl_cut, cov_cut=cov_cut, ron_cut=ron_cut)
    want = {(kind if len(l) > 1 else "single", l): (i, r, c)
            for kind, l, i, r, c in reference_supersubset(df, conds, incl_cut, cov_cut, ron_cut)}
    got = {}
    for row in res.to_frame().itertuples():
        got[(row.type if row.level > 1 else "single", _lits(row.expression))] = (row.inclN, row.RoN, row.covN)
    # RoN is compared with ron_cut exactly (as R does); where RoN lands on the cut itself, which side
    # it falls on depends on the order of the floating-point sums, so those ties are left out
    def clear(found):
        return {k for k, (_, ron, _) in found.items() if abs(ron - ron_cut) > 1e-9}

    assert clear(got) == clear(want)
    for key in clear(want):
        assert got[key] == pytest.approx(want[key], abs=1e-12)


@SETTINGS
@given(fuzzy_data(k_max=4), st.sampled_from([0.7, 0.8, 0.9]))
def test_every_listed_combination_passes_and_is_minimal_as_r_defines(df, incl_cut):
    conds = [c for c in df.columns if c != "Y"]
    table = fsqca.necessity_combinations(df, "Y", conds, incl_cut=incl_cut, cov_cut=0.3).to_frame()
    y = list(df["Y"])
    for row in table.itertuples():
        lits = _lits(row.expression)
        cols = [[df[c].iloc[i] if v else 1 - df[c].iloc[i] for c, v in lits] for i in range(len(df))]
        member = [max(r) if row.type == "disjunction" else min(r) for r in cols]
        inc, _, cov = _nec_fit(member, y)
        assert inc >= incl_cut - EPS and cov >= 0.3 - EPS
        if row.type == "disjunction":
            # the conjunction of the same literals failed, and no lower-level listed expression
            # is made of some of its literals (removing a literal cannot give a listed expression)
            inc_c, _, cov_c = _nec_fit([min(r) for r in cols], y)
            assert not (inc_c >= incl_cut - EPS and cov_c >= 0.3 - EPS)
            lower = table[table["level"] < row.level]
            assert not any(_lits(e) <= lits for e in lower["expression"])


def test_necessity_combinations_empty_result_says_what_r_does():
    df = pd.DataFrame({"A": [0.1, 0.2, 0.9], "B": [0.2, 0.9, 0.1], "Y": [0.9, 0.8, 0.95]})
    res = fsqca.necessity_combinations(df, "Y", incl_cut=1.0, cov_cut=1.0)
    assert res.to_frame().empty and any("stops with an error" in n for n in res.notes)
    assert res.to_dict()["expressions"] == []


# ---- findRows --------------------------------------------------------------------------------------
def _observed(df, conds):
    k = len(conds)
    return {1 + sum(int(df[c].iloc[i] > 0.5) << (k - 1 - j) for j, c in enumerate(conds)) for i in range(len(df))}


@SETTINGS
@given(fuzzy_data(), st.data(), st.booleans())
def test_find_rows_type1_is_the_rows_of_the_expression(df, data, observed):
    conds = [c for c in df.columns if c != "Y"]
    k = len(conds)
    terms = data.draw(st.lists(st.dictionaries(st.sampled_from(conds), st.sampled_from([0, 1]), min_size=1),
                               min_size=1, max_size=3))
    expr = " + ".join("*".join(("" if v else "~") + c for c, v in t.items()) for t in terms)
    tt = fsqca.truth_table(df, "Y", conds, incl_cut=0.8)
    res = fsqca.find_rows(tt, expr, type=1, observed=observed)
    seen = _observed(df, conds)
    want = {r + 1 for r in range(2**k)
            if any(all(config(r, k)[conds.index(c)] == v for c, v in t.items()) for t in terms)}
    if not observed:
        want -= seen
    assert set(res.rows) == want


def _side(tt):
    out = tt.rows["OUT"]
    positive = {r - 1 for r in out.index[out == "1"]}
    negative = {r - 1 for r in out.index[out.isin(["0", "C"])]}
    if not positive:
        return set()
    return {r + 1 for m in brute_models(positive, negative, tt.k) for t in m for r in t
            if r not in positive and r not in negative}


@SETTINGS
@given(fuzzy_data(k_max=3, n_min=6), st.sampled_from([(0.75,), (0.8, 0.6), (0.7,)]))
def test_find_rows_type2_are_remainders_of_both_parsimonious_charts(df, cuts):
    conds = [c for c in df.columns if c != "Y"]
    tt = fsqca.truth_table(df, "Y", conds, incl_cut=cuts)
    neg = fsqca.truth_table(df, "~Y", conds, incl_cut=cuts[-1])      # reversed cut-offs: ic0 for ~Y
    res = fsqca.find_rows(tt, type=2)
    assert set(res.rows) == _side(tt) & _side(neg)
    # and ESA is two lines: the rows can be excluded and are then no simplifying assumption
    if len(tt.codes("1")) and res.rows:
        sol = fsqca.minimize(tt, "parsimonious", exclude=res.rows)
        assert not set(res.rows) & set(sol.simplifying_assumptions())


@SETTINGS
@given(fuzzy_data(), st.sampled_from([(0.75,), (0.8, 0.6), (0.7, 0.5)]))
def test_find_rows_type3_rows_are_positive_for_both_outcomes(df, cuts):
    conds = [c for c in df.columns if c != "Y"]
    y = df["Y"].to_numpy()
    tt = fsqca.truth_table(df, "Y", conds, incl_cut=cuts)
    res = fsqca.find_rows(tt, type=3)
    k = len(conds)
    want = set()
    for r in _observed(df, conds):
        cfg = config(r - 1, k)
        x = np.min([df[c].to_numpy() if v else 1 - df[c].to_numpy() for c, v in zip(conds, cfg)], axis=0)
        n = int((x > 0.5).sum())
        if n < 1:
            continue
        inc_y = np.minimum(x, y).sum() / x.sum()
        inc_n = np.minimum(x, 1 - y).sum() / x.sum()
        if inc_y >= cuts[0] - EPS and inc_n >= cuts[-1] - EPS:
            want.add(r)
    assert set(res.rows) == want


def test_esa_is_two_lines():
    df = pd.DataFrame({"A": [0.9, 0.8, 0.2, 0.7], "B": [0.8, 0.3, 0.7, 0.9], "C": [0.2, 0.1, 0.3, 0.8],
                       "Y": [0.9, 0.7, 0.2, 0.8]}, index=list("pqrs"))
    tt = fsqca.truth_table(df, "Y", ["A", "B", "C"], incl_cut=0.8)
    untenable = fsqca.find_rows(tt, "~A", type=1)
    sol = fsqca.minimize(tt, "parsimonious", exclude=untenable.rows)
    assert untenable.rows == (1, 2, 4)          # ~A rows 1-4, minus row 3 (case r is 0,1,0)
    assert set(sol.excluded) == {1, 2, 4} and not {1, 2, 4} & set(sol.simplifying_assumptions())
    assert untenable.to_dict()["rows"] == [1, 2, 4]
    assert list(untenable.to_frame()["types"]) == ["1", "1", "1"]


def test_find_rows_bad_input():
    df = pd.DataFrame({"A": [0.9, 0.2, 0.7], "B": [0.8, 0.3, 0.1], "Y": [0.9, 0.2, 0.6]})
    tt = fsqca.truth_table(df, "Y", ["A", "B"], incl_cut=0.8)
    with pytest.raises(QCAInputError, match="type 1 needs an expression"):
        fsqca.find_rows(tt, type=1)
    with pytest.raises(QCAInputError, match="type 1 needs an expression"):
        fsqca.find_rows(tt, type=0)
    with pytest.raises(QCAInputError, match="unknown condition 'Q'"):
        fsqca.find_rows(tt, "A*~Q")
    with pytest.raises(QCAInputError, match="type must be 0, 1, 2 or 3"):
        fsqca.find_rows(tt, "A", type=4)
    with pytest.raises(QCAInputError, match="type 1 only"):
        fsqca.find_rows(tt, "A", type=3)


def test_find_rows_type1_counts_rows_below_n_cut_as_observed_with_eight_conditions():
    # R's truthTable() drops rows below n.cut when there are 8 or more conditions, so R's
    # findRows(type = 1) returns them as remainders; they are observed (a case is in them) and
    # are not returned here, whatever the number of conditions.
    rng = np.random.default_rng(8)
    names = [f"X{i}" for i in range(8)]
    df = pd.DataFrame(rng.choice([0.2, 0.8], size=(12, 8)), columns=names, index=[f"c{i}" for i in range(12)])
    df["Y"] = rng.choice([0.1, 0.9], size=12)
    tt = fsqca.truth_table(df, "Y", names, incl_cut=0.8, n_cut=2)
    below = set(tt.rows.index[tt.rows["n"] < 2])
    assert below                                           # rows with one case each
    res = fsqca.find_rows(tt, "X0 + ~X0", type=1)
    assert not below & set(res.rows)
    assert set(res.rows) == set(range(1, 2**8 + 1)) - set(tt.rows.index)


@SETTINGS
@given(fuzzy_data(k_max=3, n_min=6), st.sampled_from([(0.75, 0.9), (0.8, 0.6), (0.9, 0.7)]),
       st.sampled_from([(0.0, 1), (0.5, 1), (0.0, 2)]))
def test_find_rows_type2_with_the_negated_outcomes_own_cut_offs(df, cuts, neg_pri_n):
    # the manual R idiom: two truth tables with their own cut-offs, the shared simplifying assumptions
    conds = [c for c in df.columns if c != "Y"]
    tt = fsqca.truth_table(df, "Y", conds, incl_cut=cuts[0])
    neg = fsqca.truth_table(df, "~Y", conds, incl_cut=cuts[1], pri_cut=neg_pri_n[0], n_cut=neg_pri_n[1])
    res = fsqca.find_rows(tt, type=2, negated_incl_cut=cuts[1], negated_pri_cut=neg_pri_n[0],
                          negated_n_cut=neg_pri_n[1])
    assert set(res.rows) == _side(tt) & _side(neg)
    assert res.to_dict()["negated_cuts"] == {"incl_cut": [cuts[1]], "pri_cut": neg_pri_n[0], "n_cut": neg_pri_n[1]}
    assert any("its own cut-offs" in n for n in res.notes)


def test_find_rows_negated_cut_offs_default_to_r_and_belong_to_types_2_and_3(tmp_path, capsys):
    df = pd.DataFrame({"A": [0.9, 0.8, 0.2, 0.1, 0.7, 0.3], "B": [0.3, 0.9, 0.8, 0.2, 0.6, 0.7],
                       "Y": [0.8, 0.9, 0.3, 0.1, 0.6, 0.4]})
    tt = fsqca.truth_table(df, "Y", incl_cut=(0.8, 0.6))
    assert fsqca.find_rows(tt, type=3).negated_cuts == {"incl_cut": [0.6], "pri_cut": 0.0, "n_cut": 1}
    with pytest.raises(QCAInputError, match="types 2 and 3 only"):
        fsqca.find_rows(tt, "~A", type=1, negated_incl_cut=0.7)
    from fsqca.cli import main

    path = tmp_path / "d.csv"
    df.to_csv(path, index_label="case")
    argv = ["find-rows", str(path), "--outcome", "Y", "--incl-cut", "0.8", "--type", "3", "--json"]
    assert main(argv + ["--negated-incl-cut", "0.6"]) == 0
    import json

    out = json.loads(capsys.readouterr().out)
    assert out["negated_cuts"]["incl_cut"] == [0.6]
    want = fsqca.find_rows(fsqca.truth_table(df, "Y", incl_cut=0.8), type=3, negated_incl_cut=0.6).rows
    assert out["rows"] == list(want)


def test_find_rows_refuses_multi_value_tables_and_carries_the_binomial_test():
    mv = pd.DataFrame({"A": [0, 1, 2, 2, 1, 0], "B": [0, 1, 1, 0, 1, 0], "Y": [0, 1, 1, 1, 0, 0]})
    tt = fsqca.truth_table(mv, "Y", ["A", "B"], multi_value=["A"], incl_cut=0.8)
    with pytest.raises(QCAInputError, match=r"multi-value conditions \(A\)"):
        fsqca.find_rows(tt, type=3)
    crisp = pd.DataFrame({"A": [1, 1, 1, 1, 0, 0, 0, 1], "B": [1, 1, 0, 0, 1, 0, 0, 1],
                          "Y": [1, 1, 0, 1, 0, 0, 1, 1]})
    tt = fsqca.truth_table(crisp, "Y", ["A", "B"], incl_cut=0.6, inf_test="binom, 0.5")
    from fsqca.diagnostics.findrows import negated_truth_table

    neg = negated_truth_table(tt)
    assert neg.inf_test == tt.inf_test and neg.outcome_label == "~Y"
    want = fsqca.truth_table(crisp, "~Y", ["A", "B"], incl_cut=0.6, inf_test="binom, 0.5")
    assert neg.rows["OUT"].tolist() == want.rows["OUT"].tolist()
