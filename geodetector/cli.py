"""Command line: ``geodetector {factor,interaction,risk,ecological,opgd} DATA.csv --y Y [--x A,B]``.

With ``--json`` one JSON object is printed on stdout (keys documented in
``docs/geodetector.md``); without it, a readable table.  Errors go to stderr with exit code 2.
"""

from __future__ import annotations

import argparse
import json
import sys

import pandas as pd

from libdigigov.io import clean_json

from . import raster
from .ecological import ecological_detector
from .errors import GeodetectorError
from .factor import factor_detector
from .interaction import TIE_TOL, interaction_detector
from .progress import dask_progress
from .risk import risk_detector


def _records(frame: pd.DataFrame) -> list[dict]:
    return [clean_json(r) for r in frame.to_dict(orient="records")]


def _factor(data, a):
    res = factor_detector(data, a.y, a.x, singletons=a.singletons, p_method=a.p_method,
                          conf_level=a.conf_level)
    return res, {"y": a.y, "n": res.n, "factors": _records(res.table),
                 "conf_level": res.conf_level, "notes": res.notes}


def _interaction(data, a):
    res = interaction_detector(data, a.y, a.x, tol=a.tol, n_perm=a.n_perm, alpha=a.alpha,
                               seed=a.seed)
    return res, {"y": a.y, "n": res.n, "tie_tolerance": a.tol, "pairs": _records(res.table),
                 "n_perm": res.n_perm, "alpha": res.alpha, "seed": res.seed,
                 "notes": res.notes}


def _risk(data, a):
    res = risk_detector(data, a.y, a.x, alpha=a.alpha, strict=a.strict)
    out = []
    for f in res.strata["factor"].unique():
        strata = res.strata[res.strata["factor"] == f].drop(columns="factor")
        pairs = res.table[res.table["factor"] == f].drop(columns="factor")
        out.append({"factor": f, "strata": _records(strata), "pairs": _records(pairs)})
    return res, {"y": a.y, "n": res.n, "alpha": a.alpha, "factors": out}


def _ecological(data, a):
    res = ecological_detector(data, a.y, a.x, method=a.method, alpha=a.alpha)
    return res, {"y": a.y, "n": res.n, "method": a.method, "pairs": _records(res.table)}


def _class_counts(text: str) -> range:
    """``--k``: ``N`` or ``N-M`` class counts with 2 <= N <= M, checked before any computation.

    >>> _class_counts("3-5"), _class_counts("4")
    (range(3, 6), range(4, 5))
    """
    lo, _, hi = str(text).strip().partition("-")
    try:
        first, last = int(lo), int(hi or lo)
    except ValueError:
        first = last = 0
    if not 2 <= first <= last:
        raise GeodetectorError(f"--k must be a class count N or a range N-M with 2 <= N <= M, got {text!r}")
    return range(first, last + 1)


def _opgd(data, a):
    from .opgd import optimal_discretization

    if a.x is None:
        raise GeodetectorError("opgd needs --x: the continuous variables to discretise")
    ks = _class_counts(a.k)
    res = optimal_discretization(data, a.y, a.x, methods=a.methods.split(","), ks=ks,
                                 progress=not a.json or a.progress)
    return res, {"y": a.y, "n": res.n, "best": _records(res.best), "grid": _records(res.table)}


COMMANDS = {"factor": _factor, "interaction": _interaction, "risk": _risk,
            "ecological": _ecological, "opgd": _opgd}


def build_parser() -> argparse.ArgumentParser:
    from libdigigov.io import OneLineParser

    p = OneLineParser(prog="geodetector",
                                description="Geographical detector (q-statistic), R conventions.")
    sub = p.add_subparsers(dest="command", required=True)
    for name in COMMANDS:
        s = sub.add_parser(name, help="optimal discretisation search" if name == "opgd"
                           else f"{name} detector")
        s.add_argument("data", nargs="?", default=None,
                       help="CSV file (UTF-8) with the outcome and factor columns")
        s.add_argument("--y", default=None, help="outcome column (required with DATA.csv)")
        s.add_argument("--x", default=None,
                       help="comma-separated factor columns (default: all but --y)")
        s.add_argument("--json", action="store_true", help="print one JSON object")
        if name != "opgd":
            raster.add_arguments(s)
        if name == "factor":
            s.add_argument("--singletons", choices=["keep", "drop"], default="keep")
            s.add_argument("--p-method", choices=["r", "centered", "gd", "central"], default="r")
            s.add_argument("--conf-level", type=float, default=0.95,
                           help="level of the confidence interval of q, in (0, 1)")
        if name == "interaction":
            s.add_argument("--tol", type=float, default=TIE_TOL, help="tie tolerance")
            s.add_argument("--n-perm", type=int, default=None,
                           help="permutations of the enhancement test (default: 999 up to "
                                "1000 rows, else 0 = not run)")
            s.add_argument("--seed", type=int, default=0, help="seed of the permutations")
        if name in ("risk", "ecological", "interaction"):
            s.add_argument("--alpha", type=float, default=0.05)
        if name == "risk":
            s.add_argument("--strict", action="store_true",
                           help="fail on one-observation strata instead of skipping them")
        if name == "ecological":
            s.add_argument("--method", choices=["r", "ssw"], default="r")
        if name == "opgd":
            s.add_argument("--methods", default="equal,natural,quantile,geometric,sd")
            s.add_argument("--k", default="3-8", help="class counts, e.g. 3-8")
            s.add_argument("--progress", action="store_true",
                           help="progress bar on stderr also with --json")
    return p


def main(argv=None) -> int:
    from libdigigov.io import parse_args

    a, status = parse_args(build_parser(), argv)
    if a is None:
        return status
    if a.x is not None:
        a.x = [c.strip() for c in a.x.split(",") if c.strip()]
    from libdigigov.io import run_command

    def run(a):
        data = raster.read_input(a)
        with dask_progress(isinstance(data, raster.RasterStack) and sys.stderr.isatty()):
            return COMMANDS[a.command](data, a)

    status, out = run_command("geodetector", run, a, (GeodetectorError,))
    if status:
        return status
    res, payload = out
    if a.json:
        json.dump(payload, sys.stdout, ensure_ascii=False, allow_nan=False)
        sys.stdout.write("\n")
    else:
        print(res.summary())
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
