"""SRSGD: the spatial rough set-based geographical detector (Bai, Cao, Bai et al. 2023), as gdverse.

For a nominal outcome (a decision class) and nominal factors, the rough-set view asks how
well each unit's neighbourhood determines its class.  For unit ``i`` with neighbours ``N_i``
(non-zero weights, in column order), a neighbour ``j`` is *approximated* when another
neighbour shares its value of ``x`` (for an interaction: of either variable) and ``j`` has
the same class as ``i``.  ``r_i`` = (approximated neighbours)/|N_i|, or 1/|N_i| when there are
none; the power of determinant is ``PD = mean(r)`` and its spread ``SE_PD = -sum p log2 p``
with ``p = r / sum r``.  The ecological detector compares two variables' ``r`` by Welch's t.

gdverse 1.7 compares ``y_i`` with ``y[n]``, ``n`` being the neighbour's *position* in ``N_i``
(1, 2, ...) rather than its row: the class of some unrelated unit.  ``index="row"`` (default)
compares with the neighbour's own class; ``index="gdverse"`` reproduces gdverse.

Examples
--------
>>> import numpy as np, pandas as pd
>>> d = pd.DataFrame({"d": ["a", "a", "b", "b"], "x": [1, 1, 2, 2]})
>>> w = np.array([[0, 1, 1, 0], [1, 0, 0, 1], [1, 0, 0, 1], [0, 1, 1, 0]], float)
>>> srsgd(d, "d", ["x"], weights=w).factor["PD"].round(3).tolist()
[0.5]
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .errors import GeodetectorError
from .gdcore import all2int, check_labels, interaction_class, is_categorical, pair_list, welch_t
from .gdresults import SRSGDResult
from .spatial_association import check_weights

__all__ = ["srsgd", "rough_ratio", "TYPES", "INDEX"]

TYPES = ("factor", "interaction", "ecological")
INDEX = ("row", "gdverse")


def rough_ratio(y, xs, neighbours, index: str = "row") -> np.ndarray:
    """``r_i`` of every unit for the variables ``xs`` (a list of code arrays)."""
    n = len(y)
    r = np.empty(n)
    for i in range(n):
        nb = neighbours[i]
        m = nb.size
        if m == 0:
            r[i] = np.nan
            continue
        shared = np.zeros(m, bool)
        for x in xs:
            vals = x[nb]
            same = vals[:, None] == vals[None, :]
            np.fill_diagonal(same, False)
            shared |= same.any(1)
        ycmp = y[np.arange(m)] if index == "gdverse" else y[nb]
        hits = int((shared & (ycmp == y[i])).sum())
        r[i] = hits / m if hits else 1 / m
    return r


def _pd(r):
    r = r[np.isfinite(r)]
    p = r / r.sum()
    p = p[p > 0]
    return float(r.mean()), float(-(p * np.log2(p)).sum())


def srsgd(data: pd.DataFrame, y: str, x=None, *, weights, type=("factor",),
          index: str = "row", orders: str = "both") -> SRSGDResult:
    """SRSGD for a nominal outcome ``y`` and nominal factors ``x``.

    Parameters
    ----------
    weights : array (n, n)
        Neighbours (non-zero entries; the diagonal is ignored).
    type : sequence of {"factor", "interaction", "ecological"}
    index : {"row", "gdverse"}
        Compare the class of ``i`` with its neighbour's (default) or, as gdverse 1.7, with
        the unit numbered by the neighbour's position.
    orders : {"both", "gdverse"}
        Ecological pairs in both directions (default) or gdverse's order only.

    Returns
    -------
    SRSGDResult
        Tables ``factor`` (PD, SE_PD), ``interaction``, ``ecological`` as asked.
    """
    types = [type] if isinstance(type, str) else list(type)
    bad = [t for t in types if t not in TYPES]
    if bad:
        raise GeodetectorError(f"unknown type(s) {bad}; choose from {', '.join(TYPES)}")
    if index not in INDEX:
        raise GeodetectorError(f"index must be one of {INDEX}, got {index!r}")
    if x is None:
        x = [c for c in data.columns if c != y]
    x = [x] if isinstance(x, str) else list(x)
    missing = [c for c in [y, *x] if c not in data.columns]
    if missing:
        raise GeodetectorError(f"column(s) {missing} not in data; available: {list(data.columns)}")
    check_labels(data, [y, *x])
    col = data[y]
    if not is_categorical(col) and col.nunique() > max(10, len(col) // 5):
        raise GeodetectorError(f"outcome {y!r} looks continuous ({col.nunique()} distinct "
                               f"numbers): SRSGD needs a nominal outcome (decision classes)")
    w = check_weights(weights, len(data))
    w = w.copy()
    np.fill_diagonal(w, 0)
    neighbours = [np.flatnonzero(w[i]) for i in range(len(w))]
    yc = all2int(col)
    codes = {v: all2int(data[v]) for v in x}
    r = {v: rough_ratio(yc, [codes[v]], neighbours, index) for v in x}
    stats = {v: _pd(r[v]) for v in x}
    tables = {}
    if "factor" in types:
        tables["factor"] = pd.DataFrame([{"variable": v, "PD": stats[v][0], "SE_PD": stats[v][1]}
                                         for v in x])
    if "interaction" in types:
        rows = []
        for a, b in pair_list(x):
            pd12, se12 = _pd(rough_ratio(yc, [codes[a], codes[b]], neighbours, index))
            rows.append({"variable1": a, "variable2": b,
                         "Interaction": interaction_class(stats[a][0], stats[b][0], pd12),
                         "Variable1 PD": stats[a][0], "Variable2 PD": stats[b][0],
                         "Variable1 and Variable2 interact PD": pd12,
                         "Variable1 SE_PD": stats[a][1], "Variable2 SE_PD": stats[b][1],
                         "Variable1 and Variable2 interact SE_PD": se12})
        tables["interaction"] = pd.DataFrame(rows)
    if "ecological" in types:
        rows = []
        for a, b in pair_list(x):
            t, _, p = welch_t(r[a][np.isfinite(r[a])], r[b][np.isfinite(r[b])])
            rows.append({"variable1": a, "variable2": b, "Ecological": "Yes" if p < 0.05 else "No",
                         "T-statistic": t, "P-value": p})
        tables["ecological"] = pd.DataFrame(rows)
    n_iso = sum(nb.size == 0 for nb in neighbours)
    notes = ["class compared with " + ("the neighbour's own class" if index == "row" else
                                       "the unit numbered by the neighbour's position (gdverse "
                                       "1.7's indexing)"),
             "ecological: Welch's two-sided t test of the two variables' r (order-free)"]
    if n_iso:
        notes.append(f"{n_iso} unit(s) without neighbours left out")
    return SRSGDResult(y, len(data), tables, settings={"index": index}, notes_=tuple(notes))
