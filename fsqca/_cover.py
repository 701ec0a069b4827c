"""Enumerate every minimum cover of a prime-implicant chart.

The chart is given as bitsets: ``covers[j]`` is an int whose bit ``r`` says that implicant
``j`` covers positive row ``r``. A *model* is a set of implicants covering every row with the
fewest implicants possible; with model ambiguity there are several.

Algorithm:

1. *Reductions that keep every minimum cover.* Essential implicants (sole cover of some row)
   are taken first; rows whose options are a superset of another row's are dropped (covering
   the smaller row covers them); implicants covering the same remaining rows are merged into
   one *class* (a minimum cover never holds two of them, so each class cover stands for the
   product of its class sizes). Column dominance is deliberately *not* applied: a dominated
   implicant can still appear in an alternative minimum model, and R's ``QCA`` lists those
   models too.
2. *The minimum size first* (:mod:`fsqca._mincover`): greedy and packing bounds, a short
   branch and bound, then the cyclic core of the chart solved exactly as a 0-1 integer
   program (HiGHS).
3. *Every cover of that size*, depth first: pick the uncovered row with the fewest options
   and branch on each option, excluding the options already tried in earlier branches, so
   that every cover is produced exactly once. Branches are pruned when the rows left need
   more implicants than the budget allows (disjoint-options packing bound; the ``budget``
   largest coverages, computed for every class at once on 64-bit words, must reach the
   number of rows left), and at a budget of one the covers are read off at once (the
   options common to every uncovered row). Each branching tries the classes of the cover
   found in step 2 first, so the first descent lists that cover and the next ones its
   neighbours. Counting stops at ``count_limit`` models or ``node_limit`` search nodes: the
   minimum size is still exact, the number of models is then a lower bound, and at least one
   minimum model is always listed.

Knowing the exact minimum first is what makes charts with heavy model ambiguity tractable:
the enumeration never explores covers larger than the minimum, and never needs to improve
an incumbent.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import islice, product

import numpy as np

from ._chart import _bit_list, _minimal_rows, _unpack, components
from ._chart import _pack_rows as _pack
from ._mincover import bounded_minimum
from ._mincover import packing_count as _packing_count

__all__ = ["CoverResult", "minimum_covers"]


@dataclass(frozen=True)
class CoverResult:
    models: list[tuple[int, ...]]
    essential: tuple[int, ...]
    size: int
    n_models: int
    capped: bool
    exhausted: bool  # False when counting stopped (``count_limit``, ``node_limit`` or the time budget)
    lower_bound: int | None = None  # proven lower bound on the minimum size (None: equals ``size``)
    n_blocks: int = 1               # independent blocks the reduced chart fell apart into

    @property
    def proven(self) -> bool:
        """Whether ``size`` is proven to be the minimum (otherwise it is the best size found)."""
        return self.lower_bound is None or self.lower_bound >= self.size


def minimum_covers(
    covers: list[int], n_rows: int, *, max_models: int | None = None, count_limit: int = 1_000_000,
    node_limit: int = 10_000, budget=None, decompose: bool = True,
) -> CoverResult:
    """All minimum covers of rows ``0..n_rows-1`` by the implicants ``covers``.

    Parameters
    ----------
    covers : list of int or numpy.ndarray
        Bitset of rows covered by each implicant, or a boolean matrix (implicants x rows).
    max_models : int, optional
        Keep at most this many models (the count goes on up to ``count_limit``).
    count_limit : int
        Stop counting models here (``exhausted`` is then False); per independent block.
    node_limit : int
        Stop the enumeration after this many search nodes (``exhausted`` is then False and the
        count is a lower bound; the minimum size is exact regardless); per independent block.
    budget : fsqca._budget.Budget, optional
        Time limit and progress reports. When it runs out before the minimum is proven, the
        result holds the best cover found (``proven`` False, ``lower_bound`` below ``size``).
    decompose : bool
        Solve the independent blocks of the reduced chart separately (the result is the same;
        ``False`` is for tests).

    Returns
    -------
    CoverResult
        ``models`` are sorted tuples of implicant indices, in sorted order.
    """
    if isinstance(covers, np.ndarray):
        chart = covers.astype(bool, copy=False)
        if chart.shape[1] != n_rows:
            raise ValueError(f"the chart has {chart.shape[1]} rows, expected {n_rows}")
    else:
        chart = _unpack(covers, n_rows)  # bool, implicants x rows
    uncoverable = np.flatnonzero(~chart.any(axis=0))
    if len(uncoverable):
        raise ValueError(f"row {uncoverable[0]} is covered by no implicant")
    sole = chart.sum(axis=0) == 1
    ess = tuple(sorted(set(np.argmax(chart[:, sole], axis=0).tolist()))) if sole.any() else ()
    left = ~chart[list(ess)].any(axis=0) if ess else np.ones(n_rows, dtype=bool)
    if not left.any():
        return CoverResult([ess], ess, len(ess), 1, False, True)
    if budget is not None:
        budget.update("chart reductions")
    # row dominance over the rows the essentials leave; of equal rows one stays
    # (columns by ``np.take``: indexing ``[:, idx]`` returns a column-major copy, on which every
    # later pass over the implicants runs several times slower; and no copy where nothing is
    # dropped: on a chart of 91,352 implicants each copy took 1 s)
    reduced = chart if left.all() else np.take(chart, np.flatnonzero(left), axis=1)
    minimal = _minimal_rows(reduced)
    reduced = reduced if minimal.all() else np.take(reduced, np.flatnonzero(minimal), axis=1)
    # (order the rows as before: by number of options, then by their bitset over implicants;
    # the classes below do not depend on the order, so the chart is reordered once, at the end)
    keys = _pack(reduced.T)
    row_order = sorted(range(len(keys)), key=lambda i: (keys[i].bit_count(), keys[i]))
    # implicants with the same coverage of the reduced rows form one class
    per_implicant = reduced.sum(axis=1)
    cand = np.flatnonzero(per_implicant)
    packed = np.ascontiguousarray(np.packbits(reduced if len(cand) == len(reduced) else reduced[cand], axis=1,
                                              bitorder="little"))
    # one opaque value per row: a 1-D unique, 30x faster than ``np.unique(axis=0)`` here
    as_void = packed.view(np.dtype((np.void, packed.shape[1]))).ravel()
    _, first, inverse = np.unique(as_void, return_index=True, return_inverse=True)
    groups: dict[int, list[int]] = {}
    for j, g in zip(cand.tolist(), inverse.ravel().tolist()):
        groups.setdefault(g, []).append(j)
    sizes = per_implicant[cand[first]].tolist()  # rows per class
    order = sorted(groups, key=lambda g: (-sizes[g], groups[g][0]))
    class_chart = np.take(reduced[cand[first[order]]], row_order, axis=1)  # classes x reduced rows
    members = [tuple(groups[g]) for g in order]
    blocks = components(class_chart) if decompose else [(np.arange(len(members)), np.arange(reduced.shape[1]))]

    parts = []  # per block: (models as implicant tuples, count, exhausted, size, lower)
    for i, (cls, rows) in enumerate(blocks):
        whole = len(cls) == class_chart.shape[0] and len(rows) == class_chart.shape[1]  # (then in order)
        block = class_chart if whole else np.take(class_chart[cls], rows, axis=1)
        class_cover, class_opts = _pack(block), _pack(block.T)
        if budget is not None:  # progress lines count the essentials and the blocks solved so far
            budget.set_part(f"block {i + 1} of {len(blocks)}" if len(blocks) > 1 else None,
                            len(ess) + sum(p[3] for p in parts), len(ess) + sum(p[4] for p in parts))
        found = bounded_minimum(class_cover, class_opts, budget, chart=block)
        block_members = [members[c] for c in cls.tolist()]
        if found.proven:
            if budget is not None:
                budget.update("listing models")
            models, count, exhausted = _enumerate(class_cover, class_opts, block_members, found.size, max_models,
                                                  count_limit, node_limit, found.cover, budget)
        else:  # time ran out: the best cover found, one implicant per class
            models, count, exhausted = [tuple(block_members[c][0] for c in found.cover)], 1, False
        parts.append((models, count, exhausted, found.size, found.lower))
    if budget is not None:
        budget.set_part(None)

    count, size, lower = 1, len(ess), len(ess)
    for _, n, _, s, lb in parts:
        count, size, lower = count * n, size + s, lower + lb
    room = None if max_models is None else max_models
    models = sorted(tuple(sorted(ess + tuple(j for m in combo for j in m)))
                    for combo in islice(product(*(p[0] for p in parts)), room))
    exhausted = all(p[2] for p in parts)
    capped = max_models is not None and count > len(models)
    return CoverResult(models, ess, size, count, capped, exhausted, None if lower >= size else lower, len(parts))


class _CoverageBound:
    """Whether ``budget`` classes can still cover the uncovered rows at all.

    The ``budget`` largest intersections of a class with the uncovered rows must add up to at
    least their number. Evaluated for every class at once on 64-bit words; ``banned`` marks
    the classes excluded in the current branch (they may not be used).
    """

    def __init__(self, class_cover: list[int], n_rows: int):
        self.n_words = max((n_rows + 63) // 64, 1)
        raw = b"".join(c.to_bytes(self.n_words * 8, "little") for c in class_cover)
        self.words = np.frombuffer(raw, dtype="<u8").reshape(len(class_cover), self.n_words)
        self.banned = np.zeros(len(class_cover), dtype=bool)
        self._and = np.empty_like(self.words)  # reused buffers: one search calls this per node
        self._bits = np.empty(self.words.shape, dtype=np.uint8)

    def as_words(self, bits: int) -> np.ndarray:
        return np.frombuffer(bits.to_bytes(self.n_words * 8, "little"), dtype="<u8")

    def counts(self, uncovered: int) -> np.ndarray:
        """Uncovered rows each allowed class covers (0 for banned classes)."""
        np.bitwise_and(self.words, self.as_words(uncovered), out=self._and)
        bits = _popcount(self._and, out=self._bits) if _popcount is np.bitwise_count else _popcount(self._and)
        counts = bits[:, 0].astype(np.int64) if self.n_words == 1 else bits.sum(axis=1, dtype=np.int64)
        counts[self.banned] = 0
        return counts

    @staticmethod
    def feasible(counts: np.ndarray, n_uncovered: int, budget: int) -> bool:
        most = int(counts.max())
        if most >= n_uncovered or most * budget < n_uncovered:
            return most >= n_uncovered  # settled without selecting the largest counts
        if budget >= len(counts):
            return int(counts.sum()) >= n_uncovered
        top = np.partition(counts, len(counts) - budget)[len(counts) - budget:]
        return int(top.sum()) >= n_uncovered


if hasattr(np, "bitwise_count"):
    _popcount = np.bitwise_count
else:  # numpy < 2.0
    def _popcount(words: np.ndarray) -> np.ndarray:
        return np.unpackbits(words.view(np.uint8), axis=-1).reshape(*words.shape, 64).sum(axis=-1)


def _enumerate(class_cover, class_opts, members, size, max_models, count_limit, node_limit, witness, timer=None):
    """Every cover by ``size`` classes, expanded into implicants.

    Counting stops at ``count_limit`` models or ``node_limit`` search nodes; ``witness`` (a
    cover of that size) is listed if the search stopped before finding any.
    """
    found: list[tuple[int, ...]] = []
    count = nodes = 0
    stopped = False
    weight = [len(m) for m in members]
    bound = _CoverageBound(class_cover, len(class_opts))
    banned, counts, feasible = bound.banned, bound.counts, bound.feasible
    first = set(witness or ())

    def emit(chosen: list[int]) -> None:
        nonlocal count, stopped
        if count >= count_limit:
            stopped = True  # a cover beyond the limit: the count is a lower bound
            return
        w = 1
        for c in chosen:
            w *= weight[c]
        if max_models is None or len(found) < max_models:
            _expand(chosen, members, found, max_models)
        count += w

    def dfs(uncovered: int, budget: int, allowed: int, chosen: list[int]) -> None:
        nonlocal nodes, stopped
        nodes += 1
        if nodes > node_limit:
            stopped = True
        elif timer is not None and nodes % 256 == 0:  # the time budget (``budget`` here is the size left)
            timer.update("listing models", nodes=nodes, best=size)
            stopped = timer.expired()
        if stopped:
            return
        if uncovered == 0:
            emit(chosen)  # budget is 0 here: no cover is smaller than ``size``
            return
        rows = _bit_list(uncovered)
        if budget == 1:
            common = allowed
            for i in rows:
                common &= class_opts[i]
            for c in _bit_list(common):
                chosen.append(c)
                emit(chosen)
                chosen.pop()
                if stopped:
                    return
            return
        masked = [class_opts[i] & allowed for i in rows]
        masked.sort(key=int.bit_count)
        if masked[0] == 0:
            return  # a row has no option left
        used = packed = 0  # rows with pairwise disjoint options each need their own class
        for o in masked:
            if o & used == 0:
                used |= o
                packed += 1
                if packed > budget:
                    return
        if not feasible(counts(uncovered), len(rows), budget):
            return
        opts = _bit_list(masked[0])
        opts = [c for c in opts if c in first] + [c for c in opts if c not in first]  # the witness first
        for c in opts:
            chosen.append(c)
            dfs(uncovered & ~class_cover[c], budget - 1, allowed & ~(1 << c), chosen)
            chosen.pop()
            allowed &= ~(1 << c)
            banned[c] = True
            if stopped:
                break
        banned[opts] = False

    dfs((1 << len(class_opts)) - 1, size, (1 << len(class_cover)) - 1, [])
    if not found and witness is not None:  # stopped before the witness-first dive reached it
        emit(list(witness))
    return found, count, not stopped


def _expand(chosen: list[int], members, found: list, max_models: int | None) -> None:
    """Append the implicant covers a class cover stands for (one implicant per class).

    In product order (the first class varies slowest), up to ``max_models`` in all.
    """
    room = None if max_models is None else max(max_models - len(found), 0)
    found.extend(islice(product(*(members[c] for c in chosen)), room))
