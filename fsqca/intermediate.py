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

from ._validate import QCAInputError, suggest
from .expression import term_to_bits

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
                          expectations: Mapping[str, str], max_pairs: int | None = None) -> Iterator[tuple]:
    """Yield ``(complex model, parsimonious model, easy rows, difficult rows)`` per pair (0-based rows).

    At most ``max_pairs`` pairs (see :func:`_pairs`). The rows a term covers, the simplifying
    assumptions of a parsimonious model and the rows of the reduced terms of a (complex term,
    parsimonious model) pair are each computed once, however many pairs share them; a pair
    then costs one scatter of its terms' rows. Pairs with equal row sets get the same arrays.
    """
    conds = tt.conditions
    k = len(conds)
    dont_care = np.ones(2**k, dtype=bool)
    dont_care[tt.codes("1")] = False
    dont_care[forbidden_pars] = False
    term_bits: dict = {}

    def bits_of(term) -> tuple[int, int]:
        if term not in term_bits:
            term_bits[term] = term_to_bits(term, conds)
        return term_bits[term]

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
            sa = np.zeros(2**k, dtype=bool)
            for t in p_model.terms:
                sa[_subcube(*bits_of(t), k)] = True
            assumptions[j] = sa & dont_care
            reduced_rows[j] = {}
        sa, reduced_j = assumptions[j], reduced_rows[j]
        if i not in term_ids:  # terms as small ints: hashing a term tuple costs more
            term_ids[i] = [ids.setdefault(t, len(ids)) for t in c_model.terms]
        parts = []
        for c_term, t_id in zip(c_model.terms, term_ids[i]):
            if t_id not in reduced_j:
                reduced = _reduce(c_term, bits_of(c_term), [bits_of(t) for t in p_model.terms], conds, expectations)
                reduced_j[t_id] = np.concatenate([_subcube(m, v, k) for m, v in reduced] or [np.empty(0, np.int64)])
            parts.append(reduced_j[t_id])
        hit = np.zeros(2**k, dtype=bool)
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


def normalise_dir_exp(dir_exp, conditions: Sequence[str]) -> dict[str, str]:
    """Directional expectations per condition as ``"1"``, ``"0"`` or ``"-"`` (every condition listed)."""
    if dir_exp is None:
        return {c: "-" for c in conditions}
    if isinstance(dir_exp, str):
        items = {}
        for part in dir_exp.split(","):
            if not part.strip():
                continue
            if "=" not in part:
                raise QCAInputError(f"directional expectation {part.strip()!r}: write CONDITION=1, =0 or =-")
            key, val = part.split("=", 1)
            items[key.strip()] = val.strip()
        dir_exp = items
    out = {c: "-" for c in conditions}
    for cond, val in dict(dir_exp).items():
        if cond not in conditions:
            raise QCAInputError(f"directional expectation for unknown condition {cond!r}{suggest(cond, conditions)}")
        sval = str(val).strip().lower()
        if sval in ("1", "1.0", "present", "true"):
            out[cond] = "1"
        elif sval in ("0", "0.0", "absent", "false"):
            out[cond] = "0"
        elif sval in ("-", "either", "", "none", "dc"):
            out[cond] = "-"
        else:
            raise QCAInputError(f"directional expectation for {cond!r} must be 1, 0 or '-', got {val!r}")
    return out


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
