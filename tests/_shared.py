"""Locate the reference cases: the full folder beside the repository when present, else the copies
of the public cases carried in ``tests/data`` (so that a clone tests itself)."""
from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DATA = Path(__file__).resolve().parent / "data"

#: where each suite's public cases are copied in tests/data
LOCAL = {
    "fsqca-conformance/cases": "fsqca-cases",
    "fsqca-conformance/calibration.json": "fsqca-calibration.json",
    "geodetector-conformance/cases": "geodetector-cases",
    "geodetector-conformance/discretization": "geodetector-discretization",
    "geodetector-conformance/opgd": "geodetector-opgd",
    "fsqca-diagnostics-conformance/cases": "diagnostics-cases",
    "fsqca-mv-conformance/cases": "mv-cases",
    "fsqca-conjdir-conformance/cases": "conjdir-cases",
    "fsqca-inftest-conformance/cases": "inftest-cases",
}


def reference(path: str) -> Path:
    """``../shared/<path>`` when present, else the copy in ``tests/data``."""
    full = SHARED / path
    if full.exists():
        return full
    return DATA / LOCAL[path]


def shared_dir(name: str) -> Path:
    """Return ``../shared/<name>`` (the checkers live there) or skip the test when it is absent."""
    path = SHARED / name
    if not path.is_dir():
        pytest.skip(f"reference folder ../shared/{name} is not present (its public cases are in tests/data)")
    return path
