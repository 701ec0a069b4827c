"""Excel (.xlsx) export: one sheet per table of the results folder, after a contents sheet.

Each CSV of ``tables/`` becomes a sheet with the same header row and values: numbers as
numbers (a number written as text in a mixed column, as in the fit rows of the Fiss table,
is stored as a number), ``True``/``False`` as Excel booleans, empty cells empty.  The header
row is bold, frozen and filtered; fit parameters show 3 decimals while the cells keep 16
significant digits (the precision openpyxl writes; Excel shows 15).  A contents sheet in the
report language lists the sheets with what they hold, and carries the synthetic-data warning
(also printed in the header of every sheet).
"""
from __future__ import annotations

import io
import math
import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from libdigigov.safety import confined_path, neutralise_cell

from .export_tables import label
from .templates import study_title, t

__all__ = ["xlsx_bytes", "sheet_name", "read_tables", "FIT_COLUMNS", "FIT_FORMAT"]

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


def read_tables(results_dir: Path, results: Mapping) -> list[tuple[str, pd.DataFrame]]:
    """``(file, frame)`` for every CSV of the results folder, in ``results["files"]`` order."""
    from .export import ExportError

    listed = [f for f in (results.get("files") or {}).get("tables", []) if f.endswith(".csv")]
    if not listed:
        listed = sorted(f"tables/{p.name}" for p in (results_dir / "tables").glob("*.csv"))
    if not listed:
        raise ExportError(f"{results_dir} has no tables/*.csv to export")
    out = []
    for rel in listed:
        # whatever results.json lists, only files inside the results folder are read
        path = confined_path(results_dir, rel, what="table listed in results.json", error=ExportError)
        if not path.is_file():
            raise ExportError(f"{results_dir}: {rel} is listed in results.json but missing")
        out.append((rel, pd.read_csv(path, encoding="utf-8-sig")))
    return out


def _caption(stem: str, lang: str) -> str:
    fixed = {"raw_conditions": label(lang, "sheet_raw_conditions"), "memberships": label(lang, "sheet_memberships"),
             "calibration": t(lang, "sec_calibration"), "necessity": t(lang, "sec_necessity"),
             "truth_table": t(lang, "sec_truth_table"), "configurations": t(lang, "sec_configurations"),
             "geodetector_factor": label(lang, "cap_factor"), "geodetector_interaction": label(lang, "cap_interaction"),
             "strategies": t(lang, "sec_strategies"), "robustness": t(lang, "rob_tests"),
             "robustness_configurations": t(lang, "rob_configurations")}
    if stem in fixed:
        return fixed[stem]
    for prefix in ("composites_", "competition_"):
        if stem.startswith(prefix):
            return label(lang, f"sheet_{prefix[:-1]}", name=stem[len(prefix):])
    if stem.startswith("solution_") and stem[9:] in ("complex", "parsimonious", "intermediate"):
        return label(lang, "sheet_solution", kind=t(lang, stem[9:]))
    return stem


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


def _write_sheet(ws, frame: pd.DataFrame, stem: str, warning: str | None) -> None:
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
    _print_setup(ws, warning)
    ws.print_title_rows = "1:1"             # the header row on every printed page


def _print_setup(ws, warning: str | None) -> None:
    """Printed landscape, one page wide; the synthetic-data warning in the page header."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    if warning:
        ws.oddHeader.center.text = warning


def xlsx_bytes(results: Mapping, results_dir, lang: str) -> bytes:
    """The workbook of a results folder: contents sheet, then one sheet per CSV.

    Examples
    --------
    >>> import tempfile, pathlib, openpyxl, io
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> (folder / "tables").mkdir()
    >>> _ = (folder / "tables" / "necessity.csv").write_text("condition,inclN\\nA,0.95\\n")
    >>> book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes({"study": {"title": "Demo"}}, folder, "en")))
    >>> book.sheetnames, book["necessity"]["B2"].value, book["necessity"]["B2"].number_format
    (['Contents', 'necessity'], 0.95, '0.000')
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    results_dir = Path(results_dir)
    tables = read_tables(results_dir, results)
    study = results.get("study", {})
    warning = label(lang, "synthetic") if study.get("synthetic") else None
    book = Workbook()
    contents = book.active
    taken: set[str] = set()
    contents.title = sheet_name(label(lang, "contents"), taken)
    contents.append([neutralise_cell(study_title(study, lang) or t(lang, "report_title"))])
    contents["A1"].font = Font(bold=True, size=14)
    if warning:
        contents.append([t(lang, "synthetic_banner")])
        contents.cell(contents.max_row, 1).font = Font(bold=True, color="B3261E")
    contents.append([label(lang, "xlsx_note")])
    contents.append([])
    contents.append([label(lang, "sheet"), label(lang, "content"), label(lang, "file")])
    for cell in contents[contents.max_row]:
        cell.font = Font(bold=True)
    for rel, frame in tables:
        stem = Path(rel).stem
        ws = book.create_sheet(sheet_name(stem, taken))
        _write_sheet(ws, frame, stem, warning)
        contents.append([neutralise_cell(ws.title), neutralise_cell(_caption(stem, lang)), neutralise_cell(rel)])
        link = contents.cell(contents.max_row, 1)
        link.hyperlink = f"#'{ws.title}'!A1"
        link.font = Font(color="1F4E79", underline="single")
    for col, width in zip("ABC", (28, 48, 34)):
        contents.column_dimensions[col].width = width
    _print_setup(contents, warning)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
