"""Build the notebooks (``*.ipynb``) from their sources in ``notebooks/src/``.

Each source is a plain Python file in the "percent" format: a line ``# %%`` starts a code
cell, ``# %% [markdown]`` a Markdown cell whose lines are comments (``# `` is stripped).
Keeping the sources as .py files makes reviews and diffs readable; the .ipynb files are what
users open, and they are committed *with* their outputs, so that they can be read without
running them (the test suite runs them again and fails when what they show is out of date).

Usage::

    python notebooks/build.py --execute  # rebuild every notebook from its source and run it
    python notebooks/build.py            # rebuild without running (outputs dropped)
    python notebooks/build.py --check    # exit 1 if a notebook's cells differ from its source
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "src"
KERNEL = {"display_name": "Python 3", "language": "python", "name": "python3"}


def parse(text: str) -> list[tuple[str, str]]:
    """Cells of a percent-format source as ``(kind, source)`` pairs."""
    cells: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        if line.startswith("# %%"):
            kind = "markdown" if "[markdown]" in line else "code"
            cells.append((kind, []))
            continue
        if not cells:
            if line.strip():
                raise ValueError(f"text before the first cell marker: {line!r}")
            continue
        kind, lines = cells[-1]
        if kind == "markdown":
            if line and not line.startswith("#"):
                raise ValueError(f"markdown line without '#': {line!r}")
            line = line[2:] if line.startswith("# ") else line[1:]
        lines.append(line)
    return [(kind, "\n".join(lines).strip("\n")) for kind, lines in cells]


def build(source: Path) -> nbformat.NotebookNode:
    """The notebook of one source file, without outputs and with stable cell ids."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = dict(KERNEL)
    nb.metadata["language_info"] = {"name": "python"}
    for i, (kind, text) in enumerate(parse(source.read_text(encoding="utf-8")), start=1):
        make = nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell
        cell = make(text)
        cell["id"] = f"{source.stem[:2]}-{i:03d}"  # stable ids keep diffs small
        nb.cells.append(cell)
    nbformat.validate(nb)
    return nb


def render(source: Path) -> str:
    return nbformat.writes(build(source)) + "\n"


def strip_outputs(text: str) -> str:
    """A committed notebook's text with its outputs removed: what :func:`render` writes."""
    nb = nbformat.reads(text, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata = {}
    return nbformat.writes(nb) + "\n"


def execute(source: Path, timeout: int = 600) -> str:
    """The notebook of ``source`` run top to bottom in an empty folder, with its outputs."""
    import nbclient

    nb = build(source)
    with tempfile.TemporaryDirectory(prefix="notebook-") as folder:
        nbclient.NotebookClient(nb, timeout=timeout, kernel_name=KERNEL["name"], record_timing=False,
                                resources={"metadata": {"path": folder}}).execute()
    nb.metadata = {"kernelspec": dict(KERNEL), "language_info": {"name": "python"}}
    return nbformat.writes(nb) + "\n"


def targets() -> list[tuple[Path, Path]]:
    return [(src, HERE / f"{src.stem}.ipynb") for src in sorted(SOURCES.glob("[0-9]*.py"))]


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)        # mkstemp's 0600 would make the notebook private to its writer
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report notebooks out of date")
    parser.add_argument("--execute", action="store_true", help="run each notebook and keep its outputs")
    parser.add_argument("names", nargs="*", help="only these notebooks (e.g. 02_learning_fsqca)")
    args = parser.parse_args(argv)
    stale = []
    for src, target in targets():
        if args.names and src.stem not in args.names:
            continue
        text = render(src)
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current is not None and strip_outputs(current) == text and not args.execute:
            continue
        stale.append(target.name)
        if not args.check:
            _write_atomic(target, execute(src) if args.execute else text)
            print(f"wrote {target.name}")
    if args.check and stale:
        print("out of date (run python notebooks/build.py): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
