"""Province comparison of a panel study: the year-over-year view of each compared province.

(The comparison itself describes the latest period: :func:`digigov.view.latest_period`.)
:func:`year_over_year` gives, for one province, its membership in the outcome and in every
configuration in each period; :func:`year_over_year_html` is the comparison page's section
with that table and a small line chart per compared province.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from ...figures import FigureSpec, render, synthetic_stamp
from ...tables import Table, grid_table, to_html
from ...templates import esc, figure
from ...templates.strings import t
from ...view import ResultsView
from .figures import period_name

__all__ = ["year_over_year", "year_over_year_blocks", "year_over_year_html"]

def year_over_year(results: Mapping, case: str) -> pd.DataFrame:
    """Periods x (outcome, configurations) memberships of one unit of a panel study."""
    panel = results["panel"]
    view = ResultsView.of(results)
    m, conf = view.memberships, view.configuration_memberships
    outcome = results["study"]["outcome"]
    rows = [c for c in m.index if panel["cases"][c][panel["unit"]] == case]
    frame = pd.concat([m.loc[rows, [outcome]], conf.loc[rows]], axis=1)
    frame.index = [panel["cases"][c][panel["period"]] for c in rows]
    frame.index.name = panel["period"]
    return frame.reindex(panel["periods"])


def _chart(results, table: pd.DataFrame, title: str, lang: str) -> FigureSpec:
    results = ResultsView.of(results)
    def draw():
        import matplotlib.pyplot as plt

        outcome = results["study"]["outcome"]
        fig, ax = plt.subplots(figsize=(6.0, 3.2), layout="constrained")
        for col in table.columns:
            label = results.label(col, lang) if col == outcome else f"{t(lang, 'panel.configuration')} {col}"
            ax.plot(range(len(table)), table[col], marker="o", lw=2.2 if col == outcome else 1.2, label=label)
        ax.axhline(0.5, color="0.4", lw=0.8, ls=":")
        ax.set_xticks(range(len(table)), list(table.index))
        ax.set_ylim(0, 1)
        ax.set_ylabel(t(lang, "panel.membership"))
        ax.set_title(title, fontsize=9.5, loc="left")
        ax.legend(fontsize=7, frameon=False, loc="center left", bbox_to_anchor=(1.0, 0.5))
        ax.spines[["top", "right"]].set_visible(False)
        return fig

    return FigureSpec("compare_yoy", "compare", title, draw, stamp=synthetic_stamp(results, lang))


def year_over_year_blocks(results, comparisons: Sequence, lang: str) -> list:
    """The comparison's year-over-year section as blocks: per province a table of the table
    model (on the page and in the Word file) and its chart (HTML, the page only); ``[]`` for a
    study without a panel."""
    panel = results.get("panel")
    if not panel:
        return []
    out: list = [f"<section class=\"province\" id=\"year-over-year\"><h2>{esc(t(lang, 'panel.yoy_title'))}</h2>"
                 f"<p class=\"note\">{esc(t(lang, 'panel.yoy_intro', last=panel['periods'][-1]))}</p>"]
    outcome = results["study"]["outcome"]
    period = period_name(results, lang)
    for comp in comparisons:
        table = year_over_year(results, comp.case)
        name = comp.name(lang)
        out.append(f"<h3>{esc(name)}</h3>")
        header = [period, results.label(outcome, lang),
                  *(f"{t(lang, 'panel.configuration')} {c}" for c in table.columns[1:])]
        title = t(lang, "panel.yoy_title")
        out.append(grid_table([[p, *row] for p, row in zip(table.index, table.itertuples(index=False))], header,
                              caption=f"{name}：{title}" if lang == "zh" else f"{name}: {title}"))
        spec = _chart(results, table, t(lang, "panel.yoy_chart", name=name, period=period), lang)
        out.append(figure(render(spec)["png"], spec.caption, fig_id=f"yoy-{comp.case}"))
    out.append("</section>")
    return out


def year_over_year_html(results, comparisons: Sequence, lang: str) -> str:
    """The comparison page's year-over-year section ("" for a study without a panel)."""
    return "".join(to_html(b) if isinstance(b, Table) else b for b in year_over_year_blocks(results, comparisons, lang))
