"""Per-stratum aggregates and the q-statistic computed from them.

Everything the detectors report is a function of three numbers per stratum: the count, the
sum and the sum of squares of ``y``.  They are accumulated with :func:`numpy.bincount` on
integer-coded strata (one pass over the data per factor), or merged from partial aggregates
(see :mod:`geodetector._dask`).  ``y`` is centred on its mean before accumulation so that the
sums of squares do not lose precision when ``y`` has a large offset (``1e6 + signal``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from ._accumulate import cell_spread, cell_sums, code_dtype, factorize
from ._dist import f_sf, ncf_sf

from .errors import (
    ColumnNotFoundError,
    ContinuousFactorError,
    GeodetectorError,
    MissingValueError,
    NonNumericError,
    SingleStratumError,
)

# A float factor with more distinct non-integral values than this is taken for a continuous
# variable that was passed without discretisation.
CONTINUOUS_MAX_STRATA = 20


@dataclass(frozen=True)
class Response:
    """The outcome, centred: ``yc = y - shift``."""

    name: str
    yc: np.ndarray
    shift: float
    sst: float  # sum of squares about the mean, (N - 1) * var(y)

    @property
    def n(self) -> int:
        return int(self.yc.shape[0])

    @property
    def var(self) -> float:
        return self.sst / (self.n - 1)


@dataclass(frozen=True)
class Strata:
    """Aggregates of the centred outcome over the strata of one (possibly crossed) factor.

    ``wss`` (sum of squares about each stratum's own mean) and ``const`` (stratum holds one
    repeated value) are only filled by a full aggregation; q needs counts and sums alone.
    """

    name: str
    labels: np.ndarray  # string label of each stratum
    counts: np.ndarray
    sums: np.ndarray  # sums of centred y
    wss: np.ndarray | None
    const: np.ndarray | None
    shift: float
    sst: float

    @property
    def n(self) -> int:
        return int(self.counts.sum())

    @property
    def n_strata(self) -> int:
        return int(self.counts.shape[0])

    @property
    def means(self) -> np.ndarray:
        return self.sums / self.counts + self.shift

    @property
    def ssb(self) -> float:
        # The grand sum of the centred y is ~0 but not exactly; subtracting its share keeps
        # SSB + SSW = SST to rounding.  SSB is a sum of positive terms, so q = SSB/SST keeps
        # full precision even when q is close to 0 or 1.
        total = self.sums.sum()
        return float(np.sum(self.sums * self.sums / self.counts) - total * total / self.n)

    @property
    def ssw(self) -> float:
        if self.wss is not None:
            return float(self.wss.sum())
        return max(self.sst - self.ssb, 0.0)

    @property
    def variances(self) -> np.ndarray:
        """Sample variance (n - 1) of each stratum; NaN for a one-observation stratum."""
        if self.wss is None:
            raise RuntimeError("strata were aggregated without sums of squares")
        with np.errstate(invalid="ignore", divide="ignore"):
            var = np.where(self.counts > 1, self.wss / (self.counts - 1), np.nan)
        return np.where(self.const & (self.counts > 1), 0.0, var)

    @property
    def q(self) -> float:
        if self.sst <= 0:
            return float("nan")
        return float(min(max(self.ssb / self.sst, 0.0), 1.0))

    def drop(self, keep: np.ndarray) -> "Strata":
        """Strata restricted to ``keep`` (a boolean mask); SST recomputed from what is left."""
        counts, sums, wss = self.counts[keep], self.sums[keep], self.wss[keep]
        total = sums.sum()
        sst = float(wss.sum() + np.sum(sums * sums / counts) - total * total / counts.sum())
        return Strata(self.name, self.labels[keep], counts, sums, wss, self.const[keep],
                      self.shift, sst)


# ---------------------------------------------------------------------------------------------
# input checking and coding


def listed(texts, limit: int = 5, total: int | None = None) -> str:
    """The first ``limit`` of ``texts`` joined by commas, then how many more there are (of
    ``total``, by default ``len(texts)``).

    Examples
    --------
    >>> listed(["a", "b", "c"], limit=2)
    'a, b and 1 more'
    """
    texts = list(texts)
    shown = texts[:limit]
    more = (len(texts) if total is None else total) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def _rows(index: pd.Index, mask: np.ndarray, limit: int = 5) -> str:
    return listed([repr(b) for b in index[mask][:limit]], limit, int(mask.sum()))


def _require(columns, names) -> None:
    missing = [c for c in names if c not in columns]
    if missing:
        raise ColumnNotFoundError(
            f"column(s) {missing} not in data; available: {list(columns)}"
        )


def check_columns(data: pd.DataFrame, names) -> None:
    if not isinstance(data, pd.DataFrame):
        raise NonNumericError(f"data must be a pandas DataFrame, got {type(data).__name__}")
    _require(data.columns, names)


def factor_names(columns, y: str, factors) -> list[str]:
    """The factors (default: every column but ``y``), checked against ``columns``; in-memory
    and Dask data alike."""
    if factors is None:
        factors = [c for c in columns if c != y]
    elif isinstance(factors, str):
        factors = [factors]
    factors = list(factors)
    if not factors:
        raise GeodetectorError("no factors given")
    if y in factors:
        raise GeodetectorError(f"the outcome {y!r} cannot also be a factor")
    if len(set(factors)) != len(factors):
        raise GeodetectorError(f"factors repeated: {factors}")
    _require(columns, [y, *factors])
    return factors


def resolve_factors(data: pd.DataFrame, y: str, factors) -> list[str]:
    check_columns(data, [])
    return factor_names(data.columns, y, factors)


def response(data: pd.DataFrame, y: str) -> Response:
    col = data[y]
    if not (pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col)):
        example = next((v for v in col if not _is_number(v)), col.iloc[0] if len(col) else None)
        raise NonNumericError(
            f"outcome column {y!r} must be numeric (dtype {col.dtype}); "
            f"found e.g. {example!r}"
        )
    values = col.to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isfinite(values)
    if bad.any():
        raise MissingValueError(
            f"outcome column {y!r} has {int(bad.sum())} missing or infinite value(s) "
            f"at row(s) {_rows(data.index, bad)}; drop or impute them first"
        )
    if values.shape[0] < 2:
        raise GeodetectorError(f"need at least 2 rows, got {values.shape[0]}")
    shift = float(values.mean())
    yc = values - shift
    sst = float(np.dot(yc, yc))
    if sst == 0.0:
        raise GeodetectorError(f"outcome column {y!r} is constant ({float(values[0])!r} in every "
                               f"row): there is no heterogeneity to explain")
    return Response(y, yc, shift, sst)


def _is_number(v) -> bool:
    return isinstance(v, (int, float, np.number)) and not isinstance(v, bool)


def encode_factor(data: pd.DataFrame, name: str, *, check_continuous: bool = True):
    """Integer codes ``0..L-1`` (labels sorted) and the string label of each code."""
    col = data[name]
    if col.isna().any():
        mask = col.isna().to_numpy()
        raise MissingValueError(
            f"factor {name!r} has {int(mask.sum())} missing value(s) at row(s) "
            f"{_rows(data.index, mask)}; drop those rows or give them their own stratum"
        )
    if pd.api.types.is_integer_dtype(col) and not pd.api.types.is_bool_dtype(col):
        values = col.to_numpy()
        if values.dtype.kind not in "iu":  # nullable integers without missing values
            values = col.to_numpy(dtype=np.int64)
        codes, uniques = factorize(values)
        labels = uniques.astype(str)
    else:
        codes, uniques = pd.factorize(col, sort=True)
        labels = np.array([_label(u) for u in uniques], dtype=object).astype(str)
        if check_continuous and pd.api.types.is_float_dtype(col):
            u = np.asarray(uniques, dtype=float)
            if u.size > CONTINUOUS_MAX_STRATA and np.any(u != np.round(u)):
                raise ContinuousFactorError(
                    f"factor {name!r} looks continuous ({u.size} distinct non-integer values "
                    f"in {len(col)} rows); discretise it first, e.g. "
                    f"data[{name!r}] = geodetector.discretize(data[{name!r}], "
                    f"method='natural', k=5), or search the best method and class count "
                    f"with geodetector.optimal_discretization"
                )
        codes = np.asarray(codes).astype(code_dtype(labels.shape[0]))
    if check_continuous and labels.shape[0] > len(col) / 2:
        # R geodetector refuses such factors too ("data should be dispersed"): most strata
        # would hold one observation and q would be close to 1 by construction.
        raise ContinuousFactorError(
            f"factor {name!r} has {labels.shape[0]} strata for {len(col)} rows (more than "
            f"half as many strata as rows); it looks continuous or like an identifier. "
            f"Discretise it first, e.g. geodetector.discretize(data[{name!r}], "
            f"method='natural', k=5)"
        )
    if labels.shape[0] < 2:
        raise SingleStratumError(
            f"factor {name!r} has a single stratum ({labels[0]!r}); a factor needs at least "
            f"two strata to explain anything"
        )
    return codes, labels


def _label(u) -> str:
    if isinstance(u, float) and u.is_integer():
        return str(int(u))
    return str(u)


# ---------------------------------------------------------------------------------------------
# aggregation


def aggregate(name, code_list, sizes, labels, resp: Response, *, full: bool = True) -> Strata:
    """Counts and sums per stratum of the cross of ``code_list`` (one factor: a list of one);
    with ``full``, also within sums of squares (two-pass, about each stratum mean) and which
    strata are constant.

    Cells of a cross that no row falls in are dropped after counting; ``labels`` is then a
    callable that receives the cell numbers of the non-empty cells.
    """
    counts, sums = cell_sums(code_list, sizes, resp.yc)
    present = counts > 0
    wss = const = None
    if full:
        means = np.divide(sums, counts, out=np.zeros_like(sums), where=present)
        wss, lo, hi = cell_spread(code_list, sizes, resp.yc, means)
        const = (lo == hi)[present]
        wss = np.where(const, 0.0, wss[present])
    if callable(labels):
        labels = labels(np.flatnonzero(present))
    counts, sums = counts[present].astype(float), sums[present]
    return Strata(name, labels, counts, sums, wss, const, resp.shift, resp.sst)


def cross_codes(code_list, size_list):
    """The codes and sizes to cross, and the number of possible cells.

    Mixed-radix cells no row falls in are left as gaps (dropped after counting).  When the
    cells would far outnumber the rows, the cross is renumbered densely instead: one code
    array, and None for the number of cells.
    """
    total = 1
    for s in size_list:
        total *= int(s)
    n = code_list[0].shape[0]
    if total <= 8 * n + 1024:
        return list(code_list), [int(s) for s in size_list], total
    frame = pd.DataFrame({i: c for i, c in enumerate(code_list)})
    codes = frame.groupby(list(frame.columns), sort=True).ngroup().to_numpy()
    size = int(codes.max()) + 1
    return [codes.astype(code_dtype(size))], [size], None


def crossed_labels(label_list, size_list, flat) -> np.ndarray:
    """``"a_b"`` labels (R's ``paste(x1, x2, sep = "_")``) of the kept combinations."""
    parts = []
    rest = np.asarray(flat, dtype=np.int64)
    for size in reversed(size_list):
        parts.append(rest % int(size))
        rest = rest // int(size)
    parts.reverse()
    out = np.asarray(label_list[0])[parts[0]].astype(object)
    for labels, idx in zip(label_list[1:], parts[1:]):
        out = out + "_" + np.asarray(labels)[idx].astype(object)
    return out.astype(str)


# ---------------------------------------------------------------------------------------------
# significance of q


P_METHODS = ("r", "centered", "gd", "central")


def noncentrality(strata: Strata, method: str = "r") -> float:
    """Non-centrality parameter of the F test of q.

    ``"r"`` is R geodetector's (Wang, Zhang & Fu 2016)
    ``(sum m_h^2 - (sum sqrt(n_h) m_h)^2 / N) / var(y)`` on the raw stratum means, which changes
    when a constant is added to ``y``; ``"centered"`` uses the means of ``y - mean(y)`` instead,
    which is invariant to such shifts; ``"gd"`` is ``"r"`` with ``var(y)`` scaled by
    ``(N - 1)/N`` as R ``GD`` and PyPI ``geodetector`` do; ``"central"`` is 0 (the ordinary
    one-way ANOVA F test).
    """
    if method == "central":
        return 0.0
    var = strata.sst / (strata.n - 1)
    if method == "gd":
        var = strata.sst / strata.n  # R GD and PyPI geodetector scale var(y) by (N - 1)/N
    dev = strata.sums / strata.counts  # stratum means of the centred y
    if method == "centered":
        m = dev - strata.sums.sum() / strata.n
    else:
        # Raw means, rebuilt from the centred ones (accurate to rounding of the result), and
        # summed sequentially over the sorted strata as R's loop does: with y = 1e6 + signal
        # the two sums cancel catastrophically and only the same operation order reproduces
        # R's value.
        m = strata.shift + dev
    first = np.cumsum(m * m)[-1]
    second = np.cumsum(np.sqrt(strata.counts) * m)[-1]
    lam = (first - second * second / strata.n) / var
    # The exact value is >= 0 by Cauchy-Schwarz; a negative one is rounding error.
    return float(max(lam, 0.0))


def q_pvalue(strata: Strata, method: str = "r"):
    """(F, df1, df2, lambda, p) of the factor detector for ``strata``."""
    if method not in P_METHODS:
        raise GeodetectorError(f"p_method must be one of {P_METHODS}, got {method!r}")
    n, n_strata = strata.n, strata.n_strata
    df1, df2 = n_strata - 1, n - n_strata
    q = strata.q
    lam = noncentrality(strata, method)
    if df2 <= 0 or df1 <= 0 or not np.isfinite(q):
        return float("nan"), df1, df2, lam, float("nan")
    if q >= 1.0:
        return float("inf"), df1, df2, lam, 0.0
    f = df2 * q / (df1 * (1.0 - q))
    if lam == 0.0:
        p = f_sf(f, df1, df2)
    else:
        p = ncf_sf(f, df1, df2, lam)
    return float(f), df1, df2, lam, float(min(max(p, 0.0), 1.0))
