"""Bad input gets a clear error naming the column, case or value at fault."""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import fsqca
from fsqca import QCAInputError


@pytest.fixture()
def data():
    return pd.DataFrame({"A": [0.9, 0.8, 0.2, 0.1], "B": [0.7, 0.3, 0.8, 0.2], "Y": [0.9, 0.7, 0.3, 0.1]},
                        index=["p", "q", "r", "s"])


def test_nan_names_column_and_case(data):
    data.loc["r", "B"] = np.nan
    with pytest.raises(QCAInputError, match=r"'B'.*NaN.*\br\b"):
        fsqca.truth_table(data, "Y", ["A", "B"])


def test_out_of_range_names_value_and_case(data):
    data.loc["q", "A"] = 1.7
    with pytest.raises(QCAInputError, match=r"'A'.*outside \[0, 1\].*1\.7.*'q'"):
        fsqca.truth_table(data, "Y", ["A", "B"])


def test_unknown_outcome_and_condition(data):
    with pytest.raises(QCAInputError, match="outcome 'Z'"):
        fsqca.truth_table(data, "Z")
    with pytest.raises(QCAInputError, match="'C'"):
        fsqca.truth_table(data, "Y", ["A", "C"])


def test_constant_condition(data):
    data["B"] = 0.4
    with pytest.raises(QCAInputError, match="'B' is constant"):
        fsqca.truth_table(data, "Y", ["A", "B"])


def test_duplicate_case_ids(data):
    data.index = ["p", "q", "p", "s"]
    with pytest.raises(QCAInputError, match="duplicate case id.*p"):
        fsqca.truth_table(data, "Y", ["A", "B"])


def test_too_many_conditions():
    rng = np.random.default_rng(0)
    df = pd.DataFrame(rng.uniform(size=(30, 22)), columns=[f"X{i}" for i in range(21)] + ["Y"])
    with pytest.raises(QCAInputError, match="21 conditions"):
        fsqca.truth_table(df, "Y")


def test_non_numeric_column(data):
    data["B"] = ["hi", "lo", "hi", "lo"]
    with pytest.raises(QCAInputError, match="'B' is not numeric.*'hi'"):
        fsqca.truth_table(data, "Y", ["A", "B"])


def test_unknown_directional_expectation(data):
    tt = fsqca.truth_table(data, "Y", ["A", "B"], incl_cut=0.8)
    with pytest.raises(QCAInputError, match="unknown condition 'AA'.*did you mean 'A'"):
        fsqca.minimize(tt, "intermediate", dir_exp={"AA": 1})
    with pytest.raises(QCAInputError, match="must be 1, 0 or '-'"):
        fsqca.minimize(tt, "intermediate", dir_exp={"A": 2})


def test_no_positive_rows(data):
    # every configuration has a case more in it than in the outcome: nothing is consistent at 1
    tt = fsqca.truth_table(data.assign(Y=[0.6, 0.4, 0.3, 0.1]), "Y", ["A", "B"], incl_cut=1.0)
    with pytest.raises(QCAInputError, match="no truth-table row is positive"):
        fsqca.minimize(tt, "parsimonious")


def test_bad_cutoffs(data):
    with pytest.raises(QCAInputError, match="incl_cut"):
        fsqca.truth_table(data, "Y", incl_cut=1.2)
    with pytest.raises(QCAInputError, match="ic0"):
        fsqca.truth_table(data, "Y", incl_cut=(0.7, 0.9))


def test_expression_errors(data):
    with pytest.raises(QCAInputError, match="did you mean 'A'"):
        fsqca.fit("a*B", data, "Y", ["A", "B"])
    with pytest.raises(QCAInputError, match="both A and ~A"):
        fsqca.fit("A*~A", data, "Y", ["A", "B"])


def test_exclude_a_positive_row_is_refused(data):
    tt = fsqca.truth_table(data, "Y", ["A", "B"], incl_cut=0.8)
    positive_row = int(tt.rows.index[tt.rows["OUT"] == "1"][0])
    with pytest.raises(QCAInputError, match=f"row.*{positive_row}.*positive"):
        fsqca.minimize(tt, "parsimonious", exclude=[positive_row])


def test_cli_reports_error_and_leaves_input_untouched(tmp_path, data):
    data.loc["q", "A"] = 2.0
    path = tmp_path / "d.csv"
    data.rename_axis("case").to_csv(path)
    before = path.read_bytes()
    proc = subprocess.run([sys.executable, "-m", "fsqca", "truth-table", str(path), "--outcome", "Y"],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "outside [0, 1]" in proc.stderr and "'A'" in proc.stderr and "Traceback" not in proc.stderr
    assert path.read_bytes() == before
