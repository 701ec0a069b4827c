"""The workbench's server: one :class:`~digigov.app.model.Workbench` per browser session.

Every input changes the session's workbench (a new immutable one); the results are recomputed
from it with :func:`digigov.app.model.analyse` and drawn by :mod:`digigov.app.views` and
:mod:`digigov.app.plots`. An input that cannot be used puts a message at the top of the page and
leaves the workbench as it was: the app keeps running and nothing the user entered is lost.
"""
from __future__ import annotations

import traceback
from functools import lru_cache

import yaml
from shiny import App, reactive, render, ui

from . import datain, model, panelview, studyio, views
from .layout import STATIC, page
from .strings import t

__all__ = ["make_app"]

CUTS = ("incl_cut", "pri_cut", "n_cut")


def _user_message(exc: Exception) -> str:
    if isinstance(exc, ValueError):
        return str(exc)
    return f"unexpected error ({type(exc).__name__}: {exc}); the app keeps running"


def make_app(*, example: bool = False, lang: str = "en", debug: bool = False) -> App:
    """The Shiny app; ``example`` opens every session with the bundled example on its truth table."""

    @lru_cache(maxsize=4)
    def built(page_lang: str, selected: str):
        # the page depends on these two only: built once each, not at every page load
        return page(page_lang, selected)

    def app_ui(request):
        q = request.query_params
        page_lang = q.get("lang") if q.get("lang") in ("en", "zh") else lang
        with_example = example or q.get("example") == "1"
        return built(page_lang, "truth" if with_example else "data")

    def server(input, output, session):
        # every value is named: Shiny otherwise infers the name from the call stack, a tenth of
        # a second each at every session's start (benchmarks/APP.md)
        wb = reactive.value(None, name="wb")
        uploaded = reactive.value(None, name="uploaded")  # the last table uploaded (to re-read it with another case column)
        version = reactive.value(0, name="version")      # a new data set or study: inputs that mirror settings redraw
        conditions = reactive.value((), name="conditions")  # the chosen conditions, changed only when they change
        message = reactive.value(None, name="message")   # (kind, text)
        extras = {}
        from . import server_compare, server_extra, server_long, server_panel

        def fail(where: str, exc: Exception):
            if debug or not isinstance(exc, ValueError):
                traceback.print_exc()
            message.set(("danger", f"{where}: {_user_message(exc)}"))

        def current_lang() -> str:
            return input.lang() if input.lang() in ("en", "zh") else "en"

        def set_workbench(new: model.Workbench, note: str | None = None):
            """Install a new workbench and push its settings into the inputs."""
            wb.set(new)
            with reactive.isolate():
                version.set(version() + 1)
            conditions.set(tuple(new.conditions))
            cols = list(new.data.columns)
            ui.update_select("outcome", choices=cols, selected=new.outcome)
            ui.update_selectize("conditions", choices=[c for c in cols], selected=list(new.conditions))
            _update_vars(new)
            for key in CUTS:
                session.send_input_message(key, {"value": getattr(new, key)})
            if new.skipped:
                message.set(("warning", "; ".join(new.skipped)))
            else:
                message.set(("info", note) if note else None)

        def _update_vars(new: model.Workbench):
            variables = [*new.conditions, new.outcome]
            ui.update_select("cal_var", choices=variables, selected=variables[0] if variables else None)
            ui.update_select("nca_var", choices=list(new.conditions))
            ui.update_select("map_var", choices=variables, selected=new.outcome)

        # ------------------------------------------------------------------ data in
        @reactive.effect
        @reactive.event(input.load_example)
        def _load_example():
            try:
                set_workbench(studyio.example_workbench())
            except Exception as exc:   # noqa: BLE001 - shown in the page, the session goes on
                fail(t("load_example", "en"), exc)

        @reactive.effect
        @reactive.event(input.load_lf)
        def _load_lf():
            try:
                set_workbench(studyio.classic_workbench("LF"))
            except Exception as exc:   # noqa: BLE001
                fail("LF", exc)

        @reactive.effect
        @reactive.event(input.load_panel)
        def _load_panel():
            try:
                from .bridge import example_panel_path

                new = studyio.workbench_from_study(example_panel_path(), source="example panel")
                set_workbench(new)
            except Exception as exc:   # noqa: BLE001
                fail(t("load_panel", "en"), exc)

        @render.ui
        def panel_box():
            version()
            lang = current_lang()
            with reactive.isolate():
                cur = wb()
            if cur is None or not cur.panel:
                return None
            pooled = {panelview.POOLED: t("pooled", lang)} if panelview.pooled_offered(cur) else {}
            choices = {**pooled, **{p: p for p in panelview.periods(cur)}}
            return ui.TagList(ui.input_select("panel_view", t("panel_view", lang), choices, selected=cur.panel["view"]),
                              ui.p(panelview.describe(cur, lang), class_="small dg-panel-note"))

        @reactive.effect
        @reactive.event(input.panel_view, ignore_init=True)
        def _panel_view():
            cur, view = wb(), input.panel_view()
            if cur is None or not cur.panel or not view or view == cur.panel["view"]:
                return
            try:
                set_workbench(panelview.select_view(cur, view))
            except Exception as exc:   # noqa: BLE001
                ui.update_select("panel_view", selected=cur.panel["view"])   # the selector says what is shown
                fail(view, exc)

        if example:
            @reactive.effect
            def _start_with_example():
                with reactive.isolate():
                    if wb() is None:
                        set_workbench(studyio.example_workbench())

        @reactive.effect
        @reactive.event(input.upload)
        def _upload():
            files = input.upload()
            if not files:
                return
            f = files[0]
            try:
                table, case_col, skipped = datain.load_table(f["datapath"], name=f["name"])
                set_workbench(datain.workbench_from_table(table, case_col, f["name"], skipped))
            except Exception as exc:   # noqa: BLE001
                fail(f["name"], exc)
                return
            uploaded.set(f)
            try:
                from libdigigov.io import read_table

                choices = datain.case_column_candidates(read_table(f["datapath"], error=ValueError))
            except ValueError:
                choices = [case_col]
            ui.update_select("case_col", choices=choices, selected=case_col)

        @reactive.effect
        @reactive.event(input.case_col, ignore_init=True)
        def _case_col():
            f, cur, col = uploaded(), wb(), input.case_col()
            if f is None or cur is None or not col or cur.source != f["name"] or col == cur.case_column:
                return
            try:
                table, case_col, skipped = datain.load_table(f["datapath"], name=f["name"], case_column=col)
                set_workbench(datain.workbench_from_table(table, case_col, f["name"], skipped))
            except Exception as exc:   # noqa: BLE001
                fail(f["name"], exc)

        @reactive.effect
        @reactive.event(input.open)
        def _open():
            files = input.open()
            if not files:
                return
            try:
                set_workbench(studyio.open_study([(f["name"], f["datapath"]) for f in files]),
                              note=f"opened {', '.join(f['name'] for f in files)}")
            except Exception as exc:   # noqa: BLE001
                fail(", ".join(f["name"] for f in files), exc)

        # ------------------------------------------------------------------ choices
        @reactive.effect
        @reactive.event(input.outcome, input.conditions)
        def _variables():
            cur = wb()
            if cur is None:
                return
            outcome = input.outcome()
            conds = tuple(c for c in (input.conditions() or ()) if c != outcome)
            if not outcome or (outcome == cur.outcome and conds == cur.conditions):
                return
            if not conds:
                message.set(("warning", t("need_condition", current_lang())))
                return
            if len(conds) > 12:
                message.set(("warning", f"{len(conds)} conditions make {2 ** len(conds)} truth-table rows; "
                                        "choose 12 or fewer"))
                return
            new = cur.with_(outcome=outcome, conditions=conds)
            wb.set(new)
            conditions.set(conds)
            if outcome in (input.conditions() or ()):
                ui.update_selectize("conditions", selected=list(conds))   # the outcome is not also a condition
            _update_vars(new)
            message.set(None)

        for key in CUTS:
            def _make(key=key):
                @reactive.effect
                @reactive.event(getattr(input, key))
                def _cut():
                    cur = wb()
                    value = getattr(input, key)()
                    if cur is None or value is None:
                        return
                    value = int(round(value)) if key == "n_cut" else round(float(value), 6)
                    if value != getattr(cur, key):
                        wb.set(cur.with_(**{key: value}))
            _make()

        @reactive.calc
        def analysis() -> model.Analysis:
            cur = wb()
            if cur is None:
                return model.Analysis(error=None)
            return model.analyse(cur, current_lang())

        # Slow figures (XY plot, maps, NCA, calibration curve) depend on these two values, replaced
        # only when their content changes: moving a cut-off or a directional expectation redraws
        # the tables, not the figures.
        memberships = reactive.value(None, name="memberships")
        variables = reactive.value(None, name="variables")     # (data, outcome, conditions)

        @reactive.effect
        def _stable():
            a, cur = analysis(), wb()
            with reactive.isolate():
                if a.memberships is not memberships():
                    memberships.set(a.memberships)
                key = None if cur is None else (cur.data, cur.outcome, cur.conditions)
                old = variables()
                if key is None or old is None or old[0] is not key[0] or old[1:] != key[1:]:
                    variables.set(key)

        # ------------------------------------------------------------------ outputs
        @output(id="message")
        @render.ui
        def _message():
            m = message()
            a = analysis()
            parts = []
            if m:
                parts.append(views.message_html(m[1], m[0], t("error", current_lang()) if m[0] == "danger" else None))
            if a.error:
                parts.append(views.message_html(a.error, "warning"))
            shown = panelview.describe(wb(), current_lang()) if wb() is not None else None
            if shown:
                # which part of a panel is analysed stays in sight on every step
                parts.append(f"<p class='dg-panel-view small mb-1'>{views.escape(shown)}</p>")
            return ui.HTML("".join(parts))

        @render.ui
        def data_info():
            cur = wb()
            lang = current_lang()
            if cur is None:
                return ui.p(t("example_hint", lang))
            bits = [f"{t('source', lang)}: {cur.source} — {len(cur.data)} {t('cases', lang)} × "
                    f"{cur.data.shape[1]} columns"]
            html = "".join(f"<p>{views.escape(b)}</p>" for b in bits)
            if cur.synthetic:
                html += views.message_html(t("synthetic", lang), "warning")
            return ui.HTML(html)

        @render.ui
        def data_preview():
            cur = wb()
            if cur is None:
                return None
            return ui.HTML(cur.data.rename_axis(cur.case_column).reset_index().to_html(
                classes="table table-sm dg-table", float_format=lambda v: f"{v:.4g}", max_rows=40, index=False))

        @render.ui
        def tt_table():
            a = analysis()
            if a.truth_table is None:
                return None
            cur = wb()
            labels = {c: cur.label(c, current_lang()) for c in cur.conditions}
            return ui.HTML(views.truth_table_html(a.truth_table, current_lang(), labels))

        @render.ui
        def sol_pars():
            a = analysis()
            if "parsimonious" not in a.solutions:
                return None
            return ui.HTML(views.solution_html(a.solutions["parsimonious"], "parsimonious", current_lang(),
                                               a.truth_table)
                           + views.numbers_script(model.numbers(wb(), a)))

        @render.ui
        def solutions():
            a = analysis()
            if not a.solutions:
                return None
            notes = "".join(f"<p class='dg-note'>{views.escape(n)}</p>" for n in a.notes)
            return ui.HTML(views.solutions_html(a.solutions, current_lang(), a.truth_table) + notes)

        @render.ui
        def config_table():
            a = analysis()
            if a.configurations is None:
                return None
            notes = "".join(f"<p class='dg-note'>{views.escape(n)}</p>" for n in a.configurations.notes)
            return ui.HTML(a.configurations.to_html() + notes)

        @render.ui
        def study_yaml():
            cur = wb()
            if cur is None:
                return None
            try:
                text = yaml.safe_dump(studyio.study_spec(cur, current_lang()), allow_unicode=True, sort_keys=False)
            except ValueError as exc:
                return ui.HTML(views.message_html(str(exc), "info"))
            return ui.HTML(f"<pre class='dg-yaml'>{views.escape(text)}</pre>")

        @render.ui
        def save_area():
            cur = wb()
            lang = current_lang()
            if cur is not None and cur.calibrated:
                return ui.HTML(views.message_html(t("lf_hint", lang), "info"))
            return ui.download_button("save", t("save", lang), class_="btn-success")

        @render.download(filename="study.zip", media_type="application/zip")
        def save():
            cur = wb()
            if cur is None:
                message.set(("warning", t("load_first", current_lang())))
                return
            yield studyio.study_zip(cur, current_lang())

        server_long.register(input, output, session, wb=wb, analysis=analysis, message=message, fail=fail,
                             current_lang=current_lang, version=version, variables=variables)
        pooled = server_panel.register(input, output, session, wb=wb, analysis=analysis, current_lang=current_lang)
        server_compare.register(input, output, session, wb=wb, analysis=analysis, message=message, fail=fail,
                                current_lang=current_lang, version=version, memberships=memberships, pooled=pooled)
        extras.update(server_extra.register(input, output, session, wb=wb, analysis=analysis, message=message,
                                            version=version, conditions=conditions, memberships=memberships,
                                            variables=variables,
                                            fail=fail, current_lang=current_lang))

    return App(app_ui, server, static_assets={"/dg-static": STATIC}, debug=False)
