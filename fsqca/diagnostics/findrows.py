"""Untenable, contradictory and simultaneous-subset truth-table rows (R's ``findRows``).

The enhanced standard analysis (Schneider & Wagemann 2012, ch. 8) keeps some remainders out of
the minimisation. R's ``QCA::findRows(obj, expression, observed, type)`` finds them; the rows it
returns (R's numbers, ``1 + sum_j c_j 2^(k-j)``, first condition most significant) go straight
to ``minimize(..., exclude=rows)``:

- **type 1**: every row of the ``2^k`` whose configuration satisfies ``expression`` (some
  product of it has all its literals matched), minus the observed rows (rows some case falls
  in, including rows below ``n_cut`` and ``n = 0`` rows made by memberships of 0.5); with
  ``observed=True`` the observed rows are kept. Typical use: the remainders that contradict a
  necessary condition ``X`` are those of ``~X``.
- **type 2** (contradictory simplifying assumptions): the truth table of the negated outcome is
  built with the same ``pri_cut`` and ``n_cut`` and the inclusion cut-offs reversed
  (``(ic1, ic0)`` becomes ``(ic0, ic1)``: the negation's positive threshold is ``ic0`` and it
  has no "C" rows). Both tables are minimised with remainders (parsimonious solution, every
  minimal model); the simplifying assumptions of each side are the remainders covered by the
  terms of any of its models; the answer is the rows in both.
- **type 3** (simultaneous subset relations): rows with OUT "1" in both tables.
- **type 0**: all three (R's convention).

Examples
--------
>>> import pandas as pd
>>> from fsqca import truth_table, minimize
>>> df = pd.DataFrame({"A": [0.9, 0.8, 0.2, 0.7], "B": [0.8, 0.3, 0.7, 0.9],
...                    "C": [0.2, 0.1, 0.3, 0.8], "Y": [0.9, 0.7, 0.2, 0.8]}, index=list("pqrs"))
>>> tt = truth_table(df, "Y", ["A", "B", "C"], incl_cut=0.8)
>>> untenable = find_rows(tt, "~A", type=1)          # remainders with A absent
>>> untenable.rows
(1, 2, 4)
>>> minimize(tt, "parsimonious", exclude=untenable.rows).models[0].expression
'A'
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from libdigigov.results import Result

from .._validate import QCAInputError
from ..expression import format_expression, parse_expression, term_to_bits
from ..minimize import minimize
from ..truthtable import TruthTable, truth_table

__all__ = ["FindRows", "find_rows", "negated_truth_table", "parse_types"]

_TYPE_NAMES = {1: "subset of the expression", 2: "contradictory simplifying assumption",
               3: "simultaneous subset relation"}


@dataclass(frozen=True, eq=False)
class FindRows(Result):
    """Rows found by :func:`find_rows`: R's row numbers and why each was found.

    ``rows`` is what ``minimize(tt, ..., exclude=rows)`` takes. ``to_frame()`` has one row per
    found row: its configuration, its OUT in the truth table ("-" when unobserved), its OUT
    in the negated outcome's table (types 2 and 3) and the types that found it.
    """

    rows: tuple[int, ...]
    types: tuple[int, ...]
    expression: str | None
    observed: bool
    outcome: str
    table: pd.DataFrame = field(repr=False)
    warnings: tuple[str, ...] = ()
    negated_cuts: dict | None = None
    own_negated_cuts: bool = False

    _title = "Rows found (R's findRows)"

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def _header(self) -> list[str]:
        head = [f"outcome {self.outcome}; type(s) {', '.join(map(str, self.types))}"]
        if self.expression:
            head.append(f"expression {self.expression}; observed rows {'kept' if self.observed else 'left out'}")
        head.append(f"rows: {', '.join(map(str, self.rows)) or 'none'}")
        return head

    def _notes(self) -> list[str]:
        notes = [f"type {t}: {_TYPE_NAMES[t]}" for t in self.types]
        if (2 in self.types or 3 in self.types) and self.own_negated_cuts:
            c = self.negated_cuts
            notes.append(f"the negated outcome's truth table uses its own cut-offs: incl_cut "
                         f"{', '.join(f'{v:g}' for v in c['incl_cut'])}, pri_cut {c['pri_cut']:g}, n_cut {c['n_cut']}")
        elif 2 in self.types or 3 in self.types:
            notes.append("the negated outcome's truth table uses the same pri_cut and n_cut and the inclusion "
                         "cut-offs reversed (as R does): its positive threshold is ic0 when two are given")
        if 2 in self.types:
            notes.append("type 2 takes the simplifying assumptions of every minimal parsimonious model of each side")
        return notes + list(self.warnings)

    def _dict(self) -> dict:
        return {"rows": list(self.rows), "types": list(self.types), "expression": self.expression,
                "observed": self.observed, "outcome": self.outcome, "negated_cuts": self.negated_cuts,
                "table": self.table.to_dict(orient="records")}


def negated_truth_table(tt: TruthTable, incl_cut=None, pri_cut: float | None = None,
                        n_cut: int | None = None) -> TruthTable:
    """The truth table of the negated outcome as R's ``findRows`` builds it, or with its own
    cut-offs.

    By default (R): same data, conditions, ``pri_cut`` and ``n_cut``; the inclusion cut-offs
    reversed, so the positive threshold is ``ic0`` when two cut-offs were given (and there are
    no "C" rows); R's binomial row test when the table used it (R evaluates the table's call
    again with the outcome negated). ``incl_cut``, ``pri_cut`` and ``n_cut`` replace the defaults
    one by one.
    """
    ic1, ic0 = tt.incl_cut
    outcome = ("" if tt.negated else "~") + tt.outcome
    return truth_table(tt.memberships, outcome, list(tt.conditions),
                       incl_cut=(ic1 if ic0 is None else ic0) if incl_cut is None else incl_cut,
                       pri_cut=tt.pri_cut if pri_cut is None else pri_cut,
                       n_cut=tt.n_cut if n_cut is None else n_cut, inf_test=tt.inf_test)


def parse_types(type) -> tuple[int, ...]:
    """The row types of :func:`find_rows` (0 means 1, 2 and 3), checked before any computation."""
    items = [type] if np.ndim(type) == 0 and not isinstance(type, str) else (
        type.split(",") if isinstance(type, str) else list(type))
    out = set()
    for t in items:
        try:
            v = int(str(t).strip())
        except ValueError:
            raise QCAInputError(f"type must be 0, 1, 2 or 3, got {t!r}") from None
        if v not in (0, 1, 2, 3):
            raise QCAInputError(f"type must be 0, 1, 2 or 3, got {v}")
        out.add(v)
    if not out:
        raise QCAInputError("type: give at least one of 0, 1, 2, 3")
    return (1, 2, 3) if 0 in out else tuple(sorted(out))


def _simplifying_assumptions(tt: TruthTable, warnings: list[str], side: str) -> set[int]:
    if len(tt.codes("1")) == 0:
        warnings.append(f"the truth table of {side} has no positive row, so it has no simplifying assumptions "
                        "(R's minimize, and with it findRows, stops with an error here)")
        return set()
    sol = minimize(tt, "parsimonious", max_models=None, node_limit=1_000_000)
    if sol.capped:
        warnings.append(f"the listing of the minimal models of {side} stopped early: type 2 may miss rows")
    return {r for i in range(len(sol.models)) for r in sol.simplifying_assumptions(i)}


def find_rows(
    tt: TruthTable,
    expression: str | None = None,
    *,
    type: int | Sequence[int] | str = 1,
    observed: bool = False,
    negated_incl_cut=None,
    negated_pri_cut: float | None = None,
    negated_n_cut: int | None = None,
) -> FindRows:
    """Untenable (type 1), contradictory (2) or simultaneously consistent (3) rows, as R's ``findRows``.

    Parameters
    ----------
    tt : TruthTable
        From :func:`fsqca.truth_table`.
    expression : str, optional
        Types 1 and 0: the rows that are subsets of this sum of products, e.g. ``"~A"`` (the
        negation of a necessary condition ``A``) or ``"A*~B + C"``.
    type : int, list of int or str
        1, 2, 3, several (``[1, 2]`` or ``"1,2"``: their union), or 0 for all three.
    observed : bool
        Type 1: keep the observed rows (R's ``observed = TRUE``); by default only remainders.
    negated_incl_cut, negated_pri_cut, negated_n_cut : optional
        Types 2 and 3: cut-offs of the negated outcome's truth table, when they differ from the
        outcome's. R's ``findRows(obj = tt, type = 2)`` uses the outcome's (``ic0`` as the
        inclusion cut-off when two are given); studies often choose the negated outcome's
        separately, and then compare the two parsimonious solutions by hand: this is that, in
        one call.

    Returns
    -------
    FindRows
        ``rows`` (R's row numbers, sorted) and a table of the reasons.
    """
    if not isinstance(tt, TruthTable):
        raise QCAInputError(f"find_rows() takes a TruthTable (see fsqca.truth_table), got {tt.__class__.__name__}")
    if tt.multi_value:
        raise QCAInputError("find_rows works on crisp and fuzzy truth tables; this one has multi-value "
                            "conditions (" + ", ".join(c for c, v in zip(tt.conditions, tt.levels) if v > 2) + ")")
    types = parse_types(type)
    terms = None
    if 1 in types:
        if expression is None or not str(expression).strip():
            raise QCAInputError("find_rows type 1 needs an expression: the rows that are subsets of it are "
                                "returned (e.g. expression='~A' for the remainders contradicting a necessary A)")
        terms = parse_expression(str(expression), tt.conditions)
    elif expression is not None and str(expression).strip():
        raise QCAInputError(f"expression is used by type 1 only; type(s) {', '.join(map(str, types))} take none")
    if tt.inf_test:  # the negated outcome's table below is decided by the cut-offs
        raise QCAInputError("find_rows works on truth tables whose OUT comes from the cut-offs, not on tables "
                            "decided by inf_test")
    k = tt.k
    all_rows = np.arange(2**k)
    observed_rows = set((tt.rows.index.to_numpy() - 1).tolist())
    found: dict[int, list[int]] = {}
    warnings: list[str] = []

    if terms is not None:
        hit = np.zeros(2**k, dtype=bool)
        for term in terms:
            mask, value = term_to_bits(term, tt.conditions)
            hit |= (all_rows & mask) == value
        for r in np.flatnonzero(hit).tolist():
            if observed or r not in observed_rows:
                found.setdefault(r, []).append(1)
    ntt = None
    own = (negated_incl_cut, negated_pri_cut, negated_n_cut)
    if any(v is not None for v in own) and not (2 in types or 3 in types):
        raise QCAInputError("the negated outcome's cut-offs are used by types 2 and 3 only")
    if 2 in types or 3 in types:
        ntt = negated_truth_table(tt, *own)
    if 2 in types:
        pos = _simplifying_assumptions(tt, warnings, tt.outcome_label)
        neg = _simplifying_assumptions(ntt, warnings, ntt.outcome_label)
        for r in sorted(pos & neg):
            found.setdefault(r - 1, []).append(2)
    if 3 in types:
        both = set(tt.codes("1").tolist()) & set(ntt.codes("1").tolist())
        for r in sorted(both):
            found.setdefault(r, []).append(3)

    rows = sorted(found)
    out_pos = tt.rows["OUT"]
    out_neg = ntt.rows["OUT"] if ntt is not None else None
    records = []
    for r in rows:
        rec = {"row": r + 1}
        rec.update({c: int((r >> (k - 1 - j)) & 1) for j, c in enumerate(tt.conditions)})
        rec["OUT"] = out_pos.get(r + 1, "-")
        if out_neg is not None:
            rec["OUT_negated"] = out_neg.get(r + 1, "-")
        rec["types"] = ",".join(map(str, sorted(set(found[r]))))
        records.append(rec)
    cols = ["row", *tt.conditions, "OUT"] + (["OUT_negated"] if out_neg is not None else []) + ["types"]
    table = pd.DataFrame(records, columns=cols)
    expr_text = format_expression(terms) if terms is not None else None
    negated_cuts = None if ntt is None else {"incl_cut": [v for v in ntt.incl_cut if v is not None],
                                              "pri_cut": ntt.pri_cut, "n_cut": ntt.n_cut}
    return FindRows(tuple(r + 1 for r in rows), types, expr_text, bool(observed), tt.outcome_label, table,
                    tuple(warnings), negated_cuts, any(v is not None for v in own))
