"""The study file's geographical-detector models beside the classic detectors.

``geodetector.models`` lists models of the gdverse family (Lyu et al. 2025) to run on the
study's outcome and conditions; each may have a block of options under its own name in the
``geodetector:`` section.  Every option left out takes the default of :data:`MODEL_DEFAULTS`,
and the run states it (results.json notes, the report's design table).

The names and choices below are the engine's (:mod:`geodetector`); they are spelled out here
so that reading a study file does not load the engine (a test checks they agree).

Examples
--------
>>> from digigov.study import load_study
>>> s = load_study(text="data: {file: d.csv}\\noutcome: Y\\nconditions: [A, B]\\n"
...                     "geodetector: {models: [gozh, lesh], lesh: {shapley: gdverse}}\\n")
>>> model_options(s, "lesh")["shapley"], model_options(s, "gozh")["types"]
('gdverse', ['factor', 'interaction'])
"""
from __future__ import annotations

__all__ = ["MODELS", "MODEL_DEFAULTS", "MODELS_SCHEMA", "model_options", "check_models"]

#: The models a study can ask for, in the order they run.
MODELS = ("gozh", "lesh", "rgd", "rid", "spade", "idsa", "ecological")
#: Models of the family that a study of one table cannot run, and why.
NOT_IN_STUDY = {
    "sesu_gozh": "the scale effect needs the data at several sizes of spatial units; the study has one "
                 "table (use the command 'geodetector sesu-gozh')",
    "sesu_opgd": "the scale effect needs the data at several sizes of spatial units; the study has one "
                 "table (use the command 'geodetector sesu-opgd')",
    "srsgd": "SRSGD needs a nominal outcome; the study's outcome is numeric (use the command "
             "'geodetector srsgd')",
}
GOZH_TYPES = ("factor", "interaction", "risk", "ecological")
SHAPLEY = ("textbook", "gdverse")
DISC_METHODS = ("sd", "equal", "geometric", "quantile", "natural")
CONVENTIONS = ("geodetector", "GD", "gdverse")
OVERLAYS = ("and", "or", "intersection")
ENGINES = ("exact", "ruptures")
WEIGHT_KINDS = ("queen", "rook", "adjacency", "knn", "distance")
#: the seed of permutation tests when the study gives none (libdigigov.significance.DEFAULT_SEED)
DEFAULT_SEED = 20240601

_TREE = {"cp": 0.01, "minsplit": 20, "minbucket": 7, "maxdepth": 30}     # rpart's defaults
_ROBUST = {"discnum": [3, 8], "strategy": 2, "increase_rate": 0.05, "engine": "exact"}

#: What each option means when the study file leaves it out.
MODEL_DEFAULTS = {
    "gozh": {"types": ["factor", "interaction"], "confidence": 0.95, "ecological_orders": "both", **_TREE},
    "lesh": {"shapley": "textbook", **_TREE},
    "rgd": dict(_ROBUST),
    "rid": dict(_ROBUST),
    "spade": {"weights": None, "discnum": [3, 8], "discmethod": "quantile", "permutations": 999,
              "seed": DEFAULT_SEED},
    "idsa": {"weights": None, "discnum": [3, 8], "discmethod": "quantile", "overlay": "and", "strategy": 2,
             "increase_rate": 0.05, "confidence": 0.95},
    "ecological": {"convention": "geodetector", "orders": "both"},
}


def _model(v):
    if not isinstance(v, str):
        return f"expected a model's name (one of {', '.join(MODELS)}), got {v!r}"
    if v in MODELS:
        return None
    if v in NOT_IN_STUDY:
        return f"{v!r} cannot run in a study: {NOT_IN_STUDY[v]}"
    import difflib

    close = difflib.get_close_matches(str(v), MODELS, n=1)
    return f"expected one of {', '.join(MODELS)}, got {v!r}" + (f"; did you mean {close[0]!r}?" if close else "")


def _discnum(v):
    ok = (isinstance(v, list) and len(v) == 2 and all(isinstance(k, int) and not isinstance(k, bool) for k in v)
          and 2 <= v[0] <= v[1])
    return None if ok else f"expected [a, b], whole numbers of classes with 2 <= a <= b, got {v!r}"


def _confidence(v):
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 < v < 1:
        return f"expected a confidence level between 0 and 1 (e.g. 0.95), got {v!r}"
    return None


def _rate(v):
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v < 1:
        return f"expected an increase rate in [0, 1), e.g. 0.05, got {v!r}"
    return None


def _cp(v):
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v < 1:
        return f"expected rpart's complexity parameter in [0, 1), e.g. 0.01, got {v!r}"
    return None


def _whole(low):
    def check(v):
        if isinstance(v, bool) or not isinstance(v, int) or v < low:
            return f"expected a whole number >= {low}, got {v!r}"
        return None
    return check


def _island(v):
    if v in ("none", "all", "nearest") or (isinstance(v, list) and all(isinstance(x, str) for x in v)):
        return None
    return f"expected 'none', 'all', 'nearest' or a list of link names, got {v!r}"


def _positive(v):
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not v > 0:
        return f"expected a number > 0, got {v!r}"
    return None


WEIGHTS = {"kind": (WEIGHT_KINDS, False), "island_links": (_island, False), "style": (("W", "B"), False),
           "k": (_whole(1), False), "threshold": (_positive, False),
           "coords": (("list", str), False), "power": (_positive, False)}
_TREE_SCHEMA = {"cp": (_cp, False), "minsplit": (_whole(2), False), "minbucket": (_whole(1), False),
                "maxdepth": (_whole(1), False)}
_ROBUST_SCHEMA = {"discnum": (_discnum, False), "strategy": ((1, 2), False), "increase_rate": (_rate, False),
                  "engine": (ENGINES, False)}

#: The keys ``models`` and one options block per model, added to the study's ``geodetector:`` schema.
MODELS_SCHEMA = {
    "models": (("list", _model), False),
    "gozh": ({"types": (("list", GOZH_TYPES), False), "confidence": (_confidence, False),
              "ecological_orders": (("both", "gdverse"), False), **_TREE_SCHEMA}, False),
    "lesh": ({"shapley": (SHAPLEY, False), **_TREE_SCHEMA}, False),
    "rgd": (_ROBUST_SCHEMA, False),
    "rid": (_ROBUST_SCHEMA, False),
    "spade": ({"weights": (WEIGHTS, False), "discnum": (_discnum, False), "discmethod": (DISC_METHODS, False),
               "permutations": (_whole(0), False), "seed": (_whole(0), False)}, False),
    "idsa": ({"weights": (WEIGHTS, False), "discnum": (_discnum, False), "discmethod": (DISC_METHODS, False),
              "overlay": (OVERLAYS, False), "strategy": ((1, 2), False), "increase_rate": (_rate, False),
              "confidence": (_confidence, False)}, False),
    "ecological": ({"convention": (CONVENTIONS, False), "orders": (("both", "gdverse"), False)}, False),
}


def model_options(study, model: str) -> dict:
    """The options of ``model``: the study file's, each missing one from :data:`MODEL_DEFAULTS`."""
    given = (study.spec.get("geodetector") or {}).get(model) or {}
    return {**MODEL_DEFAULTS[model], **given}


def check_models(spec: dict, fail) -> None:
    """Checks across keys; ``fail(message, *keys)`` raises the error at the line of ``keys``."""
    geo = spec.get("geodetector") or {}
    models = geo.get("models") or []
    for i, m in enumerate(models):
        if models.index(m) != i:
            fail(f"model {m!r} listed twice", "geodetector", "models")
    for m in MODELS:
        if m in geo and m not in models:
            fail(f"options for {m!r} are given but {m!r} is not in geodetector.models: add it there or remove "
                 f"the block", "geodetector", m)
    provinces = bool((spec.get("data") or {}).get("provinces"))
    conds = list(spec.get("conditions") or [])
    for m in ("spade", "idsa"):
        if m not in models:
            continue
        w = (geo.get(m) or {}).get("weights")
        if not w:
            fail(f"{m.upper()} needs spatial weights: give geodetector.{m}.weights: {{kind: queen, island_links: "
                 f"none}} (cases are provinces) or {{coords: [X, Y]}} (inverse distance between the data's "
                 f"columns)", "geodetector", m if m in geo else "models")
        if ("kind" in w) == ("coords" in w):
            fail("give either 'kind' (province weights) or 'coords' (inverse distance), not both or neither",
                 "geodetector", m, "weights")
        if "kind" in w:
            if not provinces:
                fail(f"weights of kind {w['kind']!r} are the provinces' and need data.provinces: true; with "
                     f"other cases give coords: [X, Y]", "geodetector", m, "weights")
            if "island_links" not in w:
                fail("province weights need 'island_links' ('none', 'all', 'nearest' or a list): the choice "
                     "for Hainan changes the result, so it is never a hidden default", "geodetector", m, "weights")
            if w["kind"] == "distance" and "threshold" not in w:
                fail("weights of kind 'distance' need a threshold (km)", "geodetector", m, "weights")
        elif len(w["coords"]) != 2:
            fail(f"coords needs two columns [X, Y], got {w['coords']!r}", "geodetector", m, "weights")
    for m in ("lesh", "idsa"):
        if m in models and len(geo.get("conditions") or conds) > 12:
            fail(f"{m.upper()} works on every subset of the conditions (2^k - 1): give at most 12 in "
                 f"geodetector.conditions", "geodetector", "models")
    if any(m in models for m in ("lesh", "rid", "ecological")) and len(geo.get("conditions") or conds) < 2:
        fail("LESH, RID and the ecological detector need at least two conditions", "geodetector", "models")
