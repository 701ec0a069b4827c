"""The province comparison of the workbench: 2 to 4 provinces side by side and on the map, and the
comparison page and Word file built by the public commands on the study as saved.

Building them runs ``digigov run`` and ``digigov compare`` (the page, then the Word file) one after the other in
child processes, without blocking the session: a progress bar follows ``digigov run``'s steps and
Cancel stops the child process.
"""
from __future__ import annotations

import asyncio
import io
import os
import re
import sys
import tempfile
import zipfile
from html import escape
from pathlib import Path

from shiny import reactive, render, ui

from . import plots, studyio
from .strings import t

__all__ = ["register"]


def unpack_study(zip_bytes: bytes) -> tuple[Path, Path]:
    """A new temporary folder with the saved study unpacked in ``study/``; (folder, study file)."""
    folder = Path(tempfile.mkdtemp(prefix="digigov-app-run-"))
    (folder / "study").mkdir()
    zipfile.ZipFile(io.BytesIO(zip_bytes)).extractall(folder / "study")
    return folder, folder / "study" / "study.yaml"


async def run_commands(commands: list[list[str]], on_progress) -> None:
    """Run ``digigov`` subcommands one after another in child processes.

    ``on_progress(fraction, text)`` follows ``digigov run``'s ``[i/n] step`` lines and each finished
    command. Cancelling the awaiting task kills the running child (nothing half-written is kept:
    every command writes atomically). A failing command raises ValueError with its last error line.
    """
    total = len(commands)
    for i, args in enumerate(commands):
        proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "digigov", *args,
                                                    stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
                                                    env=dict(os.environ))
        try:
            err_lines = []
            while True:
                line = await proc.stderr.readline()
                if not line:
                    break
                text = line.decode("utf-8", "replace").strip()
                err_lines.append(text)
                m = re.match(r"\[(\d+)/(\d+)\] (.*)", text)
                if m:
                    on_progress(((i + int(m[1]) / (int(m[2]) + 1)) / total, f"digigov {args[0]}: {m[3]}"))
            await proc.wait()
        except asyncio.CancelledError:
            proc.kill()
            await proc.wait()
            raise
        if proc.returncode:
            raise ValueError(err_lines[-1] if err_lines else f"digigov {args[0]} failed")
        on_progress(((i + 1) / total, f"digigov {args[0]}"))


def progress_html(p, text: str, id: str) -> str:
    """A Bootstrap progress bar at ``p[0]`` (0..1) with the step ``p[1]``."""
    return (f"<div class='progress dg-progress my-2' role='progressbar' aria-valuenow='{p[0] * 100:.0f}'>"
            f"<div class='progress-bar' style='width:{p[0] * 100:.0f}%'></div></div>"
            f"<p class='small' id='{id}'>{escape(text)} {escape(p[1])}</p>")


def register(input, output, session, *, wb, analysis, message, fail, current_lang, version, memberships) -> None:
    # ------------------------------------------------------------------ compare
    @reactive.effect
    def _compare_choices():
        version()
        with reactive.isolate():
            cur = wb()
        if cur is not None and cur.provinces:
            from indicators import province_labels

            names = list(map(str, cur.data.index))
            with reactive.isolate():
                lang = current_lang()
            shown = province_labels(names, lang) if lang == "zh" else names
            ui.update_selectize("compare_pick", choices=dict(zip(names, shown)))

    @render.ui
    def compare_table():
        cur, a = wb(), analysis()
        picked = list(input.compare_pick() or [])
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
        if cur is None or not cur.provinces or a.memberships is None or len(picked) < 2:
            return None
        lang = current_lang()
        return plots.map_figure(a.memberships[cur.outcome], cur.label(cur.outcome, lang), lang, highlight=picked)

    progress = reactive.value(None)        # (fraction, text) or None
    links = reactive.value(None)           # folder with comparison.html and comparison.docx

    @reactive.extended_task
    async def compare_task(zip_bytes: bytes, picked: list, lang: str):
        folder, study = unpack_study(zip_bytes)
        out = folder / "results"
        await run_commands([
            ["run", str(study), "--out", str(out), "--no-report", "--no-figures"],
            ["compare", *picked, "--results", str(out), "--output", str(folder / "comparison.html"), "--lang", lang],
            ["compare", *picked, "--results", str(out), "--output", str(folder / "comparison.docx"), "--lang", lang],
        ], progress.set)
        return folder

    @reactive.effect
    @reactive.event(input.compare_build)
    def _compare_build():
        cur = wb()
        picked = list(input.compare_pick() or [])
        if cur is None or not cur.provinces or not 2 <= len(picked) <= 4:
            message.set(("warning", t("pick_provinces", current_lang())))
            return
        links.set(None)
        progress.set((0.0, "digigov run"))
        compare_task(studyio.study_zip(cur, current_lang()), picked, current_lang())

    @reactive.effect
    @reactive.event(input.compare_cancel)
    def _compare_cancel():
        compare_task.cancel()
        progress.set(None)
        message.set(("info", t("cancelled", current_lang())))

    @reactive.effect
    def _compare_done():
        status = compare_task.status()
        if status == "success":
            links.set(compare_task.result())
            progress.set(None)
        elif status == "error":
            progress.set(None)
            try:
                compare_task.result()
            except Exception as exc:   # noqa: BLE001
                fail("comparison", exc)

    @render.ui
    def compare_status():
        p = progress()
        if p is None:
            return None
        return ui.HTML(progress_html(p, t("compare_wait", current_lang()), "dg-compare-step"))

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
    run_progress = reactive.value(None)
    run_folder = reactive.value(None)

    @reactive.extended_task
    async def study_task(zip_bytes: bytes):
        folder, study = unpack_study(zip_bytes)
        await run_commands([["run", str(study), "--out", str(folder / "results")]], run_progress.set)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for f in sorted((folder / "study").iterdir()):
                z.write(f, f"study/{f.name}")
            for f in sorted((folder / "results").rglob("*")):
                if f.is_file():
                    z.write(f, f"results/{f.relative_to(folder / 'results').as_posix()}")
        (folder / "results.zip").write_bytes(buf.getvalue())
        return folder

    @reactive.effect
    @reactive.event(input.run_study)
    def _run_study():
        cur = wb()
        if cur is None:
            message.set(("warning", t("load_first", current_lang())))
            return
        run_folder.set(None)
        run_progress.set((0.0, "digigov run"))
        study_task(studyio.study_zip(cur, current_lang()))

    @reactive.effect
    @reactive.event(input.run_cancel)
    def _run_cancel():
        study_task.cancel()
        run_progress.set(None)
        message.set(("info", t("cancelled", current_lang())))

    @reactive.effect
    def _run_done():
        status = study_task.status()
        if status == "success":
            run_folder.set(study_task.result())
            run_progress.set(None)
        elif status == "error":
            run_progress.set(None)
            try:
                study_task.result()
            except Exception as exc:   # noqa: BLE001
                fail("digigov run", exc)

    @render.ui
    def run_status():
        p = run_progress()
        return None if p is None else ui.HTML(progress_html(p, "", "dg-run-step"))

    @render.ui
    def run_links():
        if run_folder() is None:
            return None
        return ui.download_button("run_zip", t("download_results", current_lang()), class_="btn-success")

    @render.download(filename="results.zip", media_type="application/zip")
    def run_zip():
        yield (run_folder() / "results.zip").read_bytes()
