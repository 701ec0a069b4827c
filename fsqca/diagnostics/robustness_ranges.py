"""Robustness ranges: how far a cut-off or an anchor can move before the solution changes.

SetMethods' ``rob.inclrange``, ``rob.ncutrange`` and ``rob.calibrange`` (Oana & Schneider 2021)
step a parameter down and up from its chosen value, re-running the truth table and the
minimisation at each step, and report the lowest and the highest value that still give the
same solution (the first model's terms, compared as a set). This module follows their stepping
exactly:

- values are reached by repeated addition or subtraction of ``step`` (so 0.8 - 0.1 is
  0.7000000000000001, as in R);
- the search in a direction stops at the first value whose solution differs, or where no
  solution exists (R's ``try-error``), or at the edge of the parameter (consistency: at or
  below 0 and at or above 1, never tested; ``n_cut``: below 1; a crossover anchor: at the
  raw variable's minimum or maximum);
- the bound is the last value before the stop; after ``max_runs`` steps without a change the
  bound is NA (open).

SetMethods minimises with ``include = ""`` (the complex solution) by default; ``solution``
selects another. For the intermediate solution the first model of the first variant is
compared (R's ``C1P1``).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from libdigigov.results import Result

from .._validate import QCAInputError
from ..calibrate import calibrate
from ..minimize import minimize
from ..truthtable import truth_table

__all__ = ["RobustnessRange", "incl_range", "ncut_range", "calib_range"]


@dataclass(frozen=True, eq=False)
class RobustnessRange(Result):
    """Lower and upper bound of each tested parameter (NA: no change within ``max_runs`` steps).

    ``to_frame()``: ``parameter``, ``threshold`` (the chosen value), ``lower``, ``upper``,
    ``lower_stop`` and ``upper_stop`` (why the search ended: "solution changed", "no solution",
    "edge", "max_runs").
    """

    table: pd.DataFrame = field(repr=False)
    solution: str
    initial: str
    step: float
    max_runs: int

    _title = "Robustness ranges (SetMethods' rob.*range)"

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def _header(self) -> list[str]:
        return [f"initial {self.solution} solution: {self.initial}; step {self.step:g}, max_runs {self.max_runs}"]

    def _notes(self) -> list[str]:
        return ["a bound is the last value giving the same first model (terms compared as a set); NA means no "
                "change within max_runs steps",
                "consistency cut-offs are never tested at or beyond 0 and 1, and n_cut never below 1 (as SetMethods)"]

    def _dict(self) -> dict:
        return {"solution": self.solution, "initial": self.initial, "step": self.step, "max_runs": self.max_runs,
                "ranges": self.table.to_dict(orient="records")}


def _first_model(data, outcome, conditions, incl_cut, n_cut, pri_cut, solution, dir_exp):
    tt = truth_table(data, outcome, conditions, incl_cut=incl_cut, pri_cut=pri_cut, n_cut=n_cut)
    sol = minimize(tt, solution, dir_exp=dir_exp if solution == "intermediate" else None, max_models=1)
    model = sol.variants[0].chart.models[0] if sol.variants else sol.models[0]
    return frozenset(model.terms), model.expression


def _search(value: float, step: float, max_runs: int, same: Callable[[float], bool | None],
            low_edge: Callable[[float], bool], high_edge: Callable[[float], bool], edge_after: bool = False):
    """R's two loops: returns (lower, upper, lower_stop, upper_stop).

    The edge is tested before the run (consistency, n_cut) or, for a crossover anchor, after it
    (as SetMethods does); either way the bound is the value before the edge.
    """
    out = []
    for sign, edge in ((-1, low_edge), (1, high_edge)):
        t = value
        while True:
            t = t + sign * step
            if not edge_after and edge(t):
                stop = "edge"
                break
            result = same(t)
            if result is None:
                stop = "no solution"
                break
            if abs(t - value) >= max_runs * step:
                t, stop = np.nan, "max_runs"
                break
            if edge_after and edge(t):
                stop = "edge"
                break
            if not result:
                stop = "solution changed"
                break
        out.append((t - sign * step, stop))
    return out[0][0], out[1][0], out[0][1], out[1][1]


def _checker(initial, run):
    def same(v):
        try:
            return run(v)[0] == initial
        except QCAInputError:
            return None
    return same


def incl_range(data: pd.DataFrame, outcome: str, conditions: Sequence[str] | None = None, *, incl_cut: float = 1.0,
               n_cut: int = 1, pri_cut: float = 0.0, solution: str = "complex", dir_exp=None, step: float = 0.1,
               max_runs: int = 20) -> RobustnessRange:
    """Range of the consistency cut-off that keeps the solution (SetMethods' ``rob.inclrange``).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"A": [0.9, 0.8, 0.2, 0.1, 0.7], "B": [0.7, 0.3, 0.8, 0.2, 0.6],
    ...                    "Y": [0.9, 0.7, 0.3, 0.1, 0.8]}, index=list("pqrst"))
    >>> r = incl_range(df, "Y", ["A", "B"], incl_cut=0.8)
    >>> r.to_frame()[["parameter", "lower", "upper"]].round(2)
      parameter  lower  upper
    0  incl_cut    0.7    0.9
    """
    def run(v):
        return _first_model(data, outcome, conditions, v, n_cut, pri_cut, solution, dir_exp)

    initial, text = run(incl_cut)
    lo, hi, ls, us = _search(incl_cut, step, max_runs, _checker(initial, run), lambda t: t <= 0, lambda t: t >= 1)
    table = pd.DataFrame([{"parameter": "incl_cut", "threshold": incl_cut, "lower": lo, "upper": hi,
                           "lower_stop": ls, "upper_stop": us}])
    return RobustnessRange(table, solution, text, step, max_runs)


def ncut_range(data: pd.DataFrame, outcome: str, conditions: Sequence[str] | None = None, *, incl_cut: float = 1.0,
               n_cut: int = 1, pri_cut: float = 0.0, solution: str = "complex", dir_exp=None, step: int = 1,
               max_runs: int = 20) -> RobustnessRange:
    """Range of the frequency cut-off that keeps the solution (SetMethods' ``rob.ncutrange``).

    Above the number of cases no row is positive, so the upward search ends there ("no
    solution"); SetMethods' own edge test compares the lower bound by mistake, with the same result.
    """
    def run(v):
        return _first_model(data, outcome, conditions, incl_cut, int(v), pri_cut, solution, dir_exp)

    initial, text = run(n_cut)
    lo, hi, ls, us = _search(n_cut, step, max_runs, _checker(initial, run), lambda t: t < 1, lambda t: False)
    table = pd.DataFrame([{"parameter": "n_cut", "threshold": n_cut, "lower": lo, "upper": hi,
                           "lower_stop": ls, "upper_stop": us}])
    return RobustnessRange(table, solution, text, step, max_runs)


def calib_range(raw: pd.Series, data: pd.DataFrame, condition: str, thresholds: Sequence[float], outcome: str,
                conditions: Sequence[str] | None = None, *, incl_cut: float = 1.0, n_cut: int = 1,
                pri_cut: float = 0.0, solution: str = "complex", dir_exp=None, step: float = 1.0,
                max_runs: int = 20) -> RobustnessRange:
    """Range of each calibration anchor of one condition that keeps the solution (``rob.calibrange``).

    ``raw`` holds the condition's raw values (same index as ``data``); ``thresholds`` its
    direct-method anchors ``(exclusion, crossover, inclusion)``. Each anchor moves alone, the
    condition is recalibrated (``fsqca.calibrate``, direct method, R's defaults) and the rest of
    ``data`` is kept. A crossover is never moved to or past the raw minimum or maximum; anchors
    that cross each other make calibration fail, which ends the search ("no solution").
    """
    if condition not in data.columns:
        raise QCAInputError(f"condition {condition!r} is not a column of the data")
    if len(thresholds) != 3:
        raise QCAInputError(f"thresholds must be (exclusion, crossover, inclusion), got {thresholds!r}")
    raw = pd.Series(raw, index=data.index) if not isinstance(raw, pd.Series) else raw
    lo_raw, hi_raw = float(np.min(raw)), float(np.max(raw))

    def run_with(anchors):
        frame = data.copy()
        frame[condition] = np.asarray(calibrate(raw, "direct", thresholds=list(anchors)), dtype=float)
        return _first_model(frame, outcome, conditions, incl_cut, n_cut, pri_cut, solution, dir_exp)

    initial, text = run_with(thresholds)
    rows = []
    for pos, name in enumerate(("exclusion", "crossover", "inclusion")):
        def run(v, pos=pos):
            anchors = list(thresholds)
            anchors[pos] = v
            return run_with(anchors)

        edges = (lambda t: t <= lo_raw, lambda t: t >= hi_raw) if pos == 1 else (lambda t: False, lambda t: False)
        lo, hi, ls, us = _search(float(thresholds[pos]), step, max_runs, _checker(initial, run), *edges,
                                 edge_after=True)
        rows.append({"parameter": name, "threshold": thresholds[pos], "lower": lo, "upper": hi,
                     "lower_stop": ls, "upper_stop": us})
    return RobustnessRange(pd.DataFrame(rows), solution, text, step, max_runs)
