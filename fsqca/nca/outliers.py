"""Outliers of NCA: the cases whose removal changes the effect size most (R's ``nca_outliers``).

A ceiling rests on a few cases (its peers) and the scope on the extreme ones, so one case can
move the effect size a lot. :func:`nca_outliers` leaves out, one at a time (``k=1``) or also in
pairs (``k=2``), every case that can matter, recomputes the chosen ceiling's effect size, and
lists those that change it by at least ``min_dif`` percent (Dul 2021, "Advances in NCA",
ch. on outliers; R's ``NCA`` 5.0.1).

Candidates (``k=1``): the peers of the chosen ceiling on all cases (none for a CR ceiling
without a line), then the case at Xmin, Xmax, Ymin and Ymax when it is the only one there. With
``k=2`` an extreme may be held by two cases, and the peers and the cases still at an original
extreme once those candidates are left out are added; every pair of candidates is left out
together, and the list holds the single cases too.

For each: ``eff_nw`` (the effect size without it), ``dif_abs = eff_nw - eff_or`` (0 when
``eff_nw`` is undefined), ``dif_rel = 100 dif_abs / eff_or`` (percent); it is an outlier when
``round(|dif_rel|, 2) >= min_dif``; ``ceiling``: a left-out case is a peer of the ceiling;
``scope``: leaving the cases out changes Xmin, Xmax, Ymin or Ymax. Sorted by ``|dif_rel|``,
then ``|dif_abs|`` (both decreasing), then fewer cases first; ties keep the candidates' order.
Numbers are unrounded (R's return value rounds them to 2 and 1 decimals).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
import pandas as pd

from libdigigov.results import Result

from .._errors import QCAInputError, suggest
from . import ceilings as ceil
from . import vrs
from .analysis import _column

__all__ = ["NCAOutliers", "nca_outliers", "effect_size"]


def _peers(x: np.ndarray, y: np.ndarray, ceiling: str) -> np.ndarray:
    return vrs.vrs_peers(x, y) if ceiling in ceil.VRS_CEILINGS else ceil.peers(x, y)


def effect_size(x: np.ndarray, y: np.ndarray, ceiling: str) -> float:
    """The effect size of one ceiling on the cases ``(x, y)`` (NaN where it is undefined:
    an empty scope, or a CR line above the scope).

    >>> effect_size(np.array([1.0, 2, 3, 4]), np.array([1.0, 2, 3, 4]), "ce_fdh")
    0.6666666666666666
    """
    if x.size == 0:
        return float("nan")
    bounds = (float(x.min()), float(x.max()), float(y.min()), float(y.max()))
    scope = (bounds[1] - bounds[0]) * (bounds[3] - bounds[2])
    if scope == 0:
        return float("nan")
    idx = _peers(x, y, ceiling)
    px, py = x[idx], y[idx]
    if ceiling == "ce_fdh":
        zone = ceil.ce_fdh(px, py, bounds)["ceiling_zone"]
    elif ceiling == "ce_vrs":
        zone = vrs.ce_vrs_zone(px, py)
    else:
        line = ceil.cr_line(px, py)
        zone = 0.0 if line is None else float(ceil.cr_zone(line[0], line[1], bounds))
    return zone / scope


def _extremes(x, y, rows, limit: int, values=None) -> list[int]:
    """Rows (among ``rows``) at Xmin, Xmax, Ymin, Ymax when at most ``limit`` rows hold one;
    ``values``: the extremes to look for (default: those of ``rows``)."""
    out = []
    for v, target in zip((x, x, y, y), values or (x[rows].min(), x[rows].max(), y[rows].min(), y[rows].max())):
        at = rows[v[rows] == target]
        if 0 < at.size <= limit:
            out += [int(i) for i in at]
    return out


def _candidates(x, y, ceiling: str, k: int) -> list[int]:
    rows = np.arange(x.size)
    def peers_of(r):
        idx = r[_peers(x[r], y[r], ceiling)]
        if ceiling in ("cr_fdh", "cr_vrs") and ceil.cr_line(x[idx], y[idx]) is None:
            return []
        return [int(i) for i in idx]
    cand = list(dict.fromkeys(peers_of(rows) + _extremes(x, y, rows, k)))
    if k == 2:
        rest = np.setdiff1d(rows, cand)
        if rest.size:
            original = (x.min(), x.max(), y.min(), y.max())
            cand = list(dict.fromkeys(cand + peers_of(rest) + _extremes(x, y, rest, 2, original)))
    return cand


def outlier_records(x: np.ndarray, y: np.ndarray, cases, ceiling: str = "ce_fdh", k: int = 1,
                    min_dif: float = 0.01) -> list[dict]:
    """All outliers of one condition, sorted (see the module's description)."""
    eff_or = effect_size(x, y, ceiling)
    bounds = (x.min(), x.max(), y.min(), y.max())
    all_rows = np.arange(x.size)
    peer_set = set(int(i) for i in _peers(x, y, ceiling))

    def record(left_out: tuple[int, ...]) -> dict:
        keep = np.setdiff1d(all_rows, left_out)
        eff_nw = effect_size(x[keep], y[keep], ceiling)
        dif_abs = 0.0 if not np.isfinite(eff_nw) else eff_nw - eff_or
        with np.errstate(divide="ignore", invalid="ignore"):
            dif_rel = float(np.float64(100.0) * dif_abs / eff_or)
        new_bounds = (x[keep].min(), x[keep].max(), y[keep].min(), y[keep].max()) if keep.size else None
        return {"rows": left_out, "eff_or": eff_or, "eff_nw": eff_nw, "dif_abs": dif_abs, "dif_rel": dif_rel,
                "ceiling": any(i in peer_set for i in left_out), "scope": new_bounds != bounds}

    def qualifies(r: dict) -> bool:
        return not np.isnan(r["dif_rel"]) and round(abs(r["dif_rel"]), 2) >= min_dif

    singles = {i: record((i,)) for i in _candidates(x, y, ceiling, 1)}
    found = [r for r in singles.values() if qualifies(r)]
    if k == 2:
        cand = _candidates(x, y, ceiling, 2)
        single_rel = {i: abs(singles[i]["dif_rel"]) if i in singles else abs(record((i,))["dif_rel"])
                      for i in cand}
        for a, b in combinations(cand, 2):
            r = record((a, b) if not single_rel[b] > single_rel[a] else (b, a))  # R: larger single first
            if qualifies(r):
                found.append(r)
    found.sort(key=lambda r: (-abs(r["dif_rel"]), -abs(r["dif_abs"]), len(r["rows"])))
    for r in found:
        r["cases"] = [str(cases[i]) for i in r["rows"]]
        r["outlier"] = " - ".join(r["cases"])
    return found


@dataclass(frozen=True, eq=False)
class NCAOutliers(Result):
    """Result of :func:`nca_outliers`: the outliers listed (at most ``max_results``) and how
    many there are (``n_total``)."""

    outcome: str
    condition: str
    ceiling: str
    k: int
    min_dif: float
    max_results: int
    table: pd.DataFrame = field(repr=False)
    n_total: int = 0
    _title = "NCA outliers"

    def to_frame(self) -> pd.DataFrame:
        """One row per outlier: ``outlier``, ``cases``, ``eff_or``, ``eff_nw``, ``dif_abs``,
        ``dif_rel`` (percent), ``ceiling``, ``scope``."""
        return self.table.copy()

    def _display_frame(self):
        return self.table.drop(columns="cases")

    def _header(self) -> list[str]:
        return [f"outcome: {self.outcome}; condition: {self.condition}; ceiling: {self.ceiling}; "
                f"k = {self.k}; min_dif = {self.min_dif:g} %; {self.n_total} outlier(s), "
                f"{len(self.table)} shown (max_results = {self.max_results})"]

    def _notes(self) -> list[str]:
        out = ["dif_rel is in percent of the effect size with all cases; ceiling: a left-out case is a "
               "peer of the ceiling; scope: leaving the case(s) out changes Xmin, Xmax, Ymin or Ymax"]
        if not self.n_total:
            out.append("no outliers identified")
        elif self.n_total > len(self.table):
            out.append(f"{self.n_total - len(self.table)} more outlier(s) not shown (max_results)")
        return out

    def _dict(self) -> dict:
        return {"outliers": self.table.to_dict(orient="records"), "n_total": self.n_total}


def nca_outliers(data: pd.DataFrame, outcome: str, condition: str, *, ceiling: str = "ce_fdh", k: int = 1,
                 min_dif: float = 0.01, max_results: int = 25) -> NCAOutliers:
    """Cases whose removal changes the effect size of one condition (R's ``nca_outliers``).

    Parameters
    ----------
    data : DataFrame
        One row per case (the index names the cases).
    outcome, condition : str
        Columns of ``data``.
    ceiling : {"ce_fdh", "cr_fdh", "ce_vrs", "cr_vrs"}
    k : {1, 2}
        Leave out single cases (1) or also pairs (2).
    min_dif : float
        Smallest change of the effect size, in percent, that makes an outlier (R's 0.01).
    max_results : int
        Most outliers listed (``n_total`` counts them all).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"X": [1.0, 2, 3, 4, 5, 1.5], "Y": [1.0, 3, 3, 4, 5, 4.5]}, index=list("abcdef"))
    >>> out = nca_outliers(df, "Y", "X")   # d = 3.75 / 16; without f the peers are a, b, d, e: 9 / 16
    >>> out.to_frame()[["outlier", "dif_abs", "dif_rel", "ceiling", "scope"]].round(3)
      outlier  dif_abs  dif_rel  ceiling  scope
    0       f    0.328  140.000     True  False
    1       e   -0.068  -28.889     True   True
    2       a    0.016    6.667     True   True
    """
    if not isinstance(data, pd.DataFrame):
        raise QCAInputError(f"data must be a pandas DataFrame, got {type(data).__name__}")
    for col in (outcome, condition):
        if col not in data.columns:
            raise QCAInputError(f"column {col!r} is not in the data{suggest(col, data.columns)}")
    if ceiling not in ceil.CEILINGS:
        raise QCAInputError(f"ceiling {ceiling!r} is not implemented{suggest(ceiling, ceil.CEILINGS)}")
    if isinstance(k, bool) or k not in (1, 2):
        raise QCAInputError(f"k must be 1 or 2 (cases left out together), got {k!r}")
    if isinstance(min_dif, bool) or not isinstance(min_dif, (int, float)) or not np.isfinite(min_dif) or min_dif < 0:
        raise QCAInputError(f"min_dif must be a number >= 0 (percent), got {min_dif!r}")
    if isinstance(max_results, bool) or not isinstance(max_results, (int, np.integer)) or max_results < 1:
        raise QCAInputError(f"max_results must be a whole number >= 1, got {max_results!r}")
    y = _column(data, outcome, "outcome")
    x = _column(data, condition, "condition")
    found = outlier_records(x, y, np.asarray(data.index), ceiling, k, float(min_dif))
    cols = ["outlier", "cases", "eff_or", "eff_nw", "dif_abs", "dif_rel", "ceiling", "scope"]
    table = pd.DataFrame([{c: r[c] for c in cols} for r in found[:max_results]], columns=cols)
    return NCAOutliers(outcome, condition, ceiling, int(k), float(min_dif), int(max_results), table, len(found))
