"""Agreement with R's geodetector on the shared conformance cases (skipped when absent)."""

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from geodetector import (
    ecological_detector,
    factor_detector,
    interaction_detector,
    risk_detector,
)

from _shared import SHARED as _ALL, reference

SHARED = _ALL / "geodetector-conformance"
CASES = sorted(p for p in reference("geodetector-conformance/cases").glob("*") if (p / "ref.json").exists())
ROOT = Path(__file__).resolve().parents[2]

TIES = {
    "q12_eq_min": {"nonlinear weaken", "uni-variable weaken"},
    "q12_eq_max": {"uni-variable weaken", "bi-variable enhance"},
    "q12_eq_sum": {"bi-variable enhance", "independent", "nonlinear enhance"},
}


def load(case):
    ref = json.loads((case / "ref.json").read_text())
    return ref, pd.read_csv(case / "data.csv")


@pytest.mark.skipif(not SHARED.exists(), reason="the checker lives beside the repository")
def test_checker_reports_full_agreement():
    proc = subprocess.run(
        [sys.executable, str(SHARED / "check.py"), "--cmd", f"{sys.executable} -m geodetector"],
        capture_output=True, text=True, cwd=ROOT, timeout=600,
    )
    last = proc.stdout.strip().splitlines()[-1]
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert "cases fully agree" in last


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_factor_detector(case):
    ref, df = load(case)
    got = factor_detector(df, ref["y"], ref["factors"]).table.set_index("factor")
    for f, exp in ref["factor_detector"].items():
        assert got.loc[f, "q"] == pytest.approx(exp["q"], abs=1e-8)
        assert got.loc[f, "p_value"] == pytest.approx(exp["p"], abs=1e-6)
        assert got.loc[f, "n_strata"] == ref["factor_meta"][f]["n_strata"]
        assert got.loc[f, "n_singleton_strata"] == ref["factor_meta"][f]["n_singleton_strata"]


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_singleton_drop_matches_gd(case):
    ref, df = load(case)
    got = factor_detector(df, ref["y"], ref["factors"], singletons="drop",
                          p_method="gd").table.set_index("factor")
    for f, exp in ref["factor_detector"].items():
        gd = exp["alt"]["GD"]
        assert got.loc[f, "q"] == pytest.approx(gd["q"], abs=1e-8)
        if ref["factor_meta"][f]["n_singleton_strata"] == 0:
            # GD keeps the original degrees of freedom after dropping singletons, so its p is
            # only reproduced where there is nothing to drop.
            assert got.loc[f, "p_value"] == pytest.approx(gd["p"], abs=1e-6)


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_interaction_detector(case):
    ref, df = load(case)
    got = interaction_detector(df, ref["y"], ref["factors"]).table
    got = {frozenset((r.x1, r.x2)): r for r in got.itertuples()}
    for exp in ref["interaction_detector"]:
        r = got[frozenset((exp["f1"], exp["f2"]))]
        assert r.q12 == pytest.approx(exp["q12"], abs=1e-8)
        assert r.n_strata_12 == exp["n_strata_12"]
        allowed = {exp["type"]}.union(*(TIES[k] for k, v in exp["ties"].items() if v))
        assert r.type in allowed


@pytest.mark.filterwarnings("ignore::geodetector.GeodetectorWarning")
@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_risk_detector(case):
    ref, df = load(case)
    res = risk_detector(df, ref["y"], ref["factors"])
    for f, exp in ref["risk_detector"].items():
        strata = res.strata[res.strata["factor"] == f].set_index("stratum")
        for s in exp["strata"]:
            assert strata.loc[s["label"], "n"] == s["n"]
            assert strata.loc[s["label"], "mean"] == pytest.approx(s["mean"], abs=1e-8)
            if s["var"] is not None:
                assert strata.loc[s["label"], "var"] == pytest.approx(s["var"], rel=1e-9)
        pairs = res.table[res.table["factor"] == f]
        pairs = {frozenset((r.a, r.b)): r for r in pairs.itertuples()}
        for p in exp["pairs"]:
            r = pairs[frozenset((p["a"], p["b"]))]
            assert r.tested == p["tested"]
            if p["tested"]:
                sign = 1 if r.a == p["a"] else -1
                assert sign * r.t == pytest.approx(p["t"], abs=1e-6)
                assert r.df == pytest.approx(p["df"], abs=1e-6)
                assert r.p_value == pytest.approx(p["p"], abs=1e-6)
                assert r.significant == p["significant"]


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_ecological_detector(case):
    ref, df = load(case)
    r_rule = ecological_detector(df, ref["y"], ref["factors"]).table
    ssw = ecological_detector(df, ref["y"], ref["factors"], method="ssw").table
    for i, exp in enumerate(ref["ecological_detector"]):
        assert (r_rule.loc[i, "x1"], r_rule.loc[i, "x2"]) == (exp["f1"], exp["f2"])
        assert bool(r_rule.loc[i, "significant"]) == exp["significant"]
        assert r_rule.loc[i, "F"] == pytest.approx(exp["F_q_ratio"], rel=1e-9)
        assert ssw.loc[i, "F"] == pytest.approx(exp["F_ssw"], rel=1e-9)
        two_sided = min(1.0, 2 * min(exp["p_ssw_upper"], exp["p_ssw_lower"]))
        assert ssw.loc[i, "p_value"] == pytest.approx(two_sided, abs=1e-9)
