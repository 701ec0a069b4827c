"""Interaction detector: q of crossed factors and the type of each pairwise interaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
import pandas as pd

from ._core import check_columns
from ._results import ResultMixin
from ._source import make_source
from .progress import Progress

TYPES = ("nonlinear weaken", "uni-variable weaken", "bi-variable enhance", "independent",
         "nonlinear enhance")

#: Default tolerance for ties between q12 and min(q1, q2), max(q1, q2) or q1 + q2.
TIE_TOL = 1e-10


def interaction_type(q1: float, q2: float, q12: float, tol: float = TIE_TOL) -> str:
    """Wang's five interaction types, with ties resolved within ``tol``.

    ``q12 < min - tol`` is *nonlinear weaken*; up to ``max + tol`` it is *uni-variable weaken*
    (a tie with ``min`` or ``max`` counts as uni-variable); within ``tol`` of ``q1 + q2`` it is
    *independent* (checked first, so that a factor with q = 0 that adds nothing is
    independent); below ``q1 + q2`` *bi-variable enhance*; above it *nonlinear enhance*.

    Examples
    --------
    >>> interaction_type(0.3, 0.2, 0.45)
    'bi-variable enhance'
    >>> interaction_type(0.3, 0.2, 0.5)
    'independent'
    """
    lo, hi, total = min(q1, q2), max(q1, q2), q1 + q2
    if abs(q12 - total) <= tol:
        return "independent"
    if q12 < lo - tol:
        return "nonlinear weaken"
    if q12 <= hi + tol:
        return "uni-variable weaken"
    if q12 < total:
        return "bi-variable enhance"
    return "nonlinear enhance"


@dataclass(frozen=True)
class InteractionDetectorResult(ResultMixin):
    """Result of :func:`interaction_detector`.

    ``table`` has one row per pair: ``x1, x2, q1, q2, q12, type, n_strata_12``.
    """

    y: str
    n: int
    factors: tuple
    tol: float
    table: pd.DataFrame = field(repr=False)
    _title = "Geographical detector: interaction detector"

    def _header(self):
        return [f"outcome: {self.y}   observations: {self.n}   tie tolerance: {self.tol:g}"]

    def matrix(self) -> pd.DataFrame:
        """Symmetric factor x factor matrix: q on the diagonal, q(Xi ∩ Xj) off it."""
        return self._square("q12", lambda f: self._q[f])

    def types(self) -> pd.DataFrame:
        """Factor x factor matrix of interaction types (empty strings on the diagonal)."""
        return self._square("type", lambda f: "")

    @property
    def _q(self):
        q = {}
        for r in self.table.itertuples(index=False):
            q[r.x1], q[r.x2] = r.q1, r.q2
        return q

    def _square(self, column, diag):
        names = list(self.factors)
        out = pd.DataFrame(index=names, columns=names, dtype=object)
        for r in self.table.itertuples(index=False):
            v = getattr(r, column)
            out.loc[r.x1, r.x2] = out.loc[r.x2, r.x1] = v
        for f in names:
            out.loc[f, f] = diag(f) if f in self._q else np.nan
        return out.astype(float) if column == "q12" else out


def interaction_detector(data, y, factors=None, *, tol=TIE_TOL, progress=None):
    """Interaction detector: q(Xi ∩ Xj) for every pair of factors and its type.

    The strata of ``Xi ∩ Xj`` are all non-empty combinations of a stratum of ``Xi`` and one of
    ``Xj`` (R's ``paste(x1, x2)``).

    Parameters
    ----------
    data : pandas.DataFrame or dask.dataframe.DataFrame
    y : str
    factors : list of str, optional
    tol : float
        Tie tolerance of :func:`interaction_type`.
    progress : bool or callable, optional
        ``True`` draws a bar on stderr; a callable gets ``(done, total)``.

    Returns
    -------
    InteractionDetectorResult

    Examples
    --------
    >>> import pandas as pd
    >>> from geodetector import interaction_detector
    >>> df = pd.DataFrame({"y": [0., 1, 1, 0, 0, 1, 1, 0],
    ...                    "a": [0, 0, 1, 1, 0, 0, 1, 1],
    ...                    "b": [0, 1, 0, 1, 0, 1, 0, 1]})
    >>> res = interaction_detector(df, "y", ["a", "b"])
    >>> res.table[["q1", "q2", "q12", "type"]].values.tolist()
    [[0.0, 0.0, 1.0, 'nonlinear enhance']]
    """
    source = make_source(data, y, factors)
    names = source.factors
    if len(names) < 2:
        raise ValueError("the interaction detector needs at least two factors")
    pairs = list(combinations(names, 2))
    source.prefetch(pairs)  # with Dask: the factors and all pairs in one pass
    q = {f: source.strata((f,), False).q for f in names}
    bar = Progress(len(pairs), "interaction", progress)
    rows = []
    for a, b in pairs:
        s = source.strata((a, b), False)
        rows.append({"x1": a, "x2": b, "q1": q[a], "q2": q[b], "q12": s.q,
                     "type": interaction_type(q[a], q[b], s.q, tol), "n_strata_12": s.n_strata})
        bar.step()
    bar.close()
    return InteractionDetectorResult(y, source.n, tuple(names), tol, pd.DataFrame(rows))


def interaction_q(data, y, factors) -> float:
    """q of the cross of any number of factors (e.g. the core conditions of a configuration).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"y": [0., 1, 1, 0, 2, 3, 3, 2],
    ...                    "a": [0, 0, 1, 1, 0, 0, 1, 1],
    ...                    "b": [0, 1, 0, 1, 0, 1, 0, 1],
    ...                    "c": [0, 0, 0, 0, 1, 1, 1, 1]})
    >>> interaction_q(df, "y", ["a", "b", "c"])
    1.0
    """
    factors = [factors] if isinstance(factors, str) else list(factors)
    source = make_source(data, y, factors)
    return source.strata(tuple(factors), False).q


def cross(data: pd.DataFrame, factors, sep: str = "_") -> pd.Series:
    """Labels of the crossed strata of ``factors`` (``"a_b_c"``), to use as a new factor.

    Examples
    --------
    >>> import pandas as pd
    >>> cross(pd.DataFrame({"a": [1, 2], "b": ["x", "y"]}), ["a", "b"]).tolist()
    ['1_x', '2_y']
    """
    factors = list(factors)
    check_columns(data, factors)
    out = data[factors[0]].astype(str)
    for f in factors[1:]:
        out = out + sep + data[f].astype(str)
    return out.rename(" ∩ ".join(factors))
