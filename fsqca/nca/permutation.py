"""The permutation test of NCA's effect sizes (Dul, van der Laan & Kuik 2020), all ceilings.

Blocks of random orders of the outcome are drawn once and read in every condition's own x
order; the FDH ceilings are evaluated for the whole block with numpy
(:func:`fsqca.nca.ceilings.effects_of_orders` arithmetic), the VRS ceilings row by row
(:func:`fsqca.nca.vrs.vrs_effects`). The same permutations serve every ceiling.
"""
from __future__ import annotations

import numpy as np

from .ceilings import EQ_TOL, FDH_CEILINGS, VRS_CEILINGS, _block_effects, _prepare
from .vrs import vrs_effects_sorted

__all__ = ["permutation_effects"]


def permutation_effects(x_cols, y, ceilings, reps: int, rng, block_cells: int = 2_000_000, tol: float = EQ_TOL,
                        progress=None):
    """Effect sizes under ``reps`` random permutations of ``y`` (conditions fixed).

    ``x_cols`` is a list of 1-D arrays (one per condition, all aligned with ``y``). Returns
    ``(observed, permuted)``: per condition a dict ceiling -> observed effect (computed by the
    same arithmetic as the permutations, so that identical ceilings tie exactly) and ceiling ->
    array of ``reps`` values.

    Each block draws ``m`` uniform random orders of ``y`` once and reads them as the outcome in
    every condition's own x order: a uniform permutation composed with a fixed order is again
    uniform, so each condition gets exactly the test of permuting y against it, without a
    reordering per condition. All ceilings use the same permutations.

    ``progress(done, reps)``, when given, is called after each block; the blocks are then at most
    a hundredth of ``reps`` (the permutations drawn are the same whatever the block size: each
    row is shuffled in turn from the one generator). An exception it raises stops the test.
    """
    n = y.size
    rng = np.random.default_rng(rng)  # a Generator is used as it is; a seed makes one
    prep = [(*_prepare(x, y), np.sort(x)) for x in x_cols]
    observed = [_effects(y[p[0]][None, :], p, ceilings, tol) for p in prep]
    observed = [{k: float(v[0]) for k, v in eff.items()} for eff in observed]
    permuted = [{c: np.empty(reps) for c in ceilings} for _ in x_cols]
    block = max(1, min(reps, block_cells // max(n, 1)))
    if progress is not None:
        block = max(1, min(block, -(-reps // 100)))
    base = np.arange(n, dtype=np.intp)
    for lo in range(0, reps, block):
        m = min(block, reps - lo)
        idx = np.tile(base, (m, 1))
        rng.permuted(idx, axis=1, out=idx)
        yperm = y[idx]
        for j, p in enumerate(prep):
            eff = _effects(yperm, p, ceilings, tol)
            for c in ceilings:
                permuted[j][c][lo:lo + m] = eff[c]
        if progress is not None:
            progress(lo + m, reps)
    return observed, permuted


def _effects(ys: np.ndarray, prepared, ceilings, tol: float = EQ_TOL) -> dict:
    """Effect sizes of the asked ceilings for a block of outcome orders read in the condition's
    x order (``ys[:, i]`` is the outcome of the i-th smallest x)."""
    order, xg, starts, sizes, bounds, xs = prepared
    out = _block_effects(ys, xg, starts, sizes, bounds, [c for c in ceilings if c in FDH_CEILINGS])
    vrs = [c for c in ceilings if c in VRS_CEILINGS]
    if vrs:
        out.update(vrs_effects_sorted(xs, ys, bounds, vrs, tol))
    return out
