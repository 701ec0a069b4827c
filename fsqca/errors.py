"""Errors and warnings of :mod:`fsqca`.

Every error the package raises for bad data or options derives from :class:`QCAInputError`
(itself a ``ValueError``), so ``except fsqca.QCAInputError`` catches all of them; its message
names the column, case, option or value at fault.
"""
from __future__ import annotations

__all__ = ["QCAInputError", "CalibrationError", "CalibrationTypeError", "AnchorError",
           "HalfMembershipWarning", "QCAWarning"]


class QCAInputError(ValueError):
    """Raised for data or parameters that a QCA analysis cannot use (base of all fsqca errors)."""


class CalibrationError(QCAInputError):
    """Input that cannot be calibrated (missing values, bad options, ...)."""


class CalibrationTypeError(QCAInputError, TypeError):
    """Input of the wrong type (text where numbers are needed, a DataFrame for a Series)."""


class AnchorError(CalibrationError):
    """An anchor specification that cannot be used (bad percentile, bad order, ...)."""


class QCAWarning(UserWarning):
    """A result that is valid but probably not what was meant (e.g. a truth table with no
    positive row)."""


class HalfMembershipWarning(QCAWarning):
    """Some cases sit at exactly 0.5: they belong to no truth-table row."""
