"""Spatial case selection: QCA case types crossed with LISA clusters.

Set-theoretic multi-method research picks *typical* cases (members of a configuration and of
the outcome) to trace the mechanism and *deviant* cases (members of the configuration but not of
the outcome, or of the outcome without any configuration) to find what is missing (Schneider &
Rohlfing 2013; SetMethods' ``smmr``). Ingram & Harbers (2019, *Political Science Research and
Methods*, "Spatial tools for case selection: using LISA statistics to design mixed-methods
research") propose local indicators of spatial association for choosing cases: cases in
significant clusters (HH, LL) represent a spatial regime; spatial outliers (HL, LH) differ from
their neighbours, and so isolate a local cause from a regional one.

The rule applied here (:data:`RULES`), for each case from its QCA type (as ``smmr`` labels it)
and the LISA cluster of the chosen series (the outcome by default):

- typical and in a cluster (HH/LL): **typical in a hot/cold spot** -- the mechanism as it
  works within a regional pattern; compare with a typical case outside any cluster to see
  whether the neighbourhood matters;
- typical and a spatial outlier (HL/LH): **typical against its neighbours** -- the mechanism
  works although the neighbours differ: least suspected of riding a regional wave;
- deviant and a spatial outlier: **deviant spatial outlier** -- the first choice to look for a
  missing *local* condition;
- deviant and in a cluster: **deviant in a cluster** -- the deviance is shared with neighbours:
  look for a missing *spatially structured* condition (diffusion, a regional factor);
- anything else: no spatial recommendation (not significant, or an island).

Examples
--------
>>> import pandas as pd
>>> types = pd.Series({"a": "typical", "b": "deviant consistency", "c": "typical"})
>>> clusters = pd.Series({"a": "HH", "b": "HL", "c": "not significant"})
>>> spatial_case_selection(types, clusters).to_frame()["selection"].tolist()
['typical in a hot/cold spot', 'deviant spatial outlier', 'no spatial recommendation']
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from libdigigov.results import Result

from .errors import SpatialInputError

__all__ = ["SpatialCaseSelection", "spatial_case_selection", "RULES", "SOURCE"]

SOURCE = ("Ingram & Harbers (2019), Political Science Research and Methods: LISA clusters and spatial outliers "
          "for case selection; typical/deviant cases after Schneider & Rohlfing (2013)")
_CLUSTER, _OUTLIER = ("HH", "LL"), ("HL", "LH")
#: (QCA type, LISA group) -> (selection, why)
RULES = {
    ("typical", "cluster"): ("typical in a hot/cold spot",
                             "the mechanism within a regional pattern: compare with a typical case outside clusters"),
    ("typical", "outlier"): ("typical against its neighbours",
                             "the mechanism works although the neighbours differ: least likely a regional wave"),
    ("deviant", "outlier"): ("deviant spatial outlier",
                             "differs from its neighbours: first choice to look for a missing local condition"),
    ("deviant", "cluster"): ("deviant in a cluster",
                             "deviance shared with neighbours: look for a missing spatially structured condition"),
}


def _qca_kind(label: str) -> str | None:
    low = str(label).lower()
    if low.startswith("typical"):
        return "typical"
    if low.startswith("deviant"):
        return "deviant"
    return None


@dataclass(frozen=True, eq=False)
class SpatialCaseSelection(Result):
    """Case types crossed with LISA clusters; ``table``: ``case, case_type, cluster, selection, why``."""

    table: pd.DataFrame = field(repr=False)
    series: str = "outcome"

    _title = "Spatial case selection"

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def crosstab(self) -> pd.DataFrame:
        """Counts of case types by cluster."""
        return pd.crosstab(self.table["case_type"], self.table["cluster"])

    def _header(self) -> list[str]:
        return [f"LISA clusters of the {self.series}; rule: " + "; ".join(
            f"{k[0]} + {k[1]} -> {v[0]}" for k, v in RULES.items())]

    def _notes(self) -> list[str]:
        return [f"source: {SOURCE}", "cluster = HH/LL, outlier = HL/LH at the LISA's alpha"]


def spatial_case_selection(case_types: pd.Series, clusters: pd.Series, *, series: str = "outcome") -> SpatialCaseSelection:
    """Cross QCA case types (e.g. ``smmr``'s "typical", "deviant consistency", "deviant
    coverage", "IIR") with LISA cluster labels and apply :data:`RULES`.

    Parameters
    ----------
    case_types : pandas.Series
        QCA type of each case (cases without a type may be left out).
    clusters : pandas.Series
        LISA label of each case (:data:`spatial.local.CLUSTERS`), e.g. one column of
        :meth:`SpatialDiagnostics.clusters`.
    """
    if not isinstance(case_types, pd.Series) or not isinstance(clusters, pd.Series):
        raise SpatialInputError("case_types and clusters must be pandas Series indexed by case")
    ct = case_types.copy()
    ct.index = ct.index.astype(str)
    cl = clusters.copy()
    cl.index = cl.index.astype(str)
    missing = [c for c in ct.index if c not in cl.index]
    if missing:
        raise SpatialInputError(f"case {missing[0]!r} has a case type but no LISA cluster")
    rows = []
    for case, kind in ct.items():
        lab = str(cl[case])
        group = "cluster" if lab in _CLUSTER else "outlier" if lab in _OUTLIER else None
        sel, why = RULES.get((_qca_kind(kind), group), ("no spatial recommendation", ""))
        rows.append({"case": case, "case_type": str(kind), "cluster": lab, "selection": sel, "why": why})
    return SpatialCaseSelection(pd.DataFrame(rows), series)
