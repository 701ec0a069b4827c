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
    tt = truth_table_of(args, df)
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


def cmd_chance_test(args) -> dict | str:
    """``fsqca chance-test``: the solution against chance (see :func:`fsqca.chance_test`)."""
    from .chance import chance_test
    from .minimize import minimize

    df = read_data(args.data, args.case_col)
    tt = truth_table_of(args, df)
    sol = minimize(tt, args.solution, dir_exp=args.dir_exp if args.solution == "intermediate" else None,
                   progress=False)
    res = chance_test(sol, args.permutations, seed=args.seed, progress=not args.json)
    return res.to_dict() if args.json else res.summary()


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
    common_arguments(p, extended=True)
    p.set_defaults(func=cmd_truth_table)
    p = sub.add_parser("minimize", help="complex, parsimonious or intermediate solution")
    common_arguments(p, extended=True)
    p.add_argument("--solution", default="complex",
                   choices=["complex", "conservative", "parsimonious", "intermediate"])
    p.add_argument("--dir-exp", help="directional expectations in R's form, e.g. \"A, ~B, C*~D\" or "
                   "\"A[1,2], B[0]\" (multi-value), or A=1,B=0,C=-")
    p.add_argument("--dir-exp-rule", choices=["R", "all"], default="R",
                   help="R (default): conjunctural expectations as R's QCA applies them (only the last one; "
                   "simple ones then ignored); all: every expectation applied")
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
    p.add_argument("expression", help="e.g. 'A*~B + C', or 'DEV[2] + DEV[1]*IND[0]' with --multi-value")
    p.add_argument("--multi-value", help="comma-separated multi-value conditions (levels 0..max)")
    p.set_defaults(func=cmd_fit)
    add_diagnostics_parsers(sub)   # find-rows, model-fit, cluster, robustness-ranges
    p = sub.add_parser("chance-test", help="the solution against chance: permute the outcome (Braumoeller "
                       "2015; R's braQCA)")
    common_arguments(p)
    p.add_argument("--solution", default="parsimonious",
                   choices=["complex", "conservative", "parsimonious", "intermediate"])
    p.add_argument("--dir-exp", help="directional expectations (intermediate solution), e.g. A=1,B=0")
    p.add_argument("--permutations", type=int, default=1000, help="permuted outcomes (default 1000)")
    p.add_argument("--seed", type=int, default=None, help="seed of the permutations (default: the package's seed)")
    p.set_defaults(func=cmd_chance_test)
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
