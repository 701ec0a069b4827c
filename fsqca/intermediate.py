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


def _covered(rows: np.ndarray, terms_bits: Sequence[tuple[int, int]]) -> np.ndarray:
    hit = np.zeros(len(rows), dtype=bool)
    for mask, value in terms_bits:
        hit |= (rows & mask) == value
    return hit


def intermediate_variants(tt, complex_models, pars_models, forbidden_pars: np.ndarray,
                          expectations: Mapping[str, str]) -> Iterator[tuple]:
    """Yield ``(complex model, parsimonious model, easy rows, difficult rows)`` per pair (0-based rows)."""
    conds = tt.conditions
    k = len(conds)
    rows = np.arange(2**k, dtype=np.int64)
    positive = tt.codes("1")
    dont_care = np.ones(2**k, dtype=bool)
    dont_care[positive] = False
    dont_care[forbidden_pars] = False
    for c_model in complex_models:
        c_bits = [term_to_bits(t, conds) for t in c_model.terms]
        for p_model in pars_models:
            p_bits = [term_to_bits(t, conds) for t in p_model.terms]
            sa = dont_care & _covered(rows, p_bits)
            reduced = []
            for (cm, cv), c_term in zip(c_bits, c_model.terms):
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
                    reduced.append((mask, value))
            easy = sa & _covered(rows, reduced)
            yield c_model, p_model, rows[easy], rows[sa & ~easy]
