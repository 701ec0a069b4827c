"""Discretisation and OPGD against R GD / classInt / mapclassify references."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from geodetector import MissingValueError, NonNumericError, factor_detector
from geodetector.discretize import breaks, discretize
from geodetector.opgd import optimal_discretization

from _shared import reference  # noqa: E402

DISC = sorted(reference("geodetector-conformance/discretization").glob("*/ref.json"))
OPGD = sorted(reference("geodetector-conformance/opgd").glob("*/ref.json"))
needs_shared = pytest.mark.skipif(not DISC, reason="reference cases absent")

GD_KEYS = {"equal": "GD_disc_equal", "natural": "GD_disc_natural",
           "quantile": "GD_disc_quantile", "geometric": "GD_disc_geometric", "sd": "GD_disc_sd"}


@needs_shared
@pytest.mark.parametrize("ref_path", DISC, ids=lambda p: p.parent.name)
@pytest.mark.parametrize("method", list(GD_KEYS))
def test_breaks_match_r_gd(ref_path, method):
    ref = json.loads(ref_path.read_text())
    x = pd.read_csv(ref_path.parent / "x.csv")["x"]
    for k in ref["ks"]:
        exp = np.array(ref["breaks"][str(k)][GD_KEYS[method]])
        got = breaks(x, method, k)
        assert got.shape == exp.shape
        np.testing.assert_allclose(got, exp, rtol=1e-12, atol=0)


@needs_shared
@pytest.mark.parametrize("ref_path", DISC, ids=lambda p: p.parent.name)
def test_breaks_match_mapclassify_and_classint(ref_path):
    ref = json.loads(ref_path.read_text())
    x = pd.read_csv(ref_path.parent / "x.csv")["x"]
    for k in ref["ks"]:
        b = ref["breaks"][str(k)]
        # mapclassify reports upper bounds only; R adds the minimum in front
        np.testing.assert_allclose(breaks(x, "natural", k)[1:], b["mapclassify_FisherJenks"])
        np.testing.assert_allclose(breaks(x, "natural", k), b["classInt_jenks"])
        np.testing.assert_allclose(breaks(x, "equal", k), b["classInt_equal"], rtol=1e-12)
        if len(np.unique(b["classInt_quantile"])) == k + 1:
            np.testing.assert_allclose(breaks(x, "quantile", k), b["classInt_quantile"])


@needs_shared
@pytest.mark.parametrize("ref_path", OPGD, ids=lambda p: p.parent.name)
def test_opgd_grid_matches_r_gd(ref_path):
    ref = json.loads(ref_path.read_text())
    df = pd.read_csv(ref_path.parent / "data.csv")
    calls = []
    res = optimal_discretization(df, ref["y"], ref["vars"], methods=ref["search"]["methods"],
                                 ks=ref["search"]["k"], progress=lambda d, t: calls.append(d))
    assert calls == list(range(1, len(res.table) + 1))
    for var, exp in ref["R_GD_optidisc"]["vars"].items():
        grid = res.grid(var)
        for method, qs in exp["q_grid"].items():
            want = np.array([np.nan if q is None else q for q in qs], dtype=float)
            np.testing.assert_allclose(grid[method].to_numpy(), want, atol=1e-10, rtol=0)
        best = res.best.set_index("variable").loc[var]
        assert (best["method"], best["k"]) == (exp["method"], exp["k"])
        assert best["q"] == pytest.approx(exp["q"], abs=1e-10)
        np.testing.assert_allclose(best["breaks"], exp["breaks"], rtol=1e-12)
        # the chosen strata reproduce the q through the factor detector
        strata = res.transform(df)[[ref["y"], var]]
        assert factor_detector(strata, ref["y"], [var]).q[var] == pytest.approx(exp["q"],
                                                                                abs=1e-8)


def test_classes_are_right_closed_like_r_cut():
    s = pd.Series([0.0, 1.0, 1.5, 2.0, 2.5, 3.0], index=list("abcdef"), name="v")
    out = discretize(s, edges=[0, 1, 2, 3])
    assert out.tolist() == [1, 1, 2, 2, 3, 3]
    assert list(out.index) == list("abcdef") and out.name == "v"


def test_every_method_gives_k_classes_on_continuous_data():
    x = np.random.default_rng(5).gamma(2.0, size=500)
    for method in ["equal", "natural", "quantile", "sd"]:
        for k in (3, 5, 8):
            cls = discretize(x, method, k)
            assert cls.min() == 1 and cls.max() == len(cls.attrs["breaks"]) - 1
    # GD's geometric rule has k edges for non-negative data; exact-k has k + 1
    assert len(breaks(x, "geometric", 5)) == 5
    assert len(breaks(x, "geometric", 5, convention="exact-k")) == 6


def test_large_input_uses_subsample_for_natural_breaks():
    x = np.concatenate([np.full(3000, 1.0), np.full(3000, 5.0), np.full(3000, 9.0)])
    x = x + np.random.default_rng(0).normal(0, 0.1, x.size)
    counts = np.bincount(discretize(x, "natural", 3))[1:]
    # the break is a value of the subsample, so a few values near it may change class
    np.testing.assert_allclose(counts, 3000, atol=30)


def test_discretize_errors():
    with pytest.raises(MissingValueError, match="'gdp'"):
        discretize(pd.Series([1.0, np.nan, 3.0], name="gdp"), "equal", 2)
    with pytest.raises(NonNumericError, match="'name'"):
        discretize(pd.Series(["a", "b"], name="name"), "equal", 2)
    with pytest.raises(ValueError, match="method"):
        breaks([1.0, 2.0, 3.0], "kmeans", 2)


@needs_shared
def test_opgd_command_line(tmp_path):
    import subprocess
    import sys

    ref_path = OPGD[0]
    ref = json.loads(ref_path.read_text())
    proc = subprocess.run([sys.executable, "-m", "geodetector", "opgd",
                           str(ref_path.parent / "data.csv"), "--y", ref["y"],
                           "--x", ",".join(ref["vars"]), "--json"],
                          capture_output=True, text=True, check=True)
    best = {b["variable"]: b for b in json.loads(proc.stdout)["best"]}
    for var, exp in ref["R_GD_optidisc"]["vars"].items():
        assert (best[var]["method"], best[var]["k"]) == (exp["method"], exp["k"])
    assert proc.stderr == ""  # no progress bar mixed into --json runs unless asked
