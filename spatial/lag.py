"""Spatially lagged conditions: the neighbours' mean of a variable, usable as a QCA condition.

A lagged condition ``lag(X)_i = sum_j w_ij X_j`` with row-standardised weights is the mean of
X among i's neighbours (weighted by the general weights, e.g. border length). As a condition
it lets a configurational analysis test diffusion: "provinces whose neighbours are strong in X"
(Franzese & Hays 2008 on spatial lags as diffusion; in QCA, the lag is one more set whose
membership is calibrated like any other).

Two routes, both explicit:

- ``raw``: lag the raw indicator, then calibrate the lag (pass ``calibrate``, e.g.
  ``lambda s: fsqca.calibrate(s, thresholds=...)``); the lag is a new measured variable;
- ``calibrated``: lag the memberships themselves; the result is already in [0, 1] (a mean of
  memberships), "the average membership of the neighbours".

A case without neighbours has no neighbours' mean. The rule is required when there are islands:
``"own"`` (its own value: no neighbourhood signal, neither pushing the case in nor out),
``"mean"`` (the mean of all cases) or ``"missing"`` (NaN; drop the case). Linking islands first
(:func:`spatial.distance.link_islands`, or the provinces' sea links) avoids the question.

Examples
--------
>>> import pandas as pd
>>> from spatial.weights import weights_from_neighbours
>>> w = weights_from_neighbours({"a": ["b", "c"], "b": ["a"], "c": ["a"], "d": []}, style="B")
>>> x = pd.Series({"a": 0.2, "b": 0.8, "c": 0.4, "d": 1.0}, name="X")
>>> lagged_condition(x, w, islands="own").round(3).to_dict()
{'a': 0.6, 'b': 0.2, 'c': 0.2, 'd': 1.0}
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .data import as_frame
from .errors import SpatialInputError
from .weights import SpatialWeights

__all__ = ["ISLAND_VALUES", "spatial_lag", "lagged_condition"]

ISLAND_VALUES = ("own", "mean", "missing")


def spatial_lag(values, weights: SpatialWeights) -> pd.Series | pd.DataFrame:
    """``sum_j w_ij x_j`` in the weights' own style (an island's lag is 0, as spdep's
    ``lag.listw(zero.policy = TRUE)``); a Series for a Series, a DataFrame for a DataFrame."""
    frame = as_frame(values, weights)
    out = pd.DataFrame(weights.lag(frame.to_numpy()), index=frame.index, columns=frame.columns)
    return out.iloc[:, 0].rename(out.columns[0]) if isinstance(values, pd.Series) or np.ndim(values) == 1 else out


def lagged_condition(values: pd.Series, weights: SpatialWeights, *, islands: str | None = None,
                     calibrate=None, name: str | None = None) -> pd.Series:
    """The neighbours' (weighted) mean of ``values``, optionally calibrated, as a condition.

    Parameters
    ----------
    values : pandas.Series
        Raw indicator or membership scores, indexed by case.
    weights : SpatialWeights
        Any style: the lag is always taken row-standardised (a mean).
    islands : {"own", "mean", "missing"}
        Value of a case without neighbours; required when the weights have islands.
    calibrate : callable, optional
        Applied to the lag (a Series) to turn a raw lag into memberships.
    name : str, optional
        Name of the result (default ``"lag_<name of values>"``).
    """
    if not isinstance(values, pd.Series):
        raise SpatialInputError(f"values must be a pandas Series indexed by case, got {type(values).__name__}")
    base = str(values.name) if values.name is not None else "x"
    x = as_frame(values, weights, name=base).iloc[:, 0]
    w = weights.transform("W")
    lag = pd.Series(w.lag(x.to_numpy()), index=x.index)
    isl = list(weights.islands)
    if isl:
        if islands not in ISLAND_VALUES:
            raise SpatialInputError(f"{', '.join(map(repr, isl))} ha{'s' if len(isl) == 1 else 've'} no neighbours: say what "
                                    f"its lag is with islands= one of {', '.join(ISLAND_VALUES)}")
        lag[isl] = {"own": x[isl], "mean": float(x.mean()), "missing": np.nan}[islands]
    if calibrate is not None:
        lag = pd.Series(np.asarray(calibrate(lag), dtype=float), index=lag.index)
    return lag.rename(name or f"lag_{base}")
