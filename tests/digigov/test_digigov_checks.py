"""The pipeline checks everything before it computes, and writes its folder safely."""
from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from digigov.errors import StudyError
from digigov.output import check_output, write_folder
from digigov.pipeline import run_study, write_run
from digigov.schema import validate_results
from digigov.study import load_study


def _study(tmp_path, extra: str = "", anchors: str = "{inclusion: p95, crossover: mean, exclusion: p5}"):
    rng = np.random.default_rng(7)
    n = 24
    a, b, c = rng.uniform(0, 10, (3, n))
    y = 0.6 * a + 0.3 * b + rng.normal(0, 1, n)
    pd.DataFrame({"case": [f"c{i:02d}" for i in range(n)], "A": a, "B": b, "C": c, "Y": y}).to_csv(
        tmp_path / "data.csv", index=False)
    text = f"""
data: {{file: data.csv, case_column: case}}
outcome: Y
conditions: [A, B, C]
calibration:
  anchors: {anchors}
truth_table: {{incl_cut: 0.8, pri_cut: 0.5, n_cut: 1}}
{extra}
"""
    path = tmp_path / "study.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_small_study_results_follow_the_schema(tmp_path):
    run = run_study(_study(tmp_path, "report: {title: My own title, maps: false}\ngeodetector: {alpha: 0.1}"),
                    progress=False)
    validate_results(json.loads(json.dumps(run.results, default=str)))
    assert run.results["study"]["title"] == "My own title"
    assert run.results["geodetector"]["alpha"] == 0.1
    assert run.results["study"]["maps"] is False


def test_opgd_uses_the_optimal_strata(tmp_path):
    import geodetector as gd

    run = run_study(_study(tmp_path, "geodetector: {method: opgd}"), progress=False)
    step = run.geodetector
    assert step.discretization is not None
    raw = run.raw
    expected = step.discretization.transform(raw[["A", "B", "C"]])
    pd.testing.assert_frame_equal(step.strata, expected.astype(int), check_names=False)
    # the factor detector ran on those strata: q = 1 - SSW / SST, computed here independently
    y = raw["Y"].to_numpy()
    got = step.factor.to_frame().set_index("factor")["q"]
    for c in ("A", "B", "C"):
        groups = pd.Series(y).groupby(step.strata[c].to_numpy())
        ssw = sum(((g - g.mean()) ** 2).sum() for _, g in groups)
        assert got[c] == pytest.approx(1 - ssw / ((y - y.mean()) ** 2).sum())
    # the strata are OPGD's choice, not the default natural breaks
    chosen = step.discretization.best.set_index("variable")
    assert run.results["geodetector"]["discretization"]["breaks"]["A"] == pytest.approx(chosen.at["A", "breaks"])
    assert sorted(chosen.index) == ["A", "B", "C"]
    for c in ("A", "B", "C"):
        # every condition's strata are the cut of OPGD's chosen breaks, in as many strata as it chose
        assert run.results["geodetector"]["discretization"]["breaks"][c] == pytest.approx(chosen.at[c, "breaks"])
        assert 1 < step.strata[c].nunique() <= chosen.at[c, "k"]
        cut = np.searchsorted(np.asarray(chosen.at[c, "breaks"])[1:-1], raw[c].to_numpy(), side="left")
        assert pd.Series(cut).groupby(step.strata[c].to_numpy()).nunique().max() == 1
    assert isinstance(step.discretization, gd.OptimalDiscretizationResult)


def test_unknown_geodetector_condition_fails_before_analysis(tmp_path):
    with pytest.raises(StudyError, match="geodetector.conditions: 'Q' is not"):
        run_study(_study(tmp_path, "geodetector: {conditions: [A, Q]}"), progress=False)


def test_reversed_anchors_need_an_explicit_direction(tmp_path):
    rev = "{inclusion: p5, crossover: mean, exclusion: p95}"
    with pytest.raises(StudyError, match="inclusion p5 lies below exclusion p95.*direction: decreasing"):
        run_study(_study(tmp_path, anchors=rev), progress=False)
    run = run_study(_study(tmp_path, anchors="{inclusion: p5, crossover: mean, exclusion: p95, "
                                             "direction: decreasing}"), progress=False)
    raw, m = run.raw, run.memberships
    top = raw["A"].idxmax()
    assert m.at[top, "A"] < 0.5  # a decreasing set, as asked


def test_constant_outcome_refused_like_a_constant_condition(tmp_path):
    path = _study(tmp_path)
    df = pd.read_csv(tmp_path / "data.csv")
    df["Y"] = 3.0
    df.to_csv(tmp_path / "data.csv", index=False)
    with pytest.raises(StudyError, match="'Y' \\(the outcome\\) is constant"):
        run_study(path, progress=False)


def test_output_checks(tmp_path):
    a_file = tmp_path / "f.txt"
    a_file.write_text("x")
    with pytest.raises(StudyError, match="is a file"):
        check_output(a_file)
    with pytest.raises(StudyError, match="'f.txt' \\(on the way to the output\\) is a file"):
        check_output(a_file / "sub")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "x").write_text("y")
    with pytest.raises(StudyError, match="not an earlier results folder"):
        check_output(tmp_path / "other")


def test_stale_temporary_folders_are_removed_and_mode_follows_umask(tmp_path):
    out = tmp_path / "res"
    stale = tmp_path / ".res.tmp-dead"
    stale.mkdir()
    (stale / "junk").write_text("x" * 100)

    def fill(folder):
        (folder / "manifest.json").write_text('{"schema": "digigov-study-results/1"}')

    old = os.umask(0o022)
    try:
        write_folder(out, fill)
    finally:
        os.umask(old)
    assert not stale.exists()
    assert stat.S_IMODE(out.stat().st_mode) == 0o755
    assert sorted(p.name for p in tmp_path.iterdir()) == ["res"]


def test_killed_run_leaves_nothing_stale_after_the_next_run(tmp_path):
    study = _study(tmp_path)
    out = tmp_path / "out"
    code = ("import os, digigov.output as o\n"
            "def fill(folder):\n"
            "    (folder / 'partial.csv').write_text('x')\n"
            "    os._exit(9)\n"
            f"o.write_folder(__import__('pathlib').Path({str(out)!r}), fill)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True)
    assert proc.returncode == 9
    assert any(p.name.startswith(".out.tmp-") for p in tmp_path.iterdir())
    run = run_study(study, progress=False)
    write_run(run, out, figures=False, report=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.csv", "out", "study.yaml"]


def test_study_file_defaults_live_in_one_place():
    from digigov.study import DEFAULTS

    s = load_study(text="data: {example: true}\noutcome: P\nconditions: [G, T]\n")
    assert s.get("truth_table", "incl_cut") == DEFAULTS["truth_table"]["incl_cut"]
    assert s.get("geodetector", "k") == DEFAULTS["geodetector"]["k"]
