"""Inter-provincial competition pressure from the outcome of geographic neighbours.

For province *o* with neighbours *i* whose outcome beats its own (``P_i > P_o``)::

    R_o = sum_i (P_i - P_o) / m,    m = number of such neighbours,

and ``R_o = 0`` when no neighbour does better (including a province without neighbours).
R is the mean shortfall against the better-performing neighbours.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from libdigigov.results import Result


from .adjacency import _island_options, _resolve_pairs
from .errors import IndicatorInputError, IndicatorTypeError
from .provinces import align_provinces, get_province

__all__ = ["CompetitionPressure", "competition_pressure"]


@dataclass(frozen=True)
class CompetitionPressure(Result):
    """Competition pressure R per province.

    Attributes
    ----------
    values : pandas.Series
        R per province (name ``"R"``).
    n_better : pandas.Series
        m: number of neighbours with a higher outcome.
    n_neighbours : pandas.Series
        Number of neighbours considered.
    better_neighbours : dict
        ``{province: [neighbours with higher outcome]}``.
    island_links : tuple of str
        Sea links that were used (empty: Hainan had no neighbour), or ``("custom table",)``.
    """

    values: pd.Series
    n_better: pd.Series
    n_neighbours: pd.Series
    better_neighbours: dict = field(repr=False)
    island_links: tuple = ()

    _title = "Competition pressure"
    _digits = 4
    _index = True

    def to_frame(self) -> pd.DataFrame:
        """Tidy table: R, m, neighbour count and the better neighbours, one row per province."""
        return pd.DataFrame({
            "R": self.values,
            "m_better": self.n_better,
            "n_neighbours": self.n_neighbours,
            "better_neighbours": pd.Series({k: ", ".join(map(str, v)) for k, v in self.better_neighbours.items()}),
        })

    def _header(self) -> list[str]:
        links = ", ".join(self.island_links) if self.island_links else "none (Hainan has no neighbour)"
        return [f"R_o = mean of (P_i - P_o) over neighbours with P_i > P_o, 0 if none; island links: {links}"]


def competition_pressure(outcome: pd.Series, *, island_links=None, adjacency=None, label: str = "en",
                         expected="mainland") -> CompetitionPressure:
    """Competition pressure R from an outcome and the province adjacency.

    Parameters
    ----------
    outcome : pandas.Series
        Outcome P indexed by province (any spelling).
    island_links : "none", "all" or list of str
        Which optional sea links of the bundled adjacency to use for Hainan
        (``"hainan-guangdong"``, ``"hainan-guangxi"``). Required with the bundled table.
    adjacency : pandas.DataFrame, optional
        Own adjacency (edge list or symmetric 0/1 matrix) instead of the bundled table.
    label : {"en", "zh", "name_zh", "adcode"}
        Spelling of the result index.
    expected : "mainland", "all", None or list
        Provinces that ``outcome`` must cover (see :func:`align_provinces`).

    Returns
    -------
    CompetitionPressure

    Examples
    --------
    >>> import pandas as pd
    >>> from indicators import competition_pressure
    >>> P = pd.Series({"Shanghai": 0.9, "Jiangsu": 0.6, "Zhejiang": 0.8, "Anhui": 0.5})
    >>> r = competition_pressure(P, island_links="none", expected=None)
    >>> r.values.round(3).to_dict()
    {'Shanghai': 0.0, 'Jiangsu': 0.25, 'Zhejiang': 0.1, 'Anhui': 0.2}
    """
    if not isinstance(outcome, pd.Series):
        raise IndicatorTypeError(f"outcome must be a pandas Series indexed by province, got {type(outcome).__name__}")
    if adjacency is None:
        links = _island_options(island_links)
    else:
        links = ("custom table",)
    pairs = _resolve_pairs(adjacency, island_links)
    p = align_provinces(outcome, label="adcode", expected=expected, name="outcome")
    values = pd.to_numeric(p, errors="coerce")
    bad = values.isna() | ~np.isfinite(values)
    if bad.any():
        names = ", ".join(get_province(c).name_en for c in values.index[bad])
        raise IndicatorInputError(f"outcome has missing or non-numeric values for: {names}")
    present = set(values.index)
    nbrs = {c: [] for c in values.index}
    for a, b in pairs:
        if a in present and b in present:
            nbrs[a].append(b)
            nbrs[b].append(a)
    r, m, n, better = {}, {}, {}, {}
    for o in values.index:
        ups = sorted(i for i in nbrs[o] if values[i] > values[o])
        r[o] = float(sum(values[i] - values[o] for i in ups) / len(ups)) if ups else 0.0
        m[o], n[o], better[o] = len(ups), len(nbrs[o]), ups

    def lab(code):
        return get_province(code).label(label)

    index = pd.Index([lab(c) for c in values.index], name="province")
    return CompetitionPressure(
        values=pd.Series(list(r.values()), index=index, name="R"),
        n_better=pd.Series(list(m.values()), index=index, name="m_better"),
        n_neighbours=pd.Series(list(n.values()), index=index, name="n_neighbours"),
        better_neighbours={lab(o): [lab(i) for i in v] for o, v in better.items()},
        island_links=links,
    )
