"""Factor detector: how much of the stratified heterogeneity of ``y`` each factor explains."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ._core import Strata, q_pvalue
from .inference import check_conf_level, n_tiny, q_confint, small_sample_notes
from ._results import ResultMixin
from ._source import make_source
from .errors import GeodetectorError

SINGLETON_RULES = ("keep", "drop")


@dataclass(frozen=True)
class FactorDetectorResult(ResultMixin):
    """Result of :func:`factor_detector`.

    ``table`` has one row per factor: ``factor, q, p_value, F, df1, df2, lambda, n_strata,
    n_singleton_strata, n, ci_low, ci_high, conf_level`` (the ``conf_level`` confidence
    interval of the population q, see :func:`geodetector.inference.q_confint`) and
    ``n_small_strata`` (strata with 1-2 members).
    """

    y: str
    n: int
    singletons: str
    p_method: str
    table: pd.DataFrame = field(repr=False)
    conf_level: float = 0.95

    _title = "Geographical detector: factor detector"

    @property
    def q(self) -> pd.Series:
        """q of each factor, indexed by factor name."""
        return self.table.set_index("factor")["q"]

    @property
    def p_value(self) -> pd.Series:
        return self.table.set_index("factor")["p_value"]

    def _header(self):
        return [f"outcome: {self.y}   observations: {self.n}",
                f"one-observation strata: {self.singletons}   p-value: {self.p_method}   "
                f"confidence level: {self.conf_level:g}"]

    def _notes(self):
        notes = [f"ci_low, ci_high: {self.conf_level:g} confidence interval of the population "
                 f"q from the non-central F distribution (Wang, Zhang & Fu 2016) inverted in "
                 f"its non-centrality; it assumes independent units and normal errors of equal "
                 f"variance in every stratum, and does not depend on p_method"]
        return notes + small_sample_notes(self.table, lambda r: r["factor"], "n_strata",
                                          "n_small_strata", ("factor", "factors"))

    def _dict(self):
        return {"y": self.y, "n": self.n, "singletons": self.singletons,
                "p_method": self.p_method, "conf_level": self.conf_level,
                "factors": self.table.to_dict(orient="records")}


def factor_row(strata: Strata, *, singletons: str = "keep", p_method: str = "r",
               conf_level: float = 0.95) -> dict:
    """Factor-detector statistics of one set of strata (shared with the other detectors)."""
    if singletons not in SINGLETON_RULES:
        raise GeodetectorError(f"singletons must be one of {SINGLETON_RULES}, got {singletons!r}")
    n_single = int(np.sum(strata.counts == 1))
    if singletons == "drop" and n_single:
        strata = strata.drop(strata.counts > 1)
    f, df1, df2, lam, p = q_pvalue(strata, p_method)
    lo, hi = q_confint(strata.q, strata.n, strata.n_strata, conf_level)
    return {"factor": strata.name, "q": strata.q, "p_value": p, "F": f, "df1": df1, "df2": df2,
            "lambda": lam, "n_strata": strata.n_strata, "n_singleton_strata": n_single,
            "n": strata.n, "ci_low": float(lo), "ci_high": float(hi),
            "conf_level": conf_level, "n_small_strata": n_tiny(strata.counts)}


def factor_detector(data, y, factors=None, *, singletons="keep", p_method="r", conf_level=0.95):
    """Factor detector (Wang et al. 2010): q = 1 - SSW/SST of every factor.

    Parameters
    ----------
    data : pandas.DataFrame or dask.dataframe.DataFrame
        One row per spatial unit.  Factor columns hold stratum labels (integers or strings);
        continuous variables must be discretised first (see :func:`discretize`).
    y : str
        Numeric outcome column.
    factors : list of str, optional
        Factor columns; all columns but ``y`` by default.
    singletons : {"keep", "drop"}
        ``"keep"`` (R geodetector) keeps one-observation strata: they add 0 to SSW and count in
        the degrees of freedom.  ``"drop"`` removes their rows for that factor first (as R
        ``GD`` and PyPI ``geodetector`` do), recomputing SST on what is left.
    p_method : {"r", "centered", "gd", "central"}
        Significance test of q.  ``"r"``: non-central F with R geodetector's lambda
        (Wang, Zhang & Fu 2016); ``"centered"``: the same with stratum means of
        ``y - mean(y)``, invariant to adding a constant to ``y``; ``"gd"``: R ``GD``'s lambda
        (``var(y)`` scaled by ``(N-1)/N``); ``"central"``: the ordinary one-way ANOVA F test.
    conf_level : float
        Level of the confidence interval of q (``ci_low``, ``ci_high``), in (0, 1).

    Returns
    -------
    FactorDetectorResult

    Examples
    --------
    >>> import pandas as pd
    >>> from geodetector import factor_detector
    >>> df = pd.DataFrame({"y": [1.0, 1.2, 3.1, 2.9, 5.0, 5.2],
    ...                    "x": [1, 1, 2, 2, 3, 3]})
    >>> res = factor_detector(df, "y", ["x"])
    >>> round(float(res.q["x"]), 4)
    0.9963
    >>> res.table[["ci_low", "ci_high"]].round(3).values.tolist()
    [[0.901, 0.998]]
    """
    conf_level = check_conf_level(conf_level)
    source = make_source(data, y, factors)
    rows = [factor_row(source.strata((f,), singletons == "drop"),
                       singletons=singletons, p_method=p_method, conf_level=conf_level)
            for f in source.factors]
    return FactorDetectorResult(y, source.n, singletons, p_method, pd.DataFrame(rows),
                                conf_level)
