"""Set-theoretic fit measures on membership vectors.

These are the formulas every QCA package uses (Ragin 2006, 2008; Schneider & Wagemann 2012,
ch. 5 and 9). ``x`` is the membership of the cases in a condition, term or solution, ``y`` in
the outcome; both are arrays of values in [0, 1].

=================  ======================================================
measure            formula
=================  ======================================================
sufficiency incl   sum(min(x, y)) / sum(x)
sufficiency cov    sum(min(x, y)) / sum(y)
PRI                (sum(min(x, y)) - sum(min(x, y, 1-y))) / (sum(x) - sum(min(x, y, 1-y)))
necessity incl     sum(min(x, y)) / sum(y)
necessity cov      sum(min(x, y)) / sum(x)
RoN                sum(1 - x) / sum(1 - min(x, y))
=================  ======================================================

A ratio whose denominator is zero is reported as NaN, never as an arbitrary number.
"""
from __future__ import annotations

import numpy as np

__all__ = [
    "sufficiency_inclusion",
    "sufficiency_coverage",
    "pri",
    "necessity_inclusion",
    "necessity_coverage",
    "relevance_of_necessity",
]


def _ratio(num: np.ndarray | float, den: np.ndarray | float):
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    if (den > 0).all():  # the usual case: no error state to set up (it costs more than the division)
        out = num / den
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            out = np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)
    return out if out.ndim else float(out)


def _sum0(a: np.ndarray) -> np.ndarray:
    return np.asarray(a, dtype=float).sum(axis=0)


def sufficiency_inclusion(x, y):
    """Consistency of ``x`` as sufficient for ``y``: ``sum(min(x, y)) / sum(x)``.

    ``x`` may be 2-D (cases x sets); the measure is then computed per column.

    Examples
    --------
    >>> round(sufficiency_inclusion([0.8, 0.6, 0.2], [0.9, 0.4, 0.3]), 4)
    0.875
    """
    x, y = _broadcast(x, y)
    return _ratio(_sum0(np.minimum(x, y)), _sum0(x))


def sufficiency_coverage(x, y):
    """Coverage of ``y`` by ``x``: ``sum(min(x, y)) / sum(y)``.

    Examples
    --------
    >>> round(sufficiency_coverage([0.8, 0.6, 0.2], [0.9, 0.4, 0.3]), 4)
    0.875
    """
    x, y = _broadcast(x, y)
    return _ratio(_sum0(np.minimum(x, y)), _sum0(y))


def pri(x, y):
    """Proportional reduction in inconsistency of ``x`` for ``y``.

    ``(sum(min(x, y)) - sum(min(x, y, 1 - y))) / (sum(x) - sum(min(x, y, 1 - y)))``:
    the consistency of ``x`` for ``y`` net of its simultaneous consistency for ``~y``.

    Undefined (NaN) when ``x`` never exceeds ``min(y, 1 - y)``: then ``x`` is as consistent
    with ``~y`` as with ``y``.

    Examples
    --------
    >>> round(pri([0.8, 0.6, 0.2], [0.9, 0.4, 0.3]), 4)
    0.7778
    """
    x, y = _broadcast(x, y)
    both = np.minimum(x, y)
    overlap = np.minimum(both, 1.0 - y)
    return _pri_from_sums(_sum0(x), _sum0(both), _sum0(overlap))


def _sufficiency(x, y):
    """``(inclS, PRI, covS)`` of ``x`` for ``y`` at once: the arithmetic of
    :func:`sufficiency_inclusion`, :func:`pri` and :func:`sufficiency_coverage`, sharing their
    sums."""
    x, y = _broadcast(x, y)
    both = np.minimum(x, y)
    sum_x, sum_both = _sum0(x), _sum0(both)
    sum_overlap = _sum0(np.minimum(both, 1.0 - y))
    return _ratio(sum_both, sum_x), _pri_from_sums(sum_x, sum_both, sum_overlap), _ratio(sum_both, _sum0(y))


def _pri_from_sums(sum_x, sum_both, sum_overlap):
    """PRI from ``sum(x)``, ``sum(min(x, y))`` and ``sum(min(x, y, 1 - y))``."""
    den = sum_x - sum_overlap
    # When x <= min(y, 1 - y) everywhere, PRI is 0/0; summation rounding would otherwise turn
    # it into an arbitrary 0 or 1, so differences at rounding level count as zero.
    den = np.where(np.abs(den) <= 1e-12 * np.maximum(sum_x, 1.0), 0.0, den)
    return _ratio(sum_both - sum_overlap, den)


def necessity_inclusion(x, y):
    """Consistency of ``x`` as necessary for ``y``: ``sum(min(x, y)) / sum(y)``.

    Examples
    --------
    >>> round(necessity_inclusion([0.8, 0.6, 0.2], [0.9, 0.4, 0.3]), 4)
    0.875
    """
    return sufficiency_coverage(x, y)


def necessity_coverage(x, y):
    """Coverage (trivialness check) of ``x`` as necessary for ``y``: ``sum(min(x, y)) / sum(x)``.

    Examples
    --------
    >>> round(necessity_coverage([0.8, 0.6, 0.2], [0.9, 0.4, 0.3]), 4)
    0.875
    """
    return sufficiency_inclusion(x, y)


def relevance_of_necessity(x, y):
    """Relevance of necessity (Schneider & Wagemann 2012): ``sum(1 - x) / sum(1 - min(x, y))``.

    Values near 0 flag a trivial necessary condition (``x`` is almost always present).

    Examples
    --------
    >>> round(relevance_of_necessity([0.8, 0.6, 0.2], [0.9, 0.4, 0.3]), 4)
    0.875
    """
    x, y = _broadcast(x, y)
    return _ratio(_sum0(1.0 - x), _sum0(1.0 - np.minimum(x, y)))


def _broadcast(x, y):
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.ndim == 2 and y.ndim == 1:
        y = y[:, None]
    return x, y
