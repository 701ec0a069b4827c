"""Spatial diagnostics of a QCA result, lagged conditions, spatial case selection, province weights
and LISA maps."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from spatial import (SpatialInputError, lagged_condition, qca_spatial_diagnostics, spatial_case_selection,
                     weights_from_neighbours)


def _lattice(side=6):
    names = [f"r{i}c{j}" for i in range(side) for j in range(side)]
    nb = {f"r{i}c{j}": [f"r{a}c{b}" for a, b in ((i - 1, j), (i + 1, j), (i, j - 1), (i, j + 1))
                         if 0 <= a < side and 0 <= b < side] for i in range(side) for j in range(side)}
    return names, weights_from_neighbours(nb, style="W")


def test_clustered_residuals_are_called_a_missing_spatial_condition():
    names, w = _lattice()
    east = np.array([int(n.split("c")[1]) >= 3 for n in names])
    rng = np.random.default_rng(1)
    cond = pd.Series(rng.uniform(0, 1, len(names)).round(2), index=names)       # no spatial pattern
    y = pd.Series(np.where(east, 0.8, 0.2), index=names)                        # the east succeeds
    d = qca_spatial_diagnostics(y, pd.DataFrame({"X": cond}), w, permutations=199, seed=1)
    t = d.table.set_index("series")
    resid = (y - cond).to_numpy()
    z = resid - resid.mean()
    m = w.matrix.toarray()
    assert t.loc["residual", "I"] == pytest.approx(len(z) / m.sum() * z @ m @ z / (z @ z))
    assert t.loc["residual", "pattern"] == "clustered" and t.loc["outcome", "pattern"] == "clustered"
    assert "missing spatially structured condition" in d.verdict and "p = 0.010" in d.verdict  # two-sided: 2/(199 + 1)
    assert "not independent" in d.outcome_verdict
    clusters = d.clusters()
    assert set(clusters["outcome"]) <= {"HH", "LL", "not significant"}
    assert (clusters.loc[np.array(names)[east], "outcome"] != "LL").all()


def test_constant_configuration_and_perfect_solution():
    names, w = _lattice(4)
    y = pd.Series(np.linspace(0, 1, 16), index=names)
    conf = pd.DataFrame({"A*B": y, "C": 0.0}, index=names)
    d = qca_spatial_diagnostics(y, conf, w, permutations=0)
    t = d.table.set_index("series")
    assert t.loc["C", "pattern"] == "constant (no Moran's I)"
    assert t.loc["residual", "pattern"] == "constant (no Moran's I)"      # the solution is the outcome
    assert d.verdict == "The residuals have no Moran's I (constant membership)."
    assert (d.clusters()["C"] == "constant").all()
    with pytest.raises(SpatialInputError, match=r"memberships in \[0, 1\]"):
        qca_spatial_diagnostics(y * 2, conf, w)


def test_lagged_condition_is_the_neighbours_mean():
    w = weights_from_neighbours({"a": ["b", "c"], "b": ["a"], "c": ["a"], "d": []}, style="B")
    x = pd.Series({"a": 0.2, "b": 0.8, "c": 0.4, "d": 1.0}, name="T")
    with pytest.raises(SpatialInputError, match="'d' has no neighbours: say what its lag is"):
        lagged_condition(x, w)
    lag = lagged_condition(x, w, islands="mean", calibrate=lambda s: (s > 0.5).astype(float))
    assert lag.name == "lag_T" and lag.to_dict() == {"a": 1.0, "b": 0.0, "c": 0.0, "d": 1.0}  # mean 0.6 > 0.5


def test_case_selection_rule_table():
    types = pd.Series({"a": "typical", "b": "typical", "c": "deviant consistency", "d": "deviant coverage",
                       "e": "irrelevant", "f": "typical"})
    clusters = pd.Series({"a": "HH", "b": "LH", "c": "HL", "d": "LL", "e": "HH", "f": "no neighbours"})
    t = spatial_case_selection(types, clusters).to_frame().set_index("case")["selection"].to_dict()
    assert t == {"a": "typical in a hot/cold spot", "b": "typical against its neighbours",
                 "c": "deviant spatial outlier", "d": "deviant in a cluster", "e": "no spatial recommendation",
                 "f": "no spatial recommendation"}
    with pytest.raises(SpatialInputError, match="'z' has a case type but no LISA cluster"):
        spatial_case_selection(pd.Series({"z": "typical"}), clusters)


def test_province_weights_match_the_adjacency_table():
    from indicators import adjacency_matrix
    from indicators.spatial_weights import province_weights

    w = province_weights("rook", island_links="none", style="B")
    a = adjacency_matrix(island_links="none").loc[list(w.names), list(w.names)].to_numpy()
    assert (w.matrix.toarray() == a).all() and w.islands == ("Hainan",)
    both = province_weights("queen", island_links="all")
    assert both.neighbours["Hainan"] == ["Guangdong", "Guangxi"] and both.islands == ()
    near = province_weights("adjacency", island_links="nearest", include_special=True)
    assert near.neighbours["Hainan"] == ["Guangdong"] and "Fujian" in near.neighbours["Taiwan"]
    bw = province_weights("adjacency", island_links="none", border_weights=True, style="B")
    assert bw.general[bw.names.index("Beijing"), bw.names.index("Tianjin")] == pytest.approx(68.0)
    with pytest.raises(Exception, match="island_links must be stated"):
        province_weights("queen", island_links=None)


def test_lisa_map_colours_each_cluster():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from indicators.lisa_map import LISA_COLORS, plot_lisa_clusters

    ax = plot_lisa_clusters(pd.Series({"Zhejiang": "HH", "Xinjiang": "LL", "Hainan": "no neighbours"}), lang="en")
    colours = {tuple(np.round(c, 3)) for coll in ax.collections for c in coll.get_facecolor()}
    for label in ("HH", "LL", "no neighbours"):
        assert tuple(np.round(matplotlib.colors.to_rgba(LISA_COLORS[label]), 3)) in colours
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["High-High (hot spot)", "Low-Low (cold spot)",
                                                                   "no neighbours"]
    plt.close("all")
    with pytest.raises(Exception, match="unknown cluster label 'XX'"):
        plot_lisa_clusters(pd.Series({"Zhejiang": "XX"}))


def test_diagnostics_maps_one_panel_per_series():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from indicators.lisa_map import plot_diagnostics_maps
    from indicators.spatial_weights import province_weights

    w = province_weights("queen", island_links="none")
    rng = np.random.default_rng(2)
    y = pd.Series(rng.uniform(0, 1, 31).round(2), index=list(w.names))
    conf = pd.DataFrame({"B": 0.0}, index=list(w.names))
    d = qca_spatial_diagnostics(y, conf, w, permutations=0)
    fig = plot_diagnostics_maps(d, lang="en")     # outcome, B, residual (the solution is left out)
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titles[0].startswith("outcome: I = ") and "B: constant" in titles and titles[-1].startswith("residual")
    plt.close("all")


def test_moran_sensitivity_names_the_unstable_variables():
    from spatial import moran_sensitivity

    names, lattice = _lattice(4)
    ring = weights_from_neighbours({n: [names[(i - 1) % 16], names[(i + 1) % 16]] for i, n in enumerate(names)})
    x = pd.Series(np.r_[np.ones(8), np.zeros(8)] + np.arange(16) / 100, index=names, name="x")
    r = moran_sensitivity(x, {"lattice": lattice, "ring": ring}, permutations=0)
    t = r.to_frame().set_index("weights")
    # on the ring (row order) the two blocks are two arcs: strongly clustered
    assert t.loc["ring", "pattern"] == "clustered"
    z = (x - x.mean()).to_numpy()
    m = ring.matrix.toarray()
    assert t.loc["ring", "I"] == pytest.approx(16 / m.sum() * z @ m @ z / (z @ z))
    assert r.notes[0].startswith("the verdict at alpha = 0.05")
    with pytest.raises(SpatialInputError, match="non-empty mapping"):
        moran_sensitivity(x, {})
