"""Inference for q on small samples.

- :func:`q_confint`: confidence interval of a factor's q from the non-central F distribution
  of Wang, Zhang & Fu (2016), inverted in its non-centrality (Steiger 2004);
- :func:`enhancement_pvalue`: permutation test of H0 ``q(X1 ∩ X2) <= max(q(X1), q(X2))``;
- :func:`small_sample_issues` and :func:`small_sample_notes`: the warnings shown for strata too
  small to trust q (per factor; one note per kind of issue for a detector's result);
- :func:`bootstrap_q` and :func:`rank_support`: how often a ranking by q holds when the units
  are resampled.

The detectors call these; they are public so that their statistical properties can be checked
by simulation on many replicated data sets at once (every function is vectorised).
"""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np
import pandas as pd

from libdigigov.significance import pvalue_from_counts, seeded_rng

from ._core import cross_codes, listed
from ._dist import f_cdf, ncf_cdf
from .errors import GeodetectorError

#: Resampling (permutation tests, bootstrap) runs by default on in-memory data up to this many
#: rows; above it, and on Dask data, it runs only when asked for.
AUTO_MAX_N = 1000
DEFAULT_N_PERM = 999
DEFAULT_N_BOOT = 1000
#: Small-sample thresholds: strata with at most this many members, fewer units per stratum on
#: average, fewer units in all.
TINY_STRATUM = 2
MIN_MEAN_PER_STRATUM = 5
MIN_UNITS = 30
# elements per resampling block (rows x replicates): bounds the memory used
_BLOCK = 2_000_000


# ---------------------------------------------------------------------------------------------
# settings


def check_conf_level(level) -> float:
    """``level`` as a float in (0, 1), or a :class:`GeodetectorError`."""
    if isinstance(level, bool) or not isinstance(level, Real) or not 0 < level < 1:
        raise GeodetectorError(f"conf_level must be a number strictly between 0 and 1 "
                               f"(e.g. 0.95), got {level!r}")
    return float(level)


def check_alpha(alpha) -> float:
    if isinstance(alpha, bool) or not isinstance(alpha, Real) or not 0 < alpha < 1:
        raise GeodetectorError(f"alpha must be a number strictly between 0 and 1 "
                               f"(e.g. 0.05), got {alpha!r}")
    return float(alpha)


def resolve_resamples(value, n: int, in_memory: bool, default: int, name: str) -> int:
    """Number of permutations / bootstrap replicates: ``None`` means ``default`` on in-memory
    data of at most :data:`AUTO_MAX_N` rows and 0 (skipped) otherwise."""
    if value is None:
        return default if in_memory and n <= AUTO_MAX_N else 0
    if isinstance(value, bool) or not isinstance(value, Integral) or value < 0:
        raise GeodetectorError(f"{name} must be a non-negative integer, got {value!r}")
    if value and not in_memory:
        raise GeodetectorError(f"{name}={value} needs the rows in memory (a pandas DataFrame); "
                               f"call .compute() on the Dask DataFrame first or pass {name}=0")
    return int(value)


def check_permutations(n_perm: int, alpha: float) -> None:
    """The smallest attainable permutation p-value, 1/(n_perm + 1), must reach ``alpha``."""
    if n_perm and (n_perm + 1) * alpha < 1 - 1e-9:
        need = int(np.ceil(1 / alpha - 1 - 1e-9))
        raise GeodetectorError(
            f"n_perm={n_perm} permutations are too few for alpha={alpha:g}: the smallest "
            f"p-value they can give is 1/(n_perm + 1) = {1 / (n_perm + 1):.4g}; "
            f"use n_perm >= {need} (999 is customary)")


# ---------------------------------------------------------------------------------------------
# confidence interval of q


def _noncentrality_at(p, f, df1, df2):
    """Non-centrality λ with P(F'(df1, df2, λ) <= f) = p; 0 where even λ = 0 gives <= p.

    The cdf decreases in λ, so a bracket is grown geometrically and then bisected
    (vectorised; 100 halvings reach double precision for any bracket).
    """
    f, df1, df2 = np.broadcast_arrays(*(np.asarray(a, float) for a in (f, df1, df2)))
    lam = np.zeros(f.shape)
    lam[np.isinf(f)] = np.inf
    todo = np.isfinite(f) & (f_cdf(f, df1, df2) > p)
    if not todo.any():
        return lam
    f, d1, d2 = f[todo], df1[todo], df2[todo]
    lo = np.zeros(f.shape)
    hi = 2.0 * (d1 * f + 10.0)
    for _ in range(200):
        high = ncf_cdf(f, d1, d2, hi) > p
        if not high.any():
            break
        lo = np.where(high, hi, lo)
        hi = np.where(high, hi * 4.0, hi)
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        above = ncf_cdf(f, d1, d2, mid) > p
        lo = np.where(above, mid, lo)
        hi = np.where(above, hi, mid)
        if np.all(hi - lo <= 1e-12 * hi):
            break
    lam[todo] = 0.5 * (lo + hi)
    return lam


def q_confint(q, n, n_strata, level: float = 0.95):
    """Confidence interval of the population q from the non-central F distribution.

    Under the model of Wang, Zhang & Fu (2016) -- fixed strata, normal errors with one variance
    sigma^2 in every stratum, independent units -- ``F = (N - L)/(L - 1) * q/(1 - q)`` follows
    a non-central F(L - 1, N - L, λ) with ``λ = sum_h n_h (mu_h - mu)^2 / sigma^2``, and the
    population q (the share of the variance of y explained by the stratum means, strata
    weighted by their sizes) is ``λ / (λ + N)``.  The bounds of λ solve
    ``P(F' <= F_obs; λ) = 1 - (1 - level)/2`` and ``(1 - level)/2`` (a lower bound that would
    be negative is 0) and are mapped to q (Steiger 2004).  Vectorised over its arguments.

    Parameters
    ----------
    q : float or array
        Sample q.
    n, n_strata : int or array
        Number of units N and of strata L.
    level : float
        Confidence level in (0, 1).

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Lower and upper bounds (NaN where q is NaN or there are no degrees of freedom).

    Examples
    --------
    >>> lo, hi = q_confint(0.46, 31, 3)
    >>> round(float(lo), 3), round(float(hi), 3)
    (0.152, 0.62)
    """
    level = check_conf_level(level)
    q, n, k = np.broadcast_arrays(*(np.asarray(a, float) for a in (q, n, n_strata)))
    df1, df2 = k - 1, n - k
    ok = np.isfinite(q) & (df1 > 0) & (df2 > 0)
    lo = np.full(q.shape, np.nan)
    hi = np.full(q.shape, np.nan)
    if ok.any():
        qq = np.clip(q[ok], 0.0, 1.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            f = np.where(qq >= 1.0, np.inf, df2[ok] * qq / (df1[ok] * (1.0 - qq)))
        tail = (1.0 - level) / 2.0
        lam_lo = _noncentrality_at(1.0 - tail, f, df1[ok], df2[ok])
        lam_hi = _noncentrality_at(tail, f, df1[ok], df2[ok])
        lo[ok] = _q_of(lam_lo, n[ok])
        hi[ok] = _q_of(lam_hi, n[ok])
    return lo, hi


def _q_of(lam, n):
    with np.errstate(invalid="ignore"):
        return np.where(np.isinf(lam), 1.0, lam / (lam + n))


# ---------------------------------------------------------------------------------------------
# small samples


def small_sample_issues(n: int, n_strata: int, n_tiny: int) -> list[str]:
    """What makes q unreliable: ``n`` units in ``n_strata`` strata, ``n_tiny`` of which have
    1-2 members (an empty list when nothing does).

    Examples
    --------
    >>> small_sample_issues(12, 3, 2)
    ['2 of 3 strata have only 1-2 members', '4.0 units per stratum on average (fewer than 5)', 'q computed on 12 units (fewer than 30)']
    >>> small_sample_issues(300, 5, 0)
    []
    """
    tiny, sparse, few = _issues(n, n_strata, n_tiny)
    out = []
    if tiny:
        out.append(f"{n_tiny} of {n_strata} strata have only 1-{TINY_STRATUM} members")
    if sparse:
        out.append(f"{n / n_strata:.1f} units per stratum on average (fewer than "
                   f"{MIN_MEAN_PER_STRATUM})")
    if few:
        out.append(f"q computed on {n} units (fewer than {MIN_UNITS})")
    return out


def _issues(n, n_strata, n_tiny) -> tuple[bool, bool, bool]:
    """Which small-sample thresholds are crossed: tiny strata, few units per stratum, few units."""
    return bool(n_tiny), bool(n_strata) and n / n_strata < MIN_MEAN_PER_STRATUM, n < MIN_UNITS


def n_tiny(counts) -> int:
    """Number of strata with 1-2 members."""
    return int(np.sum(np.asarray(counts) <= TINY_STRATUM))


#: Affected factors or pairs named in a small-sample note before "and N more".
NOTE_LIMIT = 8


def small_sample_notes(table: pd.DataFrame, name, n_strata: str, tiny: str,
                       noun: tuple[str, str] = ("factor", "factors")) -> list[str]:
    """One warning per kind of small-sample issue, naming the rows of ``table`` it affects.

    ``name`` is a function of the row giving its label; ``n_strata`` and ``tiny`` name the
    columns holding the number of strata and of strata with 1-2 members (``n`` the units);
    ``noun`` is what a row is (singular, plural). At most :data:`NOTE_LIMIT` rows are named
    in a note, then how many more.

    Examples
    --------
    >>> t = pd.DataFrame({"f": ["a", "b", "c"], "n": [40, 40, 40], "k": [3, 9, 4], "tiny": [0, 2, 1]})
    >>> for note in small_sample_notes(t, lambda r: r["f"], "k", "tiny"):
    ...     print(note)
    small-sample warning: 2 of 3 factors have strata with only 1-2 members: b (2 of 9 strata), c (1 of 4 strata)
    small-sample warning: 1 of 3 factors has fewer than 5 units per stratum on average: b (4.4)
    """
    rows = table.to_dict(orient="records")
    total = len(rows)

    def subject(k):
        """Who is affected, and the verb that agrees with it."""
        if total == 1:
            return f"the only {noun[0]}", "has"
        if k == total:
            return (f"both {noun[1]}" if total == 2 else f"all {total} {noun[1]}"), "have"
        return f"{k} of {total} {noun[1]}", "has" if k == 1 else "have"

    flags = [_issues(r["n"], r[n_strata], r[tiny]) for r in rows]
    out = []
    tiny_hits = [f"{name(r)} ({int(r[tiny])} of {int(r[n_strata])} strata)" for r, f in zip(rows, flags) if f[0]]
    if tiny_hits:
        who, verb = subject(len(tiny_hits))
        out.append(f"small-sample warning: {who} {verb} strata with only 1-{TINY_STRATUM} members: "
                   f"{listed(tiny_hits, NOTE_LIMIT)}")
    sparse_hits = [f"{name(r)} ({r['n'] / r[n_strata]:.1f})" for r, f in zip(rows, flags) if f[1]]
    if sparse_hits:
        who, verb = subject(len(sparse_hits))
        out.append(f"small-sample warning: {who} {verb} fewer than {MIN_MEAN_PER_STRATUM} units per "
                   f"stratum on average: {listed(sparse_hits, NOTE_LIMIT)}")
    few = [r for r, f in zip(rows, flags) if f[2]]
    if few:
        who, _ = subject(len(few))
        sizes = sorted({int(r["n"]) for r in few})
        if len(sizes) == 1:
            text = f"q computed on {sizes[0]} units (fewer than {MIN_UNITS}) for {who}"
            named = [str(name(r)) for r in few] if len(few) < total else []
        else:
            text = f"q computed on fewer than {MIN_UNITS} units for {who}"
            named = [f"{name(r)} ({int(r['n'])})" for r in few]
        out.append(f"small-sample warning: {text}" + (f": {listed(named, NOTE_LIMIT)}" if named else ""))
    return out


# ---------------------------------------------------------------------------------------------
# interaction: does the cross explain more than the stronger factor?


def _within_permutation_p(Y, s, t, n_perm, rng):
    """Permutation p-values of "t adds nothing to s": y shuffled within the strata of s.

    The shuffle keeps the strata of s, the cross-tabulation of s and t and hence SST, SSW(s)
    and the cells of s ∩ t fixed, so q(s) is unchanged and q(s ∩ t) is compared through
    T = sum over cells of (sum of y)^2 / count (SSB of the cross plus a constant).
    """
    n_rep, n = Y.shape
    # in int64: compact codes may be uint8, whose product would overflow past 255 cells
    cell = s.astype(np.int64) * (int(t.max()) + 1) + t.astype(np.int64)  # sorted by cell = by s, then t
    order = np.argsort(cell, kind="stable")
    sorted_cells = cell[order]
    starts = np.flatnonzero(np.r_[True, sorted_cells[1:] != sorted_cells[:-1]])
    counts = np.diff(np.r_[starts, n]).astype(float)
    sorted_s = s[order]
    bounds = np.flatnonzero(np.r_[True, sorted_s[1:] != sorted_s[:-1]])  # strata of s
    blocks = list(zip(bounds, np.r_[bounds[1:], n]))
    Ys = Y[:, order]

    def stat(values):
        sums = np.add.reduceat(values, starts, axis=-1)
        return (sums * sums / counts).sum(-1)

    observed = stat(Ys)
    slack = 1e-10 * np.maximum(np.einsum("ij,ij->i", Ys, Ys), 1e-300)
    hits = np.zeros(n_rep)
    chunk = max(1, _BLOCK // max(1, n_rep * n))
    done = 0
    while done < n_perm:
        c = min(chunk, n_perm - done)
        shuffled = np.empty((n_rep, c, n))
        for a, b in blocks:  # Fisher-Yates within each stratum of s
            view = np.broadcast_to(Ys[:, None, a:b], (n_rep, c, b - a))
            shuffled[:, :, a:b] = rng.permuted(view, axis=-1)
        hits += np.sum(stat(shuffled) >= (observed - slack)[:, None], axis=-1)
        done += c
    return pvalue_from_counts(hits, n_perm)  # the package's one permutation rule


def generator(seed) -> tuple[np.random.Generator, object]:
    """The random generator of a test and how results show its seed: a Generator is used as it
    is (shown as ``"generator"``); a seed, or None for the package's default seed, goes through
    :func:`libdigigov.significance.seeded_rng`."""
    if isinstance(seed, np.random.Generator):
        return seed, "generator"
    return seeded_rng(seed, error=GeodetectorError)


def enhancement_from_codes(Y, c1, c2, n_perm, rng):
    """:func:`enhancement_pvalue` on integer codes ``0..L-1`` and a 2-D ``Y`` (replicates x
    units); returns one p-value per replicate."""
    p1 = _within_permutation_p(Y, c1, c2, n_perm, rng)  # does X2 add to X1?
    p2 = _within_permutation_p(Y, c2, c1, n_perm, rng)  # does X1 add to X2?
    return np.maximum(p1, p2)


def enhancement_pvalue(y, x1, x2, *, n_perm: int = DEFAULT_N_PERM, seed=0):
    """Permutation p-value of H0: q(X1 ∩ X2) <= max(q(X1), q(X2)).

    Crossing only refines strata, so the sample q(X1 ∩ X2) is never below max(q(X1), q(X2));
    H0 says that in the population the cross explains nothing beyond one of the two factors:
    either X2 adds nothing once X1 is known, or X1 adds nothing once X2 is known.  Each of the
    two is tested by shuffling y within the strata of the factor kept (which preserves its q,
    the cells of the cross and their sizes) and counting how often the shuffled q(X1 ∩ X2)
    reaches the observed one: ``p_k = (1 + hits) / (1 + n_perm)``.  H0 is their union, so the
    p-value is the larger of the two (an intersection-union test, level alpha).

    Parameters
    ----------
    y : array of shape (N,) or (R, N)
        Outcome; with two dimensions each row is one replicated data set (same strata).
    x1, x2 : array of shape (N,)
        Stratum labels of the two factors.
    n_perm : int
        Permutations per direction.
    seed : int or numpy.random.Generator

    Returns
    -------
    float, or an array of R p-values

    Examples
    --------
    >>> import numpy as np
    >>> x1 = np.repeat([0, 1], 8); x2 = np.tile([0, 1], 8)
    >>> y = 3.0 * x1 + 3.0 * x2 + np.random.default_rng(0).normal(0, 0.1, 16)
    >>> enhancement_pvalue(y, x1, x2, n_perm=199)
    0.01
    """
    if isinstance(n_perm, bool) or not isinstance(n_perm, Integral) or n_perm < 1:
        raise GeodetectorError(f"n_perm must be a positive integer, got {n_perm!r}")
    y = np.asarray(y, float)
    Y = y[None, :] if y.ndim == 1 else y
    c1 = pd.factorize(np.asarray(x1), sort=True)[0]
    c2 = pd.factorize(np.asarray(x2), sort=True)[0]
    if not (c1.shape[0] == c2.shape[0] == Y.shape[1]):
        raise GeodetectorError(f"y, x1 and x2 must have the same length, got {Y.shape[1]}, "
                               f"{c1.shape[0]} and {c2.shape[0]}")
    rng, _ = generator(seed)
    p = enhancement_from_codes(Y - Y.mean(axis=1, keepdims=True), c1, c2, int(n_perm), rng)
    return float(p[0]) if y.ndim == 1 else p


def holm(p) -> np.ndarray:
    """Holm's step-down adjustment of p-values for testing them together (NaN kept).

    Examples
    --------
    >>> holm([0.01, 0.04, 0.03, 0.2]).round(2).tolist()
    [0.04, 0.09, 0.09, 0.2]
    """
    p = np.asarray(p, float)
    out = np.full(p.shape, np.nan)
    ok = np.flatnonzero(np.isfinite(p))
    order = ok[np.argsort(p[ok], kind="stable")]
    m = order.size
    adjusted = np.maximum.accumulate(p[order] * (m - np.arange(m)))
    out[order] = np.minimum(adjusted, 1.0)
    return out


# ---------------------------------------------------------------------------------------------
# bootstrap of units


def compact_codes(source, names) -> np.ndarray:
    """Codes ``0..K-1`` of the non-empty cells of the cross of ``names`` (in-memory source)."""
    names = tuple(names)
    if len(names) == 1:
        return source.coded[names[0]][0]
    code_list = [source.coded[n][0] for n in names]
    sizes = [source.coded[n][1].shape[0] for n in names]
    parts, radices, _ = cross_codes(code_list, sizes)
    combined = np.zeros(parts[0].shape[0], dtype=np.int64)
    for part, radix in zip(parts, radices):  # mixed radix (one dense part when the cross is sparse)
        combined = combined * int(radix) + part.astype(np.int64)
    return np.unique(combined, return_inverse=True)[1].reshape(-1)


def bootstrap_q(y, cells, n_boot: int, rng) -> np.ndarray:
    """q of each coding in ``cells`` on ``n_boot`` bootstrap resamples of the units.

    Returns an array (n_boot, len(cells)); NaN for a resample whose y is constant.

    Examples
    --------
    >>> import numpy as np
    >>> y = np.array([1., 2, 3, 4, 5, 6]); x = np.array([0, 0, 0, 1, 1, 1])
    >>> qb = bootstrap_q(y, [x], 200, np.random.default_rng(0))
    >>> qb.shape, bool(np.nanmin(qb) >= 0 and np.nanmax(qb) <= 1)
    ((200, 1), True)
    """
    y = np.asarray(y, float)
    y = y - y.mean()
    n = y.shape[0]
    out = np.empty((n_boot, len(cells)))
    chunk = max(1, _BLOCK // max(1, n))
    for start in range(0, n_boot, chunk):
        b = min(chunk, n_boot - start)
        idx = rng.integers(0, n, (b, n))
        yb = y[idx]
        total = yb.sum(1)
        sst = np.einsum("ij,ij->i", yb, yb) - total * total / n
        for j, codes in enumerate(cells):
            size = int(codes.max()) + 1
            flat = (np.arange(b)[:, None] * size + codes[idx]).ravel()
            cnt = np.bincount(flat, minlength=b * size).reshape(b, size)
            sums = np.bincount(flat, weights=yb.ravel(), minlength=b * size).reshape(b, size)
            ssb = (sums * sums / np.maximum(cnt, 1)).sum(1) - total * total / n
            with np.errstate(invalid="ignore", divide="ignore"):
                q = np.where(sst > 1e-12 * np.dot(y, y), np.clip(ssb / sst, 0, 1), np.nan)
            out[start:start + b, j] = q
    return out


def rank_support(scores):
    """Bootstrap support of an order: ``scores`` (replicates x items, items in the observed
    order, strongest first).

    Returns ``(rank_probs, p_first, support_next, n_used)``: ``rank_probs[i, r]`` is how often
    item i has rank r + 1 (competition ranking: ties share the better rank), ``p_first`` how
    often it ranks first, ``support_next[i]`` how often item i scores above item i + 1 (ties
    count one half; NaN for the last), over the ``n_used`` replicates without NaN.

    Examples
    --------
    >>> import numpy as np
    >>> probs, first, nxt, used = rank_support(np.array([[3., 2, 1], [2, 3, 1]]))
    >>> first.tolist(), nxt.tolist()
    ([0.5, 0.5, 0.0], [0.5, 1.0, nan])
    """
    scores = np.asarray(scores, float)
    scores = scores[np.all(np.isfinite(scores), axis=1)]
    n_used, k = scores.shape
    if n_used == 0:
        nan = np.full(k, np.nan)
        return np.full((k, k), np.nan), nan, nan, 0
    rank = 1 + np.sum(scores[:, None, :] > scores[:, :, None], axis=2)  # (B, k)
    probs = np.stack([np.mean(rank == r, axis=0) for r in range(1, k + 1)], axis=1)
    upper, lower = scores[:, :-1], scores[:, 1:]
    nxt = np.mean(upper > lower, axis=0) + 0.5 * np.mean(upper == lower, axis=0)
    return probs, probs[:, 0].copy(), np.r_[nxt, np.nan], n_used
