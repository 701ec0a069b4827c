"""The geographical detector's part of the province comparison: the strategy ranking of the
configuration a province follows (of several, the one with the highest membership), or of the
nearest one when it follows none (the sufficiency part says which: ``focus``), and its row of
the side-by-side table: that configuration's strongest strategy, stated with the one rule and
the support the report's findings use (:func:`digigov.methods.geodetector.report.strategy_statement`)."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from libdigigov.results import Result

from ...tables import grid_table
from ...templates import esc
from ...templates.strings import t
from .report import strategy_statement

__all__ = ["StrategyRanking", "strategy_ranking", "blocks", "side_by_side_rows"]

_COLUMNS = ["configuration", "rank", "auxiliary", "q"]


@dataclass(frozen=True)
class StrategyRanking(Result):
    """The ranked auxiliary conditions of one configuration for one province.

    Attributes
    ----------
    ranking : pandas.DataFrame
        ``configuration, rank, auxiliary, q``, best first (empty when the configuration has
        no ranking).
    followed : bool
        Whether the province follows that configuration (else it is the nearest one).
    configuration : str or None
        Its id (None: the province follows none and no other is near, or no configuration).
    """

    ranking: pd.DataFrame = field(repr=False)
    followed: bool = False
    configuration: str | None = None

    _title = "Strategy ranking"

    def to_frame(self) -> pd.DataFrame:
        return self.ranking

    def _dict(self) -> dict:
        return {"ranking": self.ranking.to_dict(orient="records")}


def strategy_ranking(results, focus: str | None, followed: bool) -> StrategyRanking:
    """The strategy ranking of configuration ``focus`` from ``results["geodetector"]``.

    Examples
    --------
    >>> res = {"geodetector": {"strategies": [{"configuration": "1", "ranking": [
    ...     {"auxiliary": "B", "q": 0.4, "rank": 2}, {"auxiliary": "C", "q": 0.6, "rank": 1}]}]}}
    >>> list(strategy_ranking(res, "1", True).ranking["auxiliary"])
    ['C', 'B']
    >>> len(strategy_ranking(res, None, False).ranking)
    0
    """
    strategies = {str(s.get("configuration")): s for s in (results.get("geodetector") or {}).get("strategies") or []}
    strat = strategies.get(focus) or {}
    ranking = pd.DataFrame([{"configuration": focus, "rank": r["rank"], "auxiliary": r["auxiliary"], "q": r.get("q")}
                            for r in sorted(strat.get("ranking") or [], key=lambda r: r["rank"])], columns=_COLUMNS)
    return StrategyRanking(ranking, followed, focus)


def blocks(view, comp, part: StrategyRanking, lang: str) -> list:
    """Its blocks of a province's section: the heading, the ranking table and how to read it."""
    if not len(part.ranking):
        return []
    cid = part.ranking["configuration"].iloc[0]
    key = "strategies_followed" if part.followed else "strategies_for"
    return [f"<h3 id=\"strategies-{esc(comp.case)}\">{esc(t(lang, key, id=cid))}</h3>",
            grid_table([[r.rank, view.label(r.auxiliary, lang), r.q] for r in part.ranking.itertuples()],
                       [t(lang, "rank"), t(lang, "auxiliary"), t(lang, "q")],
                       caption=comp.caption(t(lang, key, id=cid), lang)),
            f"<p class=\"note\">{esc(t(lang, 'strategy_note'))}</p>"]


def side_by_side_rows(view, parts: list, lang: str) -> list[tuple[str, list]]:
    """Its row of the side-by-side table: the strongest strategy of each province's configuration."""
    if not (view.get("geodetector") or {}).get("strategies") or not any(p.configuration for p in parts):
        return []
    by_id = {str(c.get("id")): c for c in view.configurations}
    values = []
    for p in parts:
        line = strategy_statement(view, p.configuration, lang) if p.configuration else None
        title = view.configuration_title(by_id.get(p.configuration, {"id": p.configuration}), lang) if line else ""
        values.append(f"{title}{'：' if lang == 'zh' else ': '}{line}" if line else "–")
    return [(t(lang, "row_strategy"), values)]
