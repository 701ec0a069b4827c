"""The variable-returns-to-scale ceilings of NCA: CE-VRS and CR-VRS (R's ``NCA`` 5).

The FDH ceilings (:mod:`fsqca.nca.ceilings`) assume that any increase of the condition may
raise the ceiling by any amount. The VRS ceilings (Dul 2016; Dul, Hauff & Bouncken 2023)
assume decreasing returns instead: the ceiling is concave, the upper hull of the FDH peers.

VRS peers (R's ``p_peers(..., vrs = TRUE)``): built like the FDH peers, row by row in R's
order, with one more step before a new point N is appended: while the last two peers P, Q are
not equal to each other, Q is not equal to N, and slope(P, Q) <= slope(Q, N), Q is dropped.
"Equal" is R's tolerance (``|a - b| <= min(|a|, |b|) 1e-6``, in x and y). A peer that is
duplicated (two cases at one point) is therefore never dropped, as in R (the ceiling then has a
dent; see ``docs/nca.md``).

- **CE-VRS**: the piecewise-linear ceiling through the VRS peers (x_1, y_1), ..., (x_k, y_k),
  horizontal at ymax after the last; zone
  ``sum_i |(y_{i+1} - y_i)(x_{i+1} - x_1)| - |(y_{i+1} - y_i)(x_{i+1} - x_i) / 2|``; above 0,
  accuracy 100, no slope or intercept; fit against the CE-FDH zone; inefficiencies as CE-FDH.
- **CR-VRS**: ordinary least squares through the VRS peers, everything else as CR-FDH.

Works on plain numpy arrays (no pandas).
"""
from __future__ import annotations

import numpy as np

from . import ceilings as ceil

__all__ = ["vrs_peers", "ce_vrs", "cr_vrs", "ce_vrs_zone", "required_x_ce_vrs", "vrs_effects"]


def _hull(cx, cy, tol: float = ceil.EQ_TOL) -> list[int]:
    """Positions of the VRS peers among candidates ``(cx, cy)`` in R's order (R's loop)."""
    def eq(a, b):
        return abs(a - b) <= min(abs(a), abs(b)) * tol

    def same(i, j):
        return eq(cx[i], cx[j]) and eq(cy[i], cy[j])

    out = [0]
    for i in range(1, len(cx)):
        xc, yc = cx[i], cy[i]
        last = out[-1]
        if not (yc > cy[last] or (eq(cx[last], xc) and eq(cy[last], yc))):
            continue
        while out and eq(cx[out[-1]], xc) and not eq(cy[out[-1]], yc):
            out.pop()
        while len(out) >= 2:
            p, q = out[-2], out[-1]
            if same(p, q) or same(q, i):
                break
            if (cy[q] - cy[p]) / (cx[q] - cx[p]) <= (yc - cy[q]) / (xc - cx[q]):
                out.pop()
            else:
                break
        out.append(i)
    return out


def vrs_peers(x: np.ndarray, y: np.ndarray, tol: float = ceil.EQ_TOL) -> np.ndarray:
    """Row indices of the VRS peers in R's order (duplicates once per row).

    >>> vrs_peers(np.array([0.0, 1, 2, 0.5]), np.array([0.0, 1, 3, 0]))
    array([0, 2])
    >>> vrs_peers(np.array([0.0, 1, 2, 0.5, 1]), np.array([0.0, 1, 3, 0, 1]))
    array([0, 1, 4, 2])
    """
    cand = ceil.candidates(x, y)
    return cand[np.asarray(_hull(x[cand].tolist(), y[cand].tolist(), tol), dtype=np.intp)]


def ce_vrs_zone(px: np.ndarray, py: np.ndarray) -> float:
    """The CE-VRS ceiling zone through the peers (R's formula; 0 for one distinct peer)."""
    if ceil.distinct_peers(px, py) < 2:
        return 0.0
    dy = np.diff(py)
    return float(np.sum(np.abs(dy * (px[1:] - px[0])) - np.abs(0.5 * dy * np.diff(px))))


def ce_vrs(px: np.ndarray, py: np.ndarray, bounds, ce_zone: float) -> dict:
    """CE-VRS metrics from the VRS peers, ``bounds = (xmin, xmax, ymin, ymax)`` and the CE-FDH
    zone (for ``fit``)."""
    xmin, xmax, ymin, ymax = bounds
    zone = ce_vrs_zone(px, py)
    out = {"ceiling_zone": zone, "effect_size": zone / ((xmax - xmin) * (ymax - ymin)), "above": 0,
           "accuracy": 100.0, "slope": np.nan, "intercept": np.nan,
           "fit": (np.nan if ce_zone == 0 or not zone <= ce_zone
                   else 100 - 100 * abs(zone - ce_zone) / ce_zone)}
    out.update(ceil._ineff(px[-1], py[0], *bounds) if ceil.distinct_peers(px, py) > 1 else ceil._NO_INEFF)
    return out


def cr_vrs(px, py, x, y, bounds, ce_zone: float) -> dict:
    """CR-VRS metrics: the CR-FDH formulas on the line through the VRS peers."""
    return ceil.cr_fdh(px, py, x, y, bounds, ce_zone)


def required_x_ce_vrs(levels: np.ndarray, px: np.ndarray, py: np.ndarray, near: float) -> np.ndarray:
    """The x each outcome level needs on the CE-VRS ceiling (NaN: no peer reaches it).

    The first peer i with y_i > L - near; i = 1: x_1; else interpolated on the segment from
    peer i - 1 to peer i, in R's arithmetic.
    """
    ok = py[None, :] > levels[:, None] - near
    first = ok.argmax(axis=1)
    prev = np.maximum(first - 1, 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        inner = px[prev] + (levels - py[prev]) * (px[prev] - px[first]) / (py[prev] - py[first])
    req = np.where(first == 0, px[0], inner)
    return np.where(ok.any(axis=1), req, np.nan)


def vrs_effects(x: np.ndarray, ys: np.ndarray, bounds, ceilings, tol: float = ceil.EQ_TOL) -> dict:
    """Effect sizes of the VRS ceilings for every row of ``ys`` (orders of the outcome aligned
    with ``x``): ceiling -> array (the permutation test).

    The rows that can be peers are found for the whole block at once; R's loop then runs per
    row on those few, in plain Python floats; the CR-VRS zones are computed together at the end.
    """
    xmin, xmax, ymin, ymax = bounds
    scope = (xmax - xmin) * (ymax - ymin)
    order = np.argsort(x, kind="stable")
    xs = x[order]
    ties = bool(np.any(xs[1:] == xs[:-1]))
    Y = ys[:, order]
    prev = np.maximum.accumulate(Y, axis=1)
    prev = np.concatenate([np.full((Y.shape[0], 1), -np.inf), prev[:, :-1]], axis=1)
    keep = Y >= prev - ceil._DRIFT * np.abs(prev)
    keep[:, 0] = True
    m = Y.shape[0]
    ce = np.zeros(m)
    a, b = np.full(m, np.nan), np.full(m, np.nan)
    single = np.zeros(m, dtype=bool)
    for r in range(m):
        idx = np.flatnonzero(keep[r])
        cx, cy = xs[idx], Y[r, idx]
        if ties:                       # R's order: ties in x by y ascending
            o = np.lexsort((cy, cx))
            cx, cy = cx[o], cy[o]
        cx, cy = cx.tolist(), cy.tolist()
        pos = _hull(cx, cy, tol)
        px, py = [cx[i] for i in pos], [cy[i] for i in pos]
        if len(set(zip(px, py))) < 2:
            single[r] = True
            continue
        x1 = px[0]
        ce[r] = sum(abs((py[i + 1] - py[i]) * (px[i + 1] - x1)) - abs(0.5 * (py[i + 1] - py[i]) * (px[i + 1] - px[i]))
                    for i in range(len(px) - 1))
        if "cr_vrs" in ceilings:
            k = len(px)
            mx, my = sum(px) / k, sum(py) / k
            sxx = sum((v - mx) ** 2 for v in px)
            b[r] = sum((u - mx) * (v - my) for u, v in zip(px, py)) / sxx
            a[r] = my - b[r] * mx
    out = {}
    if "ce_vrs" in ceilings:
        out["ce_vrs"] = ce / scope
    if "cr_vrs" in ceilings:
        with np.errstate(divide="ignore", invalid="ignore"):
            zone = ceil.cr_zone(a, b, bounds)
        out["cr_vrs"] = np.where(single, 0.0, zone / scope)
    return out
