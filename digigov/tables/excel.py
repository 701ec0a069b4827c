"""The Excel renderer: one table of a results folder (a CSV of ``tables/``) as a worksheet.

The sheet has the same header row and values: numbers as numbers (a number written as text in
a mixed column, as in the fit rows of the Fiss table, is stored as a number), ``True``/``False``
as Excel booleans, empty cells empty.  The header row is bold, frozen and filtered; fit
parameters show 3 decimals while the cells keep 16 significant digits (the precision openpyxl
writes; Excel shows 15); printed landscape, one page wide, with the synthetic-data warning in
the page header.
"""
from __future__ import annotations

import math
import re

import pandas as pd

from libdigigov.safety import neutralise_cell

__all__ = ["write_sheet", "sheet_name", "print_setup", "FIT_COLUMNS", "FIT_FORMAT"]

#: Columns shown with 3 decimals (R's vocabulary and the geodetector's q).
FIT_COLUMNS = frozenset({"inclS", "PRI", "pri", "covS", "covU", "incl", "cov", "inclN", "RoN", "covN", "q",
                         "q1", "q2", "q12", "q_core", "q_max", "gain", "d_inclS", "d_covS", "p_value",
                         "share_above_half", "effect_size", "RF_cov", "RF_cons", "RF_SC_minTS", "RF_SC_maxTS",
                         "RCR_typ", "RCR_dev"})
#: Sheets whose every number is a membership or a fit parameter.
FIT_SHEETS = frozenset({"memberships", "configurations"})
FIT_FORMAT = "0.000"
_INVALID = re.compile(r"[\[\]:*?/\\]")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")


def sheet_name(stem: str, taken: set[str]) -> str:
    """A valid, unique Excel sheet name (≤ 31 characters, none of ``[]:*?/\\``, not
    starting or ending with an apostrophe; uniqueness ignores case); adds it to ``taken``.

    Examples
    --------
    >>> taken = set()
    >>> sheet_name("composites_a/b:c", taken), sheet_name("x" * 40, taken), sheet_name("X" * 40, taken)
    ('composites_a_b_c', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'XXXXXXXXXXXXXXXXXXXXXXXXXXXXX~2')
    """
    base = _INVALID.sub("_", stem).strip("'") or "sheet"
    name, i = base[:31], 1
    while name.lower() in taken:
        i += 1
        suffix = f"~{i}"
        name = base[:31 - len(suffix)] + suffix
    taken.add(name.lower())
    return name


def _cell_value(value):
    """A CSV value as an Excel cell value (numbers written as text become numbers)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, str) and _NUMBER.fullmatch(value.strip()):
        number = float(value)
        return int(number) if number.is_integer() and "." not in value and "e" not in value.lower() else number
    return neutralise_cell(value)    # text never becomes a formula (OWASP's CSV-injection rule)


def _width(value, fit: bool) -> float:
    """Characters the cell shows: 3 decimals for fit parameters, at most 11 for General."""
    if value is None:
        return 0
    if isinstance(value, float):
        return len(f"{value:.3f}") if fit else min(len(repr(value)), 11)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(value))


def write_sheet(ws, frame: pd.DataFrame, stem: str, warning: str | None) -> None:
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    header = ["" if str(c).startswith("Unnamed: ") else neutralise_cell(str(c)) for c in frame.columns]
    ws.append(header)
    bold, rule = Font(bold=True), Border(bottom=Side(style="thin"))
    for cell in ws[1]:
        cell.font, cell.border = bold, rule
    for row in frame.itertuples(index=False):
        ws.append([_cell_value(v) for v in row])
    for j, name in enumerate(header, start=1):
        fit = name in FIT_COLUMNS or stem in FIT_SHEETS
        width = _width(name, False)
        for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
            width = max(width, min(_width(cell.value, fit), 60))
            if isinstance(cell.value, bool):
                continue
            if isinstance(cell.value, float):
                cell.number_format = FIT_FORMAT if fit else "General"
            elif isinstance(cell.value, int):
                cell.number_format = "0"
        ws.column_dimensions[get_column_letter(j)].width = max(6.0, width + 2)
        if pd.api.types.is_numeric_dtype(frame.iloc[:, j - 1]):
            ws.cell(1, j).alignment = Alignment(horizontal="right")     # over its numbers
    ws.freeze_panes = "B2" if header and header[0] == "" else "A2"
    if ws.max_row > 1:
        ws.auto_filter.ref = ws.dimensions
    print_setup(ws, warning)
    ws.print_title_rows = "1:1"             # the header row on every printed page


def print_setup(ws, warning: str | None) -> None:
    """Printed landscape, one page wide; the synthetic-data warning in the page header."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    if warning:
        ws.oddHeader.center.text = warning
