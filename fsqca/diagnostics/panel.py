"""Cluster (panel) diagnostics: pooled, between and within consistency (SetMethods' ``cluster``).

A panel pools the same units (provinces) over several clusters (years, or regions): a solution
that fits the pooled data may hold in some years and not in others, or for some units only.
SetMethods' ``cluster(data, results, outcome, unit_id, cluster_id, necessity, wicons = TRUE)``
(Garcia-Castro & Arino 2016; Oana, Schneider & Thomann 2021, ch. 6) reports, for the solution
and for each of its terms:

- **pooled** consistency and coverage over all rows;
- **between** consistency and coverage per cluster ``t``, from the cells ``X[u, t]`` and
  ``Y[u, t]`` (the sums of the memberships of unit ``u`` in cluster ``t``; a missing
  unit-cluster pair is 0): ``incl_t = R(sum_u min(X[u,t], Y[u,t]), sum_u X[u,t])``, ``cov_t =
  R(same, sum_u Y[u,t])``;
- **within** consistency and coverage per unit ``u``, the same summed over the clusters;
- the **distances** of the between and within consistencies from the pooled value:
  ``sqrt(sum_t ((b_t + s)/(sum b + s) - 1/J)^2)`` over the ``J`` between (or ``N`` within)
  values ``b_t``.

Here ``R(a, b) = (a + s) / (b + s)`` with ``s = 1e-10``, as in SetMethods: a zero denominator
gives ``R(0, 0) = 1`` (a unit with no membership in a term has within consistency 1; a cluster
where the outcome is 0 throughout has between coverage 1), and the ``s`` terms shift ordinary
values by up to ``1e-10 / denominator``; both are kept so that the numbers agree with R, and
every zero denominator is named in the notes. With ``necessity=True`` the denominators swap:
consistency divides by the outcome, coverage by the membership.

Each unit-cluster pair must occur once: SetMethods would silently add duplicate rows before
taking the minimum, which changes every value, so duplicates raise an error here.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from libdigigov.results import Result

from .._validate import QCAInputError, membership_matrix, resolve_columns, split_outcome, suggest
from ..expression import Term, expression_membership, format_term, parse_expression, term_membership

__all__ = ["Cluster", "cluster", "SHIFT"]

#: SetMethods' small constant: ``(a + s) / (b + s)`` for every ratio.
SHIFT = 1e-10


def _label(value) -> str:
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return str(value)


def _r(a, b):
    return (np.asarray(a, dtype=float) + SHIFT) / (np.asarray(b, dtype=float) + SHIFT)


def _distance(values: np.ndarray) -> float:
    values = np.asarray(values, dtype=float)
    return float(math.sqrt(np.sum(((values + SHIFT) / (values.sum() + SHIFT) - 1.0 / len(values)) ** 2)))


@dataclass(frozen=True, eq=False)
class Cluster(Result):
    """Pooled, between-cluster and within-unit fit of a solution and its terms.

    ``to_frame()`` is tidy: one row per (term, level, label) with level ``"pooled"``,
    ``"between"`` (label: the cluster) or ``"within"`` (label: the unit), ``n`` (rows), ``incl``
    and ``cov``. :meth:`distances` gives the two distances per term, :meth:`between_frame` and
    :meth:`within_frame` the wide tables (clusters or units by terms), :meth:`plot_between` the
    chart of between consistency by cluster.
    """

    table: pd.DataFrame = field(repr=False)
    distance_table: pd.DataFrame = field(repr=False)
    expression: str
    outcome: str
    unit: str
    cluster_col: str
    necessity: bool
    zero_denominators: tuple[str, ...] = ()
    balanced: bool = True

    _title = "Cluster diagnostics (SetMethods' cluster)"

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def distances(self) -> pd.DataFrame:
        """One row per term: ``dist_between`` and ``dist_within``."""
        return self.distance_table.copy()

    def _wide(self, level: str, what: str) -> pd.DataFrame:
        part = self.table[self.table["level"] == level]
        wide = part.pivot(index="label", columns="term", values=what)
        terms = list(dict.fromkeys(self.table["term"]))
        wide = wide.loc[list(dict.fromkeys(part["label"])), terms]
        wide.index.name = self.cluster_col if level == "between" else self.unit
        wide.columns.name = None
        return wide

    def between_frame(self, what: str = "incl") -> pd.DataFrame:
        """Clusters by terms (``"solution"`` first): between consistency (or ``what="cov"``)."""
        return self._wide("between", what)

    def within_frame(self, what: str = "incl") -> pd.DataFrame:
        """Units by terms (``"solution"`` first): within consistency (or ``what="cov"``)."""
        return self._wide("within", what)

    def plot_between(self, ax=None, lang: str = "en", terms=None):
        """Line chart of between consistency by cluster, the pooled value dashed.

        Returns the matplotlib Axes. ``lang="zh"`` labels the chart in Chinese (CJK font from
        :mod:`libdigigov.fonts`).
        """
        import matplotlib.pyplot as plt

        from libdigigov.fonts import cjk_family_for

        if lang not in ("en", "zh"):
            raise QCAInputError(f"lang must be 'en' or 'zh', got {lang!r}")
        wide = self.between_frame()
        terms = list(wide.columns) if terms is None else list(terms)
        if ax is None:
            _, ax = plt.subplots(figsize=(7, 4))
        family = cjk_family_for(lang)
        font = {"family": family} if family else {}
        pooled = self.table[self.table["level"] == "pooled"].set_index("term")["incl"]
        xs = np.arange(len(wide))
        for i, term in enumerate(terms):
            line, = ax.plot(xs, wide[term].to_numpy(), marker="o", label=term, lw=2.2 if term == "solution" else 1.2)
            ax.axhline(pooled[term], color=line.get_color(), ls="--", lw=0.8)
        ax.set_xticks(xs, [str(v) for v in wide.index])
        word = "necessity" if self.necessity else "sufficiency"
        if lang == "zh":
            ax.set_ylabel("组间一致性" + ("（必要性）" if self.necessity else "（充分性）"), **font)
            ax.set_xlabel(self.cluster_col, **font)
            ax.set_title(f"{self.outcome}：各组一致性（虚线为合并值）", **font)
        else:
            ax.set_ylabel(f"between consistency ({word})")
            ax.set_xlabel(self.cluster_col)
            ax.set_title(f"{self.outcome}: consistency by {self.cluster_col} (dashed: pooled)")
        ax.set_ylim(0, 1.05)
        ax.legend(fontsize=8, prop=font or None)
        return ax

    def _header(self) -> list[str]:
        return [f"{self.expression} -> {self.outcome} ({'necessity' if self.necessity else 'sufficiency'}); "
                f"units: {self.unit}, clusters: {self.cluster_col}"
                + ("" if self.balanced else " (unbalanced panel: missing unit-cluster pairs count as 0)")]

    def _notes(self) -> list[str]:
        notes = [f"{r.term}: distance of the between consistencies {r.dist_between:.3f}, of the within "
                 f"consistencies {r.dist_within:.3f}" for r in self.distance_table.itertuples()]
        notes.append("every ratio is (a + 1e-10) / (b + 1e-10), as SetMethods computes it: a zero denominator gives 1")
        notes += list(self.zero_denominators)
        return notes

    def _dict(self) -> dict:
        terms = []
        dist = self.distance_table.set_index("term")
        for term, part in self.table.groupby("term", sort=False):
            pooled = part[part["level"] == "pooled"].iloc[0]
            entry = {"term": term, "pooled": {"n": int(pooled["n"]), "incl": pooled["incl"], "cov": pooled["cov"]}}
            for level, key in (("between", "cluster"), ("within", "unit")):
                entry[level] = [{key: r.label, "n": int(r.n), "incl": r.incl, "cov": r.cov}
                                for r in part[part["level"] == level].itertuples()]
            entry["dist_between"] = float(dist.loc[term, "dist_between"])
            entry["dist_within"] = float(dist.loc[term, "dist_within"])
            terms.append(entry)
        return {"expression": self.expression, "outcome": self.outcome, "unit": self.unit,
                "cluster": self.cluster_col, "necessity": self.necessity, "balanced": self.balanced,
                "terms": terms}


def _check_panel(data: pd.DataFrame, unit: str, cluster_col: str) -> None:
    for role, col in (("unit", unit), ("cluster", cluster_col)):
        if col not in data.columns:
            raise QCAInputError(f"{role} column {col!r} is not in the data{suggest(col, data.columns)}")
        missing = data[col].isna()
        if missing.any():
            raise QCAInputError(f"{role} column {col!r} has missing values in case(s) "
                                f"{', '.join(map(str, data.index[missing][:5]))}")
    if unit == cluster_col:
        raise QCAInputError(f"unit and cluster are the same column {unit!r}")
    dup = data.duplicated([unit, cluster_col], keep=False)
    if dup.any():
        pairs = data.loc[dup, [unit, cluster_col]].drop_duplicates()
        shown = ", ".join(f"({_label(u)}, {_label(c)})" for u, c in pairs.head(5).itertuples(index=False))
        raise QCAInputError(
            f"duplicate {unit}-{cluster_col} pair(s): {shown}{' ...' if len(pairs) > 5 else ''}; each unit may "
            "occur once per cluster (SetMethods would add the duplicate rows together before taking the minimum)")


def cluster(
    data: pd.DataFrame,
    expression: str,
    outcome: str,
    unit: str,
    cluster: str,
    *,
    necessity: bool = False,
    case_col: str | None = None,
) -> Cluster:
    """Pooled, between-cluster and within-unit consistency and coverage (SetMethods' ``cluster``).

    Parameters
    ----------
    data : DataFrame
        Long panel data: one row per unit and cluster (e.g. province-year), with memberships.
    expression : str
        The solution as a sum of products, e.g. ``"A*B + ~C"``; each product is also reported.
    outcome : str
        Outcome column, ``"~Y"`` for its negation.
    unit, cluster : str
        Columns identifying the unit (e.g. province) and the cluster (e.g. year or region).
    necessity : bool
        Necessity instead of sufficiency (consistency divides by the outcome).

    Returns
    -------
    Cluster

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"unit": ["a", "b", "a", "b"], "year": [2020, 2020, 2021, 2021],
    ...                    "A": [0.8, 0.3, 0.9, 0.2], "Y": [0.9, 0.4, 0.6, 0.1]})
    >>> res = cluster(df, "A", "Y", "unit", "year")
    >>> res.between_frame().round(3)
          solution      A
    year
    2020     1.000  1.000
    2021     0.636  0.636
    """
    name, negated = split_outcome(outcome)
    if case_col is not None:
        data = data.set_index(case_col)
    if not isinstance(data, pd.DataFrame):
        raise QCAInputError(f"data must be a pandas DataFrame, got {type(data).__name__}")
    _check_panel(data, unit, cluster)
    everything = [c for c in data.columns if c not in (name, unit, cluster)]
    terms = parse_expression(expression, everything)
    conds = resolve_columns(data, name, list(dict.fromkeys(n for t in terms for n, _ in t)))
    frame = data.reset_index(drop=True)
    members = pd.DataFrame(membership_matrix(frame, conds, allow_constant=True), columns=conds)
    y = membership_matrix(frame, [name], allow_constant=True)[:, 0]
    y = 1.0 - y if negated else y

    units = list(dict.fromkeys(frame[unit]))
    clusters = sorted(dict.fromkeys(frame[cluster]), key=lambda v: (isinstance(v, str), v))
    ui = frame[unit].map({u: i for i, u in enumerate(units)}).to_numpy()
    ci = frame[cluster].map({c: i for i, c in enumerate(clusters)}).to_numpy()
    n_cell = np.zeros((len(units), len(clusters)), dtype=int)
    np.add.at(n_cell, (ui, ci), 1)
    ycell = np.zeros(n_cell.shape)
    np.add.at(ycell, (ui, ci), y)

    entries: list[tuple[str, tuple[Term, ...]]] = [("solution", terms)] + [(format_term(t), (t,)) for t in terms]
    records, dists, zeros = [], [], []
    label = "~" if negated else ""
    for term_name, term_set in entries:
        x = expression_membership(term_set, members) if len(term_set) > 1 else term_membership(term_set[0], members)
        xcell = np.zeros(n_cell.shape)
        np.add.at(xcell, (ui, ci), x)
        both = np.minimum(xcell, ycell)
        pooled_both = np.minimum(x, y).sum()
        sums = {"pooled": (pooled_both, x.sum(), y.sum()),
                "between": (both.sum(axis=0), xcell.sum(axis=0), ycell.sum(axis=0)),
                "within": (both.sum(axis=1), xcell.sum(axis=1), ycell.sum(axis=1))}
        labels = {"pooled": ["pooled"], "between": [_label(c) for c in clusters], "within": [_label(u) for u in units]}
        counts = {"pooled": [len(x)], "between": n_cell.sum(axis=0), "within": n_cell.sum(axis=1)}
        incl_of = {}
        for level, (num, sx, sy) in sums.items():
            incl_den, cov_den = (sy, sx) if necessity else (sx, sy)
            incl, cov = np.atleast_1d(_r(num, incl_den)), np.atleast_1d(_r(num, cov_den))
            incl_of[level] = incl
            for lab, n, a, b, d_i, d_c in zip(labels[level], counts[level], incl, cov,
                                              np.atleast_1d(incl_den), np.atleast_1d(cov_den)):
                records.append({"term": term_name, "level": level, "label": lab, "n": int(n),
                                "incl": float(a), "cov": float(b)})
                for what, den in (("consistency", d_i), ("coverage", d_c)):
                    if den == 0:
                        where = "pooled" if level == "pooled" else f"{level} {lab}"
                        zeros.append(f"{term_name}, {where}: zero denominator for {what} "
                                     f"(no membership in the {'outcome' if (what == 'consistency') == necessity else 'term'}); "
                                     "R reports 1")
        dists.append({"term": term_name, "dist_between": _distance(incl_of["between"]),
                      "dist_within": _distance(incl_of["within"])})
    table = pd.DataFrame(records, columns=["term", "level", "label", "n", "incl", "cov"])
    return Cluster(table, pd.DataFrame(dists), " + ".join(format_term(t) for t in terms),
                   label + name, unit, cluster, bool(necessity), tuple(zeros), bool((n_cell > 0).all()))
