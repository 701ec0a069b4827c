"""Multi-value QCA (mvQCA): conditions with more than two levels (Cronqvist & Berg-Schlosser 2009).

A multi-value condition holds whole numbers ``0 .. max`` (``max >= 2``), each of which must
occur; it has ``max + 1`` levels (R's rule, ``admisc::getLevels``; R stops on a gap: "Possibly
uncalibrated multivalue conditions"). A case's membership in the literal ``A[v]`` is 1 if its
value is ``v``, else 0; two-level conditions (crisp or fuzzy) keep ``X[1] = x`` and
``X[0] = 1 - x``. Truth-table rows are the configurations of levels, numbered as R numbers
them: ``1 + sum_j config_j * prod_{i > j} L_i`` (first condition most significant), so with two
levels everywhere they are the binary row numbers.

Minimisation (Dusa 2019, ch. 10): an implicant fixes each of its conditions to one level; the
prime implicants are found exactly on the lifted cube ``prod_j (L_j + 1)`` (the last index of
each axis is "don't care", the OR over the levels), as :mod:`fsqca._implicants` does for the
ternary cube, and every minimum cover of the positive rows is listed by the same chart solver.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ._implicants import row_flags
from ._validate import QCAInputError, _labels, suggest
from .expression import Level, Term, literal_membership, parse_literal

__all__ = ["level_counts", "multi_value_names", "split_outcome_levels", "mv_digits", "mv_codes", "mv_consistency",
           "mv_prime_implicants", "mv_covers", "mv_term", "term_rows", "total_rows"]


def level_counts(data: pd.DataFrame, multi_value: Sequence[str]) -> dict[str, int]:
    """Number of levels of each multi-value column, after checking it holds whole numbers
    0..max with every value present (one clear error naming the column otherwise)."""
    out = {}
    for col in multi_value:
        s = pd.to_numeric(data[col], errors="coerce")
        bad = s.isna() & data[col].notna()
        if bad.any():
            raise QCAInputError(f"multi-value condition {col!r} is not numeric: value {str(data[col][bad].iloc[0])!r} "
                                f"in case {str(data.index[bad][0])!r}")
        if s.isna().any():
            raise QCAInputError(f"multi-value condition {col!r} has missing values in case(s) "
                                f"{_labels(data.index[s.isna()])}")
        v = s.to_numpy(dtype=float)
        wrong = (v < 0) | (v != np.round(v))
        if wrong.any():
            i = int(np.flatnonzero(wrong)[0])
            raise QCAInputError(f"multi-value condition {col!r}: levels must be whole numbers from 0, got "
                                f"{v[i]!r} in case {str(data.index[i])!r}")
        top = int(v.max())
        seen = set(v.astype(int).tolist())
        gap = [lv for lv in range(top + 1) if lv not in seen]
        if gap:
            raise QCAInputError(f"multi-value condition {col!r}: level {gap[0]} does not occur (values "
                                f"{', '.join(map(str, sorted(seen)))}); levels must be 0 to max with every "
                                "level observed (recode the column; R stops: possibly uncalibrated)")
        if top == 0:
            raise QCAInputError(f"multi-value condition {col!r} is constant (0 in every case)")
        out[col] = top + 1
    return out


def split_outcome_levels(name: str) -> tuple[str, tuple[int, ...] | None]:
    """``"Y"`` -> ``("Y", None)``; ``"Y[1,2]"`` -> ``("Y", (1, 2))`` (a multi-value outcome)."""
    if "[" not in name and "]" not in name:
        return name, None
    col, negated, values = parse_literal(name, "outcome")
    if negated or values is None:
        raise QCAInputError(f"outcome {name!r}: write a multi-value outcome as Y[1] or Y[1,2]")
    return col, values


def multi_value_names(multi_value, conds: Sequence[str], outcome: str | None) -> list[str]:
    """The declared multi-value columns (a list or a comma-separated string), each checked to be a
    condition; an outcome written ``Y[v]`` (``outcome`` given) is added: its levels are read too.

    >>> multi_value_names("DEV", ["DEV", "URB"], None), multi_value_names(None, ["A"], "Y")
    (['DEV'], ['Y'])
    """
    if multi_value is None:
        names = []
    elif isinstance(multi_value, str):
        names = [c.strip() for c in multi_value.split(",") if c.strip()]
    else:
        names = [str(c) for c in multi_value]
    allowed = [*conds] + ([outcome] if outcome is not None else [])
    for c in names:
        if c not in allowed:
            raise QCAInputError(f"multi_value: {c!r} is not one of the conditions{suggest(c, allowed)}")
    if outcome is not None and outcome not in names:
        names.append(outcome)  # Y[v] reads the outcome's levels
    return list(dict.fromkeys(names))


def total_rows(levels: Sequence[int]) -> int:
    return int(np.prod([int(v) for v in levels], dtype=np.int64)) if len(levels) else 1


def _weights(levels: Sequence[int]) -> np.ndarray:
    w = np.ones(len(levels), dtype=np.int64)
    for j in range(len(levels) - 2, -1, -1):
        w[j] = w[j + 1] * levels[j + 1]
    return w


def mv_codes(digits: np.ndarray, levels: Sequence[int]) -> np.ndarray:
    """0-based row codes of configurations (cases x conditions of levels)."""
    return np.asarray(digits, dtype=np.int64) @ _weights(levels)


def mv_digits(codes: np.ndarray, levels: Sequence[int]) -> np.ndarray:
    """Levels of each condition for 0-based row ``codes`` (rows x conditions).

    >>> mv_digits(np.array([0, 5, 23]), (3, 2, 2, 2)).tolist()
    [[0, 0, 0, 0], [0, 1, 0, 1], [2, 1, 1, 1]]
    """
    codes = np.asarray(codes, dtype=np.int64)
    w = _weights(levels)
    return (codes[:, None] // w) % np.asarray(levels, dtype=np.int64)


def literal_tables(x: np.ndarray, levels: Sequence[int]) -> list[np.ndarray]:
    """Per condition, each case's membership in each of its levels (cases x levels)."""
    return [np.column_stack([literal_membership(x[:, j], Level(v, L)) for v in range(L)])
            for j, L in enumerate(levels)]


def mv_consistency(x: np.ndarray, y: np.ndarray, levels: Sequence[int], observed: np.ndarray):
    """``incl`` and ``PRI`` of the configurations ``observed``.

    A configuration's membership is the minimum over its literals; the sums are those of
    :mod:`fsqca.measures`, over all cases.
    """
    from . import measures

    tables = literal_tables(x, levels)
    digits = mv_digits(observed, levels)
    X = np.full((len(x), len(observed)), np.inf)
    for j, table in enumerate(tables):
        np.minimum(X, table[:, digits[:, j]], out=X)
    both = np.minimum(X, y[:, None])
    sums = X.sum(axis=0), both.sum(axis=0), np.minimum(both, 1.0 - y[:, None]).sum(axis=0)
    return np.atleast_1d(measures._ratio(sums[1], sums[0])), np.atleast_1d(measures._pri_from_sums(*sums))


def case_digits(x: np.ndarray, levels: Sequence[int]) -> np.ndarray:
    """Each case's configuration: its level of a multi-value condition, ``x > 0.5`` of a two-level one."""
    return np.column_stack([x[:, j] if L > 2 else (x[:, j] > 0.5) for j, L in enumerate(levels)]).astype(np.int64)


def own_membership(x: np.ndarray, levels: Sequence[int]) -> np.ndarray:
    """Each case's membership in its own configuration (1 on multi-value conditions)."""
    parts = [np.ones(len(x)) if L > 2 else np.maximum(x[:, j], 1.0 - x[:, j]) for j, L in enumerate(levels)]
    return np.minimum.reduce(parts) if parts else np.empty(0)


# ---- minimisation ---------------------------------------------------------------------
def _lift(flags: np.ndarray, levels: Sequence[int]) -> np.ndarray:
    """For every term of the lifted cube (index ``L_j`` = don't care), whether any row it covers is flagged."""
    k = len(levels)
    out = np.zeros(tuple(L + 1 for L in levels), dtype=bool)
    out[tuple(slice(0, L) for L in levels)] = flags.reshape(tuple(levels))
    for axis in range(k):
        head = tuple(slice(None) for _ in range(axis))
        tail = tuple(slice(0, L) for L in levels[axis + 1:])
        np.logical_or.reduce(out[head + (slice(0, levels[axis]),) + tail], axis=axis, keepdims=True,
                             out=out[head + (slice(levels[axis], levels[axis] + 1),) + tail])
    return out


def mv_prime_implicants(positive: np.ndarray, forbidden: np.ndarray, levels: Sequence[int]) -> np.ndarray:
    """Prime implicants of the ``positive`` rows that cover no ``forbidden`` row (0-based codes).

    Returns their digits (implicants x conditions; ``L_j`` = condition ``j`` absent from the
    term), sorted by number of literals and then by position in the lifted cube.

    >>> mv_prime_implicants(np.array([4, 5]), np.array([0, 1]), (3, 2)).tolist()
    [[2, 2]]
    """
    levels = tuple(int(v) for v in levels)
    pos, bad = row_flags(positive, forbidden, total_rows(levels))
    has_bad = _lift(bad, levels)
    prime = _lift(pos, levels) & ~has_bad
    for axis, L in enumerate(levels):
        head, tail = (slice(None),) * axis, (slice(None),) * (len(levels) - axis - 1)
        # a fixed level is prime only if dropping the literal (don't care) would cover a forbidden row
        prime[head + (slice(0, L),) + tail] &= has_bad[head + (slice(L, L + 1),) + tail]
    flat = np.flatnonzero(prime.ravel())
    digits = mv_digits(flat, tuple(L + 1 for L in levels))
    nlits = (digits != np.asarray(levels)).sum(axis=1)
    return digits[np.lexsort((flat, nlits))]


def mv_covers(implicants: np.ndarray, rows: np.ndarray, levels: Sequence[int]) -> np.ndarray:
    """Which of the 0-based ``rows`` each implicant (digits) covers (implicants x rows)."""
    row_digits = mv_digits(rows, levels)
    free = implicants == np.asarray(levels)
    return ((implicants[:, None, :] == row_digits[None, :, :]) | free[:, None, :]).all(axis=2)


def mv_term(digits: Sequence[int], conditions: Sequence[str], levels: Sequence[int]) -> Term:
    """A term from implicant digits (``L_j`` = absent), its values :class:`~fsqca.expression.Level` s."""
    return tuple((c, Level(int(d), L)) for c, d, L in zip(conditions, digits, levels) if d != L)


def term_rows(term: Term, conditions: Sequence[str], levels: Sequence[int]) -> np.ndarray:
    """0-based codes of the rows a term covers (a product of one level or all levels per condition)."""
    at = {c: int(v) for c, v in term}
    unknown = [c for c in at if c not in conditions]
    if unknown:
        raise QCAInputError(f"unknown condition {unknown[0]!r} in term")
    axes = [np.array([at[c]]) if c in at else np.arange(L) for c, L in zip(conditions, levels)]
    grid = np.stack([a.ravel() for a in np.meshgrid(*axes, indexing="ij")], axis=1) if axes else np.zeros((1, 0))
    return mv_codes(grid, levels)


def levels_of(conditions: Sequence[str], levels: Sequence[int]) -> Mapping[str, int]:
    return dict(zip(conditions, (int(v) for v in levels)))
