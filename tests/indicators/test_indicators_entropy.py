import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from indicators import NegativeValueError, ZeroVarianceError, entropy_weights, min_max, z_score


def _entropy_by_sums(col):
    """e = (ln S - sum x ln x / S) / ln n, with 0 ln 0 = 0: algebraically equal to -k sum p ln p."""
    x = [v for v in col]
    s = sum(x)
    xlogx = sum(v * math.log(v) for v in x if v > 0)
    return (math.log(s) - xlogx / s) / math.log(len(x))


def test_hand_computed_example():
    df = pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0], "b": [1.0, 1.0, 1.0, 9.0], "cost": [4.0, 2.0, 2.0, 1.0]})
    ew = entropy_weights(df, {"cost": "negative"}, name="Sl")
    # normalised columns written out by hand
    norm = {"a": [0, 1 / 3, 2 / 3, 1], "b": [0, 0, 0, 1], "cost": [0, 2 / 3, 2 / 3, 1]}
    e = {k: _entropy_by_sums(v) for k, v in norm.items()}
    d = {k: 1 - v for k, v in e.items()}
    w = {k: v / sum(d.values()) for k, v in d.items()}
    assert ew.table["entropy"].to_dict() == pytest.approx(e)
    assert ew.table["diversity"].to_dict() == pytest.approx(d)
    assert ew.weights.to_dict() == pytest.approx(w)
    assert e["b"] == pytest.approx(0.0)
    expected = [sum(w[k] * norm[k][i] for k in norm) for i in range(4)]
    assert ew.scores.tolist() == pytest.approx(expected)
    assert ew.scores.name == "Sl"
    assert list(ew.to_frame().columns) == ["direction", "entropy", "diversity", "weight"]
    assert "0*ln(0) = 0" in ew.summary() and "<table" in ew._repr_html_()


def test_shift_and_raw_values():
    df = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [2.0, 2.0, 5.0]})
    raw = entropy_weights(df, normalize=False)
    e = {k: _entropy_by_sums(df[k]) for k in df}
    assert raw.table["entropy"].to_dict() == pytest.approx(e)
    shifted = entropy_weights(df, shift=1e-4)
    norm = min_max(df).data + 1e-4
    assert shifted.table["entropy"].to_dict() == pytest.approx({k: _entropy_by_sums(norm[k]) for k in df})


def test_bad_input_is_named():
    df = pd.DataFrame({"a": [1.0, 2.0, 3.0], "flat": [5.0, 5.0, 5.0]})
    with pytest.raises(ZeroVarianceError, match="flat"):
        entropy_weights(df)
    with pytest.raises(NegativeValueError, match="'a'.*rows r1"):
        entropy_weights(pd.DataFrame({"a": [1.0, -2.0, 3.0]}, index=["r0", "r1", "r2"]), normalize=False)
    with pytest.raises(ValueError, match="'a'.*row"):
        entropy_weights(pd.DataFrame({"a": [1.0, None, 3.0]}))
    with pytest.raises(NegativeValueError):
        entropy_weights(pd.DataFrame({"a": [1.0, 2.0]}), shift=-1)
    with pytest.raises(ValueError, match="direction"):
        entropy_weights(pd.DataFrame({"a": [1.0, 2.0]}), {"a": "up"})


matrices = arrays(np.float64, st.tuples(st.integers(3, 12), st.integers(1, 5)),
                  elements=st.integers(-10_000, 10_000).map(lambda v: v / 10.0))


@settings(max_examples=60, deadline=None)
@given(matrices, st.floats(0.1, 50.0), st.floats(-100.0, 100.0), st.randoms(use_true_random=False))
def test_invariants(values, scale, offset, rnd):
    df = pd.DataFrame(values, columns=[f"x{j}" for j in range(values.shape[1])])
    df = df.loc[:, df.nunique() > 1]
    if df.shape[1] == 0:
        return
    ew = entropy_weights(df)
    w = ew.weights
    assert w.sum() == pytest.approx(1.0) and (w >= -1e-12).all()
    assert ((ew.table["entropy"] >= -1e-12) & (ew.table["entropy"] <= 1 + 1e-12)).all()
    assert ((ew.scores >= -1e-12) & (ew.scores <= 1 + 1e-12)).all()
    # min-max makes the weights invariant to a positive affine change of any column
    moved = df * scale + offset
    assert entropy_weights(moved).weights.tolist() == pytest.approx(w.tolist(), abs=1e-9)
    # and to the order of the cases
    order = list(df.index)
    rnd.shuffle(order)
    assert entropy_weights(df.loc[order]).weights.tolist() == pytest.approx(w.tolist(), abs=1e-9)
    # a negative indicator is the positive indicator of the negated values
    first = df.columns[0]
    neg = entropy_weights(df.assign(**{first: -df[first]}), {first: "negative"})
    assert neg.weights.tolist() == pytest.approx(w.tolist(), abs=1e-9)


def test_normalisation_records_what_was_done():
    df = pd.DataFrame({"a": [2.0, 4.0, 6.0], "cost": [1.0, 3.0, 5.0]})
    mm = min_max(df, {"cost": -1})
    assert mm.data["cost"].tolist() == [1.0, 0.5, 0.0]
    assert mm.record.loc["cost", ["direction", "min", "max"]].tolist() == ["negative", 1.0, 5.0]
    z = z_score(df)
    assert z.data["a"].tolist() == pytest.approx([-1.0, 0.0, 1.0])
    assert z.record.loc["a", "sd"] == pytest.approx(2.0) and z.record.loc["a", "ddof"] == 1
    assert z_score(df, ddof=0).data["a"].tolist() == pytest.approx([-math.sqrt(1.5), 0.0, math.sqrt(1.5)])
    assert df["a"].tolist() == [2.0, 4.0, 6.0]  # input untouched
    with pytest.raises(ZeroVarianceError, match="'k'"):
        z_score(pd.DataFrame({"k": [1.0, 1.0]}))
    assert "min-max" in mm.summary() and "<table" in mm._repr_html_()
