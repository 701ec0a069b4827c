"""Calibrations that cannot be meant: anchors outside the data (percentiles typed as numbers),
skewed sets (SetMethods' skew.check with a stated threshold) and cases left at exactly 0.5."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fsqca
from fsqca import AnchorError, QCAInputError, check_anchors, half_memberships, skew_check
from fsqca.datasets import load_dataset


def test_percentiles_typed_as_numbers_are_refused_with_the_likely_meaning():
    # the issue's case: anchors 95 / 50 / 5 meant as percentiles of a GDP-like variable
    gdp = load_dataset("LR")["DEV"]
    with pytest.raises(AnchorError) as err:
        check_anchors(gdp, {"inclusion": 95, "crossover": 50, "exclusion": 5})
    msg = str(err.value)
    assert "column 'DEV'" in msg and "320 to 1098" in msg
    assert "did you mean percentiles: inclusion p95, crossover p50, exclusion p5?" in msg
    assert "\n" not in msg


def test_the_suggestion_names_every_anchor_typed_as_a_percentile():
    # 0 to 38.7: exclusion 5 lies inside, crossover 50 and inclusion 95 do not; all three were
    # percentiles written as numbers
    x = pd.Series([0.0, 2.1, 10.1, 13.4, 38.675], name="R")
    with pytest.raises(AnchorError) as err:
        check_anchors(x, {"inclusion": 95, "crossover": 50, "exclusion": 5})
    assert str(err.value) == ("column 'R': anchors crossover 50, inclusion 95 lie outside the observed range 0 to "
                              "38.675; did you mean percentiles: inclusion p95, crossover p50, exclusion p5?")


def test_a_crossover_outside_is_refused_and_names_every_anchor_outside():
    lit = load_dataset("LR")["LIT"]            # 38 to 99.9
    with pytest.raises(AnchorError, match=r"anchors crossover 100, inclusion 120 lie outside the observed range 38 "
                                          r"to 99.9; anchors are raw values"):
        check_anchors(lit, (50, 100, 120))
    big = pd.Series([10.0, 200, 3000], name="pop")
    with pytest.raises(AnchorError, match=r"anchors exclusion 5, crossover 5000, inclusion 6000 .*write 'p95' for a percentile"):
        check_anchors(big, (5, 5000, 6000))


def test_full_membership_anchors_beyond_the_data_are_external_standards():
    # Ragin (2008, ch. 5): full membership in 'literate' at 100 % though no country reaches it
    lit = load_dataset("LR")["LIT"]            # 38 to 99.9
    assert check_anchors(lit, (50, 75, 100)) is None
    big = pd.Series([10.0, 200, 3000], name="pop")
    assert check_anchors(big, (5, 500, 5000)) is None
    # six anchors: only the crossovers must lie in the data
    assert check_anchors(big, (0, 100, 300, 400, 2000, 9000)) is None
    with pytest.raises(AnchorError, match="anchors e1 0, c2 4000, e2 9000 lie outside"):
        check_anchors(big, (0, 100, 300, 400, 4000, 9000))


def test_anchors_inside_and_percentile_anchors_pass():
    x = load_dataset("LR")["DEV"]
    assert check_anchors(x, {"exclusion": 400, "crossover": 550, "inclusion": 900}) is None
    assert check_anchors(x, {"exclusion": "p5", "crossover": "median", "inclusion": "p95"}) is None
    assert check_anchors(x, "e=320, c=550, i=1098") is None           # the extremes themselves
    assert check_anchors(x, (320, 400, 550, 800, 900, 1098)) is None  # six anchors


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=2, max_size=30).filter(lambda v: len(set(v)) > 1),
       st.floats(0, 1), st.floats(0, 1), st.floats(0, 1))
def test_anchors_between_min_and_max_always_pass(values, a, b, c):
    x = np.array(values)
    lo, hi = x.min(), x.max()
    e, cr, i = sorted(lo + t * (hi - lo) for t in (a, b, c))
    if e < cr < i:
        check_anchors(x, (e, cr, i))


def test_skew_check_counts_as_setmethods_and_flags_by_the_stated_rule():
    lf = load_dataset("LF")
    res = skew_check(lf)
    table = res.to_frame().set_index("set")
    # counts of cases above 0.5 (what skew.check prints), counted here by hand from LF
    for col in lf.columns:
        assert table.loc[col, "above"] == sum(v > 0.5 for v in lf[col])
        assert table.loc[col, "cases"] == 18
    # LIT: 13 of 18 above 0.5 (72 %): not skewed at 20 / 80 %
    assert table.loc["LIT", "above"] == 13 and not table.loc["LIT", "skewed"]
    assert res.skewed == [c for c in lf.columns if not 0.2 <= (lf[c] > 0.5).mean() <= 0.8]
    assert "fewer than 20% or more than 80%" in res.summary()


def test_skew_check_the_issues_case():
    # anchors 95/50/5 taken as raw values of a variable whose values lie in the hundreds: every
    # case ends above 0.5
    raw = load_dataset("LR")["DEV"]
    cal = fsqca.calibrate(raw, thresholds={"exclusion": 5, "crossover": 50, "inclusion": 95})
    res = skew_check(pd.DataFrame({"DEV": cal}))
    assert res.skewed == ["DEV"] and res.to_frame()["share_above"].iloc[0] == 1.0
    assert "DEV: 100% of cases above 0.5" in res.summary()
    assert res.to_dict()["skewed"] == ["DEV"]


def test_skew_threshold_is_adjustable_and_checked():
    m = pd.DataFrame({"A": [0.9] * 9 + [0.1]})          # 90 % above
    assert skew_check(m).skewed == ["A"]
    assert skew_check(m, threshold=0.05).skewed == []
    with pytest.raises(QCAInputError, match="threshold"):
        skew_check(m, threshold=0.5)
    with pytest.raises(QCAInputError, match="not calibrated"):
        skew_check(pd.DataFrame({"raw": [3.0, 0.2]}))


def test_half_memberships_named_with_their_step():
    m = pd.DataFrame({"A": [0.5, 0.7, 0.2], "B": [0.1, 0.5, 0.5]}, index=["x", "y", "z"])
    got = half_memberships(m, step="robustness: p90/median/p10")
    assert got.to_dict(orient="records") == [
        {"set": "A", "case": "x", "step": "robustness: p90/median/p10"},
        {"set": "B", "case": "y", "step": "robustness: p90/median/p10"},
        {"set": "B", "case": "z", "step": "robustness: p90/median/p10"}]
    assert half_memberships(m.clip(upper=0.4)).empty
    assert skew_check(m).to_frame()["at_half"].tolist() == [1, 2]
