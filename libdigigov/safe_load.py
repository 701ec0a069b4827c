"""Reading small configuration and results files without letting them run code or exhaust the
machine: YAML with limits on size, nesting, aliases and expansion; JSON without ``NaN`` or
``Infinity``.

The YAML limits are checked on the parser's event stream, before any node is built, so an
"alias bomb" (a few hundred bytes whose anchors expand to billions of nodes; the "billion
laughs" attack) or 50,000 nested brackets are refused in milliseconds. Only YAML's standard
tags are accepted: ``!!python/object/apply`` and other language-specific tags are refused
(nothing is ever constructed from them).
"""
from __future__ import annotations

import json
from pathlib import Path

from .safety import check_regular_file, one_line

__all__ = ["YAML_LIMITS", "LimitedInputError", "decode_text", "compose_yaml", "read_json"]

#: Limits of a YAML study file (stated in docs/study-file.md).
YAML_LIMITS = {"bytes": 1_000_000, "depth": 64, "aliases": 1_000, "nodes": 200_000, "scalar": 100_000}
_STANDARD_TAG = "tag:yaml.org,2002:"
_STANDARD = {"null", "bool", "int", "float", "str", "seq", "map", "binary", "timestamp", "omap", "pairs", "set",
             "merge", "value"}


class LimitedInputError(ValueError):
    """A file that cannot be read safely; ``line`` (1-based) says where, when known."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


def decode_text(raw: bytes, what: str = "file") -> str:
    """UTF-8 text of ``raw`` (a byte-order mark is dropped); UTF-16/32 and other encodings are
    refused with one line saying how to save the file.

    Examples
    --------
    >>> decode_text("a: 1".encode("utf-16"))
    Traceback (most recent call last):
    ...
    libdigigov.safe_load.LimitedInputError: the file is UTF-16 text: save it as UTF-8
    """
    if raw[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):
        raise LimitedInputError(f"the {what} is UTF-32 text: save it as UTF-8")
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff") or (b"\x00" in raw[:200] and len(raw) > 1):
        raise LimitedInputError(f"the {what} is UTF-16 text: save it as UTF-8")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise LimitedInputError(f"the {what} is not UTF-8 text (byte {exc.start + 1}): save it as UTF-8",
                                line=line) from None


def _line(event) -> int | None:
    mark = getattr(event, "start_mark", None)
    return mark.line + 1 if mark is not None else None


def _check_events(text: str, limits: dict) -> None:
    """Walk the parser's events once, keeping the expanded size of every anchor, and stop at
    the first limit passed."""
    import yaml

    sizes: dict[str, int] = {}           # anchor -> expanded node count
    stack: list[list] = []               # [anchor, count] of the open collections
    total = aliases = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        tag = getattr(event, "tag", None)
        if tag and not (tag.startswith(_STANDARD_TAG) and tag[len(_STANDARD_TAG):] in _STANDARD) and tag != "!":
            raise LimitedInputError(f"the tag {one_line(tag, 80)!r} is not allowed: a study file holds plain "
                                    "values, lists and mappings only (nothing is run)", _line(event))
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if len(stack) >= limits["depth"]:
                raise LimitedInputError(f"nested more than {limits['depth']} levels deep", _line(event))
            stack.append([event.anchor, 1])
            continue
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            anchor, size = stack.pop()
        elif isinstance(event, yaml.ScalarEvent):
            if len(event.value) > limits["scalar"]:
                raise LimitedInputError(f"a value of {len(event.value):,} characters (at most {limits['scalar']:,})",
                                        _line(event))
            anchor, size = event.anchor, 1
        elif isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > limits["aliases"]:
                raise LimitedInputError(f"more than {limits['aliases']:,} aliases (*name)", _line(event))
            anchor, size = None, sizes.get(event.anchor, 1)
        else:
            continue
        if anchor is not None:
            sizes[anchor] = size
        if stack:
            stack[-1][1] += size
        else:
            total += size
        if (stack[0][1] if stack else total) > limits["nodes"]:
            raise LimitedInputError(f"its aliases expand to more than {limits['nodes']:,} values "
                                    "(an alias bomb?)", _line(event))


def compose_yaml(source, *, limits: dict | None = None):
    """The composed YAML node tree (:func:`yaml.compose`) of ``source`` (bytes or text), after
    checking :data:`YAML_LIMITS` (or ``limits``) on the event stream; None for an empty file.

    Raises :class:`LimitedInputError` (with ``line``) for a limit passed, a non-standard tag
    or a file that is not UTF-8, and ``yaml.YAMLError`` for malformed YAML.

    Examples
    --------
    >>> bomb = "a: &a [x, x, x, x, x, x, x, x, x]\\n" + "".join(
    ...     f"{c}: &{c} [" + ", ".join([f"*{p}"] * 9) + "]\\n" for p, c in zip("abcdefgh", "bcdefghi"))
    >>> compose_yaml(bomb)
    Traceback (most recent call last):
    ...
    libdigigov.safe_load.LimitedInputError: its aliases expand to more than 200,000 values (an alias bomb?)
    >>> compose_yaml("[" * 50_000 + "]" * 50_000)
    Traceback (most recent call last):
    ...
    libdigigov.safe_load.LimitedInputError: nested more than 64 levels deep
    >>> compose_yaml("x: !!python/object/apply:os.system ['true']")
    Traceback (most recent call last):
    ...
    libdigigov.safe_load.LimitedInputError: the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed: ...
    >>> compose_yaml("a: 1").value[0][1].value
    '1'
    """
    import yaml

    limits = {**YAML_LIMITS, **(limits or {})}
    if isinstance(source, bytes):
        if len(source) > limits["bytes"]:
            raise LimitedInputError(f"the file has {len(source):,} bytes (at most {limits['bytes']:,})")
        source = decode_text(source)
    if len(source) > limits["bytes"]:
        raise LimitedInputError(f"the text has {len(source):,} characters (at most {limits['bytes']:,})")
    _check_events(source, limits)
    return yaml.compose(source, Loader=yaml.SafeLoader)


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def read_json(path, *, what: str = "file", error: type[Exception] = ValueError):
    """Read a JSON file strictly: a regular UTF-8 file, no ``NaN``/``Infinity`` (Python's json
    accepts them; other readers do not), no nesting deep enough to exhaust the stack.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "r.json"
    >>> _ = p.write_text('{"n": NaN}')
    >>> read_json(p, what="results.json")
    Traceback (most recent call last):
    ...
    ValueError: results.json is not valid JSON: NaN is not a number JSON allows
    """
    p = check_regular_file(path, what=what, error=error)
    try:
        text = decode_text(p.read_bytes(), what)
        return json.loads(text, parse_constant=_no_constant)
    except LimitedInputError as exc:
        raise error(f"{what}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise error(f"{what} is not valid JSON (line {exc.lineno}): {exc.msg}") from None
    except ValueError as exc:
        raise error(f"{what} is not valid JSON: {one_line(exc, 200)}") from None
    except RecursionError:
        raise error(f"{what} is nested too deeply to be a results file") from None
    except OSError as exc:
        raise error(f"cannot read {what}: {exc.strerror or exc}") from None
