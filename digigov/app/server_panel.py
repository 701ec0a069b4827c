"""The pooled view of a panel study in the workbench: its tables by period, region and unit.

In the pooled view (every unit-period a case) the Solutions step shows what ``digigov run``
adds for a panel study, computed by the pipeline's own code on the workbench's analysis
(:func:`digigov.app.studyio.pooled_rerun`): the report's panel sections (the solution and
each configuration by period with the change over time, the regions, the units least
consistent over time), the report's panel figures one at a time (the unit x period membership
of each configuration: which provinces follow it over the years), and every panel table of
``tables/`` as ``digigov run`` writes it. The Maps step shows one period of the pooled
analysis, chosen there; the province comparison compares provinces across the periods.
"""
from __future__ import annotations

import base64
from html import escape

from shiny import reactive, render, ui

from . import bridge, panelview, studyio, views
from .strings import t

__all__ = ["register"]

#: Rows of a long table shown before it scrolls (every row is there).
SCROLL_ROWS = 40


def full_tables_html(rerun, lang: str) -> str:
    """Every panel table as ``digigov run`` writes it, each folded under its caption and file name."""
    out = []
    for caption, name, frame, index in panelview.full_tables(rerun, lang):
        style = " style='max-height:24em;overflow:auto'" if len(frame) > SCROLL_ROWS else ""
        body = frame.to_html(classes="table table-sm dg-table dg-panel-csv", float_format=lambda v: f"{v:.3f}",
                             index=index)
        out.append(f"<details data-file='{escape(name)}'><summary>{escape(caption)} <code>tables/{escape(name)}"
                   f"</code> ({len(frame)})</summary><div{style}>{body}</div></details>")
    return "".join(out)


def register(input, output, session, *, wb, analysis, current_lang):
    """Wire the pooled view's outputs; returns the calc of the pooled view's rerun (None outside it)."""

    @reactive.calc
    def attempt():
        """(the pooled view's rerun or None, the message of what stopped it or None)."""
        cur = wb()
        if not panelview.in_pooled_view(cur):
            return None, None
        try:
            return studyio.pooled_rerun(cur, analysis()), None
        except Exception as exc:   # noqa: BLE001 - shown in the page, the rest of it keeps working
            return None, f"{type(exc).__name__}: {exc}" if not isinstance(exc, ValueError) else str(exc)

    def pooled():
        return attempt()[0]

    @render.ui
    def panel_periods():
        (rr, problem), cur = attempt(), wb()
        if problem:
            return ui.HTML(views.message_html(problem, "warning"))
        if rr is None:
            return None
        lang = current_lang()
        captions = bridge.figure_captions(rr, lang)
        figure = ui.TagList()
        if captions:
            figure = ui.TagList(ui.input_select("panel_fig", t("panel_figure", lang),
                                                {str(i): c for i, c in enumerate(captions)},
                                                selected=str(min(1, len(captions) - 1))),
                                ui.output_ui("panel_fig_out"))
        return ui.card(
            ui.card_header(t("by_period", lang)),
            ui.p(panelview.pooled_periods(cur, lang), class_="dg-pooled-periods"),
            ui.HTML(f"<div class='dg-panel-tables dg-by-period'>{bridge.sections_html(rr, lang)}</div>"),
            figure,
            ui.HTML(f"<h6 class='mt-3'>{escape(t('panel_tables', lang))}</h6>"
                    f"<div class='dg-panel-files'>{full_tables_html(rr, lang)}</div>"))

    @render.ui
    def panel_fig_out():
        rr = pooled()
        choice = input.panel_fig()
        if rr is None or choice is None:
            return None
        lang = current_lang()
        captions = bridge.figure_captions(rr, lang)
        i = int(choice)
        if not 0 <= i < len(captions):
            return None
        png = base64.b64encode(bridge.figure_png(rr, i, lang)).decode("ascii")
        return ui.HTML(f"<figure class='dg-panel-figure'><img src='data:image/png;base64,{png}' "
                       f"alt='{escape(captions[i])}' style='max-width:100%'><figcaption>{escape(captions[i])}"
                       "</figcaption></figure>")

    @render.ui
    def map_period_ui():
        cur = wb()
        if not panelview.pooled_provinces(cur):
            return None
        ps = panelview.periods(cur)
        return ui.input_select("map_period", t("map_period", current_lang()), {p: p for p in ps}, selected=ps[-1])

    return pooled
