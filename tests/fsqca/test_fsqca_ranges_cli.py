"""``fsqca robustness-ranges``: the command gives what the functions give, and bad options
fail in one line before any computation."""
from __future__ import annotations

import json
import warnings

import pandas as pd
import pytest

from fsqca.cli import main
from fsqca.errors import HalfMembershipWarning
from fsqca.diagnostics.robustness_ranges import calib_range, incl_range, ncut_range

DATA = pd.DataFrame({"A": [0.9, 0.8, 0.2, 0.1, 0.7], "B": [0.7, 0.3, 0.8, 0.2, 0.6],
                     "Y": [0.9, 0.7, 0.3, 0.1, 0.8]}, index=pd.Index(list("pqrst"), name="case"))
RAW = pd.DataFrame({"A": [9.0, 8.0, 2.0, 1.0, 7.0]}, index=DATA.index)


@pytest.fixture
def files(tmp_path):
    data, raw = tmp_path / "data.csv", tmp_path / "raw.csv"
    DATA.to_csv(data)
    RAW.to_csv(raw)
    return str(data), str(raw)


def _run(capsys, argv):
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def test_json_matches_the_functions(files, capsys):
    data, raw = files
    status, out, err = _run(capsys, ["robustness-ranges", data, "--outcome", "Y", "--incl-cut", "0.8",
                                     "--raw", raw, "--anchors", "A=1,5,9", "--anchor-step", "0.5", "--json"])
    assert status == 0
    got = pd.DataFrame(json.loads(out)["ranges"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", HalfMembershipWarning)  # the command's own are checked below
        expected = pd.concat([incl_range(DATA, "Y", ["A", "B"], incl_cut=0.8).table,
                              ncut_range(DATA, "Y", ["A", "B"], incl_cut=0.8).table,
                              calib_range(RAW["A"], DATA, "A", [1, 5, 9], "Y", ["A", "B"], incl_cut=0.8,
                                          step=0.5).table], ignore_index=True)
    assert got["parameter"].tolist() == ["incl_cut", "n_cut", "exclusion", "crossover", "inclusion"]
    pd.testing.assert_frame_equal(got[["lower", "upper"]].astype(float), expected[["lower", "upper"]].astype(float))
    assert got["lower_stop"].tolist() == expected["lower_stop"].tolist()
    assert json.loads(out)["initial"] == "A"
    # anchors that put a case at exactly 0.5 are reported as one-line warnings, not Python's format
    assert "fsqca: warning:" in err and ".py:" not in err


def test_text_output_names_the_parameters(files, capsys):
    status, out, _ = _run(capsys, ["robustness-ranges", files[0], "--outcome", "Y", "--incl-cut", "0.8"])
    assert status == 0
    assert "incl_cut" in out and "n_cut" in out and "initial complex solution: A" in out


@pytest.mark.parametrize("extra, message", [
    (["--incl-cut", "0.8,0.7"], "single --incl-cut"),
    (["--incl-cut", "0.8", "--step", "0"], "--step must be a positive number"),
    (["--incl-cut", "0.8", "--anchors", "A=1,5,9"], "--raw and --anchors go together"),
    (["--incl-cut", "0.8", "--raw", "RAW", "--anchors", "A=1,5"], "CONDITION=exclusion,crossover,inclusion"),
    (["--incl-cut", "0.8", "--raw", "RAW", "--anchors", "B=1,5,9"], "'B' is not a column"),
    (["--incl-cut", "0.8", "--max-runs", "0"], "--max-runs must be a whole number"),
])
def test_bad_options_exit_2_in_one_line(files, capsys, extra, message):
    data, raw = files
    extra = [raw if x == "RAW" else x for x in extra]
    status, out, err = _run(capsys, ["robustness-ranges", data, "--outcome", "Y", *extra])
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("fsqca: error:") and message in err
