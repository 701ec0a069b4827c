"""Property tests of the two exact engines behind ``minimize``: prime implicants and minimum covers.

Every expected value comes from a brute force written here (all subsets of implicants, all
``3**k`` terms), never from the code under test.
"""
from __future__ import annotations

from itertools import combinations, product

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fsqca._cover import minimum_covers
from fsqca._chart import cyclic_core
from fsqca._mincover import branch_and_bound, milp_cover, minimum_size
from fsqca._implicants import prime_implicants
from fsqca.intermediate import _pairs


# ---- minimum covers ------------------------------------------------------------------------
@st.composite
def charts(draw, max_rows=8, max_implicants=10):
    """A chart whose union covers every row: bitsets of rows per implicant."""
    n_rows = draw(st.integers(1, max_rows))
    full = (1 << n_rows) - 1
    covers = draw(st.lists(st.integers(1, full), min_size=1, max_size=max_implicants))
    union = 0
    for c in covers:
        union |= c
    if union != full:
        covers.append(full & ~union)  # one implicant for the rows nobody covers
    if draw(st.booleans()):  # duplicated implicants: alternative models with equal coverage
        covers += draw(st.lists(st.sampled_from(covers), max_size=3))
    return covers, n_rows


def brute_force_minimum_covers(covers, n_rows):
    full = (1 << n_rows) - 1
    for size in range(1, len(covers) + 1):
        found = []
        for combo in combinations(range(len(covers)), size):
            union = 0
            for j in combo:
                union |= covers[j]
            if union == full:
                found.append(combo)
        if found:
            return size, found
    raise AssertionError("the chart has no cover")


@settings(max_examples=300, deadline=None)
@given(charts())
def test_all_minimum_covers_match_brute_force(chart):
    covers, n_rows = chart
    size, expected = brute_force_minimum_covers(covers, n_rows)
    res = minimum_covers(covers, n_rows)
    assert res.size == size
    assert res.models == sorted(expected)  # every minimum cover, each once, nothing else
    matrix = np.array([[(c >> r) & 1 for r in range(n_rows)] for c in covers], dtype=bool)
    assert minimum_covers(matrix, n_rows) == res  # the boolean-matrix form gives the same result
    assert res.n_models == len(expected)
    assert res.exhausted and not res.capped
    full = (1 << n_rows) - 1
    for model in res.models:
        assert len(model) == size
        union = 0
        for j in model:
            union |= covers[j]
        assert union == full
    # essential implicants are the sole cover of some row and sit in every model
    for j in res.essential:
        assert any(sum((c >> r) & 1 for c in covers) == 1 and (covers[j] >> r) & 1 for r in range(n_rows))
        assert all(j in m for m in res.models)


@settings(max_examples=200, deadline=None)
@given(charts(), st.integers(1, 4), st.integers(1, 6))
def test_capped_listing_and_stopped_counting_are_reported(chart, max_models, count_limit):
    covers, n_rows = chart
    _, expected = brute_force_minimum_covers(covers, n_rows)
    listed = minimum_covers(covers, n_rows, max_models=max_models)
    assert listed.n_models == len(expected)  # counting goes on past the listing cap
    assert len(listed.models) == min(max_models, len(expected))
    assert set(listed.models) <= set(expected)
    assert listed.capped == (len(expected) > max_models)

    counted = minimum_covers(covers, n_rows, count_limit=count_limit)
    if counted.exhausted:
        assert counted.n_models == len(expected)
    else:
        assert count_limit <= counted.n_models < len(expected)
    assert set(counted.models) <= set(expected) and counted.models


@settings(max_examples=100, deadline=None)
@given(charts())
def test_node_limit_keeps_the_minimum_exact_and_lists_a_model(chart):
    covers, n_rows = chart
    size, expected = brute_force_minimum_covers(covers, n_rows)
    res = minimum_covers(covers, n_rows, node_limit=1)
    assert res.size == size
    assert res.models and set(res.models) <= set(expected)
    assert len(res.models) <= res.n_models <= len(expected)


@settings(max_examples=100, deadline=None)
@given(charts(max_rows=7, max_implicants=9))
def test_exact_size_searches_agree_with_brute_force(chart):
    covers, n_rows = chart
    size, _ = brute_force_minimum_covers(covers, n_rows)
    full = (1 << n_rows) - 1
    trivial = list(range(len(covers)))
    best, finished = branch_and_bound(covers, _options(covers, n_rows), trivial, node_limit=None)
    assert finished and len(best) == size and _union(covers, best) == full
    milp = milp_cover(covers, n_rows, 1, len(covers))
    assert milp is not None and len(milp) == size and _union(covers, milp) == full


@settings(max_examples=200, deadline=None)
@given(charts(max_rows=7, max_implicants=9))
def test_cyclic_core_keeps_the_minimum_size(chart):
    covers, n_rows = chart
    size, _ = brute_force_minimum_covers(covers, n_rows)
    full = (1 << n_rows) - 1
    forced, core_cols, core_rows = cyclic_core(covers, n_rows)
    assert len(set(forced)) == len(forced)
    if core_rows == 0:
        assert not core_cols and _union(covers, forced) == full and len(forced) == size
        return
    assert core_rows & _union(covers, forced) == 0  # forced implicants' rows are gone
    core = [covers[c] & core_rows for c in core_cols]
    assert len(set(core)) == len(core)  # one of each group of equal implicants
    assert not any(a != b and a & b == a for a in core for b in core)  # none dominated
    positions = [r for r in range(n_rows) if core_rows >> r & 1]
    compact = [sum(1 << i for i, r in enumerate(positions) if c >> r & 1) for c in core]
    core_size, _ = brute_force_minimum_covers(compact, len(positions))
    assert len(forced) + core_size == size


@settings(max_examples=150, deadline=None)
@given(chart=charts(max_rows=7, max_implicants=9))
def test_minimum_size_through_the_core_and_integer_program(monkeypatch_quick_nodes, chart):
    covers, n_rows = chart
    size, _ = brute_force_minimum_covers(covers, n_rows)
    got, witness = minimum_size(covers, _options(covers, n_rows))
    assert got == size == len(witness) and _union(covers, witness) == (1 << n_rows) - 1


@pytest.fixture(scope="module")
def monkeypatch_quick_nodes():
    """Skip the quick branch and bound so that charts reach the cyclic core and HiGHS."""
    import fsqca._mincover as mc

    saved = mc.QUICK_NODES
    mc.QUICK_NODES = 0
    yield
    mc.QUICK_NODES = saved


def test_integer_program_prints_nothing():
    # the command line's --json output goes to stdout: the solver must not write there
    import subprocess
    import sys

    code = ("from fsqca._mincover import milp_cover; "
            "print(milp_cover([0b0011, 0b0110, 0b1100, 0b1001], 4, 1, 4))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() in ("[0, 2]", "[1, 3]")


def _options(covers, n_rows):
    return [sum(1 << j for j, c in enumerate(covers) if (c >> r) & 1) for r in range(n_rows)]


def _union(covers, chosen):
    out = 0
    for j in chosen:
        out |= covers[j]
    return out


def test_model_ambiguity_example():
    # rows 0-3 form a cycle covered by two disjoint pairs of implicants; row 4 has one option
    covers = [0b00011, 0b01100, 0b00110, 0b01001, 0b10000]
    res = minimum_covers(covers, 5)
    assert res.size == 3
    assert res.models == [(0, 1, 4), (2, 3, 4)]
    assert res.essential == (4,)


def test_uncoverable_row_is_named():
    with pytest.raises(ValueError, match="row 2"):
        minimum_covers([0b011], 3)


# ---- prime implicants ----------------------------------------------------------------------
@st.composite
def truth_tables(draw, max_k=6):
    """Rows labelled 0 (don't care), 1 (positive) or 2 (forbidden)."""
    k = draw(st.integers(1, max_k))
    labels = draw(st.lists(st.integers(0, 2), min_size=2**k, max_size=2**k))
    return k, np.array(labels)


def _covered_rows(mask: int, value: int, k: int) -> np.ndarray:
    rows = np.arange(2**k)
    return (rows & mask) == value


def brute_force_primes(k, labels):
    """All admissible terms covering a positive row that no admissible term strictly contains."""
    admissible = set()
    for digits in product((0, 1, 2), repeat=k):  # 2 = don't care
        mask = sum(1 << (k - 1 - i) for i, d in enumerate(digits) if d != 2)
        value = sum(1 << (k - 1 - i) for i, d in enumerate(digits) if d == 1)
        hit = _covered_rows(mask, value, k)
        if not (labels[hit] == 2).any():
            admissible.add((mask, value))
    primes = set()
    for mask, value in admissible:
        if not (labels[_covered_rows(mask, value, k)] == 1).any():
            continue
        relaxations = [(mask & ~b, value & ~b) for b in (1 << i for i in range(k)) if mask & b]
        if not any(r in admissible for r in relaxations):
            primes.add((mask, value))
    return primes


@settings(max_examples=150, deadline=None)
@given(truth_tables())
def test_prime_implicants_complete_against_all_terms(table):
    k, labels = table
    positive, forbidden = np.flatnonzero(labels == 1), np.flatnonzero(labels == 2)
    masks, values = prime_implicants(positive, forbidden, k)
    got = list(zip(masks.tolist(), values.tolist()))
    assert len(got) == len(set(got))
    assert set(got) == brute_force_primes(k, labels)


@settings(max_examples=200, deadline=None)
@given(truth_tables(max_k=7))
def test_level_merging_and_cube_give_the_same_prime_implicants(table):
    k, labels = table
    positive, forbidden = np.flatnonzero(labels == 1), np.flatnonzero(labels == 2)
    cube = prime_implicants(positive, forbidden, k, method="cube")
    levels = prime_implicants(positive, forbidden, k, method="levels")
    assert np.array_equal(cube[0], levels[0]) and np.array_equal(cube[1], levels[1])  # same order too


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 12), st.integers(0, 12), st.one_of(st.none(), st.integers(1, 40)))
def test_variant_pairs_are_capped_shell_by_shell(n_complex, n_pars, cap):
    pairs = _pairs(n_complex, n_pars, cap)
    total = n_complex * n_pars
    assert len(pairs) == (total if cap is None else min(total, cap))
    assert len(set(pairs)) == len(pairs) and pairs == sorted(pairs)
    assert all(0 <= i < n_complex and 0 <= j < n_pars for i, j in pairs)
    if pairs:  # nothing of a higher shell is kept while a lower-shell pair is left out
        highest = max(max(p) for p in pairs)
        lower = {(i, j) for i in range(n_complex) for j in range(n_pars) if max(i, j) < highest}
        assert lower <= set(pairs)


@settings(max_examples=150, deadline=None)
@given(truth_tables())
def test_prime_implicants_are_prime(table):
    k, labels = table
    positive, forbidden = np.flatnonzero(labels == 1), np.flatnonzero(labels == 2)
    masks, values = prime_implicants(positive, forbidden, k)
    for mask, value in zip(masks.tolist(), values.tolist()):
        hit = _covered_rows(mask, value, k)
        assert not (labels[hit] == 2).any(), "an implicant covers a forbidden row"
        assert (labels[hit] == 1).any(), "an implicant covers no positive row"
        for i in range(k):
            bit = 1 << i
            if mask & bit:  # dropping any literal must reach a forbidden row
                assert (labels[_covered_rows(mask & ~bit, value & ~bit, k)] == 2).any()
    # every positive row is covered by some prime implicant
    covered = np.zeros(2**k, dtype=bool)
    for mask, value in zip(masks.tolist(), values.tolist()):
        covered |= _covered_rows(mask, value, k)
    assert covered[positive].all()
    # ordered by number of literals
    nlits = [bin(m).count("1") for m in masks.tolist()]
    assert nlits == sorted(nlits)
