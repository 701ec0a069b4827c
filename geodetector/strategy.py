"""Strategy ranking inside a QCA configuration, as the study does.

A configuration has core conditions (present in the parsimonious and intermediate solutions)
and auxiliary (peripheral) ones.  Auxiliaries are ranked by how much of the outcome the core
explains together with them, q(core ∩ auxiliary); and for each core condition the strongest
interaction available with any condition (its "q_max") says which condition it should be paired
with.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ._results import ResultMixin
from ._source import make_source


@dataclass(frozen=True)
class StrategyResult(ResultMixin):
    """Result of :func:`strategy_ranking`.

    ``table`` ranks the auxiliaries: ``rank, auxiliary, q_core_aux`` (q of all core
    conditions crossed with the auxiliary), ``q_pair_max, q_pair_mean`` (over the core
    conditions c of q(c ∩ auxiliary)) and ``gain`` (``q_core_aux - q_core``).  ``pairs`` is
    the core x auxiliary matrix of q(core_i ∩ auxiliary_j); ``q_max`` has per core
    condition the ``partner`` with the largest q(core_i ∩ partner) among all conditions,
    that ``q`` and the partner's ``role``.
    """

    y: str
    n: int
    core: tuple
    auxiliary: tuple
    q_core: float
    table: pd.DataFrame = field(repr=False)
    pairs: pd.DataFrame = field(repr=False)
    q_max: pd.DataFrame = field(repr=False)
    name: str = ""
    rank_by: str = "cross"
    _title = "Strategy ranking: auxiliary conditions by q(core ∩ auxiliary)"

    def _header(self):
        head = [f"configuration: {self.name}"] if self.name else []
        return head + [f"outcome: {self.y}   observations: {self.n}   ranked by: "
                       f"{self.rank_by}",
                       f"core: {' ∩ '.join(self.core)}   q(core) = {self.q_core:.4f}"]

    @property
    def order(self) -> list:
        """Auxiliary conditions, strongest first."""
        return list(self.table["auxiliary"])

    def summary(self) -> str:
        qmax = self.q_max.to_string(index=False, float_format=lambda v: f"{v:.4f}")
        return super().summary() + "\n\nstrongest interaction of each core condition\n" + qmax


RANK_BY = ("cross", "max", "mean")


def strategy_ranking(data, y, core, auxiliary, *, conditions=None, name="", rank_by="cross"):
    """Rank a configuration's auxiliary conditions by q(core ∩ auxiliary).

    Parameters
    ----------
    data : pandas.DataFrame or dask.dataframe.DataFrame
        Outcome and discretised conditions.
    y : str
    core : list of str
        Core conditions of the configuration; ``core ∩ auxiliary`` crosses all of them with
        the auxiliary condition.
    auxiliary : list of str
        Auxiliary (peripheral) conditions to rank.
    conditions : list of str, optional
        Conditions searched for each core condition's strongest partner (q_max); by default
        ``core + auxiliary``.  Pass every condition of the study to also find partners that
        the configuration lacks.
    name : str
        Label of the configuration, used in summaries and plots.
    rank_by : {"cross", "max", "mean"}
        Score of an auxiliary ``a``: ``"cross"`` (default) is q of all core conditions crossed
        with ``a``; ``"max"`` / ``"mean"`` are the largest / mean pairwise q(c ∩ a) over the
        core conditions ``c`` (the same thing when there is one core condition).

    Returns
    -------
    StrategyResult

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"y": [1., 2, 3, 4, 5, 6, 7, 9],
    ...                    "G": [1, 1, 1, 1, 2, 2, 2, 2], "B": [1, 1, 2, 2, 1, 1, 2, 2],
    ...                    "T": [1, 2, 1, 2, 1, 2, 1, 2]})
    >>> res = strategy_ranking(df, "y", core=["G"], auxiliary=["T", "B"])
    >>> res.order
    ['B', 'T']
    """
    core = [core] if isinstance(core, str) else list(core)
    auxiliary = [auxiliary] if isinstance(auxiliary, str) else list(auxiliary)
    if not core or not auxiliary:
        raise ValueError("a configuration needs at least one core and one auxiliary condition")
    if rank_by not in RANK_BY:
        raise ValueError(f"rank_by must be one of {RANK_BY}, got {rank_by!r}")
    overlap = set(core) & set(auxiliary)
    if overlap:
        raise ValueError(f"condition(s) {sorted(overlap)} are both core and auxiliary")
    conditions = list(dict.fromkeys([*core, *auxiliary, *(conditions or [])]))
    source = make_source(data, y, conditions)
    source.prefetch([tuple(core), *[(*core, a) for a in auxiliary],
                     *[(c, other) for c in core for other in conditions if other != c]])
    q = lambda names: source.strata(tuple(names), False).q  # noqa: E731
    q_core = q(core)
    pairs = pd.DataFrame({a: [q([c, a]) for c in core] for a in auxiliary}, index=core)
    table = pd.DataFrame({"auxiliary": auxiliary,
                          "q_core_aux": [q([*core, a]) for a in auxiliary],
                          "q_pair_max": pairs.max().to_numpy(),
                          "q_pair_mean": pairs.mean().to_numpy()})
    table["gain"] = table["q_core_aux"] - q_core
    score = {"cross": "q_core_aux", "max": "q_pair_max", "mean": "q_pair_mean"}[rank_by]
    table = table.sort_values(score, ascending=False, kind="stable")
    table.insert(0, "rank", range(1, len(table) + 1))
    best = []
    for c in core:
        cands = [(q([c, other]), other) for other in conditions if other != c]
        top_q, partner = max(cands, key=lambda t: t[0])
        role = "core" if partner in core else "auxiliary" if partner in auxiliary else "other"
        best.append({"core": c, "q": q([c]), "partner": partner, "q_max": top_q,
                     "role": role})
    return StrategyResult(y, source.n, tuple(core), tuple(auxiliary), q_core,
                          table.reset_index(drop=True), pairs, pd.DataFrame(best), name,
                          rank_by)
