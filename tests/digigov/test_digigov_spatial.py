"""The study's spatial section (``spatial:``): validation, results.json against direct engine
calls, the report section in each language, Word and Excel, the comparison page, and a lagged
condition used as a condition of the study."""
from __future__ import annotations

import copy
import html
import io
import re

import docx
import numpy as np
import openpyxl
import pandas as pd
import pytest
import yaml

import fsqca
import spatial
from digigov.errors import StudyError, StudyFileError
from digigov.export import docx_bytes, xlsx_bytes
from digigov.methods import REGISTRY
from digigov.pipeline import run_study, write_run
from digigov.report import figure_specs, render_report
from digigov.schema import validate_results
from digigov.study import EXAMPLE_STUDY, Study, load_study
from digigov.view import ResultsView, read_results
from indicators import province_table
from indicators.spatial_weights import province_weights

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
SENTENCE = re.compile(r"[A-Za-z][A-Za-z'\-]+(?:[ ,;:()]+[A-Za-z][A-Za-z'\-]+){2,}")

EXAMPLE = yaml.safe_load(EXAMPLE_STUDY.read_text(encoding="utf-8"))


def _fast(spec: dict) -> dict:
    """The example without its slow sections (the spatial step reads none of them)."""
    spec = copy.deepcopy(spec)
    for key in ("robustness", "nca", "geodetector"):
        spec.pop(key, None)
    return spec


def _study(spec: dict) -> Study:
    return load_study(text=yaml.safe_dump(spec, allow_unicode=True, sort_keys=False))


@pytest.fixture(scope="module")
def run():
    return run_study(_study(_fast(EXAMPLE)), progress=False)


@pytest.fixture(scope="module")
def view(run):
    return ResultsView(dict(run.results))


@pytest.fixture(scope="module")
def weights():
    return province_weights("queen", island_links="none")


# ---------------------------------------------------------------- validation
def _with_spatial(section, **top) -> str:
    spec = _fast(EXAMPLE)
    spec["spatial"] = section
    spec.update(top)
    return yaml.safe_dump(spec, allow_unicode=True, sort_keys=False)


@pytest.mark.parametrize("section, key, needle", [
    ({"weights": "queen"}, "spatial", "need 'island_links'"),
    ({"weights": "edges", "island_links": "none", "edges": "e.csv"}, "spatial.island_links", "edge list says"),
    ({"weights": "edges"}, "spatial.weights", "needs 'edges'"),
    ({"weights": "queen", "island_links": "none", "edges": "e.csv"}, "spatial.edges", "applies to weights 'edges'"),
    ({"weights": "queen", "island_links": "none", "k": 3}, "spatial.k", "applies to weights 'knn' only"),
    ({"weights": "distance", "island_links": "none"}, "spatial.weights", "needs 'threshold'"),
    ({"weights": "knn", "island_links": "none", "threshold": 500}, "spatial.threshold", "'distance' only"),
    ({"weights": "queens", "island_links": "none"}, "spatial.weights", "did you mean 'queen'"),
    ({"island_links": "hainan"}, "spatial.island_links", "expected 'none', 'all'"),
    ({"island_links": "none", "style": "R"}, "spatial.style", "expected one of W, B"),
    ({"island_links": "none", "permutations": -1}, "spatial.permutations", "whole number of permutations"),
    ({"island_links": "none", "alpha": 1.5}, "spatial.alpha", "between 0 and 1"),
    ({"island_links": "none", "fdr": "yes"}, "spatial.fdr", "expected bool"),
    ({"island_links": "none", "diagnostics": ["moran"]}, "spatial.diagnostics[0]", "expected one of"),
    ({"island_links": "none", "diagnostics": []}, "spatial.diagnostics", "at least one"),
    ({"island_links": "none", "diagnostics": ["case_selection"]}, "spatial.diagnostics", "list it too"),
    ({"island_links": "none", "diagnostics": ["autocorrelation"], "lagged": ["Cl"]}, "spatial.lagged",
     "does not list 'lagged'"),
    ({"island_links": "none", "diagnostics": ["autocorrelation", "lagged"]}, "spatial.diagnostics",
     "needs 'lagged: [conditions]'"),
    ({"island_links": "none", "lagged": ["Cll"]}, "spatial.lagged[0]", "did you mean 'Cl'"),
    ({"island_links": "none", "lagged": ["Cl", "Cl"]}, "spatial.lagged", "listed twice"),
    ({"island_links": "none", "diagnostics": ["autocorrelation"], "maps": ["outcome"]}, "spatial.maps",
     "does not list 'lisa_maps'"),
    ({"island_links": "none", "maps": ["residuals"]}, "spatial.maps[0]", "did you mean 'residual'"),
    ({"island_links": "none", "lag_islands": "missing"}, "spatial.lag_islands", "expected one of own, mean"),
    ({"island_links": "none", "colour": 1}, "spatial.colour", "unknown key"),
])
def test_bad_spatial_section_is_one_line_naming_the_key(section, key, needle):
    with pytest.raises(StudyFileError) as err:
        load_study(text=_with_spatial(section))
    msg = str(err.value)
    assert "\n" not in msg and needle in msg and f"{key}:" in msg, msg
    assert re.search(r"line \d+", msg), msg


def test_a_panel_study_refuses_the_spatial_section():
    with pytest.raises(StudyFileError, match="panel study"):
        load_study(text=_with_spatial({"island_links": "none"}, panel={"unit": "province", "period": "year"}))


@pytest.mark.parametrize("recipe, needle", [
    ({"method": "lag"}, "needs 'of'"),
    ({"method": "lag", "of": "Cl"}, "needs 'island_links'"),
    ({"method": "lag", "of": "Cl", "island_links": "none", "columns": ["Cl"]}, "does not apply to method 'lag'"),
    ({"method": "lag", "of": "Cl", "island_links": "none", "weights": "distance"}, "needs 'threshold'"),
    ({"method": "lag", "of": "Cl", "island_links": "none", "k": 3}, "applies to weights 'knn' only"),
    ({"method": "competition", "of": "P", "island_links": "nearest"}, "'nearest' is for spatial weights"),
])
def test_bad_lag_composite(recipe, needle):
    spec = _fast(EXAMPLE)
    spec["composites"]["lag_Cl"] = recipe
    with pytest.raises(StudyFileError) as err:
        load_study(text=yaml.safe_dump(spec, allow_unicode=True, sort_keys=False))
    assert needle in str(err.value) and "composites.lag_Cl" in str(err.value)


def _toy(folder) -> pd.DataFrame:
    """Twelve cases on a line, the outcome high at one end (A nearly the outcome)."""
    y = [0.95, 0.9, 0.85, 0.8, 0.7, 0.6, 0.4, 0.3, 0.2, 0.15, 0.1, 0.05]
    data = pd.DataFrame({"case": [f"c{i}" for i in range(12)], "Y": y, "A": [v + 0.02 for v in y],
                         "B": [0.3, 0.9, 0.2, 0.8, 0.4, 0.7, 0.1, 0.6, 0.5, 0.35, 0.65, 0.45]})
    data.to_csv(folder / "d.csv", index=False)
    return data


def test_weights_of_the_provinces_refuse_other_cases(tmp_path):
    # before any analysis: with one condition that never makes the outcome, the minimisation
    # would fail; the weights are refused first
    data = _toy(tmp_path)
    data.assign(A=data["Y"].to_numpy()[::-1]).to_csv(tmp_path / "d.csv", index=False)
    text = yaml.safe_dump({"data": {"file": "d.csv", "case_column": "case"}, "outcome": "Y", "conditions": ["A"],
                           "spatial": {"island_links": "none", "diagnostics": ["autocorrelation"]}})
    (tmp_path / "s.yaml").write_text(text)
    with pytest.raises(StudyError) as err:
        run_study(tmp_path / "s.yaml", progress=False)
    assert "spatial" in str(err.value) and "weights: edges" in str(err.value) and "\n" not in str(err.value)


def test_own_cases_with_an_edge_list(tmp_path):
    data = _toy(tmp_path)
    cases = list(data["case"])
    edges = [(a, b) for i, a in enumerate(cases[:-1]) for b in (cases[i + 1],)]
    pd.DataFrame([*edges, *((b, a) for a, b in edges)], columns=["from", "to"]).to_csv(tmp_path / "e.csv", index=False)
    text = yaml.safe_dump({"data": {"file": "d.csv", "case_column": "case"}, "outcome": "Y", "conditions": ["A", "B"],
                           "spatial": {"weights": "edges", "edges": "e.csv", "permutations": 99,
                                       "diagnostics": ["autocorrelation"]}})
    (tmp_path / "s.yaml").write_text(text)
    run = run_study(tmp_path / "s.yaml", progress=False)
    res = run.results["spatial"]
    w = spatial.weights_from_edges(tmp_path / "e.csv", cases)
    assert res["weights"]["n_links"] == 22 and res["weights"]["islands"] == []
    direct = spatial.moran(run.memberships["Y"], w, alternative="two-sided")
    assert res["autocorrelation"][0]["I"] == pytest.approx(float(direct.table.loc[0, "I"]), abs=1e-12)
    assert res["regions"] is None and res["case_selection"] is None and res["lagged"] is None


# ---------------------------------------------------------------- results against the engine
def test_results_keys_and_schema(view):
    sp = view["spatial"]
    for key in ("settings", "weights", "autocorrelation", "verdict", "local", "clusters", "case_selection",
                "regions", "lagged", "notes"):
        assert key in sp
    validate_results(dict(view))
    s = sp["settings"]
    assert (s["weights"], s["island_links"], s["style"], s["permutations"], s["seed"], s["fdr"]) == \
        ("queen", "none", "W", 999, 1, False)
    notes = " ".join(sp["notes"])     # every choice stated
    for phrase in ("queen", "island rule", "Hainan", "999 permutations", "seed 1", "fdr: false", "two-sided",
                   "fuzzy union", "Oana & Schneider"):
        assert phrase in notes, phrase


def test_autocorrelation_equals_the_engine(view, weights):
    conf = view.configuration_memberships      # from results.json's literals, not from the step
    y = view.memberships[view.study["outcome"]]
    direct = spatial.qca_spatial_diagnostics(y, conf, weights, permutations=999, seed=1, alpha=0.05)
    got = pd.DataFrame(view["spatial"]["autocorrelation"]).set_index("series")
    want = direct.table.set_index("series")
    assert list(got.index) == ["outcome", *conf.columns, "solution", "residual"]
    for col in ("I", "EI", "z_rand", "p_rand", "p_perm", "p"):
        np.testing.assert_allclose(got[col].astype(float), want[col].astype(float), rtol=0, atol=1e-12)
    assert list(got["pattern"]) == list(want["pattern"])
    assert view["spatial"]["verdict"] == {"residual": direct.verdict, "outcome": direct.outcome_verdict}
    clusters = direct.clusters()
    assert {c: dict(r) for c, r in clusters.iterrows()} == view["spatial"]["clusters"]
    # the residual's Moran's I by hand: n'/S0 * z'Wz / z'z over the 30 provinces with neighbours
    r = (y - conf.max(axis=1)).loc[list(weights.names)].to_numpy()
    z = r - r.mean()
    hand = weights.n_nonisland / weights.S0 * z @ (weights.matrix @ z) / (z @ z)
    assert got.loc["residual", "I"] == pytest.approx(hand, abs=1e-12)


def test_case_selection_regions_and_lag_equal_the_engine(run, view, weights):
    sp = view["spatial"]
    inter = run.solutions["intermediate"]
    cases = fsqca.smmr(inter).to_frame()
    types = cases[cases["term"] == "solution"].drop_duplicates("case").set_index("case")["type"]
    outcome_clusters = pd.Series({c: v["outcome"] for c, v in sp["clusters"].items()})
    want = spatial.spatial_case_selection(types, outcome_clusters).to_frame()
    assert pd.DataFrame(sp["case_selection"]).fillna("").to_dict("records") == want.fillna("").to_dict("records")
    regions = province_table().set_index("name_en")["region"]
    logo = fsqca.leave_one_group_out(inter, regions.reindex(run.memberships.index))
    assert [r["solution"] for r in sp["regions"]["tests"]] == list(logo.comparison["solution"])
    assert sp["regions"]["robust_core_terms"] == list(logo.robust_core_terms)
    assert set(sp["regions"]["groups"].values()) == {"east", "central", "west", "northeast"}
    lag = spatial.lagged_condition(run.raw["Cl"], weights, islands="own")
    # Hainan (no neighbour) keeps its own value; Zhejiang's lag is the mean of its neighbours
    assert lag["Hainan"] == run.raw.at["Hainan", "Cl"]
    nb = weights.neighbours["Zhejiang"]
    assert lag["Zhejiang"] == pytest.approx(run.raw.loc[nb, "Cl"].mean())
    anchors = dict(inclusion=lag.quantile(0.95), crossover=lag.mean(), exclusion=lag.quantile(0.05))
    lag_m = fsqca.calibrate(lag, thresholds=anchors, avoid_half=0.001)
    tt = fsqca.truth_table(run.memberships.assign(lag_Cl=lag_m.to_numpy()), "P", [*run.study.conditions, "lag_Cl"],
                           incl_cut=0.8, pri_cut=0.5, n_cut=1)
    sol = fsqca.minimize(tt, "parsimonious", progress=False)
    row = sp["lagged"][0]
    assert row["with"] == sol.models[0].expression and row["n_models"] == sol.n_models
    assert row["I"] == pytest.approx(float(spatial.moran(lag, weights).table.loc[0, "I"]), abs=1e-12)
    assert row["lag_enters"] == ("present" if "*lag_Cl" in row["with"] or row["with"].startswith("lag_Cl")
                                 else "negated" if "~lag_Cl" in row["with"] else "absent")


def test_summary_lines_state_the_choices(run):
    text = run.summary()
    assert "spatial: queen weights, style W" in text and "999 permutations" in text and "seed 1" in text
    assert "residuals" in text


# ---------------------------------------------------------------- report, Word, Excel, comparison
def _section(page: str, anchor: str) -> str:
    start = page.index(f'id="{anchor}"')
    body = page[start:page.index("</section>", start)]
    body = re.sub(r"<img[^>]*>", " ", body)
    return html.unescape(re.sub(r"<[^>]+>", "\n", body))


def test_report_section_in_each_language(view):
    labels = [v.get("zh", "") for v in view.study["labels"].values()] + [v.get("en", "")
                                                                         for v in view.study["labels"].values()]
    for lang in ("zh", "en"):
        figures = [(spec, b"") for spec in figure_specs(view, lang)]
        mine = [spec.name for spec, _ in figures if spec.section == "spatial"]
        assert mine == ["spatial_lisa_outcome", "spatial_lisa_residual"]
        page = render_report(view, lang, figures=figures)
        text = _section(page, "spatial")
        for label in labels:
            text = text.replace(label, " ")
        if lang == "zh":
            assert SENTENCE.findall(text) == []
            assert "残差没有空间格局" in text and "999 次置换" in text and "p = 0.986" in text
            assert "空间结论" in _section(page, "summary")
        else:
            assert [line for line in text.splitlines() if CJK.search(line)] == []
            assert "No spatial pattern in the residuals (Moran's I = -0.036, p = 0.986, 999 permutations)" in text
        assert "Moran" in text


def test_word_and_excel_hold_the_tables(run, view, tmp_path):
    doc = docx.Document(io.BytesIO(docx_bytes(view, "zh")))
    paragraphs = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    for caption in ("空间自相关", "空间案例选择", "区域稳健性", "空间滞后条件"):
        assert caption in paragraphs + cells, caption
    assert "集聚" in cells and "热点/冷点中的典型案例" in cells
    folder = write_run(run, tmp_path / "out", figures=False, report=False)
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(read_results(folder), folder, "zh")))
    names = "\n".join(book.sheetnames)
    assert "空间自相关" in names and "空间案例选择" in names and "各省 LISA 聚类" in names
    sheet = book[next(n for n in book.sheetnames if n.startswith("空间自相关"))]
    values = [c for row in sheet.iter_rows(values_only=True) for c in row]
    first = view["spatial"]["autocorrelation"][0]["I"]
    assert any(isinstance(v, float) and v == pytest.approx(first) for v in values)
    assert "不显著" in values
    book_en = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(read_results(folder), folder, "en")))
    assert "spatial_autocorrelation" in book_en.sheetnames


def test_the_comparison_shows_each_provinces_cluster(view):
    from digigov.compare import compare_provinces

    comparisons = compare_provinces(view, ["浙江", "Xinjiang"])
    blocks = [b for m in REGISTRY for b in m.compare_sections(view, comparisons, "zh")]
    block = next(b for b in blocks if 'id="spatial-clusters"' in b)
    text = html.unescape(re.sub(r"<[^>]+>", "\n", block))
    assert "浙江" in text and "新疆" in text
    own = view["spatial"]["clusters"]
    assert own["Zhejiang"]["outcome"] == "HH" and own["Xinjiang"]["outcome"] == "LL"
    assert "高-高（热点）" in text and "低-低（冷点）" in text
    assert SENTENCE.findall(text) == []
    assert 'id="compare-lisa"' in block and "粗框：本报告比较的省份" in text     # the map, compared ones outlined


# ---------------------------------------------------------------- a lagged condition as a condition
def test_a_lagged_composite_is_a_condition_like_any_other(weights):
    spec = _fast(EXAMPLE)
    spec.pop("spatial")
    spec.pop("configurations")
    spec["composites"]["lag_Cl"] = {"method": "lag", "of": "Cl", "island_links": "none", "islands": "own"}
    spec["conditions"] = [*spec["conditions"], "lag_Cl"]
    spec["labels"]["lag_Cl"] = {"zh": "邻省公民科学素养", "en": "neighbours' citizen scientific literacy"}
    res = run_study(_study(spec), progress=False)
    want = spatial.lagged_condition(res.raw["Cl"], weights, islands="own")
    np.testing.assert_allclose(res.raw["lag_Cl"], want.loc[res.raw.index], atol=1e-12)
    assert "lag_Cl" in res.memberships.columns and "lag_Cl" in res.results["study"]["conditions"]
    assert "lag_Cl" in res.truth_table.to_frame().columns
    spec["composites"]["lag_Cl"]["island_links"] = "nearest"   # Hainan linked to its nearest shore
    res_near = run_study(_study(spec), progress=False)
    near = province_weights("queen", island_links="nearest")
    assert res_near.raw.at["Hainan", "lag_Cl"] == pytest.approx(res.raw.loc[near.neighbours["Hainan"], "Cl"].mean())
    spec["composites"]["lag_Cl"]["island_links"] = "all"       # Hainan joined by its sea links
    res_all = run_study(_study({**spec, "truth_table": spec["truth_table"]}), progress=False)
    sea = province_weights("queen", island_links="all")
    assert res_all.raw.at["Hainan", "lag_Cl"] == pytest.approx(res.raw.loc[sea.neighbours["Hainan"], "Cl"].mean())


def test_an_edge_list_naming_an_unknown_case_is_refused_before_the_analysis(tmp_path):
    _toy(tmp_path)
    pd.DataFrame({"from": ["c0", "zz"], "to": ["zz", "c0"]}).to_csv(tmp_path / "e.csv", index=False)
    text = yaml.safe_dump({"data": {"file": "d.csv", "case_column": "case"}, "outcome": "Y", "conditions": ["A", "B"],
                           "spatial": {"weights": "edges", "edges": "e.csv", "diagnostics": ["autocorrelation"]}})
    (tmp_path / "s.yaml").write_text(text)
    with pytest.raises(StudyError, match=r"s.yaml, line \d+: spatial: the edge list names case 'zz'"):
        run_study(tmp_path / "s.yaml", progress=False)


def test_regions_from_a_column_of_the_data(tmp_path):
    data = _toy(tmp_path).assign(grp=["north"] * 4 + ["middle"] * 4 + ["south"] * 4)
    data.to_csv(tmp_path / "d.csv", index=False)
    cases = list(data["case"])
    pd.DataFrame({"from": cases[:-1] + cases[1:], "to": cases[1:] + cases[:-1]}).to_csv(tmp_path / "e.csv", index=False)
    spec = {"data": {"file": "d.csv", "case_column": "case"}, "outcome": "Y", "conditions": ["A", "B"],
            "spatial": {"weights": "edges", "edges": "e.csv", "permutations": 0,
                        "diagnostics": ["autocorrelation", "regions"], "region_column": "grp"}}
    (tmp_path / "s.yaml").write_text(yaml.safe_dump(spec))
    run = run_study(tmp_path / "s.yaml", progress=False)
    reg = run.results["spatial"]["regions"]
    assert [r["test"] for r in reg["tests"]] == ["without north", "without middle", "without south"]
    logo = fsqca.leave_one_group_out(run.solutions["intermediate"], data.set_index("case")["grp"])
    assert [r["solution"] for r in reg["tests"]] == list(logo.comparison["solution"])
    spec["spatial"]["region_column"] = "grup"
    (tmp_path / "s.yaml").write_text(yaml.safe_dump(spec))
    with pytest.raises(StudyError, match="region_column 'grup' is not a column of the data"):
        run_study(tmp_path / "s.yaml", progress=False)


def test_the_workbench_keeps_the_spatial_section():
    from digigov.app import studyio

    wb = studyio.workbench_from_study(EXAMPLE_STUDY)
    assert studyio.study_spec(wb, "en")["spatial"] == EXAMPLE["spatial"]
    # a lagged condition that is no longer a condition leaves, and with it the "lagged" diagnostic
    fewer = studyio.study_spec(wb.with_(conditions=tuple(c for c in wb.conditions if c != "Cl")), "en")
    assert "lagged" not in fewer["spatial"] and "lagged" not in fewer["spatial"]["diagnostics"]
    load_study(text=yaml.safe_dump({**fewer, "data": {"example": True, "provinces": True}}))


@pytest.mark.parametrize("lang, words", [
    ("en", "The residuals are spatially clustered (Moran's I = 0.412, p < 0.001, 9999 permutations): "
           "neighbouring provinces are under- or over-predicted together, so a spatially structured condition"),
    ("zh", "残差在空间上集聚（Moran's I = 0.412，p < 0.001，9999 次置换）：相邻省份被一同低估或高估，组态中可能缺少"
           "一个具有空间结构的条件"),
])
def test_clustered_residuals_are_said_in_plain_words(lang, words):
    from digigov.methods.spatial.report import verdict_lines

    view = ResultsView({"study": {"outcome": "P", "conditions": ["A"]}, "spatial": {
        "settings": {"permutations": 9999, "alpha": 0.05},
        "autocorrelation": [{"series": "outcome", "I": 0.1, "p": 0.2, "pattern": "not significant"},
                            {"series": "residual", "I": 0.41234, "p": 0.0001, "pattern": "clustered"}]}})
    lines = verdict_lines(view, lang)
    assert len(lines) == 2 and lines[1].startswith(words), lines[1]
