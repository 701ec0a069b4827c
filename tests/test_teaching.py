"""The teaching page's exercises: every answer it states is recomputed here, and the page and
notebook 02 point at each other."""
from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

import fsqca
from fsqca.datasets import load_dataset

ROOT = Path(__file__).resolve().parents[1]
PAGE = (ROOT / "docs" / "teaching.md").read_text(encoding="utf-8")
NOTEBOOK_SRC = (ROOT / "notebooks" / "src" / "02_learning_fsqca.py").read_text(encoding="utf-8")
C = ["DEV", "URB", "LIT", "IND", "STB"]


def _answer(n: int) -> str:
    """The text of exercise n's answer block."""
    found = re.search(rf"\*\*Exercise {n}\.\*\*.*?<details><summary>Answer</summary>(.*?)</details>",
                      PAGE, re.S)
    assert found, f"exercise {n} or its answer is missing from docs/teaching.md"
    return " ".join(found.group(1).split())


@pytest.fixture(scope="module")
def lf():
    return load_dataset("LF")


def _positive(tt) -> list[int]:
    return [int(i) for i in tt.rows.index[tt.rows["OUT"] == "1"]]


def test_exercise_1_stricter_cut(lf):
    tt = fsqca.truth_table(lf, "SURV", C, incl_cut=0.9)
    text = _answer(1)
    assert _positive(tt) == [32] and "Only row 32" in text
    assert f"Parsimonious: `{fsqca.minimize(tt, 'parsimonious').models[0].expression}`" in text
    assert f"complex: `{fsqca.minimize(tt, 'complex').models[0].expression}`" in text


def test_exercise_2_negated_outcome(lf):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tt = fsqca.truth_table(lf, "~SURV", C, incl_cut=0.8)
    text = _answer(2)
    rows = _positive(tt)
    assert f"Positive rows {', '.join(map(str, rows[:-1]))} and {rows[-1]}" in text
    assert f"parsimonious solution `{fsqca.minimize(tt, 'parsimonious').models[0].expression}`" in text


def test_exercise_3_necessity(lf):
    nec = fsqca.necessity(lf, "SURV", C).to_frame().set_index("condition")
    passing = nec.index[nec["inclN"] >= 0.9].tolist()
    text = _answer(3)
    assert passing == ["LIT", "STB"]
    for c in passing:
        assert f"{c} (inclN {nec.at[c, 'inclN']:.3f})" in text
        assert f"RoN {'is ' if c == 'LIT' else ''}{nec.at[c, 'RoN']:.3f}" in text


def test_exercise_4_directional_expectations(lf):
    tt = fsqca.truth_table(lf, "SURV", C, incl_cut=0.8)
    inter = fsqca.minimize(tt, "intermediate", dir_exp={"DEV": 1, "URB": 1, "LIT": 1, "IND": 0, "STB": 1})
    same = fsqca.minimize(tt, "intermediate", dir_exp={c: 1 for c in C})
    assert inter.models[0].expression == same.models[0].expression
    assert f"`{inter.models[0].expression}`" in _answer(4)
    table = fsqca.configuration_table(inter, fsqca.minimize(tt, "parsimonious")).to_frame()
    assert "LIT is peripheral in both" in _answer(4)
    both = [c for c in C if all(str(v).strip() in ("•", "ⓧ") for v in table.loc[c])]
    assert both == ["LIT"]


def test_page_and_notebook_link_each_other_and_use_the_same_data():
    assert "../notebooks/02_learning_fsqca.ipynb" in PAGE
    assert "../docs/teaching.md" in NOTEBOOK_SRC
    assert 'load_dataset("LF")' in PAGE and 'load_dataset("LF")' in NOTEBOOK_SRC
    for n in range(1, 5):
        assert f"**Exercise {n}.**" in NOTEBOOK_SRC
