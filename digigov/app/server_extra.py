"""The workbench's further steps: calibration sliders, necessity and NCA, directional expectations,
XY plots, the prime-implicant chart, the geographical detector, maps and the teaching page.
Each output reads the session's workbench and analysis only.
"""
from __future__ import annotations

import re
from html import escape
from pathlib import Path

import numpy as np
import pandas as pd
from shiny import reactive, render, ui

import fsqca

from . import bridge, model, panelview, plots, views
from .layout import dg_range
from .strings import t

__all__ = ["register"]

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _percentile_of(anchor, series: pd.Series) -> float:
    s = str(anchor)
    if s.startswith("p"):
        return float(s[1:])
    value = float(series.mean() if s == "mean" else series.median() if s == "median" else anchor)
    return float(np.clip(round(100.0 * (series < value).mean() * 2) / 2, 0, 100))


def register(input, output, session, *, wb, analysis, message, fail, current_lang, version, conditions,
             memberships, variables) -> dict:
    rendered: dict = {}

    # ------------------------------------------------------------------ calibration
    @render.ui
    def cal_sliders():
        var, scale, cross = input.cal_var(), input.cal_scale(), input.cal_cross()
        version()
        lang = current_lang()
        with reactive.isolate():
            cur = wb()
            a = analysis()
        if cur is None or not var or var not in cur.data.columns or a.calibration is None:
            return None
        series = cur.data[var].astype(float)
        anchors = cur.anchor(var)
        report = a.calibration.report.set_index("column")
        sliders = []
        values = {}
        for key in model.ANCHOR_KEYS:
            if key == "crossover" and cross != "slider":
                continue
            if scale == "percentile":
                v, lo, hi, step = _percentile_of(anchors[key], series), 0.0, 100.0, 0.5
            else:
                lo, hi = float(series.min()), float(series.max())
                step = None   # any value: a step grid would move the anchor off the value shown
                v = float(report.at[var, key]) if var in report.index else float(series.median())
                v = float(f"{v:.6g}")
            values[key] = v
            sliders.append(dg_range(f"cal_{key}", key, lang, lo, hi, step, v, live=True))
        rendered.clear()
        rendered.update(values)
        return ui.TagList(*sliders)

    @reactive.calc
    def anchor_inputs() -> dict:
        """The anchor sliders on the page now (the crossover's only when it is set by slider)."""
        return {key: input[f"cal_{key}"]() for key in model.ANCHOR_KEYS if f"cal_{key}" in input}

    @reactive.effect
    def _anchors():
        values = anchor_inputs()
        with reactive.isolate():
            cur, var, scale = wb(), input.cal_var(), input.cal_scale()
        if cur is None or not var or var not in cur.data.columns:
            return
        anchors = dict(cur.anchor(var))
        changed = False
        for key in model.ANCHOR_KEYS:
            v = values.get(key)
            if v is None or rendered.get(key) == v:
                continue
            anchors[key] = f"p{v:g}" if scale == "percentile" else float(v)
            rendered[key] = v
            changed = True
        if changed:
            with reactive.isolate():
                wb.set(cur.with_(anchors={**cur.anchors, var: anchors}))

    @reactive.effect
    @reactive.event(input.lang, ignore_init=True)
    def _relabel_choices():
        # option texts of select inputs are not [data-i18n] spans: the server resends them
        lang = current_lang()
        ui.update_select("cal_cross", choices={k: t(k, lang) for k in ("mean", "median", "slider")},
                         selected=input.cal_cross())

    def _cross_kind(anchor) -> str:
        return anchor if anchor in ("mean", "median") else "slider"

    @reactive.effect
    @reactive.event(input.cal_var, version)
    def _cross_select():
        cur, var = wb(), input.cal_var()
        if cur is not None and var in cur.data.columns:
            ui.update_select("cal_cross", selected=_cross_kind(cur.anchor(var)["crossover"]))

    @reactive.effect
    @reactive.event(input.cal_cross, ignore_init=True)
    def _cross():
        cur, var, cross = wb(), input.cal_var(), input.cal_cross()
        if cur is None or var not in cur.data.columns:
            return
        anchors = dict(cur.anchor(var))
        if _cross_kind(anchors["crossover"]) == cross:
            return
        if cross == "slider":
            # start the slider where the crossover is now
            series = cur.data[var].astype(float)
            anchors["crossover"] = (f"p{_percentile_of(anchors['crossover'], series):g}"
                                    if input.cal_scale() == "percentile" else
                                    float(f"{float(getattr(series, anchors['crossover'])()):.6g}"))
        else:
            anchors["crossover"] = cross
        wb.set(cur.with_(anchors={**cur.anchors, var: anchors}))

    @reactive.effect
    @reactive.event(input.cal_all)
    def _anchors_all():
        cur = wb()
        var = input.cal_var()
        if cur is None or not var:
            return
        spec = cur.anchor(var)
        if any(isinstance(v, float) for v in spec.values()):
            message.set(("warning", f"the anchors of {var} are raw values of {var}: they cannot serve the other "
                                    "variables; give them as percentiles first"))
            return
        wb.set(cur.with_(anchors={c: dict(spec) for c in (*cur.conditions, cur.outcome)}))

    @render.plot(alt="calibration")
    def cal_plot():
        mem, var = memberships(), input.cal_var()
        with reactive.isolate():
            cur, a = wb(), analysis()
        if cur is None or a.calibration is None or mem is None or var not in mem.columns:
            return None
        row = a.calibration.report.set_index("column").loc[var].to_dict()
        return plots.calibration_figure(cur.data[var], row, a.memberships[var], current_lang())

    @render.ui
    def cal_warn():
        a, var, cur = analysis(), input.cal_var(), wb()
        if cur is not None and cur.calibrated:
            return ui.HTML(views.message_html(t("lf_hint", current_lang()), "info"))
        if a.calibration is None or var not in a.memberships.columns:
            return None
        rep = a.calibration.report.set_index("column").loc[var]
        lang = current_lang()
        out = []
        if var in views.skewed_sets(a.calibration):
            out.append(views.message_html(t("skew", lang).format(share=rep["share_above_half"]), "warning"))
        if rep["n_at_half"]:
            out.append(views.message_html(t("at_half", lang).format(n=rep["n_at_half"], cases=rep["cases_at_half"]),
                                          "warning"))
        return ui.HTML("".join(out))

    @render.ui
    def cal_table():
        a = analysis()
        return None if a.calibration is None else ui.HTML(views.calibration_html(a.calibration, current_lang()))

    # ------------------------------------------------------------------ necessity
    @render.ui
    def nec_table():
        cur, a = wb(), analysis()
        if a.memberships is None:
            return None
        nec = fsqca.necessity(a.memberships, cur.outcome, list(cur.conditions), negated_outcome=True)
        return ui.HTML(views.necessity_html(nec))

    @reactive.calc
    def nca_result():
        key = variables()
        if key is None or not key[2]:
            return None
        with reactive.isolate():
            cur = wb()
        return fsqca.nca(cur.data[[cur.outcome, *cur.conditions]].astype(float), cur.outcome, list(cur.conditions),
                         test_rep=0)

    @render.plot(alt="NCA")
    def nca_plot():
        var = input.nca_var()
        res = nca_result()
        if res is None or not var:
            return None
        return plots.nca_figure(res, var, current_lang())

    # ------------------------------------------------------------------ solutions
    @render.ui
    def dir_exp_ui():
        conditions()
        version()
        lang = current_lang()
        with reactive.isolate():
            cur = wb()
        if cur is None:
            return None
        choices = {"-": t("either", lang), "1": t("present", lang), "0": t("absent", lang)}
        return ui.TagList(*[ui.input_select(_dir_id(c), c, choices, selected=str(cur.dir_exp.get(c, "-")))
                            for c in cur.conditions])

    def _dir_id(condition: str) -> str:
        # one input per condition name (not per position): a select left from other conditions never
        # lends its value to a new one
        return "dir_" + condition.encode("utf-8").hex()

    @reactive.effect
    def _dir_exp_read():
        conds = conditions()
        with reactive.isolate():
            cur = wb()
        if cur is None or tuple(conds) != tuple(cur.conditions):
            return
        new = {}
        for c in conds:
            if _dir_id(c) not in input:
                return                      # not drawn yet
            v = input[_dir_id(c)]()
            if v is None:
                return
            if v != "-":
                new[c] = v
        with reactive.isolate():
            cur = wb()
            if new != dict(cur.dir_exp):
                wb.set(cur.with_(dir_exp=new))

    sent_terms: list = [None]

    @reactive.effect
    def _xy_choices():
        a = analysis()
        key = None if a.configurations is None else (a.configurations.terms, a.solutions["intermediate"].models[0].expression)
        if key == sent_terms[0]:
            return
        sent_terms[0] = key
        if a.configurations is None:
            ui.update_select("xy_term", choices=[])
            return
        terms = [fsqca.format_term(x) for x in a.configurations.terms]
        sol = a.solutions["intermediate"].models[0].expression
        choices = {term: f"{cid}: {term}" for cid, term in zip(a.configurations.configurations, terms)}
        choices[sol] = f"solution: {sol}"
        with reactive.isolate():
            keep = input.xy_term()
        ui.update_select("xy_term", choices=choices, selected=keep if keep in choices else terms[0])

    @render.plot(alt="XY plot")
    def xy_plot():
        mem, term = memberships(), input.xy_term()
        with reactive.isolate():
            cur, a = wb(), analysis()
        if cur is None or mem is None or not term:
            return None
        try:
            terms = fsqca.parse_expression(term, list(cur.conditions))
        except ValueError:
            return None
        x = pd.Series(fsqca.expression_membership(terms, a.memberships), index=a.memberships.index, name=term)
        return plots.xy_figure(x, a.memberships[cur.outcome], term, cur.outcome, current_lang())

    @render.ui
    def pi_chart():
        a = analysis()
        sol = a.solutions.get("parsimonious")
        if sol is None or sol.chart is None:
            return None
        frame = sol.chart.to_frame()
        html = frame.to_html(classes="table table-sm dg-table dg-pi")
        models = "".join(f"<li><code>{escape(m.expression)}</code></li>" for m in sol.models)
        return ui.HTML(f"<p class='dg-note'>{escape(sol.chart.summary().splitlines()[0])}</p>{html}<ul>{models}</ul>")

    # ------------------------------------------------------------------ geodetector
    geo_result = reactive.value(None, name="geo_result")   # named: Shiny otherwise inspects the stack (about 0.1 s a session)

    @reactive.effect
    @reactive.event(input.geo_run)
    def _geo():
        import geodetector as gd

        cur, a = wb(), analysis()
        if cur is None:
            return
        try:
            k = int(input.geo_k() or 3)
            strata = pd.DataFrame({c: gd.discretize(cur.data[c].astype(float), "natural", k).astype(int)
                                   for c in cur.conditions}, index=cur.data.index)
            frame = strata.assign(__y=cur.data[cur.outcome].astype(float))
            factor = gd.factor_detector(frame, "__y", list(cur.conditions))
            inter = gd.interaction_detector(frame, "__y", list(cur.conditions))
            rankings = []
            if a.configurations is not None:
                # the workbench ranks as the study does with core: present (the present core conditions)
                for cid, core_names, aux in bridge.configuration_roles(a.configurations, list(cur.conditions),
                                                                       core="present", auxiliaries="present"):
                    if core_names and aux:
                        rankings.append((cid, core_names, gd.strategy_ranking(frame, "__y", core_names, aux,
                                                                               conditions=list(cur.conditions))))
            geo_result.set((k, factor, inter, rankings))
        except Exception as exc:   # noqa: BLE001
            fail("geodetector", exc)

    @render.ui
    def geo_out():
        res = geo_result()
        if res is None:
            return None
        k, factor, inter, rankings = res
        lang = current_lang()
        html = f"<h6>{escape(t('factor_detector', lang).format(k=k))}</h6>"
        html += factor.to_frame().to_html(classes="table table-sm dg-table", float_format=lambda v: f"{v:.3f}",
                                          index=False)
        for cid, core, r in rankings:
            html += f"<h6>{escape(t('strategy_of', lang).format(id=cid, core='*'.join(core)))}</h6>"
            html += r.table.to_html(classes="table table-sm dg-table dg-strategy", float_format=lambda v: f"{v:.3f}",
                                   index=False)
        return ui.HTML(html)

    @render.plot(alt="interaction detector heatmap")
    def geo_plot():
        res = geo_result()
        if res is None:
            return None
        m = res[2].matrix()   # q of every pair, the diagonal the single factors
        return plots.heatmap_figure(m, "q(Xi ∩ Xj)")

    # ------------------------------------------------------------------ maps
    @render.ui
    def map_note():
        cur = wb()
        if cur is not None and not cur.province_cases and not panelview.pooled_provinces(cur):
            return ui.HTML(views.message_html(t("no_provinces", current_lang()), "info"))
        return None

    @render.plot(alt="membership map")
    def map_plot():
        memberships()
        var = input.map_var()
        with reactive.isolate():
            cur, a = wb(), analysis()
        if cur is None or a.memberships is None or var not in a.memberships.columns:
            return None
        lang = current_lang()
        shown = a.memberships
        title = f"{cur.label(var, lang)} (membership)"
        if panelview.pooled_provinces(cur):
            # the pooled view: one period of the pooled analysis, chosen above the map
            period = input.map_period() or panelview.periods(cur)[-1]
            shown = panelview.period_rows(cur, a.memberships, period)
            title = f"{cur.label(var, lang)} (membership, {cur.panel['settings']['period']} {period})"
        elif not cur.province_cases:
            return None
        return plots.map_figure(shown[var], title, lang)

    # ------------------------------------------------------------------ teaching
    @render.ui
    def teach():
        from .teaching import STEPS, exercises

        lang = current_lang()
        zh = lang == "zh"
        html = ["<ol class='dg-steps'>"]
        for tab, en, cn in STEPS:
            html.append(f"<li><p>{escape(cn if zh else en)}</p><a href='#' class='dg-goto' data-goto='{tab}'>"
                        f"{escape(t(tab, lang))} &rarr;</a></li>")
        html.append("</ol><h5>" + ("练习" if zh else "Exercises") + "</h5><ol class='dg-exercises'>")
        for ex in exercises():
            html.append(f"<li id='dg-ex-{ex['id']}'><p>{escape(ex['q'][1] if zh else ex['q'][0])} "
                        f"<a href='#' class='dg-goto' data-goto='{ex['tab']}'>{escape(t(ex['tab'], lang))} &rarr;</a>"
                        f"</p><details><summary>{escape(t('answers', lang))}</summary>"
                        f"<p class='dg-answer'>{escape(ex['answer'](lang))}</p></details></li>")
        html.append("</ol>")
        path = DOCS / "teaching.md"
        if path.exists():
            import mistune

            text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", path.read_text(encoding="utf-8"))
            # links to other files of the documentation lead nowhere inside the app: keep their text
            text = re.sub(r"\[([^\]]+)\]\((?!https?:)[^)]*\)", r"\1", text)
            lf = ("下面的练习使用 Lipset 的 LF 数据：在“数据”页载入经典数据集即可在本工作台中完成。" if zh else
                  "The exercises below use Lipset's LF data: load the classic dataset on the Data tab to do "
                  "them in the workbench.")
            html.append(f"<hr><p class='alert alert-info'>{escape(lf)} <a href='#' class='dg-goto' data-goto='data'>"
                        f"{escape(t('data', lang))} &rarr;</a></p><div class='dg-teach'>{mistune.html(text)}</div>")
        return ui.HTML("".join(html))

    return {"rendered": rendered}
