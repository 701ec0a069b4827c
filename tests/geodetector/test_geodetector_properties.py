"""Algebraic invariants of the q-statistic (hypothesis) and hand-checked small examples."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geodetector import (
    factor_detector,
    interaction_detector,
    interaction_q,
    interaction_type,
)

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@st.composite
def frames(draw, n_factors=2):
    n = draw(st.integers(12, 60))
    y = draw(st.lists(st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False),
                      min_size=n, max_size=n))
    if np.ptp(y) < 1e-6:  # q is undefined for a constant outcome
        y[0] = y[0] + 1.0
    cols = {"y": y}
    for i in range(n_factors):
        k = draw(st.integers(2, 5))
        labels = draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n))
        labels[0], labels[1] = 0, 1  # at least two strata
        cols[f"x{i}"] = labels
    return pd.DataFrame(cols)


def naive_q(y, x):
    y = np.asarray(y, float)
    sst = ((y - y.mean()) ** 2).sum()
    ssw = sum(((y[x == s] - y[x == s].mean()) ** 2).sum() for s in np.unique(x))
    return 1 - ssw / sst


@SETTINGS
@given(frames())
def test_q_in_unit_interval_and_matches_definition(df):
    q = factor_detector(df, "y", ["x0", "x1"]).q
    for f in ["x0", "x1"]:
        assert 0.0 <= q[f] <= 1.0
        assert q[f] == pytest.approx(naive_q(df["y"], df[f].to_numpy()), abs=1e-9)


@SETTINGS
@given(frames(), st.randoms(use_true_random=False))
def test_q_invariant_to_relabelling_strata(df, rnd):
    labels = sorted(df["x0"].unique())
    names = [f"s{v}" for v in labels]
    rnd.shuffle(names)
    relabelled = df.assign(x0=df["x0"].map(dict(zip(labels, names))))
    a = factor_detector(df, "y", ["x0"]).table.iloc[0]
    b = factor_detector(relabelled, "y", ["x0"]).table.iloc[0]
    assert b["q"] == pytest.approx(a["q"], abs=1e-12)
    assert b["p_value"] == pytest.approx(a["p_value"], abs=1e-9)


@SETTINGS
@given(frames(), st.floats(0.1, 50), st.floats(-100, 100))
def test_q_invariant_to_affine_change_of_y(df, scale, offset):
    a = factor_detector(df, "y", ["x0"]).q["x0"]
    b = factor_detector(df.assign(y=df["y"] * scale + offset), "y", ["x0"]).q["x0"]
    assert b == pytest.approx(a, abs=1e-9)


@SETTINGS
@given(frames(), st.floats(-1e4, 1e4))
def test_centered_p_value_invariant_to_shift(df, offset):
    a = factor_detector(df, "y", ["x0"], p_method="centered").p_value["x0"]
    b = factor_detector(df.assign(y=df["y"] + offset), "y", ["x0"],
                        p_method="centered").p_value["x0"]
    assert b == pytest.approx(a, abs=1e-6)


@SETTINGS
@given(frames())
def test_refinement_never_lowers_q(df):
    q = factor_detector(df, "y", ["x0", "x1"]).q
    q12 = interaction_q(df, "y", ["x0", "x1"])
    assert q12 >= max(q["x0"], q["x1"]) - 1e-12


@SETTINGS
@given(frames(n_factors=3))
def test_three_way_cross_refines_pairs(df):
    q3 = interaction_q(df, "y", ["x0", "x1", "x2"])
    pairs = interaction_detector(df, "y", ["x0", "x1", "x2"]).table
    assert q3 >= pairs["q12"].max() - 1e-12
    # crossing is symmetric
    assert interaction_q(df, "y", ["x2", "x0", "x1"]) == pytest.approx(q3, abs=1e-12)


@SETTINGS
@given(frames())
def test_interaction_symmetric_and_consistent_with_type(df):
    ab = interaction_detector(df, "y", ["x0", "x1"]).table.iloc[0]
    ba = interaction_detector(df, "y", ["x1", "x0"]).table.iloc[0]
    assert ab["q12"] == pytest.approx(ba["q12"], abs=1e-12)
    assert ab["type"] == ba["type"]
    assert ab["type"] != "nonlinear weaken"  # q of a refinement cannot drop below min


@SETTINGS
@given(frames())
def test_q_of_cross_with_itself_is_q(df):
    df = df.assign(x1=df["x0"].astype(str) + "!")
    q = factor_detector(df, "y", ["x0"]).q["x0"]
    assert interaction_q(df, "y", ["x0", "x1"]) == pytest.approx(q, abs=1e-12)


@pytest.mark.parametrize("q1,q2,q12,expected", [
    (0.3, 0.2, 0.1, "nonlinear weaken"),
    (0.3, 0.2, 0.25, "uni-variable weaken"),
    (0.3, 0.2, 0.3, "uni-variable weaken"),
    (0.3, 0.2, 0.2, "uni-variable weaken"),
    (0.3, 0.2, 0.4, "bi-variable enhance"),
    (0.3, 0.2, 0.5 + 5e-11, "independent"),
    (0.3, 0.2, 0.6, "nonlinear enhance"),
    (0.0, 0.0, 0.0, "independent"),
])
def test_interaction_types(q1, q2, q12, expected):
    assert interaction_type(q1, q2, q12) == expected


def test_small_example_by_hand():
    # strata {1,2} mean 1.5 and {3,5} mean 4: SST = 8.75, SSW = 0.5 + 2 = 2.5
    df = pd.DataFrame({"y": [1.0, 2.0, 3.0, 5.0], "x": ["a", "a", "b", "b"]})
    row = factor_detector(df, "y", ["x"]).table.iloc[0]
    assert row["q"] == pytest.approx(1 - 2.5 / 8.75, abs=1e-15)
    assert (row["df1"], row["df2"]) == (1, 2)
    assert row["F"] == pytest.approx(2 * (6.25 / 8.75) / (2.5 / 8.75))
    # R's lambda: (1.5^2 + 4^2 - (sqrt2*1.5 + sqrt2*4)^2/4) / var(y), var(y) = 8.75/3
    lam = (1.5**2 + 4**2 - (2**0.5 * 5.5) ** 2 / 4) / (8.75 / 3)
    assert row["lambda"] == pytest.approx(lam, rel=1e-12)


def test_singletons_kept_by_default_and_dropped_on_request():
    df = pd.DataFrame({"y": [1.0, 2.0, 3.0, 5.0, 9.0, 4.0, 4.5],
                       "x": [1, 1, 2, 2, 3, 2, 1]})
    keep = factor_detector(df, "y", ["x"]).table.iloc[0]
    drop = factor_detector(df, "y", ["x"], singletons="drop").table.iloc[0]
    assert keep["n_singleton_strata"] == 1 and keep["n_strata"] == 3 and keep["n"] == 7
    assert drop["n_strata"] == 2 and drop["n"] == 6
    rest = df[df["x"] != 3]
    assert drop["q"] == pytest.approx(naive_q(rest["y"], rest["x"].to_numpy()), abs=1e-12)
    assert keep["q"] == pytest.approx(naive_q(df["y"], df["x"].to_numpy()), abs=1e-12)


def test_q_one_gives_p_zero():
    df = pd.DataFrame({"y": [1.0, 1.0, 2.0, 2.0, 3.0, 3.0], "x": [1, 1, 2, 2, 3, 3]})
    row = factor_detector(df, "y", ["x"]).table.iloc[0]
    assert row["q"] == 1.0 and row["p_value"] == 0.0


def test_large_offset_keeps_q_precise():
    rng = np.random.default_rng(3)
    x = rng.integers(0, 4, 2000)
    y = x * 0.5 + rng.normal(size=2000)
    q0 = factor_detector(pd.DataFrame({"y": y, "x": x}), "y", ["x"]).q["x"]
    q1 = factor_detector(pd.DataFrame({"y": y + 1e9, "x": x}), "y", ["x"]).q["x"]
    assert q1 == pytest.approx(q0, abs=1e-8)
    assert q0 == pytest.approx(naive_q(y, x), abs=1e-12)


def test_sparse_cross_of_many_strata_takes_dense_path():
    # 20 x 20 x 20 cells far outnumber 40 rows: codes are renumbered instead of gapped
    rng = np.random.default_rng(4)
    df = pd.DataFrame({"y": rng.normal(size=40), "a": rng.permutation(np.arange(40) % 20),
                       "b": rng.permutation(np.arange(40) % 20),
                       "c": rng.permutation(np.arange(40) % 20)})
    keys = df["a"].astype(str) + "_" + df["b"].astype(str) + "_" + df["c"].astype(str)
    assert interaction_q(df, "y", ["a", "b", "c"]) == pytest.approx(
        naive_q(df["y"], keys.to_numpy()), abs=1e-12)
