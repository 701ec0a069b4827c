"""Analysis of necessary conditions.

For a condition (or its negation) ``X`` and outcome ``Y`` (Ragin 2006; Schneider & Wagemann
2012, sec. 9.2):

- ``inclN = sum(min(X, Y)) / sum(Y)``: consistency of ``X`` as necessary for ``Y``;
- ``covN = sum(min(X, Y)) / sum(X)``: coverage, low values flag trivial necessity;
- ``RoN = sum(1 - X) / sum(1 - min(X, Y))``: relevance of necessity.

The usual reading: ``X`` is necessary if ``inclN >= 0.9`` and ``RoN`` is not close to 0.
``X`` may be any sum of products (R's ``pof("A + B <= Y")``): its membership is the maximum over
its terms, each term's the minimum over its literals.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from . import measures
from libdigigov.results import Result

from ._validate import QCAInputError, membership_matrix, resolve_columns, split_outcome
from .expression import expression_membership, format_expression, format_term, parse_expression, term_membership

__all__ = ["Necessity", "necessity"]


@dataclass(frozen=True, eq=False)
class Necessity(Result):
    """Necessity fit of each condition and its negation, for one or both outcomes."""

    table: pd.DataFrame = field(repr=False)
    threshold: float = 0.9

    _title = "Analysis of necessary conditions"

    def to_frame(self) -> pd.DataFrame:
        """Columns: outcome, condition, inclN, RoN, covN, necessary (inclN >= threshold)."""
        df = self.table.copy()
        df["necessary"] = df["inclN"] >= self.threshold - 1e-12
        return df

    def _header(self) -> list[str]:
        nec = self.to_frame()["necessary"].sum()
        return [("no condition reaches" if nec == 0 else f"{nec} condition(s) reach")
                + f" inclN >= {self.threshold:g}"]

    def _dict(self) -> dict:
        return {"threshold": self.threshold, "table": self.to_frame().to_dict(orient="records")}


def _relation(expression: str, outcome: str | None) -> tuple[str, str]:
    """Split R's ``"A + B <= Y"``; returns ``(expression, outcome)``."""
    text = str(expression)
    for arrow in ("=>", "->"):
        if arrow in text:
            raise QCAInputError(f"{text!r} states sufficiency ({arrow}): use fsqca.fit (R's pof with "
                                "'=>') for it; necessity is written 'X <= Y'")
    if "<=" in text:
        lhs, _, rhs = text.partition("<=")
        rhs = rhs.strip()
        if not rhs or "<=" in rhs:
            raise QCAInputError(f"expression {text!r}: write necessity as 'X <= Y', one outcome on the right")
        if outcome is not None and split_outcome(outcome) != split_outcome(rhs):
            raise QCAInputError(f"expression {text!r} names the outcome {rhs!r}, but outcome is {outcome!r}")
        return lhs.strip(), rhs
    if outcome is None:
        raise QCAInputError(f"expression {text!r} needs an outcome: give outcome= or write it as "
                            f"'{text} <= Y' (R's pof)")
    return text.strip(), outcome


def necessity(
    data: pd.DataFrame,
    outcome: str | None = None,
    conditions: Sequence[str] | str | None = None,
    *,
    expression: str | None = None,
    case_col: str | None = None,
    negated_outcome: bool = False,
    threshold: float = 0.9,
) -> Necessity:
    """Necessity of each condition and its negation for ``outcome``, or of any expression.

    Parameters
    ----------
    data : DataFrame
        Calibrated memberships.
    outcome : str
        Outcome column (``"~Y"`` for its negation); may be left out when ``expression`` names
        it (``"A + B <= Y"``).
    conditions : list of str, optional
        Defaults to every other column (not with ``expression``).
    expression : str, optional
        A sum of products, as R's ``pof("A + B <= Y")`` or ``pof("~A*B <= ~Y")``: one row per
        term, then (with more than one term) the whole expression, whose membership is the
        maximum over its terms.
    negated_outcome : bool
        Also report the negated outcome (as studies usually do).
    threshold : float
        Consistency at which a condition is flagged as necessary.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"A": [0.9, 0.8, 0.6, 0.1], "Y": [0.8, 0.7, 0.2, 0.1]})
    >>> necessity(df, "Y").to_frame()[["condition", "inclN"]].round(3)
      condition  inclN
    0         A  1.000
    1        ~A  0.333
    >>> df["B"] = [0.2, 0.9, 0.1, 0.3]     # sum(min(B, Y)) = 1.1 of sum(Y) = 1.8
    >>> necessity(df, expression="~A*B + B <= Y").to_frame()[["condition", "inclN"]].round(3)
      condition  inclN
    0      ~A*B  0.278
    1         B  0.611
    2  ~A*B + B  0.611
    """
    if expression is not None:
        if conditions is not None:
            raise QCAInputError("give conditions or expression, not both")
        expression, outcome = _relation(expression, outcome)
    elif outcome is None:
        raise QCAInputError("necessity needs an outcome column (or an expression 'X <= Y')")
    name, negated = split_outcome(outcome)
    if case_col is not None:
        data = data.set_index(case_col)
    if expression is not None:
        resolve_columns(data, name, None)        # the outcome column exists
        terms = parse_expression(expression, [c for c in data.columns if c != name])
        conds = list(dict.fromkeys(n for t in terms for n, _ in t))
        columns = dict(zip(conds, membership_matrix(data, conds, allow_constant=True).T))
        by_term = [(format_term(t), term_membership(t, columns)) for t in terms]
        if len(terms) > 1:
            by_term.append((format_expression(terms), expression_membership(terms, columns)))
    else:
        conds = resolve_columns(data, name, conditions)
        x = membership_matrix(data, conds)
        by_term = [(label, v) for j, c in enumerate(conds) for label, v in ((c, x[:, j]), ("~" + c, 1.0 - x[:, j]))]
    y = membership_matrix(data, [name], allow_constant=expression is not None)[:, 0]
    outcomes = [(("~" if negated else "") + name, 1.0 - y if negated else y)]
    if negated_outcome:
        outcomes.append((("" if negated else "~") + name, y if negated else 1.0 - y))
    records = []
    for label, yy in outcomes:
        for cond_label, xx in by_term:
            records.append({
                "outcome": label,
                "condition": cond_label,
                "inclN": measures.necessity_inclusion(xx, yy),
                "RoN": measures.relevance_of_necessity(xx, yy),
                "covN": measures.necessity_coverage(xx, yy),
            })
    return Necessity(pd.DataFrame.from_records(records), threshold)
