"""The study pipeline end to end on the bundled example, and its promises about files."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from digigov.errors import StudyError
from digigov.pipeline import run_study, write_run
from digigov.study import EXAMPLE_STUDY, load_study


@pytest.fixture(scope="module")
def example_run():
    return run_study(EXAMPLE_STUDY, progress=False)


def test_results_hold_every_stage(example_run):
    from digigov.schema import load_schema, validate_results

    r = example_run.results
    validate_results(json.loads(json.dumps(r, default=str)))
    # panel: panel studies only; chance_test: only when the robustness plan asks for it
    assert set(load_schema()["properties"]) - {"files", "panel", "chance_test"} <= set(r)
    assert r["study"]["synthetic"] is True
    assert {c["column"] for c in r["calibration"]} == {"P", *r["study"]["conditions"]}
    assert {row["outcome"] for row in r["necessity"]} == {"P", "~P"}
    assert set(r["solutions"]) == {"complex", "parsimonious", "intermediate"}
    assert r["configurations"] and all(c["core"]["present"] or c["core"]["absent"] for c in r["configurations"])
    assert {f["factor"] for f in r["geodetector"]["factor"]} == set(r["study"]["conditions"])
    assert len(r["geodetector"]["interaction"]) == 9 * 8 // 2
    assert len(r["geodetector"]["strategies"]) == len(r["configurations"])
    assert r["robustness"]["tests"] and "RF_cov" in r["robustness"]["fit_parameters"]
    assert len(r["memberships"]) == 31


def test_configuration_cases_match_memberships(example_run):
    m = example_run.memberships
    for cfg in example_run.results["configurations"]:
        import fsqca

        (term,) = fsqca.parse_expression(cfg["term"], list(m.columns))
        member = pd.concat([m[c] if v else 1 - m[c] for c, v in term], axis=1).min(axis=1)
        expected = sorted(m.index[(member > 0.5) & (m["P"] > 0.5)])
        assert sorted(cfg["cases"]) == expected


def test_strategy_ranking_is_sorted_by_q(example_run):
    for s in example_run.results["geodetector"]["strategies"]:
        qs = [r["q"] for r in s["ranking"]]
        assert qs == sorted(qs, reverse=True)
        assert all(0 <= q <= 1 for q in qs)


def test_write_run_is_deterministic_and_complete(example_run, tmp_path):
    a = write_run(example_run, tmp_path / "a", figures=False, report=False)
    b = write_run(run_study(EXAMPLE_STUDY, progress=False), tmp_path / "b", figures=False, report=False)
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    assert files_a == files_b
    for rel in files_a:
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel
    manifest = json.loads((a / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["inputs"]["data_file"]["sha256"] and manifest["versions"]["numpy"]
    results = json.loads((a / "results.json").read_text(encoding="utf-8"))
    for rel in results["files"]["tables"]:
        assert (a / rel).exists()
    assert not list(tmp_path.glob(".*tmp*")), "temporary folders left behind"


def test_never_writes_over_inputs_or_foreign_folders(tmp_path):
    study_dir = tmp_path / "study"
    study_dir.mkdir()
    shutil.copy(EXAMPLE_STUDY, study_dir / "s.yaml")
    run = run_study(study_dir / "s.yaml", progress=False)
    with pytest.raises(StudyError, match="contains the input"):
        write_run(run, study_dir, figures=False, report=False)
    foreign = tmp_path / "notes"
    foreign.mkdir()
    (foreign / "mine.txt").write_text("keep me")
    with pytest.raises(StudyError, match="not an earlier results folder"):
        write_run(run, foreign, figures=False, report=False)
    assert (foreign / "mine.txt").read_text() == "keep me"


def test_failure_leaves_no_half_written_output(example_run, tmp_path, monkeypatch):
    import digigov.pipeline as pipeline

    def boom(*a, **k):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(pipeline, "dumps", boom)
    with pytest.raises(RuntimeError):
        write_run(example_run, tmp_path / "out", figures=False, report=False)
    assert not (tmp_path / "out").exists()
    assert not list(tmp_path.iterdir())


def test_data_errors_are_clear(tmp_path):
    csv = tmp_path / "d.csv"
    pd.DataFrame({"province": ["浙江", "Atlantis"], "P": [1, 2], "A": [3, 4]}).to_csv(csv, index=False)
    study = tmp_path / "s.yaml"
    study.write_text("data: {file: d.csv, provinces: true}\noutcome: P\nconditions: [A]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="Atlantis"):
        run_study(study, progress=False)
    study.write_text("data: {file: missing.csv}\noutcome: P\nconditions: [A]\n", encoding="utf-8")
    with pytest.raises(StudyError, match="missing.csv"):
        run_study(study, progress=False)
    study.write_text("data: {file: d.csv}\noutcome: P\nconditions: [A, Z]\n", encoding="utf-8")
    with pytest.raises(StudyError, match="'Z'"):
        run_study(study, progress=False)


def test_cli_error_exit_code(tmp_path):
    bad = tmp_path / "s.yaml"
    bad.write_text("data: {file: d.csv}\noutcome: P\nconditions: [A]\ntruth_table: {incl: 1}\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "digigov", "run", str(bad), "--out", str(tmp_path / "o")],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "s.yaml, line 4: truth_table.incl: unknown key; did you mean 'incl_cut'" in proc.stderr


def test_example_reproduces_the_studys_configurations(example_run):
    """The study's four configurations (STUDY.md): core conditions and the provinces it names."""
    study = {  # core present, core absent, provinces named in the study
        "coordination": ({"G", "Cs"}, {"R"}, {"Beijing", "Hubei"}),
        "market": ({"B", "Cs"}, {"R"}, {"Guangdong", "Shanghai", "Shandong"}),
        "citizen": ({"Cl"}, set(), {"Zhejiang", "Tianjin", "Fujian"}),
        "service": ({"Cs", "Sl"}, {"R"}, {"Sichuan", "Anhui", "Jiangxi"}),
    }
    got = example_run.results["configurations"]
    assert len(got) == 4
    for name, (present, absent, provinces) in study.items():
        match = [c for c in got if set(c["core"]["present"]) == present and set(c["core"]["absent"]) == absent]
        assert len(match) == 1, name
        assert provinces <= set(match[0]["cases"]), name
    assert example_run.results["solution_fit"]["inclS"] > 0.9
