"""Same-colour join counts of crisp (0/1) sets, as spdep's ``joincount.test`` (nonfree sampling).

For a level with indicator ``d`` and ``k`` members among all n cases, and ``N = n'`` cases with
neighbours (``N1 = N - 1`` and so on; Cliff & Ord 1981, sampling without replacement):

- ``jc = 1/2 sum_ij w_ij d_i d_j`` (weights in the chosen style);
- ``E[jc] = S0 k(k - 1) / (2 N N1)``;
- ``Var[jc] = 1/4 [S1 k(k-1)/(N N1) + (S2 - 2 S1) k(k-1)(k-2)/(N N1 N2)
  + (S0^2 + S1 - S2) k(k-1)(k-2)(k-3)/(N N1 N2 N3)] - E[jc]^2``;
- ``z = (jc - E[jc]) / sqrt(Var[jc])``, ``p = 1 - Phi(z)`` (more same-colour joins than chance:
  the members cluster); undefined when the variance is 0 (a level with one member).

A test is made for each level present (0 and 1), as spdep does for ``factor(x)``.

Examples
--------
>>> from spatial.weights import weights_from_neighbours
>>> w = weights_from_neighbours({"a": ["b"], "b": ["a", "c"], "c": ["b", "d"], "d": ["c"]}, style="B")
>>> t = join_counts([1, 1, 0, 0], w).table
>>> t[["level", "n_level", "jc", "E_jc"]].to_dict("list")
{'level': ['0', '1'], 'n_level': [2, 2], 'jc': [1.0, 1.0], 'E_jc': [0.5, 0.5]}
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import norm

from .data import as_frame, check_testable
from ._table import TableResult
from .errors import SpatialInputError
from .weights import SpatialWeights

__all__ = ["JoinCounts", "join_counts", "is_crisp"]


def is_crisp(values) -> bool:
    """Whether every value is 0 or 1."""
    v = np.asarray(values, dtype=float)
    return bool(np.isin(v, (0.0, 1.0)).all())


@dataclass(frozen=True, eq=False)
class JoinCounts(TableResult):
    """Join-count tests; ``table``: ``var, level, n_level, jc, E_jc, Var_jc, z, p``."""

    adjust_n: bool = True

    _title = "Join counts (same colour, nonfree sampling)"

    def _notes(self) -> list[str]:
        return ["p = 1 - Phi(z): more same-colour joins than chance means the level's cases cluster",
                (f"N = {self.weights.n_nonisland} cases with neighbours (islands count in the level sizes only)"
                 if self.adjust_n else f"N = all {self.weights.n} cases (adjust_n=False)")]


def join_counts(data, weights: SpatialWeights, *, adjust_n: bool = True) -> JoinCounts:
    """Join-count tests of every crisp (0/1) variable of ``data`` (others are refused).

    ``adjust_n=False`` (spdep's ``adjust.n = FALSE``) counts islands in N.
    """
    frame = as_frame(data, weights)
    check_testable(frame, weights)
    for col in frame.columns:
        if not is_crisp(frame[col]):
            raise SpatialInputError(f"variable {col!r} is not crisp (0/1): join counts need a crisp set")
    w = weights.sparse
    s0, s1, s2 = weights.S0, weights.S1, weights.S2
    # float64: with n' < 4, 0/0 is NaN as in R instead of an error
    nn = np.float64(weights.n_nonisland if adjust_n else weights.n)
    n1, n2, n3 = nn - 1, nn - 2, nn - 3
    rows = []
    for col in frame.columns:
        x = frame[col].to_numpy()
        for level in (0.0, 1.0):
            d = (x == level).astype(float)
            k = int(d.sum())
            if k == 0:
                continue
            jc = 0.5 * float(d @ (w @ d))
            with np.errstate(divide="ignore", invalid="ignore"):
                ejc = s0 * k * (k - 1) / (2 * nn * n1)
                var = 0.25 * (s1 * k * (k - 1) / (nn * n1)
                              + (s2 - 2 * s1) * k * (k - 1) * (k - 2) / (nn * n1 * n2)
                              + (s0 * s0 + s1 - s2) * k * (k - 1) * (k - 2) * (k - 3) / (nn * n1 * n2 * n3)) \
                    - ejc ** 2
                z = (jc - ejc) / np.sqrt(var) if var > 0 else np.nan
            rows.append({"var": col, "level": str(int(level)), "n_level": k, "jc": jc, "E_jc": ejc, "Var_jc": var,
                         "z": z, "p": float(norm.sf(z)) if np.isfinite(z) else np.nan})
    return JoinCounts(pd.DataFrame(rows), weights, bool(adjust_n))
