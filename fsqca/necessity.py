"""Analysis of necessary conditions.

For a condition (or its negation) ``X`` and outcome ``Y`` (Ragin 2006; Schneider & Wagemann
2012, sec. 9.2):

- ``inclN = sum(min(X, Y)) / sum(Y)``: consistency of ``X`` as necessary for ``Y``;
- ``covN = sum(min(X, Y)) / sum(X)``: coverage, low values flag trivial necessity;
- ``RoN = sum(1 - X) / sum(1 - min(X, Y))``: relevance of necessity.

The usual reading: ``X`` is necessary if ``inclN >= 0.9`` and ``RoN`` is not close to 0.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from . import measures
from libdigigov.results import Result

from ._validate import membership_matrix, resolve_columns, split_outcome

__all__ = ["Necessity", "necessity"]


@dataclass(frozen=True, eq=False)
class Necessity(Result):
    """Necessity fit of each condition and its negation, for one or both outcomes."""

    table: pd.DataFrame = field(repr=False)
    threshold: float = 0.9

    _title = "Analysis of necessary conditions"

    def to_frame(self) -> pd.DataFrame:
        """Columns: outcome, condition, inclN, RoN, covN, necessary (inclN >= threshold)."""
        df = self.table.copy()
        df["necessary"] = df["inclN"] >= self.threshold - 1e-12
        return df

    def _header(self) -> list[str]:
        nec = self.to_frame()["necessary"].sum()
        return [("no condition reaches" if nec == 0 else f"{nec} condition(s) reach")
                + f" inclN >= {self.threshold:g}"]

    def _dict(self) -> dict:
        return {"threshold": self.threshold, "table": self.to_frame().to_dict(orient="records")}


def necessity(
    data: pd.DataFrame,
    outcome: str,
    conditions: Sequence[str] | str | None = None,
    *,
    case_col: str | None = None,
    negated_outcome: bool = False,
    threshold: float = 0.9,
) -> Necessity:
    """Necessity of each condition and its negation for ``outcome``.

    Parameters
    ----------
    data : DataFrame
        Calibrated memberships.
    outcome : str
        Outcome column (``"~Y"`` for its negation).
    conditions : list of str, optional
        Defaults to every other column.
    negated_outcome : bool
        Also report the negated outcome (as studies usually do).
    threshold : float
        Consistency at which a condition is flagged as necessary.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"A": [0.9, 0.8, 0.6, 0.1], "Y": [0.8, 0.7, 0.2, 0.1]})
    >>> necessity(df, "Y").to_frame()[["condition", "inclN"]].round(3)
      condition  inclN
    0         A  1.000
    1        ~A  0.333
    """
    name, negated = split_outcome(outcome)
    if case_col is not None:
        data = data.set_index(case_col)
    conds = resolve_columns(data, name, conditions)
    x = membership_matrix(data, conds)
    y = membership_matrix(data, [name])[:, 0]
    outcomes = [(("~" if negated else "") + name, 1.0 - y if negated else y)]
    if negated_outcome:
        outcomes.append((("" if negated else "~") + name, y if negated else 1.0 - y))
    records = []
    for label, yy in outcomes:
        for j, c in enumerate(conds):
            for cond_label, xx in ((c, x[:, j]), ("~" + c, 1.0 - x[:, j])):
                records.append({
                    "outcome": label,
                    "condition": cond_label,
                    "inclN": measures.necessity_inclusion(xx, yy),
                    "RoN": measures.relevance_of_necessity(xx, yy),
                    "covN": measures.necessity_coverage(xx, yy),
                })
    return Necessity(pd.DataFrame.from_records(records), threshold)
