"""Easy and difficult counterfactuals for the intermediate solution, as R's ``QCA`` computes them.

For every pair of a complex model ``C`` and a parsimonious model ``P`` (Ragin 2008, ch. 9;
Dusa 2019, sec. 8.7):

1. the simplifying assumptions of ``P`` are the remainders its terms cover;
2. each term ``c`` of ``C`` that is a subset of a term ``p`` of ``P`` is reduced: the literals of
   ``c`` that are not in ``p`` and contradict the directional expectation of their condition
   are dropped (a condition expected "either way" keeps its literal); conjunctural
   expectations follow R's own rule (see :mod:`fsqca.direxp`);
3. the *easy* counterfactuals are the simplifying assumptions covered by a reduced term, the
   rest are *difficult*.

The intermediate models of the pair are then all minimum covers of the positive rows with the
easy counterfactuals as don't cares (so a pair with no easy counterfactual gives back the
complex models). Simpler readings ("remainders consistent with every expectation") disagree
with R on many published datasets; this one agrees on all the reference cases. The same rule
serves multi-value tables, an expectation being a set of levels.
"""
from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from .direxp import Expectations, parse_dir_exp
from .expression import term_to_bits
from .multivalue import levels_of, term_rows

__all__ = ["intermediate_variants", "normalise_dir_exp"]


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
                          expectations: Expectations, max_pairs: int | None = None) -> Iterator[tuple]:
    """Yield ``(complex model, parsimonious model, easy rows, difficult rows)`` per pair (0-based rows).

    At most ``max_pairs`` pairs (see :func:`_pairs`). The rows a term covers, the simplifying
    assumptions of a parsimonious model and the rows of the reduced terms of a (complex term,
    parsimonious model) pair are each computed once, however many pairs share them; a pair
    then costs one scatter of its terms' rows. Pairs with equal row sets get the same arrays.
    """
    conds = tt.conditions
    k = len(conds)
    size = tt.n_rows_total
    dont_care = np.ones(size, dtype=bool)
    dont_care[tt.codes("1")] = False
    dont_care[forbidden_pars] = False
    covered: dict = {}

    def rows_of(term) -> np.ndarray:
        if term not in covered:
            covered[term] = (term_rows(term, conds, tt.levels) if tt.multi_value else
                             _subcube(*term_to_bits(term, conds), k))
        return covered[term]

    assumptions: dict[int, np.ndarray] = {}
    reduced_rows: dict[int, dict[int, np.ndarray]] = {}   # parsimonious model -> term id -> rows
    ids: dict = {}
    term_ids: dict[int, list[int]] = {}             # complex models are alive for the whole loop
    as_rows: dict[bytes, np.ndarray] = {}

    def row_array(flags: np.ndarray) -> np.ndarray:
        key = np.packbits(flags).tobytes()
        if key not in as_rows:
            as_rows[key] = np.flatnonzero(flags)
        return as_rows[key]

    for i, j in _pairs(len(complex_models), len(pars_models), max_pairs):
        c_model, p_model = complex_models[i], pars_models[j]
        if j not in assumptions:
            sa = np.zeros(size, dtype=bool)
            for t in p_model.terms:
                sa[rows_of(t)] = True
            assumptions[j] = sa & dont_care
            reduced_rows[j] = {}
        sa, reduced_j = assumptions[j], reduced_rows[j]
        if i not in term_ids:  # terms as small ints: hashing a term tuple costs more
            term_ids[i] = [ids.setdefault(t, len(ids)) for t in c_model.terms]
        parts = []
        for c_term, t_id in zip(c_model.terms, term_ids[i]):
            if t_id not in reduced_j:
                reduced = _reduce(c_term, p_model.terms, expectations)
                reduced_j[t_id] = np.concatenate([rows_of(t) for t in reduced] or [np.empty(0, np.int64)])
            parts.append(reduced_j[t_id])
        hit = np.zeros(size, dtype=bool)
        hit[np.concatenate(parts or [np.empty(0, np.int64)])] = True
        easy = sa & hit
        yield c_model, p_model, row_array(easy), row_array(sa & ~easy)


def _subcube(mask: int, value: int, k: int) -> np.ndarray:
    """The rows a term ``(mask, value)`` covers: ``value`` plus every sum of its free bits."""
    rows = np.array([value], dtype=np.int64)
    for b in range(k):
        if not mask >> b & 1:
            rows = np.concatenate([rows, rows | (1 << b)])
    return rows


def normalise_dir_exp(dir_exp, tt_or_conditions, rule: str | None = None) -> Expectations:
    """Directional expectations in any accepted form (see :mod:`fsqca.direxp`) for a truth table
    (or a list of two-level conditions); ``rule`` None keeps an :class:`Expectations`' own rule
    (else R's)."""
    if rule is None:
        rule = dir_exp.rule if isinstance(dir_exp, Expectations) else "R"
    if hasattr(tt_or_conditions, "levels"):
        tt = tt_or_conditions
        return parse_dir_exp(dir_exp, tt.conditions, levels_of(tt.conditions, tt.levels), rule=rule)
    return parse_dir_exp(dir_exp, list(tt_or_conditions), rule=rule)


def _reduce(c_term, p_terms, expectations: Expectations) -> tuple:
    """The complex term reduced against each parsimonious term that contains it (step 2)."""
    out = []
    for p_term in p_terms:
        if all(lit in c_term for lit in p_term):  # c is a subset of p
            out.extend(expectations.reduce(c_term, p_term))
    return tuple(out)
