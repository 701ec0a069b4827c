"""The small-chart paths: dense row dominance and blocks, the one-step membership check, and
truth tables and fits whose frames are built when first read.

Expected values come from brute force written here (Python sets, explicit formulas), or from
the general path of the same function (the sparse graph, the column-by-column check), never
from the path under test alone.
"""
from __future__ import annotations

import copy
import pickle

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fsqca
import fsqca._chart as chart_mod
from fsqca._validate import QCAInputError, membership_matrix


# ---- row dominance and blocks on small charts -----------------------------------------------
@st.composite
def bool_charts(draw):
    """A boolean chart (implicants x rows); rows without any option are allowed."""
    n_cols = draw(st.integers(1, 12))
    n_rows = draw(st.integers(1, 12))
    cells = draw(st.lists(st.booleans(), min_size=n_cols * n_rows, max_size=n_cols * n_rows))
    return np.array(cells, dtype=bool).reshape(n_cols, n_rows)


def brute_minimal_rows(chart):
    opts = [frozenset(np.flatnonzero(chart[:, r]).tolist()) for r in range(chart.shape[1])]
    keep = []
    for i, oi in enumerate(opts):
        dominated = any(oj and oj <= oi and (oj < oi or j < i) for j, oj in enumerate(opts) if j != i)
        keep.append(not dominated)
    return np.array(keep)


def brute_blocks(chart):
    n_cols, n_rows = chart.shape
    parent = list(range(n_rows))

    def root(r):
        while parent[r] != r:
            r = parent[r]
        return r

    for c in range(n_cols):
        rows = np.flatnonzero(chart[c]).tolist()
        for r in rows[1:]:
            parent[root(r)] = root(rows[0])
    labels = [root(r) for r in range(n_rows)]
    blocks = []
    for lab in dict.fromkeys(labels):
        rows = [r for r in range(n_rows) if labels[r] == lab]
        cols = [c for c in range(n_cols) if chart[c, rows].any()]
        blocks.append((cols, rows))
    return blocks


@settings(max_examples=200, deadline=None)
@given(bool_charts())
def test_dense_row_dominance_and_blocks_match_brute_force_and_the_sparse_path(chart):
    assert chart_mod._small(chart)  # the dense path
    dense_keep = chart_mod._minimal_rows(chart)
    dense_blocks = chart_mod.components(chart)
    assert dense_keep.tolist() == brute_minimal_rows(chart).tolist()
    assert [(c.tolist(), r.tolist()) for c, r in dense_blocks] == brute_blocks(chart)
    saved = chart_mod.SMALL_ROWS
    chart_mod.SMALL_ROWS = -1  # the sparse path on the same chart
    try:
        assert chart_mod._minimal_rows(chart).tolist() == dense_keep.tolist()
        assert [(c.tolist(), r.tolist()) for c, r in chart_mod.components(chart)] == \
               [(c.tolist(), r.tolist()) for c, r in dense_blocks]
    finally:
        chart_mod.SMALL_ROWS = saved


def test_bit_list_matches_the_bit_generator():
    rng = np.random.default_rng(3)
    for width in (1, 7, 8, 9, 63, 64, 65, 200):
        for _ in range(20):
            x = int.from_bytes(rng.bytes((width + 7) // 8), "little") & ((1 << width) - 1)
            assert chart_mod._bit_list(x) == [i for i in range(width) if x >> i & 1]
    assert chart_mod._bit_list(0) == []


# ---- membership check: one step or column by column ------------------------------------------
def _slow(data, columns, **kw):
    """The column-by-column path, forced by a non-float column the check does not read."""
    return membership_matrix(data.assign(__label="x"), columns, **kw)


@pytest.mark.parametrize("change, kw", [
    (None, {}),
    ({"B": [0.2, np.nan, 0.4, 0.6]}, {}),
    ({"A": [0.1, 1.2, 0.3, 0.5]}, {}),
    ({"A": [0.5, 0.5, 0.5, 0.5]}, {}),
    ({"A": [0.5, 0.5, 0.5, 0.5]}, {"allow_constant": True}),
    ({"A": [0.5, 0.5, 0.5, 0.5]}, {"constant_ok": ["A"]}),
    ({"B": [0, 1, 1, 0]}, {}),
])
def test_membership_check_in_one_step_agrees_with_the_column_by_column_check(change, kw):
    data = pd.DataFrame({"A": [0.1, 0.9, 0.3, 0.7], "B": [0.2, 0.8, 0.4, 0.6], "Y": [0.3, 0.6, 0.2, 0.9]},
                        index=["p", "q", "r", "s"])
    if change:
        data = data.assign(**change)
    try:
        expected = _slow(data, ["A", "B", "Y"], **kw)
    except QCAInputError as err:
        with pytest.raises(QCAInputError) as got:
            membership_matrix(data, ["A", "B", "Y"], **kw)
        assert str(got.value) == str(err)
    else:
        got = membership_matrix(data, ["A", "B", "Y"], **kw)
        assert got.dtype == np.float64 and got.flags.writeable
        assert np.array_equal(got, expected)


# ---- truth tables and fits: frames built on first use ----------------------------------------
def _data():
    rng = np.random.default_rng(11)
    x = rng.uniform(0.02, 0.98, size=(60, 4))
    y = np.clip(np.maximum(np.minimum(x[:, 0], x[:, 1]), x[:, 2]) + rng.normal(0, 0.1, 60), 0.01, 0.99)
    df = pd.DataFrame(x, columns=["A", "B", "C", "D"], index=[f"case{i}" for i in range(60)])
    df["Y"] = y
    return df


def test_truth_table_values_match_the_formulas():
    df = _data()
    tt = fsqca.truth_table(df, "Y", ["A", "B", "C", "D"], incl_cut=0.8, pri_cut=0.5)
    x, y = df[["A", "B", "C", "D"]].to_numpy(), df["Y"].to_numpy()
    for row, r in tt.rows.iterrows():
        bits = [(row - 1) >> (3 - i) & 1 for i in range(4)]
        m = np.min(np.where(np.array(bits) == 1, x, 1 - x), axis=1)
        both, overlap = np.minimum(m, y), np.minimum(np.minimum(m, y), 1 - y)
        assert [int(r[c]) for c in "ABCD"] == bits
        assert r["incl"] == pytest.approx(both.sum() / m.sum(), rel=1e-12)
        assert r["PRI"] == pytest.approx((both.sum() - overlap.sum()) / (m.sum() - overlap.sum()), rel=1e-12)
        assert r["cases"] == df.index[m > 0.5].tolist() and r["n"] == (m > 0.5).sum()
    assert tt.rows["OUT"].dtype == pd.DataFrame({"o": np.array(["1"], dtype=object)})["o"].dtype
    assert set(tt.codes("1").tolist()) == set((tt.rows.index[tt.rows["OUT"] == "1"] - 1).tolist())
    pd.testing.assert_frame_equal(tt.memberships, df[["A", "B", "C", "D", "Y"]], check_exact=True)


def test_negated_outcome_keeps_the_given_memberships():
    df = _data()
    tt = fsqca.truth_table(df, "~Y", ["A", "B", "C", "D"], incl_cut=0.8)
    assert np.array_equal(tt.outcome_values, 1.0 - tt.memberships["Y"].to_numpy())
    assert tt.memberships["Y"].to_numpy() == pytest.approx(df["Y"].to_numpy(), abs=1e-15)


def test_model_fit_matches_the_formulas_and_survives_copies():
    df = _data()
    tt = fsqca.truth_table(df, "Y", ["A", "B", "C", "D"], incl_cut=0.8, pri_cut=0.5)
    sol = fsqca.minimize(tt, "parsimonious", progress=False)
    y = df["Y"].to_numpy()
    for model in sol.models:
        fit = model.fit
        clone = pickle.loads(pickle.dumps(fit))  # before its table is built
        X = np.column_stack([np.min([df[n].to_numpy() if v else 1 - df[n].to_numpy() for n, v in t], axis=0)
                             for t in model.terms])
        M = X.max(axis=1)
        table = fit.terms_table
        for j, term in enumerate(model.terms):
            rest = np.delete(X, j, axis=1).max(axis=1) if X.shape[1] > 1 else np.zeros(len(y))
            row = table.iloc[j]
            assert row["inclS"] == pytest.approx(np.minimum(X[:, j], y).sum() / X[:, j].sum(), rel=1e-12)
            assert row["covS"] == pytest.approx(np.minimum(X[:, j], y).sum() / y.sum(), rel=1e-12)
            assert row["covU"] == pytest.approx((np.minimum(M, y).sum() - np.minimum(rest, y).sum()) / y.sum(),
                                                rel=1e-9, abs=1e-15)
            assert row["cases"] == df.index[(X[:, j] > 0.5) & (y > 0.5)].tolist()
            assert row["deviant"] == df.index[(X[:, j] > 0.5) & (y < 0.5)].tolist()
        assert fit.inclS == pytest.approx(np.minimum(M, y).sum() / M.sum(), rel=1e-12)
        pd.testing.assert_frame_equal(clone.terms_table, table, check_exact=True)
        pd.testing.assert_frame_equal(copy.deepcopy(fit).to_frame(), fit.to_frame(), check_exact=True)
        again = fsqca.fit(model.expression, df, "Y", ["A", "B", "C", "D"])
        pd.testing.assert_frame_equal(again.terms_table, table, check_exact=True)
        assert (again.inclS, again.PRI, again.covS) == (fit.inclS, fit.PRI, fit.covS)
    with pytest.raises(AttributeError):
        sol.models[0].fit.no_such_attribute
