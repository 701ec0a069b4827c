"""Robustness of a QCA solution to the analyst's choices (cut-offs, calibration anchors).

Two complementary views, following Schneider & Wagemann (2012, sec. 11.2) and Oana &
Schneider (2021, "A robustness test protocol for applied QCA", *Sociological Methods &
Research*):

**Set relations.** Each test solution TS is compared with the initial solution IS as Boolean
functions over the property space: *identical*, a *subset* (TS implies IS), a *superset*, or
*overlapping*. The same is done for every configuration (term) of IS: the test term(s)
implying it, implied by it, or none.

**Robustness fit parameters** (Oana & Schneider), on case memberships:

- robust core ``RC = min(IS, TS_1, ..., TS_m)``; ``minTS = min_j TS_j``, ``maxTS = max_j TS_j``;
- ``RF_cov = covS(RC) / covS(IS)`` and ``RF_cons = inclS(IS) / inclS(RC)``;
- ``RF_SC_minTS = Σ min(IS, minTS) / Σ max(IS, minTS)`` and the same with ``maxTS``:
  similarity of IS with the most restrictive and the most permissive test sets;
- robust case ratios: ``RCR_typ`` = robust typical cases (> 0.5 in RC and Y) / typical cases
  of IS (> 0.5 in IS and Y); ``RCR_dev`` likewise for deviant cases (> 0.5 in the
  solution, < 0.5 in Y).

A test solution with several models is represented by its first model (as SetMethods does).

**Leaving out groups of cases** (:func:`leave_one_group_out`): the minimisation is rerun without
each group in turn (e.g. each of China's four regions), with the initial truth table's cut-offs;
every test solution is then evaluated on all cases, so the robust core is the part of the
solution that no single group carries (a case-sensitivity test in Oana & Schneider's protocol).
"""
from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import measures
from libdigigov.results import Result
from ._validate import QCAInputError
from .expression import Term, expression_membership, format_term, term_to_bits
from .minimize import Model, Solution, minimize
from .truthtable import truth_table

__all__ = ["set_relation", "RobustnessResult", "robustness", "RobustnessCheck", "sweep", "leave_one_group_out"]


def _rows_of(terms: Sequence[Term], conditions: Sequence[str]) -> np.ndarray:
    k = len(conditions)
    rows = np.arange(2**k)
    hit = np.zeros(2**k, dtype=bool)
    for t in terms:
        mask, value = term_to_bits(t, conditions)
        hit |= (rows & mask) == value
    return hit


def set_relation(test: Sequence[Term], initial: Sequence[Term], conditions: Sequence[str]) -> str:
    """Relation of two sums of products as Boolean functions over ``conditions``.

    Returns ``"identical"``, ``"subset"`` (test implies initial), ``"superset"``,
    ``"overlapping"`` or ``"disjoint"``.

    Examples
    --------
    >>> from fsqca import parse_expression
    >>> c = ["A", "B", "C"]
    >>> set_relation(parse_expression("A*B", c), parse_expression("A", c), c)
    'subset'
    """
    a, b = _rows_of(test, conditions), _rows_of(initial, conditions)
    if np.array_equal(a, b):
        return "identical"
    if not (a & ~b).any():
        return "subset"
    if not (b & ~a).any():
        return "superset"
    return "overlapping" if (a & b).any() else "disjoint"


@dataclass(frozen=True)
class RobustnessCheck:
    """One robustness test: a label, the data to use and the truth-table/minimisation settings."""

    label: str
    incl_cut: float | tuple[float, float] = 0.8
    pri_cut: float = 0.5
    n_cut: int = 1
    data_label: str = "initial"   # key into the ``datasets`` mapping given to :func:`sweep`


@dataclass(frozen=True, eq=False)
class RobustnessResult(Result):
    """Comparison of an initial solution with test solutions; see :func:`robustness`."""

    _index = True

    initial: Model
    tests: Mapping[str, Model | None] = field(repr=False)
    comparison: pd.DataFrame = field(repr=False)       # one row per test
    configurations: pd.DataFrame = field(repr=False)   # one row per (test, IS term)
    fit_parameters: Mapping[str, float] = field(default_factory=dict)
    robust_cases: pd.DataFrame = field(default=None, repr=False)

    @property
    def robust_core_terms(self) -> tuple[str, ...]:
        """IS terms that every test reproduces exactly or as a subset/superset."""
        ok = self.configurations.groupby("term")["relation"].agg(
            lambda r: all(v in ("identical", "subset", "superset") for v in r))
        return tuple(t for t in ok.index if ok[t])

    def to_frame(self) -> pd.DataFrame:
        return self.comparison.copy()

    @property
    def _title(self) -> str:
        return f"Robustness of {self.initial.expression} over {len(self.tests)} test(s)"

    def _header(self) -> list[str]:
        rf = ", ".join(f"{k} = {v:.3f}" for k, v in self.fit_parameters.items())
        lines = [f"robustness fit: {rf}"]
        robust = self.robust_cases
        if robust is not None:
            lines.append(f"robust typical cases: {', '.join(map(str, robust.index[robust['robust_typical']])) or 'none'}")
        return lines

    def _dict(self) -> dict:
        robust = self.robust_cases
        return {"initial": self.initial.expression,
                "tests": self.comparison.reset_index().to_dict(orient="records"),
                "configurations": self.configurations.to_dict(orient="records"),
                "fit_parameters": dict(self.fit_parameters), "robust_core_terms": list(self.robust_core_terms),
                "robust_typical_cases": [] if robust is None else
                [str(c) for c in robust.index[robust["robust_typical"]]]}


def robustness(initial: Solution | Model, tests: Mapping[str, Solution | Model | None], data: pd.DataFrame,
               outcome: str, conditions: Sequence[str]) -> RobustnessResult:
    """Compare an initial solution with test solutions.

    Parameters
    ----------
    initial : Solution or Model
        The initial solution IS (its first model when a Solution).
    tests : mapping of label to Solution, Model or None
        The test solutions; ``None`` records a test in which no solution exists.
    data : DataFrame
        Memberships of the cases under the *initial* calibration, used for the fit parameters.
    outcome : str
        Outcome column (``~Y`` allowed).
    conditions : list of str
    """
    is_model = initial.models[0] if isinstance(initial, Solution) else initial
    models = {k: (v.models[0] if isinstance(v, Solution) else v) for k, v in tests.items()}
    name = outcome.lstrip("~")
    y = data[name].to_numpy(dtype=float)
    if outcome.startswith("~"):
        y = 1.0 - y
    X = data[list(conditions)]

    def member(model: Model | None) -> np.ndarray:
        if model is None:
            return np.zeros(len(data))
        return expression_membership(model.terms, X)

    is_m = member(is_model)
    rows, conf_rows = [], []
    ts_members = []
    for label, m in models.items():
        if m is None:
            rows.append({"test": label, "solution": "(no solution)", "relation": "none", "inclS": np.nan,
                         "PRI": np.nan, "covS": np.nan, "d_inclS": np.nan, "d_covS": np.nan, "n_terms": 0})
            ts_members.append(np.zeros(len(data)))
            for t in is_model.terms:
                conf_rows.append({"test": label, "term": format_term(t), "relation": "none", "matched_by": ""})
            continue
        rel = set_relation(m.terms, is_model.terms, conditions)
        rows.append({"test": label, "solution": m.expression, "relation": rel, "inclS": m.fit.inclS,
                     "PRI": m.fit.PRI, "covS": m.fit.covS, "d_inclS": m.fit.inclS - is_model.fit.inclS,
                     "d_covS": m.fit.covS - is_model.fit.covS, "n_terms": len(m.terms)})
        ts_members.append(member(m))
        for t in is_model.terms:
            best, match = "none", ""
            for u in m.terms:
                r = set_relation((u,), (t,), conditions)
                if r == "identical" or (r in ("subset", "superset") and best not in ("identical",)) or \
                        (r == "overlapping" and best == "none"):
                    best, match = r, format_term(u)
                if r == "identical":
                    break
            conf_rows.append({"test": label, "term": format_term(t), "relation": best, "matched_by": match})
    comparison = pd.DataFrame(rows).set_index("test") if rows else pd.DataFrame()
    configurations = pd.DataFrame(conf_rows)

    fit_params: dict[str, float] = {}
    robust_cases = None
    if ts_members:
        ts = np.vstack(ts_members)
        min_ts, max_ts = ts.min(axis=0), ts.max(axis=0)
        rc = np.minimum(is_m, min_ts)
        fit_params = {
            "RF_cov": _safe(measures.sufficiency_coverage(rc, y), measures.sufficiency_coverage(is_m, y)),
            "RF_cons": _safe(measures.sufficiency_inclusion(is_m, y), measures.sufficiency_inclusion(rc, y)),
            "RF_SC_minTS": float(np.minimum(is_m, min_ts).sum() / max(np.maximum(is_m, min_ts).sum(), 1e-300)),
            "RF_SC_maxTS": float(np.minimum(is_m, max_ts).sum() / max(np.maximum(is_m, max_ts).sum(), 1e-300)),
        }
        typical, deviant = (is_m > 0.5) & (y > 0.5), (is_m > 0.5) & (y < 0.5)
        robust_typ, robust_dev = (rc > 0.5) & (y > 0.5), (rc > 0.5) & (y < 0.5)
        fit_params["RCR_typ"] = robust_typ.sum() / typical.sum() if typical.any() else float("nan")
        fit_params["RCR_dev"] = robust_dev.sum() / deviant.sum() if deviant.any() else float("nan")
        robust_cases = pd.DataFrame({"IS": is_m, "robust_core": rc, "minTS": min_ts, "maxTS": max_ts,
                                     "outcome": y, "typical": typical, "robust_typical": robust_typ,
                                     "shaky_typical": typical & ~robust_typ,
                                     "possible_typical": ~typical & (max_ts > 0.5) & (y > 0.5)},
                                    index=data.index)
    return RobustnessResult(is_model, models, comparison, configurations, fit_params, robust_cases)


def _safe(num: float, den: float) -> float:
    return float(num / den) if den and np.isfinite(den) else float("nan")


def _run_test(args) -> tuple[str, Model | None, str | None]:
    spec, data, outcome, conditions, solution, dir_exp = args
    try:
        tt = truth_table(data, outcome, conditions, incl_cut=spec.incl_cut, pri_cut=spec.pri_cut,
                         n_cut=spec.n_cut)
        sol = minimize(tt, solution, dir_exp=dir_exp if solution == "intermediate" else None, max_models=10)
        return spec.label, sol.models[0], None
    except QCAInputError as exc:
        return spec.label, None, str(exc)


def sweep(
    initial: Solution,
    datasets: Mapping[str, pd.DataFrame],
    tests: Sequence[RobustnessCheck],
    *,
    outcome: str,
    conditions: Sequence[str],
    solution: str = "intermediate",
    dir_exp=None,
    n_jobs: int = 1,
    progress: bool | Callable[[int, int, str], None] = True,
) -> RobustnessResult:
    """Run many robustness tests (cut-offs × calibrations) and compare them with ``initial``.

    Parameters
    ----------
    initial : Solution
        The initial solution; its truth table's data are the initial memberships.
    datasets : mapping of label to DataFrame
        Membership tables, e.g. ``{"initial": ..., "90/median/10": ...}``; each
        :class:`RobustnessCheck` names one through ``data_label``.
    tests : list of RobustnessCheck
    n_jobs : int
        Worker processes (1 runs in this process).
    progress : bool or callable
        ``True`` draws a progress bar on stderr; a callable gets ``(done, total, label)``.
    """
    if not tests:
        raise QCAInputError("no robustness tests given")
    unknown = sorted({t.data_label for t in tests} - set(datasets))
    if unknown:
        raise QCAInputError(f"robustness tests refer to unknown data set(s) {unknown}; known: {sorted(datasets)}")
    jobs = [(t, datasets[t.data_label], outcome, list(conditions), solution, dir_exp) for t in tests]
    report = _progress_reporter(progress)
    results: dict[str, Model | None] = {}
    if n_jobs > 1:
        with ProcessPoolExecutor(max_workers=n_jobs) as pool:
            for i, (label, model, _) in enumerate(pool.map(_run_test, jobs), start=1):
                results[label] = model
                report(i, len(jobs), label)
    else:
        for i, job in enumerate(jobs, start=1):
            label, model, _ = _run_test(job)
            results[label] = model
            report(i, len(jobs), label)
    base = initial.truth_table.memberships
    return robustness(initial, results, base, outcome, conditions)


def _progress_reporter(progress) -> Callable[[int, int, str], None]:
    if callable(progress):
        return progress
    if not progress:
        return lambda done, total, label: None

    def bar(done: int, total: int, label: str) -> None:
        width = 30
        filled = int(width * done / total)
        sys.stderr.write(f"\rrobustness [{'#' * filled}{'.' * (width - filled)}] {done}/{total} {label[:30]:<30}")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return bar


def leave_one_group_out(initial: Solution, groups, *, solution: str | None = None, dir_exp=None,
                        n_jobs: int = 1, progress: bool | Callable[[int, int, str], None] = False) -> RobustnessResult:
    """Rerun the minimisation leaving out each group of cases in turn and compare with ``initial``.

    Parameters
    ----------
    initial : Solution
        The initial solution; its truth table gives the memberships, the outcome, the
        conditions and the cut-offs (``incl_cut``, ``pri_cut``, ``n_cut``) of every rerun.
    groups : pandas.Series or mapping
        A group label for every case of the initial truth table (e.g. the region of each
        province). Each test is labelled ``"without <group>"``.
    solution : str, optional
        Solution type of the reruns (default: the initial solution's).
    dir_exp
        Directional expectations for an intermediate solution.

    Returns
    -------
    RobustnessResult
        One test per group; the robust core and the fit parameters are computed on all cases.

    Examples
    --------
    >>> import pandas as pd
    >>> from fsqca import truth_table, minimize
    >>> d = pd.DataFrame({"A": [1, 1, 0, 0, 1, 0], "B": [1, 0, 1, 0, 1, 1], "Y": [1, 1, 0, 0, 1, 0]},
    ...                  index=list("abcdef"))
    >>> sol = minimize(truth_table(d, "Y", ["A", "B"], incl_cut=0.8), "parsimonious", progress=False)
    >>> r = leave_one_group_out(sol, {"a": "g1", "b": "g1", "c": "g2", "d": "g2", "e": "g3", "f": "g3"})
    >>> r.comparison["solution"].to_dict()
    {'without g1': 'A', 'without g2': 'A', 'without g3': 'A'}
    """
    tt = initial.truth_table
    data = tt.memberships
    labels = pd.Series(groups) if not isinstance(groups, pd.Series) else groups
    labels.index = labels.index.map(str)
    cases = data.index.map(str)
    missing = [c for c in cases if c not in labels.index]
    if missing:
        raise QCAInputError(f"case {missing[0]!r} has no group label")
    labels = labels.loc[list(cases)]
    if labels.isna().any():
        raise QCAInputError(f"case {labels.index[labels.isna().to_numpy()][0]!r} has no group label")
    names = list(dict.fromkeys(map(str, labels)))
    if len(names) < 2:
        raise QCAInputError("leaving out groups needs at least two groups")
    outcome = ("~" if tt.negated else "") + tt.outcome
    incl = tt.incl_cut if tt.incl_cut[1] is not None else tt.incl_cut[0]
    datasets, tests = {}, []
    for g in names:
        label = f"without {g}"
        datasets[label] = data.loc[(labels.astype(str) != g).to_numpy()]
        tests.append(RobustnessCheck(label, incl_cut=incl, pri_cut=tt.pri_cut, n_cut=tt.n_cut, data_label=label))
    return sweep(initial, datasets, tests, outcome=outcome, conditions=list(tt.conditions),
                 solution=solution or initial.kind, dir_exp=dir_exp, n_jobs=n_jobs, progress=progress)
