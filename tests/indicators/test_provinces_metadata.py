import pandas as pd
import pytest

from indicators import (
    DuplicateProvinceError, MissingProvinceError, UnknownProvinceError, align_provinces, get_province,
    province_labels, province_table, to_adcode,
)


@pytest.mark.parametrize("key", ["浙江", "浙江省", "浙", "Zhejiang", "zhejiang", " ZHEJIANG ", "Zhejiang Province",
                                 330000, "330000", 330000.0])
def test_every_spelling_finds_zhejiang(key):
    assert get_province(key).adcode == 330000


@pytest.mark.parametrize("key,code", [("Inner Mongolia", 150000), ("Nei Mongol", 150000), ("内蒙古自治区", 150000),
                                      ("Tibet", 540000), ("Xizang", 540000), ("Shanxi", 140000), ("Shaanxi", 610000),
                                      ("陕西", 610000), ("山西", 140000), ("Hong Kong", 810000), ("Macau", 820000)])
def test_aliases_and_near_homonyms(key, code):
    assert get_province(key).adcode == code


def test_unknown_name_suggests_a_close_spelling():
    with pytest.raises(UnknownProvinceError, match="did you mean 'Zhejiang'"):
        get_province("Zhejing")
    with pytest.raises(UnknownProvinceError, match="capital of Guangdong"):
        get_province("广州")
    with pytest.raises(ValueError):  # the error is a ValueError subclass
        get_province("Atlantis")
    with pytest.raises(UnknownProvinceError):
        get_province(990000)


def test_table_has_31_mainland_units_and_34_in_all():
    mainland = province_table()
    everything = province_table(include_special=True)
    assert len(mainland) == 31 and len(everything) == 34
    assert set(everything.index) - set(mainland.index) == {710000, 810000, 820000}
    assert not everything.loc[[710000, 810000, 820000], "mainland"].any()
    assert mainland["region"].value_counts().to_dict() == {"west": 12, "east": 10, "central": 6, "northeast": 3}
    assert mainland.index.is_unique and mainland["name_en"].is_unique and mainland["short_zh"].is_unique


def test_every_unit_round_trips_through_all_its_spellings():
    for code, row in province_table(include_special=True).iterrows():
        for key in (code, str(code), row["name_zh"], row["short_zh"], row["abbr_zh"], row["name_en"]):
            assert get_province(key).adcode == code


def test_labels_and_codes():
    assert to_adcode(["北京", "Shanghai"]) == [110000, 310000]
    assert province_labels(["Beijing", 440000], lang="zh") == ["北京", "广东"]
    assert get_province("Hainan").label("name_zh") == "海南省"


def test_align_provinces_relabels_and_orders():
    s = pd.Series({"浙江省": 1.0, "beijing": 2.0})
    out = align_provinces(s, expected=None, label="zh")
    assert list(out.index) == ["北京", "浙江"] and list(out) == [2.0, 1.0]
    assert s.index.tolist() == ["浙江省", "beijing"]  # input untouched


def test_align_provinces_errors_name_the_provinces():
    full = pd.Series(1.0, index=province_table()["name_en"])
    with pytest.raises(MissingProvinceError, match="Hainan"):
        align_provinces(full.drop("Hainan"))
    dup = pd.concat([full, pd.Series({"浙江": 2.0})])
    with pytest.raises(DuplicateProvinceError, match="Zhejiang"):
        align_provinces(dup)
    with pytest.raises(UnknownProvinceError, match="Hong Kong"):
        align_provinces(pd.concat([full, pd.Series({"香港": 2.0})]))
    with pytest.raises(UnknownProvinceError, match="Atlantis"):
        align_provinces(pd.Series({"Atlantis": 1.0}), expected=None)
