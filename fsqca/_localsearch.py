"""Row-weighting local search for large unit-cost set-covering charts.

With a time limit, the Lagrangian covers of :mod:`fsqca._lagrange` and HiGHS's heuristics
stall some implicants above the lower bound on the hardest charts. This module improves the
best cover they found by the row-weighting local search RWLS of Gao, Yao, Weise & Li (2015):

- the search keeps a set ``S`` of implicants and a weight ``w_i >= 1`` per row (all 1 at the
  start). An implicant's *score* is what flipping it changes in the weight of uncovered rows:
  for ``j`` outside ``S`` the weight of the uncovered rows it covers, for ``j`` in ``S`` minus
  the weight of the rows only ``j`` covers;
- whenever ``S`` covers every row it is recorded (if smaller than the best so far) and the
  implicant of highest score leaves it, so the search goes on with one implicant fewer;
- otherwise one step swaps two implicants: the implicant of ``S`` with the highest score
  leaves (not the one added last: a one-step tabu), then a random uncovered row is chosen and
  the implicant of highest score that covers it enters, among those whose *configuration*
  changed since they last left ``S`` (configuration checking, Cai, Su & Sattar 2011, as NuSC
  uses it for set covering, Wang et al. 2017: here a change of a covered/uncovered state of one
  of its rows); ties go to the implicant unchanged for longest (RWLS's time stamps);
- after each step the weights of the rows still uncovered grow by one, so rows that stay
  uncovered pull the search towards implicants that cover them.

The inner loop is compiled with numba (``cache=True``: the compilation, about 6 s, is paid once
per installation, inside the time budget, and before the budget is shared out between the
steps of :mod:`fsqca._mincover`, so that it overruns no step's share) and runs in chunks of ``CHUNK`` steps between which
the clock, the budget and the progress reports are checked. The only random choice (the
uncovered row) comes from a SplitMix64 generator seeded with ``SEED = 20150523`` (Steele, Lea &
Flood 2014), so the same chart, start and number of steps always give the same cover; with a
time limit the number of steps, and so the cover, depends on the speed of the machine. The
result is checked: it covers every row and is never larger than the start (otherwise the start
is returned).

References
----------
Gao, C., Yao, X., Weise, T. & Li, J. (2015). An efficient local search heuristic with row
weighting for the unicost set covering problem. *European Journal of Operational Research*
246(3), 750-761.
Wang, Y., Ouyang, D., Zhang, L. & Yin, M. (2017). A novel local search for unicost set covering
problem using hyperedge configuration checking and weight diversity. *Science China
Information Sciences* 60, 062103.
Cai, S., Su, K. & Sattar, A. (2011). Local search with edge weighting and configuration checking
heuristics for minimum vertex cover. *Artificial Intelligence* 175(9-10), 1672-1696.
Steele, G. L., Lea, D. & Flood, C. H. (2014). Fast splittable pseudorandom number generators.
*OOPSLA 2014*, 453-472.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit

__all__ = ["LocalSearchResult", "local_search_cover", "SEED", "CHUNK", "KEEP", "PATIENCE"]

#: The seed of the random row choices (the publication date of Gao et al. 2015).
SEED = 20150523
#: The search stops after ``PATIENCE`` steps per row without a smaller cover.
PATIENCE = 4000
#: With implicant costs, the implicants of lowest cost kept per row.
KEEP = 30
#: Steps of the compiled loop between two checks of the clock and the budget.
CHUNK = 20_000

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)


@dataclass(frozen=True)
class LocalSearchResult:
    """The best cover found (column indices, sorted) and the number of steps run."""

    cover: list[int]
    steps: int


@njit(cache=True, nogil=True)
def _next_random(state) -> np.uint64:
    """SplitMix64: the next 64-bit number of the generator whose state is ``state[0]``."""
    state[0] += _GOLDEN
    z = state[0]
    z = (z ^ (z >> np.uint64(30))) * _MIX1
    z = (z ^ (z >> np.uint64(27))) * _MIX2
    return z ^ (z >> np.uint64(31))


@njit(cache=True, nogil=True)
def _add(j, col_ptr, col_rows, row_ptr, row_cols, in_sol, count, solsum, weight, score,
         can_add, sol, sol_pos, uncov, uncov_pos, meta):
    """Put implicant ``j`` into ``S`` and update counts, scores and the uncovered rows."""
    in_sol[j] = 1
    sol_pos[j] = meta[2]
    sol[meta[2]] = j
    meta[2] += 1
    for p in range(col_ptr[j], col_ptr[j + 1]):
        i = col_rows[p]
        count[i] += 1
        solsum[i] += j
        if count[i] == 1:  # row i was uncovered: no other implicant gains it by entering now
            for q in range(row_ptr[i], row_ptr[i + 1]):
                k = row_cols[q]
                if k != j:
                    score[k] -= weight[i]
                    can_add[k] = 1
            last = uncov[meta[3] - 1]  # drop i from the uncovered list
            uncov[uncov_pos[i]] = last
            uncov_pos[last] = uncov_pos[i]
            uncov_pos[i] = -1
            meta[3] -= 1
        elif count[i] == 2:  # the former sole cover of row i no longer loses it by leaving
            score[solsum[i] - j] += weight[i]
    score[j] = -score[j]


@njit(cache=True, nogil=True)
def _remove(j, col_ptr, col_rows, row_ptr, row_cols, in_sol, count, solsum, weight, score,
            can_add, sol, sol_pos, uncov, uncov_pos, meta):
    """Take implicant ``j`` out of ``S`` and update counts, scores and the uncovered rows."""
    in_sol[j] = 0
    last = sol[meta[2] - 1]
    sol[sol_pos[j]] = last
    sol_pos[last] = sol_pos[j]
    sol_pos[j] = -1
    meta[2] -= 1
    for p in range(col_ptr[j], col_ptr[j + 1]):
        i = col_rows[p]
        count[i] -= 1
        solsum[i] -= j
        if count[i] == 0:  # row i becomes uncovered: every other implicant on it gains it
            for q in range(row_ptr[i], row_ptr[i + 1]):
                k = row_cols[q]
                if k != j:
                    score[k] += weight[i]
                    can_add[k] = 1
            uncov[meta[3]] = i
            uncov_pos[i] = meta[3]
            meta[3] += 1
        elif count[i] == 1:  # the one implicant left on row i now loses it by leaving
            score[solsum[i]] -= weight[i]
    score[j] = -score[j]
    can_add[j] = 0


@njit(cache=True, nogil=True)
def _pick_leaving(sol, n_sol, score, stamp, tabu):
    """The implicant of ``S`` with the highest score (not ``tabu``), the oldest on ties."""
    best, best_score, best_stamp = -1, 0, 0
    for t in range(n_sol):
        j = sol[t]
        if j == tabu:
            continue
        if best < 0 or score[j] > best_score or (score[j] == best_score and stamp[j] < best_stamp):
            best, best_score, best_stamp = j, score[j], stamp[j]
    return best


@njit(cache=True, nogil=True)
def _search(n_steps, lower, col_ptr, col_rows, row_ptr, row_cols, in_sol, count, solsum, weight,
            score, stamp, can_add, sol, sol_pos, uncov, uncov_pos, best, rng, meta):
    """Run at most ``n_steps`` steps of RWLS; ``meta`` = [steps, tabu, |S|, uncovered, |best|,
    step of the last better cover]."""
    for _ in range(n_steps):
        meta[0] += 1
        step = meta[0]
        if meta[3] == 0:  # S covers every row: keep it if smaller, then try one implicant fewer
            if meta[2] < meta[4]:
                meta[4] = meta[2]
                meta[5] = step
                for t in range(meta[2]):
                    best[t] = sol[t]
                if meta[4] <= lower:
                    return
            j = _pick_leaving(sol, meta[2], score, stamp, -1)
            _remove(j, col_ptr, col_rows, row_ptr, row_cols, in_sol, count, solsum, weight, score,
                    can_add, sol, sol_pos, uncov, uncov_pos, meta)
            stamp[j] = step
            continue
        j = _pick_leaving(sol, meta[2], score, stamp, meta[1])
        if j >= 0:
            _remove(j, col_ptr, col_rows, row_ptr, row_cols, in_sol, count, solsum, weight, score,
                    can_add, sol, sol_pos, uncov, uncov_pos, meta)
            stamp[j] = step
        i = uncov[np.int64(_next_random(rng) % np.uint64(meta[3]))]
        enter, enter_any = -1, -1
        for q in range(row_ptr[i], row_ptr[i + 1]):
            k = row_cols[q]
            if enter_any < 0 or score[k] > score[enter_any] or (
                    score[k] == score[enter_any] and stamp[k] < stamp[enter_any]):
                enter_any = k
            if can_add[k] and (enter < 0 or score[k] > score[enter] or (
                    score[k] == score[enter] and stamp[k] < stamp[enter])):
                enter = k
        if enter < 0:  # no implicant of the row has a changed configuration: take the best anyway
            enter = enter_any
        _add(enter, col_ptr, col_rows, row_ptr, row_cols, in_sol, count, solsum, weight, score,
             can_add, sol, sol_pos, uncov, uncov_pos, meta)
        stamp[enter] = step
        meta[1] = enter
        for t in range(meta[3]):  # the rows still uncovered weigh one more
            r = uncov[t]
            weight[r] += 1
            for q in range(row_ptr[r], row_ptr[r + 1]):
                score[row_cols[q]] += 1


def _cheapest(chart: np.ndarray, costs: np.ndarray, keep: int, start) -> np.ndarray:
    """The implicants among the ``keep`` of lowest cost on some row, and those of ``start``."""
    rows, cols = np.nonzero(chart.T)  # entries ordered by row
    order = np.lexsort((cols, costs[cols], rows))  # per row: by cost, then by index
    row_ptr = np.searchsorted(rows, np.arange(chart.shape[1] + 1))
    rank = np.arange(len(order)) - row_ptr[rows[order]]
    chosen = np.zeros(chart.shape[0], dtype=bool)
    chosen[cols[order[rank < keep]]] = True
    chosen[list(start)] = True
    return np.flatnonzero(chosen)


def _csr(chart: np.ndarray):
    """Column-to-row and row-to-column adjacency of ``chart`` (bool, implicants x rows)."""
    cols, rows = np.nonzero(chart)
    col_ptr = np.searchsorted(cols, np.arange(chart.shape[0] + 1)).astype(np.int64)
    order = np.argsort(rows, kind="stable")
    row_ptr = np.searchsorted(rows[order], np.arange(chart.shape[1] + 1)).astype(np.int64)
    return col_ptr, rows.astype(np.int64), row_ptr, cols[order].astype(np.int64)


def local_search_cover(chart: np.ndarray, start, *, lower: int = 0, budget=None,
                       deadline: float | None = None, clock=None, max_steps: int | None = None,
                       costs: np.ndarray | None = None, seed: int = SEED) -> LocalSearchResult:
    """A cover of ``chart`` no larger than ``start``, improved by row-weighting local search.

    Parameters
    ----------
    chart : numpy.ndarray
        Bool, implicants x rows; every row covered by some implicant.
    start : list of int
        A cover of ``chart`` (implicant indices) to start from.
    lower : int
        A lower bound on the minimum size: the search stops when it finds a cover of that size.
    budget : fsqca._budget.Budget, optional
        Progress reports; the search also stops when it expires.
    deadline, clock : optional
        Stop when ``clock() >= deadline`` (a share of the time budget).
    max_steps : int, optional
        Stop after this many steps (rounded up to whole chunks of ``CHUNK``). Without any of
        ``budget``, ``deadline`` or ``max_steps`` the search runs ``CHUNK`` steps. In any case
        it stops after ``PATIENCE`` steps per row (at least ``CHUNK``) without a smaller cover.
    costs : numpy.ndarray, optional
        A cost per implicant (e.g. its Lagrangian reduced cost): the search then uses only the
        ``KEEP`` implicants of lowest cost on each row (ties: the lower index), and those of
        ``start``, as the core problems of Caprara, Fischetti & Toth (1999) do. Without it,
        every implicant.
    seed : int
        Seed of the random row choices (default ``SEED`` = 20150523).

    Returns
    -------
    LocalSearchResult
        The best cover found (sorted; ``start`` itself, sorted, when nothing smaller was found)
        and the steps run.

    Examples
    --------
    Six rows, and a start that takes three implicants where two suffice:

    >>> chart = np.array([[1, 1, 1, 0, 0, 0],
    ...                   [0, 0, 0, 1, 1, 1],
    ...                   [1, 1, 0, 0, 0, 0],
    ...                   [0, 0, 1, 1, 0, 0],
    ...                   [0, 0, 0, 0, 1, 1]], dtype=bool)
    >>> res = local_search_cover(chart, [2, 3, 4], lower=2, max_steps=1000)
    >>> res.cover
    [0, 1]
    """
    chart = np.asarray(chart, dtype=bool)
    start = sorted({int(c) for c in start})
    if chart.shape[1] == 0 or len(start) <= max(lower, 0):
        return LocalSearchResult(start, 0)
    if costs is not None:
        cols = _cheapest(chart, np.asarray(costs, dtype=np.float64), KEEP, start)
        where = np.full(chart.shape[0], -1, dtype=np.int64)
        where[cols] = np.arange(len(cols))
        res = local_search_cover(chart[cols], where[start].tolist(), lower=lower, budget=budget,
                                 deadline=deadline, clock=clock, max_steps=max_steps, seed=seed)
        return LocalSearchResult(sorted(cols[res.cover].tolist()), res.steps)
    n_cols, n_rows = chart.shape
    col_ptr, col_rows, row_ptr, row_cols = _csr(chart)
    in_sol = np.zeros(n_cols, dtype=np.uint8)
    count = np.zeros(n_rows, dtype=np.int64)
    solsum = np.zeros(n_rows, dtype=np.int64)
    weight = np.ones(n_rows, dtype=np.int64)
    score = np.zeros(n_cols, dtype=np.int64)
    stamp = np.zeros(n_cols, dtype=np.int64)
    can_add = np.ones(n_cols, dtype=np.uint8)
    sol = np.zeros(n_cols, dtype=np.int64)
    sol_pos = np.full(n_cols, -1, dtype=np.int64)
    # the start: every row's count and cover sum, then the scores for unit weights
    in_sol[start] = 1
    sol[:len(start)] = start
    sol_pos[start] = np.arange(len(start))
    chosen = chart[start]
    count[:] = chosen.sum(axis=0)
    solsum[:] = (np.asarray(start, dtype=np.int64)[:, None] * chosen).sum(axis=0)
    if (count == 0).any():
        raise ValueError("local_search_cover: the start does not cover every row")
    sole = (count == 1)
    score[start] = -(chart[start] & sole).sum(axis=1)
    uncov = np.zeros(n_rows, dtype=np.int64)
    uncov_pos = np.full(n_rows, -1, dtype=np.int64)
    best = np.array(start + [0] * (n_cols - len(start)), dtype=np.int64)
    rng = np.array([np.uint64(seed % (1 << 64))], dtype=np.uint64)
    meta = np.array([0, -1, len(start), 0, len(start), 0], dtype=np.int64)
    timed = budget is not None or deadline is not None
    limit = max_steps if max_steps is not None else (None if timed else CHUNK)
    while True:
        _search(CHUNK, lower, col_ptr, col_rows, row_ptr, row_cols, in_sol, count, solsum, weight,
                score, stamp, can_add, sol, sol_pos, uncov, uncov_pos, best, rng, meta)
        steps, size = int(meta[0]), int(meta[4])
        if budget is not None:
            budget.update("minimum size (local search)", nodes=steps, best=size, bound=lower)
        if size <= lower or (limit is not None and steps >= limit):
            break
        if steps - int(meta[5]) >= max(PATIENCE * n_rows, CHUNK):
            break  # stalled (also ends the search on a clock that does not move)
        if (budget is not None and budget.expired()) or (deadline is not None and clock() >= deadline):
            break
    found = sorted(best[:size].tolist())
    if size < len(start) and chart[found].any(axis=0).all():
        return LocalSearchResult(found, steps)
    return LocalSearchResult(start, steps)
