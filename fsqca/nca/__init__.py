"""Necessary Condition Analysis (NCA; Dul 2016), agreeing with R's ``NCA`` package.

NCA asks whether a condition is necessary *in degree* for an outcome: whether high levels of
the outcome occur only with high enough levels of the condition. It works on any real numbers
and shares nothing with the QCA side of :mod:`fsqca` but its error types.

- :mod:`fsqca.nca.ceilings`: the ceiling lines and their effect sizes (numpy only);
- :mod:`fsqca.nca.bottleneck`: bottleneck tables;
- :mod:`fsqca.nca.core`: one analysis as plain data, the permutation test, the notes (numpy
  only, so that ``fsqca nca --json`` runs without pandas);
- :mod:`fsqca.nca.analysis`: :func:`nca` and its result :class:`NCAResult`;
- :mod:`fsqca.nca.vrs`: the variable-returns ceilings CE-VRS and CR-VRS;
- :mod:`fsqca.nca.outliers`: :func:`nca_outliers`, the cases that move the effect size;
- :mod:`fsqca.nca.plot`: the ceiling plots;
- :mod:`fsqca.nca.cli`: the ``fsqca nca`` command.

``fsqca.nca(...)`` and ``from fsqca.nca import nca`` are the same function. The names below
load on first use, so that importing a numpy-only module of the subpackage imports no pandas.
"""
from __future__ import annotations

from .._lazy import lazy_exports

_EXPORTS = {
    "nca": ".analysis",
    "NCAResult": ".analysis",
    "effect_label": ".analysis",
    "EFFECT_BENCHMARKS": ".analysis",
    "MIN_CASES": ".analysis",
    "BottleneckTable": ".bottleneck",
    "BOTTLENECK_TYPES": ".bottleneck",
    "CEILINGS": ".ceilings",
    "nca_plot": ".plot",
    "nca_outliers": ".outliers",
    "NCAOutliers": ".outliers",
}

__all__ = list(_EXPORTS)

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
