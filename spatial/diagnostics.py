"""Spatial diagnostics of a configurational (QCA) result, from plain memberships.

QCA treats cases as independent; provinces are not (neighbours learn from and compete with one
another). Given the outcome's membership, each configuration's membership and the solution's,
:func:`qca_spatial_diagnostics` asks three questions:

1. **Is the outcome spatially clustered?** Global Moran's I of the outcome membership. If so, the
   cases are not independent draws and a configuration may merely trace a regional pattern.
2. **Where do the paths cluster?** Moran's I and LISA clusters of each configuration's membership.
3. **Does the solution leave space unexplained?** Moran's I of the *residual* ``Y - S`` (outcome
   membership minus solution membership; positive where the solution under-predicts, negative
   where it over-predicts). Clustered residuals mean neighbouring cases are mispredicted
   together: a spatially structured condition (diffusion, competition, a regional factor) is
   probably missing. This is the regression analyst's Moran test on residuals (Cliff & Ord 1981;
   Anselin 1988) carried over to set memberships; the residual is not a regression residual, so
   the test is a diagnostic, not a specification test with known size.

Tests are two-sided (clustering or dispersion) at ``alpha``; the permutation p-value is used when
permutations are drawn, else the randomisation p-value. A membership that is constant (a
configuration no case belongs to) has no Moran's I: its row says so.

Examples
--------
>>> import pandas as pd
>>> from spatial.weights import weights_from_neighbours
>>> nb = {c: [d for d in "abcdef" if abs(ord(d) - ord(c)) == 1] for c in "abcdef"}
>>> w = weights_from_neighbours(nb)
>>> y = pd.Series([0.9, 0.8, 0.7, 0.3, 0.2, 0.1], index=list("abcdef"))
>>> paths = pd.DataFrame({"A*B": [0.9, 0.8, 0.6, 0.4, 0.2, 0.1]}, index=list("abcdef"))
>>> d = qca_spatial_diagnostics(y, paths, w)
>>> d.table["series"].tolist()
['outcome', 'A*B', 'solution', 'residual']
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from libdigigov.results import Result

from .data import as_frame, check_testable
from .errors import SpatialInputError
from .local import LocalMoran, local_moran
from .global_moran import moran
from .weights import SpatialWeights

__all__ = ["SpatialDiagnostics", "qca_spatial_diagnostics", "residual_verdict"]


def residual_verdict(stat: float, expect: float, p: float | None, alpha: float, what: str = "residuals") -> str:
    """One plain-words sentence on the spatial pattern of ``what``.

    >>> residual_verdict(0.35, -0.033, 0.004, 0.05)
    "The residuals are spatially clustered (Moran's I = 0.350, p = 0.004): neighbouring cases are under- or over-predicted together, which suggests a missing spatially structured condition (diffusion, competition or a regional factor)."
    """
    if p is None or not np.isfinite(p):
        return f"The {what} have no Moran's I (constant membership)."
    tail = f"(Moran's I = {stat:.3f}, p = {p:.3f})"
    if p <= alpha and stat > expect:
        if what == "residuals":
            return (f"The residuals are spatially clustered {tail}: neighbouring cases are under- or over-predicted "
                    "together, which suggests a missing spatially structured condition (diffusion, competition or "
                    "a regional factor).")
        return f"The {what} are spatially clustered {tail}: neighbouring cases resemble each other."
    if p <= alpha:
        if what == "residuals":
            return (f"The residuals are spatially dispersed {tail}: neighbours are mispredicted in opposite "
                    "directions, as competition between neighbours or a boundary effect would do.")
        return f"The {what} are spatially dispersed {tail}: neighbouring cases differ more than chance would make them."
    return (f"No spatial pattern in the {what} {tail}: no evidence of clustering at alpha = {alpha:g} "
            "(with few cases the test has little power: this is no proof that space does not matter).")


@dataclass(frozen=True, eq=False)
class SpatialDiagnostics(Result):
    """Spatial autocorrelation of the outcome, the configurations, the solution and its residual.

    Attributes
    ----------
    table : DataFrame
        One row per series (``outcome``, each configuration, ``solution``, ``residual``):
        ``kind, I, EI, z_rand, p_rand, p_perm, p, pattern`` (``p`` the p-value used).
    memberships : DataFrame
        The series themselves (cases x series), residual included.
    local : LocalMoran
        LISA of every non-constant series; :meth:`clusters` gives the map labels.
    verdict : str
        The plain-words verdict on the residuals.
    """

    table: pd.DataFrame = field(repr=False)
    memberships: pd.DataFrame = field(repr=False)
    local: LocalMoran = field(repr=False)
    weights: SpatialWeights = field(repr=False)
    verdict: str = ""
    outcome_verdict: str = ""
    alpha: float = 0.05
    permutations: int = 0
    seed: int | None = None
    solution: str = "fuzzy union (maximum) of the configurations"

    _title = "Spatial diagnostics of the solution"
    _digits = 3

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def clusters(self) -> pd.DataFrame:
        """LISA cluster labels, cases x series (HH, LL, HL, LH, not significant, no neighbours);
        a constant series is ``constant`` throughout."""
        out = self.local.clusters()
        for s in self.memberships.columns:
            if s not in out.columns:
                out[s] = "constant"
        return out[list(self.memberships.columns)]

    def _header(self) -> list[str]:
        w = self.weights
        src = f"{self.permutations} permutations (seed {self.seed})" if self.permutations else "randomisation"
        return [f"{w.n} cases, style {w.style}, source: {w.source}; two-sided p from {src}, alpha {self.alpha:g}"]

    def _notes(self) -> list[str]:
        notes = [self.outcome_verdict, self.verdict,
                 "residual = outcome membership - solution membership (> 0: under-predicted, < 0: over-predicted); "
                 f"solution membership: {self.solution}"]
        if self.weights.islands:
            notes.append(f"islands (no neighbours, no local statistic): {', '.join(self.weights.islands)}; "
                         f"island rule: {self.weights.island_rule}")
        return notes

    def _dict(self) -> dict:
        return {"table": self.table.to_dict(orient="records"), "verdict": self.verdict,
                "outcome_verdict": self.outcome_verdict, "solution": self.solution, "alpha": self.alpha,
                "permutations": self.permutations,
                "seed": self.seed, "clusters": self.clusters().reset_index().to_dict(orient="records"),
                "weights": {k: v for k, v in self.weights.to_dict().items() if k != "neighbours"}}


def qca_spatial_diagnostics(outcome: pd.Series, configurations: pd.DataFrame, weights: SpatialWeights, *,
                            solution: pd.Series | None = None, permutations: int = 999,
                            lisa_permutations: int | None = None, seed: int | None = None, alpha: float = 0.05,
                            fdr: bool = False) -> SpatialDiagnostics:
    """Spatial diagnostics of a QCA solution (see the module docstring).

    Parameters
    ----------
    outcome : pandas.Series
        Outcome membership by case.
    configurations : pandas.DataFrame
        One column per configuration (sufficient term), memberships by case.
    weights : SpatialWeights
    solution : pandas.Series, optional
        Solution membership; default the fuzzy union (maximum) of the configurations.
    permutations : int, default 999
        Draws for the global tests (0: randomisation p-values only).
    lisa_permutations : int, optional
        Conditional permutations for the LISA clusters (default: ``permutations``).
    seed, alpha, fdr
        As :func:`spatial.local_moran`.
    """
    if not isinstance(configurations, pd.DataFrame) or configurations.shape[1] == 0:
        raise SpatialInputError("configurations must be a DataFrame with one column per configuration")
    reserved = {"outcome", "solution", "residual"} & set(map(str, configurations.columns))
    if reserved:
        raise SpatialInputError(f"a configuration may not be called {sorted(reserved)[0]!r}")
    y = as_frame(outcome.rename("outcome"), weights)["outcome"]
    conf = as_frame(configurations, weights)
    for name, frame in (("outcome", y.to_frame()), ("configurations", conf)):
        v = frame.to_numpy()
        if ((v < 0) | (v > 1)).any():
            raise SpatialInputError(f"{name} must be memberships in [0, 1]")
    if solution is None:
        sol = conf.max(axis=1).rename("solution")
        sol_note = "fuzzy union (maximum) of the configurations"
    else:
        sol = as_frame(solution.rename("solution"), weights)["solution"]
        sol_note = "as given"
    series = pd.concat([y, conf, sol, (y - sol).rename("residual")], axis=1)
    check_testable(series, weights, constant_ok=True)
    kinds = ["outcome"] + ["configuration"] * conf.shape[1] + ["solution", "residual"]
    varying = [c for c in series.columns if np.ptp(series[c].to_numpy()) > 0]
    glob = moran(series[varying], weights, permutations=permutations, seed=seed, alternative="two-sided") \
        if varying else None
    lp = permutations if lisa_permutations is None else lisa_permutations
    loc = local_moran(series[varying], weights, permutations=lp, seed=seed, alpha=alpha, fdr=fdr)
    rows = []
    by_var = glob.table.set_index("var") if glob is not None else pd.DataFrame()
    for s, kind in zip(series.columns, kinds):
        if s in by_var.index:
            r = by_var.loc[s]
            p = r["p_perm"] if permutations else r["p_rand"]
            p = float(p) if p is not None and np.isfinite(p) else np.nan
            pattern = ("not significant" if not p <= alpha else "clustered" if r["I"] > r["EI"] else "dispersed")
            rows.append({"series": s, "kind": kind, "I": r["I"], "EI": r["EI"], "z_rand": r["z_rand"],
                         "p_rand": r["p_rand"], "p_perm": r["p_perm"], "p": p, "pattern": pattern})
        else:
            rows.append({"series": s, "kind": kind, "I": np.nan, "EI": np.nan, "z_rand": np.nan, "p_rand": np.nan,
                         "p_perm": np.nan, "p": np.nan, "pattern": "constant (no Moran's I)"})
    table = pd.DataFrame(rows)
    res = table.set_index("series").loc["residual"]
    out = table.set_index("series").loc["outcome"]
    verdict = residual_verdict(res["I"], res["EI"], res["p"], alpha)
    o_verdict = residual_verdict(out["I"], out["EI"], out["p"], alpha, what="outcome memberships")
    if out["pattern"] == "clustered":
        o_verdict += " The cases are not independent draws: read the configurations with their geography in mind."
    return SpatialDiagnostics(table, series, loc, weights, verdict, o_verdict, float(alpha),
                              int(permutations), glob.seed if glob is not None else None, sol_note)
