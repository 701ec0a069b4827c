"""From raw provincial data to the study's calibrated conditions, in one call.

Steps: honour-list counts -> good-governance score; entropy weights -> ``Sl`` and ``Cs``;
outcome + adjacency -> competition pressure ``R``; direct calibration of every condition and
the outcome with data-driven anchors. The result feeds :func:`fsqca.truth_table` directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

import pandas as pd

from .calibration import calibrate_conditions
from .competition import CompetitionPressure, competition_pressure
from .entropy import entropy_weights
from libdigigov.results import Result

from .errors import IndicatorInputError, IndicatorTypeError
from .example import CONDITIONS, HONOUR_COLUMNS, SUB_INDICATORS
from .governance import HONOUR_POINTS, honour_count
from .provinces import align_provinces

__all__ = ["StudyConditions", "build_conditions"]


@dataclass(frozen=True)
class StudyConditions(Result):
    """Raw and calibrated conditions of a study built by :func:`build_conditions`.

    Attributes
    ----------
    raw : pandas.DataFrame
        Outcome and the nine raw conditions (``G, T, Sp, R, Sl, Cs, I, Cl, B``), by province.
    memberships : pandas.DataFrame
        Calibrated memberships of the same columns.
    weights : dict of EntropyWeights
        ``{"Sl": ..., "Cs": ...}``.
    competition : CompetitionPressure
    calibration : fsqca CalibrationResult
        Per-condition anchors, share above 0.5 and cases at exactly 0.5.
    """

    raw: pd.DataFrame
    memberships: pd.DataFrame
    weights: dict = field(repr=False)
    competition: CompetitionPressure = field(repr=False)
    calibration: object = field(repr=False)
    synthetic: bool = False

    def to_frame(self) -> pd.DataFrame:
        """Tidy table: one row per province and variable with the raw value and the membership."""
        raw = self.raw.stack().rename("raw")
        fs = self.memberships.stack().rename("membership")
        out = pd.concat([raw, fs], axis=1).reset_index()
        out.columns = ["province", "variable", "raw", "membership"]
        return out

    @property
    def _title(self) -> str:
        return "Study conditions" + (" (SYNTHETIC example data)" if self.synthetic else "")

    def summary(self) -> str:
        """The calibration and the entropy weights of the composites."""
        parts = [self._title, self.calibration.summary()]
        for name, ew in self.weights.items():
            parts.append(ew.summary())
        return "\n\n".join(parts)

    def _repr_html_(self) -> str:
        return (f"<h4>{escape(self._title)}</h4>" + self.calibration._repr_html_()
                + "".join(ew._repr_html_() for ew in self.weights.values()))

    def _dict(self) -> dict:
        return {"synthetic": self.synthetic, "table": self.to_frame().to_dict(orient="records"),
                "weights": {k: ew.to_dict() for k, ew in self.weights.items()},
                "competition": self.competition.to_dict(), "calibration": self.calibration.to_dict()}


def build_conditions(raw: pd.DataFrame, *, island_links, outcome: str = "P", anchors="study",
                     avoid_half: float | None = 0.001, label: str = "en") -> StudyConditions:
    """Build and calibrate the study's conditions from raw provincial data.

    Parameters
    ----------
    raw : pandas.DataFrame
        One row per mainland province (any spelling) with the outcome, ``G, T, Sp, I, Cl, B``,
        the four ``Cs`` sub-indicators, three ``Sl`` sub-indicators and either
        ``Sl_good_governance`` or the four honour-count columns (see the CSV template).
    island_links : "none", "all" or list of str
        Hainan's optional sea links for competition pressure (no default on purpose).
    outcome : str
        Outcome column.
    anchors : "study", "robustness" or tuple
        See :func:`indicators.calibrate_conditions`.
    avoid_half : float or None
        Added to memberships of exactly 0.5 (fsQCA 3.0 practice: 0.001); None keeps them.

    Returns
    -------
    StudyConditions

    Examples
    --------
    >>> from indicators import build_conditions, load_example_study
    >>> sc = build_conditions(load_example_study(), island_links="none")
    >>> list(sc.memberships.columns)
    ['G', 'T', 'Sp', 'R', 'Sl', 'Cs', 'I', 'Cl', 'B', 'P']
    """
    if not isinstance(raw, pd.DataFrame):
        raise IndicatorTypeError(f"raw must be a pandas DataFrame, got {type(raw).__name__}")
    df = align_provinces(raw, label=label, expected="mainland", name="raw data")
    if "Sl_good_governance" not in df.columns:
        missing = [c for c in HONOUR_COLUMNS if c not in df.columns]
        if missing:
            raise IndicatorInputError(
                f"raw data needs 'Sl_good_governance' or the honour counts {list(HONOUR_COLUMNS)}; missing {missing}")
        df = df.copy()
        df["Sl_good_governance"] = [
            sum(HONOUR_POINTS[level] * honour_count(df.at[case, col], f"{case}, {col}")
                for col, level in HONOUR_COLUMNS.items()) for case in df.index]
    needed = [outcome, "G", "T", "Sp", "I", "Cl", "B"] + SUB_INDICATORS["Sl"] + SUB_INDICATORS["Cs"]
    missing = [c for c in needed if c not in df.columns]
    if missing:
        raise IndicatorInputError(f"raw data is missing column(s) {missing}")
    weights = {name: entropy_weights(df[cols], name=name) for name, cols in SUB_INDICATORS.items()}
    comp = competition_pressure(df[outcome], island_links=island_links, label=label)
    conditions = pd.DataFrame({
        "G": df["G"], "T": df["T"], "Sp": df["Sp"], "R": comp.values, "Sl": weights["Sl"].scores,
        "Cs": weights["Cs"].scores, "I": df["I"], "Cl": df["Cl"], "B": df["B"], outcome: df[outcome],
    })[CONDITIONS + [outcome]].astype(float)
    cal = calibrate_conditions(conditions, anchors, avoid_half=avoid_half)
    return StudyConditions(raw=conditions, memberships=cal.data, weights=weights, competition=comp,
                           calibration=cal, synthetic=bool(raw.attrs.get("synthetic", False)))
