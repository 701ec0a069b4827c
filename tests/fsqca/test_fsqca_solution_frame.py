"""Solution.to_frame joins each term's case lists once for all its models: the table equals the
one built model by model from each model's own fit (the case lists do not depend on the model)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import fsqca


@pytest.mark.parametrize("seed", [2, 5])
def test_solution_frame_equals_the_model_by_model_table(seed):
    rng = np.random.default_rng(seed)
    n = 300
    x = rng.uniform(0, 1, (n, 6))
    y = np.clip(np.maximum(np.minimum(x[:, 0], x[:, 1]), np.minimum(x[:, 2], 1 - x[:, 3])) + rng.normal(0, 0.15, n), 0, 1)
    df = pd.DataFrame(x, columns=list("ABCDEF"), index=[f"c{i}" for i in range(n)])
    df["Y"] = y
    tt = fsqca.truth_table(df, "Y", list("ABCDEF"), incl_cut=0.8)
    sol = fsqca.minimize(tt, "complex", progress=False)
    assert len(sol.models) > 1          # several models: terms shared between them
    by_model = []
    for i, m in enumerate(sol.models, start=1):
        f = fsqca.fit(m.expression, df, "Y", list("ABCDEF")).to_frame()   # a fresh fit: no shared lists
        f.insert(0, "essential", [t in set(sol.essential) for t in m.terms] + [False])
        f.insert(0, "term", f.index)
        f.insert(0, "model", f"M{i}")
        by_model.append(f)
    expected = pd.concat(by_model, ignore_index=True)
    pd.testing.assert_frame_equal(sol.to_frame(), expected)
