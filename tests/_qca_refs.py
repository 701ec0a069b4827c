"""Helpers for comparing the project's fsQCA results with R's reference cases (terms as sets of
literals, models as sets of terms), shared by the multi-value, conjunctural and inference tests."""
from __future__ import annotations

import json
import re

import pandas as pd
import pytest

import fsqca

_LIT = re.compile(r"^(~?)([^\[\]~*]+?)(?:\[([0-9 ,]+)\])?$")


def literal_key(lit: str):
    """'A[2]' -> ('A', 2); 'B' -> ('B', 1); '~B' -> ('B', 0) (R writes either form for two levels)."""
    neg, name, vals = _LIT.match(lit.strip().replace(" ", "")).groups()
    if vals is not None:
        return name, int(vals)
    return name, 0 if neg else 1


def term_key(term: str) -> frozenset:
    return frozenset(literal_key(t) for t in str(term).split("*") if t.strip())


def model_key(terms) -> frozenset:
    return frozenset(term_key(t if isinstance(t, str) else fsqca.format_term(t)) for t in terms)


def load_case(folder):
    ref = json.loads((folder / "ref.json").read_text())
    data = pd.read_csv(folder / "data.csv", dtype={"case": str}).set_index("case")
    return ref, data


def close(got, want, tol=1e-6):
    """R prints values below 1e-4 as 0; a missing R value matches anything."""
    if want is None:
        return True
    if abs(want) < 1e-4:
        return abs(got) < 1e-4
    return got == pytest.approx(want, abs=tol)


def assert_models_match(sol, want_models):
    """Same set of models as R's, each model's and term's fit within 1e-6."""
    got = {model_key(m.terms): m for m in sol.models}
    want = {model_key(m["terms"]): m for m in want_models}
    assert set(got) == set(want)
    for key, w in want.items():
        m = got[key]
        assert close(m.fit.inclS, w["fit"]["inclS"]) and close(m.fit.PRI, w["fit"]["PRI"])
        assert close(m.fit.covS, w["fit"]["covS"])
        table = {term_key(t): r for t, r in m.fit.terms_table.iterrows()}
        for wt in w.get("term_fit") or []:
            r = table[term_key(wt["term"])]
            for a in ("inclS", "PRI", "covS"):
                assert close(r[a], wt[a]), (wt["term"], a)
            if len(w["terms"]) > 1:
                assert close(r["covU"], wt["covU"]), (wt["term"], "covU")


def assert_rows_match(tt, want_rows, fixes=None):
    """Exactly R's observed rows, each with R's configuration, OUT (or the rule's, ``fixes``), n,
    cases, and incl and PRI within 1e-9."""
    fixes = fixes or {}
    got = tt.rows
    assert sorted(got.index) == sorted(r["row"] for r in want_rows)
    for r in want_rows:
        row = got.loc[r["row"]]
        assert [int(row[c]) for c in tt.conditions] == r["config"]
        assert row["OUT"] == fixes.get(r["row"], r["OUT"])
        assert row["n"] == r["n"]
        assert row["incl"] == pytest.approx(r["incl"], abs=1e-9)
        assert row["PRI"] == pytest.approx(r["PRI"], abs=1e-9)
        assert sorted(map(str, row["cases"])) == sorted(map(str, r["cases"] or []))


def assert_variants_match(sol, want_variants):
    """Each of R's intermediate variants (complex model, parsimonious model) with R's easy and
    difficult counterfactuals."""
    got = {(model_key(v.complex_model.terms), model_key(v.parsimonious_model.terms)): v for v in sol.variants}
    for w in want_variants:
        v = got[(model_key(w["c_sol"]), model_key(w["p_sol"]))]
        assert sorted(v.easy_counterfactuals) == sorted(w["EC"] or [])
        assert sorted(v.difficult_counterfactuals) == sorted(w["DC"] or [])
