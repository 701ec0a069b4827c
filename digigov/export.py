"""Export a results folder to Word (three-line tables) or Excel (one sheet per table).

``digigov export RESULTS --format docx|xlsx [--out FILE] [--language zh|en] [--force]`` and, from
Python, :func:`export_docx` and :func:`export_xlsx`.  Both read the folder that ``digigov run``
wrote (``results.json`` through :func:`digigov.view.read_results`, and ``tables/*.csv``);
nothing is computed again.  The Word document holds every method's publication tables
(:meth:`digigov.methods.Method.tables`), the workbook every CSV with what each method says it
holds (:meth:`digigov.methods.Method.sheet_caption`): both loop over the registry.

Checks, each a one-line :class:`ExportError` before anything is written: the folder must be a
results folder of the schema version this package reads (:data:`SCHEMA_VERSION`); the format
must be ``docx`` or ``xlsx``; an existing output file is replaced only with ``force``; a file of
the results folder itself (anything in ``tables/`` or ``figures/``; ``results.json`` and the
other files cannot be named, having another suffix) is never written over.  The output is
written atomically and is byte-identical for the same results (fixed document dates and zip
timestamps).
"""
from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from libdigigov.io import write_atomic
from libdigigov.safety import confined_path, neutralise_cell

from .methods import REGISTRY
from .report import banner_text
from .tables import Table, to_frame
from .tables.excel import print_setup, sheet_name, write_sheet
from .tables.word import BODY_PT, add_table, add_text, setup_document
from .templates import LANGUAGES, study_title
from .templates.strings import t
from .view import ResultsFolderError, ResultsView, read_results

__all__ = ["SCHEMA_VERSION", "FORMATS", "ExportError", "export", "export_docx", "export_xlsx",
           "publication_tables", "start_document", "docx_bytes", "xlsx_bytes", "read_tables", "add_parser"]

#: The version of ``results.json`` (key ``schema_version``) that this package reads.
from .output import SCHEMA_VERSION  # noqa: E402  (re-exported)
FORMATS = ("docx", "xlsx")
#: Default output file inside the results folder.
DEFAULT_NAME = "tables"
_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_FIXED_W3CDTF = "2000-01-01T00:00:00Z"
#: Sub-folders of a results folder that an export never writes into.
_PROTECTED_DIRS = ("tables", "figures")


class ExportError(ResultsFolderError):
    """A results folder cannot be exported as asked; the message says what to change."""


def _data_note(study: Mapping, lang: str) -> str:
    """The synthetic-data note of a table or sheet: the bundled example's words, or the user's note."""
    if study.get("example"):
        return t(lang, "synthetic_table_note")
    note = study.get("data_note", "")
    return t(lang, "synthetic_table_note_own") + (f" {note}" if note else "")


def publication_tables(results: Mapping, lang: str) -> list[Table]:
    """Every method's publication tables of ``results`` in ``lang``, numbered in order.

    Examples
    --------
    >>> res = {"study": {"outcome": "Y", "conditions": ["A"], "synthetic": False},
    ...        "necessity": [{"outcome": "Y", "condition": "A", "inclN": 0.95, "RoN": 0.6, "covN": 0.7}]}
    >>> [(x.key, x.caption) for x in publication_tables(res, "en")]
    [('necessity', 'Table 1. Necessity of single conditions')]
    """
    view = ResultsView.of(results)
    out = []
    study = view.study
    extra = [_data_note(study, lang)] if study.get("synthetic") else []
    tables = [x for m in REGISTRY for x in m.tables(view, lang) if x.publish]
    for table in sorted(tables, key=lambda x: x.order):
        sep = "  " if lang == "zh" else ". "
        out.append(table.with_caption(f"{t(lang, 'table', n=len(out) + 1)}{sep}{table.caption}",
                                      list(table.notes) + extra))
    return out


def start_document(title: str, study: Mapping, lang: str, subtitle: str = ""):
    """A new A4 Word document with ``title`` centred, ``subtitle`` below it and, for synthetic
    data, the banner's warning (bold, red) and note: the head of every Word file of a study."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import RGBColor

    doc = docx.Document()
    setup_document(doc, lang)
    doc.core_properties.title = title
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_text(head, title, 14, bold=True)
    if subtitle:
        add_text(doc.add_paragraph(), subtitle, BODY_PT)
    if study.get("synthetic"):
        warning, note = banner_text(study, lang)
        warn = doc.add_paragraph()
        add_text(warn, warning, BODY_PT, bold=True)
        for run in warn.runs:
            run.font.color.rgb = RGBColor(0xB3, 0x26, 0x1E)
        if note:
            add_text(doc.add_paragraph(), note, BODY_PT)
    return doc


def docx_bytes(results: Mapping, lang: str) -> bytes:
    """The Word document of ``results`` (a loaded ``results.json``) in ``lang``.

    Examples
    --------
    >>> import docx, io
    >>> res = {"study": {"title": "Demo", "outcome": "Y", "conditions": ["A"], "synthetic": False},
    ...        "necessity": [{"outcome": "Y", "condition": "A", "inclN": 0.95, "RoN": 0.6, "covN": 0.7}]}
    >>> doc = docx.Document(io.BytesIO(docx_bytes(res, "en")))
    >>> [c.text for c in doc.tables[0].rows[2].cells]
    ['A', '0.950', '0.600', '0.700']
    """
    study = results.get("study", {})
    doc = start_document(study_title(study, lang) or t(lang, "report_title"), study, lang)
    for table in publication_tables(results, lang):
        add_table(doc, table)
    if not doc.tables:
        doc.add_paragraph(t(lang, "note") + t(lang, "none_listed"))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def read_tables(results_dir: Path, results: Mapping) -> list[tuple[str, pd.DataFrame]]:
    """``(file, frame)`` for every CSV of the results folder, in ``results["files"]`` order."""
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
        # low_memory=False: one type per column from the whole file (read in chunks, a long column
        # of empty and boolean cells got mixed types and a warning)
        out.append((rel, pd.read_csv(path, encoding="utf-8-sig", low_memory=False)))
    return out


def _caption(stem: str, lang: str) -> str:
    return next((c for m in REGISTRY if (c := m.sheet_caption(stem, lang))), stem)


def _case_columns(view: ResultsView, frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Case names in ``lang``: a cell that is a case name, or a list of them ("Beijing, Hubei")."""
    if lang != "zh":
        return frame
    cases = set(view.get("memberships") or {}) | set(view.get("raw") or {})
    if (view.get("panel") or {}).get("units"):
        cases |= set(view["panel"]["units"])

    def name(value):
        if not isinstance(value, str):
            return value
        if value in cases:
            return view.case(value, lang)
        parts = [p.strip() for p in value.split(",")]
        return "、".join(view.case(p, lang) for p in parts) if len(parts) > 1 and set(parts) <= cases else value

    out = frame.copy()
    for col in out.columns:
        if not pd.api.types.is_numeric_dtype(out[col]):
            out[col] = [name(v) for v in out[col]]
    return out


def xlsx_bytes(results: Mapping, results_dir, lang: str) -> bytes:
    """The workbook of a results folder: contents sheet, then one sheet per CSV (named in ``lang``).

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

    view = ResultsView.of(results)
    results_dir = Path(results_dir)
    tables = read_tables(results_dir, results)
    study = view.study
    warning = _data_note(study, lang) if study.get("synthetic") else None
    book = Workbook()
    contents = book.active
    taken: set[str] = set()
    contents.title = sheet_name(t(lang, "contents"), taken)
    contents.append([neutralise_cell(study_title(study, lang) or t(lang, "report_title"))])
    contents["A1"].font = Font(bold=True, size=14)
    if warning:
        banner, note = banner_text(study, lang)
        for line in (banner, note):
            if line:
                contents.append([neutralise_cell(line)])
                contents.cell(contents.max_row, 1).font = Font(bold=True, color="B3261E")
    for line in (x for m in REGISTRY for x in m.warnings(view, lang)):   # e.g. a skewed calibration
        contents.append([neutralise_cell(line)])
        contents.cell(contents.max_row, 1).font = Font(bold=True, color="9C5700")
    contents.append([t(lang, "xlsx_note")])
    contents.append([])
    contents.append([t(lang, "sheet"), t(lang, "content"), t(lang, "file")])
    for cell in contents[contents.max_row]:
        cell.font = Font(bold=True)
    for rel, frame in tables:
        stem = Path(rel).stem
        caption = _caption(stem, lang)
        # Chinese sheets are named by what they hold; English ones keep the file's name
        ws = book.create_sheet(sheet_name(caption if lang == "zh" and caption != stem else stem, taken))
        shown = next((x for m in REGISTRY if (x := m.sheet_table(stem, view, lang)) is not None), None)
        write_sheet(ws, to_frame(shown) if shown is not None else _case_columns(view, frame, lang), stem, warning)
        contents.append([neutralise_cell(ws.title), neutralise_cell(caption), neutralise_cell(rel)])
        link = contents.cell(contents.max_row, 1)
        link.hyperlink = f"#'{ws.title}'!A1"
        link.font = Font(color="1F4E79", underline="single")
    for col, width in zip("ABC", (28, 48, 34)):
        contents.column_dimensions[col].width = width
    print_setup(contents, warning)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _target(results_dir: Path, path, fmt: str, force: bool) -> Path:
    """The output path, checked: suffix, existing file, files of the results folder."""
    target = Path(path) if path is not None else results_dir / f"{DEFAULT_NAME}.{fmt}"
    if target.suffix.lower() != f".{fmt}":
        raise ExportError(f"output file {str(target)!r} does not end in .{fmt} (the format asked for)")
    # results.json, manifest.json and report.html cannot be hit: the suffix is .docx or .xlsx
    resolved, folder = target.resolve(), results_dir.resolve()
    if any(resolved.is_relative_to(folder / d) for d in _PROTECTED_DIRS):
        raise ExportError(f"output file {str(target)!r} is part of the results folder; choose another --out")
    if target.is_dir():
        raise ExportError(f"output file {str(target)!r} is a folder")
    if target.exists() and not force:
        raise ExportError(f"output file {str(target)!r} exists: use --force (force=True) to replace it")
    return target


def deterministic_zip(data: bytes) -> bytes:
    """The same Office zip with fixed entry timestamps and fixed document dates."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
                              rb"\g<1>" + _FIXED_W3CDTF.encode() + rb"\g<2>", body)
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, body)
    return buf.getvalue()


def export(results_dir, path=None, format: str | None = None, *, lang: str | None = None,
           force: bool = False) -> Path:
    """Export a results folder to ``path`` as ``format`` (``"docx"`` or ``"xlsx"``; by default
    from the suffix of ``path``).  Returns the path written."""
    if format is None:
        format = Path(path).suffix.lower().lstrip(".") if path is not None else ""
        if not format:
            raise ExportError("give a format: docx or xlsx")
    if format not in FORMATS:
        raise ExportError(f"unknown format {format!r}: choose docx or xlsx")
    results_dir = Path(results_dir)
    results = read_results(results_dir, error=ExportError)
    lang = results.language(lang, error=ExportError)
    target = _target(results_dir, path, format, force)
    data = docx_bytes(results, lang) if format == "docx" else xlsx_bytes(results, results_dir, lang)
    write_atomic(target, deterministic_zip(data))
    return target


def export_docx(results_dir, path=None, *, lang: str | None = None, force: bool = False) -> Path:
    """Write the publication tables of a results folder as a Word document.

    The configuration table (Fiss notation), the necessity table, the truth table, the
    geodetector's factor, interaction and strategy tables and the NCA tables (when the results
    hold them), each a three-line table with caption and notes in the report language.

    Parameters
    ----------
    results_dir : path
        Folder written by ``digigov run``.
    path : path, optional
        The ``.docx`` file; default ``results_dir/tables.docx``.
    lang : {"zh", "en"}, optional
        Default: the study's language.
    force : bool
        Replace an existing file (never a file of the results folder).

    Examples
    --------
    >>> export_docx("no/such/folder")
    Traceback (most recent call last):
    ...
    digigov.export.ExportError: no/such/folder is not a folder: give the results folder written by `digigov run`
    """
    return export(results_dir, path, "docx", lang=lang, force=force)


def export_xlsx(results_dir, path=None, *, lang: str | None = None, force: bool = False) -> Path:
    """Write every table of a results folder (``tables/*.csv``) as an Excel workbook.

    One sheet per CSV with the same header and values (numbers as numbers, frozen header row,
    3 decimals shown for fit parameters), after a contents sheet in the report language.
    Parameters as :func:`export_docx` (default file ``results_dir/tables.xlsx``).

    Examples
    --------
    >>> export_xlsx("no/such/folder")
    Traceback (most recent call last):
    ...
    digigov.export.ExportError: no/such/folder is not a folder: give the results folder written by `digigov run`
    """
    return export(results_dir, path, "xlsx", lang=lang, force=force)


def _run(args) -> int:
    if args.language is not None and args.language not in LANGUAGES:
        raise ExportError(f"unknown --language {args.language!r}: choose one of {', '.join(LANGUAGES)}")
    path = export(args.results, args.out, args.format, lang=args.language, force=args.force)
    print(f"Exported to {path}")
    return 0


def add_parser(sub) -> None:
    """Register ``digigov export`` on the ``digigov`` command's subparsers."""
    p = sub.add_parser("export", help="export a results folder to Word (three-line tables) or Excel")
    p.add_argument("results", help="results folder written by `digigov run`")
    p.add_argument("--format", help="docx or xlsx (default: from the suffix of --out)")
    p.add_argument("--out", help="output file (default: RESULTS/tables.docx or RESULTS/tables.xlsx)")
    p.add_argument("--language", help="zh or en (default: the study's language)")
    p.add_argument("--force", action="store_true", help="replace an existing output file")
    p.set_defaults(func=_run)
