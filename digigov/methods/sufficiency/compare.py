"""The sufficiency method's part of the province comparison.

For one province (:func:`position`): its membership in each configuration (the minimum over
the configuration's literals), the configurations it belongs to (membership > 0.5), the
nearest configuration it does not belong to and the conditions it would have to build or
reduce for it, core first.  :func:`overview_columns`, :func:`facts`, :func:`blocks` and
:func:`side_by_side_rows` present that part on the comparison page and in its Word file
(:mod:`digigov.compare` assembles them through the method's hooks).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from libdigigov.results import Result

from ...tables import Marked, grid_table
from ...templates import esc
from ...templates.strings import t
from ...view import ResultsView
from . import strings  # noqa: F401  (registers the "sufficiency." strings)
from .configurations import configuration_memberships, configuration_title, configurations, literals, \
    nearest_configuration

__all__ = ["ConfigurationPosition", "position", "overview_columns", "facts", "blocks", "side_by_side_rows",
           "side_by_side_table_rows"]

_ROLE_ORDER = {"core": 0, "peripheral": 1}


@dataclass(frozen=True)
class ConfigurationPosition(Result):
    """Where one province stands among the configurations; see :func:`position`.

    Attributes
    ----------
    configurations : pandas.Series
        Membership in each configuration (minimum over its literals), by configuration id.
    belongs : tuple of str
        Configurations with membership > 0.5.
    nearest : str or None
        The configuration it does not belong to with the fewest unmet conditions, ties broken
        by the smallest total gap to the crossover; None when it belongs to all.
    lacks : pandas.DataFrame
        Unmet conditions of ``nearest``, core first then by gap: ``condition, role`` (core,
        peripheral), ``direction`` (build = should be present, reduce = should be absent),
        ``membership`` (of the condition), ``gap`` (distance to the crossover 0.5),
        ``controllable`` (bool, or None when the study does not say).
    """

    configurations: pd.Series = field(repr=False)
    belongs: tuple
    nearest: str | None
    lacks: pd.DataFrame = field(repr=False)

    _title = "Configurations"

    @property
    def focus(self) -> str | None:
        """The configuration it follows (of several, the highest membership), else the nearest."""
        if not self.belongs:
            return self.nearest
        conf = self.configurations
        return max(self.belongs, key=lambda c: (conf[c], -self.belongs.index(c)))

    def to_frame(self) -> pd.DataFrame:
        return self.lacks

    def _header(self) -> list[str]:
        return [f"belongs to: {', '.join(self.belongs) or 'no configuration'}",
                f"nearest configuration: {self.nearest or '-'}"]

    def _notes(self) -> list[str]:
        if not len(self.lacks):
            return []
        return ["to build: " + ", ".join(f"{r.condition} ({r.role}, {r.direction})" for r in self.lacks.itertuples())]

    def _dict(self) -> dict:
        return {"belongs": list(self.belongs), "nearest": self.nearest,
                "configurations": {str(k): v for k, v in self.configurations.items()},
                "lacks": self.lacks.to_dict(orient="records")}


def position(results, case: str) -> ConfigurationPosition:
    """The configurations ``case`` belongs to, the nearest other one and what it lacks for it.

    Examples
    --------
    >>> res = {"study": {"outcome": "Y", "conditions": ["A", "B"]},
    ...        "memberships": {"Zhejiang": {"Y": 0.9, "A": 0.8, "B": 0.3}},
    ...        "configurations": [{"id": "1", "core": {"present": ["A", "B"], "absent": []}}]}
    >>> pos = position(res, "Zhejiang")
    >>> pos.belongs, pos.nearest, list(pos.lacks["condition"]), round(float(pos.lacks["gap"].iloc[0]), 2)
    ((), '1', ['B'], 0.2)
    """
    view = ResultsView.of(results)
    m = view.memberships
    configs = configuration_memberships(view)
    conf = configs.loc[case] if len(configs.columns) else pd.Series(dtype=float)
    belongs = tuple(str(c) for c in conf.index if conf[c] > 0.5)
    lits_by_config = {str(c["id"]): literals(c) for c in configurations(view)}
    nearest, unmet = nearest_configuration(lits_by_config, m.loc[case], belongs)
    unmet.sort(key=lambda u: (_ROLE_ORDER[u[2]], -u[4]))
    controllable = view.study.get("controllable")
    lacks = pd.DataFrame([{"condition": c, "role": role, "direction": "build" if v else "reduce",
                           "membership": mem, "gap": gap,
                           "controllable": None if controllable is None else c in controllable}
                          for c, v, role, mem, gap in unmet],
                         columns=["condition", "role", "direction", "membership", "gap", "controllable"])
    return ConfigurationPosition(conf, belongs, nearest, lacks)


# ---------------------------------------------------------------- presentation
def _titles(view, ids, lang: str) -> list[str]:
    """``"组态 1（协调主导型）"`` for each id (the name when the results give one)."""
    by_id = {str(c.get("id")): c for c in configurations(view)}
    return [configuration_title(by_id.get(str(i), {"id": i}), lang) for i in ids]


def overview_columns(pos: ConfigurationPosition, lang: str) -> list[tuple[str, object]]:
    """Its columns of the overview table: configurations followed, the nearest, conditions missed."""
    return [(t(lang, "belongs_to"), ", ".join(pos.belongs) or "–"), (t(lang, "nearest_column"), pos.nearest or "–"),
            (t(lang, "missing_count"), len(pos.lacks))]


def facts(view, pos: ConfigurationPosition, lang: str) -> list[tuple[str, str]]:
    """Its rows of a province's key-facts table."""
    return [(t(lang, "belongs_to"), ", ".join(_titles(view, pos.belongs, lang)) or "–"),
            (t(lang, "nearest_other" if pos.belongs else "nearest"),
             ", ".join(_titles(view, [pos.nearest] if pos.nearest else [], lang)) or "–")]


def _action(row, lang: str) -> str:
    action = t(lang, "build") if row.direction == "build" else t(lang, "reduce")
    if row.controllable is False:
        action += f" ({t(lang, 'context')})"
    return action


def blocks(view, comp, pos: ConfigurationPosition, lang: str) -> list:
    """Its blocks of a province's section: membership in each configuration, what it lacks
    (tables of the table model, shown on the page and in the Word file, and HTML lines)."""
    out: list = [grid_table([[cid, float(v), t(lang, "yes") if cid in pos.belongs else t(lang, "no")]
                             for cid, v in pos.configurations.items()],
                            [t(lang, "configuration"), t(lang, "membership").capitalize(), t(lang, "member")],
                            caption=comp.caption(t(lang, "config_membership"), lang))]
    if not pos.belongs:
        out.append(f"<p>{esc(t(lang, 'belongs_none'))}</p>")
    if pos.nearest is None:
        return out
    out.append(f"<h3>{esc(t(lang, 'lacks'))}: {esc(_titles(view, [pos.nearest], lang)[0])}</h3>")
    out.append(f"<p class=\"note\">{esc(t(lang, 'nearest_note'))}</p>")
    if not len(pos.lacks):
        out.append(f"<p>{esc(t(lang, 'lacks_none'))}</p>")
        return out
    rows = [[view.label(r.condition, lang), t(lang, f"role_{r.role}"), _action(r, lang), r.membership, r.gap]
            for r in pos.lacks.itertuples()]
    out.append(grid_table(rows, [t(lang, "to_build"), t(lang, "role"), t(lang, "action"),
                                 t(lang, "membership").capitalize(), t(lang, "gap")],
                          caption=comp.caption(t(lang, "lacks"), lang)))
    return out


def side_by_side_rows(view, positions: list[ConfigurationPosition], lang: str) -> list[tuple[str, list]]:
    """Its rows of the side-by-side table: ``(label, one value per province)``.

    The configuration(s) followed (a province that follows none, beside one that does, is
    marked), the nearest (other) configuration and the conditions missing for it, core first.
    """
    if not configurations(view):
        return []
    followed = [", ".join(_titles(view, p.belongs, lang)) or t(lang, "sufficiency.follows_none") for p in positions]
    if any(p.belongs for p in positions):
        followed = [v if p.belongs else Marked(v) for v, p in zip(followed, positions)]
    nearest = [", ".join(_titles(view, [p.nearest], lang)) if p.nearest else "–" for p in positions]
    sep = t(lang, "sufficiency.missing_sep")
    missing = []
    for p in positions:
        items = [t(lang, "sufficiency.missing_item_context" if r.controllable is False else "sufficiency.missing_item",
                   cond=view.label(r.condition, lang), role=t(lang, f"role_{r.role}"),
                   action=t(lang, "build") if r.direction == "build" else t(lang, "reduce"))
                 for r in p.lacks.itertuples()]
        missing.append(sep.join(items) if items else ("–" if p.nearest is None else t(lang, "sufficiency.missing_none")))
    return [(t(lang, "sufficiency.row_follows"), followed), (t(lang, "sufficiency.row_nearest"), nearest),
            (t(lang, "sufficiency.row_missing"), missing)]


def side_by_side_table_rows(view, comparisons, name: str, lang: str) -> list[tuple[str, list]]:
    """:func:`side_by_side_rows` of the compared provinces (their part under ``name``)."""
    positions = [c.parts.get(name) for c in comparisons]
    return [] if any(p is None for p in positions) else side_by_side_rows(view, positions, lang)

