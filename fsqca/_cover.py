"""Enumerate every minimum cover of a prime-implicant chart.

The chart is given as bitsets: ``covers[j]`` is an int whose bit ``r`` says that implicant
``j`` covers positive row ``r``. A *model* is a set of implicants covering every row with the
fewest implicants possible; with model ambiguity there are several.

Algorithm: essential implicants (sole cover of some row) are taken first; rows whose options
are a superset of another row's are dropped (covering the smaller row covers them). Then a
depth-first branch and bound picks the uncovered row with the fewest options and branches on
each option, excluding the options already tried in earlier branches, so that every cover is
produced exactly once. A lower bound (rows that share no option each need their own
implicant) prunes branches that cannot reach the best size found so far. Column dominance is
deliberately *not* applied: a dominated implicant can still appear in an alternative minimum
model, and R's ``QCA`` lists those models too.
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CoverResult", "minimum_covers"]


@dataclass(frozen=True)
class CoverResult:
    models: list[tuple[int, ...]]
    essential: tuple[int, ...]
    size: int
    n_models: int
    capped: bool
    exhausted: bool  # False when counting stopped at ``count_limit``


def _bits(x: int):
    while x:
        low = x & -x
        yield low.bit_length() - 1
        x ^= low


def minimum_covers(
    covers: list[int], n_rows: int, *, max_models: int | None = None, count_limit: int = 1_000_000
) -> CoverResult:
    """All minimum covers of rows ``0..n_rows-1`` by the implicants ``covers``.

    Parameters
    ----------
    covers : list of int
        Bitset of rows covered by each implicant.
    max_models : int, optional
        Keep at most this many models (the count goes on up to ``count_limit``).
    """
    universe = (1 << n_rows) - 1
    union = 0
    for c in covers:
        union |= c
    if union & universe != universe:
        missing = next(_bits(universe & ~union))
        raise ValueError(f"row {missing} is covered by no implicant")
    options = [0] * n_rows  # bitset over implicants, per row
    for j, c in enumerate(covers):
        for r in _bits(c & universe):
            options[r] |= 1 << j

    essential = 0
    for r in range(n_rows):
        if options[r] & (options[r] - 1) == 0:
            essential |= options[r]
    covered = 0
    for j in _bits(essential):
        covered |= covers[j]
    rows = [r for r in range(n_rows) if not (covered >> r) & 1]

    # row dominance: keep rows whose option set contains no other row's option set
    opt_sets = sorted({options[r] for r in rows}, key=lambda o: (o.bit_count(), o))
    kept: list[int] = []
    for o in opt_sets:
        if not any(k & o == k for k in kept):
            kept.append(o)
    # reduced problem: rows are the kept option sets
    row_opts = kept
    ess = tuple(_bits(essential))
    if not row_opts:
        return CoverResult([ess], ess, len(ess), 1, False, True)

    # coverage of each implicant over the reduced rows
    cand = 0
    for o in row_opts:
        cand |= o
    red_cover: dict[int, int] = {}
    for j in _bits(cand):
        red_cover[j] = sum(1 << i for i, o in enumerate(row_opts) if (o >> j) & 1)
    n_red = len(row_opts)
    full = (1 << n_red) - 1

    best = _greedy_size(red_cover, full) 
    found: list[tuple[int, ...]] = []
    count = 0
    exhausted = True

    def lower_bound(uncovered: int, allowed: int) -> int:
        used = 0
        lb = 0
        for i in sorted(_bits(uncovered), key=lambda i: (row_opts[i] & allowed).bit_count()):
            o = row_opts[i] & allowed
            if o & used == 0:
                used |= o
                lb += 1
        return lb

    def dfs(uncovered: int, chosen: list[int], allowed: int) -> None:
        nonlocal best, count, exhausted, found
        if count >= count_limit and len(chosen) >= best:
            exhausted = False
            return
        if uncovered == 0:
            size = len(chosen)
            if size < best:
                best = size
                found = []
                count = 0
            count += 1
            if max_models is None or len(found) < max_models:
                found.append(tuple(sorted(chosen)))
            return
        if len(chosen) + lower_bound(uncovered, allowed) > best:
            return
        pick = min(_bits(uncovered), key=lambda i: (row_opts[i] & allowed).bit_count())
        opts = row_opts[pick] & allowed
        if not opts:
            return
        tried = 0
        for j in sorted(_bits(opts), key=lambda j: -(red_cover[j] & uncovered).bit_count()):
            chosen.append(j)
            dfs(uncovered & ~red_cover[j], chosen, allowed & ~tried & ~(1 << j))
            chosen.pop()
            tried |= 1 << j

    dfs(full, [], cand)
    models = sorted(tuple(sorted(ess + m)) for m in found)
    return CoverResult(models, ess, best + len(ess), count, max_models is not None and count > len(found), exhausted)


def _greedy_size(cover: dict[int, int], full: int) -> int:
    """Size of a greedy cover: an upper bound that lets the search prune from the start."""
    left, size = full, 0
    while left:
        j = max(cover, key=lambda j: ((cover[j] & left).bit_count(), -j))
        left &= ~cover[j]
        size += 1
    return size
