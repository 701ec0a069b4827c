"""NCA: ceilings against independent brute-force computations, algebraic invariants,
the permutation test, bottleneck tables and bad input."""
import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings, strategies as st

from fsqca import QCAInputError, nca
from fsqca.cli import main
from fsqca.nca import effect_label
from fsqca.nca.ceilings import ce_fdh, cr_fdh, effects_of_orders, peers


# -- independent references --------------------------------------------------------------------
def r_peers(x, y):
    """R's p_peers loop, written out row by row (with R's relative equality)."""
    def eq(a, b):
        return abs(a - b) <= min(abs(a), abs(b)) * 1e-6
    order = sorted(range(len(x)), key=lambda i: (x[i], y[i]))
    out = [order[0]]
    for i in order[1:]:
        xp, yp = x[out[-1]], y[out[-1]]
        if y[i] > yp or (eq(x[i], xp) and eq(y[i], yp)):
            while out and eq(x[i], x[out[-1]]) and not eq(y[i], y[out[-1]]):
                out.pop()
            out.append(i)
    return [(x[i], y[i]) for i in out]


def ce_zone_brute(x, y):
    """Area above the free-disposal hull c(t) = max{y_i : x_i <= t} inside the scope."""
    xs = np.unique(x)
    ymax = y.max()
    return sum((xs[k + 1] - xs[k]) * (ymax - y[x <= xs[k]].max()) for k in range(len(xs) - 1))


def cr_zone_brute(a, b, x, y):
    """Integral of ymax - clamp(a + b t, ymin, ymax) over [xmin, xmax] (exact trapezoids)."""
    xmin, xmax, ymin, ymax = x.min(), x.max(), y.min(), y.max()
    knots = [xmin, xmax] + [t for t in ((ymin - a) / b, (ymax - a) / b) if xmin < t < xmax]
    t = np.sort(np.array(knots))
    h = ymax - np.clip(a + b * t, ymin, ymax)
    return float(np.sum((t[1:] - t[:-1]) * (h[1:] + h[:-1]) / 2))


def exact_effects(x, y):
    """Effect sizes of both ceilings by the exact (R-loop-equivalent) route."""
    idx = peers(x, y)
    bounds = (x.min(), x.max(), y.min(), y.max())
    ce = ce_fdh(x[idx], y[idx], bounds)
    cr = cr_fdh(x[idx], y[idx], x, y, bounds, ce["ceiling_zone"])
    return np.array([ce["effect_size"], cr["effect_size"]])


def frame(x, y):
    return pd.DataFrame({"X": x, "Y": y}, index=[f"c{i}" for i in range(len(x))])


values = st.lists(st.integers(0, 9), min_size=4, max_size=30)
floats = st.lists(st.floats(-50, 50, allow_nan=False).map(lambda v: round(v, 2)), min_size=4, max_size=30)


def _pair(draw_x, draw_y):
    n = min(len(draw_x), len(draw_y))
    x, y = np.array(draw_x[:n], float), np.array(draw_y[:n], float)
    assume(n >= 4 and np.ptp(x) > 0 and np.ptp(y) > 0)
    return x, y


# -- ceilings ------------------------------------------------------------------------------------
@settings(max_examples=80, deadline=None)
@given(st.one_of(st.tuples(values, values), st.tuples(floats, floats)))
def test_peers_and_zones_match_brute_force(data):
    x, y = _pair(*data)
    idx = peers(x, y)
    assert [(x[i], y[i]) for i in idx] == r_peers(list(x), list(y))
    row = nca(frame(x, y), "Y").to_frame().set_index("ceiling")
    scope = np.ptp(x) * np.ptp(y)
    assert row.loc["ce_fdh", "ceiling_zone"] == pytest.approx(ce_zone_brute(x, y), rel=1e-12, abs=1e-12)
    assert row.loc["ce_fdh", "effect_size"] == pytest.approx(ce_zone_brute(x, y) / scope, rel=1e-12, abs=1e-12)
    px, py = x[idx], y[idx]
    if len(set(zip(px, py))) > 1:
        b, a = np.polyfit(px, py, 1)
        assert row.loc["cr_fdh", "slope"] == pytest.approx(b, rel=1e-9)
        assert row.loc["cr_fdh", "ceiling_zone"] == pytest.approx(cr_zone_brute(a, b, x, y), rel=1e-9, abs=1e-9)
        assert row.loc["cr_fdh", "above"] == int(np.sum(y - (a + b * x) > 1e-7))
    else:
        assert row.loc["cr_fdh", "effect_size"] == 0 and np.isnan(row.loc["cr_fdh", "slope"])


def test_near_equal_values_follow_r_equality():
    # values near 1000 with 4 decimals: R treats 1000.0004 and 1000.0000 as equal
    x = np.array([1000.0, 1000.0004, 1000.0010, 1001.0, 1002.0, 1002.0005])
    y = np.array([5.0, 6.0, 6.000001, 7.0, 6.5, 8.0])
    assert [(x[i], y[i]) for i in peers(x, y)] == r_peers(list(x), list(y))
    rng = np.random.default_rng(4)
    for _ in range(50):
        x = 1000 + rng.integers(0, 8, 25) * 0.0004
        y = 3 + rng.integers(0, 8, 25) * 0.000002
        assert [(x[i], y[i]) for i in peers(x, y)] == r_peers(list(x), list(y))


@settings(max_examples=60, deadline=None)
@given(st.tuples(floats, floats))
def test_effect_size_in_unit_interval_and_nothing_above_ce_fdh(data):
    x, y = _pair(*data)
    res = nca(frame(x, y), "Y")
    d = res.to_frame()["effect_size"]
    assert ((d >= 0) & (d <= 1)).all()
    p = res.peers["X"]
    ceiling = np.array([p["y"][p["x"] <= xi].max() for xi in x])
    assert np.all(y <= ceiling)
    assert res.to_frame().set_index("ceiling").loc["ce_fdh", "above"] == 0


@settings(max_examples=30, deadline=None)
@given(st.tuples(values, values), st.randoms(use_true_random=False),
       st.sampled_from([0.001, 0.5, 3.0, 2000.0]), st.sampled_from([0.01, 1.0, 7.5]))
def test_invariant_to_row_order_and_positive_scaling(data, rnd, cx, cy):
    x, y = _pair(*data)
    base = nca(frame(x, y), "Y").to_frame()
    perm = list(range(len(x)))
    rnd.shuffle(perm)
    shuffled = nca(frame(x[perm], y[perm]), "Y").to_frame()
    cols = ["ceiling_zone", "effect_size", "above", "fit", "slope", "intercept", "ineff_rel"]
    pd.testing.assert_frame_equal(base[cols], shuffled[cols], rtol=1e-12, atol=1e-12)
    scaled = nca(frame(x * cx, y * cy), "Y").to_frame()
    np.testing.assert_allclose(scaled["effect_size"], base["effect_size"], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(scaled["ceiling_zone"], base["ceiling_zone"] * cx * cy, rtol=1e-9, atol=1e-9)


# -- permutation test ----------------------------------------------------------------------------
@settings(max_examples=30, deadline=None)
@given(st.tuples(values, values), st.integers(0, 2**32 - 1))
def test_vectorised_permutations_equal_one_by_one(data, seed):
    x, y = _pair(*data)
    rng = np.random.default_rng(seed)
    ys = np.array([rng.permutation(y) for _ in range(12)])
    fast = effects_of_orders(x, ys)
    for k, yk in enumerate(ys):
        exact = exact_effects(x, yk)
        assert fast["ce_fdh"][k] == pytest.approx(exact[0], rel=1e-12, abs=1e-14)
        assert fast["cr_fdh"][k] == pytest.approx(exact[1], rel=1e-9, abs=1e-12)


def test_permutation_test_p_values():
    x = np.linspace(0, 1, 40)
    y = x * np.random.default_rng(1).uniform(0.2, 1, 40)        # a clear ceiling y <= x
    res = nca(frame(x, y), "Y", test_rep=500, seed=3).to_frame().set_index("ceiling")
    assert res.loc["ce_fdh", "p_value"] == pytest.approx(1 / 500)      # raised to 1/N
    p = res.loc["cr_fdh", "p_value"]
    assert res.loc["cr_fdh", "p_accuracy"] == pytest.approx(1.959963984540054 * np.sqrt(p * (1 - p) / 500))
    flat = nca(frame([0.0, 1, 2, 3], [9.0, 1, 2, 3]), "Y", test_rep=50, seed=1).to_frame()
    assert (flat["effect_size"] == 0).all() and (flat["p_value"] == 1).all() and (flat["p_accuracy"] == 0).all()
    again = nca(frame(x, y), "Y", test_rep=500, seed=3).to_frame().set_index("ceiling")
    assert again["p_value"].equals(res["p_value"])


def test_permutation_p_value_matches_a_plain_loop():
    df = pd.read_csv(__import__("pathlib").Path(__file__).parents[1] / "data/nca/nca_example/data.csv").set_index("case")
    x, y = df["Risk taking"].to_numpy(float), df["Innovation performance"].to_numpy(float)
    d_obs = exact_effects(x, y)
    rng = np.random.default_rng(11)
    d = np.array([exact_effects(x, rng.permutation(y)) for _ in range(1000)])
    loop_p = (np.sum(d >= d_obs, axis=0) + 1) / 1001
    ours = nca(frame(x, y), "Y", test_rep=4000, seed=5).to_frame()["p_value"].to_numpy()
    assert np.all(np.abs(ours - loop_p) < 0.045)   # both estimate p near 0.10


# -- bottleneck tables ---------------------------------------------------------------------------
def test_bottleneck_explicit_levels_and_types():
    df = frame([1.0, 2, 3, 4, 5], [1.0, 3, 2, 5, 4])
    res = nca(df, "Y")
    t = res.bottleneck("ce_fdh", steps=[50, 0, 100]).to_frame()
    assert t["outcome"].tolist() == [0.0, 50.0, 100.0]              # sorted as R does
    assert t["X"].tolist() == ["NN", 25.0, 75.0]                     # y 3 needs x 2, y 5 needs x 4
    a = res.bottleneck("ce_fdh", steps=[3.0], bottleneck_x="actual", bottleneck_y="actual").to_frame()
    assert a["X"].tolist() == [2.0]
    pct = res.bottleneck("ce_fdh", steps=4, bottleneck_x="percentile").to_frame()
    assert pct["X"].tolist() == ["NN", 20.0, 20.0, 60.0, 60.0]      # share of cases below x
    mx = res.bottleneck("ce_fdh", steps=2, bottleneck_x="percentage.max").to_frame()
    assert mx["X"].tolist() == ["NN", 40.0, 80.0]


def test_single_peer_gives_no_line_and_percentile_100():
    df = frame([0.0, 1, 2, 3], [9.0, 1, 2, 3])
    res = nca(df, "Y")
    assert res.line("X") is None
    assert res.bottleneck("cr_fdh", steps=2).to_frame()["X"].tolist() == ["NN", "NN", "NN"]
    assert res.bottleneck("cr_fdh", steps=2, bottleneck_x="percentile").to_frame()["X"].tolist() == [100.0] * 3
    assert any("lowest x also" in n for n in res.notes)


# -- results -------------------------------------------------------------------------------------
def test_result_protocol_and_labels():
    df = frame([1.0, 2, 3, 4, 5, 6], [1.0, 3, 2, 5, 4, 6])
    res = nca(df, "Y", test_rep=20, seed=2)
    d = res.to_dict()
    assert set(d) >= {"outcome", "settings", "conditions", "bottlenecks", "notes", "effect_benchmarks"}
    assert d["conditions"][0]["ceilings"]["ce_fdh"]["effect"] == "very large"
    json.dumps(d, allow_nan=False)
    assert "Bottleneck table, ce_fdh" in res.summary() and "Dul" in res.summary()
    assert "<table" in res._repr_html_()
    assert [effect_label(v) for v in (0.0, 0.0999, 0.1, 0.2999, 0.3, 0.5, 1.0, float("nan"))] == [
        "small", "small", "medium", "medium", "large", "very large", "very large", "NA"]


def test_any_real_numbers_are_accepted():
    df = frame([-2000.0, -100, 50, 20000], [-0.5, 3.0, 2.0, 7.0])
    res = nca(df, "Y").to_frame()
    assert res["n"].tolist() == [4, 4]


# -- bad input -----------------------------------------------------------------------------------
@pytest.mark.parametrize("change, match", [
    (dict(X=[1.0, 1, 1, 1]), "condition 'X' is constant"),
    (dict(Y=[2.0, 2, 2, 2]), "outcome 'Y' is constant"),
    (dict(X=[1.0, np.nan, 2, 3]), "missing or infinite values in case\\(s\\) c1"),
    (dict(X=["a", "b", "c", "d"]), "not numeric"),
])
def test_bad_columns(change, match):
    df = frame([1.0, 2, 3, 4], [1.0, 3, 2, 4])
    for k, v in change.items():
        df[k] = v
    with pytest.raises(QCAInputError, match=match):
        nca(df, "Y")


def test_bad_options():
    df = frame([1.0, 2, 3, 4], [1.0, 3, 2, 4])
    with pytest.raises(QCAInputError, match="at least 3 cases"):
        nca(df.iloc[:2], "Y")
    with pytest.raises(QCAInputError, match="ceiling 'ols' is not implemented"):
        nca(df, "Y", ceilings=["ce_fdh", "ols"])
    with pytest.raises(QCAInputError, match="bottleneck_x 'percent' is not a bottleneck type"):
        nca(df, "Y", bottleneck_x="percent")
    with pytest.raises(QCAInputError, match="outcome level 120 is outside the percentage scale \\(0..100\\).*R drops"):
        nca(df, "Y", steps=[0, 50, 120])
    with pytest.raises(QCAInputError, match="outside the observed outcome range"):
        nca(df, "Y", steps=[0.5, 2], bottleneck_y="actual")
    with pytest.raises(QCAInputError, match="test_rep must be a whole number >= 0"):
        nca(df, "Y", test_rep=-5)
    with pytest.raises(QCAInputError, match="steps must be a whole number"):
        nca(df, "Y", steps=0)
    with pytest.raises(QCAInputError, match="condition 'Z' is not a column"):
        nca(df, "Y", ["Z"])


def test_command_reports_errors_without_traceback(tmp_path, capsys):
    path = tmp_path / "d.csv"
    frame([1.0, 1, 1, 1], [1.0, 3, 2, 4]).rename_axis("case").to_csv(path)
    assert main(["nca", str(path), "--outcome", "Y", "--json"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("fsqca: error: condition 'X' is constant") and "Traceback" not in err
    assert main(["nca", str(path), "--outcome", "Y", "--test-rep", "-1"]) == 2


# -- the command -------------------------------------------------------------------------------
def test_command_json_equals_the_api(tmp_path, capsys):
    from pathlib import Path
    case = Path(__file__).parents[1] / "data" / "nca" / "nca_example"
    df = pd.read_csv(case / "data.csv").set_index("case")
    assert main(["nca", str(case / "data.csv"), "--outcome", "Innovation performance", "--test-rep", "200",
                 "--seed", "3", "--bottleneck-x", "percentile", "--steps", "0,25,50,95", "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    want = json.loads(json.dumps(nca(df, "Innovation performance", test_rep=200, seed=3,
                                     bottleneck_x="percentile", steps=[0, 25, 50, 95]).to_dict()))
    assert got["bottlenecks"] == want["bottlenecks"] and got["notes"] == want["notes"]
    for g, w in zip(got["conditions"], want["conditions"]):
        assert g["peers"] == w["peers"]
        for c in w["ceilings"]:
            for k, v in w["ceilings"][c].items():
                assert g["ceilings"][c][k] == (pytest.approx(v, rel=1e-12) if isinstance(v, float) else v)


def test_command_starts_without_pandas_and_names_stay_functions():
    import subprocess
    import sys
    from pathlib import Path
    case = Path(__file__).parents[1] / "data" / "nca" / "ceil_01" / "data.csv"
    code = (
        "import sys, io, contextlib\n"
        "from fsqca.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['nca', {str(case)!r}, '--outcome', 'Y', '--test-rep', '50', '--json']) == 0\n"
        "print(sorted(m for m in ('pandas', 'scipy', 'matplotlib') if m in sys.modules))\n"
        "import fsqca.nca, fsqca.fit, fsqca.calibrate\n"
        "print(fsqca.nca.__module__, fsqca.fit.__module__, fsqca.calibrate.__module__, callable(fsqca.minimize))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["[]", "fsqca.nca.analysis fsqca.fit fsqca.calibrate True"]


def test_command_reads_missing_and_text_cells(tmp_path, capsys):
    path = tmp_path / "d.csv"
    path.write_text("case,X,Y,note\na,1,1,x\nb,2,NA,y\nc,3,3,z\nd,4,2,w\n")
    assert main(["nca", str(path), "--outcome", "Y", "--conditions", "X", "--json"]) == 2
    assert "outcome 'Y' has missing or infinite values in case(s) b" in capsys.readouterr().err
    path.write_text("case,X,Y\na,1,1\nb,two,2\nc,3,3\n")
    assert main(["nca", str(path), "--outcome", "Y", "--json"]) == 2
    assert "condition 'X' is not numeric: value 'two' in case 'b'" in capsys.readouterr().err


# -- R's conventions kept for agreement (docs/nca.md) -------------------------------------------
@settings(max_examples=40, deadline=None)
@given(st.tuples(values, values))
def test_fit_is_missing_exactly_where_r_reports_none(data):
    x, y = _pair(*data)
    t = nca(frame(x, y), "Y").to_frame().set_index("ceiling")
    ce, cr = t.loc["ce_fdh", "ceiling_zone"], t.loc["cr_fdh", "ceiling_zone"]
    if ce == 0 or cr > ce:
        assert np.isnan(t.loc["cr_fdh", "fit"])
    else:
        assert t.loc["cr_fdh", "fit"] == pytest.approx(100 - 100 * (ce - cr) / ce)


def test_cr_inefficiencies_depend_on_units_as_in_r():
    x = np.array([0.0, 1, 2, 3, 4, 5, 6, 7])
    y = np.array([0.1, 0.5, 0.3, 0.9, 0.6, 1.4, 1.0, 2.0])
    small = nca(frame(x, y), "Y").to_frame().set_index("ceiling").loc["cr_fdh"]
    big = nca(frame(x * 1000, y), "Y").to_frame().set_index("ceiling").loc["cr_fdh"]
    assert small["slope"] > 0.001 and big["slope"] <= 0.001
    assert big["effect_size"] == pytest.approx(small["effect_size"], rel=1e-12)
    assert not np.isnan(small["ineff_rel"]) and np.isnan(big["ineff_rel"])


@settings(max_examples=15, deadline=None)
@given(reps=st.integers(1, 450), seed=st.integers(0, 10**6), n=st.integers(4, 12))
def test_progress_reports_the_permutations_and_leaves_the_p_values(reps, seed, n):
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({"X": rng.random(n), "Z": rng.random(n), "Y": rng.random(n)})
    seen = []
    with_progress = nca(df, "Y", ["X", "Z"], test_rep=reps, seed=seed, progress=lambda d, t: seen.append((d, t)))
    plain = nca(df, "Y", ["X", "Z"], test_rep=reps, seed=seed)
    pd.testing.assert_frame_equal(with_progress.to_frame(), plain.to_frame())
    done = [d for d, _ in seen]
    assert done == sorted(set(done)) and done[-1] == reps and {t for _, t in seen} == {reps}
    assert len(seen) <= 100


def test_progress_can_stop_the_permutation_test():
    df = pd.DataFrame({"X": [1, 2, 3, 4, 5, 6], "Y": [1, 3, 2, 5, 4, 6]})

    def stop(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        nca(df, "Y", ["X"], test_rep=1000, progress=stop)
