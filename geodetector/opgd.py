"""Optimal-parameters geographical detector (OPGD, Song et al. 2020).

For each continuous variable, every discretisation method and class count is tried and the
one whose strata give the largest q is kept, as R ``GD::optidisc`` does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ._core import check_columns, response
from ._results import ResultMixin
from .discretize import METHODS, breaks, classify, discretize
from .progress import Progress
from .errors import GeodetectorError


@dataclass(frozen=True)
class OptimalDiscretizationResult(ResultMixin):
    """Result of :func:`optimal_discretization`.

    ``table`` (also :meth:`to_frame`) is the whole grid: ``variable, method, k, q,
    n_classes`` (``q`` NaN where GD leaves the cell empty: duplicated edges or a class with
    fewer than 2 observations).  ``best`` has one row per variable: ``variable, method, k,
    q, breaks``.
    """

    y: str
    n: int
    table: pd.DataFrame = field(repr=False)
    best: pd.DataFrame = field(repr=False)
    convention: str = "gd"
    _title = "Optimal discretisation (OPGD)"

    def _header(self):
        methods = ", ".join(self.table["method"].unique())
        ks = sorted(self.table["k"].unique())
        return [f"outcome: {self.y}   observations: {self.n}",
                f"methods: {methods}   classes: {ks[0]}..{ks[-1]}"]

    def _summary_frame(self):
        return self.best.drop(columns="breaks")

    def grid(self, variable: str) -> pd.DataFrame:
        """k x method table of q for one variable (R's ``qv.matrix``)."""
        t = self.table[self.table["variable"] == variable]
        return t.pivot(index="k", columns="method", values="q")[list(t["method"].unique())]

    def transform(self, data: pd.DataFrame) -> pd.DataFrame:
        """A copy of ``data`` with each searched variable replaced by its optimal strata."""
        out = data.copy()
        for r in self.best.itertuples(index=False):
            out[r.variable] = discretize(data[r.variable], edges=r.breaks)
        return out


def grid_q(resp, x, edges) -> tuple[float, int]:
    """q of the strata that ``edges`` cut ``x`` into, with GD's rules for empty cells."""
    if np.unique(edges).size != len(edges):
        return float("nan"), len(edges) - 1
    n_cls = len(edges) - 1
    cls = classify(x, edges)
    inside = (cls >= 1) & (cls <= n_cls)
    counts = np.bincount(cls, minlength=n_cls + 2)[1:n_cls + 1]
    if counts.min() < 2:
        return float("nan"), n_cls
    sums = np.bincount(cls, weights=resp.yc, minlength=n_cls + 2)[1:n_cls + 1]
    # GD's gd() leaves rows outside the edges (rounding of the geometric edges) out of the
    # strata but in the total sum of squares.
    sq_in = resp.sst if inside.all() else float(np.sum(resp.yc[inside] ** 2))
    ssw = sq_in - float(np.sum(sums * sums / counts))
    return float(1.0 - max(ssw, 0.0) / resp.sst), n_cls


def optimal_discretization(data, y, variables, *, methods=METHODS, ks=range(3, 9),
                           convention="gd", progress=None):
    """Search the discretisation (method and class count) that maximises q.

    Parameters
    ----------
    data : pandas.DataFrame
    y : str
        Numeric outcome.
    variables : list of str
        Continuous variables to discretise.
    methods : sequence of str
        Any of ``"equal", "natural", "quantile", "geometric", "sd"``.
    ks : iterable of int
        Class counts to try (R ``discitv``); 3..8 by default.
    convention : {"gd", "exact-k"}
        Passed to :func:`breaks`.
    progress : bool or callable, optional
        ``True`` draws a bar on stderr; a callable gets ``(done, total)``.

    Returns
    -------
    OptimalDiscretizationResult
        The winner of each variable is the first maximum in method-major order (R's
        ``which(q == max(q))[1]``).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(0)
    >>> x = rng.uniform(0, 10, 300)
    >>> df = pd.DataFrame({"y": np.floor(x / 2.5) + rng.normal(0, .1, 300), "x": x})
    >>> res = optimal_discretization(df, "y", ["x"], methods=["equal", "quantile"], ks=[3, 4])
    >>> res.best[["variable", "method", "k"]].values.tolist()
    [['x', 'equal', 4]]
    """
    variables = [variables] if isinstance(variables, str) else list(variables)
    check_columns(data, [y, *variables])
    methods, ks = list(methods), [int(k) for k in ks]
    bad = [m for m in methods if m not in METHODS]
    if bad:
        raise GeodetectorError(f"unknown method(s) {bad}; choose from {METHODS}")
    resp = response(data, y)
    if not ks or min(ks) < 2:
        raise GeodetectorError(f"ks must be class counts of at least 2, got {list(ks)}")
    if resp.n < 2 * min(ks):
        raise GeodetectorError(f"{resp.n} rows cannot make {min(ks)} classes of at least 2 observations each; "
                               "OPGD needs at least twice as many rows as classes")
    bar = Progress(len(variables) * len(methods) * len(ks), "OPGD", progress)
    rows, best = [], []
    for var in variables:
        x = data[var]
        values = x.to_numpy(dtype=float, na_value=np.nan) if len(x) else np.array([])
        top = None
        for m in methods:
            for k in ks:
                edges = breaks(x, m, k, convention=convention)
                q, n_cls = grid_q(resp, values, edges)
                rows.append({"variable": var, "method": m, "k": k, "q": q,
                             "n_classes": n_cls})
                if np.isfinite(q) and (top is None or q > top[2]):
                    top = (m, k, q, edges.tolist())
                bar.step()
        if top is None:
            raise GeodetectorError(f"no discretisation of {var!r} gives every class at least two "
                             f"observations; try fewer classes")
        best.append({"variable": var, "method": top[0], "k": top[1], "q": top[2],
                     "breaks": top[3]})
    bar.close()
    return OptimalDiscretizationResult(y, resp.n, pd.DataFrame(rows), pd.DataFrame(best),
                                       convention)
