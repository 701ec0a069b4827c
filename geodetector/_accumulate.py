"""Array kernels shared by the in-memory, Dask and raster paths.

Factors are coded once into the smallest unsigned integer type that holds their strata (a
column already holding 0..L-1 is used as it is, without a copy).  A cross of factors is the
mixed-radix code ``code_a * k_b + code_b`` computed chunk by chunk, so no row-length integer
array of the cross is ever materialised; each chunk is counted with :func:`numpy.bincount`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Rows per chunk: the chunk's codes and outcome values stay in the CPU cache.
CHUNK = 1 << 17


def row_chunks(n: int, step: int = CHUNK):
    """Slices covering ``range(n)`` in steps of ``step`` rows."""
    step = max(int(step), 1)
    for start in range(0, n, step):
        yield slice(start, min(start + step, n))


def code_dtype(n_labels: int):
    """Smallest unsigned integer type for codes ``0..n_labels-1``."""
    for dt in (np.uint8, np.uint16, np.uint32):
        if n_labels <= np.iinfo(dt).max + 1:
            return dt
    return np.uint64


def factorize(values: np.ndarray):
    """Codes ``0..L-1`` in the order of the sorted distinct values, and those values.

    Integer columns with a dense range are coded through a presence map (no hashing, no
    row-length temporary); a column that already holds ``0..L-1`` is returned as its own codes.

    Examples
    --------
    >>> codes, uniques = factorize(np.array([7, 3, 7, 9], dtype=np.int8))
    >>> codes.tolist(), codes.dtype.name, uniques.tolist()
    ([1, 0, 1, 2], 'uint8', [3, 7, 9])
    """
    n = values.shape[0]
    if values.dtype.kind in "iu" and n:
        lo, hi = int(values.min()), int(values.max())
        width = hi - lo + 1
        if width < 4 * n + 1024:
            present = np.zeros(width, dtype=bool)
            for sl in row_chunks(n):
                part = values[sl].astype(np.intp)
                if lo:
                    part -= lo
                present |= np.bincount(part, minlength=width) > 0
            uniques = np.flatnonzero(present) + lo
            if lo == 0 and present.all():
                return values, uniques.astype(values.dtype)
            lut = (np.cumsum(present) - 1).astype(code_dtype(uniques.size))
            codes = np.empty(n, dtype=lut.dtype)
            for sl in row_chunks(n):
                part = values[sl].astype(np.intp)
                if lo:
                    part -= lo
                codes[sl] = lut[part]
            return codes, uniques.astype(values.dtype)
    codes, uniques = pd.factorize(values, sort=True)
    uniques = np.asarray(uniques)
    return codes.astype(code_dtype(max(uniques.size, 1))), uniques


def flat_codes(code_list, sizes, sl) -> np.ndarray:
    """Mixed-radix cell numbers of the rows in ``sl`` (an ``intp`` array of the chunk)."""
    out = code_list[0][sl].astype(np.intp)
    for codes, size in zip(code_list[1:], sizes[1:]):
        out *= int(size)
        out += codes[sl]
    return out


def _step(total: int, n: int) -> int:
    # Chunking pays while the per-chunk result arrays are small next to the chunk.
    return CHUNK if total <= CHUNK // 4 else max(n, 1)


def cell_sums(code_list, sizes, yc: np.ndarray):
    """Row count and sum of ``yc`` of every cell of the cross (dense, empty cells included)."""
    total = int(np.prod([int(s) for s in sizes], dtype=object))
    n = yc.shape[0]
    counts = np.zeros(total, dtype=np.int64)
    sums = np.zeros(total)
    for sl in row_chunks(n, _step(total, n)):
        flat = flat_codes(code_list, sizes, sl)
        counts += np.bincount(flat, minlength=total)
        sums += np.bincount(flat, weights=yc[sl], minlength=total)
    return counts, sums


def cell_spread(code_list, sizes, yc: np.ndarray, means: np.ndarray, raw=None):
    """Within sums of squares about ``means`` (per cell) and per-cell minimum and maximum.

    The minimum and maximum are of ``raw`` when given (exact ties), else of ``yc``.
    """
    total = means.shape[0]
    n = yc.shape[0]
    raw = yc if raw is None else raw
    wss = np.zeros(total)
    lo = np.full(total, np.inf)
    hi = np.full(total, -np.inf)
    for sl in row_chunks(n, _step(total, n)):
        flat = flat_codes(code_list, sizes, sl)
        dev = yc[sl] - means[flat]
        wss += np.bincount(flat, weights=dev * dev, minlength=total)
        np.minimum.at(lo, flat, raw[sl])
        np.maximum.at(hi, flat, raw[sl])
    return wss, lo, hi
