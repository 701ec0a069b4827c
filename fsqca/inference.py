"""Row inference for crisp truth tables: R's ``truthTable(..., inf.test = "binom")``.

Each observed row with ``n >= n_cut`` is tested against the inclusion cut-off(s) instead of
being compared with them (Dusa 2019, sec. 7.3; QCA's ``truthTable``): with ``s`` the number
of the row's cases that have the outcome (``s = round(n * incl)`` on crisp data),

- ``pval1 = P(X >= s)`` for ``X ~ Binomial(n, ic1)`` (R's ``binom.test(s, n, p = ic1,
  alternative = "greater")``), and with a second cut-off ``pval0`` likewise at ``ic0``;
- OUT is ``"1"`` if ``pval1 < alpha``, else ``"C"`` if there is a second cut-off and
  ``pval0 < alpha``, else ``"0"``. ``pri_cut`` plays no part (as in R); rows below ``n_cut``
  stay ``"?"`` and are not tested.

R allows the test on crisp data only ("The binomial test only works with crisp data"): every
condition (multi-value levels included) and the outcome must hold whole numbers.
"""
from __future__ import annotations

import numpy as np

from ._validate import QCAInputError

__all__ = ["parse_inf_test", "binomial_test", "check_crisp"]

#: R's default significance level when ``inf.test = "binom"`` names no alpha.
DEFAULT_ALPHA = 0.05


def parse_inf_test(inf_test) -> tuple[str, float] | None:
    """``None``, ``"binom"``, ``"binom, 0.05"`` or ``("binom", 0.05)`` -> ``("binom", alpha)``.

    >>> parse_inf_test("binom, 0.1"), parse_inf_test("binom")
    (('binom', 0.1), ('binom', 0.05))
    """
    if inf_test is None or inf_test is False or inf_test == "":
        return None
    if isinstance(inf_test, str):
        parts = [p.strip() for p in inf_test.split(",")]
    else:
        parts = list(inf_test)
    method = str(parts[0]).strip().lower() if parts else ""
    if method != "binom" or len(parts) > 2:
        raise QCAInputError(f"inf_test must be 'binom' or 'binom, ALPHA' (R's inf.test), got {inf_test!r}")
    alpha = DEFAULT_ALPHA
    if len(parts) == 2:
        try:
            alpha = float(parts[1])
        except (TypeError, ValueError):
            raise QCAInputError(f"inf_test: the significance level must be a number, got {parts[1]!r}") from None
        if not 0 < alpha < 1:
            raise QCAInputError(f"inf_test: the significance level must lie strictly between 0 and 1, got {alpha!r}")
    return "binom", alpha


def check_crisp(values: np.ndarray, columns) -> None:
    """Refuse fuzzy values: the binomial test counts cases (R: only crisp data)."""
    frac = values != np.round(values)
    if frac.any():
        j = int(np.flatnonzero(frac.any(axis=0))[0])
        raise QCAInputError(f"inf_test: the binomial test needs crisp data (whole numbers), but column "
                            f"{columns[j]!r} holds {float(values[frac[:, j], j][0])!r}")


def binomial_test(n: np.ndarray, incl: np.ndarray, cut: float) -> np.ndarray:
    """``P(X >= s)``, ``X ~ Binomial(n, cut)``, ``s = round(n * incl)``, per row (NaN where ``n`` is 0).

    >>> binomial_test(np.array([10]), np.array([0.9]), 0.8).round(6).tolist()   # 1 - P(X <= 8)
    [0.37581]
    """
    from scipy.stats import binom

    n = np.asarray(n, dtype=np.int64)
    s = np.rint(np.asarray(incl, dtype=float) * n)
    out = np.full(len(n), np.nan)
    ok = n > 0
    out[ok] = binom.sf(s[ok] - 1, n[ok], cut)
    return out
