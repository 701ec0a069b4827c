"""The study pipeline: indicators -> calibration -> fsQCA -> geodetector -> robustness.

:func:`run_study` computes everything and returns a :class:`StudyRun`; :func:`write_run`
writes its tables, figures, ``results.json`` and ``manifest.json`` into a folder atomically
(see ``docs/study-results.md`` for the layout).
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

import fsqca
from libdigigov.io import write_text_atomic
from libdigigov.safety import check_memory, neutralise_frame, safe_file_name

from . import nca_step, steps
from . import panel as panel_step
from .data import Composites, build_composites, load_data
from .errors import StudyError
from .output import MARKER, SCHEMA_VERSION, dumps, write_folder
from .study import Study, load_study

__all__ = ["StudyRun", "run_study", "write_run", "memory_estimate"]

STEPS = ["data and composites", "calibration", "necessity", "truth table", "minimisation",
         "configurations", "geodetector", "robustness"]


@dataclass(frozen=True, eq=False)
class StudyRun:
    """Everything a study run computed, as the engines' result objects.

    :attr:`results` is the JSON-ready summary written to ``results.json``, built from the
    results' ``to_dict()``; its layout is published as a JSON Schema (:data:`SCHEMA_VERSION`,
    ``digigov/schema/results.schema.json``).
    """

    study: Study
    data_path: Path | None
    composites: Composites = field(repr=False)
    calibration: fsqca.CalibrationResult = field(repr=False)
    necessity: fsqca.Necessity = field(repr=False)
    truth_table: fsqca.TruthTable = field(repr=False)
    solutions: dict = field(repr=False)
    configurations: fsqca.ConfigurationTable = field(repr=False)
    geodetector: steps.GeodetectorStep = field(repr=False)
    robustness: fsqca.RobustnessResult | None = field(repr=False)
    synthetic: bool = False
    data_note: str = ""
    diagnostics: panel_step.Diagnostics | None = field(default=None, repr=False)   # superSubset, ESA, smmr, panel
    nca: fsqca.NCAResult | None = field(default=None, repr=False)   # with an ``nca:`` section

    @property
    def memberships(self) -> pd.DataFrame:
        return self.calibration.data

    @property
    def raw(self) -> pd.DataFrame:
        return self.composites.data[[self.study.outcome, *self.study.conditions]].astype(float)

    @cached_property
    def results(self) -> dict:
        """The JSON-ready summary of the run (the body of ``results.json``)."""
        return _results_json(self)

    def summary(self) -> str:
        r = self.results
        fit = r["solution_fit"]
        lines = [f"Study: {r['study']['title']}" + ("  [SYNTHETIC example data]" if r["study"]["synthetic"] else ""),
                 f"solution ({len(r['configurations'])} configurations): inclS {fit['inclS']:.3f}, "
                 f"covS {fit['covS']:.3f}"]
        for c in r["configurations"]:
            core = ", ".join(c["core"]["present"] + ["~" + x for x in c["core"]["absent"]])
            lines.append(f"  {c['id']}: {c['term']}  core: {core}  cases: {', '.join(c['cases'])}")
        for note in r["configuration_notes"]:
            lines.append(f"  note: {note}")
        for kind, sol in r["solutions"].items():
            if not sol["proven_minimal"]:
                lines.append(f"  warning: {kind} solution: " + next(
                    (s for s in sol["statements"] if "not proven minimal" in s), "not proven minimal"))
        lines += panel_step.summary_lines(r)
        return "\n".join(lines)


def _progress(enabled: bool):
    def step(i: int, name: str) -> None:
        if enabled:
            sys.stderr.write(f"[{i}/{len(STEPS)}] {name}\n")
            sys.stderr.flush()
    return step


def _solution_json(sol: fsqca.Solution) -> dict:
    return {"n_models": sol.n_models, "capped": sol.capped, "proven_minimal": sol.proven_minimal,
            "lower_bound": sol.lower_bound, "statements": sol.statements, "models": [
        {"expression": m.expression, "fit": {k: m.fit.to_dict()[k] for k in ("inclS", "PRI", "covS")},
         "terms": m.fit.to_dict()["terms"]} for m in sol.models]}


def _results_json(run: StudyRun) -> dict:
    study = run.study
    info = study.spec.get("study", {})
    data_info = study.spec["data"]
    table = run.configurations.to_dict()
    tt = run.truth_table.to_dict()
    return {
        "schema": f"{MARKER}/{SCHEMA_VERSION}",
        "schema_version": SCHEMA_VERSION,
        "study": {"title": study.get("report", "title") or info.get("title", "Study"),
                  "title_zh": info.get("title_zh"),
                  "reference": info.get("reference"), "language": study.language, "synthetic": run.synthetic,
                  "data_note": run.data_note, "outcome": study.outcome, "conditions": study.conditions,
                  "case_column": data_info.get("case_column", "province"),
                  "provinces": bool(data_info.get("provinces", False)),
                  "island_links": next((c["island_links"] for c in (study.spec.get("composites") or {}).values()
                                        if c["method"] == "competition"), None),
                  "labels": study.spec.get("labels") or {}, "controllable": study.spec.get("controllable") or [],
                  "maps": bool(study.get("report", "maps"))},
        "calibration": run.calibration.report.to_dict(orient="records"),
        "composites": {n: ew.table.reset_index().to_dict(orient="records") for n, ew in run.composites.weights.items()},
        "necessity": run.necessity.to_frame().to_dict(orient="records"),
        "truth_table": {k: tt[k] for k in ("incl_cut", "pri_cut", "n_cut", "rows", "unassigned_cases", "notes")},
        "solutions": {k: _solution_json(v) for k, v in run.solutions.items()},
        "configurations": table["configurations"],
        "configuration_notes": table["notes"],
        "core_model": table["core_model"],
        "solution_fit": table["solution_fit"],
        "geodetector": run.geodetector.to_dict(),
        "robustness": None if run.robustness is None else run.robustness.to_dict(),
        "nca": nca_step.nca_json(study, run.nca, run.necessity.to_frame()),
        "memberships": {str(i): row for i, row in run.memberships.to_dict(orient="index").items()},
        "raw": {str(i): row for i, row in run.raw.to_dict(orient="index").items()},
        **panel_step.results_json(run),
    }


def memory_estimate(n_cases: int, n_columns: int) -> float:
    """Bytes a run with its report is expected to need at most, from its data's size: a fixed
    part plus a part per value, measured by ``benchmarks/bench_scale.py`` (peak resident
    memory of 5,000 to 100,000 cases of 10 columns, with a margin).

    >>> round(memory_estimate(100_000, 10) / 1e9, 1)
    4.3
    """
    return 300e6 + 4_000 * n_cases * n_columns


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
    step = _progress(progress)
    step(1, STEPS[0])
    if panel_step.is_panel(study):
        panel_step.check(study)
    raw_all, data_path = (panel_step.load_data if panel_step.is_panel(study) else load_data)(study)
    comps = build_composites(raw_all, study)
    steps.check_names(study, comps.data)
    raw = comps.data[[study.outcome, *study.conditions]].astype(float)
    # a run the machine cannot hold is refused now, from the data's size, not killed halfway
    check_memory(memory_estimate(*raw.shape), what=f"the run of {len(raw):,} cases", error=StudyError)
    step(2, STEPS[1])
    cal = panel_step.calibrate(study, raw, comps.data) if panel_step.is_panel(study) else steps.calibrate(study, raw)
    step(3, STEPS[2])
    nec = fsqca.necessity(cal.data, study.outcome, study.conditions, negated_outcome=True)
    nca = nca_step.run_nca(study, raw, cal.data)   # with the necessity test, before the long steps
    step(4, STEPS[3])
    tt = steps.truth_table(study, cal.data)
    step(5, STEPS[4])
    solutions = steps.minimize(study, tt)
    step(6, STEPS[5])
    table = steps.configurations(study, solutions)
    step(7, STEPS[6])
    geo = steps.geodetector(study, raw, cal.data, table)
    step(8, STEPS[7])
    rob = steps.robustness(study, raw, cal.data, solutions["intermediate"], progress)
    data_info = study.spec["data"]
    synthetic = bool(data_info.get("synthetic", False) or raw_all.attrs.get("synthetic", False))
    note = data_info.get("note") or raw_all.attrs.get("note") or ""
    diag = panel_step.run(study, comps.data, cal.data, tt, solutions)
    return StudyRun(study, data_path, comps, cal, nec, tt, solutions, table, geo, rob, synthetic, note, diag,
                    nca=nca)


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
        tables = folder / "tables"
        files = []

        def table(name: str, df: pd.DataFrame, index: bool = True) -> None:
            # names from the study file (composites) become file names only once made safe, and
            # no text cell can become a formula in Excel (OWASP's CSV-injection rule)
            stem, dot, ext = name.rpartition(".")
            name = f"{safe_file_name(stem)}{dot}{ext}"
            # UTF-8 with a byte-order mark, so that Excel (Chinese Windows included) reads UTF-8
            write_text_atomic(tables / name, "\ufeff" + neutralise_frame(df).to_csv(index=index))
            files.append(f"tables/{name}")

        raw = run.composites.data[[study.outcome, *study.conditions]]
        table("raw_conditions.csv", raw)
        table("memberships.csv", run.memberships)
        table("calibration.csv", run.calibration.report, index=False)
        for name, ew in run.composites.weights.items():
            table(f"composites_{name}.csv", ew.table)
        for name, cp in run.composites.competition.items():
            table(f"competition_{name}.csv", cp.to_frame())
        table("necessity.csv", run.necessity.to_frame(), index=False)
        table("truth_table.csv", run.truth_table.to_frame())
        for kind, sol in run.solutions.items():
            table(f"solution_{kind}.csv", sol.to_frame(), index=False)
        table("configurations.csv", run.configurations.to_frame())
        write_text_atomic(tables / "configurations.md", run.configurations.to_markdown())
        files.append("tables/configurations.md")
        table("geodetector_factor.csv", run.geodetector.factor.to_frame())
        table("geodetector_interaction.csv", run.geodetector.interaction.to_frame())
        strat = [{"configuration": s["configuration"], "core": "*".join(s["core"]), **r}
                 for s in run.results["geodetector"]["strategies"] for r in s["ranking"]]
        table("strategies.csv", pd.DataFrame(strat, columns=["configuration", "core", "auxiliary", "q", "gain",
                                                             "rank"]), index=False)
        if run.robustness is not None:
            table("robustness.csv", run.robustness.comparison)
            table("robustness_configurations.csv", run.robustness.configurations, index=False)
        panel_step.write_tables(run, table)
        nca_step.write_nca_tables(run, table)
        results = dict(run.results)
        fig_files: list[str] = []
        if figures:
            from .figures import make_figures
            from .figures_panel import make_panel_figures

            fig_files = list(make_figures(results, folder, study.language))
            fig_files += make_panel_figures(results, folder, study.language)
        results["files"] = {"tables": files, "figures": fig_files}
        write_text_atomic(folder / "results.json", dumps(results))
        manifest = {
            "schema": f"{MARKER}/{SCHEMA_VERSION}",
            "versions": _versions(),
            "parameters": study.spec,
            "inputs": {
                "study_file": None if study.path is None else {"name": study.path.name, "sha256": _sha256(study.path)},
                "data_file": ({"name": run.data_path.name, "sha256": _sha256(run.data_path)} if run.data_path else
                              _example_input("example_panel.csv" if panel_step.is_panel(study) else "example_study.csv")),
            },
        }
        write_text_atomic(folder / "manifest.json", dumps(manifest))
        if report:
            from .report import write_report

            write_report(folder)

    return write_folder(Path(out), fill, inputs=inputs)


def _example_input(name: str) -> dict:
    from indicators import data_path

    return {"name": f"bundled {name}", "sha256": _sha256(data_path(name))}
