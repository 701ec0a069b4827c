"""Figures and the HTML study report (digigov.figures, digigov.report)."""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import re
import shutil
import warnings
from pathlib import Path

import matplotlib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

matplotlib.use("Agg")

from libdigigov.fonts import has_cjk  # noqa: E402
from digigov import pipeline  # noqa: E402  (a broken import fails the module, it never skips)
from digigov.figures import render, write_figures  # noqa: E402
from digigov.methods.sufficiency.tables import configuration_table  # noqa: E402
from digigov.report import ReportInputError, figure_specs, render_report, write_report  # noqa: E402
from digigov.tables import Fiss  # noqa: E402
from digigov.templates import STRINGS  # noqa: E402
from digigov.methods.sufficiency.configurations import configuration_memberships  # noqa: E402
from digigov.view import ResultsView  # noqa: E402
from digigov.view import read_results as load_results  # noqa: E402

#: The report's sections, in order, for results with every method's part (the fixture).
SECTIONS = ("summary", "ranking", "calibration", "necessity", "nca", "truth-table", "configurations", "xy", "maps",
            "heatmaps", "strategies", "robustness", "design")

FIXTURE = Path(__file__).parents[1] / "fixtures" / "results_synthetic.json"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["'](?!data:|#)|https?://|<link\b|<script\b[^>]*\bsrc\b|@import|url\(""",
                      re.I)


def _results() -> dict:
    with open(FIXTURE, encoding="utf-8") as fh:
        return json.load(fh)


@pytest.fixture(scope="module")
def figures_dir(tmp_path_factory):
    """A results folder with the fixture's figures drawn in Chinese (missing glyphs would raise)."""
    folder = tmp_path_factory.mktemp("results")
    shutil.copy(FIXTURE, folder / "results.json")
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)        # matplotlib's "Glyph ... missing"
        warnings.filterwarnings("error", message=".*[Gg]lyph.*")
        files = write_figures(figure_specs(_results(), "zh"), folder)
    return folder, files


def test_strings_have_the_same_keys_in_both_languages():
    assert STRINGS["zh"].keys() == STRINGS["en"].keys()


def test_make_figures_writes_png_and_svg_of_every_figure(figures_dir):
    folder, files = figures_dir
    res = _results()
    names = {s.name for s in figure_specs(res, "zh")}
    n_conf = len(res["configurations"])
    # outcome map, a map, a strategy heatmap and an XY plot per configuration, one interaction heatmap
    assert len(names) == 1 + 3 * n_conf + 1
    assert sorted(files) == sorted(f"figures/{n}.{ext}" for n in names for ext in ("png", "svg"))
    for rel in files:
        data = (folder / rel).read_bytes()
        if rel.endswith(".png"):
            assert data.startswith(PNG_MAGIC)
            from PIL import Image
            with Image.open(folder / rel) as im:
                assert round(im.info["dpi"][0]) == 150
        else:
            assert data.lstrip().startswith(b"<?xml") and b"<svg" in data
            assert b"<dc:date>" not in data


def test_figures_are_deterministic():
    res = _results()
    spec = next(s for s in figure_specs(res, "zh") if s.name == "heatmap_strategy_2")
    first, second = render(spec, ("png", "svg")), render(spec, ("png", "svg"))
    assert first["png"] == second["png"] and first["svg"] == second["svg"]


def test_english_figures_render_without_warnings():
    res = _results()
    specs = [s for s in figure_specs(res, "en") if s.name in ("heatmap_interaction", "xy_config_1")]
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        for spec in specs:
            assert render(spec)["png"].startswith(PNG_MAGIC)


@pytest.mark.parametrize("lang, words", [("zh", ("一致性", "覆盖度")), ("en", ("Consistency", "Coverage"))])
def test_xy_figures_write_the_fit_in_the_report_language(lang, words):
    import matplotlib.pyplot as plt

    from fsqca.plot import FIT_GID

    spec = next(s for s in figure_specs(_results(), lang) if s.name == "xy_config_1")
    fig = spec.draw()
    try:
        (fit,) = [t.get_text() for ax in fig.axes for t in ax.texts if t.get_gid() == FIT_GID]
    finally:
        plt.close(fig)
    assert all(w in fit for w in words) and "PRI" in fit


def test_configuration_membership_is_the_minimum_over_literals():
    res = _results()
    m = res["memberships"]["Beijing"]
    # configuration 1: G*T*~Sp*~R*Sl*Cs*I*B, written out by hand
    expected = min(m["G"], m["T"], 1 - m["Sp"], 1 - m["R"], m["Sl"], m["Cs"], m["I"], m["B"])
    assert configuration_memberships(res).loc["Beijing", "1"] == pytest.approx(expected)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0, 1), min_size=3, max_size=3), st.booleans(), st.booleans())
def test_adding_a_literal_never_raises_configuration_membership(values, neg_a, neg_c):
    mem = {"x": dict(zip("ABC", values))}
    base = {"id": "1", "core": {"present": [] if neg_a else ["A"], "absent": ["A"] if neg_a else []},
            "peripheral": {"present": ["B"], "absent": []}}
    more = copy.deepcopy(base)
    more["peripheral"]["absent" if neg_c else "present"].append("C")
    small = configuration_memberships({"memberships": mem, "configurations": [base]}).loc["x", "1"]
    big = configuration_memberships({"memberships": mem, "configurations": [more]}).loc["x", "1"]
    assert big <= small
    lit_c = 1 - values[2] if neg_c else values[2]
    assert big == pytest.approx(min(small, lit_c))


def test_report_has_every_section_banner_and_no_external_resource(figures_dir, tmp_path):
    folder, files = figures_dir
    before = hashlib.sha256((folder / "results.json").read_bytes()).hexdigest()
    path = write_report(folder)
    assert path == folder / "report.html"
    assert hashlib.sha256((folder / "results.json").read_bytes()).hexdigest() == before
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]
    text = path.read_text(encoding="utf-8")
    for sid in SECTIONS:
        assert f'<section class="major{" first" if sid == "summary" else ""}" id="{sid}">' in text
    for key in ("sec_summary", "sec_ranking", "sec_appendix", "sec_calibration", "sec_necessity", "sec_truth_table", "sec_configurations",
                "sec_maps", "sec_heatmaps", "sec_strategies", "sec_robustness"):
        assert f"<h2>{STRINGS['zh'][key]}</h2>" in text
    assert 'id="synthetic-banner"' in text and STRINGS["zh"]["synthetic_banner"] in text
    assert not EXTERNAL.search(text), EXTERNAL.search(text)
    # every PNG written by make_figures is embedded, byte for byte
    embedded = [base64.b64decode(b) for b in re.findall(r'src="data:image/png;base64,([^"]+)"', text)]
    pngs = sorted((folder / f).read_bytes() for f in files if f.endswith(".png"))
    assert sorted(embedded) == pngs
    assert "@media print" in text and "break-before: page" in text


def test_report_tables_follow_the_results():
    res = _results()
    text = render_report(res, "zh", figures=[])
    assert "北京、湖北" in text                      # configuration 1's cases, Chinese names
    for sym in "●⊗":
        assert sym in text
    # the Fiss symbols in two sizes: large for core, small for peripheral conditions
    assert '<span class="fiss core">●</span>' in text and '<span class="fiss peripheral">⊗</span>' in text
    assert "RF_SC_minTS" in text and "子集" in text and "相同" in text   # robustness relations
    table = configuration_table(ResultsView(res), "zh")
    rows = {r[0].rsplit(" (", 1)[-1].rstrip(")"): r[1:] for r in table.rows}
    assert rows["G"][0] == Fiss("●", True)
    assert rows["R"][0] == Fiss("⊗", True)
    assert rows["Sp"][0] == Fiss("⊗", False)
    assert rows["Cl"][0] == ""
    assert table.rows[-3][1].value == pytest.approx(0.92)      # solution consistency, across the columns


def test_english_report_has_no_chinese_and_no_banner_when_not_synthetic():
    res = _results()
    res["study"]["synthetic"] = False
    text = render_report(res, "en", figures=[])
    assert not has_cjk(text)
    assert "synthetic-banner" not in text
    assert "<h2>Robustness</h2>" in text and "Beijing, Hubei" in text
    assert "government coordination (G)" in text


def test_solution_fit_is_read_in_r_spelling():
    res = _results()
    res["solution_fit"] = {"inclS": 0.9, "PRI": 0.777, "covS": 0.5}
    assert "0.777" in render_report(res, "en", figures=[])


def test_fixture_and_real_results_follow_the_published_schema():
    import json

    from digigov.schema import validate_results

    validate_results(json.loads(FIXTURE.read_text(encoding="utf-8")))


def test_older_schema_version_is_named(tmp_path):
    import json

    res = json.loads(FIXTURE.read_text(encoding="utf-8"))
    del res["schema_version"]
    (tmp_path / "results.json").write_text(json.dumps(res), encoding="utf-8")
    with pytest.raises(ReportInputError, match="no schema_version .*reads schema version 1"):
        load_results(tmp_path)
    res["schema_version"] = 1
    res["configurations"][0]["inclS"] = "high"
    (tmp_path / "results.json").write_text(json.dumps(res), encoding="utf-8")
    with pytest.raises(ReportInputError, match="configurations/0/inclS"):
        load_results(tmp_path)


def test_bad_results_folder_errors(tmp_path):
    with pytest.raises(ReportInputError, match="no results.json"):
        write_report(tmp_path)
    (tmp_path / "results.json").write_text('{"schema": "other/1"}', encoding="utf-8")
    with pytest.raises(ReportInputError, match="not the results of a digigov study"):
        load_results(tmp_path)
    (tmp_path / "results.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ReportInputError, match="not valid JSON"):
        load_results(tmp_path)
    shutil.copy(FIXTURE, tmp_path / "results.json")
    with pytest.raises(ReportInputError, match="'fr'"):
        write_report(tmp_path, lang="fr")
    assert not (tmp_path / "report.html").exists()


def test_report_of_the_real_example_study(tmp_path):
    """The pipeline's own output folder gives a complete report."""
    from digigov.study import EXAMPLE_STUDY

    run = pipeline.run_study(EXAMPLE_STUDY, progress=False)
    out = pipeline.write_run(run, tmp_path / "out", figures=True, report=True)
    results = load_results(out)
    text = (out / "report.html").read_text(encoding="utf-8")
    assert 'id="synthetic-banner"' in text
    assert not EXTERNAL.search(text)
    n_img = len(re.findall(r'src="data:image/png;base64,', text))
    assert n_img == len([f for f in results["files"]["figures"] if f.endswith(".png")]) > 0
    for cfg in results["configurations"]:
        assert f"fig-map_config_{cfg['id']}" in text


def _section_order(text: str) -> list[str]:
    return re.findall(r'<section class="major[^"]*" id="([^"]+)">', text)


def test_findings_come_first_and_the_design_is_an_appendix():
    res = _results()
    text = render_report(res, "en", figures=[], manifest={"versions": {"numpy": "9.9"}, "checksums": {"x": "abc"}})
    order = _section_order(text)
    assert order == list(SECTIONS)
    assert order[:2] == ["summary", "ranking"] and order[-1] == "design"
    # versions and checksums only in the appendix, after every finding
    assert text.index("9.9") > text.index('id="design"') > text.index('id="robustness"')
    summary = text[text.index('id="summary"'):text.index('id="ranking"')]
    for cfg in res["configurations"]:
        assert f'id="summary-config-{cfg["id"]}"' in summary
        assert f"{cfg['inclS']:.3f}" in summary and f"{cfg['covU']:.3f}" in summary
    assert 'id="robustness-verdict"' in summary


def test_summary_says_each_configuration_in_plain_language():
    from digigov.methods.sufficiency.summary import describe_configuration

    res = _results()
    cfg = res["configurations"][0]        # core G present, R absent; peripheral Sp absent (fixture)
    en = describe_configuration(res, cfg, "en")
    labels = res["study"]["labels"]
    assert en.startswith("Configuration 1: ")
    core_part = en.split(";")[0]
    assert f"{labels['G']['en']}" in core_part and "as core conditions" in core_part
    assert f"{labels['R']['en']} absent" in core_part
    zh = describe_configuration(res, dict(cfg, name={"zh": "协调主导型", "en": "coordination-led"}), "zh")
    assert zh.startswith("组态 1（协调主导型）：以") and f"{labels['R']['zh']}缺失" in zh
    assert not re.search(r"[A-Za-z]{3,}", zh.replace("PRI", ""))     # no English words in Chinese


def test_strongest_strategy_and_cases_are_in_the_summary():
    res = _results()
    text = render_report(res, "zh", figures=[])
    summary = text[text.index('id="summary"'):text.index('id="ranking"')]
    for strat in res["geodetector"]["strategies"]:
        if not strat.get("ranking"):
            continue
        best = min(strat["ranking"], key=lambda r: r["rank"])
        item = re.search(rf'<li id="summary-config-{strat["configuration"]}">(.*?)</li>', summary).group(1)
        assert res["study"]["labels"][best["auxiliary"]]["zh"] in item and f"{best['q']:.3f}" in item


@pytest.mark.parametrize("relations, verdict", [
    (["identical", "identical"], "robust"), (["identical", "subset", "superset"], "robust"),
    (["identical", "overlapping"], "partly"), (["overlapping", "disjoint"], "fragile"),
    (["none"], "fragile"), ([], "untested")])
def test_robustness_verdict(relations, verdict):
    from digigov.methods.robustness import robustness_verdict

    res = {"robustness": {"tests": [{"relation": r} for r in relations]}}
    assert robustness_verdict(res)[0] == verdict
    text = render_report(dict(_results(), robustness=res["robustness"]), "en", figures=[])
    assert f'class="verdict verdict-{verdict}"' in text


def _ranking_rows(text: str) -> list[list[str]]:
    table = re.search(r'<table class="sortable" id="ranking-table">(.*?)</table>', text, re.S).group(1)
    body = table[table.index("<tbody>"):]
    return [re.findall(r'data-v="([^"]*)"', row) for row in re.findall(r"<tr>(.*?)</tr>", body)]


def test_ranking_table_follows_the_results():
    """Every case once, ordered by outcome; memberships and ranks recomputed here independently."""
    from digigov.view import case_label

    res = _results()
    text = render_report(res, "en", figures=[])
    rows = _ranking_rows(text)
    mem = res["memberships"]
    outcome = res["study"]["outcome"]
    conds = res["study"]["conditions"]
    ids = [c["id"] for c in res["configurations"]]
    assert len(rows) == len(mem)
    by_name = {case_label(c, "en"): c for c in mem}
    assert sorted(r[1] for r in rows) == sorted(by_name)
    values = [float(r[2]) for r in rows]
    assert values == sorted(values, reverse=True)
    for row in rows:
        case = by_name[row[1]]
        m = mem[case]
        assert float(row[2]) == pytest.approx(m[outcome], abs=1e-6)
        assert int(row[0]) == 1 + sum(v[outcome] > m[outcome] for v in mem.values())
        for j, cfg in enumerate(res["configurations"]):
            lits = [m[c] for role in ("core", "peripheral") for c in cfg[role]["present"]]
            lits += [1 - m[c] for role in ("core", "peripheral") for c in cfg[role]["absent"]]
            assert float(row[3 + j]) == pytest.approx(min(lits), abs=1e-6)
        follows = [cid for j, cid in enumerate(ids) if float(row[3 + j]) > 0.5]
        path = row[3 + len(ids)]
        assert path.startswith("0 " + ", ".join(follows)) if follows else path.startswith("1 ")
        for k, c in enumerate(conds):
            assert int(row[4 + len(ids) + k]) == 1 + sum(v[c] > m[c] for v in mem.values())
    assert "<script>" in text and "table.sortable" in text


def _svg_of(res, name, lang="en"):
    spec = next(s for s in figure_specs(res, lang) if s.name.startswith(name))
    return render(spec, ("svg",))["svg"].decode("utf-8")


def test_synthetic_stamp_is_on_figures_from_synthetic_data_only():
    from digigov.figures import STAMP_GID

    res = _results()
    assert res["study"]["synthetic"]
    specs = figure_specs(res, "zh")
    assert specs and all(s.stamp == STRINGS["zh"]["synthetic_stamp"] for s in specs)
    assert f'id="{STAMP_GID}"' in _svg_of(res, "xy_config")
    res["study"]["synthetic"] = False
    assert all(s.stamp == "" for s in figure_specs(res, "en"))
    assert STAMP_GID not in _svg_of(res, "xy_config")


def test_comparison_chart_carries_the_stamp():
    from digigov.compare import compare_provinces, _bar_chart
    from digigov.figures import STAMP_GID

    res = _results()
    (comp,) = compare_provinces(res, ["Zhejiang"])
    svg = render(_bar_chart(res, comp, "en"), ("svg",))["svg"].decode("utf-8")
    assert f'id="{STAMP_GID}"' in svg


def test_configuration_names_from_results_reach_headings_and_captions():
    res = _results()
    res["configurations"][0]["name"] = {"zh": "协调主导型", "en": "coordination-led"}
    cid = res["configurations"][0]["id"]
    caps = {s.name: s.caption for s in figure_specs(res, "en")}
    assert caps[f"map_config_{cid}"] == f"Membership in configuration {cid} (coordination-led)"
    assert caps[f"xy_config_{cid}"].startswith(f"Configuration {cid} (coordination-led)")
    text = render_report(res, "zh", figures=[])
    assert f"组态 {cid}（协调主导型）：" in text
    other = res["configurations"][1]["id"]
    assert f"<h3>组态 {other}</h3>" in text         # no name: the id alone
