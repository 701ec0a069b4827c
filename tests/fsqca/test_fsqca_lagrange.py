"""Lagrangian bounds and covers (fsqca._lagrange) and their use under a time limit.

Expected minima come from brute force over all implicant subsets, never from the code under
test. No test measures time: the budgets run on a clock that does not move (or whose share is
zero, so that a stage gives up at once).
"""
from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fsqca._mincover as mc
from fsqca._chart import _pack_rows
from fsqca._budget import Budget
from fsqca._lagrange import lagrangian_bound, lagrangian_cover, redundancy_free, swap_down


@st.composite
def matrices(draw, max_rows=8, max_cols=10):
    """A chart (bool, implicants x rows) in which every row has an option."""
    n_rows = draw(st.integers(1, max_rows))
    n_cols = draw(st.integers(1, max_cols))
    cells = draw(st.lists(st.booleans(), min_size=n_rows * n_cols, max_size=n_rows * n_cols))
    chart = np.array(cells, dtype=bool).reshape(n_cols, n_rows)
    bare = ~chart.any(axis=0)
    if bare.any():
        chart = np.vstack([chart, bare])  # one implicant for the rows nobody covers
    return chart


def brute_minimum(chart: np.ndarray) -> int:
    n_cols = len(chart)
    for size in range(1, n_cols + 1):
        for combo in combinations(range(n_cols), size):
            if chart[list(combo)].any(axis=0).all():
                return size
    raise AssertionError("no cover")


def is_cover(chart: np.ndarray, cover) -> bool:
    return len(cover) > 0 and chart[list(cover)].any(axis=0).all()


def still_budget(limit: float = 1000.0) -> Budget:
    """A budget with a time limit whose clock never moves: nothing expires."""
    return Budget(limit, False, clock=lambda: 0.0)


@settings(max_examples=200, deadline=None)
@given(matrices(), st.lists(st.floats(0, 2), min_size=8, max_size=8))
def test_any_weights_bound_the_minimum_from_below(chart, weights):
    from scipy.sparse import csr_matrix

    u = np.array(weights[:chart.shape[1]])
    assert lagrangian_bound(csr_matrix(chart, dtype=float), u) <= brute_minimum(chart) + 1e-9


@settings(max_examples=200, deadline=None)
@given(matrices())
def test_lagrangian_cover_is_a_cover_and_its_bound_never_exceeds_the_minimum(chart):
    res = lagrangian_cover(chart, max_iter=200)
    opt = brute_minimum(chart)
    assert is_cover(chart, res.cover)
    assert res.lower <= opt <= len(res.cover)
    assert res.bound <= opt + 1e-9
    assert redundancy_free(chart, res.cover) == res.cover  # no implicant can be dropped


def test_the_bound_reaches_the_lp_optimum_of_an_odd_cycle():
    # rows 0..4 in a cycle, implicant j covers rows j and j+1: LP 2.5, minimum 3
    chart = np.zeros((5, 5), dtype=bool)
    for j in range(5):
        chart[j, [j, (j + 1) % 5]] = True
    res = lagrangian_cover(chart)
    assert res.bound == pytest.approx(2.5, abs=0.05)
    assert (res.lower, len(res.cover)) == (3, 3)


def test_the_search_is_deterministic():
    rng = np.random.default_rng(7)
    chart = rng.random((60, 40)) < 0.1
    chart[0] |= ~chart.any(axis=0)
    first, second = lagrangian_cover(chart, max_iter=300), lagrangian_cover(chart, max_iter=300)
    assert first == second


@pytest.fixture
def lagrange_everywhere(monkeypatch):
    """Send every chart, however small, through the Lagrangian step of bounded_minimum (the
    patched constants hold for every generated chart alike, so one setting per test is right)."""
    monkeypatch.setattr(mc, "QUICK_NODES", 0)
    monkeypatch.setattr(mc, "LAGRANGE_ROWS", 1)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chart=matrices(max_rows=7, max_cols=9))
def test_bounded_minimum_with_the_lagrangian_step_is_exact(lagrange_everywhere, chart):
    covers, opts = _pack_rows(chart), _pack_rows(chart.T)
    res = mc.bounded_minimum(covers, opts, still_budget())
    assert res.proven and res.size == brute_minimum(chart) and is_cover(chart, res.cover)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chart=matrices(max_rows=7, max_cols=9))
def test_when_the_core_gives_up_the_lagrangian_bound_is_still_a_bound(lagrange_everywhere, monkeypatch, chart):
    monkeypatch.setattr(mc, "CORE_SHARE", 0.0)  # the cyclic core's share is spent at once
    covers, opts = _pack_rows(chart), _pack_rows(chart.T)
    res = mc.bounded_minimum(covers, opts, still_budget())
    opt = brute_minimum(chart)
    assert is_cover(chart, res.cover) and res.size == len(res.cover)
    assert res.lower <= opt <= res.size


@settings(max_examples=200, deadline=None)
@given(matrices())
def test_swap_down_keeps_a_cover_and_never_grows_it(chart):
    every = list(range(len(chart)))
    got = swap_down(chart, every)
    assert is_cover(chart, got) and len(got) <= len(every)
    assert brute_minimum(chart) <= len(got)


def test_the_local_search_is_compiled_before_the_time_is_shared_out(lagrange_everywhere, monkeypatch):
    """The first call after installation compiles the local search (seconds): that must happen
    before the cyclic core's and the Lagrangian step's shares are taken from the time left, so
    that no share is overrun by it. Here compiling takes 50 of the 100 s: the core's share is
    then computed from the 50 s left."""
    now = [0.0]
    shares = []
    real_share = mc._Share

    def slow_compile(budget):
        shares.append("compiled")
        now[0] += 50.0

    def recording_share(budget, share):
        shares.append(budget.remaining())
        return real_share(budget, share)

    monkeypatch.setattr(mc, "_compile_local_search", slow_compile)
    monkeypatch.setattr(mc, "_Share", recording_share)
    budget = Budget(100.0, False, clock=lambda: now[0])
    chart = np.array([[1, 1, 0], [0, 1, 1], [1, 0, 1]], dtype=bool)  # a 3-cycle: minimum 2
    res = mc.bounded_minimum(_pack_rows(chart), _pack_rows(chart.T), budget)
    assert res.size == 2
    assert shares == ["compiled", pytest.approx(50.0)]


def test_compiling_the_local_search_leaves_a_working_search():
    from fsqca._localsearch import local_search_cover

    mc._compile_local_search(Budget(10.0, False))
    chart = np.array([[1, 1, 1, 0, 0, 0], [0, 0, 0, 1, 1, 1], [1, 1, 0, 0, 0, 0],
                      [0, 0, 1, 1, 0, 0], [0, 0, 0, 0, 1, 1]], dtype=bool)
    assert local_search_cover(chart, [2, 3, 4], lower=2, max_steps=1000).cover == [0, 1]
