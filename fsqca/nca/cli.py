"""The ``fsqca nca`` subcommand: Necessary Condition Analysis of a CSV file.

With ``--json`` it prints one JSON object, the body of :meth:`fsqca.NCAResult.to_dict`:
``conditions`` (per condition the scope and, per ceiling, R's metrics) and ``bottlenecks``
(per ceiling the outcome column and one column per condition), see ``docs/nca.md``. That path
reads the CSV with the standard library and computes with numpy alone
(:mod:`fsqca.nca.core`), so the command starts without importing pandas.
"""
from __future__ import annotations

import csv
import math

from .._errors import QCAInputError

__all__ = ["add_parser", "cmd_nca", "cmd_nca_outliers", "read_columns"]

#: Cells pandas reads as missing by default (so both readers agree on what is missing).
_MISSING = {"", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
            "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null"}


def _list(text: str | None) -> list[str] | None:
    if text is None:
        return None
    return [t.strip() for t in text.split(",") if t.strip()]


def _steps(text: str):
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


def _number(text: str) -> float | None:
    t = text.strip()
    if t in _MISSING:
        return math.nan
    try:
        return float(t)
    except ValueError:
        return None


def read_columns(path: str, case_col: str | None) -> tuple[list[str], dict[str, list[str]]]:
    """``(cases, columns)`` of a CSV file: case ids (the ``case`` column, ``case_col``, or the
    first column when it is not numeric; else 1, 2, ...) and the other columns as text."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.reader(fh))
    except FileNotFoundError:
        raise QCAInputError(f"data file {path!r} does not exist") from None
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise QCAInputError(f"cannot read {path!r} as CSV: {exc}") from None
    rows = [r for r in rows if r]
    if not rows:
        raise QCAInputError(f"cannot read {path!r} as CSV: the file is empty")
    header, body = rows[0], rows[1:]
    bad = [i + 2 for i, r in enumerate(body) if len(r) != len(header)]
    if bad:
        raise QCAInputError(f"cannot read {path!r} as CSV: line {bad[0]} has a different number of fields")
    cols = {h: [r[i] for r in body] for i, h in enumerate(header)}
    col = case_col
    if col is None:
        if "case" in cols:
            col = "case"
        elif header and any(_number(v) is None for v in cols[header[0]]):
            col = header[0]
    if col is not None and col not in cols:
        raise QCAInputError(f"case column {col!r} is not in {path!r}")
    cases = cols.pop(col) if col is not None else [str(i) for i in range(len(body))]
    return cases, cols


def _json_fast(args) -> dict:
    """The JSON body from the CSV without pandas (same core as :func:`fsqca.nca`)."""
    import numpy as np

    from .core import analyse, check_options, check_values, notes, resolve_columns

    cases, cols = read_columns(args.data, args.case_col)
    conditions = resolve_columns(cols, args.outcome, _list(args.conditions))
    ceilings = check_options(_list(args.ceilings), args.test_rep, args.bottleneck_x, args.bottleneck_y, args.seed)
    steps = _steps(args.steps)

    def column(name, role):
        values = [_number(v) for v in cols[name]]
        for case, text, v in zip(cases, cols[name], values):
            if v is None:
                raise QCAInputError(f"{role} {name!r} is not numeric: value {text!r} in case {case!r}")
        return check_values(np.array(values, dtype=float), role, name, cases)

    y = column(args.outcome, "outcome")
    xs = [column(c, "condition") for c in conditions]
    body, _ = analyse(y, xs, conditions, cases, outcome=args.outcome, ceilings=ceilings,
                      test_rep=args.test_rep, seed=args.seed, steps=steps,
                      bottleneck_x=args.bottleneck_x, bottleneck_y=args.bottleneck_y, exact=args.exact)
    body["notes"] = notes(body)
    return body


def cmd_nca(args) -> dict | str:
    if args.json and not args.plot:
        from libdigigov.io import clean_json
        return clean_json(_json_fast(args))
    from ..arguments import read_data
    from .analysis import nca

    df = read_data(args.data, args.case_col)
    res = nca(df, args.outcome, _list(args.conditions), ceilings=_list(args.ceilings), test_rep=args.test_rep,
              seed=args.seed, steps=_steps(args.steps), bottleneck_x=args.bottleneck_x,
              bottleneck_y=args.bottleneck_y, exact=args.exact)
    if args.plot:
        res.plot(path=args.plot)
    return res.to_dict() if args.json else res.summary()


def add_parser(sub) -> None:
    """Register ``nca`` on the ``fsqca`` command's subparsers."""
    p = sub.add_parser("nca", help="Necessary Condition Analysis (ceilings, effect sizes, bottlenecks; R's NCA)")
    p.add_argument("data", help="CSV file, one row per case; any numeric values (not only memberships)")
    p.add_argument("--outcome", required=True, help="outcome column")
    p.add_argument("--conditions", help="comma-separated conditions (default: all other columns)")
    p.add_argument("--case-col", help="column of case ids (default: 'case' or the first text column)")
    p.add_argument("--ceilings", default="ce_fdh,cr_fdh",
                   help="comma-separated: ce_fdh, cr_fdh, ce_vrs, cr_vrs (default: ce_fdh,cr_fdh)")
    p.add_argument("--steps", default="10",
                   help="bottleneck rows: a number of steps, or comma-separated outcome levels (default 10)")
    kinds = ["percentage.range", "percentage.max", "actual", "percentile"]
    p.add_argument("--bottleneck-x", default="percentage.range", choices=kinds, help="how x levels are shown")
    p.add_argument("--bottleneck-y", default="percentage.range", choices=kinds, help="how y levels are chosen")
    p.add_argument("--test-rep", type=int, default=0, help="permutations for the test (default 0: no test)")
    p.add_argument("--seed", type=int, default=None,
                   help="seed of the permutation test (default: the package's default seed, named in the notes)")
    p.add_argument("--exact", action="store_true",
                   help="compare values exactly in the peer search (default: R's tolerance, one part in a million)")
    p.add_argument("--plot", help="also draw the ceiling plots to this file (.png or .svg)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_nca)

    p = sub.add_parser("nca-outliers", help="cases whose removal changes an NCA effect size (R's nca_outliers)")
    p.add_argument("data", help="CSV file, one row per case; any numeric values")
    p.add_argument("--outcome", required=True, help="outcome column")
    p.add_argument("--conditions", required=True, help="the one condition analysed")
    p.add_argument("--case-col", help="column of case ids (default: 'case' or the first text column)")
    p.add_argument("--ceiling", default="ce_fdh", help="ce_fdh, cr_fdh, ce_vrs or cr_vrs (default ce_fdh)")
    p.add_argument("--k", type=int, default=1, help="1: single cases; 2: also pairs (default 1)")
    p.add_argument("--min-dif", type=float, default=0.01,
                   help="smallest change of the effect size, in percent, that makes an outlier (default 0.01)")
    p.add_argument("--max-results", type=int, default=25, help="most outliers listed (default 25)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_nca_outliers)


def cmd_nca_outliers(args) -> dict | str:
    """``fsqca nca-outliers``: R's ``nca_outliers`` for one condition."""
    from ..arguments import read_data
    from .outliers import nca_outliers

    conditions = _list(args.conditions) or []
    if len(conditions) != 1:
        raise QCAInputError(f"nca-outliers analyses one condition, got --conditions {args.conditions!r}")
    res = nca_outliers(read_data(args.data, args.case_col), args.outcome, conditions[0], ceiling=args.ceiling,
                       k=args.k, min_dif=args.min_dif, max_results=args.max_results)
    return res.to_dict() if args.json else res.summary()
