"""Minimum set cover as a 0-1 integer program, solved by HiGHS (Huangfu & Hall 2018).

``minimise sum(x) subject to A x >= 1, x binary``, where ``A`` is the chart's cyclic core
(rows x implicants). The solve honours the :class:`fsqca._budget.Budget` of the call: HiGHS
gets the time left as its own ``time_limit``, and a callback reports its progress (nodes,
best cover, dual bound) and stops it when the budget says so. When it stops early the best
cover found and HiGHS's proven lower bound (its dual bound, at worst the LP relaxation) are
returned instead of a proof.

References
----------
Huangfu, Q. & Hall, J. A. J. (2018). Parallelizing the dual revised simplex method.
*Mathematical Programming Computation* 10, 119-142.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = ["IPResult", "HIGHS_OPTIONS", "solve_cover", "new_solver", "pass_cover_model", "watch"]

#: HiGHS settings that suit set covering (all costs 1, all coefficients 1): no primal
#: heuristics, since the caller already holds a good cover, and cuts at the root only.
#: Strong branching keeps HiGHS's default reliability (8): without it (``mip_pscost_minreliable
#: = 0``, the setting before) the trees were 1.3-4 times larger, measured in the same minutes
#: on the near-crisp k = 12, n = 2000 core (707 rows, 2,148 implicants, LP bound 89.98,
#: minimum 93: 7,882 nodes in 379 s against 5,929 in 352 s), on the k = 12 seed 3 core (1,588
#: nodes against 539) and on the k = 16, n = 2000 core of R's timing series (247 rows, 4,597
#: implicants, minimum 31: 1,380 nodes in 78-92 s against 317 in 38-61 s; all under a load of
#: about 6 on 2 cores). Not uniformly: from a poor start (the greedy cover of 113 on the k = 12
#: core) it took 16,977 nodes against 6,387 (benchmarks/FSQCA.md, "The proof at k = 12").
#: The thread count is left to HiGHS: it is fixed per process, and setting another one makes
#: the solve fail.
HIGHS_OPTIONS = {"mip_rel_gap": 0.0, "mip_heuristic_effort": 0.0,
                 "mip_allow_cut_separation_at_nodes": False, "random_seed": 0}


@dataclass(frozen=True)
class IPResult:
    """Outcome of one solve: a cover (column indices) or None, whether it is proven optimal,
    and the proven lower bound on the optimum (an integer; 0 when nothing is known)."""

    cover: list[int] | None
    optimal: bool
    lower: int


def solve_cover(a: np.ndarray, budget=None, incumbent: list[int] | None = None,
                offsets: tuple[int, int] = (0, 0)) -> IPResult:
    """Minimum cover of the rows of ``a`` (bool, rows x columns) by its columns.

    ``incumbent`` (a cover) is handed to HiGHS as a starting solution; ``offsets`` (the size
    of the rest of the chart's best cover, and its lower bound) are added to the best cover
    and the bound shown in progress reports.

    With a starting solution, HiGHS (seen with 1.16) can report "optimal" and return the start
    itself while its own objective value is smaller: the optimum it found is lost on the way
    back from presolve (a start of 12 implicants returned as optimal on a chart whose minimum
    is 4). Whenever the returned cover's size and HiGHS's objective value disagree, the result
    is not trusted and the chart is solved again without the start (within the same budget);
    if that second solve is cut short, the smallest cover at hand and its bound are returned.
    """
    try:
        import highspy
    except ImportError:  # pragma: no cover - highspy is a dependency; scipy bundles HiGHS too
        return _solve_scipy(a)
    res, claimed = _run(highspy, a, budget, incumbent, offsets)
    if incumbent is None or res.cover is None or abs(claimed - len(res.cover)) < 0.5:
        return res
    again, _ = _run(highspy, a, budget, None, offsets)
    if again.optimal:
        return again
    # time ran out in the second solve: the smallest of the covers at hand, HiGHS's second bound
    held = [c for c in (again.cover, res.cover, sorted(int(j) for j in incumbent))
            if c is not None and a[:, c].any(axis=1).all()]
    best = min(held, key=len)
    return IPResult(best, False, min(again.lower, len(best)))


def _run(highspy, a: np.ndarray, budget, incumbent, offsets) -> tuple[IPResult, float]:
    """One HiGHS solve: the result, and HiGHS's objective value of the cover it returns."""
    from scipy.sparse import csc_matrix

    solver = new_solver(highspy, HIGHS_OPTIONS, budget)
    n_rows, n_cols = a.shape
    pass_cover_model(solver, highspy, csc_matrix(a.astype(np.float64)), integer=True)
    if incumbent is not None:
        start = highspy.HighsSolution()
        x0 = np.zeros(n_cols)
        x0[list(incumbent)] = 1.0
        start.col_value = x0.tolist()
        solver.setSolution(start)
    if budget is not None:
        watch(solver, highspy, budget, offsets)
    solver.run()
    status = solver.getModelStatus()
    info = solver.getInfo()
    optimal = status == highspy.HighsModelStatus.kOptimal
    cover = None
    if optimal or info.primal_solution_status == 2:  # 2: a feasible solution is held
        x = np.asarray(solver.getSolution().col_value)
        if len(x) == n_cols:
            cover = np.flatnonzero(x > 0.5).tolist()
    lower = len(cover) if optimal and cover is not None else _ceil_bound(info.mip_dual_bound)
    claimed = info.objective_function_value
    claimed = float(claimed) if claimed is not None and math.isfinite(claimed) else math.nan
    return IPResult(cover, optimal and cover is not None, lower), claimed


def new_solver(highspy, options: dict, budget=None):
    """A quiet HiGHS solver with ``options`` and, with a time limit, the time left as its own."""
    # ``_Highs`` is the plain solver: the ``Highs`` wrapper prints a banner on stdout, which
    # would corrupt the command line's JSON output
    solver = getattr(highspy, "_Highs", highspy.Highs)()
    solver.setOptionValue("output_flag", False)
    for key, value in options.items():
        solver.setOptionValue(key, value)  # an option an older HiGHS lacks is refused, harmlessly
    if budget is not None and budget.remaining() is not None:
        solver.setOptionValue("time_limit", max(budget.remaining(), 1e-3))
    return solver


def pass_cover_model(solver, highspy, m, integer: bool) -> None:
    """Hand ``solver`` the covering program ``min sum(x), m x >= 1, x >= 0`` (``m``: scipy CSC,
    rows x columns), with ``x`` binary when ``integer`` (else unbounded above: no cover needs
    an implicant twice, and without the bound the LP's duals price the columns directly)."""
    n_rows, n_cols = m.shape
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n_cols, n_rows
    lp.col_cost_ = np.ones(n_cols)
    lp.col_lower_ = np.zeros(n_cols)
    lp.col_upper_ = np.ones(n_cols) if integer else np.full(n_cols, highspy.kHighsInf)
    lp.row_lower_, lp.row_upper_ = np.ones(n_rows), np.full(n_rows, highspy.kHighsInf)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = m.indptr, m.indices, m.data
    if integer:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * n_cols
    solver.passModel(lp)


def _ceil_bound(value: float) -> int:
    """An integer lower bound from HiGHS's dual bound (all costs are 1, so the optimum is whole)."""
    if value is None or not math.isfinite(value):
        return 0
    return max(int(math.ceil(value - 1e-6)), 0)


def watch(solver, highspy, budget, offsets: tuple[int, int] | None) -> None:
    """Progress reports from inside HiGHS, and a stop when the budget runs out. With
    ``offsets`` None only the stop: the program solved is not the chart's (its best and bound
    say nothing of the chart)."""
    kinds = highspy.cb.HighsCallbackType
    best_offset, bound_offset = offsets or (0, 0)

    def callback(kind, message, out, data_in, user_data):
        if kind != kinds.kCallbackMipInterrupt:
            return
        if offsets is not None:
            best = out.mip_primal_bound
            budget.update("minimum size (integer program)", nodes=int(out.mip_node_count),
                          best=best_offset + int(round(best)) if math.isfinite(best) and best < 1e300 else None,
                          bound=bound_offset + _ceil_bound(out.mip_dual_bound) if math.isfinite(out.mip_dual_bound) else None)
        if budget.expired() and data_in is not None:
            data_in.user_interrupt = True

    solver.setCallback(callback, None)
    solver.startCallback(kinds.kCallbackMipInterrupt)


def _solve_scipy(a: np.ndarray) -> IPResult:  # pragma: no cover - fallback only
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import csc_matrix

    n = a.shape[1]
    res = milp(np.ones(n), constraints=LinearConstraint(csc_matrix(a.astype(np.float64)), lb=1, ub=np.inf),
               integrality=np.ones(n), bounds=Bounds(0, 1), options={"mip_rel_gap": 0.0})
    if res.status != 0 or res.x is None:
        return IPResult(None, False, 0)
    cover = np.flatnonzero(res.x > 0.5).tolist()
    return IPResult(cover, True, len(cover))
