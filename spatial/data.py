"""Checking and aligning the data the statistics take: cases in the weights' order, numbers only,
and the conditions under which the tests are defined (one clear error per fault, before any
computation)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .errors import SpatialInputError
from .weights import SpatialWeights

#: Fewest cases the global tests accept: the randomisation variance divides by (n' - 3).
MIN_CASES = 4


def as_frame(data, weights: SpatialWeights, name: str = "x") -> pd.DataFrame:
    """``data`` (Series, DataFrame indexed by case, or an array in the weights' case order) as a
    float frame in the weights' case order, checked."""
    if not isinstance(weights, SpatialWeights):
        raise SpatialInputError(f"weights must be SpatialWeights, got {type(weights).__name__}")
    if isinstance(data, pd.Series):
        data = data.to_frame(name=str(data.name) if data.name is not None else name)
    if isinstance(data, pd.DataFrame):
        index = data.index.astype(str)
        if index.duplicated().any():
            raise SpatialInputError(f"case {index[index.duplicated()][0]!r} appears twice in the data")
        frame = data.set_axis(index, axis=0)
        missing = [c for c in weights.names if c not in frame.index]
        if missing:
            raise SpatialInputError(f"the weights name case {missing[0]!r}, which is not in the data")
        extra = [c for c in frame.index if c not in set(weights.names)]
        if extra:
            raise SpatialInputError(f"case {extra[0]!r} has no geometry or weights")
        frame = frame.loc[list(weights.names)]
    else:
        arr = np.asarray(data, dtype=float)
        if arr.ndim == 1:
            arr = arr[:, None]
        if arr.shape[0] != weights.n:
            raise SpatialInputError(f"{arr.shape[0]} values for {weights.n} cases")
        frame = pd.DataFrame(arr, index=list(weights.names),
                             columns=[name] if arr.shape[1] == 1 else [f"{name}{i + 1}" for i in range(arr.shape[1])])
    out = {}
    for col in frame.columns:
        v = pd.to_numeric(frame[col], errors="coerce")
        bad = v.isna() | ~np.isfinite(v.to_numpy(dtype=float, na_value=np.nan))
        if bad.any():
            raise SpatialInputError(f"variable {str(col)!r} has a missing or non-numeric value for case "
                                    f"{v.index[bad.to_numpy()][0]!r}")
        out[str(col)] = v.to_numpy(dtype=float)
    return pd.DataFrame(out, index=frame.index)


def check_testable(frame: pd.DataFrame, weights: SpatialWeights, *, constant_ok: bool = False) -> None:
    """Refuse what makes the tests undefined: fewer than 4 cases, every case an island, and
    (unless ``constant_ok``) a constant variable.

    Fewer than 4 cases *with neighbours* is not refused: as in spdep, the moments that divide by
    (n' - 2) or (n' - 3) then come out undefined (None) and say so, while the statistics stand."""
    if weights.n < MIN_CASES:
        raise SpatialInputError(f"{weights.n} cases: the tests need at least {MIN_CASES}")
    if weights.n_nonisland == 0:
        raise SpatialInputError("every case is an island (no case has a neighbour): there is nothing to test")
    if not constant_ok:
        for col in frame.columns:
            v = frame[col].to_numpy()
            if np.all(v == v[0]):
                raise SpatialInputError(f"variable {col!r} is constant ({v[0]:g} for every case): Moran's I is "
                                        "undefined (zero variance)")
