"""Calibrations that cannot be meant: raw anchors outside a variable's range are refused before any
computation; skewed sets and cases at exactly 0.5 are warned about, with the stated rule and the
step that produced them, in the command's summary, results.json and the report (zh and en)."""
from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest

from digigov.cli import main
from digigov.errors import StudyError
from digigov.pipeline import run_study
from digigov.report import render_report
from digigov.schema import validate_results
from digigov.study import EXAMPLE_STUDY


def _own_study(tmp_path, anchors: str, extra: str = "") -> object:
    # A: 21 cases, 2..42 by 2 (its median 22 is case c10); Y rises with A
    n = 21
    a = np.arange(2.0, 2.0 * n + 1, 2.0)
    b = np.linspace(0.0, 1.0, n) ** 2
    y = a / 4 + 0.7 * (np.arange(n) % 2)       # 21 distinct values
    pd.DataFrame({"case": [f"c{i:02d}" for i in range(n)], "A": a, "B": b, "Y": y}).to_csv(
        tmp_path / "data.csv", index=False)
    path = tmp_path / "study.yaml"
    path.write_text(f"""data: {{file: data.csv, case_column: case}}
outcome: Y
conditions: [A, B]
calibration:
  anchors: {{inclusion: p95, crossover: mean, exclusion: p5}}
  columns:
    A: {anchors}
truth_table: {{incl_cut: 0.8, pri_cut: 0.5, n_cut: 1}}
report: {{language: zh, maps: false}}
{extra}""", encoding="utf-8")
    return path


def test_the_issues_percentile_anchors_on_the_example_are_one_error_line(tmp_path, capsys):
    # the issue's own case: percentiles written as raw numbers on the bundled example data
    text = EXAMPLE_STUDY.read_text(encoding="utf-8")
    assert "anchors: {inclusion: p95, crossover: mean, exclusion: p5}" in text
    study = tmp_path / "study.yaml"
    study.write_text(text.replace("anchors: {inclusion: p95, crossover: mean, exclusion: p5}",
                                  "anchors: {inclusion: 95, crossover: 50, exclusion: 5}"), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(study), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if "error" in line]
    assert len(errors) == 1 and "Traceback" not in err
    # R (competition pressure) lives in 0..38.675 in the example: crossover 50 and inclusion 95 lie outside
    assert re.search(r"study\.yaml, line \d+: calibration\.anchors: column 'R': anchors crossover 50, "
                     r"inclusion 95 lie outside the observed range 0 to 38\.675; did you mean percentiles: "
                     r"inclusion p95, crossover p50, exclusion p5\?", errors[0]), errors[0]
    # refused before any computation: only the data step ran, nothing was written
    assert "[2/" not in err
    assert not out.exists()


def test_a_robustness_recalibration_outside_the_range_names_its_entry(tmp_path):
    path = _own_study(tmp_path, "{inclusion: 38, crossover: 21, exclusion: 4}",
                      "robustness:\n  calibrations:\n    - {label: wide, inclusion: 90, crossover: 50, "
                      "exclusion: 10}\n")
    with pytest.raises(StudyError, match=r"robustness\.calibrations\[0\] \('wide'\): column 'A': anchors "
                                         r"crossover 50, inclusion 90 lie outside the observed range 2 to 42"):
        run_study(path, progress=False)


def test_anchors_inside_the_range_pass(tmp_path):
    run = run_study(_own_study(tmp_path, "{inclusion: 38, crossover: 21, exclusion: 4}"), progress=False)
    checks = run.results["calibration_checks"]
    assert checks["skew_threshold"] == 0.2
    assert checks["steps"] == [{"step": "main calibration", "label": "", "skewed": [], "at_half": []}]


@pytest.fixture(scope="module")
def skewed(tmp_path_factory):
    """A in range but skewed (crossover 35: 36, 38, 40, 42 above, 4 of 21 cases, 19 %), and a
    robustness recalibration whose crossover, the median, is a case of every column (21 distinct
    values), left at exactly 0.5 (avoid_half is off by default)."""
    tmp = tmp_path_factory.mktemp("skew")
    path = _own_study(tmp, "{inclusion: 41, crossover: 35, exclusion: 4}",
                      "robustness:\n  calibrations:\n    - {label: mid, inclusion: p95, crossover: median, "
                      "exclusion: p5}\n")
    out = tmp / "out"
    return path, out


def test_a_skewed_set_and_a_case_at_half_are_warned_everywhere(skewed, capsys):
    path, out = skewed
    assert main(["run", str(path), "--out", str(out), "--no-figures"]) == 0
    printed = capsys.readouterr().out
    # the summary: the set, its share by hand (4 of 21 above 0.5), the rule's threshold, the step
    assert ("warning: Main calibration: A has 19% of its cases (4 of 21) above 0.5, (almost) all cases on one "
            "side of 0.5 (skew threshold 20%/80%)") in printed
    assert "warning: Robustness recalibration 'mid' leaves 3 membership(s) at exactly 0.5" in printed
    assert "A: c10" in printed
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    validate_results(results)
    steps = results["calibration_checks"]["steps"]
    assert steps[0]["step"] == "main calibration"
    assert steps[0]["skewed"] == [{"set": "A", "cases": 21, "above": 4, "share_above": pytest.approx(4 / 21)}]
    # the case at each column's median, found here from the data
    data = pd.read_csv(path.parent / "data.csv").set_index("case")
    expected = [{"set": c, "case": data.index[data[c] == np.median(data[c])][0]} for c in ("A", "B", "Y")]
    assert expected[0] == {"set": "A", "case": "c10"}
    assert steps[1] == {"step": "robustness recalibration", "label": "mid", "skewed": [], "at_half": expected}
    # the main calibration itself has no case at 0.5 (the crossover 35 is no case)
    assert steps[0]["at_half"] == []
    for lang, skew, half, rule in (("zh", "主校准：A 有 19% 的案例（4/21）高于 0.5", "稳健性检验的重新校准“mid”",
                                    "少于 20% 或多于 80%"),
                                   ("en", "Main calibration: A has 19% of its cases (4 of 21) above 0.5",
                                    "Robustness recalibration &#x27;mid&#x27; leaves 3", "fewer than 20% or more than 80%")):
        page = render_report(results, lang, figures=[])
        summary = page[page.index('id="summary"'):page.index("</section>", page.index('id="summary"'))]
        # the warnings lead the summary, before the configurations
        assert summary.index(skew) < summary.index('class="lead"')
        assert half in summary and rule in summary
        section = page[page.index('id="calibration"'):]
        assert skew in section and half in section


def test_no_warning_without_a_skewed_set_or_a_case_at_half():
    from digigov.methods.calibration.warnings import checks_html, summary_warnings

    res = {"study": {"outcome": "Y", "conditions": ["A"]}, "memberships": {},
           "calibration_checks": {"skew_threshold": 0.2, "rule": "", "steps": [
               {"step": "main calibration", "label": "", "skewed": [], "at_half": []}]}}
    assert summary_warnings(res) == []
    assert checks_html(res, "en", quiet=True) == ""
    assert "Main calibration: no skewed set and no case at exactly 0.5." in checks_html(res, "en")
    assert "主校准：没有偏斜的集合" in checks_html(res, "zh")


def test_the_app_flags_skew_by_the_engines_rule():
    import fsqca

    from digigov.app.views import calibration_html, skewed_sets

    # 3 of 20 cases above 0.5 (15 %): skewed; 10 of 20: not
    x = pd.DataFrame({"A": np.arange(1.0, 21.0), "B": np.arange(1.0, 21.0)})
    cal = fsqca.calibrate_frame(x, {"A": {"thresholds": {"exclusion": 1, "crossover": 17.5, "inclusion": 20}},
                                    "B": {"thresholds": {"exclusion": 1, "crossover": 10.5, "inclusion": 20}}})
    assert skewed_sets(cal) == ["A"]
    rows = calibration_html(cal, "en").split("<tr")
    assert "skewed: 15%" in next(r for r in rows if "<td>A</td>" in r)
    assert "skewed" not in next(r for r in rows if "<td>B</td>" in r)
