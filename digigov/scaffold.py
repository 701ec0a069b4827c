"""``digigov init``: a study file written from one's own data, every choice a commented line.

The file it writes runs with ``digigov run`` unchanged. What it decides, it says: which column
holds the cases (and whether they are China's provinces), which columns are numeric, the
anchors (95th percentile / median / 5th percentile of each column, a data-driven start, not a
theory), the report's language (Chinese case or column names: ``zh``) and the display labels.
Before writing, it previews the calibration per column: the share of cases above 0.5, a skew
warning and the cases that sit at exactly 0.5.

Rows that a spreadsheet user often leaves in a CSV are refused with the row named: a unit row
under the header (``亿元``, ``%``) and a total row (``合计``, ``全国``, ``Total``).

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> rows = ["case,Y,A,B"] + [f"c{i},{i},{(i * 7) % 11},{(i * 5) % 13}" for i in range(1, 13)]
>>> _ = (folder / "d.csv").write_text("\\n".join(rows), encoding="utf-8")
>>> draft = draft_study(folder / "d.csv", outcome="Y", conditions=["A", "B"])
>>> draft.case_column, draft.language, draft.numeric
('case', 'en', ('Y', 'A', 'B'))
>>> print(draft.preview_text().splitlines()[0])
column  role       exclusion (p5)  crossover (median)  inclusion (p95)  share > 0.5  at 0.5  note
"""
from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

import fsqca
from libdigigov.fonts import has_cjk
from libdigigov.io import read_table
from libdigigov.results import Result

from .errors import StudyError

__all__ = ["StudyDraft", "draft_study", "write_study_file", "CASE_HEADERS"]

#: The anchors proposed for every column (percentiles of the data and the median).
ANCHORS = {"exclusion": "p5", "crossover": "median", "inclusion": "p95"}
#: Headers that name a case column.
CASE_HEADERS = ("province", "省份", "省", "地区", "省区市", "case", "cases", "name", "名称", "region", "unit")
_TOTAL_WORDS = {"合计", "总计", "总和", "全国", "全国合计", "全国总计", "中国", "平均", "均值",
                "total", "totals", "sum", "all", "national", "china", "average", "mean"}


@dataclass(frozen=True)
class StudyDraft(Result):
    """A proposed study: the data's profile, the choices made and the calibration preview.

    Attributes
    ----------
    data_file : Path
        The CSV read.
    case_column : str
        The column of case names (unique text values).
    provinces : int
        How many cases are China's mainland provinces (31: ``data.provinces: true``).
    numeric : tuple of str
        The numeric columns, in file order.
    outcome : str
    conditions : tuple of str
    language : {"zh", "en"}
        ``zh`` when case or column names hold Chinese characters.
    preview : pandas.DataFrame
        Per column: the anchors, share of cases above 0.5, cases at exactly 0.5, a note.
    avoid_half : float or None
        0.001 when some case sits at exactly 0.5 (it would belong to no truth-table row).
    """

    data_file: Path
    case_column: str
    provinces: int
    numeric: tuple
    outcome: str
    conditions: tuple
    language: str
    preview: pd.DataFrame = field(repr=False)
    avoid_half: float | None = None
    n_cases: int = 0

    def preview_text(self) -> str:
        """The calibration preview as an aligned text table."""
        return self.preview.to_string(index=False)

    def summary(self) -> str:
        lines = [f"{self.n_cases} cases in column {self.case_column!r}"
                 + (f" ({self.provinces} of them China's mainland provinces)" if self.provinces else ""),
                 f"outcome {self.outcome}; conditions {', '.join(self.conditions)}",
                 f"report language {self.language}", "", self.preview_text()]
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {"data_file": str(self.data_file), "case_column": self.case_column,
                "provinces": self.provinces, "numeric": list(self.numeric), "outcome": self.outcome,
                "conditions": list(self.conditions), "language": self.language,
                "avoid_half": self.avoid_half, "preview": self.preview.to_dict(orient="records")}

    def yaml_text(self, study_path: Path) -> str:
        """The study file, with each choice stated in a comment beside it."""
        return _yaml(self, study_path)


# ----------------------------------------------------------------------------------- reading


def _is_number(text) -> bool:
    if isinstance(text, (int, float, np.number)) and not isinstance(text, bool):
        return True
    try:
        float(str(text).replace(",", "").strip())
        return True
    except ValueError:
        return False


def _refuse_spreadsheet_rows(df: pd.DataFrame, name: str) -> None:
    """A unit row under the header or a total row: one line naming the row and what to do."""
    first = df.iloc[0]
    text_cells = [str(v) for v in first.iloc[1:] if isinstance(v, str) and v.strip() and not _is_number(v)]
    later_numeric = [c for c in df.columns[1:] if len(df) > 1
                     and all(_is_number(v) for v in df[c].iloc[1:] if not pd.isna(v))]
    if text_cells and len(later_numeric) >= max(1, len(df.columns[1:]) // 2):
        shown = ", ".join(text_cells[:4])
        raise StudyError(f"{name!r}, line 2 (the first row under the header) looks like a unit row "
                         f"({shown}): delete it (units belong in labels), then run init again")
    for pos in range(len(df)):
        for value in df.iloc[pos]:
            if isinstance(value, str) and value.strip().lower() in _TOTAL_WORDS:
                raise StudyError(f"{name!r}, line {pos + 2}: {value.strip()!r} looks like a total or "
                                 f"average row, not a case: delete the row, then run init again")


def _case_column(df: pd.DataFrame, name: str) -> str:
    """The column of case names: unique, non-numeric text; a column named like one wins."""
    candidates = [c for c in df.columns
                  if df[c].notna().all() and not all(_is_number(v) for v in df[c])
                  and df[c].astype(str).str.strip().is_unique]
    if not candidates:
        raise StudyError(f"{name!r}: no column holds one unique name per case (e.g. a province "
                         f"column); add one, then run init again")
    named = [c for c in candidates if str(c).strip().lower() in CASE_HEADERS]
    return (named or candidates)[0]


def _province_count(cases) -> int:
    from indicators import get_province
    from indicators.provinces import UnknownProvinceError

    found = set()
    for case in cases:
        try:
            province = get_province(str(case))
        except UnknownProvinceError:
            return 0
        if province.mainland:
            found.add(province.adcode)
    return len(found)


def _numeric_columns(df: pd.DataFrame, case_column: str, name: str) -> list[str]:
    numeric = []
    for col in df.columns:
        if col == case_column:
            continue
        values = pd.to_numeric(df[col], errors="coerce")
        if values.notna().all():
            numeric.append(col)
        elif values.notna().any():
            bad = df.loc[values.isna(), case_column].astype(str).tolist()
            raise StudyError(f"{name!r}: column {col!r} mixes numbers and text or gaps "
                             f"(cases {', '.join(bad[:5])}{' ...' if len(bad) > 5 else ''}): "
                             f"fix those cells or remove the column")
    return numeric


# ----------------------------------------------------------------------------------- choices


def _pick(kind: str, given, numeric: list[str], name: str, ask) -> list[str]:
    if given is None and ask is not None:
        given = ask(kind, numeric)
    if not given:
        raise StudyError(f"give --{kind} (numeric columns of {name!r}: {', '.join(numeric)})")
    chosen = [c.strip() for c in (given.split(",") if isinstance(given, str) else given) if c.strip()]
    unknown = [c for c in chosen if c not in numeric]
    if unknown:
        import difflib

        close = difflib.get_close_matches(unknown[0], numeric, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise StudyError(f"--{kind}: {unknown[0]!r} is not a numeric column of {name!r}{hint} "
                         f"(numeric columns: {', '.join(numeric)})")
    return chosen


def _preview(df: pd.DataFrame, outcome: str, conditions: list[str]) -> tuple[pd.DataFrame, bool]:
    """The engine's calibration report with the proposed anchors, as init shows it."""
    columns = [outcome, *conditions]
    for col in columns:
        if df[col].nunique() < 2:
            raise StudyError(f"column {col!r} is constant (every value is {df[col].iloc[0]:g}): it "
                             f"cannot separate cases; leave it out")
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")        # cases at 0.5 are shown by the preview itself
        try:
            calibrated = fsqca.calibrate_frame(df[columns], {c: dict(ANCHORS) for c in columns})
        except fsqca.QCAInputError as err:
            raise StudyError(str(err)) from None
    report = calibrated.report
    # the engine's one skew rule (SetMethods' skew.check with its stated 20 / 80 % threshold)
    skewed = set(fsqca.skew_check(calibrated.data).skewed)
    rows = []
    for r in report.itertuples(index=False):
        note = []
        if r.column in skewed:
            note.append(f"skewed: {r.share_above_half:.0%} of cases above 0.5")
        if r.n_at_half:
            note.append(f"at 0.5: {r.cases_at_half}")
        rows.append({"column": r.column, "role": "outcome" if r.column == outcome else "condition",
                     "exclusion (p5)": round(r.exclusion, 4), "crossover (median)": round(r.crossover, 4),
                     "inclusion (p95)": round(r.inclusion, 4), "share > 0.5": f"{r.share_above_half:.0%}",
                     "at 0.5": r.n_at_half, "note": "; ".join(note)})
    return pd.DataFrame(rows), bool(report["n_at_half"].sum())


def draft_study(data_file, *, outcome=None, conditions=None, language: str | None = None,
                ask=None) -> StudyDraft:
    """Read ``data_file`` and propose a study (see the module docstring).

    Parameters
    ----------
    data_file : path
        A CSV (UTF-8 or GBK) with one row per case.
    outcome : str, optional
    conditions : str or list of str, optional
        Comma-separated or a list. Missing ones are asked through ``ask(kind, numeric_columns)``
        when given, else refused with the list of numeric columns.
    language : {"zh", "en"}, optional
        The report's language; by default ``zh`` when case or column names are Chinese.
    """
    path = Path(data_file)
    name = path.name
    df = read_table(path, what="data file", error=StudyError, comment="#")
    _refuse_spreadsheet_rows(df, name)
    case_column = _case_column(df, name)
    df[case_column] = df[case_column].astype(str).str.strip()
    numeric = _numeric_columns(df, case_column, name)
    if len(numeric) < 2:
        raise StudyError(f"{name!r} has {len(numeric)} numeric column(s): a study needs an outcome "
                         f"and at least one condition")
    out = _pick("outcome", outcome, numeric, name, ask)
    if len(out) != 1:
        raise StudyError(f"--outcome takes one column, got {', '.join(out)}")
    rest = [c for c in numeric if c != out[0]]
    conds = _pick("conditions", conditions, rest + out, name, ask)
    if out[0] in conds:
        raise StudyError(f"{out[0]!r} is the outcome; it cannot also be a condition")
    if language is None:
        language = "zh" if has_cjk(*df[case_column], *df.columns) else "en"
    if language not in ("zh", "en"):
        raise StudyError(f"--lang must be zh or en, got {language!r}")
    frame = df.set_index(case_column)[[out[0], *conds]].apply(pd.to_numeric)
    preview, any_half = _preview(frame, out[0], conds)
    return StudyDraft(path.resolve(), case_column, _province_count(df[case_column]), tuple(numeric),
                      out[0], tuple(conds), language, preview, 0.001 if any_half else None, len(df))


# ----------------------------------------------------------------------------------- writing


def _q(text: str) -> str:
    """A YAML scalar: quoted whenever plain style could be misread."""
    text = str(text)
    if re.fullmatch(r"[A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff.\-]*", text) and text.lower() not in (
            "yes", "no", "true", "false", "on", "off", "null", "y", "n"):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _yaml(d: StudyDraft, study_path: Path) -> str:
    rel = os.path.relpath(d.data_file, Path(study_path).resolve().parent)
    provinces = d.provinces == 31 and d.n_cases == 31
    lines = [
        f"# Study file written by `digigov init` from {d.data_file.name}.",
        "# Every choice init made is stated in a comment; edit any of them, then run:",
        f"#     digigov run {Path(study_path).name} --out results",
        "study:",
        f"  title: {_q(d.data_file.stem)}",
        "",
        "data:",
        f"  file: {_q(Path(rel).as_posix())}          # relative to this study file",
        f"  case_column: {_q(d.case_column)}          # the column with one unique name per case",
    ]
    if provinces:
        lines.append("  provinces: true            # all 31 cases are China's mainland provinces "
                     "(maps and province comparisons on)")
    elif d.provinces:
        lines.append(f"  provinces: false           # {d.provinces} of the cases are provinces; "
                     "maps and comparisons need all 31 mainland provinces")
    else:
        lines.append("  provinces: false           # the cases are not China's provinces")
    lines += ["",
              f"outcome: {_q(d.outcome)}",
              f"conditions: [{', '.join(_q(c) for c in d.conditions)}]",
              f"# numeric columns in the data: {', '.join(d.numeric)}",
              "",
              "labels:                      # display names in the report: edit them",
              ]
    for col in (d.outcome, *d.conditions):
        lines.append(f"  {_q(col)}: {{zh: {_q(col)}, en: {_q(col)}}}")
    lines += ["",
              "calibration:",
              "  # proposed by init from the data (a start, not a theory): 95th percentile = full",
              "  # membership, median = crossover, 5th percentile = full non-membership; replace",
              "  # them with substantive anchors where you have them (calibration.columns.<name>)",
              "  anchors: {inclusion: p95, crossover: median, exclusion: p5}   # proposed by init (above)",
              "  percentile_method: linear       # R's quantile() type 7, Excel PERCENTILE.INC"]
    if d.avoid_half is not None:
        lines.append("  avoid_half: 0.001               # some cases sit at exactly 0.5 (see the preview"
                     " below): +0.001, fsQCA 3.0 practice")
    else:
        lines.append("  avoid_half: null                # no case sits at exactly 0.5")
    lines += ["",
              "truth_table: {incl_cut: 0.8, pri_cut: 0.5, n_cut: 1}   # the package's defaults",
              "",
              "minimize:",
              "  dir_exp: {}                  # no directional expectations yet",
              "",
              "report:",
              f"  language: {d.language}                 # "
              + ("Chinese names in the data" if d.language == "zh" else "no Chinese names in the data"),
              f"  maps: {'true' if provinces else 'false'}",
              "",
              "# Calibration preview (init, before any analysis):"]
    lines += ["#   " + row for row in d.preview_text().splitlines()]
    return "\n".join(lines) + "\n"


def write_study_file(draft: StudyDraft, out, *, force: bool = False) -> Path:
    """Write the study file atomically; an existing file (or the data file) is never replaced
    unless ``force``."""
    from libdigigov.io import write_text_atomic

    out = Path(out)
    if out.resolve() == draft.data_file:
        raise StudyError(f"--out {str(out)!r} is the data file itself: choose another name")
    if out.exists() and not force:
        raise StudyError(f"{str(out)!r} exists: choose another --out or pass --force to replace it")
    if out.suffix.lower() not in (".yaml", ".yml"):
        raise StudyError(f"--out {str(out)!r}: a study file ends in .yaml")
    return write_text_atomic(out, draft.yaml_text(out))


def ask_on_terminal(kind: str, numeric: list[str]):
    """Ask for the outcome or the conditions when a person is at the terminal; else None."""
    if not sys.stdin or not sys.stdin.isatty():
        return None
    print(f"numeric columns: {', '.join(numeric)}", file=sys.stderr)
    prompt = "outcome column: " if kind == "outcome" else "condition columns (comma-separated): "
    try:
        return input(prompt).strip() or None
    except EOFError:
        return None
