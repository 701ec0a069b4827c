"""Reading the user's table for the workbench: one clear message for every fault.

The table is kept exactly as :func:`libdigigov.io.read_table` reads the copy a saved study
carries (:func:`as_read_back`), so that ``digigov run`` on the saved study starts from the same
numbers as the page.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd

from libdigigov.io import read_table

from .model import UserInputError, Workbench, province_index
from ..scaffold import CASE_HEADERS

__all__ = ["load_table", "case_column_candidates", "workbench_from_table", "province_index", "as_read_back",
           "CASE_HEADERS"]


def as_read_back(df: pd.DataFrame, case_column: str) -> pd.DataFrame:
    """The table exactly as ``read_table`` reads the copy that a saved study carries."""
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "data.csv"
        df.rename_axis(case_column).to_csv(p, encoding="utf-8")
        back = read_table(p, what="data copy")
    return back.set_index(case_column)




def case_column_candidates(df: pd.DataFrame) -> list[str]:
    """Columns that can name the cases: text columns with one distinct value per row, a column
    named like a case column first; the first column when no column has text."""
    numeric = df.apply(pd.to_numeric, errors="coerce")
    text = [c for c in df.columns if (numeric[c].isna() & df[c].notna()).any()]
    unique = [c for c in text if df[c].notna().all() and df[c].astype(str).str.strip().is_unique]
    named = [c for c in unique if str(c).strip().lower() in CASE_HEADERS]
    out = named + [c for c in unique if c not in named] + [c for c in text if c not in unique]
    return [str(c) for c in out] or [str(df.columns[0])]


def load_table(path: str | Path, *, name: str | None = None,
               case_column: str | None = None) -> tuple[pd.DataFrame, str, list[str]]:
    """Read the user's CSV: (numeric table by case, case column, the columns left out and why).

    The case column is ``case_column`` or else the first of :func:`case_column_candidates`
    (a column named like one, else the first text column with one name per row). Province names in any
    spelling are recognised and written the package's way (English); a name it does not know is
    an error naming the name, when most cases are provinces.
    """
    from libdigigov.io import InputFileError

    name = name or Path(path).name
    try:
        df = read_table(path, what=f"data file {name!r}", error=UserInputError)
    except InputFileError as exc:    # pragma: no cover - read_table raises ``error``
        raise UserInputError(str(exc)) from None
    if df.shape[1] < 3:
        raise UserInputError(f"{name!r}: a table needs a case column and at least two numeric columns "
                             f"(an outcome and a condition); it has {df.shape[1]} column(s)")
    if case_column is not None and case_column not in df.columns:
        raise UserInputError(f"{name!r}: no column {case_column!r}; columns are: {', '.join(map(str, df.columns))}")
    case_col = case_column if case_column is not None else case_column_candidates(df)[0]
    from libdigigov.safety import is_formula_like

    # the saved copy of the data must not carry spreadsheet formulas, and must read back unchanged
    for label, values in (("column name", list(df.columns)), (f"case in column {case_col!r}", list(df[case_col]))):
        bad = next((v for v in values if is_formula_like(v)), None)
        if bad is not None:
            raise UserInputError(f"{name!r}: {label} {bad!r} starts like a spreadsheet formula "
                                 "(=, +, -, @): rename it")
    df = df.set_index(case_col)
    if df.index.has_duplicates:
        dup = df.index[df.index.duplicated()].unique()
        raise UserInputError(f"{name!r}: case(s) listed twice in column {case_col!r}: {', '.join(map(str, dup))}")
    is_prov, names, unknown = province_index(df.index)
    if is_prov and unknown:
        raise UserInputError(f"{name!r}: {', '.join(map(repr, unknown))} in column {case_col!r} "
                             "is not a province name the package knows (use 浙江, 浙江省, Zhejiang or 330000)")
    if is_prov:
        twice = names[names.duplicated()].unique()
        if len(twice):
            raise UserInputError(f"{name!r}: province(s) listed twice in column {case_col!r} (in two spellings): "
                                 f"{', '.join(twice)}")
        df.index = names
    skipped = []
    for c in df.columns:
        col = pd.to_numeric(df[c], errors="coerce")
        bad = col.isna() & df[c].notna()
        if bad.any():
            case = df.index[bad.argmax()]
            skipped.append(f"column {c!r} has text ({df[c][bad].iloc[0]!r} for case {case!r}): left out")
        elif col.isna().any():
            case = df.index[col.isna().argmax()]
            skipped.append(f"column {c!r} has no value for case {case!r}: left out")
    keep = [c for c in df.columns if not any(s.startswith(f"column {c!r}") for s in skipped)]
    keep = [c for c in keep if pd.to_numeric(df[c]).nunique() > 1] or keep
    if len(keep) < 2:
        raise UserInputError(f"{name!r}: fewer than two numeric columns without gaps; "
                             + "; ".join(skipped))
    table = df[keep].apply(pd.to_numeric).astype(float)
    return as_read_back(table, str(case_col)), str(case_col), skipped


def workbench_from_table(table: pd.DataFrame, case_column: str, source: str, skipped=()) -> Workbench:
    """A new workbench on a data table: the last column the outcome, the others conditions (up to 8)."""
    cols = list(table.columns)
    provinces = _all_mainland(table.index)
    return Workbench(table, outcome=cols[-1], conditions=tuple(cols[:-1][:8]), case_column=case_column,
                     provinces=provinces, source=source, skipped=tuple(skipped))


def _all_mainland(index) -> bool:
    """Whether the cases are exactly the 31 mainland provinces (what ``provinces: true`` checks)."""
    from indicators import align_provinces

    try:
        align_provinces(pd.Series(0.0, index=index), expected="mainland")
    except (KeyError, ValueError):
        return False
    return True
