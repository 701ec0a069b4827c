"""The cross-sectional study: one row per case, direct calibration with the study's anchors."""
from __future__ import annotations

import warnings

import fsqca
import pandas as pd

from ..errors import StudyError
from .checks import check_study_anchors

__all__ = ["CrossSection", "calibrate", "check_anchors"]

_PERCENTILE = "p"


def _percentile(anchor) -> float | None:
    text = str(anchor).strip()
    if text.startswith(_PERCENTILE) and text[1:].replace(".", "", 1).isdigit():
        return float(text[1:])
    return None


def _anchor_spec(column: str, anchors: dict, default: dict, where: str) -> dict:
    merged = {**default, **anchors}
    if merged.get("method") == "crisp":
        return {"method": "crisp", "thresholds": merged["thresholds"]}
    e, c, i = merged.get("exclusion"), merged.get("crossover"), merged.get("inclusion")
    pe, pi = _percentile(e), _percentile(i)
    if pe is None and isinstance(e, (int, float)):
        pe, pi = (float(e), float(i)) if isinstance(i, (int, float)) else (None, None)
    below = pe is not None and pi is not None and pi < pe
    direction = merged.get("direction")
    if below and direction != "decreasing":
        raise StudyError(f"{where}: column {column!r}: inclusion {i} lies below exclusion {e}, so the set would be "
                         "decreasing (high raw values, low membership); write 'direction: decreasing' if that is "
                         "meant, or swap the anchors")
    if direction == "decreasing" and not below:
        # "decreasing" with the usual anchors (inclusion p95, exclusion p5) flips them
        e, i = i, e
    return {"thresholds": {"exclusion": e, "crossover": c, "inclusion": i}}


def _specs(study, anchors: dict | None) -> tuple[dict, dict]:
    """Each column's calibration spec, and the study file's key each comes from."""
    default = anchors or study.get("calibration", "anchors")
    per = (study.spec.get("calibration") or {}).get("columns") or {}
    spec, where = {}, {}
    for col in [*study.conditions, study.outcome]:
        own = per.get(col, {}) if anchors is None else {}
        where[col] = f"calibration.columns.{col}" if own else "calibration.anchors"
        spec[col] = _anchor_spec(col, own, default, where[col])
    return spec, where


def check_anchors(study, raw: pd.DataFrame, anchors: dict | None = None, where: str | None = None) -> None:
    """Refuse raw anchors outside the observed range of their column, before any calibration.

    ``anchors`` overrides every column's (a robustness recalibration, whose study-file key is
    ``where``).
    """
    spec, keys = _specs(study, anchors)
    for col, one in spec.items():
        key = where or keys[col]
        top, _, rest = key.partition(".")
        check_study_anchors(study, raw, {col: one}, f"{study.where(top)}.{rest}" if rest else study.where(top))


def calibrate(study, raw: pd.DataFrame, anchors: dict | None = None) -> fsqca.CalibrationResult:
    """Direct calibration of the outcome and conditions (``anchors`` overrides every column's).

    Returns the :class:`fsqca.CalibrationResult`: ``data`` (the memberships) and ``report``
    (anchors and membership shares per column).
    """
    spec, _ = _specs(study, anchors)
    with warnings.catch_warnings():
        # the run names the cases at 0.5 with the step that produced them (calibration_checks)
        warnings.simplefilter("ignore", fsqca.HalfMembershipWarning)
        return fsqca.calibrate_frame(raw[list(spec)], spec, avoid_half=study.get("calibration", "avoid_half"),
                                     percentile_method=study.get("calibration", "percentile_method"))


class CrossSection:
    """One row per case (e.g. 31 provinces in one year)."""

    name = "cross-section"
    #: The bundled data of ``data.example: true``.
    example_file = "example_study.csv"

    def check(self, study) -> None:
        """Settings that cannot work for this variant, before any data is read."""

    def load(self, study) -> tuple[pd.DataFrame, object]:
        from ..data import load_data

        return load_data(study)

    def calibrate(self, study, raw: pd.DataFrame, frame: pd.DataFrame) -> fsqca.CalibrationResult:
        """The run's calibration (``frame``: the data with every column, for grouping)."""
        return calibrate(study, raw)

    def check_anchors(self, study, raw: pd.DataFrame, anchors: dict | None = None, where: str | None = None) -> None:
        """Anchors of the calibration (``anchors``: a recalibration's, from key ``where``) that cannot
        be meant, refused before any computation."""
        check_anchors(study, raw, anchors, where)

    def recalibrate(self, study, raw: pd.DataFrame, anchors: dict) -> fsqca.CalibrationResult:
        """Calibration with other anchors (robustness tests)."""
        return calibrate(study, raw, anchors)
