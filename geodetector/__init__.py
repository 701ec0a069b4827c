"""Geographical detector (Wang et al. 2010) with R ``geodetector``'s conventions by default.

Factor, interaction, risk and ecological detectors computed from per-stratum aggregates, so the
same functions run on 31 provinces, a million raster cells, or a Dask DataFrame.
"""

from .ecological import EcologicalDetectorResult, ecological_detector
from .errors import (
    ColumnNotFoundError,
    ContinuousFactorError,
    GeodetectorError,
    GeodetectorWarning,
    MissingValueError,
    NoDataError,
    NonNumericError,
    PartitionDtypeError,
    RasterAlignmentError,
    SingleStratumError,
    SmallStratumError,
)
from .factor import FactorDetectorResult, factor_detector
from .interaction import (
    TYPES,
    InteractionDetectorResult,
    cross,
    interaction_detector,
    interaction_q,
    interaction_type,
)
from .discretize import breaks, discretize
from .opgd import OptimalDiscretizationResult, optimal_discretization
from .largebreaks import LargeBreaks, large_breaks
from .progress import dask_progress
from .raster import RasterStack, from_rasters
from .risk import RiskDetectorResult, risk_detector
from .strategy import StrategyResult, StrongestStrategy, strategy_ranking

__all__ = [
    "factor_detector", "interaction_detector", "risk_detector", "ecological_detector",
    "interaction_q", "interaction_type", "cross", "TYPES",
    "strategy_ranking", "StrategyResult", "StrongestStrategy",
    "discretize", "breaks", "optimal_discretization", "OptimalDiscretizationResult",
    "FactorDetectorResult", "InteractionDetectorResult", "RiskDetectorResult",
    "EcologicalDetectorResult",
    "GeodetectorError", "ColumnNotFoundError", "MissingValueError", "NonNumericError",
    "SingleStratumError", "SmallStratumError", "ContinuousFactorError", "GeodetectorWarning",
    "PartitionDtypeError", "RasterAlignmentError", "NoDataError",
    "from_rasters", "RasterStack", "large_breaks", "LargeBreaks", "dask_progress",
]
