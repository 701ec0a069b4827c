"""The batched paths of fit and truth table give the values of the one-at-a-time paths, bit for bit.

Fits of many models are computed in one array pass (``fsqca.fit.model_fits``), each term's
membership from one table of literals, and the truth table's rows by counting; the one-by-one
paths (``fit_by_term``, ``term_membership``, ``np.unique``, ``_pattern_memberships``) are the
references here, compared with ``==`` (no tolerance).
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fsqca
from fsqca._configs import _distinct, _half_table, _pattern_memberships
from fsqca.expression import term_membership
from fsqca.fit import fit_by_term, model_fits

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _memberships(rng: np.random.Generator, shape, crisp: bool) -> np.ndarray:
    x = rng.uniform(size=shape)
    return (x > 0.5).astype(float) if crisp else np.round(x, int(rng.integers(1, 4)))  # ties included


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), models=st.integers(1, 5), terms=st.integers(2, 7),
       cases=st.sampled_from([1, 3, 17, 200, 1000]), crisp=st.booleans())
def test_model_fits_equal_fit_by_term(seed, models, terms, cases, crisp):
    rng = np.random.default_rng(seed)
    by_term = _memberships(rng, (models, terms, cases), crisp)
    y = _memberships(rng, cases, crisp)
    incl, pri, cov, cov_u = model_fits(by_term, y)
    for g in range(models):
        one = fit_by_term(tuple(range(terms)), by_term[g].copy(), y, np.arange(cases), "Y", (None,) * 3)
        got = (incl[g], pri[g], cov[g])
        want = (one.inclS, one.PRI, one.covS)
        assert all(a == b or (np.isnan(a) and np.isnan(b)) for a, b in zip(got, want))
        assert np.array_equal(cov_u[g], one._parts[-1], equal_nan=True)


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), k=st.integers(1, 12), cases=st.integers(0, 300))
def test_rows_by_counting_equal_unique(seed, k, cases):
    codes = np.random.default_rng(seed).integers(0, 1 << k, size=cases).astype(np.int64)
    want, got = np.unique(codes, return_inverse=True), _distinct(codes, k)
    assert np.array_equal(want[0], got[0]) and np.array_equal(want[1], got[1])
    assert want[0].dtype == got[0].dtype


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), k=st.integers(1, 10), cases=st.integers(1, 50))
def test_half_tables_equal_literal_by_literal(seed, k, cases):
    x = np.random.default_rng(seed).uniform(size=(cases, k))
    literals = np.concatenate([1.0 - x.T, x.T])
    for first, m in ((0, k // 2), (k // 2, k - k // 2)):
        want = np.ascontiguousarray(_pattern_memberships(x[:, first:first + m]).T)
        assert np.array_equal(_half_table(literals, first, m, k), want)


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), crisp=st.booleans())
def test_solution_fits_equal_fit_of_each_model(seed, crisp):
    """Every listed model's fit, read in any order, equals fsqca.fit of its terms on the data."""
    rng = np.random.default_rng(seed)
    k, n = int(rng.integers(3, 7)), int(rng.integers(20, 120))
    df = pd.DataFrame(_memberships(rng, (n, k + 1), crisp), columns=[f"C{j}" for j in range(k)] + ["Y"])
    df = df.loc[:, df.nunique() > 1]
    conds = [c for c in df.columns if c != "Y"]
    if "Y" not in df or len(conds) < 2:
        return
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", fsqca.QCAWarning)  # no positive row: nothing to check
            tt = fsqca.truth_table(df, "Y", conds, incl_cut=0.7, pri_cut=0.0)
        sol = fsqca.minimize(tt, "parsimonious", progress=False)
    except fsqca.QCAInputError:
        return
    order = rng.permutation(len(sol.models))
    for i in order:
        model = sol.models[i]
        ref = fsqca.fit(list(model.terms), df, "Y", conds)
        for name in ("inclS", "PRI", "covS"):
            a, b = getattr(model.fit, name), getattr(ref, name)
            assert a == b or (np.isnan(a) and np.isnan(b))
        got, want = model.fit.terms_table, ref.terms_table
        assert np.array_equal(got[["inclS", "PRI", "covS", "covU"]].to_numpy(),
                              want[["inclS", "PRI", "covS", "covU"]].to_numpy(), equal_nan=True)
        for term in model.terms:
            cols = {c: df[c].to_numpy(dtype=float) for c in conds}
            assert np.array_equal(model._fits._terms.get(term, term_membership(term, cols)), term_membership(term, cols))
