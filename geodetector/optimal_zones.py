"""GOZH and LESH: geographical detectors on zones cut by regression trees.

GOZH (geographically optimal zones-based heterogeneity; Luo, Song, Wu et al. 2022) cuts each
explanatory variable into the zones of a regression tree of ``y`` on it and runs the factor,
interaction, risk and ecological detectors on those zones.  The interaction q of two variables
is the q of one tree grown on both.  LESH (locally explained stratified heterogeneity; Li,
Luo, Song et al. 2023) adds the power of each determinant: the Shapley value of q over all
subsets of the variables (Shapley 1953), and splits each pair's interaction q in proportion to
those values (the SPD).  Both follow gdverse 1.7 (Lyu et al. 2025); see ``docs/gdverse.md``.

Examples
--------
>>> import numpy as np, pandas as pd
>>> rng = np.random.default_rng(1)
>>> d = pd.DataFrame({"a": rng.uniform(0, 10, 200), "b": rng.uniform(0, 10, 200)})
>>> d["y"] = np.where(d.a > 5, 3.0, 0.0) + 0.2 * d.b + rng.normal(0, 0.3, 200)
>>> res = lesh(d, "y", ["a", "b"])
>>> phi = res.spd_lesh.set_index("variable")["spd_theta"]
>>> bool(abs(phi.sum() - res.scalars["q_all"]) < 1e-12)   # textbook Shapley: sums to q(all)
True
"""
from __future__ import annotations

from itertools import combinations
from math import factorial

import numpy as np
import pandas as pd

from .cart import RPART_DEFAULTS, TreeGrower
from .errors import GeodetectorError
from .gdcore import (check_confidence, ecological_rows, factor_qp, interaction_class,
                     numeric_column, pair_list, risk_table)
from .gdresults import GOZHResult, LESHResult

__all__ = ["gozh", "lesh", "subsets", "shapley", "TYPES", "SHAPLEY"]

TYPES = ("factor", "interaction", "risk", "ecological")
SHAPLEY = ("textbook", "gdverse")


def _check_x(data, y, x):
    if x is None:
        x = [c for c in data.columns if c != y]
    x = [x] if isinstance(x, str) else list(x)
    missing = [c for c in [y, *x] if c not in data.columns]
    if missing:
        raise GeodetectorError(f"column(s) {missing} not in data; available: {list(data.columns)}")
    if not x:
        raise GeodetectorError("no explanatory variables given (--x)")
    if y in x:
        raise GeodetectorError(f"the outcome {y!r} cannot also be an explanatory variable")
    if len(set(x)) != len(x):
        raise GeodetectorError(f"explanatory variables repeated: {x}")
    for c in x:
        if data[c].isna().any():
            raise GeodetectorError(f"variable {c!r} has missing values; drop or impute them first")
    return x


def grower(data, y, x, minsplit=RPART_DEFAULTS["minsplit"], **rpart) -> tuple[TreeGrower, np.ndarray]:
    """Checked input and a :class:`TreeGrower` over the variables ``x``."""
    yv = numeric_column(data, y)
    if len(yv) < minsplit:
        raise GeodetectorError(f"{len(yv)} rows is fewer than the tree's minimum node size to "
                               f"split (minsplit = {minsplit}): no zone can be formed")
    if np.ptp(yv) == 0:
        raise GeodetectorError(f"outcome column {y!r} is constant: nothing to explain")
    return TreeGrower(yv, {c: data[c].to_numpy() for c in x}, minsplit=minsplit, **rpart), yv


def _types(type_):
    types = [type_] if isinstance(type_, str) else list(type_)
    bad = [t for t in types if t not in TYPES]
    if bad:
        raise GeodetectorError(f"unknown type(s) {bad}; choose from {', '.join(TYPES)}")
    return types


def _interaction(names, single, pair_zones, yv):
    rows = []
    for a, b in pair_list(names):
        q12, p12 = factor_qp(yv, pair_zones(a, b))
        (q1, p1), (q2, p2) = single[a], single[b]
        rows.append({"variable1": a, "variable2": b, "Interaction": interaction_class(q1, q2, q12),
                     "Variable1 Q-statistics": q1, "Variable2 Q-statistics": q2,
                     "Variable1 and Variable2 interact Q-statistics": q12,
                     "Variable1 P-value": p1, "Variable2 P-value": p2,
                     "Variable1 and Variable2 interact P-value": p12})
    return pd.DataFrame(rows)


def factor_frame(single: dict) -> pd.DataFrame:
    """The factor table, strongest first (gdverse's order)."""
    rows = [{"variable": v, "Q-statistic": q, "P-value": p} for v, (q, p) in single.items()]
    return (pd.DataFrame(rows, columns=["variable", "Q-statistic", "P-value"])
            .sort_values("Q-statistic", ascending=False, kind="stable").reset_index(drop=True))


def gozh(data: pd.DataFrame, y: str, x=None, *, type=("factor",), alpha: float = 0.95,
         ecological_orders: str = "both", cp: float = 0.01, minsplit: int = 20,
         minbucket: int = 7, maxdepth: int = 30) -> GOZHResult:
    """GOZH (Luo et al. 2022): the geographical detectors on rpart zones of each variable.

    Parameters
    ----------
    data : pandas.DataFrame
    y : str
        Numeric outcome.
    x : list of str, optional
        Explanatory variables (numeric: cut at points; text: grouped categories).
    type : sequence of {"factor", "interaction", "risk", "ecological"}
    alpha : float
        Confidence level of the risk and ecological tests (gdverse's ``alpha``, 0.95).
    ecological_orders : {"both", "gdverse"}
        ``"both"`` (default) tests each pair in both directions, so the answer does not
        depend on the order of the variables; ``"gdverse"`` keeps gdverse's single direction.
    cp, minsplit, minbucket, maxdepth : rpart's controls (its defaults; gdverse ignores any
        other value, this function uses them).

    Returns
    -------
    GOZHResult
        Tables ``factor``, ``interaction``, ``risk``, ``ecological`` (those asked for) and
        ``zones`` (the zone of every row per variable).
    """
    x = _check_x(data, y, x)
    types = _types(type)
    alpha = check_confidence(alpha)
    if ecological_orders not in ("both", "gdverse"):
        raise GeodetectorError("ecological_orders must be 'both' or 'gdverse'")
    g, yv = grower(data, y, x, minsplit=minsplit, cp=cp, minbucket=minbucket, maxdepth=maxdepth)
    zones = {v: g.grow([v]).where for v in x}
    single = {v: factor_qp(yv, zones[v]) for v in x}
    tables, notes = {}, [
        f"zones: rpart regression trees (cp {cp:g}, minsplit {minsplit}, minbucket "
        f"{minbucket}); zone label = the leaf's row in the tree's frame",
        "factor detector on the zones: one-member zones dropped, p from the non-central F "
        "with R GD's non-centrality (as gdverse)"]
    if "factor" in types:
        tables["factor"] = factor_frame(single)
    if "interaction" in types:
        tables["interaction"] = _interaction(x, single, lambda a, b: g.grow([a, b]).where, yv)
        notes.append("interaction q = q of one tree grown on both variables (not crossed zones)")
    if "risk" in types:
        parts = []
        for v in x:
            if len(np.unique(zones[v])) < 2:
                notes.append(f"risk: {v!r} has a single zone, nothing to compare "
                             f"(gdverse stops here)")
                continue
            parts.append(risk_table(yv, zones[v], alpha).assign(variable=v))
        cols = ["variable", "zone1st", "zone2nd", "Risk", "T-statistic", "Degree-freedom",
                "P-value"]
        tables["risk"] = pd.concat(parts)[cols].reset_index(drop=True) if parts else \
            pd.DataFrame(columns=cols)
    if "ecological" in types:
        if len(x) < 2:
            raise GeodetectorError("the ecological detector needs at least two variables")
        qs = {v: single[v][0] for v in x}
        tables["ecological"] = ecological_rows(qs, len(yv), x, alpha,
                                               both_orders=ecological_orders == "both")
        notes.append("ecological: F = (1 - q1)/(1 - q2) on F(n-1, n-1), upper tail: 'Yes' = "
                     "variable2 explains significantly more; " +
                     ("each pair is tested in both directions (the answer does not depend on "
                      "the order of the variables; gdverse reports the first direction only)"
                      if ecological_orders == "both" else
                      "gdverse's single direction (order-dependent)"))
    tables["zones"] = pd.DataFrame(zones)
    return GOZHResult(y, len(yv), tables,
                      settings={"type": ",".join(types), "alpha": alpha},
                      notes_=tuple(notes))


def subsets(names) -> list[tuple]:
    """Non-empty subsets in gdverse's ``generate_subsets`` order: by size, then ``combn``."""
    names = list(names)
    return [s for r in range(1, len(names) + 1) for s in combinations(names, r)]


def shapley(qs: dict, names, convention: str = "textbook") -> dict:
    """Shapley values of q over ``names`` from ``qs`` (subset tuple -> q; q(empty) = 0).

    ``"textbook"``: phi_x = sum over S not containing x of |S|!(m-|S|-1)!/m! (q(S + x) - q(S)),
    the empty coalition included, so the values sum to q of all variables (efficiency).
    ``"gdverse"``: gdverse 1.7's ``spd_theta``, which leaves the empty coalition out.
    """
    if convention not in SHAPLEY:
        raise GeodetectorError(f"shapley must be one of {SHAPLEY}, got {convention!r}")
    names = list(names)
    m = len(names)
    key = {frozenset(s): q for s, q in qs.items()}
    key[frozenset()] = 0.0
    out = {}
    for v in names:
        rest = [u for u in names if u != v]
        total = 0.0
        for r in range(0 if convention == "textbook" else 1, m):
            w = factorial(r) * factorial(m - r - 1) / factorial(m)
            for s in combinations(rest, r):
                total += w * (key[frozenset(s) | {v}] - key[frozenset(s)])
        out[v] = total
    return out


def lesh(data: pd.DataFrame, y: str, x=None, *, shapley_convention: str = "textbook",
         cp: float = 0.01, minsplit: int = 20, minbucket: int = 7,
         maxdepth: int = 30) -> LESHResult:
    """LESH (Li et al. 2023): q of every subset, each determinant's power, and interactions.

    The power of determinant (``spd_theta``) is the Shapley value of q over the 2^k - 1
    subsets (q of one rpart tree grown on the subset).  By default the textbook value, which
    sums to q of all variables; ``shapley_convention="gdverse"`` reproduces gdverse 1.7, which
    leaves the empty coalition out (its values do not sum to q).  Each pair's interaction q
    is split in proportion to the two |spd_theta| (``Variable1 SPD``, ``Variable2 SPD``).

    Returns
    -------
    LESHResult
        Tables ``spd_lesh``, ``interaction``, ``subsets`` (q of every subset); scalar
        ``q_all``.
    """
    x = _check_x(data, y, x)
    if len(x) < 2:
        raise GeodetectorError("LESH needs at least two explanatory variables")
    if shapley_convention not in SHAPLEY:
        raise GeodetectorError(f"shapley must be one of {SHAPLEY}, got {shapley_convention!r}")
    g, yv = grower(data, y, x, minsplit=minsplit, cp=cp, minbucket=minbucket, maxdepth=maxdepth)
    zones = {s: g.grow(list(s)).where for s in subsets(x)}
    qp = {s: factor_qp(yv, z) for s, z in zones.items()}
    qs = {s: v[0] for s, v in qp.items()}
    theta = shapley(qs, x, shapley_convention)
    single = {v: qp[(v,)] for v in x}
    inter = _interaction(x, single, lambda a, b: zones[(a, b)], yv)
    t1 = inter["variable1"].map(theta).abs()
    t2 = inter["variable2"].map(theta).abs()
    q12 = inter["Variable1 and Variable2 interact Q-statistics"]
    inter["Variable1 SPD"] = q12 * t1 / (t1 + t2)
    inter["Variable2 SPD"] = q12 * t2 / (t1 + t2)
    spd = pd.DataFrame({"variable": x, "spd_theta": [theta[v] for v in x]})
    sub = pd.DataFrame({"variables": [" + ".join(s) for s in qs], "size": [len(s) for s in qs],
                        "q": [v[0] for v in qp.values()], "p": [v[1] for v in qp.values()]})
    notes = [("spd_theta: textbook Shapley values (empty coalition included, q(empty) = 0); "
              "they sum to q of all variables" if shapley_convention == "textbook" else
              "spd_theta: gdverse 1.7's sum without the empty coalition; these values do not "
              "sum to q of all variables (use the default textbook Shapley value for that)"),
             "q(S): q of one rpart tree grown on the variables of S (cp "
             f"{cp:g}, minsplit {minsplit}, minbucket {minbucket})"]
    return LESHResult(y, len(yv), {"spd_lesh": spd, "interaction": inter, "subsets": sub},
                      scalars={"q_all": qs[tuple(x)]},
                      settings={"shapley": shapley_convention}, notes_=tuple(notes))
