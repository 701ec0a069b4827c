"""Truth tables from fuzzy-set (or crisp) memberships.

Each case belongs, with membership > 0.5, to at most one of the ``2**k`` corners of the
property space: its *configuration*. For every configuration observed in the data the table
gives (Ragin 2008, ch. 7; Dusa 2019, ch. 7):

- ``n``: the number of cases with membership > 0.5 in the configuration;
- ``incl``: sufficiency consistency ``sum(min(X, Y)) / sum(X)`` over *all* cases, where
  ``X`` is each case's membership in the configuration (the minimum over the conditions of
  ``x`` or ``1 - x``);
- ``PRI``: proportional reduction in inconsistency (see :mod:`fsqca.measures`);
- ``OUT``: ``"?"`` if ``n < n_cut``; else ``"1"`` if ``incl >= incl_cut`` and
  ``PRI >= pri_cut``; else ``"C"`` (contradiction) if a second, lower inclusion cut ``ic0``
  is given and ``ic0 <= incl < incl_cut``; else ``"0"``. Comparisons allow a tolerance of
  ``sqrt(machine epsilon)`` (about 1.5e-8), as R's ``QCA`` does.

Multi-value conditions (``multi_value=``) have levels ``0 .. max``; rows are then the
configurations of levels (see :mod:`fsqca.multivalue`). With ``inf_test="binom"`` the OUT of
crisp rows is decided by R's binomial test (see :mod:`fsqca.inference`).

Memberships of exactly 0.5 (R's ``QCA`` and fsQCA 3.0 agree here): such a case is recoded to
0 on that condition to place it in a configuration, but its membership in that
configuration is 0.5, not above 0.5, so it counts in no row's ``n`` and is in no row's case
list. Its configuration is still *observed* (listed with ``n = 0``, OUT ``"?"``). Use
``fsqca.calibrate(..., avoid_half=0.001)`` to move such memberships off 0.5 explicitly.
"""
from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from libdigigov.results import Result

from ._configs import _consistency, _distinct, _row_codes, config_memberships  # noqa: F401  (re-exported)
from .errors import QCAWarning
from .inference import binomial_test, check_crisp, parse_inf_test
from .multivalue import (case_digits, level_counts, multi_value_names, mv_codes, mv_consistency, mv_digits,
                         own_membership, split_outcome_levels, total_rows)
from ._validate import (
    QCAInputError,
    check_condition_count,
    check_unit_interval,
    membership_matrix,
    resolve_columns,
    split_outcome,
)

__all__ = ["TruthTable", "truth_table", "TOLERANCE"]

#: R's ``QCA`` compares fit values to cut-offs with this tolerance (``.Machine$double.eps^0.5``).
TOLERANCE = float(np.finfo(float).eps) ** 0.5


def _at_least(x: np.ndarray, cut: float) -> np.ndarray:
    return (x > cut) | (np.abs(x - cut) <= TOLERANCE)


@dataclass(frozen=True, eq=False)
class TruthTable(Result):
    """A truth table: observed configurations with n, consistency, PRI, OUT and cases.

    Build it with :func:`truth_table`. ``rows`` holds one row per observed configuration,
    indexed by R's row number (1-based; the first condition is the most significant bit).
    """

    conditions: tuple[str, ...]
    outcome: str
    negated: bool
    incl_cut: tuple[float, float | None]
    pri_cut: float
    n_cut: int
    memberships: pd.DataFrame = field(repr=False)
    rows: pd.DataFrame = field(repr=False)
    levels: tuple[int, ...] = ()                 # levels per condition (2 for crisp and fuzzy ones)
    inf_test: tuple[str, float] | None = None    # ("binom", alpha) when OUT came from R's binomial test
    outcome_levels: tuple[int, ...] | None = None  # outcome written Y[v]: the levels that count as 1

    @classmethod
    def _deferred(cls, conditions, outcome, negated, incl_cut, pri_cut, n_cut, arrays: "_Arrays",
                  inf_test=None, outcome_levels=None) -> "TruthTable":
        """A table whose ``memberships`` and ``rows`` frames are built from ``arrays`` on first use."""
        self = object.__new__(cls)
        for name, value in (("conditions", conditions), ("outcome", outcome), ("negated", negated),
                            ("incl_cut", incl_cut), ("pri_cut", pri_cut), ("n_cut", n_cut), ("_arrays", arrays),
                            ("levels", arrays.levels), ("inf_test", inf_test),
                            ("outcome_levels", outcome_levels)):
            object.__setattr__(self, name, value)
        return self

    def __getattr__(self, name: str):
        # only reached while a frame is not built yet (normal lookup failed)
        arrays = self.__dict__.get("_arrays")
        if arrays is not None and name in ("memberships", "rows"):
            value = arrays.memberships() if name == "memberships" else arrays.rows()
            object.__setattr__(self, name, value)
            return value
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    # ---- row sets used by minimisation (0-based row codes) ----------------------------
    @property
    def k(self) -> int:
        return len(self.conditions)

    @property
    def multi_value(self) -> bool:
        """Whether some condition has more than two levels (terms are then written ``A[v]``)."""
        return any(v > 2 for v in self.levels)

    @property
    def n_rows_total(self) -> int:
        """Number of possible configurations: ``2**k``, or the product of the levels."""
        return total_rows(self.levels)

    @property
    def outcome_label(self) -> str:
        label = self.outcome
        if self.outcome_levels is not None:
            label += "[" + ",".join(map(str, self.outcome_levels)) + "]"
        return ("~" if self.negated else "") + label

    def codes(self, out: str | Sequence[str]) -> np.ndarray:
        """0-based row codes of observed rows whose OUT is in ``out``."""
        wanted = [out] if isinstance(out, str) else list(out)
        arrays = self.__dict__.get("_arrays")
        if arrays is not None:
            sel = np.zeros(len(arrays.out), dtype=bool)
            for w in wanted:
                sel |= arrays.out == w
            return arrays.observed[sel]
        sel = self.rows["OUT"].isin(wanted)
        return (self.rows.index[sel].to_numpy(dtype=np.int64) - 1)

    @property
    def outcome_values(self) -> np.ndarray:
        arrays = self.__dict__.get("_arrays")
        y = arrays.matrix[:, -1].copy() if arrays is not None else self.memberships[self.outcome].to_numpy(dtype=float)
        if self.outcome_levels is not None:
            y = np.isin(y, self.outcome_levels).astype(float)
        return 1.0 - y if self.negated else y

    def condition_values(self) -> pd.DataFrame:
        return self.memberships[list(self.conditions)]

    def _condition_arrays(self) -> tuple[dict[str, np.ndarray], np.ndarray]:
        """Each condition's memberships as an array, and the case labels (no frame needed)."""
        arrays = self.__dict__.get("_arrays")
        if arrays is not None:
            cols = np.ascontiguousarray(arrays.matrix[:, :-1].T)
            return dict(zip(self.conditions, cols)), (arrays.index.to_numpy() if arrays.labels is None
                                                      else arrays.labels)
        mem = self.memberships
        return {c: mem[c].to_numpy(dtype=float) for c in self.conditions}, mem.index.to_numpy()

    @property
    def unassigned_cases(self) -> list:
        """Cases in no row: a membership of exactly 0.5 in some condition puts a case in no
        configuration (as in R), though it still counts in consistency and coverage sums."""
        counted = {c for cs in self.rows["cases"] for c in cs}
        return [c for c in self.memberships.index if c not in counted]

    # ---- display -----------------------------------------------------------------------
    _title = "Truth table"
    _index = True

    def to_frame(self, complete: bool = False) -> pd.DataFrame:
        """The table as a DataFrame (``cases`` as comma-separated text).

        With ``complete=True`` the unobserved configurations (remainders) are included,
        with ``n = 0`` and OUT ``"?"``.
        """
        df = self.rows.copy()
        df["cases"] = df["cases"].map(lambda cs: ",".join(map(str, cs)))
        if complete:
            allrows = np.arange(self.n_rows_total)
            missing = np.setdiff1d(allrows + 1, df.index.to_numpy())
            bits = mv_digits(missing - 1, self.levels)
            rem = pd.DataFrame(bits, columns=list(self.conditions), index=pd.Index(missing, name="row"))
            rem["OUT"] = "?"
            rem["n"] = 0
            rem["incl"] = np.nan
            rem["PRI"] = np.nan
            rem["cases"] = ""
            df = pd.concat([df, rem]).sort_index()
        return df

    def _header(self) -> list[str]:
        counts = self.rows["OUT"].value_counts()
        ic1, ic0 = self.incl_cut
        return [
            f"{self.outcome_label}: {len(self.memberships)} cases, {self.k} conditions "
            f"({', '.join(self.conditions)})",
            f"incl_cut = {ic1:g}{'' if ic0 is None else f', {ic0:g}'}, pri_cut = {self.pri_cut:g}, "
            f"n_cut = {self.n_cut}",
            f"observed rows: {len(self.rows)} of {self.n_rows_total} "
            f"(OUT 1: {counts.get('1', 0)}, 0: {counts.get('0', 0)}, C: {counts.get('C', 0)}, "
            f"?: {counts.get('?', 0)}); remainders: {self.n_rows_total - len(self.rows)} unobserved",
        ] + ([f"multi-value: {', '.join(f'{c} ({v} levels)' for c, v in zip(self.conditions, self.levels) if v > 2)}"]
             if self.multi_value else []) + (
            [f"OUT by R's binomial test at alpha = {self.inf_test[1]:g} (pval1 < alpha: 1"
             + ("; else pval0 < alpha: C" if ic0 is not None else "") + "; pri_cut not used)"]
            if self.inf_test else [])

    def _notes(self) -> list[str]:
        notes = []
        if not (self.rows["OUT"] == "1").any() and self.inf_test:
            notes.append(f"no row passes the binomial test at alpha = {self.inf_test[1]:g} against "
                         f"incl_cut = {self.incl_cut[0]:g}: every solution will be empty")
        elif not (self.rows["OUT"] == "1").any():
            ic1 = self.incl_cut[0]
            # the hint must fit the cut-off in use: R's default of 1 is the usual culprit, but
            # below it the honest reading is that no row of these data is consistent enough
            if ic1 >= 1:
                hint = "R's default incl_cut = 1 rarely suits fuzzy data (0.75-0.9 is usual)"
            elif len(self.rows):
                top = self.rows.loc[self.rows["incl"].idxmax()]
                hint = (f"the most consistent row has inclS = {top['incl']:.3f} and PRI = {top['PRI']:.3f}: "
                        "these conditions do not make the outcome consistently (lower the cut-offs "
                        "only for a substantive reason)")
            else:
                hint = "no row reaches n_cut"
            notes.append(f"no row is positive (OUT 1) at incl_cut = {ic1:g} and pri_cut = {self.pri_cut:g}: "
                         f"every solution will be empty; {hint}")
        lost = self.unassigned_cases
        if lost:
            shown = ", ".join(map(str, lost[:10])) + (f", ... ({len(lost)} in all)" if len(lost) > 10 else "")
            notes.append(f"{len(lost)} case(s) belong to no row because a membership is exactly 0.5: {shown}")
        return notes

    def _dict(self) -> dict:
        return {"outcome": self.outcome_label, "conditions": list(self.conditions),
                "incl_cut": list(self.incl_cut), "pri_cut": self.pri_cut, "n_cut": self.n_cut,
                "levels": dict(zip(self.conditions, self.levels)),
                "inf_test": None if self.inf_test is None else {"method": self.inf_test[0], "alpha": self.inf_test[1]},
                "rows": [{"row": int(i), "config": {c: int(r[c]) for c in self.conditions}, "OUT": r["OUT"],
                          "n": int(r["n"]), "incl": r["incl"], "PRI": r["PRI"],
                          **{p: (None if np.isnan(r[p]) else float(r[p])) for p in ("pval1", "pval0") if p in r},
                          "cases": [str(c) for c in r["cases"]]} for i, r in self.rows.iterrows()],
                "unassigned_cases": [str(c) for c in self.unassigned_cases]}


@dataclass(frozen=True, eq=False)
class _Arrays:
    """A truth table's values as plain arrays; its frames are built from them on first use."""

    matrix: np.ndarray      # cases x (conditions, outcome as given)
    index: pd.Index         # case labels
    columns: list
    observed: np.ndarray    # 0-based codes of the observed rows
    out: np.ndarray         # OUT per observed row ("1", "0", "C", "?"), objects
    n: np.ndarray
    incl: np.ndarray
    pri: np.ndarray
    cases: list
    levels: tuple = ()      # levels per condition
    pvals: dict = field(default_factory=dict)   # "pval1" (and "pval0") per row, with a binomial test
    labels: np.ndarray | None = None            # the case labels as an array (``index.to_numpy()``)

    def memberships(self) -> pd.DataFrame:
        return pd.DataFrame(self.matrix, index=self.index, columns=self.columns)

    def rows(self) -> pd.DataFrame:
        conds = self.columns[:-1]
        bits = mv_digits(self.observed, self.levels)
        rows = pd.DataFrame(bits, columns=conds, index=pd.Index(self.observed + 1, name="row"))
        rows["OUT"] = self.out
        rows["n"] = self.n
        rows["incl"] = self.incl
        rows["PRI"] = self.pri
        for name, values in self.pvals.items():
            rows[name] = values
        rows["cases"] = self.cases
        return rows


def _parse_incl_cut(incl_cut) -> tuple[float, float | None]:
    if isinstance(incl_cut, str):
        incl_cut = [v for v in incl_cut.split(",") if v.strip()]
    if np.ndim(incl_cut) == 0:
        return check_unit_interval("incl_cut", incl_cut), None
    vals = list(incl_cut)
    if len(vals) == 1:
        return check_unit_interval("incl_cut", vals[0]), None
    if len(vals) != 2:
        raise QCAInputError(f"incl_cut takes one value or two (ic1, ic0), got {incl_cut!r}")
    ic1 = check_unit_interval("incl_cut[0]", vals[0])
    ic0 = check_unit_interval("incl_cut[1]", vals[1])
    if ic0 > ic1:
        raise QCAInputError(f"incl_cut: the lower cut ic0 = {ic0} exceeds ic1 = {ic1}")
    return ic1, ic0


def truth_table(
    data: pd.DataFrame,
    outcome: str,
    conditions: Sequence[str] | str | None = None,
    *,
    incl_cut: float | Sequence[float] = 1.0,
    pri_cut: float = 0.0,
    n_cut: int = 1,
    case_col: str | None = None,
    multi_value: Sequence[str] | str | None = None,
    inf_test: str | tuple | None = None,
) -> TruthTable:
    """Build the truth table of ``outcome`` (``"~Y"`` for its negation) on ``conditions``.

    Parameters
    ----------
    data : DataFrame
        Calibrated memberships in [0, 1], one row per case. Case ids are the index, or the
        column ``case_col``.
    outcome : str
        Outcome column; prefix ``~`` to analyse the negated outcome.
    conditions : list of str, optional
        Defaults to every column except the outcome (and ``case_col``).
    incl_cut : float or (float, float)
        ``ic1`` or ``(ic1, ic0)``: rows with ``incl >= ic1`` (and ``PRI >= pri_cut``) are
        positive; with ``ic0`` rows with ``ic0 <= incl < ic1`` are contradictions ``"C"``.
        R's default is 1.
    pri_cut : float
        Minimum PRI for a positive row (R's default 0).
    n_cut : int
        Rows with fewer cases are remainders ``"?"`` (R's default 1).
    multi_value : list of str, optional
        Multi-value conditions: whole numbers ``0 .. max`` with every level observed (see
        :mod:`fsqca.multivalue`). Named explicitly, so that an uncalibrated column is still
        refused. A multi-value outcome is written ``"Y[2]"`` or ``"Y[1,2]"`` (the levels that
        count as the outcome).
    inf_test : str, optional
        ``"binom"`` or ``"binom, 0.05"``: R's ``inf.test``, OUT decided by a one-sided binomial
        test of each row (crisp data only; see :mod:`fsqca.inference`). The rows then carry
        ``pval1`` (and ``pval0`` with two inclusion cut-offs).

    Returns
    -------
    TruthTable

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"A": [0.9, 0.8, 0.2, 0.1], "B": [0.7, 0.3, 0.8, 0.2],
    ...                    "Y": [0.9, 0.7, 0.3, 0.1]}, index=["p", "q", "r", "s"])
    >>> tt = truth_table(df, "Y", ["A", "B"], incl_cut=0.8)
    >>> tt.rows[["A", "B", "OUT", "n"]]
         A  B OUT  n
    row
    1    0  0   0  1
    2    0  1   0  1
    3    1  0   1  1
    4    1  1   1  1

    Lipset's data (R's ``truthTable(LF, outcome = "SURV", incl.cut = 0.8)``, Dusa 2019, ch. 7):
    rows 22 and 32 are positive, with consistency 0.804 and 0.904, as R prints them.

    >>> from fsqca.datasets import load_dataset
    >>> tt = truth_table(load_dataset("LF"), "SURV", incl_cut=0.8)
    >>> tt.rows.loc[tt.rows["OUT"] == "1", ["n", "incl"]].round(3)
         n   incl
    row
    22   2  0.804
    32   4  0.904

    Multi-value Lipset data (R's ``truthTable(LM, SURV, conditions = DEV:IND, incl.cut = 1)``):
    DEV has three levels, so the table has 3 * 2 * 2 * 2 = 24 rows, 7 of them observed.

    >>> lm = pd.DataFrame({"DEV": [1, 2, 1, 0, 1, 2, 1, 0, 0], "URB": [0, 1, 1, 0, 0, 0, 1, 0, 0],
    ...                    "LIT": [1, 1, 1, 1, 1, 1, 1, 0, 1], "IND": [1, 1, 1, 0, 0, 1, 1, 0, 0],
    ...                    "SURV": [0, 1, 1, 0, 1, 1, 0, 0, 0]})
    >>> tt = truth_table(lm, "SURV", multi_value=["DEV"])
    >>> tt.n_rows_total, tt.rows.loc[tt.rows["OUT"] == "1"].index.tolist()
    (24, [11, 20, 24])
    """
    name, negated = split_outcome(outcome)
    name, outcome_levels = split_outcome_levels(name)
    if case_col is not None:
        if case_col not in data.columns:
            raise QCAInputError(f"case column {case_col!r} is not in the data")
        data = data.set_index(case_col)
    conds = resolve_columns(data, name, conditions)
    check_condition_count(len(conds))
    ic1, ic0 = _parse_incl_cut(incl_cut)
    pri_cut = check_unit_interval("pri_cut", pri_cut)
    if int(n_cut) != n_cut or n_cut < 0:
        raise QCAInputError(f"n_cut must be a non-negative whole number, got {n_cut!r}")
    n_cut = int(n_cut)

    test = parse_inf_test(inf_test)
    mv = multi_value_names(multi_value, conds, name if outcome_levels is not None else None)
    counts = level_counts(data, mv) if mv else {}
    if outcome_levels is not None:
        top = counts[name] - 1
        if any(v > top for v in outcome_levels):
            raise QCAInputError(f"outcome {outcome!r}: level {max(outcome_levels)} does not occur in the data "
                                f"(levels 0 to {top})")
    levels = tuple(counts.get(c, 2) for c in conds)
    values = membership_matrix(data, [*conds, name], skip_range=mv)
    x, y = values[:, :-1], np.ascontiguousarray(values[:, -1])
    if outcome_levels is not None:
        y = np.isin(y, outcome_levels).astype(float)
    if test is not None:
        check_crisp(values, [*conds, name])
    # ``values`` is a new array (never a view of ``data``) and ``x``, ``y`` are not written to
    matrix = values.copy() if outcome_levels is not None else values
    if negated:
        y = 1.0 - y

    if any(v > 2 for v in levels):
        codes = mv_codes(case_digits(x, levels), levels)
        observed, row_of_case = np.unique(codes, return_inverse=True)
        incl, pri = mv_consistency(x, y, levels, observed)
        own = own_membership(x, levels)
    else:
        codes = _row_codes(x)
        observed, row_of_case = _distinct(codes, len(conds))
        incl, pri = _consistency(x, y, observed)
        # a case has membership > 0.5 in its own configuration at most: that is min over its
        # conditions of max(x, 1 - x), the same minimum config_memberships takes there
        own = np.minimum.reduce(np.where(x > 0.5, x, 1.0 - x), axis=1) if len(x) else np.empty(0)
    in_own = own > 0.5
    n = np.bincount(row_of_case.ravel()[in_own], minlength=len(observed))
    members = np.flatnonzero(in_own)
    members = members[np.argsort(row_of_case.ravel()[members], kind="stable")]
    bounds = np.searchsorted(row_of_case.ravel()[members], np.arange(len(observed) + 1)).tolist()
    case_labels = data.index.to_numpy()
    labels = case_labels[members].tolist()
    cases = [labels[i:j] for i, j in zip(bounds, bounds[1:])]

    out = np.full(len(observed), "0", dtype=object)
    pvals = {}
    if test is None:
        positive = _at_least(incl, ic1) & _at_least(pri, pri_cut)
        out[positive] = "1"
        if ic0 is not None:
            out[~positive & _at_least(incl, ic0) & ~_at_least(incl, ic1)] = "C"
    else:  # R's rule: the test replaces the cut-offs (pri_cut unused); untested rows get no p-value
        tested = n >= n_cut
        for key, cut in (("pval1", ic1), ("pval0", ic0)):
            if cut is not None:
                pvals[key] = np.where(tested, binomial_test(n, incl, cut), np.nan)
        alpha = test[1]
        positive = pvals["pval1"] < alpha
        out[positive] = "1"
        if ic0 is not None:
            out[~positive & (pvals["pval0"] < alpha)] = "C"
    out[n < n_cut] = "?"

    arrays = _Arrays(matrix, data.index, [*conds, name], observed, out, n, incl, pri, cases, levels, pvals,
                     case_labels)
    table = TruthTable._deferred(tuple(conds), name, negated, (ic1, ic0), pri_cut, n_cut, arrays, test,
                                 outcome_levels)
    if not (out == "1").any():
        warnings.warn(table.notes[0], QCAWarning, stacklevel=2)
    return table
