"""The truth table's warning when no row is positive gives a hint that fits the cut-off in use."""
from __future__ import annotations

import pandas as pd
import pytest

import fsqca

# two conditions whose every row holds cases with and without the outcome: no row is consistent
DATA = pd.DataFrame({"A": [0.9, 0.9, 0.1, 0.1, 0.8, 0.2], "B": [0.8, 0.2, 0.9, 0.1, 0.7, 0.3],
                     "Y": [0.6, 0.4, 0.45, 0.3, 0.2, 0.35]})


def _warning(**cuts) -> str:
    with pytest.warns(fsqca.QCAWarning) as record:
        fsqca.truth_table(DATA, "Y", ["A", "B"], **cuts)
    return " ".join(str(w.message) for w in record)


def test_r_default_hint_only_at_r_default_cut():
    assert "R's default incl_cut = 1" in _warning(incl_cut=1)


def test_below_one_the_warning_names_the_best_row_instead():
    text = _warning(incl_cut=0.8)
    assert "R's default" not in text
    best = max(r["incl"] for r in fsqca.truth_table(DATA, "Y", ["A", "B"], incl_cut=0.0).to_dict()["rows"])
    assert f"the most consistent row has inclS = {best:.3f}" in text
