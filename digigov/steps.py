"""The steps of a study run, each a small function returning its engine's result object.

:func:`digigov.pipeline.run_study` calls them in order; every step reads its settings through
:meth:`digigov.study.Study.get` (defaults in :data:`digigov.study.DEFAULTS`).
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace

import pandas as pd

import fsqca
from libdigigov.results import Result

from .errors import StudyError
from .study import Study

__all__ = ["check_names", "calibrate", "minimize", "configurations", "geodetector", "robustness",
           "GeodetectorStep", "StrategyStep"]

_PERCENTILE = "p"


# ------------------------------------------------------------------------------ validation
def _unknown(name: str, known, where: str) -> StudyError:
    close = difflib.get_close_matches(str(name), [str(k) for k in known], n=1)
    hint = f"; did you mean {close[0]!r}?" if close and close[0] != str(name) else ""
    return StudyError(f"{where}: {name!r} is not the outcome or a condition of the study{hint}")


def check_names(study: Study, data: pd.DataFrame) -> None:
    """Every name the study file uses exists in the data (after composites), before any analysis."""
    known = [study.outcome, *study.conditions]
    missing = [c for c in known if c not in data.columns]
    if missing:
        raise StudyError(f"outcome/conditions: column(s) {', '.join(map(repr, missing))} not in the data")
    for name in study.get("geodetector", "conditions") or []:
        if name not in data.columns:
            raise _unknown(name, study.conditions, "geodetector.conditions")
    for name in study.spec.get("labels") or {}:
        if name not in known and name not in data.columns:
            raise _unknown(name, known, "labels")
    numeric = data[known].apply(pd.to_numeric, errors="coerce")
    for col in known:
        bad = numeric[col].isna() & data[col].notna()
        if bad.any():
            case = bad.index[bad.argmax()]
            raise StudyError(f"column {col!r}: value {data.at[case, col]!r} of case {case!r} is not a number")
        if numeric[col].isna().any():
            case = numeric.index[numeric[col].isna().argmax()]
            raise StudyError(f"column {col!r}: case {case!r} has no value (NaN)")
        if numeric[col].nunique() < 2:
            role = "the outcome" if col == study.outcome else "condition"
            raise StudyError(f"column {col!r} ({role}) is constant ({numeric[col].iloc[0]!r} for every case): "
                             "a constant set cannot be analysed")


# ------------------------------------------------------------------------------ calibration
def _percentile(anchor) -> float | None:
    text = str(anchor).strip()
    if text.startswith(_PERCENTILE) and text[1:].replace(".", "", 1).isdigit():
        return float(text[1:])
    return None


def _anchor_spec(column: str, anchors: dict, default: dict, where: str) -> dict:
    merged = {**default, **anchors}
    if merged.get("method") == "crisp":
        return {"method": "crisp", "thresholds": merged["thresholds"]}
    e, c, i = merged.get("exclusion"), merged.get("crossover"), merged.get("inclusion")
    pe, pi = _percentile(e), _percentile(i)
    if pe is None and isinstance(e, (int, float)):
        pe, pi = (float(e), float(i)) if isinstance(i, (int, float)) else (None, None)
    below = pe is not None and pi is not None and pi < pe
    direction = merged.get("direction")
    if below and direction != "decreasing":
        raise StudyError(f"{where}: column {column!r}: inclusion {i} lies below exclusion {e}, so the set would be "
                         "decreasing (high raw values, low membership); write 'direction: decreasing' if that is "
                         "meant, or swap the anchors")
    if direction == "decreasing" and not below:
        # "decreasing" with the usual anchors (inclusion p95, exclusion p5) flips them
        e, i = i, e
    return {"thresholds": {"exclusion": e, "crossover": c, "inclusion": i}}


def calibrate(study: Study, raw: pd.DataFrame, anchors: dict | None = None) -> fsqca.CalibrationResult:
    """Direct calibration of the outcome and conditions (``anchors`` overrides every column's)."""
    default = anchors or study.get("calibration", "anchors")
    per = (study.spec.get("calibration") or {}).get("columns") or {}
    columns = [*study.conditions, study.outcome]
    spec = {}
    for col in columns:
        own = per.get(col, {}) if anchors is None else {}
        where = f"calibration.columns.{col}" if own else "calibration.anchors"
        spec[col] = _anchor_spec(col, own, default, where)
    return fsqca.calibrate_frame(raw[columns], spec, avoid_half=study.get("calibration", "avoid_half"),
                                 percentile_method=study.get("calibration", "percentile_method"))


# ------------------------------------------------------------------------------ fsQCA
def truth_table(study: Study, memberships: pd.DataFrame) -> fsqca.TruthTable:
    return fsqca.truth_table(memberships, study.outcome, study.conditions,
                             incl_cut=study.get("truth_table", "incl_cut"),
                             pri_cut=study.get("truth_table", "pri_cut"), n_cut=study.get("truth_table", "n_cut"))


def minimize(study: Study, tt: fsqca.TruthTable) -> dict[str, fsqca.Solution]:
    """The complex, parsimonious and intermediate solutions."""
    opts = {"exclude": study.get("minimize", "exclude") or None, "max_models": study.get("minimize", "max_models"),
            "node_limit": study.get("minimize", "node_limit"), "time_limit": study.get("minimize", "time_limit")}
    dir_exp = study.get("minimize", "dir_exp") or None
    return {"complex": fsqca.minimize(tt, "complex", **opts),
            "parsimonious": fsqca.minimize(tt, "parsimonious", **opts),
            "intermediate": fsqca.minimize(tt, "intermediate", dir_exp=dir_exp, **opts)}


def labels(study: Study, lang: str | None = None) -> dict[str, str]:
    lang = lang or study.language
    return {c: v.get(lang, c) for c, v in (study.spec.get("labels") or {}).items()}


def configurations(study: Study, solutions: dict) -> fsqca.ConfigurationTable:
    """The configuration table, numbered as ``configurations.order`` says when it is given."""
    try:
        table = fsqca.configuration_table(solutions["intermediate"], solutions["parsimonious"],
                                          lang=study.language, labels=labels(study),
                                          cores=study.get("configurations", "cores"))
    except fsqca.QCAInputError as exc:
        raise StudyError(f"configurations.cores: {exc}") from None
    order = study.get("configurations", "order")
    return _renumber(table, order) if order else table


def _renumber(table: fsqca.ConfigurationTable, order: list[str]) -> fsqca.ConfigurationTable:
    """The configurations in the order of ``configurations.order``, numbered 1, 2, ..."""
    keys = [frozenset(t) for t in table.terms]
    perm = []
    for term in order:
        try:
            (t,) = fsqca.parse_expression(term, list(table.conditions))
            perm.append(keys.index(frozenset(t)))
        except (ValueError, fsqca.QCAInputError):
            raise StudyError(f"configurations.order: {term!r} is not a configuration of the solution; they are: "
                             f"{', '.join(fsqca.format_term(x) for x in table.terms)}") from None
    if sorted(perm) != list(range(len(keys))):
        raise StudyError(f"configurations.order must list each of the {len(keys)} configurations once")
    names = tuple(str(k) for k in range(1, len(perm) + 1))
    cells = table.cells.iloc[:, perm].set_axis(list(names), axis=1)
    term_fit = table.term_fit.iloc[perm].set_axis(list(names), axis=0)
    return replace(table, configurations=names, terms=tuple(table.terms[i] for i in perm),
                   cores=tuple(table.cores[i] for i in perm), cells=cells, term_fit=term_fit)


def robustness(study: Study, raw: pd.DataFrame, memberships: pd.DataFrame, initial: fsqca.Solution,
               progress: bool) -> fsqca.RobustnessResult | None:
    plan = study.spec.get("robustness")
    if not plan:
        return None
    base = {k: study.get("truth_table", k) for k in ("incl_cut", "pri_cut", "n_cut")}
    datasets = {"initial": memberships}
    checks = [fsqca.RobustnessCheck(f"incl_cut {c:g}", **{**base, "incl_cut": c}) for c in plan.get("incl_cuts", [])]
    checks += [fsqca.RobustnessCheck(f"n_cut {n}", **{**base, "n_cut": n}) for n in plan.get("n_cuts", [])]
    checks += [fsqca.RobustnessCheck(f"pri_cut {p:g}", **{**base, "pri_cut": p}) for p in plan.get("pri_cuts", [])]
    for cal in plan.get("calibrations", []):
        anchors = {k: cal[k] for k in ("inclusion", "crossover", "exclusion")}
        datasets[cal["label"]] = calibrate(study, raw, anchors).data
        checks.append(fsqca.RobustnessCheck(cal["label"], incl_cut=cal.get("incl_cut", base["incl_cut"]),
                                            pri_cut=cal.get("pri_cut", base["pri_cut"]), n_cut=base["n_cut"],
                                            data_label=cal["label"]))
    if not checks:
        return None
    return fsqca.sweep(initial, datasets, checks, outcome=study.outcome, conditions=study.conditions,
                       solution="intermediate", dir_exp=study.get("minimize", "dir_exp") or None,
                       n_jobs=plan.get("n_jobs", 1), progress=progress)


# ------------------------------------------------------------------------------ geodetector
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
    aux_mode = study.get("geodetector", "auxiliaries")
    # core: "all" core conditions, or only the "present" ones (as the study's q values)
    core_kinds = (1, 0) if study.get("geodetector", "core") == "all" else (1,)
    rank_by = study.get("geodetector", "rank_by")
    steps = []
    for cid, term, core in zip(table.configurations, table.terms, table.cores):
        core_set = {c for c, _ in core}
        core_names = [c for want in core_kinds for c, v in core if v == want and c in conds]
        # The study ranks the peripheral conditions present in a configuration (what a province
        # can build); "all" also ranks the absent ones.
        wanted = (1, 0) if aux_mode == "all" else (1,)
        aux = [c for want in wanted for c, v in term if v == want and c not in core_set and c in conds]
        ranking, q_core = None, None
        if core_names and aux:
            ranking = gd.strategy_ranking(frame, "__y", core_names, aux, conditions=conds, name=cid, rank_by=rank_by)
            q_core = ranking.q_core
        elif core_names:
            q_core = gd.interaction_q(frame, "__y", core_names)
        steps.append(StrategyStep(cid, tuple(core_names), tuple(aux), q_core, ranking, rank_by))
    return GeodetectorStep(study.outcome, y_name, method, k, study.get("geodetector", "alpha"), breaks, strata,
                           factor, interaction, tuple(steps), opt)
