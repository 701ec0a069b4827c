"""What every ``fsqca`` subcommand shares: the data file, the common arguments, number parsers.

The command layer (:mod:`fsqca.cli`, :mod:`fsqca.diagnostics.cli`, :mod:`fsqca.nca.cli`) builds
on this module; the engines never import it, so that a computation never depends on how a
command line spells its options.
"""
from __future__ import annotations

import argparse
import math
from pathlib import Path
from typing import TYPE_CHECKING

from ._errors import QCAInputError, suggest

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["read_data", "positive_int", "number_or_none", "common_arguments", "conditions_of",
           "truth_table_of"]


def number_or_none(x):
    """``x`` as a float, or None for None and NaN (JSON has no NaN)."""
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


def positive_int(name: str):
    """An argparse type: a whole number >= 1 (the message names the option)."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} must be a whole number >= 1, got {text!r}") from None
        if value < 1:
            raise argparse.ArgumentTypeError(f"{name} must be a whole number >= 1, got {value}")
        return value
    return parse


def common_arguments(p, cuts: bool = True, conditions: bool = True,
                     data_help: str = "CSV file of calibrated memberships, one row per case",
                     extended: bool = False) -> None:
    """The arguments of every subcommand on a membership file: ``data``, ``--outcome``,
    ``--conditions`` (unless ``conditions=False``), ``--case-col``, the truth table's cut-offs
    (unless ``cuts=False``), with ``extended`` the truth table's ``--multi-value`` and
    ``--inf-test``, and ``--json``."""
    p.add_argument("data", help=data_help)
    p.add_argument("--outcome", required=True, help="outcome column; ~Y for its negation")
    if conditions:
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


def conditions_of(args, df: pd.DataFrame) -> list[str]:
    """``--conditions``, or every column but the outcome."""
    from ._validate import split_outcome

    if args.conditions:
        return [c.strip() for c in args.conditions.split(",") if c.strip()]
    name, _ = split_outcome(args.outcome)
    return [c for c in df.columns if c != name]


def truth_table_of(args, df):
    """The truth table of the command's data, outcome, conditions and cut-offs."""
    from .truthtable import truth_table

    return truth_table(df, args.outcome, conditions_of(args, df), incl_cut=args.incl_cut,
                       pri_cut=args.pri_cut, n_cut=args.n_cut,
                       multi_value=getattr(args, "multi_value", None), inf_test=getattr(args, "inf_test", None))
