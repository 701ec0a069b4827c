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
    chart = _unpack(cover, n_rows)  # implicants x rows
    forced: list[int] = []
    rows = np.ones(n_rows, dtype=bool)
    alive = np.arange(len(cover))
    while rows.any():
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
            sub = sub[:, kept]
        undominated = _undominated(sub)
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
    overlaps come from one sparse product, which costs the sum of squared column sizes.
    """
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


def _undominated(sub: np.ndarray) -> np.ndarray:
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
