"""Calibration: agreement with R QCA 3.23, algebraic properties, percentiles, errors."""
import json
import math
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from fsqca.anchors import Anchors, AnchorError, anchors_from_data
from fsqca.calibrate import (CalibrationError, CalibrationTypeError, HalfMembershipWarning,
                             calibrate, fit_indirect)
from fsqca.calibration_report import CalibrationResult, calibrate_frame

from _shared import reference  # noqa: E402

CALIBRATION_JSON = reference("fsqca-conformance/calibration.json")


# ----------------------------------------------------------------------------- R conformance
def _reference():
    if not CALIBRATION_JSON.exists():
        return None
    return json.loads(CALIBRATION_JSON.read_text())


def _cases():
    ref = _reference()
    if ref is None:
        return [pytest.param(None, marks=pytest.mark.skip(reason="shared reference absent"))]
    return [pytest.param(c, id=c["name"]) for c in ref["cases"]]


def _r_call_to_kwargs(call):
    """Translate the R call recorded with each reference case into calibrate() keywords."""
    kw = {}
    m = re.search(r'thresholds = ("[^"]*"|c\([^)]*\)|[-0-9.]+)', call)
    spec = m.group(1)
    if spec.startswith('"'):
        kw["thresholds"] = spec.strip('"')
    elif spec.startswith("c("):
        kw["thresholds"] = [float(v) for v in spec[2:-1].split(",")]
    else:
        kw["thresholds"] = float(spec)
    if 'type = "crisp"' in call:
        kw["method"] = "crisp"
    for key in ("idm", "below", "above"):
        m = re.search(key + r" = ([0-9.]+)", call)
        if m:
            kw[key] = float(m.group(1))
    if "logistic = FALSE" in call:
        kw["logistic"] = False
    return kw


def _as_named_dict(spec):
    """R's "e=165, c=175, i=185" as this package's dict form with long names."""
    long = {"e": "exclusion", "c": "crossover", "i": "inclusion"}
    pairs = [p.split("=") for p in spec.split(",")]
    return {long.get(k.strip(), k.strip()): float(v) for k, v in pairs}


@pytest.mark.parametrize("case", _cases())
def test_matches_r_qca(case):
    x = np.asarray(_reference()["x"], dtype=float)
    want = np.asarray(case["output"], dtype=float)
    kw = _r_call_to_kwargs(case["call"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", HalfMembershipWarning)
        got = calibrate(x, **kw)
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-12)
        if isinstance(kw["thresholds"], str):
            # the same anchors given as a dict with long names
            got = calibrate(x, **{**kw, "thresholds": _as_named_dict(kw["thresholds"])})
            np.testing.assert_allclose(got, want, rtol=0, atol=1e-12)
        if kw.get("method") != "crisp":
            raw = calibrate(x, **kw, r_rounding=False)
    if kw.get("method") == "crisp":
        assert got.dtype.kind == "i"
        return
    # Unrounded: identical where R kept the value, beyond R's cut-offs where it rounded.
    kept = (want > 0) & (want < 1)
    np.testing.assert_allclose(raw[kept], want[kept], rtol=0, atol=1e-12)
    assert np.all(raw[want == 0] < 1e-4) and np.all(raw[want == 1] > 0.9999)
    assert np.all((raw >= 0) & (raw <= 1))


def test_r_rounding_changes_only_the_tails():
    x = np.array([100.0, 160, 175, 190, 250])
    rounded = calibrate(x, thresholds=(165, 175, 185), avoid_half=0.001)
    raw = calibrate(x, thresholds=(165, 175, 185), r_rounding=False, avoid_half=0.001)
    assert rounded[0] == 0.0 and rounded[-1] == 1.0
    assert 0 < raw[0] < 1e-4 and 0.9999 < raw[-1] < 1
    # 160 is 1.5 steps of ln(19) below the crossover: 1 / (1 + 19**1.5)
    assert rounded[1] == pytest.approx(1 / (1 + 19 ** 1.5), abs=1e-15)


# ----------------------------------------------------------------------------- hand values
def test_logistic_hand_values_asymmetric_anchors():
    # e=160, c=172, i=190: 181 is half way to i, so log odds ln(19)/2; 166 half way to e
    got = calibrate(np.array([160.0, 166, 172, 181, 190]), thresholds="e=160, c=172, i=190",
                    avoid_half=0.001)
    s = math.sqrt(19)
    np.testing.assert_allclose(got, [0.05, 1 / (1 + s), 0.501, s / (1 + s), 0.95], atol=1e-14)


def test_ragin_scaling_is_log_odds_three_at_the_anchors():
    from fsqca.calibrate import RAGIN_IDM

    # Ragin (2008): deviations above the crossover are multiplied by 3 / (i - c)
    x = np.array([165.0, 170, 180, 185, 190])
    got = calibrate(x, thresholds=(165, 175, 185), idm=RAGIN_IDM)
    logodds = np.array([-3, -1.5, 1.5, 3, 4.5])
    np.testing.assert_allclose(got, np.exp(logodds) / (1 + np.exp(logodds)), atol=1e-14)


def test_idm_sets_membership_at_anchors():
    got = calibrate(np.array([165.0, 185]), thresholds=(165, 175, 185), idm=0.8)
    np.testing.assert_allclose(got, [0.2, 0.8], atol=1e-14)


def test_piecewise_hand_values_with_exponents():
    x = np.array([150.0, 160, 170, 180, 190, 200])
    got = calibrate(x, thresholds=(160, 170, 190), logistic=False, below=2, above=0.5,
                    avoid_half=-0.001)
    want = [0, 0, 0.499, 1 - math.sqrt(0.5) / 2, 1, 1]
    np.testing.assert_allclose(got, want, atol=1e-14)


def test_bell_and_valley_hand_values():
    x = np.array([0.0, 15, 20, 25, 30, 35, 40])
    bell = calibrate(x, thresholds=(10, 20, 25, 25, 30, 40), avoid_half=0.001)
    np.testing.assert_allclose(bell, [0, 0.25, 0.501, 1, 0.501, 0.25, 0], atol=1e-14)
    valley = calibrate(x, thresholds={"i1": 10, "c1": 20, "e1": 25, "e2": 25, "c2": 30,
                                      "i2": 40}, avoid_half=0.001)
    np.testing.assert_allclose(valley, [1, 0.75, 0.501, 0, 0.501, 0.75, 1], atol=1e-14)


def test_crisp_value_at_threshold_goes_up_and_multivalue():
    x = pd.Series([1.0, 2, 3, 4, 5], index=list("abcde"), name="v")
    assert calibrate(x, "crisp", thresholds=3).tolist() == [0, 0, 1, 1, 1]
    assert calibrate(x, "crisp", thresholds=[4, 2]).tolist() == [0, 1, 1, 2, 2]


# ----------------------------------------------------------------------------- properties
finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


@st.composite
def anchors3(draw):
    lo = draw(st.floats(-1e4, 1e4))
    gaps = draw(st.tuples(st.floats(0.01, 1e3), st.floats(0.01, 1e3)))
    return lo, lo + gaps[0], lo + gaps[0] + gaps[1]


@settings(max_examples=60, deadline=None)
@given(anchors3(), st.lists(finite, min_size=2, max_size=40), st.booleans(), st.booleans())
def test_monotone_and_bounded(a, xs, logistic, rounding):
    x = np.sort(np.asarray(xs + [a[0], a[2]]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", HalfMembershipWarning)
        up = calibrate(x, thresholds=a, logistic=logistic, r_rounding=rounding)
        down = calibrate(x, thresholds=a[::-1], logistic=logistic, r_rounding=rounding)
    for m in (up, down):
        assert np.all((m >= 0) & (m <= 1))
    assert np.all(np.diff(up) >= 0)
    assert np.all(np.diff(down) <= 0)


@settings(max_examples=60, deadline=None)
@given(anchors3(), st.lists(finite, min_size=1, max_size=30),
       st.floats(0.51, 0.999), st.booleans())
def test_decreasing_is_the_complement_of_increasing(a, xs, idm, logistic):
    x = np.asarray(xs + [a[0], a[2]])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", HalfMembershipWarning)
        up = calibrate(x, thresholds=a, idm=idm, logistic=logistic, r_rounding=False)
        down = calibrate(x, thresholds=a[::-1], idm=idm, logistic=logistic, r_rounding=False)
        forced = calibrate(x, thresholds=a, idm=idm, logistic=logistic, r_rounding=False,
                           direction="decreasing")
    np.testing.assert_allclose(up + down, 1.0, atol=1e-12)
    np.testing.assert_array_equal(forced, down)


@settings(max_examples=60, deadline=None)
@given(anchors3(), st.floats(0.51, 0.999))
def test_membership_at_the_anchors(a, idm):
    e, c, i = a
    x = np.array([e, c, i])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        m = calibrate(x, thresholds=a, idm=idm, r_rounding=False)
        lin = calibrate(x, thresholds=a, logistic=False)
    np.testing.assert_allclose(m, [1 - idm, 0.5, idm], rtol=0, atol=1e-9)
    assert m[1] == 0.5 and lin[1] == 0.5
    np.testing.assert_allclose(lin, [0, 0.5, 1], atol=1e-12)
    assert sum(issubclass(w.category, HalfMembershipWarning) for w in caught) == 2


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0.01, 100), min_size=6, max_size=6), st.booleans(),
       st.lists(st.floats(-50, 500), min_size=1, max_size=30),
       st.floats(0.2, 5), st.floats(0.2, 5))
def test_bell_is_unimodal_and_valley_its_complement(gaps, flat, xs, below, above):
    cuts = np.cumsum(gaps)
    if flat:
        cuts[3] = cuts[2]            # i1 == i2: a peak instead of a plateau
    bell_anchors = dict(zip(("e1", "c1", "i1", "i2", "c2", "e2"), cuts))
    valley_anchors = dict(zip(("i1", "c1", "e1", "e2", "c2", "i2"), cuts))
    x = np.sort(np.asarray(xs + list(cuts)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", HalfMembershipWarning)
        bell = calibrate(x, thresholds=bell_anchors, below=below, above=above, r_rounding=False)
        # exponents follow the membership level (below / above 0.5), so the complement
        # swaps them
        valley = calibrate(x, thresholds=valley_anchors, below=above, above=below,
                           r_rounding=False)
    left, right = x <= cuts[2], x >= cuts[3]
    assert np.all(np.diff(bell[left]) >= 0) and np.all(np.diff(bell[right]) <= 0)
    assert np.all(bell[~left & ~right] == 1)
    np.testing.assert_allclose(bell + valley, 1.0, atol=1e-12)
    at = calibrate(cuts, thresholds=bell_anchors, r_rounding=False, avoid_half=0.001)
    np.testing.assert_allclose(at, [0, 0.501, 1, 1, 0.501, 0], atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.lists(finite, min_size=1, max_size=30),
       st.lists(st.integers(-1000, 1000), min_size=1, max_size=4, unique=True))
def test_crisp_counts_thresholds_at_or_below(xs, cuts):
    x = np.asarray(xs + [min(cuts) - 1.0, max(cuts) + 1.0])
    got = calibrate(x, "crisp", thresholds=[float(c) for c in cuts])
    want = [sum(v >= c for c in cuts) for v in x]
    assert got.tolist() == want


# ----------------------------------------------------------------------------- percentiles
def test_percentile_definitions_by_hand():
    x = np.arange(1.0, 11.0)
    lin = anchors_from_data(x, inclusion=95, crossover="median", exclusion=10)
    # linear (type 7): position 1 + (n-1)p -> 1.9 and 9.55
    assert lin.as_tuple() == pytest.approx((1.9, 5.5, 9.55))
    wb = anchors_from_data(x, inclusion=90, crossover="mean", exclusion=10, method="weibull")
    # weibull (type 6, SPSS): position (n+1)p -> 1.1 and 9.9
    assert wb.as_tuple() == pytest.approx((1.1, 5.5, 9.9))
    assert wb.sources == ("p10 (weibull)", "mean", "p90 (weibull)")


def test_percentile_strings_in_thresholds_equal_anchors_from_data():
    rng = np.random.default_rng(7)
    x = pd.Series(rng.normal(50, 10, 31), name="T")
    a = anchors_from_data(x)          # the study: 95th percentile, mean, 5th percentile
    assert a.name == "T" and a.sources == ("p5 (linear)", "mean", "p95 (linear)")
    assert a.crossover == pytest.approx(x.mean())
    assert a.inclusion == pytest.approx(np.quantile(x, 0.95))
    by_string = calibrate(x, thresholds={"exclusion": "p5", "crossover": "mean",
                                         "inclusion": "p95"})
    pd.testing.assert_series_equal(by_string, calibrate(x, thresholds=a))
    robust = anchors_from_data(x, 90, "median", 10)
    assert robust.crossover == pytest.approx(x.median())


def test_r_style_string_with_percentiles():
    x = pd.Series(np.arange(1.0, 21.0), name="V")
    a = calibrate(x, thresholds="e=p5, c=mean, i=p95")
    b = calibrate(x, thresholds=anchors_from_data(x))
    pd.testing.assert_series_equal(a, b)


def test_decreasing_anchors_from_data_and_flip():
    x = np.arange(1.0, 21.0)
    a = anchors_from_data(x, inclusion=5, crossover="mean", exclusion=95)
    assert a.direction == "decreasing"
    assert a.flipped().direction == "increasing"
    assert a.flipped().sources == (a.sources[2], a.sources[1], a.sources[0])


def test_anchor_object_reports():
    a = Anchors(1.0, 2.0, 3.0, ("p5 (linear)", "mean", "p95 (linear)"), "数字政府")
    frame = a.to_frame()
    assert frame["value"].tolist() == [1.0, 2.0, 3.0]
    assert "数字政府" in a.summary() and "数字政府" in a._repr_html_()


# ----------------------------------------------------------------------------- 0.5 rule
def test_half_membership_warns_with_count_and_labels():
    x = pd.Series([1.0, 5, 5, 9], index=["北京", "上海", "广东", "西藏"], name="G")
    with pytest.warns(HalfMembershipWarning, match=r"2 case\(s\) of column 'G'.*上海, 广东"):
        m = calibrate(x, thresholds=(2, 5, 8))
    assert m["上海"] == 0.5


@pytest.mark.parametrize("shift, want", [(0.001, 0.501), (-0.001, 0.499)])
def test_avoid_half_moves_only_exact_halves(shift, want):
    x = pd.Series([1.0, 5, 6, 9])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        m = calibrate(x, thresholds=(2, 5, 8), avoid_half=shift)
    assert m[1] == pytest.approx(want, abs=1e-15)
    # 6 is a third of the way from the crossover to the inclusion anchor: untouched
    assert m[2] == pytest.approx(1 / (1 + 19 ** (-1 / 3)), abs=1e-15)


@pytest.mark.parametrize("bad", [0, 0.5, "0.001", True])
def test_avoid_half_rejects_bad_values(bad):
    with pytest.raises(CalibrationError, match="avoid_half"):
        calibrate([1.0, 5, 9], thresholds=(2, 5, 8), avoid_half=bad)


# ----------------------------------------------------------------------------- pandas in/out
def test_series_keeps_index_and_name_and_input_untouched():
    x = pd.Series([3.0, 1.0, 2.0], index=["c", "a", "b"], name="X")
    before = x.copy()
    m = calibrate(x, thresholds=(1, 2.5, 3))
    assert list(m.index) == ["c", "a", "b"] and m.name == "X"
    pd.testing.assert_series_equal(x, before)
    assert isinstance(calibrate(x.to_numpy(), thresholds=(1, 2.5, 3)), np.ndarray)
    assert isinstance(calibrate([3, 1, 2], thresholds=(1, 2.5, 3)), np.ndarray)


def test_calibrate_frame_data_and_report():
    idx = ["北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江"]
    df = pd.DataFrame({"T": [8.0, 6, 2, 1, 3, 5, 4, 7], "Z": [1.0, 2, 3, 4, 5, 6, 7, 8]},
                      index=idx)
    before = df.copy()
    with pytest.warns(HalfMembershipWarning, match="column 'Z'"):
        res = calibrate_frame(df, {"T": {"exclusion": "p5", "crossover": "mean",
                                         "inclusion": "p95"},
                                   "Z": {"method": "direct", "thresholds": (2, 4, 6),
                                         "logistic": False}})
    pd.testing.assert_frame_equal(df, before)
    assert isinstance(res, CalibrationResult)
    assert list(res.data.index) == idx and list(res.data.columns) == ["T", "Z"]
    pd.testing.assert_series_equal(res.data["T"], calibrate(df["T"], thresholds=anchors_from_data(
        df["T"])))
    rep = res.to_frame().set_index("column")
    a = anchors_from_data(df["T"])
    assert rep.loc["T", ["exclusion", "crossover", "inclusion"]].tolist() == pytest.approx(
        list(a.as_tuple()))
    assert rep.loc["T", "crossover_source"] == "mean"
    # T's mean is 4.5: 北京 8, 天津 6, 辽宁 5, 黑龙江 7 are above it
    assert rep.loc["T", "share_above_half"] == 0.5
    assert rep.loc["Z", "n_at_half"] == 1 and rep.loc["Z", "cases_at_half"] == "山西"
    assert "山西" in res.summary() and "山西" in res._repr_html_()


def test_calibrate_frame_defaults_and_adjustment_count():
    df = pd.DataFrame({"A": [1.0, 5, 9], "B": [2.0, 4, 6]}, index=["x", "y", "z"])
    res = calibrate_frame(df, {"A": (2, 5, 8), "B": "e=2, c=4, i=6"}, avoid_half=0.001)
    rep = res.report.set_index("column")
    assert rep["n_adjusted"].tolist() == [1, 1]
    assert res.data.loc["y"].tolist() == [0.501, 0.501]
    crisp = calibrate_frame(df, {"A": {"method": "crisp", "thresholds": [5]}})
    assert crisp.data["A"].tolist() == [0, 1, 1]
    assert "A: crisp, cuts 5; 66.7% above 0.5" in crisp.summary()


def test_calibrate_frame_errors():
    df = pd.DataFrame({"A": [1.0, 5, 9]})
    with pytest.raises(CalibrationError, match=r"\['B'\] not in the data"):
        calibrate_frame(df, {"B": (2, 5, 8)})
    with pytest.raises(CalibrationError, match="unknown option"):
        calibrate_frame(df, {"A": {"method": "direct", "anchors": (1, 2, 3)}})
    with pytest.raises(CalibrationTypeError):
        calibrate_frame(df["A"], {"A": (2, 5, 8)})
    dup = pd.DataFrame({"A": [1.0, 5, 9]}, index=["a", "a", "b"])
    with pytest.raises(CalibrationError, match="repeated: a"):
        calibrate_frame(dup, {"A": (2, 5, 8)})


# ----------------------------------------------------------------------------- indirect
def _fractional_logit_by_hand(X, y):
    from scipy.optimize import minimize

    def nll(b):
        z = X @ b
        return -np.sum(y * z - np.logaddexp(0, z))

    def grad(b):
        mu = 1 / (1 + np.exp(-(X @ b)))
        return -X.T @ (y - mu)

    b = minimize(nll, np.zeros(X.shape[1]), jac=grad, method="BFGS",
                 options={"gtol": 1e-12, "maxiter": 10_000}).x
    mu = 1 / (1 + np.exp(-(X @ b)))
    bread = np.linalg.inv(X.T @ (X * (mu * (1 - mu))[:, None]))
    meat = X.T @ (X * ((y - mu) ** 2)[:, None])
    return b, np.sqrt(np.diag(bread @ meat @ bread)), mu


def test_indirect_matches_an_independent_quasi_likelihood_fit():
    x = pd.Series([2.0, 3.5, 4, 5.5, 6, 7.5, 8, 9.5, 11, 12], name="edu",
                  index=[f"p{i}" for i in range(10)])
    classes = pd.Series([0, 0.2, 0, 0.4, 0.6, 0.4, 0.8, 0.8, 1, 1], index=x.index[::-1][::-1])
    fit = fit_indirect(x, classes)
    X = np.column_stack([np.ones(10), x.to_numpy()])
    b, se, mu = _fractional_logit_by_hand(X, classes.to_numpy(float))
    np.testing.assert_allclose(fit.params.to_numpy(), b, rtol=1e-6)
    np.testing.assert_allclose(fit.bse.to_numpy(), se, rtol=1e-5)
    np.testing.assert_allclose(fit.memberships.to_numpy(), mu, atol=1e-8)
    m = calibrate(x, "indirect", classes=classes, r_rounding=False)
    np.testing.assert_allclose(m.to_numpy(), mu, atol=1e-8)
    assert list(m.index) == list(x.index)
    assert "robust" in fit.summary() and list(fit.to_frame()["term"]) == ["const", "x"]


def test_indirect_aligns_classes_on_the_index():
    x = pd.Series([1.0, 2, 3, 4, 5, 6], index=list("abcdef"))
    classes = pd.Series([0, 0.2, 0.4, 0.6, 0.8, 1.0], index=list("abcdef"))
    a = calibrate(x, "indirect", classes=classes)
    b = calibrate(x, "indirect", classes=classes.iloc[::-1])
    pd.testing.assert_series_equal(a, b)
    assert a.is_monotonic_increasing
    # arrays are matched by position
    np.testing.assert_array_equal(calibrate(x.to_numpy(), "indirect", classes=classes),
                                  a.to_numpy())


def test_indirect_classes_from_thresholds_follow_r_rule():
    x = pd.Series([1.0, 2, 3, 4, 5, 6])
    # cuts 2 and 4: x <= 2 -> 0, 2 < x <= 4 -> 0.5, x > 4 -> 1
    via_cuts = fit_indirect(x, thresholds=[4, 2])
    direct = fit_indirect(x, [0, 0, 0.5, 0.5, 1, 1])
    np.testing.assert_allclose(via_cuts.memberships, direct.memberships)


def test_indirect_errors():
    x = [1.0, 2, 3]
    with pytest.raises(CalibrationError, match=r"\[0, 1\]"):
        fit_indirect(x, [0, 0.5, 2])
    with pytest.raises(CalibrationError, match="either classes"):
        fit_indirect(x)
    with pytest.raises(CalibrationError, match="same class"):
        fit_indirect(x, [0.5, 0.5, 0.5])
    with pytest.raises(CalibrationError, match="<= 0"):
        fit_indirect([-1.0, 2, 3], [0, 0.5, 1], model="fracpoly")
    with pytest.raises(CalibrationError, match="no value for rows c"):
        fit_indirect(pd.Series(x, index=list("abc")), pd.Series([0, 1.0], index=list("ab")))


# ----------------------------------------------------------------------------- bad input
def test_missing_values_name_column_and_rows():
    x = pd.Series([1.0, np.nan, 3, np.nan], index=["北京", "上海", "广东", "西藏"], name="P")
    with pytest.raises(CalibrationError, match=r"column 'P'.*rows 上海, 西藏"):
        calibrate(x, thresholds=(1, 2, 3))


def test_non_numeric_names_rows_and_values():
    x = pd.Series(["1.5", "high", "3"], index=["a", "b", "c"], name="Q")
    with pytest.raises(CalibrationTypeError, match=r"column 'Q' is not numeric: rows b \('high'\)"):
        calibrate(x, thresholds=(1, 2, 3))
    # numbers stored as text are accepted
    assert calibrate(pd.Series(["1", "2", "3"]), thresholds=(1, 2, 3),
                     avoid_half=0.001).tolist() == pytest.approx([0.05, 0.501, 0.95])
    with pytest.raises(CalibrationTypeError, match="categorical"):
        calibrate(pd.Series([1, 2, 3], dtype="category"), thresholds=(1, 2, 3))
    with pytest.raises(CalibrationTypeError, match="calibrate_frame"):
        calibrate(pd.DataFrame({"a": [1, 2]}), thresholds=(1, 2, 3))


@pytest.mark.parametrize("thresholds, message", [
    ((1, 3, 2), "out of order"),
    ((1, 1, 2), "out of order or equal"),
    ({"exclusion": 1, "crossover": 2}, "all three anchors"),
    ({"exclusion": 1, "cross": 2, "inclusion": 3}, "unknown or repeated anchor name 'cross'"),
    ((1, 2, 3, 4), "3 or 6 anchors"),
    ((1, 2, 3, 4, 2.5, 6), "bell shape"),
    ({"exclusion": "p0", "crossover": "mean", "inclusion": "p95"}, "strictly between 0 and 100"),
    ({"exclusion": "p5", "crossover": "mean", "inclusion": "p100"}, "strictly between 0 and 100"),
    ({"exclusion": "p5", "crossover": "average", "inclusion": "p95"}, "cannot read anchor"),
    ("e=1; c=2 i=3", "cannot read thresholds"),
    (None, "needs thresholds"),
])
def test_bad_anchors(thresholds, message):
    with pytest.raises(AnchorError, match=message):
        calibrate(pd.Series([1.0, 2, 3, 4, 5], name="X"), thresholds=thresholds)


def test_anchor_errors_name_the_column():
    with pytest.raises(AnchorError, match="for 'X'"):
        calibrate(pd.Series([1.0, 2, 3], name="X"), thresholds=(3, 4, 2))
    with pytest.raises(AnchorError, match="computed as p5"):
        # mostly-equal data: the 5th percentile and the median are both 1
        anchors_from_data(pd.Series([1.0] * 19 + [100.0]), 95, "median", 5)
    with pytest.raises(AnchorError, match=r"percentile must lie strictly between 0 and 100, got 120"):
        anchors_from_data([1.0, 2, 3], 120, "mean", 5)
    with pytest.raises(AnchorError, match="unknown percentile method 'spss'"):
        anchors_from_data([1.0, 2, 3], 95, "mean", 5, method="spss")


def test_constant_column_and_options():
    with pytest.raises(CalibrationError, match=r"column 'K' is constant \(every value is 4\)"):
        calibrate(pd.Series([4.0, 4, 4], name="K"), thresholds=("p5", "mean", "p95"))
    with pytest.raises(AnchorError, match="column 'K' is constant"):
        anchors_from_data(pd.Series([4.0, 4, 4], name="K"))
    x = [1.0, 2, 3]
    with pytest.raises(CalibrationError, match="unknown calibration method 'fuzzy'"):
        calibrate(x, "fuzzy", thresholds=(1, 2, 3))
    with pytest.raises(CalibrationError, match="idm"):
        calibrate(x, thresholds=(1, 2, 3), idm=0.5)
    with pytest.raises(CalibrationError, match="below must be a positive number"):
        calibrate(x, thresholds=(1, 2, 3), logistic=False, below=0)
    with pytest.raises(CalibrationError, match="direction must be"):
        calibrate(x, thresholds=(1, 2, 3), direction="down")
    with pytest.raises(CalibrationError, match="six anchors"):
        calibrate(x, thresholds=(0, 1, 2, 2, 3, 4), direction="increasing")
    with pytest.raises(AnchorError, match=r"outside the range of column 'Y' \[1, 3\]"):
        calibrate(pd.Series(x, name="Y"), "crisp", thresholds=[2, 5])
    with pytest.raises(AnchorError, match="repeat a value"):
        calibrate(x, "crisp", thresholds=[2, 2])


def test_worked_example_in_the_docs():
    t = pd.Series([92.0, 88, 61, 55, 47, 70, 58, 81],
                  index=["北京", "上海", "河北", "山西", "西藏", "四川", "甘肃", "浙江"], name="T")
    a = anchors_from_data(t)
    assert a.as_tuple() == pytest.approx((49.8, 69.0, 90.6))
    m = calibrate(t, thresholds=a)
    # hand-derived in docs/calibration.md
    assert m["北京"] == pytest.approx(1 / (1 + math.exp(-23 * math.log(19) / 21.6)), abs=1e-12)
    assert round(m["北京"], 3) == 0.958 and round(m["西藏"], 3) == 0.033
    assert anchors_from_data(t, 90, "median", 10).as_tuple() == pytest.approx((52.6, 65.5, 89.2))
    assert anchors_from_data(t, method="weibull").as_tuple() == pytest.approx((47, 69, 92))


def test_indirect_fracpoly_fits_monotone_classes():
    x = pd.Series([2.0, 3.5, 4, 5.5, 6, 7.5, 8, 9.5, 11, 12])
    classes = [0, 0.2, 0, 0.4, 0.6, 0.4, 0.8, 0.8, 1, 1]
    fit = fit_indirect(x, classes, model="fracpoly")
    assert list(fit.params.index) == ["const", "log(x)", "sqrt(x)", "x", "x^2"]
    assert fit.memberships.between(0, 1).all()
    # a richer model cannot fit worse than the linear logit it nests
    assert fit.deviance <= fit_indirect(x, classes).deviance + 1e-9
