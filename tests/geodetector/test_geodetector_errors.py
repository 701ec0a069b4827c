"""Bad input gets a clear error naming what is at fault."""

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import geodetector as gd
from geodetector import (
    ColumnNotFoundError,
    ContinuousFactorError,
    MissingValueError,
    NonNumericError,
    SingleStratumError,
    SmallStratumError,
    factor_detector,
    risk_detector,
)


@pytest.fixture
def df():
    rng = np.random.default_rng(0)
    return pd.DataFrame({"y": rng.normal(size=40), "a": np.repeat([1, 2, 3, 4], 10),
                         "b": np.tile(["东部", "西部"], 20)}, index=[f"r{i}" for i in range(40)])


def test_nan_in_y_names_column_and_row(df):
    df.loc["r7", "y"] = np.nan
    with pytest.raises(MissingValueError, match=r"'y'.*'r7'"):
        factor_detector(df, "y", ["a"])


def test_nan_in_factor_names_column_and_row(df):
    df["a"] = df["a"].astype(float)
    df.loc["r3", "a"] = np.nan
    with pytest.raises(MissingValueError, match=r"factor 'a'.*'r3'"):
        factor_detector(df, "y", ["a"])


def test_non_numeric_y(df):
    df["y"] = df["y"].astype(str)
    with pytest.raises(NonNumericError, match="'y'") as err:
        factor_detector(df, "y", ["a"])
    assert isinstance(err.value, TypeError) and isinstance(err.value, ValueError)


def test_constant_outcome(df):
    df["y"] = 3.5
    with pytest.raises(gd.GeodetectorError, match="'y' is constant"):
        factor_detector(df, "y", ["a"])


def test_single_stratum(df):
    df["c"] = 5
    with pytest.raises(SingleStratumError, match=r"factor 'c'.*single stratum"):
        factor_detector(df, "y", ["a", "c"])


def test_continuous_factor_says_how_to_discretise(df):
    df["z"] = np.linspace(0, 1, 40) + 0.013
    with pytest.raises(ContinuousFactorError, match=r"'z'.*discretize"):
        factor_detector(df, "y", ["z"])


def test_identifier_like_factor_rejected(df):
    df["id"] = np.arange(40)
    with pytest.raises(ContinuousFactorError, match="'id'"):
        factor_detector(df, "y", ["id"])


def test_missing_column(df):
    with pytest.raises(ColumnNotFoundError, match="nope"):
        factor_detector(df, "y", ["a", "nope"])


def test_small_stratum_warns_by_default_and_raises_when_strict(df):
    df.loc["r0", "a"] = 9  # a one-observation stratum
    with pytest.warns(gd.GeodetectorWarning, match="a='9'"):
        res = risk_detector(df, "y", ["a"])
    untested = res.table[~res.table["tested"]]
    assert set(untested["reason"]) == {"one-observation stratum"}
    assert all("9" in (r.a, r.b) for r in untested.itertuples())
    with pytest.raises(SmallStratumError, match=r"factor 'a'.*stratum '9'"):
        risk_detector(df, "y", ["a"], strict=True)


def test_chinese_labels_survive(df):
    res = risk_detector(df, "y", ["b"])
    assert set(res.strata["stratum"]) == {"东部", "西部"}


def test_input_not_modified(df):
    before = df.copy()
    factor_detector(df, "y", ["a", "b"])
    gd.interaction_detector(df, "y", ["a", "b"])
    pd.testing.assert_frame_equal(df, before)


def test_cli_error_exit_code_and_message(tmp_path, df):
    df.loc["r1", "y"] = np.nan
    path = tmp_path / "d.csv"
    df.to_csv(path, index=False)
    proc = subprocess.run([sys.executable, "-m", "geodetector", "factor", str(path), "--y", "y",
                           "--x", "a", "--json"], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "missing" in proc.stderr and "'y'" in proc.stderr
    assert proc.stdout == ""


def test_cli_json_and_table(tmp_path, df):
    path = tmp_path / "d.csv"
    df.to_csv(path, index=False, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "geodetector", "interaction", str(path), "--y",
                          "y", "--x", "a,b", "--json"], capture_output=True, text=True, check=True)
    pairs = json.loads(out.stdout)["pairs"]
    assert [(p["x1"], p["x2"]) for p in pairs] == [("a", "b")]
    q12 = gd.interaction_q(df, "y", ["a", "b"])
    assert pairs[0]["q12"] == pytest.approx(q12, abs=1e-12)
    text = subprocess.run([sys.executable, "-m", "geodetector", "risk", str(path), "--y", "y",
                           "--x", "b"], capture_output=True, text=True, check=True).stdout
    assert "risk detector" in text and "东部" in text


@pytest.mark.parametrize("call, match", [
    (lambda d: __import__("geodetector").interaction_detector(d, "y", ["a", "b"], tol=-1), "tol"),
    (lambda d: __import__("geodetector").risk_detector(d, "y", ["a"], alpha=1.5), "alpha"),
    (lambda d: __import__("geodetector").ecological_detector(d, "y", ["a", "b"], alpha=0), "alpha"),
    (lambda d: __import__("geodetector").optimal_discretization(d.head(2), "y", ["c"]), "twice as many rows"),
])
def test_out_of_range_options_are_refused(call, match):
    from geodetector.errors import GeodetectorError

    rng = np.random.default_rng(1)
    d = pd.DataFrame({"y": rng.normal(size=40), "a": rng.integers(1, 4, 40), "b": rng.integers(1, 3, 40),
                      "c": rng.uniform(size=40)})
    with pytest.raises(GeodetectorError, match=match):
        call(d)
