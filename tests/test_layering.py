"""The layering rule, checked by walking every import of the project's packages.

libdigigov (bottom) <- fsqca, geodetector, spatial (engines, independent) <- indicators <- digigov (top).
A package may import only the packages below it, and never a private name (a module or an
object whose name starts with ``_``) of another package.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ALLOWED = {
    "libdigigov": set(),
    "fsqca": {"libdigigov"},
    "geodetector": {"libdigigov"},
    "spatial": {"libdigigov"},
    "indicators": {"libdigigov", "fsqca", "geodetector", "spatial"},
    "digigov": {"libdigigov", "fsqca", "geodetector", "spatial", "indicators"},
}


def _imports(path: Path, package: str):
    """(line, imported module, imported names) for every import in a file, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, []
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = parts[: len(parts) - node.level + (1 if path.name == "__init__.py" else 0)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            yield node.lineno, module, [a.name for a in node.names]


def _violations():
    found = []
    for package, allowed in ALLOWED.items():
        for path in sorted((ROOT / package).rglob("*.py")):
            for line, module, names in _imports(path, package):
                top = module.split(".")[0]
                if top not in ALLOWED or top == package:
                    continue
                where = f"{path.relative_to(ROOT)}:{line}"
                if top not in allowed:
                    found.append(f"{where}: {package} imports {module} (a layer above or beside it)")
                private = [p for p in module.split(".")[1:] if p.startswith("_") and not p.startswith("__")]
                private += [n for n in names if n.startswith("_")]
                if private:
                    found.append(f"{where}: private name(s) {private} of {top} used in {package}")
    return found


def test_no_upward_imports_and_no_private_names_across_packages():
    assert _violations() == []


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_every_package_imports_cleanly_on_its_own(package):
    # a fresh interpreter: importing a package must not drag in a layer above it
    import subprocess
    import sys

    above = [p for p in ALLOWED if p != package and p not in ALLOWED[package]]
    code = (f"import sys, {package}; bad = [m for m in {above!r} if m in sys.modules]; "
            "print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == ""
