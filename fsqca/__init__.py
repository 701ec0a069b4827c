"""Fuzzy-set Qualitative Comparative Analysis (fsQCA) that agrees with R's ``QCA`` package.

The vocabulary is R's: :func:`truth_table`, :func:`minimize`, :func:`necessity`, :func:`fit`
(R's ``pof``), with the fit parameters ``inclS``/``incl``, ``PRI``, ``covS``, ``covU``,
``inclN``, ``covN`` and ``RoN``.
"""
from ._validate import QCAInputError
from .configtable import ConfigurationTable, configuration_table
from .expression import format_expression, format_term, parse_expression
from .fit import Fit, fit
from .minimize import Model, Solution, minimize
from .necessity import Necessity, necessity
from .truthtable import TruthTable, truth_table

__all__ = [
    "QCAInputError",
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
]
