"""Careless-user fuzzing of the NCA commands and the newer necessity and find-rows options:
whatever the file and the options, exit 0 or one clear line with exit 2, never a traceback or
an "unexpected" error, and the input is never changed."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from test_fuzz_cli import SETTINGS, _assert_clean, _run, csv_bytes, folder  # noqa: F401 (a fixture)

import fsqca.cli


def _check(folder, data, argv):
    path = folder / "d.csv"
    path.write_bytes(data)
    code, _, err = _run(fsqca.cli.main, [argv[0], str(path), *argv[1:]])
    _assert_clean(code, err, "fsqca")
    assert "unexpected" not in err, err
    assert path.read_bytes() == data


@SETTINGS
@given(data=csv_bytes(), outcome=st.sampled_from(["Y", "A", "Q"]),
       ceilings=st.sampled_from(["ce_fdh,cr_fdh,ce_vrs,cr_vrs", "ce_vrs", "cr_vrs,ce_xyz", ""]),
       test_rep=st.sampled_from(["0", "20", "-1", "99999999999999999999", "x"]),
       seed=st.sampled_from([[], ["--seed", "3"], ["--seed", "-5"], ["--seed", "y"]]),
       extra=st.sampled_from([[], ["--exact"], ["--json"], ["--steps", "0,50,100"], ["--bottleneck-x", "actual"]]))
def test_nca_command_never_shows_a_traceback(folder, data, outcome, ceilings, test_rep, seed, extra):
    _check(folder, data, ["nca", "--outcome", outcome, "--ceilings", ceilings, "--test-rep", test_rep,
                          *seed, *extra])


@SETTINGS
@given(data=csv_bytes(), condition=st.sampled_from(["A", "B,C", "Z", ""]),
       ceiling=st.sampled_from(["ce_fdh", "cr_fdh", "ce_vrs", "cr_vrs", "xx"]), k=st.sampled_from(["1", "2", "3", "a"]),
       min_dif=st.sampled_from(["0.01", "-1", "nan", "50"]), max_results=st.sampled_from(["25", "1", "0", "-3"]))
def test_nca_outliers_command_never_shows_a_traceback(folder, data, condition, ceiling, k, min_dif, max_results):
    _check(folder, data, ["nca-outliers", "--outcome", "Y", "--conditions", condition, "--ceiling", ceiling,
                          "--k", k, "--min-dif", min_dif, "--max-results", max_results, "--json"])


@SETTINGS
@given(data=csv_bytes(), expression=st.sampled_from(["A + B", "~A*B <= ~Y", "A <= Q", "A => Y", "A +", "(A", ""]),
       extra=st.sampled_from([[], ["--both"], ["--json"], ["--combinations"], ["--conditions", "A"]]))
def test_necessity_expression_never_shows_a_traceback(folder, data, expression, extra):
    _check(folder, data, ["necessity", "--outcome", "Y", "--expression", expression, *extra])


@SETTINGS
@given(data=csv_bytes(), types=st.sampled_from(["2", "3", "2,3", "1"]),
       neg=st.sampled_from([[], ["--negated-incl-cut", "0.7"], ["--negated-incl-cut", "x"],
                            ["--negated-pri-cut", "2"], ["--negated-n-cut", "-1"], ["--negated-incl-cut", "0.9,0.6"]]))
def test_find_rows_negated_cut_offs_never_show_a_traceback(folder, data, types, neg):
    _check(folder, data, ["find-rows", "--outcome", "Y", "--incl-cut", "0.8", "--type", types,
                          "--expression", "~A", *neg, "--json"])
