"""Calibration of the study's conditions with anchors computed from the data.

Anchors and the per-condition report come from :mod:`fsqca` (``anchors_from_data`` and
``calibrate_frame``), the single implementation of percentile / mean / median anchors in the
project; this module only names the presets the study uses.
"""

from __future__ import annotations

import pandas as pd
from .errors import IndicatorTypeError, IndicatorInputError

__all__ = ["ANCHOR_PRESETS", "calibrate_conditions"]

#: (inclusion, crossover, exclusion): the study's main setting and its robustness check.
ANCHOR_PRESETS = {
    "study": ("p95", "mean", "p5"),
    "robustness": ("p90", "median", "p10"),
}


def calibrate_conditions(data: pd.DataFrame, anchors="study", *, columns=None, decreasing=(),
                         avoid_half: float | None = None, percentile_method: str = "linear"):
    """Direct calibration of several raw conditions with data-driven anchors.

    Parameters
    ----------
    data : pandas.DataFrame
        Raw conditions and outcome, one row per case (not modified).
    anchors : "study", "robustness" or tuple (inclusion, crossover, exclusion)
        ``"study"`` = 95th percentile / mean / 5th percentile, ``"robustness"`` = 90th / median /
        10th. Elements of a tuple may be ``"pNN"``, ``"mean"``, ``"median"`` or numbers.
    columns : list of str, optional
        Columns to calibrate (default: all).
    decreasing : iterable of str
        Columns whose set is "low value" (inclusion at the low percentile).
    avoid_half : float, optional
        Passed to :func:`fsqca.calibrate.calibrate` (e.g. 0.001 as in fsQCA 3.0 practice).
    percentile_method : str
        ``"linear"`` (R, Excel PERCENTILE.INC) or ``"weibull"`` (SPSS).

    Returns
    -------
    fsqca.calibration_report.CalibrationResult
        ``.data`` holds the memberships; ``.report`` / ``.to_frame()`` one row per condition with
        the anchors, the share of cases above 0.5 and the cases at exactly 0.5.

    Examples
    --------
    >>> import pandas as pd
    >>> from indicators import calibrate_conditions
    >>> df = pd.DataFrame({"x": [1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10]})
    >>> res = calibrate_conditions(df)
    >>> res.report[["column", "exclusion", "crossover", "inclusion"]].round(2).values.tolist()
    [['x', 1.45, 5.5, 9.55]]
    """
    from fsqca.calibration_report import calibrate_frame

    if isinstance(anchors, str):
        try:
            inc, cross, exc = ANCHOR_PRESETS[anchors]
        except KeyError:
            raise IndicatorInputError(f"anchors must be one of {sorted(ANCHOR_PRESETS)} or a tuple, got {anchors!r}") from None
    else:
        inc, cross, exc = anchors
    if not isinstance(data, pd.DataFrame):
        raise IndicatorTypeError(f"data must be a pandas DataFrame, got {type(data).__name__}")
    columns = list(data.columns) if columns is None else list(columns)
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise IndicatorInputError(f"column(s) {missing} not in data; columns are {list(data.columns)}")
    bad = [c for c in decreasing if c not in columns]
    if bad:
        raise IndicatorInputError(f"decreasing names column(s) {bad} that are not calibrated")
    spec = {}
    for c in columns:
        e, i = (inc, exc) if c in set(decreasing) else (exc, inc)
        spec[c] = {"thresholds": {"exclusion": e, "crossover": cross, "inclusion": i}}
    return calibrate_frame(data[columns], spec, avoid_half=avoid_half, percentile_method=percentile_method)
