"""Configuration tables: core conditions come from the parsimonious solution (Fiss 2011)."""
from __future__ import annotations

import pandas as pd
import pytest

import fsqca


@pytest.fixture()
def lipset_like():
    # Two sufficient paths, A*B and ~A*C, with observed rows chosen so that the parsimonious
    # solution is B + C while the complex solution keeps A and ~A.
    rows = {
        "c1": (0.9, 0.9, 0.1, 0.9), "c2": (0.8, 0.7, 0.2, 0.8),   # A B ~C -> Y
        "c3": (0.1, 0.2, 0.9, 0.9), "c4": (0.2, 0.1, 0.8, 0.7),   # ~A ~B C -> Y
        "c5": (0.9, 0.1, 0.1, 0.1), "c6": (0.1, 0.1, 0.2, 0.2),   # A ~B ~C, ~A ~B ~C -> ~Y
    }
    return pd.DataFrame.from_dict(rows, orient="index", columns=["A", "B", "C", "Y"])


def test_core_and_peripheral_conditions(lipset_like):
    tt = fsqca.truth_table(lipset_like, "Y", ["A", "B", "C"], incl_cut=0.8)
    inter = fsqca.minimize(tt, "intermediate")
    pars = fsqca.minimize(tt, "parsimonious")
    assert {m.expression for m in pars.models} == {"B + C"}
    table = fsqca.configuration_table(inter, pars)
    cells = table.cells
    by_term = {fsqca.format_term(t): name for t, name in zip(table.terms, table.configurations)}
    col1 = by_term["A*B*~C"]
    col2 = by_term["~A*~B*C"]
    assert cells.loc["B", col1] == "core present"
    assert cells.loc["A", col1] == "peripheral present"
    assert cells.loc["C", col1] == "peripheral absent"
    assert cells.loc["C", col2] == "core present"
    assert cells.loc["A", col2] == "peripheral absent"


def test_rendering_has_symbols_fit_and_cases(lipset_like):
    tt = fsqca.truth_table(lipset_like, "Y", ["A", "B", "C"], incl_cut=0.8)
    table = fsqca.configuration_table(fsqca.minimize(tt, "intermediate"), labels={"A": "甲"}, lang="zh")
    md = table.to_markdown()
    assert "甲" in md and "●" in md and "总体一致性" in md and "c1, c2" in md
    html = table.to_html()
    assert html.count("<tr") == len(table.to_frame()) + 1
    tex = table.to_latex()
    assert tex.startswith(r"\begin{tabular}") and r"\otimes" in tex
    frame = table.to_frame()
    sol = table.solution_fit
    assert frame.loc["总体覆盖度"].iloc[0] == f"{sol['covS']:.3f}"


def test_neutral_permutations_share_a_number():
    # one core (A) with two peripheral variants
    rows = {
        "a": (0.9, 0.9, 0.9, 0.9), "b": (0.9, 0.1, 0.1, 0.9),
        "c": (0.1, 0.9, 0.1, 0.1), "d": (0.1, 0.1, 0.9, 0.1), "e": (0.1, 0.1, 0.1, 0.1),
    }
    df = pd.DataFrame.from_dict(rows, orient="index", columns=["A", "B", "C", "Y"])
    tt = fsqca.truth_table(df, "Y", ["A", "B", "C"], incl_cut=0.8)
    table = fsqca.configuration_table(fsqca.minimize(tt, "complex"), fsqca.minimize(tt, "parsimonious"))
    assert sorted(table.configurations) == ["1a", "1b"]


def test_needs_parsimonious_for_core(lipset_like):
    tt = fsqca.truth_table(lipset_like, "Y", ["A", "B", "C"], incl_cut=0.8)
    with pytest.raises(fsqca.QCAInputError, match="parsimonious"):
        fsqca.configuration_table(fsqca.minimize(tt, "complex"))


def _ambiguous():
    # positives 111, 100, 001 (isolated in the complex solution), negative 000: the parsimonious
    # model is A + C, and both of its terms subsume the configuration A*B*C
    rows = {"a": (0.9, 0.9, 0.9, 0.9), "b": (0.9, 0.1, 0.1, 0.9), "c": (0.1, 0.1, 0.9, 0.9),
            "f": (0.1, 0.1, 0.1, 0.1)}
    return pd.DataFrame.from_dict(rows, orient="index", columns=["A", "B", "C", "Y"])


def test_explicit_cores_choose_one_prime_implicant():
    tt = fsqca.truth_table(_ambiguous(), "Y", ["A", "B", "C"], incl_cut=0.8)
    inter = fsqca.minimize(tt, "intermediate")
    pars = fsqca.minimize(tt, "parsimonious")
    assert [m.expression for m in pars.models] == ["A + C"]
    default = fsqca.configuration_table(inter, pars)
    col = default.configurations[[fsqca.format_term(t) for t in default.terms].index("A*B*C")]
    assert default.cells.loc["A", col] == default.cells.loc["C", col] == "core present"
    assert any("A*B*C is subsumed by 2 parsimonious terms" in n for n in default.notes)
    chosen = fsqca.configuration_table(inter, pars, cores={"C*B*A": "C"})
    col = chosen.configurations[[fsqca.format_term(t) for t in chosen.terms].index("A*B*C")]
    assert chosen.cells.loc["C", col] == "core present"
    assert chosen.cells.loc["A", col] == "peripheral present"
    assert not any("A*B*C" in n for n in chosen.notes)


def test_invalid_cores_are_refused(lipset_like):
    tt = fsqca.truth_table(lipset_like, "Y", ["A", "B", "C"], incl_cut=0.8)
    inter = fsqca.minimize(tt, "intermediate")
    with pytest.raises(fsqca.QCAInputError, match="not a configuration"):
        fsqca.configuration_table(inter, cores={"A*C": "C"})
    with pytest.raises(fsqca.QCAInputError, match="does not subsume"):
        fsqca.configuration_table(inter, cores={"A*B*~C": "C"})
