"""Speed benchmark of the spatial statistics (``spatial``) against R's ``spdep``.

One workload, two sizes (seeded data, see :func:`make_data`): global Moran's I (both analytic
variances), local Moran with 9,999 conditional permutations, and join counts of a crisp version
of every variable (above its median), for

1. the 31 provinces (queen contiguity of the bundled boundaries, Hainan an island) x 20 variables;
2. a generated 50 x 60 rook lattice (3,000 units) x 20 variables;

plus the ``digigov spatial`` command on case 1 (start-up and reading the boundaries included).

``--study`` instead times what the study file's ``spatial:`` section adds to
``digigov run --example``: in one process, the example's other steps run first (untimed), then
the spatial method's step (weights, Moran's I, LISA with 999 conditional permutations, case
selection, region robustness, the lagged condition; its results.json part and CSV tables), its
LISA maps (PNG and SVG) and its report section are timed; and ``--study-runs N`` also runs the
whole command N times with and without the section (a copy of the example without
``spatial:``), CPU time of the child processes beside the wall time.
Times are the median of ``--repeat`` in-process runs after one warm-up run (the first run of a
fresh install also compiles the permutation kernel once; its time is shown apart).

Where ``Rscript`` with ``spdep`` is installed, R runs the same data and weights
(``moran.test`` twice, ``localmoran_perm(nsim = 9999)``, ``joincount.test``), timed inside R
(``proc.time``, without start-up and without building the weights) with a timeout; on the
lattice R runs ``--r-vars`` of the 20 variables and its time is scaled to 20 (stated).

Run from the repository root::

    python benchmarks/bench_spatial.py                 # everything
    python benchmarks/bench_spatial.py --no-r --repeat 5
    python benchmarks/bench_spatial.py --markdown results.md
    python benchmarks/bench_spatial.py --study --study-runs 3
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from rside import r_available

PERMUTATIONS = 9999


def lattice_weights(rows: int, cols: int):
    """Rook contiguity of a ``rows`` x ``cols`` grid, cases ``r<i>c<j>``, style W.

    >>> lattice_weights(2, 3).n_links
    14
    """
    from spatial import weights_from_neighbours

    nb = {}
    for i in range(rows):
        for j in range(cols):
            nb[f"r{i}c{j}"] = [f"r{a}c{b}" for a, b in ((i - 1, j), (i, j - 1), (i, j + 1), (i + 1, j))
                               if 0 <= a < rows and 0 <= b < cols]
    return weights_from_neighbours(nb, style="W", source=f"{rows} x {cols} rook lattice")


def make_data(weights, k: int = 20, seed: int = 1) -> pd.DataFrame:
    """``k`` seeded variables (2 decimals): the odd ones spatially smoothed noise (noise plus
    twice its spatial lag), the even ones plain noise.

    >>> make_data(lattice_weights(3, 3), k=4).shape
    (9, 4)
    """
    rng = np.random.default_rng(seed)
    e = rng.normal(size=(weights.n, k))
    smooth = e + 2 * weights.lag(e)
    x = np.where(np.arange(k) % 2 == 0, smooth, e)
    return pd.DataFrame(x.round(2), index=list(weights.names), columns=[f"V{i + 1}" for i in range(k)])


def workload(data: pd.DataFrame, weights, permutations: int = PERMUTATIONS, seed: int = 1) -> None:
    from spatial import join_counts, local_moran, moran

    moran(data, weights)
    local_moran(data, weights, permutations=permutations, seed=seed)
    join_counts((data > data.median()).astype(float), weights)


def time_ours(data, weights, repeat: int) -> tuple[float, float, float]:
    """Median wall time, median CPU time (all threads) and the first run's wall time."""
    t = time.perf_counter()
    workload(data, weights)
    first = time.perf_counter() - t
    runs, cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        workload(data, weights)
        runs.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return statistics.median(runs), statistics.median(cpu), first


def time_command(data: pd.DataFrame, tmp: Path, repeat: int) -> float:
    import json

    from indicators import data_path

    geo = json.loads(Path(data_path("boundaries.geojson")).read_text(encoding="utf-8"))
    for f in geo["features"]:
        f["properties"]["case"] = f["properties"]["name_en"]
    gpath = tmp / "provinces.geojson"
    gpath.write_text(json.dumps(geo), encoding="utf-8")
    csv = tmp / "provinces.csv"
    data.rename_axis("case").to_csv(csv)
    cmd = [sys.executable, "-m", "digigov", "spatial", str(csv), "--vars", ",".join(data.columns),
           "--geometry", str(gpath), "--lisa-permutations", str(PERMUTATIONS), "--json"]
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def time_study_section(repeat: int) -> dict:
    """Seconds (median wall, median CPU) of the spatial section's parts on the bundled example,
    the rest of the run done before (untimed); the first step's time (the permutation kernel and
    the boundaries loaded in a fresh process) apart."""
    from digigov.figures import render
    from digigov.methods.spatial import SpatialMethod
    from digigov.pipeline import run_study
    from digigov.report import figure_specs
    from digigov.study import EXAMPLE_STUDY, load_study
    from digigov.view import ResultsView

    study = load_study(EXAMPLE_STUDY)
    method = SpatialMethod()
    run = run_study(study, progress=False)      # every step, the spatial one included (warm-up)
    ctx, lang = run.context, study.language
    out = {}

    def timed(name, fn):
        walls, cpus = [], []
        for _ in range(repeat):
            t, c = time.perf_counter(), time.process_time()
            fn()
            walls.append(time.perf_counter() - t)
            cpus.append(time.process_time() - c)
        out[name] = (statistics.median(walls), statistics.median(cpus))

    def step():
        method.run(ctx)
        method.results(ctx)
        method.csv_tables(ctx)

    timed("step (weights, Moran, LISA 999, case selection, regions, lag; JSON and CSV)", step)
    view = ResultsView(dict(run.results))
    specs = [s for s in figure_specs(view, lang) if s.section == "spatial"]
    timed(f"{len(specs)} LISA maps (PNG and SVG)", lambda: [render(s, ("png", "svg")) for s in specs])
    figures = [(s, b"") for s in specs]
    timed("report section, design rows, findings", lambda: (method.sections(view, lang, figures),
                                                              method.design_rows(view, lang),
                                                              method.findings(view, lang, lambda c: [])))
    return out


def time_study_runs(runs: int, tmp: Path) -> dict:
    """``digigov run`` of the example with and without its ``spatial:`` section, alternately:
    median wall and CPU seconds (user + system of the child process)."""
    from digigov.study import EXAMPLE_STUDY

    text = EXAMPLE_STUDY.read_text(encoding="utf-8")
    start, end = text.index("\nspatial:\n"), text.index("\nreport:\n")
    files = {"with spatial:": tmp / "with.yaml", "without spatial:": tmp / "without.yaml"}
    files["with spatial:"].write_text(text, encoding="utf-8")
    files["without spatial:"].write_text(text[:start] + text[end:], encoding="utf-8")
    got = {k: ([], []) for k in files}
    for i in range(runs):
        for label, path in files.items():
            before = os.times()
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "digigov", "run", str(path), "--out", str(tmp / f"out{i}{path.stem}")],
                           check=True, capture_output=True)
            after = os.times()
            got[label][0].append(time.perf_counter() - t)
            got[label][1].append(after.children_user + after.children_system
                                 - before.children_user - before.children_system)
    return {k: (statistics.median(w), statistics.median(c)) for k, (w, c) in got.items()}


def write_markdown(table: pd.DataFrame, path) -> None:
    """The table as a Markdown table in ``path``."""
    lines = ["| " + " | ".join(table.columns) + " |", "|" + "---|" * len(table.columns)]
    lines += ["| " + " | ".join(map(str, r)) + " |" for r in table.itertuples(index=False)]
    Path(path).write_text("\n".join(lines) + "\n")


def study_main(a) -> int:
    rows = [{"part": k, "wall": f"{w:.2f} s", "CPU": f"{c:.2f} s"} for k, (w, c) in time_study_section(a.repeat).items()]
    if a.study_runs:
        with tempfile.TemporaryDirectory() as tmp:
            whole = time_study_runs(a.study_runs, Path(tmp))
        rows += [{"part": f"digigov run, {k}", "wall": f"{w:.2f} s", "CPU": f"{c:.2f} s"} for k, (w, c) in whole.items()]
        (w1, c1), (w0, c0) = whole["with spatial:"], whole["without spatial:"]
        rows.append({"part": "added by the section", "wall": f"{w1 - w0:.2f} s", "CPU": f"{c1 - c0:.2f} s"})
    table = pd.DataFrame(rows)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{os.cpu_count()} CPUs, load average {load:.1f} at the end of the run; the example's spatial: section")
    print(table.to_string(index=False))
    if a.markdown:
        write_markdown(table, a.markdown)
    return 0


R_CODE = """
suppressMessages(library(spdep))
d <- read.csv("{data}", check.names = FALSE)
e <- read.csv("{edges}")
ids <- d$case
pos <- match(e$from, ids); to <- match(e$to, ids)
nb <- lapply(seq_along(ids), function(i) {{ v <- sort(to[pos == i]); if (length(v)) as.integer(v) else 0L }})
class(nb) <- "nb"; attr(nb, "region.id") <- ids
lw <- nb2listw(nb, style = "W", zero.policy = TRUE)
vars <- names(d)[-1][seq_len({nvars})]
set.seed(1)
t <- proc.time()
for (v in vars) {{
  x <- d[[v]]
  moran.test(x, lw, randomisation = TRUE, zero.policy = TRUE)
  moran.test(x, lw, randomisation = FALSE, zero.policy = TRUE)
  localmoran_perm(x, lw, nsim = {nsim}, zero.policy = TRUE)
  joincount.test(factor(as.numeric(x > median(x))), lw, zero.policy = TRUE)
}}
cat((proc.time() - t)[["elapsed"]], "\\n")
"""


def time_r(data: pd.DataFrame, weights, tmp: Path, nvars: int, timeout: float) -> float | str:
    csv, edges, script = tmp / "r_data.csv", tmp / "r_edges.csv", tmp / "bench.R"
    data.rename_axis("case").to_csv(csv)
    weights.to_frame()[["from", "to"]].to_csv(edges, index=False)
    script.write_text(R_CODE.format(data=csv, edges=edges, nvars=nvars, nsim=PERMUTATIONS), encoding="utf-8")
    try:
        out = subprocess.run(["Rscript", str(script)], check=True, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"> {timeout:.0f} s"
    return float(out.stdout.split()[-1])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="timed runs (median)")
    ap.add_argument("--timeout", type=float, default=900, help="R's timeout per run (s)")
    ap.add_argument("--r-vars", type=int, default=2, help="variables R runs on the lattice (scaled to 20)")
    ap.add_argument("--no-r", action="store_true", help="do not run R even where installed")
    ap.add_argument("--markdown", help="also write the table to this Markdown file")
    ap.add_argument("--study", action="store_true", help="time the example's spatial: section instead")
    ap.add_argument("--study-runs", type=int, default=0,
                    help="with --study: also run `digigov run` of the example N times with and without it")
    a = ap.parse_args(argv)
    if a.study:
        return study_main(a)

    from indicators.spatial_weights import province_weights

    use_r = not a.no_r and r_available("spdep")
    if not use_r:
        print("R's spdep is not run (Rscript or spdep is not installed, or --no-r).")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        cells = [("31 provinces (queen) x 20", province_weights("queen", island_links="none"), 20),
                 ("3,000-unit rook lattice x 20", lattice_weights(50, 60), a.r_vars)]
        for label, w, r_vars in cells:
            data = make_data(w)
            ours, cpu, first = time_ours(data, w, a.repeat)
            r, ratio = "not run", ""
            if use_r:
                got = time_r(data, w, tmp, r_vars, a.timeout)
                if isinstance(got, float):
                    scaled = got * 20 / r_vars
                    r = f"{scaled:.2f} s" + ("" if r_vars == 20 else f" ({r_vars} variables: {got:.2f} s, x {20 // r_vars})")
                    ratio = f"{scaled / ours:.0f}x"
                else:
                    r = got
            rows.append({"run": label, "spatial": f"{ours:.2f} s (CPU {cpu:.2f} s)", "first run": f"{first:.2f} s",
                         "R spdep 1.2-7": r, "R / spatial": ratio})
        data = make_data(province_weights("queen", island_links="none"))
        cmd = time_command(data, tmp, a.repeat)
        rows.append({"run": "digigov spatial command, 31 x 20 (start-up included)", "spatial": f"{cmd:.2f} s",
                     "first run": "", "R spdep 1.2-7": "", "R / spatial": ""})
    table = pd.DataFrame(rows)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{os.cpu_count()} CPUs, load average {load:.1f} at the end of the run; "
          f"Moran's I + local Moran ({PERMUTATIONS:,} permutations) + join counts")
    print(table.to_string(index=False))
    if a.markdown:
        write_markdown(table, a.markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
