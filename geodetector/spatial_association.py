"""SPADE: the spatial association detector (Cang & Luo 2018), as gdverse 1.7 computes it.

The q of SPADE replaces variances by spatial variances, so that spatial dependence counts:
``gamma(v, W) = sum_ij w_ij (v_i - v_j)^2 / (2 sum_ij w_ij)`` and the power of spatial
determinant ``PSD(v, z) = 1 - sum_h n_h gamma(v_h, W_hh) / (N gamma(v, W))`` (one-member
strata dropped first, with their rows and columns of W).  A continuous variable is cut at
every ``k`` of ``discnum`` and gets the mean of ``PSD(y, z_k) / PSD(x, z_k)`` (the
multilevel CPSD); a categorical one gets ``PSD(y, x)``.

The pseudo p-value permutes ``y`` (seeded, :mod:`libdigigov.significance`): all permutations
are evaluated together as matrix products, the quadratic forms of W (whole, and block by
block of the strata) once per batch of permutations.

Examples
--------
>>> import numpy as np, pandas as pd
>>> rng = np.random.default_rng(0)
>>> xy = np.array([(i, j) for i in range(8) for j in range(8)], float)
>>> d = pd.DataFrame({"X": xy[:, 0], "Y": xy[:, 1], "z": (xy[:, 0] > 3).astype(int)})
>>> d["y"] = 2.0 * d.z + rng.normal(0, 0.5, 64)
>>> w = weights_from_coords(d, ["X", "Y"])
>>> res = spade(d, "y", ["z"], weights=w, discvar=[], permutations=99, seed=1)
>>> float(res.factor["P-value"][0])
0.01
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from libdigigov.significance import (check_permutations_count, permutation_pvalues,
                                     seeded_rng)

from .errors import GeodetectorError
from .gdcore import check_labels, is_categorical, numeric_column
from .gdresults import SPADEResult
from .sdsdisc import SDS_METHODS, discretize_vector

__all__ = ["spade", "psd", "spatial_variance", "weights_from_coords", "weights_from_table",
           "cpsd_grid"]

#: Permutations evaluated per matrix product (memory: rows x batch x 12 bytes).
BATCH = 1024


def weights_from_coords(data: pd.DataFrame, cols, power: float = 1.0) -> np.ndarray:
    """Inverse-distance weights ``1 / d_ij^power`` (Euclidean), zero diagonal
    (``sdsfun::inverse_distance_swm`` on planar points)."""
    xy = np.column_stack([numeric_column(data, c, "coordinate") for c in cols])
    if not np.isfinite(power) or power <= 0:
        raise GeodetectorError(f"--power must be a positive number, got {power!r}")
    diff = xy[:, None, :] - xy[None, :, :]
    d = np.sqrt((diff * diff).sum(-1))
    np.fill_diagonal(d, np.inf)
    if (d == 0).any():
        i, j = np.argwhere(d == 0)[0]
        raise GeodetectorError(f"rows {i + 1} and {j + 1} have the same coordinates: "
                               f"inverse-distance weights are infinite")
    return 1.0 / d ** power


def weights_from_table(table: pd.DataFrame, n: int) -> np.ndarray:
    """Dense n x n weights from a table ``i, j, w`` of 1-based row numbers (absent pairs 0)."""
    missing = [c for c in ("i", "j", "w") if c not in table.columns]
    if missing:
        raise GeodetectorError(f"weights file needs columns i,j,w; missing {missing}")
    try:
        i = table["i"].to_numpy(dtype=float)
        j = table["j"].to_numpy(dtype=float)
        w = table["w"].to_numpy(dtype=float)
    except (TypeError, ValueError):
        raise GeodetectorError("weights file: i, j and w must be numbers") from None
    bad = ~((i >= 1) & (i <= n) & (j >= 1) & (j <= n) & (i == np.round(i)) & (j == np.round(j)))
    if bad.any():
        r = int(np.flatnonzero(bad)[0])
        raise GeodetectorError(f"weights file row {r + 1}: i={table['i'].iloc[r]!r}, "
                               f"j={table['j'].iloc[r]!r} is not a pair of row numbers 1..{n}: "
                               f"the weight matrix does not match the {n} data rows")
    if not np.isfinite(w).all():
        raise GeodetectorError("weights file: w has missing or infinite values")
    out = np.zeros((n, n))
    out[i.astype(int) - 1, j.astype(int) - 1] = w
    return out


def check_weights(w, n: int) -> np.ndarray:
    """``w`` as a float n x n array, or one clear error."""
    w = np.asarray(w, dtype=float)
    if w.ndim != 2 or w.shape != (n, n):
        raise GeodetectorError(f"the weight matrix is {w.shape}, it must be {n} x {n} to match "
                               f"the {n} data rows")
    if not np.isfinite(w).all():
        raise GeodetectorError("the weight matrix has missing or infinite values")
    return w


def spatial_variance(v, w) -> float:
    """``gamma(v, W) = sum_ij w_ij (v_i - v_j)^2 / (2 sum_ij w_ij)``."""
    v = np.asarray(v, dtype=float)
    v = v - v.mean()
    s = w.sum()
    num = v * v @ (w.sum(1) + w.sum(0)) - 2 * v @ (w @ v)
    return float(num / (2 * s)) if s > 0 else float("nan")


def _keep(z):
    _, inv, cnt = np.unique(z, return_inverse=True, return_counts=True)
    return cnt[inv.ravel()] > 1


def psd(v, z, w) -> float:
    """The power of spatial determinant of zones ``z`` on ``v`` (one-member zones dropped)."""
    z = np.asarray(z)
    keep = _keep(z)
    v, z = np.asarray(v, dtype=float)[keep], z[keep]
    wk = w[np.ix_(keep, keep)] if not keep.all() else w
    total = spatial_variance(v, wk)
    inner = 0.0
    for h in np.unique(z):
        idx = np.flatnonzero(z == h)
        g = spatial_variance(v[idx], wk[np.ix_(idx, idx)])
        inner += idx.size * (g if np.isfinite(g) else 0.0)
    return float(1 - inner / (len(v) * total))


class _Zoning:
    """What the permutation test needs of one set of zones: kept rows, blocks of W.

    The quadratic forms ``y' W_hh y`` of the permutations are products of W's blocks with a
    batch of permuted outcomes, in single precision (the products dominate the time; their
    relative error, about 1e-6, is far below what can change a comparison with the observed
    statistic); the linear terms stay in double precision.
    """

    def __init__(self, z, w):
        z = np.asarray(z)
        self.keep = _keep(z)
        kept = np.flatnonzero(self.keep)
        zk = z[kept]
        self.blocks = []
        for h in np.unique(zk):
            idx = kept[zk == h]
            wh = w[np.ix_(idx, idx)]
            s = wh.sum()
            if s > 0:
                self.blocks.append((idx, wh.astype(np.float32), wh.sum(1) + wh.sum(0),
                                    idx.size / s))
        self.n = kept.size

    def numerators(self, ys, ys32):
        """sum_h n_h gamma(y_h, W_hh) for each column of ``ys`` (rows: all units)."""
        out = np.zeros(ys.shape[1])
        for idx, wh, rc, scale in self.blocks:
            yh, yh32 = ys[idx], ys32[idx]
            quad = np.einsum("ij,ij->j", yh32, wh @ yh32, dtype=np.float64)
            out += scale * ((yh * yh).T @ rc - 2 * quad) / 2
        return out


def _totals(ys, ys32, w32, rc, wsum):
    """gamma(y, W) of each column of ``ys`` (all rows kept)."""
    quad = np.einsum("ij,ij->j", ys32, w32 @ ys32, dtype=np.float64)
    return ((ys * ys).T @ rc - 2 * quad) / (2 * wsum)


def cpsd_grid(y, x, w, discnum, method) -> pd.DataFrame:
    """Per k: PSD(y, z_k), PSD(x, z_k) and their ratio, z_k = the k-class discretisation."""
    rows = []
    for k in discnum:
        z = discretize_vector(x, k, method)
        py, px = psd(y, z, w), psd(x, z, w)
        rows.append({"k": k, "n_strata": len(np.unique(z)), "psd_y": py, "psd_x": px,
                     "cpsd": py / px})
    return pd.DataFrame(rows)


def _methods(discvar, discmethod):
    if discmethod is None:
        discmethod = ["quantile"]
    discmethod = [discmethod] if isinstance(discmethod, str) else list(discmethod)
    bad = [m for m in discmethod if m not in SDS_METHODS]
    if bad:
        raise GeodetectorError(f"discretisation method(s) {bad} unknown; choose from "
                               f"{', '.join(SDS_METHODS)}")
    if len(discmethod) == 1:
        return {v: discmethod[0] for v in discvar}
    if len(discmethod) != len(discvar):
        raise GeodetectorError(f"give one discretisation method, or one per discretised "
                               f"variable ({len(discvar)}), not {len(discmethod)}")
    return dict(zip(discvar, discmethod))


def spade(data: pd.DataFrame, y: str, x=None, *, weights, discvar=None, discnum=range(3, 9),
          discmethod="quantile", permutations: int = 0, seed=None) -> SPADEResult:
    """SPADE (Cang & Luo 2018): the multilevel power of spatial determinants.

    Parameters
    ----------
    data : pandas.DataFrame
    y : str
        Numeric outcome.
    x : list of str, optional
    weights : array (n, n)
        Spatial weights (:func:`weights_from_coords`, :func:`weights_from_table`).
    discvar : list of str, optional
        Variables to discretise (default: every numeric one); the others keep their labels.
    discnum : sequence of int
        Class counts averaged over (3..8).
    discmethod : str or list of str
        One method for every discretised variable, or one per variable.  (gdverse 1.7 turns
        a single method other than quantile into quantile; this function uses it.)
    permutations : int
        Permutations of ``y`` for the pseudo p-value (0: no test).
    seed : int, optional
        Seed of the permutations (default: :data:`libdigigov.significance.DEFAULT_SEED`).

    Returns
    -------
    SPADEResult
        Tables ``factor`` (``variable, Q-statistic`` and ``P-value`` with permutations) and
        ``multilevel`` (PSD of y and of x at every k).
    """
    if x is None:
        x = [c for c in data.columns if c != y]
    x = [x] if isinstance(x, str) else list(x)
    yv = numeric_column(data, y)
    w = check_weights(weights, len(yv))
    permutations = check_permutations_count(permutations, "permutations", GeodetectorError)
    missing = [c for c in x if c not in data.columns]
    if missing or not x:
        raise GeodetectorError(f"column(s) {missing or x} not in data; available: "
                               f"{list(data.columns)}")
    check_labels(data, x)
    if discvar is None:
        discvar = [c for c in x if not is_categorical(data[c])]
    unknown = [c for c in discvar if c not in x]
    if unknown:
        raise GeodetectorError(f"--discvar {unknown} not among the explanatory variables {x}")
    methods = _methods(discvar, discmethod)
    ks = list(discnum)
    rows, multi, zonings = [], [], []
    for v in x:
        if v in methods:
            xv = numeric_column(data, v, "variable to discretise")
            if np.ptp(xv) == 0:
                raise GeodetectorError(f"variable {v!r} has one value: it cannot be cut into "
                                       f"zones")
            grid = cpsd_grid(yv, xv, w, ks, methods[v]).assign(variable=v, method=methods[v])
            multi.append(grid)
            rows.append({"variable": v, "Q-statistic": float(grid["cpsd"].mean())})
            zonings.append([(_Zoning(discretize_vector(xv, k, methods[v]), w), px)
                            for k, px in zip(ks, grid["psd_x"])])
        else:
            z = data[v].astype(str).to_numpy()
            if len(np.unique(z)) < 2:
                raise GeodetectorError(f"variable {v!r} has a single zone: nothing to compare")
            rows.append({"variable": v, "Q-statistic": psd(yv, z, w)})
            zonings.append([(_Zoning(z, w), 1.0)])
    factor = pd.DataFrame(rows)
    notes = ["Q-statistic: mean over k of PSD(y, z_k)/PSD(x, z_k) for discretised variables "
             "(multilevel CPSD), PSD(y, x) for the others; one-member zones dropped"]
    settings = {"discnum": f"{ks[0]}:{ks[-1]}",
                "discmethod": ",".join(f"{k}={m}" for k, m in methods.items()) or "none"}
    if permutations:
        rng, used = seeded_rng(seed, GeodetectorError)
        factor["P-value"] = _ptest(yv, w, zonings, factor["Q-statistic"].to_numpy(),
                                   permutations, rng)
        notes.append(f"P-value: ({permutations} permutations of y, seed {used}) "
                     f"(b + 1)/(n + 1), one-sided (greater)")
        settings.update(permutations=permutations, seed=used)
    factor = factor.sort_values("Q-statistic", ascending=False, kind="stable")
    tables = {"factor": factor.reset_index(drop=True)}
    if multi:
        tables["multilevel"] = pd.concat(multi, ignore_index=True)
    return SPADEResult(y, len(yv), tables, settings=settings, notes_=tuple(notes))


def _ptest(yv, w, zonings, observed, b, rng):
    stats = np.empty((len(zonings), b))
    yc = yv - yv.mean()
    w32 = w.astype(np.float32)
    rc, wsum = w.sum(1) + w.sum(0), w.sum()
    for start in range(0, b, BATCH):
        size = min(BATCH, b - start)
        # one batch of permutations of y (Fisher-Yates per row), drawn in order from one
        # seeded generator: the same seed gives the same p-values
        ys = np.ascontiguousarray(rng.permuted(np.broadcast_to(yc, (size, yc.size)), axis=1).T)
        ys32 = ys.astype(np.float32)
        cols = slice(start, start + ys.shape[1])
        full = _totals(ys, ys32, w32, rc, wsum)
        for vi, levels in enumerate(zonings):
            acc = np.zeros(ys.shape[1])
            for zoning, px in levels:
                if zoning.keep.all():
                    total = full
                else:  # one-member zones dropped: gamma(y, W) over the rows left
                    k = zoning.keep
                    wk = w[np.ix_(k, k)]
                    yk = ys[k] - ys[k].mean(0)
                    total = _totals(yk, yk.astype(np.float32), wk.astype(np.float32),
                                    wk.sum(1) + wk.sum(0), wk.sum())
                acc += (1 - zoning.numerators(ys, ys32) / (zoning.n * total)) / px
            stats[vi, cols] = acc / len(levels)
    return permutation_pvalues(observed, stats, "greater", axis=1)
