"""Dask DataFrames (and rasters): the same aggregates in one pass over each partition.

Each partition is coded locally and reduced with :func:`numpy.bincount` to per-cell counts,
sums (and, when asked, within sums of squares, minima and maxima) of its outcome centred on the
partition's own mean, for every factor and every cross requested, in one task.  Only these
small tables travel; the client merges them (exact pooled sums of squares, Chan et al. 1979)
and maps each partition's local codes to the global sorted strata.  Validation (dtypes, missing
values) runs inside the same pass, so the data are read once per detector call.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._accumulate import cell_spread, cell_sums, code_dtype, factorize
from ._core import CONTINUOUS_MAX_STRATA, Strata, _rows, factor_names
from .errors import (
    ContinuousFactorError,
    GeodetectorError,
    MissingValueError,
    NoDataError,
    NonNumericError,
    PartitionDtypeError,
    SingleStratumError,
)
from .progress import Progress, dask_progress_requested

#: Partition results merged on the client at a time (bounds the client's memory).
MERGE_BATCH = 32


class DaskSource:
    """Aggregates of a Dask DataFrame, fetched in bulk through :meth:`prefetch`.

    ``where`` names the data in messages (e.g. the raster files) and ``after`` says what was
    done to them before (e.g. ``"after masking nodata"``).
    """

    def __init__(self, data, y, factors, *, check_continuous: bool = True,
                 where: str = "", after: str = ""):
        factors = factor_names(data.columns, y, factors)
        ydt = data[y].dtype
        if not (pd.api.types.is_numeric_dtype(ydt) or pd.api.types.is_bool_dtype(ydt)):
            raise NonNumericError(f"outcome column {y!r} must be numeric (dtype {ydt})")
        self.y, self.factors = y, factors
        self.frame = data[[y, *factors]]
        self.dtypes = {c: str(self.frame[c].dtype) for c in [y, *factors]}
        self.check_continuous = check_continuous
        self.where, self.after = where, after
        self._cache: dict = {}
        self._n = None

    @property
    def n(self) -> int:
        if self._n is None:
            self.prefetch([(f,) for f in self.factors])
        return self._n

    def strata(self, names: tuple, full: bool = True) -> Strata:
        names = tuple(names)
        hit = self._cache.get(names)
        if hit is None or (full and hit.wss is None):
            self.prefetch([names], full=full)
        return self._cache[names]

    def prefetch(self, names_list, full: bool = False) -> None:
        """Compute the aggregates of every (crossed) factor in ``names_list`` in one pass.

        Single factors not yet known are always added (their checks must pass first); when
        one of them is wanted with sums of squares, all of them are.
        """
        want = {}
        for names in names_list:
            names = tuple(names)
            hit = self._cache.get(names)
            if hit is None or (full and hit.wss is None):
                want[names] = full
        singles_full = any(f and len(k) == 1 for k, f in want.items())
        for f in self.factors:
            hit = self._cache.get((f,))
            if hit is None or (singles_full and hit.wss is None):
                want[(f,)] = want.get((f,), False) or singles_full
        if not want:
            return
        combos = list(want)
        index = {f: i for i, f in enumerate(self.factors)}
        spec = [(tuple(index[f] for f in names), want[names]) for names in combos]
        merger = _Merger(len(self.factors), spec)
        for result in _run(self.frame, self.y, self.factors, self.dtypes, spec):
            merger.add(result)
        self._n = merger.n
        if self._n == 0:
            raise NoDataError(f"no row has data in the outcome and every factor{self._in()}")
        if self._n < 2:
            raise GeodetectorError(f"need at least 2 rows{self._in()}, got {self._n}")
        shift, sst = merger.totals()
        if sst <= 0.0:
            raise GeodetectorError(f"outcome {self.y!r} is constant{self._in()}: there is "
                                   f"no heterogeneity to explain")
        labels = [merger.sorted_values(j) for j in range(len(self.factors))]
        for (idx, _), names in zip(spec, combos):
            if len(idx) == 1:
                self._check(names[0], labels[idx[0]])
        for k, names in enumerate(combos):
            self._cache[names] = merger.strata(k, " ∩ ".join(names), labels, shift, sst)

    def _in(self) -> str:
        return (f" in {self.where}" if self.where else "") + (f" {self.after}" if self.after
                                                             else "")

    def _check(self, name, values):
        if len(values) < 2:
            raise SingleStratumError(
                f"factor {name!r} has a single stratum ({_label(values[0]) if len(values) else 'none'!r})"
                f"{self._in()}; a factor needs at least two strata")
        if not self.check_continuous:
            return
        arr = np.asarray(values)
        looks_float = (arr.dtype.kind == "f" and arr.shape[0] > CONTINUOUS_MAX_STRATA
                       and np.any(arr != np.round(arr)))
        if looks_float or arr.shape[0] > self._n / 2:
            raise ContinuousFactorError(
                f"factor {name!r} looks continuous ({arr.shape[0]} strata in {self._n} "
                f"rows){self._in()}; discretise it first with geodetector.discretize")


# ---------------------------------------------------------------------------------------------
# the pass over the partitions


def _run(frame, y, factors, dtypes, spec):
    """Yield the statistics of every partition (as they complete, with a distributed client)."""
    import dask

    parts = frame.to_delayed()
    task = dask.delayed(partition_stats, pure=False)
    tasks = [task(p, i, y, factors, dtypes, spec) for i, p in enumerate(parts)]
    bar = Progress(len(tasks), "partitions", True if dask_progress_requested() else None)
    client = _client()
    if client is not None:
        from distributed import as_completed

        futures = client.compute(tasks)
        try:
            for fut in as_completed(futures):
                yield fut.result()
                fut.release()
                bar.step()
        finally:
            client.cancel(futures)
    else:
        step = 4 * MERGE_BATCH
        for start in range(0, len(tasks), step):
            batch = tasks[start:start + step]
            yield from dask.compute(*batch)
            bar.step(len(batch))
    bar.close()


def _client():
    try:
        from distributed import get_client
    except ImportError:  # pragma: no cover - dask without distributed
        return None
    try:
        return get_client()
    except ValueError:
        return None


def partition_stats(part: pd.DataFrame, index: int, y, factors, dtypes, spec) -> dict:
    """Statistics of one partition; validates its dtypes and missing values first."""
    for col in [y, *factors]:
        if str(part[col].dtype) != dtypes[col]:
            raise PartitionDtypeError(
                f"partition {index}: column {col!r} has dtype {part[col].dtype}, but the "
                f"frame's metadata says {dtypes[col]} (its partitions disagree); cast the "
                f"column to one dtype first, e.g. ddf[{col!r}].astype({dtypes[col]!r})")
    yv = part[y].to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isfinite(yv)
    if bad.any():
        raise MissingValueError(
            f"outcome column {y!r} has {int(bad.sum())} missing or infinite value(s) in "
            f"partition {index} (row(s) {_rows(part.index, bad)}); drop or impute them first")
    codes, uniques = [], []
    for f in factors:
        col = part[f]
        na = col.isna().to_numpy()
        if na.any():
            raise MissingValueError(
                f"factor {f!r} has {int(na.sum())} missing value(s) in partition {index} "
                f"(row(s) {_rows(part.index, na)}); drop those rows or give them their own "
                f"stratum")
        c, u = _encode(col)
        codes.append(c)
        uniques.append(u)
    return array_stats(yv, codes, uniques, spec)


def _encode(col: pd.Series):
    if pd.api.types.is_integer_dtype(col) and not pd.api.types.is_bool_dtype(col):
        values = col.to_numpy()
        if values.dtype.kind not in "iu":
            values = col.to_numpy(dtype=np.int64)
        return factorize(values)
    c, u = pd.factorize(col, sort=True)
    u = np.asarray(u)
    return c.astype(code_dtype(max(u.size, 1))), u


def array_stats(yv: np.ndarray, codes, uniques, spec) -> dict:
    """Per-cell statistics of ``yv`` for every combination in ``spec``.

    ``spec`` lists ``(factor indices, full)``; cells are numbered in the mixed radix of the
    local strata counts.  ``yv`` is centred on its own mean first.
    """
    n = int(yv.shape[0])
    if n == 0:
        return {"n": 0}
    m = float(yv.mean())
    yc = yv - m
    s = float(yc.sum())
    out = {"n": n, "m": m, "s": s, "m2": float(np.dot(yc, yc)),
           "uniques": uniques, "cells": []}
    for idx, full in spec:
        code_list = [codes[i] for i in idx]
        sizes = [int(uniques[i].shape[0]) for i in idx]
        total = int(np.prod(sizes, dtype=object))
        keys = None
        if total > 8 * n + 1024:  # too many cells to count densely: number the present ones
            flat = np.zeros(n, dtype=np.int64)
            for c, size in zip(code_list, sizes):
                flat *= size
                flat += c
            keys, inverse = np.unique(flat, return_inverse=True)
            code_list, sizes = [inverse.astype(code_dtype(keys.size))], [keys.size]
        counts, sums = cell_sums(code_list, sizes, yc)
        present = np.flatnonzero(counts)
        rec = {"cells": present if keys is None else keys,
               "counts": counts[present], "sums": sums[present]}
        if full:
            means = np.divide(sums, counts, out=np.zeros_like(sums), where=counts > 0)
            wss, lo, hi = cell_spread(code_list, sizes, yc, means, raw=yv)
            rec.update(wss=wss[present], lo=lo[present], hi=hi[present])
        out["cells"].append(rec)
    return out


# ---------------------------------------------------------------------------------------------
# merging on the client


class _Merger:
    """Accumulates partition statistics, keyed by the global ids of each factor's values."""

    def __init__(self, n_factors: int, spec):
        self.spec = spec
        self.registry = [dict() for _ in range(n_factors)]
        self.ref = None  # common reference of the partial sums
        self.parts = []  # (n, sum about ref, M2 about the partition mean)
        self.pending = [[] for _ in spec]
        self.acc = [None for _ in spec]

    @property
    def n(self) -> int:
        return int(sum(p[0] for p in self.parts))

    def add(self, r: dict) -> None:
        if r["n"] == 0:
            return
        if self.ref is None:
            self.ref = r["m"]
        n, d = r["n"], r["m"] - self.ref
        self.parts.append((n, r["s"] + n * d, r["m2"] - r["s"] * r["s"] / n))
        maps = [self._ids(j, u) for j, u in enumerate(r["uniques"])]
        for k, (idx, full) in enumerate(self.spec):
            rec = r["cells"][k]
            sizes = [r["uniques"][i].shape[0] for i in idx]
            local = np.unravel_index(rec["cells"], sizes)
            ids = np.stack([maps[i][loc] for i, loc in zip(idx, local)], axis=1)
            item = [ids, rec["counts"], rec["sums"] + rec["counts"] * d]
            if full:
                item += [rec["wss"], rec["lo"], rec["hi"]]
            self.pending[k].append(item)
            if len(self.pending[k]) >= MERGE_BATCH:
                self._reduce(k)

    def _ids(self, j, uniques) -> np.ndarray:
        reg = self.registry[j]
        return np.array([reg.setdefault(v, len(reg)) for v in uniques.tolist()], dtype=np.int64)

    def _reduce(self, k) -> None:
        items = self.pending[k] + ([self.acc[k]] if self.acc[k] is not None else [])
        self.pending[k] = []
        cols = list(zip(*items))
        keys = np.concatenate(cols[0])
        counts = np.concatenate(cols[1])
        sums = np.concatenate(cols[2])
        uniq, inv = np.unique(keys, axis=0, return_inverse=True)
        inv = inv.reshape(-1)
        c = np.bincount(inv, weights=counts, minlength=uniq.shape[0])
        s = np.bincount(inv, weights=sums, minlength=uniq.shape[0])
        out = [uniq, c, s]
        if len(cols) > 3:
            wss = np.concatenate(cols[3])
            gap = sums / counts - (s / c)[inv]  # exact pooling of the within sums of squares
            w = np.bincount(inv, weights=wss + counts * gap * gap, minlength=uniq.shape[0])
            lo = np.full(uniq.shape[0], np.inf)
            hi = np.full(uniq.shape[0], -np.inf)
            np.minimum.at(lo, inv, np.concatenate(cols[4]))
            np.maximum.at(hi, inv, np.concatenate(cols[5]))
            out += [w, lo, hi]
        self.acc[k] = out

    def totals(self):
        """The overall mean (the shift) and the total sum of squares about it."""
        n = np.array([p[0] for p in self.parts], dtype=float)
        s = np.array([p[1] for p in self.parts])
        m2 = np.array([p[2] for p in self.parts])
        delta = s.sum() / n.sum()
        gap = s / n - delta
        return self.ref + delta, float(m2.sum() + np.sum(n * gap * gap))

    def sorted_values(self, j) -> list:
        return _sort(list(self.registry[j]))

    def strata(self, k, name, values, shift, sst) -> Strata:
        if self.pending[k] or self.acc[k] is None:
            self._reduce(k)
        keys, counts, sums, *rest = self.acc[k]
        idx, _ = self.spec[k]
        ranks = []
        for col, i in zip(keys.T, idx):
            reg = self.registry[i]
            rank_of = {v: r for r, v in enumerate(values[i])}
            by_id = np.array([rank_of[v] for v in reg], dtype=np.int64)
            ranks.append(by_id[col])
        order = np.lexsort(ranks[::-1])
        ranks = [r[order] for r in ranks]
        text = [np.array([_label(v) for v in values[i]], dtype=object) for i in idx]
        labels = text[0][ranks[0]]
        for t, r in zip(text[1:], ranks[1:]):
            labels = labels + "_" + t[r]
        delta = shift - self.ref
        counts = counts[order]
        sums = sums[order] - counts * delta
        wss = const = None
        if rest:
            w, lo, hi = (a[order] for a in rest)
            const = lo == hi
            wss = np.where(const, 0.0, np.maximum(w, 0.0))
        return Strata(name, labels.astype(str), counts, sums, wss, const, shift, sst)


def _sort(values: list) -> list:
    try:
        return sorted(values)
    except TypeError:  # mixed types: group by type name, then by value
        return sorted(values, key=lambda v: (type(v).__name__, str(v)))


def _label(v) -> str:
    if isinstance(v, (float, np.floating)) and float(v).is_integer():
        return str(int(v))
    return str(v)
