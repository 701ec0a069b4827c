"""Ceiling lines of Necessary Condition Analysis: peers, CE-FDH, CR-FDH and the permutation test.

The numbers follow R's ``NCA`` package (Dul 2016; Dul, van der Laan & Kuik 2020), upper-left
corner, observed scope. This module works on plain numpy arrays; :mod:`fsqca.nca` wraps it.

Peers (R's ``p_peers``): the rows sorted by x, ties by y, the first row a peer; a row becomes a
peer when its y exceeds the last peer's y or when it repeats the last peer (duplicates are kept,
once per row); a new peer at the same x as the last one replaces it. "Equal" is R's
``|a - b| <= min(|a|, |b|) * 1e-6``.

Two routes give the same peers. Rows whose y lies clearly below the running maximum can never be
peers and are dropped first. When the remaining x values, and y values, have no two distinct
values "equal" in R's sense, the peers are the x groups whose highest y beats every group to
their left (with every row at that highest y), which numpy computes at once; otherwise R's loop
runs over the remaining rows.

The permutation test uses the grouped route on whole blocks of permutations at once (a block
is a 2-D array: permutations x rows), so no Python code runs per permutation.
"""
from __future__ import annotations

import numpy as np

__all__ = ["EQ_TOL", "candidates", "peers", "distinct_peers", "ce_fdh", "cr_fdh", "cr_line", "cr_zone", "effects_of_orders",
           "permutation_effects", "CEILINGS"]

#: Ceilings implemented, in R's spelling (the VRS ones in :mod:`fsqca.nca.vrs`).
CEILINGS = ("ce_fdh", "cr_fdh", "ce_vrs", "cr_vrs")
FDH_CEILINGS = ("ce_fdh", "cr_fdh")
VRS_CEILINGS = ("ce_vrs", "cr_vrs")
#: R's relative tolerance for "equal" values in the peer search.
EQ_TOL = 1e-6
ABOVE_TOL = 1e-7       # R's absolute tolerance for a case above the CR-FDH line
SLOPE_MIN = 0.001      # R reports no CR-FDH inefficiencies at or below this (absolute) slope
_DRIFT = 1e-5          # rows further than this (relative) below the running max are never peers


def _eq(a: float, b: float, tol: float = EQ_TOL) -> bool:
    return abs(a - b) <= min(abs(a), abs(b)) * tol


def _has_near(sorted_values: np.ndarray, tol: float = EQ_TOL) -> bool:
    """True if two distinct values of a sorted array are "equal" in R's sense."""
    u = np.unique(sorted_values)
    if u.size < 2:
        return False
    d = np.diff(u)
    return bool(np.any(d <= np.minimum(np.abs(u[:-1]), np.abs(u[1:])) * tol))


def _group_starts(xs: np.ndarray) -> np.ndarray:
    """Start index of each run of equal values in a sorted array."""
    return np.flatnonzero(np.r_[True, xs[1:] != xs[:-1]])


def candidates(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Row indices that can be peers, in R's order (x ascending, ties by y ascending): rows
    clearly below the running maximum of y (sorted by x) never are, under either hull."""
    order = np.argsort(x)
    ys = y[order]
    prev = np.maximum.accumulate(ys)
    prev = np.r_[-np.inf, prev[:-1]]
    keep = ys >= prev - _DRIFT * np.abs(prev)
    keep[0] = True
    cand = order[keep]
    return cand[np.lexsort((y[cand], x[cand]))]


def peers(x: np.ndarray, y: np.ndarray, tol: float = EQ_TOL) -> np.ndarray:
    """Row indices of the CE-FDH peers in R's order (duplicates once per row); ``tol`` is the
    relative tolerance of "equal" (R's 1e-6; 0 compares exactly).

    >>> peers(np.array([1.0, 2, 2, 3, 4]), np.array([1.0, 3, 2, 3, 5]))
    array([0, 1, 4])
    """
    cand = candidates(x, y)
    cx, cy = x[cand], y[cand]
    if not (_has_near(np.sort(cx), tol) or _has_near(np.sort(cy), tol)):
        starts = _group_starts(cx)
        gmax = np.maximum.reduceat(cy, starts)
        run = np.maximum.accumulate(gmax)
        is_peer = np.r_[True, gmax[1:] > run[:-1]]
        at_max = cy == np.repeat(gmax, np.diff(np.r_[starts, cy.size]))
        row_peer = at_max & np.repeat(is_peer, np.diff(np.r_[starts, cy.size]))
        return cand[row_peer]
    out = [0]
    for i in range(1, cand.size):
        xc, yc = cx[i], cy[i]
        last = out[-1]
        if yc > cy[last] or (_eq(cx[last], xc, tol) and _eq(cy[last], yc, tol)):
            while out and _eq(cx[out[-1]], xc, tol) and not _eq(cy[out[-1]], yc, tol):
                out.pop()
            out.append(i)
    return cand[np.asarray(out, dtype=np.intp)]


def distinct_peers(px: np.ndarray, py: np.ndarray) -> int:
    """Number of distinct peer points (peers come sorted by x, then y).

    >>> distinct_peers(np.array([1.0, 1, 2]), np.array([3.0, 3, 4]))
    2
    """
    if px.size == 0:
        return 0
    return 1 + int(np.count_nonzero((np.diff(px) != 0) | (np.diff(py) != 0)))


def _ineff(x_lim, y_lim, xmin, xmax, ymin, ymax):
    """R's inefficiencies (absolute area; relative, condition, outcome in percent)."""
    x_lim = min(x_lim, xmax)
    y_lim = max(y_lim, ymin)
    cx = (xmax - x_lim) / (xmax - xmin)
    cy = (y_lim - ymin) / (ymax - ymin)
    both = cx + cy - cx * cy
    scope = (xmax - xmin) * (ymax - ymin)
    return {"ineff_abs": scope * both, "ineff_rel": 100 * both,
            "ineff_condition": 100 * cx, "ineff_outcome": 100 * cy}


_NO_INEFF = {"ineff_abs": np.nan, "ineff_rel": np.nan, "ineff_condition": np.nan, "ineff_outcome": np.nan}


def ce_fdh(px: np.ndarray, py: np.ndarray, bounds) -> dict:
    """CE-FDH metrics from the peers ``(px, py)`` and ``bounds = (xmin, xmax, ymin, ymax)``."""
    xmin, xmax, ymin, ymax = bounds
    scope = (xmax - xmin) * (ymax - ymin)
    u = distinct_peers(px, py)
    zone = float(np.sum(np.abs((px[1:] - xmin) * np.diff(py)))) if u > 1 else 0.0
    out = {"ceiling_zone": zone, "effect_size": zone / scope, "above": 0, "accuracy": 100.0,
           "fit": 100.0, "slope": np.nan, "intercept": np.nan}
    out.update(_ineff(px[-1], py[0], *bounds) if u > 1 else _NO_INEFF)
    return out


def cr_line(px: np.ndarray, py: np.ndarray) -> tuple[float, float] | None:
    """OLS intercept and slope through the peers (duplicates weigh), or None for one peer."""
    if distinct_peers(px, py) < 2:
        return None
    mx, my = px.mean(), py.mean()
    dx = px - mx
    b = float(np.dot(dx, py - my) / np.dot(dx, dx))
    return float(my - b * mx), b


def cr_zone(a, b, bounds):
    """Area of the scope rectangle above the line ``y = a + b x`` (arrays broadcast).

    NaN when the line passes above the rectangle, the whole scope when below it.
    """
    xmin, xmax, ymin, ymax = bounds
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    scope = (xmax - xmin) * (ymax - ymin)
    with np.errstate(divide="ignore", invalid="ignore"):
        yl, yr = a + b * xmin, a + b * xmax
        plx = np.where(yl < ymin, (ymin - a) / b, xmin)
        ply = np.where(yl < ymin, ymin, yl)
        prx = np.where(yr > ymax, (ymax - a) / b, xmax)
        pry = np.where(yr > ymax, ymax, yr)
        zone = (0.5 * (prx - plx) * (pry - ply) + (xmax - xmin) * (ymax - pry)
                + (plx - xmin) * (ymax - ymin) - (plx - xmin) * (ymax - pry))
    zone = np.where((yl > ymax) & (yr > ymax), np.nan, zone)
    return np.where((yl < ymin) & (yr < ymin), scope, zone)


def cr_fdh(px, py, x, y, bounds, ce_zone: float) -> dict:
    """CR-FDH metrics: the OLS line through the peers, judged against all rows ``(x, y)``."""
    xmin, xmax, ymin, ymax = bounds
    scope = (xmax - xmin) * (ymax - ymin)
    line = cr_line(px, py)
    if line is None:
        out = {"ceiling_zone": 0.0, "effect_size": 0.0, "above": 0, "accuracy": 100.0,
               "slope": np.nan, "intercept": np.nan}
        zone = 0.0
    else:
        a, b = line
        zone = float(cr_zone(a, b, bounds))
        above = int(np.count_nonzero(y - (a + b * x) > ABOVE_TOL))
        out = {"ceiling_zone": zone, "effect_size": zone / scope, "above": above,
               "accuracy": 100.0 * (x.size - above) / x.size, "slope": b, "intercept": a}
    out["fit"] = (np.nan if ce_zone == 0 or not zone <= ce_zone
                  else 100 - 100 * abs(zone - ce_zone) / ce_zone)
    if line is None or line[1] <= SLOPE_MIN:
        out.update(_NO_INEFF)
    else:
        a, b = line
        out.update(_ineff((ymax - a) / b, a + b * xmin, *bounds))
    return out


def _block_effects(ys: np.ndarray, xg: np.ndarray, starts: np.ndarray, sizes: np.ndarray,
                   bounds, ceilings) -> dict:
    """Effect sizes of both ceilings for a block of y orders (rows: permutations).

    ``ys`` holds y in the x order of the condition; ``xg`` the distinct x values (groups).
    Coordinates are shifted to the scope's lower-left corner, so the sums of the regression
    do not lose digits on data far from 0; the sums over peers are matrix products.
    """
    xmin, xmax, ymin, ymax = bounds
    scope = (xmax - xmin) * (ymax - ymin)
    ties = starts.size < ys.shape[1]
    graw = np.maximum.reduceat(ys, starts, axis=1) if ties else ys
    gmax = graw - ymin
    run = np.maximum.accumulate(gmax, axis=1)
    xs = xg - xmin
    out = {}
    if "ce_fdh" in ceilings:
        out["ce_fdh"] = (np.diff(run, axis=1) @ xs[1:]) / scope
    if "cr_fdh" in ceilings:
        w = np.empty(gmax.shape)
        w[:, 0] = 1.0
        np.greater(gmax[:, 1:], run[:, :-1], out=w[:, 1:])
        single = w.sum(axis=1) < 2
        if ties:
            w *= np.add.reduceat(ys == np.repeat(graw, sizes, axis=1), starts, axis=1)
        s0 = w.sum(axis=1)
        sx, sxx = w @ xs, w @ (xs * xs)
        w *= gmax
        sy, sxy = w.sum(axis=1), w @ xs
        with np.errstate(divide="ignore", invalid="ignore"):
            b = (sxy - sx * sy / s0) / (sxx - sx * sx / s0)
            a = (sy - b * sx) / s0
            zone = cr_zone(a, b, (0.0, xmax - xmin, 0.0, ymax - ymin))
        out["cr_fdh"] = np.where(single, 0.0, zone / scope)
    return out


def _prepare(x: np.ndarray, y: np.ndarray):
    order = np.argsort(x)
    xs = x[order]
    starts = _group_starts(xs)
    sizes = np.diff(np.r_[starts, xs.size])
    return order, xs[starts], starts, sizes, (xs[0], xs[-1], float(y.min()), float(y.max()))


def effects_of_orders(x: np.ndarray, ys: np.ndarray, ceilings=FDH_CEILINGS) -> dict:
    """Effect sizes for every row of ``ys`` (each a reordering of the same outcome values,
    aligned with ``x``), all rows at once: ceiling -> array.

    This is the arithmetic of the permutation test; for data without distinct values closer
    than R's equality tolerance it equals :func:`peers` + :func:`ce_fdh` / :func:`cr_fdh`.

    >>> x = np.array([1.0, 2, 3, 4]); y = np.array([1.0, 2, 3, 4])
    >>> effects_of_orders(x, np.array([y, y[::-1]]))["ce_fdh"]
    array([0.66666667, 0.        ])
    """
    ys = np.atleast_2d(np.asarray(ys, dtype=float))
    return _effects(ys, x, _prepare(x, ys[0]), ceilings)


def permutation_effects(x_cols, y, ceilings, reps: int, rng, block_cells: int = 2_000_000, tol: float = EQ_TOL):
    """Effect sizes under ``reps`` random permutations of ``y`` (conditions fixed).

    ``x_cols`` is a list of 1-D arrays (one per condition, all aligned with ``y``). Returns
    ``(observed, permuted)``: per condition a dict ceiling -> observed effect (computed by the
    same arithmetic as the permutations, so that identical ceilings tie exactly) and ceiling ->
    array of ``reps`` values.

    Each block draws ``m`` uniform random orders of ``y`` once and reads them as the outcome in
    every condition's own x order: a uniform permutation composed with a fixed order is again
    uniform, so each condition gets exactly the test of permuting y against it, without a
    reordering per condition. Both ceilings use the same permutations.
    """
    n = y.size
    rng = np.random.default_rng(rng)  # a Generator is used as it is; a seed makes one
    prep = [_prepare(x, y) for x in x_cols]
    observed = [_effects(y[None, :], x, p, ceilings, tol) for x, p in zip(x_cols, prep)]
    observed = [{k: float(v[0]) for k, v in eff.items()} for eff in observed]
    permuted = [{c: np.empty(reps) for c in ceilings} for _ in x_cols]
    block = max(1, min(reps, block_cells // max(n, 1)))
    base = np.arange(n, dtype=np.intp)
    for lo in range(0, reps, block):
        m = min(block, reps - lo)
        idx = np.tile(base, (m, 1))
        rng.permuted(idx, axis=1, out=idx)
        yperm = y[idx]
        for j, (x, p) in enumerate(zip(x_cols, prep)):
            eff = _effects(yperm, x, p, ceilings, tol)
            for c in ceilings:
                permuted[j][c][lo:lo + m] = eff[c]
    return observed, permuted


def _effects(ys: np.ndarray, x: np.ndarray, prepared, ceilings, tol: float = EQ_TOL) -> dict:
    """Effect sizes of the asked ceilings for a block of outcome orders aligned with ``x``."""
    order, xg, starts, sizes, bounds = prepared
    out = _block_effects(ys[:, order], xg, starts, sizes, bounds, [c for c in ceilings if c in FDH_CEILINGS])
    vrs = [c for c in ceilings if c in VRS_CEILINGS]
    if vrs:
        from .vrs import vrs_effects

        out.update(vrs_effects(x, ys, bounds, vrs, tol))
    return out
