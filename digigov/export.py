"""Export a results folder to Word (three-line tables) or Excel (one sheet per table).

``digigov export RESULTS --format docx|xlsx [--out FILE] [--language zh|en] [--force]`` and, from
Python, :func:`export_docx` and :func:`export_xlsx`.  Both read the folder that ``digigov run``
wrote (``results.json`` and ``tables/*.csv``); nothing is computed again.

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
from pathlib import Path

from libdigigov.io import write_atomic
from libdigigov.safe_load import read_json

from .errors import StudyError
from .output import MARKER
from .schema import SchemaError, validate_results
from .templates import LANGUAGES

__all__ = ["SCHEMA_VERSION", "FORMATS", "ExportError", "export", "export_docx", "export_xlsx",
           "load_results_folder", "add_parser"]

#: The version of ``results.json`` (key ``schema_version``) that this package reads.
from .output import SCHEMA_VERSION  # noqa: E402  (re-exported)
FORMATS = ("docx", "xlsx")
#: Default output file inside the results folder.
DEFAULT_NAME = "tables"
_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_FIXED_W3CDTF = "2000-01-01T00:00:00Z"
#: Sub-folders of a results folder that an export never writes into.
_PROTECTED_DIRS = ("tables", "figures")


class ExportError(StudyError):
    """A results folder cannot be exported as asked; the message says what to change."""


def load_results_folder(results_dir) -> dict:
    """Read ``results_dir/results.json`` and check that it is a results folder of
    :data:`SCHEMA_VERSION`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> load_results_folder(folder)
    Traceback (most recent call last):
    ...
    digigov.export.ExportError: ... is not a results folder (no results.json): run ...
    >>> _ = (folder / "results.json").write_text('{"schema": "digigov-study-results/1"}')
    >>> load_results_folder(folder)
    Traceback (most recent call last):
    ...
    digigov.export.ExportError: ... has results schema version: none (older than 1); this version ...
    """
    folder = Path(results_dir)
    if not folder.is_dir():
        raise ExportError(f"{folder} is not a folder: give the results folder written by `digigov run`")
    path = folder / "results.json"
    if not path.is_file():
        raise ExportError(f"{folder} is not a results folder (no results.json): "
                          "run `digigov run STUDY.yaml --out DIR` first")
    results = read_json(path, what=str(path), error=ExportError)    # strict: no NaN/Infinity
    if not isinstance(results, dict) or not str(results.get("schema", "")).startswith(MARKER):
        raise ExportError(f"{folder} is not a results folder: results.json has no {MARKER!r} schema")
    version = results.get("schema_version")
    if version != SCHEMA_VERSION:
        found = "none (older than 1)" if version is None else repr(version)
        advice = ("upgrade digigov-qca" if isinstance(version, int) and version > SCHEMA_VERSION
                  else "run `digigov run` again to rewrite it")
        raise ExportError(f"{folder} has results schema version: {found}; this version of digigov-qca exports "
                          f"version {SCHEMA_VERSION}: {advice}")
    if not isinstance(results.get("study"), dict):
        raise ExportError(f"{path}: missing key 'study': not a complete results folder")
    try:    # the published schema, as `digigov report` checks it
        validate_results(results, where=str(path))
    except SchemaError as exc:
        raise ExportError(str(exc)) from None
    return results


def _language(results: dict, lang: str | None) -> str:
    lang = lang or results["study"].get("language") or "zh"
    if lang not in LANGUAGES:
        raise ExportError(f"unknown language {lang!r}: choose one of {', '.join(LANGUAGES)}")
    return lang


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
    results = load_results_folder(results_dir)
    lang = _language(results, lang)
    target = _target(results_dir, path, format, force)
    if format == "docx":
        from .export_word import docx_bytes

        data = docx_bytes(results, lang)
    else:
        from .export_excel import xlsx_bytes

        data = xlsx_bytes(results, results_dir, lang)
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
