"""The results of minimisation: :class:`Solution`, its :class:`Model` s, the prime-implicant
:class:`Chart` each comes from and, for the intermediate solution, the :class:`Variant` s.

They are built by :func:`fsqca.minimize`; fits are computed when first read and once per
distinct set of terms.
"""
from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from libdigigov.results import Result, frame_html, frame_text

from ._validate import QCAInputError
from .expression import Term, format_expression, format_term, term_from_bits, term_membership, term_to_bits
from . import measures
from .fit import Fit, fit_matrix, model_fits
from .multivalue import mv_term, term_rows
from .truthtable import TruthTable

__all__ = ["Model", "Chart", "Variant", "Solution"]


class _FitCache:
    """Fit of models on one truth table's data, computed once per distinct set of terms.

    Each term's membership and its own ``inclS``, ``PRI`` and ``covS`` are computed once (models
    share most of their terms), from plain arrays read on first use; a model's fit then needs
    only its own maximum and each term's unique coverage. The models a minimisation lists are
    announced (:meth:`expect`); the first fit read computes those of the next listed models
    with it, a batch of arrays at a time (one model's fit costs mostly fixed per-call work).
    """

    #: At most this many (models x terms x cases) values per batch (512 KB arrays: larger ones
    #: cost more in fresh memory than they save in calls).
    BATCH_VALUES = 1 << 16

    def __init__(self, tt: TruthTable):
        self.tt = tt
        self._columns: dict[str, np.ndarray] | None = None
        self._literals: np.ndarray | None = None
        self._terms: dict[Term, np.ndarray] = {}
        self._term_fit: dict[Term, tuple[float, float, float]] = {}
        self._done: dict[frozenset, Fit] = {}
        self._pending: list[tuple[Term, ...]] = []  # announced models, in listing order
        self._next = 0                                # the first of them not looked at yet

    def expect(self, models) -> None:
        """Announce the term tuples of listed models (fitted in batches when first read)."""
        self._pending.extend(models)

    def _load(self) -> None:
        if self._columns is None:
            tt = self.tt
            self._columns, self.labels = tt._condition_arrays()
            self.y, self.label = tt.outcome_values, tt.outcome_label

    def _term(self, term: Term) -> np.ndarray:
        if term not in self._terms:
            self._terms[term] = term_membership(term, self._columns) if term else np.ones(len(self.y))
        return self._terms[term]

    def _add_terms(self, terms) -> None:
        """Memberships of the ``terms`` not known yet, at once for crisp and fuzzy conditions:
        each term's minimum over its literals (``x`` or ``1 - x``) read from one table of
        literals. Minima are exact, so these are the values of :func:`term_membership`."""
        missing = [t for t in dict.fromkeys(terms) if t and t not in self._terms]
        width = max(map(len, missing), default=0)
        if len(missing) < 2 or self.tt.multi_value or len(missing) * width * len(self.y) > self.BATCH_VALUES:
            return  # one by one in _term (large gathers cost more in fresh memory than they save)
        if self._literals is None:
            x = np.stack(list(self._columns.values()))  # conditions x cases
            self._literals = np.concatenate([1.0 - x, x])  # literal (condition j, value v) at v * k + j
            self._position = {c: j for j, c in enumerate(self._columns)}
        k, position = len(self._position), self._position
        index = [[position[c] + k * int(v) for c, v in t] for t in missing]
        index = np.array([row + row[:1] * (width - len(row)) for row in index])  # padded with a literal of the term
        for t, values in zip(missing, np.minimum.reduce(self._literals[index], axis=1)):
            self._terms[t] = values

    def get(self, terms: tuple[Term, ...]) -> Fit:
        key = frozenset(terms)
        if key not in self._done:
            self._load()
            if not terms:
                raise QCAInputError("a model needs at least one term")
            terms = tuple(terms)
            if len(terms) == 1:  # summed as one column, as fit() sums it
                X = self._term(terms[0])[:, None]
                self._done[key] = fit_matrix(terms, X, self.y, self.labels, self.label)
                return self._done[key]
            batch = {key: terms}
            room = self.BATCH_VALUES - len(terms) * len(self.y)
            while self._next < len(self._pending) and room > 0:
                other = self._pending[self._next]
                self._next += 1
                if len(other) > 1 and frozenset(other) not in self._done:
                    batch.setdefault(frozenset(other), other)
                    room -= len(other) * len(self.y)
            self._fit_models(list(batch.values()))
        return self._done[key]

    def _fit_models(self, models: list[tuple[Term, ...]]) -> None:
        """Fits of models of two or more terms, grouped by their number of terms."""
        self._add_terms(t for m in models for t in m)
        new = [t for t in dict.fromkeys(t for m in models for t in m) if t not in self._term_fit]
        if new:
            # as in a model of two or more terms: a (cases x terms) block summed down its columns
            # (each column in case order, whatever the other columns: the same sums as one by one)
            block = np.column_stack([self._term(t) for t in new] + [self._term(new[0])] * (len(new) == 1))
            fits = [v.tolist() for v in measures._sufficiency(block, self.y)]
            for t, incl, pri, cov in zip(new, *fits):
                self._term_fit[t] = (incl, pri, cov)
        groups: dict[int, list[tuple[Term, ...]]] = {}
        for m in models:
            groups.setdefault(len(m), []).append(m)
        for group in groups.values():
            index = {t: i for i, t in enumerate(dict.fromkeys(t for m in group for t in m))}
            table = np.stack([self._term(t) for t in index])  # distinct terms x cases
            by_term = table[np.array([[index[t] for t in m] for m in group])]  # models x terms x cases
            term_fit = np.array([[self._term_fit[t] for t in m] for m in group])  # models x terms x 3
            incl, pri, cov, cov_u = model_fits(by_term, self.y)
            for j, (m, a, b, c) in enumerate(zip(group, incl.tolist(), pri.tolist(), cov.tolist())):
                parts = (by_term[j], self.y, self.labels, term_fit[j, :, 0], term_fit[j, :, 1], term_fit[j, :, 2],
                         cov_u[j])
                self._done[frozenset(m)] = Fit._deferred(m, self.label, a, b, c, parts)


@dataclass(frozen=True, eq=False)
class Model(Result):
    """One solution model: its terms (prime implicants) and their fit.

    The fit is computed when first read: with model ambiguity (and one intermediate variant per
    pair of complex and parsimonious models) most models are never looked at. ``to_frame()``,
    ``summary()`` and ``to_dict()`` are those of its :class:`~fsqca.Fit`.
    """

    terms: tuple[Term, ...]
    _fits: "_FitCache" = field(repr=False)

    _index = True

    @cached_property
    def fit(self) -> Fit:
        return self._fits.get(self.terms)

    @property
    def expression(self) -> str:
        return format_expression(self.terms)

    @property
    def _title(self) -> str:
        return self.fit._title

    def to_frame(self) -> pd.DataFrame:
        """The model's terms and the model itself as rows: inclS, PRI, covS, covU, cases, deviant."""
        return self.fit.to_frame()

    def _dict(self) -> dict:
        return self.fit.to_dict()

    def __str__(self) -> str:
        return self.expression


@dataclass(frozen=True, eq=False)
class Chart(Result):
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
    levels: tuple[int, ...] | None = None  # multi-value: ``masks`` holds each implicant's levels (see
    #                                        fsqca.multivalue), ``values`` is None

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
        if self.levels is not None:
            return tuple(mv_term(d, self.conditions, self.levels) for d in self.masks)
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
        lines.append(frame_text(self.to_frame(), index=True))
        size = self.size
        if not self.proven:
            lines.append(f"Best cover found: {size} implicants; lower bound {self.lower_bound}; "
                         "not proven minimal (time limit reached):")
            lines += [f"  M{i}: {m.expression}" for i, m in enumerate(self.models, start=1)]
            return "\n".join(lines)
        reach = (f"{self.n_models} model(s) reach it" if self.counted_all else
                 f"at least {self.n_models} models reach it (counting stopped)")
        lines.append(f"Minimum number of implicants covering every row: {size}; {reach}"
                     + (" (listing capped)" if self.capped else "") + ":")
        lines += [f"  M{i}: {m.expression}" for i, m in enumerate(self.models, start=1)]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        lines = self.summary().splitlines()
        notes = "".join(f"<div>{html.escape(ln)}</div>" for ln in lines if ln.startswith(("Minimum", "Best", "  M")))
        return (f"<div><strong>{html.escape(lines[0])}</strong>{frame_html(self.to_frame(), index=True)}"
                f"{notes}</div>")

    def _dict(self) -> dict:
        return {"rows": list(self.rows), "implicants": [format_term(t) for t in self.implicants],
                "covers": {format_term(t): [r for r, c in zip(self.rows, cov) if c]
                           for t, cov in zip(self.implicants, self.covers)},
                "essential": [format_term(t) for t in self.essential], "size": self.size,
                "proven": self.proven, "lower_bound": self.lower_bound, "n_models": self.n_models,
                "counted_all": self.counted_all, "models": [m.expression for m in self.models]}


@dataclass(frozen=True, eq=False)
class Variant:
    """One intermediate solution: the pair (complex model, parsimonious model) it comes from."""

    complex_model: Model
    parsimonious_model: Model
    easy_counterfactuals: tuple[int, ...]
    difficult_counterfactuals: tuple[int, ...]
    chart: Chart


@dataclass(frozen=True, eq=False)
class Solution(Result):
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
    dir_exp: object = None           # intermediate: the directional expectations (fsqca.direxp.Expectations)
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
    def statements(self) -> list[str]:
        """What the search says of this solution, one line each, as :meth:`summary` shows it under
        the settings: how many models are shown of how many, "counting stopped", "not proven
        minimal", the intermediate model pairs solved."""
        return self._header().splitlines()[1:]

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
        positive = set(tt.codes("1").tolist())
        negative = set(tt.codes(["0", "C"]).tolist())
        rows = np.arange(tt.n_rows_total)
        hit = np.zeros(tt.n_rows_total, dtype=bool)
        for term in self.models[model].terms:
            if tt.multi_value:
                hit[term_rows(term, tt.conditions, tt.levels)] = True
                continue
            mask, value = term_to_bits(term, tt.conditions)
            hit |= (rows & mask) == value
        return tuple(int(r) + 1 for r in np.flatnonzero(hit) if r not in positive and r not in negative)

    # ---- display ------------------------------------------------------------------------
    def to_frame(self) -> pd.DataFrame:
        """Tidy table: one row per (model, term) and one per model (term ``"M"``)."""
        frames = []
        essential = set(self.essential)
        joined: dict = {}     # each term's case lists joined once for all models
        for i, m in enumerate(self.models, start=1):
            f = m.fit.to_frame(joined)
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
        if self.dir_exp is not None:
            lines.append("directional expectations: " + self.dir_exp.summary())
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
                more = None
        if more is None:
            lines.append(f"{n} model{'s' if n != 1 else ''} shown; at least {self.n_models} minimal models "
                         "(counting stopped at the node limit)")
        else:
            lines.append(f"{n} model{'s' if n != 1 else ''} shown of {self.n_models} "
                         f"{'minimal' if self.proven_minimal else 'found'}{more}")
        if self.timed_out and self.proven_minimal:
            lines.append(f"the time limit of {self.time_limit:g} s ran out while listing: the minimum size "
                         "is proven, the listing is incomplete")
        if self.chart is None and self.kind == "intermediate":
            lines.append(f"intermediate variants: {len(self.variants)} of {self.n_pairs} (complex, parsimonious) "
                         "model pairs solved" + ("" if self.sources_complete else
                                                 "; the complex or parsimonious listing is itself incomplete"))
        return "\n".join(lines)

    def summary(self) -> str:
        """The settings, how many models and whether they are proven minimal, then each model's fit."""
        parts = [self._header()]
        for i, m in enumerate(self.models, start=1):
            parts.append(f"\nM{i}: {m.expression}")
            parts.append(frame_text(m.fit.to_frame(), index=True))
        return "\n".join(parts)

    def _repr_html_(self) -> str:
        lines = self._header().splitlines()
        body = "".join(f"<div style='margin-top:0.5em'><em>M{i}: {html.escape(m.expression)}</em></div>"
                       + frame_html(m.fit.to_frame(), index=True) for i, m in enumerate(self.models, start=1))
        notes = "".join(f"<div style='font-size:90%'>{html.escape(ln)}</div>" for ln in lines[1:])
        return f"<div><strong>{html.escape(lines[0])}</strong>{notes}{body}</div>"

    def _dict(self) -> dict:
        return {"solution": self.kind, "outcome": self.truth_table.outcome_label, "n_models": self.n_models,
                "capped": self.capped, "proven_minimal": self.proven_minimal, "lower_bound": self.lower_bound,
                "n_pairs": self.n_pairs, "essential": [format_term(t) for t in self.essential],
                "dir_exp": None if self.dir_exp is None else self.dir_exp.to_dict(),
                "models": [dict(m.to_dict(), expression=m.expression) for m in self.models],
                "header": self._header().splitlines()}
