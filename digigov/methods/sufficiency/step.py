"""The sufficiency analysis' engine calls: truth table, the three solutions, the configuration table.

Every setting is read through :meth:`digigov.study.Study.get` (defaults in
:data:`digigov.study.DEFAULTS`).
"""
from __future__ import annotations

from dataclasses import replace

import pandas as pd

import fsqca

from ...errors import StudyError
from ...study import Study

__all__ = ["truth_table", "minimize", "configurations", "labels", "solution_json"]


# ------------------------------------------------------------------------------ fsQCA
def truth_table(study: Study, memberships: pd.DataFrame) -> fsqca.TruthTable:
    return fsqca.truth_table(memberships, study.outcome, study.conditions,
                             incl_cut=study.get("truth_table", "incl_cut"),
                             pri_cut=study.get("truth_table", "pri_cut"), n_cut=study.get("truth_table", "n_cut"))


def minimize(study: Study, tt: fsqca.TruthTable) -> dict[str, fsqca.Solution]:
    """The complex, parsimonious and intermediate solutions."""
    opts = {"exclude": study.get("minimize", "exclude") or None, "max_models": study.get("minimize", "max_models"),
            "node_limit": study.get("minimize", "node_limit"), "time_limit": study.get("minimize", "time_limit")}
    dir_exp = study.get("minimize", "dir_exp") or None
    return {"complex": fsqca.minimize(tt, "complex", **opts),
            "parsimonious": fsqca.minimize(tt, "parsimonious", **opts),
            "intermediate": fsqca.minimize(tt, "intermediate", dir_exp=dir_exp, **opts)}


def labels(study: Study, lang: str | None = None) -> dict[str, str]:
    lang = lang or study.language
    return {c: v.get(lang, c) for c, v in (study.spec.get("labels") or {}).items()}


def configurations(study: Study, solutions: dict) -> fsqca.ConfigurationTable:
    """The configuration table, numbered as ``configurations.order`` says when it is given."""
    try:
        table = fsqca.configuration_table(solutions["intermediate"], solutions["parsimonious"],
                                          lang=study.language, labels=labels(study),
                                          cores=study.get("configurations", "cores"),
                                          parsimonious_model=study.get("configurations", "parsimonious_model"))
    except fsqca.QCAInputError as exc:
        key = "parsimonious_model" if "parsimonious_model" in str(exc) else "cores"
        raise StudyError(f"configurations.{key}: {exc}") from None
    order = study.get("configurations", "order")
    return _renumber(table, order) if order else table


def _renumber(table: fsqca.ConfigurationTable, order: list[str]) -> fsqca.ConfigurationTable:
    """The configurations in the order of ``configurations.order``, numbered 1, 2, ..."""
    keys = [frozenset(t) for t in table.terms]
    perm = []
    for term in order:
        try:
            (t,) = fsqca.parse_expression(term, list(table.conditions))
            perm.append(keys.index(frozenset(t)))
        except (ValueError, fsqca.QCAInputError):
            raise StudyError(f"configurations.order: {term!r} is not a configuration of the solution; they are: "
                             f"{', '.join(fsqca.format_term(x) for x in table.terms)}") from None
    if sorted(perm) != list(range(len(keys))):
        raise StudyError(f"configurations.order must list each of the {len(keys)} configurations once")
    names = tuple(str(k) for k in range(1, len(perm) + 1))
    cells = table.cells.iloc[:, perm].set_axis(list(names), axis=1)
    term_fit = table.term_fit.iloc[perm].set_axis(list(names), axis=0)
    return replace(table, configurations=names, terms=tuple(table.terms[i] for i in perm),
                   cores=tuple(table.cores[i] for i in perm), cells=cells, term_fit=term_fit)


def solution_json(sol: fsqca.Solution) -> dict:
    """A solution's part of ``results.json``: its models with their fit, and the search's lines."""
    return {"n_models": sol.n_models, "capped": sol.capped, "proven_minimal": sol.proven_minimal,
            "lower_bound": sol.lower_bound, "statements": sol.statements, "models": [
        {"expression": m.expression, "fit": {k: m.fit.to_dict()[k] for k in ("inclS", "PRI", "covS")},
         "terms": m.fit.to_dict()["terms"]} for m in sol.models]}
