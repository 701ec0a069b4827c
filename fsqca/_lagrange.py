"""Lagrangian bounds and covers for large unit-cost set-covering charts.

When a chart is too large for the cyclic core and the integer program to finish within a
time limit, the Lagrangian relaxation of the covering constraints gives, for any row weights
``u >= 0``, the lower bound

    L(u) = sum_i u_i + sum_j min(0, 1 - sum_{i in j} u_i)

on the minimum number of implicants (every cover pays at least ``u_i`` for each row it covers
and at least ``1 - sum u`` for each implicant it takes). Subgradient optimisation (Held & Karp
1971; Beasley 1990) moves ``u`` towards the best such bound, which equals the LP relaxation's
at its optimum; the step size is halved whenever the bound stalls (Beasley 1990). Along the
way a greedy cover scored by the Lagrangian costs (their primal heuristic), cleared of
redundant implicants, gives covers.

Everything here is deterministic (no random numbers), and every bound returned is the exact
value ``L(u)`` rounded up, so it never exceeds the minimum.

References
----------
Held, M. & Karp, R. M. (1971). The traveling-salesman problem and minimum spanning trees:
part II. *Mathematical Programming* 1, 6-25.
Beasley, J. E. (1990). A Lagrangian heuristic for set-covering problems. *Naval Research
Logistics* 37(1), 151-164.
Caprara, A., Fischetti, M. & Toth, P. (1999). A heuristic method for the set covering problem.
*Operations Research* 47(5), 730-743.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

__all__ = ["LagrangeResult", "lagrangian_cover", "lagrangian_bound", "reduced_costs", "redundancy_free", "swap_down"]

#: Subgradient iterations between two greedy covers.
PERIOD = 20
#: Step-size multiplier at the start, iterations without a better bound before it is halved,
#: and the multiplier at which the search counts as converged (Beasley 1990: 2, 30, 0.005).
START_STEP, PATIENCE, MIN_STEP = 2.0, 30, 0.005
#: Column fixing: the share of rows the fixed implicants cover at first, its growth per round,
#: and the subgradient iterations on the rows left.
FIX_START, FIX_STEP, REFINE_ITER = 0.3, 0.1, 300


@dataclass(frozen=True)
class LagrangeResult:
    """The best cover found (column indices, sorted), the best bound ``L(u)`` (a float) and its
    integer round-up ``lower`` (the optimum is whole), the iterations run, and the row weights
    ``multipliers`` of the best bound (their reduced costs ``1 - sum u`` rank the implicants)."""

    cover: list[int]
    bound: float
    lower: int
    iterations: int
    multipliers: np.ndarray | None = field(default=None, compare=False, repr=False)


def lagrangian_bound(a, u: np.ndarray) -> float:
    """``L(u)`` for a chart ``a`` (scipy CSR, columns x rows) and row weights ``u >= 0``.

    >>> from scipy.sparse import csr_matrix
    >>> a = csr_matrix(np.array([[1, 1, 0], [0, 1, 1], [1, 0, 1]], dtype=float))  # a triangle
    >>> lagrangian_bound(a, np.full(3, 0.5))     # the LP optimum 1.5: two implicants needed
    1.5
    """
    reduced = 1.0 - a @ u
    return float(u.sum() + np.minimum(reduced, 0.0).sum())


def reduced_costs(chart: np.ndarray, u: np.ndarray) -> np.ndarray:
    """The reduced costs ``1 - sum_{i in j} u_i`` of the implicants of ``chart`` (bool,
    implicants x rows) under row weights ``u``; sparse, since the dense float copy of a chart
    of 70,000 implicants took 25 s and 700 MB.

    >>> reduced_costs(np.array([[1, 1, 0], [0, 1, 1]], dtype=bool), np.array([0.5, 0.25, 0.0])).tolist()
    [0.25, 0.75]
    """
    from scipy.sparse import csr_matrix

    return 1.0 - csr_matrix(chart, dtype=np.float64) @ u


def redundancy_free(chart: np.ndarray, cover) -> list[int]:
    """Drop implicants of ``cover`` whose rows the others cover too, the smallest first (ties:
    the higher index first); ``chart`` is bool, columns x rows.

    >>> chart = np.array([[1, 1, 0], [0, 1, 1], [1, 1, 1]], dtype=bool)
    >>> redundancy_free(chart, [0, 1, 2])
    [2]
    """
    cover = list(cover)
    counts = chart[cover].sum(axis=0)
    for j in sorted(cover, key=lambda c: (int(chart[c].sum()), -c)):
        rows = chart[j]
        if (counts[rows] >= 2).all():
            counts[rows] -= 1
            cover.remove(j)
    return sorted(cover)


def swap_down(chart: np.ndarray, cover, opts: np.ndarray | None = None) -> list[int]:
    """Replace two implicants of ``cover`` by one wherever a single implicant covers every row
    that only those two cover; repeated until no such pair is left (first pair in index order
    first). ``opts`` are the packed options per row (``np.packbits(chart.T, axis=1)``).

    >>> chart = np.array([[1, 0, 0], [0, 1, 0], [1, 1, 0], [0, 0, 1]], dtype=bool)
    >>> swap_down(chart, [0, 1, 3])
    [2, 3]
    """
    if opts is None:
        opts = np.packbits(chart.T, axis=1, bitorder="little")
    cover = sorted(cover)
    counts = chart[cover].sum(axis=0)
    improved = True
    while improved:
        improved = False
        for i in range(len(cover)):
            for k in range(i + 1, len(cover)):
                p, q = cover[i], cover[k]
                left = counts - chart[p] - chart[q]
                freed = np.flatnonzero(left == 0)
                common = np.bitwise_and.reduce(opts[freed], axis=0) if len(freed) else None
                if common is None or not common.any():
                    continue
                j = int(np.flatnonzero(np.unpackbits(common, bitorder="little"))[0])
                counts = left + chart[j]
                cover = sorted(set(cover) - {p, q} | {j})
                improved = True
                break
            if improved:
                break
    return cover


def _greedy(a, at, chart: np.ndarray, u: np.ndarray) -> list[int]:
    """The Lagrangian greedy cover of Caprara et al. (1999): take the implicant of least score
    ``gamma / mu`` (``gamma > 0``) or ``gamma * mu`` (``gamma <= 0``), where ``mu`` is the number
    of uncovered rows it covers and ``gamma = 1 - (their weights)``; lowest index on ties."""
    n_rows = chart.shape[1]
    mu = np.asarray(a.sum(axis=1)).ravel()
    weight = a @ u
    uncovered = np.ones(n_rows, dtype=bool)
    chosen = []
    while uncovered.any():
        gamma = 1.0 - weight
        score = np.where(gamma > 0, gamma / np.maximum(mu, 1), gamma * mu)
        score[mu == 0] = np.inf
        j = int(np.argmin(score))
        chosen.append(j)
        newly = np.flatnonzero(chart[j] & uncovered)
        uncovered[newly] = False
        part = at[newly]  # rows just covered x columns
        mu -= np.asarray(part.sum(axis=0)).ravel().astype(mu.dtype)
        weight -= part.T @ u[newly]
    return redundancy_free(chart, chosen)


def lagrangian_cover(chart: np.ndarray, budget=None, *, incumbent=None, max_iter: int = 3000,
                     deadline: float | None = None, clock=None, refine: bool = True) -> LagrangeResult:
    """Subgradient optimisation of the Lagrangian bound, with greedy covers along the way.

    Parameters
    ----------
    chart : numpy.ndarray
        Bool, implicants x rows; every row covered by some implicant.
    budget : fsqca._budget.Budget, optional
        Progress reports; the search also stops when it expires.
    incumbent : list of int, optional
        A cover already known (the upper bound that steers the step size).
    max_iter : int
        At most this many subgradient steps.
    deadline, clock : optional
        Stop when ``clock() >= deadline`` (a share of the time budget).
    refine : bool
        Whether column fixing follows the subgradient search until ``deadline`` (off when a
        local search (:mod:`fsqca._localsearch`) takes over the covers).

    Examples
    --------
    >>> chart = np.array([[1, 1, 0, 0], [0, 1, 1, 0], [0, 0, 1, 1], [1, 0, 0, 1]], dtype=bool)
    >>> res = lagrangian_cover(chart)    # a 4-cycle: two implicants, and L(u) reaches 2
    >>> res.cover, res.lower
    ([0, 2], 2)
    """
    stop = _stopper(budget, deadline, clock)
    best, bound, u, it = _subgradient(chart, incumbent, max_iter, stop, budget)
    lower = max(math.ceil(bound - 1e-6), 0)
    if refine and lower < len(best) and not stop():
        best = _refine(chart, best, u, stop, budget, lower)
    return LagrangeResult(sorted(best), bound, min(lower, len(best)), it, u)


def _stopper(budget, deadline, clock):
    """Whether the budget has expired or ``deadline`` has passed."""
    def stop() -> bool:
        return (budget is not None and budget.expired()) or (deadline is not None and clock() >= deadline)
    return stop


def _subgradient(chart: np.ndarray, incumbent, max_iter: int, stop, budget=None, report: bool = True):
    """Beasley's subgradient search: the best cover, the best bound, its multipliers, iterations."""
    from scipy.sparse import csr_matrix

    a = csr_matrix(chart, dtype=np.float64)          # columns x rows
    at = csr_matrix(chart.T, dtype=np.float64)       # rows x columns
    size = np.asarray(a.sum(axis=1)).ravel()
    # start: each row's cheapest share of an implicant (Beasley 1990)
    u = np.asarray(at.multiply(1.0 / np.maximum(size, 1)).max(axis=1).todense()).ravel()
    best = _greedy(a, at, chart, u)
    if incumbent is not None and len(incumbent) <= len(best):
        best = sorted(incumbent)
    best_bound, best_u, step, stale = -math.inf, u, START_STEP, 0
    it = 0
    for it in range(1, max_iter + 1):
        reduced = 1.0 - a @ u
        take = reduced < 0
        value = float(u.sum() + reduced[take].sum())
        if value > best_bound + 1e-9:
            best_bound, best_u, stale = value, u, 0
        else:
            stale += 1
            if stale >= PATIENCE:  # Beasley (1990): halve the step when the bound stalls
                step, stale = step / 2, 0
        if math.ceil(best_bound - 1e-6) >= len(best) or step < MIN_STEP:
            break  # proven (the bound meets the cover), or converged
        if it % PERIOD == 0:
            cover = _greedy(a, at, chart, u)
            if len(cover) < len(best):
                best = cover
            if budget is not None and report:
                budget.update("minimum size (Lagrangian bound)", nodes=it, best=len(best),
                              bound=max(math.ceil(best_bound - 1e-6), 0))
            if stop():
                break
        grad = 1.0 - at @ take.astype(np.float64)
        grad[(u <= 0) & (grad < 0)] = 0.0  # a weight at zero cannot go lower
        norm = float(grad @ grad)
        if norm == 0:
            break  # u is optimal: its take-set covers every row exactly once
        u = np.maximum(u + step * (len(best) - value) / norm * grad, 0.0)
    cover = _greedy(a, at, chart, best_u)  # the cover of the best multipliers
    if len(cover) < len(best):
        best = cover
    return best, best_bound, best_u, it


def _refine(chart: np.ndarray, best: list[int], u: np.ndarray, stop, budget, lower: int) -> list[int]:
    """Column fixing (Caprara, Fischetti & Toth 1999): keep the implicants of the best cover
    with the lowest Lagrangian costs until they cover a share ``pi`` of the rows, search the
    rows left again (subgradient and greedy covers on the smaller chart), and take the
    combined cover, cleared of redundant implicants, when it is smaller; ``pi`` grows from
    ``FIX_START`` by ``FIX_STEP`` per round without a better cover, and starts again after one.
    Every better cover is also passed through :func:`swap_down` (two implicants for one)."""
    reduced = reduced_costs(chart, u)
    n_rows = chart.shape[1]
    opts = np.packbits(chart.T, axis=1, bitorder="little")
    best = swap_down(chart, best, opts)
    pi = FIX_START
    while pi < 1.0 and len(best) > lower and not stop():
        covered = np.zeros(n_rows, dtype=bool)
        fixed = []
        for j in sorted(best, key=lambda c: (reduced[c], c)):
            if covered.sum() >= pi * n_rows:
                break
            fixed.append(j)
            covered |= chart[j]
        rest = np.flatnonzero(~covered)
        if len(rest) == 0:
            break
        sub = chart[:, rest]
        cols = np.flatnonzero(sub.any(axis=1))
        part, _, _, _ = _subgradient(sub[cols], None, REFINE_ITER, stop, budget, report=False)
        cand = redundancy_free(chart, fixed + cols[part].tolist())
        if len(cand) < len(best):
            cand = swap_down(chart, cand, opts)
        if len(cand) < len(best):
            best, pi = cand, FIX_START  # a better cover: fix from its cheapest implicants again
            if budget is not None:
                budget.update("minimum size (Lagrangian covers)", best=len(best), bound=lower)
        else:
            pi += FIX_STEP
    return best
