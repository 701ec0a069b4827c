"""Easy and difficult counterfactuals for the intermediate solution, as R's ``QCA`` computes them.

For every pair of a complex model ``C`` and a parsimonious model ``P`` (Ragin 2008, ch. 9;
Dusa 2019, sec. 8.7):

1. the simplifying assumptions of ``P`` are the remainders its terms cover;
2. each term ``c`` of ``C`` that is a subset of a term ``p`` of ``P`` is reduced: the literals of
   ``c`` that are not in ``p`` and contradict the directional expectation of their condition
   are dropped (a condition expected "either way" keeps its literal);
3. the *easy* counterfactuals are the simplifying assumptions covered by a reduced term, the
   rest are *difficult*.

The intermediate models of the pair are then all minimum covers of the positive rows with the
easy counterfactuals as don't cares (so a pair with no easy counterfactual gives back the
complex models). Simpler readings ("remainders consistent with every expectation") disagree
with R on many published datasets; this one agrees on all the reference cases.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

import numpy as np

from .expression import term_to_bits

__all__ = ["intermediate_variants"]


def _pairs(n_complex: int, n_pars: int, max_pairs: int | None) -> list[tuple[int, int]]:
    """The (complex, parsimonious) model index pairs to solve, complex-major.

    When there are more than ``max_pairs``, the pairs of the lowest indices are kept shell by
    shell (every pair with ``max(i, j) = s`` before any with ``s + 1``), so the first models of
    both lists are all represented rather than the first complex model alone.
    """
    total = n_complex * n_pars
    if max_pairs is None or total <= max_pairs:
        return [(i, j) for i in range(n_complex) for j in range(n_pars)]
    chosen: list[tuple[int, int]] = []
    for shell in range(max(n_complex, n_pars)):
        ring = [(i, shell) for i in range(min(shell, n_complex))] if shell < n_pars else []
        if shell < n_complex:
            ring += [(shell, j) for j in range(min(shell + 1, n_pars))]
        chosen += ring[: max_pairs - len(chosen)]
        if len(chosen) >= max_pairs:
            break
    return sorted(chosen)


def intermediate_variants(tt, complex_models, pars_models, forbidden_pars: np.ndarray,
                          expectations: Mapping[str, str], max_pairs: int | None = None) -> Iterator[tuple]:
    """Yield ``(complex model, parsimonious model, easy rows, difficult rows)`` per pair (0-based rows).

    At most ``max_pairs`` pairs (see :func:`_pairs`); rows covered by a term, the simplifying
    assumptions of a parsimonious model and the reduced terms of a (complex term,
    parsimonious model) pair are each computed once, however many pairs share them.
    """
    conds = tt.conditions
    k = len(conds)
    rows = np.arange(2**k, dtype=np.int64)
    dont_care = np.ones(2**k, dtype=bool)
    dont_care[tt.codes("1")] = False
    dont_care[forbidden_pars] = False
    term_bits = {}
    for model in (*complex_models, *pars_models):
        for t in model.terms:
            if t not in term_bits:
                term_bits[t] = term_to_bits(t, conds)
    covered: dict[tuple[int, int], np.ndarray] = {}

    def rows_of(mask_value: tuple[int, int]) -> np.ndarray:
        if mask_value not in covered:
            mask, value = mask_value
            covered[mask_value] = (rows & mask) == value
        return covered[mask_value]

    assumptions: dict[int, np.ndarray] = {}
    reduced_of: dict[tuple, tuple] = {}
    easy_of: dict[tuple, np.ndarray] = {}
    for i, j in _pairs(len(complex_models), len(pars_models), max_pairs):
        c_model, p_model = complex_models[i], pars_models[j]
        if j not in assumptions:
            sa = np.zeros(2**k, dtype=bool)
            for t in p_model.terms:
                sa |= rows_of(term_bits[t])
            assumptions[j] = sa & dont_care
        sa = assumptions[j]
        reduced: set[tuple[int, int]] = set()
        for c_term in c_model.terms:
            key = (c_term, j)
            if key not in reduced_of:
                reduced_of[key] = _reduce(c_term, term_bits[c_term], [term_bits[t] for t in p_model.terms],
                                          conds, expectations)
            reduced.update(reduced_of[key])
        key = (frozenset(reduced), j)
        if key not in easy_of:
            hit = np.zeros(2**k, dtype=bool)
            for mv in reduced:
                hit |= rows_of(mv)
            easy_of[key] = sa & hit
        easy = easy_of[key]
        yield c_model, p_model, rows[easy], rows[sa & ~easy]


def _reduce(c_term, c_bits: tuple[int, int], p_bits, conds, expectations) -> tuple[tuple[int, int], ...]:
    """The complex term reduced against each parsimonious term that contains it (step 2)."""
    k = len(conds)
    cm, cv = c_bits
    out = []
    for pm, pv in p_bits:
        if cm & pm != pm or cv & pm != pv:
            continue  # c is not a subset of p
        mask, value = cm, cv
        for name, lit in c_term:
            bit = 1 << (k - 1 - conds.index(name))
            if pm & bit:
                continue
            exp = expectations.get(name, "-")
            if exp != "-" and int(exp) != lit:
                mask &= ~bit
                value &= ~bit
        out.append((mask, value))
    return tuple(out)
