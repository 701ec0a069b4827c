"""Exceptions raised by the indicator builders.

All of them are :class:`ValueError` subclasses so that generic ``except ValueError`` code keeps
working, and each message names the province, column or value at fault.
"""

from __future__ import annotations

__all__ = [
    "IndicatorInputError",
    "IndicatorTypeError",
    "UnknownProvinceError",
    "DuplicateProvinceError",
    "MissingProvinceError",
    "ZeroVarianceError",
    "NegativeValueError",
    "AsymmetricAdjacencyError",
]


class IndicatorInputError(ValueError):
    """Input that an indicator builder cannot use."""


class IndicatorTypeError(IndicatorInputError, TypeError):
    """An argument of the wrong type (a list where a DataFrame is needed, ...)."""


class UnknownProvinceError(IndicatorInputError, KeyError):
    """A province name or code that is not one of the 34 provincial-level units."""

    def __str__(self) -> str:  # KeyError would otherwise quote the whole message
        return str(self.args[0]) if self.args else ""


class DuplicateProvinceError(IndicatorInputError):
    """The same province appears more than once (possibly under two spellings)."""


class MissingProvinceError(IndicatorInputError):
    """Some of the expected provinces are absent."""


class ZeroVarianceError(IndicatorInputError):
    """A column with a single repeated value, for which the method is undefined."""


class NegativeValueError(IndicatorInputError):
    """Negative values where the method needs non-negative ones."""


class AsymmetricAdjacencyError(IndicatorInputError):
    """An adjacency table listing i -> j without j -> i."""
