"""Distance-based weights (k nearest neighbours, distance bands) and the island rule.

Points are the cases' coordinates: for polygons, :func:`points_of` takes each polygon's
centroid (of its largest part, so that a province's far islands do not pull its point into
the sea). Distances are Euclidean in the coordinate units (``metric="euclidean"``, for projected
coordinates) or great-circle kilometres on a sphere of radius 6,371.0088 km (``metric="arc"``,
for longitude/latitude; spdep's ``dnearneigh(longlat = TRUE)`` and libpysal's ``radius``).

k nearest neighbours are not symmetric (i may be among j's k nearest and not the reverse), as
spdep's ``knn2nb`` and libpysal's ``KNN``; ties at the k-th distance are broken by case order.

**Island rule** (:func:`link_islands`): a case without contiguous neighbours may be

- ``"none"``: kept as an island (zero lag; it drops out of n' in the global tests), or
- ``"nearest"``: linked both ways, with general weight 1, to its nearest case that has
  neighbours ("nearest mainland neighbour"; for Hainan, Guangdong).

For the provinces the project also offers the bundled sea links (``island_links`` in
:func:`indicators.spatial_weights.province_weights`).

Examples
--------
>>> import numpy as np
>>> xy = np.array([[0.0, 0.0], [1.0, 0.0], [3.0, 0.0], [10.0, 0.0]])
>>> knn_weights(xy, list("abcd"), k=1, style="B").neighbours
{'a': ['b'], 'b': ['a'], 'c': ['b'], 'd': ['c']}
>>> distance_band_weights(xy, list("abcd"), 2.0, style="B").islands
('d',)
"""
from __future__ import annotations

import numpy as np

from .errors import SpatialInputError
from .weights import SpatialWeights, _build

__all__ = ["EARTH_RADIUS_KM", "ISLAND_RULES", "points_of", "knn_weights", "distance_band_weights",
           "link_islands"]

#: Mean Earth radius (IUGG), km.
EARTH_RADIUS_KM = 6371.0088
ISLAND_RULES = ("none", "nearest")
METRICS = ("euclidean", "arc")


def points_of(geometries) -> np.ndarray:
    """One point per polygon: the centroid of its largest part (n x 2)."""
    from shapely.geometry import shape

    out = []
    for g in geometries:
        if isinstance(g, dict):
            g = shape(g)
        parts = getattr(g, "geoms", [g])
        out.append(max(parts, key=lambda p: p.area).centroid.coords[0][:2])
    return np.asarray(out, dtype=float)


def _embed(coords, metric):
    xy = np.asarray(coords, dtype=float)
    if xy.ndim != 2 or xy.shape[1] != 2:
        raise SpatialInputError(f"coordinates must be n x 2, got shape {xy.shape}")
    if not np.isfinite(xy).all():
        raise SpatialInputError("a coordinate is not a finite number")
    if metric not in METRICS:
        raise SpatialInputError(f"metric must be 'euclidean' or 'arc', got {metric!r}")
    if metric == "euclidean":
        return xy
    lon, lat = np.radians(xy[:, 0]), np.radians(xy[:, 1])
    return np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])


def _to_distance(d, metric):
    # chord length on the unit sphere -> great-circle km
    return d if metric == "euclidean" else 2 * EARTH_RADIUS_KM * np.arcsin(np.clip(d / 2, 0, 1))


def _to_chord(dist, metric):
    return dist if metric == "euclidean" else 2 * np.sin(np.clip(dist / (2 * EARTH_RADIUS_KM), 0, np.pi / 2))


def knn_weights(coords, names, k: int, *, metric: str = "euclidean", style: str = "W") -> SpatialWeights:
    """Each case's ``k`` nearest other cases as its neighbours (binary general weights)."""
    from scipy.spatial import cKDTree

    names = [str(n) for n in names]
    pts = _embed(coords, metric)
    if len(pts) != len(names):
        raise SpatialInputError(f"{len(pts)} points for {len(names)} cases")
    if not isinstance(k, (int, np.integer)) or not 1 <= k < len(names):
        raise SpatialInputError(f"k must be a whole number from 1 to {len(names) - 1}, got {k!r}")
    _, idx = cKDTree(pts).query(pts, k=k + 1)
    rows, cols = [], []
    for i, row in enumerate(idx):
        nb = [j for j in row if j != i][:k]
        rows += [i] * len(nb)
        cols += nb
    return _build(names, rows, cols, np.ones(len(rows)), style, f"{k} nearest neighbours ({metric})", False)


def distance_band_weights(coords, names, threshold: float, *, metric: str = "euclidean", power: float | None = None,
                          style: str = "W") -> SpatialWeights:
    """Cases within ``threshold`` of each other are neighbours (symmetric).

    ``power=None`` gives binary weights; a number ``a`` gives inverse-distance general weights
    ``d_ij^-a`` (``threshold`` in the coordinate units, or km with ``metric="arc"``).
    """
    from scipy.spatial import cKDTree

    names = [str(n) for n in names]
    pts = _embed(coords, metric)
    if len(pts) != len(names):
        raise SpatialInputError(f"{len(pts)} points for {len(names)} cases")
    if not np.isfinite(threshold) or threshold <= 0:
        raise SpatialInputError(f"threshold must be a positive distance, got {threshold!r}")
    pairs = cKDTree(pts).query_pairs(r=float(_to_chord(threshold, metric)), output_type="ndarray")
    d = _to_distance(np.sqrt(((pts[pairs[:, 0]] - pts[pairs[:, 1]]) ** 2).sum(axis=1)), metric)
    if power is not None and (d == 0).any():
        i = pairs[d == 0][0]
        raise SpatialInputError(f"cases {names[i[0]]!r} and {names[i[1]]!r} share a point: inverse distance undefined")
    g = np.ones(len(d)) if power is None else d ** (-float(power))
    rows, cols = np.concatenate([pairs[:, 0], pairs[:, 1]]), np.concatenate([pairs[:, 1], pairs[:, 0]])
    kind = "binary" if power is None else f"inverse distance^{power:g}"
    return _build(names, rows, cols, np.concatenate([g, g]), style,
                  f"distance band {threshold:g} ({metric}, {kind})", False)


def link_islands(weights: SpatialWeights, coords=None, *, rule: str = "nearest", metric: str = "euclidean",
                 geometries=None) -> SpatialWeights:
    """Apply an island rule (see the module docstring); the result says which rule and links.

    "Nearest" is measured between points (``coords``, with ``metric``) or, when ``geometries``
    (one polygon per case) are given, between the polygons themselves (planar distance in their
    coordinate units: the closest shores, so Hainan's nearest is Guangdong across the Qiongzhou
    Strait, where the centroids would pick Guangxi).

    >>> from spatial.weights import weights_from_neighbours
    >>> w = weights_from_neighbours({"a": ["b"], "b": ["a"], "c": []}, style="B")
    >>> link_islands(w, [[0, 0], [1, 0], [5, 0]]).neighbours
    {'a': ['b'], 'b': ['a', 'c'], 'c': ['b']}
    """
    from scipy.spatial import cKDTree

    if rule not in ISLAND_RULES:
        raise SpatialInputError(f"island rule must be one of {', '.join(ISLAND_RULES)}, got {rule!r}")
    islands = weights.cardinalities == 0
    if rule == "none" or not islands.any():
        return SpatialWeights(weights.names, weights.general, weights.style, weights.source,
                              "none: islands kept without neighbours" if rule == "none" else weights.island_rule)
    if islands.all():
        raise SpatialInputError("every case is an island: there is no mainland to link to")
    main = np.flatnonzero(~islands)
    if geometries is not None:
        from shapely.geometry import shape

        shapes = [shape(g) if isinstance(g, dict) else g for g in geometries]
        near = np.array([int(np.argmin([shapes[i].distance(shapes[j]) for j in main])) for i in np.flatnonzero(islands)])
        how = "closest polygon"
    else:
        pts = _embed(coords, metric)
        _, near = cKDTree(pts[main]).query(pts[islands])
        how = f"closest point, {metric}"
    g = weights.general.tolil()
    links = []
    for i, j in zip(np.flatnonzero(islands), main[np.atleast_1d(near)]):
        g[i, j] = g[j, i] = 1.0
        links.append(f"{weights.names[i]}-{weights.names[j]}")
    return SpatialWeights(weights.names, g.tocsr(), weights.style, weights.source,
                          f"nearest: each island linked to its nearest case with neighbours ({how}): {', '.join(links)}")
