"""Entropy weight method for composite indices (e.g. the study's ``Sl`` and ``Cs``).

Conventions, for n cases and indicator j:

1. Normalise with direction (:func:`indicators.min_max`): ``x'_ij`` in [0, 1], 1 = best.
   With ``normalize=False`` the input is used as is and must be non-negative.
2. Optional shift: ``x''_ij = x'_ij + shift`` (``shift=0`` by default; some authors use
   1e-4 so that no proportion is zero).
3. Proportions ``p_ij = x''_ij / sum_i x''_ij``.
4. Entropy ``e_j = -k * sum_i p_ij ln p_ij`` with ``k = 1 / ln(n)`` and the convention
   ``0 * ln 0 = 0`` (the limit), so ``0 <= e_j <= 1``.
5. Diversity ``d_j = 1 - e_j``; weight ``w_j = d_j / sum_j d_j``.
6. Composite score ``s_i = sum_j w_j x''_ij`` (in [0, 1] when unshifted).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from libdigigov.results import Result


from .errors import IndicatorInputError, NegativeValueError, ZeroVarianceError
from .normalize import min_max, numeric_frame, resolve_directions

__all__ = ["EntropyWeights", "entropy_weights"]


@dataclass(frozen=True)
class EntropyWeights(Result):
    """Result of :func:`entropy_weights`.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per indicator: ``direction``, ``entropy`` (e_j), ``diversity`` (d_j = 1 - e_j),
        ``weight`` (w_j).
    scores : pandas.Series
        Composite index per case, named after ``name``.
    normalized : pandas.DataFrame
        The values the weights were applied to (after normalisation and shift).
    """

    table: pd.DataFrame
    scores: pd.Series
    normalized: pd.DataFrame = field(repr=False)
    shift: float = 0.0
    normalize: bool = True

    _digits = 4
    _index = True

    @property
    def weights(self) -> pd.Series:
        return self.table["weight"]

    def to_frame(self) -> pd.DataFrame:
        """The weight table (entropy, diversity, weight per indicator)."""
        return self.table.copy()

    @property
    def _title(self) -> str:
        return f"Entropy weights for {self.scores.name}"

    def _header(self) -> list[str]:
        norm = "min-max with direction" if self.normalize else "none (raw non-negative values)"
        return [f"normalisation {norm}; shift {self.shift:g}; k = 1/ln(n), n = {len(self.scores)}; 0*ln(0) = 0"]

    def _dict(self) -> dict:
        return {"name": str(self.scores.name), "shift": self.shift, "normalize": self.normalize,
                "weights": self.table.reset_index().to_dict(orient="records"),
                "scores": {str(k): v for k, v in self.scores.items()}}


def entropy_weights(data, directions=None, *, shift: float = 0.0, normalize: bool = True,
                    name: str = "index") -> EntropyWeights:
    """Entropy weights and the weighted composite index of a set of sub-indicators.

    Parameters
    ----------
    data : pandas.DataFrame
        Cases in rows (e.g. provinces), sub-indicators in columns.
    directions : None, str or dict
        ``"positive"`` (higher is better, the default) or ``"negative"`` per column.
    shift : float, default 0.0
        Constant added after normalisation (before proportions).
    normalize : bool, default True
        Min-max normalise with direction first. ``False`` uses the values as given; they must
        then be non-negative and directions must all be positive.
    name : str
        Name of the composite (e.g. ``"Sl"``), used for the scores and in messages.

    Returns
    -------
    EntropyWeights

    Raises
    ------
    ZeroVarianceError
        A sub-indicator with a single repeated value (its entropy is undefined).
    NegativeValueError
        Negative values with ``normalize=False``, or a negative ``shift``.

    Examples
    --------
    >>> import pandas as pd
    >>> from indicators import entropy_weights
    >>> df = pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0], "b": [1.0, 1.0, 1.0, 9.0]})
    >>> ew = entropy_weights(df, name="Sl")
    >>> ew.table["weight"].round(3).to_dict()
    {'a': 0.213, 'b': 0.787}
    >>> ew.scores.round(3).tolist()
    [0.0, 0.071, 0.142, 1.0]
    """
    if not np.isfinite(shift) or shift < 0:
        raise NegativeValueError(f"{name}: shift must be a non-negative number, got {shift!r}")
    df = numeric_frame(data, name)
    if df.shape[1] < 1:
        raise IndicatorInputError(f"{name}: no sub-indicator columns")
    dirs = resolve_directions(df.columns, directions)
    if normalize:
        x = min_max(df, dirs, name=name).data
    else:
        if any(d == "negative" for d in dirs.values()):
            raise IndicatorInputError(f"{name}: negative directions need normalize=True")
        neg = {c: list(df.index[df[c] < 0][:5]) for c in df.columns if (df[c] < 0).any()}
        if neg:
            detail = "; ".join(f"column {c!r} rows {', '.join(map(str, r))}" for c, r in neg.items())
            raise NegativeValueError(f"{name}: the entropy method needs non-negative values without normalisation ({detail})")
        flat = [c for c in df.columns if df[c].nunique() < 2]
        if flat:
            raise ZeroVarianceError(f"{name}: column(s) {flat} have a single repeated value; entropy is undefined")
        x = df
    x = x + shift
    totals = x.sum()
    p = x / totals
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(p > 0, p * np.log(p), 0.0)
    n = len(df)
    entropy = pd.Series(-plogp.sum(axis=0) / np.log(n) + 0.0, index=df.columns)
    diversity = 1.0 - entropy
    if diversity.sum() <= 0:
        raise ZeroVarianceError(f"{name}: every sub-indicator has maximal entropy; weights are undefined")
    weight = diversity / diversity.sum()
    table = pd.DataFrame({"direction": pd.Series(dirs), "entropy": entropy, "diversity": diversity, "weight": weight})
    table.index.name = "indicator"
    scores = (x * weight).sum(axis=1).rename(name)
    return EntropyWeights(table=table, scores=scores, normalized=x, shift=float(shift), normalize=normalize)
