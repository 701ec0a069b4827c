"""The one rule by which the report summarises what lists cases or rows: at most
:data:`REPORT_ROWS` rows per table and :data:`REPORT_ROWS` cases per list, the rest counted
and pointed to in the results folder's CSV (complete there and in the Excel export).

A study of a few hundred thousand cases thus gives a report of the same length as one of
thirty provinces; what is shown are the rows that matter (the caller orders them first: the
best-ranked cases, the rows a reader acts on) and the note under the table states the rule.
"""
from __future__ import annotations

from ..templates.strings import t

__all__ = ["REPORT_ROWS", "head_rows", "rows_note", "case_list"]

#: How many rows a report table shows, and how many cases a list in a cell or a sentence
#: names, before it summarises: a province-level study (31 units) is shown whole.
REPORT_ROWS = 40


def head_rows(rows, limit: int = REPORT_ROWS) -> tuple[list, int]:
    """The first ``limit`` rows and how many were left out.

    Examples
    --------
    >>> head_rows(range(25), 20)[1], len(head_rows(range(25), 20)[0]), head_rows([1, 2])
    (5, 20, ([1, 2], 0))
    """
    rows = list(rows)
    return rows[:limit], max(len(rows) - limit, 0)


def rows_note(lang: str, total: int, csv: str, order: str = "", limit: int = REPORT_ROWS) -> str:
    """The note under a summarised table ("" when nothing was left out); ``order`` says which
    rows come first (a phrase of the string catalogue, default: in their order).

    Examples
    --------
    >>> rows_note("en", 45, "tables/x.csv")
    '45 rows; the report lists the first 40 (in their order); the other 5 are in tables/x.csv (and the Excel export). Report tables list at most 40 rows.'
    >>> rows_note("en", 3, "tables/x.csv")
    ''
    """
    if total <= limit:
        return ""
    return t(lang, "rows_shown", total=total, shown=limit, more=total - limit, csv=csv, limit=limit,
             order=order or t(lang, "order_as_listed"))


def case_list(view, cases, lang: str, csv: str, limit: int = REPORT_ROWS) -> str:
    """The first ``limit`` case labels joined, and "and N more in CSV" when some are left out.

    Examples
    --------
    >>> from digigov.view import ResultsView
    >>> case_list(ResultsView({}), [f"c{i}" for i in range(23)], "en", "tables/t.csv", limit=2)
    'c0, c1 and 21 more in tables/t.csv'
    """
    cases = list(cases or [])
    shown = view.cases(cases[:limit], lang)
    if len(cases) <= limit:
        return shown
    return shown + ("" if lang == "zh" else " ") + t(lang, "cases_more", more=len(cases) - limit, csv=csv)
