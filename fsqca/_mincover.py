"""The minimum number of implicants that cover a prime-implicant chart, with one such cover.

:mod:`fsqca._cover` needs the exact minimum size before it lists the models of that size.
This module finds it, cheapest method first:

1. a greedy cover (upper bound) and a disjoint-options packing (lower bound); when they meet,
   that is the minimum;
2. a short depth-first branch and bound, which settles small charts;
3. otherwise the *cyclic core* (Coudert 1994; Rudell 1989): repeatedly take implicants that
   are the sole option of a row, drop rows whose options include another row's, and drop
   implicants whose rows are all covered by another single implicant. None of these steps
   changes the minimum size (a dominated implicant in a minimum cover can be swapped for its
   dominator), so the minimum is the number of implicants taken plus the minimum of the core,
   which is solved as a 0-1 integer program by HiGHS (Huangfu & Hall 2018);
4. an unlimited branch and bound if the integer program fails.

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

import numpy as np

__all__ = ["minimum_size", "cyclic_core", "milp_cover", "branch_and_bound", "packing_bound", "packing_count"]

#: Nodes of the quick branch and bound tried before the cyclic core and the integer program.
QUICK_NODES = 2_000

#: HiGHS settings that suit set covering (all costs 1, all coefficients 1): pseudo-costs
#: without strong-branching reliability and no primal heuristics, since the caller already
#: holds a good cover. On the k = 16, n = 2000 benchmark core (247 rows, 4597 implicants,
#: minimum 31, LP bound 28.9) they take the proof from 14 s to 6.5-8 s (cuts at the root only). The thread count is
#: left to HiGHS: it is fixed per process, and setting another one makes the solve fail.
HIGHS_OPTIONS = {"mip_rel_gap": 0.0, "mip_pscost_minreliable": 0, "mip_heuristic_effort": 0.0,
                 "mip_allow_cut_separation_at_nodes": False, "random_seed": 0}


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


def greedy_cover(cover: list[int], full: int) -> list[int]:
    """A greedy cover (most new rows first): an upper bound on the minimum size."""
    left, chosen = full, []
    while left:
        best = max(range(len(cover)), key=lambda c: (cover[c] & left).bit_count())
        left &= ~cover[best]
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
    n_rows = len(row_opts)
    greedy = greedy_cover(cover, (1 << n_rows) - 1)
    lb = packing_bound(range(n_rows), row_opts, (1 << len(cover)) - 1)
    if lb == len(greedy):
        return lb, greedy
    best, finished = branch_and_bound(cover, row_opts, greedy, node_limit=QUICK_NODES)
    if finished:
        return len(best), best
    forced, core_cols, core_rows = cyclic_core(cover, n_rows)
    if not core_rows:
        return len(forced), forced
    core_cover = [cover[c] & core_rows for c in core_cols]
    row_index = list(bits(core_rows))
    compact = [_compact(c, row_index) for c in core_cover]
    exact = milp_cover(compact, len(row_index), max(lb - len(forced), 1), len(best) - len(forced))
    if exact is not None:
        return len(forced) + len(exact), sorted(forced + [core_cols[c] for c in exact])
    best, _ = branch_and_bound(cover, row_opts, best, node_limit=None)
    return len(best), best


def _compact(bitset: int, positions: list[int]) -> int:
    """``bitset`` re-indexed onto ``positions`` (bit ``i`` of the result = bit ``positions[i]``)."""
    return sum(1 << i for i, p in enumerate(positions) if bitset >> p & 1)


def cyclic_core(cover: list[int], n_rows: int) -> tuple[list[int], list[int], int]:
    """Reduce a chart to its cyclic core without changing its minimum cover size.

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
    forced: list[int] = []
    rows = (1 << n_rows) - 1
    alive = list(range(len(cover)))
    while rows:
        alive = [c for c in alive if cover[c] & rows]
        opts = _options(cover, alive, rows)
        sole = [o for o in opts.values() if o.bit_count() == 1]
        if sole:
            for c in sorted({o.bit_length() - 1 for o in sole}):
                if cover[c] & rows:
                    forced.append(c)
                    rows &= ~cover[c]
            continue
        kept_rows = _minimal_options(opts)
        changed = kept_rows != rows
        rows = kept_rows
        before = len(alive)
        alive = _undominated(cover, alive, rows)
        if not changed and len(alive) == before:
            break
    return forced, (alive if rows else []), rows


def _options(cover: list[int], cols: list[int], rows: int) -> dict[int, int]:
    """Per row of ``rows``: bitset of the implicants of ``cols`` that cover it."""
    opts = {r: 0 for r in bits(rows)}
    for c in cols:
        for r in bits(cover[c] & rows):
            opts[r] |= 1 << c
    return opts


def _minimal_options(opts: dict[int, int]) -> int:
    """Rows to keep: drop a row whose options contain another kept row's options."""
    kept: list[int] = []
    keep = 0
    for r, o in sorted(opts.items(), key=lambda ro: (ro[1].bit_count(), ro[0])):
        if not any(k & o == k for k in kept):
            kept.append(o)
            keep |= 1 << r
    return keep


def _undominated(cover: list[int], cols: list[int], rows: int) -> list[int]:
    """Implicants whose rows no other live implicant covers entirely (one of equals stays).

    A column is dominated when the options its rows share include another live column; the
    columns are visited by decreasing coverage, so a dominator is decided before the columns
    it dominates.
    """
    opts = _options(cover, cols, rows)
    live = 0
    for c in cols:
        live |= 1 << c
    order = sorted(cols, key=lambda c: (-(cover[c] & rows).bit_count(), c))
    for c in order:
        common = live & ~(1 << c)
        for r in bits(cover[c] & rows):
            common &= opts[r]
            if not common:
                break
        if common:
            live &= ~(1 << c)
    return [c for c in cols if live >> c & 1]


def milp_cover(cover: list[int], n_rows: int, lb: int, ub: int) -> list[int] | None:
    """A minimum cover by 0-1 integer programming (HiGHS), or None if the solver fails.

    ``lb`` and ``ub`` are known bounds on the minimum; a solution outside them, or one that
    does not cover every row, is not trusted.
    """
    a = _unpack(cover, n_rows).T.astype(np.float64)  # rows x implicants
    x = _solve_highs(a)
    if x is None:
        return None
    chosen = np.flatnonzero(x > 0.5).tolist()
    covered = 0
    for c in chosen:
        covered |= cover[c]
    if covered != (1 << n_rows) - 1 or not lb <= len(chosen) <= ub:
        return None
    return chosen


def _solve_highs(a: np.ndarray) -> np.ndarray | None:
    """Minimise ``sum(x)`` subject to ``a @ x >= 1``, ``x`` binary. None when not optimal."""
    from scipy.sparse import csc_matrix

    try:
        import highspy
    except ImportError:  # pragma: no cover - highspy is a dependency; scipy bundles HiGHS too
        return _solve_scipy(a)
    # ``_Highs`` is the plain solver: the ``Highs`` wrapper prints a banner on stdout, which
    # would corrupt the command line's JSON output
    solver = getattr(highspy, "_Highs", highspy.Highs)()
    solver.setOptionValue("output_flag", False)
    for key, value in HIGHS_OPTIONS.items():
        solver.setOptionValue(key, value)  # an option an older HiGHS lacks is refused, harmlessly
    n_rows, n_cols = a.shape
    m = csc_matrix(a)
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n_cols, n_rows
    lp.col_cost_ = np.ones(n_cols)
    lp.col_lower_, lp.col_upper_ = np.zeros(n_cols), np.ones(n_cols)
    lp.row_lower_, lp.row_upper_ = np.ones(n_rows), np.full(n_rows, highspy.kHighsInf)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = m.indptr, m.indices, m.data
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n_cols
    solver.passModel(lp)
    solver.run()
    if solver.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    return np.asarray(solver.getSolution().col_value)


def _solve_scipy(a: np.ndarray) -> np.ndarray | None:  # pragma: no cover - fallback only
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import csc_matrix

    n = a.shape[1]
    res = milp(np.ones(n), constraints=LinearConstraint(csc_matrix(a), lb=1, ub=np.inf),
               integrality=np.ones(n), bounds=Bounds(0, 1), options={"mip_rel_gap": 0.0})
    return None if res.status != 0 or res.x is None else res.x


def _unpack(bitsets, n_bits: int) -> np.ndarray:
    """Bitsets as a boolean matrix (one row per bitset, bit ``r`` in column ``r``)."""
    n_bytes = max((n_bits + 7) // 8, 1)
    raw = b"".join(int(b).to_bytes(n_bytes, "little") for b in bitsets)
    packed = np.frombuffer(raw, dtype=np.uint8).reshape(len(bitsets), n_bytes)
    return np.unpackbits(packed, axis=1, bitorder="little", count=n_bits).astype(bool)


def branch_and_bound(cover, row_opts, incumbent: list[int], node_limit: int | None):
    """A minimum cover by depth-first branch and bound; ``finished`` is False at the node limit."""
    best = list(incumbent)
    nodes = 0

    def dfs(uncovered: int, chosen: list[int], allowed: int) -> bool:
        nonlocal best, nodes
        nodes += 1
        if node_limit is not None and nodes > node_limit:
            return False
        if uncovered == 0:
            if len(chosen) < len(best):
                best = list(chosen)
            return True
        rows = list(bits(uncovered))
        if len(chosen) + packing_bound(rows, row_opts, allowed) >= len(best):
            return True
        pick = min(rows, key=lambda i: (row_opts[i] & allowed).bit_count())
        for c in bits(row_opts[pick] & allowed):
            chosen.append(c)
            ok = dfs(uncovered & ~cover[c], chosen, allowed & ~(1 << c))
            chosen.pop()
            if not ok:
                return False
            allowed &= ~(1 << c)
        return True

    finished = dfs((1 << len(row_opts)) - 1, [], (1 << len(cover)) - 1)
    return best, finished
