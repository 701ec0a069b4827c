"""Input and output for the whole project: atomic writes, JSON-safe values, one CSV reader and the
command-line conventions (one-line errors, exit status 2) shared by the three commands."""
from __future__ import annotations

import argparse
import io
import math
import os
import tempfile
from pathlib import Path


def write_atomic(path: str | os.PathLike, data: bytes | str) -> Path:
    """Write ``data`` (text as UTF-8 with ``\\n`` line ends) to a temporary file beside ``path``
    and rename it into place. The file is readable by everyone, as ordinary files are."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes the file private
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def save_figure_atomic(fig, path, **kwargs) -> Path:
    """Save a matplotlib figure atomically: drawn in memory, then written to a temporary file
    beside ``path`` and renamed, so that a full disk or a crash never leaves a partial image
    where a good one was. The format follows the suffix of ``path``."""
    buf = io.BytesIO()
    kwargs.setdefault("format", Path(path).suffix.lower().lstrip(".") or "png")
    fig.savefig(buf, **kwargs)
    return write_atomic(path, buf.getvalue())


def write_text_atomic(path: str | os.PathLike, text: str) -> Path:
    """:func:`write_atomic` for text."""
    return write_atomic(path, text)


def clean_json(obj):
    """JSON-safe copy: NaN and infinities become None, numpy scalars become Python numbers."""
    if isinstance(obj, dict):
        return {str(k): clean_json(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [clean_json(v) for v in obj]
    if hasattr(obj, "item") and not isinstance(obj, (str, bytes)):
        try:
            obj = obj.item()
        except (ValueError, AttributeError):
            pass
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    return obj


class InputFileError(ValueError):
    """A data file that cannot be read as a table (the message names the file and the fault)."""


def _decode(raw: bytes, name: str, error) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise error(f"{name!r} is neither UTF-8 nor GBK text: save it as UTF-8 CSV")


def read_table(path, *, what: str = "data file", error=InputFileError, comment: str | None = None):
    """Read a CSV file into a :class:`pandas.DataFrame`, with one clear error for every fault.

    The file may be UTF-8 (with or without a byte-order mark) or GBK/GB18030 (as Excel saves
    CSV on a Chinese Windows machine), separated by commas, semicolons or tabs. Refused, with
    ``error`` (a ``ValueError`` subclass) naming the file: a missing file, a folder, an empty
    file, a header without rows, a duplicate or empty column name. An empty *first* header cell
    (R's ``write.csv`` writes one above the row names) names the case column ``"case"``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "d.csv"
    >>> _ = p.write_text("case;A;A\\nx;1;2\\n", encoding="utf-8")
    >>> read_table(p)
    Traceback (most recent call last):
    ...
    libdigigov.io.InputFileError: 'd.csv': column 'A' appears twice in the header
    >>> _ = p.write_text('"","A","Y"\\n"x",0.8,0.9\\n', encoding="utf-8")
    >>> read_table(p).columns.tolist()
    ['case', 'A', 'Y']
    """
    import csv
    import io

    import pandas as pd

    from .safety import check_regular_file

    p = Path(path)
    name = p.name or str(path)
    if p.is_dir():
        raise error(f"{what} {str(path)!r} is a folder, not a CSV file")
    check_regular_file(p, what=what, error=error)   # not /dev/zero, a pipe or a socket
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise error(f"cannot read {what} {str(path)!r}: {exc.strerror or exc}") from None
    text = _decode(raw, name, error)
    lines = [ln for ln in text.splitlines() if ln.strip() and not (comment and ln.lstrip().startswith(comment))]
    if not lines:
        raise error(f"{name!r} is empty: a CSV file needs a header row and at least one row of data")
    try:
        sep = csv.Sniffer().sniff(lines[0], delimiters=",;\t").delimiter
    except csv.Error:
        sep = ","
    header = next(csv.reader([lines[0]], delimiter=sep))
    header = [h.strip() for h in header]
    # R's write.csv(row.names = TRUE) leaves the first header cell empty above the row names: that
    # column is the case column, named "case" here (unless the file already has one)
    row_names = len(header) > 1 and header[0] == "" and "case" not in header
    if row_names:
        header[0] = "case"
    if any(h == "" for h in header):
        raise error(f"{name!r}: column {header.index('') + 1} of the header has no name")
    seen = set()
    for h in header:
        if h in seen:
            raise error(f"{name!r}: column {h!r} appears twice in the header")
        seen.add(h)
    if len(lines) < 2:
        raise error(f"{name!r} has a header but no rows of data")
    try:
        df = pd.read_csv(io.StringIO(text), sep=sep, comment=comment, skipinitialspace=True)
    except Exception as exc:  # pandas raises several types for malformed CSV
        raise error(f"cannot read {name!r} as CSV: {str(exc).splitlines()[0]}") from None
    df.columns = [str(c).strip() for c in df.columns]
    if row_names:
        df = df.rename(columns={df.columns[0]: "case"})
    if df.empty:
        raise error(f"{name!r} has a header but no rows of data")
    return df


def run_command(prog: str, func, args, expected: tuple[type[BaseException], ...]) -> tuple[int, object]:
    """Run a command's function; every error becomes one line on stderr, never a traceback.

    ``expected`` errors (bad input) are printed as ``prog: error: message`` with exit status 2.
    Anything else is a bug of ours: it is reported in one line too, naming the error type, with
    exit status 2; set the environment variable ``DIGIGOV_DEBUG=1`` to see the traceback.
    Warnings raised while it runs are printed as ``prog: warning: message``.
    Returns ``(status, result)``.
    """
    import sys
    import warnings

    from .safety import one_line as clip

    def one_line(message, category, filename, lineno, file=None, line=None):
        # a warning is for the user, not about our source file: "prog: warning: message"
        print(f"{prog}: warning: {clip(message)}", file=sys.stderr if file is None else file)

    try:
        with warnings.catch_warnings():
            if not os.environ.get("DIGIGOV_DEBUG"):
                warnings.showwarning = one_line
            return 0, func(args)
    except expected as exc:
        print(f"{prog}: error: {clip(exc)}", file=sys.stderr)
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        return 130, None
    except OSError as exc:
        where = f" {exc.filename!r}" if getattr(exc, "filename", None) else ""
        print(clip(f"{prog}: error: cannot use{where}: {exc.strerror or exc}"), file=sys.stderr)
    except Exception as exc:  # noqa: BLE001 - the last line of defence for a command-line user
        if os.environ.get("DIGIGOV_DEBUG"):
            raise
        print(f"{prog}: error: unexpected {type(exc).__name__}: {clip(exc, 200)} (this is a bug: please report it "
              "with the command you ran; DIGIGOV_DEBUG=1 shows the traceback)", file=sys.stderr)
    return 2, None


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, ``prog: error: message`` (exit status 2),
    without the usage block, like every other error of the commands; ``--help`` is unchanged."""

    def error(self, message):
        from .safety import one_line

        root = self.prog.split()[0]
        self.exit(2, f"{root}: error: {one_line(message)} (see {self.prog} --help)\n")


def parse_args(parser, argv):
    """``parser.parse_args(argv)``, returning ``(args, None)`` or ``(None, exit status)``."""
    try:
        return parser.parse_args(argv), None
    except SystemExit as exc:  # --help (0) or a usage error (2, already printed in one line)
        return None, (exc.code if isinstance(exc.code, int) else 2)
