"""Interaction detector: q of crossed factors and the type of each pairwise interaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
import pandas as pd

from ._core import check_columns
from ._results import ResultMixin
from ._source import PandasSource, make_source
from .errors import GeodetectorError
from .inference import (
    AUTO_MAX_N,
    DEFAULT_N_PERM,
    check_alpha,
    check_permutations,
    compact_codes,
    enhancement_from_codes,
    generator,
    holm,
    n_tiny,
    resolve_resamples,
    small_sample_notes,
)
from .progress import Progress

TYPES = ("nonlinear weaken", "uni-variable weaken", "bi-variable enhance", "independent",
         "nonlinear enhance")

#: Default tolerance for ties between q12 and min(q1, q2), max(q1, q2) or q1 + q2.
TIE_TOL = 1e-10


def interaction_type(q1: float, q2: float, q12: float, tol: float = TIE_TOL) -> str:
    """Wang's five interaction types, with ties resolved within ``tol``.

    ``q12 < min - tol`` is *nonlinear weaken*; up to ``max + tol`` it is *uni-variable weaken*
    (a tie with ``min`` or ``max`` counts as uni-variable); within ``tol`` of ``q1 + q2`` it is
    *independent* (checked first, so that a factor with q = 0 that adds nothing is
    independent); below ``q1 + q2`` *bi-variable enhance*; above it *nonlinear enhance*.

    Examples
    --------
    >>> interaction_type(0.3, 0.2, 0.45)
    'bi-variable enhance'
    >>> interaction_type(0.3, 0.2, 0.5)
    'independent'
    """
    lo, hi, total = min(q1, q2), max(q1, q2), q1 + q2
    if abs(q12 - total) <= tol:
        return "independent"
    if q12 < lo - tol:
        return "nonlinear weaken"
    if q12 <= hi + tol:
        return "uni-variable weaken"
    if q12 < total:
        return "bi-variable enhance"
    return "nonlinear enhance"


@dataclass(frozen=True)
class InteractionDetectorResult(ResultMixin):
    """Result of :func:`interaction_detector`.

    ``table`` has one row per pair: ``x1, x2, q1, q2, q12, type, n_strata_12``, then
    ``p_value`` (permutation test of H0: q12 <= max(q1, q2), see
    :func:`geodetector.inference.enhancement_pvalue`; NaN when not run), ``significant``
    (``p_value <= alpha``; None when not run), ``p_holm`` (``p_value`` adjusted by Holm's
    method for testing all pairs together) and ``n_small_strata_12`` (crossed strata with 1-2 members).
    """

    y: str
    n: int
    factors: tuple
    tol: float
    table: pd.DataFrame = field(repr=False)
    n_perm: int = 0
    alpha: float = 0.05
    seed: object = 0
    _title = "Geographical detector: interaction detector"

    def _header(self):
        test = (f"enhancement test: {self.n_perm} permutations, alpha {self.alpha:g}, "
                f"seed {self.seed}" if self.n_perm else "enhancement test: not run")
        return [f"outcome: {self.y}   observations: {self.n}   tie tolerance: {self.tol:g}",
                test]

    def _notes(self):
        if self.n_perm:
            notes = [f"p_value: permutation test ({self.n_perm} permutations per direction) "
                     f"of H0: q12 <= max(q1, q2); y is shuffled within the strata of each "
                     f"factor in turn and the larger of the two p-values is kept "
                     f"(intersection-union test). It assumes units exchangeable within "
                     f"strata (no spatial autocorrelation left); significant uses p_value, "
                     f"not corrected for testing {len(self.table)} pair(s) (p_holm is)"]
        else:
            notes = [f"p_value: the enhancement test was not run (n_perm=0; by default it "
                     f"runs on in-memory data of at most {AUTO_MAX_N} rows); pass n_perm=999 "
                     f"to run it"]
        frame = self.table.assign(n=self.n)
        return notes + small_sample_notes(frame, lambda r: f"{r['x1']} ∩ {r['x2']}",
                                          "n_strata_12", "n_small_strata_12", ("pair", "pairs"))

    def _dict(self):
        return {"y": self.y, "n": self.n, "tie_tolerance": self.tol, "n_perm": self.n_perm,
                "alpha": self.alpha, "seed": self.seed,
                "pairs": self.table.to_dict(orient="records")}

    @classmethod
    def from_dict(cls, d: dict, factors=None) -> "InteractionDetectorResult":
        """The result back from :meth:`to_dict` (e.g. read from a results file), to plot it again.

        ``factors`` fixes the order of the factors (by default, their order in the pairs).
        """
        table = pd.DataFrame(d.get("pairs") or [])
        names = list(dict.fromkeys([*table.get("x1", []), *table.get("x2", [])]))
        if factors is not None:
            names = [f for f in factors if f in names] + [f for f in names if f not in factors]
        return cls(y=str(d.get("y", "")), n=int(d.get("n") or 0), factors=tuple(names),
                   tol=float(d.get("tie_tolerance", TIE_TOL)), table=table, n_perm=int(d.get("n_perm") or 0),
                   alpha=float(d.get("alpha", 0.05)), seed=d.get("seed", 0))

    def significance(self) -> pd.DataFrame:
        """Factor x factor matrix of the enhancement p-values (NaN on the diagonal)."""
        return self._square("p_value", lambda f: np.nan).astype(float)

    def matrix(self) -> pd.DataFrame:
        """Symmetric factor x factor matrix: q on the diagonal, q(Xi ∩ Xj) off it."""
        return self._square("q12", lambda f: self._q[f])

    def types(self) -> pd.DataFrame:
        """Factor x factor matrix of interaction types (empty strings on the diagonal)."""
        return self._square("type", lambda f: "")

    @property
    def _q(self):
        q = {}
        for r in self.table.itertuples(index=False):
            q[r.x1], q[r.x2] = r.q1, r.q2
        return q

    def _square(self, column, diag):
        names = list(self.factors)
        out = pd.DataFrame(index=names, columns=names, dtype=object)
        for r in self.table.itertuples(index=False):
            v = getattr(r, column)
            out.loc[r.x1, r.x2] = out.loc[r.x2, r.x1] = v
        for f in names:
            out.loc[f, f] = diag(f) if f in self._q else np.nan
        return out.astype(float) if column in ("q12", "p_value") else out


def interaction_detector(data, y, factors=None, *, tol=TIE_TOL, progress=None, n_perm=None,
                         alpha=0.05, seed=0):
    """Interaction detector: q(Xi ∩ Xj) for every pair of factors and its type.

    The strata of ``Xi ∩ Xj`` are all non-empty combinations of a stratum of ``Xi`` and one of
    ``Xj`` (R's ``paste(x1, x2)``).

    Parameters
    ----------
    data : pandas.DataFrame or dask.dataframe.DataFrame
    y : str
    factors : list of str, optional
    tol : float
        Tie tolerance of :func:`interaction_type`.
    progress : bool or callable, optional
        ``True`` draws a bar on stderr; a callable gets ``(done, total)``.
    n_perm : int, optional
        Permutations of the enhancement test of each pair (H0: q12 <= max(q1, q2), see
        :func:`geodetector.inference.enhancement_pvalue`).  By default 999 on in-memory data
        of at most 1000 rows and 0 (not run, ``p_value`` NaN) otherwise; 0 skips it.
    alpha : float
        Level of ``significant``; ``n_perm`` must be at least ``1/alpha - 1``.
    seed : int or numpy.random.Generator
        Seed of the permutations.

    Returns
    -------
    InteractionDetectorResult

    Examples
    --------
    >>> import pandas as pd
    >>> from geodetector import interaction_detector
    >>> df = pd.DataFrame({"y": [0., 1, 1, 0, 0, 1, 1, 0],
    ...                    "a": [0, 0, 1, 1, 0, 0, 1, 1],
    ...                    "b": [0, 1, 0, 1, 0, 1, 0, 1]})
    >>> res = interaction_detector(df, "y", ["a", "b"])
    >>> res.table[["q1", "q2", "q12", "type"]].values.tolist()
    [[0.0, 0.0, 1.0, 'nonlinear enhance']]
    >>> float(res.table["p_value"].iloc[0])  # 8 rows: 1/9 of the shuffles are as pure
    0.108
    """
    alpha = check_alpha(alpha)
    if isinstance(tol, bool) or not isinstance(tol, (int, float)) or not 0 <= tol < 1:
        raise GeodetectorError(f"tol (the tie tolerance of the interaction types) must be a number in [0, 1), "
                               f"got {tol!r}")
    source = make_source(data, y, factors)
    names = source.factors
    if len(names) < 2:
        raise GeodetectorError("the interaction detector needs at least two factors")
    in_memory = isinstance(source, PandasSource)
    n_perm = resolve_resamples(n_perm, source.n, in_memory, DEFAULT_N_PERM, "n_perm")
    check_permutations(n_perm, alpha)
    rng, seed_shown = generator(seed)
    pairs = list(combinations(names, 2))
    source.prefetch(pairs)  # with Dask: the factors and all pairs in one pass
    q = {f: source.strata((f,), False).q for f in names}
    bar = Progress(len(pairs), "interaction", progress)
    rows = []
    for a, b in pairs:
        s = source.strata((a, b), False)
        p = np.nan
        if n_perm:
            p = float(enhancement_from_codes(source.resp.yc[None, :], compact_codes(source, [a]),
                                             compact_codes(source, [b]), n_perm, rng)[0])
        rows.append({"x1": a, "x2": b, "q1": q[a], "q2": q[b], "q12": s.q,
                     "type": interaction_type(q[a], q[b], s.q, tol), "n_strata_12": s.n_strata,
                     "p_value": p, "significant": bool(p <= alpha) if n_perm else None,
                     "n_small_strata_12": n_tiny(s.counts)})
        bar.step()
    bar.close()
    table = pd.DataFrame(rows)
    table.insert(table.columns.get_loc("significant"), "p_holm", holm(table["p_value"]))
    return InteractionDetectorResult(y, source.n, tuple(names), tol, table, n_perm, alpha,
                                     seed_shown)


def interaction_q(data, y, factors) -> float:
    """q of the cross of any number of factors (e.g. the core conditions of a configuration).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"y": [0., 1, 1, 0, 2, 3, 3, 2],
    ...                    "a": [0, 0, 1, 1, 0, 0, 1, 1],
    ...                    "b": [0, 1, 0, 1, 0, 1, 0, 1],
    ...                    "c": [0, 0, 0, 0, 1, 1, 1, 1]})
    >>> interaction_q(df, "y", ["a", "b", "c"])
    1.0
    """
    factors = [factors] if isinstance(factors, str) else list(factors)
    source = make_source(data, y, factors)
    return source.strata(tuple(factors), False).q


def cross(data: pd.DataFrame, factors, sep: str = "_") -> pd.Series:
    """Labels of the crossed strata of ``factors`` (``"a_b_c"``), to use as a new factor.

    Examples
    --------
    >>> import pandas as pd
    >>> cross(pd.DataFrame({"a": [1, 2], "b": ["x", "y"]}), ["a", "b"]).tolist()
    ['1_x', '2_y']

    Labels that contain the separator are escaped, so different strata never merge:

    >>> cross(pd.DataFrame({"a": ["1_1", "1"], "b": ["2", "1_2"]}), ["a", "b"]).nunique()
    2
    """
    factors = list(factors)
    check_columns(data, factors)
    if not sep:
        raise GeodetectorError("sep must be a non-empty string")
    parts = [data[f].astype(str) for f in factors]
    if any(p.str.contains(sep, regex=False).any() for p in parts):
        # A label holding the separator would make ("1_1", "2") and ("1", "1_2") one stratum:
        # escape it (and the escape character) so that the joined labels stay distinct.
        parts = [p.str.replace("\\", "\\\\", regex=False).str.replace(sep, "\\" + sep, regex=False)
                 for p in parts]
    out = parts[0]
    for p in parts[1:]:
        out = out + sep + p
    return out.rename(" ∩ ".join(factors))
