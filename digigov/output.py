"""Writing a results folder atomically: all of it or nothing, never over the inputs."""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from libdigigov.io import clean_json

from .errors import StudyError

MARKER = "digigov-study-results"


def dumps(obj) -> str:
    return json.dumps(clean_json(obj), ensure_ascii=False, indent=1) + "\n"


def write_folder(out: Path, fill: Callable[[Path], None], *, inputs: list[Path] = ()) -> Path:
    """Create ``out`` by letting ``fill`` write into a temporary sibling folder, then swap it in.

    An existing ``out`` is replaced only if it is an earlier results folder (it has a
    manifest with our marker); a folder holding any of ``inputs`` is refused.
    """
    out = Path(out).resolve()
    for p in inputs:
        if p is not None and Path(p).resolve().is_relative_to(out):
            raise StudyError(f"the output folder {out.name!r} contains the input {Path(p).name!r}; "
                             "choose another --out so that inputs are never overwritten")
    if out.exists():
        manifest = out / "manifest.json"
        ok = out.is_dir() and (not any(out.iterdir()) or (
            manifest.exists() and MARKER in manifest.read_text(encoding="utf-8", errors="replace")))
        if not ok:
            raise StudyError(f"the output folder {out.name!r} exists and is not an earlier results folder; "
                             "choose an empty or new folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.tmp-"))
    try:
        fill(tmp)
        if out.exists():
            old = out.with_name(f".{out.name}.old-{os.getpid()}")
            os.replace(out, old)
            os.replace(tmp, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out
