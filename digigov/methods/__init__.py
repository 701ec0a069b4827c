"""The registry of the study's methods: one folder per analysis, one line each below.

The pipeline runs the enabled methods in this order; the HTML report, the province
comparison, the Word and Excel exports and the PDF (printed from the report) loop over the same
list, so that adding a method is one folder with a :class:`Method` and one line here (see
``docs/architecture.md``).
"""
from __future__ import annotations

from .base import Context, CsvTable, Method, Section
from .calibration import Calibration
from .diagnostics import DiagnosticsMethod
from .geodetector import Geodetector
from .nca import NCA
from .necessity import Necessity
from .panel import PanelMethod
from .robustness import Robustness
from .spatial import SpatialMethod
from .sufficiency import Sufficiency

__all__ = ["REGISTRY", "Method", "Context", "Section", "CsvTable"]

#: The methods, in the order they run (each one may read what the ones before it computed).
REGISTRY: list[Method] = [
    Calibration(),
    Necessity(),
    NCA(),               # beside the necessity test, before the long steps
    Sufficiency(),
    Geodetector(),
    Robustness(),
    DiagnosticsMethod(),
    SpatialMethod(),     # after sufficiency and diagnostics: reads the configurations and smmr's cases
    PanelMethod(),
]
