"""The published layout of ``results.json`` as a JSON Schema, and its validation.

``results.schema.json`` beside this file is the contract between ``digigov run`` (which
writes results.json) and everything that reads it: ``digigov report``, ``digigov compare``,
``digigov export`` and the tests.

Examples
--------
>>> from digigov.schema import load_schema
>>> load_schema()["properties"]["schema_version"]
{'const': 1}
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from ..errors import StudyError

__all__ = ["load_schema", "validate_results", "SchemaError"]


class SchemaError(StudyError):
    """results.json does not follow the published schema (or is of another schema version)."""


@lru_cache(maxsize=1)
def load_schema() -> dict:
    return json.loads((Path(__file__).parent / "results.schema.json").read_text(encoding="utf-8"))


def validate_results(results: dict, where: str = "results.json") -> None:
    """Check ``results`` against the schema; the error names the version or the first key at fault."""
    from ..output import SCHEMA_VERSION

    version = results.get("schema_version") if isinstance(results, dict) else None
    if version != SCHEMA_VERSION:
        found = "no schema_version (written before version 1)" if version is None else f"schema version {version!r}"
        advice = ("upgrade digigov-qca" if isinstance(version, int) and version > SCHEMA_VERSION
                  else "run the study again with `digigov run`")
        raise SchemaError(f"{where} has {found}; this version of digigov reads schema version {SCHEMA_VERSION}: "
                          f"{advice}")
    import jsonschema

    validator = jsonschema.Draft202012Validator(load_schema())
    error = next(iter(sorted(validator.iter_errors(results), key=lambda e: list(e.absolute_path))), None)
    if error is not None:
        path = "/".join(map(str, error.absolute_path)) or "(top level)"
        raise SchemaError(f"{where}: {path}: {error.message[:200]}")
