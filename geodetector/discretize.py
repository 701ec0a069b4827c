"""Discretisation of continuous conditions into strata (R ``GD::disc`` conventions).

Breaks are returned R-style: ``k + 1`` edges from the minimum to the maximum, classes are
right-closed intervals with the first one closed on the left (R's
``cut(x, breaks, include.lowest = TRUE)``), numbered from 1.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .errors import GeodetectorError, MissingValueError, NonNumericError

METHODS = ("equal", "natural", "quantile", "geometric", "sd")

#: Above this many values, natural breaks are computed on an evenly rank-spaced subsample of
#: this size: Fisher-Jenks is O(k n^2) and exact breaks of a million values are out of reach.
NATURAL_MAX_EXACT = 2000


def _values(x, name="x") -> np.ndarray:
    if isinstance(x, pd.Series):
        name = x.name if x.name is not None else name
        if not pd.api.types.is_numeric_dtype(x) or pd.api.types.is_bool_dtype(x):
            raise NonNumericError(f"cannot discretise non-numeric column {name!r} "
                                  f"(dtype {x.dtype})")
        arr = x.to_numpy(dtype=float, na_value=np.nan)
    else:
        arr = np.asarray(x)
        if arr.dtype.kind not in "iuf":
            raise NonNumericError(f"cannot discretise non-numeric values (dtype {arr.dtype})")
        arr = arr.astype(float)
    bad = ~np.isfinite(arr)
    if bad.any():
        where = np.flatnonzero(bad)[:5].tolist()
        raise MissingValueError(f"{name!r} has {int(bad.sum())} missing or infinite value(s) "
                                f"at position(s) {where}; drop or impute them first")
    if arr.size < 2 or arr.min() == arr.max():
        raise GeodetectorError(f"{name!r} needs at least two distinct values to be discretised")
    return arr


def breaks(x, method: str = "natural", k: int = 5, *, convention: str = "gd") -> np.ndarray:
    """Class edges of ``x`` for ``method`` and ``k`` classes (``k + 1`` values, min to max).

    Parameters
    ----------
    x : array-like or pandas.Series
        Numeric values without NaN.
    method : {"equal", "natural", "quantile", "geometric", "sd"}
        ``equal``: equal intervals; ``natural``: Fisher-Jenks natural breaks
        (:class:`mapclassify.FisherJenks`; on a rank-spaced subsample of
        ``NATURAL_MAX_EXACT`` values for larger inputs); ``quantile``: R type-7 quantiles
        (if ties merge edges, more quantiles are tried until ``k + 1`` distinct ones, as
        ``GD`` does); ``geometric``: geometric progression (of ``x + 1`` when ``x >= 0``,
        split at 0 otherwise); ``sd``: the mean plus or minus multiples of the standard
        deviation (``GD``'s rule: steps of 1 sd up to 7 edges, 1/2 sd beyond).
    k : int
        Number of classes.
    convention : {"gd", "exact-k"}
        ``"gd"`` reproduces R ``GD::disc`` (10.x), including its geometric breaks for
        non-negative ``x``, which have ``k`` edges (so ``k - 1`` classes).  ``"exact-k"``
        gives ``k + 1`` geometric edges.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> breaks([1, 2, 3, 4, 5, 6, 7, 8, 9], "equal", 4).tolist()
    [1.0, 3.0, 5.0, 7.0, 9.0]
    >>> breaks([1, 2, 3, 10, 11, 12, 30, 31], "natural", 3).tolist()
    [1.0, 3.0, 12.0, 31.0]
    """
    if method not in METHODS:
        raise GeodetectorError(f"method must be one of {METHODS}, got {method!r}")
    if convention not in ("gd", "exact-k"):
        raise GeodetectorError(f"convention must be 'gd' or 'exact-k', got {convention!r}")
    k = int(k)
    if k < 2:
        raise GeodetectorError(f"k must be at least 2, got {k}")
    v = _values(x)
    return np.asarray(_BREAKS[method](v, k, convention), dtype=float)


def _equal(v, k, _):
    lo, hi = v.min(), v.max()
    by = (hi - lo) / k  # R seq(from, to, length.out): from + (0:k) * by
    return lo + np.arange(k + 1) * by


def _natural(v, k, _):
    import mapclassify

    full = None
    if v.size > NATURAL_MAX_EXACT:
        full = np.sort(v)
        idx = np.round(np.linspace(0, full.size - 1, NATURAL_MAX_EXACT)).astype(int)
        v = full[idx]
    uniq = np.unique(v)
    if uniq.size <= k:
        return uniq
    bins = mapclassify.FisherJenks(v, k=k).bins
    if full is not None:
        bins = np.append(bins[:-1], full[-1])  # the top edge is the maximum of all the data
    return np.concatenate([[v.min()], bins])


def _quantile(v, k, _):
    probs = np.linspace(0, 1, k + 1)
    edges = np.quantile(v, probs)
    if np.unique(edges).size < k + 1:
        # GD: ask for ever more quantiles until k + 1 distinct edges come out
        m = np.unique(edges).size
        while True:
            edges = np.unique(np.quantile(v, np.linspace(0, 1, m + 1)))
            if edges.size >= k + 1 or m > v.size:
                break
            m += 1
    return edges


def _geometric_positive(lo_hi, n):
    # GD's FunX: n points in geometric progression from min(x) to max(x), on x + 1
    x1 = np.asarray(lo_hi, dtype=float) + 1.0
    b = (x1.max() / x1.min()) ** (1.0 / (n - 1))
    x0 = x1.min() / b
    return b ** np.arange(1, n + 1) * x0 - 1.0


def _geometric(v, k, convention):
    if v.min() >= 0:
        return _geometric_positive(v, k if convention == "gd" else k + 1)
    rng = np.abs([v.min(), v.max()])
    kmax = int(np.argmax(rng))  # R which() picks the first maximum
    kmin = 1 - kmax
    n2 = int(np.floor((k + 1) / (1 + rng[kmin] / rng[kmax])))
    n1 = k + 1 - n2
    itv1 = _geometric_positive([0.0, rng[kmin]], n1 + 1)[1:]
    itv2 = _geometric_positive([0.0, rng[kmax]], n2 + 1)[1:]
    if kmin == 0:
        return np.concatenate([-itv1[::-1], itv2])
    return np.concatenate([-itv2[::-1], itv1])


def _sd(v, k, _):
    mean, sd = v.mean(), v.std(ddof=1)
    seqa = np.arange(2000, 0, -2, dtype=float)
    m = k
    edges = np.array([])
    while edges.size < k + 1:
        m += 1
        seqb = (m - 1) - seqa
        seqb = seqb[seqb >= 0]
        step = seqb / 2 if m <= 7 else seqb / 4
        low = (mean - step * sd)[::-1]
        high = mean + step * sd
        low = low[low > v.min()]
        high = high[high < v.max()]
        inner = pd.unique(np.concatenate([low, high]))
        edges = np.concatenate([[v.min()], inner, [v.max()]])
        if m > 4 * (k + 10):  # cannot happen for finite data; guards the loop
            break
    return edges


_BREAKS = {"equal": _equal, "natural": _natural, "quantile": _quantile,
           "geometric": _geometric, "sd": _sd}


def classify(x, edges) -> np.ndarray:
    """Class numbers 1..len(edges)-1 of ``cut(x, edges, include.lowest = TRUE)``.

    Values below the first or above the last edge get 0 and ``len(edges)`` respectively.
    """
    edges = np.unique(np.asarray(edges, dtype=float))
    v = np.asarray(x, dtype=float)
    cls = np.searchsorted(edges, v, side="left")
    cls[v == edges[0]] = 1
    return cls


def discretize(x, method: str = "natural", k: int = 5, *, convention: str = "gd",
               edges=None) -> pd.Series:
    """Stratum number (1..k) of every value of a continuous variable.

    Parameters
    ----------
    x : pandas.Series or array-like
    method, k, convention
        See :func:`breaks`.
    edges : array-like, optional
        Use these class edges instead of computing them (R ``GD``'s ``"manual"``).

    Returns
    -------
    pandas.Series
        Integer classes with the index and name of ``x``; the edges are in
        ``result.attrs["breaks"]``.  Values that rounding puts just outside the first or last
        edge join the first or last class.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.Series([1, 2, 3, 10, 11, 12, 30, 31], name="gdp")
    >>> discretize(s, "natural", 3).tolist()
    [1, 1, 1, 2, 2, 2, 3, 3]
    """
    index = x.index if isinstance(x, pd.Series) else None
    name = x.name if isinstance(x, pd.Series) else None
    e = (np.asarray(edges, dtype=float) if edges is not None
         else breaks(x, method, k, convention=convention))
    v = _values(x) if edges is None else np.asarray(x, dtype=float)
    cls = np.clip(classify(v, e), 1, np.unique(e).size - 1)
    out = pd.Series(cls.astype(np.int64), index=index, name=name)
    out.attrs["breaks"] = e.tolist()
    out.attrs["method"] = "manual" if edges is not None else method
    return out
