"""Dask DataFrames give the same results as pandas, computed on a local distributed cluster."""

import warnings

import numpy as np
import pandas as pd
import pytest

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("dask.distributed")

from geodetector import (  # noqa: E402
    MissingValueError,
    ecological_detector,
    factor_detector,
    interaction_detector,
    interaction_q,
    risk_detector,
    strategy_ranking,
)


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        with distributed.Client(cluster) as c:
            yield c


@pytest.fixture(scope="module")
def frames():
    rng = np.random.default_rng(11)
    n = 600
    df = pd.DataFrame({
        "y": rng.gamma(2.0, size=n) + 1e4,
        "a": rng.integers(0, 4, n),
        "b": rng.choice(["东", "西", "南"], n),
        "c": rng.integers(10, 16, n),
    })
    df.loc[0, "c"] = 99  # a one-observation stratum
    df["y"] += df["a"] * 0.8
    return df, dd.from_pandas(df, npartitions=5)


def test_factor_detector(client, frames):
    df, ddf = frames
    for kw in ({}, {"singletons": "drop"}, {"p_method": "centered"}):
        a = factor_detector(df, "y", **kw).table
        b = factor_detector(ddf, "y", **kw).table
        pd.testing.assert_series_equal(a["factor"], b["factor"])
        np.testing.assert_allclose(b["q"], a["q"], atol=1e-10)
        np.testing.assert_allclose(b["p_value"], a["p_value"], atol=1e-8)
        assert list(a["n_strata"]) == list(b["n_strata"])


def test_interaction_and_cross(client, frames):
    df, ddf = frames
    a = interaction_detector(df, "y").table
    b = interaction_detector(ddf, "y").table
    np.testing.assert_allclose(b["q12"], a["q12"], atol=1e-10)
    assert list(a["type"]) == list(b["type"])
    assert interaction_q(ddf, "y", ["a", "b", "c"]) == pytest.approx(
        interaction_q(df, "y", ["a", "b", "c"]), abs=1e-10)


def test_risk_and_ecological(client, frames):
    df, ddf = frames
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a = risk_detector(df, "y").table
        b = risk_detector(ddf, "y").table
    assert list(zip(a["a"], a["b"])) == list(zip(b["a"], b["b"]))
    assert list(a["tested"]) == list(b["tested"])
    np.testing.assert_allclose(b["t"], a["t"], rtol=1e-7)
    assert list(a["significant"].fillna(-1)) == list(b["significant"].fillna(-1))
    for method in ("r", "ssw"):
        ea = ecological_detector(df, "y", method=method).table
        eb = ecological_detector(ddf, "y", method=method).table
        assert list(ea["significant"]) == list(eb["significant"])
        np.testing.assert_allclose(eb["F"], ea["F"], rtol=1e-8)


def test_strategy(client, frames):
    df, ddf = frames
    a = strategy_ranking(df, "y", ["a"], ["b", "c"])
    b = strategy_ranking(ddf, "y", ["a"], ["b", "c"])
    assert a.order == b.order
    np.testing.assert_allclose(b.table["q_core_aux"], a.table["q_core_aux"], atol=1e-10)


def test_missing_values_reported(client, frames):
    df, _ = frames
    bad = df.copy()
    bad.loc[5, "y"] = np.nan
    with pytest.raises(MissingValueError, match="'y'"):
        factor_detector(dd.from_pandas(bad, npartitions=3), "y")
