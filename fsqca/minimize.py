"""Exact Boolean minimisation of a truth table: complex, parsimonious and intermediate solutions.

- **complex** (conservative): the positive rows are minimised with no remainder as a
  simplifying assumption; an implicant may cover positive rows only.
- **parsimonious**: remainders (unobserved rows and rows below ``n_cut``) are don't cares; an
  implicant may cover anything but negative (``"0"``) and contradictory (``"C"``) rows and
  remainders the user excluded (enhanced standard analysis: untenable or contradictory
  simplifying assumptions, ``exclude=``).
- **intermediate**: only the *easy* counterfactuals, those consistent with the directional
  expectations, are don't cares (Ragin 2008, ch. 9); see :mod:`fsqca.intermediate` for the
  exact rule, which follows R's ``QCA``.

Every model is a cover of the positive rows by the minimum number of prime implicants; with
model ambiguity all of them are listed in a stable order, and prime implicants that appear in
every model are marked essential. See :mod:`fsqca._implicants` and :mod:`fsqca._cover` for the
algorithms.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from ._budget import Budget, Progress, check_positive_int, check_time_limit
from ._cover import minimum_covers
from ._display import frame_text, html_block
from ._implicants import prime_implicants
from ._validate import QCAInputError
from .expression import Term, format_expression, format_term, parse_expression, term_from_bits, term_to_bits
from .fit import Fit, fit_terms
from .truthtable import TruthTable

__all__ = ["Model", "Solution", "minimize", "SOLUTION_TYPES"]

SOLUTION_TYPES = ("complex", "parsimonious", "intermediate")
_ALIASES = {"conservative": "complex", "c": "complex", "p": "parsimonious", "i": "intermediate"}


class _FitCache:
    """Fit of models on one truth table's data, computed once per distinct set of terms."""

    def __init__(self, tt: TruthTable):
        self.memberships, self.y, self.label = tt.condition_values(), tt.outcome_values, tt.outcome_label
        self._done: dict[frozenset, Fit] = {}

    def get(self, terms: tuple[Term, ...]) -> Fit:
        key = frozenset(terms)
        if key not in self._done:
            self._done[key] = fit_terms(terms, self.memberships, self.y, self.label)
        return self._done[key]


@dataclass(frozen=True, eq=False)
class Model:
    """One solution model: its terms (prime implicants) and their fit.

    The fit is computed when first read: with model ambiguity (and one intermediate variant per
    pair of complex and parsimonious models) most models are never looked at.
    """

    terms: tuple[Term, ...]
    _fits: "_FitCache" = field(repr=False)

    @cached_property
    def fit(self) -> Fit:
        return self._fits.get(self.terms)

    @property
    def expression(self) -> str:
        return format_expression(self.terms)

    def __str__(self) -> str:
        return self.expression


@dataclass(frozen=True, eq=False)
class Chart:
    """A prime-implicant chart and its minimum covers (one per solution or variant)."""

    masks: np.ndarray = field(repr=False)    # implicant j is rows r with r & masks[j] == values[j]
    values: np.ndarray = field(repr=False)
    conditions: tuple[str, ...]
    rows: tuple[int, ...]          # positive rows (R's row numbers)
    covers: np.ndarray = field(repr=False)  # bool (implicants x rows)
    models: tuple[Model, ...]
    essential: tuple[Term, ...]
    n_models: int
    capped: bool
    counted_all: bool
    lower_bound: int | None = None  # proven lower bound on the minimum size when not proven minimal
    n_blocks: int = 1               # independent blocks of the reduced chart

    @property
    def size(self) -> int:
        """Number of implicants in each listed model (the minimum, when ``proven``)."""
        return len(self.models[0].terms) if self.models else 0

    @property
    def proven(self) -> bool:
        """Whether the listed models are proven to have the minimum number of implicants."""
        return self.lower_bound is None

    @cached_property
    def implicants(self) -> tuple[Term, ...]:
        """The prime implicants, in order (built on first use: 76,554 of them at k = 16, n = 2000)."""
        return tuple(term_from_bits(m, v, self.conditions) for m, v in zip(self.masks.tolist(), self.values.tolist()))

    def to_frame(self) -> pd.DataFrame:
        """The chart: implicants as rows, positive truth-table rows as columns ("x" = covers)."""
        return pd.DataFrame(np.where(self.covers, "x", ""), index=[format_term(t) for t in self.implicants],
                            columns=list(self.rows))

    def summary(self) -> str:
        """How the models were reached, in words a student can follow."""
        essential = set(self.essential)
        lines = [f"Prime implicant chart: {len(self.implicants)} prime implicants, "
                 f"{len(self.rows)} positive rows to cover."]
        for term, covers in zip(self.implicants, self.covers):
            rows = ", ".join(str(r) for r, c in zip(self.rows, covers) if c)
            mark = "  (essential: the only implicant covering one of its rows)" if term in essential else ""
            lines.append(f"  {format_term(term)} covers rows {rows}{mark}")
        lines.append(frame_text(self.to_frame()))
        size = self.size
        if not self.proven:
            lines.append(f"Best cover found: {size} implicants; lower bound {self.lower_bound}; "
                         "not proven minimal (time limit reached):")
            lines += [f"  M{i}: {m.expression}" for i, m in enumerate(self.models, start=1)]
            return "\n".join(lines)
        lines.append(f"Minimum number of implicants covering every row: {size}; "
                     f"{self.n_models} model(s) reach it"
                     + (" (listing capped)" if self.capped else "")
                     + ("" if self.counted_all else " (counting stopped)") + ":")
        lines += [f"  M{i}: {m.expression}" for i, m in enumerate(self.models, start=1)]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        lines = self.summary().splitlines()
        return html_block(lines[0], [("", self.to_frame())],
                          notes=[ln for ln in lines if ln.startswith(("Minimum", "  M"))])


@dataclass(frozen=True, eq=False)
class Variant:
    """One intermediate solution: the pair (complex model, parsimonious model) it comes from."""

    complex_model: Model
    parsimonious_model: Model
    easy_counterfactuals: tuple[int, ...]
    difficult_counterfactuals: tuple[int, ...]
    chart: Chart


@dataclass(frozen=True, eq=False)
class Solution:
    """Result of :func:`minimize`.

    Attributes
    ----------
    models : tuple of Model
        Every minimal model (for the intermediate solution, of every variant, duplicates removed).
    chart : Chart or None
        The prime-implicant chart (complex and parsimonious solutions).
    variants : tuple of Variant
        Intermediate solution only: one per (complex model, parsimonious model) pair, for at
        most ``max_models`` pairs (the lowest-numbered pairs of both lists; ``n_pairs`` says
        how many pairs the listed models make).
    proven_minimal : bool
        False only when ``time_limit`` ran out before the minimum was proven: ``models`` are
        then the best covers found and ``lower_bound`` the proven lower bound on their size.
    lower_bound : int
        Proven lower bound on the number of implicants of a minimal model.
    time_limit, timed_out : float or None, bool
        The time allowed, and whether it ran out (before the proof, or while listing).
    timings : dict
        Seconds spent per stage (prime implicants, chart reductions, minimum size, listing
        models); the fit is computed later, when first read.
    """

    kind: str
    truth_table: TruthTable = field(repr=False)
    models: tuple[Model, ...]
    chart: Chart | None = field(default=None, repr=False)
    variants: tuple[Variant, ...] = field(default=(), repr=False)
    excluded: tuple[int, ...] = ()
    dir_exp: Mapping[str, str] | None = None
    n_pairs: int = 0                 # intermediate: complex x parsimonious models listed
    sources_complete: bool = True    # intermediate: both of those listings were complete
    time_limit: float | None = None  # seconds allowed (None: no limit)
    timed_out: bool = False          # the time limit was reached (proof or listing incomplete)
    timings: Mapping[str, float] = field(default_factory=dict, repr=False, compare=False)  # seconds per stage

    @property
    def _charts(self) -> list[Chart]:
        return [self.chart] if self.chart is not None else [v.chart for v in self.variants]

    @property
    def proven_minimal(self) -> bool:
        """Whether every listed model is proven to have the minimum number of implicants.

        False only when the time limit ran out before the proof: the models are then the best
        covers found, and ``lower_bound`` says how small a cover could still be.
        """
        return all(c.proven for c in self._charts)

    @property
    def lower_bound(self) -> int:
        """Proven lower bound on the number of implicants of a minimal model.

        Equal to the models' size when ``proven_minimal``; for the intermediate solution, the
        smallest bound over its charts.
        """
        return min(c.size if c.proven else c.lower_bound for c in self._charts)

    @property
    def best_size(self) -> int:
        """Number of implicants of the smallest listed model."""
        return min(len(m.terms) for m in self.models)

    @property
    def prime_implicants(self) -> tuple[Term, ...]:
        charts = [self.chart] if self.chart else [v.chart for v in self.variants]
        return tuple(dict.fromkeys(t for c in charts for t in c.implicants))

    @property
    def essential(self) -> tuple[Term, ...]:
        """Terms that appear in every model."""
        common = set(self.models[0].terms)
        for m in self.models[1:]:
            common &= set(m.terms)
        return tuple(t for t in self.models[0].terms if t in common)

    @property
    def n_models(self) -> int:
        if self.chart is not None:
            return self.chart.n_models
        return len(self.models)

    @property
    def pairs_incomplete(self) -> bool:
        """Intermediate: model pairs left unsolved, or complex / parsimonious models left unlisted."""
        return self.chart is None and (len(self.variants) < self.n_pairs or not self.sources_complete)

    @property
    def capped(self) -> bool:
        if self.pairs_incomplete:
            return True
        return any(c.capped or not c.counted_all for c in self._charts)

    def simplifying_assumptions(self, model: int = 0) -> tuple[int, ...]:
        """Remainder rows (R's row numbers) covered by the terms of ``models[model]``."""
        tt = self.truth_table
        k = tt.k
        positive = set(tt.codes("1").tolist())
        negative = set(tt.codes(["0", "C"]).tolist())
        rows = np.arange(2**k)
        hit = np.zeros(2**k, dtype=bool)
        for term in self.models[model].terms:
            mask, value = term_to_bits(term, tt.conditions)
            hit |= (rows & mask) == value
        return tuple(int(r) + 1 for r in np.flatnonzero(hit) if r not in positive and r not in negative)

    # ---- display ------------------------------------------------------------------------
    def to_frame(self) -> pd.DataFrame:
        """Tidy table: one row per (model, term) and one per model (term ``"M"``)."""
        frames = []
        essential = set(self.essential)
        for i, m in enumerate(self.models, start=1):
            f = m.fit.to_frame()
            f.insert(0, "essential", [t in essential for t in m.terms] + [False])
            f.insert(0, "term", f.index)
            f.insert(0, "model", f"M{i}")
            frames.append(f)
        return pd.concat(frames, ignore_index=True)

    def _header(self) -> str:
        tt = self.truth_table
        ic1, ic0 = tt.incl_cut
        lines = [f"{self.kind.capitalize()} solution for {tt.outcome_label} "
                 f"(incl_cut {ic1:g}{'' if ic0 is None else f', {ic0:g}'}, pri_cut {tt.pri_cut:g}, "
                 f"n_cut {tt.n_cut})"]
        if self.dir_exp:
            lines.append("directional expectations: " + ", ".join(f"{c}={v}" for c, v in self.dir_exp.items()))
        if self.excluded:
            lines.append(f"excluded remainders: {', '.join(map(str, self.excluded))}")
        n = len(self.models)
        more = ""
        if not self.proven_minimal:
            unproven = [c for c in self._charts if not c.proven]
            where = "" if self.chart is not None else f" ({len(unproven)} of {len(self._charts)} charts)"
            lines.append(f"best found: {self.best_size} implicants; lower bound {self.lower_bound}; "
                         f"not proven minimal{where}: the time limit of {self.time_limit:g} s ran out")
            more = " (best found, not proven minimal)"
        elif self.capped:
            if self.chart is None:  # intermediate: unsolved pairs may or may not add models
                more = " (listing capped: more minimal models may exist)"
            elif self.chart.counted_all:
                more = " (listing capped: more minimal models exist)"
            else:
                more = " (counting stopped: at least this many minimal models)"
        lines.append(f"{n} model{'s' if n != 1 else ''} shown of {self.n_models} "
                     f"{'minimal' if self.proven_minimal else 'found'}{more}")
        if self.timed_out and self.proven_minimal:
            lines.append(f"the time limit of {self.time_limit:g} s ran out while listing: the minimum size "
                         "is proven, the listing is incomplete")
        if self.pairs_incomplete:
            lines.append(f"intermediate variants: {len(self.variants)} of {self.n_pairs} (complex, parsimonious) "
                         "model pairs solved" + ("" if self.sources_complete else
                                                 "; the complex or parsimonious listing is itself incomplete"))
        return "\n".join(lines)

    def summary(self) -> str:
        parts = [self._header()]
        for i, m in enumerate(self.models, start=1):
            parts.append(f"\nM{i}: {m.expression}")
            parts.append(frame_text(m.fit.to_frame()))
        return "\n".join(parts)

    def __str__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        lines = self._header().splitlines()
        return html_block(lines[0], [(f"M{i}: {m.expression}", m.fit.to_frame())
                                     for i, m in enumerate(self.models, start=1)], notes=lines[1:])


# ---------------------------------------------------------------------------------------
def _solve(tt: TruthTable, positive: np.ndarray, forbidden: np.ndarray, fits: _FitCache, *, max_models,
           count_limit, node_limit, budget: Budget) -> Chart:
    budget.update("prime implicants")
    masks, values = prime_implicants(positive, forbidden, tt.k)
    pos = np.sort(positive)
    budget.update("chart reductions")
    covers = (pos[None, :] & masks[:, None]) == values[:, None]
    result = minimum_covers(covers, len(pos), max_models=max_models, count_limit=count_limit,
                            node_limit=node_limit, budget=budget)
    conds = tuple(tt.conditions)
    # only the implicants in models are built now; the chart's full list on demand
    used = sorted({j for model in result.models for j in model} | set(result.essential))
    terms = dict(zip(used, (term_from_bits(m, v, conds) for m, v in zip(masks[used].tolist(), values[used].tolist()))))
    models = tuple(Model(tuple(map(terms.__getitem__, model)), fits) for model in result.models)
    return Chart(masks, values, conds, tuple(int(r) + 1 for r in pos), covers, models,
                 tuple(map(terms.__getitem__, result.essential)), result.n_models, result.capped, result.exhausted,
                 result.lower_bound, result.n_blocks)


def _rows_except(k: int, *row_sets: np.ndarray) -> np.ndarray:
    """The rows ``0 .. 2**k - 1`` in none of ``row_sets``, sorted (a mask: ``setdiff1d`` hashes
    a million rows at k = 20 for seconds)."""
    keep = np.ones(2**k, dtype=bool)
    for rows in row_sets:
        keep[rows] = False
    return np.flatnonzero(keep)


def _excluded_rows(tt: TruthTable, exclude) -> np.ndarray:
    if exclude is None:
        return np.empty(0, np.int64)
    if isinstance(exclude, str):
        exclude = [exclude]
    rows = np.arange(2**tt.k)
    out: set[int] = set()
    for item in exclude:
        if isinstance(item, str) and not item.strip().isdigit():
            for term in parse_expression(item, tt.conditions):
                mask, value = term_to_bits(term, tt.conditions)
                out.update(int(r) for r in rows[(rows & mask) == value])
        else:
            r = int(item)
            if not 1 <= r <= 2**tt.k:
                raise QCAInputError(f"exclude: row {r} does not exist (rows are 1 to {2**tt.k})")
            out.add(r - 1)
    positive = set(tt.codes("1").tolist())
    clash = sorted(r + 1 for r in out if r in positive)
    if clash:
        raise QCAInputError(f"exclude: row(s) {', '.join(map(str, clash))} are positive rows, not remainders")
    return np.array(sorted(out), dtype=np.int64)


def minimize(
    tt: TruthTable,
    solution: str = "complex",
    *,
    dir_exp: Mapping[str, object] | str | None = None,
    exclude: Iterable[int | str] | str | None = None,
    max_models: int | None = 1000,
    count_limit: int = 1_000_000,
    node_limit: int = 10_000,
    time_limit: float | None = None,
    progress: bool | Callable[[Progress], object] = True,
) -> Solution:
    """Minimise a truth table.

    Parameters
    ----------
    tt : TruthTable
        From :func:`fsqca.truth_table`.
    solution : {"complex", "parsimonious", "intermediate"}
        ``"conservative"`` is accepted for ``"complex"``.
    dir_exp : dict or str, optional
        Intermediate solution: expectation per condition, ``1`` (present), ``0`` (absent) or
        ``"-"`` (either, the default), e.g. ``{"A": 1, "B": "-"}`` or ``"A=1,B=-"``.
    exclude : list of int or str, optional
        Remainders not to use as simplifying assumptions: R's row numbers, or expressions
        whose remainder rows are excluded (e.g. ``"A*~B"``).
    max_models : int or None
        List at most this many models (their total number is still counted, up to
        ``count_limit``); ``None`` lists all. The intermediate solution also solves at most
        this many (complex model, parsimonious model) pairs.
    count_limit : int
        Stop counting minimal models here (the count is then a lower bound).
    node_limit : int
        Search nodes allowed per chart for listing its minimal models. The minimum number of
        implicants is exact regardless; when the search stops at this limit, the solution
        says "counting stopped" and lists the models found (always at least one). On charts
        with tens of thousands of prime implicants a node costs about 0.1 ms. Counted per
        independent block of the chart (blocks share no row and no implicant).
    time_limit : float, optional
        Seconds allowed for the whole call (``None``: no limit, the exact answer however long
        it takes). When the limit runs out before the minimum is proven, the solution holds the
        best cover found, ``proven_minimal`` is False and ``lower_bound`` is the proven lower
        bound on the minimum size (HiGHS's dual bound or a packing bound); the summary says
        "best found: ... implicants; lower bound ...; not proven minimal". When it runs out
        while listing, the minimum is proven and the listing says "counting stopped".
    progress : bool or callable
        ``True`` (default): if the call is still running after a few seconds, a progress line
        (stage, search nodes, best cover size, lower bound) is written to standard error every
        few seconds, in a terminal or a notebook. ``False``: silent. A callable receives each
        :class:`fsqca._budget.Progress` instead.

    Returns
    -------
    Solution

    Examples
    --------
    >>> import pandas as pd
    >>> from fsqca import truth_table
    >>> df = pd.DataFrame({"A": [0.9, 0.8, 0.2, 0.1], "B": [0.7, 0.3, 0.8, 0.2],
    ...                    "Y": [0.9, 0.7, 0.3, 0.1]}, index=list("pqrs"))
    >>> sol = minimize(truth_table(df, "Y", ["A", "B"], incl_cut=0.8), "parsimonious")
    >>> sol.models[0].expression
    'A'
    """
    if not isinstance(tt, TruthTable):
        raise QCAInputError(f"minimize() takes a TruthTable (see fsqca.truth_table), got {type(tt).__name__}")
    time_limit = check_time_limit(time_limit)
    node_limit = check_positive_int("node_limit", node_limit)
    count_limit = check_positive_int("count_limit", count_limit)
    max_models = check_positive_int("max_models", max_models, allow_none=True)
    budget = Budget(time_limit, progress)
    try:
        sol = _minimize(tt, solution, dir_exp, exclude, max_models, count_limit, node_limit, budget)
    finally:
        budget.finish()
    sol.timings.update(budget.timings)
    return sol


def _minimize(tt, solution, dir_exp, exclude, max_models, count_limit, node_limit, budget: Budget) -> Solution:
    kind = _ALIASES.get(str(solution).lower(), str(solution).lower())
    if kind not in SOLUTION_TYPES:
        raise QCAInputError(f"solution must be one of {', '.join(SOLUTION_TYPES)}, got {solution!r}")
    positive = tt.codes("1")
    if len(positive) == 0:
        raise QCAInputError(
            f"no truth-table row is positive for {tt.outcome_label} at incl_cut {tt.incl_cut[0]:g}, "
            f"pri_cut {tt.pri_cut:g}, n_cut {tt.n_cut}: nothing to minimise (lower the cut-offs or "
            "check the calibration)"
        )
    if dir_exp is not None and kind != "intermediate":
        raise QCAInputError("dir_exp applies to the intermediate solution only")
    opts = dict(max_models=max_models, count_limit=count_limit, node_limit=node_limit, budget=budget)
    limits = dict(time_limit=budget.time_limit)
    fits = _FitCache(tt)
    not_positive = _rows_except(tt.k, positive)
    negative = tt.codes(["0", "C"])
    excluded = _excluded_rows(tt, exclude)
    forbidden_pars = np.union1d(negative, excluded)
    excl_rows = tuple(int(r) + 1 for r in np.setdiff1d(excluded, negative))

    if kind == "complex":
        chart = _solve(tt, positive, not_positive, fits, **opts)
        return Solution(kind, tt, chart.models, chart=chart, excluded=excl_rows, **limits,
                        timed_out=budget.timed_out)
    if kind == "parsimonious":
        chart = _solve(tt, positive, forbidden_pars, fits, **opts)
        return Solution(kind, tt, chart.models, chart=chart, excluded=excl_rows, **limits,
                        timed_out=budget.timed_out)

    from .intermediate import intermediate_variants, normalise_dir_exp

    expectations = normalise_dir_exp(dir_exp, tt.conditions)
    complex_chart = _solve(tt, positive, not_positive, fits, **opts)
    pars_chart = _solve(tt, positive, forbidden_pars, fits, **opts)
    variants = []
    charts: dict[int, Chart] = {}   # variants with the same easy counterfactuals share a chart
    numbered: dict[int, tuple[int, ...]] = {}  # equal row sets come as the same array

    def r_numbers(rows: np.ndarray) -> tuple[int, ...]:
        if id(rows) not in numbered:
            numbered[id(rows)] = tuple((rows + 1).tolist())
        return numbered[id(rows)]

    for c_model, p_model, easy, difficult in intermediate_variants(
        tt, complex_chart.models, pars_chart.models, forbidden_pars, expectations, max_pairs=max_models
    ):
        if id(easy) not in charts:
            charts[id(easy)] = _solve(tt, positive, _rows_except(tt.k, positive, easy), fits, **opts)
        variants.append(Variant(c_model, p_model, r_numbers(easy), r_numbers(difficult), charts[id(easy)]))
    seen: dict[frozenset, Model] = {}
    for chart in charts.values():  # variants sharing a chart share its models
        for m in chart.models:
            seen.setdefault(frozenset(m.terms), m)
    complete = not any(c.capped or not c.counted_all for c in (complex_chart, pars_chart))
    return Solution(kind, tt, tuple(seen.values()), variants=tuple(variants), excluded=excl_rows,
                    dir_exp=expectations, n_pairs=len(complex_chart.models) * len(pars_chart.models),
                    sources_complete=complete, **limits, timed_out=budget.timed_out)
