"""The minimum number of implicants that cover a prime-implicant chart, with one such cover.

:mod:`fsqca._cover` needs the exact minimum size before it lists the models of that size.
This module finds it, cheapest method first:

1. a greedy cover (upper bound) and a disjoint-options packing (lower bound); when they meet,
   that is the minimum;
2. a short depth-first branch and bound, which settles small charts;
3. otherwise the *cyclic core* (:mod:`fsqca._chart`; Coudert 1994; Rudell 1989): repeatedly take implicants that
   are the sole option of a row, drop rows whose options include another row's, and drop
   implicants whose rows are all covered by another single implicant. None of these steps
   changes the minimum size (a dominated implicant in a minimum cover can be swapped for its
   dominator), so the minimum is the number of implicants taken plus the minimum of the core,
   which is solved as a 0-1 integer program by HiGHS (Huangfu & Hall 2018);
   The core often falls apart into independent blocks (connected components of the
   row-implicant graph); each is solved on its own and the minimum sizes add up;
4. an unlimited branch and bound if the integer program fails.

With a time budget (:class:`fsqca._budget.Budget`) the search may stop before the proof:
:func:`bounded_minimum` then returns the best cover found and a proven lower bound (the
packing bound, or the integer program's dual bound plus the implicants taken).

The reductions of step 3 are only used for the *size*; listing the models must see every
implicant, dominated ones included (R's ``QCA`` lists models with them too).

References
----------
Coudert, O. (1994). Two-level logic minimization: an overview. *Integration* 17(2), 97-140.
Rudell, R. (1989). *Logic synthesis for VLSI design*. PhD thesis, UC Berkeley.
Huangfu, Q. & Hall, J. A. J. (2018). Parallelizing the dual revised simplex method.
*Mathematical Programming Computation* 10, 119-142.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ._chart import _bit_list, _pack_rows, _unpack, components, cyclic_core
from ._highs import solve_cover
from ._lagrange import lagrangian_cover, reduced_costs
from ._lpbound import raise_bound

__all__ = ["minimum_size", "bounded_minimum", "SizeResult", "milp_cover", "branch_and_bound", "packing_bound",
           "packing_count", "greedy_cover"]

#: Nodes of the quick branch and bound tried before the cyclic core and the integer program.
QUICK_NODES = 2_000

#: With a time limit, charts (or blocks of the core) with at least this many rows first get a
#: Lagrangian bound and cover (:mod:`fsqca._lagrange`), the cover then improved by local
#: search (:mod:`fsqca._localsearch`), for at most ``LAGRANGE_SHARE`` of the time left (on
#: the whole chart when the cyclic core is not computed: all of it); the integer program then
#: starts from the better cover, and if time runs out the better of the two bounds is
#: reported. Smaller charts are solved as before.
LAGRANGE_ROWS = 200
LAGRANGE_SHARE = 0.3
#: With a time limit, a chart that skips the cyclic core gives the Lagrangian step and the
#: local search at most this share of the time left, and the rest to raising the bound
#: (:mod:`fsqca._lpbound`). On the near-crisp k = 16 chart the local search found its best
#: cover (72) 9 s into its share and stopped on its own 6 s later; the bound of 65 then took
#: about 21 s.
ALONE_SHARE = 0.5
#: With a time limit, the cyclic core of a chart with at least ``LAGRANGE_ROWS`` rows may take
#: at most this share of the time left; past it the Lagrangian step runs on the whole chart.
CORE_SHARE = 0.3
#: With a time limit, a chart of at least ``LAGRANGE_ROWS`` rows and more than this many
#: implicants skips the cyclic core: its column dominance took over 70 s on the 71,327
#: implicant classes of the near-crisp k = 16 chart (3-12 s on the 10,000 or so of k = 14,
#: depending on the load), and the Lagrangian bound is the same without it.
CORE_COLS = 40_000


@dataclass(frozen=True)
class SizeResult:
    """A cover of the chart (``cover``, its size ``size``) and a proven lower bound ``lower``
    on the minimum size; ``proven`` when the two meet."""

    size: int
    cover: list[int]
    lower: int

    @property
    def proven(self) -> bool:
        return self.lower >= self.size

def bits(x: int):
    """Indices of the set bits of ``x``, lowest first."""
    while x:
        low = x & -x
        yield low.bit_length() - 1
        x ^= low


def packing_bound(rows, row_opts: list[int], allowed: int) -> int:
    """Rows whose (allowed) options are pairwise disjoint each need their own implicant."""
    return packing_count(sorted((row_opts[i] & allowed for i in rows), key=int.bit_count))


def packing_count(sorted_opts, cap: int | None = None) -> int:
    """:func:`packing_bound` on option sets already sorted by size; stops once past ``cap``."""
    used = count = 0
    for o in sorted_opts:
        if o & used == 0:
            used |= o
            count += 1
            if cap is not None and count > cap:
                break
    return count


def greedy_cover(chart: np.ndarray, left: np.ndarray | None = None) -> list[int]:
    """A greedy cover of the rows ``left`` (all by default) of ``chart`` (bool, implicants x
    rows), most new rows first, the lowest index of ties: an upper bound on the minimum size.

    The counts of new rows per implicant are kept up to date as rows get covered, so the
    whole run costs one pass over the chart.

    >>> greedy_cover(np.array([[1, 1, 0, 0], [0, 1, 1, 0], [0, 0, 1, 1], [1, 0, 0, 1]], dtype=bool))
    [0, 2]
    """
    left = np.ones(chart.shape[1], dtype=bool) if left is None else left.copy()
    counts = chart[:, np.flatnonzero(left)].sum(axis=1)
    chosen = []
    while left.any():
        best = int(np.argmax(counts))
        newly = chart[best] & left
        left &= ~newly
        counts -= chart[:, newly].sum(axis=1)
        chosen.append(best)
    return chosen


def minimum_size(cover: list[int], row_opts: list[int]) -> tuple[int, list[int]]:
    """The minimum number of implicants that cover every row, and one such cover.

    Parameters
    ----------
    cover : list of int
        Bitset of rows per implicant.
    row_opts : list of int
        Bitset of implicants per row (the transpose of ``cover``).

    Examples
    --------
    >>> cover = [0b0011, 0b0110, 0b1100, 0b1001]   # a 4-cycle: two implicants suffice
    >>> opts = [0b1001, 0b0011, 0b0110, 0b1100]
    >>> minimum_size(cover, opts)
    (2, [0, 2])
    """
    res = bounded_minimum(cover, row_opts)
    return res.size, res.cover


def bounded_minimum(cover: list[int], row_opts: list[int], budget=None, chart: np.ndarray | None = None
                    ) -> SizeResult:
    """The minimum cover size, or (when ``budget`` runs out) the best cover found and a lower bound.

    Without a budget, or with time to spare, the result is proven (``lower == size``).
    ``chart``, the same chart as a bool matrix (implicants x rows), saves unpacking ``cover``
    where the caller holds it (2 s on a chart of 71,327 implicants).

    Examples
    --------
    >>> bounded_minimum([0b0011, 0b0110, 0b1100, 0b1001], [0b1001, 0b0011, 0b0110, 0b1100])
    SizeResult(size=2, cover=[0, 2], lower=2)
    """
    n_rows = len(row_opts)
    if budget is not None:
        budget.update("minimum size (greedy and packing bounds)")
    if chart is None:
        chart = _unpack(cover, n_rows)
    greedy = greedy_cover(chart)
    lb = packing_bound(range(n_rows), row_opts, (1 << len(cover)) - 1)
    if lb == len(greedy):
        return SizeResult(lb, greedy, lb)
    if budget is not None and budget.expired():
        return SizeResult(len(greedy), greedy, lb)
    timed = budget is not None and budget.remaining() is not None and n_rows >= LAGRANGE_ROWS
    alone = timed and len(cover) > CORE_COLS  # the whole chart, without its cyclic core
    best = greedy
    if not alone:  # (the quick search cannot settle such a chart: 3.3 s for nothing at k = 16)
        best, finished = branch_and_bound(cover, row_opts, greedy, node_limit=QUICK_NODES, budget=budget)
        if finished:
            return SizeResult(len(best), best, len(best))
    if budget is not None and not alone:
        budget.update("minimum size (cyclic core)", best=len(best), bound=lb)
    if timed:
        _compile_local_search(budget)
    if alone:
        reduced = None  # its column dominance would not finish: leave the time to the search
    else:
        reduced = cyclic_core(cover, n_rows, _Share(budget, CORE_SHARE) if timed else budget)
    if reduced is None:  # out of time (or of the core's share of it)
        if timed and not budget.expired():
            lag = _lagrange(chart, budget, best, ALONE_SHARE)
            if len(lag.cover) < len(best):
                best = lag.cover
            lb = max(lb, lag.lower)
            if lb < len(best) and not budget.expired():
                raised = raise_bound(chart, reduced_costs(chart, lag.multipliers), lb, best, budget)
                best, lb = raised.cover, max(lb, raised.lower)
        return SizeResult(len(best), best, min(lb, len(best)))
    forced, core_cols, core_rows = reduced
    if not core_rows:
        return SizeResult(len(forced), forced, len(forced))
    core = np.take(_unpack([cover[c] for c in core_cols], n_rows), _bit_list(core_rows), axis=1)  # implicants x core rows
    parts = components(core)
    blocks = [core[np.ix_(cols, rows)] for cols, rows in parts]
    starts = [greedy_cover(blk) for blk in blocks]
    chosen, lower, proven = list(forced), len(forced), True
    for i, ((cols, _), blk, start) in enumerate(zip(parts, blocks, starts)):
        blk_cover, blk_opts = _pack_rows(blk), _pack_rows(blk.T)
        rest = sum(map(len, starts[i + 1:]))  # the other blocks' greedy covers, for progress reports
        lag_lower = 0
        if budget is not None and budget.remaining() is not None and blk.shape[1] >= LAGRANGE_ROWS:
            lag = _lagrange(blk, budget, start, LAGRANGE_SHARE)
            start, lag_lower = (lag.cover if len(lag.cover) < len(start) else start), lag.lower
            if lag_lower >= len(start):  # the Lagrangian bound proves the cover minimal
                chosen += [core_cols[cols[c]] for c in start]
                lower += len(start)
                continue
        res = solve_cover(blk.T, budget, incumbent=start, offsets=(len(chosen) + rest, lower))
        valid = res.cover is not None and _is_cover(blk_cover, res.cover, blk.shape[1])
        if res.optimal and valid:
            pick = res.cover
            lower += len(pick)
        else:
            proven = False
            if res.cover is None and not (budget is not None and budget.expired()):
                # the solver failed outright: settle the size by an unlimited branch and bound
                best, finished = branch_and_bound(cover, row_opts, best, node_limit=None, budget=budget)
                if finished:
                    return SizeResult(len(best), best, len(best))
                return SizeResult(len(best), best, lb)
            pick = res.cover if valid and len(res.cover) < len(start) else start
            lower += max(res.lower, lag_lower,
                         packing_bound(range(blk.shape[1]), blk_opts, (1 << len(blk_cover)) - 1))
        chosen += [core_cols[cols[c]] for c in pick]
    if proven:
        return SizeResult(len(chosen), sorted(chosen), len(chosen))
    if len(chosen) < len(best):
        best = sorted(chosen)
    return SizeResult(len(best), best, min(max(lower, lb), len(best)))


def _lagrange(chart: np.ndarray, budget, incumbent: list[int], share: float):
    """:func:`fsqca._lagrange.lagrangian_cover` on ``chart`` within ``share`` of the time left,
    then the local search of :mod:`fsqca._localsearch` from its best cover for the rest of
    that share (on the implicants of lowest Lagrangian reduced cost)."""
    budget.update("minimum size (Lagrangian bound)", best=len(incumbent))
    deadline = budget.clock() + share * budget.remaining()
    lag = lagrangian_cover(chart, budget, incumbent=incumbent, deadline=deadline, clock=budget.clock,
                           refine=False)
    if lag.lower < len(lag.cover) and budget.clock() < deadline and not budget.expired():
        from ._localsearch import local_search_cover  # (numba: imported only for such charts)

        found = local_search_cover(chart, lag.cover, lower=lag.lower, budget=budget, deadline=deadline,
                                   clock=budget.clock, costs=reduced_costs(chart, lag.multipliers))
        lag = replace(lag, cover=found.cover)
    return lag


def _compile_local_search(budget) -> None:
    """Compile (or load from numba's cache) the local search before the time is shared out.

    The first call after installation compiles it (about 6 s); done here, that time is gone
    before the cyclic core's and the Lagrangian step's shares are taken from the time left,
    instead of overrunning the share in which the search first runs. Later calls load it from
    the cache (about 1 s with numba's import). A chart proven by the Lagrangian bound alone
    pays this for nothing.
    """
    budget.update("minimum size (compiling the local search)")
    from ._localsearch import local_search_cover  # (numba: imported only for such charts)

    local_search_cover(np.array([[True, False], [False, True], [True, True]]), [0, 1], max_steps=1)


class _Share:
    """A budget that expires after ``share`` of the time left (or with ``budget``); reports
    go to ``budget``."""

    def __init__(self, budget, share: float):
        self.budget = budget
        self.deadline = budget.clock() + share * budget.remaining()

    def expired(self) -> bool:
        return self.budget.expired() or self.budget.clock() >= self.deadline

    def update(self, *args, **kwargs) -> None:
        self.budget.update(*args, **kwargs)


def milp_cover(cover: list[int], n_rows: int, lb: int, ub: int) -> list[int] | None:
    """A minimum cover by 0-1 integer programming (HiGHS), or None if the solver fails.

    ``lb`` and ``ub`` are known bounds on the minimum; a solution outside them, or one that
    does not cover every row, is not trusted.
    """
    res = solve_cover(_unpack(cover, n_rows).T)
    if not res.optimal or not _is_cover(cover, res.cover, n_rows) or not lb <= len(res.cover) <= ub:
        return None
    return res.cover


def _is_cover(cover: list[int], chosen, n_rows: int) -> bool:
    covered = 0
    for c in chosen or ():
        covered |= cover[c]
    return chosen is not None and covered == (1 << n_rows) - 1


def branch_and_bound(cover, row_opts, incumbent: list[int], node_limit: int | None, budget=None):
    """A minimum cover by depth-first branch and bound; ``finished`` is False at the node limit
    (or when ``budget`` runs out)."""
    best = list(incumbent)
    nodes = 0

    def dfs(uncovered: int, chosen: list[int], allowed: int) -> bool:
        nonlocal best, nodes
        nodes += 1
        if node_limit is not None and nodes > node_limit:
            return False
        if budget is not None and nodes % 1024 == 0:
            budget.update("minimum size (branch and bound)", nodes=nodes, best=len(best))
            if budget.expired():
                return False
        if uncovered == 0:
            if len(chosen) < len(best):
                best = list(chosen)
            return True
        masked = [row_opts[i] & allowed for i in _bit_list(uncovered)]
        masked.sort(key=int.bit_count)  # stable: the first is the first row with the fewest options
        if len(chosen) + packing_count(masked) >= len(best):
            return True
        for c in _bit_list(masked[0]):
            chosen.append(c)
            ok = dfs(uncovered & ~cover[c], chosen, allowed & ~(1 << c))
            chosen.pop()
            if not ok:
                return False
            allowed &= ~(1 << c)
        return True

    finished = dfs((1 << len(row_opts)) - 1, [], (1 << len(cover)) - 1)
    return best, finished
