"""The ``fsqca`` command: necessity, truth tables, minimisation and fit from a CSV file.

With ``--json`` each command prints one JSON object (the scripting contract documented in the
README); without it, the tables a person reads.
"""
from __future__ import annotations

import json
import os
import sys

from ._errors import QCAInputError
from .arguments import common_arguments, conditions_of, positive_int, read_data, truth_table_of
from .arguments import number_or_none as _num
# The engines (and pandas) are imported inside the commands, so that the command starts fast.


def cmd_necessity(args) -> dict | str:
    from .necessity import necessity

    df = read_data(args.data, args.case_col)
    if args.combinations:
        from .diagnostics.cli import necessity_combinations_command

        return necessity_combinations_command(args, df, conditions_of(args, df))
    res = necessity(df, args.outcome, conditions_of(args, df), negated_outcome=args.both)
    if not args.json:
        return res.summary()
    return {"conditions": [
        {"outcome": r.outcome, "condition": r.condition, "incl": _num(r.inclN), "ron": _num(r.RoN),
         "cov": _num(r.covN)} for r in res.table.itertuples()
    ]}


def cmd_truth_table(args) -> dict | str:
    df = read_data(args.data, args.case_col)
    tt = truth_table_of(args, df)
    if not args.json:
        return tt.summary()
    rows = []
    for number, r in tt.rows.iterrows():
        rows.append({"row": int(number), "config": {c: int(r[c]) for c in tt.conditions}, "out": r["OUT"],
                     "n": int(r["n"]), "incl": _num(r["incl"]), "pri": _num(r["PRI"]),
                     "cases": [str(c) for c in r["cases"]]})
    return {"outcome": tt.outcome_label, "conditions": list(tt.conditions), "rows": rows}


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
    tt = truth_table_of(args, df)
    exclude = [e for e in args.exclude.split(",") if e.strip()] if args.exclude else None
    sol = minimize(tt, args.solution, dir_exp=args.dir_exp if args.solution == "intermediate" else None,
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
    res = fit(args.expression, df, args.outcome)
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


def build_parser():
    """The argument parser of the ``fsqca`` command (each subcommand's engine loads when it runs)."""
    from libdigigov.io import OneLineParser

    from .diagnostics.cli import add_parsers as add_diagnostics_parsers, combination_arguments
    from .nca.cli import add_parser as add_nca_parser

    ap = OneLineParser(prog="fsqca", description="Fuzzy-set QCA that agrees with R's QCA package.")
    sub = ap.add_subparsers(dest="command", required=True)

    p = sub.add_parser("necessity", help="necessity of each condition and its negation")
    common_arguments(p, cuts=False)
    p.add_argument("--both", action="store_true", help="also for the negated outcome")
    combination_arguments(p)
    p.set_defaults(func=cmd_necessity)
    p = sub.add_parser("truth-table", help="the truth table")
    common_arguments(p)
    p.set_defaults(func=cmd_truth_table)
    p = sub.add_parser("minimize", help="complex, parsimonious or intermediate solution")
    common_arguments(p)
    p.add_argument("--solution", default="complex",
                   choices=["complex", "conservative", "parsimonious", "intermediate"])
    p.add_argument("--dir-exp", help="directional expectations, e.g. A=1,B=0,C=-")
    p.add_argument("--exclude", help="remainder rows (R's numbers) or terms to exclude, comma-separated")
    p.add_argument("--max-models", type=positive_int("--max-models"), default=1000,
                   help="list at most this many models (intermediate: solve at most this many model pairs)")
    p.add_argument("--node-limit", type=positive_int("--node-limit"), default=10_000,
                   help="search nodes per chart for listing models (the minimum size is exact regardless)")
    p.add_argument("--time-limit", help="seconds allowed; when they run out the best cover found is shown with "
                   "a lower bound, marked not proven minimal (default: no limit)")
    p.set_defaults(func=cmd_minimize)
    p = sub.add_parser("fit", help="fit of a sum-of-products expression (R's pof)")
    common_arguments(p, cuts=False)
    p.add_argument("expression", help="e.g. 'A*~B + C'")
    p.set_defaults(func=cmd_fit)
    add_diagnostics_parsers(sub)   # find-rows, model-fit, cluster, robustness-ranges
    p = sub.add_parser("example", help="run a complete fsQCA on the bundled example data")
    p.add_argument("--out", help="also write the tables to this folder")
    p.set_defaults(func=cmd_example, json=False)
    add_nca_parser(sub)            # fsqca nca (Necessary Condition Analysis)
    return ap


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    from libdigigov.io import parse_args

    args, status = parse_args(build_parser(), argv)
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
