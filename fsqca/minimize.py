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

import numpy as np

from ._budget import Budget, Progress, check_positive_int, check_time_limit
from ._cover import minimum_covers
from ._implicants import prime_implicants
from ._validate import QCAInputError
from .expression import parse_expression, term_from_bits, term_to_bits
from .multivalue import levels_of, mv_covers, mv_prime_implicants, mv_term, term_rows
from .solution import Chart, Model, Solution, Variant, _FitCache
from .truthtable import TruthTable

__all__ = ["Model", "Solution", "minimize", "SOLUTION_TYPES"]

SOLUTION_TYPES = ("complex", "parsimonious", "intermediate")
_ALIASES = {"conservative": "complex", "c": "complex", "p": "parsimonious", "i": "intermediate"}


# ---------------------------------------------------------------------------------------
def _solve(tt: TruthTable, positive: np.ndarray, forbidden: np.ndarray, fits: _FitCache, *, max_models,
           count_limit, node_limit, budget: Budget) -> Chart:
    budget.update("prime implicants")
    pos = np.sort(positive)
    conds = tuple(tt.conditions)
    if tt.multi_value:
        masks, values = mv_prime_implicants(positive, forbidden, tt.levels), None  # digits; levels there
        budget.update("chart reductions")
        covers = mv_covers(masks, pos, tt.levels)
    else:
        masks, values = prime_implicants(positive, forbidden, tt.k)
        budget.update("chart reductions")
        covers = _cover_chart(pos, masks, values, tt.k)
    result = minimum_covers(covers, len(pos), max_models=max_models, count_limit=count_limit,
                            node_limit=node_limit, budget=budget)
    # only the implicants in models are built now; the chart's full list on demand
    used = sorted({j for model in result.models for j in model} | set(result.essential))
    if tt.multi_value:
        terms = {j: mv_term(masks[j], conds, tt.levels) for j in used}
    else:
        terms = dict(zip(used, (term_from_bits(m, v, conds)
                                for m, v in zip(masks[used].tolist(), values[used].tolist()))))
    models = tuple(Model(tuple(map(terms.__getitem__, model)), fits) for model in result.models)
    fits.expect(m.terms for m in models)
    return Chart(masks, values, conds, tuple((pos + 1).tolist()), covers, models,
                 tuple(map(terms.__getitem__, result.essential)), result.n_models, result.capped, result.exhausted,
                 result.lower_bound, result.n_blocks, levels=tt.levels if tt.multi_value else None)


def _cover_chart(pos: np.ndarray, masks: np.ndarray, values: np.ndarray, k: int) -> np.ndarray:
    """Which positive rows (``pos``, configuration codes) each implicant covers (bool,
    implicants x rows): ``code & mask == value``.

    In the narrowest unsigned type that holds ``k`` bits, a block of implicants at a time: at
    k = 16 with 91,352 implicants and 1,963 rows one int64 expression made 1.4 GB temporaries
    and took 10 s; this takes a fraction of a second.

    >>> _cover_chart(np.array([0b01, 0b11]), np.array([0b10, 0b00]), np.array([0b00, 0b00]), 2).tolist()
    [[True, False], [True, True]]
    """
    dtype = np.uint8 if k <= 8 else np.uint16 if k <= 16 else np.uint32
    codes = pos.astype(dtype)
    out = np.empty((len(masks), len(pos)), dtype=bool)
    step = max(1, (1 << 22) // max(len(pos), 1))
    for s in range(0, len(masks), step):
        m = masks[s:s + step].astype(dtype)[:, None]
        np.equal(codes[None, :] & m, values[s:s + step].astype(dtype)[:, None], out=out[s:s + step])
    return out


def _rows_except(size: int, *row_sets: np.ndarray) -> np.ndarray:
    """The rows ``0 .. size - 1`` in none of ``row_sets``, sorted (a mask: ``setdiff1d`` hashes
    a million rows at k = 20 for seconds)."""
    keep = np.ones(size, dtype=bool)
    for rows in row_sets:
        keep[rows] = False
    return np.flatnonzero(keep)


def _excluded_rows(tt: TruthTable, exclude) -> np.ndarray:
    if exclude is None:
        return np.empty(0, np.int64)
    if isinstance(exclude, str):
        exclude = [exclude]
    size = tt.n_rows_total
    rows = np.arange(size)
    out: set[int] = set()
    for item in exclude:
        if isinstance(item, str) and not item.strip().isdigit():
            if tt.multi_value:
                for term in parse_expression(item, tt.conditions, levels_of(tt.conditions, tt.levels)):
                    out.update(term_rows(term, tt.conditions, tt.levels).tolist())
                continue
            for term in parse_expression(item, tt.conditions):
                mask, value = term_to_bits(term, tt.conditions)
                out.update(int(r) for r in rows[(rows & mask) == value])
        else:
            r = int(item)
            if not 1 <= r <= size:
                raise QCAInputError(f"exclude: row {r} does not exist (rows are 1 to {size})")
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
    dir_exp_rule: str | None = None,
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
    dir_exp : str or dict, optional
        Intermediate solution: directional expectations in R's notation, e.g.
        ``"DEV, URB, ~LIT"``, conjunctural ``"DEV, STB, ~LIT*IND"``, multi-value
        ``"DEV[1,2], URB[1]"`` (see :mod:`fsqca.direxp` for how R applies them); or per
        condition ``1`` (present), ``0`` (absent) or ``"-"`` (either, the default), e.g.
        ``{"A": 1, "B": "-"}`` or ``"A=1,B=-"``.
    dir_exp_rule : {"R", "all"}, optional
        How conjunctural expectations are applied: ``"R"`` (the default) as R's QCA 3.23 does,
        which then ignores the simple ones and all but the last conjunctural term (the summary
        says which); ``"all"`` applies every expectation (see :mod:`fsqca.direxp`).
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
        bound on the minimum size (HiGHS's dual bound, a packing bound, the Lagrangian bound,
        or on the largest charts that bound raised by reduced-cost fixing and a feasibility
        test, see ``docs/fsqca.md``); the summary says
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

    Lipset's data, as in Dusa (2019, ch. 8) and R's ``minimize(truthTable(LF, SURV,
    incl.cut = 0.8), include = "?")``: the parsimonious solution DEV*~IND + URB*STB, with the
    consistency and coverage R prints (0.850 and 0.714).

    >>> from fsqca.datasets import load_dataset
    >>> tt = truth_table(load_dataset("LF"), "SURV", incl_cut=0.8)
    >>> pars = minimize(tt, "parsimonious")
    >>> pars.models[0].expression, round(pars.models[0].fit.inclS, 3), round(pars.models[0].fit.covS, 3)
    ('DEV*~IND + URB*STB', 0.85, 0.714)
    """
    if not isinstance(tt, TruthTable):
        raise QCAInputError(f"minimize() takes a TruthTable (see fsqca.truth_table), got {type(tt).__name__}")
    time_limit = check_time_limit(time_limit)
    node_limit = check_positive_int("node_limit", node_limit)
    count_limit = check_positive_int("count_limit", count_limit)
    max_models = check_positive_int("max_models", max_models, allow_none=True)
    budget = Budget(time_limit, progress)
    try:
        sol = _minimize(tt, solution, dir_exp, dir_exp_rule, exclude, max_models, count_limit, node_limit, budget)
    finally:
        budget.finish()
    sol.timings.update(budget.timings)
    return sol


def _minimize(tt, solution, dir_exp, dir_exp_rule, exclude, max_models, count_limit, node_limit,
              budget: Budget) -> Solution:
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
    if (dir_exp is not None or dir_exp_rule is not None) and kind != "intermediate":
        raise QCAInputError("dir_exp and dir_exp_rule apply to the intermediate solution only")
    opts = dict(max_models=max_models, count_limit=count_limit, node_limit=node_limit, budget=budget)
    limits = dict(time_limit=budget.time_limit)
    fits = _FitCache(tt)
    negative = tt.codes(["0", "C"])
    excluded = _excluded_rows(tt, exclude)
    if len(excluded) or np.any(negative[1:] <= negative[:-1]):  # else already sorted and distinct
        forbidden_pars = np.union1d(negative, excluded)
        excl_rows = tuple(int(r) + 1 for r in np.setdiff1d(excluded, negative))
    else:
        forbidden_pars, excl_rows = negative, ()

    if kind == "complex":
        chart = _solve(tt, positive, _rows_except(tt.n_rows_total, positive), fits, **opts)
        return Solution(kind, tt, chart.models, chart=chart, excluded=excl_rows, **limits,
                        timed_out=budget.timed_out)
    if kind == "parsimonious":
        chart = _solve(tt, positive, forbidden_pars, fits, **opts)
        return Solution(kind, tt, chart.models, chart=chart, excluded=excl_rows, **limits,
                        timed_out=budget.timed_out)

    from .intermediate import intermediate_variants, normalise_dir_exp

    expectations = normalise_dir_exp(dir_exp, tt, dir_exp_rule)
    complex_chart = _solve(tt, positive, _rows_except(tt.n_rows_total, positive), fits, **opts)
    pars_chart = _solve(tt, positive, forbidden_pars, fits, **opts)
    variants = []
    # keyed on the rows themselves: variants with the same easy counterfactuals share a chart
    charts: dict[bytes, Chart] = {}
    numbered: dict[bytes, tuple[int, ...]] = {}

    def r_numbers(rows: np.ndarray) -> tuple[int, ...]:
        key = rows.tobytes()
        if key not in numbered:
            numbered[key] = tuple((rows + 1).tolist())
        return numbered[key]

    for c_model, p_model, easy, difficult in intermediate_variants(
        tt, complex_chart.models, pars_chart.models, forbidden_pars, expectations, max_pairs=max_models
    ):
        key = easy.tobytes()
        if key not in charts:
            charts[key] = _solve(tt, positive, _rows_except(tt.n_rows_total, positive, easy), fits, **opts)
        variants.append(Variant(c_model, p_model, r_numbers(easy), r_numbers(difficult), charts[key]))
    seen: dict[frozenset, Model] = {}
    for chart in charts.values():  # variants sharing a chart share its models
        for m in chart.models:
            seen.setdefault(frozenset(m.terms), m)
    complete = not any(c.capped or not c.counted_all for c in (complex_chart, pars_chart))
    return Solution(kind, tt, tuple(seen.values()), variants=tuple(variants), excluded=excl_rows,
                    dir_exp=expectations, n_pairs=len(complex_chart.models) * len(pars_chart.models),
                    sources_complete=complete, **limits, timed_out=budget.timed_out)
