"""The shape every statistic's result shares: a table and the weights it was computed with."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from libdigigov.results import Result

from .weights import SpatialWeights


@dataclass(frozen=True, eq=False)
class TableResult(Result):
    """A result whose main table is ``table`` (one row per variable, case or level)."""

    table: pd.DataFrame = field(repr=False)
    weights: SpatialWeights = field(repr=False)

    _digits = 4

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()
