"""The workbench page: one tab per step of a study, every label in both languages.

Each visible text is a ``<span data-i18n="key">``: the language switch swaps them in the browser
(``static/app.js``) from the catalogue in :mod:`digigov.app.strings`, without a reload, so that
nothing the user entered is lost.
"""
from __future__ import annotations

import json
from pathlib import Path

from htmltools import HTMLDependency
from shiny import ui

from .strings import catalogue, t

__all__ = ["page", "STATIC", "dg_range", "tx"]

STATIC = Path(__file__).resolve().parent / "static"


def tx(key: str, lang: str, tag: str = "span"):
    """A translatable text: the page's language switch rewrites it in place."""
    return ui.tags.span(t(key, lang), data_i18n=key) if tag == "span" else getattr(ui.tags, tag)(
        t(key, lang), data_i18n=key)


def dg_range(id: str, key: str, lang: str, min: float, max: float, step: float | None, value: float,
             live: bool = False):
    """A range slider that sends its value on release at once (no debounce), showing it while it moves.

    ``live`` sliders also send while moving, at most every 150 ms (the calibration curve follows the anchor).
    """
    return ui.div(
        ui.tags.label(tx(key, lang), " ", ui.tags.output(f"{value:g}", class_="dg-range-value", for_=id),
                      for_=id),
        ui.tags.input(type="range", id=id, class_="form-range dg-range" + (" dg-live" if live else ""), min=f"{min:g}", max=f"{max:g}",
                      step="any" if step is None else f"{step:g}", value=f"{value:g}"),
        class_="dg-range-wrap mb-2")


def _dependency() -> HTMLDependency:
    return HTMLDependency("digigov-app", "0.1", source={"subdir": str(STATIC)},
                          script={"src": "app.js"}, stylesheet={"href": "app.css"})


def _panel(key: str, value: str, lang: str, *children):
    return ui.nav_panel(tx(key, lang), *children, value=value)


def page(lang: str = "en", selected: str = "data"):
    """The whole page in ``lang``, opened on the step ``selected``."""
    lang_switch = ui.input_radio_buttons("lang", None, {"en": "English", "zh": "中文"}, selected=lang, inline=True)
    cal_choices = {"percentile": tx("percentile", lang), "raw": tx("raw", lang)}
    data = _panel("data", "data", lang, ui.layout_columns(
        ui.card(ui.input_action_button("load_example", tx("load_example", lang), class_="btn-primary"),
                ui.p(tx("example_hint", lang), class_="small text-muted"),
                ui.input_action_button("load_lf", tx("load_lf", lang), class_="btn-sm btn-outline-primary"),
                ui.p(tx("lf_hint", lang), class_="small text-muted"),
                ui.input_action_button("load_panel", tx("load_panel", lang), class_="btn-sm btn-outline-primary"),
                ui.output_ui("panel_box"),
                ui.input_file("upload", tx("upload", lang), accept=[".csv", ".txt", ".tsv"]),
                ui.p(tx("upload_hint", lang), class_="small text-muted"),
                ui.input_select("case_col", tx("case_col", lang), []),
                ui.input_select("outcome", tx("outcome", lang), []),
                ui.input_selectize("conditions", tx("conditions", lang), [], multiple=True)),
        ui.card(ui.card_header(tx("preview", lang)), ui.output_ui("data_info"), ui.output_ui("data_preview")),
        col_widths=(4, 8)))
    calibration = _panel("calibration", "calibration", lang, ui.layout_columns(
        ui.card(ui.input_select("cal_var", tx("variable", lang), []),
                ui.input_radio_buttons("cal_scale", tx("anchor_scale", lang), cal_choices, inline=True),
                ui.input_select("cal_cross", tx("crossover_kind", lang),
                                {"mean": t("mean", lang), "median": t("median", lang), "slider": t("slider", lang)}),
                ui.output_ui("cal_sliders"),
                ui.input_action_button("cal_all", tx("anchors_all", lang), class_="btn-sm btn-outline-secondary")),
        ui.card(ui.output_plot("cal_plot", height="360px"), ui.output_ui("cal_warn")),
        col_widths=(4, 8)),
        ui.card(ui.card_header(tx("cal_table", lang)), ui.output_ui("cal_table")))
    necessity = _panel("necessity", "necessity", lang, ui.layout_columns(
        ui.card(ui.card_header(tx("necessity_table", lang)), ui.output_ui("nec_table")),
        ui.card(ui.card_header(tx("nca", lang)), ui.input_select("nca_var", tx("variable", lang), []),
                ui.output_plot("nca_plot", height="420px"),
                ui.layout_columns(ui.input_numeric("nca_reps", tx("nca_reps", lang), 1000, min=1, max=10_000_000),
                                  ui.input_numeric("nca_seed", tx("nca_seed", lang), 1, min=0), col_widths=(6, 6)),
                ui.div(ui.input_action_button("nca_test", tx("nca_test", lang), class_="btn-sm btn-outline-primary"),
                       ui.input_action_button("nca_cancel", tx("cancel", lang), class_="btn-sm btn-outline-danger"),
                       class_="d-flex gap-2"),
                ui.p(tx("nca_test_hint", lang), class_="small text-muted"),
                ui.output_ui("nca_status"), ui.output_ui("nca_table")),
        col_widths=(6, 6)))
    truth = _panel("truth", "truth", lang, ui.layout_columns(
        ui.card(dg_range("incl_cut", "incl_cut", lang, 0.5, 1.0, 0.01, 0.8),
                dg_range("pri_cut", "pri_cut", lang, 0.0, 1.0, 0.01, 0.5),
                dg_range("n_cut", "n_cut", lang, 1, 5, 1, 1),
                ui.p(tx("legend_tt", lang), class_="small text-muted"),
                ui.output_ui("sol_pars")),
        ui.card(ui.output_ui("tt_table"),
                ui.div(ui.input_action_button("sens_run", tx("sensitivity", lang), class_="btn-sm btn-outline-primary"),
                       ui.input_action_button("sens_cancel", tx("cancel", lang), class_="btn-sm btn-outline-danger"),
                       class_="d-flex gap-2"),
                ui.output_ui("sens_status"), ui.output_ui("sens_table"),
                ui.div(ui.input_action_button("rob_run", tx("rob_run", lang), class_="btn-sm btn-outline-primary"),
                       ui.input_action_button("rob_cancel", tx("cancel", lang), class_="btn-sm btn-outline-danger"),
                       class_="d-flex gap-2 mt-2"),
                ui.output_ui("rob_status"), ui.output_ui("rob_table")),
        col_widths=(4, 8)))
    solutions = _panel("solutions", "solutions", lang, ui.layout_columns(
        ui.card(ui.card_header(tx("dir_exp", lang)), ui.output_ui("dir_exp_ui")),
        ui.card(ui.output_ui("solutions")),
        col_widths=(3, 9)),
        ui.card(ui.card_header(tx("config_table", lang)), ui.output_ui("config_table")),
        ui.output_ui("panel_periods"),
        ui.layout_columns(
            ui.card(ui.card_header(tx("xy", lang)), ui.input_select("xy_term", None, []),
                    ui.output_plot("xy_plot", height="460px")),
            ui.card(ui.card_header(tx("pi_chart", lang)), ui.output_ui("pi_chart")),
            col_widths=(6, 6)))
    geo = _panel("geo", "geo", lang, ui.card(
        ui.input_numeric("geo_k", tx("geo_k", lang), 3, min=2, max=8),
        ui.input_action_button("geo_run", tx("geo_run", lang), class_="btn-primary"),
        ui.output_ui("geo_out"), ui.output_plot("geo_plot", height="460px")))
    maps = _panel("maps", "maps", lang, ui.card(ui.input_select("map_var", tx("map_var", lang), []),
                                                  ui.output_ui("map_period_ui"),
                                                  ui.output_ui("map_note"), ui.output_plot("map_plot", height="560px")))
    compare = _panel("compare", "compare", lang, ui.layout_columns(
        ui.card(ui.input_selectize("compare_pick", tx("compare_pick", lang), [], multiple=True,
                                   options={"maxItems": 4}),
                ui.output_ui("compare_status"),
                ui.input_action_button("compare_build", tx("compare_page", lang), class_="btn-primary"),
                ui.input_action_button("compare_cancel", tx("cancel", lang), class_="btn-outline-danger"),
                ui.output_ui("compare_links")),
        ui.card(ui.output_ui("compare_table"), ui.output_plot("compare_map", height="460px")),
        col_widths=(4, 8)))
    teach = _panel("teach", "teach", lang, ui.card(ui.p(tx("teach_intro", lang)), ui.output_ui("teach")))
    study = _panel("study", "study", lang, ui.layout_columns(
        ui.card(ui.output_ui("save_area"),
                ui.p(tx("save_hint", lang), class_="small text-muted"),
                ui.input_file("open", tx("open", lang), multiple=True, accept=[".zip", ".yaml", ".yml", ".csv"]),
                ui.hr(),
                ui.input_action_button("run_study", tx("run_study", lang), class_="btn-primary"),
                ui.p(tx("run_study_hint", lang), class_="small text-muted"),
                ui.input_action_button("run_cancel", tx("cancel", lang), class_="btn-outline-danger btn-sm"),
                ui.output_ui("run_status"), ui.output_ui("run_links")),
        ui.card(ui.card_header(tx("study_preview", lang)), ui.output_ui("study_yaml")),
        col_widths=(4, 8)))
    head = ui.TagList(_dependency(), ui.tags.script(json.dumps(catalogue(), ensure_ascii=False),
                                                    type="application/json", id="dg-i18n"))
    return ui.page_navbar(
        data, calibration, necessity, truth, solutions, geo, maps, compare, teach, study,
        ui.nav_spacer(), ui.nav_control(lang_switch),
        title=tx("app_title", lang), id="step", selected=selected, lang=lang,
        header=ui.div(head, ui.output_ui("message"), class_="dg-header"),
        window_title="digigov workbench")
