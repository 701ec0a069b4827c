"""The study's robustness plan runs the solution against chance (``robustness.chance``:
Braumoeller 2015; R's braQCA): results.json, the CSV tables, the report, the run's summary and
bad settings."""
from __future__ import annotations

import json
from types import SimpleNamespace

import pandas as pd
import pytest

import fsqca
from digigov.cli import main
from digigov.pipeline import run_study, write_run
from digigov.schema import validate_results
from digigov.study import EXAMPLE_STUDY

PLAN = "  chance: {permutations: 200, seed: 3, solution: parsimonious}\n"


def _study(tmp_path, chance_line: str = PLAN):
    text = EXAMPLE_STUDY.read_text(encoding="utf-8")
    assert "  n_jobs: 1\n" in text
    path = tmp_path / "study.yaml"
    path.write_text(text.replace("  n_jobs: 1\n", "  n_jobs: 1\n" + chance_line, 1), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def chance_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("chance")
    run = run_study(_study(folder), progress=False)
    return run, write_run(run, folder / "out", figures=False, report=False)


def test_results_hold_the_test_of_the_study_solution(chance_run):
    run, _ = chance_run
    got = run.results["chance_test"]
    # the same test through the package's own API, from the run's memberships and cut-offs
    r = run.results
    data = pd.DataFrame(r["memberships"]).T
    ic1, ic0 = r["truth_table"]["incl_cut"]   # [ic1, ic0]; ic0 None when one cut-off is given
    assert ic0 is None
    tt = fsqca.truth_table(data, r["study"]["outcome"], r["study"]["conditions"],
                           incl_cut=ic1, pri_cut=r["truth_table"]["pri_cut"],
                           n_cut=r["truth_table"]["n_cut"])
    want = fsqca.chance_test(fsqca.minimize(tt, "parsimonious"), 200, seed=3, progress=False)
    assert got["solution"] == "parsimonious" and got["permutations"] == 200 and got["seed"] == 3
    for key in ("observed_model", "matches", "with_solution", "as_consistent", "as_covering", "distinct_tables"):
        assert got[key] == getattr(want, key), key
    assert got["p_value"] == pytest.approx((want.matches + 1) / 201)
    assert 0 < got["p_accuracy"] < 0.05
    # no run time in results.json: the same study gives the same file
    assert not any(n.rstrip(".").endswith(" s") for n in got["notes"])


def test_tables_report_and_summary(chance_run):
    from digigov.report import figure_specs, render_report
    from digigov.view import ResultsView

    run, out = chance_run
    got = run.results["chance_test"]
    draws = pd.read_csv(out / "tables" / "chance_draws.csv")
    assert len(draws) == 200 and int(draws["match"].sum()) == got["matches"]
    summary = pd.read_csv(out / "tables" / "chance_test.csv")
    assert summary["count"].tolist()[:2] == [got["matches"], got["with_solution"]]
    written = json.loads((out / "results.json").read_text(encoding="utf-8"))
    validate_results(written)
    assert written["chance_test"]["seed"] == 3
    view = ResultsView(run.results)
    for lang, word in (("en", "p-value"), ("zh", "p 值")):
        page = render_report(view, lang, figures=[(s, b"") for s in figure_specs(view, lang)])
        table = page[page.index('id="chance-test"'):]
        table = table[:table.index("</table>")]
        assert word in table and f"{got['p_value']:.4f}" in table and "200 (3)" in table
        assert 'id="chance-finding"' in page
    # the workbook's sheet speaks the export's language (the CSV keeps the run's English)
    import io

    import openpyxl

    from digigov.export import xlsx_bytes

    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(view, out, "zh")))
    sheet = book["解与随机的比较"]
    cells = [str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None]
    assert "一致性与覆盖度均不低于原模型的置换" in cells and not any("permutations with" in c for c in cells)
    assert "解与随机：各次置换" in book.sheetnames
    line = next(ln for ln in run.summary().splitlines() if "Against chance" in ln)
    assert f"p = {got['p_value']:.4f}" in line and "Seed 3, parsimonious solution" in line


@pytest.mark.parametrize("line, message", [
    ("  chance: {permutations: 0}\n", "robustness.chance.permutations"),
    ("  chance: {permutations: 100000}\n", "robustness.chance.permutations"),
    ("  chance: {solution: best}\n", "robustness.chance.solution"),
    ("  chance: {seed: -1}\n", "robustness.chance.seed"),
    ("  chance: {permutation: 10}\n", "permutation"),
])
def test_bad_settings_are_one_line_before_any_computation(tmp_path, capsys, line, message):
    assert main(["run", str(_study(tmp_path, line)), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    errors = [ln for ln in err.splitlines() if "error" in ln]
    assert len(errors) == 1 and message in errors[0] and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_a_solution_without_a_model_is_reported_not_tested():
    from digigov.methods.robustness.chance import chance_html, run_chance

    empty = SimpleNamespace(models=[])
    study = SimpleNamespace(spec={"robustness": {"chance": {"solution": "complex"}}})
    got = run_chance(study, {"complex": empty}, progress=False)
    assert got == {"skipped": "no model", "permutations": 1000, "seed": 1, "solution": "complex"}
    assert "no model" in chance_html({"chance_test": got}, "en")
    assert run_chance(SimpleNamespace(spec={"robustness": {"incl_cuts": [0.9]}}), {}, progress=False) is None
