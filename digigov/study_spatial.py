"""The study file's ``spatial:`` section and lagged conditions: their defaults and the checks of
keys that depend on each other (the single keys are validated by :mod:`digigov.study`'s schema).

Examples
--------
>>> from digigov.study import load_study
>>> SPATIAL_DEFAULTS["weights"], SPATIAL_DEFAULTS["island_links"] is None   # no hidden island rule
('queen', True)
>>> load_study(text="data: {file: d.csv}\\noutcome: Y\\nconditions: [A, B]\\n"
...                 "spatial: {weights: distance, island_links: none}\\n")
Traceback (most recent call last):
...
digigov.errors.StudyFileError: line 4: spatial.weights: weights 'distance' needs 'threshold' (km)
"""
from __future__ import annotations

import difflib

from .errors import StudyFileError

__all__ = ["SPATIAL_DEFAULTS", "SPATIAL_DIAGNOSTICS", "SPATIAL_MAPS", "SPATIAL_WEIGHTS", "check_lag", "check_spatial"]

#: What the ``spatial:`` section can run (``spatial.diagnostics``) and map (``spatial.maps``).
SPATIAL_DIAGNOSTICS = ("autocorrelation", "lisa_maps", "case_selection", "regions", "lagged")
SPATIAL_MAPS = ("outcome", "configurations", "solution", "residual")
SPATIAL_WEIGHTS = ("queen", "rook", "knn", "distance", "edges")

#: The ``spatial:`` section's defaults (what ``digigov run`` uses for a missing key).
SPATIAL_DEFAULTS = {"weights": "queen", "k": 4, "threshold": None, "edges": None, "island_links": None, "style": "W",
            "permutations": 999, "lisa_permutations": None, "seed": 1, "alpha": 0.05, "fdr": False,
            "diagnostics": ["autocorrelation", "lisa_maps", "case_selection", "regions"],
            "maps": ["outcome", "residual"], "lagged": [], "lag_islands": "own", "region_column": None}


def check_lag(name: str, comp: dict, file, line_of) -> None:
    """A lagged condition (composite ``method: lag``): its column, island rule and weights."""
    where = f"composites.{name}"
    if "of" not in comp:
        raise StudyFileError("method 'lag' needs 'of' (the column whose neighbours' mean it is)", file=file,
                             line=line_of("composites", name), key=where)
    if "island_links" not in comp:
        raise StudyFileError("a lagged condition needs 'island_links' ('none', 'all', 'nearest' or a list): the "
                             "choice for Hainan changes its neighbours' mean, so it is never a hidden default",
                             file=file, line=line_of("composites", name), key=where)
    kind = comp.get("weights", "queen")
    if kind == "distance" and comp.get("threshold") is None:
        raise StudyFileError("weights 'distance' needs 'threshold' (km)", file=file,
                             line=line_of("composites", name), key=f"{where}.threshold")
    for key, needs in (("k", "knn"), ("threshold", "distance")):
        if key in comp and kind != needs:
            raise StudyFileError(f"'{key}' applies to weights '{needs}' only (weights is {kind!r})", file=file,
                                 line=line_of("composites", name, key), key=f"{where}.{key}")
    for key in ("columns", "directions", "levels"):
        if key in comp:
            raise StudyFileError(f"'{key}' does not apply to method 'lag'", file=file,
                                 line=line_of("composites", name, key), key=f"{where}.{key}")


def check_spatial(spec: dict, file, line_of) -> None:
    """The ``spatial:`` section: keys that depend on each other, names that must be conditions."""
    sp = spec.get("spatial") or {}

    def fail(msg: str, key: str | None = None):
        keys = ("spatial", key) if key else ("spatial",)
        raise StudyFileError(msg, file=file, line=line_of(*keys), key=".".join(keys))

    if spec.get("panel") is not None:
        fail("the spatial diagnostics take one case per place; a panel study (province-years) cannot use them: "
             "run them on one period's data")
    kind = sp.get("weights", SPATIAL_DEFAULTS["weights"])
    if kind == "edges" and not sp.get("edges"):
        fail("weights 'edges' needs 'edges' (a CSV file with columns from, to and optionally weight)", "weights")
    if sp.get("edges") and kind != "edges":
        fail(f"'edges' applies to weights 'edges' only (weights is {kind!r})", "edges")
    if kind == "edges" and "island_links" in sp:
        fail("'island_links' applies to the bundled province boundaries; an edge list says itself who has "
             "no neighbour", "island_links")
    if kind != "edges" and "island_links" not in sp:
        fail("the weights need 'island_links' ('none', 'all', 'nearest' or a list of sea links): Hainan has no land "
             "neighbour and the choice changes the result, so it is never a hidden default")
    if kind == "distance" and sp.get("threshold") is None:
        fail("weights 'distance' needs 'threshold' (km)", "weights")
    for key, needs in (("k", "knn"), ("threshold", "distance")):
        if key in sp and kind != needs:
            fail(f"'{key}' applies to weights '{needs}' only (weights is {kind!r})", key)
    diags = sp.get("diagnostics", SPATIAL_DEFAULTS["diagnostics"])
    if not diags or len(set(diags)) < len(diags):
        fail(f"expected at least one of {', '.join(SPATIAL_DIAGNOSTICS)}, each listed once", "diagnostics")
    if "lagged" in sp and "diagnostics" not in sp:
        diags = [*diags, "lagged"]
    for d in ("lisa_maps", "case_selection"):
        if d in diags and "autocorrelation" not in diags:
            fail(f"'{d}' reads the LISA clusters of 'autocorrelation': list it too", "diagnostics")
    lagged = sp.get("lagged") or []
    if "lagged" in diags and not lagged:
        fail("'lagged' needs 'lagged: [conditions]' (the conditions whose neighbours' mean is tested)", "diagnostics")
    if lagged and "lagged" not in diags:
        fail("'lagged' lists conditions but 'diagnostics' does not list 'lagged'", "lagged")
    conds = spec["conditions"]
    for i, c in enumerate(lagged):
        if c not in conds:
            close = difflib.get_close_matches(c, conds, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise StudyFileError(f"{c!r} is not a condition of the study{hint}", file=file,
                                 line=line_of("spatial", "lagged"), key=f"spatial.lagged[{i}]")
    if len(set(lagged)) < len(lagged):
        fail("a condition is listed twice", "lagged")
    if "maps" in sp and "lisa_maps" not in diags:
        fail("'maps' lists the LISA maps to draw but 'diagnostics' does not list 'lisa_maps'", "maps")
    maps = sp.get("maps", SPATIAL_DEFAULTS["maps"])
    if not maps or len(set(maps)) < len(maps):
        fail(f"expected at least one of {', '.join(SPATIAL_MAPS)}, each listed once", "maps")
    if "region_column" in sp and "regions" not in diags:
        fail("'region_column' is set but 'diagnostics' does not list 'regions'", "region_column")
