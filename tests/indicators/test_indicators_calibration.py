import numpy as np
import pandas as pd
import pytest

from indicators import calibrate_conditions


def test_study_and_robustness_anchors_match_numpy():
    rng = np.random.default_rng(1)
    df = pd.DataFrame({"x": rng.gamma(2.0, 3.0, 31), "y": rng.normal(50, 10, 31)})
    res = calibrate_conditions(df)
    rep = res.report.set_index("column")
    for c in df:
        assert rep.loc[c, "inclusion"] == pytest.approx(np.percentile(df[c], 95))
        assert rep.loc[c, "crossover"] == pytest.approx(df[c].mean())
        assert rep.loc[c, "exclusion"] == pytest.approx(np.percentile(df[c], 5))
        assert rep.loc[c, "share_above_half"] == pytest.approx((df[c] > df[c].mean()).mean())
    rob = calibrate_conditions(df, "robustness", avoid_half=0.001).report.set_index("column")
    assert rob.loc["x", "crossover"] == pytest.approx(df["x"].median())
    assert rob.loc["x", "inclusion"] == pytest.approx(np.percentile(df["x"], 90))
    dec = calibrate_conditions(df, decreasing=["y"]).data["y"]
    assert dec[df["y"].idxmin()] > 0.9


def test_cases_at_exactly_half_are_reported():
    df = pd.DataFrame({"x": [1.0, 2.0, 3.0, 4.0, 5.0]}, index=list("abcde"))
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rep = calibrate_conditions(df).report
    assert rep.loc[0, "n_at_half"] == 1 and "c" in rep.loc[0, "cases_at_half"]


def test_bad_requests():
    df = pd.DataFrame({"x": [1.0, 2.0, 3.0]})
    with pytest.raises(ValueError, match="anchors"):
        calibrate_conditions(df, "loose")
    with pytest.raises(ValueError, match="'z'"):
        calibrate_conditions(df, columns=["z"])
    with pytest.raises(ValueError, match="out of order|order"):
        calibrate_conditions(df, (1.0, 2.5, 2.0))
