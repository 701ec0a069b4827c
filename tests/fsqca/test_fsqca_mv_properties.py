"""Property tests for the algebra of multi-value QCA and of directional expectations."""
from __future__ import annotations

import itertools
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import fsqca
from fsqca._implicants import prime_implicants
from fsqca.multivalue import mv_consistency, mv_digits, mv_prime_implicants, term_rows
from fsqca.truthtable import config_memberships

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def mv_data(draw, fuzzy_outcome=False):
    """Cases with 2 to 4 conditions of 2 to 4 levels (every level observed) and an outcome."""
    levels = draw(st.lists(st.integers(2, 4), min_size=2, max_size=4))
    assume(any(v > 2 for v in levels))
    n = draw(st.integers(max(levels) + 2, 30))
    cols = {}
    for j, L in enumerate(levels):
        head = list(range(L))   # every level occurs
        cols[f"C{j}"] = head + draw(st.lists(st.integers(0, L - 1), min_size=n - L, max_size=n - L))
    y = draw(st.lists(st.floats(0, 1) if fuzzy_outcome else st.integers(0, 1), min_size=n, max_size=n))
    assume(len(set(y)) > 1)
    data = pd.DataFrame(cols, index=[f"c{i}" for i in range(n)]).assign(Y=y)
    mv = [f"C{j}" for j, L in enumerate(levels) if L > 2]
    return data, mv


def _table(data, mv, incl_cut=0.7):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", fsqca.QCAWarning)
        return fsqca.truth_table(data, "Y", incl_cut=incl_cut, multi_value=mv)


def _rows(model, tt) -> set[int]:
    return {int(r) for t in model.terms for r in term_rows(t, tt.conditions, tt.levels)}


@SETTINGS
@given(st.integers(1, 6), st.data())
def test_two_levels_everywhere_is_the_crisp_engine(k, data):
    """With two levels per condition the multi-value prime implicants and consistencies are the
    binary engine's."""
    size = 2**k
    labels = data.draw(st.lists(st.sampled_from("10-"), min_size=size, max_size=size))
    pos = np.array([i for i, v in enumerate(labels) if v == "1"], dtype=np.int64)
    bad = np.array([i for i, v in enumerate(labels) if v == "0"], dtype=np.int64)
    assume(len(pos))
    masks, values = prime_implicants(pos, bad, k)
    binary = {tuple(((v >> (k - 1 - i)) & 1) if m >> (k - 1 - i) & 1 else 2 for i in range(k))
              for m, v in zip(masks.tolist(), values.tolist())}
    assert {tuple(d) for d in mv_prime_implicants(pos, bad, (2,) * k).tolist()} == binary

    n = data.draw(st.integers(2, 12))
    x = np.array(data.draw(st.lists(st.lists(st.floats(0, 1), min_size=k, max_size=k), min_size=n, max_size=n)))
    y = np.array(data.draw(st.lists(st.floats(0, 1), min_size=n, max_size=n)))
    observed = np.arange(size)
    incl, pri = mv_consistency(x, y, (2,) * k, observed)
    X = config_memberships(x, observed)
    ok = X.sum(axis=0) > 0
    want = np.minimum(X, y[:, None]).sum(axis=0)[ok] / X.sum(axis=0)[ok]
    np.testing.assert_allclose(incl[ok], want, rtol=1e-12)


@SETTINGS
@given(mv_data())
def test_terms_cover_only_allowed_rows_and_every_positive_row(case):
    data, mv = case
    tt = _table(data, mv)
    positive = set(tt.codes("1").tolist())
    assume(positive)
    negative = set(tt.codes(["0", "C"]).tolist())
    for kind in ("complex", "parsimonious"):
        sol = fsqca.minimize(tt, kind, progress=False)
        for m in sol.models:
            covered = _rows(m, tt)
            assert positive <= covered
            for t in m.terms:
                rows = {int(r) for r in term_rows(t, tt.conditions, tt.levels)}
                assert rows & positive                           # a term covers some positive row
                if kind == "complex":
                    assert rows <= positive                      # and nothing else
                else:
                    assert not rows & negative
        # minimal: by brute force over every admissible term, no smaller cover exists
        size = len(sol.models[0].terms)
        allowed = positive if kind == "complex" else set(range(tt.n_rows_total)) - negative
        cube = itertools.product(*[list(range(L)) + [None] for L in tt.levels])
        admissible = []
        for digits in cube:
            term = tuple((c, d) for c, d in zip(tt.conditions, digits) if d is not None)
            rows = {int(r) for r in term_rows(term, tt.conditions, tt.levels)}
            if rows <= allowed and rows & positive:
                admissible.append(rows & positive)
        if size > 1 and len(admissible) ** (size - 1) <= 200_000:
            assert not any(set().union(*combo) >= positive
                           for combo in itertools.combinations(admissible, size - 1))


@SETTINGS
@given(mv_data(), st.data())
def test_intermediate_between_complex_and_parsimonious(case, data):
    d, mv = case
    tt = _table(d, mv)
    assume(len(tt.codes("1")))
    parts = []
    for c, L in zip(tt.conditions, tt.levels):
        chosen = data.draw(st.sets(st.integers(0, L - 1), max_size=L - 1))
        if chosen:
            parts.append(f"{c}[{','.join(map(str, sorted(chosen)))}]")
    sol = fsqca.minimize(tt, "intermediate", dir_exp=", ".join(parts) or None, progress=False)
    for v in sol.variants:
        lo, hi = _rows(v.complex_model, tt), _rows(v.parsimonious_model, tt)
        assert set(v.easy_counterfactuals) | set(v.difficult_counterfactuals) == \
            {r + 1 for r in hi} - {r + 1 for r in tt.codes("1").tolist()}
        for m in v.chart.models:
            assert lo <= _rows(m, tt) <= hi


@SETTINGS
@given(mv_data(fuzzy_outcome=True))
def test_fit_of_a_term_is_the_fit_of_its_membership(case):
    data, mv = case
    tt = _table(data, mv, incl_cut=0.5)
    assume(len(tt.codes("1")))
    sol = fsqca.minimize(tt, "parsimonious", progress=False)
    y = data["Y"].to_numpy(float)
    for term, row in sol.models[0].fit.terms_table.iterrows():
        x = np.ones(len(data))
        for lit in term.split("*"):
            name, level = lit[:-1].split("[")
            col = data[name].to_numpy(float)
            x = np.minimum(x, (col == int(level)) if name in mv else (col if int(level) else 1 - col))
        assert row["inclS"] == pytest.approx(np.minimum(x, y).sum() / x.sum())
        assert row["covS"] == pytest.approx(np.minimum(x, y).sum() / y.sum())


@SETTINGS
@given(st.integers(2, 4), st.data())
def test_simplified_expectations_are_the_same_boolean_function(k, data):
    conds = [f"X{i}" for i in range(k)]
    lit = st.tuples(st.sampled_from(conds), st.booleans())
    terms = data.draw(st.lists(st.lists(lit, min_size=1, max_size=k, unique_by=lambda t: t[0]),
                               min_size=1, max_size=4))
    text = ", ".join("*".join(("" if v else "~") + c for c, v in t) for t in terms)

    def truth(expr_terms):
        out = set()
        for row in itertools.product((0, 1), repeat=k):
            at = dict(zip(conds, row))
            if any(all(at[c] in levels for c, levels in t) for t in expr_terms):
                out.add(row)
        return out

    given_terms = [[(c, {1} if v else {0}) for c, v in t] for t in terms]
    want = truth(given_terms)
    try:
        e = fsqca.parse_dir_exp(text, conds)
    except fsqca.QCAInputError as err:   # a tautology or several minimal forms, as R refuses
        assert len(want) == 2**k or "ambiguous" in str(err)
        return
    assert truth(e.terms) == want
    assert len(e.terms) <= len(terms)


def test_mv_digits_follow_r_row_numbers():
    # R's LM table: row 11 is DEV=1, URB=0, LIT=1, IND=0 (3 x 2 x 2 x 2 levels)
    assert mv_digits(np.array([10]), (3, 2, 2, 2)).tolist() == [[1, 0, 1, 0]]
