"""Directional expectations for the intermediate solution, in R's notation or per condition.

Three ways to write them (all give an :class:`Expectations`):

- R's string (``QCA``'s ``dir.exp``): terms separated by commas (or ``+``), each a literal or a
  conjunction of literals: ``"DEV, STB, ~LIT*IND"``; multi-value levels in brackets,
  ``"DEV[1,2], URB[1]"``; a condition named nowhere is "don't care";
- the per-condition form ``"A=1,B=0,C=-"`` (or a mapping ``{"A": 1, "B": "-"}``);
- an :class:`Expectations` object.

R first simplifies the expectations as a Boolean function (``admisc::simplify``: the minimal sum
of products, so ``"DEV, ~DEV*URB, STB"`` becomes ``DEV + URB + STB``) and orders the terms:
fewer literals first, then condition by condition in the order of the conditions, ``~X`` before
``X`` before absent. A term of one literal is a *simple* expectation, a longer one
*conjunctural*. How R's ``minimize`` (QCA 3.23) then reduces a complex term ``c`` inside a
parsimonious term ``p`` (only the literals of ``c`` not in ``p`` are looked at):

- no conjunctural term: a literal is dropped when its condition has an expectation and the
  literal's value is not expected (the rule of Ragin 2008, ch. 9);
- some conjunctural term: the simple expectations are ignored and only the *last* conjunctural
  term counts: with ``G`` its conditions that ``c`` fixes outside ``p``, ``c`` is kept when it
  agrees with the term on all of ``G`` and loses its literals on ``G`` otherwise.

The second rule reproduces what R computes (its C routine restarts from ``c`` for every
conjunctural term, so only the last survives, and never applies the simple ones once a
conjunctural term exists); :meth:`Expectations.summary` says which terms were effective and which
were ignored. That R ignores expectations it was given looks unintended; ``rule="all"`` applies
every one instead: the simple expectations together (the rule above) and each conjunctural term
on its own, a remainder being an easy counterfactual when any of these reductions covers it (so
the easy counterfactuals include R's). The default stays R's, so that results agree with R. Expectations that simplify to a tautology (``"DEV, ~DEV"``) or to several minimal
forms are refused, as R refuses them. Multi-value expectations are kept as written (a term per
item, a literal naming a set of levels; items on one condition alone are merged); R's
simplification of these is not reproduced.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ._validate import QCAInputError, suggest
from .expression import Term, parse_literal

__all__ = ["Expectations", "parse_dir_exp"]

Lit = tuple[str, frozenset]


@dataclass(frozen=True)
class Expectations:
    """Directional expectations: terms of (condition, expected levels), in R's order."""

    terms: tuple[tuple[Lit, ...], ...]
    given: str = ""
    bracketed: bool = False   # written with levels in brackets (multi-value notation)
    rule: str = "R"           # "R": as R's QCA 3.23 applies them; "all": every expectation applied

    @property
    def conjunctural(self) -> tuple[tuple[Lit, ...], ...]:
        return tuple(t for t in self.terms if len(t) > 1)

    @property
    def simple(self) -> dict[str, frozenset]:
        out: dict[str, frozenset] = {}
        for t in self.terms:
            if len(t) == 1:
                name, levels = t[0]
                out[name] = out.get(name, frozenset()) | levels
        return out

    @property
    def effective(self) -> tuple[tuple[Lit, ...], ...]:
        """The terms that shape the solution (R: the last conjunctural term, if there is one)."""
        if self.rule == "all":
            return self.terms
        conj = self.conjunctural
        return conj[-1:] if conj else tuple(t for t in self.terms if len(t) == 1)

    @property
    def ignored(self) -> tuple[tuple[Lit, ...], ...]:
        eff = self.effective
        return tuple(t for t in self.terms if t not in eff)

    def reduce(self, c_term: Term, p_term: Term) -> tuple[Term, ...]:
        """``c_term`` reduced against ``p_term`` (which it must lie inside): one term as R
        reduces it, or with ``rule="all"`` one per group of expectations."""
        in_p = {name for name, _ in p_term}
        rest = [(name, int(v)) for name, v in c_term if name not in in_p]
        conj = self.conjunctural
        if self.rule == "all":
            out = [_by_simple(c_term, rest, self.simple)] if self.simple or not conj else []
            return tuple(out + [_by_conjunction(c_term, rest, dict(t)) for t in conj])
        if conj:
            return (_by_conjunction(c_term, rest, dict(conj[-1])),)
        return (_by_simple(c_term, rest, self.simple),)

    def format_term(self, term: tuple[Lit, ...]) -> str:
        def lit(name, levels):
            if self.bracketed:
                return f"{name}[{','.join(map(str, sorted(levels)))}]"
            return name if 1 in levels else f"~{name}"
        return "*".join(lit(n, lv) for n, lv in term)

    def summary(self) -> str:
        text = ", ".join(self.format_term(t) for t in self.terms) or "none"
        if self.rule == "all" and self.conjunctural:
            text += " (every expectation applied: rule 'all', not R's)"
        elif self.ignored:
            text += (f" (as R's QCA: only {', '.join(self.format_term(t) for t in self.effective)} is applied; "
                     f"{', '.join(self.format_term(t) for t in self.ignored)} ignored once a conjunctural "
                     "expectation is given)")
        return text

    def to_dict(self) -> dict:
        return {"terms": [self.format_term(t) for t in self.terms], "rule": self.rule,
                "effective": [self.format_term(t) for t in self.effective],
                "ignored": [self.format_term(t) for t in self.ignored], "given": self.given}


def _by_simple(c_term: Term, rest, simple) -> Term:
    drop = {name for name, v in rest if name in simple and v not in simple[name]}
    return tuple(lit for lit in c_term if lit[0] not in drop)


def _by_conjunction(c_term: Term, rest, term: dict) -> Term:
    group = {name for name, _ in rest if name in term}
    if any(v not in term[name] for name, v in rest if name in group):
        return tuple(lit for lit in c_term if lit[0] not in group)
    return c_term


def parse_dir_exp(dir_exp, conditions: Sequence[str], levels: Mapping[str, int] | None = None,
                  rule: str = "R") -> Expectations:
    """Read directional expectations in any of the accepted forms (see the module docstring).

    ``rule``: ``"R"`` (default) applies them as R's QCA does; ``"all"`` applies every one.

    Examples
    --------
    >>> conds = ["DEV", "URB", "LIT", "IND", "STB"]
    >>> e = parse_dir_exp("DEV, ~DEV*URB, STB", conds)
    >>> [e.format_term(t) for t in e.terms]
    ['DEV', 'URB', 'STB']
    >>> e = parse_dir_exp("DEV, STB, ~LIT*IND", conds)
    >>> [e.format_term(t) for t in e.effective], [e.format_term(t) for t in e.ignored]
    (['~LIT*IND'], ['DEV', 'STB'])
    >>> parse_dir_exp("A=1,B=-", ["A", "B"]).simple
    {'A': frozenset({1})}
    """
    from dataclasses import replace

    if rule not in ("R", "all"):
        raise QCAInputError(f"dir_exp rule must be 'R' (as R's QCA) or 'all' (every expectation), got {rule!r}")
    return replace(_parse(dir_exp, list(conditions), levels), rule=rule)


def _parse(dir_exp, conditions: list, levels) -> Expectations:
    levels = {c: int((levels or {}).get(c, 2)) for c in conditions}
    if dir_exp is None:
        return Expectations(())
    if isinstance(dir_exp, Expectations):
        return dir_exp
    if isinstance(dir_exp, Mapping):
        return _from_mapping(dict(dir_exp), conditions, levels, str(dir_exp))
    if isinstance(dir_exp, (list, tuple)):  # R's character vector, c("DEV", "~LIT*IND")
        dir_exp = ", ".join(map(str, dir_exp))
    if not isinstance(dir_exp, str):
        raise QCAInputError(f"dir_exp must be a string such as 'A, ~B, C*~D' or a mapping, got "
                            f"{type(dir_exp).__name__}")
    if not dir_exp.strip():
        return Expectations(())
    if "=" in dir_exp:
        items = {}
        for part in dir_exp.split(","):
            if not part.strip():
                continue
            if "=" not in part:
                raise QCAInputError(f"directional expectation {part.strip()!r}: in the form A=1,B=0 write "
                                    "CONDITION=1, =0 or =-")
            key, val = part.split("=", 1)
            items[key.strip()] = val.strip()
        return _from_mapping(items, conditions, levels, dir_exp)
    return _from_string(dir_exp, conditions, levels)


def _from_mapping(items: dict, conditions, levels, given: str) -> Expectations:
    terms = []
    for cond, val in items.items():
        if cond not in conditions:
            raise QCAInputError(f"directional expectation for unknown condition {cond!r}{suggest(cond, conditions)}")
        sval = str(val).strip().lower()
        if levels[cond] > 2 and sval not in ("-", "either", "", "none", "dc"):  # levels: 2 or [1, 2]
            vals = val if isinstance(val, (list, tuple, set, frozenset)) else [val]
            try:
                chosen = frozenset(int(v) for v in vals)
            except (TypeError, ValueError):
                raise QCAInputError(f"directional expectation for multi-value {cond!r} must be a level or a "
                                    f"list of levels (0 to {levels[cond] - 1}), got {val!r}") from None
            bad = [v for v in chosen if not 0 <= v < levels[cond]]
            if bad or len(chosen) == levels[cond]:
                raise QCAInputError(f"directional expectation for {cond!r}: " + (
                    f"level {bad[0]} does not occur (levels 0 to {levels[cond] - 1})" if bad else
                    "every level is expected; the expectations cancel each other out"))
            terms.append(((cond, chosen),))
        elif sval in ("1", "1.0", "present", "true"):
            terms.append(((cond, frozenset({1})),))
        elif sval in ("0", "0.0", "absent", "false"):
            terms.append(((cond, frozenset({0})),))
        elif sval in ("-", "either", "", "none", "dc"):
            continue
        else:
            raise QCAInputError(f"directional expectation for {cond!r} must be 1, 0 or '-', got {val!r}")
    multi = any(levels[c] > 2 for c in conditions)
    return Expectations(_ordered(terms, conditions), given, bracketed=multi)


def _split_top(text: str) -> list[str]:
    """Split at commas and '+' outside brackets."""
    parts, depth, cur = [], 0, ""
    for ch in text:
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth < 0:
                raise QCAInputError(f"unbalanced brackets in directional expectations {text!r}")
        if ch in ",+" and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    if depth != 0:
        raise QCAInputError(f"unbalanced brackets in directional expectations {text!r}")
    return parts + [cur]


def _from_string(text: str, conditions, levels) -> Expectations:
    terms, styles = [], set()
    for part in _split_top(text):
        if not part.strip():
            raise QCAInputError(f"directional expectations {text!r}: an empty term (two commas in a row?)")
        term: dict[str, frozenset] = {}
        for raw in part.split("*"):
            if not raw.strip():
                raise QCAInputError(f"directional expectations {text!r}: an empty literal in {part.strip()!r}")
            name, negated, vals = parse_literal(raw, text)
            if name not in conditions:
                raise QCAInputError(f"directional expectation for unknown condition {name!r}"
                                    f"{suggest(name, conditions)}")
            styles.add(vals is not None)
            top = levels[name] - 1
            if vals is None:
                if top > 1:
                    raise QCAInputError(f"directional expectations {text!r}: {name!r} is a multi-value condition; "
                                        f"name the expected level(s), e.g. {name}[1]")
                vals = (0,) if negated else (1,)
            bad = [v for v in vals if v > top]
            if bad:
                raise QCAInputError(f"directional expectations {text!r}: level {bad[0]} of {name!r} does not "
                                    f"occur (its levels are 0 to {top})")
            got = frozenset(vals) & term.get(name, frozenset(vals))
            if not got:
                raise QCAInputError(f"directional expectations {text!r}: the term {part.strip()!r} asks {name!r} "
                                    "for two different levels, an empty set")
            term[name] = got
        term = {n: v for n, v in term.items() if len(v) < levels[n]}  # every level: no constraint
        if not term:
            raise QCAInputError(f"directional expectations {text!r}: {part.strip()!r} names every level of a "
                                "condition; the expectations cancel each other out to an empty set (R refuses them)")
        terms.append(tuple(term.items()))
    if len(styles) > 1:
        raise QCAInputError(f"ambiguous directional expectations {text!r}: write every expectation with levels in "
                            "brackets (A[1], B[0]) or none of them (A, ~B), as R asks")
    mentioned = list(dict.fromkeys(n for t in terms for n, _ in t))
    bracketed = styles == {True}
    if all(levels[n] == 2 for n in mentioned):
        terms = _simplify(terms, [c for c in conditions if c in mentioned], text)
    else:  # multi-value: as written, one-condition items on one condition merged
        merged: dict[str, frozenset] = {}
        rest = []
        for t in terms:
            if len(t) == 1:
                merged[t[0][0]] = merged.get(t[0][0], frozenset()) | t[0][1]
            else:
                rest.append(t)
        for name, vals in merged.items():
            if len(vals) == levels[name]:
                raise QCAInputError(f"directional expectations {text!r}: every level of {name!r} is expected; "
                                    "they cancel each other out to an empty set (R refuses them)")
        terms = [((n, v),) for n, v in merged.items()] + rest
    bracketed = bracketed or any(levels[c] > 2 for c in conditions)
    return Expectations(_ordered(terms, conditions), text, bracketed=bracketed)


def _simplify(terms, conds: list[str], text: str):
    """The minimal sum of products of two-level expectations (R: ``admisc::simplify``)."""
    from ._cover import minimum_covers
    from ._implicants import prime_implicants

    m = len(conds)
    rows = np.arange(2**m)
    true = np.zeros(2**m, dtype=bool)
    for t in terms:
        hit = np.ones(2**m, dtype=bool)
        for name, vals in t:
            bit = (rows >> (m - 1 - conds.index(name))) & 1
            hit &= np.isin(bit, list(vals))
        true |= hit
    if true.all():
        raise QCAInputError(f"directional expectations {text!r} cancel each other out to an empty set "
                            "(every configuration is expected), as R says; drop the contradicting terms")
    positive, negative = np.flatnonzero(true), np.flatnonzero(~true)
    masks, values = prime_implicants(positive, negative, m)
    covers = (positive[None, :] & masks[:, None]) == values[:, None]
    found = minimum_covers(covers, len(positive), max_models=2)
    if found.n_models > 1:
        raise QCAInputError(f"ambiguous directional expectations {text!r}: they simplify to more than one minimal "
                            "sum of products (R refuses them too); write one of the minimal forms")
    out = []
    for j in found.models[0]:
        mask, value = int(masks[j]), int(values[j])
        out.append(tuple((c, frozenset({(value >> (m - 1 - i)) & 1}))
                         for i, c in enumerate(conds) if mask >> (m - 1 - i) & 1))
    return out


def _ordered(terms, conditions):
    """R's order: fewer literals first, then per condition ~X (0) before X (1) before absent."""
    big = 1 << 20

    def key(term):
        at = dict(term)
        return (len(term), tuple(min(at[c]) if c in at else big for c in conditions))

    return tuple(sorted((tuple(sorted(t, key=lambda lit: conditions.index(lit[0]))) for t in terms), key=key))


