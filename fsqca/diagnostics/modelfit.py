"""Theory evaluation: fit of a model, a theory and their four intersections (R's ``modelFit``).

Ragin (1987) and Schneider & Wagemann (2012, sec. 11.3) compare a solution (model) ``M`` with
a theory ``T`` through the intersections ``T*M``, ``~T*M``, ``T*~M`` and ``~T*~M``. R's
``QCA::modelFit(model, theory)`` writes each as a sum of products and reports its sufficiency
fit (``inclS``, ``PRI``, ``covS``). The Boolean steps, exactly as R (admisc) takes them:

- **negation** ``N(E)``: the complement of ``E`` as a minimal sum of products over the
  conditions that occur in ``E`` (exact minimisation: fewest products; where several minimal
  forms exist this module takes the one with fewest literals, then the first in condition
  order, and says so);
- **intersection** ``I(E1, E2)``: multiply out; drop repeated literals in a product; drop
  products holding both ``X`` and ``~X``; drop duplicates; drop every product that contains all
  the literals of another product. Nothing else is simplified.

The sets are ``model = M``, ``theory = T``, ``model*theory = I(T, M)``,
``model*~theory = I(N(T), M)``, ``~model*theory = I(T, N(M))`` and
``~model*~theory = I(N(T), N(M))``, each evaluated with the fuzzy algebra (a product is the
minimum of its literals, a sum the maximum of its products). With fuzzy data these values are
not those of ``min(M, 1 - T)``: dropping contradictory products changes them. An empty
intersection, or a set with no membership at all, has no fit (NA, as R).

The cases of each set are those with membership above 0.5 in it, split into those in the
outcome (above 0.5: consistent, e.g. the *covered most likely* cases of ``T*M``) and those
out of it (below 0.5: deviant for consistency).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from libdigigov.results import Result

from .._cover import minimum_covers
from .._implicants import prime_implicants
from .._validate import QCAInputError, membership_matrix, resolve_columns, split_outcome
from ..expression import Term, expression_membership, format_expression, parse_expression, term_from_bits, term_to_bits
from .. import measures

__all__ = ["ModelFit", "model_fit", "negate", "intersection", "SETS"]

#: The six sets, in R's order.
SETS = ("model", "theory", "model*theory", "model*~theory", "~model*theory", "~model*~theory")


def _used(terms: Sequence[Term], conditions: Sequence[str] | None) -> list[str]:
    names = list(dict.fromkeys(n for t in terms for n, _ in t))
    if conditions is None:
        return names
    return [c for c in conditions if c in names]


def negate(terms: Sequence[Term], conditions: Sequence[str] | None = None) -> tuple[Term, ...]:
    """The complement of a sum of products as a minimal sum of products (admisc's ``negate``).

    Minimised over the conditions that occur in ``terms`` (in the order of ``conditions`` if
    given): fewest products, then fewest literals, then the first in condition order. The
    negation of a tautology is empty, ``()``.

    Examples
    --------
    >>> format_expression(negate(parse_expression("DEV*STB")))
    '~DEV + ~STB'
    >>> format_expression(negate(parse_expression("~B*~C*D")))
    'B + C + ~D'
    """
    terms = tuple(terms)
    conds = _used(terms, conditions)
    if not conds:          # the tautology "1"
        return ()
    k = len(conds)
    rows = np.arange(2**k, dtype=np.int64)
    true = np.zeros(2**k, dtype=bool)
    for t in terms:
        mask, value = term_to_bits(t, conds)
        true |= (rows & mask) == value
    positive, forbidden = rows[~true], rows[true]
    if len(positive) == 0:
        return ()
    masks, values = prime_implicants(positive, forbidden, k)
    covers = (positive[None, :] & masks[:, None]) == values[:, None]
    result = minimum_covers(covers, len(positive), max_models=None, node_limit=100_000)
    literals = [bin(int(m)).count("1") for m in masks]
    best = min(result.models, key=lambda model: (sum(literals[j] for j in model), model))
    return tuple(term_from_bits(int(masks[j]), int(values[j]), conds) for j in best)


def intersection(first: Sequence[Term], second: Sequence[Term],
                 conditions: Sequence[str] | None = None) -> tuple[Term, ...]:
    """The product of two sums of products, simplified as admisc's ``intersection`` does.

    Products are multiplied out; repeated literals merge, products with ``X`` and ``~X`` are
    dropped, then duplicates and products containing all literals of another product.

    Examples
    --------
    >>> t = parse_expression("~DEV + ~STB")
    >>> m = parse_expression("DEV*~IND + URB*STB")
    >>> format_expression(intersection(t, m, ["DEV", "URB", "IND", "STB"]))
    '~DEV*URB*STB + DEV*~IND*~STB'
    """
    order = {c: i for i, c in enumerate(conditions)} if conditions is not None else None
    products: list[dict] = []
    for a in first:
        for b in second:
            lits: dict[str, int] = {}
            clash = False
            for name, value in (*a, *b):
                if lits.get(name, value) != value:
                    clash = True
                    break
                lits[name] = value
            if not clash and lits not in products:
                products.append(lits)
    sets = [frozenset(p.items()) for p in products]
    kept = [p for p, s in zip(products, sets) if not any(o < s for o in sets)]
    if order is not None:
        return tuple(tuple(sorted(p.items(), key=lambda lv: order[lv[0]])) for p in kept)
    return tuple(tuple(p.items()) for p in kept)


@dataclass(frozen=True, eq=False)
class ModelFit(Result):
    """Fit of each model, the theory and their four intersections (R's ``modelFit``).

    ``to_frame()``: one row per (model, set) with ``model``, ``set``, ``expression``, ``inclS``,
    ``PRI``, ``covS``, ``cases`` (membership > 0.5 in the set and in the outcome) and
    ``deviant`` (membership > 0.5 in the set, < 0.5 in the outcome).
    """

    table: pd.DataFrame = field(repr=False)
    theory: str
    negated_theory: str
    negated_models: tuple[str, ...]
    outcome: str

    _title = "Theory evaluation (R's modelFit)"

    def to_frame(self) -> pd.DataFrame:
        df = self.table.copy()
        for col in ("cases", "deviant"):
            df[col] = df[col].map(lambda cs: ",".join(map(str, cs)))
        return df

    def _header(self) -> list[str]:
        return [f"outcome {self.outcome}; theory T = {self.theory}; ~T = {self.negated_theory or '(empty)'}"]

    def _notes(self) -> list[str]:
        notes = ["intersections are multiplied out with contradictory and redundant products dropped (as R's "
                 "admisc); with fuzzy data their fit differs from that of min(M, 1 - T)",
                 "negations are minimal sums of products over the conditions of the expression",
                 "an empty intersection, or one with no membership, has no fit (NA)"]
        for model, neg in zip(self.table["model"].unique(), self.negated_models):
            notes.append(f"{model}: ~M = {neg or '(empty)'}")
        return notes

    def _dict(self) -> dict:
        fits = []
        for model, part in self.table.groupby("model", sort=False):
            fits.append({"model": model, "fit": [
                {"set": r.set, "expression": r.expression, "incl": r.inclS, "pri": r.PRI, "cov": r.covS,
                 "cases": [str(c) for c in r.cases], "deviant": [str(c) for c in r.deviant]}
                for r in part.itertuples()]})
        return {"outcome": self.outcome, "theory": self.theory, "negated_theory": self.negated_theory,
                "negated_models": list(self.negated_models), "models": fits}


def _set_fit(terms, members: pd.DataFrame, y: np.ndarray):
    if not terms:
        return np.nan, np.nan, np.nan, np.zeros(len(y))
    x = expression_membership(terms, members)
    incl = measures.sufficiency_inclusion(x, y)
    pri = measures.pri(x, y)
    cov = measures.sufficiency_coverage(x, y)
    if np.isnan(incl):       # R: no membership in the set, no fit at all
        pri = cov = np.nan
    return incl, pri, cov, x


def model_fit(
    model,
    theory: str,
    data: pd.DataFrame | None = None,
    outcome: str | None = None,
    *,
    case_col: str | None = None,
) -> ModelFit:
    """Fit of a model, a theory and their four intersections, as R's ``modelFit``.

    Parameters
    ----------
    model : Solution or str
        A :class:`fsqca.Solution` (every model is evaluated, labelled M1, M2, ...) or one
        sum-of-products expression (labelled M; then give ``data`` and ``outcome``).
    theory : str
        The theory as a sum of products, e.g. ``"A*~D"``.
    data, outcome : DataFrame, str
        Memberships and outcome (``"~Y"`` for its negation); taken from the solution's truth
        table when ``model`` is a Solution.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"A": [0.9, 0.8, 0.2, 0.7], "B": [0.8, 0.3, 0.7, 0.9],
    ...                    "Y": [0.9, 0.7, 0.2, 0.8]}, index=list("pqrs"))
    >>> mf = model_fit("A", "A*B", df, "Y")
    >>> mf.to_frame()[["set", "expression", "inclS"]].round(3)
                  set expression  inclS
    0           model          A  0.962
    1          theory        A*B  1.000
    2    model*theory        A*B  1.000
    3   model*~theory       A*~B  1.000
    4   ~model*theory               NaN
    5  ~model*~theory         ~A  0.571
    """
    from ..minimize import Solution

    if isinstance(model, Solution):
        tt = model.truth_table
        members, y, label = tt.condition_values(), tt.outcome_values, tt.outcome_label
        conds = list(tt.conditions)
        models = [(f"M{i}" if len(model.models) > 1 else "M", m.terms) for i, m in enumerate(model.models, 1)]
        theory_terms = parse_expression(theory, conds)
    else:
        if data is None or outcome is None:
            raise QCAInputError("model_fit with an expression needs data and outcome")
        if not isinstance(model, str):
            raise QCAInputError(f"model must be a Solution or an expression string, got {type(model).__name__}")
        name, negated = split_outcome(outcome)
        if case_col is not None:
            data = data.set_index(case_col)
        if not isinstance(data, pd.DataFrame):
            raise QCAInputError(f"data must be a pandas DataFrame, got {type(data).__name__}")
        everything = [c for c in data.columns if c != name]
        model_terms = parse_expression(model, everything)
        theory_terms = parse_expression(theory, everything)
        conds = resolve_columns(data, name, _used(model_terms + theory_terms, everything))
        members = pd.DataFrame(membership_matrix(data, conds, allow_constant=True), index=data.index, columns=conds)
        y = membership_matrix(data, [name], allow_constant=True)[:, 0]
        y = 1.0 - y if negated else y
        label = ("~" if negated else "") + name
        models = [("M", model_terms)]
    neg_theory = negate(theory_terms, conds)
    records, negs = [], []
    for mname, m_terms in models:
        neg_model = negate(m_terms, conds)
        negs.append(format_expression(neg_model))
        sets = {"model": m_terms, "theory": theory_terms,
                "model*theory": intersection(theory_terms, m_terms, conds),
                "model*~theory": intersection(neg_theory, m_terms, conds),
                "~model*theory": intersection(theory_terms, neg_model, conds),
                "~model*~theory": intersection(neg_theory, neg_model, conds)}
        for set_name in SETS:
            terms = sets[set_name]
            incl, pri, cov, x = _set_fit(terms, members, y)
            records.append({"model": mname, "set": set_name, "expression": format_expression(terms),
                            "inclS": incl, "PRI": pri, "covS": cov,
                            "cases": list(members.index[(x > 0.5) & (y > 0.5)]),
                            "deviant": list(members.index[(x > 0.5) & (y < 0.5)])})
    table = pd.DataFrame.from_records(records)
    return ModelFit(table, format_expression(theory_terms), format_expression(neg_theory), tuple(negs), label)
