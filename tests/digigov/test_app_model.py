"""The workbench's model without a browser: saved studies reproduce, studies reopen, bad files are named.

The reproducibility check runs the public entry point ``digigov run`` on the study the workbench
saved and compares its ``results.json`` with the workbench's own numbers, exactly.
"""
from __future__ import annotations

import json
import re
import zipfile

import pandas as pd
import pytest

from digigov.app import datain, model, studyio
from digigov.cli import main


@pytest.fixture(scope="module")
def example():
    return studyio.example_workbench()


def _run(study, out):
    assert main(["run", str(study), "--out", str(out), "--no-figures", "--no-report", "--quiet"]) == 0
    return json.loads((out / "results.json").read_text(encoding="utf-8"))


def _same_numbers(results, shown):
    assert results["memberships"] == shown["memberships"]
    assert [{k: r[k] for k in ("row", "OUT", "n", "incl", "PRI")} for r in results["truth_table"]["rows"]] \
        == shown["truth_table"]["rows"]
    for kind in ("complex", "parsimonious", "intermediate"):
        assert [{"expression": m["expression"], "fit": m["fit"]} for m in results["solutions"][kind]["models"]] \
            == shown["solutions"][kind]
    assert results["solution_fit"] == shown["solution_fit"]


def test_saved_study_reproduces_every_number(example, tmp_path, capsys):
    # anchors moved (a percentile, a raw value), cut-offs moved, one directional expectation
    wb = example.with_(anchors={**example.anchors, "G": {"exclusion": "p10", "crossover": "median", "inclusion": 90.0}},
                       incl_cut=0.85, pri_cut=0.6, dir_exp={"Cs": "1"})
    a = model.analyse(wb)
    study, _ = studyio.study_files(wb, tmp_path / "study")
    results = _run(study, tmp_path / "out")
    _same_numbers(results, model.numbers(wb, a))
    # the raw anchor of G is the number given, its crossover the median of G
    g = next(r for r in results["calibration"] if r["column"] == "G")
    assert g["inclusion"] == 90.0 and g["crossover"] == pytest.approx(wb.data["G"].median())


def test_saved_zip_reopens_with_the_same_settings(example, tmp_path):
    wb = example.with_(incl_cut=0.9, n_cut=2, dir_exp={"G": "1", "R": "0"},
                       anchors={**example.anchors, "T": {"exclusion": "p20", "crossover": "mean", "inclusion": "p80"}})
    z = tmp_path / "study.zip"
    z.write_bytes(studyio.study_zip(wb, "zh"))
    assert sorted(zipfile.ZipFile(z).namelist()) == ["data.csv", "study.yaml"]
    back = studyio.open_study([("study.zip", z)])
    assert (back.incl_cut, back.n_cut, back.dir_exp) == (0.9, 2, {"G": "1", "R": "0"})
    assert back.anchor("T") == {"exclusion": "p20", "crossover": "mean", "inclusion": "p80"}
    pd.testing.assert_frame_equal(back.data, wb.data[[wb.outcome, *wb.conditions]])
    assert model.numbers(back, model.analyse(back)) == model.numbers(wb, model.analyse(wb))


def test_province_names_in_any_spelling_are_recognised(tmp_path):
    p = tmp_path / "gbk.csv"
    p.write_bytes("省份,Y,X1,X2\n浙江省,1,2,3\n北京,2,3,1\n330000,3,1,2\n".encode("gbk"))
    with pytest.raises(model.UserInputError, match="listed twice"):
        datain.load_table(p)
    p.write_bytes("省份,Y,X1,X2\n浙江省,1,2,3\n北京,2,3,1\nguangdong,3,1,2\n".encode("gbk"))
    table, case_col, skipped = datain.load_table(p)
    assert case_col == "省份" and list(table.index) == ["Zhejiang", "Beijing", "Guangdong"] and not skipped


@pytest.mark.parametrize("content, message", [
    (bytes(range(256)) * 8, "bad.csv"),
    ("province,Y,X\n浙江,1,2\nZhejaing,2,3\n北京,3,1\n".encode(), "'Zhejaing' in column 'province' is not a province"),
    (b"case,Y\na,1\nb,2\n", "needs a case column and at least two numeric columns"),
    (b"case,Y,X\n=cmd(),1,2\nb,2,1\n", "case in column 'case' '=cmd()' starts like a spreadsheet formula"),
])
def test_bad_files_are_named(tmp_path, content, message):
    p = tmp_path / "bad.csv"
    p.write_bytes(content)
    with pytest.raises(model.UserInputError, match=re.escape(message)):
        datain.load_table(p)


def test_text_column_is_left_out_with_its_reason(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("case,Y,X1,X2,note\na,1,2,3,x\nb,2,3,1,y\nc,3,1,4,z\n", encoding="utf-8")
    table, _, skipped = datain.load_table(p)
    assert list(table.columns) == ["Y", "X1", "X2"]
    assert skipped == ["column 'note' has text ('x' for case 'a'): left out"]


def test_anchor_text():
    assert model.parse_anchor("p2.5") == "p2.5" and model.parse_anchor("Median") == "median"
    with pytest.raises(model.UserInputError):
        model.parse_anchor("inf")


def test_own_csv_saved_and_reproduced(tmp_path):
    # one's own data: Chinese province names (GBK, as Excel saves on a Chinese Windows machine),
    # not all 31 provinces, one text column; saved and run by `digigov run`
    import numpy as np

    rng = np.random.default_rng(7)
    names = ["北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江", "安徽"]
    rows = ["省份,备注,Y,A,B,C"] + [f"{n},x{i},{rng.uniform(0, 100):.3f},{rng.uniform(0, 10):.4f},"
                                    f"{rng.uniform(0, 1):.5f},{rng.integers(0, 50)}" for i, n in enumerate(names)]
    p = tmp_path / "own.csv"
    p.write_bytes(("\n".join(rows) + "\n").encode("gbk"))
    table, case_col, skipped = datain.load_table(p)
    assert skipped == ["column '备注' has text ('x0' for case 'Beijing'): left out"]
    wb = datain.workbench_from_table(table, case_col, "own.csv", skipped)
    assert (wb.outcome, wb.conditions, wb.provinces) == ("C", ("Y", "A", "B"), False)
    wb = wb.with_(outcome="Y", conditions=("A", "B", "C"), incl_cut=0.75, pri_cut=0.4)
    a = model.analyse(wb)
    study, _ = studyio.study_files(wb, tmp_path / "study")
    results = _run(study, tmp_path / "out")
    shown = model.numbers(wb, a)
    assert results["memberships"] == shown["memberships"]
    assert [{k: r[k] for k in ("row", "OUT", "n", "incl", "PRI")} for r in results["truth_table"]["rows"]] \
        == shown["truth_table"]["rows"]
    for kind in ("complex", "parsimonious", "intermediate"):
        assert [{"expression": m["expression"], "fit": m["fit"]} for m in results["solutions"][kind]["models"]] \
            == shown["solutions"][kind]


def test_classic_dataset_is_explored_but_not_saved():
    # Lipset's LF (already memberships): R QCA's parsimonious solution at incl_cut 0.8 is
    # DEV*~IND + URB*STB (Dusa 2019; docs/teaching.md quotes it)
    wb = studyio.classic_workbench("LF")
    assert (wb.outcome, wb.conditions, wb.calibrated) == ("SURV", ("DEV", "URB", "LIT", "IND", "STB"), True)
    a = model.analyse(wb)
    assert a.calibration is None and a.memberships.shape == (18, 6)
    assert [m.expression for m in a.solutions["parsimonious"].models] == ["DEV*~IND + URB*STB"]
    with pytest.raises(model.UserInputError, match="memberships already"):
        studyio.study_zip(wb)


def test_app_command_without_the_extra_is_one_clear_line(monkeypatch, capsys):
    import sys

    monkeypatch.setitem(sys.modules, "shiny", None)      # as if the 'app' extra were not installed
    assert main(["app", "--no-browser"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == "digigov: error: the workbench needs the 'app' extra: pip install \"digigov-qca[app]\""


def test_opening_a_faulty_study_names_file_line_and_key(tmp_path):
    y = tmp_path / "bad.yaml"
    y.write_text("data: {file: d.csv}\noutcome: Y\nconditions: [A]\ntruth_tabel: {incl_cut: 0.8}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.yaml, line 4: truth_tabel: unknown key; did you mean 'truth_table'"):
        studyio.open_study([("bad.yaml", y)])
    with pytest.raises(model.UserInputError, match="found 0 study file"):
        studyio.open_study([("d.csv", y)])


def test_case_column_is_chosen_by_name_or_by_the_user(tmp_path):
    p = tmp_path / "c.csv"
    p.write_text("group,name,Y,X1,X2\ng1,a,1,2,3\ng1,b,2,3,1\ng2,c,3,1,4\n", encoding="utf-8")
    # 'group' repeats, so 'name' (a case header, one value per row) names the cases
    table, case_col, skipped = datain.load_table(p)
    assert case_col == "name" and list(table.index) == ["a", "b", "c"]
    assert skipped == ["column 'group' has text ('g1' for case 'a'): left out"]
    with pytest.raises(model.UserInputError, match="case\\(s\\) listed twice in column 'group': g1"):
        datain.load_table(p, case_column="group")


def test_sensitivity_rows_are_the_analyses_at_each_cut(example):
    rows = model.sensitivity(example, (0.8, 0.95))
    for r in rows:
        a = model.analyse(example.with_(incl_cut=r["incl_cut"]))
        assert r["parsimonious"] == [m.expression for m in a.solutions["parsimonious"].models]
        assert r["n_sufficient"] == sum(1 for x in a.truth_table.to_dict()["rows"] if x["OUT"] == "1")
    # a stricter cut-off never makes more rows sufficient
    assert rows[0]["n_sufficient"] >= rows[1]["n_sufficient"]


# ------------------------------------------------------------------ panel studies
@pytest.fixture(scope="module")
def panel():
    from digigov.app.bridge import example_panel_path

    return studyio.workbench_from_study(example_panel_path())


def test_panel_opens_pooled_and_saved_panel_reproduces(panel, tmp_path):
    from digigov.app import panelview

    assert panel.panel["view"] == panelview.POOLED and len(panel.data) == 155
    assert "POOLED" in panelview.describe(panel, "en") and "合并面板" in panelview.describe(panel, "zh")
    wb = panel.with_(incl_cut=0.85)
    study, data = studyio.study_files(wb, tmp_path / "study")
    head = data.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert head[:2] == ["province", "year"]          # long data: unit and period columns
    results = _run(study, tmp_path / "out")
    a = model.analyse(wb)
    _same_numbers(results, model.numbers(wb, a))
    # the pooled view's panel tables: tests/digigov/test_app_panel.py


def test_panel_period_is_the_pooled_memberships_and_saved_period_reproduces(panel, tmp_path):
    from digigov.app import panelview

    one = panelview.select_view(panel.with_(pri_cut=0.6), "2022")
    assert one.pri_cut == 0.6 and one.provinces and len(one.data) == 31
    a, pooled = model.analyse(one), model.analyse(panel)
    expected = pooled.memberships.loc[[f"{p} 2022" for p in one.data.index]].set_axis(one.data.index)
    pd.testing.assert_frame_equal(a.memberships, expected, check_names=False)
    assert "2022" in panelview.describe(one, "en") and "2022" in panelview.describe(one, "zh")
    study, _ = studyio.study_files(one, tmp_path / "study")
    spec = studyio.study_spec(one)
    assert "panel" not in spec and "pooled panel's calibration" in spec["data"]["note"]
    _same_numbers(_run(study, tmp_path / "out"), model.numbers(one, a))
    # and back: the pooled panel with the panel's anchors
    back = panelview.select_view(one, panelview.POOLED)
    assert len(back.data) == 155 and back.anchors == panel.anchors
    with pytest.raises(model.UserInputError, match="period '1999' is not in the panel"):
        panelview.select_view(panel, "1999")


def test_panel_zip_reopens(panel, tmp_path):
    z = tmp_path / "panel.zip"
    z.write_bytes(studyio.study_zip(panel.with_(n_cut=2), "en"))
    back = studyio.open_study([("panel.zip", z)])
    assert back.panel["view"] == "pooled" and back.n_cut == 2
    assert model.numbers(back, model.analyse(back)) == model.numbers(panel.with_(n_cut=2),
                                                                     model.analyse(panel.with_(n_cut=2)))


# ------------------------------------------------------------------ long steps
def test_nca_test_is_what_digigov_run_computes_and_progress_can_stop_it(example, tmp_path):
    import fsqca

    seen = []
    res = model.nca_test(example, 300, 7, progress=lambda done, total: seen.append(done))
    assert seen[-1] == 300 and len(seen) == 100 and seen == sorted(seen)
    plain = fsqca.nca(example.data[[example.outcome, *example.conditions]], example.outcome,
                      list(example.conditions), test_rep=300, seed=7)
    pd.testing.assert_frame_equal(res.to_frame(), plain.to_frame())

    class Stop(Exception):
        pass

    def stop(done, total):
        if done >= 30:
            raise Stop

    with pytest.raises(Stop):
        model.nca_test(example, 300, 7, progress=stop)
    # the saved study runs the same test: results.json has the p-values shown
    wb = model.with_nca_test(example, 300, 7)
    results = _run(studyio.study_files(wb, tmp_path / "s")[0], tmp_path / "out")
    shown = {e["condition"]: {c: m["p_value"] for c, m in e["ceilings"].items()} for e in res.to_dict()["conditions"]}
    assert {e["condition"]: {c: m["p_value"] for c, m in e["ceilings"].items()}
            for e in results["nca"]["conditions"]} == shown
    # the study's robustness plan, run in the page, is the saved study's
    seen = []
    rob = studyio.robustness_plan(wb, progress=lambda fraction, text: seen.append(text))
    assert seen == ["incl_cut 0.75", "incl_cut 0.85", "n_cut 2", "90/median/10, PRI 0.7"]
    assert rob.results["robustness"]["tests"] == results["robustness"]["tests"]
    # the verdict shown is the report's, through the registry's hook
    from digigov.app import bridge
    relations = [r["relation"] for r in results["robustness"]["tests"]]
    assert set(relations) <= {"identical", "subset", "superset"}           # every test keeps the solution
    assert bridge.verdicts(rob.results) == [("robust", {r: relations.count(r) for r in dict.fromkeys(relations)})]
    with pytest.raises(model.UserInputError, match="no robustness plan"):
        studyio.robustness_plan(wb.with_(kept={}))


def test_sweep_stops_at_the_next_cut_off_when_cancelled(example):
    from digigov.app.longtask import Cancelled

    calls = []

    def progress(fraction, text):
        calls.append(text)
        if len(calls) == 2:
            raise Cancelled()

    with pytest.raises(Cancelled):
        model.sensitivity(example, progress=progress)
    assert calls == ["incl_cut 0.75", "incl_cut 0.8"]


def test_per_period_panel_opens_on_its_latest_period_and_reproduces(tmp_path):
    from digigov.app import panelview
    from digigov.app.bridge import example_panel_path

    text = example_panel_path().read_text(encoding="utf-8").replace("calibration: pooled", "calibration: per_period")
    path = tmp_path / "per_period.yaml"
    path.write_text(text, encoding="utf-8")
    wb = studyio.workbench_from_study(path)
    assert wb.panel["view"] == "2023" and not panelview.pooled_offered(wb)
    with pytest.raises(model.UserInputError, match="per_period"):
        panelview.select_view(wb, panelview.POOLED)
    # the period's own percentiles: its memberships are those of a cross-section of that period
    assert wb.anchor("P") == {"exclusion": "p5", "crossover": "mean", "inclusion": "p95"}
    one = panelview.select_view(wb, "2020")
    study, _ = studyio.study_files(one, tmp_path / "study")
    assert "per-period calibration" in studyio.study_spec(one)["data"]["note"]
    shown = model.numbers(one, model.analyse(one))
    _same_numbers(_run(study, tmp_path / "out"), shown)
    # and they are the memberships `digigov run` gives the panel's 2020 unit-periods
    panel_results = _run(path, tmp_path / "panel_out")
    assert {u: panel_results["memberships"][f"{u} 2020"] for u in shown["memberships"]} == shown["memberships"]
