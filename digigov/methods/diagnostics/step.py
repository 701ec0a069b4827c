"""The set-theoretic diagnostics of a run: superSubset, findRows (ESA) and case selection.

- necessity of combinations (R's ``superSubset``) for the outcome;
- the enhanced standard analysis' list of rows excluded as contradictory simplifying
  assumptions or simultaneous subset relations (R's ``findRows`` types 2 and 3);
- case selection for follow-up case studies (SetMethods' ``smmr``) on the intermediate solution.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

import fsqca
from libdigigov.results import Result

__all__ = ["Diagnostics", "diagnostics", "esa_frame"]


@dataclass(frozen=True, eq=False)
class Diagnostics(Result):
    """superSubset, findRows (ESA) and smmr of a run.

    ``to_frame()`` is the necessity-of-combinations table; the engine results are attributes.
    """

    necessity_combinations: fsqca.NecessityCombinations = field(repr=False)
    esa: fsqca.FindRows = field(repr=False)
    case_selection: fsqca.CaseSelection | None = field(repr=False)

    _title = "Set-theoretic diagnostics"

    def to_frame(self) -> pd.DataFrame:
        return self.necessity_combinations.to_frame()

    def _header(self) -> list[str]:
        return [f"rows to exclude (ESA, findRows types 2 and 3): {', '.join(map(str, self.esa.rows)) or 'none'}"]

    def _dict(self) -> dict:
        return {"necessity_combinations": self.necessity_combinations.to_dict(), "esa": self.esa.to_dict(),
                "case_selection": None if self.case_selection is None else self.case_selection.to_dict()}


def diagnostics(study, memberships: pd.DataFrame, tt: fsqca.TruthTable, solutions: dict) -> Diagnostics:
    """superSubset with the study's ``diagnostics:`` settings, findRows types 2 and 3, smmr."""
    nc = fsqca.necessity_combinations(memberships, study.outcome, study.conditions,
                                      incl_cut=study.get("diagnostics", "incl_cut"),
                                      cov_cut=study.get("diagnostics", "cov_cut"),
                                      ron_cut=study.get("diagnostics", "ron_cut"),
                                      depth=study.get("diagnostics", "depth"))
    esa = fsqca.find_rows(tt, type=[2, 3])
    inter = solutions["intermediate"]
    return Diagnostics(nc, esa, fsqca.smmr(inter) if inter.models else None)


_REASONS = {"2": "contradictory simplifying assumption (type 2)", "3": "simultaneous subset relation (type 3)"}


def esa_frame(esa: fsqca.FindRows) -> pd.DataFrame:
    """The excluded rows with their reasons in words.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"A": [0.9, 0.8, 0.2, 0.7], "B": [0.8, 0.3, 0.7, 0.9],
    ...                    "Y": [0.9, 0.7, 0.2, 0.8]}, index=list("pqrs"))
    >>> tt = fsqca.truth_table(df, "Y", ["A", "B"], incl_cut=0.8)
    >>> list(esa_frame(fsqca.find_rows(tt, type=[2, 3])).columns)[-2:]
    ['types', 'reason']
    """
    df = esa.to_frame()
    df["reason"] = [", ".join(_REASONS.get(t, t) for t in str(types).split(",")) for types in df["types"]]
    return df
