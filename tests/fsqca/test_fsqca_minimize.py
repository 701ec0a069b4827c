"""Algebraic properties of the minimiser, checked on random truth tables (hypothesis)."""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fsqca
from fsqca.expression import term_to_bits

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def fuzzy_data(draw, max_k=5):
    k = draw(st.integers(2, max_k))
    n = draw(st.integers(4, 24))
    grid = st.sampled_from([0.0, 0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9, 1.0])
    values = draw(st.lists(st.lists(grid, min_size=k + 1, max_size=k + 1), min_size=n, max_size=n))
    cols = [f"C{i}" for i in range(k)] + ["Y"]
    df = pd.DataFrame(values, columns=cols, index=[f"case{i}" for i in range(n)])
    # constant sets (conditions and the outcome) are rejected by design; nudge them
    for c in cols:
        if df[c].nunique() == 1:
            df.iloc[0, df.columns.get_loc(c)] = 0.1 if df[c].iloc[0] > 0.5 else 0.9
    return df, cols[:-1]


def _covers(term, conds, rows):
    mask, value = term_to_bits(term, conds)
    return (rows & mask) == value


def _truth_table(df, conds):
    tt = fsqca.truth_table(df, "Y", conds, incl_cut=0.75)
    if len(tt.codes("1")) == 0:
        return None
    return tt


def _problem(sample):
    """(truth table, conditions, all row codes, positive rows, negative rows), or None."""
    df, conds = sample
    tt = _truth_table(df, conds)
    if tt is None:
        return None
    return tt, conds, np.arange(2 ** len(conds)), tt.codes("1"), tt.codes(["0", "C"])


@SETTINGS
@given(fuzzy_data())
def test_every_model_covers_all_positive_rows_and_no_negative_row(sample):
    problem = _problem(sample)
    if problem is None:
        return
    tt, conds, rows, pos, neg = problem
    k = len(conds)
    allowed_complex = np.zeros(2**k, bool)
    allowed_complex[pos] = True
    for kind in ("complex", "parsimonious", "intermediate"):
        sol = fsqca.minimize(tt, kind, max_models=None)
        assert sol.models
        for m in sol.models:
            hit = np.zeros(2**k, bool)
            for t in m.terms:
                hit |= _covers(t, conds, rows)
            assert hit[pos].all(), f"{kind} model {m} leaves a positive row uncovered"
            assert not hit[neg].any(), f"{kind} model {m} covers a negative row"
            if kind == "complex":
                assert not (hit & ~allowed_complex).any(), "complex model uses a remainder"


@SETTINGS
@given(fuzzy_data())
def test_implicants_are_prime_and_models_minimal(sample):
    problem = _problem(sample)
    if problem is None:
        return
    tt, conds, rows, pos, neg = problem
    sol = fsqca.minimize(tt, "parsimonious", max_models=None)
    pis = sol.chart.implicants
    for t in pis:
        assert not _covers(t, conds, rows)[neg].any()
        assert _covers(t, conds, rows)[pos].any()
        for drop in range(len(t)):
            relaxed = t[:drop] + t[drop + 1:]
            assert _covers(relaxed, conds, rows)[neg].any(), f"{t} is not prime"
    # brute force over all prime-implicant subsets: the minimum size and the set of minimum covers
    cover_sets = [frozenset(np.flatnonzero(_covers(t, conds, pos.astype(np.int64)))) for t in pis]
    need = frozenset(range(len(pos)))
    size = len(sol.models[0].terms)
    assert all(len(m.terms) == size for m in sol.models)
    if len(pis) <= 14:
        for smaller in range(1, size):
            for combo in itertools.combinations(range(len(pis)), smaller):
                assert frozenset().union(*(cover_sets[j] for j in combo)) != need
        brute = {frozenset(pis[j] for j in combo) for combo in itertools.combinations(range(len(pis)), size)
                 if frozenset().union(*(cover_sets[j] for j in combo)) == need}
        assert brute == {frozenset(m.terms) for m in sol.models}


@SETTINGS
@given(fuzzy_data(max_k=4))
def test_implicants_complete_against_brute_force(sample):
    problem = _problem(sample)
    if problem is None:
        return
    tt, conds, rows, pos, neg = problem
    k = len(conds)
    admissible = []
    for digits in itertools.product((0, 1, 2), repeat=k):
        term = tuple((c, d) for c, d in zip(conds, digits) if d != 2)
        hit = _covers(term, conds, rows)
        if hit[pos].any() and not hit[neg].any():
            admissible.append(term)
    prime = {t for t in admissible
             if not any(set(u) < set(t) for u in admissible)}
    got = set(fsqca.minimize(tt, "parsimonious").chart.implicants)
    assert got == prime


@SETTINGS
@given(fuzzy_data())
def test_solution_invariant_to_condition_order(sample):
    problem = _problem(sample)
    if problem is None:
        return
    tt, conds = problem[:2]
    df = sample[0]
    rev = list(reversed(conds))
    tt2 = fsqca.truth_table(df, "Y", rev, incl_cut=0.75)
    for kind in ("complex", "parsimonious"):
        a = {frozenset(frozenset(t) for t in m.terms) for m in fsqca.minimize(tt, kind, max_models=None).models}
        b = {frozenset(frozenset(t) for t in m.terms) for m in fsqca.minimize(tt2, kind, max_models=None).models}
        assert a == b


@SETTINGS
@given(fuzzy_data())
def test_fit_parameters_are_consistent(sample):
    problem = _problem(sample)
    if problem is None:
        return
    tt, conds = problem[:2]
    df = sample[0]
    sol = fsqca.minimize(tt, "parsimonious")
    for m in sol.models:
        table = m.fit.terms_table
        assert ((table["inclS"] >= 0) & (table["inclS"] <= 1 + 1e-12)).all()
        assert (table["covU"] >= -1e-12).all()
        assert table["covU"].sum() <= m.fit.covS + 1e-9
        assert m.fit.covS >= table["covS"].max() - 1e-12
        # the model's fit equals fit() of its expression on the same data
        again = fsqca.fit(m.expression, df, "Y", conds)
        assert again.inclS == pytest.approx(m.fit.inclS)
        assert again.covS == pytest.approx(m.fit.covS)


def test_truth_table_n_partitions_the_cases():
    rng = np.random.default_rng(5)
    df = pd.DataFrame(rng.choice([0.1, 0.3, 0.5, 0.7, 0.9], size=(40, 4)), columns=["A", "B", "C", "Y"])
    tt = fsqca.truth_table(df, "Y", ["A", "B", "C"], incl_cut=0.8)
    half = (df[["A", "B", "C"]] == 0.5).any(axis=1)
    assert tt.rows["n"].sum() == (~half).sum()
    listed = [c for cs in tt.rows["cases"] for c in cs]
    assert sorted(listed) == sorted(df.index[~half])
    # a case at exactly 0.5 still makes its configuration observed, with n possibly 0 and OUT "?"
    assert set(tt.rows.loc[tt.rows["n"] < 1, "OUT"]) <= {"?"}


def _cyclic_table():
    conds = ["A", "B", "C"]
    positives = ["001", "011", "010", "110", "100", "101"]
    rows = []
    for code in ["000", "111"] + positives:
        bits = [0.9 if b == "1" else 0.1 for b in code]
        rows.append(bits + [0.9 if code in positives else 0.1])
    df = pd.DataFrame(rows, columns=conds + ["Y"], index=[f"r{i}" for i in range(len(rows))])
    return fsqca.truth_table(df, "Y", conds, incl_cut=0.8)


def test_model_ambiguity_lists_every_minimum_model():
    # all eight rows observed, 000 and 111 negative: a cyclic chart with two minimum covers
    sol = fsqca.minimize(_cyclic_table(), "complex", max_models=None)
    got = {frozenset(fsqca.format_term(t) for t in m.terms) for m in sol.models}
    assert got == {frozenset({"~A*C", "B*~C", "A*~B"}), frozenset({"~B*C", "~A*B", "A*~C"})}
    assert sol.n_models == 2 and not sol.capped
    assert sol.essential == ()


def test_listing_cap_is_reported():
    sol = fsqca.minimize(_cyclic_table(), "complex", max_models=1)
    assert len(sol.models) == 1 and sol.n_models == 2 and sol.capped
    assert "capped" in sol.summary()


def test_intermediate_pair_cap_is_reported():
    tt = _cyclic_table()  # two complex and two parsimonious models: four pairs
    full = fsqca.minimize(tt, "intermediate", max_models=None)
    assert full.n_pairs == 4 and len(full.variants) == 4 and not full.capped
    cut = fsqca.minimize(tt, "intermediate", max_models=2)
    assert cut.n_pairs == 4 and len(cut.variants) == 2 and cut.capped
    assert "capped" in cut.summary() and "2 of 4 (complex, parsimonious) model pairs" in cut.summary()
    # the pair of the first complex and first parsimonious model is always kept
    kept = {(v.complex_model.expression, v.parsimonious_model.expression) for v in cut.variants}
    first = (full.variants[0].complex_model.expression, full.variants[0].parsimonious_model.expression)
    assert first in kept
    got = {frozenset(m.terms) for m in cut.models}
    assert got <= {frozenset(m.terms) for m in full.models}


def test_intermediate_reports_incomplete_sources():
    tt = _cyclic_table()
    sol = fsqca.minimize(tt, "intermediate", max_models=1)  # one complex model listed of two
    assert sol.capped and not sol.sources_complete
    assert "listing is itself incomplete" in sol.summary()


def test_exact_search_finds_prime_implicants_that_ccubes_misses():
    """Deliberate difference from R's default (CCubes) search, documented in docs/fsqca.md.

    One positive row 11111 and negatives 00111, 01011, 01101, 01110: CCubes stops after two
    complexity levels without new implicants and reports only ``A``; ``B*C*D*E`` is prime too
    (it covers the positive row and no negative one, and every relaxation covers a negative).
    """
    rows = {"pos": "11111", "n1": "00111", "n2": "01011", "n3": "01101", "n4": "01110"}
    df = pd.DataFrame({case: [0.9 if b == "1" else 0.1 for b in code] + [0.9 if case == "pos" else 0.1]
                       for case, code in rows.items()}, index=list("ABCDE") + ["Y"]).T
    tt = fsqca.truth_table(df, "Y", list("ABCDE"), incl_cut=0.8)
    sol = fsqca.minimize(tt, "parsimonious", max_models=None)
    assert {fsqca.format_term(t) for t in sol.chart.implicants} == {"A", "B*C*D*E"}
    assert {m.expression for m in sol.models} == {"A", "B*C*D*E"}


def test_pri_is_undefined_when_the_set_is_as_consistent_with_the_negated_outcome():
    from fsqca import measures

    rng = np.random.default_rng(0)
    for _ in range(50):
        # x = min(y, 1 - y): exactly as consistent with y as with ~y. 1 - (1 - y) != y in
        # floating point, so without care rounding decides PRI (0 or 1) on some of these draws.
        y = np.round(rng.uniform(0, 1, 31), 2)
        x = np.minimum(y, 1 - y)
        assert np.isnan(measures.pri(x, y)) and np.isnan(measures.pri(x, 1.0 - y))
    df = pd.DataFrame({"R": x, "Y": y})
    assert np.isnan(fsqca.fit("R", df, "Y").PRI) and np.isnan(fsqca.fit("R", df, "~Y").PRI)


def test_cli_intermediate_reports_pairs_and_takes_a_node_limit(tmp_path):
    import json
    import subprocess
    import sys

    rows = []
    for code, y in [("000", 0.1), ("111", 0.1), ("001", 0.9), ("011", 0.9), ("010", 0.9), ("110", 0.9),
                    ("100", 0.9), ("101", 0.9)]:
        rows.append([0.9 if b == "1" else 0.1 for b in code] + [y])
    data = tmp_path / "cyclic.csv"
    pd.DataFrame(rows, columns=["A", "B", "C", "Y"], index=[f"r{i}" for i in range(8)]).rename_axis(
        "case").to_csv(data)
    cmd = [sys.executable, "-m", "fsqca", "minimize", str(data), "--outcome", "Y", "--incl-cut", "0.8",
           "--solution", "intermediate", "--dir-exp", "A=1", "--json"]
    full = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)
    assert full["n_pairs"] == 4 and len(full["variants"]) == 4 and not full["capped"]
    cut = json.loads(subprocess.run(cmd + ["--max-models", "1", "--node-limit", "1"], capture_output=True,
                                    text=True, check=True).stdout)
    assert cut["capped"] and len(cut["variants"]) == 1 and cut["models"]
