"""Sum-of-products expressions: one parser and one printer for the whole package.

Syntax (R's ``QCA``/``admisc`` convention): ``*`` is AND, ``+`` is OR, ``~`` is NOT,
e.g. ``"A*~B + C"``. White space is ignored. Condition names are matched exactly
(case-sensitive), so multi-letter names such as ``DEV*~URB`` work. Multi-value conditions
take R's bracket notation: ``DEV[2]*URB[0]`` (one level), ``DEV[1,2]`` (either level: the
expression is expanded into one term per level).

A literal is a ``(condition, value)`` pair with value 1 (present) or 0 (absent); a term is a
tuple of literals; an expression is a tuple of terms. In a multi-value analysis every value is
a :class:`Level`: an ``int`` (so terms compare and hash as before) that also knows its
condition's number of levels, which fixes both its membership (``X == v`` for a multi-value
condition, ``x`` or ``1 - x`` for a two-level one) and its notation (``X[v]``, as R writes every
literal once any condition is multi-value). Internally a term over ``k`` ordered
conditions is also a ``(mask, value)`` pair of integers in which condition ``i`` is bit
``k - 1 - i`` (so truth-table row numbers match R's: row ``r`` has number ``r + 1``).
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence

import numpy as np

from ._validate import QCAInputError, suggest

Literal = tuple[str, int]
Term = tuple[Literal, ...]

__all__ = [
    "Level",
    "parse_literal",
    "parse_expression",
    "parse_term",
    "format_term",
    "format_expression",
    "term_membership",
    "literal_membership",
    "expression_membership",
    "term_from_bits",
    "term_to_bits",
]


class Level(int):
    """A literal's value in a multi-value analysis: the level, and its condition's number of levels.

    >>> v = Level(2, 3)
    >>> v == 2, v.levels, hash(v) == hash(2)
    (True, 3, True)
    """

    def __new__(cls, value: int, levels: int):
        self = super().__new__(cls, value)
        self.levels = int(levels)
        return self

    def __reduce__(self):
        return (Level, (int(self), self.levels))

    def __repr__(self) -> str:
        return f"Level({int(self)}, {self.levels})"


#: ``~NAME`` or ``NAME[v]`` / ``NAME[v1,v2]`` (R's notation); spaces are removed first.
_LITERAL = re.compile(r"^(~*)([^\[\]~*+]+?)(?:\[([^\[\]]*)\])?$")


def _unknown(name: str, conditions: Sequence[str]) -> QCAInputError:
    return QCAInputError(f"unknown condition {name!r} in expression{suggest(name, conditions)}")


def _check_brackets(text: str) -> None:
    depth = 0
    for ch in text:
        depth += {"[": 1, "]": -1}.get(ch, 0)
        if depth < 0 or depth > 1:
            break
    if depth != 0:
        raise QCAInputError(f"unbalanced brackets in {text!r}: write a multi-value literal as NAME[1] or NAME[1,2]")


def parse_literal(raw: str, context: str | None = None) -> tuple[str, bool, tuple[int, ...] | None]:
    """Read one literal: ``(name, negated, levels)``; ``levels`` is None without brackets.

    >>> parse_literal("~B"), parse_literal("DEV[1, 2]")
    (('B', True, None), ('DEV', False, (1, 2)))
    """
    context = raw if context is None else context
    lit = "".join(raw.split())
    _check_brackets(lit)
    m = _LITERAL.match(lit)
    if not m or "(" in lit or ")" in lit:
        raise QCAInputError(f"cannot read literal {raw.strip()!r} in {context!r}: write terms as literals "
                            "joined by '*', e.g. 'A*~B' or 'A[2]*B[0]'")
    tildes, name, values = m.groups()
    if values is None:
        return name, len(tildes) % 2 == 1, None
    try:
        levels = tuple(sorted({int(v) for v in values.split(",")}))
    except ValueError:
        raise QCAInputError(f"literal {raw.strip()!r} in {context!r}: the levels in brackets must be whole "
                            "numbers separated by commas, e.g. A[1,2]") from None
    if any(v < 0 for v in levels):
        raise QCAInputError(f"literal {raw.strip()!r} in {context!r}: levels are whole numbers from 0")
    if tildes:
        raise QCAInputError(f"literal {raw.strip()!r} in {context!r}: write the levels wanted instead of "
                            "negating a bracketed literal")
    return name, False, levels


def _literal_values(raw: str, text: str, levels: Mapping[str, int] | None) -> tuple[str, list[int]]:
    """The condition of a literal and the value(s) it allows (one term per value)."""
    name, negated, values = parse_literal(raw, text)
    n_levels = None if levels is None else levels.get(name)
    if values is None:
        if n_levels is not None and n_levels > 2:
            raise QCAInputError(f"{name!r} in {text!r} is a multi-value condition: name its level(s), "
                                f"e.g. {name}[1]")
        vals = [0 if negated else 1]
    else:
        top = 1 if n_levels is None else n_levels - 1
        missing = [v for v in values if v > top]
        if missing:
            raise QCAInputError(f"level {missing[0]} of {name!r} in {text!r} does not occur in the data "
                                f"(its levels are 0 to {top})")
        vals = list(values)
    if n_levels is not None:
        vals = [Level(v, n_levels) for v in vals]
    return name, vals


def _terms(text: str, conditions: Sequence[str] | None, levels: Mapping[str, int] | None) -> list[Term]:
    text = text.strip()
    if not text:
        raise QCAInputError("empty term in expression")
    if text == "1":
        return [()]  # the tautology: a model that covers every case
    choices = []
    for raw in text.split("*"):
        if not raw.strip():
            raise QCAInputError(f"empty literal in term {text!r}")
        name, vals = _literal_values(raw, text, levels)
        if conditions is not None and name not in conditions:
            raise _unknown(name, conditions)
        choices.append([(name, v) for v in vals])
    order = {c: i for i, c in enumerate(conditions or ())}
    out, clash = [], None
    for literals in itertools.product(*choices):
        seen: dict[str, int] = {}
        for name, value in literals:
            if name in seen and seen[name] != value:
                clash = (name, seen[name], value)  # e.g. A*~A or A[1]*A[2]: an empty term
                break
            seen[name] = value
        else:
            items = [(n, seen[n]) for n in dict.fromkeys(n for n, _ in literals)]
            out.append(tuple(sorted(items, key=lambda lv: order[lv[0]])) if conditions is not None else tuple(items))
    if not out:
        name, a, b = clash
        if isinstance(a, Level):
            raise QCAInputError(f"term {text!r} asks {name} for two levels, {int(a)} and {int(b)}: it is empty")
        raise QCAInputError(f"term {text!r} contains both {name} and ~{name}: it is empty")
    return out


def parse_term(text: str, conditions: Sequence[str] | None = None, levels: Mapping[str, int] | None = None) -> Term:
    """Parse one conjunction such as ``"A*~B"`` (or ``"A[2]*B[0]"``) into literals.

    ``levels`` maps each condition to its number of levels (a multi-value analysis): the
    values are then :class:`Level` s.

    Examples
    --------
    >>> parse_term("A*~B")
    (('A', 1), ('B', 0))
    >>> parse_term("A[2]*B[0]", levels={"A": 3, "B": 2})
    (('A', Level(2, 3)), ('B', Level(0, 2)))
    """
    terms = _terms(text, conditions, levels)
    if len(terms) > 1:
        raise QCAInputError(f"term {text.strip()!r} names several levels of one condition: it is a sum of "
                            "terms, not one term")
    return terms[0]


def parse_expression(text: str, conditions: Sequence[str] | None = None,
                     levels: Mapping[str, int] | None = None) -> tuple[Term, ...]:
    """Parse a sum of products such as ``"A*~B + C"`` (or ``"DEV[1,2]*URB[0]"``).

    With ``conditions`` given, names are checked against them (unknown names raise with a
    suggestion) and literals are put in condition order. A literal naming several levels
    (``DEV[1,2]``) stands for their sum: the term is expanded into one term per level.

    Examples
    --------
    >>> parse_expression("A*~B + C")
    ((('A', 1), ('B', 0)), (('C', 1),))
    >>> [format_term(t) for t in parse_expression("DEV[1,2]*URB[0]", levels={"DEV": 3, "URB": 2})]
    ['DEV[1]*URB[0]', 'DEV[2]*URB[0]']
    """
    if not isinstance(text, str) or not text.strip():
        raise QCAInputError(f"expression must be a non-empty string, got {text!r}")
    _check_brackets(text)
    # a "+" inside brackets does not occur in R's notation; split on the top level only
    return tuple(t for part in text.split("+") for t in _terms(part, conditions, levels))


def format_term(term: Term) -> str:
    """Write a term as ``A*~B``, or ``A[2]*B[0]`` in a multi-value analysis (values that are
    :class:`Level` s); the empty term (a tautology) is written ``1``.

    Examples
    --------
    >>> format_term((("A", 1), ("B", 0)))
    'A*~B'
    >>> format_term((("A", Level(2, 3)), ("B", Level(0, 2))))
    'A[2]*B[0]'
    """
    if not term:
        return "1"
    if any(isinstance(value, Level) for _, value in term):
        return "*".join(f"{name}[{int(value)}]" for name, value in term)
    return "*".join(name if value else f"~{name}" for name, value in term)


def format_expression(terms: Sequence[Term]) -> str:
    """Write terms as ``A*~B + C``.

    Examples
    --------
    >>> format_expression(parse_expression("A*~B+C"))
    'A*~B + C'
    """
    return " + ".join(format_term(t) for t in terms)


def term_from_bits(mask: int, value: int, conditions: Sequence[str]) -> Term:
    """Turn a ``(mask, value)`` pair into literals in condition order."""
    k = len(conditions)
    return tuple(
        (c, (value >> (k - 1 - i)) & 1)
        for i, c in enumerate(conditions)
        if (mask >> (k - 1 - i)) & 1
    )


def term_to_bits(term: Term, conditions: Sequence[str]) -> tuple[int, int]:
    """Turn literals into a ``(mask, value)`` pair over ``conditions``."""
    k = len(conditions)
    index = {c: i for i, c in enumerate(conditions)}
    mask = value = 0
    for name, v in term:
        if name not in index:
            raise _unknown(name, conditions)
        bit = 1 << (k - 1 - index[name])
        mask |= bit
        if v:
            value |= bit
    return mask, value


def term_membership(term: Term, memberships: dict[str, np.ndarray] | "object") -> np.ndarray:
    """Membership of each case in a term: the minimum over its literals (``~X = 1 - X``).

    ``memberships`` maps condition names to arrays (a DataFrame works).
    """
    if not term:
        first = next(iter(memberships.values())) if isinstance(memberships, dict) else memberships.iloc[:, 0]
        return np.ones(len(first))
    out = None
    for name, value in term:
        x = literal_membership(np.asarray(memberships[name], dtype=float), value)
        out = x if out is None else np.minimum(out, x)
    return out


def literal_membership(x: np.ndarray, value: int) -> np.ndarray:
    """Membership in one literal: ``x == value`` for a level of a multi-value condition,
    else ``x`` (present) or ``1 - x`` (absent)."""
    if isinstance(value, Level) and value.levels > 2:
        return (x == int(value)).astype(float)
    return x if value else 1.0 - x


def expression_membership(terms: Sequence[Term], memberships) -> np.ndarray:
    """Membership in a sum of products: the maximum over its terms."""
    return np.max(np.vstack([term_membership(t, memberships) for t in terms]), axis=0)
