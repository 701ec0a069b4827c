"""Checks of a study's calibrations that catch anchors which cannot be meant.

Before any computation, :func:`check_study_anchors` refuses raw-value anchors outside the
observed range of a variable (the engine's :func:`fsqca.check_anchors`: one line naming the
variable, its range and the percentiles probably meant).  After each calibration (the main
one and every robustness recalibration), :func:`set_checks` records the sets with (almost) all
cases on one side of 0.5 (SetMethods' ``skew.check`` with this package's stated 20 / 80 %
rule, :data:`fsqca.calibration_checks.SKEW_THRESHOLD`) and the cases left at exactly 0.5, named with the step
that produced them.

Examples
--------
>>> import pandas as pd
>>> m = pd.DataFrame({"A": [0.9, 0.8, 0.7, 0.95, 0.6], "B": [0.1, 0.9, 0.5, 0.3, 0.7]},
...                  index=list("pqrst"))
>>> entry = set_checks(m, "main calibration")
>>> [s["set"] for s in entry["skewed"]], entry["at_half"]
(['A'], [{'set': 'B', 'case': 'r'}])
"""
from __future__ import annotations

import fsqca
import pandas as pd
from fsqca.calibration_checks import SKEW_THRESHOLD

from ..errors import StudyError

__all__ = ["check_study_anchors", "set_checks", "checks_json", "MAIN_STEP", "RECALIBRATION_STEP"]

#: Step names of :func:`set_checks` (English in results.json; the report words them).
MAIN_STEP = "main calibration"
RECALIBRATION_STEP = "robustness recalibration"


def check_study_anchors(study, raw: pd.DataFrame, specs: dict, where: str) -> None:
    """Refuse raw anchors outside the observed range of their column (before any calibration).

    ``specs`` maps each column to its calibration spec (as :func:`fsqca.calibrate_frame`
    takes it); crisp sets are not checked (their thresholds may lie anywhere).  ``where``
    names the study file's key (e.g. ``"study.yaml, line 50: calibration.anchors"``).
    """
    for col, spec in specs.items():
        if spec.get("method") == "crisp":
            continue
        try:
            fsqca.check_anchors(raw[col], spec["thresholds"], name=col,
                                percentile_method=study.get("calibration", "percentile_method"))
        except fsqca.AnchorError as exc:
            raise StudyError(f"{where}: {exc}") from None


def set_checks(memberships: pd.DataFrame, step: str, label: str = "",
               threshold: float = SKEW_THRESHOLD) -> dict:
    """Skewed sets and cases at exactly 0.5 of one calibration, JSON-ready.

    ``step`` is :data:`MAIN_STEP` or :data:`RECALIBRATION_STEP`; ``label`` names the
    recalibration (the robustness test's label).
    """
    skew = fsqca.skew_check(memberships, threshold=threshold).to_frame()
    skewed = [{"set": r.set, "cases": int(r.cases), "above": int(r.above), "share_above": float(r.share_above)}
              for r in skew[skew["skewed"]].itertuples()]
    half = fsqca.half_memberships(memberships, step=step)
    return {"step": step, "label": label, "skewed": skewed,
            "at_half": [{"set": r.set, "case": str(r.case)} for r in half.itertuples()]}


def checks_json(entries: list[dict], threshold: float = SKEW_THRESHOLD) -> dict:
    """The ``calibration_checks`` key of results.json: the rule and each calibration's findings."""
    return {"skew_threshold": threshold,
            "rule": (f"a calibrated set is skewed when fewer than {threshold:.0%} or more than "
                     f"{1 - threshold:.0%} of its cases have a membership above 0.5 (SetMethods' skew.check "
                     "reports the share; the threshold is this package's stated rule); cases at exactly 0.5 "
                     "belong to no truth-table row"),
            "steps": entries}
