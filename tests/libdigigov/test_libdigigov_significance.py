"""The one significance core: permutation p-values, seeding and the FDR adjustment."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, strategies as st
from statsmodels.stats.multitest import multipletests

from libdigigov.significance import (DEFAULT_SEED, check_seed, fdr_bh, permutation_pvalue,
                                     permutation_pvalues, seeded_rng)

floats = st.floats(-1e6, 1e6, allow_nan=False)


@given(floats, st.lists(floats, min_size=1, max_size=60))
def test_pvalue_counts_the_observed_value_as_a_draw(t, draws):
    d = np.array(draws)
    greater = permutation_pvalue(t, d)
    less = permutation_pvalue(t, d, "less")
    assert greater == pytest.approx((sum(x >= t for x in draws) + 1) / (len(draws) + 1))
    assert less == pytest.approx((sum(x <= t for x in draws) + 1) / (len(draws) + 1))
    assert 1 / (len(draws) + 1) <= min(greater, less) <= 1
    assert permutation_pvalue(t, d, "two-sided") == pytest.approx(min(1.0, 2 * min(greater, less)))
    assert permutation_pvalue(t, d, "folded") == pytest.approx(min(greater, less))


def test_vectorised_form_agrees_with_the_scalar_one_and_drops_undefined_draws():
    rng = np.random.default_rng(3)
    draws = rng.normal(size=(4, 50))
    draws[1, :5] = np.nan
    obs = np.array([0.1, 1.5, -2.0, 0.0])
    batch = permutation_pvalues(obs, draws)
    for k in range(4):
        finite = draws[k][np.isfinite(draws[k])]
        assert batch[k] == pytest.approx(permutation_pvalue(obs[k], finite))
    assert permutation_pvalues(obs, draws.T, axis=0) == pytest.approx(batch)


@given(st.lists(st.floats(0, 1), min_size=1, max_size=40))
def test_fdr_matches_benjamini_hochberg_of_statsmodels(p):
    assert fdr_bh(p) == pytest.approx(multipletests(p, method="fdr_bh")[1])


def test_default_seed_is_reported_and_bad_seeds_are_refused():
    rng, seed = seeded_rng(None)
    assert seed == DEFAULT_SEED
    assert rng.random() == np.random.default_rng(DEFAULT_SEED).random()
    for bad in (-5, "x", 1.5, True, 2 ** 70):
        with pytest.raises(ValueError, match="seed must be a whole number"):
            check_seed(bad)
    with pytest.raises(ValueError, match="alternative"):
        permutation_pvalue(1.0, [1.0], "bigger")
