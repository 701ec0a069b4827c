"""Does the answer depend on the weights? Moran's I of the same variables under several weights.

Spatial weights are a modelling choice (contiguity or distance, which island rule, binary or
row-standardised); a reviewer asks whether a finding survives another reasonable choice
(Bivand & Wong 2018; Anselin 1988, ch. 3). :func:`moran_sensitivity` runs the global test of every
variable under every named weights and lays the results side by side.

Examples
--------
>>> from spatial.weights import weights_from_neighbours
>>> path = weights_from_neighbours({"a": ["b"], "b": ["a", "c"], "c": ["b", "d"], "d": ["c"]})
>>> ring = weights_from_neighbours({"a": ["b", "d"], "b": ["a", "c"], "c": ["b", "d"], "d": ["c", "a"]})
>>> t = moran_sensitivity([1.0, 2.0, 3.0, 4.0], {"path": path, "ring": ring}).to_frame()
>>> t[["weights", "I"]].round(3).to_dict("list")
{'weights': ['path', 'ring'], 'I': [0.4, -0.2]}
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from libdigigov.results import Result

from .errors import SpatialInputError
from .global_moran import moran
from .weights import SpatialWeights

__all__ = ["MoranSensitivity", "moran_sensitivity"]


@dataclass(frozen=True, eq=False)
class MoranSensitivity(Result):
    """Moran's I per (weights, variable); ``table``: ``weights, var, n_islands, I, EI, z_rand, p``
    (``p`` the permutation p-value when drawn, else the randomisation one) and ``pattern``."""

    table: pd.DataFrame = field(repr=False)
    alpha: float = 0.05

    _title = "Moran's I under several spatial weights"
    _digits = 4

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def _notes(self) -> list[str]:
        patterns = self.table.groupby("var")["pattern"].nunique()
        unstable = list(patterns.index[patterns > 1])
        if unstable:
            return [f"the verdict at alpha = {self.alpha:g} depends on the weights for: {', '.join(unstable)}"]
        return [f"the verdict at alpha = {self.alpha:g} is the same under every weights"]


def moran_sensitivity(data, weights: Mapping[str, SpatialWeights], *, permutations: int = 0, seed: int | None = None,
                      alternative: str = "greater", alpha: float = 0.05) -> MoranSensitivity:
    """Global Moran's I of ``data`` under each of the named ``weights`` (see the module docstring)."""
    if not isinstance(weights, Mapping) or not weights:
        raise SpatialInputError("weights must be a non-empty mapping of name to SpatialWeights")
    parts = []
    for name, w in weights.items():
        t = moran(data, w, permutations=permutations, seed=seed, alternative=alternative).table
        p = t["p_perm"] if permutations else t["p_rand"]
        parts.append(pd.DataFrame({
            "weights": str(name), "var": t["var"], "n_islands": len(w.islands), "I": t["I"], "EI": t["EI"],
            "z_rand": t["z_rand"], "p": p.astype(float),
            "pattern": ["not significant" if not pv <= alpha else "clustered" if i > e else "dispersed"
                        for pv, i, e in zip(p.astype(float), t["I"], t["EI"])]}))
    return MoranSensitivity(pd.concat(parts, ignore_index=True), float(alpha))
