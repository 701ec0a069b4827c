"""Province comparison report (digigov.compare)."""

from __future__ import annotations

import json
import math
import re
import shutil
import statistics
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

from digigov.compare import ProvinceComparison, compare_provinces, render_comparison, write_comparison  # noqa: E402
from libdigigov.fonts import has_cjk  # noqa: E402
from indicators import UnknownProvinceError  # noqa: E402

FIXTURE = Path(__file__).parents[1] / "fixtures" / "results_synthetic.json"
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["'](?!data:|#)|https?://|<link\b|<script\b|@import|url\(""", re.I)


def _results() -> dict:
    with open(FIXTURE, encoding="utf-8") as fh:
        return json.load(fh)


@pytest.fixture()
def results_dir(tmp_path):
    shutil.copy(FIXTURE, tmp_path / "results.json")
    return tmp_path


def test_profile_against_nation_and_neighbours():
    res = _results()
    (zj,) = compare_provinces(res, ["浙江省"])
    mem = res["memberships"]
    g = [v["G"] for v in mem.values()]
    row = zj.profile.loc["G"]
    assert zj.case == "Zhejiang" and zj.name_zh == "浙江"
    assert row["membership"] == mem["Zhejiang"]["G"]
    assert row["national_mean"] == pytest.approx(statistics.mean(g))
    assert row["national_median"] == pytest.approx(statistics.median(g))
    assert row["rank"] == 1 + sum(v > mem["Zhejiang"]["G"] for v in g)
    assert row["n"] == 31
    # Zhejiang borders Shanghai, Jiangsu, Anhui, Fujian and Jiangxi
    assert set(zj.neighbours) == {"Shanghai", "Jiangsu", "Anhui", "Fujian", "Jiangxi"}
    assert row["neighbour_mean"] == pytest.approx(statistics.mean(mem[p]["G"] for p in zj.neighbours))


def test_configurations_it_belongs_to():
    res = _results()
    (bj,) = compare_provinces(res, ["beijing"])
    m = res["memberships"]["Beijing"]
    conf1 = min(m["G"], m["T"], 1 - m["Sp"], 1 - m["R"], m["Sl"], m["Cs"], m["I"], m["B"])
    assert bj.configurations["1"] == pytest.approx(conf1)
    assert ("1" in bj.belongs) == (conf1 > 0.5)
    assert all(bj.configurations[c] > 0.5 for c in bj.belongs)
    assert bj.nearest not in bj.belongs


def _small_results():
    """Four provinces and three configurations with a known nearest configuration for Beijing."""
    mem = {"Beijing": {"Y": 0.9, "A": 0.9, "B": 0.2, "C": 0.3, "D": 0.8},
           "Tianjin": {"Y": 0.2, "A": 0.1, "B": 0.9, "C": 0.9, "D": 0.4},
           "Hebei": {"Y": 0.6, "A": 0.6, "B": 0.6, "C": 0.1, "D": 0.2},
           "Hainan": {"Y": 0.4, "A": 0.4, "B": 0.4, "C": 0.7, "D": 0.6}}
    configs = [
        # Beijing meets A and ~C but not B: one condition to build, peripheral
        {"id": "1", "core": {"present": ["A"], "absent": ["C"]}, "peripheral": {"present": ["B"], "absent": []}},
        # Beijing misses B (core) and D must be absent: two conditions
        {"id": "2", "core": {"present": ["B"], "absent": []}, "peripheral": {"present": [], "absent": ["D"]}},
        # Beijing belongs: A and D
        {"id": "3", "core": {"present": ["A"], "absent": []}, "peripheral": {"present": ["D"], "absent": []}},
    ]
    strategies = [{"configuration": "1", "core": ["A", "C"],
                   "ranking": [{"auxiliary": "B", "q": 0.61, "rank": 1}], "q_max": []},
                  {"configuration": "3", "core": ["A"],
                   "ranking": [{"auxiliary": "D", "q": 0.4, "rank": 2}, {"auxiliary": "C", "q": 0.5, "rank": 1}],
                   "q_max": []}]
    return {"schema": "digigov-study-results/1",
            "study": {"title": "t", "language": "en", "synthetic": True, "outcome": "Y",
                      "conditions": ["A", "B", "C", "D"], "controllable": ["A", "B"], "labels": {}},
            "configurations": configs, "memberships": mem,
            "geodetector": {"strategies": strategies}}


def test_nearest_configuration_and_what_to_build():
    (bj,) = compare_provinces(_small_results(), ["北京"])
    assert bj.belongs == ("3",)
    assert bj.nearest == "1"
    assert list(bj.lacks["condition"]) == ["B"]
    assert bj.lacks.iloc[0]["direction"] == "build" and bj.lacks.iloc[0]["role"] == "peripheral"
    assert bj.lacks.iloc[0]["gap"] == pytest.approx(0.3)
    # Beijing follows 3: the strategies ranked are those of 3 (not of the nearest other, 1), best first
    assert list(bj.ranking["configuration"].unique()) == ["3"]
    assert list(bj.ranking["auxiliary"]) == ["C", "D"]
    (hn,) = compare_provinces(_small_results(), ["Hainan"])
    assert hn.belongs == () and list(hn.ranking["configuration"].unique()) == [hn.nearest]
    (tj,) = compare_provinces(_small_results(), ["Tianjin"])
    # Tianjin belongs to 2; it misses two conditions of 1 (gap 0.4 + 0.4) and of 3 (0.4 + 0.1)
    assert tj.belongs == ("2",)
    assert tj.nearest == "3"
    assert list(tj.lacks["condition"]) == ["A", "D"]


def test_lacks_lists_core_first_and_marks_context_conditions():
    res = _small_results()
    res["memberships"]["Hebei"] = {"Y": 0.3, "A": 0.2, "B": 0.45, "C": 0.8, "D": 0.9}
    (hb,) = compare_provinces(res, ["河北"])
    # 1: misses A (core), ~C (core), B (peripheral); 2: B (core), ~D (peripheral); 3: A (core)
    assert hb.nearest == "3"
    assert list(hb.lacks["condition"]) == ["A"]
    res["configurations"] = res["configurations"][:2]
    (hb,) = compare_provinces(res, ["Hebei"])
    assert hb.nearest == "2"
    assert list(hb.lacks[["condition", "role", "direction"]].itertuples(index=False, name=None)) == [
        ("B", "core", "build"), ("D", "peripheral", "reduce")]
    assert list(hb.lacks["controllable"]) == [True, False]


def test_island_without_neighbours():
    (hn,) = compare_provinces(_small_results(), ["Hainan"])
    assert hn.neighbours == ()
    assert hn.profile["neighbour_mean"].isna().all()


def test_write_comparison_two_provinces_zh_and_en(results_dir):
    out = write_comparison(results_dir, ["浙江", "Beijing"], results_dir / "cmp.html", "zh")
    text = out.read_text(encoding="utf-8")
    assert 'id="province-Zhejiang"' in text and 'id="province-Beijing"' in text
    assert "<h2>浙江</h2>" in text and "<h2>北京</h2>" in text
    assert 'id="synthetic-banner"' in text
    assert len(re.findall(r'src="data:image/png;base64,', text)) == 3          # the map and one chart each
    assert not EXTERNAL.search(text)
    out_en = write_comparison(results_dir, ["zhejiang", "北京市"], results_dir / "cmp_en.html", "en")
    text_en = out_en.read_text(encoding="utf-8")
    assert "<h2>Zhejiang</h2>" in text_en and "<h2>Beijing</h2>" in text_en
    assert "Nearest other configuration" in text_en          # both follow a configuration
    assert not has_cjk(text_en)


def test_unknown_provinces_are_refused_with_a_suggestion(results_dir):
    with pytest.raises(UnknownProvinceError, match="did you mean 'Zhejiang'"):
        write_comparison(results_dir, ["Zhejang"], results_dir / "x.html")
    with pytest.raises(UnknownProvinceError, match="not among the study's cases"):
        write_comparison(results_dir, ["香港"], results_dir / "x.html")
    with pytest.raises(ValueError, match="at least one province"):
        write_comparison(results_dir, [], results_dir / "x.html")
    with pytest.raises(ValueError, match="'de'"):
        write_comparison(results_dir, ["Beijing"], results_dir / "x.html", lang="de")
    assert not (results_dir / "x.html").exists()


def test_cases_that_are_not_provinces_are_refused():
    res = _small_results()
    res["memberships"]["Atlantis"] = res["memberships"].pop("Hebei")
    with pytest.raises(UnknownProvinceError, match="Atlantis"):
        compare_provinces(res, ["Beijing"])


def test_a_comparison_of_names_only_holds_the_province_names_and_nothing_else():
    for spelling, zh, en in [("Zhejiang", "浙江", "Zhejiang"), ("内蒙古自治区", "内蒙古", "Inner Mongolia"),
                             ("xizang", "西藏", "Tibet")]:
        comp = ProvinceComparison.names_only(spelling)
        assert (comp.case, comp.name_zh, comp.name_en) == (spelling, zh, en)     # the case name as given
        assert comp.name("zh") == zh and comp.caption("x", "en") == f"{en}: x"
        assert comp.neighbours == () and comp.parts == {} and comp.profile.empty
    # the same names and profile columns as the full comparison
    (full,) = compare_provinces(_results(), ["Zhejiang"])
    names = ProvinceComparison.names_only("Zhejiang")
    assert (names.case, names.name_zh, names.name_en) == (full.case, full.name_zh, full.name_en)
    assert list(names.profile.columns) == list(full.profile.columns) == list(ProvinceComparison.PROFILE_COLUMNS)
    assert names.to_dict()["profile"] == [] and "Zhejiang (浙江)" in names.summary()
    with pytest.raises(UnknownProvinceError):
        ProvinceComparison.names_only("Atlantis")


def test_summary_and_frame():
    (bj,) = compare_provinces(_small_results(), ["Beijing"])
    frame = bj.to_frame()
    assert set(frame["variable"]) == {"Y", "A", "B", "C", "D"}
    assert "Beijing" in bj.summary() and "to build: B" in bj.summary()
    assert not math.isnan(frame.loc[frame["variable"] == "A", "national_mean"].iloc[0])


def test_page_labels_the_followed_and_the_nearest_other_configuration():
    res = _small_results()
    res["configurations"][2]["name"] = {"en": "digital-led", "zh": "数字主导型"}
    html = render_comparison(res, compare_provinces(res, ["Beijing", "Hainan"]), "zh")
    bj = html[html.index('id="province-Beijing"'):html.index('id="province-Hainan"')]
    assert "所属组态（隶属度 &gt; 0.5）</th><td>组态 3（数字主导型）" in bj
    assert "最接近的其他组态</th><td>组态 1</td>" in bj
    assert "所遵循组态 3 的策略排序" in bj
    hn = html[html.index('id="province-Hainan"'):]
    assert "最接近的高绩效组态</th>" in hn and "最接近的其他组态" not in hn
    assert 'id="compare-map"' in html


@pytest.mark.parametrize("lang, table_label, figure_label", [("en", r"Table (\d+)\.", r"Figure (\d+)\."),
                                                            ("zh", r"表 (\d+)", r"图 (\d+)")])
def test_page_numbers_every_table_and_figure_from_one(lang, table_label, figure_label):
    res = json.loads(FIXTURE.read_text(encoding="utf-8"))
    comps = compare_provinces(res, ["Beijing", "Hainan"])
    html = render_comparison(res, comps, lang)
    labels = re.findall(r'<span class="capnum">([^<]*)</span>', html)
    tables = [int(m.group(1)) for lab in labels if (m := re.fullmatch(table_label, lab))]
    figures = [int(m.group(1)) for lab in labels if (m := re.fullmatch(figure_label, lab))]
    assert len(tables) + len(figures) == len(labels)
    assert tables == list(range(1, len(re.findall(r"<table\b", html)) + 1))   # every table, in order
    assert figures == list(range(1, len(re.findall(r"<figure\b", html)) + 1))
    # each province's tables name the province
    for comp in comps:
        own = html[html.index(f'id="province-{comp.case}"'):]
        own = own[:own.index("</section>")]
        captions = re.findall(r"<caption>.*?</caption>", own, flags=re.S)
        assert captions and all(comp.name(lang) in c for c in captions)
