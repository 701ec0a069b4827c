"""Case selection for follow-up case studies after QCA (SetMethods' ``smmr``).

Set-theoretic multi-method research (Schneider & Rohlfing 2013, 2016; Oana, Schneider &
Thomann 2021, ch. 7) picks cases by their memberships in a sufficient term (or the whole
solution) ``X`` and in the outcome ``Y``. The types and the scores follow SetMethods
(``cases.suf.*`` and ``matches.suf.*``, the helpers of ``smmr``); lower scores are better:

==========================  ================================  =====================================
type                        cases                             score ("Best")
==========================  ================================  =====================================
typical                     X > 0.5, Y > 0.5, X <= Y          2(Y - X) + (1 - X)
deviant consistency         X > 0.5, Y < 0.5                  1 - (X - Y) + (1 - X)
deviant coverage            solution < 0.5, Y > 0.5           1 - w (w: membership in its
                                                              truth-table row)
individually irrelevant     solution < 0.5, Y < 0.5           (none)
==========================  ================================  =====================================

The *most typical* (most deviant) cases of a term are those with the lowest score (scores within
``TIE`` = 1e-10 of it tie: SetMethods compares exactly, so that rounding noise such as
0.3999999999999999 against 0.4 would split a real tie); a typical
case is *uniquely covered* when it is typical for no other term of the model. Matching pairs:

- typical vs deviant consistency, per term: ``|x_i - x_j| + (1 - (y_i - y_j)) + (1 - x_i) +
  (1 - x_j)``;
- deviant coverage vs individually irrelevant, in the same truth-table row:
  ``|w_i - w_j| + (1 - (y_i - y_j)) + (1 - w_i) + (1 - w_j)``;
- typical vs individually irrelevant for a focal conjunct ``f`` of a term with complementary
  conjuncts ``c`` (their minimum; 0 for a single-literal term), typical and irrelevant judged
  on the term: ``(1 - (f_i - f_j)) + (1 - (y_i - y_j)) + |c_i - c_j| + 2|y_i - f_i| + |y_j - f_j|``.

Pairs are sorted by score and at most ``max_pairs`` are kept per term (or truth-table row, or
focal conjunct); ``best`` marks the lowest score. SetMethods' further ranking of typical-IIR
pairs (its eight "pair ranks") is not reproduced: pairs are ordered by score only, which the
notes say.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import product

import numpy as np
import pandas as pd

from libdigigov.results import Result

from .._validate import QCAInputError, membership_matrix, resolve_columns, split_outcome
from ..expression import Term, format_expression, format_term, parse_expression, term_membership

__all__ = ["CaseSelection", "smmr", "TIE"]

#: Scores closer than this to the lowest are tied (0.4 and 0.3999999999999999 are the same score).
TIE = 1e-10

_CASE_COLUMNS = ["term", "type", "case", "membership", "outcome", "best", "most", "unique_cover", "tt_row"]
_PAIR_COLUMNS = ["type", "term", "focal", "case_1", "case_2", "best", "best_pair"]


@dataclass(frozen=True, eq=False)
class CaseSelection(Result):
    """Typical, deviant and irrelevant cases and matching pairs (SetMethods' ``smmr``).

    ``to_frame()`` lists the cases: ``term`` (a term or ``"solution"``), ``type``
    ("typical", "deviant consistency", "deviant coverage", "irrelevant"), ``case``,
    ``membership`` (in the term, or in the truth-table row for deviant coverage), ``outcome``,
    ``best`` (the score, lower is better), ``most`` (lowest score of its term and type),
    ``unique_cover`` (typical cases: typical for this term only) and ``tt_row`` (R's row number).
    ``pairs`` lists the matching pairs.
    """

    cases: pd.DataFrame = field(repr=False)
    pairs: pd.DataFrame = field(repr=False)
    expression: str
    outcome: str
    max_pairs: int

    _title = "Case selection (SetMethods' smmr)"

    def to_frame(self) -> pd.DataFrame:
        return self.cases.copy()

    def most_typical(self) -> dict[str, list[str]]:
        """The most typical case(s) of each term and of the solution."""
        typ = self.cases[(self.cases["type"] == "typical") & self.cases["most"]]
        return {t: list(part["case"]) for t, part in typ.groupby("term", sort=False)}

    def _header(self) -> list[str]:
        return [f"{self.expression} -> {self.outcome}"]

    def _notes(self) -> list[str]:
        most = "; ".join(f"{t}: {', '.join(map(str, c))}" for t, c in self.most_typical().items())
        return [f"most typical cases: {most or 'none'}",
                f"{len(self.pairs)} matching pairs (at most {self.max_pairs} per term, row or focal conjunct)",
                "typical-irrelevant pairs are ordered by score only (SetMethods' pair ranks are not reproduced)"]

    def _dict(self) -> dict:
        return {"expression": self.expression, "outcome": self.outcome,
                "cases": self.cases.to_dict(orient="records"), "pairs": self.pairs.to_dict(orient="records"),
                "most_typical": self.most_typical()}


def _rows_and_w(members: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    x = members.to_numpy(dtype=float)
    k = x.shape[1]
    rows = 1 + ((x > 0.5).astype(np.int64) @ (1 << np.arange(k - 1, -1, -1)))
    w = np.where(x <= 0.5, 1.0 - x, x).min(axis=1)
    return rows, w


def _top_pairs(records: list[dict], group: list[str], max_pairs: int) -> list[dict]:
    if not records:
        return []
    df = pd.DataFrame(records)
    out = []
    for _, part in df.groupby(group, sort=False):
        part = part.sort_values("best", kind="stable")
        part = part.assign(best_pair=part["best"] <= part["best"].min() + TIE)
        out.extend(part.head(max_pairs).to_dict(orient="records"))
    return out


def smmr(model, data: pd.DataFrame | None = None, outcome: str | None = None, *, model_index: int = 0,
         max_pairs: int = 5) -> CaseSelection:
    """Typical, deviant and irrelevant cases and matching pairs for follow-up case studies.

    Parameters
    ----------
    model : Solution or str
        A :class:`fsqca.Solution` (its model ``model_index``) or a sum-of-products expression
        (then give ``data`` and ``outcome``).
    max_pairs : int
        Matching pairs kept per term, truth-table row or focal conjunct (SetMethods' default 5).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"A": [0.9, 0.7, 0.8, 0.2, 0.3], "B": [0.8, 0.6, 0.1, 0.9, 0.2],
    ...                    "Y": [0.95, 0.8, 0.3, 0.7, 0.1]}, index=list("pqrst"))
    >>> sel = smmr("A*B", df, "Y")
    >>> sel.most_typical()
    {'A*B': ['p'], 'solution': ['p']}
    >>> sel.to_frame().query("type == 'deviant coverage'")["case"].tolist()
    ['s']
    """
    from ..minimize import Solution

    if int(max_pairs) != max_pairs or max_pairs < 1:
        raise QCAInputError(f"max_pairs must be a whole number of at least 1, got {max_pairs!r}")
    if isinstance(model, Solution):
        if not 0 <= model_index < len(model.models):
            raise QCAInputError(f"model_index {model_index} does not exist: the solution has {len(model.models)} model(s)")
        tt = model.truth_table
        members, y, label = tt.condition_values(), tt.outcome_values, tt.outcome_label
        terms = model.models[model_index].terms
    else:
        if data is None or outcome is None or not isinstance(model, str):
            raise QCAInputError("smmr with an expression needs the expression, data and outcome")
        name, negated = split_outcome(outcome)
        everything = [c for c in data.columns if c != name]
        terms = parse_expression(model, everything)
        conds = resolve_columns(data, name, everything)
        members = pd.DataFrame(membership_matrix(data, conds, allow_constant=True), index=data.index, columns=conds)
        y = membership_matrix(data, [name], allow_constant=True)[:, 0]
        y = 1.0 - y if negated else y
        label = ("~" if negated else "") + name
    cases = np.asarray(members.index)
    X = {format_term(t): term_membership(t, members) for t in terms}
    sol = np.max(np.vstack(list(X.values())), axis=0)
    rows, w = _rows_and_w(members)

    recs: list[dict] = []
    typical_count = np.zeros(len(y), dtype=int)
    for x in X.values():
        typical_count += (x > 0.5) & (y > 0.5) & (x <= y)
    for term, x in [*X.items(), ("solution", sol)]:
        typ = (x > 0.5) & (y > 0.5) & (x <= y)
        for i in np.flatnonzero(typ):
            recs.append({"term": term, "type": "typical", "case": cases[i], "membership": x[i], "outcome": y[i],
                         "best": 2 * (y[i] - x[i]) + (1 - x[i]),
                         "unique_cover": bool(typical_count[i] == 1) if term != "solution" else None,
                         "tt_row": int(rows[i])})
        for i in np.flatnonzero((x > 0.5) & (y < 0.5)):
            recs.append({"term": term, "type": "deviant consistency", "case": cases[i], "membership": x[i],
                         "outcome": y[i], "best": 1 - (x[i] - y[i]) + (1 - x[i]), "unique_cover": None,
                         "tt_row": int(rows[i])})
    for i in np.flatnonzero((sol < 0.5) & (y > 0.5)):
        recs.append({"term": "solution", "type": "deviant coverage", "case": cases[i], "membership": w[i],
                     "outcome": y[i], "best": 1 - w[i], "unique_cover": None, "tt_row": int(rows[i])})
    for i in np.flatnonzero((sol < 0.5) & (y < 0.5)):
        recs.append({"term": "solution", "type": "irrelevant", "case": cases[i], "membership": sol[i],
                     "outcome": y[i], "best": np.nan, "unique_cover": None, "tt_row": int(rows[i])})
    table = pd.DataFrame(recs, columns=[c for c in _CASE_COLUMNS if c != "most"])
    if table.empty:
        table["most"] = pd.Series(dtype=bool)
    else:
        # ties within TIE count as ties (SetMethods compares exactly, so rounding can split a real tie)
        most = table["best"] <= table.groupby(["term", "type"], sort=False)["best"].transform("min") + TIE
        dcv = table["type"] == "deviant coverage"        # the most deviant case of each truth-table row
        if dcv.any():
            most[dcv] = table.loc[dcv, "best"] <= table[dcv].groupby("tt_row")["best"].transform("min") + TIE
        table["most"] = most
    table = table[_CASE_COLUMNS].sort_values(["term", "type", "best"], kind="stable").reset_index(drop=True)

    pairs = _pairs(X, sol, y, w, rows, cases, terms, members, int(max_pairs))
    return CaseSelection(table, pairs, format_expression(terms), label, int(max_pairs))


def _pairs(X, sol, y, w, rows, cases, terms: tuple[Term, ...], members, max_pairs: int) -> pd.DataFrame:
    recs: list[dict] = []
    for term, x in X.items():
        typ = np.flatnonzero((x > 0.5) & (y > 0.5) & (x <= y))
        dcn = np.flatnonzero((x > 0.5) & (y < 0.5))
        recs += _top_pairs([{"type": "typical-deviant consistency", "term": term, "focal": None,
                             "case_1": cases[i], "case_2": cases[j],
                             "best": abs(x[i] - x[j]) + (1 - (y[i] - y[j])) + (1 - x[i]) + (1 - x[j])}
                            for i, j in product(typ, dcn)], ["term"], max_pairs)
    dcv = np.flatnonzero((sol < 0.5) & (y > 0.5))
    iir = np.flatnonzero((sol < 0.5) & (y < 0.5))
    recs += _top_pairs([{"type": "deviant coverage-irrelevant", "term": f"row {rows[i]}", "focal": None,
                         "case_1": cases[i], "case_2": cases[j],
                         "best": abs(w[i] - w[j]) + (1 - (y[i] - y[j])) + (1 - w[i]) + (1 - w[j])}
                        for i, j in product(dcv, iir) if rows[i] == rows[j]], ["term"], max_pairs)
    for t in terms:
        x = X[format_term(t)]
        typ = np.flatnonzero((x > 0.5) & (y > 0.5) & (x <= y))
        irr = np.flatnonzero((x < 0.5) & (y < 0.5))
        for pos, lit in enumerate(t):
            f = term_membership((lit,), members)
            rest = t[:pos] + t[pos + 1:]
            c = term_membership(rest, members) if rest else np.zeros(len(y))
            recs += _top_pairs([{"type": "typical-irrelevant", "term": format_term(t), "focal": format_term((lit,)),
                                 "case_1": cases[i], "case_2": cases[j],
                                 "best": (1 - (f[i] - f[j])) + (1 - (y[i] - y[j])) + abs(c[i] - c[j])
                                 + 2 * abs(y[i] - f[i]) + abs(y[j] - f[j])}
                                for i, j in product(typ, irr)], ["term", "focal"], max_pairs)
    return pd.DataFrame(recs, columns=_PAIR_COLUMNS)
