"""Test-wide settings: property-based tests draw the same examples on every run.

A failure found by hypothesis then shows up on every machine and in CI alike, instead of
depending on the run's random seed (set HYPOTHESIS_PROFILE=explore to search afresh).
"""
import os
import sys
from pathlib import Path

from hypothesis import settings

# The tests mirror the package folders (tests/fsqca, tests/geodetector, ...); their shared helpers
# (_shared.py, _qca_refs.py, ...) stay in tests/, importable from every subfolder.
sys.path.insert(0, str(Path(__file__).resolve().parent / "tests"))

settings.register_profile("deterministic", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))
