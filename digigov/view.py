"""The one reader of a results folder, and the view every output shares.

:func:`read_results` reads ``results.json`` (and ``manifest.json``) of a folder written by
``digigov run`` and validates it against the published schema once; a :class:`ResultsView`
is that dictionary with what every output needs to show it: variable labels, case names in
the page's language (``北京``, ``浙江 2019年``) and the memberships as a frame.  What one
method reads from its own part of the results (a frame derived from it, a title) lives in
that method's folder, which adds it to every view with :func:`register_accessor`, so that the
other methods and outputs read it from the view without naming the method that gives it.  The report, the comparison, the exports and the
figures all read through it; the run hands its in-memory view to the report, so nothing the
run has just written is read back.
"""
from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from pathlib import Path

import pandas as pd

from libdigigov.safe_load import read_json
from libdigigov.safety import confined_path

from .errors import StudyError
from .output import MARKER
from .schema import SchemaError, validate_results
from .templates.strings import LANGUAGES

__all__ = ["ResultsView", "ResultsFolderError", "read_results", "var_label", "case_label", "memberships_frame",
           "plain_label", "latest_period", "register_accessor"]

#: Accessors the methods add to every view: name -> (function(view, ...), computed once as a value).
_ACCESSORS: dict[str, tuple] = {}


def register_accessor(name: str, function, *, value: bool = False) -> None:
    """Add ``view.<name>`` to every :class:`ResultsView`: a method's reading of its own part of
    the results, for every output (as a method adds its strings to the catalogue).

    ``view.<name>(...)`` calls ``function(view, ...)``; with ``value=True``, ``view.<name>`` is
    ``function(view)``, computed once per view.

    Examples
    --------
    >>> register_accessor("demo_count", lambda view: len(view.get("memberships") or {}), value=True)
    >>> ResultsView({"memberships": {"a": {}, "b": {}}}).demo_count
    2
    """
    _ACCESSORS[name] = (function, value)


class ResultsFolderError(StudyError):
    """The results folder or its ``results.json`` cannot be read; the message says what to do."""


def read_results(results_dir, *, error: type[StudyError] = ResultsFolderError) -> ResultsView:
    """Read, check and validate ``results_dir/results.json`` (with ``manifest.json`` when present).

    Every failure is one ``error`` naming the folder or the key at fault.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> read_results(folder / "nothing")
    Traceback (most recent call last):
    ...
    digigov.view.ResultsFolderError: ... is not a folder: give the results folder written by `digigov run`
    >>> read_results(folder)
    Traceback (most recent call last):
    ...
    digigov.view.ResultsFolderError: no results.json in ...: run `digigov run STUDY.yaml --out DIR` first
    """
    folder = Path(results_dir)
    if not folder.is_dir():
        raise error(f"{folder} is not a folder: give the results folder written by `digigov run`")
    path = folder / "results.json"
    if not path.is_file():
        raise error(f"no results.json in {folder}: run `digigov run STUDY.yaml --out DIR` first")
    # strict JSON (no NaN/Infinity), then the published schema: the same checks for every output
    results = read_json(path, what=str(path), error=error)
    if not isinstance(results, dict) or not str(results.get("schema", "")).startswith(MARKER):
        found = results.get("schema") if isinstance(results, dict) else type(results).__name__
        raise error(f"{path}: not the results of a digigov study (schema {found!r})")
    files = results.get("files") if isinstance(results.get("files"), dict) else {}
    for rel in [*(files.get("tables") or []), *(files.get("figures") or [])]:
        if isinstance(rel, str):     # a file results.json lists is read only from inside the folder
            confined_path(folder, rel, what="file listed in results.json", error=error)
    try:
        validate_results(results, where=str(path))
    except SchemaError as exc:
        raise error(str(exc)) from None
    manifest = None
    manifest_path = confined_path(folder, "manifest.json", what="manifest", error=error)
    if manifest_path.is_file():
        manifest = read_json(manifest_path, what=str(manifest_path), error=error)
    return ResultsView(results, folder=folder, manifest=manifest)


# ---------------------------------------------------------------- labels
def var_label(results: Mapping, var: str, lang: str) -> str:
    """Display label of an outcome or condition, e.g. ``"政府统筹 (G)"``."""
    text = ((results.get("study") or {}).get("labels", {}).get(var) or {}).get(lang)
    return f"{text} ({var})" if text and text != var else var


def plain_label(results: Mapping, var: str, lang: str) -> str:
    """The condition's label without its code ("government coordination"), else the code."""
    text = ((results.get("study") or {}).get("labels", {}).get(var) or {}).get(lang)
    return text or var


def case_label(case, lang: str) -> str:
    """A case's name in ``lang``: a province's name, ``"浙江 2019年"`` for a province-year.

    Examples
    --------
    >>> case_label("Zhejiang", "zh"), case_label("Zhejiang 2019", "zh"), case_label("Zhejiang 2019", "en")
    ('浙江', '浙江 2019年', 'Zhejiang 2019')
    >>> case_label("my case", "zh")
    'my case'
    """
    from indicators import find_province

    text = str(case)
    # find_province, not get_province: no close-spelling search per non-province case
    found = find_province(text)
    if found is not None:
        return found.label("zh" if lang == "zh" else "en")
    head, _, tail = text.rpartition(" ")
    if head and tail.isdigit():
        found = find_province(head)
        if found is None:
            return text
        name = found.label("zh" if lang == "zh" else "en")
        return f"{name} {tail}年" if lang == "zh" and len(tail) == 4 else f"{name} {tail}"
    return text


def memberships_frame(results: Mapping) -> pd.DataFrame:
    """Calibrated memberships as a case × variable DataFrame (``null`` becomes NaN)."""
    data = results.get("memberships")
    if not data:
        raise StudyError("results.json has no 'memberships': the figures and the comparison need them")
    frame = pd.DataFrame.from_dict(data, orient="index").astype(float)
    frame.index = frame.index.astype(str)
    return frame


class ResultsView(dict):
    """``results.json`` as a dictionary, with the labels, names and frames every output shows.

    Examples
    --------
    >>> view = ResultsView({"study": {"outcome": "Y", "conditions": ["A"], "language": "en",
    ...                               "labels": {"A": {"zh": "甲", "en": "a"}}},
    ...                     "memberships": {"Beijing": {"Y": 0.8, "A": 0.9}}})
    >>> view.label("A", "zh"), view.case("Beijing", "zh"), view.language(None)
    ('甲 (A)', '北京', 'en')
    """

    def __init__(self, results: Mapping, *, folder: Path | None = None, manifest: Mapping | None = None):
        super().__init__(results)
        self.folder = folder
        self.manifest = manifest

    @classmethod
    def of(cls, results: Mapping) -> ResultsView:
        """``results`` as a view (itself when it is one)."""
        return results if isinstance(results, ResultsView) else cls(results)

    @property
    def study(self) -> dict:
        return self.get("study") or {}

    def language(self, lang: str | None, error: type[StudyError] = ResultsFolderError) -> str:
        """``lang``, or the study's language; one of :data:`LANGUAGES`."""
        lang = lang or self.study.get("language") or "zh"
        if lang not in LANGUAGES:
            raise error(f"lang must be one of {', '.join(LANGUAGES)}, got {lang!r}")
        return lang

    def label(self, var: str, lang: str) -> str:
        return var_label(self, var, lang)

    def plain(self, var: str, lang: str) -> str:
        return plain_label(self, var, lang)

    def literal(self, literal: str, lang: str) -> str:
        """``"~label"`` of a negated condition or outcome."""
        neg = literal.startswith("~")
        name = self.label(literal.lstrip("~"), lang)
        return f"~{name}" if neg else name

    def case(self, case, lang: str) -> str:
        return case_label(case, lang)

    def cases(self, cases, lang: str) -> str:
        return ("、" if lang == "zh" else ", ").join(case_label(c, lang) for c in cases or [])

    @cached_property
    def memberships(self) -> pd.DataFrame:
        return memberships_frame(self)

    def __getattr__(self, name: str):
        # only names the view itself does not have: the accessors the methods registered
        entry = _ACCESSORS.get(name) if not name.startswith("_") else None
        if entry is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        function, value = entry
        if value:
            return self.memo(name, lambda: function(self))
        return lambda *args, **kwargs: function(self, *args, **kwargs)

    def memo(self, key: str, compute):
        """``compute()`` once per view under ``key`` (a method's derived frame, e.g. its memberships).

        Examples
        --------
        >>> view, calls = ResultsView({}), []
        >>> view.memo("demo.n", lambda: calls.append(1) or 42), view.memo("demo.n", lambda: 0), len(calls)
        (42, 42, 1)
        """
        cache = self.__dict__.setdefault("_memo", {})
        if key not in cache:
            cache[key] = compute()
        return cache[key]

    def map_view(self) -> tuple[ResultsView, str | None]:
        """The view a map shows and its period: the latest period of a panel, else this view."""
        panel = self.get("panel")
        if not panel:
            return self, None
        return latest_period(self), str(panel["periods"][-1])


def latest_period(results: Mapping) -> ResultsView:
    """The results of the latest period of a panel, cases named by unit; other results unchanged.

    Examples
    --------
    >>> res = {"panel": {"unit": "province", "period": "year", "periods": ["2020", "2021"],
    ...        "cases": {"Hubei 2020": {"province": "Hubei", "year": "2020"},
    ...                  "Hubei 2021": {"province": "Hubei", "year": "2021"}}},
    ...        "memberships": {"Hubei 2020": {"Y": 0.2}, "Hubei 2021": {"Y": 0.7}}}
    >>> latest_period(res)["memberships"]
    {'Hubei': {'Y': 0.7}}
    """
    panel = results.get("panel")
    if not panel:
        return ResultsView.of(results)
    last = panel["periods"][-1]
    cases = panel["cases"]
    view = dict(results)
    for key in ("memberships", "raw"):
        if key in results:
            view[key] = {cases[c][panel["unit"]]: v for c, v in results[key].items()
                         if cases[c][panel["period"]] == last}
    return ResultsView(view)
