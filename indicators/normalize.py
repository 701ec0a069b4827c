"""Min-max and z-score normalisation that records what was done to each column."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from libdigigov.results import Result


from .errors import IndicatorInputError, IndicatorTypeError, ZeroVarianceError

__all__ = ["Normalization", "min_max", "z_score", "resolve_directions"]

_POSITIVE = {"positive", "+", "pos", "benefit", "higher is better", 1}
_NEGATIVE = {"negative", "-", "neg", "cost", "lower is better", -1}


def resolve_directions(columns, directions) -> dict:
    """``{column: "positive" | "negative"}`` from None (all positive), one value, or a mapping."""
    columns = list(columns)
    if directions is None:
        return {c: "positive" for c in columns}
    if isinstance(directions, (str, int)):
        directions = {c: directions for c in columns}
    elif not isinstance(directions, dict):
        directions = dict(zip(columns, directions)) if len(list(directions)) == len(columns) else None
        if directions is None:
            raise IndicatorInputError("directions must give one entry per column")
    unknown = [k for k in directions if k not in columns]
    if unknown:
        raise IndicatorInputError(f"directions given for unknown column(s): {unknown}")
    out = {}
    for c in columns:
        d = directions.get(c, "positive")
        key = d.lower() if isinstance(d, str) else d
        if key in _POSITIVE:
            out[c] = "positive"
        elif key in _NEGATIVE:
            out[c] = "negative"
        else:
            raise IndicatorInputError(f"column {c!r}: direction must be 'positive' or 'negative' (or +1/-1), got {d!r}")
    return out


def numeric_frame(data, name: str = "data") -> pd.DataFrame:
    """Float copy of a DataFrame; errors name the column and rows with missing or text values."""
    if isinstance(data, pd.Series):
        data = data.to_frame()
    if not isinstance(data, pd.DataFrame):
        raise IndicatorTypeError(f"{name} must be a pandas DataFrame, got {type(data).__name__}")
    if data.shape[0] < 2:
        raise IndicatorInputError(f"{name} needs at least two rows (cases), got {data.shape[0]}")
    out = {}
    for c in data.columns:
        col = pd.to_numeric(data[c], errors="coerce")
        bad = col.isna() | ~np.isfinite(col.astype(float))
        if bad.any():
            rows = ", ".join(map(str, list(data.index[bad])[:8]))
            raise IndicatorInputError(f"{name}: column {c!r} has missing or non-numeric values in row(s) {rows}")
        out[c] = col.astype(float)
    return pd.DataFrame(out, index=data.index)


@dataclass(frozen=True)
class Normalization(Result):
    """Normalised data and a per-column record of the transformation.

    Attributes
    ----------
    data : pandas.DataFrame
        Transformed values (input index and columns).
    record : pandas.DataFrame
        One row per column: ``method``, ``direction``, and the statistics used
        (``min``/``max`` or ``mean``/``sd``/``ddof``).
    """

    data: pd.DataFrame
    record: pd.DataFrame
    method: str

    _index = True

    @property
    def _title(self) -> str:
        return f"{self.method} normalisation"

    def to_frame(self) -> pd.DataFrame:
        """The per-column record (what was done), as a tidy DataFrame."""
        return self.record.copy()




def _check_variance(df: pd.DataFrame, name: str, what: str) -> None:
    flat = [c for c in df.columns if df[c].nunique() < 2]
    if flat:
        raise ZeroVarianceError(f"{name}: column(s) {flat} have a single repeated value; {what} is undefined")


def min_max(data, directions=None, *, name: str = "data") -> Normalization:
    """Min-max normalisation to [0, 1], reversed for negative indicators.

    Positive: ``(x - min) / (max - min)``; negative: ``(max - x) / (max - min)``, so that 1 is
    always the best value.

    Examples
    --------
    >>> import pandas as pd
    >>> from indicators import min_max
    >>> df = pd.DataFrame({"a": [1.0, 2.0, 3.0], "cost": [10.0, 20.0, 30.0]})
    >>> min_max(df, {"cost": "negative"}).data.to_dict("list")
    {'a': [0.0, 0.5, 1.0], 'cost': [1.0, 0.5, 0.0]}
    """
    df = numeric_frame(data, name)
    dirs = resolve_directions(df.columns, directions)
    _check_variance(df, name, "min-max normalisation")
    lo, hi = df.min(), df.max()
    out = (df - lo) / (hi - lo)
    for c, d in dirs.items():
        if d == "negative":
            out[c] = 1.0 - out[c]
    record = pd.DataFrame({"method": "min-max", "direction": pd.Series(dirs), "min": lo, "max": hi})
    record.index.name = "column"
    return Normalization(out, record, "min-max")


def z_score(data, directions=None, *, ddof: int = 1, name: str = "data") -> Normalization:
    """Z-scores ``(x - mean) / sd`` (sign flipped for negative indicators); ``ddof=1`` by default.

    Examples
    --------
    >>> import pandas as pd
    >>> from indicators import z_score
    >>> z_score(pd.DataFrame({"a": [1.0, 2.0, 3.0]})).data["a"].tolist()
    [-1.0, 0.0, 1.0]
    """
    df = numeric_frame(data, name)
    dirs = resolve_directions(df.columns, directions)
    _check_variance(df, name, "the z-score")
    mean, sd = df.mean(), df.std(ddof=ddof)
    out = (df - mean) / sd
    for c, d in dirs.items():
        if d == "negative":
            out[c] = -out[c]
    record = pd.DataFrame({"method": "z-score", "direction": pd.Series(dirs), "mean": mean, "sd": sd, "ddof": ddof})
    record.index.name = "column"
    return Normalization(out, record, "z-score")
