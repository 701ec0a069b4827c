"""Risk detector: stratum means and Welch t-tests between every pair of strata."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
import pandas as pd

from ._dist import t_ppf, t_sf
from ._results import ResultMixin
from ._source import make_source
from .inference import check_alpha
from .errors import GeodetectorWarning, SmallStratumError


@dataclass(frozen=True)
class RiskDetectorResult(ResultMixin):
    """Result of :func:`risk_detector`.

    ``table`` (also :meth:`to_frame`) has one row per pair of strata of each factor:
    ``factor, a, b, mean_a, mean_b, t, df, df_round, p_value, significant, tested, reason``;
    ``strata`` has ``factor, stratum, n, mean, var``.
    """

    y: str
    n: int
    alpha: float
    strata: pd.DataFrame = field(repr=False)
    table: pd.DataFrame = field(repr=False)
    _title = "Geographical detector: risk detector"

    def _header(self):
        untested = int((~self.table["tested"]).sum()) if len(self.table) else 0
        return [f"outcome: {self.y}   observations: {self.n}   alpha: {self.alpha}",
                "Welch t-test; significant when |t| > t(1 - alpha/2, round(df)) (R rule); "
                f"untested pairs: {untested}"]

    def summary(self) -> str:
        """The pairs of strata tested, then the mean of y in each stratum."""
        from ._results import fmt_frame

        return super().summary() + "\n\nstrata\n" + fmt_frame(self.strata)

    def _summary_frame(self):
        return self.table.drop(columns=["mean_a", "mean_b"])

    def means(self, factor: str) -> pd.Series:
        """Mean of ``y`` in each stratum of ``factor``."""
        s = self.strata[self.strata["factor"] == factor]
        return s.set_index("stratum")["mean"]

    def significance_matrix(self, factor: str) -> pd.DataFrame:
        """Stratum x stratum matrix of ``significant`` (NaN where not tested), as R prints it."""
        labels = list(self.strata.loc[self.strata["factor"] == factor, "stratum"])
        out = pd.DataFrame(np.nan, index=labels, columns=labels, dtype=object)
        for r in self.table[self.table["factor"] == factor].itertuples(index=False):
            v = bool(r.significant) if r.tested else np.nan
            out.loc[r.a, r.b] = out.loc[r.b, r.a] = v
        return out


def welch(mean_a, var_a, n_a, mean_b, var_b, n_b):
    """Welch's t (a - b), its Satterthwaite df and two-sided p (R's ``t.test``)."""
    ea, eb = var_a / n_a, var_b / n_b
    se2 = ea + eb
    t = (mean_a - mean_b) / np.sqrt(se2)
    df = se2 * se2 / (ea * ea / (n_a - 1) + eb * eb / (n_b - 1))
    p = 2.0 * t_sf(abs(t), df)
    return float(t), float(df), float(p)


def risk_detector(data, y, factors=None, *, alpha=0.05, strict=False):
    """Risk detector: is the mean of ``y`` different between two strata of a factor?

    Every pair of strata of each factor gets Welch's two-sample t-test.  As in R's
    geodetector, a pair is *significant* when ``|t| > t(1 - alpha/2, round(df))`` and
    ``p_value`` is the two-sided Welch p with the unrounded df; pairs where a stratum has one
    observation or the pooled standard error is 0 are not tested (``tested`` False, ``reason``
    says why).

    Parameters
    ----------
    data : pandas.DataFrame or dask.dataframe.DataFrame
    y : str
    factors : list of str, optional
    alpha : float
    strict : bool
        Raise :class:`SmallStratumError` naming the stratum instead of skipping (and warning
        about) pairs that involve a one-observation stratum.

    Returns
    -------
    RiskDetectorResult

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"y": [1.0, 1.5, 1.2, 3.0, 3.4, 3.1], "x": list("aaabbb")})
    >>> res = risk_detector(df, "y", ["x"])
    >>> res.table[["a", "b", "significant"]].values.tolist()
    [['a', 'b', True]]
    """
    alpha = check_alpha(alpha)
    source = make_source(data, y, factors)
    crit_cache: dict[int, float] = {}
    strata_rows, pair_rows, skipped = [], [], []
    for f in source.factors:
        s = source.strata((f,), True)
        labels = [str(v) for v in np.asarray(s.labels)]
        means, var, counts = s.means, s.variances, s.counts
        for i, lab in enumerate(labels):
            strata_rows.append({"factor": f, "stratum": lab, "n": int(counts[i]),
                                "mean": float(means[i]), "var": float(var[i])})
        small = [labels[i] for i in range(len(labels)) if counts[i] < 2]
        if small and strict:
            raise SmallStratumError(
                f"factor {f!r}: stratum {small[0]!r} has one observation; the risk detector's "
                f"t-test needs at least two per stratum (merge it with a neighbouring stratum)"
            )
        skipped += [(f, lab) for lab in small]
        for i, j in combinations(range(len(labels)), 2):
            row = {"factor": f, "a": labels[i], "b": labels[j], "mean_a": float(means[i]),
                   "mean_b": float(means[j]), "t": np.nan, "df": np.nan, "df_round": np.nan,
                   "p_value": np.nan, "significant": None, "tested": False, "reason": ""}
            if counts[i] < 2 or counts[j] < 2:
                row["reason"] = "one-observation stratum"
            elif var[i] / counts[i] + var[j] / counts[j] <= 0:
                row["reason"] = "zero standard error"
            else:
                t, df, p = welch(means[i], var[i], counts[i], means[j], var[j], counts[j])
                k = int(np.round(df))
                if k not in crit_cache:
                    crit_cache[k] = float(t_ppf(1 - alpha / 2, k)) if k > 0 else np.inf
                row.update(t=t, df=df, df_round=float(k), p_value=p,
                           significant=bool(abs(t) > crit_cache[k]), tested=True)
            pair_rows.append(row)
    if skipped:
        warnings.warn(
            "risk detector: pairs with one-observation strata were not tested: "
            + ", ".join(f"{f}={lab!r}" for f, lab in skipped),
            GeodetectorWarning, stacklevel=2,
        )
    cols = ["factor", "a", "b", "mean_a", "mean_b", "t", "df", "df_round", "p_value",
            "significant", "tested", "reason"]
    return RiskDetectorResult(y, source.n, alpha, pd.DataFrame(strata_rows),
                              pd.DataFrame(pair_rows, columns=cols))
