"""The arithmetic of a truth table's rows: each case's configuration, and every observed
configuration's membership sums (for ``incl`` and ``PRI``, see :mod:`fsqca.truthtable`).

A case's membership in a configuration is the minimum over the conditions of ``x`` or
``1 - x``; the conditions are split into two halves, each with a table of every case's
membership in every pattern of that half, so that a configuration costs two lookups and one
minimum per case.
"""
from __future__ import annotations

import numpy as np

from . import measures

__all__ = ["config_memberships"]


def _consistency(x: np.ndarray, y: np.ndarray, observed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``incl`` and ``PRI`` of every configuration in ``observed`` (see :mod:`fsqca.measures`).

    Memberships come from the two half tables of :func:`config_memberships`, laid out
    configurations x cases and reduced a few configurations at a time in reused buffers of
    about 128 KB: whole (cases x configurations) temporaries cost more in memory traffic than
    the arithmetic (at 256 KB per buffer the five of them took 1.6 times as long at n = 2000
    on a 2-core machine). Each sum runs over the cases of one configuration in case order (numpy's
    pairwise summation), as the measures compute it.
    """
    n, k = x.shape
    high = k // 2
    low = k - high
    literals = np.concatenate([1.0 - x.T, x.T])  # literal (condition j, value v) at v * k + j, x cases
    high_table = _half_table(literals, 0, high, k)  # patterns x cases
    low_table = _half_table(literals, high, low, k)
    step = max(1, min(len(observed), (1 << 14) // max(n, 1)))
    buf = np.empty((5, step, n))
    not_y = 1.0 - y
    sums = np.empty((3, len(observed)))  # sum(X), sum(min(X, Y)), sum(min(X, Y, 1 - Y))
    for at in range(0, len(observed), step):
        codes = observed[at:at + step]
        m = len(codes)
        hi, lo, X, both, overlap = buf[0, :m], buf[1, :m], buf[2, :m], buf[3, :m], buf[4, :m]
        np.take(high_table, codes >> low, axis=0, out=hi)
        np.take(low_table, codes & ((1 << low) - 1), axis=0, out=lo)
        np.minimum(hi, lo, out=X)
        np.minimum(X, y, out=both)
        np.minimum(both, not_y, out=overlap)
        np.add.reduce(buf[2:, :m], axis=2, out=sums[:, at:at + m])  # X, both, overlap: a row at a time
    return measures._ratio(sums[1], sums[0]), measures._pri_from_sums(*sums)


def _distinct(codes: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(codes, return_inverse=True)`` of row codes below ``2**k``: by counting when
    the ``2**k`` rows are few (no sort), else by sorting."""
    if k > 12:
        return np.unique(codes, return_inverse=True)
    observed = np.flatnonzero(np.bincount(codes, minlength=1 << k))
    position = np.empty(1 << k, dtype=np.intp)
    position[observed] = np.arange(len(observed))
    return observed.astype(codes.dtype, copy=False), position[codes]


def _half_table(literals: np.ndarray, first: int, m: int, k: int) -> np.ndarray:
    """(2**m, cases) memberships in every pattern of conditions ``first .. first + m - 1``
    (the first most significant): the minimum of each pattern's literals, as
    :func:`_pattern_memberships` takes it (minima are exact)."""
    bits = (np.arange(1 << m)[:, None] >> np.arange(m - 1, -1, -1)) & 1  # patterns x conditions
    index = bits * k + np.arange(first, first + m)
    if m == 0:
        return np.full((1, literals.shape[1]), np.inf)
    return np.minimum.reduce(literals[index], axis=1)


def _row_codes(x: np.ndarray) -> np.ndarray:
    k = x.shape[1]
    weights = 1 << np.arange(k - 1, -1, -1, dtype=np.int64)
    return (x > 0.5).astype(np.int64) @ weights


def config_memberships(x: np.ndarray, codes: np.ndarray, chunk: int | None = None) -> np.ndarray:
    """Membership of every case (rows of ``x``) in every configuration in ``codes``.

    Returns an array of shape (cases, len(codes)). The conditions are split into two halves;
    for each half a table holds every case's membership in every pattern of that half (the
    minimum of its literals, built one condition at a time: ``2**(k/2)`` columns, 1,024 at
    k = 20), and a configuration's membership is the smaller of its two halves' entries. The
    values are the same minima as literal by literal, so bit-identical, at two lookups per
    case and configuration instead of ``k`` passes. (``chunk`` is accepted for compatibility
    and ignored.)

    >>> x = np.array([[0.9, 0.2, 0.6], [0.3, 0.8, 0.1]])
    >>> config_memberships(x, np.array([0b101, 0b010])).round(3).tolist()
    [[0.6, 0.1], [0.1, 0.7]]
    """
    return _HalfTables(x)(codes)


class _HalfTables:
    """The two half tables of :func:`config_memberships`, built once for many configurations."""

    def __init__(self, x: np.ndarray):
        high = x.shape[1] // 2
        self.low = x.shape[1] - high
        self.high_table = _pattern_memberships(x[:, :high])
        self.low_table = _pattern_memberships(x[:, high:])

    def __call__(self, codes) -> np.ndarray:
        codes = np.asarray(codes, dtype=np.int64)
        return np.minimum(self.high_table[:, codes >> self.low], self.low_table[:, codes & ((1 << self.low) - 1)])


def _pattern_memberships(x: np.ndarray) -> np.ndarray:
    """(cases, 2**m) memberships in every pattern of the ``m`` columns of ``x`` (first = most significant)."""
    table = np.full((len(x), 1), np.inf)
    for j in range(x.shape[1]):
        grown = np.empty((len(x), 2 * table.shape[1]))
        grown[:, 0::2] = np.minimum(table, 1.0 - x[:, j:j + 1])  # pattern bit 0: condition absent
        grown[:, 1::2] = np.minimum(table, x[:, j:j + 1])
        table = grown
    return table
