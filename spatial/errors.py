"""Errors of the spatial engine: bad input is one :class:`SpatialInputError` naming the fault."""
from __future__ import annotations

__all__ = ["SpatialInputError"]


class SpatialInputError(ValueError):
    """Input the spatial statistics cannot use (the message names the case, column or value).

    Examples
    --------
    >>> raise SpatialInputError("variable 'A' is constant: Moran's I is undefined")
    Traceback (most recent call last):
    ...
    spatial.errors.SpatialInputError: variable 'A' is constant: Moran's I is undefined
    """
