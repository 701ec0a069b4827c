"""The workbench's state and its analysis: plain Python, no web framework.

A :class:`Workbench` holds everything the user chose (data, outcome, conditions, anchors,
cut-offs, directional expectations); :func:`analyse` runs the live part of a study on it with
the engines' public functions (calibration, truth table, the three solutions, configuration
table); :func:`study_files` writes the study file and a copy of the data that ``digigov run``
reproduces exactly, and :func:`open_study` reads one back. The web page (:mod:`digigov.app.server`)
only displays these objects, so that every number on screen is one a test can recompute.

Examples
--------
>>> wb = example_workbench()
>>> wb.outcome, len(wb.conditions), wb.incl_cut
('P', 9, 0.8)
>>> a = analyse(wb)
>>> a.solutions["parsimonious"].models[0].expression
'Cl + G*~R*Cs'
>>> a = analyse(wb.with_(incl_cut=0.9))
>>> all(r["incl"] >= 0.9 for r in a.truth_table.to_dict()["rows"] if r["OUT"] == "1")
True
"""
from __future__ import annotations

import io
import re
import tempfile
import zipfile
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

import fsqca
from libdigigov.io import read_table

from . import bridge

__all__ = ["Workbench", "Analysis", "analyse", "example_workbench", "load_table", "open_study",
           "study_files", "study_zip", "numbers", "parse_anchor", "DEFAULT_ANCHORS", "UserInputError"]

DEFAULT_ANCHORS = {"exclusion": "p5", "crossover": "mean", "inclusion": "p95"}
ANCHOR_KEYS = ("exclusion", "crossover", "inclusion")
_ANCHOR = re.compile(r"^(p\d{1,2}(\.\d+)?|mean|median)$")
#: Study-file sections the workbench does not edit but keeps, so that saving an opened study loses nothing.
KEPT_SECTIONS = ("controllable", "geodetector", "diagnostics", "nca", "robustness")


class UserInputError(ValueError):
    """Something the user gave cannot be used; the message says what and where."""


def parse_anchor(text) -> str | float:
    """An anchor as the study file writes it: a number, ``'pNN'``, ``'mean'`` or ``'median'``.

    >>> parse_anchor(" P95 "), parse_anchor("12.5"), parse_anchor(3)
    ('p95', 12.5, 3.0)
    >>> parse_anchor("high")
    Traceback (most recent call last):
    ...
    digigov.app.model.UserInputError: anchor 'high': expected a number, pNN (a percentile such as p95), mean or median
    """
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return float(text)
    s = str(text).strip().lower()
    if _ANCHOR.match(s):
        return s
    try:
        value = float(s)
    except ValueError:
        raise UserInputError(f"anchor {str(text).strip()!r}: expected a number, pNN (a percentile such as p95), "
                             "mean or median") from None
    if not np.isfinite(value):
        raise UserInputError(f"anchor {str(text).strip()!r}: expected a finite number")
    return value


@dataclass(frozen=True, eq=False)
class Workbench:
    """What the user has chosen so far: immutable, each change makes a new one (:meth:`with_`)."""

    data: pd.DataFrame = field(repr=False)          # numeric columns by case, exactly as read_table reads the copy
    outcome: str = ""
    conditions: tuple[str, ...] = ()
    case_column: str = "case"
    provinces: bool = False                          # the cases are China's 31 mainland provinces
    anchors: dict = field(default_factory=dict)      # column -> {exclusion, crossover, inclusion}
    avoid_half: float | None = 0.001
    percentile_method: str = "linear"
    incl_cut: float = 0.8
    pri_cut: float = 0.5
    n_cut: int = 1
    dir_exp: dict = field(default_factory=dict)
    labels: dict = field(default_factory=dict)       # column -> {"zh": ..., "en": ...}
    cores: dict | None = None                        # configurations.cores of an opened study
    order: tuple[str, ...] | None = None
    source: str = ""                                 # what the data are, in words (file name, "example")
    synthetic: bool = False
    note: str = ""
    study: dict = field(default_factory=dict)        # the study: section (title, reference, year)
    kept: dict = field(default_factory=dict)         # sections the workbench keeps unchanged
    skipped: tuple[str, ...] = ()                    # text columns left out, with the reason

    def with_(self, **changes) -> "Workbench":
        return replace(self, **changes)

    @property
    def numeric_columns(self) -> list[str]:
        return [c for c in self.data.columns]

    @property
    def province_cases(self) -> bool:
        """Every case is a province (in the package's spelling): maps can show them, even a few."""
        if self.provinces:
            return True
        is_prov, names, unknown = _province_index(self.data.index)
        return is_prov and not unknown and list(names) == list(map(str, self.data.index))

    def anchor(self, column: str) -> dict:
        return {**DEFAULT_ANCHORS, **self.anchors.get(column, {})}

    def label(self, column: str, lang: str) -> str:
        return (self.labels.get(column) or {}).get(lang) or column


# ----------------------------------------------------------------------------------- analysis
@dataclass(frozen=True, eq=False)
class Analysis:
    """The live results of a workbench: the engines' own result objects."""

    calibration: fsqca.CalibrationResult | None = None
    truth_table: fsqca.TruthTable | None = None
    solutions: dict = field(default_factory=dict)
    configurations: fsqca.ConfigurationTable | None = None
    notes: tuple[str, ...] = ()
    error: str | None = None                         # the first step that could not run, and why

    @property
    def memberships(self) -> pd.DataFrame | None:
        return None if self.calibration is None else self.calibration.data


def _calibration_spec(wb: Workbench) -> dict:
    return {c: {"thresholds": wb.anchor(c)} for c in (*wb.conditions, wb.outcome)}


def calibrate(wb: Workbench) -> fsqca.CalibrationResult:
    """Direct calibration of the outcome and conditions with the workbench's anchors."""
    cols = [*wb.conditions, wb.outcome]
    return fsqca.calibrate_frame(wb.data[cols].astype(float), _calibration_spec(wb), avoid_half=wb.avoid_half,
                                 percentile_method=wb.percentile_method)


def _labels(wb: Workbench, lang: str) -> dict:
    return {c: wb.label(c, lang) for c in (*wb.conditions, wb.outcome) if c in wb.labels}


_CALIBRATIONS: dict = {}


def _calibrate_cached(wb: Workbench) -> fsqca.CalibrationResult:
    """Calibration depends on the data and anchors only: moving a cut-off does not redo it."""
    key = (id(wb.data), wb.outcome, wb.conditions, repr(sorted((c, sorted(wb.anchor(c).items()))
                                                              for c in (*wb.conditions, wb.outcome))),
           wb.avoid_half, wb.percentile_method)
    hit = _CALIBRATIONS.get(key)
    if hit is not None and hit[0] is wb.data:
        return hit[1]
    cal = calibrate(wb)
    if len(_CALIBRATIONS) > 64:
        _CALIBRATIONS.clear()
    _CALIBRATIONS[key] = (wb.data, cal)
    return cal


def analyse(wb: Workbench, lang: str = "en") -> Analysis:
    """Calibration, truth table, the three solutions and the configuration table.

    The steps are those of ``digigov run`` with the same settings, so the numbers are the ones a
    saved study reproduces. A step that cannot run stops the chain; its message is kept in
    :attr:`Analysis.error` (the page shows it and keeps the earlier steps).
    """
    if not wb.outcome or not wb.conditions:
        return Analysis(error="choose the outcome and at least one condition")
    try:
        cal = _calibrate_cached(wb)
    except ValueError as exc:
        return Analysis(error=f"calibration: {exc}")
    try:
        tt = fsqca.truth_table(cal.data, wb.outcome, list(wb.conditions), incl_cut=wb.incl_cut,
                               pri_cut=wb.pri_cut, n_cut=wb.n_cut)
    except ValueError as exc:
        return Analysis(cal, error=f"truth table: {exc}")
    opts = {"max_models": 1000, "node_limit": 10_000, "progress": False}
    try:
        sols = {"complex": fsqca.minimize(tt, "complex", **opts),
                "parsimonious": fsqca.minimize(tt, "parsimonious", **opts),
                "intermediate": fsqca.minimize(tt, "intermediate", dir_exp=dict(wb.dir_exp) or None, **opts)}
    except ValueError as exc:
        return Analysis(cal, tt, error=f"minimisation: {exc}")
    notes = []
    if not sols["intermediate"].models:
        return Analysis(cal, tt, sols, None, tuple(notes))
    cores = wb.cores
    try:
        table = fsqca.configuration_table(sols["intermediate"], sols["parsimonious"], lang=lang,
                                          labels=_labels(wb, lang), cores=cores)
    except ValueError:
        # the study's chosen cores belong to another solution (the cut-offs moved): the table
        # falls back to the default cores, and the saved study leaves them out (see effective_cores)
        table = fsqca.configuration_table(sols["intermediate"], sols["parsimonious"], lang=lang,
                                          labels=_labels(wb, lang))
        notes.append("the study's chosen cores (configurations.cores) do not fit this solution: "
                     "the table shows the default cores, and a saved study leaves them out")
    if wb.order:
        notes.append("configurations.order of the opened study is not applied in the workbench and not saved")
    return Analysis(cal, tt, sols, table, tuple(notes))


def effective_cores(wb: Workbench) -> dict | None:
    """The opened study's ``configurations.cores`` when they fit the current solution, else None."""
    if not wb.cores:
        return None
    a = analyse(wb)
    return None if a.configurations is None or any("configurations.cores" in n for n in a.notes) else wb.cores


def numbers(wb: Workbench, a: Analysis) -> dict:
    """The numbers on screen, at full precision, in the layout of ``results.json`` (for checking)."""
    out = {"truth_table": None, "solutions": {}, "solution_fit": None}
    if a.truth_table is not None:
        tt = a.truth_table.to_dict()
        out["truth_table"] = {k: tt[k] for k in ("incl_cut", "pri_cut", "n_cut")}
        out["truth_table"]["rows"] = [{k: r[k] for k in ("row", "OUT", "n", "incl", "PRI")} for r in tt["rows"]]
    for kind, sol in a.solutions.items():
        out["solutions"][kind] = [{"expression": m.expression,
                                   "fit": {k: m.fit.to_dict()[k] for k in ("inclS", "PRI", "covS")}}
                                  for m in sol.models]
    if a.configurations is not None:
        out["solution_fit"] = a.configurations.to_dict()["solution_fit"]
    if a.memberships is not None:
        out["memberships"] = {str(i): row for i, row in a.memberships.to_dict(orient="index").items()}
    return out


# ----------------------------------------------------------------------------------- data in
def _roundtrip(df: pd.DataFrame, case_column: str) -> pd.DataFrame:
    """The table exactly as ``read_table`` reads the copy that a saved study carries."""
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "data.csv"
        df.rename_axis(case_column).to_csv(p, encoding="utf-8")
        back = read_table(p, what="data copy")
    return back.set_index(case_column)


def _province_index(index: pd.Index) -> tuple[bool, pd.Index, list[str]]:
    """Whether the cases are provinces, their English names, and the names not recognised.

    The cases count as provinces when at least half of them are province names in any spelling
    the package knows (浙江, 浙江省, Zhejiang, 330000); the others are then reported as unknown.
    """
    from indicators import get_province

    names, unknown = [], []
    for key in index:
        try:
            names.append(get_province(key).name_en)
        except (KeyError, ValueError):
            names.append(str(key))
            unknown.append(str(key))
    is_prov = len(unknown) * 2 <= len(index)
    return is_prov, pd.Index(names), unknown


def load_table(path: str | Path, *, name: str | None = None) -> tuple[pd.DataFrame, str, list[str], list[str]]:
    """Read the user's CSV: (numeric table by case, case column, province messages, text columns left out).

    The case column is the first column whose values are not all numbers. Province names in any
    spelling are recognised and written the package's way (English); a name it does not know is
    an error naming the name, when most cases are provinces.
    """
    from libdigigov.io import InputFileError

    name = name or Path(path).name
    try:
        df = read_table(path, what=f"data file {name!r}", error=UserInputError)
    except InputFileError as exc:    # pragma: no cover - read_table raises ``error``
        raise UserInputError(str(exc)) from None
    if df.shape[1] < 3:
        raise UserInputError(f"{name!r}: a table needs a case column and at least two numeric columns "
                             f"(an outcome and a condition); it has {df.shape[1]} column(s)")
    numeric = df.apply(pd.to_numeric, errors="coerce")
    text_cols = [c for c in df.columns if (numeric[c].isna() & df[c].notna()).any()]
    case_col = text_cols[0] if text_cols else df.columns[0]
    from libdigigov.safety import is_formula_like

    # the saved copy of the data must not carry spreadsheet formulas, and must read back unchanged
    for label, values in (("column name", list(df.columns)), (f"case in column {case_col!r}", list(df[case_col]))):
        bad = next((v for v in values if is_formula_like(v)), None)
        if bad is not None:
            raise UserInputError(f"{name!r}: {label} {bad!r} starts like a spreadsheet formula "
                                 "(=, +, -, @): rename it")
    df = df.set_index(case_col)
    if df.index.has_duplicates:
        dup = df.index[df.index.duplicated()].unique()
        raise UserInputError(f"{name!r}: case(s) listed twice in column {case_col!r}: {', '.join(map(str, dup))}")
    messages = []
    is_prov, names, unknown = _province_index(df.index)
    if is_prov and unknown:
        raise UserInputError(f"{name!r}: {', '.join(map(repr, unknown))} in column {case_col!r} "
                             "is not a province name the package knows (use 浙江, 浙江省, Zhejiang or 330000)")
    if is_prov:
        twice = names[names.duplicated()].unique()
        if len(twice):
            raise UserInputError(f"{name!r}: province(s) listed twice in column {case_col!r} (in two spellings): "
                                 f"{', '.join(twice)}")
        df.index = names
    skipped = []
    for c in df.columns:
        col = pd.to_numeric(df[c], errors="coerce")
        bad = col.isna() & df[c].notna()
        if bad.any():
            case = df.index[bad.argmax()]
            skipped.append(f"column {c!r} has text ({df[c][bad].iloc[0]!r} for case {case!r}): left out")
        elif col.isna().any():
            case = df.index[col.isna().argmax()]
            skipped.append(f"column {c!r} has no value for case {case!r}: left out")
    keep = [c for c in df.columns if not any(s.startswith(f"column {c!r}") for s in skipped)]
    keep = [c for c in keep if pd.to_numeric(df[c]).nunique() > 1] or keep
    if len(keep) < 2:
        raise UserInputError(f"{name!r}: fewer than two numeric columns without gaps; "
                             + "; ".join(skipped))
    table = df[keep].apply(pd.to_numeric).astype(float)
    return _roundtrip(table, str(case_col)), str(case_col), messages, skipped


def workbench_from_table(table: pd.DataFrame, case_column: str, source: str, skipped=()) -> Workbench:
    """A new workbench on a data table: the last column the outcome, the others conditions (up to 8)."""
    cols = list(table.columns)
    provinces = _all_mainland(table.index)
    return Workbench(table, outcome=cols[-1], conditions=tuple(cols[:-1][:8]), case_column=case_column,
                     provinces=provinces, source=source, skipped=tuple(skipped))


def _all_mainland(index) -> bool:
    """Whether the cases are exactly the 31 mainland provinces (what ``provinces: true`` checks)."""
    from indicators import align_provinces

    try:
        align_provinces(pd.Series(0.0, index=index), expected="mainland")
    except (KeyError, ValueError):
        return False
    return True


# ----------------------------------------------------------------------------------- studies
def _anchors_from_spec(spec: dict, columns) -> dict:
    cal = spec.get("calibration") or {}
    default = {**DEFAULT_ANCHORS, **(cal.get("anchors") or {})}
    out = {}
    for c in columns:
        own = (cal.get("columns") or {}).get(c) or {}
        if own.get("method") == "crisp" or own.get("direction") or default.get("method") == "crisp":
            raise UserInputError(f"calibration of {c!r}: crisp or decreasing calibration is not edited in the "
                                 "workbench yet; run this study with `digigov run`")
        out[c] = {k: (v if isinstance(v, str) else float(v)) for k, v in {**default, **own}.items()
                  if k in ANCHOR_KEYS}
    return out


def workbench_from_study(path: str | Path, source: str | None = None) -> Workbench:
    """A workbench with the settings and data of a study file (its composites built as ``digigov run`` does)."""
    path = Path(path)
    spec = bridge.read_study(path)
    if spec.get("panel"):
        raise UserInputError(f"{path.name}: panel studies (several years) are not opened in the workbench yet; "
                             "run them with `digigov run`")
    table = bridge.study_analysis_table(path)
    case_col = spec["data"].get("case_column", "province")
    data = _roundtrip(table.astype(float), case_col)
    cols = [*spec["conditions"], spec["outcome"]]
    tt = spec.get("truth_table") or {}
    incl = tt.get("incl_cut", 0.8)
    if isinstance(incl, list):
        incl = incl[0]
    cal = spec.get("calibration") or {}
    mini = spec.get("minimize") or {}
    conf = spec.get("configurations") or {}
    return Workbench(
        data, outcome=spec["outcome"], conditions=tuple(spec["conditions"]), case_column=case_col,
        provinces=bool(spec["data"].get("provinces", False)), anchors=_anchors_from_spec(spec, cols),
        avoid_half=cal.get("avoid_half"), percentile_method=cal.get("percentile_method", "linear"),
        incl_cut=float(incl), pri_cut=float(tt.get("pri_cut", 0.5)), n_cut=int(tt.get("n_cut", 1)),
        dir_exp={k: str(v) for k, v in (mini.get("dir_exp") or {}).items()},
        labels=dict(spec.get("labels") or {}), cores=conf.get("cores"),
        order=tuple(conf["order"]) if conf.get("order") else None,
        source=source or path.name,
        synthetic=bool(spec["data"].get("synthetic", False) or table.attrs.get("synthetic", False)),
        note=spec["data"].get("note") or table.attrs.get("note") or "",
        study=dict(spec.get("study") or {}),
        kept={k: spec[k] for k in KEPT_SECTIONS if spec.get(k) is not None})


@lru_cache(maxsize=1)
def example_workbench() -> Workbench:
    """The bundled example study, loaded as ``digigov run --example`` loads it (read once: it is immutable)."""
    return workbench_from_study(bridge.example_study_path(), source="example")


def open_study(files: list[tuple[str, str | Path]]) -> Workbench:
    """Open uploaded files: a ``.zip`` saved by the workbench, or a study YAML with its data CSV.

    ``files`` holds (original name, path on disk). The files are copied into one folder under their
    own names so that the study's ``data.file`` finds its data.
    """
    with tempfile.TemporaryDirectory(prefix="digigov-app-open-") as folder:
        tmp = Path(folder)
        for name, p in files:
            base = Path(name).name
            if base.lower().endswith(".zip"):
                try:
                    with zipfile.ZipFile(p) as z:
                        for member in z.namelist():
                            # only the file names: a member's folders never leave the temporary folder
                            if member.endswith("/") or not Path(member).name:
                                continue
                            (tmp / Path(member).name).write_bytes(z.read(member))
                except zipfile.BadZipFile:
                    raise UserInputError(f"{base!r} is not a zip file") from None
            else:
                (tmp / base).write_bytes(Path(p).read_bytes())
        studies = sorted(p for p in tmp.iterdir() if p.suffix.lower() in (".yaml", ".yml"))
        if len(studies) != 1:
            raise UserInputError("give one study file (.yaml) and its data file (.csv), or a .zip saved by the "
                                 f"workbench; found {len(studies)} study file(s)")
        return workbench_from_study(studies[0])


# ----------------------------------------------------------------------------------- data out
def study_spec(wb: Workbench, lang: str = "en", data_file: str = "data.csv") -> dict:
    """The study file (as a mapping) that reproduces the workbench's numbers with ``digigov run``."""
    spec: dict = {}
    title = dict(wb.study) or {"title": f"Study of {wb.outcome} ({wb.source})"}
    spec["study"] = title
    spec["data"] = {"file": data_file, "case_column": wb.case_column, "provinces": bool(wb.provinces)}
    if wb.synthetic:
        spec["data"]["synthetic"] = True
    if wb.note:
        spec["data"]["note"] = wb.note
    spec["outcome"] = wb.outcome
    spec["conditions"] = list(wb.conditions)
    for key in ("controllable",):
        if key in wb.kept:
            kept = [c for c in wb.kept[key] if c in wb.conditions]
            if kept:
                spec[key] = kept
    labels = {c: v for c, v in wb.labels.items() if c in (*wb.conditions, wb.outcome)}
    if labels:
        spec["labels"] = labels
    spec["calibration"] = {"anchors": dict(DEFAULT_ANCHORS),
                           "columns": {c: wb.anchor(c) for c in (*wb.conditions, wb.outcome)},
                           "avoid_half": wb.avoid_half, "percentile_method": wb.percentile_method}
    spec["truth_table"] = {"incl_cut": float(wb.incl_cut), "pri_cut": float(wb.pri_cut), "n_cut": int(wb.n_cut)}
    dir_exp = {c: _dir_value(v) for c, v in wb.dir_exp.items() if c in wb.conditions}
    spec["minimize"] = {"dir_exp": dir_exp}
    cores = effective_cores(wb)
    if cores:
        spec["configurations"] = {"cores": dict(cores)}
    for key in ("geodetector", "diagnostics", "nca", "robustness"):
        if key in wb.kept:
            spec[key] = _kept_section(key, wb.kept[key], wb.conditions)
    spec["report"] = {"language": lang, "maps": bool(wb.provinces)}
    return spec


def _dir_value(v):
    s = str(v).strip()
    return int(s) if s in ("0", "1") else "-"


def _kept_section(key: str, section: dict, conditions) -> dict:
    section = dict(section)
    if "conditions" in section and section["conditions"] is not None:
        section["conditions"] = [c for c in section["conditions"] if c in conditions] or None
        if section["conditions"] is None:
            del section["conditions"]
    return section


def study_files(wb: Workbench, folder: str | Path, lang: str = "en") -> tuple[Path, Path]:
    """Write ``study.yaml`` and ``data.csv`` into ``folder``; return their paths."""
    from libdigigov.io import write_text_atomic

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    cols = [wb.outcome, *wb.conditions]
    data = wb.data[cols].rename_axis(wb.case_column)
    data_path = folder / "data.csv"
    write_text_atomic(data_path, data.to_csv())
    text = ("# Study file written by `digigov app`; run it with: digigov run study.yaml\n"
            + yaml.safe_dump(study_spec(wb, lang), allow_unicode=True, sort_keys=False))
    study_path = folder / "study.yaml"
    write_text_atomic(study_path, text)
    return study_path, data_path


def study_zip(wb: Workbench, lang: str = "en") -> bytes:
    """The study file and its data in one zip (what "Save study" downloads)."""
    with tempfile.TemporaryDirectory() as tmp:
        s, d = study_files(wb, tmp, lang)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.write(s, "study.yaml")
            z.write(d, "data.csv")
        return buf.getvalue()
