"""The ecological detector under each convention in use.

Three packages answer "do two factors explain significantly different shares of y?"
differently, and papers follow one of them:

- ``"geodetector"`` (R ``geodetector`` 1.0-5, Wang & Xu 2017; this package's default, as in
  :func:`geodetector.ecological_detector`): q with one-observation strata kept, statistic
  q2/q1, significant when q2/q1 or q1/q2 exceeds the 0.9 quantile of F(N-1, N-1);
- ``"GD"`` (R ``GD`` 10.8, Song et al. 2020): the same rule on q with one-observation strata
  dropped;
- ``"gdverse"`` (gdverse 1.7, Lyu et al. 2025): F = (1 - q1)/(1 - q2) with q as GD (labels
  through ``all2int``), p = P(F(n-1, n-1) > F) on all n rows, significant when p < 0.05.
  The test is one-sided, so with gdverse's single direction a pair whose first variable is
  stronger is never significant: by default both directions are reported.

Examples
--------
>>> import pandas as pd
>>> d = pd.DataFrame({"y": [1.0, 1.1, 3.0, 3.2, 5.1, 4.9, 1.2, 3.1],
...                   "a": [1, 1, 2, 2, 3, 3, 1, 2], "b": [1, 2, 1, 2, 1, 2, 2, 1]})
>>> ecological_convention(d, "y", ["a", "b"]).pairs["significant"].tolist()
[True]
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ._dist import f_ppf, f_sf
from .errors import GeodetectorError
from .gdcore import all2int, check_labels, numeric_column, pair_list, strata_of
from .gdresults import EcologicalConventionResult

__all__ = ["ecological_convention", "CONVENTIONS", "DEFAULT_CONVENTION"]

CONVENTIONS = ("geodetector", "GD", "gdverse")
#: The package's choice (R geodetector's rule), kept as the default.
DEFAULT_CONVENTION = "geodetector"


def _q(y, labels, drop):
    s = strata_of(y, labels, drop_singletons=drop)
    if s is None or s.n_strata < 2:
        return 0.0
    return 1.0 - float(s.wss.sum()) / s.sst


def ecological_convention(data: pd.DataFrame, y: str, x, *,
                          convention: str = DEFAULT_CONVENTION,
                          orders: str = "both") -> EcologicalConventionResult:
    """Ecological detector for every pair of ``x`` under ``convention``.

    Parameters
    ----------
    convention : {"geodetector", "GD", "gdverse"}
        See the module notes; ``"geodetector"`` is the package's default.
    orders : {"both", "gdverse"}
        For ``"gdverse"`` only: test each pair in both directions (default, the answer does
        not depend on the order of ``x``) or only in ``combn`` order (gdverse's output).

    Returns
    -------
    EcologicalConventionResult
        Table ``pairs``: ``x1, x2, q1, q2, statistic, significant`` (+ ``p_value``, gdverse).
    """
    if convention not in CONVENTIONS:
        raise GeodetectorError(f"convention must be one of {', '.join(CONVENTIONS)}, "
                               f"got {convention!r}")
    x = [x] if isinstance(x, str) else list(x)
    if len(x) < 2:
        raise GeodetectorError("the ecological detector needs at least two variables")
    yv = numeric_column(data, y)
    check_labels(data, x)
    n = len(yv)
    if convention == "gdverse":
        q = {c: _q(yv, all2int(data[c]), True) for c in x}
    else:
        q = {c: _q(yv, data[c].astype(str).to_numpy(), convention == "GD") for c in x}
    crit = float(f_ppf(0.9, n - 1, n - 1))
    rows = []
    for a, b in pair_list(x):
        directions = [(a, b), (b, a)] if convention == "gdverse" and orders == "both" else [(a, b)]
        for v1, v2 in directions:
            with np.errstate(divide="ignore", invalid="ignore"):
                if convention == "gdverse":
                    stat = (1 - q[v1]) / (1 - q[v2])
                    p = float(f_sf(stat, n - 1, n - 1))
                    rows.append({"x1": v1, "x2": v2, "q1": q[v1], "q2": q[v2],
                                 "statistic": float(stat), "p_value": p,
                                 "significant": bool(p < 0.05)})
                else:
                    stat = np.float64(q[v2]) / np.float64(q[v1])
                    inv = np.float64(q[v1]) / np.float64(q[v2])
                    rows.append({"x1": v1, "x2": v2, "q1": q[v1], "q2": q[v2],
                                 "statistic": float(stat), "F_crit": crit,
                                 "significant": bool(stat > crit or inv > crit)})
    notes = {
        "geodetector": "R geodetector's rule: significant when q2/q1 or q1/q2 > F(0.9; N-1, "
                       "N-1); one-observation strata kept (this package's default convention)",
        "GD": "R GD's rule: significant when q2/q1 or q1/q2 > F(0.9; N-1, N-1); "
              "one-observation strata dropped before q",
        "gdverse": "gdverse's test: F = (1 - q1)/(1 - q2), p = P(F(n-1, n-1) > F), significant "
                   "when p < 0.05; one-sided ('x2 explains more than x1')" +
                   ("; each pair tested in both directions" if orders == "both" else
                    "; gdverse's single direction (order-dependent)")}[convention]
    return EcologicalConventionResult(y, n, {"pairs": pd.DataFrame(rows)},
                                      scalars={"convention": convention},
                                      settings={"convention": convention}, notes_=(notes,))
