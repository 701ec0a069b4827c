"""The province comparison of the workbench: 2 to 4 provinces side by side and on the map, and the
comparison page and Word file built by the public commands on the study as saved.

Building them runs ``digigov run`` and ``digigov compare`` (the page, then the Word file) one after the other in
child processes, without blocking the session (:mod:`digigov.app.longtask`): a progress bar follows
``digigov run``'s steps and Cancel stops the child process.
"""
from __future__ import annotations

import io
import tempfile
import zipfile
from html import escape
from pathlib import Path

from shiny import reactive, render, ui

from . import bridge, panelview, plots, studyio
from .longtask import LongStep, run_commands
from .strings import t

__all__ = ["register"]


def unpack_study(zip_bytes: bytes) -> tuple[Path, Path]:
    """A new temporary folder with the saved study unpacked in ``study/``; (folder, study file)."""
    folder = Path(tempfile.mkdtemp(prefix="digigov-app-run-"))
    (folder / "study").mkdir()
    zipfile.ZipFile(io.BytesIO(zip_bytes)).extractall(folder / "study")
    return folder, folder / "study" / "study.yaml"


def register(input, output, session, *, wb, analysis, message, fail, current_lang, version, memberships,
             pooled=lambda: None) -> None:
    def cancelled():
        message.set(("info", t("cancelled", current_lang())))

    # ------------------------------------------------------------------ compare
    @reactive.effect
    def _compare_choices():
        version()
        with reactive.isolate():
            cur = wb()
        if cur is not None and (cur.provinces or panelview.pooled_provinces(cur)):
            from indicators import province_labels

            # the pooled view of a panel: its units, compared across the periods
            names = (list(dict.fromkeys(map(str, cur.panel["cases"][cur.panel["settings"]["unit"]])))
                     if panelview.pooled_provinces(cur) else list(map(str, cur.data.index)))
            with reactive.isolate():
                lang = current_lang()
            shown = province_labels(names, lang) if lang == "zh" else names
            ui.update_selectize("compare_pick", choices=dict(zip(names, shown)))

    @render.ui
    def compare_table():
        cur, a = wb(), analysis()
        picked = list(input.compare_pick() or [])
        if panelview.pooled_provinces(cur):
            lang = current_lang()
            note = f"<p class='dg-note dg-compare-pooled'>{escape(t('compare_pooled', lang))}</p>"
            rr = pooled()
            if rr is None or not picked:
                return ui.HTML(note)
            return ui.HTML(note + f"<div class='dg-across-periods'>{bridge.compare_sections_html(rr, picked, lang)}</div>")
        if cur is None or a.memberships is None or len(picked) < 2:
            return None
        lang = current_lang()
        rows = []
        for c in (cur.outcome, *cur.conditions):
            cells = "".join(f"<td>{cur.data.at[p, c]:.4g}<br><small>{a.memberships.at[p, c]:.2f}</small></td>"
                            for p in picked)
            rows.append(f"<tr><th>{escape(cur.label(c, lang))}</th>{cells}</tr>")
        if a.configurations is not None:
            for cid, cases in zip(a.configurations.configurations, a.configurations.to_dict()["configurations"]):
                covered = set(map(str, cases.get("cases", [])))
                cells = "".join(f"<td>{'✓' if p in covered else ''}</td>" for p in picked)
                rows.append(f"<tr><th>{escape(t('configuration_n', lang).format(id=cid))}</th>{cells}</tr>")
        from indicators import province_labels

        shown = province_labels(picked, lang) if lang == "zh" else picked
        head = "".join(f"<th>{escape(str(p))}</th>" for p in shown)
        return ui.HTML(f"<table class='table table-sm dg-table dg-compare'><thead><tr><th></th>{head}</tr></thead>"
                       f"<tbody>{''.join(rows)}</tbody></table>")

    @render.plot(alt="compared provinces")
    def compare_map():
        memberships()
        with reactive.isolate():
            cur, a = wb(), analysis()
        picked = list(input.compare_pick() or [])
        if cur is None or a.memberships is None:
            return None
        lang = current_lang()
        if panelview.pooled_provinces(cur) and picked:
            # the pooled view: the latest period, as `digigov compare` describes a panel
            last = panelview.periods(cur)[-1]
            shown = panelview.period_rows(cur, a.memberships, last)
            return plots.map_figure(shown[cur.outcome], f"{cur.label(cur.outcome, lang)}, {last}", lang,
                                    highlight=picked)
        if not cur.provinces or len(picked) < 2:
            return None
        return plots.map_figure(a.memberships[cur.outcome], cur.label(cur.outcome, lang), lang, highlight=picked)

    links = reactive.value(None, name="compare_links")   # folder with comparison.html and comparison.docx

    async def build_comparison(report, stop, zip_bytes: bytes, picked: list, lang: str):
        folder, study = unpack_study(zip_bytes)
        out = folder / "results"
        await run_commands([
            ["run", str(study), "--out", str(out), "--no-report", "--no-figures"],
            ["compare", *picked, "--results", str(out), "--output", str(folder / "comparison.html"), "--lang", lang],
            ["compare", *picked, "--results", str(out), "--output", str(folder / "comparison.docx"), "--lang", lang],
        ], report)
        return folder

    comparison = LongStep("compare", build_comparison, on_success=links.set,
                          on_error=lambda exc: fail("comparison", exc))
    comparison.wire(input, cancel="compare_cancel", status="compare_status", element_id="dg-compare-step",
                    wait=lambda: t("compare_wait", current_lang()), on_cancel=cancelled)

    @reactive.effect
    @reactive.event(input.compare_build)
    def _compare_build():
        cur = wb()
        picked = list(input.compare_pick() or [])
        if cur is None or not (cur.provinces or panelview.pooled_provinces(cur)) or not 2 <= len(picked) <= 4:
            message.set(("warning", t("pick_provinces", current_lang())))
            return
        links.set(None)
        comparison.start(studyio.study_zip(cur, current_lang()), picked, current_lang(), text="digigov run")

    @render.ui
    def compare_links():
        folder = links()
        if folder is None:
            return None
        lang = current_lang()
        return ui.TagList(ui.download_button("compare_html", t("compare_page", lang)),
                          ui.download_button("compare_docx", t("compare_word", lang)))

    @render.download(filename="comparison.html")
    def compare_html():
        yield (links() / "comparison.html").read_bytes()

    @render.download(filename="comparison.docx")
    def compare_docx():
        yield (links() / "comparison.docx").read_bytes()


    # ------------------------------------------------------------------ the whole study
    run_folder = reactive.value(None, name="run_folder")

    async def run_whole_study(report, stop, zip_bytes: bytes):
        folder, study = unpack_study(zip_bytes)
        await run_commands([["run", str(study), "--out", str(folder / "results")]], report)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for f in sorted((folder / "study").iterdir()):
                z.write(f, f"study/{f.name}")
            for f in sorted((folder / "results").rglob("*")):
                if f.is_file():
                    z.write(f, f"results/{f.relative_to(folder / 'results').as_posix()}")
        (folder / "results.zip").write_bytes(buf.getvalue())
        return folder

    whole = LongStep("run", run_whole_study, on_success=run_folder.set,
                     on_error=lambda exc: fail("digigov run", exc))
    whole.wire(input, cancel="run_cancel", status="run_status", element_id="dg-run-step",
               wait=lambda: "", on_cancel=cancelled)

    @reactive.effect
    @reactive.event(input.run_study)
    def _run_study():
        cur = wb()
        if cur is None:
            message.set(("warning", t("load_first", current_lang())))
            return
        run_folder.set(None)
        whole.start(studyio.study_zip(cur, current_lang()), text="digigov run")

    @render.ui
    def run_links():
        if run_folder() is None:
            return None
        return ui.download_button("run_zip", t("download_results", current_lang()), class_="btn-success")

    @render.download(filename="results.zip", media_type="application/zip")
    def run_zip():
        yield (run_folder() / "results.zip").read_bytes()
