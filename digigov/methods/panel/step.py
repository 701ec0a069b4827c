"""What a panel study adds per period: SetMethods' cluster diagnostics of the solution and each
term by period and by region (sufficiency and necessity), with the panel's structure.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

import fsqca
from libdigigov.results import Result

from ...variants.panel import REGION, PanelInputError, period_label

__all__ = ["PanelDiagnostics", "panel_diagnostics", "panel_json"]


@dataclass(frozen=True, eq=False)
class PanelDiagnostics(Result):
    """The panel's cases (unit, period, region), its cluster diagnostics and its structure."""

    cases: pd.DataFrame = field(repr=False)                 # unit, period, region per case
    clusters: dict = field(default_factory=dict, repr=False)   # (by, relation) -> Cluster
    panel: dict = field(default_factory=dict, repr=False)

    _title = "Panel diagnostics"

    def to_frame(self) -> pd.DataFrame:
        return self.cases

    def _dict(self) -> dict:
        return dict(self.panel)


def panel_diagnostics(study, frame: pd.DataFrame, memberships: pd.DataFrame, solutions: dict) -> PanelDiagnostics:
    """Cluster diagnostics of the intermediate solution by period and, for provinces, by region."""
    inter = solutions["intermediate"]
    unit, period = study.get("panel", "unit"), study.get("panel", "period")
    cols = [unit, period] + ([REGION] if REGION in frame.columns else [])
    cases = frame.loc[memberships.index, cols]
    data = memberships.join(cases).assign(case=memberships.index)
    clusters = {}
    if inter.models:
        expr = inter.models[0].expression
        groups = [("period", period)] + ([("region", REGION)] if REGION in cases.columns else [])
        for by, col in groups:
            for relation in ("sufficiency", "necessity"):
                try:
                    # by region, a province occurs once per year in its region: the units are the
                    # province-years (the region's between values pool them; "within" is per case)
                    clusters[(by, relation)] = fsqca.cluster(data, expr, study.outcome,
                                                             unit if by == "period" else "case", col,
                                                             necessity=relation == "necessity")
                except fsqca.QCAInputError as exc:
                    raise PanelInputError(f"cluster diagnostics by {by}: {exc}") from None
    info = frame.attrs.get("panel", {})
    panel = {"unit": unit, "period": period, "periods": info.get("periods", sorted(cases[period].unique())),
             "units": list(dict.fromkeys(cases[unit])), "calibration": study.get("panel", "calibration"),
             "balanced": not info.get("missing"), "missing": info.get("missing", {}),
             "regions": REGION in cases.columns}
    return PanelDiagnostics(cases, clusters, panel)


def _notes(study, d: PanelDiagnostics) -> list[str]:
    """How the panel was analysed, in words (kept in results.json; the report words them in its language)."""
    p = d.panel
    how = ("pooled over all unit-periods (one set of anchors)" if p["calibration"] == "pooled"
           else f"per {p['period']} (anchors computed within each {p['period']})")
    notes = [f"panel: {len(p['units'])} {p['unit']}(s) x {len(p['periods'])} {p['period']}(s), long format; cases are "
             f"labelled '{p['unit']} {p['period']}'",
             f"calibration {how}; truth table and solutions pooled",
             "cluster diagnostics (SetMethods' cluster) of the intermediate solution by "
             + p["period"] + (" and by region (east, central, west, northeast; the units of the region "
                              "clusters are the unit-periods)" if p["regions"] else "")]
    if not p["balanced"]:
        notes.append("unbalanced panel (allowed by panel.allow_unbalanced): missing "
                     + "; ".join(f"{k}: {', '.join(v)}" for k, v in p["missing"].items()))
    if p["calibration"] == "per_period" and study.spec.get("robustness", {}).get("calibrations"):
        notes.append("robustness recalibrations use pooled anchors")
    return notes


def panel_json(study, d: PanelDiagnostics) -> dict:
    """The ``panel`` key of results.json."""
    return {**d.panel, "notes": _notes(study, d),
            "cases": {str(c): {k: period_label(v) if v is not None else None for k, v in row.items()}
                      for c, row in d.cases.to_dict(orient="index").items()},
            "clusters": [{"by": by, "relation": rel, **res.to_dict()} for (by, rel), res in d.clusters.items()]}
