"""Panel studies: the bundled panel example end to end, panel validation, calibration modes, generator."""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import fsqca
from digigov.variants import panel as panel_step
from digigov.pipeline import run_study, write_run
from digigov.schema import validate_results
from digigov.study import EXAMPLE_PANEL, load_study
from indicators import data_path

REPO = Path(__file__).resolve().parents[2]
CSV = data_path("example_panel.csv")


@pytest.fixture(scope="session")
def panel_run():
    return run_study(EXAMPLE_PANEL, progress=False)


@pytest.fixture(scope="session")
def panel_folder(panel_run, tmp_path_factory):
    return write_run(panel_run, tmp_path_factory.mktemp("panel") / "out", figures=False, report=False)


def _design() -> dict[str, str]:
    """The generator's header line: which term strengthens and which weakens."""
    line = next(ln for ln in CSV.read_text(encoding="utf-8").splitlines() if "Design check" in ln)
    return {m.group(2): m.group(1) for m in re.finditer(r"([~\w*]+) (strengthens|weakens)", line)}


def _study_text(csv: Path, **panel) -> str:
    opts = "".join(f"\n  {k}: {str(v).lower() if isinstance(v, bool) else v}" for k, v in panel.items())
    return (f"data: {{file: {csv.name}, provinces: true}}\npanel:\n  unit: province\n  period: year{opts}\n"
            "outcome: P\nconditions: [G, T]\n")


def _load(tmp_path, df: pd.DataFrame, **panel):
    csv = tmp_path / "panel.csv"
    df.to_csv(csv, index=False)
    study_file = tmp_path / "study.yaml"
    study_file.write_text(_study_text(csv, **panel), encoding="utf-8")
    return panel_step.load_data(load_study(study_file))


def _example() -> pd.DataFrame:
    return pd.read_csv(CSV, comment="#")


def test_panel_example_runs_and_validates(panel_run, panel_folder):
    r = json.loads((panel_folder / "results.json").read_text(encoding="utf-8"))
    validate_results(r)
    assert r["study"]["synthetic"] is True
    assert len(r["memberships"]) == 31 * 5 and "Zhejiang 2021" in r["memberships"]
    p = r["panel"]
    assert p["periods"] == ["2019", "2020", "2021", "2022", "2023"] and p["calibration"] == "pooled"
    assert any("pooled over all unit-periods" in n for n in p["notes"])
    assert {(c["by"], c["relation"]) for c in p["clusters"]} == {
        ("period", "sufficiency"), ("period", "necessity"), ("region", "sufficiency"), ("region", "necessity")}
    regions = next(c for c in p["clusters"] if c["by"] == "region")
    assert {b["cluster"] for b in regions["terms"][0]["between"]} == {"east", "central", "west", "northeast"}
    for name in ("necessity_combinations.csv", "esa_excluded_rows.csv", "case_selection.csv",
                 "cluster_period_sufficiency.csv", "cluster_within_unit.csv"):
        assert (panel_folder / "tables" / name).read_bytes().startswith("\ufeff".encode())


def test_between_consistency_by_year_is_setmethods_formula(panel_run):
    """Between consistency of a term in a year = sum min(X, Y) / sum X over that year's provinces."""
    res = panel_run.results
    cl = next(c for c in res["panel"]["clusters"] if c["by"] == "period" and c["relation"] == "sufficiency")
    m = panel_run.memberships
    entry = cl["terms"][1]
    (term,) = fsqca.parse_expression(entry["term"], list(m.columns))
    x = pd.concat([m[c] if v else 1 - m[c] for c, v in term], axis=1).min(axis=1)
    year = m.index.str.rsplit(" ", n=1).str[1]
    for b in entry["between"]:
        sel = year == b["cluster"]
        expected = np.minimum(x[sel], m.loc[sel, "P"]).sum() / x[sel].sum()
        assert b["incl"] == pytest.approx(expected, abs=1e-8)


def test_strengthening_and_weakening_configurations(panel_run):
    design = _design()
    cl = next(c for c in panel_run.results["panel"]["clusters"]
              if c["by"] == "period" and c["relation"] == "sufficiency")
    between = {e["term"]: [b["incl"] for b in e["between"]] for e in cl["terms"]}
    up, down = between[design["strengthens"]], between[design["weakens"]]
    assert up[-1] > up[0] + 0.05 and np.mean(up[3:]) > np.mean(up[:2])
    assert down[-1] < down[0] - 0.05 and np.mean(down[3:]) < np.mean(down[:2])


def test_diagnostics_in_results(panel_run):
    d = panel_run.results["diagnostics"]
    nc = d["necessity_combinations"]["expressions"]
    assert nc and all(e["inclN"] >= 0.9 - 1e-8 and e["covN"] >= 0.6 - 1e-8 for e in nc)
    esa = d["esa"]
    assert set(esa["types"]) == {2, 3} and esa["rows"] == [r["row"] for r in esa["table"]]
    tt_positive = {r["row"] for r in panel_run.results["truth_table"]["rows"] if r["OUT"] == "1"}
    # contradictory simplifying assumptions are remainders, never observed positive rows
    assert not {r["row"] for r in esa["table"] if r["types"] == "2"} & tt_positive
    typical = [c for c in d["case_selection"]["cases"] if c["type"] == "typical"]
    assert all(c["membership"] > 0.5 and c["outcome"] > 0.5 for c in typical)


def test_unbalanced_panel_names_the_missing_province(tmp_path):
    df = _example()
    df = df[~((df["province"] == "Gansu") & (df["year"] == 2020))]
    with pytest.raises(panel_step.PanelInputError, match=r"missing in year 2020: Gansu"):
        _load(tmp_path, df)
    data, _ = _load(tmp_path, df, allow_unbalanced=True)
    assert len(data) == 31 * 5 - 1 and data.attrs["panel"]["missing"] == {"2020": ["Gansu"]}


def test_duplicate_unit_period_pairs(tmp_path):
    df = _example()
    df = pd.concat([df, df[(df["province"] == "Hubei") & (df["year"] == 2022)]])
    with pytest.raises(panel_step.PanelInputError, match=r"duplicate province-year pair\(s\).*Hubei 2022"):
        _load(tmp_path, df)


def test_unknown_panel_column(tmp_path):
    csv = tmp_path / "panel.csv"
    _example().to_csv(csv, index=False)
    (tmp_path / "study.yaml").write_text(_study_text(csv).replace("period: year", "period: annee"), encoding="utf-8")
    with pytest.raises(panel_step.PanelInputError, match=r"panel.period 'annee' is not a column"):
        panel_step.load_data(load_study(tmp_path / "study.yaml"))


def _anchors_membership(x: pd.Series) -> pd.Series:
    """Independent 95/mean/5 logistic calibration (R's calibrate, fuzzy, logistic)."""
    e, c, i = np.percentile(x, 5), x.mean(), np.percentile(x, 95)
    k = np.log(0.95 / 0.05)
    z = np.where(x >= c, k * (x - c) / (i - c), k * (x - c) / (c - e))
    return pd.Series(1 / (1 + np.exp(-z)), index=x.index)


@pytest.mark.parametrize("mode", ["pooled", "per_period"])
def test_pooled_and_per_period_calibration(tmp_path, mode):
    data, _ = _load(tmp_path, _example(), calibration=mode)
    study = load_study(tmp_path / "study.yaml")
    raw = data[["P", "G", "T"]].astype(float)
    cal = panel_step.calibrate(study, raw, data)
    if mode == "pooled":
        expected = _anchors_membership(raw["G"])
    else:
        expected = pd.concat([_anchors_membership(g) for _, g in raw["G"].groupby(data["year"])]).loc[raw.index]
    assert np.allclose(cal.data["G"], expected, atol=1e-6)
    by_year = cal.data["G"].groupby(data["year"]).mean()
    # the example drifts upwards every year: pooled anchors show it, per-year anchors remove it
    if mode == "pooled":
        assert by_year.is_monotonic_increasing and by_year.iloc[-1] - by_year.iloc[0] > 0.03
        assert set(cal.report["period"]) == {"pooled"}
    else:
        assert by_year.max() - by_year.min() < 0.03
        assert len(cal.report) == 3 * 5


def test_generator_is_deterministic():
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import build_panel_example
    finally:
        sys.path.remove(str(REPO / "scripts"))
    text, _ = build_panel_example.build(0)
    assert text.encode("utf-8") == CSV.read_bytes()


def test_compare_adds_year_over_year(panel_folder, tmp_path):
    from digigov.compare import write_comparison
    from digigov.methods.panel.compare import year_over_year

    page = write_comparison(panel_folder, ["浙江", "Sichuan"], tmp_path / "c.html", lang="en").read_text(encoding="utf-8")
    assert 'id="year-over-year"' in page and 'id="yoy-Zhejiang"' in page and 'id="yoy-Sichuan"' in page
    r = json.loads((panel_folder / "results.json").read_text(encoding="utf-8"))
    table = year_over_year(r, "Zhejiang")
    assert list(table.index) == r["panel"]["periods"]
    assert table.loc["2019", "P"] == pytest.approx(r["memberships"]["Zhejiang 2019"]["P"])
    assert list(table.columns[1:]) == [str(c["id"]) for c in r["configurations"]]
    # the Word file of the comparison: the side-by-side table of the latest year first, the years last
    import docx

    doc = docx.Document(str(write_comparison(panel_folder, ["浙江", "Sichuan"], tmp_path / "c.docx", lang="en")))
    captions = [p.text for p in doc.paragraphs if p.text.startswith("Table ")]
    assert captions[0].endswith("The compared provinces side by side")
    assert captions[-2:] == [f"Table {len(captions) - 1}. Zhejiang: Year over year",
                             f"Table {len(captions)}. Sichuan: Year over year"]
    last = r["panel"]["periods"][-1]
    side = {row.cells[0].text: row for row in doc.tables[0].rows}
    outcome = next(k for k in side if k.startswith("Outcome:"))
    assert side[outcome].cells[1].text.split()[0] == f"{r['memberships'][f'Zhejiang {last}']['P']:.3f}"
    years = doc.tables[-2]
    assert [row.cells[0].text for row in years.rows[1:]] == r["panel"]["periods"]
    assert years.rows[1].cells[1].text == f"{r['memberships']['Zhejiang 2019']['P']:.3f}"


def test_report_sections(panel_run):
    from digigov.methods import REGISTRY
    from digigov.report import figure_specs
    from digigov.view import ResultsView

    view = ResultsView(panel_run.results)
    figures = [(spec, b"") for spec in figure_specs(view, "en")]     # no drawing: the layout only
    secs = {s.anchor: s.body for m in REGISTRY if m.name in ("diagnostics", "panel")
            for s in m.sections(view, "en", figures) if s.heading}
    assert set(secs) == {"diagnostics", "panel", "summary"}
    assert "superSubset" in secs["diagnostics"] and "findRows" in secs["diagnostics"]
    # the consistency-over-time figure belongs to the findings (the summary), once
    assert 'id="fig-panel_consistency_over_time"' in secs["summary"]
    assert 'id="fig-panel_consistency_over_time"' not in secs["panel"]
    n_configs = len(panel_run.results["configurations"])
    assert secs["panel"].count('id="fig-panel_heatmap_config_') == n_configs


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_report_leads_with_what_changed_over_time(panel_run, lang):
    import html as htmlmod

    from digigov.methods.panel.findings import change_over_time
    from digigov.report import figure_specs, render_report
    from digigov.view import ResultsView

    view = ResultsView(panel_run.results)
    page = render_report(view, lang, figures=[(spec, b"") for spec in figure_specs(view, lang)])
    order = re.findall(r'<section class="[^"]*" id="([^"]+)">', page)
    # the summary first, the panel section right after it (it was the last of 15)
    assert order[:3] == ["summary", "panel", "ranking"]
    summary = htmlmod.unescape(page[page.index('id="summary"'):page.index("</section>", page.index('id="summary"'))])
    # the change over time leads the findings, before the configurations, with the figure
    assert summary.index('id="panel-findings"') < summary.index('class="lead"')
    assert summary.index('id="fig-panel_consistency_over_time"') < summary.index('class="lead"')
    # the configurations the generator made strengthen and weaken are the ones named as the
    # largest rise and fall, with their first and last consistency and coverage
    design = _design()
    ids = {c["term"]: str(c["id"]) for c in panel_run.results["configurations"]}
    rows = {r["term"]: r for r in change_over_time(panel_run.results)}
    rise, fall = ("一致性上升最多", "一致性下降最多") if lang == "zh" else ("Largest rise", "Largest fall")
    for word, term in ((rise, design["strengthens"]), (fall, design["weakens"])):
        row = rows[term]
        line = next(ln for ln in re.findall(r"<p>(.*?)</p>", summary) if ln.startswith(word))
        name = ("组态 " if lang == "zh" else "configuration ") + ids[term]
        assert name in line, line
        for value in (row["incl"][0], row["incl"][-1], row["cov"][0], row["cov"][-1]):
            assert f"{value:.3f}" in line
    # the solution's consistency in each year, the pooled value and both distances, with numbers
    sol = rows["solution"]
    lead = re.findall(r"<p>(.*?)</p>", summary[summary.index('id="panel-findings"'):])[0]
    for period, value in zip(panel_run.results["panel"]["periods"], sol["incl"]):
        assert f"{period} {value:.3f}" in lead
    for value in (sol["pooled"]["incl"], sol["dist_between"], sol["dist_within"]):
        assert f"{value:.3f}" in lead
    # the compact table: the solution and every configuration, one column per year
    table = summary[summary.index('id="panel-change-over-time"'):summary.index("</table>",
                                                                             summary.index('id="panel-change-over-time"'))]
    assert table.count("<tr>") == 1 + 1 + len(ids)
    assert all(f"<th>{p}</th>" in table for p in panel_run.results["panel"]["periods"])
    # the province ranking lists the latest period's provinces, not every unit-period
    ranking = page[page.index('id="ranking"'):page.index("</section>", page.index('id="ranking"'))]
    units = panel_run.results["panel"]["units"]
    assert ranking.count("<tr") == 1 + len(units) < len(panel_run.results["memberships"])
    assert f"{len(panel_run.results['memberships'])}" in ranking and "tables/memberships.csv" in ranking


def test_cli_example_flags_are_exclusive(capsys):
    from digigov.cli import main

    assert main(["run", "--example", "--example-panel", "--out", "unused"]) == 2
    assert "--example-panel" in capsys.readouterr().err


def test_the_report_names_unit_and_period_by_the_study_labels(panel_run):
    """The study's labels of its unit and period columns name them in the report, as in the
    app; without labels the report's own words (省份, 年份) stay."""
    import copy
    import html as htmlmod

    from digigov.methods.panel.report import panel_notes
    from digigov.report import figure_specs, render_report
    from digigov.view import ResultsView

    plain = ResultsView(panel_run.results)
    n = (len(panel_run.results["panel"]["units"]), len(panel_run.results["panel"]["periods"]))
    assert f"{n[0]} 个省份 × {n[1]} 个年份" in panel_notes(plain, "zh")[0]
    results = copy.deepcopy(panel_run.results)
    results["study"]["labels"] = {**results["study"].get("labels", {}),
                                  "year": {"zh": "年度", "en": "wave"}, "province": {"zh": "地区"}}
    view = ResultsView(results)
    n_units, n_periods = len(results["panel"]["units"]), len(results["panel"]["periods"])
    assert panel_notes(view, "zh")[0].startswith(f"面板：{n_units} 个地区 × {n_periods} 个年度")
    assert f"{n_units} province(s) x {n_periods} wave(s)" in panel_notes(view, "en")[0]
    for lang, period, unit in (("zh", "年度", "地区"), ("en", "wave", "province")):
        page = htmlmod.unescape(render_report(view, lang, figures=[(s, b"") for s in figure_specs(view, lang)]))
        findings = page[page.index('id="panel-findings"'):page.index("</table>", page.index('id="panel-change-over-time"'))]
        assert f"{n_periods} {'个' if lang == 'zh' else ''}{period}" in findings
        assert unit in findings
        if lang == "zh":
            assert "年份" not in findings
