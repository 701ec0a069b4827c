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
    "PartitionDtypeError",
    "RasterAlignmentError",
    "NoDataError",
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


class PartitionDtypeError(GeodetectorError, TypeError):
    """The partitions of a Dask DataFrame disagree with its metadata about a column's dtype."""


class RasterAlignmentError(GeodetectorError):
    """Raster layers do not share one grid (CRS, shape or transform)."""


class NoDataError(GeodetectorError):
    """No cell (or row) is left once nodata and missing values are masked."""
