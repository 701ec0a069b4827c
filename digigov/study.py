"""The YAML study file: what a study is, validated on load.

A study file describes the data, the outcome and conditions (raw columns or composite
recipes), calibration anchors, truth-table cut-offs, directional expectations, excluded
remainders, the geodetector's discretisation, the robustness plan and the report. Every key
is checked on load: unknown keys are rejected with a suggestion, and each error names the
file, the line and the key at fault. See ``docs/study-file.md`` for the full reference and
``digigov/examples/example_study.yaml`` for the bundled example.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from fsqca import QCAInputError, parse_dir_exp
from fsqca.nca import BOTTLENECK_TYPES
from fsqca.nca import CEILINGS as NCA_CEILINGS

from libdigigov.safe_load import LimitedInputError, compose_yaml
from libdigigov.safety import check_regular_file

from .errors import StudyFileError
from .study_geomodels import MODELS_SCHEMA, check_models
from .study_spatial import (SPATIAL_DEFAULTS, SPATIAL_DIAGNOSTICS, SPATIAL_MAPS, SPATIAL_WEIGHTS,  # noqa: F401
                            check_lag, check_spatial)

__all__ = ["Study", "load_study", "EXAMPLE_STUDY", "EXAMPLE_PANEL", "DEFAULTS"]

EXAMPLE_STUDY = Path(__file__).resolve().parent / "examples" / "example_study.yaml"
EXAMPLE_PANEL = Path(__file__).resolve().parent / "examples" / "example_panel.yaml"

#: Every default of a study file, in one place: what a key means when the file leaves it out.
#: The pipeline reads settings only through :meth:`Study.get`, which falls back to these.
DEFAULTS = {
    "data": {"case_column": "province"},
    "calibration": {"anchors": {"inclusion": "p95", "crossover": "mean", "exclusion": "p5"},
                    "avoid_half": None, "percentile_method": "linear"},
    "truth_table": {"incl_cut": 0.8, "pri_cut": 0.5, "n_cut": 1},
    "minimize": {"dir_exp": {}, "exclude": None, "max_models": 1000, "node_limit": 10_000, "time_limit": None},
    "configurations": {"cores": None, "order": None, "parsimonious_model": None},
    "geodetector": {"method": "natural", "k": 3, "conditions": None, "y": "raw", "alpha": 0.05,
                    "auxiliaries": "present", "core": "all", "rank_by": "cross",
                    "models": []},
    "report": {"language": "en", "title": None, "maps": True},
    "panel": {"unit": "province", "period": "year", "calibration": "pooled", "allow_unbalanced": False},
    "diagnostics": {"incl_cut": 0.9, "cov_cut": 0.6, "ron_cut": 0.5, "depth": 3},
    "nca": {"conditions": None, "ceilings": ["ce_fdh", "cr_fdh"], "data": "raw", "steps": 10,
            "bottleneck_x": "percentage.range", "bottleneck_y": "percentage.range", "test_rep": 1000,
            "seed": 1, "alpha": 0.05, "min_effect": 0.1, "incl_cut": 0.9},
    "spatial": SPATIAL_DEFAULTS,
}

_ANCHOR = re.compile(r"^(p\d{1,2}(\.\d+)?|mean|median)$")

# --- schema ---------------------------------------------------------------------------------
# A schema node is: a type (str, float, int, bool), a tuple of allowed literal values,
# a dict {key: (node, required)} for a mapping with fixed keys, ("list", node), ("map", node)
# for a mapping with free keys ("map|str": or a plain string), or a callable check(value) -> str | None.


def _anchor(v):
    if isinstance(v, bool):
        return "expected a number, 'pNN' (percentile), 'mean' or 'median'"
    if isinstance(v, (int, float)) or (isinstance(v, str) and _ANCHOR.match(v.strip())):
        return None
    return f"expected a number, 'pNN' (e.g. p95), 'mean' or 'median', got {v!r}"


def _unit(v):
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v <= 1:
        return f"expected a number in [0, 1], got {v!r}"
    return None


def _count(v):
    if isinstance(v, bool) or not isinstance(v, int) or v < 0:
        return f"expected a whole number >= 0, got {v!r}"
    return None


def _positive_int(v):
    if isinstance(v, bool) or not isinstance(v, int) or v < 1:
        return f"expected a whole number >= 1, got {v!r}"
    return None


def _positive_number(v):
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not v > 0 or v != v or v == float("inf"):
        return f"expected a number of seconds > 0, got {v!r}"
    return None


def _incl_cut(v):
    if isinstance(v, list):
        if len(v) not in (1, 2) or any(_unit(x) for x in v):
            return f"expected a number in [0, 1] or a list [ic1, ic0], got {v!r}"
        if len(v) == 2 and v[1] > v[0]:
            return f"the lower cut ic0 = {v[1]} exceeds ic1 = {v[0]}"
        return None
    return _unit(v)


def _dir(v):
    if str(v).strip() in ("1", "0", "-"):
        return None
    return f"expected 1 (present), 0 (absent) or '-' (either), got {v!r}"


def _island(v):
    if v in ("none", "all") or (isinstance(v, list) and all(isinstance(x, str) for x in v)):
        return None
    return f"expected 'none', 'all' or a list of link names, got {v!r}"


def _str_or_int_list(v):
    if isinstance(v, list) and all(isinstance(x, (str, int)) and not isinstance(x, bool) for x in v):
        return None
    return f"expected a list of row numbers or terms, got {v!r}"


def _nca_steps(v):
    if isinstance(v, bool):
        return f"expected a number of steps (>= 1) or a list of outcome levels, got {v!r}"
    if isinstance(v, int):
        return None if v >= 1 else f"expected a number of steps >= 1, got {v!r}"
    if isinstance(v, list) and v and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in v):
        return None
    return f"expected a number of steps (>= 1) or a list of outcome levels, got {v!r}"


def _seed(v):
    return None if v is None else _count(v)


def _island_rule(v):
    if v == "nearest":
        return None
    return _island(v)


def _permutations(v):
    if isinstance(v, bool) or not isinstance(v, int) or v < 0 or v > 99_999:
        return f"expected a whole number of permutations from 0 to 99999, got {v!r}"
    return None


def _chance_permutations(v):
    if isinstance(v, bool) or not isinstance(v, int) or v < 1 or v > 99_999:
        return f"expected a whole number of permutations from 1 to 99999, got {v!r}"
    return None


def _alpha(v):
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 < v < 1:
        return f"expected a level between 0 and 1 (e.g. 0.05), got {v!r}"
    return None


def _km(v):
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 < v < 1e5:
        return f"expected a distance in km > 0, got {v!r}"
    return None


#: The optional ``spatial:`` section (spatial diagnostics of the configurations).
SPATIAL_SCHEMA = {
    "weights": (SPATIAL_WEIGHTS, False),
    "k": (_positive_int, False),
    "threshold": (_km, False),
    "edges": (str, False),
    "island_links": (_island_rule, False),
    "style": (("W", "B"), False),
    "permutations": (_permutations, False),
    "lisa_permutations": (_permutations, False),
    "seed": (_seed, False),
    "alpha": (_alpha, False),
    "fdr": (bool, False),
    "diagnostics": (("list", SPATIAL_DIAGNOSTICS), False),
    "maps": (("list", SPATIAL_MAPS), False),
    "lagged": (("list", str), False),
    "lag_islands": (("own", "mean"), False),
    "region_column": (str, False),
}


#: The optional ``nca:`` section (Necessary Condition Analysis beside fsQCA's necessity test).
NCA_SCHEMA = {
    "conditions": (("list", str), False),
    "ceilings": (("list", NCA_CEILINGS), False),
    "data": (("raw", "calibrated"), False),
    "steps": (_nca_steps, False),
    "bottleneck_x": (BOTTLENECK_TYPES, False),
    "bottleneck_y": (BOTTLENECK_TYPES, False),
    "test_rep": (_count, False),
    "seed": (_seed, False),
    "alpha": (_unit, False),
    "min_effect": (_unit, False),
    "incl_cut": (_unit, False),
}

ANCHORS = {"inclusion": (_anchor, False), "crossover": (_anchor, False), "exclusion": (_anchor, False),
           "direction": (("increasing", "decreasing"), False), "method": (("direct", "crisp"), False),
           "thresholds": (("list", float), False)}

COMPOSITE = {
    "method": (("entropy", "competition", "good_governance", "mean", "lag"), True),
    "columns": (("list", str), False),
    "directions": (("map", ("positive", "negative")), False),
    "of": (str, False),
    "island_links": (_island_rule, False),
    "levels": (("map", str), False),
    "label_zh": (str, False),
    "label_en": (str, False),
    # method "lag": the neighbours' mean of the column ``of`` (spatial weights of the provinces)
    "weights": (("queen", "rook", "knn", "distance"), False),
    "k": (_positive_int, False),
    "threshold": (_km, False),
    "islands": (("own", "mean"), False),
}

SCHEMA = {
    "study": ({
        "title": (str, False), "title_zh": (str, False), "description": (str, False),
        "reference": (str, False), "year": (int, False),
    }, False),
    "data": ({
        "file": (str, False), "example": (bool, False), "case_column": (str, False),
        "provinces": (bool, False), "synthetic": (bool, False), "note": (str, False),
    }, True),
    "outcome": (str, True),
    "conditions": (("list", str), True),
    "labels": (("map", {"zh": (str, False), "en": (str, False)}), False),
    "controllable": (("list", str), False),
    "composites": (("map", COMPOSITE), False),
    "calibration": ({
        "anchors": (ANCHORS, False),
        "columns": (("map", ANCHORS), False),
        "avoid_half": ((lambda v: None if v is None or (isinstance(v, (int, float)) and not isinstance(v, bool)
                                                       and abs(v) < 0.5) else
                        f"expected null or a small number such as 0.001, got {v!r}"), False),
        "percentile_method": (("linear", "weibull"), False),
    }, False),
    "truth_table": ({"incl_cut": (_incl_cut, False), "pri_cut": (_unit, False), "n_cut": (_count, False)}, False),
    "minimize": ({
        "dir_exp": (("map|str", _dir), False), "exclude": (_str_or_int_list, False),
        "max_models": (_positive_int, False), "node_limit": (_positive_int, False),
        "time_limit": (_positive_number, False),
    }, False),
    "configurations": ({"cores": (("map", str), False), "order": (("list", str), False),
                        "parsimonious_model": (_count, False)}, False),
    "geodetector": ({
        "method": (("natural", "quantile", "equal", "geometric", "sd", "opgd"), False),
        "k": (_positive_int, False), "conditions": (("list", str), False),
        "y": (("raw", "membership"), False), "alpha": (_unit, False),
        "auxiliaries": (("present", "all"), False), "core": (("all", "present"), False),
        "rank_by": (("cross", "max", "mean"), False), **MODELS_SCHEMA,
    }, False),
    "robustness": ({
        "incl_cuts": (("list", _unit), False), "n_cuts": (("list", _count), False),
        "pri_cuts": (("list", _unit), False),
        "calibrations": (("list", {"label": (str, True), "inclusion": (_anchor, True), "crossover": (_anchor, True),
                                   "exclusion": (_anchor, True), "pri_cut": (_unit, False),
                                   "incl_cut": (_incl_cut, False)}), False),
        "n_jobs": (_positive_int, False),
        "chance": ({"permutations": (_chance_permutations, False), "seed": (_count, False),
                    "solution": (("complex", "parsimonious", "intermediate"), False)}, False),
    }, False),
    "report": ({"language": (("zh", "en"), False), "title": (str, False), "maps": (bool, False)}, False),
    "panel": ({"unit": (str, False), "period": (str, False), "calibration": (("pooled", "per_period"), False),
               "allow_unbalanced": (bool, False)}, False),
    "diagnostics": ({"incl_cut": (_unit, False), "cov_cut": (_unit, False), "ron_cut": (_unit, False),
                     "depth": (_positive_int, False)}, False),
    "nca": (NCA_SCHEMA, False),
    "spatial": (SPATIAL_SCHEMA, False),
}


def _validate(node: yaml.Node, schema, path: str, file: str) -> Any:
    """Turn a composed YAML node into Python data, checking it against ``schema``."""
    line = node.start_mark.line + 1

    def fail(msg: str):
        raise StudyFileError(msg, file=file, line=line, key=path or None)

    if isinstance(schema, dict):
        if not isinstance(node, yaml.MappingNode):
            fail("expected a mapping of keys to values")
        out = {}
        for knode, vnode in node.value:
            key = knode.value
            sub = f"{path}.{key}" if path else str(key)
            if key not in schema:
                close = difflib.get_close_matches(str(key), list(schema), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else f"; allowed keys: {', '.join(schema)}"
                raise StudyFileError(f"unknown key{hint}", file=file, line=knode.start_mark.line + 1, key=sub)
            if key in out:
                raise StudyFileError("key given twice", file=file, line=knode.start_mark.line + 1, key=sub)
            out[key] = _validate(vnode, schema[key][0], sub, file)
        missing = [k for k, (_, required) in schema.items() if required and k not in out]
        if missing:
            fail(f"missing required key(s): {', '.join(missing)}")
        return out
    if isinstance(schema, tuple) and len(schema) == 2 and schema[0] in ("list", "map", "map|str"):
        kind, inner = schema
        if kind == "map|str" and isinstance(node, yaml.ScalarNode):
            return _validate(node, str, path, file)
        if kind == "list":
            if not isinstance(node, yaml.SequenceNode):
                fail("expected a list")
            return [_validate(item, inner, f"{path}[{i}]", file) for i, item in enumerate(node.value)]
        if not isinstance(node, yaml.MappingNode):
            fail("expected a mapping")
        out = {}
        for knode, vnode in node.value:
            sub = f"{path}.{knode.value}"
            if knode.value in out:
                raise StudyFileError("key given twice", file=file, line=knode.start_mark.line + 1, key=sub)
            out[knode.value] = _validate(vnode, inner, sub, file)
        return out
    value = yaml.safe_load(yaml.serialize(node))
    if isinstance(schema, tuple):
        if str(value) not in {str(s) for s in schema}:
            close = difflib.get_close_matches(str(value), [str(s) for s in schema], n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            fail(f"expected one of {', '.join(map(str, schema))}, got {value!r}{hint}")
        return value
    if schema is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            fail(f"expected a number, got {value!r}")
        return float(value)
    if schema in (str, int, bool):
        if schema is str and isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, schema) or (schema is int and isinstance(value, bool)):
            fail(f"expected {schema.__name__}, got {value!r}")
        return value
    msg = schema(value)
    if msg:
        fail(msg)
    return value


@dataclass(frozen=True)
class Study:
    """A validated study: the parsed YAML plus where it came from."""

    spec: dict = field(repr=False)
    path: Path | None = None
    #: line of each top-level key in the file (for errors found later, against the data)
    lines: dict = field(default_factory=dict, repr=False, compare=False)

    def where(self, key: str) -> str:
        """``file, line N: key`` for messages about a top-level key (``key`` alone without a file)."""
        if self.path is None or key not in self.lines:
            return key
        return f"{self.path.name}, line {self.lines[key]}: {key}"

    @property
    def outcome(self) -> str:
        return self.spec["outcome"]

    @property
    def conditions(self) -> list[str]:
        return list(self.spec["conditions"])

    def get(self, section: str, key: str):
        """A setting of the study file, or its default from :data:`DEFAULTS`."""
        value = (self.spec.get(section) or {}).get(key)
        return DEFAULTS.get(section, {}).get(key) if value is None else value

    @property
    def language(self) -> str:
        return self.get("report", "language")


def _cross_checks(spec: dict, file: str, root: yaml.Node) -> None:
    """Checks that involve several keys (the line is that of the section concerned)."""

    def line_of(*keys) -> int | None:
        node = root
        for k in keys:
            if not isinstance(node, yaml.MappingNode):
                return None
            match = [v for kk, v in node.value if kk.value == k]
            if not match:
                return None
            node = match[0]
        return node.start_mark.line + 1

    data = spec["data"]
    if not data.get("example") and not data.get("file"):
        raise StudyFileError("give either 'file' (a CSV path) or 'example: true'", file=file,
                             line=line_of("data"), key="data")
    conds = spec["conditions"]
    if not conds:
        raise StudyFileError("at least one condition is needed", file=file, line=line_of("conditions"), key="conditions")
    dup = sorted({c for c in conds if conds.count(c) > 1})
    if dup:
        raise StudyFileError(f"condition(s) listed twice: {', '.join(dup)}", file=file, line=line_of("conditions"),
                             key="conditions")
    if spec["outcome"] in conds:
        raise StudyFileError(f"{spec['outcome']!r} is both the outcome and a condition", file=file,
                             line=line_of("conditions"), key="conditions")
    known = set(conds) | {spec["outcome"]}
    dir_exp = (spec.get("minimize") or {}).get("dir_exp")
    if isinstance(dir_exp, str):  # R's form, e.g. "DEV, URB, ~LIT*IND": names checked as the engine reads them
        try:
            parse_dir_exp(dir_exp, conds)
        except QCAInputError as e:
            raise StudyFileError(str(e), file=file, line=line_of("minimize", "dir_exp"), key="minimize.dir_exp")
    for section, key in (("minimize", "dir_exp"), ("calibration", "columns")):
        if isinstance((spec.get(section) or {}).get(key), str):
            continue
        for name in (spec.get(section) or {}).get(key) or {}:
            if name not in known:
                close = difflib.get_close_matches(name, sorted(known), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise StudyFileError(f"{name!r} is not the outcome or a condition{hint}", file=file,
                                     line=line_of(section, key, name), key=f"{section}.{key}.{name}")
    for name, comp in (spec.get("composites") or {}).items():
        need = {"entropy": "columns", "mean": "columns", "good_governance": "levels"}.get(comp["method"])
        if need and not comp.get(need):
            raise StudyFileError(f"method {comp['method']!r} needs '{need}'", file=file,
                                 line=line_of("composites", name), key=f"composites.{name}")
        if comp["method"] == "lag":
            check_lag(name, comp, file, line_of)
        if comp["method"] == "competition" and comp.get("island_links") == "nearest":
            raise StudyFileError("competition pressure takes 'none', 'all' or a list of sea links ('nearest' is for "
                                 "spatial weights)", file=file, line=line_of("composites", name, "island_links"),
                                 key=f"composites.{name}.island_links")
        if comp["method"] == "competition" and "island_links" not in comp:
            raise StudyFileError("competition pressure needs 'island_links' ('none', 'all' or a list): the "
                                 "choice for Hainan changes the result, so it is never a hidden default",
                                 file=file, line=line_of("composites", name), key=f"composites.{name}")
    for i, c in enumerate((spec.get("nca") or {}).get("conditions") or []):
        if c not in conds:
            close = difflib.get_close_matches(c, conds, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise StudyFileError(f"{c!r} is not a condition of the study{hint}", file=file,
                                 line=line_of("nca", "conditions"), key=f"nca.conditions[{i}]")
    nca_conds = (spec.get("nca") or {}).get("conditions")
    if nca_conds is not None and (not nca_conds or len(set(nca_conds)) < len(nca_conds)):
        raise StudyFileError("expected at least one condition, each listed once", file=file,
                             line=line_of("nca", "conditions"), key="nca.conditions")
    nca_ceil = (spec.get("nca") or {}).get("ceilings")
    if nca_ceil is not None and not nca_ceil:
        raise StudyFileError(f"expected at least one of {', '.join(NCA_CEILINGS)}", file=file,
                             line=line_of("nca", "ceilings"), key="nca.ceilings")
    check_models(spec, lambda msg, *keys: _raise(msg, file, line_of(*keys), ".".join(keys)))
    if "spatial" in spec:
        check_spatial(spec, file, line_of)
    for c in spec.get("controllable") or []:
        if c not in conds:
            raise StudyFileError(f"{c!r} is not a condition", file=file, line=line_of("controllable"),
                                 key="controllable")


def _raise(msg: str, file, line, key):
    raise StudyFileError(msg, file=file, line=line, key=key)


def load_study(path: str | Path | None = None, *, text: str | None = None) -> Study:
    """Read and validate a study file (or YAML ``text``).

    Raises
    ------
    StudyFileError
        Malformed YAML, unknown or invalid keys; the message names the file, line and key.

    Examples
    --------
    >>> study = load_study(EXAMPLE_STUDY)
    >>> study.outcome, len(study.conditions)
    ('P', 9)
    """
    file = None
    if text is None:
        if path is None:
            raise StudyFileError("no study file given")
        p = Path(path)
        if not p.exists():
            raise StudyFileError(f"study file {str(p)!r} does not exist")
        if p.is_dir():
            raise StudyFileError(f"{str(p)!r} is a folder: give the study's YAML file")
        check_regular_file(p, what="study file", error=StudyFileError)
        file = p.name
        try:
            text = p.read_bytes()
        except OSError as exc:
            raise StudyFileError(f"cannot read the study file: {exc.strerror or exc}", file=file) from None
    try:
        # limits on size, nesting, aliases and tags, checked before any node is built
        root = compose_yaml(text)
    except LimitedInputError as exc:
        raise StudyFileError(f"refused: {exc}", file=file, line=exc.line) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise StudyFileError(f"malformed YAML: {problem}", file=file,
                             line=mark.line + 1 if mark else None) from None
    if root is None:
        raise StudyFileError("the study file is empty", file=file)
    spec = _validate(root, SCHEMA, "", file)
    _cross_checks(spec, file, root)
    lines = {k.value: k.start_mark.line + 1 for k, _ in root.value} if isinstance(root, yaml.MappingNode) else {}
    return Study(spec, Path(path).resolve() if path is not None else None, lines)
