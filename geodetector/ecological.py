"""Ecological detector: do two factors explain significantly different shares of y?"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
import pandas as pd

from ._dist import f_ppf, f_sf
from ._results import ResultMixin
from ._source import make_source
from .errors import GeodetectorError
from .inference import check_alpha

METHODS = ("r", "ssw")


@dataclass(frozen=True)
class EcologicalDetectorResult(ResultMixin):
    """Result of :func:`ecological_detector`: one row per pair of factors.

    Columns: ``x1, x2, q1, q2, ssw1, ssw2, F, p_value, F_crit, significant`` (``F`` is
    ``q2/q1`` for ``method="r"`` and ``SSW1/SSW2`` for ``method="ssw"``).
    """

    y: str
    n: int
    method: str
    alpha: float
    table: pd.DataFrame = field(repr=False)
    _title = "Geographical detector: ecological detector"

    def _header(self):
        rule = ("R rule: significant when q1/q2 or q2/q1 > F(0.9; N-1, N-1)"
                if self.method == "r" else
                f"SSW-ratio F test (Wang et al. 2010), two-sided, alpha {self.alpha}")
        return [f"outcome: {self.y}   observations: {self.n}", rule]


def ecological_detector(data, y, factors=None, *, method="r", alpha=0.05):
    """Ecological detector for every pair of factors.

    Parameters
    ----------
    data : pandas.DataFrame or dask.dataframe.DataFrame
    y : str
    factors : list of str, optional
    method : {"r", "ssw"}
        ``"r"`` (default) reproduces R geodetector: significant when ``q2/q1`` or ``q1/q2``
        exceeds the 0.9 quantile of ``F(N-1, N-1)`` (``alpha`` is not used).  ``"ssw"`` is
        the test of Wang et al. (2010): ``F = N2 (N1-1) SSW1 / (N1 (N2-1) SSW2)`` with
        ``F(N1-1, N2-1)`` and a two-sided p-value compared with ``alpha``.
    alpha : float

    Returns
    -------
    EcologicalDetectorResult

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"y": [1.0, 1.1, 3.0, 3.2, 5.1, 4.9, 1.2, 3.1],
    ...                    "a": [1, 1, 2, 2, 3, 3, 1, 2], "b": [1, 2, 1, 2, 1, 2, 2, 1]})
    >>> bool(ecological_detector(df, "y", ["a", "b"]).table["significant"][0])
    True
    """
    if method not in METHODS:
        raise GeodetectorError(f"method must be one of {METHODS}, got {method!r}")
    alpha = check_alpha(alpha)
    source = make_source(data, y, factors)
    if len(source.factors) < 2:
        raise GeodetectorError("the ecological detector needs at least two factors")
    n = source.n
    strata = {f: source.strata((f,), method == "ssw") for f in source.factors}
    crit = float(f_ppf(0.9, n - 1, n - 1))
    rows = []
    for a, b in combinations(source.factors, 2):
        sa, sb = strata[a], strata[b]
        row = {"x1": a, "x2": b, "q1": sa.q, "q2": sb.q, "ssw1": sa.ssw, "ssw2": sb.ssw}
        if method == "r":
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = np.float64(sb.q) / np.float64(sa.q)
                inverse = np.float64(sa.q) / np.float64(sb.q)
            sig = bool((ratio > crit) or (inverse > crit))
            row.update(F=float(ratio), p_value=np.nan, F_crit=crit, significant=sig)
        else:
            na, nb = sa.n, sb.n
            with np.errstate(divide="ignore", invalid="ignore"):
                f = (nb * (na - 1) * sa.ssw) / (na * (nb - 1) * sb.ssw)
            upper = float(f_sf(f, na - 1, nb - 1))
            p = float(min(1.0, 2 * min(upper, 1 - upper)))
            row.update(F=float(f), p_value=p, F_crit=np.nan, significant=bool(p < alpha))
        rows.append(row)
    return EcologicalDetectorResult(y, n, method, alpha, pd.DataFrame(rows))
