"""Lower bounds above the Lagrangian's for charts too large for the integer program.

On the largest charts (tens of thousands of implicants), :mod:`fsqca._mincover` skips the
cyclic core and the integer program, and the bound it reports is the Lagrangian one of
:mod:`fsqca._lagrange` (at best the LP relaxation, rounded up). This module raises it, one
implicant at a time, by proving that no cover of ``T - 1`` implicants exists:

1. **The LP relaxation**, solved by column generation: HiGHS (Huangfu & Hall 2018) solves it
   on the implicants of smallest Lagrangian reduced cost, and the implicants whose reduced
   cost under its duals is negative are added until there are none (the LP optimum of the
   whole chart then). Any row weights ``y >= 0`` give the bound
   ``z(y) = sum(y) - sum_j max(0, (A'y)_j - 1)``, computed here from the duals, so a bound
   never rests on the solver's tolerances.
2. **Reduced-cost fixing** (e.g. Nemhauser & Wolsey 1988, ch. II.5): every cover ``x``
   satisfies ``|x| >= z(y) + rc_j`` for each implicant ``j`` it takes, where
   ``rc_j = 1 - (A'y)_j``. A cover of at most ``T - 1`` implicants therefore takes none with
   ``rc_j > T - 1 - z(y)``: all of them are left out of the question.
3. **Column dominance** among the implicants left: one whose rows another one left covers
   too is dropped (a cover of at most ``T - 1`` taking it can swap it for the other).
4. **A feasibility test**: HiGHS is asked for a cover of at most ``T - 1`` of the implicants
   left (``A x >= 1``, ``sum(x) <= T - 1``, ``x`` binary). If there is none, ``T`` is a
   lower bound of the whole chart; if there is one, it is a cover of the chart as good as the
   bound, so it is minimal.

Steps 2-4 repeat with ``T + 1`` while time is left and the bound is below the best cover.
On the near-crisp k = 16 chart of R's timing series (1,276 rows, 71,327 implicant classes,
LP 63.47) step 2 leaves 13,670 implicants for ``T = 65``, step 3 11,878, and HiGHS shows that
none 64 of them cover the chart in about 19 s (benchmarks/FSQCA.md).

References
----------
Huangfu, Q. & Hall, J. A. J. (2018). Parallelizing the dual revised simplex method.
*Mathematical Programming Computation* 10, 119-142.
Nemhauser, G. L. & Wolsey, L. A. (1988). *Integer and combinatorial optimization*. Wiley.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csc_matrix, csr_matrix

from ._highs import HIGHS_OPTIONS, new_solver, pass_cover_model, watch

__all__ = ["RaisedBound", "raise_bound", "lp_bound", "dominated"]

#: Implicants of smallest Lagrangian reduced cost the LP starts from, and the most added per
#: pricing round. On the k = 16 chart the first 3,000 already hold the LP optimum (0.6 s,
#: against 14 s for the LP of all 71,327).
FIRST_COLUMNS, ADD_COLUMNS = 3000, 2000
#: HiGHS settings of the feasibility test: as for the integer program, and none of the
#: primal heuristics (a cover, if there is one, is found by the branching; the heuristics
#: took most of the root's time on the k = 16 chart: 31 s against 11 s without them).
FEASIBILITY_OPTIONS = {**HIGHS_OPTIONS, "mip_heuristic_run_feasibility_jump": False,
                       "mip_heuristic_run_rins": False, "mip_heuristic_run_rens": False,
                       "mip_heuristic_run_root_reduced_cost": False,
                       # any cover it finds is as small as the bound, so minimal: stop at the first
                       "mip_max_improving_sols": 1}
#: Shared-row counts held at a time by :func:`dominated`.
CHUNK_CELLS = 20_000_000
#: Slack against rounding in the reduced-cost test (keeping an implicant is always safe).
TOL = 1e-9


@dataclass(frozen=True)
class RaisedBound:
    """The proven lower bound ``lower``, a cover no larger than the one given (``cover``),
    the LP bound ``lp`` (None if the LP did not finish), and the targets tried with their
    outcome (``"none"``: no cover of ``target - 1``, ``"found"``, ``"stopped"``)."""

    lower: int
    cover: list[int]
    lp: float | None
    tried: tuple[tuple[int, str], ...]


def lp_bound(chart: np.ndarray, costs: np.ndarray, budget=None):
    """The LP relaxation of covering ``chart`` (bool, implicants x rows) by column generation
    from the implicants of smallest ``costs``: ``(z, reduced)``, the bound ``z(y)`` of its
    duals and the reduced costs ``1 - A'y`` of every implicant, or None if HiGHS stops early.

    >>> chart = np.array([[1, 1, 0], [0, 1, 1], [1, 0, 1]], dtype=bool)  # a triangle
    >>> z, reduced = lp_bound(chart, np.zeros(3))
    >>> round(z, 6), np.round(reduced, 6).tolist()
    (1.5, [0.0, 0.0, 0.0])
    """
    import highspy

    cols_rows = csr_matrix(chart, dtype=np.float64)
    rows_cols = cols_rows.T.tocsc()
    order = np.argsort(costs, kind="stable")
    in_lp = np.zeros(chart.shape[0], dtype=bool)
    in_lp[order[:FIRST_COLUMNS]] = True
    by_row = cols_rows.tocsc()  # implicants x rows, by row: each row's options
    for row in np.flatnonzero(~chart[in_lp].any(axis=0)):  # a row the first ones leave bare
        options = by_row.indices[by_row.indptr[row]:by_row.indptr[row + 1]]
        in_lp[options[np.argmin(costs[options])]] = True  # gets its cheapest option
    chosen = np.flatnonzero(in_lp)
    solver = new_solver(highspy, {"solver": "simplex", "simplex_strategy": 1}, budget)
    pass_cover_model(solver, highspy, rows_cols[:, chosen].tocsc(), integer=False)
    while True:
        if budget is not None and budget.remaining() is not None:
            solver.setOptionValue("time_limit", max(budget.remaining(), 1e-3))
        solver.run()
        if solver.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        y = np.maximum(np.asarray(solver.getSolution().row_dual, dtype=np.float64), 0.0)
        reduced = 1.0 - cols_rows @ y
        priced = np.flatnonzero((reduced < -TOL) & ~in_lp)
        if len(priced) == 0:
            return float(y.sum() - np.maximum(-reduced, 0.0).sum()), reduced
        add = priced[np.argsort(reduced[priced], kind="stable")[:ADD_COLUMNS]]
        block = rows_cols[:, add].tocsc()
        solver.addCols(len(add), np.ones(len(add)), np.zeros(len(add)), np.full(len(add), highspy.kHighsInf),
                       block.nnz, block.indptr[:-1].astype(np.int32), block.indices.astype(np.int32), block.data)
        in_lp[add] = True


def dominated(chart: np.ndarray, allowed: np.ndarray, budget=None, chunk: int | None = None) -> np.ndarray:
    """The implicants of ``allowed`` whose rows another implicant of ``allowed`` covers too
    (of two with the same rows, the later one), as a mask over all implicants.

    When ``budget`` runs out, the implicants found so far: dropping any of them is still safe,
    since each has one with more rows (or the same rows and an earlier place), and the last of
    such a chain is never dropped.

    >>> chart = np.array([[1, 1, 0], [1, 0, 0], [1, 1, 0], [0, 0, 1]], dtype=bool)
    >>> dominated(chart, np.array([True, True, True, True])).tolist()
    [False, True, True, False]
    """
    cols = np.flatnonzero(allowed)
    if chunk is None:  # about 20 million shared-row counts (80 MB) at a time
        chunk = int(min(512, max(16, CHUNK_CELLS // max(len(cols), 1))))
    sub = csr_matrix(chart[cols], dtype=np.float32)
    size = np.asarray(sub.sum(axis=1)).ravel()
    rank = np.arange(len(cols))
    out = np.zeros(chart.shape[0], dtype=bool)
    other = sub.T.tocsc()
    for start in range(0, len(cols), chunk):
        if budget is not None and budget.expired():
            break
        stop = min(start + chunk, len(cols))
        shared = (sub[start:stop] @ other).toarray()  # rows in common, these x all
        own = size[start:stop, None]
        larger = (size[None, :] > own) | ((size[None, :] == own) & (rank[None, :] < rank[start:stop, None]))
        out[cols[start:stop][((shared >= own - 0.5) & larger).any(axis=1)]] = True
    return out


def raise_bound(chart: np.ndarray, costs: np.ndarray, lower: int, cover: list[int], budget=None) -> RaisedBound:
    """Raise the lower bound ``lower`` of covering ``chart`` (bool, implicants x rows) above the
    LP relaxation's, given a cover ``cover`` and Lagrangian reduced costs ``costs`` (which
    order the LP's first implicants), until it meets the cover or ``budget`` runs out.

    >>> chart = np.array([[1, 1, 0, 0, 0], [0, 1, 1, 0, 0], [0, 0, 1, 1, 0], [0, 0, 0, 1, 1],
    ...                   [1, 0, 0, 0, 1]], dtype=bool)  # a 5-cycle: LP 2.5, minimum 3
    >>> res = raise_bound(chart, np.zeros(5), 0, [0, 1, 2, 3, 4])
    >>> res.lower, len(res.cover), res.lp, res.tried
    (3, 3, 2.5, ((4, 'found'),))
    """
    best = sorted(cover)
    solved = lp_bound(chart, costs, budget)
    if solved is None:
        return RaisedBound(lower, best, None, ())
    z, reduced = solved
    lower = max(lower, math.ceil(z - 1e-7))
    tried = []
    while lower < len(best) and not (budget is not None and budget.expired()):
        target = lower + 1
        if budget is not None:
            budget.update("minimum size (LP bound, fixing, feasibility)", best=len(best), bound=lower)
        allowed = reduced <= target - 1 - z + TOL
        allowed &= ~dominated(chart, allowed, budget)
        if budget is not None and budget.expired():
            tried.append((target, "stopped"))
            break
        outcome, found = _feasible(chart, allowed, target - 1, budget)
        tried.append((target, outcome))
        if outcome == "none":
            lower = target
        elif outcome == "found":
            best = sorted(found)
        else:
            break
    return RaisedBound(min(lower, len(best)), best, z, tuple(tried))


def _feasible(chart: np.ndarray, allowed: np.ndarray, size: int, budget):
    """Is there a cover of at most ``size`` implicants of ``allowed``? ``("none", None)``,
    ``("found", cover)`` or ``("stopped", None)`` (out of time, or HiGHS failed)."""
    if not chart[allowed].any(axis=0).all():  # a row no implicant left covers
        return "none", None
    import highspy

    cols = np.flatnonzero(allowed)
    solver = new_solver(highspy, FEASIBILITY_OPTIONS, budget)
    pass_cover_model(solver, highspy, csc_matrix(chart[cols].T, dtype=np.float64), integer=True)
    solver.addRow(0.0, float(size), len(cols), np.arange(len(cols), dtype=np.int32), np.ones(len(cols)))
    if budget is not None:
        watch(solver, highspy, budget, None)
    solver.run()
    status = solver.getModelStatus()
    if status in (highspy.HighsModelStatus.kInfeasible, highspy.HighsModelStatus.kUnboundedOrInfeasible):
        return "none", None  # (every variable is bounded: the program cannot be unbounded)
    if status == highspy.HighsModelStatus.kOptimal or solver.getInfo().primal_solution_status == 2:
        x = np.asarray(solver.getSolution().col_value)  # (2: a feasible solution is held)
        found = cols[x > 0.5].tolist()
        if len(found) <= size and chart[found].any(axis=0).all():
            return "found", found
    return "stopped", None
