"""A study whose minimisation ran out of time says so: results.json, the report (en, zh) and
the run summary carry "not proven minimal" with the best cover and the proven lower bound."""
from __future__ import annotations

import copy
import importlib
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import fsqca
from digigov.methods.sufficiency.step import solution_json as _solution_json
from digigov.report import render_report
from digigov.schema import validate_results
from fsqca._budget import Budget

FIXTURE = Path(__file__).parents[1] / "fixtures" / "results_synthetic.json"
MINIMIZE = importlib.import_module("fsqca.minimize")


class _Clock:  # every reading is an hour later: the limit has passed at the first check
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        self.now += 3600.0
        return self.now


@pytest.fixture
def unproven(monkeypatch):
    """A parsimonious solution cut short by its time limit (crisp random data with a cyclic chart)."""
    rng = np.random.default_rng(4)
    rows = rng.permutation(2**7)[:76]
    bits = (rows[:, None] >> np.arange(6, -1, -1)) & 1
    df = pd.DataFrame(bits.astype(float), columns=[f"C{i + 1}" for i in range(7)],
                      index=[f"c{i}" for i in range(len(rows))])
    df["Y"] = (rng.random(len(rows)) < 0.5).astype(float)
    tt = fsqca.truth_table(df, "Y", incl_cut=0.8)
    monkeypatch.setattr(MINIMIZE, "Budget", lambda limit, progress: Budget(limit, progress, clock=_Clock()))
    sol = fsqca.minimize(tt, "parsimonious", time_limit=60, progress=False)
    assert not sol.proven_minimal
    return sol


def test_results_json_says_not_proven(unproven):
    out = _solution_json(unproven)
    best = len(out["models"][0]["terms"])
    assert out["proven_minimal"] is False and out["lower_bound"] == unproven.lower_bound < best
    assert any(f"best found: {best} implicants; lower bound {out['lower_bound']}; not proven minimal" in s
               for s in out["statements"])
    results = json.loads(FIXTURE.read_text(encoding="utf-8"))
    results["solutions"]["parsimonious"] = out
    validate_results(results)


@pytest.mark.parametrize("lang, words", [("en", "not proven minimal"), ("zh", "未被证明为最小")])
def test_report_warns_beside_the_models(lang, words):
    results = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert words not in render_report(results, lang, figures=[])
    cut = copy.deepcopy(results)
    sol = cut["solutions"]["parsimonious"]
    best = len(sol["models"][0]["terms"])
    sol.update(proven_minimal=False, lower_bound=best - 2)
    text = render_report(cut, lang, figures=[])
    assert words in text
    assert f"{best}" in text.split(words, 1)[1][:200] and f"{best - 2}" in text.split(words, 1)[1][:200]
