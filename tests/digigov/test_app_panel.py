"""The workbench's pooled view of a panel study: the panel tables of ``digigov run`` (by period,
by region, within each unit), computed by the pipeline's own code on the workbench's analysis,
the periods it pools, a period's map and the comparison of provinces across the periods."""
from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from digigov import methods
from digigov.app import bridge, model, panelview, studyio
from digigov.cli import main
from digigov.methods import CsvTable, Method

CLUSTER_FILES = {"cluster_period_sufficiency.csv", "cluster_period_necessity.csv", "cluster_region_sufficiency.csv",
                 "cluster_region_necessity.csv", "cluster_within_unit.csv", "cluster_distances.csv"}


@pytest.fixture(scope="module")
def panel():
    return studyio.workbench_from_study(bridge.example_panel_path())


@pytest.fixture(scope="module")
def saved(panel, tmp_path_factory):
    """The pooled view with a setting of its own, saved and run by ``digigov run``."""
    wb = panel.with_(incl_cut=0.85)
    tmp = tmp_path_factory.mktemp("pooled")
    study, _ = studyio.study_files(wb, tmp / "study")
    out = tmp / "out"
    assert main(["run", str(study), "--out", str(out), "--no-figures", "--no-report", "--quiet"]) == 0
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return wb, model.analyse(wb), out, results


@pytest.fixture(scope="module")
def rerun(saved):
    wb, a, _, _ = saved
    return studyio.pooled_rerun(wb, a)


def _solution(m: pd.DataFrame, expression: str) -> pd.Series:
    """Membership in a sum of products ("A*~B + C"), by hand: max over terms of min over literals."""
    terms = []
    for term in expression.split(" + "):
        lits = [(1.0 - m[lit[1:]]) if lit.startswith("~") else m[lit] for lit in term.split("*")]
        terms.append(pd.concat(lits, axis=1).min(axis=1))
    return pd.concat(terms, axis=1).max(axis=1)


def test_every_panel_table_is_the_file_digigov_run_writes(saved, rerun):
    _, _, out, results = saved
    shown = panelview.full_tables(rerun, "en")
    assert {name for _, name, _, _ in shown} == CLUSTER_FILES == {p.name for p in (out / "tables").glob("cluster_*")}
    for caption, name, frame, index in shown:
        assert caption and not caption.endswith(".csv")             # the workbook's caption
        assert frame.to_csv(index=index) == (out / "tables" / name).read_text(encoding="utf-8-sig"), name
    # and the panel's part of results.json
    assert json.loads(json.dumps(rerun.results["panel"])) == results["panel"]
    assert [m.name for m in rerun.methods] == ["panel"]


def test_within_unit_and_region_consistency_by_hand(saved, rerun):
    from indicators import get_province

    wb, _, out, results = saved
    m = pd.DataFrame.from_dict(results["memberships"], orient="index")
    expr = results["solutions"]["intermediate"]["models"][0]["expression"]
    s, y = _solution(m, expr), m[results["study"]["outcome"]]
    cases = pd.DataFrame.from_dict(results["panel"]["cases"], orient="index")
    tables = {name: frame for _, name, frame, _ in panelview.full_tables(rerun, "en")}
    within = tables["cluster_within_unit.csv"]
    for unit in ("Zhejiang", "Chongqing", "Qinghai"):
        rows = cases.index[cases["province"] == unit]
        expected = (pd.concat([s[rows], y[rows]], axis=1).min(axis=1).sum() / s[rows].sum())
        assert within.loc[unit, "solution"] == pytest.approx(expected, abs=1e-8)
    region = tables["cluster_region_sufficiency.csv"]
    east = [c for c in m.index if get_province(cases.at[c, "province"]).region == "east"]
    expected = pd.concat([s[east], y[east]], axis=1).min(axis=1).sum() / s[east].sum()
    row = region[(region["term"] == "solution") & (region["label"] == "east")]
    assert row["incl"].item() == pytest.approx(expected, abs=1e-8) and row["n"].item() == len(east) == 50


def test_the_view_shows_the_reports_panel_sections_in_both_languages(saved, rerun):
    _, _, _, results = saved
    cl = next(c for c in results["panel"]["clusters"] if c["by"] == "period" and c["relation"] == "sufficiency")
    sol = cl["terms"][0]
    pages = {lang: bridge.sections_html(rerun, lang) for lang in ("en", "zh")}
    for lang, html in pages.items():
        # the solution's consistency in each period, the pooled value, numbered tables
        for b in sol["between"]:
            assert f"{b['incl']:.3f} / {b['cov']:.3f}" in html
        assert f"{sol['pooled']['incl']:.3f}" in html
        assert "id=\"panel-change-over-time\"" in html and "capnum" in html
    assert "表 1" in pages["zh"] and "Table 1" in pages["en"]
    # the regions' table names them in the page's language
    assert "<th>东部</th>" in pages["zh"] and "<th>east</th>" not in pages["zh"] and "<th>east</th>" in pages["en"]
    assert re.search(r"[\u4e00-\u9fff]", pages["zh"]) and not re.search(r"[\u4e00-\u9fff]", pages["en"])
    # which provinces follow each configuration over the years: one heatmap per configuration
    captions = bridge.figure_captions(rerun, "en")
    assert len(captions) == 1 + len(results["configurations"])
    assert bridge.figure_png(rerun, 1, "en")[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_view_says_which_periods_it_pools(panel):
    for lang in ("en", "zh"):
        text = panelview.pooled_periods(panel, lang)
        assert all(p in text for p in ("2019", "2020", "2021", "2022", "2023")) and "155" in text and "31" in text
    one = panelview.select_view(panel, "2021")
    assert panelview.pooled_periods(one, "en") is None
    assert studyio.pooled_rerun(one, model.analyse(one)) is None        # a period: a cross-section's view
    assert studyio.pooled_rerun(studyio.example_workbench(), model.analyse(studyio.example_workbench())) is None


def _renamed(wb, unit: str, period: str):
    """``wb`` with its panel's unit and period columns renamed (words the report has none for)."""
    st = wb.panel["settings"]
    cases = wb.panel["cases"].rename(columns={st["unit"]: unit, st["period"]: period})
    return wb.with_(panel={**wb.panel, "settings": {**st, "unit": unit, "period": period}, "cases": cases})


def test_the_pooled_views_words_name_the_unit_and_period_in_the_pages_language(panel):
    zh, en = panelview.pooled_periods(panel, "zh"), panelview.pooled_periods(panel, "en")
    # the report's words for the example's columns (province, year), no column name in the Chinese lines
    assert "合并的年份：" in zh and "5 个年份 × 31 个省份 = 155 个案例" in zh
    for text in (zh, panelview.describe(panel, "zh"), panelview.describe(panelview.select_view(panel, "2021"), "zh")):
        assert not re.search(r"[A-Za-z]*(province|year)", text), text
        assert "省份" in text or "年份" in text
    assert en.startswith("Pooled periods (year): 2019, 2020") and "5 periods x 31 province units = 155 cases" in en
    # the study's own labels of the columns come first, in each language
    labelled = panel.with_(labels={**panel.labels, "year": {"zh": "年度", "en": "survey year"},
                                   "province": {"zh": "省级行政区"}})
    assert "合并的年度：" in panelview.pooled_periods(labelled, "zh")
    assert "31 个省级行政区" in panelview.pooled_periods(labelled, "zh")
    assert "Pooled periods (survey year)" in panelview.pooled_periods(labelled, "en")
    assert "31 province units" in panelview.pooled_periods(labelled, "en")
    # columns the report has no word for: 单位 and 时期 in Chinese, their names in English
    other = _renamed(panel, "area", "wave")
    assert panelview.panel_words(other, "zh") == ("单位", "时期")
    zh = panelview.pooled_periods(other, "zh")
    assert "合并的时期：" in zh and "5 个时期 × 31 个单位" in zh and not re.search("area|wave", zh)
    assert "Pooled periods (wave)" in panelview.pooled_periods(other, "en")
    assert "31 area units" in panelview.pooled_periods(other, "en")


def test_a_saved_panel_study_keeps_the_labels_of_its_unit_and_period(panel, tmp_path):
    from digigov.data import build_composites, check_names
    from digigov.study import load_study
    from digigov.variants import variant_of

    labelled = panel.with_(labels={**panel.labels, "year": {"zh": "年度", "en": "survey year"}})
    study, _ = studyio.study_files(labelled, tmp_path / "pooled")
    loaded = load_study(study)
    raw, _ = variant_of(loaded).load(loaded)
    check_names(loaded, build_composites(raw, loaded).data)          # digigov run accepts the label
    again = studyio.workbench_from_study(study)
    assert panelview.panel_words(again, "zh") == ("省份", "年度")
    # a period's cross-section has no period column: the label stays behind
    assert "year" not in (studyio.study_spec(panelview.select_view(labelled, "2021")).get("labels") or {})


def test_a_period_on_the_pooled_views_map_is_that_periods_memberships(panel):
    a = model.analyse(panel)
    shown = panelview.period_rows(panel, a.memberships, "2021")
    one = panelview.select_view(panel, "2021")
    assert panelview.pooled_provinces(panel) and not panelview.pooled_provinces(one)
    pd.testing.assert_frame_equal(shown, model.analyse(one).memberships, check_names=False)
    assert len(shown) == 31


def test_provinces_compared_across_the_periods_are_digigov_compares(saved, rerun):
    _, _, _, results = saved
    html = bridge.compare_sections_html(rerun, ["Zhejiang", "Sichuan"], "zh")
    outcome = results["study"]["outcome"]
    assert "浙江" in html and "四川" in html and html.count("<figure") == 2
    table = re.search(r"浙江：逐年变化</caption>.*?</table>", html, re.S).group(0)
    for year in ("2019", "2020", "2021", "2022", "2023"):
        assert f"<td>{year}</td><td class=\"num\">{results['memberships'][f'Zhejiang {year}'][outcome]:.3f}</td>" \
            in table


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_pooled_comparison_holds_each_picked_provinces_sections_as_digigov_compare_writes_them(
        saved, rerun, lang):
    from digigov.compare import write_comparison

    _, _, out, results = saved
    picked = ["Inner Mongolia", "Zhejiang", "Tibet"]
    names = {"zh": ["内蒙古", "浙江", "西藏"], "en": ["Inner Mongolia", "Zhejiang", "Tibet"]}[lang]
    html = bridge.compare_sections_html(rerun, picked, lang)      # the pooled view's comparison (compare_table)
    # one section per province, in the order picked, under its name in the page's language
    assert re.findall(r"<h3>(.*?)</h3>", html) == names
    assert html.count("<figure") == len(picked)
    # digigov compare's page of the saved study holds the same year-over-year tables
    page = write_comparison(out, picked, out / f"comparison_{lang}.html", lang).read_text(encoding="utf-8")
    section = re.search(r'<section class="province" id="year-over-year">.*?</section>', page, re.S).group(0)
    assert re.findall(r"<h3>(.*?)</h3>", section) == names
    assert re.findall(r"<tbody>.*?</tbody>", html, re.S) == re.findall(r"<tbody>.*?</tbody>", section, re.S)
    zj = re.findall(r"<tbody>.*?</tbody>", html, re.S)[1]
    assert zj.count("<tr>") == len(results["panel"]["periods"]) == 5


class _Live(Method):
    """A method registered at run time that offers a live rerun: it reaches the pooled view."""

    name = "live_extra"
    rerun = "live"

    def run(self, ctx):
        ctx.outputs["live_extra"] = ctx["calibration"].data.mean()

    def csv_tables(self, ctx):
        return [CsvTable("live_extra.csv", ctx["live_extra"].to_frame("mean"))]

    def sheet_caption(self, stem, lang):
        return "mean memberships" if stem == "live_extra" else None


def test_a_registered_method_reaches_the_pooled_view_without_touching_the_workbench(saved):
    wb, a, _, _ = saved
    method = _Live()
    methods.REGISTRY.append(method)
    try:
        rr = studyio.pooled_rerun(wb, a)
    finally:
        methods.REGISTRY.remove(method)
    tables = {name: (caption, frame) for caption, name, frame, _ in panelview.full_tables(rr, "en")}
    caption, frame = tables["live_extra.csv"]
    assert caption == "mean memberships"
    assert frame["mean"].to_dict() == pytest.approx(a.memberships.mean().to_dict())


def test_a_rerun_names_when(saved):
    from digigov.pipeline import rerun

    with pytest.raises(ValueError, match="when must be one of live, on_request, got 'now'"):
        rerun(bridge.example_panel_path(), {}, when="now")
