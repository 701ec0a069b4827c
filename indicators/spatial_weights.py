"""Spatial weights of the provinces, from the bundled boundaries or adjacency table.

:func:`province_weights` builds a :class:`spatial.SpatialWeights` for the 31 mainland provinces
(or the 34 units with Hong Kong, Macao and Taiwan):

- ``"queen"``/``"rook"``: contiguity of the bundled boundaries by spdep's ``poly2nb`` vertex rule
  (:mod:`spatial.contiguity`); on these boundaries both give the same 68 mainland pairs as the
  adjacency table, plus Guangdong-Hong Kong and Guangdong-Macao;
- ``"adjacency"``: the bundled table (``data/provinces/adjacency.csv``), optionally weighted by
  shared border length (``border_weights=True``);
- ``"knn"`` (``k`` nearest) and ``"distance"`` (``threshold`` km): between the centroids of the
  provinces' largest parts, great-circle distances.

**Islands.** Hainan has no land neighbour (nor has Taiwan; Hong Kong and Macao border only
Guangdong). ``island_links`` states what to do, with no default (as everywhere in the project):
``"none"`` keeps Hainan an island (zero lag; n' = 30 in the global tests), ``"all"`` or a list of
``"hainan-guangdong"`` (Qiongzhou Strait) and ``"hainan-guangxi"`` (Beibu Gulf) adds those sea
links of the bundled table (general weight 1), and ``"nearest"`` links every island to its
nearest unit with neighbours by the closest shores (:func:`spatial.link_islands`; Hainan to
Guangdong, Taiwan to Fujian).

Examples
--------
>>> w = province_weights("queen", island_links="none")
>>> w.n, w.n_links // 2, w.islands
(31, 68, ('Hainan',))
>>> province_weights("queen", island_links="all").neighbours["Hainan"]
['Guangdong', 'Guangxi']
"""
from __future__ import annotations

import json

import numpy as np

from ._resources import data_path
from .adjacency import ISLAND_LINKS, _island_options, load_adjacency
from .errors import IndicatorInputError
from .provinces import get_province, province_table

__all__ = ["KINDS", "province_weights"]

KINDS = ("queen", "rook", "adjacency", "knn", "distance")


def _features(include_special: bool) -> tuple[list[int], list]:
    with open(data_path("boundaries.geojson"), encoding="utf-8") as fh:
        feats = json.load(fh)["features"]
    keep = set(province_table(include_special=include_special).index)
    codes = [int(f["properties"]["adcode"]) for f in feats]
    order = [c for c in province_table(include_special=include_special).index if c in set(codes)]
    by_code = {c: f["geometry"] for c, f in zip(codes, feats) if c in keep}
    return order, [by_code[c] for c in order]


def province_weights(kind: str = "queen", *, island_links, style: str = "W", include_special: bool = False,
                     label: str = "en", k: int = 4, threshold: float | None = None, border_weights: bool = False):
    """Spatial weights of the provinces (see the module docstring).

    Parameters
    ----------
    kind : {"queen", "rook", "adjacency", "knn", "distance"}
    island_links : "none", "all", "nearest" or list of str
        The island rule (required).
    style : {"W", "B"}
    include_special : bool
        Hong Kong, Macao and Taiwan as units too.
    label : {"en", "zh", "name_zh", "adcode"}
        Spelling of the case names.
    k, threshold : int, float
        For ``"knn"`` and ``"distance"`` (km).
    border_weights : bool
        With ``"adjacency"``: shared border length (km) as the general weight of a land link.
    """
    from spatial import (contiguity_weights, distance_band_weights, knn_weights, link_islands, points_of,
                         weights_from_neighbours)

    if kind not in KINDS:
        raise IndicatorInputError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    nearest = isinstance(island_links, str) and island_links == "nearest"
    sea = () if nearest else _island_options(island_links)
    codes, geoms = _features(include_special)
    names = [str(get_province(c).label(label)) for c in codes]
    if kind in ("queen", "rook"):
        w = contiguity_weights(geoms, names, rule=kind, style=style)
    elif kind == "adjacency":
        table = load_adjacency(island_links="none", include_special=include_special)
        nb = {c: [] for c in codes}
        g = {c: [] for c in codes}
        for a, b, km in zip(table["adcode_a"], table["adcode_b"], table["shared_border_km"]):
            if a in nb and b in nb:
                wt = float(km) if border_weights and np.isfinite(km) else 1.0
                nb[a].append(b), nb[b].append(a), g[a].append(wt), g[b].append(wt)
        lab = dict(zip(codes, names))
        w = weights_from_neighbours({lab[c]: [lab[d] for d in v] for c, v in nb.items()}, style=style,
                                    weights={lab[c]: v for c, v in g.items()},
                                    source="bundled adjacency table" + (" (shared border km)" if border_weights else ""))
    elif kind == "knn":
        w = knn_weights(points_of(geoms), names, k, metric="arc", style=style)
    else:
        if threshold is None:
            raise IndicatorInputError("kind='distance' needs a threshold in km")
        w = distance_band_weights(points_of(geoms), names, threshold, metric="arc", style=style)
    if nearest:
        return link_islands(w, rule="nearest", geometries=geoms)
    if not sea:
        return link_islands(w, rule="none")
    return _add_sea_links(w, sea, label)


def _add_sea_links(w, sea, label):
    from spatial import SpatialWeights

    table = load_adjacency(island_links=list(sea), include_special=True)
    table = table[table["link"] == "sea"]
    pos = {n: i for i, n in enumerate(w.names)}
    g = w.general.tolil()
    added = []
    for a, b in zip(table["adcode_a"], table["adcode_b"]):
        la, lb = str(get_province(a).label(label)), str(get_province(b).label(label))
        if la in pos and lb in pos:
            g[pos[la], pos[lb]] = g[pos[lb], pos[la]] = 1.0
            added.append(f"{la}-{lb}")
    return SpatialWeights(w.names, g.tocsr(), w.style, w.source,
                          f"sea links of the bundled table: {', '.join(added) or 'none'} (from {ISLAND_LINKS})")
