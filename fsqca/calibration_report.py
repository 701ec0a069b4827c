"""Calibrate several columns at once and report what each calibration did."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from libdigigov.results import Result

from .anchors import Anchors, CalibrationError, CalibrationTypeError, _rows
from .calibrate import _calibrate

__all__ = ["calibrate_frame", "CalibrationResult"]

_OPTIONS = {"method", "thresholds", "direction", "idm", "logistic", "below", "above", "classes",
            "model", "percentile_method", "r_rounding", "avoid_half"}


@dataclass(frozen=True)
class CalibrationResult(Result):
    """Calibrated columns and one report row per column.

    Attributes
    ----------
    data : pandas.DataFrame
        The memberships, same index as the input, one column per calibrated variable.
    report : pandas.DataFrame
        One row per column: method, shape, direction, anchors and how they were computed, number
        of cases, share of cases above 0.5, cases at exactly 0.5 (before any ``avoid_half``
        adjustment) and how many were adjusted.
    """

    data: pd.DataFrame
    report: pd.DataFrame

    _digits = 4

    def to_frame(self) -> pd.DataFrame:
        """The calibration report (a copy)."""
        return self.report.copy()

    @property
    def _title(self) -> str:
        return f"Calibration of {len(self.report)} column(s), {len(self.data)} cases"

    def _notes(self) -> list[str]:
        return [f"{r.column}: {r.n_at_half} case(s) at exactly 0.5 ({r.cases_at_half}); they belong to no "
                "truth-table row" for r in self.report.itertuples(index=False)
                if r.n_at_half and not r.n_adjusted]

    def summary(self) -> str:
        """One line per column: method, anchors and where they came from, share above 0.5."""
        lines = [self._title]
        for r in self.report.itertuples(index=False):
            if r.method == "direct" and r.shape in ("logistic", "piecewise"):
                how = (f"e={r.exclusion:.6g} [{r.exclusion_source}], c={r.crossover:.6g} "
                       f"[{r.crossover_source}], i={r.inclusion:.6g} [{r.inclusion_source}]")
            else:
                how = r.thresholds
            half = f"; {r.n_at_half} at 0.5 ({r.cases_at_half})" if r.n_at_half else ""
            adj = f", {r.n_adjusted} adjusted" if r.n_adjusted else ""
            kind = " ".join(str(v) for v in (r.method, r.shape, r.direction) if pd.notna(v))
            lines.append(f"  {r.column}: {kind}, {how}; {r.share_above_half:.1%} above 0.5"
                         f"{half}{adj}")
        return "\n".join(lines)


def _options(column, spec, defaults) -> dict:
    if isinstance(spec, dict) and (set(spec) & _OPTIONS or not spec):
        unknown = set(spec) - _OPTIONS
        if unknown:
            raise CalibrationError(f"column {column!r}: unknown option(s) {sorted(unknown)}; "
                                   f"known: {sorted(_OPTIONS)}")
        opts = spec
    else:
        # A bare anchor specification: dict of anchors, Anchors, sequence or R-style string.
        opts = {"thresholds": spec}
    return {**defaults, **opts}


def _row(column, values, index, info) -> dict:
    at_half = info["at_half"]
    row = {"column": column, "method": info["method"], "shape": info.get("shape"),
           "direction": None, "exclusion": np.nan, "crossover": np.nan, "inclusion": np.nan,
           "exclusion_source": None, "crossover_source": None, "inclusion_source": None,
           "thresholds": None, "n": int(values.size),
           "share_above_half": float(np.mean(values > 0.5)),
           "n_at_half": int(at_half.sum()),
           "cases_at_half": _rows(index[at_half], 50) if at_half.any() else "",
           "n_adjusted": int(info.get("adjusted", 0))}
    anchors = info.get("anchors")
    if isinstance(anchors, Anchors):
        row["direction"] = anchors.direction
        for role, v, src in zip(("exclusion", "crossover", "inclusion"), anchors.as_tuple(),
                                anchors.sources):
            row[role], row[f"{role}_source"] = v, src
        row["thresholds"] = ", ".join(f"{k}={v:.6g}" for k, v in
                                      zip("eci", anchors.as_tuple()))
    elif isinstance(info.get("thresholds"), dict):
        row["thresholds"] = ", ".join(f"{k}={v:.6g}" for k, v in info["thresholds"].items())
    elif info.get("thresholds") is not None:
        row["thresholds"] = "cuts " + ", ".join(f"{v:.6g}" for v in info["thresholds"])
    if info["method"] == "indirect":
        row["thresholds"] = f"fractional {info['shape']} on class assignments"
    return row


def calibrate_frame(df: pd.DataFrame, spec: dict, **defaults) -> CalibrationResult:
    """Calibrate several columns of a DataFrame, each with its own anchors.

    Parameters
    ----------
    df : pandas.DataFrame
        Raw data, one row per case (the index labels name the cases in messages and reports).
        It is not modified.
    spec : dict
        ``{column: how}``, where ``how`` is either a dict of :func:`~fsqca.calibrate.calibrate`
        options (``{"method": "crisp", "thresholds": [3]}``) or just the anchors
        (``{"exclusion": "p5", "crossover": "mean", "inclusion": "p95"}``, an
        :class:`~fsqca.anchors.Anchors`, a tuple or an R-style string).
    **defaults
        Options applied to every column unless its spec overrides them, e.g.
        ``avoid_half=0.001`` or ``percentile_method="weibull"``.

    Returns
    -------
    CalibrationResult

    Examples
    --------
    >>> df = pd.DataFrame({"gdp": [1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    ...                    "pop": [5.0, 3, 8, 1, 9, 2, 7, 4, 6, 10]})
    >>> res = calibrate_frame(df, {"gdp": {"exclusion": "p5", "crossover": "median",
    ...                                    "inclusion": "p95"},
    ...                            "pop": {"method": "crisp", "thresholds": [5]}},
    ...                       avoid_half=0.001)
    >>> res.data["pop"].tolist()
    [1, 0, 1, 0, 1, 0, 1, 0, 1, 1]
    >>> res.report[["column", "share_above_half", "n_at_half"]].values.tolist()
    [['gdp', 0.5, 0], ['pop', 0.6, 0]]
    """
    if not isinstance(df, pd.DataFrame):
        raise CalibrationTypeError(f"calibrate_frame() takes a DataFrame, got "
                                   f"{type(df).__name__}")
    if not isinstance(spec, dict) or not spec:
        raise CalibrationTypeError("spec must be a non-empty dict {column: anchors or options}")
    unknown = set(defaults) - _OPTIONS
    if unknown:
        raise CalibrationError(f"unknown option(s) {sorted(unknown)}; known: {sorted(_OPTIONS)}")
    if not df.index.is_unique:
        dup = df.index[df.index.duplicated()].unique()
        raise CalibrationError(f"case labels must be unique; repeated: {_rows(dup)}")
    missing = [c for c in spec if c not in df.columns]
    if missing:
        raise CalibrationError(f"column(s) {missing} not in the data; columns are "
                               f"{list(df.columns)}")
    out, rows = {}, []
    for column, how in spec.items():
        opts = _options(column, how, defaults)
        values, index, info = _calibrate(df[column], name=column, **opts)
        out[column] = pd.Series(values, index=df.index, name=column)
        rows.append(_row(column, np.asarray(values, dtype=float), index, info))
    return CalibrationResult(pd.DataFrame(out, index=df.index), pd.DataFrame(rows))
