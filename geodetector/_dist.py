"""The few distribution functions needed, from :mod:`scipy.special`.

:mod:`scipy.stats` takes seconds to import, which the command line pays on every call; the
special functions below are what it evaluates underneath.
"""

from __future__ import annotations

from scipy import special

try:  # the Boost non-central F survival function that scipy.stats.ncf.sf calls
    _ncf_sf = special._ufuncs._ncf_sf
except AttributeError:  # pragma: no cover - older/newer scipy without it
    _ncf_sf = None


def ncf_sf(x, dfn, dfd, nc):
    """P(F' > x) for the non-central F distribution."""
    if _ncf_sf is None:  # pragma: no cover
        from scipy import stats

        return stats.ncf.sf(x, dfn, dfd, nc)
    return _ncf_sf(x, dfn, dfd, nc)


def ncf_cdf(x, dfn, dfd, nc):
    """P(F' <= x) for the non-central F distribution (vectorised)."""
    return special.ncfdtr(dfn, dfd, nc, x)


def f_cdf(x, dfn, dfd):
    """P(F <= x) for the central F distribution."""
    return special.fdtr(dfn, dfd, x)


def f_sf(x, dfn, dfd):
    """P(F > x) for the central F distribution."""
    return special.fdtrc(dfn, dfd, x)


def f_ppf(p, dfn, dfd):
    """Quantile of the central F distribution."""
    return special.fdtri(dfn, dfd, p)


def t_sf(x, df):
    """P(T > x) for Student's t."""
    return special.stdtr(df, -x)


def t_ppf(p, df):
    """Quantile of Student's t."""
    return special.stdtrit(df, p)
