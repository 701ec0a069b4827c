"""Helpers shared by the diagnostics tests: hypothesis settings and a brute-force enumeration
of the minimal sums of products (independent of the minimisation code under test)."""
from __future__ import annotations

from itertools import combinations, product

from hypothesis import HealthCheck, settings

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NAMES = ["A", "B", "C", "D", "E"]


def config(r, k):
    """The 0/1 values of truth-table row ``r`` (0-based) over ``k`` conditions."""
    return [(r >> (k - 1 - j)) & 1 for j in range(k)]




def brute_models(positive, negative, k):
    """All minimum covers of the positive rows by prime implicants, by enumeration."""
    rows = range(2**k)
    terms = []
    for code in product((None, 0, 1), repeat=k):
        cover = {r for r in rows if all(v is None or config(r, k)[j] == v for j, v in enumerate(code))}
        if cover & negative or not cover & positive:
            continue
        terms.append(frozenset(cover))
    primes = [t for t in set(terms) if not any(t < o for o in terms)]
    for size in range(1, len(primes) + 1):
        models = [m for m in combinations(primes, size) if positive <= set().union(*m)]
        if models:
            return models
    return []
