"""The workbench's only doors into the rest of :mod:`digigov`: reading a study file and its data,
the study file's defaults, and rerunning a study's methods on the workbench's analysis with the
pipeline's own code (so that what the page shows is what the saved study's results hold).

Everything else the workbench computes comes from the engines' public APIs (:mod:`fsqca`,
:mod:`geodetector`, :mod:`indicators`). The methods are reached through the registry's hooks
only (:mod:`digigov.methods.base`): this file, like every module of the workbench, names no
method's module. Keeping the study-file reader, the composite builder and the pipeline behind
these functions means that a change to how ``digigov`` organises its study code touches this
file only.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

__all__ = ["example_study_path", "example_panel_path", "read_study", "study_analysis_table", "panel_settings",
           "nca_defaults", "rerun", "verdicts", "sections_html", "figure_captions",
           "figure_png", "compare_sections_html", "sheet_caption", "report_word", "panel_word",
           "configuration_roles", "STUDY_ERRORS"]


def example_study_path() -> Path:
    """The bundled example study file (the reference study's design on synthetic data)."""
    from digigov.study import EXAMPLE_STUDY

    return Path(EXAMPLE_STUDY)


def example_panel_path() -> Path:
    """The bundled panel example (31 provinces x 2019-2023, synthetic)."""
    from digigov.study import EXAMPLE_PANEL

    return Path(EXAMPLE_PANEL)


def read_study(path: str | Path) -> dict:
    """The validated study file as a plain mapping (every key checked, errors name the line)."""
    from digigov.study import load_study

    return load_study(path).spec


def study_analysis_table(path: str | Path) -> pd.DataFrame:
    """The study's outcome and conditions by case, after its composite recipes, as ``digigov run`` builds them.

    The frame keeps the raw data's ``attrs`` (``synthetic``, ``note``). For a panel study (long
    data, one case per unit and period, labelled ``"unit period"``) ``attrs["panel_cases"]`` holds
    each case's unit and period.
    """
    from digigov.data import build_composites
    from digigov.study import load_study
    from digigov.variants import variant_of

    study = load_study(path)
    raw, _ = variant_of(study).load(study)
    comps = build_composites(raw, study)
    table = comps.data[[study.outcome, *study.conditions]].copy()
    table.attrs = dict(raw.attrs)
    if study.spec.get("panel") is not None:
        unit, period = study.get("panel", "unit"), study.get("panel", "period")
        table.attrs["panel_cases"] = raw.loc[table.index, [unit, period]].astype(str)
    return table


def configuration_roles(table, conditions, *, core: str = "all", auxiliaries: str = "present") -> list:
    """Each configuration's ``(id, core conditions, auxiliary conditions)`` as ``digigov run``
    chooses them (the study file's ``geodetector.core`` and ``geodetector.auxiliaries`` are
    ``core`` and ``auxiliaries``): the first method of the registry that chooses them; ``[]``
    when none does."""
    from digigov.methods import REGISTRY

    for method in REGISTRY:
        roles = method.configuration_roles(table, conditions, core=core, auxiliaries=auxiliaries)
        if roles is not None:
            return roles
    return []


def panel_settings(spec: dict) -> dict:
    """A panel study's ``panel:`` section over its defaults (unit, period, calibration, allow_unbalanced)."""
    from digigov.study import DEFAULTS

    return {**DEFAULTS["panel"], **(spec.get("panel") or {})}


def nca_defaults() -> dict:
    """The defaults of a study file's ``nca:`` section (what ``digigov run`` uses for a missing key)."""
    from digigov.study import DEFAULTS

    return dict(DEFAULTS["nca"])


def rerun(path: str | Path, analysis, *, when: str, progress=None):
    """The study's methods that offer a rerun ``when`` (``"live"``: quick, with every analysis;
    ``"on_request"``: long, on a button), run by ``digigov run``'s own code on the workbench's
    analysis (:func:`digigov.pipeline.rerun`; a :class:`digigov.pipeline.Rerun`).

    ``path`` is the study the workbench would save, ``analysis`` its live
    :class:`~digigov.app.model.Analysis` of it (the same memberships and solutions as
    ``digigov run``'s); ``progress(done, total, label)`` follows a long step, and an exception
    it raises stops it.
    """
    from digigov.pipeline import rerun as run_again

    given = {"calibration": analysis.calibration, "truth_table": analysis.truth_table,
             "solutions": analysis.solutions, "configurations": analysis.configurations}
    return run_again(path, {k: v for k, v in given.items() if v is not None}, when=when, progress=progress or False)


def verdicts(results) -> list[tuple[str, dict]]:
    """Every method's ``(verdict, counts)`` on the parts of ``results.json`` in ``results``."""
    from digigov.methods import REGISTRY

    return [v for method in REGISTRY if (v := method.verdict(results)) is not None]


def sections_html(rerun_result, lang: str) -> str:
    """The report's sections of the methods of ``rerun_result`` in ``lang`` (the same HTML as
    ``report.html``, tables numbered, without figures: :func:`figure_captions`), in the report's
    order; a section that leads the report's summary has no heading of its own (its body has)."""
    from digigov.templates import esc, number_captions

    view = rerun_result.view
    sections = sorted((s for method in rerun_result.methods for s in method.sections(view, lang, [])),
                      key=lambda s: s.order)
    body = "".join(("" if s.anchor == "summary" else f"<h5>{esc(s.heading)}</h5>") + s.body for s in sections)
    return number_captions(body, lang)


def _figure_specs(rerun_result, lang: str) -> list:
    from dataclasses import replace

    from digigov.figures import synthetic_stamp

    view = rerun_result.view
    stamp = synthetic_stamp(view, lang)
    return [replace(spec, stamp=stamp) for method in rerun_result.methods for spec in method.figures(view, lang)]


def figure_captions(rerun_result, lang: str) -> list[str]:
    """The captions of the report's figures of the methods of ``rerun_result``, in ``lang``."""
    return [spec.caption for spec in _figure_specs(rerun_result, lang)]


def figure_png(rerun_result, index: int, lang: str) -> bytes:
    """The ``index``-th of :func:`figure_captions`, drawn as the report draws it (PNG)."""
    from digigov.figures import render

    return render(_figure_specs(rerun_result, lang)[index])["png"]


def compare_sections_html(rerun_result, units, lang: str) -> str:
    """The province comparison's sections of the methods of ``rerun_result`` for the provinces
    ``units`` (case names of the pooled view's units), as ``digigov compare`` writes them (a
    panel's: each province's memberships in every period, table and chart), tables numbered."""
    from digigov.compare import ProvinceComparison
    from digigov.tables import Table, to_html
    from digigov.templates import number_captions

    # the sections read each province's case name and its name in the page's language only
    comps = [ProvinceComparison.names_only(unit) for unit in units]
    blocks = [b for method in rerun_result.methods for b in method.compare_sections(rerun_result.view, comps, lang)]
    return number_captions("".join(to_html(b) if isinstance(b, Table) else b for b in blocks), lang)


def sheet_caption(rerun_result, stem: str, lang: str) -> str:
    """What one file of ``tables/`` of ``rerun_result`` holds, in ``lang`` (the workbook's caption), else its name."""
    for method in rerun_result.methods:
        caption = method.sheet_caption(stem, lang)
        if caption:
            return caption
    return f"{stem}.csv"


def report_word(key: str, lang: str) -> str:
    """A word of the report's catalogue in ``lang`` (such as a robustness relation), else ``key``."""
    from digigov.templates.strings import t_or

    return t_or(lang, key, key)


def panel_word(role: str, column: str, lang: str, labels: dict | None = None) -> str:
    """The report's word in ``lang`` for a panel study's unit (``role="unit"``) or period
    (``role="period"``) column: the study's label of the column, else 省份 and 年份 for
    ``province`` and ``year``, else the column's name (单位 or 时期 in Chinese).

    >>> panel_word("period", "year", "zh"), panel_word("unit", "province", "en"), panel_word("unit", "kreis", "zh")
    ('年份', 'province', '单位')
    """
    from digigov.methods import REGISTRY

    return next(m for m in REGISTRY if m.name == "panel").word(role, column, lang, labels)


def _errors() -> tuple:
    from digigov.errors import StudyError

    return (StudyError,)


#: Exceptions of the study reader that carry a message meant for the user.
STUDY_ERRORS = _errors()
