"""Sum-of-products expressions: one parser and one printer for the whole package.

Syntax (R's ``QCA``/``admisc`` convention): ``*`` is AND, ``+`` is OR, ``~`` is NOT,
e.g. ``"A*~B + C"``. White space is ignored. Condition names are matched exactly
(case-sensitive), so multi-letter names such as ``DEV*~URB`` work.

A literal is a ``(condition, value)`` pair with value 1 (present) or 0 (absent); a term is a
tuple of literals; an expression is a tuple of terms. Internally a term over ``k`` ordered
conditions is also a ``(mask, value)`` pair of integers in which condition ``i`` is bit
``k - 1 - i`` (so truth-table row numbers match R's: row ``r`` has number ``r + 1``).
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ._validate import QCAInputError, suggest

Literal = tuple[str, int]
Term = tuple[Literal, ...]

__all__ = [
    "parse_expression",
    "parse_term",
    "format_term",
    "format_expression",
    "term_membership",
    "expression_membership",
    "term_from_bits",
    "term_to_bits",
]


def _unknown(name: str, conditions: Sequence[str]) -> QCAInputError:
    return QCAInputError(f"unknown condition {name!r} in expression{suggest(name, conditions)}")


def parse_term(text: str, conditions: Sequence[str] | None = None) -> Term:
    """Parse one conjunction such as ``"A*~B"`` into literals.

    Examples
    --------
    >>> parse_term("A*~B")
    (('A', 1), ('B', 0))
    """
    text = text.strip()
    if not text:
        raise QCAInputError("empty term in expression")
    if text == "1":
        return ()  # the tautology: a model that covers every case
    literals: list[Literal] = []
    for raw in text.split("*"):
        lit = raw.strip()
        value = 1
        while lit.startswith("~"):
            value = 1 - value
            lit = lit[1:].strip()
        if not lit:
            raise QCAInputError(f"empty literal in term {text!r}")
        if any(ch in lit for ch in "()+~ "):
            raise QCAInputError(
                f"cannot read literal {raw.strip()!r} in term {text!r}: write terms as "
                "literals joined by '*', e.g. 'A*~B'"
            )
        if conditions is not None and lit not in conditions:
            raise _unknown(lit, conditions)
        literals.append((lit, value))
    seen: dict[str, int] = {}
    for name, value in literals:
        if name in seen and seen[name] != value:
            raise QCAInputError(f"term {text!r} contains both {name} and ~{name}: it is empty")
        seen[name] = value
    if conditions is not None:
        order = {c: i for i, c in enumerate(conditions)}
        return tuple(sorted(seen.items(), key=lambda lv: order[lv[0]]))
    return tuple(dict.fromkeys(literals))


def parse_expression(text: str, conditions: Sequence[str] | None = None) -> tuple[Term, ...]:
    """Parse a sum of products such as ``"A*~B + C"``.

    With ``conditions`` given, names are checked against them (unknown names raise with a
    suggestion) and literals are put in condition order.

    Examples
    --------
    >>> parse_expression("A*~B + C")
    ((('A', 1), ('B', 0)), (('C', 1),))
    """
    if not isinstance(text, str) or not text.strip():
        raise QCAInputError(f"expression must be a non-empty string, got {text!r}")
    return tuple(parse_term(part, conditions) for part in text.split("+"))


def format_term(term: Term) -> str:
    """Write a term as ``A*~B``; the empty term (a tautology) is written ``1``.

    Examples
    --------
    >>> format_term((("A", 1), ("B", 0)))
    'A*~B'
    """
    if not term:
        return "1"
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
        x = np.asarray(memberships[name], dtype=float)
        x = x if value else 1.0 - x
        out = x if out is None else np.minimum(out, x)
    return out


def expression_membership(terms: Sequence[Term], memberships) -> np.ndarray:
    """Membership in a sum of products: the maximum over its terms."""
    return np.max(np.vstack([term_membership(t, memberships) for t in terms]), axis=0)
