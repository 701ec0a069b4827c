"""Array kernels shared by the in-memory, Dask and raster paths.

Factors are coded once into the smallest unsigned integer type that holds their strata (a
column already holding 0..L-1 is used as it is, without a copy).  A cross of factors is the
mixed-radix code ``code_a * k_b + code_b`` computed chunk by chunk, so no row-length integer
array of the cross is ever materialised; each chunk is counted with :func:`numpy.bincount`.
"""

from __future__ import annotations

import threading

import numpy as np
import pandas as pd

#: Rows per chunk: the chunk's codes and outcome values stay in the CPU cache.
CHUNK = 1 << 15


_SCRATCH = threading.local()


def scratch(dtype, size: int, slot: int = 0) -> np.ndarray:
    """A reused per-thread buffer of at least ``size`` elements.

    Allocating fresh chunk-sized arrays costs page faults, badly so in Dask workers, whose
    allocator returns freed memory to the system at once.
    """
    key = (np.dtype(dtype).str, slot)
    pool = _SCRATCH.__dict__.setdefault("pool", {})
    buf = pool.get(key)
    if buf is None or buf.shape[0] < size:
        buf = pool[key] = np.empty(max(int(size), CHUNK), dtype=dtype)
    return buf


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
            buf = scratch(np.intp, min(n, CHUNK))
            for sl in row_chunks(n):
                part = _shifted(values, sl, lo, buf)
                present |= np.bincount(part, minlength=width) > 0
            uniques = np.flatnonzero(present) + lo
            if lo == 0 and present.all():
                return values, uniques.astype(values.dtype)
            lut = (np.cumsum(present) - 1).astype(code_dtype(uniques.size))
            codes = np.empty(n, dtype=lut.dtype)
            for sl in row_chunks(n):
                codes[sl] = lut[_shifted(values, sl, lo, buf)]
            return codes, uniques.astype(values.dtype)
    codes, uniques = pd.factorize(values, sort=True)
    uniques = np.asarray(uniques)
    return codes.astype(code_dtype(max(uniques.size, 1))), uniques


def _shifted(values, sl, lo, buf) -> np.ndarray:
    out = buf[: sl.stop - sl.start]
    np.copyto(out, values[sl], casting="unsafe")
    if lo:
        out -= lo
    return out


def flat_codes(code_list, sizes, sl, buf=None) -> np.ndarray:
    """Mixed-radix cell numbers of the rows in ``sl`` (an ``intp`` array of the chunk),
    written into ``buf`` when given."""
    if buf is None:
        buf = np.empty(sl.stop - sl.start, dtype=np.intp)
    out = buf[: sl.stop - sl.start]
    np.copyto(out, code_list[0][sl], casting="unsafe")
    for codes, size in zip(code_list[1:], sizes[1:]):
        out *= int(size)
        np.add(out, codes[sl], out=out, casting="unsafe")
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
    step = _step(total, n)
    buf = scratch(np.intp, min(step, n))
    for sl in row_chunks(n, step):
        flat = flat_codes(code_list, sizes, sl, buf)
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
    step = _step(total, n)
    buf = scratch(np.intp, min(step, n))
    dbuf = scratch(np.float64, min(step, n), slot=1)
    for sl in row_chunks(n, step):
        flat = flat_codes(code_list, sizes, sl, buf)
        dev = dbuf[: flat.shape[0]]
        np.take(means, flat, out=dev)
        np.subtract(yc[sl], dev, out=dev)
        np.multiply(dev, dev, out=dev)
        wss += np.bincount(flat, weights=dev, minlength=total)
        np.minimum.at(lo, flat, raw[sl])
        np.maximum.at(hi, flat, raw[sl])
    return wss, lo, hi
