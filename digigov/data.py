"""Loading a study's data and building its composite conditions from recipes."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from libdigigov.io import read_table
from libdigigov.safety import missing_column_hint

from .errors import StudyError
from .study import Study

__all__ = ["load_data", "build_composites", "Composites", "study_data_path", "check_names"]


def study_data_path(study: Study) -> Path | None:
    """The study's data file (None for the bundled example), resolved beside the study file."""
    data = study.spec["data"]
    if data.get("example"):
        return None
    base = study.path.parent if study.path else Path.cwd()
    return (base / data["file"]).resolve()


def load_data(study: Study) -> tuple[pd.DataFrame, Path | None]:
    """The raw data of a study, indexed by case; with ``provinces: true`` aligned to the 31."""
    data = study.spec["data"]
    case_col = study.get("data", "case_column")
    if data.get("example"):
        from indicators import load_example_study

        df = load_example_study()
        path = None
    else:
        path = study_data_path(study)
        df = read_table(path, what="data file (data.file)", error=StudyError, comment="#")
        if case_col not in df.columns:
            raise StudyError(f"data.case_column {case_col!r} is not a column of {Path(data['file']).name!r}; "
                             + missing_column_hint(case_col, df.columns))
        df = df.set_index(case_col)
        dup = df.index[df.index.duplicated()].unique()
        if len(dup):
            raise StudyError(f"duplicate case(s) in {data['file']!r}: {', '.join(map(str, dup))}")
    if data.get("provinces", False) and not data.get("example"):
        from indicators import align_provinces

        df = align_provinces(df, label="en", expected="mainland", name=data.get("file", "data"))
    df.index.name = case_col
    return df, path


@dataclass(frozen=True, eq=False)
class Composites:
    """Raw data with the composite columns added, and how each composite was built."""

    data: pd.DataFrame = field(repr=False)
    weights: dict = field(default_factory=dict, repr=False)        # name -> EntropyWeights
    competition: dict = field(default_factory=dict, repr=False)    # name -> CompetitionPressure
    lags: dict = field(default_factory=dict, repr=False)           # name -> how the lagged condition was made


def _columns(df: pd.DataFrame, cols, where: str) -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise StudyError(f"{where}: column(s) {', '.join(map(repr, missing))} not in the data")


def build_composites(raw: pd.DataFrame, study: Study) -> Composites:
    """Evaluate the ``composites`` recipes in order (later ones may use earlier ones)."""
    from indicators import competition_pressure, entropy_weights, good_governance_score

    df = raw.copy()
    weights, competition, lags = {}, {}, {}
    for name, recipe in (study.spec.get("composites") or {}).items():
        where = f"composites.{name}"
        method = recipe["method"]
        if method == "entropy":
            cols = recipe["columns"]
            _columns(df, cols, where)
            ew = entropy_weights(df[cols], recipe.get("directions"), name=name)
            weights[name] = ew
            df[name] = ew.scores
        elif method == "mean":
            cols = recipe["columns"]
            _columns(df, cols, where)
            df[name] = df[cols].mean(axis=1)
        elif method == "good_governance":
            levels = recipe["levels"]
            _columns(df, list(levels.values()), where)
            long = pd.DataFrame([
                {"province": case, "level": level, "count": df.at[case, col]}
                for case in df.index for level, col in levels.items()
            ])
            df[name] = good_governance_score(long, count="count").reindex(df.index)
        elif method == "competition":
            source = recipe.get("of", study.outcome)
            _columns(df, [source], where)
            cp = competition_pressure(df[source], island_links=recipe["island_links"])
            competition[name] = cp
            df[name] = cp.values.reindex(df.index)
        elif method == "lag":
            source = recipe["of"]
            _columns(df, [source], where)
            df[name], lags[name] = lagged_column(df[source], recipe, where)
    _study_columns(study, df)
    return Composites(df, weights, competition, lags)


def lagged_column(values: pd.Series, recipe: dict, where: str) -> tuple[pd.Series, str]:
    """The neighbours' mean of a raw column (:func:`spatial.lagged_condition`) over the spatial
    weights of the provinces (:func:`indicators.spatial_weights.province_weights`, row-standardised)
    and a note saying how it was made; calibrated afterwards like any other condition."""
    from indicators.errors import IndicatorInputError
    from indicators.spatial_weights import province_weights
    from spatial import SpatialInputError, lagged_condition

    kind, islands = recipe.get("weights", "queen"), recipe.get("islands", "own")
    try:
        w = province_weights(kind, island_links=recipe["island_links"], style="W", k=recipe.get("k", 4),
                             threshold=recipe.get("threshold"))
        w = w.align(values.index)
        lag = lagged_condition(values.astype(float), w, islands=islands)
    except (IndicatorInputError, SpatialInputError) as exc:
        raise StudyError(f"{where}: {exc} (a lagged condition needs the cases to be the 31 mainland provinces, "
                         "data.provinces: true)") from None
    k = f", k = {recipe.get('k', 4)}" if kind == "knn" else ""
    band = f", {recipe['threshold']:g} km" if kind == "distance" else ""
    note = (f"{where.split('.', 1)[1]} = neighbours' mean of {values.name} ({w.source}{k}{band}; "
            f"island rule: {w.island_rule}; cases without neighbours: "
            f"{', '.join(w.islands) or 'none'}, their value: {islands})")
    return lag.rename(None).reindex(values.index), note


def _study_columns(study: Study, data: pd.DataFrame) -> None:
    """The outcome and the conditions are columns of the data (after composites); the error
    names the study file's line and the closest column."""
    known = [study.outcome, *study.conditions]
    missing = [c for c in known if c not in data.columns]
    if missing:
        key = "outcome" if study.outcome in missing else "conditions"
        close = difflib.get_close_matches(str(missing[0]), [str(c) for c in data.columns], n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise StudyError(f"{study.where(key)}: column(s) {', '.join(map(repr, missing))} not in the data{hint}")


def _unknown(name: str, known, where: str) -> StudyError:
    close = difflib.get_close_matches(str(name), [str(k) for k in known], n=1)
    hint = f"; did you mean {close[0]!r}?" if close and close[0] != str(name) else ""
    return StudyError(f"{where}: {name!r} is not the outcome or a condition of the study{hint}")


def check_names(study: Study, data: pd.DataFrame) -> None:
    """Every name the study file uses exists in the data (after composites), before any analysis."""
    _study_columns(study, data)
    known = [study.outcome, *study.conditions]
    for name in study.get("geodetector", "conditions") or []:
        if name not in data.columns:
            raise _unknown(name, study.conditions, "geodetector.conditions")
    for model in ("spade", "idsa"):   # coordinate columns of the models' inverse-distance weights
        weights = ((study.spec.get("geodetector") or {}).get(model) or {}).get("weights") or {}
        for col in weights.get("coords") or []:
            if col not in data.columns:
                raise StudyError(f"geodetector.{model}.weights.coords: {col!r} is not a column of the data; "
                                 + missing_column_hint(col, data.columns))
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
