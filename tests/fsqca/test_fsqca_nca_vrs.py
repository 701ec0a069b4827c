"""NCA's variable-returns ceilings (CE-VRS, CR-VRS) and outliers against R's NCA 5.0.1.

The reference cases are copies of the public cases in tests/data/nca-vrs (see its README for
the R calls); the comparison uses the tolerances of the conformance contract. The remaining
tests check hand-computed values and properties of the hull.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import fsqca
from fsqca.cli import main
from fsqca.nca.ceilings import ce_fdh, peers
from fsqca.nca.vrs import ce_vrs_zone, vrs_peers

DATA = Path(__file__).parents[1] / "data" / "nca-vrs"
CASES = sorted(p for p in DATA.iterdir() if (p / "ref.json").exists())
NCA_CASES = [c for c in CASES if json.loads((c / "ref.json").read_text())["type"] == "nca"]
OUTLIER_CASES = [c for c in CASES if json.loads((c / "ref.json").read_text())["type"] == "outliers"]
Z975 = 1.959963984540054


def _num_ok(got, want):
    if want is None:
        return got is None
    if got is None or isinstance(got, (str, bool)) or math.isinf(got):
        return False
    return abs(got - want) <= 1e-9 * abs(want) + 1e-12


def _run(argv, capsys) -> dict:
    assert main(argv) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def test_cases_present():
    assert len(NCA_CASES) >= 8 and len(OUTLIER_CASES) >= 4


@pytest.mark.parametrize("case", NCA_CASES, ids=lambda p: p.name)
def test_vrs_ceilings_match_r(case, capsys):
    ref = json.loads((case / "ref.json").read_text())
    p, exp = ref["params"], ref["expected"]
    out = _run(["nca", str(case / "data.csv"), "--outcome", p["outcome"], "--conditions", ",".join(p["conditions"]),
                "--ceilings", ",".join(p["ceilings"]), "--steps", str(p["steps"]),
                "--bottleneck-x", p["bottleneck_x"], "--bottleneck-y", p["bottleneck_y"],
                "--test-rep", str(p["test_rep"]), "--seed", str(p["r_seed"]), "--json"], capsys)
    fails = []
    got = {c["condition"]: c for c in out["conditions"]}
    for w in exp["conditions"]:
        g = got[w["condition"]]
        for ce, wc in w["ceilings"].items():
            gc = g["ceilings"][ce]
            fails += [f"{w['condition']} {ce} {k}: {gc[k]} != {wc[k]}" for k in wc
                      if k not in ("above", "p_value", "p_accuracy") and not _num_ok(gc[k], wc[k])]
            if gc["above"] != wc["above"]:
                fails.append(f"{w['condition']} {ce} above")
            if p["test_rep"]:
                pv = gc["p_value"]
                if abs(pv - wc["p_value"]) > 0.03 or not _num_ok(
                        gc["p_accuracy"], Z975 * math.sqrt(pv * (1 - pv) / p["test_rep"])):
                    fails.append(f"{w['condition']} {ce} p_value {pv} vs R {wc['p_value']}")
            elif gc["p_value"] is not None:
                fails.append(f"{w['condition']} {ce} p without a test")
    knife = {(k["ceiling"], k["condition"], k["row"] - 1): k["accept"] for k in ref["bottleneck_knife_edges"]}
    for ce, table in exp["bottlenecks"].items():
        for col, cells in table.items():
            for i, (gv, wv) in enumerate(zip(out["bottlenecks"][ce][col], cells, strict=True)):
                if not any(gv == a if isinstance(a, str) else not isinstance(gv, str) and _num_ok(gv, a)
                           for a in knife.get((ce, col, i), [wv])):
                    fails.append(f"bottleneck {ce} {col} row {i + 1}: {gv} != {wv}")
    assert fails == []


@pytest.mark.parametrize("case", OUTLIER_CASES, ids=lambda p: p.name)
def test_outliers_match_r(case, capsys):
    ref = json.loads((case / "ref.json").read_text())
    p, exp = ref["params"], ref["expected"]
    out = _run(["nca-outliers", str(case / "data.csv"), "--outcome", p["outcome"], "--conditions", p["condition"],
                "--ceiling", p["ceiling"], "--k", str(p["k"]), "--min-dif", str(p["min_dif"]),
                "--max-results", str(p["max_results"]), "--json"], capsys)
    assert out["n_total"] == exp["n_total"]
    # no public case has a tie that straddles the max_results cut, so R's list is matched as it is
    assert [sorted(o["cases"]) for o in out["outliers"]] == [sorted(o["cases"]) for o in exp["outliers"]] \
        or _same_up_to_ties(out["outliers"], exp["outliers"])
    want = {frozenset(o["cases"]): o for o in exp["outliers"]}
    for o in out["outliers"]:
        w = want[frozenset(o["cases"])]
        assert all(_num_ok(o[k], w[k]) for k in ("eff_or", "eff_nw", "dif_abs", "dif_rel")), (o, w)
        assert (o["ceiling"], o["scope"]) == (w["ceiling"], w["scope"])


def _same_up_to_ties(got, want) -> bool:
    key = lambda o: (round(abs(o["dif_rel"]), 9), round(abs(o["dif_abs"]), 9), len(o["cases"]))  # noqa: E731
    return ([key(o) for o in got] == [key(o) for o in want]
            and {frozenset(o["cases"]) for o in got} == {frozenset(o["cases"]) for o in want})


def test_duplicated_peer_keeps_its_dent_as_in_r():
    # ../shared/nca-vrs-conformance README: zone 3 without the duplicate, 3.5 with it
    d = pd.DataFrame({"x": [0, 1, 2, 0.5], "y": [0, 1, 3, 0]}, dtype=float)
    assert fsqca.nca(d, "y", ["x"], ceilings=["ce_vrs"]).body["conditions"][0]["ceilings"]["ce_vrs"][
        "ceiling_zone"] == 3.0
    d2 = pd.concat([d, pd.DataFrame({"x": [1.0], "y": [1.0]})], ignore_index=True)
    res = fsqca.nca(d2, "y", ["x"], ceilings=["ce_vrs", "cr_vrs"])
    assert res.body["conditions"][0]["ceilings"]["ce_vrs"]["ceiling_zone"] == 3.5
    assert res.vrs_peers("x")["x"].tolist() == [0.0, 1.0, 1.0, 2.0]
    # CR-VRS: least squares through (0,0), (1,1), (1,1), (2,3), the duplicate counted twice:
    # mean (1, 1.25), Sxx = 2, Sxy = 1.25 + 1.75 = 3
    a, b = res.line("x", "cr_vrs")
    assert b == pytest.approx(1.5) and a == pytest.approx(-0.25)


def test_ce_vrs_by_hand():
    # peers (1,1), (2,4), (4,5): the hull drops nothing; zone = 3*1 - 1.5 + 1*3 - 1 = 3.5;
    # scope 3 * 4 = 12; fit against CE-FDH's zone 1*3 + 3*1 = 6: 100 - 100 * 2.5 / 6
    d = pd.DataFrame({"X": [1.0, 2, 4, 3, 2.5], "Y": [1.0, 4, 5, 2, 3]})
    m = fsqca.nca(d, "Y", ["X"], ceilings=["ce_fdh", "ce_vrs"]).body["conditions"][0]["ceilings"]
    assert m["ce_fdh"]["ceiling_zone"] == pytest.approx(6.0)
    assert m["ce_vrs"]["ceiling_zone"] == pytest.approx(3.5)
    assert m["ce_vrs"]["effect_size"] == pytest.approx(3.5 / 12)
    assert m["ce_vrs"]["fit"] == pytest.approx(100 - 100 * 2.5 / 6)
    assert (m["ce_vrs"]["above"], m["ce_vrs"]["accuracy"]) == (0, 100.0) and np.isnan(m["ce_vrs"]["slope"])
    # bottleneck at y = 3 (50 % of the range 1..5): on the segment (1,1)-(2,4), x = 1 + 2/3
    bt = fsqca.nca(d, "Y", ["X"], ceilings=["ce_vrs"], steps=[50], bottleneck_x="actual").bottleneck(
        "ce_vrs", steps=[50], bottleneck_x="actual").to_frame()
    assert bt["X"].iloc[0] == pytest.approx(1 + 2 / 3)


def test_outliers_by_hand():
    # all cases: CE-FDH peers a (1,1), f (1.5,4.5), e (5,5): zone 0.5*3.5 + 4*0.5 = 3.75 of 16;
    # without f the peers are a, b, d, e: zone 1*2 + 3*1 + 4*1 = 9
    df = pd.DataFrame({"X": [1.0, 2, 3, 4, 5, 1.5], "Y": [1.0, 3, 3, 4, 5, 4.5]}, index=list("abcdef"))
    out = fsqca.nca_outliers(df, "Y", "X")
    top = out.to_frame().iloc[0]
    assert top["cases"] == ["f"] and top["eff_or"] == pytest.approx(3.75 / 16)
    assert top["eff_nw"] == pytest.approx(9 / 16) and top["dif_rel"] == pytest.approx(140.0)
    assert bool(top["ceiling"]) and not bool(top["scope"])
    assert out.n_total == len(out.to_frame()) == 3
    assert fsqca.nca_outliers(df, "Y", "X", max_results=1).to_dict()["n_total"] == 3


def test_outlier_input_errors(tmp_path, capsys):
    df = pd.DataFrame({"X": [1.0, 2, 3], "Y": [1.0, 3, 2]})
    for kwargs, text in [({"k": 3}, "k must be 1 or 2"), ({"ceiling": "ce_xyz"}, "ceiling 'ce_xyz'"),
                         ({"min_dif": -1}, "min_dif"), ({"max_results": 0}, "max_results")]:
        with pytest.raises(fsqca.QCAInputError, match=text):
            fsqca.nca_outliers(df, "Y", "X", **kwargs)
    path = tmp_path / "d.csv"
    df.to_csv(path, index_label="case")
    assert main(["nca-outliers", str(path), "--outcome", "Y", "--conditions", "X,Y"]) == 2
    assert "one condition" in capsys.readouterr().err


points = st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), min_size=3, max_size=25)


@settings(max_examples=150, deadline=None)
@given(points)
def test_vrs_ceiling_lies_on_or_above_the_fdh_steps(pts):
    x = np.array([p[0] for p in pts], dtype=float)
    y = np.array([p[1] for p in pts], dtype=float)
    assume(x.max() > x.min() and y.max() > y.min())
    v, f = vrs_peers(x, y), peers(x, y)
    assert set(v) <= set(f)                       # the hull keeps FDH peers only
    bounds = (x.min(), x.max(), y.min(), y.max())
    assert ce_vrs_zone(x[v], y[v]) <= ce_fdh(x[f], y[f], bounds)["ceiling_zone"] + 1e-9


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 10_000)), min_size=3, max_size=25, unique_by=(
    lambda p: p[0], lambda p: p[1])))
def test_vrs_hull_is_concave_without_duplicates(pts):
    x = np.array([p[0] for p in pts], dtype=float)
    y = np.array([p[1] for p in pts], dtype=float)
    v = vrs_peers(x, y)
    slopes = np.diff(y[v]) / np.diff(x[v])
    assert np.all(np.diff(slopes) < 0)
    # every point lies on or under the hull
    assert np.all(y <= np.interp(x, x[v], y[v], right=y[v][-1]) + 1e-9)


def test_permutation_test_follows_its_documented_draws():
    # the documented procedure, written out: one block of uniform random orders of the cases
    # (numpy's Generator.permuted of 0..n-1, seeded), row r giving the outcome of the case at the
    # i-th smallest x as y[order_r[i]]; the same draws serve every ceiling
    from fsqca.nca.ceilings import cr_fdh

    rng = np.random.default_rng(5)
    n, reps, seed = 15, 300, 11
    x, y = rng.uniform(0, 10, n), rng.uniform(0, 5, n)
    res = fsqca.nca(pd.DataFrame({"X": x, "Y": y}), "Y", ["X"], ceilings=["ce_fdh", "cr_fdh", "ce_vrs"],
                    test_rep=reps, seed=seed)
    xs = np.sort(x)
    draws = np.random.default_rng(seed).permuted(np.tile(np.arange(n), (reps, 1)), axis=1)
    bounds = (xs[0], xs[-1], y.min(), y.max())
    scope = (xs[-1] - xs[0]) * (y.max() - y.min())

    def effects(ys):
        f, v = peers(xs, ys), vrs_peers(xs, ys)
        ce = ce_fdh(xs[f], ys[f], bounds)["ceiling_zone"]
        return {"ce_fdh": ce / scope, "cr_fdh": cr_fdh(xs[f], ys[f], xs, ys, bounds, ce)["effect_size"],
                "ce_vrs": ce_vrs_zone(xs[v], ys[v]) / scope}

    observed = effects(y[np.argsort(x)])
    null = [effects(y[d]) for d in draws]
    table = res.to_frame().set_index("ceiling")
    for c in ("ce_fdh", "cr_fdh", "ce_vrs"):
        hits = sum(d[c] >= observed[c] - 1e-12 for d in null)
        assert table.at[c, "p_value"] == pytest.approx(max((hits + 1) / (reps + 1), 1 / reps)), c
