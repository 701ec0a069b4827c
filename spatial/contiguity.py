"""Queen and rook contiguity from polygons, by spdep's ``poly2nb`` vertex rule.

spdep (Bivand 2022) decides contiguity from vertices alone, never from points along edges:

1. each feature's coordinates are taken in file order -- every ring of every part, each ring
   closed (its last point repeats its first), all concatenated -- and the feature's very first
   coordinate is dropped (only that one: spdep's fix of its issue #50 for sf input);
2. two coordinates of different features *coincide* when ``|dx| <= s``, ``|dy| <= s`` and
   ``sqrt(dx^2 + dy^2) <= s``, with the snap ``s = sqrt(machine epsilon)`` (1.49e-8 in the
   coordinate units) by default;
3. the coinciding pairs are counted with multiplicity: **queen** needs at least one pair,
   **rook** at least two.

Consequences worth knowing: a T-junction (a vertex of one polygon lying on the edge of
another) is no contact; a point listed twice (a ring's closing point other than the first
ring's, a repeated vertex) counts twice, so two polygons touching there are rook neighbours.
libpysal's ``Queen``/``Rook`` decide by shared vertices (queen) and shared edges (rook) and
can differ on such maps; this module follows spdep, the reference of the conformance cases.

Examples
--------
>>> from shapely.geometry import box
>>> geoms = [box(0, 0, 1, 1), box(1, 0, 2, 1), box(1, 1, 2, 2), box(5, 5, 6, 6)]
>>> w = contiguity_weights(geoms, ["a", "b", "c", "d"], rule="rook", style="B")
>>> w.neighbours
{'a': ['b'], 'b': ['a', 'c'], 'c': ['b'], 'd': []}
>>> contiguity_weights(geoms, ["a", "b", "c", "d"], rule="queen").neighbours["a"]
['b', 'c']
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from .errors import SpatialInputError
from .weights import SpatialWeights, _build

__all__ = ["SNAP", "RULES", "contiguity_weights", "weights_from_file", "read_polygons", "feature_vertices"]

#: spdep's default snap, ``sqrt(.Machine$double.eps)``, in coordinate units.
SNAP = float(np.sqrt(np.finfo(float).eps))
#: The contiguity rules and how many coinciding vertex pairs each needs.
RULES = {"queen": 1, "rook": 2}


def _rings_of(geom) -> list:
    """The rings of a polygonal geometry (GeoJSON mapping or shapely object), in file order."""
    if isinstance(geom, dict):
        kind, coords = geom.get("type"), geom.get("coordinates")
        if kind == "Polygon":
            return [r for r in coords]
        if kind == "MultiPolygon":
            return [r for part in coords for r in part]
        raise SpatialInputError(f"geometry type {kind!r} is not a polygon")
    kind = getattr(geom, "geom_type", None)
    if kind == "Polygon":
        return [list(geom.exterior.coords)] + [list(r.coords) for r in geom.interiors]
    if kind == "MultiPolygon":
        return [r for part in geom.geoms for r in _rings_of(part)]
    raise SpatialInputError(f"geometry type {kind!r} is not a polygon")


def feature_vertices(geom) -> np.ndarray:
    """The vertices poly2nb compares for one feature: all rings concatenated, first point dropped.

    >>> from shapely.geometry import box
    >>> feature_vertices(box(0, 0, 1, 1)).shape
    (4, 2)
    """
    rings = [np.asarray(r, dtype=float)[:, :2] for r in _rings_of(geom) if len(r)]
    if not rings:
        return np.empty((0, 2))
    return np.concatenate(rings)[1:]


def contiguity_weights(geometries, names, *, rule: str = "queen", snap: float = SNAP, style: str = "W",
                       source: str | None = None) -> SpatialWeights:
    """Contiguity weights of polygons by poly2nb's vertex rule (see the module docstring).

    Parameters
    ----------
    geometries : sequence
        One polygon or multipolygon per case (shapely objects or GeoJSON geometry mappings).
    names : sequence of str
        The cases, in the same order.
    rule : {"queen", "rook"}
    snap : float
        Largest distance (coordinate units) at which two vertices coincide.
    style : {"B", "W"}
    """
    from scipy.spatial import cKDTree

    if rule not in RULES:
        raise SpatialInputError(f"contiguity must be 'queen' or 'rook', got {rule!r}")
    names = [str(n) for n in names]
    if len(names) != len(geometries):
        raise SpatialInputError(f"{len(geometries)} geometries for {len(names)} cases")
    verts, owner = [], []
    for i, (name, geom) in enumerate(zip(names, geometries)):
        if geom is None:
            raise SpatialInputError(f"case {name!r} has no geometry")
        v = feature_vertices(geom)
        if not len(v):
            raise SpatialInputError(f"case {name!r} has an empty geometry")
        if not np.isfinite(v).all():
            raise SpatialInputError(f"case {name!r} has a coordinate that is not a finite number")
        verts.append(v)
        owner.append(np.full(len(v), i))
    pts, own = np.concatenate(verts), np.concatenate(owner)
    pairs = cKDTree(pts).query_pairs(r=snap, output_type="ndarray")
    if len(pairs):
        d = np.abs(pts[pairs[:, 0]] - pts[pairs[:, 1]])
        # the box test and the distance test of poly2nb, as written (not only the tree's norm)
        keep = (own[pairs[:, 0]] != own[pairs[:, 1]]) & (d[:, 0] <= snap) & (d[:, 1] <= snap) \
            & (np.sqrt((d ** 2).sum(axis=1)) <= snap)
        pairs = pairs[keep]
    n = len(names)
    a, b = own[pairs[:, 0]], own[pairs[:, 1]]
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    key, counts = np.unique(lo * n + hi, return_counts=True)
    key = key[counts >= RULES[rule]]
    i, j = key // n, key % n
    rows, cols = np.concatenate([i, j]), np.concatenate([j, i])
    return _build(names, rows, cols, np.ones(len(rows)), style,
                  source or f"{rule} contiguity (spdep poly2nb vertex rule, snap {snap:g})", symmetric=False)


def read_polygons(path, *, case_column: str = "case") -> tuple[list[str], list]:
    """The case names and geometries of a GeoJSON file or any file geopandas reads (shapefile,
    GeoPackage). GeoJSON is read as written, so the vertex order is exactly the file's."""
    path = Path(path)
    if not path.exists():
        raise SpatialInputError(f"geometry file {str(path)!r} does not exist")
    if path.suffix.lower() in (".geojson", ".json"):
        try:
            doc = json.loads(path.read_text(encoding="utf-8-sig"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise SpatialInputError(f"cannot read {path.name!r} as GeoJSON: {exc}") from None
        feats = doc.get("features") if isinstance(doc, dict) else None
        if not isinstance(feats, list):
            raise SpatialInputError(f"{path.name!r} is not a GeoJSON FeatureCollection")
        names, geoms = [], []
        for k, f in enumerate(feats):
            props = (f or {}).get("properties") or {}
            if case_column not in props:
                raise SpatialInputError(f"{path.name!r}: feature {k + 1} has no property {case_column!r}")
            names.append(str(props[case_column]).strip())
            geoms.append(f.get("geometry"))
        return names, geoms
    try:
        import geopandas as gpd

        gdf = gpd.read_file(path)
    except Exception as exc:  # the readers raise many types for a bad file
        raise SpatialInputError(f"cannot read {path.name!r} as a geometry file: {str(exc).splitlines()[0]}") from None
    if case_column not in gdf.columns:
        raise SpatialInputError(f"{path.name!r} has no column {case_column!r}")
    return [str(c).strip() for c in gdf[case_column]], list(gdf.geometry)


def weights_from_file(path, cases=None, *, case_column: str = "case", rule: str = "queen", style: str = "W",
                      snap: float = SNAP) -> SpatialWeights:
    """Contiguity weights from a polygon file with a case column.

    Parameters
    ----------
    path : str or path
        GeoJSON FeatureCollection (or a shapefile/GeoPackage) of Polygon/MultiPolygon features.
    cases : sequence of str, optional
        The cases to keep, in order; features of other cases are ignored, and every case must
        have exactly one feature. None keeps every feature in file order.
    """
    names, geoms = read_polygons(path, case_column=case_column)
    by_case: dict = {}
    for n, g in zip(names, geoms):
        if n in by_case and (cases is None or n in set(map(str, cases))):
            raise SpatialInputError(f"case {n!r} has more than one feature in {Path(path).name!r}")
        by_case[n] = g
    if cases is None:
        cases = names
    cases = [str(c) for c in cases]
    missing = [c for c in cases if c not in by_case]
    if missing:
        raise SpatialInputError(f"case {missing[0]!r} has no geometry in {Path(path).name!r}"
                                + (f" ({len(missing)} cases without one)" if len(missing) > 1 else ""))
    return contiguity_weights([by_case[c] for c in cases], cases, rule=rule, snap=snap, style=style)
