"""Bottleneck tables of Necessary Condition Analysis, as R's ``NCA`` prints them (cutoff 0).

For each outcome level the table gives the level of each condition that the ceiling line says
is necessary for it. ``"NN"`` means not necessary (the level needs no more than the lowest
observed x), ``"NA"`` not applicable (the level needs more than the highest observed x, or no
peer reaches it).

Outcome levels (``bottleneck_y``), for ``steps = s`` and ``q_j = j / s``:

- ``percentage.range``: ``ymin + q_j (ymax - ymin)``, shown as ``100 q_j``;
- ``percentage.max``: ``q_j ymax`` (from 0, not from ymin), shown as ``100 q_j``;
- ``percentile``: the ``q_j`` quantile of y (R's default, type 7), shown as ``100 q_j``;
- ``actual``: ``ymin, ymin + d, ..., ymax`` with ``d = (ymax - ymin) / s``, shown as is.

The required x is shown (``bottleneck_x``) as a percentage of the range, a percentage of the
maximum, the actual value, or the percentile (share of cases with a lower x).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from libdigigov.results import Result

from .._errors import QCAInputError, suggest

if TYPE_CHECKING:  # pandas only for the table of BottleneckTable; this module runs without it
    import pandas as pd

__all__ = ["BOTTLENECK_TYPES", "BottleneckTable", "outcome_levels", "quantile7", "required_x", "display_x"]

#: Display types for x and y, in R's spelling.
BOTTLENECK_TYPES = ("percentage.range", "percentage.max", "actual", "percentile")
_NEAR = 1e-10


def check_type(kind: str, axis: str) -> str:
    """The display type, or a clear error naming the option."""
    if kind not in BOTTLENECK_TYPES:
        raise QCAInputError(f"bottleneck_{axis} {kind!r} is not a bottleneck type{suggest(kind, BOTTLENECK_TYPES)}")
    return kind


def outcome_levels(y: np.ndarray, steps, kind: str) -> tuple[np.ndarray, np.ndarray]:
    """``(shown, levels)``: the outcome column and the y level of each row of the table.

    ``steps`` is a number of steps or explicit levels (in percent for the percentage and
    percentile types, in y's units for ``actual``); explicit levels are sorted, and a level
    outside the observed range is an error (R drops it with "Some steps ... excluded").

    >>> outcome_levels(np.array([1.0, 2.0, 5.0]), 4, "percentage.range")[1]
    array([1., 2., 3., 4., 5.])
    """
    ymin, ymax = float(np.min(y)), float(np.max(y))
    if np.ndim(steps) == 0:
        s = int(steps)
        if s != steps or s < 1:
            raise QCAInputError(f"steps must be a whole number >= 1 or a list of outcome levels, got {steps!r}")
        explicit = None
    else:
        explicit = np.sort(np.asarray(steps, dtype=float))
        if explicit.size == 0 or not np.all(np.isfinite(explicit)):
            raise QCAInputError(f"steps must be a number of steps or finite outcome levels, got {list(steps)!r}")
    if kind == "actual":
        if explicit is not None:
            _within(explicit, ymin, ymax, "the observed outcome range", kind)
            return explicit, explicit
        delta = (ymax - ymin) / s
        count = int(np.floor((ymax - ymin) / delta + 1e-10))
        levels = np.minimum(ymin + np.arange(count + 1) * delta, ymax)
        return levels, levels
    if explicit is not None:
        _within(explicit, 0.0, 100.0, "the percentage scale", kind)
        q = explicit / 100.0
    else:
        q = np.arange(s + 1) * (1.0 / s)
        q[-1] = 1.0
    if kind == "percentile":
        levels = quantile7(y, q)
    elif kind == "percentage.max":
        levels = q * ymax
    else:
        levels = ymin + q * (ymax - ymin)
    return 100.0 * q, levels


def quantile7(y: np.ndarray, q: np.ndarray) -> np.ndarray:
    """R's default quantile (type 7), with R's arithmetic: ``(1 - h) x[lo] + h x[hi]``.

    >>> quantile7(np.array([4.0, 1, 3, 2]), np.array([0, 0.5, 0.9, 1]))
    array([1. , 2.5, 3.7, 4. ])
    """
    x = np.sort(np.asarray(y, dtype=float))
    index = 1 + (x.size - 1) * np.asarray(q, dtype=float)
    lo = np.floor(index).astype(int)
    hi = np.ceil(index).astype(int)
    qs = x[lo - 1].copy()
    i = (index > lo) & (x[hi - 1] != qs)
    h = (index - lo)[i]
    qs[i] = (1 - h) * qs[i] + h * x[hi - 1][i]
    return qs


def _within(levels, low, high, what, kind):
    bad = levels[(levels < low) | (levels > high)]
    if bad.size:
        raise QCAInputError(
            f"outcome level {bad[0]:g} is outside {what} ({low:g}..{high:g}) for bottleneck_y "
            f"{kind!r}; R drops such levels ('Some steps above/below scope, excluded')")


def required_x(ceiling: str, levels: np.ndarray, px, py, line) -> np.ndarray:
    """The x each level needs on the ceiling (NaN: no peer reaches it; +inf: no CR line)."""
    if ceiling == "ce_fdh":
        ok = py[None, :] > levels[:, None] - _NEAR
        first = ok.argmax(axis=1)
        return np.where(ok.any(axis=1), px[first], np.nan)
    if ceiling == "ce_vrs":
        from .vrs import required_x_ce_vrs

        return required_x_ce_vrs(levels, px, py, _NEAR)
    if line is None:
        return np.full(levels.shape, np.inf)
    a, b = line
    return (levels - a) / b


def display_x(req: np.ndarray, x: np.ndarray, kind: str) -> list:
    """Cells of one condition's column: numbers, ``"NN"`` or ``"NA"`` (R's cutoff 0)."""
    xmin, xmax = float(np.min(x)), float(np.max(x))
    xsorted = np.sort(x) if kind == "percentile" else None
    cells = []
    for v in req:
        if np.isnan(v):
            cells.append("NA")
            continue
        if np.isfinite(v):
            if v < xmin + _NEAR:
                cells.append("NN")
                continue
            if v > xmax:
                cells.append("NA")
                continue
        if kind == "percentile":
            shown = 100.0 * np.searchsorted(xsorted, v - _NEAR, side="right") / x.size
            cells.append("NN" if shown == 0 else float(shown))
            continue
        with np.errstate(divide="ignore", invalid="ignore"):  # xmax = 0: R shows NN / NA
            if kind == "percentage.range":
                shown = 100.0 * (v - xmin) / (xmax - xmin)
            elif kind == "percentage.max":
                shown = 100.0 * np.float64(v) / xmax
            else:
                shown = v
        cells.append("NN" if np.isinf(shown) else "NA" if np.isnan(shown) else float(shown))
    return cells


@dataclass(frozen=True, eq=False)
class BottleneckTable(Result):
    """Bottleneck table of one ceiling: the outcome column, then one column per condition.

    Cells are numbers, ``"NN"`` (not necessary) or ``"NA"`` (not applicable), as R prints them.
    """

    ceiling: str
    table: pd.DataFrame = field(repr=False)
    bottleneck_x: str = "percentage.range"
    bottleneck_y: str = "percentage.range"
    _title = "NCA bottleneck table"
    _digits = 1

    def to_frame(self) -> pd.DataFrame:
        """Columns: ``outcome`` (the y level as displayed), then one per condition."""
        return self.table.copy()

    def _header(self) -> list[str]:
        return [f"ceiling: {self.ceiling}; outcome as {self.bottleneck_y}, conditions as {self.bottleneck_x}"]

    def _notes(self) -> list[str]:
        return ["NN = not necessary (the lowest observed level of the condition suffices); "
                "NA = not applicable (no observed level of the condition reaches it)"]

    def _dict(self) -> dict:
        return {"ceiling": self.ceiling, "bottleneck_x": self.bottleneck_x,
                "bottleneck_y": self.bottleneck_y,
                "columns": {c: self.table[c].tolist() for c in self.table.columns}}
