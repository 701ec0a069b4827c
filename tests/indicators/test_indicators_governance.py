import pandas as pd
import pytest

from indicators import HONOUR_POINTS, IndicatorInputError, NegativeValueError, UnknownProvinceError, good_governance_score


def test_points_by_level_summed_per_province():
    entries = pd.DataFrame({
        "province": ["浙江", "浙江省", "Zhejiang", "Zhejiang", "广东", "Beijing"],
        "level": ["province", "市", "county", "special", 4, "区"],
    })
    s = good_governance_score(entries)
    assert len(s) == 31 and s.name == "good_governance"
    assert s["Zhejiang"] == 1 + 2 + 3 + 4
    assert s["Guangdong"] == 4 and s["Beijing"] == 3 and s["Tibet"] == 0
    assert HONOUR_POINTS == {"province": 1, "city": 2, "county": 3, "special": 4}


def test_counts_column_and_labels():
    entries = pd.DataFrame({"prov": ["Sichuan", "Sichuan"], "lvl": ["city", "county"], "n": [3, 2]})
    s = good_governance_score(entries, province="prov", level="lvl", count="n", label="zh")
    assert s["四川"] == 3 * 2 + 2 * 3


def test_bad_rows_are_named():
    with pytest.raises(IndicatorInputError, match="row 1.*'town'"):
        good_governance_score(pd.DataFrame({"province": ["Hebei", "Hebei"], "level": ["city", "town"]}))
    with pytest.raises(UnknownProvinceError, match="row 0.*Atlantis"):
        good_governance_score(pd.DataFrame({"province": ["Atlantis"], "level": ["city"]}))
    with pytest.raises(UnknownProvinceError, match="Hong Kong|香港"):
        good_governance_score(pd.DataFrame({"province": ["香港"], "level": ["city"]}))
    with pytest.raises(NegativeValueError, match="row 0"):
        good_governance_score(pd.DataFrame({"province": ["Hebei"], "level": ["city"], "n": [-1]}), count="n")
    with pytest.raises(IndicatorInputError, match="no column 'level'"):
        good_governance_score(pd.DataFrame({"province": ["Hebei"]}))


@pytest.mark.parametrize("bad, match", [(-3, "must not be negative"), (1.5, "must be a whole number"), ("n.a.", "must be a whole number")])
def test_honour_counts_of_the_raw_data_are_checked(bad, match):
    from indicators import build_conditions, load_example_study
    from indicators.errors import IndicatorInputError

    raw = load_example_study().astype({"honours_city": object})
    raw.loc[raw.index[0], "honours_city"] = bad
    with pytest.raises(IndicatorInputError, match=f"{raw.index[0]}, honours_city: count {match}"):
        build_conditions(raw, island_links="none")
