"""Bad input to the gdverse-family subcommands: one clear line naming the fault, exit status 2."""
import sys

import numpy as np
import pandas as pd
import pytest

from geodetector.cli import main


@pytest.fixture
def table(tmp_path):
    rng = np.random.default_rng(0)
    n = 40
    d = pd.DataFrame({"y": rng.normal(size=n), "a": rng.uniform(0, 10, n),
                      "b": rng.uniform(0, 10, n), "X": rng.uniform(0, 100, n),
                      "Y": rng.uniform(0, 100, n), "const": 1.0,
                      "cls": rng.choice(["lo", "hi"], n)})
    path = tmp_path / "d.csv"
    d.to_csv(path, index=False)
    return d, path


def one_error(capsys, argv, *words):
    status = main(argv)
    err = capsys.readouterr().err.strip()
    assert status == 2
    assert len(err.splitlines()) == 1 and err.startswith("geodetector: error:"), err
    assert "Traceback" not in err
    for w in words:
        assert w in err, err
    return err


def test_fewer_rows_than_the_tree_minimum(tmp_path, capsys):
    p = tmp_path / "small.csv"
    pd.DataFrame({"y": np.arange(10.0), "a": np.arange(10.0)}).to_csv(p, index=False)
    one_error(capsys, ["gozh", str(p), "--y", "y", "--x", "a"], "minsplit = 20", "10 rows")


def test_weights_that_do_not_match_the_rows(table, tmp_path, capsys):
    _, path = table
    w = tmp_path / "w.csv"
    pd.DataFrame({"i": [1, 41], "j": [2, 1], "w": [1, 1]}).to_csv(w, index=False)
    one_error(capsys, ["spade", str(path), "--y", "y", "--x", "a", "--weights", str(w)],
              "does not match", "41")


def test_categorical_outcome_for_a_numeric_model(table, capsys):
    _, path = table
    one_error(capsys, ["gozh", str(path), "--y", "cls", "--x", "a"], "'cls'", "numeric")
    one_error(capsys, ["rgd", str(path), "--y", "cls", "--x", "a"], "'cls'", "numeric")


def test_numeric_outcome_for_srsgd(table, tmp_path, capsys):
    _, path = table
    w = tmp_path / "w.csv"
    pd.DataFrame({"i": [1, 2], "j": [2, 1], "w": [1, 1]}).to_csv(w, index=False)
    one_error(capsys, ["srsgd", str(path), "--y", "y", "--x", "cls", "--weights", str(w)],
              "nominal outcome")


def test_variable_with_one_zone(table, capsys):
    _, path = table
    one_error(capsys, ["rgd", str(path), "--y", "y", "--x", "const"], "'const'", "one value")
    one_error(capsys, ["spade", str(path), "--y", "y", "--x", "const", "--coords", "X,Y"],
              "'const'", "one value")


def test_ruptures_missing_when_asked_for(table, capsys, monkeypatch):
    _, path = table
    monkeypatch.setitem(sys.modules, "ruptures", None)   # import ruptures -> ImportError
    one_error(capsys, ["rgd", str(path), "--y", "y", "--x", "a", "--engine", "ruptures"],
              "pip install ruptures")


def test_spatial_unit_sizes_and_files_disagree(table, capsys):
    _, path = table
    one_error(capsys, ["sesu-gozh", str(path), str(path), "--su", "1,2,3", "--y", "y",
                       "--x", "a"], "3 spatial unit sizes", "2 data files")


def test_bad_discnum_and_unknown_column(table, capsys):
    _, path = table
    one_error(capsys, ["rgd", str(path), "--y", "y", "--x", "a", "--discnum", "x:8"], "--discnum")
    one_error(capsys, ["lesh", str(path), "--y", "y", "--x", "a,nope"], "'nope'")


def test_missing_labels_are_named(tmp_path, capsys):
    p = tmp_path / "gaps.csv"
    p.write_text("y,a,b,X,Y\n1,x,2,0,0\n2,,3,1,1\n3,z,4,2,2\n")
    one_error(capsys, ["spade", str(p), "--y", "y", "--x", "a,b", "--coords", "X,Y"],
              "'a'", "missing")
    one_error(capsys, ["ecological", str(p), "--y", "y", "--x", "a,b", "--convention", "GD"],
              "'a'", "missing")


def test_confidence_level_out_of_range(table, capsys):
    _, path = table
    one_error(capsys, ["gozh", str(path), "--y", "y", "--x", "a", "--alpha", "7"], "--alpha")
