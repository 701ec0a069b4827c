"""Scale benchmark of a whole study: ``digigov run`` on a generated study of 9 conditions at
5,000, 20,000 and 100,000 cases, timing each run and its peak memory (report included).

Targets: 20,000 cases within 60 s and 2 GB, 100,000 cases within 5 minutes and 8 GB. Each run
is its own subprocess (so peak memory is the child's maximum resident set); the step timings
come from the run's own progress lines, and the CPU time (user + system) is printed beside the
wall-clock time, which a busy machine inflates. The study lists at most 20 models per solution
(``minimize.max_models``), so that the chart's model ambiguity, not the number of cases, is held
fixed. See ``benchmarks/SCALE.md``.

Run from the repository root::

    python benchmarks/bench_scale.py --n 5000            # about half a minute
    python benchmarks/bench_scale.py                     # 5,000 / 20,000 / 100,000
    python benchmarks/bench_scale.py --n 20000 --profile # cProfile of the run, top 25 by time

After each run, ``digigov export`` writes the folder's Word and Excel files (timed on their own
lines; ``--no-export`` skips them).
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
CONDITIONS = [f"C{i}" for i in range(1, 10)]
TARGETS = {20_000: (60.0, 2.0), 100_000: (300.0, 8.0)}    # seconds, GB

STUDY = """\
study: {{title: "Scale benchmark, {n} generated cases"}}
data: {{file: data.csv, case_column: case, synthetic: true}}
outcome: Y
conditions: [{conditions}]
calibration:
  anchors: {{inclusion: p95, crossover: median, exclusion: p5}}
  avoid_half: 0.001
truth_table: {{incl_cut: 0.8, pri_cut: 0.5, n_cut: {n_cut}}}
minimize: {{max_models: 20}}
geodetector: {{method: quantile, k: 4, core: present, rank_by: mean}}
robustness:
  incl_cuts: [0.75, 0.85]
  n_cuts: [{n_cut2}]
  calibrations:
    - {{label: "90/median/10", inclusion: p90, crossover: median, exclusion: p10}}
nca: {{test_rep: 200, seed: 1}}
report: {{language: en, maps: false}}
"""


def make_data(n: int, seed: int = 1) -> pd.DataFrame:
    """Seeded raw data: 9 conditions on a 0-100 scale and an outcome that follows two paths
    (C1 and C2, or C3 without C4) plus noise, so that the truth table has positive and negative
    rows.

    Examples
    --------
    >>> make_data(10).shape
    (10, 11)
    """
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 100, size=(n, len(CONDITIONS)))
    path = np.maximum(np.minimum(x[:, 0], x[:, 1]), np.minimum(x[:, 2], 100 - x[:, 3]))
    y = np.clip(path + rng.normal(0, 15, n), 0, 100)
    df = pd.DataFrame(np.round(x, 2), columns=CONDITIONS)
    df.insert(0, "case", [f"unit{i:06d}" for i in range(n)])
    df["Y"] = np.round(y, 2)
    return df


def write_study(folder: Path, n: int) -> Path:
    make_data(n).to_csv(folder / "data.csv", index=False)
    n_cut = max(1, n // 2000)        # frequency cut-off grows with the cases, as researchers set it
    path = folder / "study.yaml"
    path.write_text(STUDY.format(n=n, conditions=", ".join(CONDITIONS), n_cut=n_cut, n_cut2=n_cut + 1),
                    encoding="utf-8")
    return path


def run_once(n: int, profile: bool = False, export: bool = True) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        study = write_study(folder, n)
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        cmd = [sys.executable] + (["-m", "cProfile", "-s", "tottime"] if profile else []) + \
              ["-m", "digigov", "run", str(study), "--out", str(folder / "R")]
        usage0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        before = usage0.ru_maxrss
        t0 = time.perf_counter()
        # stdout to a file: a pipe nobody reads until the end would block a run that prints much
        out_file = open(folder / "stdout.txt", "w+", encoding="utf-8")
        proc = subprocess.Popen(cmd, stdout=out_file, stderr=subprocess.PIPE, text=True, env=env, cwd=folder)
        steps, err = [], []
        for line in proc.stderr:     # progress lines "[i/8] step", time-stamped as they arrive
            err.append(line)
            if line.startswith("["):
                steps.append((line.strip(), time.perf_counter() - t0))
        proc.wait()
        out_file.seek(0)
        out = out_file.read()
        out_file.close()
        wall = time.perf_counter() - t0
        steps.append(("end", wall))
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        peak = usage.ru_maxrss
        cpu = usage.ru_utime + usage.ru_stime - usage0.ru_utime - usage0.ru_stime
        steps = [(name, b - a) for (name, a), (_, b) in zip(steps, steps[1:])]
        if profile:
            print("\n".join(out.splitlines()[:60]))
        ok = proc.returncode == 0 and (folder / "R" / "report.html").is_file()
        exports = {}
        for fmt in ("docx", "xlsx") if ok and export else ():   # the Word and Excel exports of the folder
            c0, e0 = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "digigov", "export", str(folder / "R"), "--format", fmt],
                                  capture_output=True, text=True, env=env, cwd=folder)
            c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            exports[fmt] = (time.perf_counter() - e0, c1.ru_utime + c1.ru_stime - c0.ru_utime - c0.ru_stime,
                            "" if done.returncode == 0 else (done.stderr.strip().splitlines() or ["?"])[-1])
        size = sum(p.stat().st_size for p in (folder / "R").rglob("*") if p.is_file()) if ok else 0
        return {"n": n, "ok": ok, "seconds": wall, "cpu": cpu, "peak_gb": max(peak, before) / 1024 ** 2,
                "report_mb": (folder / "R" / "report.html").stat().st_size / 1e6 if ok else None,
                "folder_mb": size / 1e6, "steps": steps, "exports": exports,
                "error": None if ok else ("".join(err).strip().splitlines() or ["?"])[-1]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, nargs="+", default=[5_000, 20_000, 100_000])
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--no-export", action="store_true", help="skip the Word and Excel exports")
    a = ap.parse_args(argv)
    print(f"{'cases':>8} {'ok':>3} {'seconds':>8} {'CPU s':>8} {'peak GB':>8} {'report MB':>9} {'folder MB':>9}  target")
    for n in a.n:
        r = run_once(n, a.profile, not a.no_export)
        target = TARGETS.get(n)
        verdict = "" if target is None else (
            "met" if r["ok"] and r["seconds"] <= target[0] and r["peak_gb"] <= target[1]
            else f"MISSED ({target[0]:.0f} s, {target[1]:.0f} GB)")
        print(f"{n:>8,} {'yes' if r['ok'] else 'NO':>3} {r['seconds']:>8.1f} {r['cpu']:>8.1f} {r['peak_gb']:>8.2f} "
              f"{r['report_mb'] or 0:>9.1f} {r['folder_mb']:>9.1f}  {verdict}")
        if r["error"]:
            print(f"         error: {r['error']}")
        print("         " + "; ".join(f"{name} {sec:.1f} s" for name, sec in r["steps"]))
        for fmt, (sec, cpu, err) in r["exports"].items():
            print(f"         digigov export --format {fmt}: {sec:.1f} s (CPU {cpu:.1f} s){' ERROR ' + err if err else ''}")
        if r["exports"]:
            print(f"         peak memory of the run and the exports: {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 ** 2:.2f} GB")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
