"""Scale: compact codes, chunked counting, the one-pass Dask path, exact quantiles at scale."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import geodetector as gd
from geodetector import _accumulate
from geodetector.cli import main

dask = pytest.importorskip("dask")
dd = pytest.importorskip("dask.dataframe")


@pytest.fixture(autouse=True)
def sync_scheduler():
    with dask.config.set(scheduler="sync"):
        yield


def brute_q(y, x):
    """q = 1 - SSW/SST from pandas groupby variances (independent of the package)."""
    y = pd.Series(np.asarray(y, dtype=float))
    groups = y.groupby(np.asarray(x))
    ssw = sum(((g - g.mean()) ** 2).sum() for _, g in groups)
    return 1.0 - ssw / ((y - y.mean()) ** 2).sum()


def test_codes_are_compact_and_columns_reused():
    v = np.array([0, 2, 1, 2, 0], dtype=np.int8)
    codes, uniques = _accumulate.factorize(v)
    assert codes is v and uniques.tolist() == [0, 1, 2]  # already 0..L-1: no copy
    codes, uniques = _accumulate.factorize(np.array([-5, 300, -5, 7], dtype=np.int64))
    assert codes.dtype == np.uint8 and codes.tolist() == [0, 2, 0, 1]
    assert uniques.tolist() == [-5, 7, 300]
    codes, _ = _accumulate.factorize(np.arange(70_000) % 300 + 1)
    assert codes.dtype == np.uint16


def test_chunked_counting_matches_brute_force(monkeypatch):
    monkeypatch.setattr(_accumulate, "CHUNK", 64)  # many chunks on few rows
    rng = np.random.default_rng(3)
    n = 1000
    df = pd.DataFrame({"y": rng.normal(size=n) + 1e6, "a": rng.integers(-3, 4, n),
                       "b": rng.choice(["p", "q", "r"], n), "c": rng.integers(0, 2, n)})
    df["y"] += df["a"] * 0.3
    res = gd.factor_detector(df, "y", ["a", "b", "c"])
    for f in ["a", "b", "c"]:
        assert res.q[f] == pytest.approx(brute_q(df["y"], df[f]), abs=1e-9)
    cross = df["a"].astype(str) + "_" + df["b"] + "_" + df["c"].astype(str)
    assert gd.interaction_q(df, "y", ["a", "b", "c"]) == pytest.approx(
        brute_q(df["y"], cross), abs=1e-9)


@settings(max_examples=25, deadline=None)
@given(st.integers(2, 6), st.integers(1, 5), st.integers(0, 2**31 - 1))
def test_dask_partitions_merge_exactly(strata, nparts, seed):
    rng = np.random.default_rng(seed)
    n = 120
    df = pd.DataFrame({"y": rng.gamma(2.0, size=n) * 100 + 5e5,
                       "a": rng.integers(0, strata, n).astype(np.int8),
                       "b": rng.integers(10, 10 + strata, n)})
    df.loc[0, "y"] = df.loc[1, "y"]  # ties across strata
    ddf = dd.from_pandas(df, npartitions=nparts)
    for full in (False, True):
        sp = gd.factor_detector(df, "y", singletons="drop" if full else "keep").table
        sd = gd.factor_detector(ddf, "y", singletons="drop" if full else "keep").table
        np.testing.assert_allclose(sd["q"], sp["q"], atol=1e-9)
        assert list(sd["n_strata"]) == list(sp["n_strata"])
    assert gd.interaction_q(ddf, "y", ["a", "b"]) == pytest.approx(
        brute_q(df["y"], df["a"].astype(str) + "_" + df["b"].astype(str)), abs=1e-9)


def test_partitions_disagreeing_in_dtype():
    first = pd.DataFrame({"y": [1.0, 2.0, 3.0], "x": np.array([1, 2, 1], dtype=np.int64)})
    second = pd.DataFrame({"y": [4.0, 5.0], "x": [2.0, 1.5]})
    ddf = dd.from_delayed([dask.delayed(first), dask.delayed(second)], meta=first,
                          verify_meta=False)
    with pytest.raises(gd.PartitionDtypeError, match="partition 1: column 'x' has dtype "
                                                     "float64.*int64"):
        gd.factor_detector(ddf, "y")


def test_no_rows_left():
    empty = pd.DataFrame({"y": np.array([], dtype=float), "x": np.array([], dtype=np.int8)})
    with pytest.raises(gd.NoDataError):
        gd.factor_detector(dd.from_pandas(empty, npartitions=1), "y")


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 2**31 - 1), st.integers(2, 7), st.sampled_from([1, 10, 1000]))
def test_exact_quantiles_at_scale(seed, k, resolution):
    rng = np.random.default_rng(seed)
    v = np.round(rng.lognormal(size=rng.integers(50, 400)) * resolution) / resolution
    s = dd.from_pandas(pd.Series(v, name="v"), npartitions=3)
    import geodetector.largebreaks as lb

    old = lb.HIST_BINS, lb.COLLECT_MAX
    lb.HIST_BINS, lb.COLLECT_MAX = 8, 10  # force histogram refinement on small data
    try:
        got = gd.large_breaks(s, "quantile", k)
    finally:
        lb.HIST_BINS, lb.COLLECT_MAX = old
    expected = gd.breaks(v, "quantile", k)
    if np.unique(np.quantile(v, np.linspace(0, 1, k + 1))).size == k + 1:
        assert got.edges == tuple(expected)
    assert "exact" in got.to_dict()["basis"]


def test_sampled_natural_breaks_say_so():
    rng = np.random.default_rng(1)
    v = np.concatenate([rng.normal(0, 1, 3000), rng.normal(10, 1, 3000)])
    s = dd.from_pandas(pd.Series(v, name="v"), npartitions=4)
    res = gd.large_breaks(s, "natural", 2, sample=500, seed=3)
    assert res.edges[0] == v.min() and res.edges[-1] == v.max()
    assert 2 < res.edges[1] < 8  # the gap between the two clusters
    assert "seeded random sample" in res.summary() and "seed 3" in res.summary()
    assert gd.large_breaks(s, "natural", 2, sample=500, seed=3).edges == res.edges


def test_cli_misaligned_raster_exit_2(tmp_path, capsys):
    rasterio = pytest.importorskip("rasterio")
    from rasterio.transform import from_origin

    def write(name, origin):
        path = tmp_path / name
        with rasterio.open(path, "w", driver="GTiff", height=8, width=8, count=1,
                           dtype="float32", crs="EPSG:4326",
                           transform=from_origin(100 + origin, 40, 0.01, 0.01)) as dst:
            dst.write(np.ones((8, 8), dtype=np.float32), 1)
        return str(path)

    code = main(["factor", "--raster", write("y.tif", 0), "--factors", write("a.tif", 3)])
    err = capsys.readouterr().err
    assert code == 2 and "a.tif" in err and "transform" in err and err.count("\n") == 1


def test_cli_input_errors(tmp_path, capsys):
    csv = tmp_path / "d.csv"
    csv.write_text("y,a\n1,1\n2,1\n3,2\n5,2\n", encoding="utf-8")
    assert main(["factor", str(csv)]) == 2
    assert "--y is required" in capsys.readouterr().err
    assert main(["factor", "--raster", str(tmp_path / "none.tif"), "--factors", "x.tif"]) == 2
    assert "none.tif not found" in capsys.readouterr().err
    assert main(["factor", str(csv), "--y", "y", "--factors", "a.tif"]) == 2
    assert "--factors needs --raster" in capsys.readouterr().err
