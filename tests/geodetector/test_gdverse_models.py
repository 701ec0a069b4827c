"""The gdverse family: where gdverse 1.7 is wrong (right by default, gdverse on request),
hand-computed examples, brute-force checks and algebraic properties (hypothesis)."""
import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import special

from geodetector.cart import TreeGrower
from geodetector.changepoint import optimal_segmentations, ruptures_ends, segmentations
from geodetector.conventions import ecological_convention
from geodetector.gdcore import ecological_rows, factor_qp, interaction_class, optimal_index
from geodetector.optimal_zones import gozh, lesh, shapley, subsets
from geodetector.robust import rgd
from geodetector.sdsdisc import discretize_vector
from geodetector.spatial_association import psd, spade, spatial_variance, weights_from_coords
from geodetector.roughset import srsgd

from _shared import reference

CASES = reference("gdverse-conformance/cases")
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def case(name):
    return pd.read_csv(CASES / name / "data.csv"), json.loads((CASES / name / "ref.json").read_text())


# -- where gdverse is wrong --------------------------------------------------------------------

def test_lesh_textbook_shapley_is_the_default_and_sums_to_q_all():
    d, ref = case("lesh_sim")
    res = lesh(d, "y", ["xa", "xb", "xc"])
    theta = res.spd_lesh.set_index("variable")["spd_theta"]
    # the reference's textbook values, computed in R from gdverse's subset q's
    for v, exp in ref["aux"]["shapley_including_empty_set"].items():
        assert theta[v] == pytest.approx(exp, abs=1e-10)
    q_all = ref["aux"]["subset_q"][-1]["q"]
    assert theta.sum() == pytest.approx(q_all, abs=1e-12)
    assert "sum to q of all variables" in res.summary()


def test_lesh_gdverse_convention_reproduces_gdverse_and_does_not_sum_to_q():
    d, ref = case("lesh_sim")
    res = lesh(d, "y", ["xa", "xb", "xc"], shapley_convention="gdverse")
    theta = res.spd_lesh.set_index("variable")["spd_theta"]
    for row in ref["runs"][0]["expected"]["spd_lesh"]:
        assert theta[row["variable"]] == pytest.approx(row["spd_theta"], abs=1e-8)
    assert abs(theta.sum() - res.scalars["q_all"]) > 0.1


def test_gdverse_ecological_depends_on_order_and_both_directions_do_not():
    q, n = {"a": 0.8, "b": 0.1}, 100
    ab = ecological_rows(q, n, ["a", "b"], both_orders=False)
    ba = ecological_rows(q, n, ["b", "a"], both_orders=False)
    # gdverse: the same two variables, significant or not depending on their order
    assert ab["Ecological"].tolist() == ["No"] and ba["Ecological"].tolist() == ["Yes"]
    yes = [set(map(tuple, ecological_rows(q, n, order)[lambda t: t.Ecological == "Yes"]
                   [["variable1", "variable2"]].values)) for order in (["a", "b"], ["b", "a"])]
    assert yes[0] == yes[1] == {("b", "a")}


def test_gdverse_ecological_hand_value():
    # F = (1 - 0.8)/(1 - 0.1) on F(99, 99), upper tail
    row = ecological_rows({"a": 0.8, "b": 0.1}, 100, ["b", "a"], both_orders=False).iloc[0]
    assert row["F-statistic"] == pytest.approx(0.9 / 0.2)
    assert row["P-value"] == pytest.approx(special.fdtrc(99, 99, 4.5), rel=1e-12)


def test_srsgd_compares_with_the_neighbours_own_class_by_default():
    # a star: unit 0 is the neighbour of 1, 2, 3; units 2 and 3 share x, so they are the
    # approximated neighbours of unit 0 when their class equals unit 0's.
    d = pd.DataFrame({"d": ["A", "B", "A", "A"], "x": [9, 7, 5, 5]})
    w = np.zeros((4, 4))
    w[0, 1:] = w[1:, 0] = 1
    right = srsgd(d, "d", ["x"], weights=w).factor["PD"].iloc[0]
    quirk = srsgd(d, "d", ["x"], weights=w, index="gdverse").factor["PD"].iloc[0]
    # unit 0: both units 2 and 3 are class A -> r = 2/3; leaves: no other neighbour -> 1/1
    assert right == pytest.approx((2 / 3 + 3) / 4)
    # gdverse reads classes of rows 2 and 3 (1-based positions) -> B, A -> r = 1/3
    assert quirk == pytest.approx((1 / 3 + 3) / 4)


def test_spade_uses_a_single_discmethod_as_given():
    d, _ = case("spade_sim")
    w = weights_from_coords(d, ["X", "Y"])
    one = spade(d, "y", ["xa"], weights=w, discmethod="equal").factor
    each = spade(d, "y", ["xa"], weights=w, discmethod=["equal"]).factor
    quant = spade(d, "y", ["xa"], weights=w, discmethod="quantile").factor
    ks = range(3, 9)
    by_hand = np.mean([psd(d.y, discretize_vector(d.xa, k, "equal"), w)
                       / psd(d.xa, discretize_vector(d.xa, k, "equal"), w) for k in ks])
    assert one["Q-statistic"].iloc[0] == pytest.approx(by_hand, abs=1e-12)
    assert one["Q-statistic"].iloc[0] == each["Q-statistic"].iloc[0]
    assert abs(one["Q-statistic"].iloc[0] - quant["Q-statistic"].iloc[0]) > 1e-3


def _ncf_sf_series(f, d1, d2, lam, terms=400):
    """P(F' > f) as the Poisson mixture of upper incomplete beta tails (independent of Boost)."""
    x = d2 / (d2 + d1 * f)
    j = np.arange(terms)
    weights = np.exp(-lam / 2 + j * np.log(lam / 2) - special.gammaln(j + 1))
    return float(np.sum(weights * special.betainc(d2 / 2, d1 / 2 + j, x)))


def test_small_p_values_are_accurate_where_gdverse_reports_noise():
    d, ref = case("gozh_g300")
    res = gozh(d, "y", ["c1", "c2", "c3"])
    zones = res.zones["c1"].to_numpy()
    counts = np.bincount(zones)[np.unique(zones)]
    n, k = len(d), counts.size
    q = res.factor.set_index("variable").loc["c1", "Q-statistic"]
    p = res.factor.set_index("variable").loc["c1", "P-value"]
    means = np.array([d.y[zones == z].mean() for z in np.unique(zones)])
    lam = (np.sum(means ** 2) - np.sum(np.sqrt(counts) * means) ** 2 / n) / (d.y.var() * (n - 1) / n)
    exact = _ncf_sf_series((n - k) * q / ((k - 1) * (1 - q)), k - 1, n - k, lam)
    assert exact < 1e-9
    assert p == pytest.approx(exact, rel=1e-6)
    gdv = next(r["P-value"] for r in ref["runs"][0]["expected"]["factor"] if r["variable"] == "c1")
    assert abs(gdv - exact) / exact > 0.5   # gdverse's value is noise of R's pnbeta


# -- hand computations and brute force -----------------------------------------------------------

def test_spatial_variance_by_hand():
    w = np.array([[0, 1, 0], [1, 0, 2], [0, 2, 0]], float)
    v = np.array([1.0, 3.0, 6.0])
    # (1*(1-3)^2*2 + 2*(3-6)^2*2) / 2 / 6
    assert spatial_variance(v, w) == pytest.approx((8 + 36) / 2 / 6)


def test_spade_permutation_p_value_equals_a_plain_loop():
    d, _ = case("spade_sim")
    w = weights_from_coords(d, ["X", "Y"])
    z = (d.xa > d.xa.median()).astype(int).astype(str).to_numpy()
    d2 = d.assign(z=z)
    res = spade(d2, "y", ["z"], weights=w, discvar=[], permutations=199, seed=7)
    rng = np.random.default_rng(7)
    yc = d.y.to_numpy() - d.y.mean()
    perms = rng.permuted(np.broadcast_to(yc, (199, yc.size)), axis=1)
    obs = psd(d.y.to_numpy(), z, w)
    stats = np.array([psd(p, z, w) for p in perms])
    assert res.factor["P-value"].iloc[0] == pytest.approx((np.sum(stats >= obs) + 1) / 200)


@SETTINGS
@given(st.integers(0, 2 ** 32 - 1), st.booleans())
def test_spade_permutation_test_equals_a_plain_loop_on_any_weights(seed, symmetric):
    # the batched test (triangular products of the symmetrised W, blocks of the zones, kept
    # rows when a one-member zone is dropped) against psd() on each permuted outcome
    rng = np.random.default_rng(seed)
    n = int(rng.integers(12, 30))
    w = rng.uniform(0, 2, (n, n)) * (rng.uniform(size=(n, n)) < 0.7)
    w = w + w.T if symmetric else w
    np.fill_diagonal(w, rng.uniform(0, 1, n) * (rng.uniform() < 0.3))
    z = np.array(list("ab") * n)[:n]
    z[rng.integers(n)] = "c"  # a one-member zone: dropped with its row and column of W
    x = rng.normal(size=n)
    d = pd.DataFrame({"y": rng.normal(size=n) + x, "z": z, "x": x})
    res = spade(d, "y", ["z", "x"], weights=w, discvar=["x"], discnum=[2, 3],
                permutations=59, seed=seed % 1000)
    perms = np.random.default_rng(seed % 1000).permuted(
        np.broadcast_to(d.y.to_numpy() - d.y.mean(), (59, n)), axis=1)
    zx = {k: discretize_vector(x, k, "quantile") for k in (2, 3)}

    def stat(v, name):
        if name == "z":
            return psd(v, z, w)
        return np.mean([psd(v, zx[k], w) / psd(x, zx[k], w) for k in (2, 3)])

    for name in ("z", "x"):
        obs = stat(d.y.to_numpy(), name)
        hits = sum(stat(p, name) >= obs - 1e-9 * abs(obs) for p in perms)
        assert res.factor.set_index("variable").loc[name, "P-value"] == pytest.approx(
            (hits + 1) / 60)


def _brute_segments(y, k):
    n = len(y)
    best = (np.inf, None)

    def cost(a, b):
        s = y[a:b]
        return float(((s - s.mean()) ** 2).sum())

    from itertools import combinations
    for cuts in combinations(range(1, n), k - 1):
        ends = list(cuts) + [n]
        c, a = 0.0, 0
        for e in ends:
            c, a = c + cost(a, e), e
        if c < best[0] - 1e-12:
            best = (c, ends)
    return best


@SETTINGS
@given(st.lists(st.floats(-50, 50, allow_nan=False), min_size=4, max_size=11),
       st.integers(2, 4))
def test_changepoints_are_optimal(values, k):
    y = np.array(values)
    k = min(k, len(y))
    ends = segmentations(y, k)[k]
    c, a = 0.0, 0
    for e in ends:
        s = y[a:e]
        c, a = c + float(((s - s.mean()) ** 2).sum()), e
    assert c == pytest.approx(_brute_segments(y, k)[0], abs=1e-8 * max(1.0, np.ptp(y) ** 2))


@SETTINGS
@given(st.integers(0, 2 ** 32 - 1), st.integers(1, 6),
       st.sampled_from(["noise", "wave", "trend", "steps"]))
def test_branch_and_bound_segmentation_equals_ruptures(seed, block, shape):
    # small blocks make the bounds prune on small inputs; smooth shapes are where they matter
    pytest.importorskip("ruptures")
    rng = np.random.default_rng(seed)
    n = int(rng.integers(12, 60))
    t = np.linspace(0, 10, n)
    y = {"noise": rng.normal(size=n), "wave": 3 * np.sin(t) + 0.3 * rng.normal(size=n),
         "trend": t + rng.normal(size=n),
         "steps": np.floor(t / 3) + 0.1 * rng.normal(size=n)}[shape]
    ks = sorted({int(k) for k in rng.integers(2, 9, 3)})
    got = optimal_segmentations(y, ks, block=block)
    assert got == {k: ruptures_ends(y, k) for k in ks}


@SETTINGS
@given(st.lists(st.floats(-50, 50, allow_nan=False), min_size=4, max_size=11),
       st.integers(2, 4), st.integers(1, 4))
def test_branch_and_bound_changepoints_are_optimal(values, k, block):
    y = np.array(values)
    k = min(k, len(y))
    ends = optimal_segmentations(y, [k], block=block)[k]
    c, a = 0.0, 0
    for e in ends:
        s = y[a:e]
        c, a = c + float(((s - s.mean()) ** 2).sum()), e
    assert c == pytest.approx(_brute_segments(y, k)[0], abs=1e-8 * max(1.0, np.ptp(y) ** 2))


def test_rgd_classes_follow_the_order_of_x():
    rng = np.random.default_rng(5)
    d = pd.DataFrame({"a": rng.permutation(60).astype(float)})
    d["y"] = np.repeat([0.0, 5.0, 9.0], 20)[np.argsort(np.argsort(d.a))] + rng.normal(0, .1, 60)
    res = rgd(d, "y", ["a"], discnum=[3], strategy=1)
    assert res.factor["Q-statistic"].iloc[0] > 0.99
    cls = res.classes["a"].str[5:].astype(int)
    assert (np.diff(cls.to_numpy()[np.argsort(d.a)]) >= 0).all()


# -- properties ------------------------------------------------------------------------------------

@SETTINGS
@given(st.integers(2, 4), st.data())
def test_shapley_efficiency_symmetry_null_player(m, data):
    names = [f"v{i}" for i in range(m)]
    qs = {s: data.draw(st.floats(0, 1)) for s in subsets(names)}
    phi = shapley(qs, names)
    assert sum(phi.values()) == pytest.approx(qs[tuple(names)], abs=1e-12)
    # a null player (adds nothing to any coalition) gets 0
    null = {s: (qs[tuple(v for v in s if v != names[-1])] if len(s) > 1 or s[0] != names[-1]
                else 0.0) for s in qs}
    assert shapley(null, names)[names[-1]] == pytest.approx(0.0, abs=1e-12)


@st.composite
def tables(draw):
    n = draw(st.integers(25, 70))
    rng = np.random.default_rng(draw(st.integers(0, 2 ** 32 - 1)))
    d = pd.DataFrame({"a": rng.normal(size=n), "b": rng.integers(0, 4, n).astype(float)})
    d["y"] = d.a + draw(st.floats(0, 2)) * d.b + rng.normal(size=n)
    return d


@SETTINGS
@given(tables())
def test_gozh_q_in_unit_interval_and_lesh_sums(d):
    res = lesh(d, "y", ["a", "b"])
    q = res.subsets["q"]
    assert ((q >= 0) & (q <= 1)).all()
    assert res.spd_lesh["spd_theta"].sum() == pytest.approx(res.scalars["q_all"], abs=1e-12)


@SETTINGS
@given(tables(), st.integers(0, 1000))
def test_q_invariant_to_relabelling_strata(d, seed):
    z = np.random.default_rng(seed).integers(0, 5, len(d))
    relabel = np.random.default_rng(seed + 1).permutation(5) * 7 + 3
    assert factor_qp(d.y, z)[0] == pytest.approx(factor_qp(d.y, relabel[z])[0], abs=1e-12)
    w = 1.0 / (1.0 + np.abs(np.subtract.outer(np.arange(len(d)), np.arange(len(d)))))
    np.fill_diagonal(w, 0)
    assert psd(d.y, z, w) == pytest.approx(psd(d.y, relabel[z], w), abs=1e-12)


@SETTINGS
@given(tables())
def test_tree_zones_invariant_to_monotone_transform(d):
    g1 = TreeGrower(d.y, {"a": d.a.to_numpy()}).grow(["a"]).where
    g2 = TreeGrower(d.y, {"a": np.exp(d.a.to_numpy())}).grow(["a"]).where
    assert (g1 == g2).all()


def test_interaction_classes_and_elbow_rule_by_hand():
    assert interaction_class(0.3, 0.4, 0.2) == "Weaken, nonlinear"
    assert interaction_class(0.3, 0.4, 0.35) == "Weaken, uni-"
    assert interaction_class(0.3, 0.4, 0.5) == "Enhance, bi-"
    assert interaction_class(0.25, 0.5, 0.75) == "Independent"
    assert interaction_class(0.3, 0.4, 0.9) == "Enhance, nonlinear"
    # rises 50 %, 3.3 %: the second value after the first rise above 5 %
    assert optimal_index([0.2, 0.3, 0.31, 0.4]) == 2
    assert optimal_index([0.4, 0.3, 0.2]) == 0   # never rises: the maximum


def test_ecological_convention_default_is_r_geodetector():
    d, _ = case("eco_ntds")
    x = ["watershed", "elevation", "soiltype"]
    res = ecological_convention(d, "incidence", x)
    assert res.scalars["convention"] == "geodetector"
    assert "default" in res.summary()


def test_every_result_speaks_the_result_protocol():
    from geodetector.interactive import idsa
    from geodetector.robust import rid
    from geodetector.sesu import sesu_gozh

    d, _ = case("spade_sim")
    x = ["xa", "xb", "xc"]
    w = weights_from_coords(d, ["X", "Y"])
    results = [gozh(d, "y", x, type=["factor", "interaction", "risk", "ecological"]),
               lesh(d, "y", x), spade(d, "y", x, weights=w),
               idsa(d, "y", x, weights=w, discnum=range(3, 5)),
               rgd(d, "y", x, discnum=range(3, 5)), rid(d, "y", x, discnum=range(3, 5)),
               sesu_gozh([d, d.iloc[::-1].reset_index(drop=True)], [1, 2], "y", x),
               ecological_convention(d, "y", x, convention="gdverse")]
    for res in results:
        text = res.summary()
        assert res._title in text and "Note:" in text
        assert res._title.split(":")[0] in res._repr_html_()
        assert len(res.to_frame()) > 0
        body = json.loads(json.dumps(res.to_dict(), allow_nan=False))
        assert body["notes"] and body["n"] == len(d) * (2 if "sesu" in body else 1)


def test_fuzzy_overlay_by_hand():
    from geodetector.interactive import overlay_zones

    y = np.array([1.0, 2.0, 3.0, 4.0])
    classes = {"a": np.array([1, 1, 2, 2]), "b": np.array([1, 2, 1, 2])}
    # class means a_1 1.5, a_2 3.5, b_1 2, b_2 3 -> normalised 0, 1, 0.25, 0.75
    assert overlay_zones(y, classes, "and").tolist() == ["a_1", "a_1", "b_1", "b_2"]
    assert overlay_zones(y, classes, "or").tolist() == ["b_1", "b_2", "a_2", "a_2"]
    assert overlay_zones(y, classes, "intersection").tolist() == ["1_1", "1_2", "2_1", "2_2"]
