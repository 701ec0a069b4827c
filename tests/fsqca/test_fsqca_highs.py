"""The 0-1 integer program of a minimum cover (fsqca._highs) with a starting solution.

HiGHS can report "optimal" and hand back the start itself, while the optimum it found is
lost on the way back from presolve; ``solve_cover`` must detect that and solve again.
Expected minima come from brute force over all implicant subsets.
"""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings

from fsqca._highs import solve_cover
from tests.fsqca.test_fsqca_lagrange import brute_minimum, is_cover
from tests.fsqca.test_fsqca_localsearch import charts_and_starts

# 8 rows x 25 implicants (rows as strings of implicants) and a start of 12 implicants whose
# minimum is 4: HiGHS 1.16 returned the start as "optimal" (its objective value said 4).
ROWS = ["0000001001100000100000010", "0001000101000000000101000", "0000010000000001000110000",
        "0001100011100000000000010", "0111010000000110000010000", "0010001000001101000000001",
        "1000000000000000001000000", "0000110110000001101100000"]


@settings(max_examples=200, deadline=None)
@given(charts_and_starts())
def test_a_start_never_stands_in_for_the_minimum(case):
    chart, start = case  # implicants x rows
    res = solve_cover(chart.T, incumbent=start)
    assert res.optimal and res.lower == len(res.cover)
    assert is_cover(chart, res.cover)
    assert len(res.cover) == brute_minimum(chart)


def test_the_start_highs_returned_as_optimal():
    a = np.array([[c == "1" for c in row] for row in ROWS])
    start = [1, 6, 7, 8, 12, 15, 16, 18, 19, 21, 23, 24]
    assert a[:, start].any(axis=1).all()
    res = solve_cover(a, incumbent=start)
    assert res.optimal and len(res.cover) == 4 == brute_minimum(a.T)
    assert a[:, res.cover].any(axis=1).all()
