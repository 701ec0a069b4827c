"""Set-theoretic diagnostics against independent brute-force references (no reference files needed).

Each reference below is written from the published definitions (R's QCA and SetMethods, as
documented in docs/diagnostics.md) with plain Python loops, independently of the vectorised
code under test.
"""
from __future__ import annotations

import math
from itertools import combinations, product

import matplotlib
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fsqca
from fsqca import QCAInputError
from fsqca.cli import main
from fsqca.modelfit import intersection, negate
from fsqca.expression import format_expression, parse_expression

matplotlib.use("Agg")
EPS = np.finfo(float).eps ** 0.5
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NAMES = ["A", "B", "C", "D", "E"]


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
def _config(r, k):
    return [(r >> (k - 1 - j)) & 1 for j in range(k)]


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
            if any(all(_config(r, k)[conds.index(c)] == v for c, v in t.items()) for t in terms)}
    if not observed:
        want -= seen
    assert set(res.rows) == want


def _brute_models(positive, negative, k):
    """All minimum covers of the positive rows by prime implicants, by enumeration."""
    rows = range(2**k)
    terms = []
    for code in product((None, 0, 1), repeat=k):
        cover = {r for r in rows if all(v is None or _config(r, k)[j] == v for j, v in enumerate(code))}
        if cover & negative or not cover & positive:
            continue
        terms.append(frozenset(cover))
    primes = [t for t in set(terms) if not any(t < o for o in terms)]
    for size in range(1, len(primes) + 1):
        models = [m for m in combinations(primes, size) if positive <= set().union(*m)]
        if models:
            return models
    return []


def _side(tt):
    out = tt.rows["OUT"]
    positive = {r - 1 for r in out.index[out == "1"]}
    negative = {r - 1 for r in out.index[out.isin(["0", "C"])]}
    if not positive:
        return set()
    return {r + 1 for m in _brute_models(positive, negative, tt.k) for t in m for r in t
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
        cfg = _config(r - 1, k)
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


# ---- modelFit ----------------------------------------------------------------------------------------
def _truth(terms, names, cfg):
    return any(all(cfg[names.index(c)] == v for c, v in t) for t in terms)


def _min_sop_size(true_rows, k):
    """Fewest products of any sum of products equal to the function with these true rows."""
    if not true_rows:
        return 0
    return len(_brute_models(set(true_rows), set(range(2**k)) - set(true_rows), k)[0])


term_st = st.dictionaries(st.sampled_from(NAMES[:4]), st.sampled_from([0, 1]), min_size=1, max_size=3)
expr_st = st.lists(term_st, min_size=1, max_size=3).map(
    lambda ts: " + ".join("*".join(("" if v else "~") + c for c, v in sorted(t.items())) for t in ts))


@SETTINGS
@given(expr_st)
def test_negation_is_the_minimal_complement(expr):
    terms = parse_expression(expr)
    names = sorted({c for t in terms for c, _ in t})
    neg = negate(terms, NAMES)
    k = len(names)
    cfgs = [_config(r, k) for r in range(2**k)]
    for cfg in cfgs:
        assert _truth(neg, names, cfg) == (not _truth(terms, names, cfg))
    assert len(neg) == _min_sop_size([r for r, cfg in enumerate(cfgs) if not _truth(terms, names, cfg)], k)
    assert {c for t in neg for c, _ in t} <= set(names)


@SETTINGS
@given(expr_st, expr_st)
def test_intersection_is_the_and_without_redundant_products(e1, e2):
    t1, t2 = parse_expression(e1), parse_expression(e2)
    names = NAMES[:4]
    res = intersection(t1, t2, names)
    for r in range(16):
        cfg = _config(r, 4)
        assert _truth(res, names, cfg) == (_truth(t1, names, cfg) and _truth(t2, names, cfg))
    sets = [frozenset(t) for t in res]
    assert len(set(sets)) == len(sets)
    assert not any(a < b for a in sets for b in sets)
    assert all(len({c for c, _ in t}) == len(t) for t in res)


def test_model_fit_follows_the_documented_lipset_example():
    # The worked example of R's manual (modelFit): M = DEV*~IND + URB*STB, T = DEV*STB.
    conds = ["DEV", "URB", "LIT", "IND", "STB"]
    t, m = parse_expression("DEV*STB", conds), parse_expression("DEV*~IND + URB*STB", conds)
    assert format_expression(negate(t, conds)) == "~DEV + ~STB"
    got = intersection(negate(t, conds), m, conds)
    assert {frozenset(x) for x in got} == {frozenset(x) for x in parse_expression("~DEV*URB*STB + DEV*~IND*~STB")}


def test_model_fit_values_and_cases_by_hand():
    df = pd.DataFrame({"A": [0.9, 0.8, 0.2, 0.7], "B": [0.8, 0.3, 0.7, 0.9], "Y": [0.9, 0.7, 0.2, 0.8]},
                      index=list("pqrs"))
    res = fsqca.model_fit("A", "B", df, "Y")
    f = res.to_frame().set_index("set")
    a, b, y = df["A"], df["B"], df["Y"]
    mt = np.minimum(a, b)
    assert f.loc["model*theory", "inclS"] == pytest.approx(np.minimum(mt, y).sum() / mt.sum())
    assert f.loc["model*~theory", "expression"] == "A*~B"
    assert f.loc["~model*~theory", "expression"] == "~A*~B"
    assert f.loc["model*theory", "cases"] == "p,s"           # > 0.5 in A*B and in Y
    nb = np.minimum(1 - a, 1 - b)
    assert f.loc["~model*~theory", "PRI"] == pytest.approx(
        (np.minimum(nb, y).sum() - np.minimum(np.minimum(nb, y), 1 - y).sum())
        / (nb.sum() - np.minimum(np.minimum(nb, y), 1 - y).sum()))
    same = fsqca.model_fit("A", "A", df, "Y").to_frame().set_index("set")
    assert same.loc["model*~theory", "expression"] == "" and math.isnan(same.loc["model*~theory", "inclS"])
    d = fsqca.model_fit("A", "A", df, "Y").to_dict()
    assert d["models"][0]["fit"][3]["incl"] is None and d["models"][0]["fit"][3]["cov"] is None


def test_model_fit_bad_input():
    df = pd.DataFrame({"A": [0.9, 0.2], "B": [0.8, 0.3], "Y": [0.9, 0.2]})
    with pytest.raises(QCAInputError, match="unknown condition 'Z'"):
        fsqca.model_fit("A*Z", "B", df, "Y")
    with pytest.raises(QCAInputError, match="unknown condition 'DEV'"):
        fsqca.model_fit("A", "DEV", df, "Y")
    with pytest.raises(QCAInputError, match="needs data and outcome"):
        fsqca.model_fit("A", "B")


# ---- cluster -----------------------------------------------------------------------------------------
S = 1e-10


def reference_cluster(df, terms, necessity):
    """SetMethods' cluster() from its definitions, with dictionaries and loops."""
    def member(row, tset):
        return max(min(row[c] if v else 1 - row[c] for c, v in t) for t in tset)

    def ratio(a, b):
        return (a + S) / (b + S)

    out = {}
    for name, tset in [("solution", terms)] + [(format_expression([t]), [t]) for t in terms]:
        X, Y = {}, {}
        for _, row in df.iterrows():
            key = (row["U"], row["T"])
            X[key] = X.get(key, 0.0) + member(row, tset)
            Y[key] = Y.get(key, 0.0) + row["Y"]
        units, clusters = sorted({u for u, _ in X}), sorted({t for _, t in X})

        def fit(keys):
            both = sum(min(X.get(k, 0.0), Y.get(k, 0.0)) for k in keys)
            sx, sy = sum(X.get(k, 0.0) for k in keys), sum(Y.get(k, 0.0) for k in keys)
            return (ratio(both, sy), ratio(both, sx)) if necessity else (ratio(both, sx), ratio(both, sy))

        xs = [member(r, tset) for _, r in df.iterrows()]
        pooled_both = sum(min(a, b) for a, b in zip(xs, df["Y"]))
        pooled = (ratio(pooled_both, df["Y"].sum()), ratio(pooled_both, sum(xs))) if necessity else \
            (ratio(pooled_both, sum(xs)), ratio(pooled_both, df["Y"].sum()))
        between = {str(t): fit([(u, t) for u in units]) for t in clusters}
        within = {str(u): fit([(u, t) for t in clusters]) for u in units}

        def dist(vals):
            tot = sum(vals)
            return math.sqrt(sum(((v + S) / (tot + S) - 1 / len(vals)) ** 2 for v in vals))

        out[name] = (pooled, between, within, dist([v[0] for v in between.values()]),
                     dist([v[0] for v in within.values()]))
    return out


@st.composite
def panels(draw):
    units, years = draw(st.integers(2, 5)), draw(st.integers(2, 4))
    vals = st.sampled_from([0.0, 0.01, 0.1, 0.3, 0.5, 0.6, 0.8, 1.0])
    rows = []
    for u in range(units):
        for t in range(years):
            if draw(st.integers(0, 5)) == 0 and (u, t) != (0, 0):      # unbalanced panels too
                continue
            rows.append({"U": f"u{u}", "T": 2019 + t, "A": draw(vals), "B": draw(vals), "C": draw(vals),
                         "Y": draw(vals)})
    return pd.DataFrame(rows)


@SETTINGS
@given(panels(), st.sampled_from(["A", "A*B + ~C", "~A*B + C"]), st.booleans())
def test_cluster_equals_the_reference(df, expr, necessity):
    res = fsqca.cluster(df, expr, "Y", "U", "T", necessity=necessity)
    want = reference_cluster(df, parse_expression(expr), necessity)
    got = {t["term"]: t for t in res.to_dict()["terms"]}
    for name, (pooled, between, within, db, dw) in want.items():
        t = got[name]
        assert (t["pooled"]["incl"], t["pooled"]["cov"]) == pytest.approx(pooled, abs=1e-12)
        for part, key, ref in (("between", "cluster", between), ("within", "unit", within)):
            assert [x[key] for x in t[part]] == list(ref)
            got_values = [v for x in t[part] for v in (x["incl"], x["cov"])]
            assert got_values == pytest.approx([v for pair in ref.values() for v in pair], abs=1e-12)
        assert (t["dist_between"], t["dist_within"]) == pytest.approx((db, dw), abs=1e-12)


def test_cluster_zero_denominators_are_one_as_in_r_and_named():
    df = pd.DataFrame({"U": ["a", "a", "b", "b"], "T": [1, 2, 1, 2], "A": [0.0, 0.0, 0.8, 0.6],
                       "Y": [0.3, 0.0, 0.7, 0.0]})
    res = fsqca.cluster(df, "A", "Y", "U", "T")
    within = res.within_frame()
    assert within.loc["a", "solution"] == 1.0                 # (0 + s) / (0 + s)
    assert res.between_frame("cov").loc["2", "A"] == 1.0      # outcome 0 throughout year 2
    assert any("unit" not in n and "within a" in n and "R reports 1" in n for n in res.notes)


def test_cluster_bad_input():
    df = pd.DataFrame({"U": ["a", "a", "b"], "T": [1, 1, 1], "A": [0.2, 0.4, 0.8], "Y": [0.3, 0.1, 0.7]})
    with pytest.raises(QCAInputError, match=r"duplicate U-T pair\(s\): \(a, 1\)"):
        fsqca.cluster(df, "A", "Y", "U", "T")
    ok = df.iloc[[0, 2]]
    with pytest.raises(QCAInputError, match="unknown condition 'Q'"):
        fsqca.cluster(ok, "A + Q", "Y", "U", "T")
    with pytest.raises(QCAInputError, match="cluster column 'YEAR'"):
        fsqca.cluster(ok, "A", "Y", "U", "YEAR")


def test_cluster_plot_and_tables(tmp_path):
    df = pd.DataFrame({"U": list("aabbcc"), "T": [1, 2] * 3, "A": [0.9, 0.2, 0.7, 0.6, 0.1, 0.8],
                       "B": [0.3, 0.9, 0.2, 0.7, 0.6, 0.4], "Y": [0.8, 0.7, 0.6, 0.9, 0.2, 0.3]})
    res = fsqca.cluster(df, "A + B", "Y", "U", "T")
    assert list(res.within_frame().columns) == ["solution", "A", "B"]
    assert list(res.within_frame().index) == ["a", "b", "c"]
    ax = res.plot_between()
    assert len(ax.get_lines()) == 6            # a line and a pooled level per entry
    ax_zh = res.plot_between(lang="zh")
    assert "一致性" in ax_zh.get_title()
    assert "Cluster diagnostics" in res.summary() and "<div>" in res._repr_html_()


# ---- the commands ------------------------------------------------------------------------------------
def _csv(tmp_path, df, name="d.csv"):
    path = tmp_path / name
    df.to_csv(path, index_label="case")
    return str(path)


def test_commands_print_the_contract(tmp_path, capsys):
    import json

    df = pd.DataFrame({"A": [0.9, 0.8, 0.2, 0.7], "B": [0.8, 0.3, 0.7, 0.9], "C": [0.2, 0.1, 0.3, 0.8],
                       "Y": [0.9, 0.7, 0.2, 0.8]}, index=list("pqrs"))
    path = _csv(tmp_path, df)
    assert main(["necessity", path, "--outcome", "Y", "--combinations", "--incl-cut", "0.9", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"condition", "incl", "ron", "cov"} <= set(out["conditions"][0])
    assert main(["find-rows", path, "--outcome", "Y", "--incl-cut", "0.8", "--type", "1", "--expression", "~A",
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["rows"] == [1, 2, 4]
    assert main(["model-fit", path, "--outcome", "Y", "--model", "A", "--theory", "B", "--json"]) == 0
    assert [f["set"] for f in json.loads(capsys.readouterr().out)["fit"]] == list(fsqca.modelfit.SETS)
    panel = pd.DataFrame({"U": list("aabb"), "T": [1, 2, 1, 2], "A": [0.9, 0.2, 0.7, 0.6], "Y": [0.8, 0.7, 0.6, 0.9]})
    ppath = _csv(tmp_path, panel, "p.csv")
    png = tmp_path / "between.png"
    assert main(["cluster", ppath, "--outcome", "Y", "--expression", "A", "--unit", "U", "--cluster", "T",
                 "--plot", str(png), "--json"]) == 0
    assert [t["term"] for t in json.loads(capsys.readouterr().out)["terms"]] == ["solution", "A"]
    assert png.stat().st_size > 0
    assert main(["cluster", ppath, "--outcome", "Y", "--expression", "A", "--unit", "U", "--cluster", "T"]) == 0
    assert "Within consistency by unit" in capsys.readouterr().out


@pytest.mark.parametrize("argv, message", [
    (["find-rows", "{d}", "--outcome", "Y", "--type", "1"], "--type 1 needs --expression"),
    (["necessity", "{d}", "--outcome", "Y", "--combinations", "--both"], "--both does not combine"),
    (["necessity", "{d}", "--outcome", "Y", "--conditions", "A,Q", "--combinations"], "'Q' not in the data"),
    (["find-rows", "{d}", "--outcome", "Y", "--type", "1", "--expression", "A*Q"], "unknown condition 'Q'"),
    (["model-fit", "{d}", "--outcome", "Y", "--model", "A", "--theory", "X1"], "unknown condition 'X1'"),
    (["cluster", "{p}", "--outcome", "Y", "--expression", "A", "--unit", "U", "--cluster", "T"],
     "duplicate U-T pair"),
])
def test_commands_reject_bad_input(tmp_path, capsys, argv, message):
    df = pd.DataFrame({"A": [0.9, 0.8, 0.2], "B": [0.8, 0.3, 0.7], "Y": [0.9, 0.7, 0.2]})
    panel = pd.DataFrame({"U": list("aab"), "T": [1, 1, 1], "A": [0.9, 0.2, 0.7], "Y": [0.8, 0.7, 0.6]})
    paths = {"{d}": _csv(tmp_path, df), "{p}": _csv(tmp_path, panel, "p.csv")}
    assert main([paths.get(a, a) for a in argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("fsqca: error: ") and message in err and "Traceback" not in err


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
