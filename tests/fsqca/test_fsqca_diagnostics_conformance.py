"""Agreement with R (QCA 3.23, SetMethods 4.1) on the diagnostics reference cases.

The full set beside the repository is read when present; otherwise the copies of the public
cases in ``tests/data/diagnostics-cases`` (the project's guide allows carrying them, so that a
clone tests itself). The R calls behind each kind of case:

- necessity: ``superSubset(data, outcome, conditions, relation = "necessity", incl.cut,
  cov.cut, ron.cut, depth)``;
- find_rows: ``findRows(obj = truthTable(data, outcome, conditions, incl.cut, pri.cut, n.cut),
  expression, observed, type)``;
- model_fit: ``modelFit(minimize(tt, include = "?", dir.exp), theory)`` (with admisc's
  ``negate()`` replaced by ``invert()``, see the cases' README);
- cluster: SetMethods' ``cluster(data, results, outcome, unit_id, cluster_id, necessity,
  wicons = TRUE)``.

The self-contained tests (independent brute-force references) are in
``test_fsqca_supersubset_findrows.py`` and ``test_fsqca_modelfit_cluster.py``.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

import fsqca
from _shared import reference, shared_dir

SUITE = "fsqca-diagnostics-conformance"
_DIR = reference(f"{SUITE}/cases")
CASES = sorted(p.name for p in _DIR.glob("*") if (p / "ref.json").exists())


def _load(case):
    folder = _DIR / case
    ref = json.loads((folder / "ref.json").read_text())
    data = pd.read_csv(folder / "data.csv", dtype={"case": str}).set_index("case")
    return ref, data


def _key(expr):
    return frozenset(frozenset(l.strip() for l in t.split("*")) for t in str(expr).split("+") if t.strip())


def _close(got, want, zero_rule=False):
    if want is None:
        return got is None or got != got
    if zero_rule and want == 0 and abs(got) < 1e-5:
        return True
    return abs(got - want) <= 1e-9



def _outcome(p):
    return ("~" if p.get("negate_outcome") else "") + p["outcome"]


@pytest.mark.parametrize("case", [c for c in CASES if c.startswith("nec_")])
def test_necessity_combinations_match_r(case):
    ref, data = _load(case)
    p = ref["params"]
    res = fsqca.necessity_combinations(data, _outcome(p), p["conditions"], incl_cut=p["incl_cut"],
                                       cov_cut=p["cov_cut"], ron_cut=p["ron_cut"], depth=p["depth"])
    got = {_key(r.expression): r for r in res.to_frame().itertuples()}
    want = {_key(w["condition"]): w for w in ref["runs"][0]["expected"]["conditions"]}
    assert set(got) == set(want)
    for k, w in want.items():
        r = got[k]
        assert _close(r.inclN, w["incl"]) and _close(r.RoN, w["ron"]) and _close(r.covN, w["cov"])
    assert res.n_before_ron_cut == ref["r"]["n_before_ron_cut"]


@pytest.mark.parametrize("case", [c for c in CASES if c.startswith("rows_")])
def test_find_rows_match_r(case):
    ref, data = _load(case)
    p = ref["params"]
    tt = fsqca.truth_table(data, _outcome(p), p["conditions"], incl_cut=p["incl_cut"], pri_cut=p["pri_cut"],
                           n_cut=p["n_cut"])
    res = fsqca.find_rows(tt, p["expression"], type=p["type"], observed=p["observed"])
    assert list(res.rows) == sorted(ref["runs"][0]["expected"]["rows"])
    if p["type"] != 1:          # type 2 and 3 rows are never positive rows of the table: ESA in two lines
        fsqca.minimize(tt, "parsimonious", exclude=[r for r in res.rows if r not in set(tt.codes("1") + 1)])


@pytest.mark.parametrize("case", [c for c in CASES if c.startswith("fit_")])
def test_model_fit_matches_r(case):
    ref, data = _load(case)
    p = ref["params"]
    for run, model in zip(ref["runs"], ref["r"]["models"]):
        args = run["args"]
        res = fsqca.model_fit(args[args.index("--model") + 1], p["theory"], data, _outcome(p))
        assert res.negated_theory and _key(res.negated_theory) == _key(ref["r"]["negated_theory"])
        assert _key(res.negated_models[0]) == _key(model["negated_model"])
        frame = res.to_frame().set_index("set")
        for w in run["expected"]["fit"]:
            row = frame.loc[w["set"]]
            if w["set"] not in ("model", "theory"):
                assert _key(row["expression"]) == _key(w["expression"])
            for col, key in (("inclS", "incl"), ("PRI", "pri"), ("covS", "cov")):
                assert _close(row[col], w[key], zero_rule=True), (w["set"], col)


@pytest.mark.parametrize("case", [c for c in CASES if c.startswith("fit_")][:1])
def test_model_fit_of_a_solution_evaluates_each_model(case):
    ref, data = _load(case)
    p = ref["params"]
    tt = fsqca.truth_table(data, _outcome(p), p["conditions"], incl_cut=p["incl_cut"], pri_cut=p["pri_cut"],
                           n_cut=p["n_cut"])
    sol = fsqca.minimize(tt, "complex" if p["solution"] == "conservative" else p["solution"],
                         dir_exp=dict(zip(p["conditions"], p["dir_exp"].split(","))) if p["dir_exp"] else None)
    res = fsqca.model_fit(sol, p["theory"])
    got = {_key(e) for e in res.to_frame().query("set == 'model'")["expression"]}
    assert got == {_key(m["model"]) for m in ref["r"]["models"]}


@pytest.mark.parametrize("case", [c for c in CASES if c.startswith("clu_")])
def test_cluster_matches_r(case):
    ref, data = _load(case)
    p = ref["params"]
    res = fsqca.cluster(data, p["expression"], _outcome(p), p["unit"], p["cluster"], necessity=p["necessity"])
    got = {("solution" if t["term"] == "solution" else _key(t["term"])): t for t in res.to_dict()["terms"]}
    for w in ref["runs"][0]["expected"]["terms"]:
        t = got["solution" if w["term"] == "solution" else _key(w["term"])]
        for a in ("incl", "cov"):
            assert _close(t["pooled"][a], w["pooled"][a])
        for part, lab in (("between", "cluster"), ("within", "unit")):
            g = {str(x[lab]): x for x in t[part]}
            assert set(g) == {str(x[lab]) for x in w[part]}
            for x in w[part]:
                assert _close(g[str(x[lab])]["incl"], x["incl"]) and _close(g[str(x[lab])]["cov"], x["cov"])
        assert _close(t["dist_between"], w["dist_between"]) and _close(t["dist_within"], w["dist_within"])


def test_checker_agrees_through_the_command_line():
    """The checker itself on one case of each kind (the API tests above cover every case)."""
    folder = shared_dir(SUITE)
    only = ",".join(next(c for c in CASES if c.startswith(k)) for k in ("nec_", "rows_", "fit_", "clu_"))
    proc = subprocess.run([sys.executable, str(folder / "check.py"), "--cmd", f"{sys.executable} -m fsqca",
                           "--only", only], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "cases fully agree" in proc.stdout.strip().splitlines()[-1]
