"""The workbench's state and its analysis: plain Python, no web framework.

A :class:`Workbench` holds everything the user chose (data, outcome, conditions, anchors,
cut-offs, directional expectations); :func:`analyse` runs the live part of a study on it with
the engines' public functions (calibration, truth table, the three solutions, configuration
table); :func:`study_files` writes the study file and a copy of the data that ``digigov run``
reproduces exactly, and :func:`open_study` reads one back. The web page (:mod:`digigov.app.server`)
only displays these objects, so that every number on screen is one a test can recompute.

Examples
--------
>>> from digigov.app.studyio import example_workbench
>>> wb = example_workbench()
>>> wb.outcome, len(wb.conditions), wb.incl_cut
('P', 9, 0.8)
>>> a = analyse(wb)
>>> a.solutions["parsimonious"].models[0].expression
'Cl + G*~R*Cs'
>>> a = analyse(wb.with_(incl_cut=0.9))
>>> all(r["incl"] >= 0.9 for r in a.truth_table.to_dict()["rows"] if r["OUT"] == "1")
True
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

import fsqca

__all__ = ["Workbench", "Analysis", "analyse", "numbers", "sensitivity", "nca_settings", "nca_test", "with_nca_test", "effective_cores", "parse_anchor", "DEFAULT_ANCHORS",
           "ANCHOR_KEYS", "UserInputError"]

DEFAULT_ANCHORS = {"exclusion": "p5", "crossover": "mean", "inclusion": "p95"}
ANCHOR_KEYS = ("exclusion", "crossover", "inclusion")
_ANCHOR = re.compile(r"^(p\d{1,2}(\.\d+)?|mean|median)$")


class UserInputError(ValueError):
    """Something the user gave cannot be used; the message says what and where."""


def parse_anchor(text) -> str | float:
    """An anchor as the study file writes it: a number, ``'pNN'``, ``'mean'`` or ``'median'``.

    >>> parse_anchor(" P95 "), parse_anchor("12.5"), parse_anchor(3)
    ('p95', 12.5, 3.0)
    >>> parse_anchor("high")
    Traceback (most recent call last):
    ...
    digigov.app.model.UserInputError: anchor 'high': expected a number, pNN (a percentile such as p95), mean or median
    """
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return float(text)
    s = str(text).strip().lower()
    if _ANCHOR.match(s):
        return s
    try:
        value = float(s)
    except ValueError:
        raise UserInputError(f"anchor {str(text).strip()!r}: expected a number, pNN (a percentile such as p95), "
                             "mean or median") from None
    if not np.isfinite(value):
        raise UserInputError(f"anchor {str(text).strip()!r}: expected a finite number")
    return value


@dataclass(frozen=True, eq=False)
class Workbench:
    """What the user has chosen so far: immutable, each change makes a new one (:meth:`with_`)."""

    data: pd.DataFrame = field(repr=False)          # numeric columns by case, exactly as read_table reads the copy
    outcome: str = ""
    conditions: tuple[str, ...] = ()
    case_column: str = "case"
    provinces: bool = False                          # the cases are China's 31 mainland provinces
    anchors: dict = field(default_factory=dict)      # column -> {exclusion, crossover, inclusion}
    avoid_half: float | None = 0.001
    percentile_method: str = "linear"
    incl_cut: float = 0.8
    pri_cut: float = 0.5
    n_cut: int = 1
    dir_exp: dict = field(default_factory=dict)
    labels: dict = field(default_factory=dict)       # column -> {"zh": ..., "en": ...}
    cores: dict | None = None                        # configurations.cores of an opened study
    order: tuple[str, ...] | None = None
    source: str = ""                                 # what the data are, in words (file name, "example")
    synthetic: bool = False
    note: str = ""
    calibrated: bool = False                         # the data are memberships already (a classic dataset)
    study: dict = field(default_factory=dict)        # the study: section (title, reference, year)
    kept: dict = field(default_factory=dict)         # sections the workbench keeps unchanged
    skipped: tuple[str, ...] = ()                    # text columns left out, with the reason
    panel: dict | None = None                        # a panel study's long data and the view shown (panelview)

    def with_(self, **changes) -> "Workbench":
        return replace(self, **changes)

    @property
    def province_cases(self) -> bool:
        """Every case is a province (in the package's spelling): maps can show them, even a few."""
        if self.provinces:
            return True
        is_prov, names, unknown = province_index(self.data.index)
        return is_prov and not unknown and list(names) == list(map(str, self.data.index))

    def anchor(self, column: str) -> dict:
        return {**DEFAULT_ANCHORS, **self.anchors.get(column, {})}

    def label(self, column: str, lang: str) -> str:
        return (self.labels.get(column) or {}).get(lang) or column


# ----------------------------------------------------------------------------------- analysis
@dataclass(frozen=True, eq=False)
class Analysis:
    """The live results of a workbench: the engines' own result objects."""

    calibration: fsqca.CalibrationResult | None = None
    truth_table: fsqca.TruthTable | None = None
    solutions: dict = field(default_factory=dict)
    configurations: fsqca.ConfigurationTable | None = None
    notes: tuple[str, ...] = ()
    error: str | None = None                         # the first step that could not run, and why
    given: pd.DataFrame | None = field(default=None, repr=False)   # memberships given with the data

    @property
    def memberships(self) -> pd.DataFrame | None:
        return self.given if self.calibration is None else self.calibration.data


def _calibration_spec(wb: Workbench) -> dict:
    return {c: {"thresholds": wb.anchor(c)} for c in (*wb.conditions, wb.outcome)}


def calibrate(wb: Workbench) -> fsqca.CalibrationResult:
    """Direct calibration of the outcome and conditions with the workbench's anchors."""
    cols = [*wb.conditions, wb.outcome]
    return fsqca.calibrate_frame(wb.data[cols].astype(float), _calibration_spec(wb), avoid_half=wb.avoid_half,
                                 percentile_method=wb.percentile_method)


def _labels(wb: Workbench, lang: str) -> dict:
    return {c: wb.label(c, lang) for c in (*wb.conditions, wb.outcome) if c in wb.labels}


_CALIBRATIONS: dict = {}


def _calibrate_cached(wb: Workbench) -> fsqca.CalibrationResult:
    """Calibration depends on the data and anchors only: moving a cut-off does not redo it."""
    key = (id(wb.data), wb.outcome, wb.conditions, repr(sorted((c, sorted(wb.anchor(c).items()))
                                                              for c in (*wb.conditions, wb.outcome))),
           wb.avoid_half, wb.percentile_method)
    hit = _CALIBRATIONS.get(key)
    if hit is not None and hit[0] is wb.data:
        return hit[1]
    cal = calibrate(wb)
    if len(_CALIBRATIONS) > 64:
        _CALIBRATIONS.clear()
    _CALIBRATIONS[key] = (wb.data, cal)
    return cal


def analyse(wb: Workbench, lang: str = "en") -> Analysis:
    """Calibration, truth table, the three solutions and the configuration table.

    The steps are those of ``digigov run`` with the same settings, so the numbers are the ones a
    saved study reproduces. A step that cannot run stops the chain; its message is kept in
    :attr:`Analysis.error` (the page shows it and keeps the earlier steps).
    """
    if not wb.outcome or not wb.conditions:
        return Analysis(error="choose the outcome and at least one condition")
    given = None
    if wb.calibrated:
        cal, given = None, wb.data[[*wb.conditions, wb.outcome]].astype(float)
        outside = [c for c in given.columns if not given[c].between(0, 1).all()]
        if outside:
            return Analysis(error=f"column {outside[0]!r} has values outside [0, 1]: these data are memberships "
                                  "already, every column must be")
        mem = given
    else:
        try:
            cal = _calibrate_cached(wb)
        except ValueError as exc:
            return Analysis(error=f"calibration: {exc}")
        mem = cal.data
    try:
        tt = fsqca.truth_table(mem, wb.outcome, list(wb.conditions), incl_cut=wb.incl_cut,
                               pri_cut=wb.pri_cut, n_cut=wb.n_cut)
    except ValueError as exc:
        return Analysis(cal, error=f"truth table: {exc}", given=given)
    opts = {"max_models": 1000, "node_limit": 10_000, "progress": False}
    try:
        sols = {"complex": fsqca.minimize(tt, "complex", **opts),
                "parsimonious": fsqca.minimize(tt, "parsimonious", **opts),
                "intermediate": fsqca.minimize(tt, "intermediate", dir_exp=dict(wb.dir_exp) or None, **opts)}
    except ValueError as exc:
        return Analysis(cal, tt, error=f"minimisation: {exc}", given=given)
    notes = []
    if not sols["intermediate"].models:
        return Analysis(cal, tt, sols, None, tuple(notes), given=given)
    cores = wb.cores
    try:
        table = fsqca.configuration_table(sols["intermediate"], sols["parsimonious"], lang=lang,
                                          labels=_labels(wb, lang), cores=cores)
    except ValueError:
        # the study's chosen cores belong to another solution (the cut-offs moved): the table
        # falls back to the default cores, and the saved study leaves them out (see effective_cores)
        table = fsqca.configuration_table(sols["intermediate"], sols["parsimonious"], lang=lang,
                                          labels=_labels(wb, lang))
        notes.append("the study's chosen cores (configurations.cores) do not fit this solution: "
                     "the table shows the default cores, and a saved study leaves them out")
    if wb.order:
        notes.append("configurations.order of the opened study is not applied in the workbench and not saved")
    return Analysis(cal, tt, sols, table, tuple(notes), given=given)


def sensitivity(wb: Workbench, incl_cuts=(0.75, 0.8, 0.85, 0.9, 0.95), progress=None) -> list[dict]:
    """The solutions at several consistency cut-offs (the other settings as they are).

    One row per cut-off: the number of sufficient rows, the parsimonious and intermediate models
    and the intermediate solution's fit; how sensitive the result is to the cut-off (Oana &
    Schneider 2021 call this the first robustness check). ``progress(fraction, text)`` is called
    before each cut-off; an exception it raises stops the sweep (the page's Cancel).

    >>> from digigov.app.studyio import example_workbench
    >>> seen = []
    >>> rows = sensitivity(example_workbench(), (0.8, 0.95), progress=lambda f, s: seen.append((f, s)))
    >>> [r["n_sufficient"] for r in rows], seen
    ([6, 3], [(0.0, 'incl_cut 0.8'), (0.5, 'incl_cut 0.95')])
    """
    out = []
    for i, cut in enumerate(incl_cuts):
        if progress is not None:
            progress(i / len(incl_cuts), f"incl_cut {cut:g}")
        a = analyse(wb.with_(incl_cut=float(cut)))
        if a.truth_table is None:
            continue
        rows = a.truth_table.to_dict()["rows"]
        inter = a.solutions.get("intermediate")
        fit = inter.models[0].fit.to_dict() if inter is not None and inter.models else None
        out.append({"incl_cut": float(cut), "n_sufficient": sum(1 for r in rows if str(r["OUT"]) == "1"),
                    "parsimonious": [m.expression for m in a.solutions["parsimonious"].models],
                    "intermediate": [m.expression for m in inter.models] if inter is not None else [],
                    "inclS": None if fit is None else fit["inclS"], "covS": None if fit is None else fit["covS"]})
    return out


def nca_settings(wb: Workbench) -> dict:
    """The NCA settings of the workbench: the opened study's ``nca:`` section over the defaults."""
    from .bridge import nca_defaults

    return {**nca_defaults(), **(wb.kept.get("nca") or {})}


def nca_test(wb: Workbench, test_rep: int, seed: int, memberships: pd.DataFrame | None = None, progress=None):
    """NCA with its permutation test, as ``digigov run`` computes it with ``nca: {test_rep, seed}``.

    The data (raw or calibrated), ceilings and conditions come from :func:`nca_settings`;
    ``progress(done, test_rep)`` follows the permutations (an exception it raises stops them).
    """
    st = nca_settings(wb)
    conds = [c for c in (st.get("conditions") or wb.conditions) if c in wb.conditions] or list(wb.conditions)
    data = memberships if st["data"] == "calibrated" and memberships is not None else wb.data
    return fsqca.nca(data[[wb.outcome, *conds]].astype(float), wb.outcome, conds, ceilings=st["ceilings"],
                     test_rep=int(test_rep), seed=int(seed), steps=st["steps"], bottleneck_x=st["bottleneck_x"],
                     bottleneck_y=st["bottleneck_y"], progress=progress)


def with_nca_test(wb: Workbench, test_rep: int, seed: int) -> Workbench:
    """The workbench whose saved study runs NCA's permutation test with these settings."""
    nca = {**(wb.kept.get("nca") or {}), "test_rep": int(test_rep), "seed": int(seed)}
    return wb.with_(kept={**wb.kept, "nca": nca})


def effective_cores(wb: Workbench) -> dict | None:
    """The opened study's ``configurations.cores`` when they fit the current solution, else None."""
    if not wb.cores:
        return None
    a = analyse(wb)
    return None if a.configurations is None or any("configurations.cores" in n for n in a.notes) else wb.cores


def numbers(wb: Workbench, a: Analysis) -> dict:
    """The numbers on screen, at full precision, in the layout of ``results.json`` (for checking)."""
    out = {"truth_table": None, "solutions": {}, "solution_fit": None}
    if a.truth_table is not None:
        tt = a.truth_table.to_dict()
        out["truth_table"] = {k: tt[k] for k in ("incl_cut", "pri_cut", "n_cut")}
        out["truth_table"]["rows"] = [{k: r[k] for k in ("row", "OUT", "n", "incl", "PRI")} for r in tt["rows"]]
    for kind, sol in a.solutions.items():
        out["solutions"][kind] = [{"expression": m.expression,
                                   "fit": {k: m.fit.to_dict()[k] for k in ("inclS", "PRI", "covS")}}
                                  for m in sol.models]
    if a.configurations is not None:
        out["solution_fit"] = a.configurations.to_dict()["solution_fit"]
    if a.memberships is not None:
        out["memberships"] = {str(i): row for i, row in a.memberships.to_dict(orient="index").items()}
    return out


def province_index(index: pd.Index) -> tuple[bool, pd.Index, list[str]]:
    """Whether the cases are provinces, their English names, and the names not recognised.

    The cases count as provinces when at least half of them are province names in any spelling
    the package knows (浙江, 浙江省, Zhejiang, 330000); the others are then reported as unknown.
    """
    from indicators import get_province

    names, unknown = [], []
    for key in index:
        try:
            names.append(get_province(key).name_en)
        except (KeyError, ValueError):
            names.append(str(key))
            unknown.append(str(key))
    is_prov = len(unknown) * 2 <= len(index)
    return is_prov, pd.Index(names), unknown
