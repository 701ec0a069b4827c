"""RGD and RID: robust discretisation by variance change points (Zhang, Song & Wu 2022).

Each explanatory variable is cut where the outcome, read in the order of that variable,
changes its level: the optimal least-squares segmentation of ``y`` sorted by ``x`` into ``k``
segments (ruptures' ``Dynp(model="l2", min_size=1)`` in gdverse 1.7;
:mod:`geodetector.changepoint` here, exact and pruned), and a row's class is the segment its
rank falls in.  RGD runs the factor detector at every k of ``discnum`` and picks k by the
largest q (strategy 1) or the elbow rule (strategy 2); RID runs gdverse's interaction
detector (crossed classes) on those discretisations.

Examples
--------
>>> import numpy as np, pandas as pd
>>> rng = np.random.default_rng(2)
>>> d = pd.DataFrame({"a": rng.uniform(0, 10, 120), "b": rng.uniform(0, 10, 120)})
>>> d["y"] = np.floor(d.a / 2.5) + rng.normal(0, 0.2, 120)
>>> res = rgd(d, "y", ["a", "b"], discnum=range(3, 6), strategy=1)
>>> res.factor.set_index("variable").loc["a", "Q-statistic"] > 0.9
np.True_
"""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd

from .changepoint import optimal_segmentations, ruptures_ends
from .errors import GeodetectorError
from .gdcore import INCREASE_RATE, factor_qp, interaction_class, numeric_column, optimal_index, pair_list
from .gdresults import RGDResult, RIDResult

__all__ = ["rgd", "rid", "robust_classes", "ENGINES"]

ENGINES = ("exact", "ruptures")


def robust_classes(y, x, ks, engine: str = "exact") -> dict:
    """Class codes 1..k of ``x`` for every k in ``ks``: segments of ``y`` sorted by ``x``."""
    if engine not in ENGINES:
        raise GeodetectorError(f"engine must be one of {ENGINES}, got {engine!r}")
    order = np.argsort(x, kind="stable")
    ys = np.asarray(y, dtype=float)[order]
    ks = list(ks)
    if max(ks) > len(ys):
        raise GeodetectorError(f"{max(ks)} classes asked for {len(ys)} rows")
    if engine == "exact":
        seg = optimal_segmentations(ys, ks)
    else:
        seg = {k: ruptures_ends(ys, k) for k in ks}
    out = {}
    for k in ks:
        cls_sorted = np.searchsorted(np.asarray(seg[k]), np.arange(len(ys)), side="right") + 1
        cls = np.empty(len(ys), dtype=np.int64)
        cls[order] = cls_sorted
        out[k] = cls
    return out


def _inputs(data, y, x, discnum):
    if x is None:
        x = [c for c in data.columns if c != y]
    x = [x] if isinstance(x, str) else list(x)
    if not x:
        raise GeodetectorError("no explanatory variables given (--x)")
    yv = numeric_column(data, y)
    xs = {v: numeric_column(data, v, "explanatory")
          for v in x}
    for v, xv in xs.items():
        if np.ptp(xv) == 0:
            raise GeodetectorError(f"variable {v!r} has one value: it cannot be cut into zones")
    ks = [int(k) for k in discnum]
    if not ks or min(ks) < 2:
        raise GeodetectorError(f"discnum must hold class counts >= 2, got {ks}")
    return x, yv, xs, ks


def _discretise(yv, xs, ks, strategy, increase_rate, engine):
    if strategy not in (1, 2):
        raise GeodetectorError(f"strategy must be 1 or 2, got {strategy!r}")
    allrows, chosen, factor = [], {}, []
    # the exact search releases the GIL: the variables are segmented side by side
    workers = max(1, min(len(xs), os.cpu_count() or 1)) if engine == "exact" else 1
    with ThreadPoolExecutor(max_workers=workers) as pool:
        found = dict(zip(xs, pool.map(lambda xv: robust_classes(yv, xv, ks, engine),
                                      xs.values())))
    for v, xv in xs.items():
        classes = found[v]
        qp = [factor_qp(yv, classes[k]) for k in ks]
        allrows += [{"variable": v, "qvalue": q, "P-value": p, "discnum": k}
                    for k, (q, p) in zip(ks, qp)]
        qs = [q for q, _ in qp]
        i = int(np.argmax(qs)) if strategy == 1 else optimal_index(qs, ks, increase_rate)
        chosen[v] = (ks[i], classes[ks[i]])
        factor.append({"variable": v, "Q-statistic": qp[i][0], "P-value": qp[i][1]})
    return allrows, chosen, factor


def _notes(strategy, engine):
    return [f"classes: optimal least-squares segmentation of y sorted by each variable "
            f"({'exact pruned dynamic programme' if engine == 'exact' else 'ruptures Dynp'}, "
            f"segments of at least one row)",
            "k chosen by " + ("the largest q" if strategy == 1 else
                              "the elbow rule (first rise of at most the increase rate after "
                              "a larger one)")]


def rgd(data: pd.DataFrame, y: str, x=None, *, discnum=range(3, 9), strategy: int = 2,
        increase_rate: float = INCREASE_RATE, engine: str = "exact") -> RGDResult:
    """RGD (Zhang, Song & Wu 2022): factor detector on robust discretisations.

    Parameters
    ----------
    data, y, x : the table, the numeric outcome and the numeric variables to cut.
    discnum : sequence of int
        Class counts tried (3..8).
    strategy : {1, 2}
        1: the k of the largest q; 2: the elbow rule.
    increase_rate : float
    engine : {"exact", "ruptures"}
        Change-point search: this package's exact pruned search, or ruptures' ``Dynp`` (the
        same optimum, O(k n^2); needs the ruptures package).

    Returns
    -------
    RGDResult
        Tables ``factor`` (at the chosen k), ``allfactor`` (every k), ``disc`` (the chosen k),
        ``classes`` (the chosen
        class of every row, ``group1``..).
    """
    x, yv, xs, ks = _inputs(data, y, x, discnum)
    allrows, chosen, factor = _discretise(yv, xs, ks, strategy, increase_rate, engine)
    classes = pd.DataFrame({v: np.char.add("group", c.astype(str)) for v, (_, c) in chosen.items()})
    disc = pd.DataFrame([{"variable": v, "k": k} for v, (k, _) in chosen.items()])
    return RGDResult(y, len(yv), {"factor": pd.DataFrame(factor),
                                  "allfactor": pd.DataFrame(allrows), "disc": disc,
                                  "classes": classes},
                     settings={"discnum": f"{ks[0]}:{ks[-1]}", "strategy": strategy,
                               "engine": engine}, notes_=tuple(_notes(strategy, engine)))


def rid(data: pd.DataFrame, y: str, x=None, *, discnum=range(3, 9), strategy: int = 2,
        increase_rate: float = INCREASE_RATE, engine: str = "exact") -> RIDResult:
    """RID: gdverse's interaction detector (crossed classes) on RGD's discretisations.

    Returns
    -------
    RIDResult
        Table ``interaction``: q and p of each variable and of the crossed classes of every
        pair, and the interaction class.
    """
    x, yv, xs, ks = _inputs(data, y, x, discnum)
    if len(x) < 2:
        raise GeodetectorError("RID needs at least two explanatory variables")
    _, chosen, _ = _discretise(yv, xs, ks, strategy, increase_rate, engine)
    single = {v: factor_qp(yv, c) for v, (_, c) in chosen.items()}
    rows = []
    for a, b in pair_list(x):
        crossed = np.char.add(np.char.add(chosen[a][1].astype(str), "_"), chosen[b][1].astype(str))
        q12, p12 = factor_qp(yv, crossed)
        (q1, p1), (q2, p2) = single[a], single[b]
        rows.append({"variable1": a, "variable2": b, "Interaction": interaction_class(q1, q2, q12),
                     "Variable1 Q-statistics": q1, "Variable2 Q-statistics": q2,
                     "Variable1 and Variable2 interact Q-statistics": q12,
                     "Variable1 P-value": p1, "Variable2 P-value": p2,
                     "Variable1 and Variable2 interact P-value": p12})
    return RIDResult(y, len(yv), {"interaction": pd.DataFrame(rows),
                                  "disc": pd.DataFrame([{"variable": v, "k": k}
                                                        for v, (k, _) in chosen.items()])},
                     settings={"discnum": f"{ks[0]}:{ks[-1]}", "strategy": strategy,
                               "engine": engine}, notes_=tuple(_notes(strategy, engine)))
