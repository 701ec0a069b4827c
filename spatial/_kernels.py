"""Compiled inner loop of the conditional permutation test of local Moran (numba).

Millions of draws (3,000 cases x 9,999 permutations x several variables) are counted as they are
made instead of stored; the counts then go through the one p-value rule of
:mod:`libdigigov.significance`.
"""
from __future__ import annotations

import numpy as np
from numba import njit, prange


@njit(cache=True, nogil=True, parallel=True)
def conditional_lag_counts(z, indptr, wdata, draws, observed, tol):  # pragma: no cover - compiled
    """For every case i and variable v: how many of the draws give a lag ``sum_j w_ij z_r(j)``
    at or above (``ge``) and at or below (``le``) the observed lag, within ``tol[v]``.

    ``draws`` (permutations x max neighbours) holds indices into the other n - 1 cases: an
    index ``r >= i`` stands for case ``r + 1``, so case i never draws itself; the same rows of
    draws serve every case (esda's shared random draws).
    """
    n, nv = z.shape
    nperm = draws.shape[0]
    ge = np.zeros((n, nv), dtype=np.int64)
    le = np.zeros((n, nv), dtype=np.int64)
    for i in prange(n):  # cases are independent: one thread per block of cases
        s = np.empty(nv)
        start = indptr[i]
        k = indptr[i + 1] - start
        if k == 0:
            continue
        for p in range(nperm):
            for v in range(nv):
                s[v] = 0.0
            for j in range(k):
                r = draws[p, j]
                if r >= i:
                    r += 1
                wj = wdata[start + j]
                for v in range(nv):
                    s[v] += wj * z[r, v]
            for v in range(nv):
                if s[v] >= observed[i, v] - tol[v]:
                    ge[i, v] += 1
                if s[v] <= observed[i, v] + tol[v]:
                    le[i, v] += 1
    return ge, le


def draws_without_replacement(rng, rows: int, pool: int, k: int) -> np.ndarray:
    """``rows`` x ``k`` indices, each row ``k`` distinct values of ``range(pool)``.

    Few picks from a large pool: draw with replacement and redraw the rows that repeat a value
    (cheap, exact); many picks: the first ``k`` of a full permutation of each row.

    >>> d = draws_without_replacement(np.random.default_rng(1), 100, 10, 9)
    >>> all(len(set(r)) == 9 for r in d.tolist())
    True
    """
    if k == 0:
        return np.zeros((rows, 0), dtype=np.int64)
    if k * 4 > pool:
        return rng.permuted(np.broadcast_to(np.arange(pool, dtype=np.int64), (rows, pool)), axis=1)[:, :k].copy()
    d = rng.integers(0, pool, size=(rows, k), dtype=np.int64)
    while True:
        s = np.sort(d, axis=1)
        bad = (s[:, 1:] == s[:, :-1]).any(axis=1)
        if not bad.any():
            return d
        d[bad] = rng.integers(0, pool, size=(int(bad.sum()), k), dtype=np.int64)
