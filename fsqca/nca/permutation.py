"""NCA's effect sizes under reorderings of the outcome: the arithmetic of the permutation test.

Every ceiling at once, for many orders of the outcome (Dul, van der Laan & Kuik 2020's
approximate permutation test); the FDH ceilings from :mod:`fsqca.nca.ceilings`, the VRS ones
from :mod:`fsqca.nca.vrs`.
"""
from __future__ import annotations

import numpy as np

from .ceilings import EQ_TOL, FDH_CEILINGS, VRS_CEILINGS, _block_effects, _prepare
from .vrs import vrs_effects

__all__ = ["effects_of_orders", "permutation_effects"]


def effects_of_orders(x: np.ndarray, ys: np.ndarray, ceilings=FDH_CEILINGS) -> dict:
    """Effect sizes for every row of ``ys`` (each a reordering of the same outcome values,
    aligned with ``x``), all rows at once: ceiling -> array.

    This is the arithmetic of the permutation test; for data without distinct values closer
    than R's equality tolerance it equals :func:`fsqca.nca.ceilings.peers` + ``ce_fdh`` / ``cr_fdh``.

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
        out.update(vrs_effects(x, ys, bounds, vrs, tol))
    return out
