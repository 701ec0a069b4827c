"""Row-weighting local search for set covering (fsqca._localsearch).

Expected minima come from brute force over all implicant subsets, never from the code under
test. No test measures time: the searches run a fixed number of steps.
"""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fsqca._localsearch import CHUNK, local_search_cover
from tests.fsqca.test_fsqca_lagrange import brute_minimum, is_cover, matrices


@st.composite
def charts_and_starts(draw):
    """A chart (bool, implicants x rows) in which every row has an option, and a cover of it:
    a random subset of implicants completed by the last option of each row left uncovered."""
    chart = draw(matrices(max_rows=9, max_cols=12))
    picks = draw(st.lists(st.booleans(), min_size=len(chart), max_size=len(chart)))
    start = [j for j, p in enumerate(picks) if p]
    for r in range(chart.shape[1]):
        if not chart[start, r].any():
            start.append(int(np.flatnonzero(chart[:, r])[-1]))
    return chart, sorted(start)


@settings(max_examples=300, deadline=None)
@given(charts_and_starts())
def test_the_result_is_a_cover_never_larger_than_the_start_nor_smaller_than_the_minimum(case):
    chart, start = case
    res = local_search_cover(chart, start, max_steps=2000)
    assert is_cover(chart, res.cover)
    assert brute_minimum(chart) <= len(res.cover) <= len(start)
    assert res.cover == sorted(set(res.cover))


@settings(max_examples=100, deadline=None)
@given(charts_and_starts(), st.integers(0, 2 ** 32))
def test_the_same_input_and_seed_give_the_same_cover(case, seed):
    chart, start = case
    first = local_search_cover(chart, start, max_steps=3000, seed=seed)
    assert local_search_cover(chart, start, max_steps=3000, seed=seed) == first


@settings(max_examples=200, deadline=None)
@given(charts_and_starts(), st.lists(st.floats(-1, 1), min_size=13, max_size=13))
def test_a_search_on_the_cheapest_implicants_still_returns_a_cover_of_the_whole_chart(case, costs):
    chart, start = case
    costs = np.resize(np.array(costs), len(chart))
    res = local_search_cover(chart, start, max_steps=2000, costs=costs)
    assert is_cover(chart, res.cover) and len(res.cover) <= len(start)


def test_it_finds_the_brute_force_minimum_on_almost_every_small_chart():
    """Random charts of 8-14 rows and 10-16 implicants (density 0.25), each started from every
    implicant: the search of one chunk must reach the minimum on at least 95% of them."""
    rng = np.random.default_rng(2015)
    hits = total = 0
    for _ in range(150):
        n_rows, n_cols = rng.integers(8, 15), rng.integers(10, 17)
        chart = rng.random((n_cols, n_rows)) < 0.25
        bare = ~chart.any(axis=0)
        if bare.any():
            chart[rng.integers(n_cols), bare] = True
        res = local_search_cover(chart, range(n_cols), max_steps=CHUNK)
        assert is_cover(chart, res.cover)
        total += 1
        hits += len(res.cover) == brute_minimum(chart)
    assert hits >= 0.95 * total, f"{hits} of {total}"


def test_it_improves_a_cycle_and_stops_at_the_lower_bound():
    # rows 0..9 in a cycle, implicant j covers rows j and j+1: minimum 5 (every other one)
    chart = np.zeros((10, 10), dtype=bool)
    for j in range(10):
        chart[j, [j, (j + 1) % 10]] = True
    res = local_search_cover(chart, range(10), lower=5, max_steps=10 * CHUNK)
    assert len(res.cover) == 5 and is_cover(chart, res.cover)
    assert res.steps < CHUNK  # stopped in the first chunk, once it met the bound


def test_a_start_that_is_no_cover_is_refused():
    chart = np.array([[1, 0], [0, 1]], dtype=bool)
    with pytest.raises(ValueError, match="does not cover every row"):
        local_search_cover(chart, [0])
