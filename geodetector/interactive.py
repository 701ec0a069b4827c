"""IDSA: the interactive detector for spatial associations (Song & Wu 2021), as gdverse 1.7.

Each variable is discretised at the class count that maximises its CPSD (strategy 1) or at
the elbow of the CPSD curve (strategy 2, :func:`geodetector.gdcore.optimal_index`).  Every
subset of two or more variables is overlaid into zones; its power of interactive determinant
``PID = PSD(y, zones) / PSD_IEV`` divides the PSD of y by the share of the variables' own
spatial variance the zones explain,
``PSD_IEV = 1 - sum_v (1 - PSD(c_v, zones)) gamma(c_v) / sum_v gamma(c_v)``.  The overlay is
the intersection of the classes, or the fuzzy overlay: each class gets the mean y of its
rows, all class means are min-max normalised together, and each row takes the class of the
variable whose normalised mean is the smallest (``and``) or largest (``or``).  The subset with
the largest PID gives the final zones, on which the risk detector runs.

Examples
--------
>>> import numpy as np, pandas as pd
>>> from geodetector.spatial_association import weights_from_coords
>>> rng = np.random.default_rng(3)
>>> xy = np.array([(i, j) for i in range(8) for j in range(8)], float)
>>> d = pd.DataFrame({"X": xy[:, 0], "Y": xy[:, 1], "a": rng.random(64), "b": rng.random(64)})
>>> d["y"] = d.a + d.b + rng.normal(0, 0.1, 64)
>>> res = idsa(d, "y", ["a", "b"], weights=weights_from_coords(d, ["X", "Y"]), discnum=range(3, 6))
>>> len(res.interaction)
3
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .errors import GeodetectorError
from .gdcore import INCREASE_RATE, check_confidence, numeric_column, optimal_index, risk_table
from .gdresults import IDSAResult
from .optimal_zones import subsets
from .sdsdisc import discretize_vector
from .spatial_association import check_weights, cpsd_grid, psd, spatial_variance

__all__ = ["idsa", "overlay_zones", "OVERLAYS"]

OVERLAYS = ("and", "or", "intersection")
SEP = " \u2229 "


def overlay_zones(y, classes: dict, how: str = "and") -> np.ndarray:
    """Zones of the overlay of ``classes`` (name -> class codes) by ``how``."""
    names = list(classes)
    if how == "intersection":
        out = np.asarray(classes[names[0]]).astype(str).astype(object)
        for v in names[1:]:
            out = out + "_" + np.asarray(classes[v]).astype(str)
        return out.astype(str)
    labels = np.column_stack([np.char.add(f"{v}_", np.asarray(classes[v]).astype(str))
                              for v in names])
    uniq, inv = np.unique(labels, return_inverse=True)
    inv = inv.reshape(labels.shape)
    means = np.bincount(inv.ravel(), np.repeat(y, len(names)), len(uniq)) / \
        np.bincount(inv.ravel(), minlength=len(uniq))
    span = means.max() - means.min()
    norm = (means - means.min()) / span if span > 0 else np.zeros_like(means)
    score = norm[inv]
    pick = np.argmin(score, axis=1) if how == "and" else np.argmax(score, axis=1)
    return labels[np.arange(labels.shape[0]), pick]


def idsa(data: pd.DataFrame, y: str, x=None, *, weights, discnum=range(3, 9),
         discmethod: str = "quantile", overlay: str = "and", strategy: int = 2,
         increase_rate: float = INCREASE_RATE, alpha: float = 0.95) -> IDSAResult:
    """IDSA (Song & Wu 2021) with gdverse 1.7's choices.

    Parameters
    ----------
    data, y, x : the table, the numeric outcome and the numeric explanatory variables.
    weights : array (n, n)
        Spatial weights.
    discnum, discmethod : class counts tried and the discretisation method.
    overlay : {"and", "or", "intersection"}
    strategy : {1, 2}
        1: the class count of the largest CPSD; 2: the elbow (loess) rule.
    increase_rate : float
        Threshold of the elbow rule.
    alpha : float
        Confidence level of the risk detector.

    Returns
    -------
    IDSAResult
        Tables ``interaction`` (PID of every subset), ``risk`` (on the final zones), ``disc``
        (the chosen k per variable); scalars ``number_individual_explanatory_variables``,
        ``number_overlay_zones``, ``percentage_finely_divided_zones``.
    """
    if overlay not in OVERLAYS:
        raise GeodetectorError(f"overlay must be one of {OVERLAYS}, got {overlay!r}")
    if strategy not in (1, 2):
        raise GeodetectorError(f"strategy must be 1 or 2, got {strategy!r}")
    check_confidence(alpha)
    if x is None:
        x = [c for c in data.columns if c != y]
    x = [x] if isinstance(x, str) else list(x)
    yv = numeric_column(data, y)
    w = check_weights(weights, len(yv))
    xs = {v: numeric_column(data, v, "explanatory") for v in x}
    for v, xv in xs.items():
        if np.ptp(xv) == 0:
            raise GeodetectorError(f"variable {v!r} has one value: it cannot be cut into zones")
    ks = list(discnum)
    classes, single, disc = {}, {}, []
    for v in x:
        grid = cpsd_grid(yv, xs[v], w, ks, discmethod)
        c = grid["cpsd"].to_numpy()
        if not np.isfinite(c).any():
            raise GeodetectorError(f"variable {v!r}: the power of spatial determinant is "
                                   f"undefined at every k of discnum (too few rows, or zones "
                                   f"of one member); use fewer classes or more units")
        i = int(np.nanargmax(c)) if strategy == 1 else optimal_index(c, ks, increase_rate)
        classes[v] = discretize_vector(xs[v], ks[i], discmethod)
        single[v] = float(c[i])
        disc.append({"variable": v, "k": ks[i], "method": discmethod})
    gamma = {v: spatial_variance(classes[v], w) for v in x}
    rows, zones_of = [], {}
    for s in subsets(x):
        if len(s) == 1:
            pid = single[s[0]]
            zones = np.char.add(f"{s[0]}_", classes[s[0]].astype(str))
        else:
            zones = overlay_zones(yv, {v: classes[v] for v in s}, overlay)
            iev = 1 - sum((1 - psd(classes[v], zones, w)) * gamma[v] for v in s) / \
                sum(gamma[v] for v in s)
            pid = psd(yv, zones, w) / iev
        zones_of[s] = zones
        rows.append({"variable": SEP.join(s), "pid_idsa": pid})
    inter = pd.DataFrame(rows)
    best = int(np.argmax(inter["pid_idsa"].to_numpy()))
    chosen = subsets(x)[best]
    final = zones_of[chosen]
    labels, counts = np.unique(final, return_counts=True)
    inter = inter.sort_values("pid_idsa", ascending=False, kind="stable").reset_index(drop=True)
    notes = [f"zones of each variable: {discmethod} classes at the k of "
             + ("the largest CPSD" if strategy == 1 else "the elbow of the CPSD curve"),
             f"overlay: {overlay}; final zones from the subset with the largest PID "
             f"({SEP.join(chosen)})"]
    return IDSAResult(
        y, len(yv),
        {"interaction": inter, "risk": risk_table(yv, final, alpha), "disc": pd.DataFrame(disc),
         "zones": pd.DataFrame({"zone": final})},
        scalars={"number_individual_explanatory_variables": len(chosen),
                 "number_overlay_zones": int(labels.size),
                 "percentage_finely_divided_zones": float((counts == 1).sum() / len(yv))},
        settings={"overlay": overlay, "strategy": strategy, "discmethod": discmethod},
        notes_=tuple(notes))
