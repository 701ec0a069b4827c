"""The study pipeline: indicators -> calibration -> fsQCA -> geodetector -> robustness.

:func:`run_study` computes everything and returns a :class:`StudyRun`; :func:`write_run`
writes its tables, figures, ``results.json`` and ``manifest.json`` into a folder atomically
(see ``docs/study-results.md`` for the layout).
"""
from __future__ import annotations

import hashlib
import platform
import sys
from dataclasses import dataclass, field, replace
from importlib import metadata
from pathlib import Path

import pandas as pd

import fsqca
from libdigigov.io import write_text_atomic
from fsqca.robustness import RobustnessCheck, sweep

from .data import Composites, build_composites, load_data
from .errors import StudyError
from .output import MARKER, dumps, write_folder
from .study import Study, load_study

__all__ = ["StudyRun", "run_study", "write_run"]

STEPS = ["data and composites", "calibration", "necessity", "truth table", "minimisation",
         "configurations", "geodetector", "robustness"]


@dataclass(frozen=True, eq=False)
class StudyRun:
    """Everything a study run computed; ``results`` is the JSON-ready summary."""

    study: Study
    data_path: Path | None
    composites: Composites = field(repr=False)
    calibration: object = field(repr=False)
    memberships: pd.DataFrame = field(repr=False)
    necessity: fsqca.Necessity = field(repr=False)
    truth_table: fsqca.TruthTable = field(repr=False)
    solutions: dict = field(repr=False)
    configurations: fsqca.ConfigurationTable = field(repr=False)
    geodetector: dict = field(repr=False)
    robustness: object = field(repr=False)
    results: dict = field(repr=False)

    def summary(self) -> str:
        r = self.results
        lines = [f"Study: {r['study']['title']}" + ("  [SYNTHETIC example data]" if r["study"]["synthetic"] else ""),
                 f"solution ({len(r['configurations'])} configurations): incl {r['solution_fit']['incl']:.3f}, "
                 f"cov {r['solution_fit']['cov']:.3f}"]
        for c in r["configurations"]:
            core = ", ".join(c["core"]["present"] + ["~" + x for x in c["core"]["absent"]])
            lines.append(f"  {c['id']}: {c['term']}  core: {core}  cases: {', '.join(c['cases'])}")
        return "\n".join(lines)


def _progress(enabled: bool):
    def step(i: int, name: str) -> None:
        if enabled:
            sys.stderr.write(f"[{i}/{len(STEPS)}] {name}\n")
            sys.stderr.flush()
    return step


def _anchor_spec(anchors: dict, default: dict) -> dict:
    merged = {**default, **anchors}
    if merged.get("method") == "crisp":
        return {"method": "crisp", "thresholds": merged["thresholds"]}
    e, c, i = merged.get("exclusion", "p5"), merged.get("crossover", "mean"), merged.get("inclusion", "p95")
    if merged.get("direction") == "decreasing":
        e, i = i, e
    return {"thresholds": {"exclusion": e, "crossover": c, "inclusion": i}}


def _calibrate(study: Study, raw: pd.DataFrame, anchors: dict | None = None):
    cal = study.spec.get("calibration", {})
    default = anchors or cal.get("anchors") or {"inclusion": "p95", "crossover": "mean", "exclusion": "p5"}
    per = cal.get("columns") or {}
    columns = [*study.conditions, study.outcome]
    spec = {c: _anchor_spec(per.get(c, {}) if anchors is None else {}, default) for c in columns}
    return fsqca.calibrate_frame(raw[columns], spec, avoid_half=cal.get("avoid_half", None),
                                 percentile_method=cal.get("percentile_method", "linear"))


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


def _term_literals(term) -> tuple[list[str], list[str]]:
    return [c for c, v in term if v], [c for c, v in term if not v]


def _configurations_json(table: fsqca.ConfigurationTable) -> list[dict]:
    out = []
    for name, term, core in zip(table.configurations, table.terms, table.cores):
        core_names = {c for c, _ in core}
        peripheral = tuple(lv for lv in term if lv[0] not in core_names)
        fit = table.term_fit.loc[name]
        cp, ca = _term_literals(core)
        pp, pa = _term_literals(peripheral)
        used = {c for c, _ in term}
        out.append({"id": name, "term": fsqca.format_term(term),
                    "core": {"present": cp, "absent": ca}, "peripheral": {"present": pp, "absent": pa},
                    "dont_care": [c for c in table.conditions if c not in used],
                    "incl": fit["inclS"], "pri": fit["PRI"], "cov": fit["covS"], "cov_unique": fit["covU"],
                    "cases": [str(c) for c in fit["cases"]], "deviant": [str(c) for c in fit["deviant"]]})
    return out


def _solution_json(sol: fsqca.Solution) -> dict:
    return {"n_models": sol.n_models, "capped": sol.capped, "models": [
        {"expression": m.expression, "fit": {"incl": m.fit.incl, "pri": m.fit.pri, "cov": m.fit.cov},
         "terms": [{"term": t, "incl": r["inclS"], "pri": r["PRI"], "cov": r["covS"], "cov_unique": r["covU"],
                    "cases": [str(c) for c in r["cases"]], "deviant": [str(c) for c in r["deviant"]]}
                   for t, r in m.fit.terms_table.iterrows()]}
        for m in sol.models]}


def _geodetector(study: Study, raw: pd.DataFrame, memberships: pd.DataFrame, configurations: list[dict]) -> dict:
    import geodetector as gd

    spec = study.spec.get("geodetector", {})
    method, k = spec.get("method", "natural"), spec.get("k", 3)
    conds = spec.get("conditions") or study.conditions
    y_source = memberships if spec.get("y", "raw") == "membership" else raw
    frame = pd.DataFrame({"__y": y_source[study.outcome].astype(float)}, index=raw.index)
    breaks = {}
    if method == "opgd":
        opt = gd.optimal_discretization(raw[conds].assign(__y=frame["__y"]), "__y", conds, progress=False)
        for c in conds:
            frame[c] = opt.discretized[c] if hasattr(opt, "discretized") else gd.discretize(raw[c], "natural", k)
    else:
        for c in conds:
            strata = gd.discretize(raw[c], method, k)
            frame[c] = strata.astype(int)
            breaks[c] = [float(b) for b in strata.attrs.get("breaks", [])]
    factor = gd.factor_detector(frame, "__y", conds)
    interaction = gd.interaction_detector(frame, "__y", conds)
    aux_mode = spec.get("auxiliaries", "present")
    # core: "all" core conditions, or only the "present" ones (as the study's q_con values)
    core_absent = spec.get("core", "all") == "all"
    rank_by = spec.get("rank_by", "cross")
    strategies = []
    for cfg in configurations:
        core = [c for c in cfg["core"]["present"] + (cfg["core"]["absent"] if core_absent else []) if c in conds]
        # the study ranks the peripheral conditions present in a configuration (what a province
        # can build); "all" also ranks the absent ones
        peripheral = cfg["peripheral"]["present"] + (cfg["peripheral"]["absent"] if aux_mode == "all" else [])
        aux = [c for c in peripheral if c in conds]
        entry = {"configuration": cfg["id"], "core": core, "auxiliary": aux, "q_core": None, "ranking": [],
                 "q_max": [], "pairs": {}, "rank_by": rank_by}
        if core and aux:
            res = gd.strategy_ranking(frame, "__y", core, aux, conditions=conds, name=cfg["id"], rank_by=rank_by)
            entry["q_core"] = res.q_core
            score = {"cross": "q_core_aux", "max": "q_pair_max", "mean": "q_pair_mean"}[rank_by]
            entry["ranking"] = [{"auxiliary": r.auxiliary, "q": getattr(r, score), "gain": r.gain, "rank": int(r.rank)}
                                for r in res.table.itertuples()]
            entry["q_max"] = [{"core": r.core, "partner": r.partner, "q": r.q_max, "role": r.role}
                              for r in res.q_max.itertuples()]
            entry["pairs"] = {c: {a: float(res.pairs.at[c, a]) for a in aux} for c in core}
        elif core:
            entry["q_core"] = gd.interaction_q(frame, "__y", core)
        strategies.append(entry)
    fdf = factor.to_frame()
    idf = interaction.to_frame()
    return {"y": study.outcome, "y_source": spec.get("y", "raw"),
            "discretization": {"method": method, "k": k, "breaks": breaks},
            "strata": {c: {str(i): int(v) for i, v in frame[c].items()} for c in conds},
            "factor": _records(fdf), "interaction": _records(idf), "strategies": strategies,
            "_factor": factor, "_interaction": interaction}


def _records(df: pd.DataFrame) -> list[dict]:
    df = df.reset_index() if df.index.name or not isinstance(df.index, pd.RangeIndex) else df
    return [{str(k): v for k, v in row.items() if k != "index"} for row in df.to_dict(orient="records")]


def _robustness(study: Study, raw: pd.DataFrame, memberships: pd.DataFrame, initial: fsqca.Solution,
                dir_exp, progress: bool):
    plan = study.spec.get("robustness")
    if not plan:
        return None
    tt = study.spec.get("truth_table", {})
    base = {"incl_cut": tt.get("incl_cut", 0.8), "pri_cut": tt.get("pri_cut", 0.5), "n_cut": tt.get("n_cut", 1)}
    datasets = {"initial": memberships}
    checks = [RobustnessCheck(f"incl_cut {c:g}", **{**base, "incl_cut": c}) for c in plan.get("incl_cuts", [])]
    checks += [RobustnessCheck(f"n_cut {n}", **{**base, "n_cut": n}) for n in plan.get("n_cuts", [])]
    checks += [RobustnessCheck(f"pri_cut {p:g}", **{**base, "pri_cut": p}) for p in plan.get("pri_cuts", [])]
    for cal in plan.get("calibrations", []):
        anchors = {k: cal[k] for k in ("inclusion", "crossover", "exclusion")}
        datasets[cal["label"]] = _calibrate(study, raw, anchors).data
        checks.append(RobustnessCheck(cal["label"], incl_cut=cal.get("incl_cut", base["incl_cut"]),
                                      pri_cut=cal.get("pri_cut", base["pri_cut"]), n_cut=base["n_cut"],
                                      data_label=cal["label"]))
    if not checks:
        return None
    return sweep(initial, datasets, checks, outcome=study.outcome, conditions=study.conditions,
                 solution="intermediate", dir_exp=dir_exp, n_jobs=plan.get("n_jobs", 1), progress=progress)


def run_study(study: Study | str | Path, *, progress: bool = True) -> StudyRun:
    """Run a study end to end (no files written; see :func:`write_run`).

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
    raw_all, data_path = load_data(study)
    comps = build_composites(raw_all, study)
    raw = comps.data[[study.outcome, *study.conditions]].astype(float)
    step(2, STEPS[1])
    cal = _calibrate(study, raw)
    memberships = cal.data
    step(3, STEPS[2])
    nec = fsqca.necessity(memberships, study.outcome, study.conditions, negated_outcome=True)
    step(4, STEPS[3])
    tt_spec = study.spec.get("truth_table", {})
    tt = fsqca.truth_table(memberships, study.outcome, study.conditions, incl_cut=tt_spec.get("incl_cut", 0.8),
                           pri_cut=tt_spec.get("pri_cut", 0.5), n_cut=tt_spec.get("n_cut", 1))
    step(5, STEPS[4])
    mspec = study.spec.get("minimize", {})
    dir_exp = mspec.get("dir_exp") or None
    opts = {"exclude": mspec.get("exclude") or None, "max_models": mspec.get("max_models", 1000),
            "node_limit": mspec.get("node_limit", 10_000)}
    solutions = {"complex": fsqca.minimize(tt, "complex", **opts),
                 "parsimonious": fsqca.minimize(tt, "parsimonious", **opts),
                 "intermediate": fsqca.minimize(tt, "intermediate", dir_exp=dir_exp, **opts)}
    step(6, STEPS[5])
    labels = {c: v.get(study.language, c) for c, v in (study.spec.get("labels") or {}).items()}
    cores = (study.spec.get("configurations") or {}).get("cores")
    try:
        table = fsqca.configuration_table(solutions["intermediate"], language=study.language, labels=labels,
                                          cores=cores)
    except fsqca.QCAInputError as exc:
        raise StudyError(f"configurations.cores: {exc}") from None
    order = (study.spec.get("configurations") or {}).get("order")
    if order:
        table = _renumber(table, order)
    configurations = _configurations_json(table)
    step(7, STEPS[6])
    geo = _geodetector(study, raw, memberships, configurations)
    step(8, STEPS[7])
    rob = _robustness(study, raw, memberships, solutions["intermediate"], dir_exp, progress)

    info = study.spec.get("study", {})
    data_info = study.spec["data"]
    synthetic = bool(data_info.get("synthetic", False) or raw_all.attrs.get("synthetic", False))
    note = data_info.get("note") or raw_all.attrs.get("note") or ""
    results = {
        "schema": f"{MARKER}/1",
        "study": {"title": info.get("title", "Study"), "title_zh": info.get("title_zh"),
                  "reference": info.get("reference"), "language": study.language, "synthetic": synthetic,
                  "data_note": note, "outcome": study.outcome, "conditions": study.conditions,
                  "case_column": data_info.get("case_column", "province"),
                  "provinces": bool(data_info.get("provinces", False)),
                  "island_links": next((c["island_links"] for c in (study.spec.get("composites") or {}).values()
                                        if c["method"] == "competition"), None),
                  "labels": study.spec.get("labels") or {}, "controllable": study.spec.get("controllable") or []},
        "calibration": cal.report.to_dict(orient="records"),
        "composites": {n: ew.table.reset_index().to_dict(orient="records") for n, ew in comps.weights.items()},
        "necessity": nec.to_frame().to_dict(orient="records"),
        "truth_table": {"incl_cut": list(tt.incl_cut), "pri_cut": tt.pri_cut, "n_cut": tt.n_cut, "rows": [
            {"row": int(i), "config": {c: int(r[c]) for c in tt.conditions}, "out": r["OUT"], "n": int(r["n"]),
             "incl": r["incl"], "pri": r["PRI"], "cases": [str(c) for c in r["cases"]]}
            for i, r in tt.rows.iterrows()]},
        "solutions": {k: _solution_json(v) for k, v in solutions.items()},
        "configurations": configurations,
        "solution_fit": {"incl": table.solution_fit["incl"], "pri": table.solution_fit["PRI"],
                         "cov": table.solution_fit["cov"]},
        "geodetector": {k: v for k, v in geo.items() if not k.startswith("_")},
        "robustness": None if rob is None else {
            "tests": rob.comparison.rename(columns={"PRI": "pri"}).reset_index().to_dict(orient="records"),
            "configurations": rob.configurations.to_dict(orient="records"),
            "fit_parameters": dict(rob.fit_parameters), "robust_core_terms": list(rob.robust_core_terms),
            "robust_typical_cases": [str(c) for c in rob.robust_cases.index[rob.robust_cases["robust_typical"]]]},
        "memberships": {str(i): row for i, row in memberships.to_dict(orient="index").items()},
        "raw": {str(i): row for i, row in raw.to_dict(orient="index").items()},
    }
    return StudyRun(study, data_path, comps, cal, memberships, nec, tt, solutions, table, geo, rob, results)


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
            write_text_atomic(tables / name, df.to_csv(index=index))
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
        table("geodetector_factor.csv", run.geodetector["_factor"].to_frame())
        table("geodetector_interaction.csv", run.geodetector["_interaction"].to_frame())
        strat = [{"configuration": s["configuration"], "core": "*".join(s["core"]), **r}
                 for s in run.results["geodetector"]["strategies"] for r in s["ranking"]]
        table("strategies.csv", pd.DataFrame(strat, columns=["configuration", "core", "auxiliary", "q", "gain",
                                                             "rank"]), index=False)
        if run.robustness is not None:
            table("robustness.csv", run.robustness.comparison)
            table("robustness_configurations.csv", run.robustness.configurations, index=False)
        results = dict(run.results)
        fig_files: list[str] = []
        if figures:
            from .figures import make_figures

            fig_files = list(make_figures(results, folder, study.language))
        results["files"] = {"tables": files, "figures": fig_files}
        write_text_atomic(folder / "results.json", dumps(results))
        manifest = {
            "schema": f"{MARKER}/1",
            "versions": _versions(),
            "parameters": study.spec,
            "inputs": {
                "study_file": None if study.path is None else {"name": study.path.name, "sha256": _sha256(study.path)},
                "data_file": ({"name": run.data_path.name, "sha256": _sha256(run.data_path)} if run.data_path else
                              {"name": "bundled example_study.csv", "sha256": _example_sha()}),
            },
        }
        write_text_atomic(folder / "manifest.json", dumps(manifest))
        if report:
            from .report import write_report

            write_report(folder)

    return write_folder(Path(out), fill, inputs=inputs)


def _example_sha() -> str:
    from indicators import data_path

    return _sha256(data_path("example_study.csv"))
