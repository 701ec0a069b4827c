"""Strategy ranking inside a QCA configuration, as the study does.

A configuration has core conditions (present in the parsimonious and intermediate solutions)
and auxiliary (peripheral) ones.  Auxiliaries are ranked by how much of the outcome the core
explains together with them, q(core ∩ auxiliary); and for each core condition the strongest
interaction available with any condition (its "q_max") says which condition it should be paired
with.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ._results import ResultMixin
from ._source import PandasSource, make_source
from .inference import (
    AUTO_MAX_N,
    DEFAULT_N_BOOT,
    DEFAULT_N_PERM,
    bootstrap_q,
    check_alpha,
    check_permutations,
    compact_codes,
    enhancement_from_codes,
    generator,
    rank_support,
    resolve_resamples,
)
from .errors import GeodetectorError


@dataclass(frozen=True)
class StrategyResult(ResultMixin):
    """Result of :func:`strategy_ranking`; :meth:`strongest` names the strongest strategy.

    ``table`` ranks the auxiliaries: ``rank, auxiliary, q_core_aux`` (q of all core
    conditions crossed with the auxiliary), ``q_pair_max, q_pair_mean`` (over the core
    conditions c of q(c ∩ auxiliary)) and ``gain`` (``q_core_aux - q_core``).  ``pairs`` is
    the core x auxiliary matrix of q(core_i ∩ auxiliary_j); ``q_max`` has per core
    condition the ``partner`` with the largest q(core_i ∩ partner) among all conditions,
    that ``q`` and the partner's ``role``.

    Inference (NaN when not run): ``p_value`` tests H0: q(core ∩ auxiliary) <= max(q(core),
    q(auxiliary)) by permutation (as the interaction detector does); ``p_first`` is the
    bootstrap probability that the auxiliary ranks first and ``support_next`` how often it
    outscores the next one in the order.  ``rank_probs`` (tidy: ``auxiliary, rank,
    probability``) is the bootstrap distribution of each auxiliary's rank.
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
    rank_probs: pd.DataFrame = field(default=None, repr=False)
    n_perm: int = 0
    n_boot: int = 0
    alpha: float = 0.05
    seed: object = 0
    n_boot_used: int = 0
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
        text, sep, notes = super().summary().partition("\n\nNote: ")
        return (text + "\n\nstrongest interaction of each core condition\n" + qmax
                + sep + notes)

    def _notes(self):
        notes = []
        if self.n_perm:
            notes.append(f"p_value: permutation test ({self.n_perm} permutations, alpha "
                         f"{self.alpha:g}, seed {self.seed}) of H0: q(core ∩ auxiliary) <= "
                         f"max(q(core), q(auxiliary)), as in the interaction detector")
        if self.n_boot:
            notes.append(f"p_first, support_next, rank_probs: {self.n_boot} bootstrap "
                         f"resamples of the units (seed {self.seed}; {self.n_boot_used} with a "
                         f"non-constant outcome used); ranks by '{self.rank_by}', ties share "
                         f"the better rank and count one half in support_next. Resampled q is "
                         f"biased upwards, so read these as the stability of the order, not "
                         f"as q")
        if not (self.n_perm and self.n_boot):
            notes.append(f"resampling not run for p_value / p_first (n_perm or n_boot = 0; by "
                         f"default they run on in-memory data of at most {AUTO_MAX_N} rows)")
        return notes

    def strongest(self) -> "StrongestStrategy":
        """The strongest auxiliary by the one rule of this result, with its support.

        The rule is the ranking itself: rank 1 by the score named by ``rank_by`` (see
        :data:`RANK_RULES`). Every place that names a configuration's strongest strategy
        (findings, tables, the heatmap's frame, comparisons) takes it from here, so they
        cannot disagree.
        """
        return strongest_strategy(self)

    @classmethod
    def from_dict(cls, d: dict) -> "StrategyResult":
        """The result back from :meth:`to_dict` (e.g. read from a results file), to plot it again."""
        pairs = pd.DataFrame(d.get("pairs") or [])
        pairs = pairs.set_index("core") if "core" in pairs else pairs
        pairs.index.name = None
        probs = d.get("rank_probs")
        return cls(y=str(d.get("y", "")), n=int(d.get("n") or 0), core=tuple(d.get("core") or ()),
                   auxiliary=tuple(d.get("auxiliary") or ()), q_core=float(d.get("q_core", float("nan"))),
                   table=pd.DataFrame(d.get("table") or []), pairs=pairs.astype(float),
                   q_max=pd.DataFrame(d.get("q_max") or []), name=str(d.get("name", "")),
                   rank_by=d.get("rank_by", "cross"), rank_probs=None if probs is None else pd.DataFrame(probs),
                   n_perm=int(d.get("n_perm") or 0), n_boot=int(d.get("n_boot") or 0),
                   alpha=float(d.get("alpha", 0.05)), seed=d.get("seed", 0))

    def _dict(self):
        probs = None if self.rank_probs is None else self.rank_probs.to_dict(orient="records")
        return {"name": self.name, "y": self.y, "n": self.n, "core": list(self.core),
                "auxiliary": list(self.auxiliary), "q_core": self.q_core,
                "rank_by": self.rank_by, "n_perm": self.n_perm, "n_boot": self.n_boot,
                "alpha": self.alpha, "seed": self.seed,
                "table": self.table.to_dict(orient="records"),
                "pairs": self.pairs.reset_index(names="core").to_dict(orient="records"),
                "q_max": self.q_max.to_dict(orient="records"), "rank_probs": probs}


RANK_BY = ("cross", "max", "mean")
#: The score each ``rank_by`` ranks by: its column in ``table`` and the rule in words.
RANK_RULES = {
    "cross": ("q_core_aux", "rank 1 by q(all core conditions ∩ auxiliary)"),
    "max": ("q_pair_max", "rank 1 by the largest q(core condition ∩ auxiliary) over the core conditions"),
    "mean": ("q_pair_mean", "rank 1 by the mean of q(core condition ∩ auxiliary) over the core conditions"),
}


@dataclass(frozen=True)
class StrongestStrategy(ResultMixin):
    """A configuration's strongest strategy, the rule that names it and how well it is supported.

    ``verdict`` is one of:

    - ``"only"``: a single auxiliary condition, nothing to rank against;
    - ``"untested"``: the bootstrap was not run, so the order has no stated support;
    - ``"clear"``: it outscores the runner-up in at least ``1 - alpha`` of the bootstrap
      resamples (``support_next``);
    - ``"indistinct"``: it does not (not distinguishable from the runner-up at ``alpha``).

    ``enhancement_p`` is the permutation p-value of its enhancement over the core (H0:
    q(core ∩ a) <= max(q(core), q(a))), NaN when not run.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"y": [1., 2, 3, 4, 5, 6, 7, 9],
    ...                    "G": [1, 1, 1, 1, 2, 2, 2, 2], "B": [1, 1, 2, 2, 1, 1, 2, 2],
    ...                    "T": [1, 2, 1, 2, 1, 2, 1, 2]})
    >>> best = strategy_ranking(df, "y", core=["G"], auxiliary=["T", "B"]).strongest()
    >>> best.auxiliary, best.runner_up, best.verdict
    ('B', 'T', 'indistinct')
    """

    auxiliary: str
    score: float
    rank_by: str
    rule: str
    runner_up: str | None
    runner_up_score: float
    support_next: float
    p_first: float
    enhancement_p: float
    alpha: float
    verdict: str
    table: pd.DataFrame = field(repr=False, default=None)
    _title = "Strongest strategy"

    def statement(self) -> str:
        """The claim with its support, in one English sentence."""
        head = f"{self.auxiliary} (score {self.score:.3f}; {self.rule})"
        if self.verdict == "only":
            return f"{head}: the only auxiliary condition"
        if self.verdict == "untested":
            return f"{head}: ahead of {self.runner_up} ({self.runner_up_score:.3f}); support not computed"
        how = (f"ahead of {self.runner_up} ({self.runner_up_score:.3f}) in {self.support_next:.0%} "
               f"of bootstrap resamples")
        if self.verdict == "indistinct":
            how += f": not distinguishable from the runner-up at alpha = {self.alpha:g}"
        return f"{head}: {how}"

    def _dict(self):
        return {k: getattr(self, k) for k in ("auxiliary", "score", "rank_by", "rule", "runner_up",
                                              "runner_up_score", "support_next", "p_first",
                                              "enhancement_p", "alpha", "verdict")}


def strongest_strategy(result: "StrategyResult") -> StrongestStrategy:
    """See :meth:`StrategyResult.strongest`."""
    column, rule = RANK_RULES[result.rank_by]
    table = result.table.sort_values("rank", kind="stable")
    numeric = [c for c in (column, "support_next", "p_first", "p_value") if c in table]
    # a result read back from JSON holds null where resampling was not run
    table = table.assign(**{c: pd.to_numeric(table[c], errors="coerce") for c in numeric})
    first = table.iloc[0]
    nan = float("nan")
    second = table.iloc[1] if len(table) > 1 else None
    support = float(first.get("support_next", nan))
    if second is None:
        verdict = "only"
    elif not result.n_boot or not np.isfinite(support):
        verdict = "untested"
    else:
        verdict = "clear" if support >= 1 - result.alpha else "indistinct"
    row = table.iloc[[0]].reset_index(drop=True)
    return StrongestStrategy(
        str(first["auxiliary"]), float(first[column]), result.rank_by, rule,
        None if second is None else str(second["auxiliary"]),
        nan if second is None else float(second[column]), support,
        float(first.get("p_first", nan)), float(first.get("p_value", nan)), result.alpha, verdict, row)


def strategy_ranking(data, y, core, auxiliary, *, conditions=None, name="", rank_by="cross",
                     n_perm=None, n_boot=None, alpha=0.05, seed=0):
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
    n_perm : int, optional
        Permutations of the test of each auxiliary's enhancement over the core (``p_value``).
    n_boot : int, optional
        Bootstrap resamples of the units for ``p_first``, ``support_next`` and
        ``rank_probs``.  Both default to 999 / 1000 on in-memory data of at most 1000 rows and
        to 0 (not run) otherwise.
    alpha : float
        Level the permutation count is checked against (``n_perm >= 1/alpha - 1``).
    seed : int
        Seed of the permutations and of the bootstrap.

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
    >>> res.table[["auxiliary", "p_first", "support_next"]].round(2).values.tolist()
    [['B', 0.92, 0.91], ['T', 0.1, nan]]
    """
    core = [core] if isinstance(core, str) else list(core)
    auxiliary = [auxiliary] if isinstance(auxiliary, str) else list(auxiliary)
    if not core or not auxiliary:
        raise GeodetectorError("a configuration needs at least one core and one auxiliary condition")
    if rank_by not in RANK_BY:
        raise GeodetectorError(f"rank_by must be one of {RANK_BY}, got {rank_by!r}")
    alpha = check_alpha(alpha)
    overlap = set(core) & set(auxiliary)
    if overlap:
        raise GeodetectorError(f"condition(s) {sorted(overlap)} are both core and auxiliary")
    conditions = list(dict.fromkeys([*core, *auxiliary, *(conditions or [])]))
    source = make_source(data, y, conditions)
    in_memory = isinstance(source, PandasSource)
    n_perm = resolve_resamples(n_perm, source.n, in_memory, DEFAULT_N_PERM, "n_perm")
    n_boot = resolve_resamples(n_boot, source.n, in_memory, DEFAULT_N_BOOT, "n_boot")
    check_permutations(n_perm, alpha)
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
    table = table.reset_index(drop=True)
    rng, shown = generator(seed)
    probs, used = _resample(source, core, list(table["auxiliary"]), rank_by, table, n_perm,
                            n_boot, rng)
    return StrategyResult(y, source.n, tuple(core), tuple(auxiliary), q_core, table, pairs,
                          pd.DataFrame(best), name, rank_by, probs, n_perm, n_boot, alpha,
                          shown, used)


def _resample(source, core, order, rank_by, table, n_perm, n_boot, rng):
    """Fill ``p_value``, ``p_first`` and ``support_next`` of ``table`` (in place; NaN when
    not run) and return the tidy rank distribution and the bootstrap replicates used."""
    k = len(order)
    table["p_value"] = table["p_first"] = table["support_next"] = np.nan
    if not (n_perm or n_boot):
        return None, 0
    core_codes = compact_codes(source, core)
    yc = source.resp.yc
    if n_perm:
        table["p_value"] = [float(enhancement_from_codes(yc[None, :], core_codes,
                                                         compact_codes(source, [a]), n_perm,
                                                         rng)[0]) for a in order]
    if not n_boot:
        return None, 0
    if rank_by == "cross":
        qb = bootstrap_q(yc, [compact_codes(source, [*core, a]) for a in order], n_boot, rng)
    else:
        cells = [compact_codes(source, [c, a]) for a in order for c in core]
        qb = bootstrap_q(yc, cells, n_boot, rng).reshape(n_boot, k, len(core))
        qb = qb.max(axis=2) if rank_by == "max" else qb.mean(axis=2)
    probs, first, nxt, used = rank_support(qb)
    table["p_first"], table["support_next"] = first, nxt
    tidy = pd.DataFrame({"auxiliary": np.repeat(order, k), "rank": np.tile(np.arange(1, k + 1), k),
                         "probability": probs.reshape(-1)})
    return tidy, used
