"""Local Moran (LISA, Anselin 1995): spdep's analytic moments, conditional permutation p-values,
quadrants and cluster labels for maps.

With ``z = x - mean(x)`` and ``m2 = sum z^2 / n`` over **all** n cases (islands included),
``W_i = sum_j w_ij`` and ``W_i2 = sum_j w_ij^2`` (spdep 1.2-7's ``localmoran`` defaults:
``conditional = TRUE``, ``mlvar = TRUE``):

- ``Ii = (z_i / m2) * sum_j w_ij z_j``;
- ``E[Ii] = -z_i^2 W_i / ((n - 1) m2)``;
- ``Var[Ii] = (z_i / m2)^2 * n/(n - 2) * (W_i2 - W_i^2/(n - 1)) * (m2 - z_i^2/(n - 1))``
  (Sokal, Oden & Thomson 1998, eqs. A7-A8: the moments conditional on the case's own value,
  contributed to spdep by Sauer and Wolf; older spdep and Anselin 1995 use the total
  randomisation moments, esda reports none);
- ``Z = (Ii - E[Ii]) / sqrt(Var[Ii])``, ``p = 2 (1 - Phi(|Z|))``; undefined (None) when the
  variance is 0. An island has ``Ii = E = Var = 0`` and no Z or p.

**Conditional permutation** (Anselin 1995; esda's ``crand``): x_i stays, and its k_i neighbour
slots receive k_i values drawn without replacement from the other n - 1 cases. As in esda, one
matrix of draws serves every case (and here every variable), which makes 9,999 permutations of
thousands of cases cheap. The p-value is the folded pseudo p-value of esda and GeoDa,
``(min(#{I* >= Ii}, #{I* <= Ii}) + 1) / (N + 1)`` (:mod:`libdigigov.significance`); draws are
compared with the observed lag within ``1e-10`` of the variable's scale, so that exact ties
(crisp data) are ties whatever the order of summation.

**Quadrants** ("x part-lag part", "Low" at or below the threshold): ``mean`` (x vs its mean, the
lag vs the mean of all lags), ``median`` (both vs their medians), ``pysal`` (z vs 0, the lag of z
vs 0), as spdep's ``attr(, "quadr")``. **Clusters** for maps: HH, LL, HL, LH where the p-value
(permutation when drawn, else analytic; Benjamini-Hochberg adjusted on request) is at most
``alpha``, ``not significant`` otherwise, ``no neighbours`` for an island.

Examples
--------
>>> from spatial.weights import weights_from_neighbours
>>> w = weights_from_neighbours({"a": ["b"], "b": ["a", "c"], "c": ["b", "d"], "d": ["c"]}, style="W")
>>> r = local_moran([1.0, 2.0, 3.0, 4.0], w)
>>> r.table[["case", "Ii", "quadrant_mean"]].round(3).to_dict("list")
{'case': ['a', 'b', 'c', 'd'], 'Ii': [0.6, 0.2, 0.2, 0.6], 'quadrant_mean': ['Low-Low', 'Low-Low', 'High-High', 'High-High']}
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import norm

from libdigigov.significance import check_permutations_count, fdr_bh, pvalue_from_counts, seeded_rng

from .data import as_frame, check_testable
from ._table import TableResult
from .errors import SpatialInputError
from .weights import SpatialWeights

__all__ = ["LocalMoran", "local_moran", "QUADRANTS", "CLUSTERS", "quadrant_labels"]

QUADRANTS = ("mean", "median", "pysal")
#: Cluster labels of a LISA map, in legend order.
CLUSTERS = ("HH", "LL", "HL", "LH", "not significant", "no neighbours")
_SHORT = {"High-High": "HH", "Low-Low": "LL", "High-Low": "HL", "Low-High": "LH"}


def quadrant_labels(xpart: np.ndarray, lagpart: np.ndarray) -> np.ndarray:
    """``"Low"``/``"High"`` for each part (Low when <= 0), joined as ``"x-lag"``."""
    a = np.where(xpart <= 0, "Low", "High")
    b = np.where(lagpart <= 0, "Low", "High")
    return np.char.add(np.char.add(a, "-"), b)


@dataclass(frozen=True, eq=False)
class LocalMoran(TableResult):
    """Local Moran of one or more variables; see :func:`local_moran`.

    ``table`` is long: one row per (variable, case) with ``Ii, E_Ii, Var_Ii, Z_Ii, p, lag``, the
    three quadrants, ``p_perm`` (None without permutations), ``p_used`` (the p-value the cluster
    rests on, after the FDR adjustment when chosen) and ``cluster``.
    """

    permutations: int = 0
    seed: int | None = None
    alpha: float = 0.05
    fdr: bool = False
    quadrant: str = "pysal"

    _title = "Local Moran (LISA)"

    @property
    def variables(self) -> list[str]:
        return list(dict.fromkeys(self.table["var"]))

    def variable(self, var: str) -> pd.DataFrame:
        """The rows of one variable, indexed by case."""
        if var not in self.variables:
            raise SpatialInputError(f"no variable {var!r} (have: {', '.join(self.variables)})")
        return self.table[self.table["var"] == var].drop(columns="var").set_index("case")

    def clusters(self) -> pd.DataFrame:
        """Cluster labels, cases x variables (see :data:`CLUSTERS`)."""
        return self.table.pivot(index="case", columns="var", values="cluster").loc[
            list(self.weights.names), self.variables]

    def _display_frame(self) -> pd.DataFrame:
        counts = self.table.groupby("var", sort=False)["cluster"].value_counts().unstack(fill_value=0)
        return counts.reindex(columns=[c for c in CLUSTERS if c in counts.columns]).reset_index()

    def _header(self) -> list[str]:
        src = (f"{self.permutations} conditional permutations (seed {self.seed})" if self.permutations
               else "analytic p-values (conditional moments)")
        return [f"{self.weights.n} cases, style {self.weights.style}; clusters at p <= {self.alpha:g} from {src}"
                + ("; Benjamini-Hochberg adjusted" if self.fdr else "") + f"; quadrants: {self.quadrant}"]

    def _notes(self) -> list[str]:
        notes = ["cluster counts per variable shown; to_frame() gives every case"]
        if not self.fdr:
            notes.append(f"p-values not adjusted for the {self.weights.n} tests per variable (fdr=True adjusts them)")
        if self.weights.islands:
            notes.append(f"no neighbours (no local statistic): {', '.join(self.weights.islands)}")
        return notes

    def _dict(self) -> dict:
        return {"table": self.table.to_dict(orient="records"), "permutations": self.permutations,
                "seed": self.seed, "alpha": self.alpha, "fdr": self.fdr, "quadrant": self.quadrant}


def local_moran(data, weights: SpatialWeights, *, permutations: int = 0, seed: int | None = None,
                alpha: float = 0.05, fdr: bool = False, quadrant: str = "pysal") -> LocalMoran:
    """Local Moran's I_i of every case, with spdep's analytic moments and, optionally,
    conditional permutation p-values (see the module docstring).

    Parameters
    ----------
    data : pandas.Series, DataFrame or array
        One or more variables, indexed by case (aligned to the weights).
    weights : SpatialWeights
    permutations : int, default 0
        Conditional permutations per case (e.g. 9,999); 0 uses the analytic p-values for clusters.
    seed : int, optional
    alpha : float, default 0.05
        Level at which a case is a cluster or outlier.
    fdr : bool, default False
        Adjust the p-values of each variable by Benjamini & Hochberg (1995) before ``alpha``.
    quadrant : {"pysal", "mean", "median"}
        The quadrant scheme of the cluster labels; "pysal" (z and its lag against 0) is the
        Moran scatterplot's, as GeoDa and esda draw LISA maps.
    """
    if quadrant not in QUADRANTS:
        raise SpatialInputError(f"quadrant must be one of {', '.join(QUADRANTS)}, got {quadrant!r}")
    if not 0 < alpha < 1:
        raise SpatialInputError(f"alpha must lie between 0 and 1, got {alpha!r}")
    permutations = check_permutations_count(permutations, error=SpatialInputError)
    frame = as_frame(data, weights)
    check_testable(frame, weights)
    x = frame.to_numpy()
    n = x.shape[0]
    w = weights.sparse
    z = x - x.mean(axis=0)
    m2 = (z * z).sum(axis=0) / n
    lz = w @ z
    lag = w @ x
    wi = np.asarray(w.sum(axis=1)).ravel()[:, None]
    wi2 = np.asarray(w.multiply(w).sum(axis=1)).ravel()[:, None]
    ii = z / m2 * lz
    e_ii = -(z ** 2) * wi / ((n - 1) * m2)
    var_ii = (z / m2) ** 2 * (n / (n - 2)) * (wi2 - wi ** 2 / (n - 1)) * (m2 - z ** 2 / (n - 1))
    island = (weights.cardinalities == 0)[:, None] & np.ones_like(z, dtype=bool)
    ii, e_ii, var_ii = (np.where(island, 0.0, a) for a in (ii, e_ii, var_ii))
    with np.errstate(invalid="ignore", divide="ignore"):
        zi = np.where(~island & (var_ii > 0), (ii - e_ii) / np.sqrt(np.where(var_ii > 0, var_ii, 1.0)), np.nan)
    p = 2 * norm.sf(np.abs(zi))
    q_mean = quadrant_labels(z, lag - lag.mean(axis=0))
    q_median = quadrant_labels(x - np.median(x, axis=0), lag - np.median(lag, axis=0))
    q_pysal = quadrant_labels(z, lz)
    p_perm, used_seed = None, None
    if permutations:
        rng, used_seed = seeded_rng(seed, error=SpatialInputError)
        p_perm = _conditional_pvalues(z, lz, weights, permutations, rng)
        p_perm = np.where(island, np.nan, p_perm)
    p_base = p_perm if p_perm is not None else p
    p_used = p_base.copy()
    if fdr:
        for v in range(x.shape[1]):
            ok = np.isfinite(p_base[:, v])
            p_used[ok, v] = fdr_bh(p_base[ok, v])
    scheme = {"mean": q_mean, "median": q_median, "pysal": q_pysal}[quadrant]
    short = np.vectorize(_SHORT.get, otypes=[object])(scheme)
    cluster = np.where(island, "no neighbours", np.where(np.nan_to_num(p_used, nan=1.0) <= alpha, short,
                                                         "not significant"))
    cases = np.asarray(weights.names, dtype=object)
    parts = []
    for v, var in enumerate(frame.columns):
        parts.append(pd.DataFrame({
            "var": var, "case": cases, "Ii": ii[:, v], "E_Ii": e_ii[:, v], "Var_Ii": var_ii[:, v], "Z_Ii": zi[:, v],
            "p": p[:, v], "lag": lag[:, v], "quadrant_mean": q_mean[:, v], "quadrant_median": q_median[:, v],
            "quadrant_pysal": q_pysal[:, v], "p_perm": None if p_perm is None else p_perm[:, v],
            "p_used": p_used[:, v], "cluster": cluster[:, v]}))
    table = pd.concat(parts, ignore_index=True)
    return LocalMoran(table, weights, permutations, used_seed, float(alpha), bool(fdr), quadrant)


def _conditional_pvalues(z: np.ndarray, lz: np.ndarray, weights: SpatialWeights, permutations: int, rng):
    """Folded conditional-permutation p-values of Ii (cases x variables)."""
    from ._kernels import conditional_lag_counts, draws_without_replacement

    n = z.shape[0]
    w = weights.sparse
    kmax = int(weights.cardinalities.max())
    draws = draws_without_replacement(rng, permutations, n - 1, kmax)
    rowmax = float(np.abs(w).sum(axis=1).max())
    tol = 1e-10 * np.abs(z).max(axis=0) * max(rowmax, 1.0)
    # the observed lag summed in the kernel's order, so that exact ties compare equal
    observed = np.ascontiguousarray(lz)
    ge, le = conditional_lag_counts(np.ascontiguousarray(z), w.indptr.astype(np.int64), w.data.astype(float),
                                    draws, observed, tol)
    # Ii = (z_i/m2) * lag: a case below the mean turns the order of the lags around
    neg = z < 0
    ge_i, le_i = np.where(neg, le, ge), np.where(neg, ge, le)
    zero = z == 0                     # Ii is 0 whatever the draw: every draw ties
    ge_i, le_i = np.where(zero, permutations, ge_i), np.where(zero, permutations, le_i)
    return pvalue_from_counts(np.minimum(ge_i, le_i), permutations)     # folded: the smaller tail
