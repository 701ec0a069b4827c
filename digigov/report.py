"""The study report: one self-contained HTML file, assembled from the methods of the registry.

Findings first: a one-screen summary (each method's findings: the configurations in plain
language with their fit, their cases and their strongest strategy, the robustness verdict; a
banner above it when the data are synthetic; led by the calibration's warnings and, for a panel,
by what changed between years and regions), then every method's sections in their order (panel,
province ranking, calibration, necessity, NCA, truth table, configurations, XY plots, maps,
heatmaps, strategies, robustness, diagnostics); design, parameters, versions and
checksums close the report as an appendix.  Figures are embedded as PNG ``data:`` URLs and the
CSS is inline, so the file opens anywhere without a network and prints to PDF from a browser
(each section starts on a new page).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from libdigigov.io import write_atomic
from libdigigov.safety import confined_path

from .figures import render, synthetic_stamp
from .methods import REGISTRY, Section
from .output import check_output_file
from .tables import kv_table
from .templates import esc, page, study_title, toc
from .templates.strings import t
from .view import ResultsFolderError, ResultsView, read_results

__all__ = ["write_report", "render_report", "figure_specs", "banner_text", "ReportInputError"]

#: The error of a results folder that cannot make a report (the reader's error).
ReportInputError = ResultsFolderError


def figure_specs(view, lang: str) -> list:
    """Every method's figures of ``view`` in ``lang``, with the synthetic-data stamp when it applies."""
    view = ResultsView.of(view)
    stamp = synthetic_stamp(view, lang)
    return [replace(spec, stamp=stamp) for method in REGISTRY for spec in method.figures(view, lang)]


def banner_text(study: Mapping, lang: str) -> tuple[str, str]:
    """The synthetic-data warning and the note under it: the bundled example's own wording, or
    for one's own data marked synthetic the neutral wording and the user's ``data.note``."""
    if study.get("example"):
        return t(lang, "synthetic_banner"), study.get("data_note", "") if lang == "en" else ""
    return t(lang, "synthetic_banner_own"), study.get("data_note", "")


def _design(results, lang, manifest) -> str:
    study = results["study"]
    out = []
    note = t(lang, "synthetic_banner") if study.get("example") and lang == "zh" else study.get("data_note", "")
    rows = [(t(lang, "title"), study_title(study, lang)),
            (t(lang, "outcome"), results.label(study.get("outcome", ""), lang)),
            (t(lang, "conditions"), "; ".join(results.label(c, lang) for c in study.get("conditions", []))),
            (t(lang, "controllable"), ", ".join(study.get("controllable", []) or []) or t(lang, "none_listed")),
            (t(lang, "n_cases"), len(results.get("memberships", {}))),
            (t(lang, "case_column"), study.get("case_column", "")),
            (t(lang, "synthetic"), t(lang, "yes") if study.get("synthetic") else t(lang, "no")),
            (t(lang, "data_note"), note)]
    rows += [row for m in REGISTRY for row in m.design_rows(results, lang)]
    out.append(kv_table(rows, caption=t(lang, "sec_design")))
    for key, heading in (("versions", "versions"), ("parameters", "parameters"), ("checksums", "checksums"),
                         ("inputs", "checksums")):
        part = (manifest or {}).get(key)
        if isinstance(part, Mapping) and part:
            out.append(kv_table(((str(k), _flat(v)) for k, v in part.items()), caption=t(lang, heading)))
    return "".join(out)


def _flat(value) -> str:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return "" if value is None else str(value)


def _merge(sections: list[Section]) -> list[Section]:
    """Sections sorted by their order; several of one anchor are one section (the first's heading)."""
    by_anchor: dict[str, Section] = {}
    for sec in sorted(sections, key=lambda s: s.order):
        if sec.anchor in by_anchor:
            first = by_anchor[sec.anchor]
            by_anchor[sec.anchor] = replace(first, body=first.body + sec.body)
        else:
            by_anchor[sec.anchor] = sec
    return list(by_anchor.values())


def render_report(results: Mapping, lang: str | None = None, *, figures=None, manifest=None) -> str:
    """The report as an HTML string.

    ``figures`` is a list of ``(FigureSpec, png_bytes)``; by default every figure is drawn.
    """
    view = ResultsView.of(results)
    lang = view.language(lang)
    manifest = manifest if manifest is not None else view.manifest
    if figures is None:
        figures = [(spec, render(spec)["png"]) for spec in figure_specs(view, lang)]
    study = view.study

    def per_configuration(cid: str) -> list[str]:
        return [line for m in REGISTRY for line in m.configuration_findings(view, lang, cid)]

    findings = "".join(block for m in REGISTRY for block in m.findings(view, lang, per_configuration))
    sections = [Section("summary", t(lang, "sec_summary"), findings, 0)]
    sections += [sec for m in REGISTRY for sec in m.sections(view, lang, figures)]
    sections.append(Section("design", t(lang, "sec_appendix"), _design(view, lang, manifest), 1000))
    sections = _merge(sections)
    title = study_title(study, lang) or t(lang, "report_title")
    head = [f"<h1>{esc(title)}</h1>", f"<p class=\"note\">{esc(t(lang, 'report_title'))}</p>"]
    if study.get("synthetic"):
        warning, note = banner_text(study, lang)
        head.append(f"<div class=\"banner\" id=\"synthetic-banner\" role=\"alert\">{esc(warning)}"
                    + (f"<br><span style=\"font-weight:normal\">{esc(note)}</span>" if note else "") + "</div>")
    head.append(toc([(s.anchor, s.heading) for s in sections], t(lang, "contents")))
    body = []
    for i, sec in enumerate(sections):
        klass = "major first" if i == 0 else "major"
        content = sec.body or f"<p class=\"note\">{esc(t(lang, 'none_listed'))}</p>"
        body.append(f"<section class=\"{klass}\" id=\"{sec.anchor}\"><h2>{esc(sec.heading)}</h2>{content}</section>")
    return page(title, "\n".join(head + body), lang)


def _report_figures(view: ResultsView, lang: str):
    """PNG of every figure: the file the run wrote when it is in the report's language, else drawn."""
    same_language = lang == view.study.get("language") and view.folder is not None
    out = []
    for spec in figure_specs(view, lang):
        # only a file inside the results folder is read, whatever names results.json holds
        path = (confined_path(view.folder, f"figures/{spec.name}.png", what="figure", error=ResultsFolderError)
                if same_language else None)
        png = path.read_bytes() if path is not None and path.is_file() else render(spec)["png"]
        out.append((spec, png))
    return out


def write_report(results_dir, out_file=None, lang: str | None = None, *, force: bool = False) -> Path:
    """Write the self-contained HTML report of a study output folder.

    Parameters
    ----------
    results_dir : path
        Folder written by ``digigov run`` (needs ``results.json``; uses ``manifest.json`` and
        ``figures/*.png`` when present, otherwise draws the figures).
    out_file : path, optional
        Default ``results_dir/report.html``.  Never one of the study's inputs: the file is
        replaced atomically.
    lang : {"zh", "en"}, optional
        Language of the report; default: the study's language.
    force : bool
        Replace an existing file of another results folder (or another page of this one).

    Returns
    -------
    pathlib.Path
        The report written.

    Examples
    --------
    >>> import json, tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> res = {"schema": "digigov-study-results/1", "schema_version": 1, "study": {"title": "Demo", "outcome": "Y",
    ...        "conditions": ["A"], "synthetic": True}, "memberships": {"a": {"Y": 0.8, "A": 0.9}}}
    >>> _ = (folder / "results.json").write_text(json.dumps(res))
    >>> path = write_report(folder, lang="en")
    >>> path.name, "synthetic-banner" in path.read_text(encoding="utf-8")
    ('report.html', True)
    """
    results_dir = Path(results_dir)
    target = Path(out_file) if out_file is not None else results_dir / "report.html"
    check_output_file(target, "report", inputs=[results_dir / "results.json", results_dir / "manifest.json"],
                      owned=["report.html"] if target.absolute().parent == results_dir.absolute() else [], force=force)
    view = read_results(results_dir)
    lang = view.language(lang)
    text = render_report(view, lang, figures=_report_figures(view, lang))
    try:
        write_atomic(target, text)
    except OSError as exc:
        raise ResultsFolderError(f"cannot write the report {str(target)!r}: {exc.strerror or exc}") from None
    return target
