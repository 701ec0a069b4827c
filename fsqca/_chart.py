"""The prime-implicant chart as bitsets, and the reductions that keep its minimum cover size.

A chart is held two ways: as Python integers (one bitset of rows per implicant, or of
implicants per row), which the branch and bound of :mod:`fsqca._mincover` and the model
listing of :mod:`fsqca._cover` walk, and as boolean matrices (implicants x rows), which the
reductions below use. This module converts between the two and reduces a chart to its
*cyclic core* (Coudert 1994; Rudell 1989): repeatedly take implicants that are the sole
option of a row, drop rows whose options include another row's, and drop implicants whose
rows are all covered by another single implicant. None of these steps changes the minimum
size (a dominated implicant in a minimum cover can be swapped for its dominator). The core
often falls apart into independent blocks (:func:`components`), each solved on its own.

References
----------
Coudert, O. (1994). Two-level logic minimization: an overview. *Integration* 17(2), 97-140.
Rudell, R. (1989). *Logic synthesis for VLSI design*. PhD thesis, UC Berkeley.
"""
from __future__ import annotations

import numpy as np

__all__ = ["cyclic_core", "components"]

#: Charts with at most this many rows, and at most ``SMALL_WORK`` for rows x rows x implicants
#: (the dense product), take dense numpy paths for row dominance and blocks.
SMALL_ROWS = 512
SMALL_WORK = 1 << 25


def components(chart: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """Independent blocks of a chart (bool, implicants x rows): ``(implicants, rows)`` per block.

    Two rows are in one block when an implicant covers both (connected components of the
    bipartite row-implicant graph). A cover of the chart is a cover of each block, so the
    minimum size is the sum of the blocks' minimum sizes and the minimum covers are the
    products of theirs. Blocks are ordered by their first row; implicants that cover no row
    belong to no block.

    Examples
    --------
    >>> chart = np.array([[1, 1, 0], [0, 0, 1], [1, 0, 0]], dtype=bool)
    >>> [(c.tolist(), r.tolist()) for c, r in components(chart)]
    [([0, 2], [0, 1]), ([1], [2])]
    """
    n_cols, n_rows = chart.shape
    if _small(chart):  # small charts: no sparse graph (its setup costs more than the search)
        linked = _row_overlaps(chart) > 0  # rows sharing an implicant
        row_label = np.full(n_rows, -1)
        for r in range(n_rows):
            if row_label[r] < 0:
                reach = np.zeros(n_rows, dtype=bool)
                reach[r] = True
                while True:
                    grown = linked[reach].any(axis=0) | reach
                    if (grown == reach).all():
                        break
                    reach = grown
                row_label[reach] = r
        return [(np.flatnonzero(chart[:, row_label == lab].any(axis=1)), np.flatnonzero(row_label == lab))
                for lab in dict.fromkeys(row_label.tolist())]
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    cols, rows = np.nonzero(chart)
    graph = coo_matrix((np.ones(len(cols), dtype=np.int8), (cols, n_cols + rows)),
                       shape=(n_cols + n_rows, n_cols + n_rows))
    _, label = connected_components(graph, directed=False)
    row_label, col_label = label[n_cols:], label[:n_cols]
    used = chart.any(axis=1)
    out = []
    for lab in dict.fromkeys(row_label.tolist()):  # in order of first row
        out.append((np.flatnonzero((col_label == lab) & used), np.flatnonzero(row_label == lab)))
    return out


def _pack_rows(matrix: np.ndarray) -> list[int]:
    """Rows of a boolean matrix as bitsets over its columns."""
    packed = np.packbits(matrix, axis=1, bitorder="little")
    return [int.from_bytes(row.tobytes(), "little") for row in packed]


#: Set bits of each byte value, per byte position (grown on demand): ``_BYTE_BITS[i][b]``.
_BYTE_BITS: list[tuple[tuple[int, ...], ...]] = []


def _bit_list(x: int) -> list[int]:
    """Indices of the set bits of ``x``, lowest first (as :func:`bits`, a byte at a time).

    >>> _bit_list(0b1010_0000_0001)
    [0, 9, 11]
    """
    raw = x.to_bytes((x.bit_length() + 7) // 8, "little")
    while len(_BYTE_BITS) < len(raw):
        base = 8 * len(_BYTE_BITS)
        _BYTE_BITS.append(tuple(tuple(base + j for j in range(8) if b >> j & 1) for b in range(256)))
    out: list[int] = []
    for table, byte in zip(_BYTE_BITS, raw):
        if byte:
            out += table[byte]
    return out


def cyclic_core(cover: list[int], n_rows: int, budget=None) -> tuple[list[int], list[int], int] | None:
    """Reduce a chart to its cyclic core without changing its minimum cover size.

    Returns None if ``budget`` runs out first.

    Returns
    -------
    forced : list of int
        Implicants in some minimum cover for sure (sole options of a row along the way).
    core_cols : list of int
        Implicants left (at most one of any group with equal coverage of the core rows).
    core_rows : int
        Bitset of the rows left; 0 when ``forced`` covers everything.

    Examples
    --------
    >>> # implicant 3 is the only option of row 3; implicant 1 covers a subset of implicant 0
    >>> cyclic_core([0b0111, 0b0011, 0b0100, 0b1000], 4)
    ([3, 0], [], 0)
    """
    chart = _unpack(cover, n_rows)  # implicants x rows
    forced: list[int] = []
    rows = np.ones(n_rows, dtype=bool)
    alive = np.arange(len(cover))
    while rows.any():
        if budget is not None and budget.expired():
            return None
        sub = chart[np.ix_(alive, np.flatnonzero(rows))]
        live = sub.any(axis=1)
        alive, sub = alive[live], sub[live]
        sole = sub.sum(axis=0) == 1
        if sole.any():
            for c in sorted(set(alive[np.argmax(sub[:, sole], axis=0)].tolist())):
                if (chart[c] & rows).any():
                    forced.append(c)
                    rows &= ~chart[c]
            continue
        kept = _minimal_rows(sub)
        changed = not kept.all()
        if changed:
            rows[np.flatnonzero(rows)[~kept]] = False
            sub = np.take(sub, np.flatnonzero(kept), axis=1)  # (row-major, unlike sub[:, idx])
        undominated = _undominated(sub, budget)
        if undominated is None:
            return None
        if not changed and undominated.all():
            break
        alive = alive[undominated]
    core = 0
    for r in np.flatnonzero(rows).tolist():
        core |= 1 << r
    return forced, (alive.tolist() if core else []), core


def _minimal_rows(sub: np.ndarray) -> np.ndarray:
    """Rows to keep (row dominance): drop a row whose options contain another row's options.

    Of rows with equal options the first stays. ``sub`` is implicants x rows; the pairwise
    overlaps come from one product: dense on small charts (``SMALL_ROWS``, ``SMALL_WORK``), else
    sparse (which costs the sum of squared column sizes).
    """
    if _small(sub):  # small charts: one dense product, exact in floating point
        overlap = _row_overlaps(sub)
        size = np.diagonal(overlap)
        i, j = np.nonzero(overlap)
        inside = (overlap[i, j] == size[j]) & (i != j) & ((size[j] < size[i]) | (j < i))
        keep = np.ones(len(size), dtype=bool)
        keep[i[inside]] = False
        return keep
    from scipy.sparse import csr_matrix

    opts = csr_matrix(sub.T, dtype=np.int32)  # rows x implicants
    overlap = (opts @ opts.T).tocoo()          # |options(i) & options(j)|
    size = np.asarray(opts.sum(axis=1)).ravel()
    i, j = overlap.row, overlap.col
    # j's options within i's: i is dominated, unless the two are equal and i comes first
    inside = (overlap.data == size[j]) & (i != j) & ((size[j] < size[i]) | (j < i))
    keep = np.ones(len(size), dtype=bool)
    keep[i[inside]] = False
    return keep


def _small(chart: np.ndarray) -> bool:
    """Whether a chart (implicants x rows) is small enough for the dense paths."""
    n_cols, n_rows = chart.shape
    return n_rows <= SMALL_ROWS and n_rows * n_rows * n_cols <= SMALL_WORK


def _row_overlaps(chart: np.ndarray) -> np.ndarray:
    """``|options(i) & options(j)|`` for every pair of rows of a chart (bool, implicants x rows).

    A floating-point product: counts below 2**53 are exact.
    """
    opts = chart.T.astype(np.float64)
    return opts @ opts.T


def _undominated(sub: np.ndarray, budget=None) -> np.ndarray | None:
    """Implicants (rows of ``sub``) that no other implicant's rows contain (one of equals stays).

    An implicant is dominated when the options its rows share include another implicant with
    more rows, or an equal one later in the order (so the last of a group of equals stays).
    """
    n_cols = len(sub)
    words = np.packbits(sub.T, axis=1, bitorder="little")  # rows x implicant bits
    size = sub.sum(axis=1)
    cols, rows = np.nonzero(sub)
    starts = np.searchsorted(cols, np.arange(n_cols + 1)).tolist()
    reduce = np.bitwise_and.reduce
    keep = np.ones(n_cols, dtype=bool)
    for c in range(n_cols):
        if budget is not None and c % 2048 == 0 and budget.expired():
            return None
        common = reduce(words[rows[starts[c]:starts[c + 1]]], axis=0)
        common[c >> 3] &= ~np.uint8(1 << (c & 7))
        if not common.any():
            continue  # the usual case in a core: no other implicant covers all of c's rows
        byte = c >> 3
        if common[byte] >> (c & 7) or common[byte + 1:].any():
            keep[c] = False  # a later implicant covers all of c's rows: equal or larger
            continue
        others = np.flatnonzero(np.unpackbits(common[:byte + 1], bitorder="little"))
        if (size[others] > size[c]).any():
            keep[c] = False
    return keep


def _unpack(bitsets, n_bits: int) -> np.ndarray:
    """Bitsets as a boolean matrix (one row per bitset, bit ``r`` in column ``r``)."""
    n_bytes = max((n_bits + 7) // 8, 1)
    raw = b"".join(int(b).to_bytes(n_bytes, "little") for b in bitsets)
    packed = np.frombuffer(raw, dtype=np.uint8).reshape(len(bitsets), n_bytes)
    return np.unpackbits(packed, axis=1, bitorder="little", count=n_bits).astype(bool)
