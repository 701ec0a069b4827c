"""Discretisation into class codes 1..k as ``sdsfun::discretize_vector`` (sdsfun 0.8), which the
gdverse models (SPADE, IDSA, OPGD within sesu) call.

These differ from :func:`geodetector.discretize` (R ``GD``/``classInt`` breaks): quantile
classes come from order statistics ``s[floor(i (N - 1)/k)]``, ``sd`` classes are one standard
deviation wide around the mean, and every value gets a code in 1..k (some codes may be empty).

Examples
--------
>>> discretize_vector([1, 2, 3, 4, 5, 6], 3, "quantile").tolist()
[1, 1, 2, 2, 3, 3]
>>> discretize_vector([0.0, 1, 2, 3, 4, 10], 2, "equal").tolist()
[1, 1, 1, 1, 1, 2]
"""
from __future__ import annotations

import numpy as np

from .errors import GeodetectorError

__all__ = ["discretize_vector", "SDS_METHODS"]

SDS_METHODS = ("sd", "equal", "geometric", "quantile", "natural")


def discretize_vector(x, k: int, method: str = "quantile") -> np.ndarray:
    """Class codes 1..k of ``x`` by ``method`` (see the module notes)."""
    x = np.asarray(x, dtype=float)
    k = int(k)
    if method not in SDS_METHODS:
        raise GeodetectorError(f"discretisation method must be one of {', '.join(SDS_METHODS)}, "
                               f"got {method!r}")
    if k < 2:
        raise GeodetectorError(f"the number of classes must be at least 2, got {k}")
    n = x.shape[0]
    lo, hi = x.min(), x.max()
    if method == "quantile":
        s = np.sort(x)
        q = s[np.floor(np.arange(1, k + 1) * (n - 1) / k).astype(int)]
        cls = np.searchsorted(q, x, side="left") + 1
    elif method == "equal":
        width = (hi - lo) / k
        with np.errstate(divide="ignore", invalid="ignore"):
            cls = np.ceil((x - lo) / width)
    elif method == "sd":
        sd = x.std(ddof=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            cls = np.floor((x - x.mean()) / sd + k / 2)
    elif method == "geometric":
        if lo <= 0:
            raise GeodetectorError("geometric classes need positive values (the minimum is "
                                   f"{lo:g})")
        with np.errstate(divide="ignore", invalid="ignore"):
            cls = np.floor(np.log(x / lo) / np.log((hi / lo) ** (1 / k))) + 1
    else:
        import mapclassify

        if np.unique(x).size <= k:
            breaks = np.unique(x)[1:]
        else:
            breaks = np.asarray(mapclassify.FisherJenks(x, k=k).bins[:-1], dtype=float)
        cls = 1 + np.searchsorted(breaks, x, side="right")
    cls = np.nan_to_num(np.asarray(cls, dtype=float), nan=1.0)
    return np.clip(cls, 1, k).astype(np.int64)
