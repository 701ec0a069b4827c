"""NCA on awkward input: seeds, extreme magnitudes, values within R's equality tolerance,
non-numeric columns; every refusal is one clear line (exit 2 from the command)."""
from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest

import fsqca
from fsqca.cli import main
from libdigigov.significance import DEFAULT_SEED

OK = pd.DataFrame({"X": [1.0, 2, 3, 4, 5, 1.5], "Y": [1.0, 3, 3, 4, 5, 4.5]}, index=list("abcdef"))


def _csv(tmp_path, df, name="d.csv"):
    path = tmp_path / name
    df.to_csv(path, index_label="case")
    return str(path)


def test_permutation_test_is_seeded_by_default_and_says_so(tmp_path, capsys):
    path = _csv(tmp_path, OK)
    runs = []
    for _ in range(2):
        assert main(["nca", path, "--outcome", "Y", "--test-rep", "200", "--json"]) == 0
        runs.append(json.loads(capsys.readouterr().out))
    assert runs[0]["conditions"] == runs[1]["conditions"]          # the same p-values each run
    assert runs[0]["settings"]["seed"] == DEFAULT_SEED and runs[0]["settings"]["seed_default"]
    assert any(f"seed {DEFAULT_SEED} (the default seed" in n for n in runs[0]["notes"])
    explicit = fsqca.nca(OK, "Y", test_rep=200, seed=DEFAULT_SEED)
    assert explicit.to_dict()["conditions"] == runs[0]["conditions"]
    assert not any("default seed" in n for n in explicit.notes)   # a seed the user gave is not "default"


@pytest.mark.parametrize("argv, text", [
    (["--test-rep", "99999999999999999999"], "test_rep must be a whole number from 0 to 10,000,000"),
    (["--test-rep", "10", "--seed", "-5"], "seed must be a whole number from 0 to 2**63 - 1, got -5"),
    (["--seed", "x"], "argument --seed: invalid int value: 'x'"),
])
def test_bad_options_are_one_line(tmp_path, capsys, argv, text):
    assert main(["nca", _csv(tmp_path, OK), "--outcome", "Y", *argv]) == 2
    err = capsys.readouterr().err
    assert text in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("scale, text", [(1e200, "values up to 5e+200"), (1e-200, "spans only 4e-200")])
def test_magnitudes_beyond_floating_point_are_refused(tmp_path, capsys, scale, text):
    df = OK * scale
    with pytest.raises(fsqca.QCAInputError, match=re.escape(text)):
        fsqca.nca(df, "Y")
    for json_flag in ([], ["--json"]):
        assert main(["nca", _csv(tmp_path, df), "--outcome", "Y", *json_flag]) == 2
        assert text in capsys.readouterr().err
    # the effect size does not depend on the unit: rescaled data agree with the original
    d = fsqca.nca(OK * 1e100, "Y").to_frame()["effect_size"].to_numpy()
    assert np.allclose(d, fsqca.nca(OK, "Y").to_frame()["effect_size"].to_numpy(), rtol=1e-12)


def _zigzag():
    # x 1000 + 0.0001 i, y alternating 1000 and 1000.0005: every step is "equal" under R's
    # tolerance (0.001 at 1000), so every case is a peer and |dy| is counted nine times
    i = np.arange(10)
    return pd.DataFrame({"X": 1000 + 0.0001 * i, "Y": 1000 + 0.0005 * (i % 2)})


def test_effect_size_above_one_from_the_tolerance_is_an_error_and_exact_gives_the_right_number(tmp_path, capsys):
    with pytest.raises(fsqca.QCAInputError, match=r"effect size 5 > 1.*exact=True"):
        fsqca.nca(_zigzag(), "Y", ceilings=["ce_fdh"])
    res = fsqca.nca(_zigzag(), "Y", ceilings=["ce_fdh"], exact=True)
    # exact: peers (1000, 1000) and (1000.0001, 1000.0005): zone 0.0001 * 0.0005 of 0.0009 * 0.0005
    assert res.to_frame()["effect_size"].iloc[0] == pytest.approx(0.0001 / 0.0009)
    assert res.to_dict()["settings"]["equality"] == "exact"
    assert main(["nca", _csv(tmp_path, _zigzag()), "--outcome", "Y", "--json"]) == 2
    assert "> 1" in capsys.readouterr().err
    assert main(["nca", _csv(tmp_path, _zigzag()), "--outcome", "Y", "--exact", "--json"]) == 0


def test_values_within_the_tolerance_are_named_in_a_note():
    df = pd.DataFrame({"X": [1000.0, 1000.0001, 1001, 1002, 1003], "Y": [1.0, 2, 3, 5, 4]})
    res = fsqca.nca(df, "Y")
    assert res.to_dict()["settings"]["merged_values"] == ["X"]
    assert any("X: distinct values closer than one part in a million" in n for n in res.notes)
    assert not fsqca.nca(OK, "Y").to_dict()["settings"]["merged_values"]


@pytest.mark.parametrize("column, text", [
    (pd.Series(["1", "2", "3", "4", "5", "1.5"], index=OK.index), "holds numbers as text"),
    (pd.Series(pd.date_range("2020-01-01", periods=6), index=OK.index), "holds dates or times"),
])
def test_non_numeric_conditions_are_one_clear_error(column, text):
    df = OK.assign(X=column)
    with pytest.raises(fsqca.QCAInputError, match=f"condition 'X' {text}"):
        fsqca.nca(df, "Y")


def test_a_seed_that_is_not_a_number_is_refused_before_computing():
    for seed in ("x", -1, 1.5):
        with pytest.raises(fsqca.QCAInputError, match="seed must be a whole number"):
            fsqca.nca(OK, "Y", seed=seed)


def test_outliers_take_the_exact_comparison_too():
    # under R's tolerance the zigzag's effect size exceeds 1; compared exactly it is 1/9, and
    # leaving out case 1 (the only peer above the first) empties the ceiling zone
    z = _zigzag()
    out = fsqca.nca_outliers(z, "Y", "X", exact=True).to_frame().set_index("outlier")
    assert out.loc["1", "eff_or"] == pytest.approx(0.0001 / 0.0009)
    assert fsqca.nca(z.drop(index=1), "Y", ["X"], ceilings=["ce_fdh"], exact=True).to_frame()[
        "effect_size"].iloc[0] == pytest.approx(out.loc["1", "eff_nw"])
