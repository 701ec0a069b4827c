"""One significance core for every resampling test in the package (esda's ``significance`` habit).

Permutation tests in the engines (NCA's test of the effect size, the geographical detector's
enhancement test, SPADE, local Moran's conditional permutations, the test of a solution against
chance) all end the same way: an observed statistic, a set of statistics under the null, and a
p-value that counts the observed value as one of the draws, ``(b + 1) / (n + 1)`` (Davison &
Hinkley 1997, eq. 4.11; North, Curtis & Sham 2002), so that it is never 0 and its level holds
exactly. This module holds that rule, its seeding and its batch form, once.

Examples
--------
>>> import numpy as np
>>> permutation_pvalue(3.0, np.array([1.0, 2.0, 3.5, 0.5]))
0.4
>>> permutation_pvalue(-3.0, np.array([1.0, -2.0, 3.5, 0.5]), alternative="less")
0.2
>>> permutation_pvalue(0.0, np.array([1.0, -2.0, 3.5, 0.5]), alternative="two-sided")
0.8
>>> rng, seed = seeded_rng(None)
>>> seed == DEFAULT_SEED
True
"""
from __future__ import annotations

from numbers import Integral

import numpy as np

__all__ = ["DEFAULT_SEED", "ALTERNATIVES", "check_seed", "check_permutations_count",
           "seeded_rng", "permutation_pvalue", "permutation_pvalues", "pvalue_from_counts", "pvalue_accuracy",
           "fdr_bh"]

#: The seed used when the caller gives none: results are reproducible by default, and every
#: result that used it says so (no silent randomness).
DEFAULT_SEED = 20240601
ALTERNATIVES = ("greater", "less", "two-sided", "folded")
#: Two-sided 97.5 % quantile of the normal distribution (the 95 % margin of a p-value).
_Z975 = 1.959963984540054
#: Upper bound on the number of permutations a caller may ask for (memory and time stay bounded).
MAX_PERMUTATIONS = 10_000_000


def check_seed(seed, name: str = "seed", error=ValueError) -> int | None:
    """``seed`` as a non-negative int (or None), or ``error`` with one line naming the value."""
    if seed is None:
        return None
    if isinstance(seed, bool) or not isinstance(seed, Integral) or seed < 0 or seed >= 2 ** 63:
        raise error(f"{name} must be a whole number from 0 to 2**63 - 1, got {seed!r}")
    return int(seed)


def check_permutations_count(n, name: str = "permutations", error=ValueError,
                             maximum: int = MAX_PERMUTATIONS) -> int:
    """``n`` as an int in ``[0, maximum]``, or ``error`` with one line naming the value."""
    if isinstance(n, bool) or not isinstance(n, Integral) or n < 0 or n > maximum:
        raise error(f"{name} must be a whole number from 0 to {maximum:,}, got {n!r}")
    return int(n)


def seeded_rng(seed, error=ValueError) -> tuple[np.random.Generator, int]:
    """A NumPy generator and the seed it was made from (:data:`DEFAULT_SEED` for ``None``).

    Results report the returned seed, so that a run without an explicit seed is still
    reproducible and says how.
    """
    seed = check_seed(seed, error=error)
    if seed is None:
        seed = DEFAULT_SEED
    return np.random.default_rng(seed), seed


def permutation_pvalues(observed, permuted, alternative: str = "greater", axis: int = -1):
    """Vectorised :func:`permutation_pvalue`: ``permuted`` holds the null draws along ``axis``.

    ``observed`` broadcasts against ``permuted`` with ``axis`` removed. Non-finite draws are
    left out of both counts (a permutation whose statistic is undefined is no evidence).

    - ``greater``: ``(#{T* >= T} + 1) / (n + 1)``;
    - ``less``: ``(#{T* <= T} + 1) / (n + 1)``;
    - ``two-sided``: twice the smaller one-sided p-value, at most 1;
    - ``folded``: the pseudo p-value of esda/spdep's conditional permutation for local
      statistics, ``(min(#{T* >= T}, #{T* <= T}) + 1) / (n + 1)``.
    """
    if alternative not in ALTERNATIVES:
        raise ValueError(f"alternative must be one of {', '.join(ALTERNATIVES)}, got {alternative!r}")
    permuted = np.moveaxis(np.asarray(permuted, dtype=float), axis, -1)
    observed = np.asarray(observed, dtype=float)[..., None]
    finite = np.isfinite(permuted)
    n = finite.sum(axis=-1)
    ge = (finite & (permuted >= observed)).sum(axis=-1)
    le = (finite & (permuted <= observed)).sum(axis=-1)
    if alternative == "greater":
        return pvalue_from_counts(ge, n)
    if alternative == "less":
        return pvalue_from_counts(le, n)
    if alternative == "folded":
        return pvalue_from_counts(np.minimum(ge, le), n)
    return np.minimum(1.0, 2 * pvalue_from_counts(np.minimum(ge, le), n))


def pvalue_from_counts(extreme, n):
    """The rule itself, ``(extreme + 1) / (n + 1)``, for tests that count the null draws at least
    as extreme as the observed statistic in batches (``extreme`` and ``n`` broadcast).

    >>> float(pvalue_from_counts(0, 99))
    0.01
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        return (np.asarray(extreme, dtype=float) + 1) / (np.asarray(n, dtype=float) + 1)


def permutation_pvalue(observed: float, permuted, alternative: str = "greater") -> float:
    """The permutation p-value of one statistic; see :func:`permutation_pvalues`."""
    return float(permutation_pvalues(observed, np.asarray(permuted, dtype=float), alternative))


def pvalue_accuracy(p, n_permutations: int):
    """The 95 % margin of a permutation p-value, ``1.96 * sqrt(p (1 - p) / n)`` (as R's NCA)."""
    p = np.asarray(p, dtype=float)
    return _Z975 * np.sqrt(p * (1 - p) / max(int(n_permutations), 1))


def fdr_bh(pvalues):
    """Benjamini & Hochberg (1995) adjusted p-values (R's ``p.adjust(method = "BH")``).

    >>> [round(float(v), 4) for v in fdr_bh([0.01, 0.04, 0.03, 0.2])]
    [0.04, 0.0533, 0.0533, 0.2]
    """
    p = np.asarray(pvalues, dtype=float)
    n = p.size
    if n == 0:
        return p.copy()
    order = np.argsort(p)[::-1]
    ranked = p[order] * n / np.arange(n, 0, -1)
    adjusted = np.minimum(1.0, np.minimum.accumulate(ranked))
    out = np.empty(n)
    out[order] = adjusted
    return out
