"""Building blocks shared by the detectors of the gdverse family (Lyu et al. 2025).

The optimal-zones models (GOZH, LESH, RGD, SPADE, IDSA, sesu) all end in the same few
detectors, applied to zones the model builds: the factor detector with one-member strata
dropped and R ``GD``'s non-centrality (as gdverse does), the risk detector by Welch's t test,
the ecological F test and the interaction classes.  They live here once.

Examples
--------
>>> import numpy as np
>>> y = np.array([1.0, 1.2, 3.1, 2.9, 5.0, 5.2, 9.0])
>>> z = np.array([1, 1, 2, 2, 3, 3, 4])          # zone 4 has one member: dropped
>>> q, p = factor_qp(y, z)
>>> round(q, 4)
0.9963
>>> interaction_class(0.3, 0.4, 0.8)
'Enhance, nonlinear'
>>> optimal_index([0.20, 0.30, 0.31, 0.33])       # first rise <= 5 % after a rise > 5 %
2
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np
import pandas as pd

from ._core import Strata, q_pvalue
from ._dist import f_sf, t_sf
from .errors import ColumnNotFoundError, GeodetectorError, NonNumericError

__all__ = ["all2int", "factor_qp", "strata_of", "welch_t", "risk_table", "interaction_class",
           "ecological_rows", "optimal_index", "is_categorical", "numeric_column",
           "pair_list", "check_labels", "check_confidence", "INCREASE_RATE"]

#: The loess rule's threshold of relative increase (sdsfun's ``increase_rate``).
INCREASE_RATE = 0.05


def is_categorical(col: pd.Series) -> bool:
    """A column is categorical when any value is non-numeric (the contract's rule)."""
    return not (pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col))


def numeric_column(data: pd.DataFrame, name: str, role: str = "outcome") -> np.ndarray:
    """``data[name]`` as float, or one clear error naming the column and a bad value."""
    if name not in data.columns:
        raise ColumnNotFoundError(f"column {name!r} not in data; available: {list(data.columns)}")
    col = data[name]
    if is_categorical(col):
        bad = next((v for v in col if not isinstance(v, (int, float, np.number))), None)
        raise NonNumericError(f"{role} column {name!r} must be numeric for this model; "
                              f"found text such as {bad!r}")
    v = col.to_numpy(dtype=float, na_value=np.nan)
    if not np.isfinite(v).all():
        rows = list(data.index[~np.isfinite(v)][:5])
        raise GeodetectorError(f"{role} column {name!r} has missing or infinite values at "
                               f"row(s) {rows}; drop or impute them first")
    return v


def check_labels(data: pd.DataFrame, names) -> None:
    """Each of ``names`` is a column without missing values, or one clear error."""
    for c in names:
        if c not in data.columns:
            raise ColumnNotFoundError(f"column {c!r} not in data; available: {list(data.columns)}")
        if data[c].isna().any():
            rows = list(data.index[data[c].isna().to_numpy()][:5])
            raise GeodetectorError(f"variable {c!r} has missing values at row(s) {rows}; drop "
                                   f"or impute them first")


def check_confidence(alpha) -> float:
    """gdverse's ``alpha`` (a confidence level) in (0, 1), or one clear error."""
    try:
        a = float(alpha)
    except (TypeError, ValueError):
        a = float("nan")
    if not 0 < a < 1:
        raise GeodetectorError(f"--alpha is a confidence level in (0, 1), e.g. 0.95; got {alpha!r}")
    return a


def all2int(values) -> np.ndarray:
    """gdverse's ``all2int``: text becomes factor codes (levels sorted), numbers are
    truncated towards zero (R's ``as.integer``)."""
    s = pd.Series(values)
    if is_categorical(s):
        codes, _ = pd.factorize(s.astype(str), sort=True)
        return codes.astype(np.int64) + 1
    return np.trunc(s.to_numpy(dtype=float)).astype(np.int64)


@dataclass(frozen=True)
class _Coded:
    codes: np.ndarray   # 0..L-1 per row
    counts: np.ndarray
    labels: np.ndarray


def _code(z) -> _Coded:
    z = np.asarray(z)
    if z.dtype.kind in "iu" and z.size and int(z.max()) - int(z.min()) < 4 * z.size + 64:
        # small integer labels (tree leaves, class codes): counting beats sorting
        lo = int(z.min())
        counts = np.bincount(z - lo)
        present = np.flatnonzero(counts)
        remap = np.zeros(counts.size, dtype=np.int64)
        remap[present] = np.arange(present.size)
        return _Coded(remap[z - lo], counts[present], present + lo)
    labels, codes = np.unique(z, return_inverse=True)
    return _Coded(codes.ravel(), np.bincount(codes.ravel()), labels)


def strata_of(y: np.ndarray, z, *, drop_singletons: bool = True) -> Strata | None:
    """Per-zone aggregates of ``y`` over zones ``z`` (one-member zones dropped first, as
    gdverse's ``factor_detector``); None when fewer than two rows are left."""
    c = _code(z)
    keep = c.counts[c.codes] > 1 if drop_singletons else np.ones(len(y), bool)
    y = np.asarray(y, dtype=float)[keep]
    if y.size < 2:
        return None
    c = _code(np.asarray(z)[keep])
    shift = float(y.mean())
    yc = y - shift
    counts = c.counts.astype(float)
    sums = np.bincount(c.codes, yc, len(counts))
    means = sums / counts
    dev = yc - means[c.codes]
    wss = np.bincount(c.codes, dev * dev, len(counts))
    return Strata("", c.labels.astype(str), counts, sums, wss, wss <= 0, shift,
                  float(yc @ yc))


def factor_qp(y, z) -> tuple[float, float]:
    """gdverse's factor detector on zones ``z``: (q, p).

    One-member zones are dropped (rows removed), then q = 1 - SSW/SST and p = P(F' > F) for
    the non-central F with R ``GD``'s non-centrality (Wang, Zhang & Fu 2016).  One zone
    left: q = 0 and p = NaN.
    """
    s = strata_of(y, z)
    if s is None or s.n_strata < 2 or s.sst <= 0:
        return 0.0, float("nan")
    q = 1.0 - float(s.wss.sum()) / s.sst
    q = min(max(q, 0.0), 1.0)
    *_, p = q_pvalue(s, "gd")
    return q, p


def welch_t(a: np.ndarray, b: np.ndarray) -> tuple[float, float, float]:
    """R's ``t.test(a, b)`` (Welch): t, df, two-sided p.  Where R stops with an error (a
    group with one value, or both groups constant) gdverse reports t = 0,
    df = min(n_a, n_b) - 1, p = 1; so does this function."""
    na, nb = len(a), len(b)
    fallback = (0.0, float(min(na, nb) - 1), 1.0)
    if na < 2 or nb < 2:
        return fallback
    ma, mb = a.mean(), b.mean()
    va, vb = a.var(ddof=1) / na, b.var(ddof=1) / nb
    se = np.sqrt(va + vb)
    if se < 10 * np.finfo(float).eps * max(abs(ma), abs(mb)):
        return fallback
    t = (ma - mb) / se
    df = (va + vb) ** 2 / (va ** 2 / (na - 1) + vb ** 2 / (nb - 1))
    return float(t), float(df), float(2 * t_sf(abs(t), df))


def risk_table(y: np.ndarray, zones, alpha: float = 0.95, label=str) -> pd.DataFrame:
    """Risk detector: Welch's t test for every pair of zones (levels sorted as text, as R's
    ``factor`` of gdverse's character zones: zone10 before zone4); ``Risk`` is "Yes" when
    p < 1 - alpha (gdverse's ``alpha`` is a confidence level)."""
    zones = np.asarray(zones)
    levels = sorted(np.unique(zones), key=label)
    groups = {lv: y[zones == lv] for lv in levels}
    rows = []
    for a, b in combinations(levels, 2):
        t, df, p = welch_t(groups[a], groups[b])
        rows.append({"zone1st": "zone" + label(a), "zone2nd": "zone" + label(b),
                     "Risk": "Yes" if p < 1 - alpha else "No", "T-statistic": t,
                     "Degree-freedom": df, "P-value": p})
    return pd.DataFrame(rows, columns=["zone1st", "zone2nd", "Risk", "T-statistic",
                                       "Degree-freedom", "P-value"])


def interaction_class(q1: float, q2: float, q12: float) -> str:
    """gdverse's chain of interaction classes (exact comparisons, as gdverse)."""
    lo, hi = min(q1, q2), max(q1, q2)
    if q12 < lo:
        return "Weaken, nonlinear"
    if q12 <= hi:
        return "Weaken, uni-"
    if q12 < q1 + q2:
        return "Enhance, bi-"
    if q12 == q1 + q2:
        return "Independent"
    return "Enhance, nonlinear"


def pair_list(names) -> list[tuple[str, str]]:
    """Pairs in R's ``combn`` order (the earlier variable first)."""
    return list(combinations(list(names), 2))


def ecological_rows(q: dict, n: int, names, alpha: float = 0.95,
                    both_orders: bool = True) -> pd.DataFrame:
    """The ecological test of gdverse for pairs of variables.

    F = (1 - q1)/(1 - q2) against F(n - 1, n - 1), upper tail: "Yes" means variable2
    explains significantly more than variable1.  gdverse reports only the ``combn`` order,
    so a pair whose first variable is the stronger one can never be "Yes" and the answer
    depends on the order the variables were listed in.  With ``both_orders`` (the default)
    each pair is tested in both directions, so the set of "Yes" rows does not depend on the
    order; the rows in ``combn`` order are gdverse's own numbers.
    """
    rows = []
    for a, b in pair_list(names):
        for v1, v2 in ([(a, b), (b, a)] if both_orders else [(a, b)]):
            with np.errstate(divide="ignore", invalid="ignore"):
                f = (1 - q[v1]) / (1 - q[v2])
            p = float(f_sf(f, n - 1, n - 1))
            rows.append({"variable1": v1, "variable2": v2,
                         "Ecological": "Yes" if p < 1 - alpha else "No",
                         "F-statistic": float(f), "P-value": p})
    return pd.DataFrame(rows, columns=["variable1", "variable2", "Ecological", "F-statistic",
                                       "P-value"])


def _loess_fit(x: np.ndarray, v: np.ndarray, span: float = 0.75) -> np.ndarray:
    """Local quadratic fit with tricube weights (R ``loess`` with ``surface = "direct"``)."""
    n = len(v)
    q = max(int(np.floor(n * span)), 3)
    fit = np.empty(n)
    for i, x0 in enumerate(x):
        d = np.abs(x - x0)
        h = np.sort(d)[q - 1] if q <= n else d.max() * n / q
        w = np.clip(1 - (d / h) ** 3, 0, None) ** 3
        a = np.vander(x - x0, 3, increasing=True) * np.sqrt(w)[:, None]
        coef, *_ = np.linalg.lstsq(a, v * np.sqrt(w), rcond=None)
        fit[i] = coef[0]
    return fit


def optimal_index(values, positions=None, increase_rate: float = INCREASE_RATE) -> int:
    """The elbow rule of ``sdsfun::loess_optnum`` (gdverse's strategy 2): the 0-based index of
    the first value whose relative increase is at most ``increase_rate`` right after one that
    was above it; the maximum when there is none.

    With up to 6 values R's default ``loess`` reproduces its input exactly, so the rule runs
    on the values themselves; with more, on a local quadratic fit (span 0.75, tricube
    weights), which can differ slightly from R's interpolated loess surface.
    """
    v = np.asarray(values, dtype=float)
    if len(v) > 6:
        x = np.arange(len(v), dtype=float) if positions is None else np.asarray(positions, float)
        v = _loess_fit(x, v)
    r = np.zeros(len(v))
    with np.errstate(divide="ignore", invalid="ignore"):
        r[1:] = (v[1:] - v[:-1]) / v[:-1]
    for i in range(1, len(v)):
        if r[i] <= increase_rate and r[i - 1] > increase_rate:
            return i
    return int(np.nanargmax(v))
