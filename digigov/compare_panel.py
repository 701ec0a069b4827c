"""Province comparison of a panel study: the latest period, and a year-over-year view.

:func:`panel_view` turns the results of a panel study into those of its latest period (cases
are then provinces), so that :func:`digigov.compare.compare_provinces` compares provinces as in a
one-year study. :func:`year_over_year` gives, for one province, its membership in the outcome
and in every configuration in each period; :func:`add_year_over_year` appends a section with
that table and a small line chart per compared province to the comparison page.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from .figures import FigureSpec, configuration_memberships, memberships_frame, render, var_label
from .templates import esc, figure, html_table

__all__ = ["panel_view", "year_over_year", "add_year_over_year", "TEXT"]

TEXT = {
    "en": {"title": "Year over year", "intro": "Membership of each compared province in the outcome and in every "
           "configuration, period by period (pooled calibration unless the study says per_period). The rest of "
           "this page describes the latest period, {last}.",
           "chart": "{name}: memberships by {period}", "configuration": "configuration", "membership": "membership"},
    "zh": {"title": "逐年变化", "intro": "各省在结果与各构型中的逐期隶属度（除非研究设定 per_period，校准为合并校准）。"
           "本页其余部分描述最近一期：{last}。",
           "chart": "{name}：各{period}隶属度", "configuration": "构型", "membership": "隶属度"},
}


def panel_view(results: Mapping) -> Mapping:
    """The results of the latest period of a panel, cases named by unit; other results unchanged.

    Examples
    --------
    >>> res = {"panel": {"unit": "province", "period": "year", "periods": ["2020", "2021"],
    ...        "cases": {"Hubei 2020": {"province": "Hubei", "year": "2020"},
    ...                  "Hubei 2021": {"province": "Hubei", "year": "2021"}}},
    ...        "memberships": {"Hubei 2020": {"Y": 0.2}, "Hubei 2021": {"Y": 0.7}}}
    >>> panel_view(res)["memberships"]
    {'Hubei': {'Y': 0.7}}
    """
    panel = results.get("panel")
    if not panel:
        return results
    last = panel["periods"][-1]
    cases = panel["cases"]
    view = dict(results)
    for key in ("memberships", "raw"):
        if key in results:
            view[key] = {cases[c][panel["unit"]]: v for c, v in results[key].items()
                         if cases[c][panel["period"]] == last}
    return view


def year_over_year(results: Mapping, case: str) -> pd.DataFrame:
    """Periods x (outcome, configurations) memberships of one unit of a panel study."""
    panel = results["panel"]
    m = memberships_frame(results)
    conf = configuration_memberships(results)
    outcome = results["study"]["outcome"]
    rows = [c for c in m.index if panel["cases"][c][panel["unit"]] == case]
    frame = pd.concat([m.loc[rows, [outcome]], conf.loc[rows]], axis=1)
    frame.index = [panel["cases"][c][panel["period"]] for c in rows]
    frame.index.name = panel["period"]
    return frame.reindex(panel["periods"])


def _chart(results, table: pd.DataFrame, title: str, lang: str) -> FigureSpec:
    def draw():
        import matplotlib.pyplot as plt

        outcome = results["study"]["outcome"]
        fig, ax = plt.subplots(figsize=(6.0, 3.2), layout="constrained")
        for col in table.columns:
            label = var_label(results, col, lang) if col == outcome else f"{TEXT[lang]['configuration']} {col}"
            ax.plot(range(len(table)), table[col], marker="o", lw=2.2 if col == outcome else 1.2, label=label)
        ax.axhline(0.5, color="0.4", lw=0.8, ls=":")
        ax.set_xticks(range(len(table)), list(table.index))
        ax.set_ylim(0, 1)
        ax.set_ylabel(TEXT[lang]["membership"])
        ax.set_title(title, fontsize=9.5, loc="left")
        ax.legend(fontsize=7, frameon=False, loc="center left", bbox_to_anchor=(1.0, 0.5))
        ax.spines[["top", "right"]].set_visible(False)
        return fig

    return FigureSpec("compare_yoy", "compare", title, draw)


def add_year_over_year(html: str, results: Mapping, comparisons: Sequence, lang: str | None = None) -> str:
    """The comparison page with a year-over-year section added (unchanged for a non-panel study)."""
    panel = results.get("panel")
    if not panel:
        return html
    lang = lang if lang in TEXT else (results.get("study", {}).get("language") or "zh")
    tx = TEXT[lang]
    out = [f"<section class=\"province\" id=\"year-over-year\"><h2>{esc(tx['title'])}</h2>",
           f"<p class=\"note\">{esc(tx['intro'].format(last=panel['periods'][-1]))}</p>"]
    outcome = results["study"]["outcome"]
    for comp in comparisons:
        table = year_over_year(results, comp.case)
        name = comp.name(lang)
        out.append(f"<h3>{esc(name)}</h3>")
        header = [panel["period"], var_label(results, outcome, lang),
                  *(f"{tx['configuration']} {c}" for c in table.columns[1:])]
        out.append(html_table([[p, *row] for p, row in zip(table.index, table.itertuples(index=False))], header,
                              caption=f"{name}：{tx['title']}" if lang == "zh" else f"{name}: {tx['title']}"))
        spec = _chart(results, table, tx["chart"].format(name=name, period=panel["period"]), lang)
        out.append(figure(render(spec)["png"], spec.caption, fig_id=f"yoy-{comp.case}"))
    out.append("</section>")
    return html.replace("\n</body>", "\n" + "".join(out) + "\n</body>", 1)
