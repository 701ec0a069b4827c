"""Locate the shared reference folder that sits beside the repository (absent on user machines)."""
from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def shared_dir(name: str) -> Path:
    """Return ``../shared/<name>`` or skip the test when it is absent."""
    path = SHARED / name
    if not path.is_dir():
        pytest.skip(f"reference folder ../shared/{name} is not present")
    return path
