"""The study's Necessary Condition Analysis step: NCA beside fsQCA's necessity test.

Runs when the study file has an ``nca:`` section (settings and defaults, the 0.9 of "in kind"
among them, in :data:`digigov.study.DEFAULTS`): :func:`fsqca.nca` on the raw or the calibrated data, and the
table that papers combining the two methods print (Vis & Dul 2018), necessity *in kind*
(fsQCA's ``inclN``, ``covN``, ``RoN``) beside necessity *in degree* (NCA's effect size ``d``
per ceiling and its permutation p-value), with a verdict per condition.

The verdict's criteria are conventions, written into ``results.json`` with the table:

- in kind: ``inclN >= nca.incl_cut`` (default 0.9, the threshold of :func:`fsqca.necessity`);
- in degree: for every ceiling computed, ``d >= min_effect`` (default 0.1, Dul's "medium") and,
  when the permutation test ran, ``p < alpha`` (default 0.05; Dul, van der Laan & Kuik 2020).
"""
from __future__ import annotations

import math

import pandas as pd

import fsqca

from ...errors import StudyError
from ...study import DEFAULTS, Study

__all__ = ["run_nca", "kind_and_degree", "nca_json", "VERDICTS"]

#: Verdict codes of the kind-and-degree table (readable English; the report translates them).
VERDICTS = ("kind and degree", "kind only", "degree only", "neither")


def run_nca(study: Study, raw: pd.DataFrame, memberships: pd.DataFrame):
    """:func:`fsqca.nca` with the study's ``nca:`` settings, or None without that section."""
    if "nca" not in study.spec:
        return None
    conds = study.get("nca", "conditions") or study.conditions
    data = memberships if study.get("nca", "data") == "calibrated" else raw
    try:
        return fsqca.nca(data[[study.outcome, *conds]], study.outcome, conds,
                         ceilings=study.get("nca", "ceilings"), test_rep=study.get("nca", "test_rep"),
                         seed=study.get("nca", "seed"), steps=study.get("nca", "steps"),
                         bottleneck_x=study.get("nca", "bottleneck_x"),
                         bottleneck_y=study.get("nca", "bottleneck_y"))
    except fsqca.QCAInputError as exc:
        raise StudyError(f"nca: {exc}") from None


def _num(v):
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)


def kind_and_degree(necessity: pd.DataFrame, result, *, alpha: float, min_effect: float,
                    threshold: float = DEFAULTS["nca"]["incl_cut"]) -> list[dict]:
    """One record per NCA condition: fsQCA's inclN/covN/RoN, NCA's d and p per ceiling, verdict.

    ``necessity`` is :meth:`fsqca.Necessity.to_frame` (rows of the positive outcome and the
    condition present are used).

    Examples
    --------
    >>> import pandas as pd, fsqca
    >>> df = pd.DataFrame({"X": [0.1, 0.4, 0.6, 0.9, 0.8, 0.3], "Y": [0.1, 0.3, 0.5, 0.9, 0.6, 0.2]})
    >>> nec = fsqca.necessity(df, "Y", ["X"]).to_frame()
    >>> rec = kind_and_degree(nec, fsqca.nca(df, "Y", ["X"]), alpha=0.05, min_effect=0.1, threshold=0.9)[0]
    >>> rec["inclN"] == 1.0, round(rec["d_ce_fdh"], 4), rec["verdict"]
    (True, 0.7188, 'kind and degree')
    """
    outcome = result.outcome
    nec = necessity[(necessity["outcome"] == outcome)].set_index("condition")
    rows = []
    for entry in result.body["conditions"]:
        c = entry["condition"]
        rec = {"condition": c}
        for k in ("inclN", "covN", "RoN"):
            rec[k] = _num(nec.at[c, k]) if c in nec.index else None
        degree = True
        for ceiling, m in entry["ceilings"].items():
            d, p = _num(m["effect_size"]), _num(m["p_value"])
            rec[f"d_{ceiling}"] = d
            rec[f"p_{ceiling}"] = p
            degree = degree and d is not None and d >= min_effect and (p is None or p < alpha)
        kind = rec["inclN"] is not None and rec["inclN"] >= threshold - 1e-12
        rec["kind"] = bool(kind)
        rec["degree"] = bool(degree)
        rec["verdict"] = VERDICTS[0 if kind and degree else 1 if kind else 2 if degree else 3]
        rows.append(rec)
    return rows


def nca_json(study: Study, result, necessity: pd.DataFrame) -> dict | None:
    """``results["nca"]``: the NCA result's ``to_dict()`` plus the data used and the
    kind-and-degree table with its criteria."""
    if result is None:
        return None
    alpha, min_effect = study.get("nca", "alpha"), study.get("nca", "min_effect")
    threshold = study.get("nca", "incl_cut")
    out = dict(result.to_dict())
    out["data"] = study.get("nca", "data")
    out["kind_and_degree"] = kind_and_degree(necessity, result, alpha=alpha, min_effect=min_effect,
                                             threshold=threshold)
    tested = bool(result.body["settings"]["test_rep"])
    out["kind_and_degree_criteria"] = {
        "kind": f"inclN >= {threshold:g}", "inclN_threshold": threshold, "min_effect": min_effect,
        "alpha": alpha if tested else None,
        "degree": (f"d >= {min_effect:g}" + (f" and p < {alpha:g}" if tested else " (no permutation test)")
                   + " for every ceiling"),
    }
    return out
