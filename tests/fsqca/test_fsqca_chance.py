"""The solution against chance (Braumoeller 2015): the vectorised permutation test agrees with a
plain loop over the public functions, is reproducible, and the command gives what the function gives."""
from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest

import fsqca
from fsqca import QCAInputError, chance_test, minimize, truth_table
from fsqca.chance import _out_codes
from fsqca.cli import main
from fsqca.datasets import load_dataset
from libdigigov.significance import DEFAULT_SEED

TOL = float(np.finfo(float).eps) ** 0.5


def _loop(sol, permutations, seed):
    """The test written the slow, obvious way: a truth table, a minimisation and a fit per permutation."""
    tt = sol.truth_table
    data = tt.memberships
    obs = sol.models[0].fit
    rng = np.random.default_rng(seed)
    orders = [rng.permutation(len(data)) for _ in range(permutations)]
    matches = any_solution = 0
    for order in orders:
        perm = data.copy()
        perm[tt.outcome] = data[tt.outcome].to_numpy()[order]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ptt = truth_table(perm, tt.outcome_label, list(tt.conditions), incl_cut=tt.incl_cut[0],
                              pri_cut=tt.pri_cut, n_cut=tt.n_cut)
        if not len(ptt.codes("1")):
            continue
        any_solution += 1
        psol = minimize(ptt, sol.kind, max_models=100, progress=False)
        if any(m.fit.inclS >= obs.inclS - TOL and m.fit.covS >= obs.covS - TOL for m in psol.models):
            matches += 1
    return matches, any_solution


@pytest.mark.parametrize("outcome, kind", [("SURV", "parsimonious"), ("SURV", "complex"), ("~SURV", "parsimonious")])
def test_agrees_with_a_plain_loop(outcome, kind):
    lf = load_dataset("LF")
    sol = minimize(truth_table(lf, outcome, incl_cut=0.8), kind, progress=False)
    res = chance_test(sol, 60, seed=7, progress=False)
    matches, any_solution = _loop(sol, 60, 7)
    assert (res.matches, res.with_solution) == (matches, any_solution)
    assert res.p_value == pytest.approx((matches + 1) / 61)
    assert res.draws["match"].sum() == matches


def test_out_codes_equal_the_truth_table_rule():
    lf = load_dataset("LF")
    tt = truth_table(lf, "SURV", incl_cut=[0.8, 0.6], pri_cut=0.2, n_cut=2)
    x = lf[list(tt.conditions)].to_numpy()
    codes = tt.rows.index.to_numpy() - 1
    x_rows = fsqca.truthtable.config_memberships(x, codes).T
    rng = np.random.default_rng(3)
    ys = np.stack([rng.permutation(lf["SURV"].to_numpy()) for _ in range(20)])
    got = _out_codes(x_rows, x_rows.sum(axis=1), tt.rows["n"].to_numpy(), ys,
                     {"ic1": 0.8, "ic0": 0.6, "pri_cut": 0.2, "n_cut": 2})
    names = {1: "1", 0: "0", 2: "C", 3: "?"}
    for y, row in zip(ys, got):
        perm = lf.assign(SURV=y)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            want = truth_table(perm, "SURV", incl_cut=[0.8, 0.6], pri_cut=0.2, n_cut=2).rows["OUT"].tolist()
        assert [names[v] for v in row] == want


def test_seeded_and_reported():
    sol = minimize(truth_table(load_dataset("LF"), "SURV", incl_cut=0.8), "parsimonious", progress=False)
    a = chance_test(sol, 50, progress=False)
    b = chance_test(sol, 50, progress=False)
    assert a.seed == DEFAULT_SEED and a.to_dict()["seed"] == DEFAULT_SEED
    assert a.draws.equals(b.draws)
    c = chance_test(sol, 50, seed=99, progress=False)
    assert c.seed == 99
    assert "Braumoeller" in a.summary()


def test_a_strong_relation_is_rarely_matched_by_chance():
    # Y is exactly A*B over 40 cases: a random outcome almost never gives a solution as consistent
    # and as covering
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 1, (40, 3))
    df = pd.DataFrame(x, columns=["A", "B", "C"])
    df["Y"] = np.minimum(df["A"], df["B"])
    sol = minimize(truth_table(df, "Y", incl_cut=0.9), "parsimonious", progress=False)
    res = chance_test(sol, 200, seed=1, progress=False)
    assert res.matches <= 2 and res.p_value < 0.02


def test_progress_callable_and_bad_input():
    sol = minimize(truth_table(load_dataset("LF"), "SURV", incl_cut=0.8), "parsimonious", progress=False)
    seen = []
    chance_test(sol, 150, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (150, 150) and len(seen) >= 2
    with pytest.raises(QCAInputError, match="permutations"):
        chance_test(sol, -1)
    with pytest.raises(QCAInputError, match="model must be"):
        chance_test(sol, 10, model=5)
    with pytest.raises(QCAInputError, match="takes a Solution"):
        chance_test("DEV", 10)


def test_command(tmp_path, capsys):
    path = tmp_path / "lf.csv"
    load_dataset("LF").to_csv(path)
    status = main(["chance-test", str(path), "--outcome", "SURV", "--incl-cut", "0.8", "--permutations", "40",
                   "--seed", "5", "--json"])
    out, err = capsys.readouterr()
    assert status == 0, err
    got = json.loads(out)
    sol = minimize(truth_table(load_dataset("LF"), "SURV", incl_cut=0.8), "parsimonious", progress=False)
    want = chance_test(sol, 40, seed=5, progress=False)
    assert got["matches"] == want.matches and got["p_value"] == pytest.approx(want.p_value)
    status = main(["chance-test", str(path), "--outcome", "SURV", "--permutations", "x"])
    assert status == 2 and "--permutations" in capsys.readouterr().err


def test_multi_value_and_binomial_tables_are_refused_in_one_line():
    lm = load_dataset("LM")
    sol = minimize(truth_table(lm, "SURV", ["DEV", "URB", "LIT", "IND"], multi_value=["DEV"]), "parsimonious",
                   progress=False)
    with pytest.raises(QCAInputError, match="multi-value"):
        chance_test(sol, 10)
    lc = load_dataset("LC")
    sol = minimize(truth_table(lc, "SURV", incl_cut=0.5, inf_test=("binom", 0.3)), "parsimonious", progress=False)
    with pytest.raises(QCAInputError, match="inf_test"):
        chance_test(sol, 10)
