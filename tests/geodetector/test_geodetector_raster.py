"""Raster input: small GeoTIFFs written in tmp_path give the in-memory results."""

import json

import numpy as np
import pandas as pd
import pytest

rasterio = pytest.importorskip("rasterio")
pytest.importorskip("rioxarray")
dask = pytest.importorskip("dask")

from rasterio.transform import from_origin  # noqa: E402

import geodetector as gd  # noqa: E402
from geodetector.cli import main  # noqa: E402

SHAPE = (120, 150)  # 18,000 cells: under 100 KB per layer


def write(path, array, nodata=None, transform=None, crs="EPSG:4326"):
    profile = {"driver": "GTiff", "height": array.shape[0], "width": array.shape[1],
               "count": 1, "dtype": array.dtype.name, "crs": crs,
               "transform": transform or from_origin(100.0, 40.0, 0.01, 0.01)}
    if nodata is not None:
        profile["nodata"] = nodata
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(array, 1)
    return str(path)


@pytest.fixture(autouse=True)
def sync_scheduler():
    with dask.config.set(scheduler="sync"):
        yield


@pytest.fixture()
def layers(tmp_path):
    rng = np.random.default_rng(5)
    a = rng.integers(1, 5, SHAPE).astype(np.uint8)
    b = rng.integers(0, 3, SHAPE).astype(np.int16)
    elev = rng.gamma(2.0, 300.0, SHAPE).astype(np.float32)
    y = (rng.normal(size=SHAPE) + 0.5 * a + 0.2 * b * (a == 2) + elev / 500).astype(np.float32)
    y[:5, :] = -9999.0          # nodata in the outcome
    a[10:12, 20:40] = 255       # nodata in a factor
    elev[50, 50] = np.nan       # NaN in a float layer
    paths = {"y": write(tmp_path / "y.tif", y, nodata=-9999.0),
             "a": write(tmp_path / "a.tif", a, nodata=255),
             "b": write(tmp_path / "b.tif", b),
             "elev": write(tmp_path / "elev.tif", elev)}
    masks = {"y": y != -9999.0, "a": a != 255, "b": np.ones(SHAPE, bool),
             "elev": np.isfinite(elev)}
    arrays = {"y": y.astype(float), "a": a, "b": b, "elev": elev.astype(float)}

    def frame(*names):
        """The cells with data in y and every named layer, as an in-memory DataFrame."""
        valid = np.logical_and.reduce([masks[n] for n in ("y", *names)])
        return pd.DataFrame({n: arrays[n][valid] for n in ("y", *names)})

    return paths, frame


def test_factor_and_interaction_match_memory(layers):
    paths, frame = layers
    df = frame("a", "b")
    stack = gd.from_rasters(paths["y"], [paths["a"], paths["b"]], chunks=64)
    assert stack.y == "y" and stack.factors == ("a", "b")
    ras = gd.factor_detector(stack, "y").table
    mem = gd.factor_detector(df, "y", ["a", "b"]).table
    np.testing.assert_allclose(ras["q"], mem["q"], atol=1e-10)
    np.testing.assert_allclose(ras["p_value"], mem["p_value"], atol=1e-8)
    assert list(ras["n"]) == list(mem["n"]) == [len(df)] * 2
    inter = gd.interaction_detector(stack, "y").table
    np.testing.assert_allclose(inter["q12"], gd.interaction_detector(df, "y", ["a", "b"])
                               .table["q12"], atol=1e-10)


def test_discretised_layer_matches_memory(layers):
    paths, frame = layers
    df = frame("a", "elev")
    stack = gd.from_rasters(paths["y"], {"a": paths["a"], "elev": paths["elev"]}, chunks=50,
                            discretize={"elev": ("quantile", 4)})
    res = stack.breaks["elev"]
    assert res.edges == tuple(gd.breaks(df["elev"], "quantile", 4))  # exact quantiles
    assert "exact" in res.notes[0]
    mem = df.assign(elev=gd.discretize(df["elev"], "quantile", 4))
    np.testing.assert_allclose(gd.factor_detector(stack, "y").table["q"],
                               gd.factor_detector(mem, "y", ["a", "elev"]).table["q"],
                               atol=1e-10)
    df = frame("elev")
    nat = gd.from_rasters(paths["y"], {"elev": paths["elev"]}, chunks=50, sample=500,
                          discretize={"elev": ("natural", 3)}).breaks["elev"]
    assert "seeded random sample" in nat.notes[0] and nat.edges[0] == df["elev"].min()


def test_misaligned_rasters(layers, tmp_path):
    paths, _ = layers
    arr = np.ones(SHAPE, dtype=np.uint8)
    moved = write(tmp_path / "moved.tif", arr, transform=from_origin(100.5, 40.0, 0.01, 0.01))
    with pytest.raises(gd.RasterAlignmentError, match="moved.tif.*transform"):
        gd.from_rasters(paths["y"], [paths["a"], moved])
    other = write(tmp_path / "utm.tif", arr, crs="EPSG:32650")
    with pytest.raises(gd.RasterAlignmentError, match="utm.tif.*crs"):
        gd.from_rasters(paths["y"], [other])
    small = write(tmp_path / "small.tif", arr[:60])
    with pytest.raises(gd.RasterAlignmentError, match="small.tif.*shape"):
        gd.from_rasters(paths["y"], [small])


def test_all_nodata_and_single_stratum(layers, tmp_path):
    paths, _ = layers
    empty = write(tmp_path / "empty.tif", np.full(SHAPE, 255, dtype=np.uint8), nodata=255)
    with pytest.raises(gd.NoDataError, match="empty.tif"):
        gd.factor_detector(gd.from_rasters(paths["y"], [empty]), "y")
    one = np.full(SHAPE, 255, dtype=np.uint8)
    one[40:60, :] = 3  # one class where there is data, the rest nodata
    single = write(tmp_path / "single.tif", one, nodata=255)
    with pytest.raises(gd.SingleStratumError, match="'single'.*after masking nodata"):
        gd.factor_detector(gd.from_rasters(paths["y"], [single]), "y")


def test_cli_raster(layers, capsys):
    paths, frame = layers
    df = frame("a", "b")
    code = main(["factor", "--raster", paths["y"], "--factors", f"{paths['a']},{paths['b']}",
                 "--json"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    mem = gd.factor_detector(df, "y", ["a", "b"]).table
    np.testing.assert_allclose([f["q"] for f in out["factors"]], mem["q"], atol=1e-10)
    assert main(["interaction", "--raster", paths["y"], "--factors",
                 f"{paths['a']},{paths['b']}"]) == 0
    capsys.readouterr()  # the interaction run's own output and warnings
    bad = main(["factor", "--raster", paths["y"], "--factors", paths["y"] + ".missing.tif"])
    err = capsys.readouterr().err
    assert bad == 2 and err.startswith("geodetector: error:") and err.count("\n") == 1
