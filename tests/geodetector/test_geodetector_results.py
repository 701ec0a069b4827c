"""Result objects: tidy frames, summaries, HTML views, matrices."""

import numpy as np
import pandas as pd
import pytest

from geodetector import (
    cross,
    ecological_detector,
    factor_detector,
    interaction_detector,
    risk_detector,
)


@pytest.fixture
def df():
    rng = np.random.default_rng(1)
    a = np.repeat([1, 2, 3], 20)
    b = np.tile([1, 2], 30)
    c = rng.integers(0, 3, 60)
    y = a * 1.0 + (a == 2) * b * 2.0 + rng.normal(scale=0.5, size=60)
    return pd.DataFrame({"y": y, "a": a, "b": b, "c": c})


@pytest.mark.parametrize("fn", [factor_detector, interaction_detector, risk_detector,
                                ecological_detector])
def test_views(df, fn):
    res = fn(df, "y", ["a", "b", "c"])
    frame = res.to_frame()
    assert isinstance(frame, pd.DataFrame) and len(frame) > 0
    frame.iloc[0, 0] = "changed"  # a copy: the result is unaffected
    assert res.to_frame().iloc[0, 0] != "changed"
    text = res.summary()
    assert "observations: 60" in text
    html = res._repr_html_()
    assert html.startswith("<div>") and "<table" in html


def test_interaction_matrix(df):
    res = interaction_detector(df, "y", ["a", "b", "c"])
    m = res.matrix()
    q = factor_detector(df, "y", ["a", "b", "c"]).q
    assert list(m.index) == ["a", "b", "c"]
    np.testing.assert_allclose(np.diag(m.to_numpy()), q.to_numpy(), atol=1e-12)
    assert m.loc["a", "b"] == m.loc["b", "a"]
    assert res.types().loc["a", "b"] in {"bi-variable enhance", "nonlinear enhance"}


def test_cross_factor_equals_interaction(df):
    crossed = df.assign(ab=cross(df, ["a", "b"]))
    q_cross = factor_detector(crossed, "y", ["ab"]).q["ab"]
    q12 = interaction_detector(df, "y", ["a", "b"]).table["q12"].iloc[0]
    assert q_cross == pytest.approx(q12, abs=1e-12)


def test_risk_means_and_matrix(df):
    res = risk_detector(df, "y", ["a"])
    means = res.means("a")
    assert means.loc["1"] == pytest.approx(df.loc[df.a == 1, "y"].mean())
    m = res.significance_matrix("a")
    assert m.shape == (3, 3)
    from scipy import stats
    t, p = stats.ttest_ind(df.loc[df.a == 1, "y"], df.loc[df.a == 3, "y"], equal_var=False)
    row = res.table[(res.table.a == "1") & (res.table.b == "3")].iloc[0]
    assert row["t"] == pytest.approx(t) and row["p_value"] == pytest.approx(p)


def test_default_factors_are_all_other_columns(df):
    assert list(factor_detector(df, "y").table["factor"]) == ["a", "b", "c"]


@pytest.mark.parametrize("module", [
    "geodetector.factor", "geodetector.interaction", "geodetector.risk",
    "geodetector.ecological", "geodetector.discretize", "geodetector.opgd",
    "geodetector.strategy", "geodetector.plotting", "libdigigov.fonts",
])
def test_docstring_examples_run(module):
    import doctest
    import importlib

    import matplotlib

    matplotlib.use("Agg")
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


def test_stratum_labels_as_users_see_them():
    df = pd.DataFrame({"y": [1.0, 2, 3, 4, 5, 7], "b": [True, False] * 3,
                       "f": [1.0, 1.0, 2.0, 2.0, 3.0, 3.0], "s": list("aabbcc")})
    strata = risk_detector(df, "y").strata
    assert list(strata["stratum"]) == ["False", "True", "1", "2", "3", "a", "b", "c"]


def test_cross_labels_never_merge_strata():
    from geodetector import cross, factor_detector

    df = pd.DataFrame({"a": ["1_1", "1_1", "1", "1", "2", "2", "3", "3"],
                       "b": ["2", "2", "1_2", "1_2", "1", "1", "1", "1"],
                       "y": [1.0, 1.1, 5.0, 5.1, 9.0, 9.1, 13.0, 13.1]})
    crossed = df.assign(ab=cross(df, ["a", "b"]))
    assert crossed["ab"].nunique() == 4
    q = factor_detector(crossed, "y", ["ab"]).to_frame()["q"].iloc[0]
    assert q == pytest.approx(1 - 4 * 0.005 / ((df["y"] - df["y"].mean()) ** 2).sum())
