"""Spatial weights and spatial autocorrelation statistics (global and local Moran, Geary's C,
join counts), agreeing with R's spdep, and spatial diagnostics of configurational (QCA) results.

The engine layer: it imports only :mod:`libdigigov` and third-party libraries.

Examples
--------
>>> from spatial import weights_from_neighbours, moran
>>> w = weights_from_neighbours({"a": ["b"], "b": ["a", "c"], "c": ["b", "d"], "d": ["c"]})
>>> round(float(moran([1.0, 2.0, 3.0, 4.0], w).table.loc[0, "I"]), 4)  # 4/4 * 2.0/5
0.4
"""
from __future__ import annotations

import importlib

#: public name -> the submodule that defines it; loaded on first use (PEP 562), so that
#: ``from spatial.errors import SpatialInputError`` costs no scipy or pandas import
_EXPORTS = {
    "SpatialInputError": ".errors",
    "SpatialWeights": ".weights", "weights_from_edges": ".weights", "weights_from_neighbours": ".weights",
    "contiguity_weights": ".contiguity", "weights_from_file": ".contiguity", "read_polygons": ".contiguity",
    "knn_weights": ".distance", "distance_band_weights": ".distance", "link_islands": ".distance",
    "points_of": ".distance",
    "GlobalMoran": ".global_moran", "moran": ".global_moran", "GearyC": ".global_moran", "geary": ".global_moran",
    "LocalMoran": ".local", "local_moran": ".local", "CLUSTERS": ".local",
    "JoinCounts": ".joincount", "join_counts": ".joincount", "is_crisp": ".joincount",
    "spatial_lag": ".lag", "lagged_condition": ".lag",
    "SpatialDiagnostics": ".diagnostics", "qca_spatial_diagnostics": ".diagnostics",
    "residual_verdict": ".diagnostics",
    "SpatialCaseSelection": ".case_selection", "spatial_case_selection": ".case_selection",
    "MoranSensitivity": ".sensitivity", "moran_sensitivity": ".sensitivity",
}
__all__ = list(_EXPORTS)


def __getattr__(name):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'spatial' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name], __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_EXPORTS))
