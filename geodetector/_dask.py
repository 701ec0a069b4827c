"""Dask DataFrames: the same aggregates, computed as partial sums on the cluster.

Each partition contributes per-stratum counts, sums, sums of squares, minima and maxima of the
centred outcome; Dask's groupby tree-reduces them, and only these small tables come back to
the client.  Two passes are made: one for the mean (to centre ``y``) and the checks, one for
the aggregates of every factor and cross requested, all in a single ``dask.compute``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._core import CONTINUOUS_MAX_STRATA, Strata
from .errors import (
    ColumnNotFoundError,
    ContinuousFactorError,
    GeodetectorError,
    MissingValueError,
    NonNumericError,
    SingleStratumError,
)

_YC, _YC2 = "__geodetector_yc", "__geodetector_yc2"


class DaskSource:
    """Aggregates of a Dask DataFrame, fetched in bulk through :meth:`prefetch`."""

    def __init__(self, data, y, factors, *, check_continuous: bool = True):
        import dask

        if factors is None:
            factors = [c for c in data.columns if c != y]
        factors = [factors] if isinstance(factors, str) else list(factors)
        missing = [c for c in [y, *factors] if c not in data.columns]
        if missing:
            raise ColumnNotFoundError(f"column(s) {missing} not in data; available: "
                                      f"{list(data.columns)}")
        if not factors:
            raise GeodetectorError("no factors given")
        if y in factors:
            raise GeodetectorError(f"the outcome {y!r} cannot also be a factor")
        if not pd.api.types.is_numeric_dtype(data[y].dtype):
            raise NonNumericError(f"outcome column {y!r} must be numeric "
                                  f"(dtype {data[y].dtype})")
        self.y, self.factors, self.data = y, factors, data
        col = data[y].astype(float)
        n, total, bad, *na = dask.compute(
            col.count(), col.sum(), (~np.isfinite(col)).sum() + col.isna().sum(),
            *[data[f].isna().sum() for f in factors])
        if bad:
            raise MissingValueError(f"outcome column {y!r} has {int(bad)} missing or infinite "
                                    f"value(s); drop or impute them first")
        for f, k in zip(factors, na):
            if k:
                raise MissingValueError(f"factor {f!r} has {int(k)} missing value(s); drop "
                                        f"those rows or give them their own stratum")
        self.n = int(n)
        if self.n < 2:
            raise GeodetectorError(f"need at least 2 rows, got {self.n}")
        self.shift = float(total) / self.n
        yc = col - self.shift
        self._frame = data[factors].assign(**{_YC: yc, _YC2: yc * yc})
        self.sst = float(self._frame[_YC2].sum().compute())
        if self.sst == 0.0:
            raise GeodetectorError(f"outcome column {y!r} is constant: there is no "
                                   f"heterogeneity to explain")
        self.check_continuous = check_continuous
        self._cache: dict = {}
        self.prefetch([(f,) for f in factors])

    def prefetch(self, names_list) -> None:
        """Compute the aggregates of every (crossed) factor in ``names_list`` at once."""
        import dask

        todo = [tuple(n) for n in names_list if tuple(n) not in self._cache]
        if not todo:
            return
        aggs = {_YC: ["count", "sum", "min", "max"], _YC2: "sum"}
        tables = dask.compute(*[self._frame.groupby(list(names)).agg(aggs) for names in todo])
        for names, table in zip(todo, tables):
            self._cache[names] = self._build(names, table)

    def _build(self, names, table: pd.DataFrame) -> Strata:
        table = table.sort_index()
        idx = table.index
        if len(names) == 1:
            labels = np.array([_label(v) for v in idx], dtype=object).astype(str)
            self._check(names[0], idx, labels)
        else:
            labels = np.array(["_".join(_label(p) for p in t) for t in idx],
                              dtype=object).astype(str)
        counts = table[(_YC, "count")].to_numpy(dtype=float)
        sums = table[(_YC, "sum")].to_numpy(dtype=float)
        sumsq = table[(_YC2, "sum")].to_numpy(dtype=float)
        const = (table[(_YC, "min")] == table[(_YC, "max")]).to_numpy()
        # one-pass within sums of squares on the centred y; exact zeros for constant strata
        wss = np.where(const, 0.0, np.maximum(sumsq - sums * sums / counts, 0.0))
        return Strata(" ∩ ".join(names), labels, counts, sums, wss, const, self.shift,
                      self.sst)

    def _check(self, name, idx, labels):
        if labels.shape[0] < 2:
            raise SingleStratumError(f"factor {name!r} has a single stratum ({labels[0]!r}); "
                                     f"a factor needs at least two strata")
        if not self.check_continuous:
            return
        values = np.asarray(idx)
        looks_float = (values.dtype.kind == "f" and labels.shape[0] > CONTINUOUS_MAX_STRATA
                       and np.any(values != np.round(values)))
        if looks_float or labels.shape[0] > self.n / 2:
            raise ContinuousFactorError(
                f"factor {name!r} looks continuous ({labels.shape[0]} strata in {self.n} "
                f"rows); discretise it first with geodetector.discretize")

    def strata(self, names: tuple, full: bool = True) -> Strata:
        names = tuple(names)
        if names not in self._cache:
            self.prefetch([names])
        return self._cache[names]


def _label(v) -> str:
    if isinstance(v, (float, np.floating)) and float(v).is_integer():
        return str(int(v))
    return str(v)
