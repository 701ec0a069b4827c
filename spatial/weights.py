"""Spatial weights: who neighbours whom, with what weight, and what that implies for the tests.

A :class:`SpatialWeights` holds the *general weights* ``g_ij`` (1 for plain contiguity, a
shared-border length or an inverse distance otherwise) of ``n`` named cases, and a *style*:

- ``"B"``: ``w_ij = g_ij`` as given (binary for contiguity);
- ``"W"``: each row divided by its sum (row-standardised: the lag is the neighbours' mean).

A case without neighbours is an *island*: it is kept, its row is zero and its lag is 0
(spdep's ``zero.policy = TRUE``; libpysal's ``W`` keeps islands the same way). The weight
constants follow spdep's ``spweights.constants``: ``S0 = sum w_ij``,
``S1 = 1/2 sum (w_ij + w_ji)^2``, ``S2 = sum_i (w_i. + w_.i)^2``. Connected components count
every island as one (spdep's ``n.comp.nb``).

Builders: :func:`weights_from_edges` (an edge list), :func:`weights_from_neighbours` (a dict),
:func:`spatial.contiguity.contiguity_weights` (polygons), :mod:`spatial.distance` (k nearest
neighbours, distance bands, linking islands to the nearest mainland case).

Examples
--------
>>> w = weights_from_neighbours({"a": ["b"], "b": ["a", "c"], "c": ["b"], "d": []}, style="W")
>>> w.n, w.n_links, w.islands, w.n_components
(4, 4, ('d',), 2)
>>> w.S0, w.S1, w.S2
(3.0, 4.5, 13.5)
>>> w.lag([1.0, 2.0, 3.0, 4.0]).tolist()
[2.0, 2.0, 2.0, 0.0]
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from libdigigov.results import Result

from .errors import SpatialInputError

__all__ = ["SpatialWeights", "weights_from_edges", "weights_from_neighbours", "STYLES"]

#: The two weight styles of the contract (spdep's ``style = "B"`` and ``"W"``).
STYLES = ("B", "W")


def _check_style(style: str) -> str:
    if style not in STYLES:
        raise SpatialInputError(f"style must be 'B' (weights as given) or 'W' (row-standardised), got {style!r}")
    return style


@dataclass(frozen=True, eq=False)
class SpatialWeights(Result):
    """Spatial weights of named cases (see the module docstring for the conventions).

    Attributes
    ----------
    names : tuple of str
        The cases, in the order of every vector the statistics take.
    general : scipy.sparse.csr_matrix
        General weights ``g_ij > 0`` for a link (row i, column j), zero diagonal.
    style : {"B", "W"}
    source : str
        How the links were made (shown in notes), e.g. ``"queen contiguity (poly2nb vertex rule)"``.
    island_rule : str
        What was done with cases without neighbours (``"none"``: kept as islands).
    """

    names: tuple
    general: object = field(repr=False)
    style: str = "W"
    source: str = "edge list"
    island_rule: str = "none"

    _title = "Spatial weights"
    _digits = 4

    def __post_init__(self):
        from scipy import sparse

        names = tuple(str(n) for n in self.names)
        if len(set(names)) != len(names):
            dup = pd.Index(names)[pd.Index(names).duplicated()][0]
            raise SpatialInputError(f"case {dup!r} appears twice")
        g = sparse.csr_matrix(self.general, dtype=float)
        if g.shape != (len(names), len(names)):
            raise SpatialInputError(f"weights are {g.shape[0]}x{g.shape[1]} for {len(names)} cases")
        g.eliminate_zeros()
        g.sort_indices()
        if g.diagonal().any():
            i = int(np.flatnonzero(g.diagonal())[0])
            raise SpatialInputError(f"case {names[i]!r} is listed as its own neighbour")
        if (g.data < 0).any() or not np.isfinite(g.data).all():
            raise SpatialInputError("general weights must be positive finite numbers")
        object.__setattr__(self, "names", names)
        object.__setattr__(self, "general", g)
        object.__setattr__(self, "style", _check_style(self.style))
        rows = np.asarray(g.sum(axis=1)).ravel()
        if self.style == "W":
            scale = np.divide(1.0, rows, out=np.zeros_like(rows), where=rows > 0)
            w = sparse.diags(scale) @ g
        else:
            w = g.copy()
        w = sparse.csr_matrix(w)
        w.sort_indices()
        object.__setattr__(self, "_w", w)

    # -- the matrix and its constants ---------------------------------------------------------
    @property
    def matrix(self):
        """The weights ``w_ij`` in the chosen style (``scipy.sparse.csr_matrix``, a copy)."""
        return self._w.copy()

    @property
    def sparse(self):
        """The weights ``w_ij`` (the shared matrix itself; do not modify it)."""
        return self._w

    @property
    def n(self) -> int:
        return len(self.names)

    @property
    def cardinalities(self) -> np.ndarray:
        """Number of neighbours of each case (spdep's ``card``)."""
        return np.diff(self.general.indptr)

    @property
    def n_links(self) -> int:
        """Directed links (each symmetric pair counts twice, as spdep's ``sum(card(nb))``)."""
        return int(self.general.nnz)

    @property
    def islands(self) -> tuple:
        """Cases without neighbours, in case order."""
        return tuple(n for n, k in zip(self.names, self.cardinalities) if k == 0)

    @property
    def n_nonisland(self) -> int:
        """``n'``: cases with at least one neighbour (spdep's ``adjust.n = TRUE``)."""
        return int((self.cardinalities > 0).sum())

    @property
    def component_labels(self) -> np.ndarray:
        """Connected component of each case (links taken as undirected), numbered from 0."""
        from scipy.sparse.csgraph import connected_components

        return connected_components(self.general, directed=True, connection="weak")[1]

    @property
    def n_components(self) -> int:
        """Connected components, each island one (spdep's ``n.comp.nb``)."""
        return int(len(np.unique(self.component_labels)))

    @property
    def components(self) -> list[tuple]:
        """The connected components as tuples of case names, largest first."""
        labels = self.component_labels
        groups = [tuple(np.asarray(self.names)[labels == c]) for c in np.unique(labels)]
        return sorted(groups, key=lambda g: (-len(g), g))

    @property
    def is_symmetric(self) -> bool:
        """Whether ``g_ij == g_ji`` for every pair (true of contiguity and edge lists)."""
        d = self.general - self.general.T
        return not d.nnz or bool(np.allclose(d.data, 0.0))

    @property
    def S0(self) -> float:
        return float(self._w.sum())

    @property
    def S1(self) -> float:
        s = self._w + self._w.T
        return float(0.5 * s.multiply(s).sum())

    @property
    def S2(self) -> float:
        rows = np.asarray(self._w.sum(axis=1)).ravel()
        cols = np.asarray(self._w.sum(axis=0)).ravel()
        return float(((rows + cols) ** 2).sum())

    @property
    def neighbours(self) -> dict:
        """``{case: [neighbours]}`` in case order (``[]`` for an island)."""
        g, names = self.general, self.names
        return {names[i]: [names[j] for j in g.indices[g.indptr[i]:g.indptr[i + 1]]] for i in range(self.n)}

    # -- use ---------------------------------------------------------------------------------
    def transform(self, style: str) -> "SpatialWeights":
        """The same links in another style."""
        return SpatialWeights(self.names, self.general, style, self.source, self.island_rule)

    def lag(self, x) -> np.ndarray:
        """Spatial lag ``sum_j w_ij x_j`` (0 for an island), for a vector or a cases x k array."""
        x = np.asarray(x, dtype=float)
        if x.shape[0] != self.n:
            raise SpatialInputError(f"{x.shape[0]} values for {self.n} cases")
        return self._w @ x

    def subset(self, cases) -> "SpatialWeights":
        """The weights among ``cases`` only (links to other cases dropped; new islands possible)."""
        pos = {n: i for i, n in enumerate(self.names)}
        missing = [c for c in cases if str(c) not in pos]
        if missing:
            raise SpatialInputError(f"case {missing[0]!r} has no weights")
        idx = [pos[str(c)] for c in cases]
        return SpatialWeights(tuple(str(c) for c in cases), self.general[idx][:, idx], self.style,
                              self.source, self.island_rule)

    def align(self, cases) -> "SpatialWeights":
        """The weights in the order of ``cases``, which must be exactly the weights' cases."""
        cases = [str(c) for c in cases]
        extra = sorted(set(self.names) - set(cases))
        if extra:
            raise SpatialInputError(f"the weights name case {extra[0]!r}, which is not in the data")
        return self.subset(cases)

    def to_libpysal(self):
        """The weights as a :class:`libpysal.weights.W` (islands kept), for PySAL's tools."""
        from libpysal.weights import W

        g = self._w
        nb = {n: [self.names[j] for j in g.indices[g.indptr[i]:g.indptr[i + 1]]] for i, n in enumerate(self.names)}
        wt = {n: g.data[g.indptr[i]:g.indptr[i + 1]].tolist() for i, n in enumerate(self.names)}
        return W(nb, wt, id_order=list(self.names), silence_warnings=True)

    def to_frame(self) -> pd.DataFrame:
        """Edge list ``from, to, g, w`` (directed: each symmetric pair twice)."""
        g = self.general.tocoo()
        w = self._w.tocsr()
        names = np.asarray(self.names, dtype=object)
        return pd.DataFrame({"from": names[g.row], "to": names[g.col], "g": g.data,
                             "w": np.asarray(w[g.row, g.col]).ravel()})

    def _display_frame(self) -> pd.DataFrame:
        k = self.cardinalities
        return pd.DataFrame({"case": self.names, "neighbours": k,
                             "names": [", ".join(v) for v in self.neighbours.values()]})

    def _header(self) -> list[str]:
        return [f"{self.n} cases, {self.n_links} directed links, style {self.style}, source: {self.source}",
                f"S0 = {self.S0:.4f}, S1 = {self.S1:.4f}, S2 = {self.S2:.4f}"]

    def _notes(self) -> list[str]:
        notes = []
        if self.islands:
            notes.append(f"islands (no neighbours; kept with a zero lag, n' = {self.n_nonisland} in the global "
                         f"tests): {', '.join(self.islands)}")
        notes.append(f"island rule: {self.island_rule}")
        if self.n_components > 1:
            parts = [c for c in self.components if len(c) > 1]
            notes.append(f"{self.n_components} connected components (each island one)"
                         + (f"; parts with links: {' | '.join(', '.join(c) for c in parts)}" if len(parts) > 1 else ""))
        if self.style == "W":
            notes.append("style W: each row divided by its sum (the lag is the neighbours' weighted mean)")
        return notes

    def _dict(self) -> dict:
        return {"n": self.n, "n_links": self.n_links, "islands": list(self.islands), "style": self.style,
                "S0": self.S0, "S1": self.S1, "S2": self.S2, "n_components": self.n_components,
                "neighbours": self.neighbours, "source": self.source, "island_rule": self.island_rule}


def weights_from_neighbours(neighbours: dict, *, style: str = "W", weights: dict | None = None,
                            source: str = "neighbour lists", symmetric: bool = False) -> SpatialWeights:
    """Weights from ``{case: [neighbours]}`` (optionally ``{case: [g_ij]}`` in ``weights``).

    Every neighbour named must be a key. With ``symmetric=True`` a link listed one way only is
    refused.
    """
    names = [str(k) for k in neighbours]
    pos = {n: i for i, n in enumerate(names)}
    rows, cols, vals = [], [], []
    for a, nbs in neighbours.items():
        gs = (weights or {}).get(a, [1.0] * len(nbs))
        if len(gs) != len(nbs):
            raise SpatialInputError(f"case {a!r}: {len(nbs)} neighbours but {len(gs)} weights")
        for b, g in zip(nbs, gs):
            if str(b) not in pos:
                raise SpatialInputError(f"case {a!r} names neighbour {b!r}, which is not a case")
            rows.append(pos[str(a)])
            cols.append(pos[str(b)])
            vals.append(float(g))
    return _build(names, rows, cols, vals, style, source, symmetric)


def _build(names, rows, cols, vals, style, source, symmetric) -> SpatialWeights:
    from scipy import sparse

    n = len(names)
    rows, cols, vals = np.asarray(rows, dtype=int), np.asarray(cols, dtype=int), np.asarray(vals, dtype=float)
    if len(rows):
        key = rows * n + cols
        uniq, counts = np.unique(key, return_counts=True)
        if (counts > 1).any():
            k = int(uniq[counts > 1][0])
            raise SpatialInputError(f"link {names[k // n]!r} -> {names[k % n]!r} is listed twice")
        bad = ~np.isfinite(vals) | (vals <= 0)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise SpatialInputError(f"link {names[rows[i]]!r} -> {names[cols[i]]!r} has weight {float(vals[i]):g}: "
                                    "weights must be positive numbers")
        self_loop = rows == cols
        if self_loop.any():
            raise SpatialInputError(f"case {names[rows[self_loop][0]]!r} is listed as its own neighbour")
    g = sparse.csr_matrix((vals, (rows, cols)), shape=(n, n))
    if symmetric:
        _require_symmetric(g, names)
    return SpatialWeights(tuple(names), g, style, source)


def _require_symmetric(g, names) -> None:
    d = (g - g.T).tocoo()
    off = np.abs(d.data) > 1e-12 * max(1.0, float(np.abs(g.data).max(initial=0.0)))
    if off.any():
        i, j = int(d.row[off][0]), int(d.col[off][0])
        if g[i, j] == 0:
            i, j = j, i
        a, b = g[i, j], g[j, i]
        what = (f"is listed as {names[i]!r} -> {names[j]!r} but not {names[j]!r} -> {names[i]!r}" if b == 0
                else f"has weight {a:g} one way and {b:g} the other")
        raise SpatialInputError(f"the edge list is not symmetric: the link {names[min(i, j)]!r}-{names[max(i, j)]!r} "
                                f"{what} ({int(off.sum()) // 2 or 1} pair(s) differ); list every link in both "
                                "directions with the same weight")


def weights_from_edges(edges, cases, *, style: str = "W", symmetric: bool = True,
                       columns=("from", "to", "weight"), source: str = "edge list") -> SpatialWeights:
    """Weights from an edge list with columns ``from, to`` and optionally ``weight`` (g_ij > 0).

    Parameters
    ----------
    edges : pandas.DataFrame or path
        One row per directed link (case names). Without a ``weight`` column every g_ij is 1.
    cases : sequence of str
        The cases, in order. A case in no row is an island; a name not in ``cases`` is refused.
    symmetric : bool, default True
        Require every link in both directions with the same weight (as the contract does).

    Examples
    --------
    >>> import pandas as pd
    >>> e = pd.DataFrame({"from": ["a", "b"], "to": ["b", "a"], "weight": [2.0, 2.0]})
    >>> weights_from_edges(e, ["a", "b", "c"], style="B").islands
    ('c',)
    >>> weights_from_edges(e.iloc[:1], ["a", "b", "c"])
    Traceback (most recent call last):
    ...
    spatial.errors.SpatialInputError: the edge list is not symmetric: the link 'a'-'b' is listed as 'a' -> 'b' but not 'b' -> 'a' (1 pair(s) differ); list every link in both directions with the same weight
    """
    if not isinstance(edges, pd.DataFrame):
        from libdigigov.io import read_table

        edges = read_table(edges, what="edge list", error=SpatialInputError)
    a, b, wcol = columns
    missing = [c for c in (a, b) if c not in edges.columns]
    if missing:
        raise SpatialInputError(f"the edge list has no column {missing[0]!r} (columns: {', '.join(map(str, edges.columns))})")
    names = [str(c) for c in cases]
    pos = {n: i for i, n in enumerate(names)}
    frm, to = edges[a].astype(str).str.strip(), edges[b].astype(str).str.strip()
    for col, values in ((a, frm), (b, to)):
        unknown = ~values.isin(pos)
        if unknown.any():
            raise SpatialInputError(f"the edge list names case {values[unknown].iloc[0]!r} (column {col!r}), "
                                    "which is not in the data")
    if wcol in edges.columns:
        g = pd.to_numeric(edges[wcol], errors="coerce")
        if g.isna().any():
            r = int(np.flatnonzero(g.isna().to_numpy())[0])
            raise SpatialInputError(f"the edge list's {wcol!r} is not a number in row {r + 1}: {edges[wcol].iloc[r]!r}")
        vals = g.to_numpy(dtype=float)
    else:
        vals = np.ones(len(edges))
    return _build(names, frm.map(pos).to_numpy(), to.map(pos).to_numpy(), vals, style, source, symmetric)
