"""Necessity of combinations: conjunctions and disjunctions of literals (R's ``superSubset``).

R's ``QCA::superSubset(data, outcome, conditions, relation = "necessity", incl.cut, cov.cut,
ron.cut, depth)`` searches, level by level, every set of ``L`` distinct conditions with every
choice of sign per condition, and tests two expressions of those ``L`` literals as necessary
for the outcome: their conjunction (minimum) and their disjunction (maximum, a SUIN
condition). Fit is R's ``inclN``, ``RoN`` and ``covN`` (see :mod:`fsqca.measures`), with
``0/0`` counted as 0.

The search, exactly as R runs it:

- a candidate passes when ``inclN >= incl_cut - eps`` and ``covN >= cov_cut - eps`` with
  ``eps = sqrt(machine epsilon)`` (about 1.49e-8);
- a passing conjunction is always listed (R never prunes conjunctions, although its manual
  speaks of removing redundant supersets);
- only when the conjunction fails is the disjunction of the same literals tried; it is listed
  if it passes and no expression listed at a *lower* level has all of its literals among the
  disjunction's literals (expressions of one level never prune each other);
- levels 1 to 3 are always searched; from level 4 on, once anything has been listed, the search
  stops after the first level that lists nothing new (``depth`` caps the levels);
- ``ron_cut`` then filters the list (``RoN >= ron_cut``, compared exactly); it plays no part in
  the pruning or in the stop rule.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations, product

import numpy as np
import pandas as pd

from libdigigov.results import Result

from .._validate import QCAInputError, check_unit_interval, membership_matrix, resolve_columns, split_outcome
from ..truthtable import TOLERANCE

__all__ = ["NecessityCombinations", "necessity_combinations"]


def _ratio0(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """``num / den`` with R's superSubset rule: ``0/0`` is 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        out = num / den
    return np.where((num == 0) & (den == 0), 0.0, out)


@dataclass(frozen=True, eq=False)
class NecessityCombinations(Result):
    """Necessary conjunctions and disjunctions of literals (R's ``superSubset``).

    Attributes
    ----------
    table : DataFrame
        One row per listed expression, in R's order (conjunctions first, then disjunctions,
        each in search order): ``expression``, ``type`` ("conjunction" or "disjunction"),
        ``level`` (number of literals), ``inclN``, ``RoN``, ``covN``.
    memberships : DataFrame
        Membership of every case in every listed expression (R's ``coms``).
    levels_searched : int
        The deepest level the search reached (the stop rule may end it before ``depth``).
    n_before_ron_cut : int
        Expressions that passed ``incl_cut`` and ``cov_cut`` before the ``ron_cut`` filter.
    """

    table: pd.DataFrame = field(repr=False)
    memberships: pd.DataFrame = field(repr=False)
    outcome: str
    conditions: tuple[str, ...]
    incl_cut: float
    cov_cut: float
    ron_cut: float
    depth: int
    levels_searched: int
    n_before_ron_cut: int

    _title = "Necessity of combinations (R's superSubset)"

    def to_frame(self) -> pd.DataFrame:
        """The listed expressions: expression, type, level, inclN, RoN, covN."""
        return self.table.copy()

    def _header(self) -> list[str]:
        return [f"outcome {self.outcome}; conditions {', '.join(self.conditions)}",
                f"incl_cut {self.incl_cut:g}, cov_cut {self.cov_cut:g}, ron_cut {self.ron_cut:g}, "
                f"depth {self.depth}"]

    def _notes(self) -> list[str]:
        notes = [f"levels searched: 1 to {self.levels_searched} of {self.depth} (R's stop rule: from level 4 "
                 "on, the search ends after the first level that adds nothing)",
                 "conjunctions are never pruned (as in R); a disjunction is dropped when an expression of a "
                 "lower level has all its literals among the disjunction's literals"]
        if self.n_before_ron_cut != len(self.table):
            notes.append(f"ron_cut {self.ron_cut:g} removed {self.n_before_ron_cut - len(self.table)} of "
                         f"{self.n_before_ron_cut} expressions")
        if self.table.empty:
            notes.append("no expression passes the cut-offs (R's superSubset stops with an error here)")
        return notes

    def _dict(self) -> dict:
        return {"outcome": self.outcome, "conditions": list(self.conditions),
                "incl_cut": self.incl_cut, "cov_cut": self.cov_cut, "ron_cut": self.ron_cut,
                "depth": self.depth, "levels_searched": self.levels_searched,
                "n_before_ron_cut": self.n_before_ron_cut,
                "expressions": self.table.to_dict(orient="records")}


def _level(x: np.ndarray, y: np.ndarray, subset: tuple[int, ...]):
    """Fit of the conjunction and the disjunction of every signing of ``subset``.

    Signs run as a truth table over the subset, first condition slowest (0 = negated).
    Returns the sign matrix, the conjunction and disjunction memberships (signs x cases)
    and their (inclN, RoN, covN).
    """
    signs = np.array(list(product((0, 1), repeat=len(subset))), dtype=bool)       # (S, L)
    conj = disj = None
    for j, c in enumerate(subset):      # running min / max: no (signs, cases, literals) array
        lit = np.where(signs[:, j:j + 1], x[None, :, c], 1.0 - x[None, :, c])         # (S, n)
        conj = lit if conj is None else np.minimum(conj, lit)
        disj = lit if disj is None else np.maximum(disj, lit)
    fits = []
    for member in (conj, disj):
        both = np.minimum(member, y[None, :])
        s_both = both.sum(axis=1)
        fits.append((member,
                     _ratio0(s_both, np.full_like(s_both, y.sum())),
                     _ratio0((1.0 - member).sum(axis=1), (1.0 - both).sum(axis=1)),
                     _ratio0(s_both, member.sum(axis=1))))
    return signs, fits[0], fits[1]


def necessity_combinations(
    data: pd.DataFrame,
    outcome: str,
    conditions: Sequence[str] | str | None = None,
    *,
    incl_cut: float = 1.0,
    cov_cut: float = 0.0,
    ron_cut: float = 0.0,
    depth: int | None = None,
    case_col: str | None = None,
) -> NecessityCombinations:
    """Necessary conjunctions and disjunctions of literals, as R's ``superSubset`` lists them.

    Parameters
    ----------
    data : DataFrame
        Calibrated memberships, one row per case.
    outcome : str
        Outcome column, ``"~Y"`` for its negation.
    conditions : list of str, optional
        Defaults to every other column.
    incl_cut, cov_cut, ron_cut : float
        Minimum ``inclN``, ``covN`` and ``RoN`` (R's defaults 1, 0, 0).
    depth : int, optional
        Largest number of literals in an expression (default: all conditions).

    Returns
    -------
    NecessityCombinations

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"A": [0.9, 0.8, 0.3, 0.1, 0.7], "B": [0.2, 0.7, 0.9, 0.8, 0.1],
    ...                    "Y": [0.8, 0.7, 0.8, 0.2, 0.1]})
    >>> res = necessity_combinations(df, "Y", ["A", "B"], incl_cut=0.9)
    >>> res.to_frame()[["expression", "type", "inclN"]].round(3)
      expression         type  inclN
    0      A + B  disjunction    1.0
    """
    name, negated = split_outcome(outcome)
    if case_col is not None:
        data = data.set_index(case_col)
    conds = resolve_columns(data, name, conditions)
    incl_cut = check_unit_interval("incl_cut", incl_cut)
    cov_cut = check_unit_interval("cov_cut", cov_cut)
    ron_cut = float(ron_cut)
    if not 0 <= ron_cut <= 1:
        raise QCAInputError(f"ron_cut must be in [0, 1], got {ron_cut!r}")
    k = len(conds)
    if depth is None:
        depth = k
    if int(depth) != depth or depth < 1:
        raise QCAInputError(f"depth must be a whole number of at least 1, got {depth!r}")
    depth = min(int(depth), k)
    x = membership_matrix(data, conds, allow_constant=True)
    y = membership_matrix(data, [name], allow_constant=True)[:, 0]
    if negated:
        y = 1.0 - y
    ic = incl_cut - TOLERANCE
    cc = cov_cut - TOLERANCE if cov_cut > 0 else cov_cut

    # a literal set is a bit mask: bit 2j + v for condition j with sign v (1 present, 0 negated)
    conj: list[tuple] = []      # (mask, level, inclN, RoN, covN, membership)
    disj: list[tuple] = []
    earlier = np.empty(0, dtype=np.int64)   # masks listed at lower levels
    level = 0
    for level in range(1, depth + 1):
        listed_before = len(conj) + len(disj)
        this_level: list[int] = []
        for subset in combinations(range(k), level):
            signs, (cmem, cinc, cron, ccov), (dmem, dinc, dron, dcov) = _level(x, y, subset)
            c_ok = (cinc >= ic) & (ccov >= cc)
            d_ok = ~c_ok & (dinc >= ic) & (dcov >= cc)
            for s in np.flatnonzero(c_ok | d_ok):
                mask = sum(1 << (2 * j + int(v)) for j, v in zip(subset, signs[s]))
                if c_ok[s]:
                    conj.append((mask, level, cinc[s], cron[s], ccov[s], cmem[s]))
                elif not np.any((earlier & mask) == earlier):
                    disj.append((mask, level, dinc[s], dron[s], dcov[s], dmem[s]))
                else:
                    continue
                this_level.append(mask)
        earlier = np.concatenate([earlier, np.array(this_level, dtype=np.int64)])
        if level > 3 and listed_before > 0 and not this_level:
            break

    def text(mask: int, sep: str) -> str:
        return sep.join(("" if v else "~") + conds[j] for j in range(k) for v in (0, 1) if mask >> (2 * j + v) & 1)

    rows, members = [], {}
    for kind, items, sep in (("conjunction", conj, "*"), ("disjunction", disj, " + ")):
        for lits, lev, inc, ron, cov, mem in items:
            if ron < ron_cut:
                continue
            expr = text(lits, sep)
            rows.append({"expression": expr, "type": kind, "level": lev, "inclN": float(inc),
                         "RoN": float(ron), "covN": float(cov)})
            members[expr] = mem
    table = pd.DataFrame(rows, columns=["expression", "type", "level", "inclN", "RoN", "covN"])
    memberships = pd.DataFrame(members, index=data.index)
    return NecessityCombinations(table, memberships, ("~" if negated else "") + name, tuple(conds),
                                 incl_cut, cov_cut, ron_cut, depth, level, len(conj) + len(disj))
