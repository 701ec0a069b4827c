"""Bounds above the Lagrangian's (fsqca._lpbound): the LP by column generation, reduced-cost
fixing with column dominance, and the feasibility test of the next bound.

Expected minima come from brute force over all implicant subsets and LP optima from scipy's
``linprog``, never from the code under test. No test measures time.
"""
from __future__ import annotations

from itertools import product

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

import fsqca._lpbound as lpb
import fsqca._mincover as mc
from fsqca._budget import Budget
from fsqca._chart import _pack_rows
from fsqca._lagrange import lagrangian_cover
from tests.fsqca.test_fsqca_lagrange import brute_minimum, is_cover, matrices, still_budget


def lp_optimum(chart: np.ndarray) -> float:
    res = linprog(np.ones(len(chart)), A_ub=-chart.T.astype(float), b_ub=-np.ones(chart.shape[1]),
                  bounds=(0, None), method="highs")
    return res.fun


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chart=matrices(), first=st.integers(1, 6), seed=st.integers(0, 2**32 - 1))
def test_the_lp_by_column_generation_is_the_lp_of_the_whole_chart(monkeypatch, chart, first, seed):
    costs = np.random.default_rng(seed).random(len(chart))
    monkeypatch.setattr(lpb, "FIRST_COLUMNS", first)  # start from few implicants: pricing must add
    monkeypatch.setattr(lpb, "ADD_COLUMNS", 2)
    z, reduced = lpb.lp_bound(chart, costs)
    assert z == pytest.approx(lp_optimum(chart), abs=1e-7)
    assert z <= brute_minimum(chart) + 1e-9
    assert reduced.min() >= -1e-7  # the duals price every implicant


def test_dominated_keeps_one_of_equal_implicants_and_every_maximal_one():
    chart = np.array([[1, 1, 0, 0], [1, 1, 0, 0], [1, 0, 0, 0], [0, 0, 1, 1], [0, 1, 1, 0]], dtype=bool)
    assert lpb.dominated(chart, np.ones(5, dtype=bool)).tolist() == [False, True, True, False, False]
    # only among the implicants allowed: implicant 2 stands once 0 and 1 are left out
    allowed = np.array([False, False, True, True, True])
    assert lpb.dominated(chart, allowed).tolist() == [False] * 5


@settings(max_examples=200, deadline=None)
@given(matrices(max_rows=7, max_cols=12), st.integers(1, 4))
def test_dominated_matches_pairwise_subsets(chart, chunk):
    allowed = np.ones(len(chart), dtype=bool)
    got = lpb.dominated(chart, allowed, chunk=chunk)
    n = len(chart)
    for j in range(n):
        covers_j = [k for k in range(n) if k != j and not (chart[j] & ~chart[k]).any()]
        expected = any(chart[k].sum() > chart[j].sum() or k < j for k in covers_j)
        assert got[j] == expected
    # what is left still covers every row (a dominated implicant's rows are another's)
    assert chart[~got].any(axis=0).all()


@settings(max_examples=150, deadline=None)
@given(matrices(max_rows=7, max_cols=10))
def test_raise_bound_reaches_the_minimum_and_never_passes_it(chart):
    opt = brute_minimum(chart)
    lag = lagrangian_cover(chart, max_iter=100)
    costs = 1.0 - chart.astype(float) @ lag.multipliers
    start = list(range(len(chart)))  # the worst cover: every implicant
    res = lpb.raise_bound(chart, costs, 0, start)
    assert is_cover(chart, res.cover)
    assert res.lower == opt == len(res.cover)
    assert [target for target, _ in res.tried] == sorted(target for target, _ in res.tried)


def odd_cycles(k: int, n: int) -> np.ndarray:
    """``k`` disjoint cycles of ``n`` rows (n odd), each implicant two neighbouring rows:
    LP ``k n / 2``, minimum ``k (n + 1) / 2``."""
    chart = np.zeros((k * n, k * n), dtype=bool)
    for c, j in product(range(k), range(n)):
        chart[c * n + j, [c * n + j, c * n + (j + 1) % n]] = True
    return chart


def test_the_bound_rises_above_the_lp_one_implicant_at_a_time():
    chart = odd_cycles(3, 5)  # LP 7.5, minimum 9
    res = lpb.raise_bound(chart, np.zeros(15), 0, list(range(15)))
    assert res.lp == pytest.approx(7.5)
    assert res.lower == 9 == len(res.cover)
    # 8 follows from the LP alone; 9 from showing that no 8 implicants cover the chart; the
    # test for 10 then finds a cover of 9
    assert res.tried == ((9, "none"), (10, "found"))


def test_an_expired_budget_keeps_the_bound_given():
    chart = odd_cycles(3, 5)
    budget = Budget(1.0, False, clock=iter([0.0] + [5.0] * 1000).__next__)
    res = lpb.raise_bound(chart, np.zeros(15), 7, list(range(15)), budget)
    assert res.lower in (7, 8) and res.cover == list(range(15)) and res.tried == ()


@pytest.fixture
def whole_chart_path(monkeypatch):
    """Send every chart through the path of the largest charts: no cyclic core, the Lagrangian
    step and local search, then the bound raised."""
    monkeypatch.setattr(mc, "LAGRANGE_ROWS", 1)
    monkeypatch.setattr(mc, "CORE_COLS", 0)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chart=matrices(max_rows=7, max_cols=9))
def test_bounded_minimum_on_the_whole_chart_is_proven_with_time(whole_chart_path, chart):
    res = mc.bounded_minimum(_pack_rows(chart), _pack_rows(chart.T), still_budget())
    assert res.proven and res.size == brute_minimum(chart) and is_cover(chart, res.cover)


def test_the_whole_chart_path_raises_the_bound_above_the_lagrangian(whole_chart_path, monkeypatch):
    chart = odd_cycles(4, 7)  # LP 14, minimum 16: the Lagrangian bound alone stops at 14
    calls = []
    original = lpb.raise_bound

    def recording(*args, **kwargs):
        res = original(*args, **kwargs)
        calls.append(res)
        return res

    monkeypatch.setattr(mc, "raise_bound", recording)
    res = mc.bounded_minimum(_pack_rows(chart), _pack_rows(chart.T), still_budget())
    assert (res.size, res.lower) == (16, 16)
    assert calls and calls[0].lp == pytest.approx(14.0)
