"""Parameters of fit for sufficiency expressions (R's ``pof``).

For a model ``M = t1 + t2 + ...`` and outcome ``Y`` (Ragin 2006; Schneider & Wagemann 2012):

- per term: ``inclS``, ``PRI``, raw coverage ``covS`` (see :mod:`fsqca.measures`) and unique
  coverage ``covU(t) = [sum min(Y, M) - sum min(Y, M without t)] / sum Y``;
- per model: ``inclS``, ``PRI`` and ``covS`` of ``M``, the maximum over its terms;
- covered cases of a term: membership > 0.5 in the term *and* in the outcome (typical cases);
  deviant cases (consistency in kind): membership > 0.5 in the term but < 0.5 in the outcome.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import measures
from libdigigov.results import Result

from ._validate import membership_matrix, resolve_columns, split_outcome, QCAInputError
from .expression import Term, format_expression, format_term, parse_expression, term_membership

__all__ = ["Fit", "fit", "fit_terms", "fit_matrix", "fit_by_term", "model_fits"]


@dataclass(frozen=True, eq=False)
class Fit(Result):
    """Fit of a sum-of-products model: one row per term plus the model row.

    ``inclS``, ``PRI`` and ``covS`` are the model's (R's ``pof`` names); ``terms_table`` has
    one row per term with ``inclS``, ``PRI``, ``covS``, ``covU`` and the typical (``cases``) and
    deviant cases of each term. Fits computed here (:func:`fit`, :func:`fit_terms`,
    :func:`fit_by_term`) build ``terms_table`` when it is first read (listing many models rarely
    needs their tables).
    """

    terms: tuple[Term, ...]
    outcome: str
    terms_table: pd.DataFrame = field(repr=False)
    inclS: float
    PRI: float
    covS: float

    _index = True

    @classmethod
    def _deferred(cls, terms, outcome, inclS, PRI, covS, parts: tuple) -> "Fit":
        """A fit whose ``terms_table`` is built from ``parts`` (see :func:`_terms_frame`) on first use."""
        self = object.__new__(cls)
        # straight into the instance dict: the frozen dataclass's __setattr__ is bypassed as
        # object.__setattr__ would, at a fraction of its cost per field
        self.__dict__.update(terms=terms, outcome=outcome, inclS=inclS, PRI=PRI, covS=covS, _parts=parts)
        return self

    def __getattr__(self, name: str):
        # only reached when ``terms_table`` is not built yet (normal lookup failed)
        if name == "terms_table" and "_parts" in self.__dict__:
            table = _terms_frame(self.terms, *self.__dict__["_parts"])
            object.__setattr__(self, "terms_table", table)
            return table
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    @property
    def expression(self) -> str:
        return format_expression(self.terms)

    @property
    def _title(self) -> str:
        return f"M: {self.expression} -> {self.outcome}"

    def to_frame(self, joined: dict | None = None) -> pd.DataFrame:
        """Terms and the model as rows; columns inclS, PRI, covS, covU, cases, deviant.

        ``joined`` (a dict shared by the models of one solution) keeps each term's case lists
        once joined: a term's typical and deviant cases do not depend on the model, so that
        writing many models costs models x terms, not models x cases.
        """
        model = pd.DataFrame(
            {"inclS": [self.inclS], "PRI": [self.PRI], "covS": [self.covS], "covU": [np.nan],
             "cases": [""], "deviant": [""]},
            index=["M"],
        )
        parts = self.__dict__.get("_parts")
        if joined is None or parts is None or "terms_table" in self.__dict__:
            table = self.terms_table.copy()
            for col in ("cases", "deviant"):
                table[col] = table[col].map(lambda cs: ",".join(map(str, cs)))
            return pd.concat([table, model])
        by_term, y, labels, incl, pri, cov, cov_u = parts
        lists = []
        for j, term in enumerate(self.terms):
            if term not in joined:
                inside = by_term[j] > 0.5
                joined[term] = tuple(",".join(map(str, labels[inside & side].tolist())) for side in (y > 0.5, y < 0.5))
            lists.append(joined[term])
        table = pd.DataFrame({"inclS": incl, "PRI": pri, "covS": cov, "covU": cov_u,
                              "cases": [c for c, _ in lists], "deviant": [d for _, d in lists]},
                             index=[format_term(t) for t in self.terms])
        return pd.concat([table, model])

    def _dict(self) -> dict:
        return {"expression": self.expression, "outcome": self.outcome,
                "inclS": self.inclS, "PRI": self.PRI, "covS": self.covS,
                "terms": [{"term": t, "inclS": r["inclS"], "PRI": r["PRI"], "covS": r["covS"],
                           "covU": r["covU"], "cases": [str(c) for c in r["cases"]],
                           "deviant": [str(c) for c in r["deviant"]]}
                          for t, r in self.terms_table.iterrows()]}


def fit_terms(terms: Sequence[Term], memberships: pd.DataFrame, y: np.ndarray, outcome_label: str) -> Fit:
    """Fit of ``terms`` given condition memberships (a DataFrame indexed by case) and ``y``."""
    terms = tuple(terms)
    if not terms:
        raise QCAInputError("a model needs at least one term")
    # plain arrays: a DataFrame column and a pandas (often Arrow-backed) index cost more to
    # read per literal and per case list than the computation itself
    used = dict.fromkeys(name for t in terms for name, _ in t)
    columns = {name: memberships[name].to_numpy(dtype=float) for name in used}
    X = np.column_stack([term_membership(t, columns) if t else np.ones(len(y)) for t in terms])
    return fit_matrix(terms, X, y, memberships.index.to_numpy(), outcome_label)


def fit_matrix(terms: tuple[Term, ...], X: np.ndarray, y: np.ndarray, labels: np.ndarray, outcome_label: str) -> Fit:
    """Fit of ``terms`` from their memberships ``X`` (cases x terms, C order), ``y`` and case ``labels``.

    Plain numpy; the per-term table (a DataFrame with case lists) is built when first read.
    """
    incl, pri, cov = (np.atleast_1d(v) for v in measures._sufficiency(X, y))
    return fit_by_term(terms, np.ascontiguousarray(X.T), y, labels, outcome_label, (incl, pri, cov))


def fit_by_term(terms: tuple[Term, ...], by_term: np.ndarray, y: np.ndarray, labels: np.ndarray, outcome_label: str,
              term_fit: tuple[np.ndarray, np.ndarray, np.ndarray]) -> Fit:
    """Fit of a model from its terms' memberships ``by_term`` (terms x cases) and their
    ``inclS``, ``PRI`` and ``covS`` (``term_fit``): the model's own values and each term's ``covU``.

    A term's "model without it" is the model's maximum, except in the cases where the term is
    the (first) largest: there it is the second largest value. Maxima are exact, so this equals
    the maximum over the other terms.
    """
    n_terms = len(by_term)
    if n_terms == 1:
        M, rests = by_term[0], np.zeros((1, by_term.shape[1]))
    else:
        largest, cases = by_term.argmax(axis=0), np.arange(by_term.shape[1])
        M = by_term[largest, cases]
        others = by_term.copy()
        others[largest, cases] = -np.inf
        rests = np.broadcast_to(M, by_term.shape).copy()
        rests[largest, cases] = others.max(axis=0)
    sum_y = y.sum()
    if sum_y > 0:
        cov_u = (np.minimum(M, y).sum() - np.minimum(rests, y).sum(axis=1)) / sum_y
    else:
        cov_u = np.full(n_terms, np.nan)
    model = measures._sufficiency(M, y)
    return Fit._deferred(terms, outcome_label, *(float(v) for v in model), (by_term, y, labels, *term_fit, cov_u))


def model_fits(by_term: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``inclS``, ``PRI``, ``covS`` and each term's ``covU`` of many models of the same number of
    terms (two or more) at once: ``by_term`` is (models x terms x cases), C order.

    The values are those of :func:`fit_by_term`, bit for bit: the same maxima (exact), and
    every sum runs over the cases of one model or term in case order, a contiguous row at a
    time (numpy's pairwise summation, as for one model).

    One model of two terms over two cases: M = (0.7, 0.9), sum min(M, Y) = 1.3, so inclS =
    1.3 / 1.6 and covS = 1.3 / 1.4; without the first term sum min(t2, Y) = 0.8, without the
    second sum min(t1, Y) = 0.8, so each covU is (1.3 - 0.8) / 1.4.

    >>> X = np.array([[[0.2, 0.9], [0.7, 0.1]]])
    >>> incl, pri, cov, cov_u = model_fits(X, np.array([0.8, 0.6]))
    >>> incl.round(4).tolist(), cov.round(4).tolist(), cov_u.round(4).tolist()
    ([0.8125], [0.9286], [[0.3571, 0.3571]])
    """
    n_models, n_terms, n_cases = by_term.shape
    by_term = np.ascontiguousarray(by_term)
    M = by_term.max(axis=1)  # models x cases
    # each case's (first) largest term: its "model without it" is the second largest value
    # there, every other term's is M (the same values as the maximum over the other terms)
    at = (by_term.argmax(axis=1) + n_terms * np.arange(n_models)[:, None]) * n_cases + np.arange(n_cases)
    rests = by_term.copy()  # one buffer (fresh memory costs more than the arithmetic here)
    rests.reshape(-1)[at] = -np.inf
    second = rests.max(axis=1)
    rests[...] = M[:, None]  # models x terms x cases
    rests.reshape(-1)[at] = second
    sum_y = y.sum()
    both = np.minimum(M, y)
    sum_x, sum_both = M.sum(axis=1), both.sum(axis=1)
    sum_overlap = np.minimum(both, 1.0 - y).sum(axis=1)
    if sum_y > 0:
        cov_u = (sum_both[:, None] - np.minimum(rests, y, out=rests).sum(axis=2)) / sum_y
    else:
        cov_u = np.full(by_term.shape[:2], np.nan)
    incl = np.atleast_1d(measures._ratio(sum_both, sum_x))
    pri = np.atleast_1d(measures._pri_from_sums(sum_x, sum_both, sum_overlap))
    return incl, pri, np.atleast_1d(measures._ratio(sum_both, np.full(len(M), sum_y))), cov_u


def _terms_frame(terms, by_term, y, labels, incl, pri, cov, cov_u) -> pd.DataFrame:
    """The per-term table of a fit: inclS, PRI, covS, covU, typical and deviant cases."""
    return pd.DataFrame(
        {
            "inclS": incl,
            "PRI": pri,
            "covS": cov,
            "covU": cov_u,
            "cases": [labels[(by_term[j] > 0.5) & (y > 0.5)].tolist() for j in range(len(terms))],
            "deviant": [labels[(by_term[j] > 0.5) & (y < 0.5)].tolist() for j in range(len(terms))],
        },
        index=[format_term(t) for t in terms],
    )


def fit(
    expression: str | Sequence[Term],
    data: pd.DataFrame,
    outcome: str,
    conditions: Sequence[str] | None = None,
    *,
    case_col: str | None = None,
    multi_value: Sequence[str] | str | None = None,
) -> Fit:
    """Parameters of fit of a sum-of-products ``expression`` for ``outcome`` (R's ``pof``).

    Parameters
    ----------
    expression : str or sequence of terms
        e.g. ``"A*~B + C"`` (``*`` and, ``+`` or, ``~`` not).
    data : DataFrame
        Memberships in [0, 1]; case ids in the index or in ``case_col``.
    outcome : str
        Outcome column, ``"~Y"`` for its negation.
    multi_value : list of str, optional
        Multi-value conditions (levels 0..max, see :mod:`fsqca.multivalue`); the expression then
        names their levels in R's notation, ``"DEV[2] + DEV[1]*IND[0]"``.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"A": [0.9, 0.8, 0.2, 0.1], "B": [0.7, 0.3, 0.8, 0.2],
    ...                    "Y": [0.9, 0.7, 0.3, 0.1]}, index=list("pqrs"))
    >>> f = fit("A + B", df, "Y")
    >>> round(f.inclS, 3), round(f.covS, 3)
    (0.741, 1.0)
    """
    if isinstance(expression, str):
        if not expression.strip():
            raise QCAInputError("expression is empty: give a sum of products such as 'A*~B + C'")
    elif not isinstance(expression, (list, tuple)) or not expression:
        raise QCAInputError(f"expression must be a string such as 'A*~B + C' or a sequence of terms, "
                            f"got {type(expression).__name__}")
    name, negated = split_outcome(outcome)
    if not isinstance(data, pd.DataFrame):
        raise QCAInputError(f"data must be a pandas DataFrame, got {type(data).__name__}")
    if case_col is not None:
        data = data.set_index(case_col)
    from .multivalue import level_counts

    mv = [c.strip() for c in multi_value.split(",") if c.strip()] if isinstance(multi_value, str) else \
        list(multi_value or [])
    missing = [c for c in mv if c not in data.columns]
    if missing:
        raise QCAInputError(f"multi_value: {missing[0]!r} is not a column of the data")
    counts = level_counts(data, mv) if mv else {}
    levels = None
    if counts:
        levels = {c: counts.get(c, 2) for c in data.columns if c != name}
    if conditions is None:
        conditions = [c for c in data.columns if c != name]
        terms = parse_expression(expression, conditions, levels) if isinstance(expression, str) else tuple(expression)
        used = list(dict.fromkeys(n for t in terms for n, _ in t))
        conditions = [c for c in conditions if c in used]
    conds = resolve_columns(data, name, conditions)
    terms = parse_expression(expression, conds, levels) if isinstance(expression, str) else tuple(expression)
    x = membership_matrix(data, conds, allow_constant=True, skip_range=mv)
    y = membership_matrix(data, [name], allow_constant=True)[:, 0]
    if negated:
        y = 1.0 - y
    memberships = pd.DataFrame(x, index=data.index, columns=conds)
    return fit_terms(terms, memberships, y, ("~" if negated else "") + name)
