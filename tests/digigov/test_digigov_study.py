"""The YAML study file: every mistake gives one message naming the line and the key."""
from __future__ import annotations

import textwrap

import pytest

from digigov.errors import StudyFileError
from digigov.study import EXAMPLE_STUDY, load_study

BASE = """\
data:
  file: data.csv
outcome: P
conditions: [A, B]
"""


def _load(extra: str = "", base: str = BASE):
    return load_study(text=base + textwrap.dedent(extra))


def test_bundled_example_is_valid():
    study = load_study(EXAMPLE_STUDY)
    assert study.outcome == "P"
    assert study.conditions == ["G", "T", "Sp", "R", "Sl", "Cs", "I", "Cl", "B"]
    assert study.spec["composites"]["R"]["island_links"] == "none"


@pytest.mark.parametrize("extra, line, key, words", [
    ("truth_tabel: {incl_cut: 0.8}\n", 5, "truth_tabel", "did you mean 'truth_table'"),
    ("truth_table:\n  incl_cut: 1.5\n", 6, "truth_table.incl_cut", "in [0, 1]"),
    ("truth_table:\n  incl_cut: [0.7, 0.9]\n", 6, "truth_table.incl_cut", "ic0"),
    ("truth_table:\n  n_cut: -1\n", 6, "truth_table.n_cut", "whole number"),
    ("minimize:\n  dir_exp: {A: 2}\n", 6, "minimize.dir_exp.A", "1 (present), 0 (absent)"),
    ("minimize:\n  dir_exp: {Z: 1}\n", 6, "minimize.dir_exp.Z", "not the outcome or a condition"),
    ("calibration:\n  anchors: {inclusion: p950}\n", 6, "calibration.anchors.inclusion", "'pNN'"),
    ("calibration:\n  anchors: {crossover: average}\n", 6, "calibration.anchors.crossover", "'mean'"),
    ("geodetector:\n  method: jenks\n", 6, "geodetector.method", "one of natural"),
    ("minimize:\n  node_limit: 0\n", 6, "minimize.node_limit", "whole number >= 1"),
    ("composites:\n  R: {method: competition}\n", 6, "composites.R", "island_links"),
    ("composites:\n  S: {method: entropy}\n", 6, "composites.S", "needs 'columns'"),
    ("report:\n  language: fr\n", 6, "report.language", "one of zh, en"),
    ("robustness:\n  calibrations:\n    - {label: x, inclusion: p90}\n", 7, "robustness.calibrations[0]",
     "missing required"),
])
def test_invalid_values_point_at_line_and_key(extra, line, key, words):
    with pytest.raises(StudyFileError) as err:
        _load(extra)
    msg = str(err.value)
    assert f"line {line}" in msg, msg
    assert key in msg, msg
    assert words in msg, msg


def test_malformed_yaml_names_the_line():
    with pytest.raises(StudyFileError, match=r"line \d+: malformed YAML"):
        load_study(text="data:\n  file: [x.csv\noutcome: P\n")


def test_missing_required_keys():
    with pytest.raises(StudyFileError, match="missing required key.*conditions"):
        load_study(text="data: {file: d.csv}\noutcome: P\n")


def test_data_needs_file_or_example():
    with pytest.raises(StudyFileError, match="data: give either 'file'"):
        load_study(text="data: {case_column: c}\noutcome: P\nconditions: [A]\n")


def test_duplicate_and_outcome_as_condition():
    with pytest.raises(StudyFileError, match="listed twice: A"):
        load_study(text="data: {file: d.csv}\noutcome: P\nconditions: [A, A]\n")
    with pytest.raises(StudyFileError, match="both the outcome and a condition"):
        load_study(text="data: {file: d.csv}\noutcome: P\nconditions: [P, A]\n")


def test_duplicate_key_is_refused():
    with pytest.raises(StudyFileError, match="outcome: key given twice"):
        load_study(text="data: {file: d.csv}\noutcome: P\noutcome: Q\nconditions: [A]\n")


def test_file_name_in_message(tmp_path):
    path = tmp_path / "my_study.yaml"
    path.write_text(BASE + "unknown_section: 1\n", encoding="utf-8")
    with pytest.raises(StudyFileError, match=r"my_study.yaml, line 5: unknown_section"):
        load_study(path)
    with pytest.raises(StudyFileError, match="does not exist"):
        load_study(tmp_path / "nope.yaml")


def test_dir_exp_in_r_notation():
    """R's string (conjunctural terms included) is accepted as the engine reads it; a wrong name
    points at the line of the key."""
    study = _load('minimize:\n  dir_exp: "A, ~A*B"\n')
    assert study.spec["minimize"]["dir_exp"] == "A, ~A*B"
    with pytest.raises(StudyFileError) as err:
        _load('minimize:\n  dir_exp: "A, ~C*B"\n')
    assert "line 6" in str(err.value) and "unknown condition 'C'" in str(err.value)


def test_the_parsimonious_model_hint_names_a_key_the_study_file_accepts(tmp_path):
    """The run's note says 'choose another with parsimonious_model='; the study file takes it."""
    import yaml

    from digigov.pipeline import run_study
    from digigov.study import EXAMPLE_STUDY, load_study

    spec = yaml.safe_load(EXAMPLE_STUDY.read_text(encoding="utf-8"))
    spec["configurations"] = {"parsimonious_model": 1}     # the example's parsimonious solution has 3 models
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    run = run_study(load_study(path), progress=False)
    notes = " ".join(run.results["configuration_notes"])
    assert "the cores come from model 2 (parsimonious_model=1)" in notes
    spec["configurations"] = {"parsimonious_model": 7}
    path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(Exception, match=r"configurations.parsimonious_model: .*from 0 to 2"):
        run_study(load_study(path), progress=False)


def test_a_data_column_error_names_the_line_and_the_closest_column(tmp_path):
    from digigov.errors import StudyError
    from digigov.pipeline import run_study

    (tmp_path / "d.csv").write_text("case,Y,A,B\n" + "".join(f"c{i},{i},{i % 3},{i % 5}\n" for i in range(12)),
                                    encoding="utf-8")
    (tmp_path / "s.yaml").write_text("data:\n  file: d.csv\n  case_column: case\noutcome: Y\nconditions: [A, Bx]\n",
                                     encoding="utf-8")
    with pytest.raises(StudyError, match=r"^s\.yaml, line 5: conditions: column\(s\) 'Bx' not in the data; "
                                         r"did you mean 'B'\?$"):
        run_study(load_study(tmp_path / "s.yaml"), progress=False)
