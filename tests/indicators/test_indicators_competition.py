import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators import IndicatorInputError, MissingProvinceError, competition_pressure, neighbours, province_table

NAMES = list(province_table()["name_en"])


def _brute_force(p: pd.Series, nb: dict) -> pd.Series:
    out = {}
    for o in p.index:
        gaps = [p[i] - p[o] for i in nb[o] if p[i] > p[o]]
        out[o] = np.mean(gaps) if gaps else 0.0
    return pd.Series(out)


def test_hand_example_on_the_yangtze_delta():
    P = pd.Series({"Shanghai": 0.9, "江苏": 0.6, "Zhejiang": 0.8, "安徽省": 0.5})
    r = competition_pressure(P, island_links="none", expected=None)
    # Jiangsu: better neighbours Shanghai (+0.3) and Zhejiang (+0.2): (0.3 + 0.2) / 2
    assert r.values.to_dict() == pytest.approx({"Shanghai": 0.0, "Jiangsu": 0.25, "Zhejiang": 0.1, "Anhui": 0.2})
    assert r.n_better.to_dict() == {"Shanghai": 0, "Jiangsu": 2, "Zhejiang": 1, "Anhui": 2}
    assert r.better_neighbours["Anhui"] == ["Jiangsu", "Zhejiang"]
    frame = r.to_frame()
    assert list(frame.columns) == ["R", "m_better", "n_neighbours", "better_neighbours"]
    assert "island links: none" in r.summary() and "<table" in r._repr_html_()


def test_hainan_depends_on_the_island_links_parameter():
    P = pd.Series(np.linspace(0, 1, 31), index=NAMES)
    P["Hainan"], P["Guangdong"], P["Guangxi"] = 0.1, 0.9, 0.5
    none = competition_pressure(P, island_links="none")
    assert none.values["Hainan"] == 0.0 and none.n_neighbours["Hainan"] == 0
    gd = competition_pressure(P, island_links=["hainan-guangdong"])
    assert gd.values["Hainan"] == pytest.approx(0.8)
    both = competition_pressure(P, island_links="all")
    assert both.values["Hainan"] == pytest.approx((0.8 + 0.4) / 2)
    assert both.island_links == ("hainan-guangdong", "hainan-guangxi")
    with pytest.raises(IndicatorInputError, match="island_links"):
        competition_pressure(P)


def test_bad_input():
    P = pd.Series(1.0, index=NAMES)
    with pytest.raises(MissingProvinceError, match="Tibet"):
        competition_pressure(P.drop("Tibet"), island_links="none")
    P2 = P.copy()
    P2["Gansu"] = np.nan
    with pytest.raises(IndicatorInputError, match="Gansu"):
        competition_pressure(P2, island_links="none")
    with pytest.raises(TypeError):
        competition_pressure(P.to_frame(), island_links="none")


def test_custom_adjacency_table():
    P = pd.Series({"Beijing": 3.0, "Tianjin": 1.0, "Hebei": 2.0})
    edges = pd.DataFrame({"a": ["Beijing"], "b": ["Tianjin"]})
    r = competition_pressure(P, adjacency=edges, expected=None)
    assert r.values.to_dict() == {"Beijing": 0.0, "Tianjin": 2.0, "Hebei": 0.0}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 1000), min_size=31, max_size=31), st.integers(1, 20), st.integers(-500, 500))
def test_properties_against_brute_force(values, scale, offset):
    P = pd.Series([v / 10 for v in values], index=NAMES)
    nb = neighbours(island_links="all")
    r = competition_pressure(P, island_links="all").values
    assert r.to_dict() == pytest.approx(_brute_force(P, nb).to_dict())
    assert (r >= 0).all()
    assert r[P.idxmax()] == 0.0
    # R is a difference of outcomes: unchanged by a shift, scaled by a positive factor
    shifted = competition_pressure(P * scale + offset, island_links="all").values
    assert shifted.to_numpy() == pytest.approx(r.to_numpy() * scale, abs=1e-9)
