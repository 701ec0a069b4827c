"""Set-theoretic diagnostics of a QCA: what to check around a truth table and a solution.

- :mod:`~fsqca.diagnostics.supersubset`: necessary conjunctions and disjunctions (R's
  ``superSubset``), :func:`necessity_combinations`;
- :mod:`~fsqca.diagnostics.findrows`: rows behind untenable, contradictory or simultaneous
  assumptions (R's ``findRows``), :func:`find_rows`;
- :mod:`~fsqca.diagnostics.modelfit`: a model against a theory (R's ``modelFit``),
  :func:`model_fit`;
- :mod:`~fsqca.diagnostics.panel`: pooled, between and within consistency of a panel
  (SetMethods' ``cluster``), :func:`cluster`;
- :mod:`~fsqca.diagnostics.case_selection`: typical and deviant cases (SetMethods' ``smmr``),
  :func:`smmr`;
- :mod:`~fsqca.diagnostics.robustness_ranges`: how far a cut-off or an anchor can move
  (SetMethods' ``rob.*range``), :func:`incl_range`, :func:`ncut_range`, :func:`calib_range`;
- :mod:`~fsqca.diagnostics.cli`: their ``fsqca`` subcommands.

Every name is also on :mod:`fsqca` itself; the names load on first use.
"""
from __future__ import annotations

from .._lazy import lazy_exports

_EXPORTS = {
    "NecessityCombinations": ".supersubset",
    "necessity_combinations": ".supersubset",
    "FindRows": ".findrows",
    "find_rows": ".findrows",
    "ModelFit": ".modelfit",
    "model_fit": ".modelfit",
    "Cluster": ".panel",
    "cluster": ".panel",
    "CaseSelection": ".case_selection",
    "smmr": ".case_selection",
    "RobustnessRange": ".robustness_ranges",
    "calib_range": ".robustness_ranges",
    "incl_range": ".robustness_ranges",
    "ncut_range": ".robustness_ranges",
}

__all__ = list(_EXPORTS)

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
