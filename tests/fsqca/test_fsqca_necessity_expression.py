"""Necessity of any expression (R's ``pof("A + B <= Y")``, ``pof("~A*B <= ~Y")``) and the
negated outcome of necessity_combinations, against hand formulas and the algebra of fuzzy sets."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fsqca
from fsqca import QCAInputError
from fsqca.cli import main

DF = pd.DataFrame({"A": [0.9, 0.8, 0.6, 0.1, 0.3], "B": [0.2, 0.9, 0.1, 0.3, 0.7],
                   "Y": [0.8, 0.7, 0.2, 0.1, 0.6]}, index=list("abcde"))


def _nec(x, y):
    """inclN, RoN, covN from the published formulas (Schneider & Wagemann 2012, sec. 9.2)."""
    both = np.minimum(x, y)
    return both.sum() / y.sum(), (1 - x).sum() / (1 - both).sum(), both.sum() / x.sum()


def test_negated_conjunction_for_the_negated_outcome_by_hand():
    a, b, y = (DF[c].to_numpy() for c in "ABY")
    res = fsqca.necessity(DF, expression="~A*B <= ~Y").to_frame()
    assert res["condition"].tolist() == ["~A*B"] and res["outcome"].tolist() == ["~Y"]
    assert res[["inclN", "RoN", "covN"]].iloc[0].tolist() == pytest.approx(_nec(np.minimum(1 - a, b), 1 - y))


def test_disjunction_lists_each_term_then_the_expression():
    a, b, y = (DF[c].to_numpy() for c in "ABY")
    res = fsqca.necessity(DF, "Y", expression="A + B").to_frame().set_index("condition")
    assert list(res.index) == ["A", "B", "A + B"]
    assert res.loc["A + B", ["inclN", "RoN", "covN"]].tolist() == pytest.approx(_nec(np.maximum(a, b), y))
    assert res.loc["A", "inclN"] == pytest.approx(_nec(a, y)[0])
    both = fsqca.necessity(DF, expression="A + B <= Y", negated_outcome=True).to_frame()
    assert both["outcome"].tolist() == ["Y"] * 3 + ["~Y"] * 3


@pytest.mark.parametrize("kwargs, text", [
    ({"expression": "A => Y"}, "sufficiency"),
    ({"expression": "A + B"}, "needs an outcome"),
    ({"outcome": "Y", "expression": "A <= ~Y"}, "names the outcome '~Y', but outcome is 'Y'"),
    ({"outcome": "Y", "expression": "A + C"}, "unknown condition 'C'"),
    ({"outcome": "Y", "expression": "A", "conditions": ["A"]}, "not both"),
    ({}, "needs an outcome"),
])
def test_expression_errors_are_clear(kwargs, text):
    with pytest.raises(QCAInputError, match=text):
        fsqca.necessity(DF, **kwargs)



@settings(max_examples=100, deadline=None)
@given(st.data())
def test_algebra_of_necessity(data):
    n = data.draw(st.integers(4, 12))
    col = st.lists(st.sampled_from([0.0, 0.1, 0.2, 0.35, 0.5, 0.65, 0.8, 0.9, 1.0]), min_size=n, max_size=n)
    df = pd.DataFrame({"A": data.draw(col), "B": data.draw(col), "Y": data.draw(col)})
    if df["Y"].sum() == 0 or (1 - df["Y"]).sum() == 0:
        return
    res = fsqca.necessity(df, expression="A + B + A*B <= Y").to_frame().set_index("condition")
    # a union is at least as necessary as each of its parts
    assert res.loc["A + B + A*B", "inclN"] >= max(res.loc["A", "inclN"], res.loc["B", "inclN"]) - 1e-12
    # A*B is covered by A + B: the union with it is the union without it
    plain = fsqca.necessity(df, expression="A + B <= Y").to_frame().set_index("condition")
    assert res.loc["A + B + A*B", ["inclN", "RoN", "covN"]].tolist() == pytest.approx(
        plain.loc["A + B", ["inclN", "RoN", "covN"]].tolist(), nan_ok=True)
    # a single literal through the expression equals the plain condition
    single = fsqca.necessity(df, "Y", ["A"]).to_frame().set_index("condition")
    assert res.loc["A", "inclN"] == pytest.approx(single.loc["A", "inclN"])
    # de Morgan: necessity of ~(A + B) is necessity of ~A*~B
    dm = fsqca.necessity(df, expression="~A*~B <= ~Y").to_frame()["inclN"].iloc[0]
    y = df["Y"].to_numpy()
    want = np.minimum(1 - np.maximum(df["A"], df["B"]), 1 - y).sum() / (1 - y).sum()
    assert dm == pytest.approx(want)


def test_command_expression_and_both(tmp_path, capsys):
    path = tmp_path / "d.csv"
    DF.to_csv(path, index_label="case")
    assert main(["necessity", str(path), "--outcome", "Y", "--expression", "A + B <= Y", "--both", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["conditions"]
    assert [(r["outcome"], r["condition"]) for r in rows] == [
        ("Y", "A"), ("Y", "B"), ("Y", "A + B"), ("~Y", "A"), ("~Y", "B"), ("~Y", "A + B")]
    a, b, y = (DF[c].to_numpy() for c in "ABY")
    assert rows[2]["incl"] == pytest.approx(_nec(np.maximum(a, b), y)[0])
    assert main(["necessity", str(path), "--outcome", "Y", "--expression", "A", "--conditions", "A"]) == 2
    assert "do not combine" in capsys.readouterr().err
    assert main(["necessity", str(path), "--outcome", "Y", "--expression", "A", "--combinations"]) == 2
    assert "do not combine" in capsys.readouterr().err


def test_necessity_combinations_for_the_negated_outcome(tmp_path, capsys):
    neg = fsqca.necessity_combinations(DF, "~Y", incl_cut=0.8)
    manual = DF.assign(Y=1 - DF["Y"])
    assert neg.outcome == "~Y"
    pd.testing.assert_frame_equal(neg.to_frame(), fsqca.necessity_combinations(manual, "Y", incl_cut=0.8).to_frame())
    path = tmp_path / "d.csv"
    DF.to_csv(path, index_label="case")
    assert main(["necessity", str(path), "--outcome", "Y", "--combinations", "--incl-cut", "0.8", "--both",
                 "--json"]) == 0
    out = json.loads(capsys.readouterr().out)["outcomes"]
    assert [o["outcome"] for o in out] == ["Y", "~Y"]
    assert [c["condition"] for c in out[1]["conditions"]] == neg.to_frame()["expression"].tolist()
