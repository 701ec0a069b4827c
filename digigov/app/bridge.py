"""The workbench's only doors into the rest of :mod:`digigov`: reading a study file and its data.

Everything else the workbench computes comes from the engines' public APIs (:mod:`fsqca`,
:mod:`geodetector`, :mod:`indicators`). Keeping the study-file reader and the composite
builder behind these functions means that a change to how ``digigov`` organises its
study code touches this file only.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

__all__ = ["example_study_path", "read_study", "study_analysis_table", "nca_defaults", "STUDY_ERRORS"]


def example_study_path() -> Path:
    """The bundled example study file (the reference study's design on synthetic data)."""
    from digigov.study import EXAMPLE_STUDY

    return Path(EXAMPLE_STUDY)


def read_study(path: str | Path) -> dict:
    """The validated study file as a plain mapping (every key checked, errors name the line)."""
    from digigov.study import load_study

    return load_study(path).spec


def study_analysis_table(path: str | Path) -> pd.DataFrame:
    """The study's outcome and conditions by case, after its composite recipes, as ``digigov run`` builds them.

    The frame keeps the raw data's ``attrs`` (``synthetic``, ``note``).
    """
    from digigov.data import build_composites, load_data
    from digigov.study import load_study

    study = load_study(path)
    raw, _ = load_data(study)
    comps = build_composites(raw, study)
    table = comps.data[[study.outcome, *study.conditions]].copy()
    table.attrs = dict(raw.attrs)
    return table


def nca_defaults() -> dict:
    """The defaults of a study file's ``nca:`` section (what ``digigov run`` uses for a missing key)."""
    from digigov.study import DEFAULTS

    return dict(DEFAULTS["nca"])


def _errors() -> tuple:
    from digigov.errors import StudyError

    return (StudyError,)


#: Exceptions of the study reader that carry a message meant for the user.
STUDY_ERRORS = _errors()
