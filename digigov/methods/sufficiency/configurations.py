"""The configurations of ``results.json`` as every output reads them.

A configuration is a conjunction of core and peripheral conditions, each present or absent
(Fiss 2011).  These helpers read the list the sufficiency step wrote: its literals, each case's
membership in it (the minimum over its literals, fuzzy-set intersection), its title in the
page's language, and for one case the configuration it is nearest to.  The other methods that
present configurations (strategies, case selection, the panel) read them from the view:
``view.configurations``, ``view.configuration_memberships``, ``view.configuration_title(config,
lang)``, ``view.configuration_ident(id, lang)`` (registered below).
"""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from fsqca import term_membership

from ...errors import StudyError
from ...templates.strings import t
from ...view import ResultsView, register_accessor

__all__ = ["configurations", "literals", "configuration_memberships", "configuration_name",
           "configuration_title", "configuration_ident", "nearest_configuration"]


def configurations(results: Mapping) -> list:
    """The configurations of the results (``[]`` when the study found none)."""
    return results.get("configurations") or []


def literals(config: Mapping) -> list[tuple[str, int, str]]:
    """``(condition, 1 present / 0 absent, "core" | "peripheral")`` of a configuration, core first.

    Examples
    --------
    >>> literals({"core": {"present": ["G"], "absent": ["R"]}, "peripheral": {"present": ["T"]}})
    [('G', 1, 'core'), ('R', 0, 'core'), ('T', 1, 'peripheral')]
    """
    out = []
    for role in ("core", "peripheral"):
        part = config.get(role) or {}
        out += [(c, 1, role) for c in part.get("present", [])]
        out += [(c, 0, role) for c in part.get("absent", [])]
    return out


def _memberships(results: Mapping) -> pd.DataFrame:
    m = ResultsView.of(results).memberships
    out = {}
    for config in configurations(results):
        lits = literals(config)
        missing = sorted({c for c, _, _ in lits} - set(m.columns))
        if missing:
            raise StudyError(f"configuration {config.get('id')!r} uses condition(s) {missing} "
                             "that have no memberships in results.json")
        if not lits:
            raise StudyError(f"configuration {config.get('id')!r} has no core or peripheral condition")
        out[str(config["id"])] = term_membership(tuple((c, v) for c, v, _ in lits), m)
    return pd.DataFrame(out, index=m.index)


def configuration_memberships(results: Mapping) -> pd.DataFrame:
    """Case × configuration membership: the minimum over each configuration's literals.

    Computed once per :class:`~digigov.view.ResultsView` (``view.configuration_memberships``;
    a plain dictionary: every call).

    Examples
    --------
    >>> res = {"memberships": {"a": {"G": 0.9, "R": 0.3}, "b": {"G": 0.4, "R": 0.8}},
    ...        "configurations": [{"id": "1", "core": {"present": ["G"], "absent": ["R"]}}]}
    >>> configuration_memberships(res)["1"].round(2).to_dict()
    {'a': 0.7, 'b': 0.2}
    """
    if isinstance(results, ResultsView):
        return results.configuration_memberships
    return _memberships(results)


def configuration_name(config: Mapping, lang: str) -> str:
    """The configuration's name (``name`` or ``label``: a string or ``{"zh": .., "en": ..}``), or ""."""
    for key in ("name", "label"):
        value = config.get(key)
        if isinstance(value, Mapping):
            value = value.get(lang) or value.get("en") or value.get("zh")
        if value:
            return str(value)
    return ""


def configuration_title(config: Mapping, lang: str) -> str:
    """``"组态 1（协调主导型）"`` / ``"Configuration 1 (coordination-led)"``.

    Examples
    --------
    >>> configuration_title({"id": "2", "name": {"zh": "协调主导型", "en": "coordination-led"}}, "zh")
    '组态 2（协调主导型）'
    >>> configuration_title({"id": "2"}, "en")
    'Configuration 2'
    """
    name = configuration_name(config, lang)
    base = f"{t(lang, 'configuration')} {config.get('id')}"
    if not name:
        return base
    return f"{base}（{name}）" if lang == "zh" else f"{base} ({name})"


def configuration_ident(results: Mapping, cid, lang: str) -> str:
    """``"1"`` or, with a name in results.json, ``"1 (coordination-led)"`` / ``"1（协调主导型）"``."""
    cfg = next((c for c in configurations(results) if str(c.get("id")) == str(cid)), {})
    name = configuration_name(cfg, lang)
    return str(cid) if not name else (f"{cid}（{name}）" if lang == "zh" else f"{cid} ({name})")


def nearest_configuration(lits_by_config: Mapping, m: pd.Series, belongs) -> tuple[str | None, list]:
    """The configuration not in ``belongs`` with the fewest unmet conditions, then the smallest gap.

    ``lits_by_config`` maps ids to :func:`literals`; ``m`` is one case's
    memberships.  Returns ``(id, unmet)`` with ``unmet`` as
    ``(condition, 1 | 0, role, membership, gap to the crossover)``, or ``(None, [])``.

    Examples
    --------
    >>> lits = {"1": [("A", 1, "core"), ("B", 1, "peripheral")], "2": [("A", 0, "core")]}
    >>> cid, unmet = nearest_configuration(lits, pd.Series({"A": 0.8, "B": 0.3}), ())
    >>> cid, unmet[0][:4], round(float(unmet[0][4]), 3)
    ('1', ('B', 1, 'peripheral', 0.3), 0.2)
    """
    best = None
    for cid, lits in lits_by_config.items():
        if cid in belongs:
            continue
        unmet = []
        for cond, value, role in lits:
            lit = m[cond] if value else 1.0 - m[cond]
            if not lit > 0.5:
                unmet.append((cond, value, role, float(m[cond]), 0.5 - lit))
        key = (len(unmet), sum(u[4] for u in unmet))
        if best is None or key < best[0]:
            best = (key, cid, unmet)
    return (None, []) if best is None else (best[1], best[2])


# every view reads the configurations through these (digigov.view.register_accessor)
register_accessor("configurations", configurations, value=True)
register_accessor("configuration_memberships", _memberships, value=True)
register_accessor("configuration_title", lambda view, config, lang: configuration_title(config, lang))
register_accessor("configuration_ident", configuration_ident)
