"""The study's spatial step: engine calls only (:mod:`spatial`, :mod:`indicators`, :mod:`fsqca`).

Runs when the study file has a ``spatial:`` section (settings and defaults in
:data:`digigov.study.DEFAULTS`); each diagnostic is listed in ``spatial.diagnostics``:

- ``autocorrelation``: :func:`spatial.qca_spatial_diagnostics` of the outcome's membership, each
  configuration's membership (the intermediate term, as the configuration table numbers it),
  the solution's (their fuzzy union) and the residual (outcome minus solution membership),
  global Moran's I two-sided and local Moran (LISA) clusters;
- ``lisa_maps``: the LISA cluster maps of the series ``spatial.maps`` lists (drawn by the
  report from ``results.json``);
- ``case_selection``: :func:`spatial.spatial_case_selection`, the solution's typical and deviant
  cases (SetMethods' ``smmr``, from the diagnostics step) crossed with the outcome's LISA cluster
  (Ingram & Harbers 2019);
- ``regions``: :func:`fsqca.leave_one_group_out` over the four official regions of the
  provinces (or ``spatial.region_column``), with the robust core (Oana & Schneider 2021);
- ``lagged``: for each condition of ``spatial.lagged``, its neighbours' mean
  (:func:`spatial.lagged_condition` of the raw values), calibrated with the study's anchors
  and added as one more condition: the parsimonious solution with it beside the one without.

Every choice (weights, island rule, style, permutations, seed, FDR, the solution membership,
the p-value used) is written into the notes.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

import fsqca
from libdigigov.results import Result

from ...errors import StudyError
from ...study import DEFAULTS, Study

__all__ = ["SpatialStudy", "spatial_settings", "study_weights", "prepare_spatial", "run_spatial", "spatial_json",
           "configuration_series"]


def spatial_settings(study: Study) -> dict:
    """The ``spatial:`` section with every default filled in (what the run used).

    Examples
    --------
    >>> from digigov.study import EXAMPLE_STUDY, load_study
    >>> s = spatial_settings(load_study(EXAMPLE_STUDY))
    >>> s["weights"], s["island_links"], s["permutations"], s["lisa_permutations"], s["diagnostics"][-1]
    ('queen', 'none', 999, 999, 'lagged')
    """
    given = study.spec.get("spatial") or {}
    out = {k: study.get("spatial", k) for k in DEFAULTS["spatial"]}
    out["lagged"] = list(given.get("lagged") or [])
    if out["lagged"] and "diagnostics" not in given:
        out["diagnostics"] = [*out["diagnostics"], "lagged"]
    if out["lisa_permutations"] is None:
        out["lisa_permutations"] = out["permutations"]
    out["fdr"] = bool(given.get("fdr", False))
    if out["weights"] != "knn":
        out["k"] = None
    if "lisa_maps" not in out["diagnostics"]:
        out["maps"] = []
    return out


def study_weights(study: Study, settings: dict, cases) -> object:
    """The :class:`spatial.SpatialWeights` of the study's cases, in their order.

    ``queen``/``rook``/``knn``/``distance``: the bundled provinces
    (:func:`indicators.spatial_weights.province_weights`, with the study's island rule); ``edges``:
    the edge list ``spatial.edges`` (relative to the study file; every link both ways).
    """
    from indicators.errors import IndicatorInputError
    from spatial import SpatialInputError, weights_from_edges

    kind = settings["weights"]
    try:
        if kind == "edges":
            base = study.path.parent if study.path is not None else Path.cwd()
            path = (base / settings["edges"]).resolve()
            return weights_from_edges(path, [str(c) for c in cases], style=settings["style"], symmetric=True,
                                      source=f"edge list {Path(settings['edges']).name}")
        from indicators.spatial_weights import province_weights

        w = province_weights(kind, island_links=settings["island_links"], style=settings["style"],
                             k=settings["k"] or 4, threshold=settings["threshold"])
        return w.align([str(c) for c in cases])
    except (IndicatorInputError, SpatialInputError) as exc:
        hint = ("" if kind == "edges" else
                f" (weights {kind!r} are the bundled provinces': the cases must be the 31 mainland provinces, "
                "data.provinces: true; for other cases give weights: edges and an edge list)")
        raise StudyError(f"{study.where('spatial')}: {exc}{hint}") from None


def configuration_series(configurations, memberships: pd.DataFrame) -> pd.DataFrame:
    """Cases x configurations: the membership in each configuration's (intermediate) term."""
    return pd.DataFrame({str(cid): fsqca.term_membership(term, memberships)
                         for cid, term in zip(configurations.configurations, configurations.terms)},
                        index=memberships.index)


@dataclass(frozen=True, eq=False)
class SpatialStudy(Result):
    """What the spatial step computed: the weights and each diagnostic's result object (None
    when not asked for), the lagged conditions' table and the notes of every choice."""

    settings: dict = field(repr=False)
    weights: object = field(repr=False)
    diagnostics: object = field(default=None, repr=False)       # spatial.SpatialDiagnostics
    case_selection: object = field(default=None, repr=False)    # spatial.SpatialCaseSelection
    regions: object = field(default=None, repr=False)           # fsqca.RobustnessResult
    region_labels: dict = field(default_factory=dict, repr=False)
    lagged: pd.DataFrame | None = field(default=None, repr=False)
    notes: tuple = ()

    _title = "Spatial diagnostics of the configurations"

    def to_frame(self) -> pd.DataFrame:
        return self.diagnostics.to_frame() if self.diagnostics is not None else pd.DataFrame()

    def _notes(self) -> list[str]:
        return list(self.notes)


def _weights_note(w, settings: dict) -> str:
    kind = settings["weights"]
    extra = (f", k = {settings['k']}" if kind == "knn" else
             f", band {settings['threshold']:g} km" if kind == "distance" else "")
    style = ("row-standardised (style W: the lag is the neighbours' mean)" if settings["style"] == "W"
             else "binary (style B: weights as given)")
    isl = f"; without neighbours: {', '.join(w.islands)}" if w.islands else "; every case has a neighbour"
    return (f"spatial weights: {kind} ({w.source}{extra}), {style}; {w.n} cases, {w.n_links // 2} neighbour pairs; "
            f"island rule: {w.island_rule}{isl}")


def _types(case_selection) -> pd.Series:
    """Each case's type for the whole solution (smmr's rows of the term ``solution``)."""
    frame = case_selection.to_frame()
    frame = frame[frame["term"] == "solution"].drop_duplicates("case")
    return frame.set_index("case")["type"].astype(str)


def _regions(study: Study, settings: dict, frame: pd.DataFrame, cases) -> pd.Series:
    """The region of each case: ``spatial.region_column`` or the provinces' official four regions."""
    col = settings["region_column"]
    if col is not None:
        if col not in frame.columns:
            raise StudyError(f"{study.where('spatial')}: region_column {col!r} is not a column of the data")
        labels = pd.Series(frame[col].to_numpy(), index=cases)
        missing = labels.isna()
    else:
        from indicators import province_table

        table = province_table().set_index("name_en")["region"]
        labels = pd.Series([table.get(str(c)) for c in cases], index=cases)
        missing = labels.isna()
        if missing.any():
            raise StudyError(f"{study.where('spatial')}: case {labels.index[missing.argmax()]!r} is not a mainland "
                             "province, so it has no region: give spatial.region_column (a column of the data)")
    if missing.any():
        raise StudyError(f"{study.where('spatial')}: region_column {col!r} has no value for case "
                         f"{labels.index[missing.argmax()]!r}")
    labels = labels.astype(str)
    if labels.nunique() < 2:
        raise StudyError(f"{study.where('spatial')}: every case is in one region ({labels.iloc[0]!r}): leaving a "
                         "region out leaves nothing")
    return labels


def _lagged(study: Study, settings: dict, w, raw: pd.DataFrame, memberships: pd.DataFrame,
            solutions: dict) -> pd.DataFrame:
    """One row per lagged condition: how it was made and what it does to the parsimonious solution
    (the first model of each, with the number of equally minimal models beside it)."""
    from spatial import lagged_condition, moran

    anchors = study.get("calibration", "anchors")
    thresholds = {k: anchors[k] for k in ("exclusion", "crossover", "inclusion")}
    base = solutions["parsimonious"]
    rows = []
    for cond in settings["lagged"]:
        name = f"lag_{cond}"
        lag = lagged_condition(raw[cond].astype(float), w, islands=settings["lag_islands"], name=name)
        cal = fsqca.calibrate_frame(lag.to_frame(), {name: {"thresholds": thresholds}},
                                    avoid_half=study.get("calibration", "avoid_half"),
                                    percentile_method=study.get("calibration", "percentile_method"))
        lag_m = cal.data[name]
        conds = [*study.conditions, name]
        tt = fsqca.truth_table(memberships.assign(**{name: lag_m.to_numpy()}), study.outcome, conds,
                               incl_cut=study.get("truth_table", "incl_cut"),
                               pri_cut=study.get("truth_table", "pri_cut"), n_cut=study.get("truth_table", "n_cut"))
        sol = fsqca.minimize(tt, "parsimonious", exclude=study.get("minimize", "exclude") or None,
                             max_models=study.get("minimize", "max_models"),
                             node_limit=study.get("minimize", "node_limit"),
                             time_limit=study.get("minimize", "time_limit"))
        model, before = (sol.models[0] if sol.models else None), (base.models[0] if base.models else None)
        used = sorted({v for term in (model.terms if model else ()) for c, v in term if c == name})
        entered = "absent" if not used else "both" if len(used) == 2 else "present" if used[0] else "negated"
        moran_lag = moran(lag, w.transform(settings["style"])).table.iloc[0] if np.ptp(lag.to_numpy()) > 0 else None
        rows.append({
            "condition": cond, "lagged": name, "islands": settings["lag_islands"],
            "anchors": f"{thresholds['inclusion']} / {thresholds['crossover']} / {thresholds['exclusion']}",
            "share_above_half": float((lag_m > 0.5).mean()),
            "I": None if moran_lag is None else float(moran_lag["I"]),
            "r_with_condition": float(np.corrcoef(lag.to_numpy(), raw[cond].to_numpy(dtype=float))[0, 1]),
            "without": before.expression if before else "", "with": model.expression if model else "",
            "relation": (fsqca.set_relation(model.terms, before.terms, conds) if model and before else "none"),
            "lag_enters": entered, "n_models": sol.n_models, "n_models_without": base.n_models})
    return pd.DataFrame(rows)


def prepare_spatial(study: Study, frame: pd.DataFrame) -> tuple:
    """What the spatial step needs from the data, checked before any analysis: the settings, the
    weights of the cases and (for ``regions``) the region of each case; a name that the lag
    would take must be free."""
    s = spatial_settings(study)
    cases = [str(c) for c in frame.index]
    w = study_weights(study, s, cases)
    labels = _regions(study, s, frame, cases) if "regions" in s["diagnostics"] else None
    for cond in s["lagged"]:
        if f"lag_{cond}" in frame.columns:
            raise StudyError(f"{study.where('spatial')}: lagged: the data already have a column 'lag_{cond}'")
    return s, w, labels


def run_spatial(study: Study, frame: pd.DataFrame, raw: pd.DataFrame, memberships: pd.DataFrame,
                configurations, solutions: dict, case_selection=None, prepared=None) -> SpatialStudy | None:
    """The spatial diagnostics of a run (see the module docstring), or None without ``spatial:``;
    ``prepared`` is :func:`prepare_spatial`'s result (made here when not given)."""
    if "spatial" not in study.spec:
        return None
    from spatial import SpatialInputError, qca_spatial_diagnostics, spatial_case_selection

    s, w, labels = prepared if prepared is not None else prepare_spatial(study, frame)
    notes = [_weights_note(w, s)]
    diag = cs = regions = lagged = None
    region_labels = {}
    try:
        if "autocorrelation" in s["diagnostics"]:
            conf = configuration_series(configurations, memberships)
            diag = qca_spatial_diagnostics(memberships[study.outcome], conf, w, permutations=s["permutations"],
                                           lisa_permutations=s["lisa_permutations"], seed=s["seed"],
                                           alpha=s["alpha"], fdr=s["fdr"])
            src = (f"{s['permutations']} permutations (seed {diag.seed})" if s["permutations"]
                   else "the randomisation moments (no permutations)")
            lsrc = (f"{s['lisa_permutations']} conditional permutations (seed {diag.local.seed})"
                    if s["lisa_permutations"] else "the analytic conditional moments")
            notes += [f"global Moran's I: two-sided p-values from {src}; alpha {s['alpha']:g}",
                      f"LISA clusters: p <= {s['alpha']:g} from {lsrc}"
                      + ("; Benjamini-Hochberg adjusted per series (fdr: true)" if s["fdr"]
                         else "; not adjusted for multiple tests (fdr: false)")
                      + f"; quadrants: {diag.local.quadrant} (z and its lag against 0, as GeoDa)",
                      f"configuration membership: the configuration's intermediate term; solution membership: "
                      f"{diag.solution}; residual = outcome - solution membership (> 0 under-predicted, "
                      "< 0 over-predicted)"]
        if "case_selection" in s["diagnostics"]:
            if case_selection is None:
                notes.append("spatial case selection: not made (the solution has no model, so no typical or "
                             "deviant cases)")
            else:
                cs = spatial_case_selection(_types(case_selection), diag.clusters()["outcome"], series="outcome")
                notes.append("spatial case selection: the solution's case types (smmr) crossed with the outcome's "
                             "LISA cluster")
        if "regions" in s["diagnostics"]:
            region_labels = {str(k): v for k, v in labels.items()}
            try:
                regions = fsqca.leave_one_group_out(solutions["intermediate"], labels,
                                                    dir_exp=study.get("minimize", "dir_exp") or None)
            except fsqca.QCAInputError as exc:
                raise StudyError(f"{study.where('spatial')}: regions: {exc}") from None
            src = f"column {s['region_column']!r}" if s["region_column"] else "the official four regions"
            notes.append(f"region robustness: the intermediate solution rerun leaving out each region in turn "
                         f"({src}); robust core as Oana & Schneider (2021)")
        if "lagged" in s["diagnostics"]:
            lagged = _lagged(study, s, w, raw, memberships, solutions)
            notes.append(f"lagged conditions: neighbours' mean of the raw values (row-standardised weights); cases "
                         f"without neighbours take {'their own value' if s['lag_islands'] == 'own' else 'the mean'} "
                         "(lag_islands); calibrated with the study's calibration.anchors; the parsimonious "
                         "solution with the lag as one more condition")
    except SpatialInputError as exc:
        raise StudyError(f"{study.where('spatial')}: {exc}") from None
    return SpatialStudy(s, w, diag, cs, regions, region_labels, lagged, tuple(notes))


def _records(frame: pd.DataFrame) -> list[dict]:
    from libdigigov.io import clean_json

    return clean_json(frame.to_dict(orient="records"))


def spatial_json(result: SpatialStudy | None) -> dict | None:
    """``results["spatial"]``: settings, weights, each diagnostic and the notes."""
    if result is None:
        return None
    from libdigigov.io import clean_json

    w = result.weights
    out = {"settings": dict(result.settings),
           "weights": {k: v for k, v in w.to_dict().items() if k not in ("notes",)},
           "autocorrelation": None, "verdict": None, "local": None, "clusters": None,
           "case_selection": None, "regions": None, "lagged": None, "notes": list(result.notes)}
    d = result.diagnostics
    if d is not None:
        out["autocorrelation"] = _records(d.table)
        out["verdict"] = {"residual": d.verdict, "outcome": d.outcome_verdict}
        local = d.local.table[["var", "case", "Ii", "Z_Ii", "p", "p_perm", "p_used", "cluster"]]
        out["local"] = _records(local.rename(columns={"var": "series"}))
        out["clusters"] = {str(c): dict(row) for c, row in d.clusters().iterrows()}
    if result.case_selection is not None:
        out["case_selection"] = _records(result.case_selection.to_frame())
    if result.regions is not None:
        out["regions"] = clean_json(result.regions.to_dict())
        out["regions"]["groups"] = dict(result.region_labels)
    if result.lagged is not None:
        out["lagged"] = _records(result.lagged)
    return clean_json(out)
