"""The geographical detector's step: strata, factor and interaction detectors, strategy rankings.

Wang et al. (2010, 2016): the conditions are discretised into strata, the factor detector's q
is the share of the outcome's spatial variance a condition's strata explain, the interaction
detector crosses two conditions.  Each configuration's auxiliary conditions are ranked by the
q of their interaction with its core conditions (the study's "optimisation heatmaps").
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

import fsqca
from libdigigov.results import Result

from ...study import Study

__all__ = ["geodetector", "GeodetectorStep", "StrategyStep", "strategy_conditions", "strategy_steps"]


@dataclass(frozen=True, eq=False)
class StrategyStep:
    """One configuration's strategy ranking: its core and auxiliary conditions and the ranking."""

    configuration: str
    core: tuple[str, ...]
    auxiliary: tuple[str, ...]
    q_core: float | None
    ranking: object = None          # geodetector StrategyResult, or None without auxiliaries
    rank_by: str = "cross"

    def to_dict(self) -> dict:
        entry = {"configuration": self.configuration, "core": list(self.core), "auxiliary": list(self.auxiliary),
                 "q_core": self.q_core, "ranking": [], "q_max": [], "pairs": {}, "rank_by": self.rank_by}
        score = {"cross": "q_core_aux", "max": "q_pair_max", "mean": "q_pair_mean"}[self.rank_by]
        res = self.ranking
        if res is not None:
            entry["ranking"] = [{"auxiliary": r.auxiliary, "q": getattr(r, score), "gain": r.gain, "rank": int(r.rank),
                                 "p_value": r.p_value, "p_first": r.p_first, "support_next": r.support_next}
                                for r in res.table.itertuples()]
            entry["result"] = res.to_dict()
            # the one rule that names the strongest strategy, with its support (findings,
            # heatmap frame and comparison page all read this)
            entry["strongest"] = res.strongest().to_dict()
            entry["q_max"] = [{"core": r.core, "partner": r.partner, "q": r.q_max, "role": r.role}
                              for r in res.q_max.itertuples()]
            entry["pairs"] = {c: {a: float(res.pairs.at[c, a]) for a in self.auxiliary} for c in self.core}
        return entry


@dataclass(frozen=True, eq=False)
class GeodetectorStep(Result):
    """The study's geographical-detector step: strata, factor and interaction detectors, strategies."""

    y: str
    y_source: str
    method: str
    k: int
    alpha: float
    breaks: dict = field(repr=False)
    strata: pd.DataFrame = field(repr=False)
    factor: object = field(repr=False)
    interaction: object = field(repr=False)
    strategies: tuple[StrategyStep, ...] = ()
    discretization: object = field(default=None, repr=False)   # the OPGD result when method is "opgd"

    _title = "Geographical detector"

    def to_frame(self) -> pd.DataFrame:
        return self.factor.to_frame()

    def _notes(self) -> list[str]:
        """The detectors' notes: small-sample warnings, skipped resampling."""
        return list(dict.fromkeys([*self.factor.notes, *self.interaction.notes]))

    def _header(self) -> list[str]:
        return [f"outcome {self.y} ({self.y_source}); strata by {self.method}"
                + ("" if self.method == "opgd" else f", {self.k} classes") + f"; alpha = {self.alpha:g}"]

    def _dict(self) -> dict:
        disc = {"method": self.method, "k": self.k, "breaks": self.breaks}
        if self.discretization is not None:
            disc["opgd"] = [{k: v for k, v in row.items()} for row in
                            self.discretization.best.to_dict(orient="records")]
        return {"y": self.y, "y_source": self.y_source, "alpha": self.alpha, "discretization": disc,
                "strata": {c: {str(i): int(v) for i, v in self.strata[c].items()} for c in self.strata.columns},
                "factor": _records(self.factor.to_frame()), "interaction": _records(self.interaction.to_frame()),
                "interaction_settings": {k: v for k, v in self.interaction.to_dict().items() if k != "pairs"},
                "strategies": [s.to_dict() for s in self.strategies]}


def _records(df: pd.DataFrame) -> list[dict]:
    df = df.reset_index() if df.index.name or not isinstance(df.index, pd.RangeIndex) else df
    return [{str(k): v for k, v in row.items() if k != "index"} for row in df.to_dict(orient="records")]


def strategy_conditions(table: fsqca.ConfigurationTable, conditions, *, core: str = "all",
                        auxiliaries: str = "present") -> list[tuple[str, list[str], list[str]]]:
    """Each configuration's core and auxiliary conditions for its strategy ranking.

    ``core="all"`` takes the configuration's core conditions present and absent (present
    first), ``"present"`` only the present ones (as the study's q values).  The auxiliaries
    are its peripheral conditions: the present ones (``auxiliaries="present"``, what a
    province can build) or also the absent ones (``"all"``).  Only names in ``conditions``
    (the conditions the detector ran on) are kept.

    Returns
    -------
    list of (configuration id, core conditions, auxiliary conditions)
    """
    core_kinds = (1, 0) if core == "all" else (1,)
    wanted = (1, 0) if auxiliaries == "all" else (1,)
    out = []
    for cid, term, core_term in zip(table.configurations, table.terms, table.cores):
        core_set = {c for c, _ in core_term}
        core_names = [c for want in core_kinds for c, v in core_term if v == want and c in conditions]
        aux = [c for want in wanted for c, v in term if v == want and c not in core_set and c in conditions]
        out.append((cid, core_names, aux))
    return out


def strategy_steps(frame: pd.DataFrame, y: str, table: fsqca.ConfigurationTable, conditions, *,
                   core: str = "all", auxiliaries: str = "present", rank_by: str = "cross") -> tuple:
    """The strategy ranking of every configuration on the strata of ``frame`` (the outcome ``y``
    and one column of strata per condition), by :func:`strategy_conditions`."""
    import geodetector as gd

    steps = []
    for cid, core_names, aux in strategy_conditions(table, conditions, core=core, auxiliaries=auxiliaries):
        ranking, q_core = None, None
        if core_names and aux:
            ranking = gd.strategy_ranking(frame, y, core_names, aux, conditions=list(conditions), name=cid,
                                          rank_by=rank_by)
            q_core = ranking.q_core
        elif core_names:
            q_core = gd.interaction_q(frame, y, core_names)
        steps.append(StrategyStep(cid, tuple(core_names), tuple(aux), q_core, ranking, rank_by))
    return tuple(steps)


def geodetector(study: Study, raw: pd.DataFrame, memberships: pd.DataFrame,
                table: fsqca.ConfigurationTable) -> GeodetectorStep:
    """Discretise the conditions, run the factor and interaction detectors, rank the strategies."""
    import geodetector as gd

    method, k = study.get("geodetector", "method"), study.get("geodetector", "k")
    conds = study.get("geodetector", "conditions") or study.conditions
    y_name = study.get("geodetector", "y")
    y = (memberships if y_name == "membership" else raw)[study.outcome].astype(float)
    strata = pd.DataFrame(index=raw.index)
    breaks, opt = {}, None
    if method == "opgd":
        opt = gd.optimal_discretization(raw[conds].assign(__y=y), "__y", conds, progress=False)
        strata = opt.transform(raw[conds]).astype(int)
        breaks = {r.variable: [float(b) for b in r.breaks] for r in opt.best.itertuples(index=False)}
    else:
        for c in conds:
            s = gd.discretize(raw[c], method, k)
            strata[c] = s.astype(int)
            breaks[c] = [float(b) for b in s.attrs.get("breaks", [])]
    frame = strata.assign(__y=y)
    factor = gd.factor_detector(frame, "__y", conds)
    interaction = gd.interaction_detector(frame, "__y", conds)
    steps = strategy_steps(frame, "__y", table, conds, core=study.get("geodetector", "core"),
                           auxiliaries=study.get("geodetector", "auxiliaries"),
                           rank_by=study.get("geodetector", "rank_by"))
    return GeodetectorStep(study.outcome, y_name, method, k, study.get("geodetector", "alpha"), breaks, strata,
                           factor, interaction, tuple(steps), opt)
