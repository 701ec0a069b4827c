"""The interface of one analysis of a study (a *method*), and the run's shared context.

A method is one folder under ``digigov/methods/`` holding a :class:`Method` subclass; the
registry (:data:`digigov.methods.REGISTRY`) lists them in the order they run.  Everything a
method contributes goes through these hooks, so that the pipeline, the HTML report, the
province comparison and the Word and Excel exports loop over the registry and never name a
method:

========================  ==============================================================
hook                      what it gives
========================  ==============================================================
``enabled(study)``        whether the study file turns it on
``check(ctx)``            checks of its settings against the data, before any method runs
``run(ctx)``              its step: engine calls only; stores result objects in ``ctx``
``results(ctx)``          its part of ``results.json`` (top-level keys)
``csv_tables(ctx)``       the CSV files of ``tables/`` (:class:`CsvTable`)
``sheet_caption``         what a CSV of it holds, for the Excel contents sheet
``sheet_table``           a CSV of it shown in the export's language (a table of words)
``tables(view, lang)``    its publication tables (:class:`digigov.tables.Table`: Word, HTML)
``figures(view, lang)``   its figures (:class:`digigov.figures.FigureSpec`)
``sections(...)``         its report sections (:class:`Section`)
``findings(...)``         lines of the report's first screen
``design_rows``           its settings in the report's design table
``summary_lines``         lines of the command's summary
``compare_case``          its facts about one compared province (a small ``Result``), kept
                          in ``comparison.parts[name]``; sees the parts of earlier methods
``compare_columns``       its columns of the comparison's overview table
``compare_facts``         its rows of a province's key-facts table
``compare_blocks``        its blocks of a province's section (:class:`~digigov.tables.Table`:
                          page and Word file; HTML strings: the page only)
``compare_rows``          its rows of the side-by-side table: ``(label, one value per
                          province)``, a value a :class:`~digigov.tables.Marked` to flag it
``compare_sections``      blocks of the province comparison, after the provinces (HTML
                          strings: the page; tables of the table model: page and Word file)
``rerun``                 whether its step can be rerun on an analysis computed elsewhere
                          (the workbench's), and when (:func:`digigov.pipeline.rerun`)
``verdict``               its one-word verdict on the study and the counts behind it
``configuration_roles``   each configuration's core and auxiliary conditions, as its step
                          chooses them
========================  ==============================================================

A method reads only what ``results.json`` holds (through :class:`digigov.view.ResultsView`)
when it presents; figures never call an engine.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

__all__ = ["Method", "Context", "Section", "CsvTable"]


@dataclass(frozen=True)
class Section:
    """One report section: its anchor (``id``), heading, HTML body and place in the report.

    ``order`` sorts the sections of all methods (the report's summary comes first and its
    appendix last): 10 calibration, 20 necessity, 25 NCA, 30-50 sufficiency, 60-70 the
    geographical detector, 80 robustness, 90 diagnostics; a panel's section follows the summary
    (4).  A section with the anchor ``summary`` and a negative order leads the summary (the
    calibration's warnings at -2, a panel's change over time at -1), before the methods' findings.
    """

    anchor: str
    heading: str
    body: str
    order: float = 100.0


@dataclass(frozen=True)
class CsvTable:
    """One file of ``tables/``: its name, the frame, and whether the index is written."""

    name: str
    frame: pd.DataFrame = field(repr=False)
    index: bool = True
    text: str | None = field(default=None, repr=False)   # written as is (e.g. Markdown) instead of a CSV


@dataclass(eq=False)
class Context:
    """What the steps of a run share: the study, its variant, the data, and each step's results.

    ``outputs`` maps a name (``"calibration"``, ``"truth_table"``, ...) to the engine's result
    object; a method stores under its own names and reads the names of the methods before it.
    """

    study: object
    variant: object
    frame: pd.DataFrame = field(repr=False)       # the data with the composite columns
    composites: object = field(repr=False)
    data_path: object = None
    progress: bool = False
    step: object = field(default=lambda name: None, repr=False)   # step(label): the progress line
    outputs: dict = field(default_factory=dict, repr=False)

    @property
    def raw(self) -> pd.DataFrame:
        """Outcome and conditions before calibration."""
        s = self.study
        return self.frame[[s.outcome, *s.conditions]].astype(float)

    def __getitem__(self, name: str):
        return self.outputs[name]

    def get(self, name: str, default=None):
        return self.outputs.get(name, default)


class Method:
    """One analysis of a study; subclasses override the hooks they use (all default to nothing)."""

    #: Short name (the folder's name).
    name: str = ""
    #: Names of the result objects its step stores in ``ctx.outputs`` (default: its name); a
    #: :class:`digigov.pipeline.StudyRun` shows each as an attribute, None when it did not run.
    outputs: tuple[str, ...] = ()

    #: Progress lines of its step: the pipeline prints the first before :meth:`run`, which prints
    #: the others with ``ctx.step(label)`` (none: the step runs without a line of its own).
    steps: tuple[str, ...] = ()

    #: When its step may be rerun on result objects computed elsewhere (the workbench's live
    #: analysis of the study it would save; :func:`digigov.pipeline.rerun`): ``""`` never,
    #: ``"live"`` with every analysis (a quick step reading only the calibration and sufficiency
    #: results), ``"on_request"`` when asked (a long step: it follows ``ctx.progress``).
    rerun: str = ""

    def enabled(self, study) -> bool:
        return True

    def output_names(self) -> tuple[str, ...]:
        return self.outputs or (self.name,)

    def check(self, ctx: Context) -> None:
        """Refuse settings the data cannot satisfy (one clear error each) before any method runs;
        what it builds for that may be kept in ``ctx.outputs`` for :meth:`run`."""
        return None

    def run(self, ctx: Context) -> None:
        return None

    def results(self, ctx: Context) -> dict:
        return {}

    def csv_tables(self, ctx: Context) -> list[CsvTable]:
        return []

    def sheet_caption(self, stem: str, lang: str) -> str | None:
        return None

    def sheet_table(self, stem: str, view, lang: str):
        """A :class:`digigov.tables.Table` that shows one of its CSV files in ``lang`` in the
        workbook (for a CSV whose labels are words of the run's language), else None."""
        return None

    def tables(self, view, lang: str) -> list:
        return []

    def warnings(self, view, lang: str) -> list[str]:
        """Sentences a reader must see before any table (the workbook's contents sheet), in ``lang``."""
        return []

    def figures(self, view, lang: str) -> list:
        return []

    def sections(self, view, lang: str, figures) -> list[Section]:
        return []

    def findings(self, view, lang: str, per_configuration) -> list[str]:
        """HTML blocks of the report's first screen; ``per_configuration(id)`` gives the lines
        every method adds under one configuration (:meth:`configuration_findings`)."""
        return []

    def configuration_findings(self, view, lang: str, config_id: str) -> list[str]:
        return []

    def design_rows(self, view, lang: str) -> list[tuple[str, str]]:
        """``(label, value)`` rows of the report's design table (its settings)."""
        return []

    def summary_lines(self, results: dict) -> list[str]:
        return []

    def verdict(self, results) -> tuple[str, dict] | None:
        """Its verdict on the study in one word and the counts behind it, from the parts of
        ``results.json`` in ``results`` (None: it gives none, or its part is not there)."""
        return None

    def configuration_roles(self, table, conditions, *, core: str = "all", auxiliaries: str = "present") -> list | None:
        """Each configuration's ``(id, core conditions, auxiliary conditions)`` of ``table`` (a
        :class:`fsqca.ConfigurationTable`) among ``conditions``, as its step chooses them (None:
        it chooses none)."""
        return None

    def compare_case(self, view, case: str, parts: dict):
        """Its facts about ``case`` (a :class:`libdigigov.results.Result`, or None: no part);
        ``parts`` maps the names of the methods before it to theirs."""
        return None

    def compare_columns(self, view, comparison, lang: str) -> list[tuple[str, object]]:
        """``(header, value)`` columns of the overview table for one compared province."""
        return []

    def compare_facts(self, view, comparison, lang: str) -> list[tuple[str, str]]:
        """``(label, value)`` rows of one province's key-facts table."""
        return []

    def compare_blocks(self, view, comparison, lang: str) -> list:
        """Blocks of one province's section: tables of the table model or HTML strings."""
        return []

    def compare_rows(self, view, comparisons, lang: str) -> list[tuple[str, list]]:
        """Rows of the side-by-side table: ``(label, [value of each compared province])``."""
        return []

    def compare_sections(self, view, comparisons, lang: str) -> list:
        """Blocks after the provinces: HTML strings (the page) or tables of the table model
        (the page and the Word file)."""
        return []
