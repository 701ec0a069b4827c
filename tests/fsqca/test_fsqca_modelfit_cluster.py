"""Model fit (R's modelFit), cluster diagnostics (SetMethods' cluster) and the diagnostics
commands against independent brute-force references (no reference files needed).

Each reference below is written from the published definitions (R's QCA and SetMethods, as
documented in docs/diagnostics.md) with plain Python loops, independently of the vectorised
code under test. Necessity of combinations and findRows: ``test_fsqca_supersubset_findrows.py``.
"""
from __future__ import annotations

import math

import matplotlib
import numpy as np
import pandas as pd
import pytest
from _diagnostics_refs import NAMES, SETTINGS, brute_models, config
from hypothesis import given
from hypothesis import strategies as st

import fsqca
from fsqca import QCAInputError
from fsqca.cli import main
from fsqca.expression import format_expression, parse_expression
from fsqca.diagnostics.modelfit import intersection, negate

matplotlib.use("Agg")


# ---- modelFit ----------------------------------------------------------------------------------------
def _truth(terms, names, cfg):
    return any(all(cfg[names.index(c)] == v for c, v in t) for t in terms)


def _min_sop_size(true_rows, k):
    """Fewest products of any sum of products equal to the function with these true rows."""
    if not true_rows:
        return 0
    return len(brute_models(set(true_rows), set(range(2**k)) - set(true_rows), k)[0])


term_st = st.dictionaries(st.sampled_from(NAMES[:4]), st.sampled_from([0, 1]), min_size=1, max_size=3)
expr_st = st.lists(term_st, min_size=1, max_size=3).map(
    lambda ts: " + ".join("*".join(("" if v else "~") + c for c, v in sorted(t.items())) for t in ts))


@SETTINGS
@given(expr_st)
def test_negation_is_the_minimal_complement(expr):
    terms = parse_expression(expr)
    names = sorted({c for t in terms for c, _ in t})
    neg = negate(terms, NAMES)
    k = len(names)
    cfgs = [config(r, k) for r in range(2**k)]
    for cfg in cfgs:
        assert _truth(neg, names, cfg) == (not _truth(terms, names, cfg))
    assert len(neg) == _min_sop_size([r for r, cfg in enumerate(cfgs) if not _truth(terms, names, cfg)], k)
    assert {c for t in neg for c, _ in t} <= set(names)


@SETTINGS
@given(expr_st, expr_st)
def test_intersection_is_the_and_without_redundant_products(e1, e2):
    t1, t2 = parse_expression(e1), parse_expression(e2)
    names = NAMES[:4]
    res = intersection(t1, t2, names)
    for r in range(16):
        cfg = config(r, 4)
        assert _truth(res, names, cfg) == (_truth(t1, names, cfg) and _truth(t2, names, cfg))
    sets = [frozenset(t) for t in res]
    assert len(set(sets)) == len(sets)
    assert not any(a < b for a in sets for b in sets)
    assert all(len({c for c, _ in t}) == len(t) for t in res)


def test_model_fit_follows_the_documented_lipset_example():
    # The worked example of R's manual (modelFit): M = DEV*~IND + URB*STB, T = DEV*STB.
    conds = ["DEV", "URB", "LIT", "IND", "STB"]
    t, m = parse_expression("DEV*STB", conds), parse_expression("DEV*~IND + URB*STB", conds)
    assert format_expression(negate(t, conds)) == "~DEV + ~STB"
    got = intersection(negate(t, conds), m, conds)
    assert {frozenset(x) for x in got} == {frozenset(x) for x in parse_expression("~DEV*URB*STB + DEV*~IND*~STB")}


def test_model_fit_values_and_cases_by_hand():
    df = pd.DataFrame({"A": [0.9, 0.8, 0.2, 0.7], "B": [0.8, 0.3, 0.7, 0.9], "Y": [0.9, 0.7, 0.2, 0.8]},
                      index=list("pqrs"))
    res = fsqca.model_fit("A", "B", df, "Y")
    f = res.to_frame().set_index("set")
    a, b, y = df["A"], df["B"], df["Y"]
    mt = np.minimum(a, b)
    assert f.loc["model*theory", "inclS"] == pytest.approx(np.minimum(mt, y).sum() / mt.sum())
    assert f.loc["model*~theory", "expression"] == "A*~B"
    assert f.loc["~model*~theory", "expression"] == "~A*~B"
    assert f.loc["model*theory", "cases"] == "p,s"           # > 0.5 in A*B and in Y
    nb = np.minimum(1 - a, 1 - b)
    assert f.loc["~model*~theory", "PRI"] == pytest.approx(
        (np.minimum(nb, y).sum() - np.minimum(np.minimum(nb, y), 1 - y).sum())
        / (nb.sum() - np.minimum(np.minimum(nb, y), 1 - y).sum()))
    same = fsqca.model_fit("A", "A", df, "Y").to_frame().set_index("set")
    assert same.loc["model*~theory", "expression"] == "" and math.isnan(same.loc["model*~theory", "inclS"])
    d = fsqca.model_fit("A", "A", df, "Y").to_dict()
    assert d["models"][0]["fit"][3]["incl"] is None and d["models"][0]["fit"][3]["cov"] is None


def test_model_fit_bad_input():
    df = pd.DataFrame({"A": [0.9, 0.2], "B": [0.8, 0.3], "Y": [0.9, 0.2]})
    with pytest.raises(QCAInputError, match="unknown condition 'Z'"):
        fsqca.model_fit("A*Z", "B", df, "Y")
    with pytest.raises(QCAInputError, match="unknown condition 'DEV'"):
        fsqca.model_fit("A", "DEV", df, "Y")
    with pytest.raises(QCAInputError, match="needs data and outcome"):
        fsqca.model_fit("A", "B")


# ---- cluster -----------------------------------------------------------------------------------------
S = 1e-10


def reference_cluster(df, terms, necessity):
    """SetMethods' cluster() from its definitions, with dictionaries and loops."""
    def member(row, tset):
        return max(min(row[c] if v else 1 - row[c] for c, v in t) for t in tset)

    def ratio(a, b):
        return (a + S) / (b + S)

    out = {}
    for name, tset in [("solution", terms)] + [(format_expression([t]), [t]) for t in terms]:
        X, Y = {}, {}
        for _, row in df.iterrows():
            key = (row["U"], row["T"])
            X[key] = X.get(key, 0.0) + member(row, tset)
            Y[key] = Y.get(key, 0.0) + row["Y"]
        units, clusters = sorted({u for u, _ in X}), sorted({t for _, t in X})

        def fit(keys):
            both = sum(min(X.get(k, 0.0), Y.get(k, 0.0)) for k in keys)
            sx, sy = sum(X.get(k, 0.0) for k in keys), sum(Y.get(k, 0.0) for k in keys)
            return (ratio(both, sy), ratio(both, sx)) if necessity else (ratio(both, sx), ratio(both, sy))

        xs = [member(r, tset) for _, r in df.iterrows()]
        pooled_both = sum(min(a, b) for a, b in zip(xs, df["Y"]))
        pooled = (ratio(pooled_both, df["Y"].sum()), ratio(pooled_both, sum(xs))) if necessity else \
            (ratio(pooled_both, sum(xs)), ratio(pooled_both, df["Y"].sum()))
        between = {str(t): fit([(u, t) for u in units]) for t in clusters}
        within = {str(u): fit([(u, t) for t in clusters]) for u in units}

        def dist(vals):
            tot = sum(vals)
            return math.sqrt(sum(((v + S) / (tot + S) - 1 / len(vals)) ** 2 for v in vals))

        out[name] = (pooled, between, within, dist([v[0] for v in between.values()]),
                     dist([v[0] for v in within.values()]))
    return out


@st.composite
def panels(draw):
    units, years = draw(st.integers(2, 5)), draw(st.integers(2, 4))
    vals = st.sampled_from([0.0, 0.01, 0.1, 0.3, 0.5, 0.6, 0.8, 1.0])
    rows = []
    for u in range(units):
        for t in range(years):
            if draw(st.integers(0, 5)) == 0 and (u, t) != (0, 0):      # unbalanced panels too
                continue
            rows.append({"U": f"u{u}", "T": 2019 + t, "A": draw(vals), "B": draw(vals), "C": draw(vals),
                         "Y": draw(vals)})
    return pd.DataFrame(rows)


@SETTINGS
@given(panels(), st.sampled_from(["A", "A*B + ~C", "~A*B + C"]), st.booleans())
def test_cluster_equals_the_reference(df, expr, necessity):
    res = fsqca.cluster(df, expr, "Y", "U", "T", necessity=necessity)
    want = reference_cluster(df, parse_expression(expr), necessity)
    got = {t["term"]: t for t in res.to_dict()["terms"]}
    for name, (pooled, between, within, db, dw) in want.items():
        t = got[name]
        assert (t["pooled"]["incl"], t["pooled"]["cov"]) == pytest.approx(pooled, abs=1e-12)
        for part, key, ref in (("between", "cluster", between), ("within", "unit", within)):
            assert [x[key] for x in t[part]] == list(ref)
            got_values = [v for x in t[part] for v in (x["incl"], x["cov"])]
            assert got_values == pytest.approx([v for pair in ref.values() for v in pair], abs=1e-12)
        assert (t["dist_between"], t["dist_within"]) == pytest.approx((db, dw), abs=1e-12)


def test_cluster_zero_denominators_are_one_as_in_r_and_named():
    df = pd.DataFrame({"U": ["a", "a", "b", "b"], "T": [1, 2, 1, 2], "A": [0.0, 0.0, 0.8, 0.6],
                       "Y": [0.3, 0.0, 0.7, 0.0]})
    res = fsqca.cluster(df, "A", "Y", "U", "T")
    within = res.within_frame()
    assert within.loc["a", "solution"] == 1.0                 # (0 + s) / (0 + s)
    assert res.between_frame("cov").loc["2", "A"] == 1.0      # outcome 0 throughout year 2
    assert any("unit" not in n and "within a" in n and "R reports 1" in n for n in res.notes)


def test_cluster_bad_input():
    df = pd.DataFrame({"U": ["a", "a", "b"], "T": [1, 1, 1], "A": [0.2, 0.4, 0.8], "Y": [0.3, 0.1, 0.7]})
    with pytest.raises(QCAInputError, match=r"duplicate U-T pair\(s\): \(a, 1\)"):
        fsqca.cluster(df, "A", "Y", "U", "T")
    ok = df.iloc[[0, 2]]
    with pytest.raises(QCAInputError, match="unknown condition 'Q'"):
        fsqca.cluster(ok, "A + Q", "Y", "U", "T")
    with pytest.raises(QCAInputError, match="cluster column 'YEAR'"):
        fsqca.cluster(ok, "A", "Y", "U", "YEAR")


def test_cluster_plot_and_tables(tmp_path):
    df = pd.DataFrame({"U": list("aabbcc"), "T": [1, 2] * 3, "A": [0.9, 0.2, 0.7, 0.6, 0.1, 0.8],
                       "B": [0.3, 0.9, 0.2, 0.7, 0.6, 0.4], "Y": [0.8, 0.7, 0.6, 0.9, 0.2, 0.3]})
    res = fsqca.cluster(df, "A + B", "Y", "U", "T")
    assert list(res.within_frame().columns) == ["solution", "A", "B"]
    assert list(res.within_frame().index) == ["a", "b", "c"]
    ax = res.plot_between()
    assert len(ax.get_lines()) == 6            # a line and a pooled level per entry
    ax_zh = res.plot_between(lang="zh")
    assert "一致性" in ax_zh.get_title()
    assert "Cluster diagnostics" in res.summary() and "<div>" in res._repr_html_()


# ---- the commands ------------------------------------------------------------------------------------
def _csv(tmp_path, df, name="d.csv"):
    path = tmp_path / name
    df.to_csv(path, index_label="case")
    return str(path)


def test_commands_print_the_contract(tmp_path, capsys):
    import json

    df = pd.DataFrame({"A": [0.9, 0.8, 0.2, 0.7], "B": [0.8, 0.3, 0.7, 0.9], "C": [0.2, 0.1, 0.3, 0.8],
                       "Y": [0.9, 0.7, 0.2, 0.8]}, index=list("pqrs"))
    path = _csv(tmp_path, df)
    assert main(["necessity", path, "--outcome", "Y", "--combinations", "--incl-cut", "0.9", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"condition", "incl", "ron", "cov"} <= set(out["conditions"][0])
    assert main(["find-rows", path, "--outcome", "Y", "--incl-cut", "0.8", "--type", "1", "--expression", "~A",
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["rows"] == [1, 2, 4]
    assert main(["model-fit", path, "--outcome", "Y", "--model", "A", "--theory", "B", "--json"]) == 0
    assert [f["set"] for f in json.loads(capsys.readouterr().out)["fit"]] == list(fsqca.diagnostics.modelfit.SETS)
    panel = pd.DataFrame({"U": list("aabb"), "T": [1, 2, 1, 2], "A": [0.9, 0.2, 0.7, 0.6], "Y": [0.8, 0.7, 0.6, 0.9]})
    ppath = _csv(tmp_path, panel, "p.csv")
    png = tmp_path / "between.png"
    assert main(["cluster", ppath, "--outcome", "Y", "--expression", "A", "--unit", "U", "--cluster", "T",
                 "--plot", str(png), "--json"]) == 0
    assert [t["term"] for t in json.loads(capsys.readouterr().out)["terms"]] == ["solution", "A"]
    assert png.stat().st_size > 0
    assert main(["cluster", ppath, "--outcome", "Y", "--expression", "A", "--unit", "U", "--cluster", "T"]) == 0
    assert "Within consistency by unit" in capsys.readouterr().out


@pytest.mark.parametrize("argv, message", [
    (["find-rows", "{d}", "--outcome", "Y", "--type", "1"], "--type 1 needs --expression"),
    (["necessity", "{d}", "--outcome", "Y", "--combinations", "--expression", "A"], "--expression and --combinations do not combine"),
    (["necessity", "{d}", "--outcome", "Y", "--conditions", "A,Q", "--combinations"], "'Q' not in the data"),
    (["find-rows", "{d}", "--outcome", "Y", "--type", "1", "--expression", "A*Q"], "unknown condition 'Q'"),
    (["model-fit", "{d}", "--outcome", "Y", "--model", "A", "--theory", "X1"], "unknown condition 'X1'"),
    (["cluster", "{p}", "--outcome", "Y", "--expression", "A", "--unit", "U", "--cluster", "T"],
     "duplicate U-T pair"),
])
def test_commands_reject_bad_input(tmp_path, capsys, argv, message):
    df = pd.DataFrame({"A": [0.9, 0.8, 0.2], "B": [0.8, 0.3, 0.7], "Y": [0.9, 0.7, 0.2]})
    panel = pd.DataFrame({"U": list("aab"), "T": [1, 1, 1], "A": [0.9, 0.2, 0.7], "Y": [0.8, 0.7, 0.6]})
    paths = {"{d}": _csv(tmp_path, df), "{p}": _csv(tmp_path, panel, "p.csv")}
    assert main([paths.get(a, a) for a in argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("fsqca: error: ") and message in err and "Traceback" not in err
