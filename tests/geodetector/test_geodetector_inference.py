"""Inference for q on small samples: interval coverage, the enhancement test's type I error,
small-sample warnings and the bootstrap support of strategy rankings (all simulations seeded
and vectorised over replications)."""

import itertools
import json

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from scipy import stats  # noqa: E402

import geodetector as gd  # noqa: E402
from geodetector.cli import main  # noqa: E402
from geodetector.errors import GeodetectorError  # noqa: E402
from geodetector.inference import (  # noqa: E402
    bootstrap_q,
    enhancement_pvalue,
    holm,
    q_confint,
    rank_support,
    small_sample_issues,
)
from geodetector.plotting import plot_interaction_matrix, plot_strategy_heatmap  # noqa: E402


def q_rows(Y, x):
    """q of every row of Y (replicates x units) for strata x, by the textbook formula."""
    Yc = Y - Y.mean(axis=1, keepdims=True)
    ssb = sum(Yc[:, x == h].sum(1) ** 2 / np.sum(x == h) for h in np.unique(x))
    return ssb / (Yc ** 2).sum(1)


def population_q(sizes, means, sd):
    w = np.asarray(sizes) / np.sum(sizes)
    between = np.sum(w * (means - np.sum(w * means)) ** 2)
    return between / (between + sd ** 2)


# ---------------------------------------------------------------------------------------------
# confidence interval of q


@pytest.mark.parametrize("sizes,means,sd", [
    ((5, 8, 11), np.array([0.0, 0.8, 1.5]), 1.0),    # q = 0.25 on 24 units, unequal strata
    ((4, 4, 4, 4, 4), np.array([0.0, 1, 2, 3, 4]), 1.5),  # q = 0.47 on 20 units
])
def test_interval_covers_true_q_in_95_percent_of_replications(sizes, means, sd):
    rng = np.random.default_rng(20260)
    x = np.repeat(np.arange(len(sizes)), sizes)
    true_q = population_q(sizes, means, sd)
    Y = means[x] + rng.normal(0.0, sd, (1000, x.size))
    lo, hi = q_confint(q_rows(Y, x), x.size, len(sizes), 0.95)
    coverage = np.mean((lo <= true_q) & (true_q <= hi))
    assert 0.93 <= coverage <= 0.97
    assert np.all(lo <= hi)


def test_interval_bounds_solve_the_noncentral_f():
    # independent check with scipy.stats.ncf: lambda = N q / (1 - q) at each bound
    q, n, k = 0.46, 31, 3
    lo, hi = q_confint(q, n, k, 0.9)
    f = (n - k) * q / ((k - 1) * (1 - q))
    for bound, prob in ((lo, 0.95), (hi, 0.05)):
        lam = n * float(bound) / (1 - float(bound))
        assert stats.ncf.cdf(f, k - 1, n - k, lam) == pytest.approx(prob, abs=1e-8)


def test_lower_bound_is_zero_exactly_when_the_central_f_test_is_not_significant():
    q = np.linspace(0.01, 0.6, 60)
    n, k = 20, 4
    lo, _ = q_confint(q, n, k, 0.95)
    f = (n - k) * q / ((k - 1) * (1 - q))
    significant = stats.f.sf(f, k - 1, n - k) < 0.025
    assert np.array_equal(lo > 0, significant)


def test_wider_level_gives_a_wider_interval_around_q():
    lo95, hi95 = q_confint([0.2, 0.5, 0.8], 40, 4, 0.95)
    lo99, hi99 = q_confint([0.2, 0.5, 0.8], 40, 4, 0.99)
    assert np.all(lo99 <= lo95) and np.all(hi99 >= hi95)
    assert np.all(hi95 >= [0.2, 0.5, 0.8])


def test_factor_detector_reports_the_interval(df_small):
    res = gd.factor_detector(df_small, "y", ["a", "b"], conf_level=0.9)
    for row in res.table.itertuples():
        lo, hi = q_confint(row.q, row.n, row.n_strata, 0.9)
        assert (row.ci_low, row.ci_high) == pytest.approx((float(lo), float(hi)))
    assert res.to_dict()["conf_level"] == 0.9
    assert {"ci_low", "ci_high"} <= set(res.to_dict()["factors"][0])
    assert "confidence level: 0.9" in res.summary()


@pytest.mark.parametrize("level", [0, 1, 1.5, -0.2, float("nan"), True, "0.95"])
def test_confidence_level_outside_unit_interval_is_an_error(df_small, level):
    with pytest.raises(GeodetectorError, match="conf_level"):
        gd.factor_detector(df_small, "y", ["a"], conf_level=level)


# ---------------------------------------------------------------------------------------------
# the enhancement test of interactions


def binomial_band(alpha, n, coverage=0.999):
    lo, hi = stats.binom.interval(coverage, n, alpha)
    return lo / n, hi / n


def test_enhancement_test_has_its_nominal_size_under_the_null():
    # X1 explains y strongly, X2 (balanced within X1) adds nothing: H0 holds, and the
    # rejection rate over 1,000 replications must be close to alpha.
    rng = np.random.default_rng(11)
    x1 = np.repeat([0, 1, 2, 3], 10)
    x2 = np.tile([0, 1], 20)
    Y = 3.0 * x1 + rng.normal(0.0, 1.0, (1000, 40))
    p = enhancement_pvalue(Y, x1, x2, n_perm=99, seed=1)
    for alpha in (0.05, 0.10):
        lo, hi = binomial_band(alpha, 1000)
        assert lo <= np.mean(p <= alpha) <= hi


def test_enhancement_test_is_conservative_when_neither_factor_matters():
    rng = np.random.default_rng(12)
    x1 = np.repeat([0, 1, 2, 3], 10)
    x2 = np.tile([0, 1], 20)
    p = enhancement_pvalue(rng.normal(size=(1000, 40)), x1, x2, n_perm=99, seed=2)
    assert np.mean(p <= 0.05) <= binomial_band(0.05, 1000)[1]


def test_enhancement_test_detects_a_real_interaction():
    rng = np.random.default_rng(13)
    x1 = np.repeat([0, 1, 2, 3], 10)
    x2 = np.tile([0, 1], 20)
    Y = 1.0 * x1 + 2.0 * (x2 == 1) * (x1 >= 2) + rng.normal(0.0, 0.7, (200, 40))
    p = enhancement_pvalue(Y, x1, x2, n_perm=99, seed=3)
    assert np.mean(p <= 0.05) > 0.8


def exact_within_p(y, s, t):
    """Exact permutation p-value of "t adds nothing to s" by enumerating every shuffle of y
    within the strata of s."""
    cells = {c: np.flatnonzero((s == c[0]) & (t == c[1])) for c in set(zip(s, t))}

    def ssb(v):
        return sum(v[i].sum() ** 2 / i.size for i in cells.values())

    observed = ssb(y)
    groups = [np.flatnonzero(s == h) for h in np.unique(s)]
    hits = total = 0
    for perms in itertools.product(*(itertools.permutations(g) for g in groups)):
        v = y.copy()
        for g, pg in zip(groups, perms):
            v[g] = y[list(pg)]
        hits += ssb(v) >= observed - 1e-9
        total += 1
    return hits / total


def test_enhancement_p_value_agrees_with_full_enumeration():
    rng = np.random.default_rng(4)
    x1 = np.array([0, 0, 0, 0, 1, 1, 1, 1])
    x2 = np.array([0, 1, 0, 1, 0, 1, 1, 0])
    y = x1 + 0.8 * x2 + rng.normal(0, 0.5, 8)
    exact = max(exact_within_p(y, x1, x2), exact_within_p(y, x2, x1))
    p = enhancement_pvalue(y, x1, x2, n_perm=19999, seed=5)
    assert p == pytest.approx(exact, abs=0.01)


def test_holm_adjustment_by_hand():
    # sorted 0.01, 0.03, 0.04, 0.2 -> 4*0.01, 3*0.03, max(2*0.04, 0.09), max(0.2, 0.09)
    np.testing.assert_allclose(holm([0.04, 0.01, 0.2, 0.03]), [0.09, 0.04, 0.2, 0.09])
    np.testing.assert_allclose(holm([0.5, np.nan, 0.6]), [1.0, np.nan, 1.0])  # step-down max


def test_a_factor_nested_in_the_other_adds_nothing():
    x1 = np.repeat([0, 1, 2, 3], 5)
    coarse = x1 // 2  # the cross is x1 itself
    y = np.random.default_rng(6).normal(size=20) + x1
    assert enhancement_pvalue(y, x1, coarse, n_perm=99) == 1.0


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.integers(19, 99))
def test_p_value_is_a_valid_permutation_p_value(seed, n_perm):
    rng = np.random.default_rng(seed)
    x1, x2 = rng.integers(0, 3, 15), rng.integers(0, 2, 15)
    y = rng.normal(size=15)
    p = enhancement_pvalue(y, x1, x2, n_perm=n_perm, seed=seed)
    assert 1 / (n_perm + 1) <= p <= 1
    assert p * (n_perm + 1) == pytest.approx(round(p * (n_perm + 1)))
    assert p == enhancement_pvalue(y, x1, x2, n_perm=n_perm, seed=seed)  # seeded


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 10_000), st.floats(0.01, 100), st.floats(-1e4, 1e4))
def test_p_value_invariant_to_affine_change_of_y(seed, scale, offset):
    rng = np.random.default_rng(seed)
    x1, x2 = rng.integers(0, 3, 20), rng.integers(0, 2, 20)
    y = rng.normal(size=20) + x1
    p = enhancement_pvalue(y, x1, x2, n_perm=49, seed=seed)
    assert enhancement_pvalue(scale * y + offset, x1, x2, n_perm=49, seed=seed) == p


@settings(max_examples=30, deadline=None)
@given(st.integers(3, 200), st.integers(2, 6), st.floats(0.0, 0.98), st.floats(0.0, 0.98))
def test_interval_bounds_increase_with_q(n, k, qa, qb):
    if n <= k:
        return
    lo, hi = q_confint(sorted([qa, qb]), n, k)
    assert lo[0] <= lo[1] + 1e-12 and hi[0] <= hi[1] + 1e-12
    assert np.all((0 <= lo) & (lo <= hi) & (hi <= 1))


def test_interaction_detector_reports_p_values_and_significance(df_small):
    res = gd.interaction_detector(df_small, "y", ["a", "b", "c"], n_perm=199, seed=3)
    t = res.table
    assert {"p_value", "significant", "n_small_strata_12"} <= set(t.columns)
    assert (t["significant"] == (t["p_value"] <= 0.05)).all()
    assert (t["p_holm"] >= t["p_value"]).all() and (t["p_holm"] <= 1).all()
    row = t[(t.x1 == "a") & (t.x2 == "b")].iloc[0]
    direct = enhancement_pvalue(df_small["y"], df_small["a"], df_small["b"], n_perm=199,
                                seed=np.random.default_rng(3))
    assert row.p_value == direct  # the first pair uses the first draws of the seed
    assert res.significance().loc["b", "a"] == row.p_value
    d = res.to_dict()
    assert d["n_perm"] == 199 and d["alpha"] == 0.05 and "p_value" in d["pairs"][0]
    json.dumps(d)


def test_resampling_is_skipped_by_default_on_large_data():
    rng = np.random.default_rng(0)
    n = 1500
    df = pd.DataFrame({"y": rng.normal(size=n), "a": rng.integers(0, 3, n),
                       "b": rng.integers(0, 3, n)})
    res = gd.interaction_detector(df, "y")
    assert res.n_perm == 0 and res.table["p_value"].isna().all()
    assert res.table["significant"].isna().all()
    assert any("not run" in n for n in res.notes)


@pytest.mark.parametrize("n_perm,alpha,match", [(5, 0.05, "too few"), (18, 0.05, "n_perm >= 19"),
                                                (98, 0.01, "n_perm >= 99"),
                                                (-1, 0.05, "non-negative"),
                                                (99, 0.0, "alpha"), (99, 1.2, "alpha")])
def test_bad_permutation_settings_are_errors(df_small, n_perm, alpha, match):
    with pytest.raises(GeodetectorError, match=match):
        gd.interaction_detector(df_small, "y", ["a", "b"], n_perm=n_perm, alpha=alpha)
    with pytest.raises(GeodetectorError, match=match):
        gd.strategy_ranking(df_small, "y", ["a"], ["b", "c"], n_perm=n_perm, alpha=alpha)


def test_just_enough_permutations_are_accepted(df_small):
    res = gd.interaction_detector(df_small, "y", ["a", "b"], n_perm=19, alpha=0.05)
    assert res.n_perm == 19


def test_resampling_on_dask_data_must_be_asked_for_on_computed_data(df_small):
    dd = pytest.importorskip("dask.dataframe")
    ddf = dd.from_pandas(df_small, npartitions=2)
    res = gd.interaction_detector(ddf, "y", ["a", "b"])  # default: not run
    assert res.n_perm == 0
    with pytest.raises(GeodetectorError, match="compute"):
        gd.interaction_detector(ddf, "y", ["a", "b"], n_perm=99)


# ---------------------------------------------------------------------------------------------
# small-sample warnings


@pytest.fixture
def df_small():
    rng = np.random.default_rng(21)
    a = np.array([1] * 9 + [2] * 9 + [3] * 2)
    b = np.tile([1, 2], 10)
    c = rng.integers(0, 2, 20)
    y = a + (a == 2) * b + rng.normal(0, 0.5, 20)
    return pd.DataFrame({"y": y, "a": a, "b": b, "c": c})


def test_small_sample_issues_by_hand():
    assert small_sample_issues(40, 4, 0) == []
    assert small_sample_issues(31, 9, 2) == [
        "2 of 9 strata have only 1-2 members",
        "3.4 units per stratum on average (fewer than 5)"]
    assert small_sample_issues(29, 2, 0) == ["q computed on 29 units (fewer than 30)"]


def test_factor_and_interaction_results_warn_about_small_samples(df_small):
    fres = gd.factor_detector(df_small, "y", ["a", "b"])
    assert fres.table.set_index("factor")["n_small_strata"].to_dict() == {"a": 1, "b": 0}
    notes = fres.notes
    # a: strata of 9, 9 and 2 units; b: 10 and 10; 20 units in all: one note per kind of issue
    warnings = [n for n in notes if "small-sample" in n]
    assert warnings == [
        "small-sample warning: 1 of 2 factors has strata with only 1-2 members: a (1 of 3 strata)",
        "small-sample warning: q computed on 20 units (fewer than 30) for both factors"]
    assert "Note: small-sample warning: 1 of 2 factors" in fres.summary()
    assert fres.to_dict()["notes"] == notes
    ires = gd.interaction_detector(df_small, "y", ["a", "b"], n_perm=19)
    # a ∩ b: 6 cells, two of them with one unit each
    assert ires.table["n_small_strata_12"].tolist() == [2]
    assert [n for n in ires.notes if "small-sample" in n] == [
        "small-sample warning: the only pair has strata with only 1-2 members: a ∩ b (2 of 6 strata)",
        "small-sample warning: the only pair has fewer than 5 units per stratum on average: a ∩ b (3.3)",
        "small-sample warning: q computed on 20 units (fewer than 30) for the only pair"]


def test_small_sample_notes_name_the_pairs_once_per_kind():
    """Many pairs: one note per kind, the first 8 affected pairs named, then how many more."""
    rng = np.random.default_rng(5)
    names = [f"x{i}" for i in range(8)]
    df = pd.DataFrame({f: rng.choice([1, 2, 3], size=60, p=[0.48, 0.48, 0.04]) for f in names[:4]}
                      | {f: rng.choice([1, 2], size=60) for f in names[4:]})   # a rare stratum in half
    df["y"] = rng.normal(size=60)
    res = gd.interaction_detector(df, "y", names, n_perm=0)
    # the pairs with a crossed stratum of 1-2 units, counted with pandas
    hit = []
    for i, f in enumerate(names):
        for g in names[i + 1:]:
            counts = df.groupby([f, g]).size()
            if (counts <= 2).any():
                hit.append(f"{f} ∩ {g} ({int((counts <= 2).sum())} of {counts.size} strata)")
    assert 8 < len(hit) < 28
    tiny = [n for n in res.notes if "members" in n]
    assert tiny == [f"small-sample warning: {len(hit)} of 28 pairs have strata with only 1-2 members: "
                    + ", ".join(hit[:8]) + f" and {len(hit) - 8} more"]
    assert sum("small-sample" in n for n in res.notes) <= 3
    assert res.summary().count("small-sample warning") == len([n for n in res.notes if "small-sample" in n])


def test_no_small_sample_warning_on_large_strata():
    rng = np.random.default_rng(1)
    df = pd.DataFrame({"y": rng.normal(size=200), "a": np.repeat([1, 2], 100),
                       "b": np.tile([1, 2], 100)})
    assert not any("small-sample" in n for n in gd.factor_detector(df, "y").notes)
    assert not any("small-sample" in n for n in gd.interaction_detector(df, "y", n_perm=19).notes)


# ---------------------------------------------------------------------------------------------
# bootstrap support of strategy rankings


def test_bootstrap_q_recomputes_q_on_each_resample():
    rng = np.random.default_rng(2)
    y = rng.normal(size=12)
    x = np.repeat([0, 1, 2], 4)
    qb = bootstrap_q(y, [x], 3, np.random.default_rng(9))
    idx = np.random.default_rng(9).integers(0, 12, (3, 12))  # the resamples drawn
    expected = [q_rows(y[idx[i]][None, :], x[idx[i]])[0] for i in range(3)]
    np.testing.assert_allclose(qb[:, 0], expected, rtol=1e-10)


def test_rank_support_by_hand():
    scores = np.array([[3.0, 2.0, 1.0], [2.0, 3.0, 1.0], [2.0, 2.0, 2.0], [np.nan, 1, 1]])
    probs, first, nxt, used = rank_support(scores)
    assert used == 3
    np.testing.assert_allclose(first, [2 / 3, 2 / 3, 1 / 3])
    np.testing.assert_allclose(nxt[:2], [(1 + 0 + 0.5) / 3, (1 + 1 + 0.5) / 3])
    np.testing.assert_allclose(probs.sum(axis=1), 1.0)


def strategy_frame(n=31, seed=5):
    rng = np.random.default_rng(seed)
    d = {c: rng.integers(1, 4, n) for c in ["G", "B", "T", "Sl"]}
    y = d["G"] + 1.5 * (d["B"] == 3) + rng.normal(0, 0.3, n)
    return pd.DataFrame({"y": y, **d, "B2": d["B"]})


def test_strategy_ranking_uncertainty():
    df = strategy_frame()
    res = gd.strategy_ranking(df, "y", core=["G"], auxiliary=["T", "B", "Sl"], n_boot=400,
                              n_perm=199, seed=1)
    t = res.table.set_index("auxiliary")
    assert res.order[0] == "B"
    assert t.loc["B", "p_first"] > 0.9 and t.loc["B", "support_next"] > 0.9
    assert t.loc["B", "p_value"] <= 0.01  # B adds to G beyond chance
    probs = res.rank_probs.pivot(index="auxiliary", columns="rank", values="probability")
    np.testing.assert_allclose(probs.sum(axis=1), 1.0)
    np.testing.assert_allclose(probs[1].loc[res.order], t.loc[res.order, "p_first"])
    assert np.isnan(t.loc[res.order[-1], "support_next"])
    d = res.to_dict()
    assert {"rank_probs", "table", "pairs", "q_max", "notes"} <= set(d)
    json.dumps(d)
    again = gd.strategy_ranking(df, "y", core=["G"], auxiliary=["T", "B", "Sl"], n_boot=400,
                                n_perm=199, seed=1)
    pd.testing.assert_frame_equal(res.table, again.table)


def test_identical_auxiliaries_tie_in_every_resample():
    df = strategy_frame()
    for rank_by in ("cross", "max", "mean"):
        res = gd.strategy_ranking(df, "y", core=["G", "T"], auxiliary=["B", "B2"],
                                  rank_by=rank_by, n_boot=100, n_perm=0)
        t = res.table.set_index("auxiliary")
        assert t.loc["B", "p_first"] == 1.0 and t.loc["B2", "p_first"] == 1.0
        assert res.table["support_next"].iloc[0] == 0.5


# ---------------------------------------------------------------------------------------------
# heatmaps and the command line


def cell_texts(fig):
    return [t.get_text() for t in fig.axes[0].texts]


def test_heatmaps_mark_significant_cells():
    df = strategy_frame(60)
    res = gd.interaction_detector(df, "y", ["G", "B", "T"], n_perm=199)
    fig = plot_interaction_matrix(res)
    marked = [t for t in cell_texts(fig) if t.endswith("*")]
    assert len(marked) == int(res.table["significant"].sum()) > 0
    assert "permutation p ≤ 0.05" in fig.axes[0].get_xlabel()
    strat = gd.strategy_ranking(df, "y", core=["G"], auxiliary=["T", "B"], n_boot=0,
                                n_perm=199)
    texts = cell_texts(plot_strategy_heatmap(strat))
    assert sum(t.endswith("*") for t in texts) == int((strat.table["p_value"] <= 0.05).sum())
    matplotlib.pyplot.close("all")


def test_cli_reports_the_new_keys_and_keeps_the_old(tmp_path, capsys, df_small):
    path = tmp_path / "d.csv"
    df_small.to_csv(path, index=False)
    assert main(["factor", str(path), "--y", "y", "--x", "a,b", "--json",
                 "--conf-level", "0.9"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["conf_level"] == 0.9 and out["notes"]
    assert {"factor", "q", "p_value", "n_strata", "ci_low", "ci_high"} <= set(out["factors"][0])
    assert main(["interaction", str(path), "--y", "y", "--x", "a,b", "--json",
                 "--n-perm", "99", "--seed", "2"]) == 0
    out = json.loads(capsys.readouterr().out)
    pair = out["pairs"][0]
    assert {"x1", "x2", "q1", "q2", "q12", "type", "p_value", "significant"} <= set(pair)
    assert out["n_perm"] == 99 and out["seed"] == 2
    assert main(["factor", str(path), "--y", "y", "--conf-level", "1"]) == 2
    assert capsys.readouterr().err.startswith("geodetector: error: conf_level")
    assert main(["interaction", str(path), "--y", "y", "--n-perm", "9"]) == 2
    assert "too few" in capsys.readouterr().err


def test_enhancement_with_small_codes_and_more_than_255_cells():
    # one factor's codes are uint8 (as stored), the other a cross of more than 255 cells: the
    # strata product must not overflow (it raised OverflowError on studies of a few hundred cases)
    from geodetector.inference import enhancement_from_codes

    rng = np.random.default_rng(0)
    n = 600
    s = rng.integers(0, 3, n).astype(np.uint8)
    t = np.arange(n) % 300
    y = rng.normal(size=n)
    p = enhancement_from_codes(y[None, :], s, t, 19, np.random.default_rng(1))
    assert p.shape == (1,) and 0 < p[0] <= 1
