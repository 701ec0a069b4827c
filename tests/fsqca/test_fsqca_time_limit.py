"""Time limit, progress reports and limit checks of ``fsqca.minimize`` and ``fsqca minimize``.

No test measures time: the budget runs on a fake clock, or the limit is so small that it
has run out before the first stage.
"""
from __future__ import annotations

import importlib
import json
import sys
from itertools import combinations

import numpy as np
import pandas as pd
import pytest

import fsqca
from fsqca._budget import Budget
from fsqca._validate import QCAInputError
from fsqca.cli import main


def _cyclic_data(k: int = 7, seed: int = 4, share: float = 0.6) -> pd.DataFrame:
    """Crisp random data (one case in each of ``share`` of the rows, a random outcome): with
    the defaults the parsimonious chart needs the cyclic core, and greedy and packing bounds
    (16 and 14) do not meet."""
    rng = np.random.default_rng(seed)
    rows = rng.permutation(2**k)[: int(2**k * share)]
    bits = (rows[:, None] >> np.arange(k - 1, -1, -1)) & 1
    df = pd.DataFrame(bits.astype(float), columns=[f"C{i + 1}" for i in range(k)],
                      index=[f"c{i}" for i in range(len(rows))])
    df["Y"] = (rng.random(len(rows)) < 0.5).astype(float)
    return df


def _brute_minimum(tt, sol) -> int:
    """Smallest number of the chart's prime implicants covering every positive row."""
    covers = sol.chart.covers
    n = covers.shape[1]
    for size in range(1, len(covers) + 1):
        for combo in combinations(range(len(covers)), size):
            if covers[list(combo)].any(axis=0).all():
                return size
        if size > 8:
            raise AssertionError("chart too large for the brute force")
    raise AssertionError(n)


MINIMIZE = importlib.import_module("fsqca.minimize")  # the module (``fsqca.minimize`` is the function)


class _Clock:
    def __init__(self, step: float):
        self.now, self.step = 0.0, step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def test_out_of_time_gives_a_cover_a_true_lower_bound_and_says_so(monkeypatch):
    df = _cyclic_data()
    tt = fsqca.truth_table(df, "Y", incl_cut=0.8)
    exact = fsqca.minimize(tt, "parsimonious", progress=False)
    assert exact.proven_minimal and exact.lower_bound == exact.best_size and not exact.timed_out
    # a clock that jumps an hour per reading: the limit has passed at the first check
    monkeypatch.setattr(MINIMIZE, "Budget",
                        lambda limit, progress: Budget(limit, progress, clock=_Clock(3600.0)))
    sol = fsqca.minimize(tt, "parsimonious", time_limit=60, progress=False)
    assert sol.timed_out and not sol.proven_minimal
    size = exact.best_size
    positive = set(tt.codes("1").tolist())
    for m in sol.models:  # still covers of every positive row, made of prime implicants
        assert set(m.terms) <= set(exact.prime_implicants)
        rows = set()
        for t in m.terms:
            mask, value = fsqca.expression.term_to_bits(t, tt.conditions)
            rows |= {r for r in positive if r & mask == value}
        assert rows == positive
    assert sol.lower_bound <= size <= sol.best_size
    if sol.proven_minimal:
        assert sol.best_size == size
    else:
        text = sol.summary()
        assert f"best found: {sol.best_size} implicants; lower bound {sol.lower_bound}; not proven minimal" in text
        assert sol.statements == text.splitlines()[1:len(sol.statements) + 1]
        assert any("not proven minimal" in line for line in sol.statements)
        assert sol.lower_bound < sol.best_size


def test_the_exact_minimum_agrees_with_brute_force_on_the_cyclic_example():
    tt = fsqca.truth_table(_cyclic_data(k=5, seed=1), "Y", incl_cut=0.8)
    sol = fsqca.minimize(tt, "parsimonious", progress=False)
    assert sol.best_size == _brute_minimum(tt, sol) == sol.lower_bound


def test_progress_reports_go_to_the_callable_with_stage_and_counts(monkeypatch):
    tt = fsqca.truth_table(_cyclic_data(), "Y", incl_cut=0.8)
    seen = []
    # every reading moves the clock 10 s: every update is due and reported
    monkeypatch.setattr(MINIMIZE, "Budget",
                        lambda limit, progress: Budget(limit, progress, clock=_Clock(10.0)))
    sol = fsqca.minimize(tt, "parsimonious", progress=seen.append)
    assert sol.proven_minimal  # no time limit: the answer is exact however long it takes
    stages = [p.stage for p in seen]
    assert stages and stages[0] == "prime implicants"
    assert all(p.line().startswith("fsqca minimize: ") for p in seen)
    assert set(sol.timings) >= {"prime implicants", "chart reductions"}


def test_progress_counts_the_essentials_and_names_the_block(monkeypatch):
    """Lines give the best cover and the bound of the whole chart, not of the part being solved.

    Chart: implicant 0 is essential (sole option of row 0); rows 1-6 form two independent
    3-cycles (implicants 1-3 and 4-6), each needing two implicants: the minimum is 1 + 2 + 2.
    """
    from fsqca import _cover, _mincover

    covers = [0b1, 0b0000110, 0b0001100, 0b0001010, 0b0110000, 0b1100000, 0b1010000]
    monkeypatch.setattr(_mincover, "QUICK_NODES", 0)  # let every block reach the reported stages
    seen = []
    budget = Budget(None, seen.append, clock=_Clock(10.0))
    res = _cover.minimum_covers(covers, 7, budget=budget)
    budget.finish()
    assert res.size == 5 and res.proven
    with_best = [p for p in seen if p.best is not None]
    assert with_best, [p.line() for p in seen]
    # block 1: the essential plus its own greedy cover of 2; block 2: plus block 1's 2
    first = [p for p in with_best if p.stage.endswith("block 1 of 2")]
    second = [p for p in with_best if p.stage.endswith("block 2 of 2")]
    assert first and second
    assert {p.best for p in first} == {3} and {p.best for p in second} == {5}
    assert all(p.bound <= res.size for p in with_best)


def test_default_progress_writes_to_stderr_only_after_the_first_seconds(capsys):
    lines = []
    b = Budget(None, True, clock=_Clock(0.5))
    b.sink = lines.append  # the default sink, observed
    b.update("prime implicants")           # 0.5 s or so: too early
    assert not lines
    for _ in range(10):
        b.update("listing models", nodes=10, best=4)
    assert lines and lines[0].stage == "listing models" and lines[0].best == 4
    b.finish()
    assert capsys.readouterr().out == ""   # never on standard output


@pytest.mark.parametrize("kwargs, message", [
    ({"time_limit": 0}, "time_limit must be a positive number"),
    ({"time_limit": -5}, "time_limit must be a positive number"),
    ({"time_limit": "ten"}, "time_limit must be a positive number"),
    ({"time_limit": float("nan")}, "time_limit must be a positive number"),
    ({"node_limit": 0}, "node_limit must be a whole number >= 1"),
    ({"node_limit": 2.5}, "node_limit must be a whole number >= 1"),
    ({"max_models": 0}, "max_models must be a whole number >= 1"),
    ({"count_limit": -1}, "count_limit must be a whole number >= 1"),
    ({"progress": "yes"}, "progress must be True, False or a callable"),
])
def test_bad_limits_are_named(kwargs, message):
    tt = fsqca.truth_table(_cyclic_data(k=4), "Y", incl_cut=0.8)
    with pytest.raises(QCAInputError, match=message):
        fsqca.minimize(tt, "parsimonious", **kwargs)


@pytest.mark.parametrize("option, value, message", [
    ("--time-limit", "0", "time_limit must be a positive number"),
    ("--time-limit", "soon", "--time-limit must be a positive number of seconds, got 'soon'"),
    ("--node-limit", "0", "--node-limit must be a whole number >= 1"),
    ("--max-models", "0", "--max-models must be a whole number >= 1"),
])
def test_cli_bad_limits_exit_2_with_one_line(tmp_path, capsys, option, value, message):
    path = tmp_path / "d.csv"
    _cyclic_data(k=4).to_csv(path, index_label="case")
    assert main(["minimize", str(path), "--outcome", "Y", "--incl-cut", "0.8", option, value]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and err.startswith("fsqca: error: ") and message in err


def test_cli_json_says_whether_the_answer_is_proven(tmp_path, capsys):
    path = tmp_path / "d.csv"
    _cyclic_data().to_csv(path, index_label="case")
    assert main(["minimize", str(path), "--outcome", "Y", "--incl-cut", "0.8", "--solution", "parsimonious",
                 "--time-limit", "600", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["proven_minimal"] is True
    assert out["lower_bound"] == len(out["models"][0]["terms"])


# ---- twenty conditions ---------------------------------------------------------------------
def _crisp_rows(codes, k, outcome):
    bits = (np.asarray(codes)[:, None] >> np.arange(k - 1, -1, -1)) & 1
    df = pd.DataFrame(bits.astype(float), columns=[f"C{i + 1}" for i in range(k)],
                      index=[f"c{i}" for i in range(len(codes))])
    df["Y"] = np.asarray(outcome, dtype=float)
    return df


def test_twenty_conditions_truth_table_and_complex_solution():
    k = 20
    rng = np.random.default_rng(20)
    r, s, t = (int(v) for v in rng.choice(2**k, 3, replace=False))
    positive = [r, r ^ (1 << 3), s, s ^ (1 << 10), t]
    negative = [int(v) for v in rng.choice(2**k, 40, replace=False) if v not in positive][:30]
    df = _crisp_rows(positive + negative, k, [1] * 5 + [0] * len(negative))
    tt = fsqca.truth_table(df, "Y", incl_cut=1)
    assert len(tt.rows) == 5 + len(negative) and (tt.rows["n"] == 1).all()
    assert sorted(tt.codes("1").tolist()) == sorted(positive)
    sol = fsqca.minimize(tt, "complex", progress=False)
    # two pairs of rows one condition apart merge; the fifth row stays alone
    assert sol.n_models == 1 and sol.proven_minimal
    lengths = sorted(len(term) for term in sol.models[0].terms)
    assert lengths == [k - 1, k - 1, k]
    dropped = {f"C{k - b}" for b in (3, 10)}  # bit b is condition k - b (first = most significant)
    names = {name for term in sol.models[0].terms for name, _ in term}
    assert all(sum(1 for n, _ in term if n in dropped) == 1 for term in sol.models[0].terms if len(term) == k - 1)
    assert dropped <= names


def test_twenty_conditions_parsimonious_names_the_memory_limit():
    k = 20
    df = _crisp_rows([0, 1, 2**k - 1, 5], k, [1, 0, 1, 0])
    tt = fsqca.truth_table(df, "Y", incl_cut=1)
    with pytest.raises(QCAInputError, match=r"20 conditions: .* 3\*\*20 terms would need 7.0 GB; .* at most 18"):
        fsqca.minimize(tt, "parsimonious", progress=False)


def test_more_than_twenty_conditions_are_refused():
    df = _crisp_rows([0, 1, 2, 2**21 - 1], 21, [1, 0, 1, 0])
    with pytest.raises(QCAInputError, match="21 conditions: the exact minimiser handles at most 20"):
        fsqca.truth_table(df, "Y", incl_cut=1)
