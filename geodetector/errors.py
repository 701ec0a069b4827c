"""Exceptions and warnings raised for input the geographical detector cannot use.

Every error is a :class:`ValueError` (or :class:`TypeError`) subclass, so callers that
already catch those keep working, and every message names the column, row or stratum at fault.
"""

from __future__ import annotations

__all__ = [
    "GeodetectorError",
    "ColumnNotFoundError",
    "MissingValueError",
    "NonNumericError",
    "SingleStratumError",
    "SmallStratumError",
    "ContinuousFactorError",
    "GeodetectorWarning",
]


class GeodetectorError(ValueError):
    """Base class of every input error of :mod:`geodetector`."""


class ColumnNotFoundError(GeodetectorError):
    """A column named by the caller is not in the data."""


class MissingValueError(GeodetectorError):
    """``y`` or a factor holds NaN/None (or an infinite ``y``)."""


class NonNumericError(GeodetectorError, TypeError):
    """``y`` (or a variable to discretise) is not numeric."""


class SingleStratumError(GeodetectorError):
    """A factor has only one stratum, so it cannot explain anything."""


class SmallStratumError(GeodetectorError):
    """A stratum has fewer observations than a test needs."""


class ContinuousFactorError(GeodetectorError):
    """A factor looks continuous (too many distinct values) and must be discretised first."""


class GeodetectorWarning(UserWarning):
    """A result was computed but something about it deserves attention."""
