"""The workbench's only doors into the rest of :mod:`digigov`: reading a study file and its data,
the study file's defaults, and running a study's robustness plan with the pipeline's own code
(so that the page's tests are the saved study's).

Everything else the workbench computes comes from the engines' public APIs (:mod:`fsqca`,
:mod:`geodetector`, :mod:`indicators`). Keeping the study-file reader, the composite builder
and the study's choice of each configuration's core and auxiliary conditions (the strategy
ranking's input) behind these functions means that a change to how ``digigov`` organises its
study code touches this file only.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

__all__ = ["example_study_path", "example_panel_path", "read_study", "study_analysis_table", "panel_settings",
           "nca_defaults", "robustness_plan", "robustness_verdict", "report_word", "strategy_conditions",
           "STUDY_ERRORS"]


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


def strategy_conditions(table, conditions, *, core: str = "all", auxiliaries: str = "present") -> list:
    """Each configuration's ``(id, core conditions, auxiliary conditions)`` as ``digigov run``
    chooses them for its strategy ranking (the study file's ``geodetector.core`` and
    ``geodetector.auxiliaries`` are ``core`` and ``auxiliaries``)."""
    from digigov.methods.geodetector.step import strategy_conditions as choose

    return choose(table, conditions, core=core, auxiliaries=auxiliaries)


def panel_settings(spec: dict) -> dict:
    """A panel study's ``panel:`` section over its defaults (unit, period, calibration, allow_unbalanced)."""
    from digigov.study import DEFAULTS

    return {**DEFAULTS["panel"], **(spec.get("panel") or {})}


def nca_defaults() -> dict:
    """The defaults of a study file's ``nca:`` section (what ``digigov run`` uses for a missing key)."""
    from digigov.study import DEFAULTS

    return dict(DEFAULTS["nca"])


def robustness_plan(path: str | Path, memberships: pd.DataFrame, initial, progress=None):
    """The study file's robustness plan (``robustness:``), run as ``digigov run`` runs it; None without one.

    ``memberships`` and ``initial`` (the intermediate solution) are the workbench's, which are
    ``digigov run``'s for the study saved at ``path``. ``progress(done, total, label)`` follows the
    tests; an exception it raises stops them.
    """
    from digigov.data import build_composites
    from digigov.methods.robustness import robustness
    from digigov.study import load_study
    from digigov.variants import variant_of

    study = load_study(path)
    variant = variant_of(study)
    raw, _ = variant.load(study)
    comps = build_composites(raw, study)
    return robustness(study, variant, comps.data, memberships, initial, progress or False)


def robustness_verdict(result) -> tuple[str, dict]:
    """``("robust" | "partly" | "fragile" | "untested", counts of each relation)`` of a robustness result."""
    from digigov.methods.robustness import robustness_verdict as verdict

    return verdict({"robustness": result.to_dict()})


def report_word(key: str, lang: str) -> str:
    """A word of the report's catalogue in ``lang`` (such as a robustness relation), else ``key``."""
    from digigov.templates.strings import t_or

    return t_or(lang, key, key)


def _errors() -> tuple:
    from digigov.errors import StudyError

    return (StudyError,)


#: Exceptions of the study reader that carry a message meant for the user.
STUDY_ERRORS = _errors()
