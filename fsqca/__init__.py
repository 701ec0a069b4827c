"""Fuzzy-set Qualitative Comparative Analysis (fsQCA) that agrees with R's ``QCA`` package.

The vocabulary is R's: :func:`calibrate`, :func:`truth_table`, :func:`minimize`, :func:`necessity`, :func:`fit`
(R's ``pof``), with the fit parameters ``inclS``/``incl``, ``PRI``, ``covS``, ``covU``,
``inclN``, ``covN`` and ``RoN``.
"""
from .errors import (AnchorError, CalibrationError, CalibrationTypeError, HalfMembershipWarning,
                     QCAInputError)
from .anchors import Anchors, anchors_from_data
from .calibrate import calibrate, fit_indirect
from .calibration_report import CalibrationResult, calibrate_frame
from .configtable import ConfigurationTable, configuration_table
from .expression import (expression_membership, format_expression, format_term, parse_expression,
                         term_membership)
from .fit import Fit, fit
from .minimize import Model, Solution, minimize
from .necessity import Necessity, necessity
from .plot import xy_plot
from .robustness import RobustnessCheck, RobustnessResult, robustness, set_relation, sweep
from .truthtable import TruthTable, truth_table
from .supersubset import NecessityCombinations, necessity_combinations
from .findrows import FindRows, find_rows
from .modelfit import ModelFit, model_fit
from .panel import Cluster, cluster
from .case_selection import CaseSelection, smmr
from .robustness_ranges import RobustnessRange, calib_range, incl_range, ncut_range

__all__ = [
    "QCAInputError",
    "CalibrationError",
    "CalibrationTypeError",
    "AnchorError",
    "calibrate",
    "calibrate_frame",
    "CalibrationResult",
    "anchors_from_data",
    "Anchors",
    "fit_indirect",
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
]
