"""Class edges of a continuous variable too large for memory (a Dask Series).

* ``quantile``: exact R type-7 quantiles (not Dask's approximate ``quantile``): a pass for the
  count, minimum and maximum, a pass for a 65,536-bin histogram, then a pass that collects the
  values of the few bins holding the wanted order statistics, which are sorted on the client.
  Bins still too full are refined by further histogram passes.
* ``natural``: Fisher-Jenks natural breaks on a seeded Bernoulli sample of about ``sample``
  values (each partition draws with its own seed derived from ``seed``), the lowest and highest
  edges being the exact minimum and maximum.
* ``equal``: exact, from the minimum and maximum.

The returned :class:`LargeBreaks` says which rule was used in its notes and ``to_dict()``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from libdigigov.results import Result

from .discretize import NATURAL_MAX_EXACT
from .discretize import breaks as _small_breaks
from .errors import GeodetectorError, MissingValueError

METHODS = ("quantile", "natural", "equal")
HIST_BINS = 1 << 16
#: A bin holding more values than this is refined by another histogram pass.
COLLECT_MAX = 2_000_000


@dataclass(frozen=True)
class LargeBreaks(Result):
    """Edges of :func:`large_breaks`: ``edges`` (k + 1 values, min to max) and how they were
    found (``basis``)."""

    variable: str
    method: str
    k: int
    n: int
    edges: tuple
    basis: str
    _title = "Class edges at scale"

    def to_frame(self) -> pd.DataFrame:
        e = list(self.edges)
        return pd.DataFrame({"class": range(1, len(e)), "lower": e[:-1], "upper": e[1:]})

    def _header(self):
        return [f"variable: {self.variable}   method: {self.method}   k: {self.k}   "
                f"values: {self.n}"]

    def _notes(self):
        return [self.basis]

    def _dict(self):
        return {"variable": self.variable, "method": self.method, "k": self.k, "n": self.n,
                "edges": list(self.edges), "basis": self.basis}


def _values(part) -> np.ndarray:
    v = np.asarray(part, dtype=float)
    if not np.isfinite(v).all():
        raise MissingValueError(f"{getattr(part, 'name', 'x')!r} has missing or infinite "
                                f"values; drop or impute them first")
    return v


def _moments(part):
    v = _values(part)
    if v.size == 0:
        return 0, np.inf, -np.inf
    return v.size, float(v.min()), float(v.max())


def _sample(part, index, p, seed):
    v = _values(part)
    rng = np.random.default_rng([seed, index])
    return v[rng.random(v.size) < p]


def _histograms(part, intervals, bins):
    """Per closed interval: count, minimum and maximum of the values in each of ``bins``
    equal-width bins (bin numbers are monotone in the value, so each bin is a run of the
    sorted values)."""
    v = _values(part)
    out = []
    for a, b in intervals:
        w = v[(v >= a) & (v <= b)]
        idx = np.minimum(((w - a) * (bins / (b - a))).astype(np.int64), bins - 1)
        counts = np.bincount(idx, minlength=bins)
        mn = np.full(bins, np.inf)
        mx = np.full(bins, -np.inf)
        np.minimum.at(mn, idx, w)
        np.maximum.at(mx, idx, w)
        out.append((counts, mn, mx))
    return out


def _collect(part, intervals):
    v = _values(part)
    return [v[(v >= a) & (v <= b)] for a, b in intervals]


def _map(series, fn, *args, indexed=False):
    import dask

    parts = series.to_delayed()
    task = dask.delayed(fn, pure=False)
    return dask.compute(*[task(p, i, *args) if indexed else task(p, *args)
                          for i, p in enumerate(parts)])


def order_statistics(series, ranks, lo, hi) -> dict:
    """Exact values at 0-based ``ranks`` of the sorted values of ``series`` (all in [lo, hi]).

    Each rank is tracked as a closed interval of values holding it and the number of values
    below the interval; a histogram pass narrows the interval to one bin's [min, max], and a
    bin small enough is collected and sorted.
    """
    todo = {int(r): (lo, hi, 0) for r in ranks}
    out = {}
    while todo:
        intervals = sorted({(a, b) for a, b, _ in todo.values() if a < b})
        for r, (a, b, _) in list(todo.items()):
            if a == b:
                out[r] = a
                del todo[r]
        if not todo:
            break
        parts = _map(series, _histograms, intervals, HIST_BINS)
        hist = {}
        for j, iv in enumerate(intervals):
            counts = sum(p[j][0] for p in parts)
            mn = np.min([p[j][1] for p in parts], axis=0)
            mx = np.max([p[j][2] for p in parts], axis=0)
            hist[iv] = (counts, mn, mx)
        collect, nxt = [], {}
        for r, (a, b, below) in todo.items():
            counts, mn, mx = hist[(a, b)]
            cum = np.cumsum(counts) + below
            i = int(np.searchsorted(cum, r, side="right"))
            before = int(cum[i] - counts[i])
            if mn[i] == mx[i]:
                out[r] = float(mn[i])
            elif counts[i] <= COLLECT_MAX:
                collect.append((r, float(mn[i]), float(mx[i]), before))
            else:
                nxt[r] = (float(mn[i]), float(mx[i]), before)
        if collect:
            wanted = sorted({(a, b) for _, a, b, _ in collect})
            pieces = _map(series, _collect, wanted)
            merged = {iv: np.sort(np.concatenate([p[j] for p in pieces]))
                      for j, iv in enumerate(wanted)}
            for r, a, b, before in collect:
                out[r] = float(merged[(a, b)][r - before])
        todo = nxt
    return out


def large_breaks(x, method: str = "quantile", k: int = 5, *, sample: int = 100_000,
                 seed: int = 0) -> LargeBreaks:
    """Class edges of a Dask Series (or anything with ``to_delayed()`` partitions).

    Parameters
    ----------
    x : dask.dataframe.Series
    method : {"quantile", "natural", "equal"}
        ``quantile``: exact R type-7 quantiles of all values (with ``GD``'s rule of asking for
        more quantiles when ties merge edges); ``natural``: Fisher-Jenks on a seeded sample;
        ``equal``: equal intervals.
    k : int
        Number of classes.
    sample, seed
        Sample size and seed of ``natural``.

    Returns
    -------
    LargeBreaks

    Examples
    --------
    >>> import pandas as pd, dask.dataframe as dd
    >>> s = dd.from_pandas(pd.Series(range(101), name="v", dtype=float), npartitions=4)
    >>> large_breaks(s, "quantile", 4).edges
    (0.0, 25.0, 50.0, 75.0, 100.0)
    """
    if method not in METHODS:
        raise ValueError(f"at scale, method must be one of {METHODS}, got {method!r}")
    k = int(k)
    if k < 2:
        raise ValueError(f"k must be at least 2, got {k}")
    name = getattr(x, "name", None) or "x"
    stats = _map(x, _moments)
    n = int(sum(s[0] for s in stats))
    lo = min(s[1] for s in stats)
    hi = max(s[2] for s in stats)
    if n < 2 or lo == hi:
        raise GeodetectorError(f"{name!r} needs at least two distinct values to be "
                               f"discretised")
    if method == "equal":
        edges = lo + np.arange(k + 1) * ((hi - lo) / k)
        basis = f"equal intervals between the exact minimum and maximum of {n} values"
    elif method == "natural":
        p = min(1.0, sample / n)
        drawn = np.concatenate(_map(x, _sample, p, seed, indexed=True))
        drawn = np.concatenate([drawn, [lo, hi]])
        edges = np.asarray(_small_breaks(drawn, "natural", k), dtype=float)
        edges[0], edges[-1] = lo, hi
        used = (f"a seeded random sample of {drawn.size - 2} of {n} values (seed {seed})"
                if p < 1 else f"all {n} values")
        if drawn.size > NATURAL_MAX_EXACT:
            used += f", via an evenly rank-spaced subsample of {NATURAL_MAX_EXACT} of them"
        basis = (f"natural breaks (Fisher-Jenks) on {used}; first and last edges are the "
                 f"exact minimum and maximum")
    else:
        edges = _exact_quantiles(x, k, n, lo, hi)
        basis = (f"exact R type-7 quantiles of all {n} values (histogram passes, then the "
                 f"order statistics sorted exactly; not Dask's approximate quantiles)")
    return LargeBreaks(str(name), method, k, n, tuple(float(e) for e in edges), basis)


def _exact_quantiles(x, k, n, lo, hi) -> np.ndarray:
    def quantiles(m):
        h = (n - 1) * np.linspace(0, 1, m + 1)
        low = np.floor(h).astype(np.int64)
        up = np.minimum(low + 1, n - 1)
        stats = order_statistics(x, sorted(set(low.tolist()) | set(up.tolist())), lo, hi)
        a = np.array([stats[i] for i in low])
        b = np.array([stats[i] for i in up])
        return a + (h - low) * (b - a)

    edges = quantiles(k)
    if np.unique(edges).size < k + 1:  # GD: more quantiles until k + 1 distinct edges
        m = np.unique(edges).size
        while True:
            edges = np.unique(quantiles(m))
            # (in memory the search goes on to m = n; at scale it stops at 8k quantiles)
            if edges.size >= k + 1 or m > min(n, 8 * k):
                break
            m += 1
    return edges
