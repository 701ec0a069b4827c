"""Exact prime-implicant generation over the ternary cube.

Every term over ``k`` conditions is a point of ``{0, 1, -}**k`` (absent, present, don't
care). A term is *admissible* when none of the rows it covers is forbidden (for the
parsimonious solution: a negative or contradictory row or an excluded remainder; for the
complex solution: anything that is not a positive row). Admissibility is monotone, so a
prime implicant is an admissible term that covers a positive row and whose every one-literal
relaxation (a digit set to ``-``) is not admissible.

The search is bit-parallel: a boolean array of shape ``(2,)*k`` marking forbidden rows is
lifted to shape ``(3,)*k`` by appending, along each axis in turn, the OR over that axis (the
``-`` digit). One vectorised pass per axis then marks the prime implicants. This is exact,
needs no iteration over complexity levels (unlike Quine-McCluskey or CCubes) and costs
``O(k * 3**k)`` simple array operations: about 43 million flags at ``k = 16``.

When few rows are admissible at all (the complex solution, whose only admissible rows are
the positive ones, and most intermediate charts), merging terms level by level from those
rows (Quine 1955; McCluskey 1956), on sorted integer keys, touches far fewer terms than the
whole cube: :func:`prime_implicants` then takes that route, and falls back to the cube if
the levels grow large. Both routes return the same implicants in the same order.
"""
from __future__ import annotations

import functools

import numpy as np

from ._validate import QCAInputError

__all__ = ["prime_implicants", "lift_to_ternary", "row_flags"]

#: The level-by-level route is tried when at most ``2**k >> SPARSE_SHIFT`` rows are admissible
#: and abandoned when a level exceeds ``SPARSE_MAX_TERMS`` terms.
SPARSE_SHIFT = 4
SPARSE_MAX_TERMS = 2_000_000

#: The cube route holds two ``3**k`` boolean arrays: 387 MB each at k = 18, 3.5 GB at k = 20.
#: Beyond this many conditions only the level route is used (charts with few admissible rows:
#: the complex solution, most intermediate charts), and a chart it cannot handle is an error.
CUBE_MAX_CONDITIONS = 18

#: Up to this many conditions the terms' ``(mask, value)`` pairs and their order are tabulated
#: once per ``k`` (3**10 = 59,049 terms, 1.4 MB) instead of per call.
TERM_TABLE_MAX = 10


def lift_to_ternary(flags: np.ndarray, k: int) -> np.ndarray:
    """For every ternary term, whether any row it covers is flagged.

    ``flags`` has ``2**k`` entries indexed by row code (condition 0 = most significant bit).
    """
    flags = np.asarray(flags, dtype=bool)
    if k == 0:
        return flags.reshape(())
    # One preallocated (3,)*k array filled in place: the "-" digit of each axis in turn is the
    # OR of its 0 and 1 digits (already lifted axes before it, raw rows after it). In-place
    # views avoid the k growing concatenations, about three times faster at k = 16.
    # Each axis is lifted over all digits of the later axes: where a later digit is still "-"
    # the entries are zero and stay zero until that axis fills them from its own 0 and 1 digits,
    # so the result is the same, at one 3-D view per axis instead of k-dimensional slices.
    out = np.zeros((3,) * k, dtype=bool)
    out[(slice(0, 2),) * k] = flags.reshape((2,) * k)
    for axis in range(k):
        view = out.reshape(3 ** axis, 3, 3 ** (k - axis - 1))
        np.logical_or(view[:, 0], view[:, 1], out=view[:, 2])
    return out


def row_flags(positive, forbidden, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Boolean flags over ``size`` rows for the positive and the forbidden row codes (disjoint)."""
    pos = np.zeros(size, dtype=bool)
    pos[np.asarray(positive, dtype=np.int64)] = True
    bad = np.zeros(size, dtype=bool)
    bad[np.asarray(forbidden, dtype=np.int64)] = True
    if np.any(pos & bad):
        raise ValueError("a row cannot be both positive and forbidden")
    return pos, bad


def prime_implicants(positive: np.ndarray, forbidden: np.ndarray, k: int,
                     method: str = "auto") -> tuple[np.ndarray, np.ndarray]:
    """Prime implicants of the positive rows that cover no forbidden row.

    Parameters
    ----------
    positive, forbidden : array of int
        0-based row codes. Rows in neither set are don't cares.
    k : int
        Number of conditions.
    method : {"auto", "cube", "levels"}
        ``"cube"``: the ternary-cube lift; ``"levels"``: level-by-level merging of the
        admissible rows; ``"auto"``: levels when few rows are admissible, else the cube.

    Returns
    -------
    masks, values : arrays of int64
        Each prime implicant as a ``(mask, value)`` pair (bit ``k - 1 - i`` is condition ``i``),
        sorted by number of literals, then by the ternary code.
    """
    size = 1 << k
    pos, bad = row_flags(positive, forbidden, size)
    if not pos.any():
        return np.empty(0, np.int64), np.empty(0, np.int64)
    if method not in ("auto", "cube", "levels"):
        raise ValueError(f"method must be 'auto', 'cube' or 'levels', got {method!r}")
    if method != "cube":
        admissible = np.flatnonzero(~bad)
        too_wide = k > CUBE_MAX_CONDITIONS
        few = len(admissible) <= size >> SPARSE_SHIFT
        found = None
        if method == "levels" or few:
            found = _level_primes(admissible, pos, k, None if method == "levels" else SPARSE_MAX_TERMS)
            if found is not None:
                return found
        if too_wide:
            raise QCAInputError(
                f"{k} conditions: this chart has {len(admissible):,} admissible rows (positive rows and "
                f"remainders), too many to merge level by level, and the exact search over all 3**{k} "
                f"terms would need {2 * 3**k / 1e9:.1f} GB; it handles at most {CUBE_MAX_CONDITIONS} "
                "conditions. Use fewer conditions, exclude remainders, or the complex solution")
    has_bad = lift_to_ternary(bad, k)
    prime = lift_to_ternary(pos, k)
    prime &= ~has_bad
    for axis in range(k):
        shape = (3 ** axis, 3, 3 ** (k - axis - 1))
        prime.reshape(shape)[:, 0:2] &= has_bad.reshape(shape)[:, 2:3]  # views, no copy
    del has_bad
    if k <= TERM_TABLE_MAX:
        masks, values, order = _term_table(k)
        chosen = order[prime.ravel()[order]]  # the primes, already in the order below
        return masks[chosen], values[chosen]
    flat = np.flatnonzero(prime.ravel())
    digits = np.empty((len(flat), k), dtype=np.int64)
    rest = flat.copy()
    for i in range(k - 1, -1, -1):
        digits[:, i] = rest % 3
        rest //= 3
    weights = 1 << np.arange(k - 1, -1, -1, dtype=np.int64)
    masks = (digits != 2).astype(np.int64) @ weights
    values = (digits == 1).astype(np.int64) @ weights
    nlits = (digits != 2).sum(axis=1)
    order = np.lexsort((flat, nlits))
    return masks[order], values[order]


@functools.lru_cache(maxsize=None)
def _term_table(k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every ternary term of ``k`` conditions by its base-3 code: ``(mask, value)``, and the
    codes sorted by number of literals, then code (the order :func:`prime_implicants` returns)."""
    digits = (np.arange(3 ** k)[:, None] // 3 ** np.arange(k - 1, -1, -1)) % 3
    weights = 1 << np.arange(k - 1, -1, -1, dtype=np.int64)
    masks = (digits != 2).astype(np.int64) @ weights
    values = (digits == 1).astype(np.int64) @ weights
    order = np.lexsort((np.arange(3 ** k), (digits != 2).sum(axis=1)))
    for a in (masks, values, order):
        a.flags.writeable = False
    return masks, values, order


def _level_primes(admissible: np.ndarray, pos: np.ndarray, k: int, max_terms: int | None):
    """Prime implicants by merging admissible terms level by level; None past ``max_terms``.

    A term is the key ``mask << k | value``. Two terms of a level merge across bit ``b`` when
    both are admissible and differ only there; every admissible term of the next level arises
    this way, and a term that merges with no partner has no admissible one-literal relaxation,
    i.e. it is prime.
    """
    full = (1 << k) - 1
    keys = (np.int64(full) << k) | admissible.astype(np.int64)
    primes = []
    while len(keys):
        if max_terms is not None and len(keys) > max_terms:
            return None
        masks, values = keys >> k, keys & full
        merged = np.zeros(len(keys), dtype=bool)
        nxt = []
        for b in range(k):
            bit = np.int64(1 << b)
            low = np.flatnonzero((masks & bit != 0) & (values & bit == 0))  # literal b absent
            if not len(low):
                continue
            partner = keys[low] | bit
            at = np.searchsorted(keys, partner)  # keys are sorted
            at[at == len(keys)] = 0
            hit = keys[at] == partner
            merged[low[hit]] = True
            merged[at[hit]] = True
            nxt.append(keys[low[hit]] & ~(bit << k))
        primes.append(keys[~merged])
        if max_terms is not None and sum(map(len, nxt)) > 8 * max_terms:
            return None  # the next level would be far too large: give up before sorting it
        keys = np.unique(np.concatenate(nxt)) if nxt else np.empty(0, np.int64)
    keys = np.concatenate(primes)
    masks, values = keys >> k, keys & full
    rows = np.flatnonzero(pos)
    useful = np.zeros(len(masks), dtype=bool)  # covers a positive row (not only don't cares)
    step = max(1, (1 << 22) // max(len(rows), 1))
    for at in range(0, len(masks), step):
        m, v = masks[at:at + step, None], values[at:at + step, None]
        useful[at:at + step] = ((rows[None, :] & m) == v).any(axis=1)
    masks, values = masks[useful], values[useful]
    # the cube route's order: number of literals, then the base-3 code (digit 2 = don't care)
    digit_weights = 3 ** np.arange(k - 1, -1, -1, dtype=np.int64)
    bits = 1 << np.arange(k - 1, -1, -1, dtype=np.int64)
    has = (masks[:, None] & bits) != 0
    digits = np.where(has, (values[:, None] & bits) != 0, 2).astype(np.int64)
    order = np.lexsort((digits @ digit_weights, has.sum(axis=1)))
    return masks[order], values[order]
