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

from .case_selection import SpatialCaseSelection, spatial_case_selection
from .contiguity import contiguity_weights, read_polygons, weights_from_file
from .diagnostics import SpatialDiagnostics, qca_spatial_diagnostics, residual_verdict
from .distance import distance_band_weights, knn_weights, link_islands, points_of
from .errors import SpatialInputError
from .joincount import JoinCounts, is_crisp, join_counts
from .lag import lagged_condition, spatial_lag
from .local import CLUSTERS, LocalMoran, local_moran
from .moran import GearyC, GlobalMoran, geary, moran
from .weights import SpatialWeights, weights_from_edges, weights_from_neighbours

__all__ = ["SpatialInputError", "SpatialWeights", "weights_from_edges", "weights_from_neighbours",
           "contiguity_weights", "weights_from_file", "read_polygons", "GlobalMoran", "moran", "GearyC", "geary",
           "LocalMoran", "local_moran", "CLUSTERS", "JoinCounts", "join_counts", "is_crisp",
           "knn_weights", "distance_band_weights", "link_islands", "points_of", "spatial_lag", "lagged_condition",
           "SpatialDiagnostics", "qca_spatial_diagnostics", "residual_verdict", "SpatialCaseSelection",
           "spatial_case_selection"]
