"""Speed benchmark of Necessary Condition Analysis (``fsqca.nca``) against R's ``NCA`` package.

Runs (CE-FDH and CR-FDH every time, seeded data, see :func:`make_data`):

1. 31 cases x 3 conditions, 2,000 permutations, timed through the ``fsqca nca`` command,
   start-up included (the median of ``--repeat`` runs);
2. 31 x 9 and 2,000 x 10 with 10,000 permutations (in-process, ``fsqca.nca``);
3. 1,000,000 cases x 1 condition without a test (in-process), beside the time of one
   ``numpy.argsort`` of the condition (the floor: the ceilings need the cases sorted by x);
4. 31 x 9 with all four ceilings (CE-FDH, CR-FDH, CE-VRS, CR-VRS) and 10,000 permutations
   (in-process; the VRS hull runs R's peer loop per permutation).

Where ``Rscript`` and the ``NCA`` package are installed, R runs the same data with the same
settings (``nca_analysis(..., ceilings = c("ce_fdh", "cr_fdh"), test.rep = N)``, timed by
``Rscript`` from start to end) with a timeout; otherwise R's recorded times are stated. See
``benchmarks/NCA.md``.

Run from the repository root::

    python benchmarks/bench_nca.py              # everything (a few minutes)
    python benchmarks/bench_nca.py --quick      # smaller permutation counts, no 10^6 rows
    python benchmarks/bench_nca.py --markdown results.md
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from rside import r_available

#: R's NCA 5.0.1 times recorded when the issue was filed (Rscript, same settings).
R_RECORDED = {
    (31, 3, 2000): "35.7 s",
    (31, 9, 10000): "> 600 s (did not finish)",
}


def make_data(n: int, k: int, seed: int = 1) -> pd.DataFrame:
    """Seeded data with genuine ceilings: conditions ``C1..Ck`` uniform on [0, 1] (2 decimals),
    ``Y = min(C1, C2, C3) ** 0.5 * U(0.2, 1)`` (2 decimals), so the first three conditions are
    necessary in degree and the others are not.

    >>> df = make_data(31, 3)
    >>> df.shape, list(df.columns)
    ((31, 4), ['C1', 'C2', 'C3', 'Y'])
    """
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 1, (n, k)).round(2)
    core = x[:, : min(3, k)].min(axis=1)
    y = (np.sqrt(core) * rng.uniform(0.2, 1, n)).round(2)
    df = pd.DataFrame(x, columns=[f"C{i + 1}" for i in range(k)], index=[f"c{i + 1}" for i in range(n)])
    df["Y"] = y
    return df.rename_axis("case")


def fsqca_command() -> list[str]:
    exe = shutil.which("fsqca")
    return [exe] if exe else [sys.executable, "-m", "fsqca"]


def time_command(csv: Path, reps: int, repeat: int) -> tuple[float, float]:
    """Median wall time and median CPU time (user + system) of the ``fsqca nca`` command,
    start-up included. The CPU time hardly depends on other load on the machine."""
    cmd = fsqca_command() + ["nca", str(csv), "--outcome", "Y", "--ceilings", "ce_fdh,cr_fdh",
                             "--test-rep", str(reps), "--seed", "1", "--json"]
    walls, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        walls.append(time.perf_counter() - t)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def time_api(df: pd.DataFrame, reps: int, ceilings=("ce_fdh", "cr_fdh")) -> float:
    from fsqca import nca

    t = time.perf_counter()
    nca(df, "Y", ceilings=list(ceilings), test_rep=reps, seed=1)
    return time.perf_counter() - t


def time_r(csv: Path, k: int, reps: int, timeout: float) -> str:
    conds = ", ".join(f'"C{i + 1}"' for i in range(k))
    code = (f'suppressMessages(library(NCA)); d <- read.csv("{csv}", row.names = "case"); '
            f'set.seed(1); m <- nca_analysis(d, c({conds}), "Y", ceilings = c("ce_fdh", "cr_fdh"), '
            f'test.rep = {reps})')
    t = time.perf_counter()
    # R's NCA runs its permutation test in forked worker processes: R gets a process group of its
    # own, and the whole group is ended at the timeout (killing Rscript alone leaves the workers)
    proc = subprocess.Popen(["Rscript", "-e", code], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return f"> {timeout:.0f} s"
    if proc.returncode != 0:
        return "error: " + (err.decode(errors="replace").strip().splitlines() or ["?"])[-1][:60]
    return f"{time.perf_counter() - t:.2f} s"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer permutations, no 10^6 rows")
    ap.add_argument("--repeat", type=int, default=3, help="runs of the command (median)")
    ap.add_argument("--timeout", type=float, default=600, help="R's timeout per run (s)")
    ap.add_argument("--no-r", action="store_true", help="do not run R even where installed")
    ap.add_argument("--markdown", help="also write the table to this Markdown file")
    a = ap.parse_args(argv)

    use_r = not a.no_r and r_available("NCA")
    if not use_r:
        print("R's NCA is not run (Rscript or the NCA package is not installed, or --no-r): "
              "R's recorded times (NCA 5.0.1) are shown instead.")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        cells = [("command", 31, 3, 2000), ("in-process", 31, 9, 10_000), ("in-process", 2000, 10, 10_000)]
        if a.quick:
            cells = [("command", 31, 3, 2000), ("in-process", 31, 9, 2000), ("in-process", 2000, 10, 1000)]
        for how, n, k, reps in cells:
            df = make_data(n, k)
            csv = Path(tmp) / f"nca_{n}x{k}.csv"
            df.to_csv(csv)
            cpu = None
            if how == "command":
                ours, cpu = time_command(csv, reps, a.repeat)
            else:
                ours = time_api(df, reps)
            if use_r:
                r = time_r(csv, k, reps, a.timeout)
            else:
                r = R_RECORDED.get((n, k, reps), "not recorded") + " (recorded)"
            ratio = ""
            if r[0].isdigit():
                ratio = f"{float(r.split()[0]) / ours:.0f}x"
                if cpu:
                    ratio += f" ({float(r.split()[0]) / cpu:.0f}x by CPU)"
            elif r.startswith("> "):
                ratio = f"> {float(r.split()[1]) / ours:.0f}x"
            rows.append({"run": f"{n} x {k}, {reps:,} permutations ({how})",
                         "fsqca": f"{ours:.2f} s" + (f" (CPU {cpu:.2f} s)" if cpu else ""),
                         "R NCA": r, "R / fsqca": ratio})
        reps = 2000 if a.quick else 10_000
        ours = time_api(make_data(31, 9), reps, ("ce_fdh", "cr_fdh", "ce_vrs", "cr_vrs"))
        rows.append({"run": f"31 x 9, {reps:,} permutations, four ceilings with VRS (in-process)",
                     "fsqca": f"{ours:.2f} s", "R NCA": "not run", "R / fsqca": ""})
        if not a.quick:
            from fsqca import nca

            rng = np.random.default_rng(7)
            n = 1_000_000
            x = rng.uniform(0, 1, n)
            big = pd.DataFrame({"X": x, "Y": np.sqrt(x) * rng.uniform(0, 1, n)})
            t = time.perf_counter()
            nca(big, "Y", ceilings=["ce_fdh", "cr_fdh"])
            ours = time.perf_counter() - t
            t = time.perf_counter()
            np.argsort(x)
            floor = time.perf_counter() - t
            rows.append({"run": "1,000,000 x 1, no test (in-process)", "fsqca": f"{ours:.2f} s",
                         "R NCA": f"(one argsort of x: {floor:.2f} s)", "R / fsqca": ""})
    table = pd.DataFrame(rows)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{os.cpu_count()} CPUs, load average {load:.1f} at the end of the run")
    print(table.to_string(index=False))
    if a.markdown:
        lines = ["| " + " | ".join(table.columns) + " |", "|" + "---|" * len(table.columns)]
        lines += ["| " + " | ".join(map(str, r)) + " |" for r in table.itertuples(index=False)]
        Path(a.markdown).write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
