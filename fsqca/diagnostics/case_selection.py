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
focal conjunct); ``best`` marks the lowest score. Scores equal to 1e-9 tie and tied pairs keep the
order of the cases in the data (SetMethods sorts the exact floating-point scores, so that rounding
noise such as 0.7 against 0.6999999999999998 decides). The pairs are found without scoring every
pair (linear in the cases up to sorting; see :func:`_best_pairs`), so that case selection scales
to hundreds of thousands of cases. SetMethods' further ranking of typical-IIR
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


def _best_pairs(first: np.ndarray, second: np.ndarray, u: np.ndarray, a: np.ndarray, b: np.ndarray,
                exact, k: int) -> list[tuple[int, int, float]]:
    """The ``k`` pairs ``(i, j)`` (``i`` from ``first``, ``j`` from ``second``) of lowest score,
    in the order of a stable sort of all pairs by score, without scoring every pair.

    Every score of SetMethods' matching pairs has the form ``|u_i - u_j| + a_i + b_j``, so the
    lowest score of each ``i`` comes from a prefix and a suffix minimum over the ``j`` sorted by
    ``u`` (n log n). The ``i`` are then visited from the lowest such bound (position breaking
    ties); each visited ``i`` is scored exactly against every ``j`` (``exact(i, js)``, the
    formula as written) and the visit stops as soon as no later ``i`` can enter the ``k`` best.
    In practice a handful of ``i`` are visited: linear in the cases instead of quadratic.
    """
    if len(first) == 0 or len(second) == 0:
        return []
    uj = u[second]
    order = np.argsort(uj, kind="stable")
    us = uj[order]
    up = uj[order] + b[second][order]                 # u_j + b_j  (for u_j >= u_i)
    down = b[second][order] - uj[order]               # b_j - u_j  (for u_j < u_i)
    suffix = np.minimum.accumulate(up[::-1])[::-1]
    prefix = np.minimum.accumulate(down)
    ui = u[first]
    cut = np.searchsorted(us, ui, side="left")
    above = np.where(cut < len(us), suffix[np.minimum(cut, len(us) - 1)] - ui, np.inf)
    below = np.where(cut > 0, prefix[np.maximum(cut - 1, 0)] + ui, np.inf)
    bound = np.round(np.minimum(above, below) + a[first], 9)   # lowest score of each i (to 1e-9)
    visit = np.lexsort((np.arange(len(first)), bound))
    pool: list[tuple[float, int, int]] = []          # (score, position of i, position of j)
    for pos_i in visit:
        if len(pool) >= k:
            kth = pool[k - 1]
            if (bound[pos_i], pos_i) > (kth[0], kth[1]):
                break
        scores = exact(first[pos_i], second)
        best = np.lexsort((np.arange(len(second)), np.round(scores, 9)))[:k]
        pool.extend((round(float(scores[j]), 9), int(pos_i), int(j), float(scores[j])) for j in best)
        pool.sort()                                   # score to 1e-9, then i's and j's positions
        del pool[k:]
    return [(int(first[i]), int(second[j]), score) for _, i, j, score in pool]


def _pair_records(kind: str, term: str, focal, found, cases) -> list[dict]:
    if not found:
        return []
    low = min(score for _, _, score in found)
    return [{"type": kind, "term": term, "focal": focal, "case_1": cases[i], "case_2": cases[j], "best": score,
             "best_pair": score <= low + TIE} for i, j, score in found]


def _pairs(X, sol, y, w, rows, cases, terms: tuple[Term, ...], members, max_pairs: int) -> pd.DataFrame:
    recs: list[dict] = []
    for term, x in X.items():
        typ = np.flatnonzero((x > 0.5) & (y > 0.5) & (x <= y))
        dcn = np.flatnonzero((x > 0.5) & (y < 0.5))
        # |x_i - x_j| + (1 - (y_i - y_j)) + (1 - x_i) + (1 - x_j)
        found = _best_pairs(typ, dcn, x, 1 - y + (1 - x), y + (1 - x),
                            lambda i, js, x=x: np.abs(x[i] - x[js]) + (1 - (y[i] - y[js])) + (1 - x[i]) + (1 - x[js]),
                            max_pairs)
        recs += _pair_records("typical-deviant consistency", term, None, found, cases)
    dcv = np.flatnonzero((sol < 0.5) & (y > 0.5))
    iir = np.flatnonzero((sol < 0.5) & (y < 0.5))
    for row in pd.unique(rows[dcv]):                  # pairs within one truth-table row, rows as met
        first, second = dcv[rows[dcv] == row], iir[rows[iir] == row]
        found = _best_pairs(first, second, w, 1 - y + (1 - w), y + (1 - w),
                            lambda i, js: np.abs(w[i] - w[js]) + (1 - (y[i] - y[js])) + (1 - w[i]) + (1 - w[js]),
                            max_pairs)
        recs += _pair_records("deviant coverage-irrelevant", f"row {row}", None, found, cases)
    for t in terms:
        x = X[format_term(t)]
        typ = np.flatnonzero((x > 0.5) & (y > 0.5) & (x <= y))
        irr = np.flatnonzero((x < 0.5) & (y < 0.5))
        for pos, lit in enumerate(t):
            f = term_membership((lit,), members)
            rest = t[:pos] + t[pos + 1:]
            c = term_membership(rest, members) if rest else np.zeros(len(y))
            # (1 - (f_i - f_j)) + (1 - (y_i - y_j)) + |c_i - c_j| + 2|y_i - f_i| + |y_j - f_j|
            found = _best_pairs(typ, irr, c, 2 - f - y + 2 * np.abs(y - f), f + y + np.abs(y - f),
                                lambda i, js, f=f, c=c: (1 - (f[i] - f[js])) + (1 - (y[i] - y[js])) + np.abs(c[i] - c[js])
                                + 2 * np.abs(y[i] - f[i]) + np.abs(y[js] - f[js]), max_pairs)
            recs += _pair_records("typical-irrelevant", format_term(t), format_term((lit,)), found, cases)
    return pd.DataFrame(recs, columns=_PAIR_COLUMNS)
