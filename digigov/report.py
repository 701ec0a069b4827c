"""The study report: one self-contained HTML file from a ``digigov run`` output folder.

Findings first: a one-screen summary (the configurations in plain language, their fit, the
provinces on each path, the strongest strategy of each, the robustness verdict; a banner above
it when the data are the synthetic example) and a sortable ranking of every province; then
calibration, necessity, truth table, configurations in Fiss notation, XY plots, membership
maps, interaction heatmaps, strategy rankings and the robustness summary; design, parameters,
versions and checksums close the report as an appendix.  Figures are embedded as PNG ``data:`` URLs and the CSS is inline, so the file opens anywhere without a
network and prints to PDF from a browser (each section starts on a new page).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from libdigigov.safe_load import read_json
from libdigigov.safety import confined_path

from . import report_panel
from .errors import StudyError
from .figures import case_label, figure_specs, render, var_label, write_atomic
from .output import MARKER, check_output_file
from .report_nca import nca_section
from .schema import SchemaError, validate_results
from .summary import configuration_title, ranking_html, summary_html
from .templates import LANGUAGES, captioned, esc, figure, html_table, kv_table, page, study_title, t, toc

__all__ = ["write_report", "render_report", "load_results", "SECTIONS"]

#: Section anchors in report order (each is the ``id`` of a ``<section>``).
SECTIONS = ("summary", "ranking", "calibration", "necessity", "nca", "truth-table", "configurations", "xy", "maps",
            "heatmaps", "strategies", "robustness", "design")
_SECTION_KEY = {"summary": "sec_summary", "ranking": "sec_ranking", "design": "sec_appendix", "calibration": "sec_calibration", "necessity": "sec_necessity",
                "nca": "sec_nca",
                "truth-table": "sec_truth_table", "configurations": "sec_configurations", "xy": "sec_xy",
                "maps": "sec_maps", "heatmaps": "sec_heatmaps", "strategies": "sec_strategies",
                "robustness": "sec_robustness"}


class ReportInputError(StudyError):
    """The results folder or ``results.json`` cannot make a report."""



def load_results(results_dir) -> dict:
    """Read and check ``results_dir/results.json``."""
    path = Path(results_dir) / "results.json"
    if not path.is_file():
        raise ReportInputError(f"no results.json in {results_dir}: run `digigov run STUDY.yaml --out DIR` first")
    # strict JSON (no NaN/Infinity), then the published schema: the same checks as every reader
    results = read_json(path, what=str(path), error=ReportInputError)
    if not isinstance(results, dict) or not str(results.get("schema", "")).startswith(MARKER):
        found = results.get("schema") if isinstance(results, dict) else type(results).__name__
        raise ReportInputError(f"{path}: not the results of a digigov study (schema {found!r})")
    try:
        validate_results(results, where=str(path))
    except SchemaError as exc:
        raise ReportInputError(str(exc)) from None
    return results


def _pri(d: Mapping):
    """PRI of a fit record."""
    return d.get("PRI")


def _language(results: Mapping, lang: str | None) -> str:
    lang = lang or results.get("study", {}).get("language") or "zh"
    if lang not in LANGUAGES:
        raise ReportInputError(f"lang must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    return lang


# ---------------------------------------------------------------- sections
def _cases(cases, lang) -> str:
    return ", ".join(case_label(c, lang) for c in cases or [])


def _design(results, lang, manifest) -> str:
    study = results["study"]
    out = []
    tt = results.get("truth_table") or {}
    geo = (results.get("geodetector") or {}).get("discretization") or {}
    rows = [(t(lang, "title"), study_title(study, lang)),
            (t(lang, "outcome"), var_label(results, study.get("outcome", ""), lang)),
            (t(lang, "conditions"), "; ".join(var_label(results, c, lang) for c in study.get("conditions", []))),
            (t(lang, "controllable"), ", ".join(study.get("controllable", []) or []) or t(lang, "none_listed")),
            (t(lang, "n_cases"), len(results.get("memberships", {}))),
            (t(lang, "case_column"), study.get("case_column", "")),
            (t(lang, "synthetic"), t(lang, "yes") if study.get("synthetic") else t(lang, "no")),
            (t(lang, "data_note"), study.get("data_note", ""))]
    if tt:
        incl = tt.get("incl_cut")
        incl = ", ".join(str(v) for v in incl if v is not None) if isinstance(incl, list) else incl
        cuts = (f"{t(lang, 'incl_cut')} {incl}, {t(lang, 'pri_cut')} {tt.get('pri_cut')}, "
                f"{t(lang, 'n_cut')} {tt.get('n_cut')}")
        rows.append((t(lang, "tt_cuts"), cuts))
    if geo:
        rows.append((t(lang, "discretization"), f"{t(lang, 'method')} {geo.get('method')}, {t(lang, 'k')} {geo.get('k')}"))
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


def _calibration(results, lang) -> str:
    keys = ["column", "exclusion", "crossover", "inclusion", "share_above_half", "n_at_half"]
    rows = [[var_label(results, r.get("column", ""), lang), *(r.get(k) for k in keys[1:])]
            for r in results.get("calibration") or []]
    return html_table(rows, [t(lang, k) for k in keys], caption=t(lang, "cap_calibration"))


def _literal_label(results, literal: str, lang: str) -> str:
    neg = literal.startswith("~")
    name = var_label(results, literal.lstrip("~"), lang)
    return f"~{name}" if neg else name


def _necessity(results, lang) -> str:
    keys = ["condition", "inclN", "RoN", "covN", "necessary"]
    rows = results.get("necessity") or []
    out = []
    for outcome in dict.fromkeys(r.get("outcome", "") for r in rows):
        out.append(html_table([[_literal_label(results, r.get("condition", ""), lang), r.get("inclN"), r.get("RoN"),
                                r.get("covN"), bool(r.get("necessary"))] for r in rows if r.get("outcome", "") == outcome],
                              [t(lang, k) for k in keys],
                              caption=t(lang, "cap_necessity_for", outcome=_literal_label(results, outcome, lang))))
    return "".join(out) + f"<p class=\"note\">{esc(t(lang, 'necessity_note'))}</p>"


def _truth_table(results, lang) -> str:
    tt = results.get("truth_table") or {}
    rows_in = tt.get("rows") or []
    conds = list(results["study"].get("conditions") or (rows_in[0]["config"] if rows_in else []))
    rows = [[r.get("row"), *(r.get("config", {}).get(c) for c in conds), r.get("OUT"), r.get("n"),
             r.get("incl"), _pri(r), _cases(r.get("cases"), lang)] for r in rows_in]
    header = [t(lang, "row"), *conds, t(lang, "OUT"), t(lang, "n"), t(lang, "incl"), t(lang, "pri"),
              t(lang, "case_list")]
    return (html_table(rows, header, caption=t(lang, "cap_truth_table"))
            + f"<p class=\"note\">{esc(t(lang, 'tt_note'))}</p>")


def configuration_table_from_results(results: Mapping, lang: str):
    """The Fiss table of ``results["configurations"]`` as an :class:`fsqca.ConfigurationTable`."""
    from fsqca.configtable import ConfigurationTable

    configs = results.get("configurations") or []
    conds = list(results["study"].get("conditions") or [])
    ids = [str(c["id"]) for c in configs]
    cells = pd.DataFrame("", index=conds, columns=ids)
    for cfg, cid in zip(configs, ids):
        for role in ("core", "peripheral"):
            for kind in ("present", "absent"):
                for cond in (cfg.get(role) or {}).get(kind, []):
                    if cond not in cells.index:
                        cells.loc[cond] = ""
                    cells.loc[cond, cid] = f"{role} {kind}"
    term_fit = pd.DataFrame({"inclS": [c.get("inclS") for c in configs], "PRI": [_pri(c) for c in configs],
                             "covS": [c.get("covS") for c in configs], "covU": [c.get("covU") for c in configs],
                             "cases": [[case_label(x, lang) for x in c.get("cases", [])] for c in configs]},
                            index=ids).astype({"inclS": float, "PRI": float, "covS": float, "covU": float})
    fit = results.get("solution_fit") or {}
    labels = {c: var_label(results, c, lang) for c in cells.index}
    return ConfigurationTable(tuple(cells.index), labels, tuple(ids), (), (), cells, term_fit,
                              {"inclS": fit.get("inclS", float("nan")), "PRI": _num(_pri(fit)),
                               "covS": fit.get("covS", float("nan"))}, lang)


def _num(value) -> float:
    return float("nan") if value is None else float(value)


def _configurations(results, lang) -> str:
    out = []
    if results.get("configurations"):
        outcome = var_label(results, results["study"].get("outcome", ""), lang)
        out.append(captioned(configuration_table_from_results(results, lang).to_html(),
                             t(lang, "cap_configurations", outcome=outcome)))
    rows = []
    for kind, sol in (results.get("solutions") or {}).items():
        for model in sol.get("models", [])[:3]:
            fit = model.get("fit") or {}
            rows.append([_relation(kind, lang), model.get("expression", ""), fit.get("inclS"), _pri(fit), fit.get("covS"),
                         sol.get("n_models")])
    if results.get("configurations"):
        out.append(report_panel.case_selection_table(results, lang))
    if rows:
        out.append(html_table(rows, [t(lang, "solution_expr"), "", t(lang, "incl"), t(lang, "pri"), t(lang, "cov"),
                                     t(lang, "n_models")], caption=t(lang, "cap_solutions")))
    for kind, sol in (results.get("solutions") or {}).items():
        if sol.get("proven_minimal") is False:  # a time limit ran out: say so where the models are shown
            best = min((len(m.get("terms") or []) for m in sol.get("models", [])), default=None)
            out.append(f"<p class=\"warning\">{esc(t(lang, 'not_proven', solution=_relation(kind, lang), best=best, lower=sol.get('lower_bound')))}</p>")
    return "".join(out)


def _figures(items, section) -> str:
    figs = [figure(png, spec.caption, fig_id=f"fig-{spec.name}") for spec, png in items if spec.section == section]
    if not figs:
        return ""
    # maps at full width: their province names stay legible (the XY plots go two to a row)
    return "<div class=\"grid\">" + "".join(figs) + "</div>" if section == "xy" else "".join(figs)


def _strategies(results, lang) -> str:
    out = []
    by_id = {str(c.get("id")): c for c in results.get("configurations") or []}
    for s in (results.get("geodetector") or {}).get("strategies") or []:
        cid = str(s.get("configuration"))
        core = ", ".join(var_label(results, c, lang) for c in s.get("core", []))
        out.append(f"<h3>{esc(configuration_title(by_id.get(cid, {'id': cid}), lang))}</h3>")
        out.append(kv_table([(t(lang, "core"), core)], caption=t(lang, "cap_core", id=cid)))
        ranking = sorted(s.get("ranking") or [], key=lambda r: r["rank"])
        if ranking:
            # the uncertainty of the order: enhancement p-value, bootstrap P(first) and support for
            # ranking above the next condition (present when the pipeline ran the resampling)
            extra = [k for k in ("p_value", "p_first", "support_next") if any(r.get(k) is not None for r in ranking)]
            out.append(html_table([[r["rank"], var_label(results, r["auxiliary"], lang), r.get("q"),
                                    *(r.get(k) for k in extra)] for r in ranking],
                                  [t(lang, "rank"), t(lang, "auxiliary"), t(lang, "q"), *(t(lang, k) for k in extra)],
                                  caption=t(lang, "strategies_for", id=cid)))
            notes = ((s.get("result") or {}).get("notes") or [])
            out += [f"<p class=\"note\">{esc(n)}</p>" for n in notes]
        if s.get("q_max"):
            out.append(html_table([[var_label(results, r["core"], lang), var_label(results, r["partner"], lang),
                                    r.get("q")] for r in s["q_max"]],
                                  [t(lang, "core"), t(lang, "partner"), t(lang, "q_max")],
                                  caption=t(lang, "cap_qmax", id=cid)))
    if out:
        out.insert(0, f"<p class=\"note\">{esc(t(lang, 'strategy_note'))} {esc(t(lang, 'qmax_note'))} "
                      f"{esc(t(lang, 'strategy_uncertainty_note'))}</p>")
    geo_notes = _geodetector_notes(results)
    if geo_notes:
        out.append(f"<h3>{esc(t(lang, 'small_sample'))}</h3>" + "".join(f"<p class=\"note\">{esc(n)}</p>"
                                                                          for n in geo_notes))
    return "".join(out)


def _geodetector_notes(results) -> list[str]:
    """Small-sample warnings and choices the detectors reported (factor and interaction notes)."""
    geo = results.get("geodetector") or {}
    notes = list(geo.get("notes") or []) + list((geo.get("interaction_settings") or {}).get("notes") or [])
    return list(dict.fromkeys(notes))


def _relation(value, lang) -> str:
    try:
        return t(lang, str(value))
    except KeyError:
        return str(value)


def _robustness(results, lang) -> str:
    rob = results.get("robustness") or {}
    out = []
    fit = results.get("solution_fit") or {}
    tests = rob.get("tests") or []
    if tests:
        rows = [[f"({t(lang, 'solution')})", "", "", fit.get("inclS"), _pri(fit), fit.get("covS"), 0.0, 0.0]]
        rows[0][2] = t(lang, "identical")
        rows += [[r.get("test"), r.get("solution"), _relation(r.get("relation"), lang), r.get("inclS"), _pri(r),
                  r.get("covS"), r.get("d_inclS"), r.get("d_covS")] for r in tests]
        out.append(html_table(rows, [t(lang, k) for k in ("test", "solution", "relation", "incl", "pri", "cov",
                                                          "d_incl", "d_cov")], caption=t(lang, "rob_tests")))
    confs = rob.get("configurations") or []
    if confs:
        # configuration x test grid of set relations: one glance shows what survives which test
        ids = {c.get("term"): str(c.get("id")) for c in results.get("configurations") or []}
        tests_order = list(dict.fromkeys(r.get("test") for r in confs))
        terms = list(dict.fromkeys(r.get("term") for r in confs))
        cell = {(r.get("term"), r.get("test")): _relation(r.get("relation"), lang) for r in confs}
        rows = [[f"{ids[term]}: {term}" if term in ids else term, *(cell.get((term, x), "") for x in tests_order)]
                for term in terms]
        out.append(html_table(rows, [t(lang, "term"), *tests_order], caption=t(lang, "rob_configurations")))
    params = rob.get("fit_parameters") or {}
    if params:
        rows = []
        for key, value in params.items():
            try:
                meaning = t(lang, key)
            except KeyError:
                meaning = ""
            rows.append([key, value, meaning])
        out.append(html_table(rows, [t(lang, "parameter"), t(lang, "value"), t(lang, "meaning")],
                              caption=t(lang, "rob_fit")))
    terms = rob.get("robust_core_terms") or []
    cases = rob.get("robust_typical_cases") or []
    out.append(kv_table([(t(lang, "robust_core_terms"), " + ".join(terms) or t(lang, "none_listed")),
                         (t(lang, "robust_typical_cases"), _cases(cases, lang) or t(lang, "none_listed"))],
                        caption=t(lang, "rob_core")))
    return "".join(out)


# ---------------------------------------------------------------- assembly
def render_report(results: Mapping, lang: str | None = None, *, figures=None, manifest=None) -> str:
    """The report as an HTML string.

    ``figures`` is a list of ``(FigureSpec, png_bytes)``; by default every figure is drawn.
    """
    lang = _language(results, lang)
    if figures is None:
        figures = [(spec, render(spec)["png"]) for spec in figure_specs(results, lang)]
    study = results["study"]
    bodies = {
        "summary": summary_html(results, lang),
        "ranking": ranking_html(results, lang),
        "design": _design(results, lang, manifest),
        "calibration": _calibration(results, lang),
        "necessity": _necessity(results, lang),
        "nca": nca_section(results, lang, figures),
        "truth-table": _truth_table(results, lang),
        "configurations": _configurations(results, lang),
        "xy": _figures(figures, "xy"),
        "maps": _figures(figures, "maps") + f"<p class=\"note\">{esc(t(lang, 'map_note'))}</p>",
        "heatmaps": _figures(figures, "heatmaps"),
        "strategies": _strategies(results, lang),
        "robustness": _robustness(results, lang),
    }
    title = study_title(study, lang) or t(lang, "report_title")
    head = [f"<h1>{esc(title)}</h1>", f"<p class=\"note\">{esc(t(lang, 'report_title'))}</p>"]
    if study.get("synthetic"):
        head.append(f"<div class=\"banner\" id=\"synthetic-banner\" role=\"alert\">{esc(t(lang, 'synthetic_banner'))}"
                    + (f"<br><span style=\"font-weight:normal\">{esc(study.get('data_note', ''))}</span>"
                       if study.get("data_note") else "") + "</div>")
    extra = report_panel.sections(results, lang)   # diagnostics and panel: (anchor, heading, html)
    head.append(toc([(s, t(lang, _SECTION_KEY[s])) for s in SECTIONS] + [e[:2] for e in extra], t(lang, "contents")))
    sections = []
    for i, sid in enumerate(SECTIONS):
        klass = "major first" if i == 0 else "major"
        content = bodies[sid] or f"<p class=\"note\">{esc(t(lang, 'none_listed'))}</p>"
        sections.append(f"<section class=\"{klass}\" id=\"{sid}\"><h2>{esc(t(lang, _SECTION_KEY[sid]))}</h2>"
                        f"{content}</section>")
    sections += [f"<section class=\"major\" id=\"{a}\"><h2>{esc(h)}</h2>{body}</section>" for a, h, body in extra]
    return page(title, "\n".join(head + sections), lang)


def _report_figures(results_dir: Path, results: Mapping, lang: str):
    """PNG of every figure: the file ``make_figures`` wrote when it is in the report's language."""
    same_language = lang == results.get("study", {}).get("language")
    out = []
    for spec in figure_specs(results, lang):
        # only a file inside the results folder is read, whatever names results.json holds
        path = confined_path(results_dir, f"figures/{spec.name}.png", what="figure", error=ReportInputError)
        png = path.read_bytes() if same_language and path.is_file() else render(spec)["png"]
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
    results = load_results(results_dir)
    lang = _language(results, lang)
    manifest = None
    manifest_path = confined_path(results_dir, "manifest.json", what="manifest", error=ReportInputError)
    if manifest_path.is_file():
        manifest = read_json(manifest_path, what=str(manifest_path), error=ReportInputError)
    text = render_report(results, lang, figures=_report_figures(results_dir, results, lang), manifest=manifest)
    try:
        write_atomic(target, text)
    except OSError as exc:
        raise ReportInputError(f"cannot write the report {str(target)!r}: {exc.strerror or exc}") from None
    return target
