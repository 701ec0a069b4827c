"""Provincial base data and indicator builders for regional digital-government analysis.

Everything between raw provincial metrics and the calibrated conditions that :mod:`fsqca` and
:mod:`geodetector` take: the 34 provincial-level units (31 mainland by default) with name
lookup, simplified boundaries and choropleth maps, the adjacency table, entropy-weight
composites, competition pressure, the honour-list "good governance" score, normalisation,
data-driven calibration, the study codebook and a SYNTHETIC example dataset.
"""

from ._resources import data_path
from .adjacency import ISLAND_LINKS, adjacency_matrix, adjacency_pairs, load_adjacency, neighbours
from .calibration import ANCHOR_PRESETS, calibrate_conditions
from .competition import CompetitionPressure, competition_pressure
from .entropy import EntropyWeights, entropy_weights
from .errors import (
    AsymmetricAdjacencyError,
    DuplicateProvinceError,
    IndicatorInputError,
    IndicatorTypeError,
    MissingProvinceError,
    NegativeValueError,
    UnknownProvinceError,
    ZeroVarianceError,
)
from .example import (
    CONDITIONS,
    HONOUR_COLUMNS,
    SUB_INDICATORS,
    load_codebook,
    load_example_study,
    study_template,
    write_study_template,
)
from .geo import load_boundaries, load_maritime_line
from .governance import HONOUR_POINTS, good_governance_score
from .maps import plot_provinces
from .normalize import Normalization, min_max, z_score
from .pipeline import StudyConditions, build_conditions
from .provinces import Province, align_provinces, get_province, find_province, province_labels, province_table, to_adcode

__all__ = [
    "data_path",
    "Province", "province_table", "get_province", "find_province", "to_adcode", "province_labels", "align_provinces",
    "load_boundaries", "load_maritime_line", "plot_provinces",
    "ISLAND_LINKS", "load_adjacency", "neighbours", "adjacency_matrix", "adjacency_pairs",
    "CompetitionPressure", "competition_pressure",
    "EntropyWeights", "entropy_weights",
    "Normalization", "min_max", "z_score",
    "HONOUR_POINTS", "good_governance_score",
    "ANCHOR_PRESETS", "calibrate_conditions",
    "StudyConditions", "build_conditions",
    "load_example_study", "load_codebook", "study_template", "write_study_template",
    "SUB_INDICATORS", "HONOUR_COLUMNS", "CONDITIONS",
    "IndicatorInputError",
    "IndicatorTypeError", "UnknownProvinceError", "DuplicateProvinceError", "MissingProvinceError",
    "ZeroVarianceError", "NegativeValueError", "AsymmetricAdjacencyError",
]
