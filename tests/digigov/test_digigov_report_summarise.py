"""The report summarises what lists cases or rows (one rule: digigov.tables.REPORT_ROWS) and
says where the rest are; the CSV tables stay complete; the ESA list is counted by reason."""
from __future__ import annotations

import html as htmllib
import json
import re

import numpy as np
import pandas as pd
import pytest

from digigov.methods.diagnostics.report import esa_counts
from digigov.report import render_report
from digigov.tables import REPORT_ROWS, case_list, head_rows, rows_note
from digigov.view import ResultsView

N = 3000
STUDY = """\
study: {{title: "Summarised report, {n} generated cases"}}
data: {{file: data.csv, case_column: case, synthetic: true}}
outcome: Y
conditions: [C1, C2, C3, C4, C5]
calibration:
  anchors: {{inclusion: p95, crossover: median, exclusion: p5}}
  avoid_half: 0.001
truth_table: {{incl_cut: 0.8, pri_cut: 0.5, n_cut: 2}}
minimize: {{max_models: 5}}
report: {{language: en, maps: false}}
"""


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    from digigov.pipeline import run_study, write_run

    folder = tmp_path_factory.mktemp("big")
    rng = np.random.default_rng(3)
    x = rng.uniform(0, 100, size=(N, 5))
    y = np.clip(np.maximum(np.minimum(x[:, 0], x[:, 1]), np.minimum(x[:, 2], 100 - x[:, 3]))
                + rng.normal(0, 15, N), 0, 100)
    df = pd.DataFrame(np.round(x, 2), columns=[f"C{i}" for i in range(1, 6)])
    df.insert(0, "case", [f"unit{i:05d}" for i in range(N)])
    df["Y"] = np.round(y, 2)
    df.to_csv(folder / "data.csv", index=False)
    (folder / "study.yaml").write_text(STUDY.format(n=N), encoding="utf-8")
    out = write_run(run_study(folder / "study.yaml", progress=False), folder / "R", figures=False, report=True)
    return out, json.loads((out / "results.json").read_text(encoding="utf-8"))


def _rows(text: str, table_id: str) -> list[str]:
    body = text[text.index(f'id="{table_id}"'):]
    body = body[:body.index("</table>")]
    return re.findall(r"<tbody>.*", body, flags=re.S)[0].split("<tr")[1:]


def test_ranking_lists_the_best_ranked_and_points_to_the_complete_csv(study):
    out, results = study
    text = (out / "report.html").read_text(encoding="utf-8")
    assert len(_rows(text, "ranking-table")) == REPORT_ROWS
    assert f"the other {N - REPORT_ROWS} are in tables/ranking.csv" in htmllib.unescape(text)
    ranking = pd.read_csv(out / "tables" / "ranking.csv", encoding="utf-8-sig")
    assert len(ranking) == N and set(ranking["case"]) == set(results["memberships"])
    # the report's rows are the first of the CSV (sorted by outcome rank)
    shown = [htmllib.unescape(re.findall(r'data-v="([^"]*)"', r)[1]) for r in _rows(text, "ranking-table")]
    assert shown == list(ranking["case"][:REPORT_ROWS])
    # the path column equals the configurations' memberships (> 0.5), computed by hand here
    m = pd.DataFrame.from_dict(results["memberships"], orient="index")
    for config in results["configurations"]:
        lits = [(c, 1) for r in ("core", "peripheral") for c in config[r]["present"]] + \
               [(c, 0) for r in ("core", "peripheral") for c in config[r]["absent"]]
        member = np.min([m[c] if v else 1 - m[c] for c, v in lits], axis=0) > 0.5
        follows = ranking.set_index("case")["follows"].fillna("").astype(str).reindex(m.index)
        assert (follows.str.split(", ").apply(lambda ids: str(config["id"]) in ids).to_numpy() == member).all()


def test_case_lists_are_cut_with_their_count_and_csv(study):
    out, results = study
    text = htmllib.unescape((out / "report.html").read_text(encoding="utf-8"))
    big = max(results["configurations"], key=lambda c: len(c["cases"]))
    assert len(big["cases"]) > REPORT_ROWS
    more = len(big["cases"]) - REPORT_ROWS
    assert f"and {more} more in tables/configurations.csv" in text
    # every case of the configuration is in the CSV, none dropped
    conf = pd.read_csv(out / "tables" / "configurations.csv", encoding="utf-8-sig", index_col=0)
    listed = conf.loc["Covered cases", str(big["id"])].split(", ")
    assert sorted(listed) == sorted(big["cases"])
    # the truth table shows at most REPORT_ROWS rows; its CSV has them all
    tt = pd.read_csv(out / "tables" / "truth_table.csv", encoding="utf-8-sig")
    assert len(tt) == len(results["truth_table"]["rows"])
    report_rows = _rows(text, "tab-truth_table") if 'id="tab-truth_table"' in text else None
    if report_rows is not None:
        assert len(report_rows) <= REPORT_ROWS
    # no case list in the report names more than REPORT_ROWS cases in one cell
    for cell in re.findall(r"<td>([^<]*)</td>", text):
        assert len([c for c in cell.split(", ") if re.fullmatch(r"unit\d{5}", c)]) <= REPORT_ROWS


def test_the_report_length_does_not_grow_with_the_cases(study):
    out, _ = study
    names = re.findall(r"unit\d{5}", (out / "report.html").read_text(encoding="utf-8"))
    # bounded by the rule, not by the cases: at most REPORT_ROWS truth-table rows of at most
    # REPORT_ROWS cases each, plus the ranking, the configurations' lists and the findings
    assert len(names) <= REPORT_ROWS * REPORT_ROWS + 20 * REPORT_ROWS


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_esa_counts_add_up_and_the_table_is_summarised(lang):
    conds = ["A", "B"]
    types = ["2", "3", "2,3", "2"] * 12
    table = [{"row": i + 1, "A": i % 2, "B": 1, "OUT": 0, "OUT_negated": 1, "types": x} for i, x in enumerate(types)]
    results = ResultsView({"study": {"conditions": conds, "outcome": "Y"},
                           "diagnostics": {"esa": {"table": table}}})
    sentence = esa_counts(table, lang)
    numbers = [int(n) for n in re.findall(r"\d+", sentence)]
    assert numbers[0] == len(table) and sum(numbers[1:]) == len(table)     # hand count: 24 + 12 + 12
    assert sorted(numbers[1:]) == [12, 12, 24]
    from digigov.methods.diagnostics.report import diagnostics_html

    text = diagnostics_html(results, lang)
    assert text.count("<tr>") == REPORT_ROWS + 1                           # header + the first rows
    assert "tables/esa_excluded_rows.csv" in text and str(len(table) - REPORT_ROWS) in text


def test_the_rule_helpers():
    shown, left = head_rows(range(REPORT_ROWS + 7))
    assert len(shown) == REPORT_ROWS and left == 7
    assert rows_note("zh", REPORT_ROWS, "tables/x.csv") == ""
    note = rows_note("zh", REPORT_ROWS + 7, "tables/x.csv")
    assert "tables/x.csv" in note and "7" in note and str(REPORT_ROWS) in note
    cases = [f"c{i}" for i in range(REPORT_ROWS + 3)]
    assert case_list(ResultsView({}), cases, "zh", "tables/y.csv").endswith("等另 3 个，见 tables/y.csv")
    assert case_list(ResultsView({}), cases[:3], "en", "tables/y.csv") == "c0, c1, c2"


def test_a_province_study_is_shown_whole():
    assert REPORT_ROWS >= 34          # 31 mainland provinces (34 units with the special ones)
