"""A solution against chance: the permutation test of Braumoeller (2015), as in R's ``braQCA``.

QCA finds *some* solution in almost any data: with many conditions and few cases, random
outcomes pass the consistency cut-off for a few truth-table rows often enough. Braumoeller
(2015) asks how often a solution as good as the one found arises when the outcome has no
relation to the conditions; Gibson and Vann's R package ``braQCA`` (Bootstrapped Robustness
Assessment for QCA) runs that experiment by simulation (its ``baQCA`` resamples the data with
replacement by default); here the outcome is permuted, as Braumoeller proposes. The procedure:

1. Take the solution to test (its truth table's data, outcome, conditions, cut-offs
   ``incl_cut``, ``pri_cut``, ``n_cut``, the solution type and, for the intermediate solution,
   the directional expectations). Its first listed model (or the one chosen with ``model=``)
   gives the observed solution consistency ``inclS`` and coverage ``covS``.
2. Permute the outcome over the cases ``permutations`` times (seeded; the conditions are kept
   as they are, so each permutation keeps the data's configurations and the outcome's
   distribution and breaks only their relation).
3. For each permutation, rebuild the truth table with the same cut-offs and minimise it the
   same way. A permutation *matches* when one of its models is at least as consistent **and**
   at least as covering as the observed model (within R's tolerance, ``sqrt(eps)``); a
   permutation with no positive row has no solution and does not match.
4. Report the share of matching permutations, and the permutation p-value
   ``(matches + 1) / (permutations + 1)`` of :mod:`libdigigov.significance`: the probability
   of a solution this good from data with no relation, counting the observed data as one draw.

The truth tables of all permutations are computed at once (the configurations' memberships do
not change; only the outcome moves), each distinct pattern of positive and negative rows is
minimised once, and the fit of its models is computed for all permutations sharing it at once.

References: Braumoeller, B. F. (2015). Guarding against false positives in qualitative
comparative analysis. *Political Analysis* 23(4), 471-487. Gibson, C. B. and Vann, B. Jr. braQCA:
Bootstrapped Robustness Assessment for Qualitative Comparative Analysis, R package (CRAN).

Examples
--------
>>> from fsqca import minimize, truth_table
>>> from fsqca.datasets import load_dataset
>>> sol = minimize(truth_table(load_dataset("LF"), "SURV", incl_cut=0.8), "parsimonious")
>>> test = chance_test(sol, permutations=200, seed=1, progress=False)
>>> test.observed_model, round(test.inclS, 3), round(test.covS, 3)
('DEV*~IND + URB*STB', 0.85, 0.714)
>>> 0 < test.p_value < 0.2
True
"""
from __future__ import annotations

import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from libdigigov.results import Result
from libdigigov.significance import (check_permutations_count, permutation_pvalue, pvalue_accuracy,
                                     seeded_rng)

from . import measures
from ._validate import QCAInputError
from .expression import term_membership
from .solution import Solution
from .truthtable import TOLERANCE, config_memberships, truth_table

__all__ = ["ChanceTest", "chance_test"]

#: The statistic of a permutation without any solution (below every possible difference).
_NO_SOLUTION = -2.0
#: Permutations whose truth tables are computed in one array operation (memory: chunk x rows x cases).
_CHUNK = 100


@dataclass(frozen=True, eq=False)
class ChanceTest(Result):
    """Result of :func:`chance_test`.

    Attributes
    ----------
    observed_model : str
        The model tested, and its ``inclS`` / ``covS``.
    permutations, seed : int
    matches : int
        Permutations with a model at least as consistent and as covering.
    with_solution, as_consistent, as_covering : int
        Permutations with any solution; with a model at least as consistent (coverage aside);
        with a model at least as covering (consistency aside).
    p_value : float
        ``(matches + 1) / (permutations + 1)``.
    distinct_tables : int
        Distinct patterns of positive and negative rows met (each minimised once).
    draws : DataFrame
        Per permutation: ``has_solution``, the best ``inclS`` and ``covS`` of its models (the
        model maximising the smaller of the two margins over the observed values), ``match``.
    """

    observed_model: str
    solution_kind: str
    inclS: float
    covS: float
    permutations: int
    seed: int
    matches: int
    with_solution: int
    as_consistent: int
    as_covering: int
    p_value: float
    distinct_tables: int
    cuts: dict
    seconds: float
    draws: pd.DataFrame = field(repr=False)

    _title = "Solution against chance (Braumoeller 2015 permutation test)"

    @property
    def share(self) -> float:
        """Share of permutations whose solution is at least as consistent and as covering."""
        return self.matches / self.permutations if self.permutations else float("nan")

    def to_frame(self) -> pd.DataFrame:
        n = self.permutations
        rows = [("solution at least as consistent and as covering", self.matches),
                ("any solution", self.with_solution),
                ("solution at least as consistent", self.as_consistent),
                ("solution at least as covering", self.as_covering)]
        return pd.DataFrame({"permutations with": [r[0] for r in rows],
                             "count": [r[1] for r in rows],
                             "share": [r[1] / n if n else float("nan") for r in rows]})

    def _header(self) -> list[str]:
        c = self.cuts
        return [f"{self.solution_kind} model tested: {self.observed_model} "
                f"(inclS {self.inclS:.3f}, covS {self.covS:.3f})",
                f"outcome permuted {self.permutations} times (seed {self.seed}); truth table at incl_cut "
                f"{c['incl_cut']}, pri_cut {c['pri_cut']:g}, n_cut {c['n_cut']}, minimised the same way",
                f"p = {self.p_value:.4f} (± {float(pvalue_accuracy(self.p_value, self.permutations)):.4f} at 95 %)"]

    def _notes(self) -> list[str]:
        return ["p = (matches + 1) / (permutations + 1): the probability that data whose outcome has no "
                "relation to the conditions give a solution at least as consistent and as covering "
                "(Braumoeller 2015; R's braQCA).",
                "A permutation matches when any of its minimal models reaches both values; the observed "
                "value is the model tested (the first listed unless model= says otherwise).",
                f"{self.distinct_tables} distinct truth tables were minimised; {self.seconds:.2f} s."]

    def _dict(self) -> dict:
        return {"observed_model": self.observed_model, "solution": self.solution_kind, "inclS": self.inclS,
                "covS": self.covS, "permutations": self.permutations, "seed": self.seed,
                "matches": self.matches, "share": self.share, "p_value": self.p_value,
                "p_accuracy": float(pvalue_accuracy(self.p_value, self.permutations)),
                "with_solution": self.with_solution, "as_consistent": self.as_consistent,
                "as_covering": self.as_covering, "distinct_tables": self.distinct_tables, "cuts": self.cuts,
                "notes": self._notes()}


def _progress_bar(progress) -> Callable[[int, int], None]:
    if callable(progress):
        return progress
    if not progress:
        return lambda done, total: None
    start = time.monotonic()

    def bar(done: int, total: int) -> None:
        # drawn only once the test has taken a moment, as the minimiser's progress lines
        if done < total and time.monotonic() - start < 0.5:
            return
        width = 30
        filled = int(width * done / max(total, 1))
        sys.stderr.write(f"\rchance test [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return bar


def _out_codes(x_rows: np.ndarray, sum_x: np.ndarray, n: np.ndarray, y: np.ndarray, cuts) -> np.ndarray:
    """OUT of every observed row for every permuted outcome in ``y`` (perms x cases), coded
    1 positive, 0 negative, 2 contradiction, 3 remainder, by :func:`fsqca.truth_table`'s rule."""
    ic1, ic0 = cuts["ic1"], cuts["ic0"]
    both = np.minimum(x_rows[None, :, :], y[:, None, :])           # perms x rows x cases
    overlap = np.minimum(both, 1.0 - y[:, None, :]).sum(axis=2)
    both = both.sum(axis=2)
    incl = measures._ratio(both, np.broadcast_to(sum_x, both.shape))
    pri = measures._pri_from_sums(np.broadcast_to(sum_x, both.shape), both, overlap)

    def at_least(v, cut):
        return (v > cut) | (np.abs(v - cut) <= TOLERANCE)

    positive = at_least(incl, ic1) & at_least(pri, cuts["pri_cut"])
    code = np.where(positive, 1, 0)
    if ic0 is not None:
        code = np.where(~positive & at_least(incl, ic0) & ~at_least(incl, ic1), 2, code)
    return np.where((n < cuts["n_cut"])[None, :], 3, code).astype(np.int8)


def chance_test(solution: Solution, permutations: int = 1000, *, seed: int | None = None, model: int = 0,
                max_models: int = 100, progress: bool | Callable[[int, int], object] = True) -> ChanceTest:
    """Test a solution against chance by permuting the outcome (Braumoeller 2015; R's braQCA).

    Parameters
    ----------
    solution : Solution
        From :func:`fsqca.minimize`; its truth table's data, cut-offs, solution type and
        directional expectations are reused for every permutation.
    permutations : int
        Number of permuted outcomes (default 1,000).
    seed : int, optional
        Seed of the permutations (``None``: the package's stated default seed, reported).
    model : int
        Which listed model is the observed one (default the first).
    max_models : int
        Models listed per permuted solution (any of them may match).
    progress : bool or callable
        ``True`` draws a progress bar on standard error when the test takes more than half a
        second; a callable receives ``(done, total)``.

    Returns
    -------
    ChanceTest
    """
    if not isinstance(solution, Solution):
        raise QCAInputError(f"chance_test() takes a Solution (see fsqca.minimize), got {type(solution).__name__}")
    permutations = check_permutations_count(permutations, error=QCAInputError)
    if not 0 <= model < len(solution.models):
        raise QCAInputError(f"model must be 0 to {len(solution.models) - 1}, got {model!r}")
    tt = solution.truth_table
    # the permuted truth tables are built by the crisp/fuzzy rule below; other rules are refused
    # rather than tested by the wrong one
    if getattr(tt, "multi_value", False) or getattr(tt, "outcome_levels", None) is not None:
        raise QCAInputError("chance_test() takes solutions of crisp or fuzzy sets; multi-value conditions or "
                            "outcomes are not supported yet")
    if getattr(tt, "inf_test", None) is not None:
        raise QCAInputError("chance_test() compares rows with the inclusion cut-off; a truth table built with "
                            "inf_test (R's binomial row test) is not supported yet")
    from .minimize import minimize

    started = time.perf_counter()
    rng, seed = seeded_rng(seed, error=QCAInputError)
    conds = list(tt.conditions)
    frame = tt.memberships
    x = frame[conds].to_numpy(dtype=float)
    y_raw = frame[tt.outcome].to_numpy(dtype=float)
    observed_model = solution.models[model]
    obs_incl, obs_cov = float(observed_model.fit.inclS), float(observed_model.fit.covS)

    rows = tt.rows
    codes = rows.index.to_numpy(dtype=np.int64) - 1
    x_rows = np.ascontiguousarray(config_memberships(x, codes).T)      # rows x cases
    sum_x = x_rows.sum(axis=1)
    n_rows = rows["n"].to_numpy()
    ic1, ic0 = tt.incl_cut
    cuts = {"ic1": ic1, "ic0": ic0, "pri_cut": tt.pri_cut, "n_cut": tt.n_cut}
    orders = np.stack([rng.permutation(len(y_raw)) for _ in range(permutations)]) if permutations else \
        np.empty((0, len(y_raw)), dtype=np.int64)

    best_incl = np.full(permutations, np.nan)
    best_cov = np.full(permutations, np.nan)
    stat = np.full(permutations, _NO_SOLUTION)
    any_incl = np.zeros(permutations, bool)
    any_cov = np.zeros(permutations, bool)
    cache: dict[bytes, np.ndarray] = {}
    report = _progress_bar(progress)
    opts = dict(dir_exp=solution.dir_exp, max_models=max_models, progress=False)
    mem = {c: x[:, j] for j, c in enumerate(conds)}
    terms: dict = {}                                       # term -> memberships of the cases
    for at in range(0, permutations, _CHUNK):
        idx = np.arange(at, min(at + _CHUNK, permutations))
        y_perm = y_raw[orders[idx]]                       # the outcome as stored, permuted
        y_eff = 1.0 - y_perm if tt.negated else y_perm    # the outcome analysed
        out = _out_codes(x_rows, sum_x, n_rows, y_eff, cuts)
        has = (out == 1).any(axis=1)
        for local in np.flatnonzero(has):
            i = idx[local]
            key = out[local].tobytes()
            if key not in cache:
                exclude = [r for r in solution.excluded if r - 1 not in set(codes[out[local] == 1].tolist())]
                cache[key] = _solve(frame, tt, y_perm[local], conds, solution.kind, dict(opts, exclude=exclude or None),
                                    mem, terms, minimize)
            s = cache[key]                                 # models' memberships (models x cases)
            ye = y_eff[local]
            inter = np.minimum(s, ye).sum(axis=1)
            incl = measures._ratio(inter, s.sum(axis=1))
            cov = measures._ratio(inter, np.full(len(s), ye.sum()))
            margin = np.minimum(incl - obs_incl, cov - obs_cov)
            margin = np.where(np.abs(margin) <= TOLERANCE, 0.0, margin)
            j = int(np.nanargmax(np.where(np.isnan(margin), -np.inf, margin)))
            stat[i], best_incl[i], best_cov[i] = margin[j], incl[j], cov[j]
            any_incl[i] = bool((incl >= obs_incl - TOLERANCE).any())
            any_cov[i] = bool((cov >= obs_cov - TOLERANCE).any())
        report(int(idx[-1]) + 1, permutations)
    if permutations == 0:
        report(0, 0)
    match = stat >= 0.0
    p = permutation_pvalue(0.0, stat, "greater") if permutations else float("nan")
    draws = pd.DataFrame({"has_solution": stat > _NO_SOLUTION, "inclS": best_incl, "covS": best_cov,
                          "match": match}, index=pd.RangeIndex(1, permutations + 1, name="permutation"))
    incl_text = f"{ic1:g}" if ic0 is None else f"{ic1:g},{ic0:g}"
    return ChanceTest(observed_model.expression, solution.kind, obs_incl, obs_cov, permutations, seed,
                      int(match.sum()), int((stat > _NO_SOLUTION).sum()), int(any_incl.sum()), int(any_cov.sum()),
                      float(p), len(cache), {"incl_cut": incl_text, "pri_cut": float(tt.pri_cut), "n_cut": int(tt.n_cut)},
                      time.perf_counter() - started, draws)


def _solve(frame, tt, y_perm, conds, kind, opts, mem, terms, minimize) -> np.ndarray:
    """Minimise one permuted truth table; the memberships of its models (models x cases)."""
    data = frame.copy()
    data[tt.outcome] = y_perm
    incl_cut = tt.incl_cut[0] if tt.incl_cut[1] is None else tt.incl_cut
    with warnings.catch_warnings():  # a permuted table's notes (e.g. no positive row) are not the user's
        warnings.simplefilter("ignore")
        ptt = truth_table(data, tt.outcome_label, conds, incl_cut=incl_cut, pri_cut=tt.pri_cut, n_cut=tt.n_cut)
        sol = minimize(ptt, kind, **opts)
    # a term's membership does not depend on the outcome: computed once for all permutations
    for m in sol.models:
        for t in m.terms:
            if t not in terms:
                terms[t] = term_membership(t, mem)
    return np.vstack([np.max([terms[t] for t in m.terms], axis=0) for m in sol.models])
