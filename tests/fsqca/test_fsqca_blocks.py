"""Independent blocks of a prime-implicant chart and bounded minimum covers.

Expected values come from brute force over all subsets of implicants, or from the same
search without decomposition, never from the decomposed search itself.
"""
from __future__ import annotations

from itertools import combinations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from fsqca._budget import Budget
from fsqca._cover import minimum_covers
from fsqca._chart import components
from fsqca._mincover import bounded_minimum


@st.composite
def block_charts(draw, max_blocks=3, max_rows=4, max_implicants=5):
    """A chart made of several independent sub-charts side by side, rows and columns shuffled."""
    covers: list[int] = []
    n_rows = 0
    for _ in range(draw(st.integers(1, max_blocks))):
        rows = draw(st.integers(1, max_rows))
        full = (1 << rows) - 1
        block = draw(st.lists(st.integers(1, full), min_size=1, max_size=max_implicants))
        union = 0
        for c in block:
            union |= c
        if union != full:
            block.append(full & ~union)
        if draw(st.booleans()):  # equal implicants: alternative models
            block += draw(st.lists(st.sampled_from(block), max_size=2))
        covers += [c << n_rows for c in block]
        n_rows += rows
    row_perm = draw(st.permutations(range(n_rows)))
    shuffled = [sum(1 << row_perm[r] for r in range(n_rows) if c >> r & 1) for c in covers]
    return draw(st.permutations(shuffled)), n_rows


def brute_force(covers, n_rows):
    full = (1 << n_rows) - 1
    for size in range(1, len(covers) + 1):
        found = [combo for combo in combinations(range(len(covers)), size) if _union(covers, combo) == full]
        if found:
            return size, found
    raise AssertionError("no cover")


def _union(covers, chosen):
    out = 0
    for j in chosen:
        out |= covers[j]
    return out


@settings(max_examples=200, deadline=None)
@given(block_charts())
def test_decomposition_keeps_the_minimum_size_and_every_minimal_cover(chart):
    covers, n_rows = chart
    size, expected = brute_force(covers, n_rows)
    whole = minimum_covers(covers, n_rows, decompose=False)
    split = minimum_covers(covers, n_rows)
    assert split.size == whole.size == size
    assert split.models == whole.models == sorted(expected)
    assert split.n_models == whole.n_models == len(expected)
    assert split.exhausted and split.proven and split.lower_bound is None


@settings(max_examples=100, deadline=None)
@given(block_charts(), st.integers(1, 3))
def test_decomposed_listing_cap_keeps_counting(chart, max_models):
    covers, n_rows = chart
    _, expected = brute_force(covers, n_rows)
    res = minimum_covers(covers, n_rows, max_models=max_models)
    assert res.n_models == len(expected)
    assert len(res.models) == min(max_models, len(expected))
    assert set(res.models) <= set(expected)
    assert res.capped == (len(expected) > max_models)


@settings(max_examples=100, deadline=None)
@given(block_charts())
def test_components_partition_the_rows_and_keep_every_implicant_with_its_rows(chart):
    covers, n_rows = chart
    matrix = np.array([[c >> r & 1 for r in range(n_rows)] for c in covers], dtype=bool)
    blocks = components(matrix)
    rows = sorted(r for _, rs in blocks for r in rs.tolist())
    assert rows == list(range(n_rows))
    for cols, rs in blocks:
        outside = np.setdiff1d(np.arange(n_rows), rs)
        assert not matrix[np.ix_(cols, outside)].any()  # no implicant reaches another block
    # rows in different blocks share no implicant
    label = {r: i for i, (_, rs) in enumerate(blocks) for r in rs.tolist()}
    for c in covers:
        assert len({label[r] for r in range(n_rows) if c >> r & 1}) == 1


class _FakeClock:
    """A clock that moves one second per reading."""

    def __init__(self):
        self.now = 0.0

    def __call__(self):
        self.now += 1.0
        return self.now


@settings(max_examples=100, deadline=None)
@given(block_charts(max_blocks=2, max_rows=5, max_implicants=7))
def test_bounded_minimum_without_time_gives_a_cover_and_a_true_lower_bound(chart):
    covers, n_rows = chart
    size, _ = brute_force(covers, n_rows)
    opts = [sum(1 << j for j, c in enumerate(covers) if c >> r & 1) for r in range(n_rows)]
    budget = Budget(time_limit=0.5, progress=False, clock=_FakeClock())
    budget.expired()  # the clock is already past the limit
    res = bounded_minimum(covers, opts, budget)
    assert _union(covers, res.cover) == (1 << n_rows) - 1 and len(res.cover) == res.size
    assert res.lower <= size <= res.size
    assert res.proven == (res.lower == res.size)


@settings(max_examples=60, deadline=None)
@given(block_charts(max_blocks=2, max_rows=5, max_implicants=7))
def test_cover_listing_out_of_time_is_reported_unproven_or_exact(chart):
    covers, n_rows = chart
    size, expected = brute_force(covers, n_rows)
    budget = Budget(time_limit=0.5, progress=False, clock=_FakeClock())
    budget.expired()
    res = minimum_covers(covers, n_rows, budget=budget)
    assert res.models
    for model in res.models:
        assert _union(covers, model) == (1 << n_rows) - 1 and len(model) == res.size
    if res.proven:
        assert res.size == size and set(res.models) <= set(expected)
    else:
        assert res.lower_bound <= size <= res.size and not res.exhausted
