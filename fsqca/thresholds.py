"""Thresholds found by clustering the values (R QCA's ``findTh``): a data-driven aid only.

Calibration anchors should come from theory and substantive knowledge (Ragin 2008, ch. 5;
Schneider & Wagemann 2012, ch. 1.2). When a raw variable has no such anchors, the gaps in its
distribution can suggest where groups of cases separate. :func:`find_thresholds` does what R's
``findTh`` does (Dusa 2019, ch. 4): the values are sorted, clustered hierarchically (complete
linkage on Euclidean distances by default) and the tree is cut into ``n + 1`` groups; each
threshold is the midpoint between the largest value of one group and the smallest value of the
next. The result describes *this sample*; a new case or a different sample moves it. Report a
threshold found this way as data-driven, never as a theoretical anchor.

Examples
--------
R's documented example (``?findTh``): nine country GDPs.

>>> gdp = [460, 500, 900, 2000, 2100, 2400, 15000, 16000, 20000]
>>> find_thresholds(gdp).tolist()
[8700.0]
>>> find_thresholds(gdp, n=2).tolist()
[8700.0, 18000.0]
>>> find_thresholds(gdp, n=2, method="ward.D2", distance="canberra").tolist()
[1450.0, 8700.0]
"""
from __future__ import annotations

from numbers import Integral

import numpy as np

from ._validate import QCAInputError

__all__ = ["find_thresholds", "METHODS", "DISTANCES"]

#: R's ``hclust`` methods supported, and scipy's name for each (``mcquitty`` is WPGMA; ``ward.D2``
#: is Ward's criterion on unsquared distances, which scipy's ``ward`` implements).
METHODS = {"complete": "complete", "single": "single", "average": "average", "mcquitty": "weighted",
           "ward.D2": "ward"}
#: R's ``dist`` measures supported: in one dimension all but Canberra are ``|a - b|``.
DISTANCES = ("euclidean", "maximum", "manhattan", "minkowski", "canberra")


def _distances(x: np.ndarray, distance: str) -> np.ndarray:
    i, j = np.triu_indices(len(x), k=1)
    diff = np.abs(x[i] - x[j])
    if distance != "canberra":
        return diff
    total = np.abs(x[i] + x[j])
    # R's canberra: |a - b| / |a + b|, with 0/0 terms dropped (a pair of zeros is at distance 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total > 0, diff / np.where(total > 0, total, 1.0), 0.0)


def find_thresholds(x, n: int = 1, *, method: str = "complete", distance: str = "euclidean") -> np.ndarray:
    """Thresholds that split a raw variable into ``n + 1`` groups by clustering (R's ``findTh``).

    A data-driven aid for raw variables without theory-based anchors: it finds where the
    values separate in this sample, not what the values mean. State it as such when a
    threshold found here is used for calibration.

    Parameters
    ----------
    x : array-like or pandas.Series
        Raw values (numbers, no missing values; at least ``n + 1`` distinct values).
    n : int
        Number of thresholds (R's ``n``, default 1).
    method : {"complete", "single", "average", "mcquitty", "ward.D2"}
        Agglomeration method of the hierarchical clustering (R's ``hclustm``; default
        ``"complete"`` as R).
    distance : {"euclidean", "maximum", "manhattan", "minkowski", "canberra"}
        Distance between two values (R's ``distm``; default ``"euclidean"``).

    Returns
    -------
    numpy.ndarray
        ``n`` thresholds in increasing order. Like R, each is the midpoint between the last
        value of a group and the first value of the next in sorted order. Clusters that tie
        (equal merge heights) are resolved by the clustering library's order, which can differ
        from R's on such data.

    Examples
    --------
    >>> find_thresholds([1.0, 1.2, 1.1, 5.0, 5.3, 9.0], n=2).tolist()
    [3.1, 7.15]
    """
    from scipy.cluster.hierarchy import cut_tree, linkage

    if method not in METHODS:
        raise QCAInputError(f"method must be one of {', '.join(METHODS)} (R's hclust names), got {method!r}")
    if distance not in DISTANCES:
        raise QCAInputError(f"distance must be one of {', '.join(DISTANCES)}, got {distance!r}")
    if isinstance(n, bool) or not isinstance(n, Integral) or n < 1:
        raise QCAInputError(f"n (the number of thresholds) must be a whole number >= 1, got {n!r}")
    name = getattr(x, "name", None)
    label = f"{name!r}" if name is not None else "x"
    try:
        values = np.asarray(x, dtype=float).ravel()
    except (TypeError, ValueError):
        raise QCAInputError(f"{label} must hold numbers to find thresholds") from None
    if np.isnan(values).any():
        raise QCAInputError(f"{label} has missing values: remove or impute them before finding thresholds")
    if len(np.unique(values)) < n + 1:
        raise QCAInputError(f"{label} has {len(np.unique(values))} distinct value(s): too few for "
                            f"{n} threshold(s)")
    values = np.sort(values)
    tree = linkage(_distances(values, distance), method=METHODS[method])
    groups = cut_tree(tree, n_clusters=n + 1).ravel()
    # run lengths of the group labels along the sorted values; R takes the first n boundaries
    ends = np.flatnonzero(np.diff(groups) != 0)        # last index of each run but the final one
    ends = ends[:n]
    return (values[ends] + values[ends + 1]) / 2.0
