"""Fuzzy-set Qualitative Comparative Analysis (fsQCA) that agrees with R's ``QCA`` package.

The vocabulary is R's: :func:`calibrate`, :func:`truth_table`, :func:`minimize`, :func:`necessity`, :func:`fit`
(R's ``pof``), with the fit parameters ``inclS``/``incl``, ``PRI``, ``covS``, ``covU``,
``inclN``, ``covN`` and ``RoN``.

The names are loaded on first use (PEP 562), so that ``import fsqca`` and the ``fsqca``
command start without importing what a call does not need (``fsqca nca --json`` runs
without pandas and scipy).
"""
from __future__ import annotations

import importlib
import sys
import types

from ._lazy import lazy_exports

#: Public name -> the submodule that defines it.
_EXPORTS = {
    "QCAInputError": ".errors",
    "CalibrationError": ".errors",
    "CalibrationTypeError": ".errors",
    "AnchorError": ".errors",
    "QCAWarning": ".errors",
    "Anchors": ".anchors",
    "anchors_from_data": ".anchors",
    "HalfMembershipWarning": ".errors",
    "calibrate": ".calibrate",
    "fit_indirect": ".calibrate",
    "IndirectFit": ".calibrate",
    "RAGIN_IDM": ".calibrate",
    "find_thresholds": ".thresholds",
    "check_anchors": ".calibration_checks",
    "skew_check": ".calibration_checks",
    "SkewCheck": ".calibration_checks",
    "half_memberships": ".calibration_checks",
    "CalibrationResult": ".calibration_report",
    "calibrate_frame": ".calibration_report",
    "ConfigurationTable": ".configtable",
    "configuration_table": ".configtable",
    "Expectations": ".direxp",
    "parse_dir_exp": ".direxp",
    "Level": ".expression",
    "format_expression": ".expression",
    "format_term": ".expression",
    "parse_expression": ".expression",
    "term_membership": ".expression",
    "expression_membership": ".expression",
    "Fit": ".fit",
    "fit": ".fit",
    "Model": ".minimize",
    "Solution": ".minimize",
    "minimize": ".minimize",
    "Necessity": ".necessity",
    "necessity": ".necessity",
    "NCAResult": ".nca.analysis",
    "nca": ".nca",
    "BottleneckTable": ".nca.bottleneck",
    "nca_plot": ".nca.plot",
    "nca_outliers": ".nca.outliers",
    "NCAOutliers": ".nca.outliers",
    "xy_plot": ".plot",
    "RobustnessCheck": ".robustness",
    "RobustnessResult": ".robustness",
    "robustness": ".robustness",
    "set_relation": ".robustness",
    "sweep": ".robustness",
    "TruthTable": ".truthtable",
    "truth_table": ".truthtable",
    "NecessityCombinations": ".diagnostics.supersubset",
    "necessity_combinations": ".diagnostics.supersubset",
    "FindRows": ".diagnostics.findrows",
    "find_rows": ".diagnostics.findrows",
    "ModelFit": ".diagnostics.modelfit",
    "model_fit": ".diagnostics.modelfit",
    "Cluster": ".diagnostics.panel",
    "cluster": ".diagnostics.panel",
    "CaseSelection": ".diagnostics.case_selection",
    "smmr": ".diagnostics.case_selection",
    "ChanceTest": ".chance",
    "chance_test": ".chance",
    "RobustnessRange": ".diagnostics.robustness_ranges",
    "calib_range": ".diagnostics.robustness_ranges",
    "incl_range": ".diagnostics.robustness_ranges",
    "ncut_range": ".diagnostics.robustness_ranges",
}

__all__ = [
    "QCAInputError",
    "CalibrationError",
    "CalibrationTypeError",
    "AnchorError",
    "QCAWarning",
    "calibrate",
    "calibrate_frame",
    "CalibrationResult",
    "anchors_from_data",
    "Anchors",
    "fit_indirect",
    "IndirectFit",
    "RAGIN_IDM",
    "find_thresholds",
    "check_anchors",
    "skew_check",
    "SkewCheck",
    "half_memberships",
    "HalfMembershipWarning",
    "TruthTable",
    "truth_table",
    "minimize",
    "Solution",
    "Model",
    "necessity",
    "Necessity",
    "configuration_table",
    "ConfigurationTable",
    "fit",
    "Fit",
    "parse_expression",
    "parse_dir_exp",
    "Expectations",
    "Level",
    "format_expression",
    "format_term",
    "term_membership",
    "expression_membership",
    "xy_plot",
    "robustness",
    "sweep",
    "RobustnessCheck",
    "RobustnessResult",
    "set_relation",
    "nca",
    "NCAResult",
    "BottleneckTable",
    "nca_plot",
    "nca_outliers",
    "NCAOutliers",
    "necessity_combinations",
    "NecessityCombinations",
    "find_rows",
    "FindRows",
    "model_fit",
    "ModelFit",
    "cluster",
    "Cluster",
    "smmr",
    "CaseSelection",
    "incl_range",
    "ncut_range",
    "calib_range",
    "RobustnessRange",
    "chance_test",
    "ChanceTest",
]

_exported, __dir__ = lazy_exports(__name__, _EXPORTS)


def __getattr__(name: str):
    if name == "datasets":  # ``fsqca.datasets.load_dataset("LF")`` works after a plain ``import fsqca``
        return importlib.import_module(".datasets", __name__)
    return _exported(name)


class _Package(types.ModuleType):
    """Keeps ``fsqca.calibrate``, ``fsqca.fit``, ... the functions once their submodules load.

    Importing a submodule binds it on the package under its own name; where a public function
    has the name of its submodule (``calibrate``, ``fit``, ``minimize``, ``necessity``, ``nca``),
    the function is bound instead, as the eager ``from .fit import fit`` used to do.
    """

    def __setattr__(self, name, value):
        if (isinstance(value, types.ModuleType) and _EXPORTS.get(name) == f".{name}"
                and value.__name__ == f"{__name__}.{name}"):
            if name not in vars(value):
                # a subpackage whose names load on first use (``fsqca.nca``): leave the name
                # unbound, so that reading ``fsqca.nca`` loads and binds the function then
                return
            value = vars(value)[name]
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
