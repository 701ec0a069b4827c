"""Global Moran's I and Geary's C, with the moments of Cliff & Ord (1981) as spdep computes them.

Conventions (spdep's ``moran.test``/``geary.test`` with ``zero.policy = TRUE``, ``adjust.n = TRUE``;
Bivand & Wong 2018): with ``n`` cases of which ``n'`` have neighbours, ``z = x - mean(x)``
over all ``n`` cases and ``m2 = sum z^2``,

- ``I = (n'/S0) * sum_ij w_ij z_i z_j / m2``, ``E[I] = -1/(n' - 1)``;
- under normality ``Var[I] = (n'^2 S1 - n' S2 + 3 S0^2) / (S0^2 (n'^2 - 1)) - E[I]^2``;
- under randomisation, with the kurtosis ``K = n sum z^4 / m2^2`` (all n cases),
  ``Var[I] = [n'((n'^2 - 3n' + 3) S1 - n' S2 + 3 S0^2) - K((n'^2 - n') S1 - 2n' S2 + 6 S0^2)]
  / ((n' - 1)(n' - 2)(n' - 3) S0^2) - E[I]^2``;
- ``z = (I - E[I]) / sqrt(Var[I])``, undefined (None) when the variance is negative, which the
  randomisation formula gives for extremely kurtic data (spdep warns and returns NaN).

esda's ``Moran`` uses ``n`` for ``n'`` (it has no island adjustment) and reports two-sided
normal p-values; here the island adjustment and the alternative follow spdep, the reference
of the conformance cases.

The Monte Carlo test permutes x over all ``n`` cases (islands included, as spdep's ``moran.mc``)
and counts the observed value as one draw (:mod:`libdigigov.significance`); spdep's own
p-value is one step of ``1/(N + 1)`` lower (it ranks ties differently).

Examples
--------
>>> from spatial.weights import weights_from_neighbours
>>> w = weights_from_neighbours({"a": ["b"], "b": ["a", "c"], "c": ["b", "d"], "d": ["c"]}, style="B")
>>> r = moran([1.0, 2.0, 3.0, 4.0], w)
>>> round(float(r.table.loc[0, "I"]), 6), round(float(r.table.loc[0, "EI"]), 6)  # (4/6) * 2.5/5, -1/3
(0.333333, -0.333333)
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import norm

from libdigigov.significance import check_permutations_count, permutation_pvalues, seeded_rng

from .data import as_frame, check_testable
from ._table import TableResult
from .errors import SpatialInputError
from .weights import SpatialWeights

__all__ = ["GlobalMoran", "moran", "GearyC", "geary", "ALTERNATIVES"]

ALTERNATIVES = ("greater", "less", "two-sided")
#: Permutations are drawn this many at a time (memory stays bounded for thousands of cases).
_CHUNK = 512


def _normal_p(z, alternative: str):
    z = np.asarray(z, dtype=float)
    if alternative == "greater":
        return norm.sf(z)
    if alternative == "less":
        return norm.cdf(z)
    return 2 * norm.sf(np.abs(z))


def _z(stat, expect, var):
    # as R: an infinite variance gives z = 0, a negative or zero one no z
    with np.errstate(invalid="ignore", divide="ignore"):
        z = (stat - expect) / np.sqrt(np.where(var > 0, var, np.nan))
    return z


def _check_alternative(alternative):
    if alternative not in ALTERNATIVES:
        raise SpatialInputError(f"alternative must be one of {', '.join(ALTERNATIVES)}, got {alternative!r}")


@dataclass(frozen=True, eq=False)
class GlobalMoran(TableResult):
    """Global Moran's I of one or more variables; see :func:`moran`.

    ``table`` has one row per variable: ``var, I, EI, VI_norm, VI_rand, z_norm, z_rand, p_norm,
    p_rand, K, p_perm`` (``p_perm`` None without permutations).
    """

    permutations: int = 0
    seed: int | None = None
    alternative: str = "greater"
    adjust_n: bool = True

    _title = "Global Moran's I"

    def _header(self) -> list[str]:
        w = self.weights
        return [f"{w.n} cases ({w.n_nonisland} with neighbours), style {w.style}, alternative {self.alternative}"
                + (f", {self.permutations} permutations (seed {self.seed})" if self.permutations else "")]

    def _notes(self) -> list[str]:
        notes = []
        if self.weights.islands and self.adjust_n:
            notes.append(f"islands kept with a zero lag; n' = {self.weights.n_nonisland} in I and its moments "
                         f"(spdep's adjust.n): {', '.join(self.weights.islands)}")
        elif self.weights.islands:
            notes.append(f"islands kept with a zero lag; all n = {self.weights.n} cases in I and its moments "
                         f"(adjust_n=False): {', '.join(self.weights.islands)}")
        if self.adjust_n and self.weights.n_nonisland < 4:
            notes.append(f"only {self.weights.n_nonisland} cases have neighbours: the randomisation variance "
                         "divides by (n' - 3) and is undefined")
        neg = self.table.loc[self.table["VI_rand"] < 0, "var"].tolist()
        if neg:
            notes.append(f"negative randomisation variance for {', '.join(neg)} (the distribution is too kurtic "
                         "for the test's assumptions): z_rand and p_rand are undefined")
        if self.permutations:
            notes.append("p_perm counts the observed I as one of the draws: (b + 1)/(N + 1)")
        return notes

    def _dict(self) -> dict:
        return {"table": self.table.to_dict(orient="records"), "permutations": self.permutations,
                "seed": self.seed, "alternative": self.alternative, "adjust_n": self.adjust_n}


def moran_statistics(z: np.ndarray, weights: SpatialWeights, n: float | None = None) -> np.ndarray:
    """Moran's I of each column of the centred matrix ``z`` (cases x variables), scaled by ``n``
    (default n', the cases with neighbours)."""
    n = weights.n_nonisland if n is None else n
    m2 = (z * z).sum(axis=0)
    return n / weights.S0 * (z * (weights.sparse @ z)).sum(axis=0) / m2


def moran(data, weights: SpatialWeights, *, permutations: int = 0, seed: int | None = None,
          alternative: str = "greater", adjust_n: bool = True) -> GlobalMoran:
    """Global Moran's I with its moments under normality and randomisation (spdep's ``moran.test``).

    Parameters
    ----------
    data : pandas.Series, DataFrame or array
        One variable (Series or 1-D array) or several (columns); a Series/DataFrame is indexed
        by case and aligned to the weights.
    weights : SpatialWeights
    permutations : int, default 0
        Monte Carlo draws for ``p_perm`` (the same permutations serve every variable).
    seed : int, optional
        Seed of the permutations (:data:`libdigigov.significance.DEFAULT_SEED` when None).
    alternative : {"greater", "less", "two-sided"}
        Of every p-value; "greater" (positive autocorrelation) as spdep's default.
    adjust_n : bool, default True
        spdep's ``adjust.n``: islands leave n' (True, spdep's default and the conformance
        contract). False uses all n cases in I and its moments, which are then the exact
        mean and variance of I over permutations of all n cases (Cliff & Ord's moments hold for
        any weights, zero rows included).
    """
    _check_alternative(alternative)
    permutations = check_permutations_count(permutations, error=SpatialInputError)
    frame = as_frame(data, weights)
    check_testable(frame, weights)
    x = frame.to_numpy()
    # float64 throughout: with fewer than 4 cases with neighbours a denominator is 0 and the
    # variance becomes inf or NaN as in R (IEEE arithmetic), instead of raising
    n = np.float64(x.shape[0])
    n1 = np.float64(weights.n_nonisland if adjust_n else x.shape[0])
    s0, s1, s2 = np.float64(weights.S0), np.float64(weights.S1), np.float64(weights.S2)
    z = x - x.mean(axis=0)
    m2 = (z * z).sum(axis=0)
    stat = moran_statistics(z, weights, n1)
    with np.errstate(divide="ignore", invalid="ignore"):
        ei = -1.0 / (n1 - 1)
        vi_norm = (n1 * n1 * s1 - n1 * s2 + 3 * s0 * s0) / (s0 * s0 * (n1 * n1 - 1)) - ei * ei
        k = n * (z ** 4).sum(axis=0) / m2 ** 2
        vi_rand = ((n1 * ((n1 * n1 - 3 * n1 + 3) * s1 - n1 * s2 + 3 * s0 * s0)
                    - k * ((n1 * n1 - n1) * s1 - 2 * n1 * s2 + 6 * s0 * s0))
                   / ((n1 - 1) * (n1 - 2) * (n1 - 3) * s0 * s0) - ei * ei)
    vi_norm = np.full_like(stat, vi_norm)
    z_norm, z_rand = _z(stat, ei, vi_norm), _z(stat, ei, vi_rand)
    table = pd.DataFrame({"var": list(frame.columns), "I": stat, "EI": ei, "VI_norm": vi_norm, "VI_rand": vi_rand,
                          "z_norm": z_norm, "z_rand": z_rand, "p_norm": _normal_p(z_norm, alternative),
                          "p_rand": _normal_p(z_rand, alternative), "K": k, "p_perm": None})
    used_seed = None
    if permutations:
        rng, used_seed = seeded_rng(seed, error=SpatialInputError)
        draws = permuted_moran(z, weights, permutations, rng, n1)
        table["p_perm"] = permutation_pvalues(stat, draws, _perm_alternative(alternative))
    return GlobalMoran(table, weights, permutations, used_seed, alternative, bool(adjust_n))


def _perm_alternative(alternative: str) -> str:
    return "two-sided" if alternative == "two-sided" else alternative


def permuted_moran(z: np.ndarray, weights: SpatialWeights, permutations: int, rng,
                   n: float | None = None) -> np.ndarray:
    """Moran's I of ``permutations`` random permutations of the cases (variables x draws).

    Each draw permutes all n cases; the same draw serves every column of ``z``.
    """
    n = z.shape[0]
    out = np.empty((z.shape[1], permutations))
    w = weights.sparse
    dense = w.toarray() if n <= 400 else None
    scale = (weights.n_nonisland if n is None else n) / weights.S0 / (z * z).sum(axis=0)
    done = 0
    while done < permutations:
        c = min(_CHUNK, permutations - done)
        idx = rng.permuted(np.broadcast_to(np.arange(n), (c, n)), axis=1)
        for v in range(z.shape[1]):
            zp = z[idx, v]                                   # draws x cases
            lag = zp @ dense.T if dense is not None else (w @ zp.T).T
            out[v, done:done + c] = scale[v] * (zp * lag).sum(axis=1)
        done += c
    return out


@dataclass(frozen=True, eq=False)
class GearyC(TableResult):
    """Geary's C of one or more variables; see :func:`geary`.

    ``table``: ``var, C, EC, VC_norm, VC_rand, z_norm, z_rand, p_norm, p_rand`` with
    ``z = (E[C] - C)/sqrt(Var[C])`` (positive for positive autocorrelation, as spdep).
    """

    alternative: str = "greater"

    _title = "Geary's C"

    def _notes(self) -> list[str]:
        notes = ["C < 1: neighbours alike (positive autocorrelation); z = (1 - C)/sd, so 'greater' tests "
                 "positive autocorrelation"]
        if self.weights.islands:
            notes.append("with islands the variances mix n and n' as spdep's geary.test does")
        return notes


def geary(data, weights: SpatialWeights, *, alternative: str = "greater", adjust_n: bool = True) -> GearyC:
    """Geary's C with its moments under normality and randomisation, as spdep's ``geary.test``
    (Cliff & Ord 1981, ch. 2; ``zero.policy = TRUE``, ``adjust.n = TRUE``).

    With n cases, n' of them with neighbours (``nn = n'^2``, ``n1 = n' - 1``, ``n2 = n' - 2``,
    ``n3 = n' - 3``) and the kurtosis ``K = n' sum z^4 / (sum z^2)^2``:

    - ``C = n1 sum_ij w_ij (x_i - x_j)^2 / (2 S0 sum z^2)``, ``E[C] = 1``;
    - ``Var_norm = ((2 S1 + S2) n1 - 4 S0^2) / (2 (n + 1) S0^2)``;
    - ``Var_rand = [n1 S1 (nn - 3n + 3 - K n1) - n1 S2 (nn + 3n - 6 - K(nn - n + 2))/4
      + S0^2 (nn - 3 - K n1^2)] / (n n2 n3 S0^2)``;
    - ``z = (E[C] - C)/sqrt(Var)``.

    spdep mixes n and n' in the variances (the terms ``3n``, ``n + 1`` and ``n n2 n3`` use all
    cases); this is reproduced so that the numbers agree with R. Without islands n = n' and these
    are Cliff & Ord's moments. ``adjust_n=False`` (spdep's ``adjust.n = FALSE``) uses n for n'.

    Examples
    --------
    >>> from spatial.weights import weights_from_neighbours
    >>> w = weights_from_neighbours({"a": ["b"], "b": ["a", "c"], "c": ["b", "d"], "d": ["c"]}, style="B")
    >>> round(float(geary([1.0, 2.0, 3.0, 4.0], w).table.loc[0, "C"]), 6)  # (3/12) * 6/5
    0.3
    """
    _check_alternative(alternative)
    frame = as_frame(data, weights)
    check_testable(frame, weights)
    x = frame.to_numpy()
    n = np.float64(x.shape[0])
    n_ = np.float64(weights.n_nonisland if adjust_n else x.shape[0])   # spdep's wc$n
    s0, s1, s2 = np.float64(weights.S0), np.float64(weights.S1), np.float64(weights.S2)
    nn = n_ * n_
    z = x - x.mean(axis=0)
    m2 = (z * z).sum(axis=0)
    k = n_ * (z ** 4).sum(axis=0) / m2 ** 2
    w = weights.sparse.tocoo()
    diff2 = (w.data[:, None] * (x[w.row] - x[w.col]) ** 2).sum(axis=0)
    c = (n_ - 1) * diff2 / (2 * s0 * m2)
    v_norm = np.full_like(c, ((2 * s1 + s2) * (n_ - 1) - 4 * s0 * s0) / (2 * (n + 1) * s0 * s0))
    with np.errstate(divide="ignore", invalid="ignore"):
        v_rand = ((n_ - 1) * s1 * (nn - 3 * n + 3 - k * (n_ - 1))
                  - 0.25 * (n_ - 1) * s2 * (nn + 3 * n - 6 - k * (nn - n + 2))
                  + s0 * s0 * (nn - 3 - k * (n_ - 1) ** 2)) / (n * (n_ - 2) * (n_ - 3) * s0 * s0)
    z_norm, z_rand = _z(1.0, c, v_norm), _z(1.0, c, v_rand)
    table = pd.DataFrame({"var": list(frame.columns), "C": c, "EC": 1.0, "VC_norm": v_norm, "VC_rand": v_rand,
                          "z_norm": z_norm, "z_rand": z_rand, "p_norm": _normal_p(z_norm, alternative),
                          "p_rand": _normal_p(z_rand, alternative)})
    return GearyC(table, weights, alternative)
