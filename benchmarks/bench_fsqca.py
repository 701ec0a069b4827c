"""Speed benchmark of the ``fsqca`` engine against the PyPI package ``pyqca``, side by side.

Both engines get the same seeded random data (written once to a CSV) and the same cut-offs,
each call runs in its own subprocess with a timeout, and one table is printed: conditions
``k``, cases ``n``, solution type, our time (truth table + minimisation, and the split),
pyqca's time, the ratio, the number of minimal models (and whether the listing was capped or
counting stopped) and whether the two engines agree. See ``benchmarks/FSQCA.md``.

Run from the repository root::

    python benchmarks/bench_fsqca.py --quick     # about a minute
    python benchmarks/bench_fsqca.py             # the full grid (k = 8..16, n = 200, 2000)
    python benchmarks/bench_fsqca.py --hard      # the near-crisp k = 14 chart, with a time limit
    python benchmarks/bench_fsqca.py --hard --k 12 14 16   # the near-crisp charts of k = 12, 14, 16
    python benchmarks/bench_fsqca.py --hard --k 12 14 --seeds 1 2 3 4 5   # how often such charts are proven
    python benchmarks/bench_fsqca.py --r-series  # R's QCA timing series (R as a peer if installed)
    python benchmarks/bench_fsqca.py --mv        # multi-value QCA beside R (benchmarks/bench_mvqca.py)
    python benchmarks/bench_fsqca.py --chance    # the solution against chance: 1,000 permutations, example

``pyqca`` 0.2.0 is installed into ``benchmarks/.venvs/pyqca`` on first use (needs pip access to
PyPI); ``--no-pyqca`` times our engine alone.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from rside import r_available

HERE = Path(__file__).resolve().parent
VENV = HERE / ".venvs" / "pyqca"
PYQCA_VERSION = "0.2.0"

INCL_CUT, PRI_CUT, N_CUT = 0.8, 0.5, 1
#: Directional expectations for the intermediate solution: the signs of the data-generating
#: process (C1, C2, C3 present, C4 absent); every other condition either way.
DIR_EXP = {"C1": 1, "C2": 1, "C3": 1, "C4": 0}
FULL_K = (8, 10, 12, 14, 16)
FULL_N = (200, 2000)
QUICK_CELLS = [(8, 200), (8, 2000), (10, 200)]


# ---- data ----------------------------------------------------------------------------------
def make_data(k: int, n: int, seed: int | None = None) -> pd.DataFrame:
    """Seeded random fuzzy memberships: conditions ``C1..Ck`` and outcome ``Y``.

    Every condition is uniform on [0.02, 0.98]; ``Y = max(min(C1, C2), min(C3, 1 - C4)) + e``
    with ``e ~ Normal(0, 0.15)``, clipped to [0.01, 0.99]. So the outcome depends on four
    conditions (two paths) plus noise, and the other ``k - 4`` conditions are irrelevant: the
    truth table has positive and negative rows and the charts have real model ambiguity. The
    seed defaults to ``1000 * k + n``.

    Examples
    --------
    >>> df = make_data(8, 50)
    >>> df.shape, list(df.columns[:3])
    ((50, 9), ['C1', 'C2', 'C3'])
    """
    rng = np.random.default_rng(1000 * k + n if seed is None else seed)
    x = rng.uniform(0.02, 0.98, size=(n, k))
    y = np.maximum(np.minimum(x[:, 0], x[:, 1]), np.minimum(x[:, 2], 1.0 - x[:, 3]))
    y = np.clip(y + rng.normal(0.0, 0.15, n), 0.01, 0.99)
    return _frame(x, y)


def _frame(x: np.ndarray, y: np.ndarray) -> pd.DataFrame:
    """Conditions ``C1..Ck`` and outcome ``Y`` of cases ``case1..casen``.

    pyqca puts a membership of exactly 0.5 in the "present" corner, R's QCA in the "absent"
    one; the generators' draws practically never hit it, but make sure.
    """
    n, k = x.shape
    df = pd.DataFrame(x, columns=[f"C{i + 1}" for i in range(k)], index=[f"case{i + 1}" for i in range(n)])
    df["Y"] = y
    if (df.to_numpy() == 0.5).any():
        raise ValueError("generated data contain a membership of exactly 0.5; choose another seed")
    return df


def make_near_crisp(k: int, n: int, seed: int | None = None) -> pd.DataFrame:
    """Seeded near-crisp memberships with noise: the hard charts of issue 14.

    Every condition is 0.0295 or 0.9705 (absent or present with probability 1/2) plus
    ``Normal(0, 0.02)`` noise, clipped to [0, 1]; the outcome is ``C1*C2 + C3*~C4`` on the
    crisp values with 5% of cases flipped, at the same two levels plus noise. With so little
    fuzziness, a row's consistency depends on the noise of the thousands of cases outside it,
    so at incl_cut 0.85 and PRI cut 0 about two thirds of the observed rows are positive in a
    pattern close to random: at k = 14 and n = 2000, 1,269 positive and 607 negative rows, a
    set-cover problem with no essential implicant. The seed defaults to ``1000 * k + n``.

    Examples
    --------
    >>> df = make_near_crisp(6, 40)
    >>> df.shape, bool(((df < 0.1) | (df > 0.9)).to_numpy().mean() > 0.9)
    ((40, 7), True)
    """
    rng = np.random.default_rng(1000 * k + n if seed is None else seed)
    lo, sd, flip = 0.0295, 0.02, 0.05
    bits = rng.random((n, k)) < 0.5
    x = np.clip(np.where(bits, 1 - lo, lo) + rng.normal(0, sd, (n, k)), 0.0, 1.0)
    yb = (bits[:, 0] & bits[:, 1]) | (bits[:, 2] & ~bits[:, 3])
    yb ^= rng.random(n) < flip
    y = np.clip(np.where(yb, 1 - lo, lo) + rng.normal(0, sd, n), 0.0, 1.0)
    return _frame(x, y)


def make_crisp(k: int, n: int, seed: int | None = None) -> pd.DataFrame:
    """:func:`make_data` recoded to crisp sets (1 above 0.5, else 0): R's crisp timing cells."""
    df = make_data(k, n, seed)
    return (df > 0.5).astype(float)


# ---- workers (run in subprocesses) ---------------------------------------------------------
def _literal_sets(models) -> list[list[list]]:
    """Models as sorted lists of sorted literal lists, for comparison across engines."""
    return sorted(sorted(sorted([name, int(v)] for name, v in term) for term in m) for m in models)


def worker_ours(csv: str, kind: str, incl_cut: str, pri_cut: str, time_limit: str = "none",
                repeat: str = "1") -> dict:
    sys.path.insert(0, str(HERE.parent))
    import fsqca

    df = pd.read_csv(csv, index_col=0)
    conds = [c for c in df.columns if c != "Y"]
    limit = None if time_limit == "none" else float(time_limit)
    best = None
    for _ in range(int(repeat)):  # best of ``repeat`` runs in this process
        t0 = time.perf_counter()
        tt = fsqca.truth_table(df, "Y", conds, incl_cut=float(incl_cut), pri_cut=float(pri_cut), n_cut=N_CUT)
        t1 = time.perf_counter()
        dir_exp = DIR_EXP if kind == "intermediate" else None
        sol = fsqca.minimize(tt, kind, dir_exp=dir_exp, max_models=1000, time_limit=limit, progress=False)
        t2 = time.perf_counter()
        for m in sol.models:  # the fit of every listed model, as R's minimize() prints it
            m.fit
        t3 = time.perf_counter()
        if best is None or t3 - t0 < best[3] - best[0]:
            best = (t0, t1, t2, t3, dict(sol.timings))
    t0, t1, t2, t3, stages = best
    charts = [sol.chart] if sol.chart is not None else [v.chart for v in sol.variants]
    counting_stopped = any(not c.counted_all for c in charts)
    out = tt.rows["OUT"].value_counts()
    return {
        "t_tt": t1 - t0, "t_min": t2 - t1, "t_fit": t3 - t2, "stages": stages,
        "n_models": sol.n_models, "listed": len(sol.models),
        "capped": bool(sol.capped), "counting_stopped": counting_stopped,
        "proven": bool(sol.proven_minimal), "lower_bound": int(sol.lower_bound), "best": int(sol.best_size),
        "timed_out": bool(sol.timed_out),
        "rows": {"1": int(out.get("1", 0)), "0": int(out.get("0", 0))},
        "positive": sorted(tt.codes("1").tolist()),
        "n_pi": len(sol.prime_implicants), "size": len(sol.models[0].terms),
        "prime_implicants": sorted(sorted([n, int(v)] for n, v in t) for t in sol.prime_implicants),
        "models": _literal_sets(m.terms for m in sol.models),
    }


#: Stages of ``Solution.timings``, shortened for the table.
STAGE_NAMES = {"prime implicants": "pi", "chart reductions": "chart", "minimum size": "size",
               "listing models": "list"}


def stage_split(res: dict) -> str:
    """``tt 0.01 / pi 0.002 / chart 0.001 / size 0 / list 0.001 / fit 0.01`` (seconds)."""
    parts = [f"tt {res['t_tt']:.2g}"]
    parts += [f"{STAGE_NAMES.get(k, k)} {v:.2g}" for k, v in res["stages"].items() if k in STAGE_NAMES]
    parts.append(f"fit {res['t_fit']:.2g}")
    return " / ".join(parts)


def models_flag(res: dict) -> str:
    """`` (counting stopped)``, `` (listing capped)`` or nothing."""
    return " (counting stopped)" if res["counting_stopped"] else (" (listing capped)" if res["capped"] else "")


def proven_text(res: dict) -> str:
    if res["proven"]:
        return "yes" + (" (listing stopped at the time limit)" if res.get("timed_out") else "")
    return f"no: best {res['best']}, lower bound {res['lower_bound']} (gap {relative_gap(res):.1%})"


def relative_gap(res: dict) -> float:
    """``(best - bound) / best``: the gap as HiGHS (``mip_rel_gap``) and issue 26 measure it."""
    return (res["best"] - res["lower_bound"]) / res["best"] if res["best"] else 0.0


PYQCA_WORKER = r'''
import json, sys, time
import pandas as pd
csv, kind, incl_cut, pri_cut, n_cut, dir_exp = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), json.loads(sys.argv[6])
import qca
from qca.minimizers.algorithms import quine_mccluskey
from qca.minimizers.remainder import filter_safe_remainders, filter_theory_consistent_remainders
from qca.minimizers.set_cover import SetCoverMinimizer, exact_set_cover
df = pd.read_csv(csv, index_col=0).reset_index(names="case")
conds = [c for c in df.columns if c not in ("Y", "case")]
t0 = time.perf_counter()
eng = qca.FSQCA(df, outcome="Y", conditions=conds, case_id="case", condition_types={c: "fuzzy" for c in conds})
rows = eng.build_truth_table(outcome_threshold=incl_cut, pri_cut=pri_cut)
mini = SetCoverMinimizer(conds, {c: False for c in conds}, {c: [0, 1] for c in conds}, cover_method="exact")
cls = mini.classify_rows(rows, outcome_threshold=incl_cut, pri_cut=pri_cut, frequency_cutoff=n_cut)
t1 = time.perf_counter()
pos, neg, rem, con = cls["positive"], cls["negative"], cls["remainder"], cls["contradiction"]
if kind == "parsimonious":
    dc = filter_safe_remainders(rem, neg, con)
else:
    dc = filter_theory_consistent_remainders(rem, neg, con, mini._all_patterns, conds, dir_exp)
pis = quine_mccluskey(pos, mini._all_patterns, mini.is_multivalue_flags, dont_care_indices=dc)
model = exact_set_cover(pis, pos)
t2 = time.perf_counter()
term = lambda imp: sorted([c, int(v)] for c, v in zip(conds, imp.pattern) if v != "*")
print(json.dumps({"t_tt": t1 - t0, "t_min": t2 - t1, "version": qca.__version__, "positive": sorted(pos),
                  "prime_implicants": sorted(term(p) for p in pis), "model": sorted(term(p) for p in model)}))
'''


# ---- driver --------------------------------------------------------------------------------
def ensure_pyqca() -> Path:
    """Python of a virtual environment with pyqca installed (created on first use)."""
    py = VENV / "bin" / "python"
    check = [str(py), "-c", f"import qca, sys; sys.exit(qca.__version__ != {PYQCA_VERSION!r})"]
    if py.exists() and subprocess.run(check, capture_output=True).returncode == 0:
        return py
    print(f"installing pyqca {PYQCA_VERSION} into {VENV.relative_to(HERE.parent)} ...", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", f"pyqca=={PYQCA_VERSION}"], check=True)
    subprocess.run(check, check=True)
    return py


def _run(cmd: list[str], timeout: float) -> dict:
    start = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"timeout": True, "wall": time.perf_counter() - start}
    if proc.returncode != 0:
        return {"error": (proc.stderr.strip().splitlines() or ["exit %d" % proc.returncode])[-1]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def compare(ours: dict, theirs: dict, kind: str) -> str:
    """Whether pyqca's single model is one of our minimal models (and the implicants agree)."""
    if "t_min" not in ours or "t_min" not in theirs:
        return ""
    notes = []
    if ours["positive"] != theirs["positive"]:
        return (f"truth tables differ: {len(theirs['positive'])} positive rows in pyqca, "
                f"{len(ours['positive'])} here")
    if kind == "parsimonious" and ours["prime_implicants"] != theirs["prime_implicants"]:
        a = {json.dumps(t) for t in ours["prime_implicants"]}
        b = {json.dumps(t) for t in theirs["prime_implicants"]}
        notes.append(f"PIs differ ({len(a - b)} only ours, {len(b - a)} only pyqca)")
    model = sorted(theirs["model"])
    if model in ours["models"]:
        notes.append("same")
    elif ours["capped"] and len(model) == ours["size"]:
        notes.append("same size (our listing capped)")
    else:
        notes.append(f"differs: pyqca {len(model)} terms, ours {ours['size']}")
    return "; ".join(notes)


def _fmt_time(res: dict, timeout: float) -> str:
    if res.get("skipped"):
        return f"> {timeout:g} s*"
    if res.get("timeout"):
        return f"> {timeout:g} s"
    if "error" in res:
        return "error"
    return f"{res['t_tt'] + res['t_min'] + res.get('t_fit', 0.0):.3g} s"


def run_grid(cells, kinds, timeout: float, with_pyqca: bool, workdir: Path,
             incl_cut: float = INCL_CUT, pri_cut: float = PRI_CUT, time_limit: float | None = None,
             data=make_data) -> pd.DataFrame:
    py = ensure_pyqca() if with_pyqca else None
    records = []
    timed_out: set[tuple[int, str]] = set()  # (n, kind) where pyqca hit the timeout at a smaller k
    for k, n in cells:
        csv = workdir / f"k{k}_n{n}.csv"
        data(k, n).to_csv(csv)
        for kind in kinds:
            print(f"k={k} n={n} {kind}: fsqca ...", end="", file=sys.stderr, flush=True)
            ours = _run([sys.executable, __file__, "--worker", str(csv), kind, str(incl_cut), str(pri_cut),
                         "none" if time_limit is None else str(time_limit), "1"], timeout)
            theirs: dict = {}
            if py is not None:
                print(" pyqca ...", end="", file=sys.stderr, flush=True)
                if (n, kind) in timed_out:
                    theirs = {"skipped": True}
                else:
                    theirs = _run([str(py), "-c", PYQCA_WORKER, str(csv), kind, str(incl_cut), str(pri_cut),
                                   str(N_CUT), json.dumps(DIR_EXP)], timeout)
                    if theirs.get("timeout"):
                        timed_out.add((n, kind))
            print(" done", file=sys.stderr, flush=True)
            rec = {"k": k, "n": n, "solution": kind, "fsqca": _fmt_time(ours, timeout)}
            if "t_min" in ours:
                rec["truth table"] = f"{ours['t_tt']:.3g} s"
                rec["minimise"] = f"{ours['t_min']:.3g} s"
                rec["stages (s)"] = stage_split(ours)
                rec["proven minimal"] = proven_text(ours)
                flag = models_flag(ours)
                rec["models"] = f"{ours['n_models']}{flag}"
                rec["PIs"] = ours["n_pi"]
                rec["rows 1/0"] = f"{ours['rows']['1']}/{ours['rows']['0']}"
            elif "error" in ours:
                rec["models"] = ours["error"][:70]
            if py is not None:
                rec["pyqca"] = _fmt_time(theirs, timeout)
                if "t_min" in ours and "t_min" in theirs:
                    rec["ratio"] = f"{(theirs['t_tt'] + theirs['t_min']) / (ours['t_tt'] + ours['t_min']):.3g}x"
                    # stage by stage: where the truth tables differ, only the first is like for like
                    rec["ratio tt / min"] = (f"{theirs['t_tt'] / ours['t_tt']:.3g}x / "
                                             f"{theirs['t_min'] / ours['t_min']:.3g}x")
                elif "t_min" in ours and (theirs.get("timeout") or theirs.get("skipped")):
                    rec["ratio"] = f"> {timeout / (ours['t_tt'] + ours['t_min']):.3g}x"
                rec["agreement"] = compare(ours, theirs, kind)
            records.append(rec)
    return pd.DataFrame(records).astype(object).fillna("")


#: R's QCA timing series of issue 14 (truthTable + parsimonious minimize, data in memory,
#: in-process, library loading excluded): (data, k, n). R 3.23 took 2-9 s per cell there.
R_SERIES = [("crisp", 8, 200), ("crisp", 10, 200), ("crisp", 8, 2000), ("fuzzy", 8, 200), ("fuzzy", 8, 2000)]
R_RECORDED = "R's QCA 3.23 as recorded in issue 14: 2-9 s per cell (this engine then: 7-30 ms, 239-686x)"

R_WORKER = r"""
suppressMessages(library(QCA))
args <- commandArgs(trailingOnly = TRUE)
df <- read.csv(args[1], row.names = 1)
conds <- setdiff(names(df), "Y")
best <- Inf
for (i in seq_len(as.integer(args[4]))) {
  t0 <- Sys.time()
  tt <- truthTable(df, outcome = "Y", conditions = conds, incl.cut = as.numeric(args[2]),
                   pri.cut = as.numeric(args[3]), n.cut = 1)
  sol <- minimize(tt, include = "?")
  best <- min(best, as.numeric(difftime(Sys.time(), t0, units = "secs")))
}
cat(sprintf('{"t": %.6f, "n_models": %d}\n', best, length(sol$solution)))
"""


def run_r_series(timeout: float, workdir: Path, r_repeat: int = 3) -> pd.DataFrame:
    """R's timing series: ours best of 3 in one process, R's QCA best of ``r_repeat`` in one R
    process where installed (within ``timeout`` seconds; otherwise its time is a lower bound)."""
    with_r = r_available("QCA")
    if not with_r:
        print(f"Rscript with the QCA package is not available: R skipped. {R_RECORDED}.", file=sys.stderr)
    records = []
    for data, k, n in R_SERIES:
        csv = workdir / f"r_{data}_k{k}_n{n}.csv"
        (make_crisp if data == "crisp" else make_data)(k, n).to_csv(csv)
        ours = _run([sys.executable, __file__, "--worker", str(csv), "parsimonious", str(INCL_CUT), str(PRI_CUT),
                     "none", "3"], timeout)
        rec = {"data": data, "k": k, "n": n, "fsqca": _fmt_time(ours, timeout)}
        if "t_min" in ours:
            rec["stages (s)"] = stage_split(ours)
            rec["models"] = f"{ours['n_models']}{models_flag(ours)}"
            rec["proven minimal"] = proven_text(ours)
        if with_r:
            script = workdir / "r_worker.R"
            script.write_text(R_WORKER)
            theirs = _run(["Rscript", str(script), str(csv), str(INCL_CUT), str(PRI_CUT), str(r_repeat)], timeout)
            total = ours["t_tt"] + ours["t_min"] + ours["t_fit"] if "t_min" in ours else None
            if "t" in theirs and total:
                rec["R QCA"] = f"{theirs['t']:.3g} s"
                rec["R models"] = theirs["n_models"]
                rec["ratio"] = f"{theirs['t'] / total:.3g}x"
            elif theirs.get("timeout") and total:
                # R did not finish one run (library loading included) within the timeout: a lower bound
                rec["R QCA"] = f"> {timeout:g} s"
                rec["ratio"] = f"> {timeout / total:.3g}x"
            else:
                rec["R QCA"] = theirs.get("error", "")[:40]
        records.append(rec)
    return pd.DataFrame(records).astype(object).fillna("")


def run_chance(permutations: int = 1000, repeat: int = 3) -> pd.DataFrame:
    """``fsqca.chance_test`` on the bundled example study (31 provinces x 9 conditions), at the
    study's cut-offs, for each solution type: best of ``repeat`` in this process (target: 1,000
    permutations of the parsimonious solution within 10 s)."""
    sys.path.insert(0, str(HERE.parent))
    import fsqca
    from digigov.fsqca_example import STUDY_CUTS
    from indicators import build_conditions, load_example_study

    data = build_conditions(load_example_study(), island_links="none").memberships
    conds = [c for c in data.columns if c != "P"]
    tt = fsqca.truth_table(data, "P", conds, **STUDY_CUTS)
    records = []
    for kind in ("parsimonious", "complex"):
        sol = fsqca.minimize(tt, kind, progress=False)
        best, res = None, None
        for _ in range(repeat):
            t0 = time.perf_counter()
            res = fsqca.chance_test(sol, permutations, seed=1, progress=False)
            t = time.perf_counter() - t0
            best = t if best is None else min(best, t)
        records.append({"data": f"example {data.shape[0]} x {len(conds)}", "solution": kind,
                        "permutations": permutations, "seconds": f"{best:.2f}",
                        "distinct tables": res.distinct_tables, "matches": res.matches,
                        "p": f"{res.p_value:.4f}"})
    return pd.DataFrame(records)


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="a small subset (about a minute)")
    ap.add_argument("--timeout", type=float, default=None, help="seconds per call (default 300, quick 30)")
    ap.add_argument("--k", type=int, nargs="*", help="numbers of conditions (default 8 10 12 14 16)")
    ap.add_argument("--n", type=int, nargs="*", help="numbers of cases (default 200 2000)")
    ap.add_argument("--solution", nargs="*", default=["parsimonious", "intermediate"],
                    choices=["parsimonious", "intermediate", "complex"])
    ap.add_argument("--no-pyqca", action="store_true", help="time fsqca alone")
    ap.add_argument("--incl-cut", type=float, default=INCL_CUT, help=f"inclusion cut-off (default {INCL_CUT})")
    ap.add_argument("--pri-cut", type=float, default=PRI_CUT,
                    help=f"PRI cut-off for both engines (default {PRI_CUT}; 0 neutralises pyqca's PRI formula)")
    ap.add_argument("--markdown", type=Path, help="also write the table to this Markdown file")
    ap.add_argument("--hard", action="store_true",
                    help="the near-crisp chart of issue 14: k = 14 (or --k), n = 2000, incl cut 0.85, PRI cut 0, "
                         "parsimonious")
    ap.add_argument("--seeds", type=int, nargs="*",
                    help="with --hard: one chart per seed (and per --k), each minimised once within the time "
                         "limit; prints how often the minimum is proven and the gap otherwise")
    ap.add_argument("--time-limit", type=float, default=None,
                    help="fsqca.minimize(time_limit=...) in seconds (default none; 60 with --hard)")
    ap.add_argument("--near-crisp", action="store_true", help="use make_near_crisp data instead of make_data")
    ap.add_argument("--r-series", action="store_true",
                    help="R's QCA timing series (crisp k = 8, 10 n = 200; crisp k = 8 n = 2000; fuzzy k = 8 "
                         "n = 200, 2000); R's QCA as a peer when Rscript and QCA are installed")
    ap.add_argument("--mv", action="store_true",
                    help="multi-value QCA cells (R's LM and generated 3- and 4-level data), R's QCA beside them "
                         "when installed (see bench_mvqca.py)")
    ap.add_argument("--worker", nargs=6, metavar=("CSV", "KIND", "INCL_CUT", "PRI_CUT", "LIMIT", "REPEAT"),
                    help=argparse.SUPPRESS)
    ap.add_argument("--r-repeat", type=int, default=3, help="with --r-series: R runs per cell (best of; default 3)")
    ap.add_argument("--chance", action="store_true",
                    help="fsqca.chance_test, 1,000 permutations on the bundled example (31 x 9)")
    args = ap.parse_args(argv)
    if args.chance:
        table = run_chance()
        print(table.to_string(index=False))
        print(f"\nbest of 3 in one process, seed 1; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
        if args.markdown:
            _write_atomic(args.markdown, table.to_markdown(index=False) if _has_tabulate() else table.to_string())
        return 0
    if args.worker:
        print(json.dumps(worker_ours(*args.worker)))
        return 0
    if args.mv:
        sys.path.insert(0, str(HERE))
        from bench_mvqca import run_mv

        table = run_mv(with_r=not args.no_pyqca, timeout=args.timeout or 300.0)
        print(table.to_string(index=False))
        if args.markdown:
            _write_atomic(args.markdown, table.to_markdown(index=False) if _has_tabulate() else table.to_string())
        return 0
    if args.r_series:
        with tempfile.TemporaryDirectory() as tmp:
            table = run_r_series(args.timeout or 300.0, Path(tmp), args.r_repeat)
        print(table.to_string(index=False))
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"\nincl_cut {INCL_CUT}, pri_cut {PRI_CUT}, n_cut {N_CUT}; parsimonious; ours best of 3, R best of "
              f"{args.r_repeat}, each in one process; times include the truth table and the fit of every model; "
              f"'> T s' = R did not finish within the timeout; {os.cpu_count()} CPUs, load average {load:.1f}. "
              f"{R_RECORDED}.")
        if args.markdown:
            _write_atomic(args.markdown, table.to_markdown(index=False) if _has_tabulate() else table.to_string())
        return 0
    if args.hard and args.seeds:
        limit = 60.0 if args.time_limit is None else args.time_limit
        with tempfile.TemporaryDirectory() as tmp:
            table = run_hard_seeds(args.k or [14], (args.n or [2000])[0], args.seeds, limit, Path(tmp))
        print(table.to_string(index=False))
        print(f"\nnear-crisp data (make_near_crisp), incl_cut 0.85, pri_cut 0, n_cut {N_CUT}; parsimonious; "
              f"time limit {limit:g} s per chart; gap = best cover - proven lower bound; "
              "gap % = gap / best cover (as HiGHS's mip_rel_gap)")
        if args.markdown:
            _write_atomic(args.markdown, table.to_markdown(index=False) if _has_tabulate() else table.to_string())
        return 0
    if args.hard:
        args.k, args.n, args.solution, args.no_pyqca = args.k or [14], [2000], ["parsimonious"], True
        args.incl_cut, args.pri_cut, args.near_crisp = 0.85, 0.0, True
        args.time_limit = 60.0 if args.time_limit is None else args.time_limit
    if args.quick:
        cells = QUICK_CELLS
    else:
        cells = [(k, n) for k in (args.k or FULL_K) for n in (args.n or FULL_N)]
    timeout = args.timeout or (30.0 if args.quick else 300.0)
    with tempfile.TemporaryDirectory() as tmp:
        table = run_grid(cells, args.solution, timeout, not args.no_pyqca, Path(tmp), args.incl_cut, args.pri_cut,
                         args.time_limit, make_near_crisp if args.near_crisp else make_data)
    text = table.to_string(index=False)
    print(text)
    print(f"\nincl_cut {args.incl_cut}, pri_cut {args.pri_cut}, n_cut {N_CUT}; times include the truth table; '> {timeout:g} s' = killed at the timeout, "
          f"'> {timeout:g} s*' = not run because a smaller k already timed out")
    if args.markdown:
        _write_atomic(args.markdown, table.to_markdown(index=False) if _has_tabulate() else text)
    return 0


def run_hard_seeds(ks, n: int, seeds, time_limit: float, workdir: Path) -> pd.DataFrame:
    """The near-crisp charts of several seeds, each minimised once with ``time_limit``: how
    often the minimum is proven, and the gap between the best cover and the lower bound when
    it is not. Each call runs in its own process (as the grid's), so one chart's memory and
    HiGHS state do not carry over to the next."""
    rows = []
    for k in ks:
        for seed in seeds:
            csv = workdir / f"hard_k{k}_n{n}_s{seed}.csv"
            make_near_crisp(k, n, seed).to_csv(csv)
            print(f"k={k} n={n} seed={seed}: fsqca ...", end=" ", flush=True, file=sys.stderr)
            res = _run([sys.executable, __file__, "--worker", str(csv), "parsimonious", "0.85", "0", str(time_limit),
                        "1"], time_limit * 3 + 120)
            print("done", file=sys.stderr)
            if "t_min" not in res:
                rows.append({"k": k, "n": n, "seed": seed, "fsqca": res.get("error", "timeout")})
                continue
            total = res["t_tt"] + res["t_min"] + res["t_fit"]
            rows.append({"k": k, "n": n, "seed": seed, "rows 1/0": f"{res['rows']['1']}/{res['rows']['0']}",
                         "PIs": res["n_pi"], "fsqca": f"{total:.3g} s", "stages (s)": stage_split(res),
                         "proven minimal": proven_text(res),
                         "gap": 0 if res["proven"] else res["best"] - res["lower_bound"],
                         "gap %": f"{0 if res['proven'] else relative_gap(res):.1%}"})
    return pd.DataFrame(rows)


def _has_tabulate() -> bool:
    try:
        import tabulate  # noqa: F401
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())
