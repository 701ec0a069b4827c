"""The scale effect of spatial units (Song et al. 2020; Luo et al. 2022), as gdverse's ``sesu_*``.

The same study area aggregated to spatial units of several sizes gives several tables; the
explanatory power changes with the size, and the size where it stops rising quickly (the
elbow rule of :func:`geodetector.gdcore.optimal_index`) is the scale to analyse at.

- ``sesu_gozh``: strategy 2 takes the q of one regression tree on all variables at each size;
  strategy 1 runs GOZH's factor detector at each size and takes the mean q of the variables
  significant at 0.05 (or without a p-value); sizes with none are left out.
- ``sesu_opgd``: at each size OPGD picks, per variable, the method and class count of the
  largest q (sdsfun discretisation; ties: the smaller k, then the method first in
  alphabetical order); then as strategy 1.

Examples
--------
>>> import numpy as np, pandas as pd
>>> rng = np.random.default_rng(4)
>>> def table(n):
...     d = pd.DataFrame({"a": rng.uniform(0, 10, n)})
...     d["y"] = np.floor(d.a / 2) + rng.normal(0, 2.0 / np.sqrt(n / 50), n)
...     return d
>>> res = sesu_gozh([table(n) for n in (60, 120, 240)], [3, 2, 1], "y", ["a"], strategy=2)
>>> res.scalars["optsu"] in (1.0, 2.0, 3.0)
True
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .errors import GeodetectorError
from .gdcore import INCREASE_RATE, factor_qp, numeric_column, optimal_index
from .gdresults import SESUResult
from .optimal_zones import _check_x, gozh, grower
from .sdsdisc import SDS_METHODS, discretize_vector

__all__ = ["sesu_gozh", "sesu_opgd", "opgd_best"]


def _check(datalist, su):
    su = [float(s) for s in su]
    if len(su) != len(datalist):
        raise GeodetectorError(f"{len(su)} spatial unit sizes for {len(datalist)} tables")
    if len(su) < 2:
        raise GeodetectorError("the scale effect needs tables at two or more unit sizes")
    return su


def _num(v):
    return int(v) if float(v).is_integer() else float(v)


def _finish(per_scale, su, strategy, increase_rate, extra=None):
    """``sesu`` nested rows, the per-scale score and the chosen unit size."""
    sesu, flat, scores = [], [], []
    for s, rows in zip(su, per_scale):
        rows = [dict(r, su=_num(s)) for r in rows]
        sesu.append({"spatial_units": _num(s), "sesu_result": rows})
        flat += rows
        if strategy == 2:
            scores.append((s, rows[0]["Q-statistic"]))
        else:
            sig = [r["Q-statistic"] for r in rows
                   if r["P-value"] is None or not np.isfinite(r["P-value"]) or r["P-value"] <= 0.05]
            if sig:
                scores.append((s, float(np.mean(sig))))
    if not scores:
        raise GeodetectorError("no variable is significant at any spatial unit size")
    units = [s for s, _ in scores]
    i = optimal_index([v for _, v in scores], units, increase_rate)
    scalars = {"sesu": sesu, "optsu": _num(units[i]), "increase_rate": increase_rate}
    scalars.update(extra or {})
    tables = {"sesu_table": pd.DataFrame(flat),
              "scores": pd.DataFrame({"spatial_units": [_num(u) for u in units],
                                      "score": [v for _, v in scores]})}
    return tables, scalars


def sesu_gozh(datalist, su, y: str, x=None, *, strategy: int = 2,
              increase_rate: float = INCREASE_RATE) -> SESUResult:
    """Scale effect of spatial units with GOZH (one table per unit size in ``su``).

    Returns
    -------
    SESUResult
        Scalars ``sesu`` (per size: the factor rows), ``optsu`` (the chosen size),
        ``strategy``, ``increase_rate``; tables ``sesu_table`` (flat) and ``scores`` (the
        curve the elbow rule reads).
    """
    su = _check(datalist, su)
    if strategy not in (1, 2):
        raise GeodetectorError(f"strategy must be 1 or 2, got {strategy!r}")
    per_scale = []
    for data in datalist:
        xs = _check_x(data, y, x)
        if strategy == 2:
            g, yv = grower(data, y, xs)
            q, p = factor_qp(yv, g.grow(xs).where)
            per_scale.append([{"variable": "TotalVariable", "Q-statistic": q, "P-value": p}])
        else:
            per_scale.append(gozh(data, y, xs).factor.to_dict(orient="records"))
    tables, scalars = _finish(per_scale, su, strategy, increase_rate, {"strategy": strategy})
    notes = ["score per size: " + ("q of one tree on all variables" if strategy == 2 else
                                   "mean q of the variables with p <= 0.05 (or no p)"),
             f"optsu: elbow rule (increase rate {increase_rate:g})"]
    return SESUResult(y, sum(len(d) for d in datalist), tables, scalars=scalars,
                      settings={"model": "gozh", "strategy": strategy}, notes_=tuple(notes))


def opgd_best(yv, xv, discnum, methods) -> tuple[int, str, float]:
    """gdverse's OPGD choice for one variable: (k, method, q) of the largest q, the grid run
    k by k with methods in alphabetical order (the first maximum wins)."""
    best = (None, None, -np.inf)
    for k in discnum:
        for m in sorted(methods):
            q, _ = factor_qp(yv, discretize_vector(xv, k, m))
            if q > best[2]:
                best = (int(k), m, q)
    return best


def sesu_opgd(datalist, su, y: str, x=None, *, discnum=range(3, 9),
              discmethod=SDS_METHODS, increase_rate: float = INCREASE_RATE) -> SESUResult:
    """Scale effect of spatial units with OPGD (one table per unit size in ``su``).

    Returns
    -------
    SESUResult
        As :func:`sesu_gozh`, plus ``opt_param`` (the chosen k and method per size).
    """
    su = _check(datalist, su)
    bad = [m for m in discmethod if m not in SDS_METHODS]
    if bad:
        raise GeodetectorError(f"discretisation method(s) {bad} unknown; choose from "
                               f"{', '.join(SDS_METHODS)}")
    per_scale, params = [], []
    for s, data in zip(su, datalist):
        xs = _check_x(data, y, x)
        yv = numeric_column(data, y)
        rows, opt = [], []
        for v in xs:
            xv = numeric_column(data, v, "variable to discretise")
            if np.ptp(xv) == 0:
                raise GeodetectorError(f"variable {v!r} has one value at unit size {_num(s)}")
            k, m, q = opgd_best(yv, xv, discnum, discmethod)
            opt.append({"variable": v, "k": k, "method": m, "q": q})
            q, p = factor_qp(yv, discretize_vector(xv, k, m))
            rows.append({"variable": v, "Q-statistic": q, "P-value": p})
        per_scale.append(rows)
        params.append({"spatial_units": _num(s), "opt_param": opt})
    tables, scalars = _finish(per_scale, su, 1, increase_rate, {"opt_param": params})
    tables["opt_param_table"] = pd.DataFrame([dict(r, spatial_units=p["spatial_units"])
                                              for p in params for r in p["opt_param"]])
    notes = ["per size: OPGD's best method and class count per variable (first maximum: "
             "smallest k, then alphabetical method); score = mean q of the variables with "
             "p <= 0.05", f"optsu: elbow rule (increase rate {increase_rate:g})"]
    return SESUResult(y, sum(len(d) for d in datalist), tables, scalars=scalars,
                      settings={"model": "opgd"}, notes_=tuple(notes))
