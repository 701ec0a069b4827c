"""Checks that catch calibrations which cannot be meant: anchors outside the data, skewed sets and
cases left at exactly 0.5.

- :func:`check_anchors` refuses a crossover that lies outside the observed range of the raw
  variable (every case would fall on one side of 0.5), with one line naming the variable, its
  range, every anchor outside it and what was probably meant (numbers between 0 and 100 given
  for a variable that lives elsewhere are almost always percentiles: "did you mean
  p95/p50/p5?"). Anchors of full membership or full non-membership beyond the observed values
  pass: they are legitimate external standards (Ragin 2008, ch. 5: full membership at 100 %
  literacy though no case reaches it; a year calibrated with the anchors of a pooled panel).
- :func:`skew_check` reports, for each calibrated set, how many cases lie above 0.5 (SetMethods'
  ``skew.check``, Oana & Schneider 2018) and flags the sets where (almost) all cases lie on one
  side. ``skew.check`` prints the share and leaves the judgement to the reader; the rule here is
  stated and adjustable: a set is *skewed* when fewer than ``threshold`` (default 20 %) or more
  than ``1 - threshold`` (80 %) of its cases have a membership above 0.5. Such a set is nearly
  constant in kind, so it can be trivially necessary or never sufficient (Schneider & Wagemann
  2012, ch. 9.2).
- :func:`half_memberships` names the cases at exactly 0.5, which belong to no truth-table row,
  with the step that produced them (the main calibration or a robustness recalibration).

Examples
--------
>>> import pandas as pd
>>> m = pd.DataFrame({"A": [0.9, 0.8, 0.7, 0.95, 0.6], "B": [0.1, 0.9, 0.5, 0.3, 0.7]},
...                  index=list("pqrst"))
>>> skew_check(m).to_frame()[["set", "above", "share_above", "skewed"]]
  set  above  share_above  skewed
0   A      5          1.0    True
1   B      2          0.4   False
>>> half_memberships(m, step="main calibration")
  set case              step
0   B    r  main calibration
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from libdigigov.results import Result

from .anchors import _as_float_array, _label, resolve_anchor
from .errors import AnchorError, QCAInputError

__all__ = ["check_anchors", "skew_check", "SkewCheck", "half_memberships", "SKEW_THRESHOLD"]

#: Default share below which (or above one minus which) the cases above 0.5 make a set skewed.
SKEW_THRESHOLD = 0.2


def check_anchors(x, anchors, *, name=None, percentile_method: str = "linear") -> None:
    """Refuse a numeric crossover outside the observed range ``[min(x), max(x)]`` of a raw variable.

    A crossover outside the data puts every case on one side of 0.5: it cannot be meant. Full
    membership and non-membership anchors beyond the data are external standards and pass (the
    skew check, :func:`skew_check`, then says when they leave the set nearly constant).

    Parameters
    ----------
    x : array-like or pandas.Series
        Raw values of the variable.
    anchors : dict, sequence or Anchors
        As :func:`fsqca.calibrate` takes them (``{"exclusion": .., "crossover": .., "inclusion":
        ..}``, ``(e, c, i)`` or six anchors). Percentile, ``"mean"`` and ``"median"`` anchors lie
        in the range by construction and pass.
    name : str, optional
        Variable name for the message (defaults to the Series name).

    Raises
    ------
    fsqca.AnchorError
        One line naming the variable, the anchors outside, the observed range, and, when all
        anchors look like percentiles (numbers from 0 to 100 outside the range), the percentile
        anchors probably meant.

    Examples
    --------
    >>> x = pd.Series([1200.0, 3400, 5600, 8000], name="GDP")
    >>> check_anchors(x, {"exclusion": 5, "crossover": 50, "inclusion": 95})
    Traceback (most recent call last):
    ...
    fsqca.errors.AnchorError: column 'GDP': anchors exclusion 5, crossover 50, inclusion 95 lie outside the observed range 1200 to 8000; did you mean percentiles: inclusion p95, crossover p50, exclusion p5?
    >>> check_anchors(x, {"exclusion": 2000, "crossover": "p50", "inclusion": 7000})
    >>> check_anchors(x, {"exclusion": 0, "crossover": 4000, "inclusion": 10000})   # external standards
    """
    from .calibrate import _parse_thresholds

    if name is None and isinstance(x, pd.Series):
        name = x.name
    values = _as_float_array(x, name)
    if values.size == 0:
        raise AnchorError(f"{_label(name)} has no cases")
    specs, _ = _parse_thresholds(anchors)
    keys = ("exclusion", "crossover", "inclusion") if len(specs) == 3 else ("e1", "c1", "i1", "i2", "c2", "e2")
    lo, hi = float(np.min(values)), float(np.max(values))
    outside, numbers = [], []
    for key, spec in zip(keys, specs):
        value, source = resolve_anchor(spec, values, method=percentile_method)
        if source == "value":
            numbers.append((key, value))
            if not lo <= value <= hi:
                outside.append((key, value))
    if not any(key.startswith("c") for key, _ in outside):
        return      # only full (non-)membership anchors beyond the data: external standards
    listed = ", ".join(f"{k} {v:g}" for k, v in outside)
    message = (f"{_label(name)}: anchor{'s' if len(outside) > 1 else ''} {listed} "
               f"lie{'' if len(outside) > 1 else 's'} outside the observed range {lo:g} to {hi:g}")
    if all(0 <= v <= 100 for _, v in outside):
        # percentiles typed as numbers: the suggestion names every numeric anchor (an exclusion
        # of 5 may happen to lie inside the range while 50 and 95 do not)
        every = numbers if all(0 <= v <= 100 for _, v in numbers) else outside
        meant = ", ".join(f"{k} p{v:g}" for k, v in sorted(every, key=lambda kv: -kv[1]))
        message += f"; did you mean percentiles: {meant}?"
    else:
        message += "; anchors are raw values of the variable (write 'p95' for a percentile)"
    raise AnchorError(message)


@dataclass(frozen=True)
class SkewCheck(Result):
    """Result of :func:`skew_check`: per set, the cases above 0.5 and whether the set is skewed."""

    table: pd.DataFrame
    threshold: float

    _title = "Skewness of the calibrated sets (SetMethods' skew.check)"

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    @property
    def skewed(self) -> list[str]:
        """Names of the skewed sets."""
        return self.table.loc[self.table["skewed"], "set"].tolist()

    def _notes(self) -> list[str]:
        t = self.threshold
        notes = [f"A set is skewed when fewer than {t:.0%} or more than {1 - t:.0%} of its cases have a "
                 "membership above 0.5 (SetMethods' skew.check reports the share; the threshold is "
                 "this package's stated rule)."]
        for row in self.table[self.table["skewed"]].itertuples():
            side = "above" if row.share_above > 0.5 else "below or at"
            notes.append(f"{row.set}: {row.share_above:.0%} of cases above 0.5 -- (almost) all cases are "
                         f"{side} 0.5; check its anchors")
        return notes

    def _dict(self) -> dict:
        return {"threshold": self.threshold, "sets": self.table.to_dict(orient="records"), "skewed": self.skewed}


def _frame(memberships) -> pd.DataFrame:
    if isinstance(memberships, pd.Series):
        return memberships.to_frame(memberships.name if memberships.name is not None else "set")
    if isinstance(memberships, pd.DataFrame):
        return memberships
    raise QCAInputError(f"memberships must be a pandas DataFrame or Series, got {type(memberships).__name__}")


def skew_check(memberships, *, threshold: float = SKEW_THRESHOLD) -> SkewCheck:
    """How many cases of each calibrated set lie above 0.5, and which sets are skewed.

    Parameters
    ----------
    memberships : DataFrame or Series
        Calibrated sets (one column per set), values in [0, 1].
    threshold : float
        A set is skewed when the share of cases above 0.5 is below ``threshold`` or above
        ``1 - threshold`` (default 0.2: fewer than 20 % or more than 80 %).

    Returns
    -------
    SkewCheck
        ``to_frame()``: ``set``, ``cases``, ``above`` (count > 0.5, as ``skew.check``),
        ``share_above``, ``at_half`` (count exactly 0.5), ``skewed``; ``skewed`` lists the names.
    """
    frame = _frame(memberships)
    if not (isinstance(threshold, (int, float)) and 0 <= threshold < 0.5):
        raise QCAInputError(f"threshold must be a number from 0 to below 0.5, got {threshold!r}")
    rows = []
    for col in frame.columns:
        v = _as_float_array(frame[col], col)
        if ((v < 0) | (v > 1)).any():
            raise QCAInputError(f"column {col!r} is not calibrated: memberships must lie in [0, 1]")
        above = int((v > 0.5).sum())
        share = above / len(v) if len(v) else float("nan")
        rows.append({"set": str(col), "cases": len(v), "above": above, "share_above": share,
                     "at_half": int((v == 0.5).sum()),
                     "skewed": bool(share < threshold or share > 1 - threshold)})
    return SkewCheck(pd.DataFrame(rows, columns=["set", "cases", "above", "share_above", "at_half", "skewed"]),
                     float(threshold))


def half_memberships(memberships, *, step: str = "calibration") -> pd.DataFrame:
    """The cases with a membership of exactly 0.5, per set, with the step that produced them.

    Such a case is in no truth-table row (R's QCA and fsQCA 3.0 agree). ``step`` names where the
    memberships come from (e.g. ``"main calibration"`` or ``"robustness: anchors p90/median/p10"``),
    so that a report can say which step left a case at 0.5.

    Returns
    -------
    DataFrame
        Columns ``set``, ``case``, ``step``; one row per (set, case), empty when there are none.
    """
    frame = _frame(memberships)
    rows = [{"set": str(col), "case": case, "step": step}
            for col in frame.columns
            for case in frame.index[_as_float_array(frame[col], col) == 0.5]]
    return pd.DataFrame(rows, columns=["set", "case", "step"])
