"""Writing a results folder atomically: all of it or nothing, never over the inputs.

The folder is written into a hidden temporary sibling and swapped into place at the end. A
run that is killed leaves only that hidden sibling, which the next run of the same output
removes. Every check on the output (a file in the way, an unwritable parent, a folder that is
not an earlier results folder, an input inside it) runs before the analysis starts:
:func:`check_output`.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from libdigigov.io import clean_json
from libdigigov.safety import check_output_path

from .errors import StudyError

__all__ = ["MARKER", "SCHEMA_VERSION", "dumps", "check_output", "write_folder", "is_results_folder",
           "protect_results_file", "check_output_file", "results_folder_of"]

MARKER = "digigov-study-results"
#: Version of the results.json layout (``digigov/schema/results.schema.json``).
SCHEMA_VERSION = 1
_TMP, _OLD = ".tmp-", ".old-"


def dumps(obj) -> str:
    return json.dumps(clean_json(obj), ensure_ascii=False, indent=1) + "\n"


def is_results_folder(folder: Path) -> bool:
    """True when ``folder`` was written by ``digigov run`` (its manifest carries our marker)."""
    manifest = Path(folder) / "manifest.json"
    try:
        return manifest.is_file() and MARKER in manifest.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def protect_results_file(path: Path, what: str = "output") -> None:
    """Refuse to write ``path`` when it is a file that a results folder depends on.

    ``results.json``, ``manifest.json`` and everything under ``tables/`` and ``figures/`` of a
    results folder are protected; the HTML pages (report, comparisons) may be rewritten.
    """
    path = Path(path).absolute()
    for parent in path.parents:
        if is_results_folder(parent):
            rel = path.relative_to(parent).parts
            if rel[0] in ("results.json", "manifest.json", "tables", "figures") or path.is_dir():
                raise StudyError(f"{what} {'/'.join(rel)!r} is part of the results folder {parent.name!r}; "
                                 "write it somewhere else (a results folder is never overwritten)")
            return


def _blocking_file(path: Path) -> Path | None:
    """The first existing non-folder on the way to ``path`` (itself included), if any."""
    for p in [*reversed(path.parents), path]:
        if p.exists() and not p.is_dir():
            return p
    return None


def check_output(out: str | Path, inputs=()) -> Path:
    """Check that ``out`` can become a results folder, before any analysis runs.

    Raises :class:`StudyError` when a file stands in the way, when ``out`` holds an input or is
    a folder that is neither empty nor an earlier results folder, or when its parent cannot be
    written.
    """
    out = Path(out).absolute()
    blocking = _blocking_file(out)
    if blocking is not None:
        where = "the output" if blocking == out else f"{blocking.name!r} (on the way to the output)"
        raise StudyError(f"cannot write the results folder {str(out)!r}: {where} is a file, not a folder")
    out = out.resolve()
    for p in inputs:
        if p is not None and Path(p).resolve().is_relative_to(out):
            raise StudyError(f"the output folder {out.name!r} contains the input {Path(p).name!r}; "
                             "choose another --out so that inputs are never overwritten")
    if out.exists():
        ok = not any(out.iterdir()) or is_results_folder(out)
        if not ok:
            raise StudyError(f"the output folder {out.name!r} exists and is not an earlier results folder; "
                             "choose an empty or new folder")
    parent = next(p for p in [out.parent, *out.parent.parents] if p.exists())
    if not os.access(parent, os.W_OK | os.X_OK):
        raise StudyError(f"cannot write the results folder {str(out)!r}: the folder {str(parent)!r} is not writable")
    return out


def results_folder_of(path: Path) -> Path | None:
    """The results folder that holds ``path`` (the nearest parent with our manifest), if any."""
    return next((p for p in Path(path).absolute().parents if is_results_folder(p)), None)


def check_output_file(path: str | Path, what: str = "output", inputs=(), *, owned=(), force: bool = False) -> Path:
    """Check that one output file (a report, a comparison, an export) may be written at ``path``:
    never an input, never a protected file of a results folder, and an existing file of a results
    folder only when it is one the command ``owned`` (e.g. ``report.html``) or with ``force``."""
    check_output_path(path, inputs=inputs, results_folder_of=results_folder_of, owned=owned, force=force,
                      what=what, error=StudyError)
    path = Path(path).absolute()
    blocking = _blocking_file(path.parent)
    if blocking is not None:
        raise StudyError(f"cannot write the {what} {str(path)!r}: {blocking.name!r} is a file, not a folder")
    if path.is_dir():
        raise StudyError(f"cannot write the {what} {str(path)!r}: it is a folder")
    for p in inputs:
        if p is not None and Path(p).absolute() == path:
            raise StudyError(f"the {what} would overwrite its input {path.name!r}; choose another file")
    protect_results_file(path, what)
    parent = next(p for p in [path.parent, *path.parent.parents] if p.exists())
    if not os.access(parent, os.W_OK | os.X_OK):
        raise StudyError(f"cannot write the {what} {str(path)!r}: the folder {str(parent)!r} is not writable")
    return path


def _remove_stale(out: Path) -> None:
    """Hidden siblings left by an earlier run of the same output that was killed."""
    if not out.parent.is_dir():
        return
    for p in out.parent.iterdir():
        if p.name.startswith(f".{out.name}{_TMP}") or p.name.startswith(f".{out.name}{_OLD}"):
            shutil.rmtree(p, ignore_errors=True)


def _umask_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o777 & ~mask


def write_folder(out: Path, fill: Callable[[Path], None], *, inputs: list[Path] = ()) -> Path:
    """Create ``out`` by letting ``fill`` write into a temporary sibling folder, then swap it in.

    An existing ``out`` is replaced only if it is an earlier results folder (it has a
    manifest with our marker); a folder holding any of ``inputs`` is refused.
    """
    out = check_output(out, inputs)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale(out)
        tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}{_TMP}"))
        os.chmod(tmp, _umask_mode())  # mkdtemp makes the folder private; results are ordinary files
    except OSError as exc:
        raise StudyError(f"cannot write the results folder {str(out)!r}: {exc.strerror or exc}") from None
    try:
        fill(tmp)
        if out.exists():
            old = out.with_name(f".{out.name}{_OLD}{os.getpid()}")
            os.replace(out, old)
            os.replace(tmp, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, out)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise StudyError(f"cannot write the results folder {str(out)!r}: {exc.strerror or exc}") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out
