"""Speed of multi-value QCA against R's QCA, side by side in the same run.

Run from the repository root (``bench_fsqca.py --mv`` runs the same)::

    python benchmarks/bench_mvqca.py            # every cell, R too when Rscript with QCA is installed
    python benchmarks/bench_mvqca.py --no-r     # this engine alone
    python benchmarks/bench_mvqca.py --cells 3 4 --timeout 180   # some cells, R stopped after 3 min

Each cell is one data set and one solution type; both engines read the same CSV and time, best
of three in one process (library loading and reading excluded), the truth table and the
minimisation (this engine also the fit of every model, as R's ``minimize`` prints it); a cell
whose first run takes over 10 s is timed once. Progress lines go to standard error. Cells:
R's multi-value Lipset data ``LM`` (the example of QCA's ``man/minimize.Rd``) and seeded
generated data with 3- and 4-level conditions, a crisp or fuzzy outcome and 200 to 2,000 cases.
See ``benchmarks/FSQCA.md``.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from rside import r_available

HERE = Path(__file__).resolve().parent
LM = HERE.parent / "tests" / "data" / "mv-cases" / "mv_LM" / "data.csv"

#: (label, levels per condition or None for LM, cases, fuzzy outcome, incl_cut)
CELLS = [
    ("LM", None, 18, False, 1.0),
    ("gen", (3, 3, 2, 2), 200, False, 0.8),
    ("gen", (3, 3, 3, 2, 2, 2), 500, True, 0.8),
    ("gen", (4, 3, 3, 3, 2, 2, 2), 2000, False, 0.75),
    ("gen", (3, 3, 3, 3, 2, 2, 2, 2), 2000, True, 0.8),
]
KINDS = ("complex", "parsimonious", "intermediate")


def make_mv_data(levels, n: int, fuzzy: bool, seed: int = 7) -> pd.DataFrame:
    """Seeded conditions ``C1..Ck`` with the given numbers of levels (every level occurs) and
    outcome ``Y``: mostly present when ``C1`` is at its top level or ``C2 = 0`` together with
    ``C3 > 0``, with 10 % of cases flipped (crisp) or memberships blurred (fuzzy)."""
    rng = np.random.default_rng(seed)
    x = np.column_stack([rng.integers(0, L, n) for L in levels])
    x[: max(levels)] = np.arange(max(levels))[:, None] % np.asarray(levels)  # every level observed
    signal = (x[:, 0] == levels[0] - 1) | ((x[:, 1] == 0) & (x[:, 2] > 0))
    if fuzzy:
        y = np.clip(np.where(signal, 0.8, 0.2) + rng.normal(0, 0.15, n), 0.01, 0.99)
    else:
        y = np.where(rng.random(n) < 0.1, ~signal, signal).astype(int)
    df = pd.DataFrame(x, columns=[f"C{i + 1}" for i in range(len(levels))], index=[f"case{i + 1}" for i in range(n)])
    df["Y"] = y
    return df


def dir_exp(levels) -> str:
    """R's expectations for the generated data: C1 at its top level, C2 absent, C3 above 0."""
    return f"C1[{levels[0] - 1}], C2[0], C3[{','.join(str(v) for v in range(1, levels[2]))}]"


def worker(csv: str, outcome: str, kind: str, incl_cut: str, expectations: str) -> dict:
    sys.path.insert(0, str(HERE.parent))
    import fsqca

    df = pd.read_csv(csv, index_col=0)
    conds = [c for c in df.columns if c != outcome]
    mv = [c for c in conds if df[c].max() > 1]
    best = None
    for _ in range(3):
        if best is not None and best > 10:  # a slow cell is timed once
            break
        t0 = time.perf_counter()
        tt = fsqca.truth_table(df, outcome, conds, incl_cut=float(incl_cut), multi_value=mv)
        sol = fsqca.minimize(tt, kind, dir_exp=expectations if kind == "intermediate" else None, progress=False)
        for m in sol.models:
            m.fit
        t = time.perf_counter() - t0
        best = t if best is None else min(best, t)
    return {"t": best, "n_models": len(sol.models), "model": sol.models[0].expression}


R_WORKER = r"""
suppressMessages(library(QCA))
args <- commandArgs(trailingOnly = TRUE)
df <- read.csv(args[1], row.names = 1)
y_name <- args[2]; kind <- args[3]; incl <- args[4]; de <- args[5]
conds <- setdiff(names(df), y_name)
# QCA reads some arguments unevaluated, and minimize(dir.exp = ...) fails when a global variable
# is called `outcome` (QCA 3.23): the calls are written out with their values, as a user types them
tt_call <- sprintf('truthTable(df, outcome = "%s", conditions = c(%s), incl.cut = %s)', y_name,
                   paste0('"', conds, '"', collapse = ", "), incl)
min_call <- switch(kind, complex = 'minimize(tt)', parsimonious = 'minimize(tt, include = "?")',
                   sprintf('minimize(tt, include = "?", dir.exp = "%s")', de))
best <- Inf
for (i in 1:3) {
  if (i > 1 && best > 10) break  # a slow cell is timed once
  t0 <- Sys.time()
  tt <- eval(parse(text = tt_call))
  sol <- eval(parse(text = min_call))
  best <- min(best, as.numeric(difftime(Sys.time(), t0, units = "secs")))
}
n <- if (kind == "intermediate") sum(sapply(sol$i.sol, function(s) length(s$solution))) else length(sol$solution)
cat(sprintf('{"t": %.6f, "n_models": %d}\n', best, n))
"""


def _run(cmd, timeout: float) -> dict:
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"timeout": True}
    if proc.returncode != 0:
        return {"error": (proc.stderr.strip().splitlines() or [f"exit {proc.returncode}"])[-1]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_mv(with_r: bool = True, timeout: float = 300.0, cells=None) -> pd.DataFrame:
    """One row per (data, solution type): both engines' times and the ratio (``cells``: indices
    into ``CELLS``, default all)."""
    if with_r and not r_available("QCA"):
        print("Rscript with the QCA package is not available: R skipped (install it with "
              "../shared/r/install.sh to compare).", file=sys.stderr)
        with_r = False
    records = []
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "mv_worker.R"
        script.write_text(R_WORKER)
        for label, levels, n, fuzzy, incl in [CELLS[i] for i in (range(len(CELLS)) if cells is None else cells)]:
            if levels is None:
                csv, outcome, de, shape = LM, "SURV", "DEV[1,2], URB[1], LIT[1], IND[1]", "3x2x2x2"
            else:
                csv = Path(tmp) / f"mv_{len(levels)}_{n}.csv"
                make_mv_data(levels, n, fuzzy).to_csv(csv)
                outcome, de, shape = "Y", dir_exp(levels), "x".join(map(str, levels))
            for kind in KINDS:
                ours = _run([sys.executable, __file__, "--worker", str(csv), outcome, kind, str(incl), de], timeout)
                rec = {"data": label, "levels": shape, "n": n, "outcome": "fuzzy" if fuzzy else "crisp",
                       "solution": kind, "fsqca": f"{ours['t'] * 1000:.3g} ms" if "t" in ours else
                       str(ours.get("error", "timeout"))[:60], "models": ours.get("n_models", "")}
                if with_r:
                    theirs = _run(["Rscript", str(script), str(csv), outcome, kind, str(incl), de], timeout)
                    rec["R QCA"] = f"{theirs['t'] * 1000:.4g} ms" if "t" in theirs else \
                        str(theirs.get("error", "timeout"))[:60]
                    rec["R models"] = theirs.get("n_models", "")
                    if "t" in theirs and "t" in ours:
                        rec["ratio"] = f"{theirs['t'] / ours['t']:.3g}x"
                records.append(rec)
                print(" | ".join(f"{k} {v}" for k, v in rec.items()), file=sys.stderr, flush=True)
    return pd.DataFrame(records).astype(object).fillna("")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-r", action="store_true", help="time this engine alone")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds per call")
    ap.add_argument("--cells", type=int, nargs="*", help=f"indices 0..{len(CELLS) - 1} of the cells to run")
    ap.add_argument("--worker", nargs=5, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(*args.worker)))
        return 0
    table = run_mv(with_r=not args.no_r, timeout=args.timeout, cells=args.cells)
    print(table.to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
