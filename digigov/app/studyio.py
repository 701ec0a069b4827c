"""Saving and opening studies: the study file and data copy that ``digigov run`` reproduces exactly.

:func:`study_files` writes ``study.yaml`` and ``data.csv``; :func:`study_zip` puts both in one
zip (what "Save study" downloads); :func:`open_study` reads such a zip, or a study YAML with its
data, back into a :class:`~digigov.app.model.Workbench`.
"""
from __future__ import annotations

import io
import tempfile
import zipfile
from functools import lru_cache
from pathlib import Path

import yaml

from . import bridge
from .datain import as_read_back
from .model import ANCHOR_KEYS, DEFAULT_ANCHORS, UserInputError, Workbench, analyse, effective_cores

__all__ = ["example_workbench", "classic_workbench", "workbench_from_study", "open_study", "study_spec", "study_files", "study_zip",
           "robustness_plan", "rerun_live", "pooled_rerun", "KEPT_SECTIONS"]

#: Study-file sections the workbench does not edit but keeps, so that saving an opened study loses nothing.
KEPT_SECTIONS = ("controllable", "geodetector", "diagnostics", "nca", "robustness", "spatial")


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
    table = bridge.study_analysis_table(path)
    cols = [*spec["conditions"], spec["outcome"]]
    panel = None
    if spec.get("panel") is not None:
        # long data: the pooled panel first (as `digigov run` analyses it); panelview switches periods
        settings = bridge.panel_settings(spec)
        case_col = "case"
        panel = {"settings": settings, "cases": table.attrs["panel_cases"], "view": "pooled",
                 "provinces": bool(spec["data"].get("provinces", False)), "source": source or path.name,
                 "anchors": _anchors_from_spec(spec, cols)}
    else:
        case_col = spec["data"].get("case_column", "province")
    data = as_read_back(table.astype(float), case_col)
    if panel is not None:
        panel["long"] = data
    tt = spec.get("truth_table") or {}
    incl = tt.get("incl_cut", 0.8)
    if isinstance(incl, list):
        incl = incl[0]
    cal = spec.get("calibration") or {}
    mini = spec.get("minimize") or {}
    conf = spec.get("configurations") or {}
    wb = Workbench(
        data, outcome=spec["outcome"], conditions=tuple(spec["conditions"]), case_column=case_col,
        provinces=bool(spec["data"].get("provinces", False)) and panel is None, anchors=_anchors_from_spec(spec, cols),
        avoid_half=cal.get("avoid_half"), percentile_method=cal.get("percentile_method", "linear"),
        incl_cut=float(incl), pri_cut=float(tt.get("pri_cut", 0.5)), n_cut=int(tt.get("n_cut", 1)),
        dir_exp={k: str(v) for k, v in (mini.get("dir_exp") or {}).items()},
        labels=dict(spec.get("labels") or {}), cores=conf.get("cores"),
        order=tuple(conf["order"]) if conf.get("order") else None,
        source=source or path.name,
        synthetic=bool(spec["data"].get("synthetic", False) or table.attrs.get("synthetic", False)),
        note=spec["data"].get("note") or table.attrs.get("note") or "",
        study=dict(spec.get("study") or {}),
        kept={k: spec[k] for k in KEPT_SECTIONS if spec.get(k) is not None}, panel=panel)
    if panel is not None and panel["settings"]["calibration"] != "pooled":
        from .panelview import periods, select_view

        wb = select_view(wb, periods(wb)[-1])      # per-period anchors: one period at a time (the latest)
    return wb


def classic_workbench(name: str) -> Workbench:
    """A classic dataset of :mod:`fsqca.datasets` (memberships already), last column the outcome."""
    from fsqca.datasets import load_dataset

    data = as_read_back(load_dataset(name).astype(float), "case")
    cols = list(data.columns)
    return Workbench(data, outcome=cols[-1], conditions=tuple(cols[:-1]), case_column="case", source=name,
                     calibrated=True)


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
    """The study file (as a mapping) that reproduces the workbench's numbers with ``digigov run``.

    Data that are memberships already (a classic dataset such as Lipset's ``LF``) cannot be saved:
    a study file always calibrates its raw data, so it could not reproduce them.
    """
    if wb.calibrated:
        raise UserInputError(f"{wb.source}: these data are memberships already (calibrated), and a study file "
                             "always calibrates its raw data, so it could not reproduce them; explore them here, "
                             "or analyse them with the fsqca functions")
    spec: dict = {}
    title = dict(wb.study) or {"title": f"Study of {wb.outcome} ({wb.source})"}
    spec["study"] = title
    pooled = bool(wb.panel) and wb.panel["view"] == "pooled"
    if pooled:
        # the panel study itself: long data with the unit and period columns (panel_frame)
        spec["data"] = {"file": data_file, "provinces": bool(wb.panel["provinces"])}
    else:
        spec["data"] = {"file": data_file, "case_column": wb.case_column, "provinces": bool(wb.provinces)}
    if wb.synthetic:
        spec["data"]["synthetic"] = True
    note = wb.note
    if wb.panel and not pooled:
        st = wb.panel["settings"]
        note = (f"{note} " if note else "") + (
            f"{st['period']} {wb.panel['view']} of the panel study {wb.panel['source']}"
            + ("; the anchors are the raw values of the pooled panel's calibration (all periods)"
               if st["calibration"] == "pooled" else "; anchors from this period's values (per-period calibration)"))
    if note:
        spec["data"]["note"] = note
    if pooled:
        spec["panel"] = dict(wb.panel["settings"])
    spec["outcome"] = wb.outcome
    spec["conditions"] = list(wb.conditions)
    for key in ("controllable",):
        if key in wb.kept:
            kept = [c for c in wb.kept[key] if c in wb.conditions]
            if kept:
                spec[key] = kept
    # the panel study keeps its unit and period columns, and so their labels (the pooled view's words)
    named = (*wb.conditions, wb.outcome, *((wb.panel["settings"]["unit"], wb.panel["settings"]["period"])
                                           if pooled else ()))
    labels = {c: v for c, v in wb.labels.items() if c in named}
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
    for key in ("geodetector", "diagnostics", "nca", "robustness", "spatial"):
        if key in wb.kept:
            spec[key] = _kept_section(key, wb.kept[key], wb.conditions)
    spec["report"] = {"language": lang, "maps": bool(wb.provinces)}
    return spec


def _dir_value(v):
    s = str(v).strip()
    return int(s) if s in ("0", "1") else "-"


def _kept_section(key: str, section: dict, conditions) -> dict:
    section = dict(section)
    if key == "spatial" and section.get("lagged"):
        # a lagged condition must stay a condition of the study; without any, no "lagged" diagnostic
        section["lagged"] = [c for c in section["lagged"] if c in conditions]
        if not section["lagged"]:
            del section["lagged"]
            if "diagnostics" in section:
                section["diagnostics"] = [d for d in section["diagnostics"] if d != "lagged"]
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
    if wb.panel and wb.panel["view"] == "pooled":
        from .panelview import panel_frame

        text = panel_frame(wb, cols).to_csv(index=False)
    else:
        text = wb.data[cols].rename_axis(wb.case_column).to_csv()
    data_path = folder / "data.csv"
    write_text_atomic(data_path, text)
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


def robustness_plan(wb: Workbench, progress=None):
    """The opened study's robustness plan (other cut-offs and calibrations) on the workbench as it is.

    Run on the study the workbench would save, with the code of ``digigov run``, so the tests and
    their verdict are the ones the saved study's results hold (a :class:`digigov.pipeline.Rerun`:
    its ``results`` are the saved study's parts, its ``outputs()`` the engine's result).
    ``progress(fraction, text)`` follows the tests (an exception it raises stops them). Raises
    UserInputError without a plan or a solution.
    """
    if not wb.kept.get("robustness"):
        raise UserInputError("this study has no robustness plan (the study file's robustness: section); "
                             "the sweep over consistency cut-offs is the first check")
    a = analyse(wb)
    inter = a.solutions.get("intermediate")
    if inter is None or not inter.models:
        raise UserInputError("there is no intermediate solution to test")
    report = None if progress is None else (lambda done, total, label: progress(done / total, label))
    with tempfile.TemporaryDirectory(prefix="digigov-app-robustness-") as tmp:
        study, _ = study_files(wb, tmp)
        return bridge.rerun(study, a, when="on_request", progress=report)


def pooled_rerun(wb: Workbench, analysis=None):
    """The panel's diagnostics by period, by region and by unit for the pooled view of a panel,
    computed by ``digigov run``'s own code on the workbench's analysis (:func:`rerun_live`);
    None outside the pooled view or without a solution."""
    from .panelview import in_pooled_view

    return rerun_live(wb, analysis) if in_pooled_view(wb) else None


def rerun_live(wb: Workbench, analysis=None):
    """The study's quick methods (a panel's diagnostics by period, region and unit) rerun by
    ``digigov run``'s code on the workbench's analysis of the study it would save
    (a :class:`digigov.pipeline.Rerun`), None for data that are not a study's or without a solution."""
    a = analysis if analysis is not None else analyse(wb)
    inter = a.solutions.get("intermediate")
    if wb.calibrated or a.calibration is None or inter is None or not inter.models:
        return None
    with tempfile.TemporaryDirectory(prefix="digigov-app-rerun-") as tmp:
        study, _ = study_files(wb, tmp)
        return bridge.rerun(study, a, when="live")
