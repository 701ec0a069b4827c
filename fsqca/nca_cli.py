"""The ``fsqca nca`` subcommand: Necessary Condition Analysis of a CSV file.

With ``--json`` it prints one JSON object: ``conditions`` (per condition the scope and, per
ceiling, R's metrics) and ``bottlenecks`` (per ceiling the outcome column and one column per
condition), the contract documented in ``docs/nca.md``.
"""
from __future__ import annotations

__all__ = ["add_parser", "cmd_nca"]


def _list(text: str | None) -> list[str] | None:
    if text is None:
        return None
    return [t.strip() for t in text.split(",") if t.strip()]


def _steps(text: str):
    from ._validate import QCAInputError

    parts = _list(text) or []
    try:
        values = [float(p) for p in parts]
    except ValueError:
        raise QCAInputError(f"--steps must be a whole number or comma-separated outcome levels, got {text!r}") from None
    if len(values) == 1:
        if values[0] != int(values[0]):
            raise QCAInputError(f"--steps must be a whole number of steps, got {text!r}")
        return int(values[0])
    return values


def cmd_nca(args) -> dict | str:
    from .cli import read_data
    from .nca import nca

    df = read_data(args.data, args.case_col)
    conditions = _list(args.conditions)
    res = nca(df, args.outcome, conditions, ceilings=_list(args.ceilings), test_rep=args.test_rep,
              seed=args.seed, steps=_steps(args.steps), bottleneck_x=args.bottleneck_x,
              bottleneck_y=args.bottleneck_y)
    if args.plot:
        res.plot(path=args.plot)
    if not args.json:
        return res.summary()
    return res.to_dict()


def add_parser(sub) -> None:
    """Register ``nca`` on the ``fsqca`` command's subparsers."""
    p = sub.add_parser("nca", help="Necessary Condition Analysis (ceilings, effect sizes, bottlenecks; R's NCA)")
    p.add_argument("data", help="CSV file, one row per case; any numeric values (not only memberships)")
    p.add_argument("--outcome", required=True, help="outcome column")
    p.add_argument("--conditions", help="comma-separated conditions (default: all other columns)")
    p.add_argument("--case-col", help="column of case ids (default: 'case' or the first text column)")
    p.add_argument("--ceilings", default="ce_fdh,cr_fdh", help="ce_fdh and/or cr_fdh (default: both)")
    p.add_argument("--steps", default="10",
                   help="bottleneck rows: a number of steps, or comma-separated outcome levels (default 10)")
    kinds = ["percentage.range", "percentage.max", "actual", "percentile"]
    p.add_argument("--bottleneck-x", default="percentage.range", choices=kinds, help="how x levels are shown")
    p.add_argument("--bottleneck-y", default="percentage.range", choices=kinds, help="how y levels are chosen")
    p.add_argument("--test-rep", type=int, default=0, help="permutations for the test (default 0: no test)")
    p.add_argument("--seed", type=int, default=None, help="seed of the permutation test")
    p.add_argument("--plot", help="also draw the ceiling plots to this file (.png or .svg)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_nca)
