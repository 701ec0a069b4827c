"""Test-wide settings: property-based tests draw the same examples on every run.

A failure found by hypothesis then shows up on every machine and in CI alike, instead of
depending on the run's random seed (set HYPOTHESIS_PROFILE=explore to search afresh).
"""
import os

from hypothesis import settings

settings.register_profile("deterministic", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))
