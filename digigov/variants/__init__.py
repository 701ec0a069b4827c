"""Study variants: how a study's data are loaded and calibrated.

A cross-sectional study (one row per case) and a panel study (one row per unit and period)
run the same methods; the variant decides how the data are read, how they are calibrated and
what a case is called.  :func:`variant_of` picks it from the study file (a ``panel:`` section
makes a panel study).
"""
from __future__ import annotations

from .base import CrossSection, calibrate
from .panel import Panel, PanelInputError

__all__ = ["variant_of", "CrossSection", "Panel", "PanelInputError", "calibrate"]


def variant_of(study) -> CrossSection:
    """The study's variant: :class:`Panel` with a ``panel:`` section, else :class:`CrossSection`."""
    # a panel: section, even an empty one (``panel: {}`` means the defaults)
    return Panel() if study.spec.get("panel") is not None else CrossSection()
