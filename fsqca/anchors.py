"""Calibration anchors: raw values, percentiles, mean or median of the data.

This module is the single place where anchors are computed from data, so that calibration,
per-condition reports and robustness checks agree on what "the 95th percentile" means.

Percentile definition
---------------------
``method="linear"`` (the default) is numpy's default, Hyndman & Fan (1996) type 7: R's default
``quantile()`` and Excel's ``PERCENTILE.INC``. ``method="weibull"`` is type 6, the definition of
SPSS (``FREQUENCIES /PERCENTILES``, HAVERAGE) and Excel's ``PERCENTILE.EXC``; use it to
reproduce anchors that were read off SPSS output before being typed into fsQCA 3.0 (whose
calibrate dialog takes the anchors as raw numbers). Any other ``method`` accepted by
:func:`numpy.percentile` is passed through.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from numbers import Real

import numpy as np
import pandas as pd

from libdigigov.results import Result

from ._validate import _labels as _rows
from .errors import AnchorError, CalibrationError, CalibrationTypeError, QCAInputError

__all__ = ["Anchors", "anchors_from_data", "resolve_anchor", "AnchorError", "CalibrationError",
           "CalibrationTypeError"]

ROLES = ("exclusion", "crossover", "inclusion")
_PCT = re.compile(r"^\s*p(?:ct)?\s*(\d+(?:\.\d*)?|\.\d+)\s*%?\s*$", re.IGNORECASE)




@dataclass(frozen=True)
class Anchors(Result):
    """Three calibration anchors and how each was obtained.

    Attributes
    ----------
    exclusion, crossover, inclusion : float
        Raw values of full non-membership, the point of maximum ambiguity (0.5) and full
        membership. ``inclusion < crossover < exclusion`` describes a decreasing set.
    sources : tuple of str
        How each anchor was computed, e.g. ``("p5 (linear)", "mean", "p95 (linear)")`` or
        ``"value"`` for a number given directly.
    name : str or None
        Name of the variable the anchors belong to (for reports).
    """

    exclusion: float
    crossover: float
    inclusion: float
    sources: tuple = ("value", "value", "value")
    name: str | None = None

    def __post_init__(self):
        values = (self.exclusion, self.crossover, self.inclusion)
        where = f" for {self.name!r}" if self.name is not None else ""
        for role, v in zip(ROLES, values):
            if not isinstance(v, Real) or not math.isfinite(v):
                raise AnchorError(f"{role} anchor{where} must be a finite number, got {v!r}")
        e, c, i = values
        if not (e < c < i or i < c < e):
            raise AnchorError(
                f"anchors{where} out of order or equal: exclusion={e:g}, crossover={c:g}, "
                f"inclusion={i:g}; the crossover must lie strictly between the other two")
        object.__setattr__(self, "exclusion", float(e))
        object.__setattr__(self, "crossover", float(c))
        object.__setattr__(self, "inclusion", float(i))
        object.__setattr__(self, "sources", tuple(str(s) for s in self.sources))

    @property
    def increasing(self) -> bool:
        """True when membership grows with the raw value (exclusion < inclusion)."""
        return self.exclusion < self.inclusion

    @property
    def direction(self) -> str:
        return "increasing" if self.increasing else "decreasing"

    def as_tuple(self) -> tuple:
        """``(exclusion, crossover, inclusion)``, R's order for ``thresholds``."""
        return (self.exclusion, self.crossover, self.inclusion)

    def flipped(self) -> "Anchors":
        """The same cut points with exclusion and inclusion swapped (the opposite direction)."""
        s = self.sources
        return Anchors(self.inclusion, self.crossover, self.exclusion, (s[2], s[1], s[0]),
                       self.name)

    def to_frame(self) -> pd.DataFrame:
        """One row per anchor: role, value, how it was computed."""
        return pd.DataFrame({"variable": [self.name] * 3, "anchor": list(ROLES),
                             "value": list(self.as_tuple()), "source": list(self.sources)})

    _digits = 6

    @property
    def _title(self) -> str:
        return f"Anchors{'' if self.name is None else ' for ' + str(self.name)} ({self.direction})"

    def summary(self) -> str:
        """Three lines: each anchor's role, value and source."""
        head = self._title
        rows = [f"  {r:<9} {v:>14.6g}  {s}" for r, v, s in
                zip(ROLES, self.as_tuple(), self.sources)]
        return "\n".join([head] + rows)


def _percentile(values: np.ndarray, q: float, method: str) -> float:
    if not (0 < q < 100):
        raise AnchorError(f"percentile must lie strictly between 0 and 100, got {q:g}")
    try:
        return float(np.percentile(values, q, method=method))
    except (ValueError, TypeError) as err:
        raise AnchorError(f"unknown percentile method {method!r}: {err}") from None


def _as_float_array(x, name=None) -> np.ndarray:
    """Validated float copy of a 1-D numeric input; errors name the column and the rows."""
    if isinstance(x, pd.DataFrame):
        raise CalibrationTypeError("calibrate() takes one column; use calibrate_frame() for a "
                                   "DataFrame")
    if not isinstance(x, pd.Series) and np.ndim(x) != 1:
        raise CalibrationTypeError(f"{_label(name)} must be one-dimensional, got shape "
                                   f"{np.shape(x)}")
    s = x if isinstance(x, pd.Series) else pd.Series(np.asarray(x))
    where = _label(name)
    if isinstance(s.dtype, pd.CategoricalDtype):
        raise CalibrationTypeError(f"{where} is categorical; calibrate needs numbers")
    if pd.api.types.is_bool_dtype(s.dtype) or pd.api.types.is_numeric_dtype(s.dtype):
        num = s.astype(float)
    else:
        num = pd.to_numeric(s, errors="coerce")
        bad = num.isna() & s.notna()
        if bad.any():
            shown = [f"{lab} ({val!r})" for lab, val in s[bad].items()]
            raise CalibrationTypeError(f"{where} is not numeric: rows {_rows(shown, 5)}")
        num = num.astype(float)
    missing = ~np.isfinite(num.to_numpy())
    if missing.any():
        raise CalibrationError(f"{where} has missing or infinite values in rows "
                               f"{_rows(s.index[missing])}; drop or impute them first")
    return num.to_numpy(dtype=float, copy=True)


def _clean(x, name) -> np.ndarray:
    return _as_float_array(x, name)


def resolve_anchor(spec, values, *, method: str = "linear", pct_numbers: bool = False):
    """Turn one anchor specification into ``(value, source)``.

    ``spec`` is a number (a raw value, or a percentile when ``pct_numbers`` is true), a string
    ``"pNN"`` / ``"pNN%"`` (the NN-th percentile), ``"mean"`` or ``"median"``.

    Examples
    --------
    >>> resolve_anchor("p50", np.array([1.0, 2.0, 3.0, 10.0]))
    (2.5, 'p50 (linear)')
    >>> resolve_anchor("mean", np.array([1.0, 2.0, 3.0, 10.0]))
    (4.0, 'mean')
    """
    if isinstance(spec, (bool, np.bool_)):
        raise AnchorError(f"anchor must be a number or a percentile string, got {spec!r}")
    if isinstance(spec, Real):
        if pct_numbers:
            return _percentile(values, float(spec), method), f"p{float(spec):g} ({method})"
        if not math.isfinite(spec):
            raise AnchorError(f"anchor must be finite, got {spec!r}")
        return float(spec), "value"
    if isinstance(spec, str):
        word = spec.strip().lower()
        if word == "mean":
            return float(np.mean(values)), "mean"
        if word == "median":
            return float(np.median(values)), "median"
        m = _PCT.match(word)
        if m:
            q = float(m.group(1))
            return _percentile(values, q, method), f"p{q:g} ({method})"
        try:
            return resolve_anchor(float(word), values, method=method, pct_numbers=pct_numbers)
        except ValueError:
            pass
    raise AnchorError(f"cannot read anchor {spec!r}: use a number, 'pNN' (a percentile), "
                      f"'mean' or 'median'")


def anchors_from_data(x, inclusion=95, crossover="mean", exclusion=5, *,
                      method: str = "linear", name: str | None = None) -> Anchors:
    """Anchors computed from the data: by default 95th percentile / mean / 5th percentile.

    Parameters
    ----------
    x : array-like or pandas.Series
        Raw values of one variable (no missing values).
    inclusion, crossover, exclusion : float or str
        A number is a percentile in (0, 100); a string may be ``"pNN"``, ``"mean"`` or
        ``"median"``. Give ``inclusion`` below ``exclusion`` (e.g. 5 and 95) for a decreasing set.
    method : str
        Percentile definition passed to :func:`numpy.percentile`: ``"linear"`` (type 7, R,
        Excel PERCENTILE.INC; the default) or ``"weibull"`` (type 6, SPSS).
    name : str, optional
        Variable name for messages and reports (defaults to the Series name).

    Returns
    -------
    Anchors

    Examples
    --------
    >>> a = anchors_from_data([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90, "median", 10)
    >>> a.as_tuple()
    (1.9, 5.5, 9.1)
    >>> a.sources
    ('p10 (linear)', 'median', 'p90 (linear)')
    """
    if name is None and isinstance(x, pd.Series):
        name = x.name
    values = _clean(x, name)
    if values.size and np.all(values == values[0]):
        raise AnchorError(f"{_label(name)} is constant (every value is {values[0]:g}): "
                          f"no anchors can separate its cases")
    got = [resolve_anchor(s, values, method=method, pct_numbers=True)
           for s in (exclusion, crossover, inclusion)]
    try:
        return Anchors(*(v for v, _ in got), tuple(s for _, s in got), name)
    except AnchorError as err:
        raise AnchorError(f"{err} (computed as {', '.join(s for _, s in got)})") from None


def _label(name) -> str:
    return "the variable" if name is None else f"column {name!r}"
