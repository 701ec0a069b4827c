"""The ``fsqca`` command: necessity, truth tables, minimisation and fit from a CSV file.

With ``--json`` each command prints one JSON object (the scripting contract documented in the
README); without it, the tables a person reads.
"""
from __future__ import annotations

import argparse
import importlib
import json
import math
import os
import sys
from pathlib import Path

from typing import TYPE_CHECKING

from ._errors import QCAInputError, suggest

if TYPE_CHECKING:
    import pandas as pd
# The engines (and pandas) are imported inside the commands, so that the command starts fast.

#: Subcommands whose module (and its imports) is loaded only when that subcommand is run.
_LAZY = {
    "find-rows": ("findrows", "truth-table rows behind untenable or contradictory assumptions (R's findRows)"),
    "model-fit": ("modelfit", "fit of a model, a theory and their intersections (R's modelFit)"),
    "cluster": ("panel", "pooled, between- and within-cluster consistency (SetMethods' cluster)"),
    "robustness-ranges": ("robustness_ranges", "how far incl_cut, n_cut or an anchor can move before the "
                          "solution changes (SetMethods' rob.*range)"),
}


def _num(x):
    if x is None:
        return None
    x = float(x)
    return None if math.isnan(x) else x


def read_data(path: str, case_col: str | None) -> pd.DataFrame:
    """The CSV file of a command, indexed by its case column (errors name the file and column)."""
    import pandas as pd

    from libdigigov.io import read_table

    df = read_table(path, error=QCAInputError)
    col = case_col
    if col is None:
        if "case" in df.columns:
            col = "case"
        elif len(df.columns) and not pd.api.types.is_numeric_dtype(df[df.columns[0]]):
            col = df.columns[0]
    if col is not None:
        if col not in df.columns:
            raise QCAInputError(f"case column {col!r} is not in {Path(path).name!r}{suggest(col, df.columns)}")
        df[col] = df[col].astype(str)
        dup = df[col][df[col].duplicated()].unique()
        if len(dup):
            raise QCAInputError(f"{Path(path).name!r}: duplicate case(s) in column {col!r}: "
                                f"{', '.join(map(str, dup[:10]))}")
        df = df.set_index(col)
    return df


def _positive_int(name: str):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} must be a whole number >= 1, got {text!r}") from None
        if value < 1:
            raise argparse.ArgumentTypeError(f"{name} must be a whole number >= 1, got {value}")
        return value
    return parse


def _conditions(args, df: pd.DataFrame):
    from ._validate import split_outcome

    if args.conditions:
        return [c.strip() for c in args.conditions.split(",") if c.strip()]
    name, _ = split_outcome(args.outcome)
    return [c for c in df.columns if c != name]


def _tt(args, df):
    from .truthtable import truth_table

    return truth_table(df, args.outcome, _conditions(args, df), incl_cut=args.incl_cut,
                       pri_cut=args.pri_cut, n_cut=args.n_cut,
                       multi_value=getattr(args, "multi_value", None), inf_test=getattr(args, "inf_test", None))


def cmd_necessity(args) -> dict | str:
    from .necessity import necessity

    df = read_data(args.data, args.case_col)
    if args.combinations:
        from .supersubset import run_command

        return run_command(args, df, _conditions(args, df))
    res = necessity(df, args.outcome, _conditions(args, df), negated_outcome=args.both)
    if not args.json:
        return res.summary()
    return {"conditions": [
        {"outcome": r.outcome, "condition": r.condition, "incl": _num(r.inclN), "ron": _num(r.RoN),
         "cov": _num(r.covN)} for r in res.table.itertuples()
    ]}


def cmd_truth_table(args) -> dict | str:
    df = read_data(args.data, args.case_col)
    tt = _tt(args, df)
    if not args.json:
        return tt.summary()
    rows = []
    pvals = [p for p in ("pval1", "pval0") if p in tt.rows.columns]
    for number, r in tt.rows.iterrows():
        rows.append({"row": int(number), "config": {c: int(r[c]) for c in tt.conditions}, "out": r["OUT"],
                     "n": int(r["n"]), "incl": _num(r["incl"]), "pri": _num(r["PRI"]),
                     **{p: _num(r[p]) for p in pvals}, "cases": [str(c) for c in r["cases"]]})
    out = {"outcome": tt.outcome_label, "conditions": list(tt.conditions), "rows": rows}
    if tt.multi_value:
        out["levels"] = dict(zip(tt.conditions, tt.levels))
    if tt.inf_test:
        out["inf_test"] = {"method": tt.inf_test[0], "alpha": tt.inf_test[1]}
    return out


def _model_json(m):
    f = m.fit
    return {
        "expression": m.expression,
        "terms": [str(t) for t in f.terms_table.index],
        "fit": {"incl": _num(f.inclS), "pri": _num(f.PRI), "cov": _num(f.covS)},
        "terms_fit": [
            {"term": str(term), "incl": _num(r["inclS"]), "pri": _num(r["PRI"]), "cov": _num(r["covS"]),
             "cov_unique": _num(r["covU"]), "cases": [str(c) for c in r["cases"]],
             "deviant": [str(c) for c in r["deviant"]]}
            for term, r in f.terms_table.iterrows()
        ],
    }


def cmd_minimize(args) -> dict | str:
    from .minimize import minimize

    df = read_data(args.data, args.case_col)
    tt = _tt(args, df)
    exclude = [e for e in args.exclude.split(",") if e.strip()] if args.exclude else None
    intermediate = args.solution == "intermediate"
    sol = minimize(tt, args.solution, dir_exp=args.dir_exp if intermediate else None,
                   dir_exp_rule=args.dir_exp_rule if intermediate else None,
                   exclude=exclude, max_models=args.max_models, node_limit=args.node_limit,
                   time_limit=_seconds(args.time_limit))
    if not args.json:
        return sol.summary()
    out = {"solution": sol.kind, "outcome": tt.outcome_label, "n_models": sol.n_models,
           "capped": sol.capped, "essential": [m for m in map(str, sol.essential)] and
           [__import__("fsqca").format_term(t) for t in sol.essential],
           "models": [_model_json(m) for m in sol.models],
           "proven_minimal": sol.proven_minimal, "lower_bound": sol.lower_bound}
    if sol.variants:
        out["variants"] = [{
            "complex": v.complex_model.expression, "parsimonious": v.parsimonious_model.expression,
            "easy_counterfactuals": list(v.easy_counterfactuals),
            "difficult_counterfactuals": list(v.difficult_counterfactuals),
            "models": [_model_json(m) for m in v.chart.models],
        } for v in sol.variants]
        out["models"] = [m for v in out["variants"] for m in v["models"]]
        out["n_pairs"] = sol.n_pairs
    return out


def _seconds(text: str | None) -> float | None:
    try:
        return None if text is None else float(text)
    except ValueError:
        raise QCAInputError(f"--time-limit must be a positive number of seconds, got {text!r}") from None


def cmd_fit(args) -> dict | str:
    from .fit import fit

    df = read_data(args.data, args.case_col)
    res = fit(args.expression, df, args.outcome, multi_value=args.multi_value)
    if not args.json:
        return res.summary()
    return _model_json(type("M", (), {"fit": res, "expression": res.expression})())


def cmd_example(args) -> str:
    # The example study lives in a layer above the engine; it registers itself as an entry point.
    from importlib.metadata import entry_points

    found = entry_points(group="fsqca.examples", name="provinces")
    if not found:
        raise QCAInputError("no example study is installed (it comes with the digigov package)")
    run_example = next(iter(found)).load()
    return run_example(out=args.out)


def _combination_arguments(p) -> None:
    """The ``--combinations`` options of ``fsqca necessity`` (see :mod:`fsqca.supersubset`)."""
    p.add_argument("--combinations", action="store_true",
                   help="necessary conjunctions and disjunctions of literals (R's superSubset)")
    p.add_argument("--incl-cut", type=float, default=1.0, help="with --combinations: minimum inclN (default 1)")
    p.add_argument("--cov-cut", type=float, default=0.0, help="with --combinations: minimum covN (default 0)")
    p.add_argument("--ron-cut", type=float, default=0.0, help="with --combinations: minimum RoN (default 0)")
    p.add_argument("--depth", type=int, help="with --combinations: most literals per expression (default: all)")


def _command_of(argv) -> str | None:
    return next((a for a in argv if not a.startswith("-")), None)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; the subcommands in ``_LAZY`` are set up fully only for ``command``."""
    from libdigigov.io import OneLineParser

    ap = OneLineParser(prog="fsqca", description="Fuzzy-set QCA that agrees with R's QCA package.")
    sub = ap.add_subparsers(dest="command", required=True)

    def common(p, cuts=True, extended=False):
        p.add_argument("data", help="CSV file of calibrated memberships, one row per case")
        p.add_argument("--outcome", required=True, help="outcome column; ~Y for its negation")
        p.add_argument("--conditions", help="comma-separated conditions (default: all other columns)")
        p.add_argument("--case-col", help="column of case ids (default: 'case' or the first text column)")
        if cuts:
            p.add_argument("--incl-cut", default="1", help="ic1 or ic1,ic0 (default 1, as R)")
            p.add_argument("--pri-cut", type=float, default=0.0)
            p.add_argument("--n-cut", type=int, default=1)
        if extended:  # the truth table and minimisation only (other commands would ignore them)
            p.add_argument("--multi-value", help="comma-separated multi-value conditions (levels 0..max, "
                           "every level observed); terms are then written A[1]*B[0]")
            p.add_argument("--inf-test", help="binom or binom,ALPHA: OUT by R's binomial test of each row "
                           "(crisp data only)")
        p.add_argument("--json", action="store_true", help="print one JSON object")

    p = sub.add_parser("necessity", help="necessity of each condition and its negation")
    common(p, cuts=False)
    p.add_argument("--both", action="store_true", help="also for the negated outcome")
    _combination_arguments(p)
    p.set_defaults(func=cmd_necessity)
    p = sub.add_parser("truth-table", help="the truth table")
    common(p, extended=True)
    p.set_defaults(func=cmd_truth_table)
    p = sub.add_parser("minimize", help="complex, parsimonious or intermediate solution")
    common(p, extended=True)
    p.add_argument("--solution", default="complex",
                   choices=["complex", "conservative", "parsimonious", "intermediate"])
    p.add_argument("--dir-exp", help="directional expectations in R's form, e.g. \"A, ~B, C*~D\" or "
                   "\"A[1,2], B[0]\" (multi-value), or A=1,B=0,C=-")
    p.add_argument("--dir-exp-rule", choices=["R", "all"], default="R",
                   help="R (default): conjunctural expectations as R's QCA applies them (only the last one; "
                   "simple ones then ignored); all: every expectation applied")
    p.add_argument("--exclude", help="remainder rows (R's numbers) or terms to exclude, comma-separated")
    p.add_argument("--max-models", type=_positive_int("--max-models"), default=1000,
                   help="list at most this many models (intermediate: solve at most this many model pairs)")
    p.add_argument("--node-limit", type=_positive_int("--node-limit"), default=10_000,
                   help="search nodes per chart for listing models (the minimum size is exact regardless)")
    p.add_argument("--time-limit", help="seconds allowed; when they run out the best cover found is shown with "
                   "a lower bound, marked not proven minimal (default: no limit)")
    p.set_defaults(func=cmd_minimize)
    p = sub.add_parser("fit", help="fit of a sum-of-products expression (R's pof)")
    common(p, cuts=False)
    p.add_argument("expression", help="e.g. 'A*~B + C', or 'DEV[2] + DEV[1]*IND[0]' with --multi-value")
    p.add_argument("--multi-value", help="comma-separated multi-value conditions (levels 0..max)")
    p.set_defaults(func=cmd_fit)
    for name, (module, text) in _LAZY.items():
        if name == command:
            mod = importlib.import_module(f".{module}", __package__)
            mod.add_parser(sub, common) if module in ("findrows", "robustness_ranges") else mod.add_parser(sub)
        else:  # listed in --help without loading the module
            sub.add_parser(name, help=text)
    p = sub.add_parser("example", help="run a complete fsQCA on the bundled example data")
    p.add_argument("--out", help="also write the tables to this folder")
    p.set_defaults(func=cmd_example, json=False)
    from .nca_cli import add_parser as add_nca_parser  # fsqca nca (Necessary Condition Analysis)
    add_nca_parser(sub)
    return ap


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    from libdigigov.io import parse_args

    args, status = parse_args(build_parser(_command_of(argv)), argv)
    if args is None:
        return status
    from libdigigov.io import run_command

    status, result = run_command("fsqca", args.func, args, (QCAInputError,))
    if status:
        return status
    try:
        if isinstance(result, dict):
            json.dump(result, sys.stdout, ensure_ascii=False)
            sys.stdout.write("\n")
        else:
            print(result)
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. piped into `head`: not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


if __name__ == "__main__":
    sys.exit(main())
