"""The spatial engine: weights, Moran's I, local Moran, join counts and Geary's C against brute
force (exact enumeration of the permutation distributions), hand computations and spdep."""
from __future__ import annotations

import itertools
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Polygon, box

from spatial import (SpatialInputError, contiguity_weights, distance_band_weights, geary, join_counts, knn_weights,
                     link_islands, local_moran, moran, weights_from_edges, weights_from_neighbours)

DATA = Path(__file__).resolve().parents[1] / "data"


def _graph(n_edges, n=7, seed=0):
    """A connected random graph on n cases (a path plus random chords)."""
    rng = np.random.default_rng(seed)
    nb = {f"c{i}": set() for i in range(n)}
    for i in range(n - 1):
        nb[f"c{i}"].add(f"c{i + 1}")
        nb[f"c{i + 1}"].add(f"c{i}")
    for _ in range(n_edges):
        a, b = rng.choice(n, 2, replace=False)
        nb[f"c{a}"].add(f"c{b}")
        nb[f"c{b}"].add(f"c{a}")
    return {k: sorted(v) for k, v in nb.items()}


def _dense(w):
    return w.matrix.toarray()


# -- weights ------------------------------------------------------------------------------------
def test_vertex_rule_t_junction_is_queen_only_and_enclave_is_a_neighbour():
    a, b = box(0, 0, 1, 1), box(1, 0, 2, 1)
    c = box(0, 1, 2, 2)                                   # spans the tops of a and b: T-junction at (1, 1)
    c = Polygon([(0, 1), (2, 1), (2, 2), (0, 2), (0, 1)])  # no vertex at (1, 1)
    ring = Polygon([(10, 10), (14, 10), (14, 14), (10, 14)], [[(11, 11), (13, 11), (13, 13), (11, 13)]])
    hole = Polygon([(11, 11), (13, 11), (13, 13), (11, 13)])
    names = ["a", "b", "c", "ring", "hole"]
    queen = contiguity_weights([a, b, c, ring, hole], names, rule="queen").neighbours
    rook = contiguity_weights([a, b, c, ring, hole], names, rule="rook").neighbours
    assert queen["c"] == ["a", "b"] and rook["c"] == []
    assert rook["a"] == ["b"]
    assert queen["ring"] == ["hole"] and rook["ring"] == ["hole"]


def test_vertex_rule_snap():
    a = box(0, 0, 1, 1)
    near = Polygon([(1 + 1e-9, 0), (2, 0), (2, 1), (1 + 1e-9, 1)])
    far = Polygon([(1 + 1e-6, 0), (2, 0), (2, 1), (1 + 1e-6, 1)])
    assert contiguity_weights([a, near], ["a", "b"], rule="rook").n_links == 2
    assert contiguity_weights([a, far], ["a", "b"], rule="queen").n_links == 0


def test_constants_against_dense_formulas():
    w = weights_from_neighbours(_graph(5), style="W")
    m = _dense(w)
    assert w.S0 == pytest.approx(m.sum())
    assert w.S1 == pytest.approx(0.5 * ((m + m.T) ** 2).sum())
    assert w.S2 == pytest.approx(((m.sum(1) + m.sum(0)) ** 2).sum())
    assert np.allclose(m.sum(1), 1.0)


def test_knn_and_distance_band_against_brute_force():
    rng = np.random.default_rng(3)
    xy = rng.uniform(0, 10, (25, 2))
    names = [f"p{i}" for i in range(25)]
    d = np.sqrt(((xy[:, None] - xy[None]) ** 2).sum(-1))
    np.fill_diagonal(d, np.inf)
    knn = knn_weights(xy, names, 3, style="B").neighbours
    for i, n in enumerate(names):
        assert set(knn[n]) == {names[j] for j in np.argsort(d[i])[:3]}
    band = distance_band_weights(xy, names, 2.5, power=1.0, style="B")
    m = _dense(band)
    assert np.allclose(m, np.where(d <= 2.5, 1 / d, 0.0))


def test_arc_distance_band_km():
    # Beijing and Tianjin are about 110 km apart; Shanghai about 1,070 km from Beijing
    xy = [[116.40, 39.90], [117.20, 39.13], [121.47, 31.23]]
    w = distance_band_weights(xy, ["bj", "tj", "sh"], 200, metric="arc", style="B")
    assert w.neighbours == {"bj": ["tj"], "tj": ["bj"], "sh": []}
    assert distance_band_weights(xy, ["bj", "tj", "sh"], 1100, metric="arc").neighbours["sh"] == ["bj", "tj"]


def test_link_islands_and_components():
    w = weights_from_neighbours({"a": ["b"], "b": ["a"], "c": ["d"], "d": ["c"], "e": []})
    assert w.n_components == 3 and w.islands == ("e",)
    assert w.components == [("a", "b"), ("c", "d"), ("e",)]
    linked = link_islands(w, [[0, 0], [1, 0], [5, 0], [6, 0], [7, 0]])
    assert linked.neighbours["e"] == ["d"] and linked.islands == ()
    assert "nearest" in linked.island_rule
    with pytest.raises(SpatialInputError, match="island rule"):
        link_islands(w, [[0, 0]] * 5, rule="drop")


def test_libpysal_lag_agrees():
    w = weights_from_neighbours(_graph(4, n=9), style="W")
    x = np.arange(9.0) ** 2
    lp = w.to_libpysal()
    from libpysal.weights import lag_spatial

    assert np.allclose(lag_spatial(lp, x), w.lag(x))


# -- global Moran: exact permutation distribution ------------------------------------------------
def test_moran_perm_p_matches_exact_enumeration():
    nb = _graph(3, n=7, seed=1)
    w = weights_from_neighbours(nb, style="W")
    x = np.array([3.0, 2.5, 2.0, 0.5, 1.0, 0.2, 0.1])
    m = _dense(w)
    z = x - x.mean()
    obs = 7 / m.sum() * z @ m @ z / (z @ z)
    perms = [7 / m.sum() * z[list(p)] @ m @ z[list(p)] / (z @ z) for p in itertools.permutations(range(7))]
    exact = np.mean(np.asarray(perms) >= obs - 1e-12)
    r = moran(x, w, permutations=9999, seed=7).table.iloc[0]
    assert r["I"] == pytest.approx(obs)
    assert abs(r["p_perm"] - exact) < 0.015
    # the analytic moments are the exact permutation mean and variance (no islands: n' = n)
    assert r["EI"] == pytest.approx(np.mean(perms))
    assert r["VI_rand"] == pytest.approx(np.var(perms), rel=1e-9)


def test_moran_islands_use_n_prime():
    w = weights_from_neighbours({"a": ["b"], "b": ["a", "c"], "c": ["b", "d"], "d": ["c"], "e": []}, style="B")
    x = np.array([1.0, 2.0, 3.0, 4.0, 10.0])
    z = x - x.mean()
    m = _dense(w)
    r = moran(x, w).table.iloc[0]
    assert r["I"] == pytest.approx(4 / m.sum() * z @ m @ z / (z @ z))
    assert r["EI"] == pytest.approx(-1 / 3)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(-100, 100, allow_nan=False), min_size=8, max_size=8).filter(lambda v: np.ptp(v) > 1e-3),
       st.floats(0.1, 10), st.floats(-50, 50))
def test_moran_is_affine_invariant_and_local_sums_to_global(values, a, b):
    w = weights_from_neighbours(_graph(4, n=8, seed=2), style="W")
    x = np.asarray(values)
    r1 = moran(x, w).table.iloc[0]
    r2 = moran(a * x + b, w).table.iloc[0]
    assert r1["I"] == pytest.approx(r2["I"], rel=1e-6, abs=1e-9)
    assert r1["z_rand"] == pytest.approx(r2["z_rand"], rel=1e-6, abs=1e-9)
    loc = local_moran(x, w).table
    # sum_i Ii = n * sum z_i lz_i / sum z^2 = I * S0 * n / n'
    assert loc["Ii"].sum() == pytest.approx(r1["I"] * w.S0 * 8 / w.n_nonisland, rel=1e-9, abs=1e-9)


# -- local Moran: exact conditional randomisation -----------------------------------------------
def test_local_moments_are_the_exact_conditional_moments():
    nb = _graph(3, n=7, seed=4)
    w = weights_from_neighbours(nb, style="W")
    x = np.array([0.9, 0.1, 0.5, 0.7, 0.2, 0.95, 0.4])
    n = 7
    z = x - x.mean()
    m2 = (z @ z) / n
    m = _dense(w)
    res = local_moran(x, w).table
    for i in range(n):
        others = [j for j in range(n) if j != i]
        vals = []
        for p in itertools.permutations(others):
            zp = z.copy()
            zp[others] = z[list(p)]
            vals.append(z[i] / m2 * m[i] @ zp)
        assert res.loc[i, "E_Ii"] == pytest.approx(np.mean(vals), abs=1e-12)
        assert res.loc[i, "Var_Ii"] == pytest.approx(np.var(vals), rel=1e-9)


@pytest.mark.parametrize("x, style", [
    ([5.0, 4.0, 4.5, 1.0, 0.5, 0.2, 3.0], "B"),
    # crisp data, W weights (thirds): draws that tie the observed lag must count as ties
    ([1.0, 1.0, 1.0, 0.0, 0.0, 1.0, 0.0], "W"),
])
def test_local_permutation_p_matches_exact_conditional_p(x, style):
    nb = _graph(2, n=7, seed=5)
    w = weights_from_neighbours(nb, style=style)
    x = np.asarray(x)
    z = x - x.mean()
    m = _dense(w)
    res = local_moran(x, w, permutations=9999, seed=11).table
    for i in range(7):
        others = [j for j in range(7) if j != i]
        nbr = np.flatnonzero(m[i])
        obs = z[i] * (m[i, nbr] @ z[nbr])
        draws = np.asarray([z[i] * (m[i, nbr] @ z[list(c)]) for c in itertools.permutations(others, len(nbr))])
        ge, le = np.mean(draws >= obs - 1e-12), np.mean(draws <= obs + 1e-12)
        assert abs(res.loc[i, "p_perm"] - min(ge, le)) < 0.015, i


def test_local_fdr_and_clusters():
    n = 12
    nb = {f"c{i}": [f"c{(i - 1) % n}", f"c{(i + 1) % n}"] for i in range(n)}
    w = weights_from_neighbours(nb, style="W")
    x = np.r_[np.ones(6), np.zeros(6)] + np.linspace(0, 0.01, n)
    plain = local_moran(x, w, permutations=999, seed=1)
    adj = local_moran(x, w, permutations=999, seed=1, fdr=True)
    from libdigigov.significance import fdr_bh

    assert np.allclose(adj.table["p_used"], fdr_bh(plain.table["p_perm"].to_numpy(float)))
    assert set(plain.clusters()["x"]) <= {"HH", "LL", "not significant"}
    assert (adj.table["p_used"] >= plain.table["p_used"] - 1e-15).all()


def test_local_island_rows():
    w = weights_from_neighbours({"a": ["b"], "b": ["a", "c"], "c": ["b", "d"], "d": ["c"], "e": []})
    t = local_moran([1.0, 2.0, 3.0, 4.0, 5.0], w, permutations=99).table.set_index("case")
    assert t.loc["e", ["Ii", "E_Ii", "Var_Ii", "lag"]].tolist() == [0.0, 0.0, 0.0, 0.0]
    assert np.isnan(t.loc["e", "Z_Ii"]) and np.isnan(t.loc["e", "p_perm"])
    assert t.loc["e", "cluster"] == "no neighbours"


# -- join counts and Geary -----------------------------------------------------------------------
@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from([0.0, 1.0]), min_size=9, max_size=9).filter(lambda v: 2 <= sum(v) <= 7))
def test_join_counts_partition_all_joins(values):
    w = weights_from_neighbours(_graph(5, n=9, seed=8), style="B")
    x = np.asarray(values)
    m = _dense(w)
    t = join_counts(x, w).table.set_index("level")
    between = 0.5 * sum(m[i, j] for i in range(9) for j in range(9) if x[i] != x[j])
    assert t.loc["0", "jc"] + t.loc["1", "jc"] + between == pytest.approx(w.S0 / 2)
    assert t.loc["1", "jc"] == pytest.approx(0.5 * sum(m[i, j] for i in range(9) for j in range(9) if x[i] == x[j] == 1))


def test_join_count_expectation_is_the_exact_permutation_mean():
    w = weights_from_neighbours(_graph(3, n=7, seed=9), style="B")
    x = np.array([1, 1, 1, 0, 0, 0, 0.0])
    m = _dense(w)
    t = join_counts(x, w).table.set_index("level")
    jcs = [0.5 * np.asarray(p) @ m @ np.asarray(p) for p in set(itertools.permutations(x))]
    assert t.loc["1", "E_jc"] == pytest.approx(np.mean(jcs))
    assert t.loc["1", "Var_jc"] == pytest.approx(np.var(jcs))


def test_geary_agrees_with_spdep():
    folder = DATA / "spatial-geary"
    ref = json.loads((folder / "reference.json").read_text(encoding="utf-8"))
    data = pd.read_csv(folder / "data.csv").set_index("case")
    for r in ref["geary"]:
        w = weights_from_edges(folder / "edges.csv", data.index, style=r["style"])
        g = geary(data[r["var"]], w).table.iloc[0]
        for k in ("C", "VC_rand", "VC_norm", "z_rand", "z_norm", "p_rand", "p_norm"):
            assert g[k] == pytest.approx(r[k], rel=1e-9, abs=1e-12), (r["style"], r["var"], k)


def test_adjust_n_false_agrees_with_spdep():
    folder = DATA / "spatial-geary"
    ref = json.loads((folder / "reference.json").read_text(encoding="utf-8"))["adjust_n_false"]
    data = pd.read_csv(folder / "data.csv").set_index("case")
    w = weights_from_edges(folder / "edges.csv", data.index, style="W")
    x = data["smooth"]
    got = {"moran": moran(x, w, adjust_n=False).table.iloc[0], "geary": geary(x, w, adjust_n=False).table.iloc[0]}
    for stat in ("moran", "geary"):
        for k, v in ref[stat].items():
            assert got[stat][k] == pytest.approx(v, rel=1e-9, abs=1e-12), (stat, k)
    jc = join_counts((x > x.median()).astype(float), w, adjust_n=False).table
    for (_, g), r in zip(jc.iterrows(), ref["join_counts"]):
        for k, v in r.items():
            assert g[k] == pytest.approx(v, rel=1e-9, abs=1e-12), k


def test_adjust_n_false_moments_are_exact_permutation_moments_with_an_island():
    w = weights_from_neighbours({"a": ["b"], "b": ["a", "c"], "c": ["b", "d"], "d": ["c", "e"], "e": ["d"], "f": []},
                                style="W")
    x = np.array([1.0, 3.0, 2.0, 6.0, 5.0, 4.0])
    m = _dense(w)
    z = x - x.mean()
    perms = [6 / m.sum() * z[list(p)] @ m @ z[list(p)] / (z @ z) for p in itertools.permutations(range(6))]
    r = moran(x, w, adjust_n=False).table.iloc[0]
    assert r["EI"] == pytest.approx(np.mean(perms)) and r["VI_rand"] == pytest.approx(np.var(perms))
    assert moran(x, w).table.iloc[0]["EI"] != pytest.approx(np.mean(perms))   # spdep's n' = 5: not exact


# -- bad input -----------------------------------------------------------------------------------
def _w4():
    return weights_from_neighbours({"a": ["b"], "b": ["a", "c"], "c": ["b", "d"], "d": ["c"]})


@pytest.mark.parametrize("call, message", [
    (lambda: moran(pd.Series({"a": 1.0, "b": 2, "c": 3, "d": 4, "e": 5}), _w4()), "'e' has no geometry or weights"),
    (lambda: moran(pd.Series({"a": 1.0, "b": 2, "c": 3}), _w4()), "the weights name case 'd'"),
    (lambda: moran(pd.Series({"a": 1.0, "b": 1, "c": 1, "d": 1}, name="A"), _w4()), "'A' is constant (1 for every case): Moran's I is undefined"),
    (lambda: moran([1.0, 2, 3], weights_from_neighbours({"a": ["b"], "b": ["a"], "c": []})), "3 cases: the tests need at least 4"),
    (lambda: moran([1.0, 2, 3, 4], weights_from_neighbours({k: [] for k in "abcd"})), "every case is an island"),
    (lambda: moran(pd.Series({"a": 1.0, "b": np.nan, "c": 3, "d": 4}, name="A"), _w4()), "missing or non-numeric value for case 'b'"),
    (lambda: weights_from_edges(pd.DataFrame({"from": ["a", "x"], "to": ["x", "a"]}), ["a", "b"]), "names case 'x'"),
    (lambda: weights_from_edges(pd.DataFrame({"from": ["a", "b"], "to": ["b", "a"], "weight": [1, 2]}), ["a", "b"]),
     "not symmetric: the link 'a'-'b' has weight"),
    (lambda: weights_from_neighbours({"a": ["a"]}), "'a' is listed as its own neighbour"),
    (lambda: join_counts([0.0, 0.5, 1, 1], _w4()), "not crisp"),
])
def test_bad_input_one_clear_error(call, message):
    with pytest.raises(SpatialInputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call()


def test_fewer_than_four_cases_with_neighbours_gives_undefined_moments_not_an_error():
    # n = 6 cases, n' = 3 with neighbours: R's moran.test stops; the statistics stand, the
    # moments dividing by (n' - 3) are undefined and said to be
    w = weights_from_neighbours({"a": ["b"], "b": ["a", "c"], "c": ["b"], "d": [], "e": [], "f": []})
    r = moran([1.0, 4, 2, 8, 5, 7], w)
    row = r.table.iloc[0]
    assert row["EI"] == -0.5 and np.isnan(row["VI_rand"]) and np.isfinite(row["VI_norm"])
    assert any("only 3 cases have neighbours" in n for n in r.notes)
    assert join_counts([1.0, 1, 0, 0, 1, 0], w).table["z"].isna().all()


def test_weights_from_a_shapefile_and_from_geojson_agree(tmp_path):
    import geopandas as gpd

    from spatial import weights_from_file

    squares = [box(i % 3, i // 3, i % 3 + 1, i // 3 + 1) for i in range(9)] + [box(10, 10, 11, 11)]
    gdf = gpd.GeoDataFrame({"case": [f"q{i}" for i in range(10)]}, geometry=squares, crs="EPSG:4326")
    gdf.to_file(tmp_path / "grid.shp")
    gdf.to_file(tmp_path / "grid.geojson", driver="GeoJSON")
    shp = weights_from_file(tmp_path / "grid.shp", rule="rook")
    geo = weights_from_file(tmp_path / "grid.geojson", rule="rook")
    assert shp.neighbours == geo.neighbours
    assert shp.neighbours["q4"] == ["q1", "q3", "q5", "q7"] and shp.islands == ("q9",)
    assert len(weights_from_file(tmp_path / "grid.shp", rule="queen").neighbours["q4"]) == 8
    with pytest.raises(SpatialInputError, match="has no column 'name'"):
        weights_from_file(tmp_path / "grid.shp", case_column="name")
