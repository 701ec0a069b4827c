"""The study pipeline: data -> every enabled method of the registry, in order.

:func:`run_study` loads the data as the study's variant says (:mod:`digigov.variants`), builds
the composite conditions, checks every name, then runs each enabled method of
:data:`digigov.methods.REGISTRY` and returns a :class:`StudyRun`; :func:`write_run` writes the
methods' tables and figures, ``results.json``, ``manifest.json`` and the report into a folder
atomically (see ``docs/study-results.md`` for the layout).
"""
from __future__ import annotations

import hashlib
import platform
import sys
from dataclasses import dataclass, field
from functools import cached_property
from importlib import metadata
from pathlib import Path

import pandas as pd

from libdigigov.io import write_atomic, write_text_atomic
from libdigigov.safety import check_memory, neutralise_frame, safe_file_name

from .data import Composites, build_composites, check_names
from .errors import StudyError
from .figures import render
from .methods import REGISTRY, Context
from .output import MARKER, SCHEMA_VERSION, dumps, write_folder
from .report import figure_specs, render_report
from .study import Study, load_study
from .variants import variant_of
from .view import ResultsView

__all__ = ["StudyRun", "run_study", "write_run", "study_json", "memory_estimate", "Rerun", "rerun", "RERUN_WHEN"]

DATA_STEP = "data and composites"

#: When a method offers to be rerun on an analysis computed elsewhere (:attr:`Method.rerun`).
RERUN_WHEN = ("live", "on_request")


@dataclass(frozen=True, eq=False)
class StudyRun:
    """Everything a study run computed, as the engines' result objects.

    Each method's results are attributes by their name (``run.calibration``,
    ``run.necessity``, ``run.truth_table``, ``run.solutions``, ``run.configurations``,
    ``run.geodetector``, ``run.robustness``, ``run.nca``, ``run.diagnostics``, ``run.panel``;
    None when the method did not run).  :attr:`results` is the JSON-ready summary written to
    ``results.json``, each method giving its part; its layout is published as a JSON Schema
    (:data:`SCHEMA_VERSION`, ``digigov/schema/results.schema.json``).
    """

    study: Study
    data_path: Path | None
    composites: Composites = field(repr=False)
    context: Context = field(repr=False)
    synthetic: bool = False
    data_note: str = ""

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        outputs = self.__dict__.get("context").outputs if "context" in self.__dict__ else {}
        if name in outputs:
            return outputs[name]
        if any(name in m.output_names() for m in REGISTRY):
            return None
        raise AttributeError(f"{type(self).__name__!r} has no attribute {name!r}")

    @property
    def memberships(self) -> pd.DataFrame:
        return self.context["calibration"].data

    @property
    def raw(self) -> pd.DataFrame:
        return self.context.raw

    @cached_property
    def results(self) -> dict:
        """The JSON-ready summary of the run (the body of ``results.json``)."""
        out = {"schema": f"{MARKER}/{SCHEMA_VERSION}", "schema_version": SCHEMA_VERSION,
               "study": study_json(self)}
        for method in REGISTRY:
            out.update(method.results(self.context))
        return out

    def summary(self) -> str:
        r = self.results
        study = r["study"]
        flag = ""
        if study["synthetic"]:
            flag = ("  [SYNTHETIC example data]" if study.get("example")
                    else "  [SYNTHETIC data" + (f": {study['data_note']}" if study.get("data_note") else "") + "]")
        lines = [f"Study: {study['title']}{flag}"]
        for method in REGISTRY:
            lines += method.summary_lines(r)
        return "\n".join(lines)


def study_json(run: StudyRun) -> dict:
    """The ``study`` key of results.json: what was studied, on which data, in which language."""
    study = run.study
    info = study.spec.get("study", {})
    data_info = study.spec["data"]
    return {"title": study.get("report", "title") or info.get("title", "Study"),
            "title_zh": info.get("title_zh"),
            "reference": info.get("reference"), "language": study.language, "synthetic": run.synthetic,
            "example": bool(data_info.get("example", False)),
            "data_note": run.data_note, "outcome": study.outcome, "conditions": study.conditions,
            "case_column": study.get("data", "case_column"),
            "provinces": bool(data_info.get("provinces", False)),
            "island_links": next((c["island_links"] for c in (study.spec.get("composites") or {}).values()
                                  if c["method"] == "competition"), None),
            "labels": study.spec.get("labels") or {}, "controllable": study.spec.get("controllable") or [],
            "maps": bool(study.get("report", "maps"))}


def memory_estimate(n_cases: int, n_columns: int) -> float:
    """Bytes a run with its report is expected to need at most, from its data's size: a fixed
    part plus a part per value, measured by ``benchmarks/bench_scale.py`` (peak resident
    memory of 5,000 to 100,000 cases of 10 columns, with a margin).

    >>> round(memory_estimate(100_000, 10) / 1e9, 1)
    4.3
    """
    return 300e6 + 4_000 * n_cases * n_columns


def _progress(enabled: bool, total: int):
    count = [0]

    def step(name: str) -> None:
        count[0] += 1
        if enabled:
            sys.stderr.write(f"[{count[0]}/{total}] {name}\n")
            sys.stderr.flush()
    return step


def run_study(study: Study | str | Path, *, progress: bool = True) -> StudyRun:
    """Run a study end to end (no files written; see :func:`write_run`).

    Every name in the study file is checked against the data before any analysis starts.

    Examples
    --------
    >>> from digigov.study import EXAMPLE_STUDY
    >>> run = run_study(EXAMPLE_STUDY, progress=False)
    >>> len(run.results["configurations"])
    4
    """
    if not isinstance(study, Study):
        study = load_study(study)
    methods = [m for m in REGISTRY if m.enabled(study)]
    step = _progress(progress, 1 + sum(len(m.steps) for m in methods))
    step(DATA_STEP)
    run = _prepared(study, progress, step)
    ctx = run.context
    for method in methods:      # settings checked against the data before any analysis
        method.check(ctx)
    for method in methods:
        if method.steps:
            step(method.steps[0])
        method.run(ctx)
    return run


def _prepared(study: Study, progress, step=lambda name: None) -> StudyRun:
    """The study's data loaded as its variant says, the composites built and every name checked:
    a run before its first method."""
    variant = variant_of(study)
    variant.check(study)
    raw_all, data_path = variant.load(study)
    comps = build_composites(raw_all, study)
    check_names(study, comps.data)
    # a run the machine cannot hold is refused now, from the data's size, not killed halfway
    shape = (len(comps.data), 1 + len(study.conditions))
    check_memory(memory_estimate(*shape), what=f"the run of {shape[0]:,} cases", error=StudyError)
    ctx = Context(study, variant, comps.data, comps, data_path, progress, step)
    data_info = study.spec["data"]
    synthetic = bool(data_info.get("synthetic", False) or raw_all.attrs.get("synthetic", False))
    note = data_info.get("note") or raw_all.attrs.get("note") or ""
    return StudyRun(study, data_path, comps, ctx, synthetic, note)


@dataclass(frozen=True, eq=False)
class Rerun:
    """Methods of a study rerun on an analysis computed elsewhere (:func:`rerun`).

    ``run`` is the study's run holding that analysis and what the methods added; ``methods``
    the methods rerun, in the registry's order.
    """

    run: StudyRun = field(repr=False)
    methods: tuple = ()

    @cached_property
    def results(self) -> dict:
        """The parts of ``results.json`` the analysis holds: the study, and every method whose
        result objects are all there (those given and those of the methods rerun)."""
        ctx = self.run.context
        out = {"study": study_json(self.run)}
        for method in REGISTRY:
            if all(name in ctx.outputs for name in method.output_names()):
                out.update(method.results(ctx))
        return out

    @cached_property
    def view(self) -> ResultsView:
        return ResultsView(self.results)

    def csv_tables(self) -> list:
        """The methods' files of ``tables/``, as ``digigov run`` writes them (:class:`~digigov.methods.CsvTable`)."""
        return [tab for method in self.methods for tab in method.csv_tables(self.run.context)]

    def outputs(self) -> dict:
        """The methods' result objects by name (None for one their step did not store)."""
        return {name: self.run.context.get(name) for method in self.methods for name in method.output_names()}


def rerun(study: Study | str | Path, outputs: dict, *, when: str, progress=False) -> Rerun:
    """Run the study's enabled methods that offer a rerun ``when`` (:attr:`Method.rerun`) on
    result objects computed elsewhere, with the pipeline's own code.

    ``outputs`` maps the pipeline's names of the methods before them (``"calibration"``,
    ``"truth_table"``, ``"solutions"``, ``"configurations"``) to the engines' result objects of
    an analysis of this very study (the workbench's live analysis of the study it would save).
    ``progress`` is what their steps get as ``Context.progress`` (a callable follows a long step).

    Examples
    --------
    >>> from digigov.study import EXAMPLE_PANEL
    >>> full = run_study(EXAMPLE_PANEL, progress=False)
    >>> given = {k: full.context[k] for k in ("calibration", "truth_table", "solutions", "configurations")}
    >>> again = rerun(EXAMPLE_PANEL, given, when="live")
    >>> [m.name for m in again.methods], again.results["panel"] == full.results["panel"]
    (['panel'], True)
    """
    if when not in RERUN_WHEN:
        raise ValueError(f"when must be one of {', '.join(RERUN_WHEN)}, got {when!r}")
    if not isinstance(study, Study):
        study = load_study(study)
    run = _prepared(study, progress)
    run.context.outputs.update(outputs)
    methods = tuple(m for m in REGISTRY if m.enabled(study) and m.rerun == when)
    for method in methods:
        method.run(run.context)
    return Rerun(run, methods)


def _sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _versions() -> dict:
    names = ["digigov-qca", "numpy", "pandas", "scipy", "statsmodels", "matplotlib", "pyyaml", "geopandas",
             "shapely", "mapclassify", "libpysal"]
    out = {"python": platform.python_version()}
    for n in names:
        try:
            out[n] = metadata.version(n)
        except metadata.PackageNotFoundError:
            out[n] = None
    return out


def write_run(run: StudyRun, out: str | Path, *, figures: bool = True, report: bool = True) -> Path:
    """Write a run's tables, figures, results.json, manifest.json and report.html into ``out``."""
    study = run.study
    inputs = [p for p in (study.path, run.data_path) if p is not None]

    def fill(folder: Path) -> None:
        files = []
        for method in REGISTRY:
            for tab in method.csv_tables(run.context):
                # names from the study file (composites) become file names only once made safe, and
                # no text cell can become a formula in Excel (OWASP's CSV-injection rule)
                stem, dot, ext = tab.name.rpartition(".")
                name = f"{safe_file_name(stem)}{dot}{ext}"
                # UTF-8 with a byte-order mark, so that Excel (Chinese Windows included) reads UTF-8
                text = (tab.text if tab.text is not None
                        else "\ufeff" + neutralise_frame(tab.frame).to_csv(index=tab.index))
                write_text_atomic(folder / "tables" / name, text)
                files.append(f"tables/{name}")
        results = dict(run.results)
        view = ResultsView(results)
        drawn, fig_files = [], []
        if figures:
            for spec in figure_specs(view, study.language):
                data = render(spec, ("png", "svg"))
                for fmt, body in data.items():
                    write_atomic(folder / "figures" / f"{spec.name}.{fmt}", body)
                    fig_files.append(f"figures/{spec.name}.{fmt}")
                drawn.append((spec, data["png"]))
        results["files"] = {"tables": files, "figures": fig_files}
        write_text_atomic(folder / "results.json", dumps(results))
        manifest = {
            "schema": f"{MARKER}/{SCHEMA_VERSION}",
            "versions": _versions(),
            "parameters": study.spec,
            "inputs": {
                "study_file": None if study.path is None else {"name": study.path.name, "sha256": _sha256(study.path)},
                "data_file": ({"name": run.data_path.name, "sha256": _sha256(run.data_path)} if run.data_path else
                              _example_input(run.context.variant.example_file)),
            },
        }
        write_text_atomic(folder / "manifest.json", dumps(manifest))
        if report:
            html = render_report(ResultsView(results, folder=folder, manifest=manifest), study.language,
                                 figures=drawn if figures else None)
            write_text_atomic(folder / "report.html", html)

    return write_folder(Path(out), fill, inputs=inputs)


def _example_input(name: str) -> dict:
    from indicators import data_path

    return {"name": f"bundled {name}", "sha256": _sha256(data_path(name))}
