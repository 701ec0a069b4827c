"""`digigov init`: a study file from a CSV in the form users have, run without edits."""
from __future__ import annotations

import json

import pytest
import yaml

from digigov.cli import main
from indicators import load_example_study, province_labels


@pytest.fixture(scope="module")
def gbk_csv(tmp_path_factory):
    """Chinese province names and a Chinese case-column header, saved as Excel does on a Chinese
    Windows machine (GBK)."""
    folder = tmp_path_factory.mktemp("own")
    df = load_example_study()[["P", "G", "T", "Cl", "B"]].copy()
    df.insert(0, "省份", province_labels(df.index, "zh"))
    path = folder / "数据.csv"
    df.to_csv(path, index=False, encoding="gbk")
    return path


def test_init_then_run_then_report_without_edits(gbk_csv, capsys):
    study = gbk_csv.parent / "study.yaml"
    before = gbk_csv.read_bytes()
    assert main(["init", str(gbk_csv), "--outcome", "P", "--conditions", "G,T,Cl,B",
                 "--out", str(study)]) == 0
    printed = capsys.readouterr().out
    assert "31 of them China's mainland provinces" in printed
    assert "at 0.5" in printed                    # the preview names the cases at the median
    spec = yaml.safe_load(study.read_text(encoding="utf-8"))
    assert spec["data"] == {"file": "数据.csv", "case_column": "省份", "provinces": True}
    assert spec["report"]["language"] == "zh"
    assert spec["calibration"]["anchors"] == {"inclusion": "p95", "crossover": "median", "exclusion": "p5"}
    assert spec["calibration"]["avoid_half"] == 0.001
    text = study.read_text(encoding="utf-8")
    for choice in ("provinces: true", "anchors:", "avoid_half", "language: zh"):
        line = next(ln for ln in text.splitlines() if choice in ln)
        assert "#" in line, f"the choice {choice!r} is not commented: {line!r}"
    out = gbk_csv.parent / "results"
    assert main(["run", str(study), "--out", str(out), "--quiet", "--no-figures"]) == 0
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert results["study"]["outcome"] == "P" and results["study"]["language"] == "zh"
    assert [c["column"] for c in results["calibration"]] == ["G", "T", "Cl", "B", "P"]
    assert {c["crossover_source"] for c in results["calibration"]} == {"median"}
    assert (out / "report.html").stat().st_size > 10_000
    assert gbk_csv.read_bytes() == before


def test_existing_study_file_and_data_file_are_never_replaced(gbk_csv, capsys):
    study = gbk_csv.parent / "keep.yaml"
    study.write_text("# mine\n", encoding="utf-8")
    assert main(["init", str(gbk_csv), "--outcome", "P", "--conditions", "G,T", "--out", str(study)]) == 2
    assert "exists" in capsys.readouterr().err
    assert study.read_text(encoding="utf-8") == "# mine\n"
    assert main(["init", str(gbk_csv), "--outcome", "P", "--conditions", "G,T", "--out", str(study),
                 "--force"]) == 0
    assert "outcome: P" in study.read_text(encoding="utf-8")


@pytest.mark.parametrize("extra, message", [
    (["合计", 100, 100, 100, 100, 100], "line 33: '合计' looks like a total or average row"),
    (["全国", 1, 2, 3, 4, 5], "line 33: '全国' looks like a total"),
])
def test_total_rows_are_refused_with_the_row_named(gbk_csv, tmp_path, capsys, extra, message):
    import pandas as pd

    df = pd.read_csv(gbk_csv, encoding="gbk")
    df.loc[len(df)] = extra
    path = tmp_path / "with_total.csv"
    df.to_csv(path, index=False, encoding="gbk")
    assert main(["init", str(path), "--outcome", "P", "--conditions", "G", "--out",
                 str(tmp_path / "s.yaml")]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert not (tmp_path / "s.yaml").exists()


def test_unit_row_is_refused(gbk_csv, tmp_path, capsys):
    lines = gbk_csv.read_text(encoding="gbk").splitlines()
    lines.insert(1, "单位,分,分,%,个,分")
    path = tmp_path / "units.csv"
    path.write_text("\n".join(lines), encoding="gbk")
    assert main(["init", str(path), "--outcome", "P", "--conditions", "G", "--out",
                 str(tmp_path / "s.yaml")]) == 2
    err = capsys.readouterr().err
    assert "line 2" in err and "unit row" in err and "%" in err


def test_missing_or_unknown_columns_name_what_exists(gbk_csv, tmp_path, capsys):
    out = str(tmp_path / "s.yaml")
    assert main(["init", str(gbk_csv), "--out", out]) == 2       # no terminal to ask at
    assert "give --outcome (numeric columns of '数据.csv': P, G, T, Cl, B)" in capsys.readouterr().err
    assert main(["init", str(gbk_csv), "--outcome", "P", "--conditions", "G,Tt", "--out", out]) == 2
    assert "'Tt' is not a numeric column of '数据.csv'; did you mean 'T'?" in capsys.readouterr().err


def test_preview_flags_a_skewed_set_by_the_engines_rule(tmp_path):
    from digigov.scaffold import draft_study

    # Y: nine cases tied at the median, so only one case lies above the crossover (1 of 19)
    y = list(range(1, 10)) + [10] * 9 + [11]
    rows = ["case,Y,A"] + [f"c{i},{v},{i}" for i, v in enumerate(y)]
    (tmp_path / "d.csv").write_text("\n".join(rows), encoding="utf-8")
    preview = draft_study(tmp_path / "d.csv", outcome="Y", conditions=["A"]).preview.set_index("column")
    assert preview.at["Y", "note"].startswith("skewed: 5% of cases above 0.5")
    assert "skewed" not in preview.at["A", "note"]
