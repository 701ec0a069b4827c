"""One protocol for every result object of the project.

Every public result is a small frozen dataclass deriving from :class:`Result`. It gives:

- ``to_frame()`` -- the main table, tidy, as a :class:`pandas.DataFrame` (a copy);
- ``summary()`` -- plain text: a title, the settings, the table, then notes;
- ``to_dict()`` -- a JSON-ready ``dict`` (NaN becomes ``None``, numpy scalars Python numbers);
- ``_repr_html_()`` -- the same as ``summary()``, as HTML, for Jupyter.

A subclass sets ``_title`` and implements ``to_frame()``; it may add ``_header()`` (lines of
settings), ``_notes()`` (lines shown after the table: choices the method made, warnings) and
``_dict()`` (the JSON body; the frame's records by default). Numbers are shown by one
formatter, :func:`fmt_number`, with ``_digits`` decimals and ``NA`` for a missing value.

Examples
--------
>>> from dataclasses import dataclass
>>> import pandas as pd
>>> @dataclass(frozen=True)
... class Scores(Result):
...     table: pd.DataFrame
...     _title = "Scores"
...     def to_frame(self):
...         return self.table.copy()
...     def _notes(self):
...         return ["one score is missing"]
>>> r = Scores(pd.DataFrame({"case": ["a", "b"], "score": [0.25, float("nan")]}))
>>> print(r.summary())
Scores
======
case score
   a 0.250
   b    NA
<BLANKLINE>
Note: one score is missing
>>> r.to_dict()["table"]
[{'case': 'a', 'score': 0.25}, {'case': 'b', 'score': None}]
"""
from __future__ import annotations

import html
import math
from numbers import Integral, Real

from .io import clean_json

__all__ = ["Result", "fmt_number", "frame_text", "frame_html", "MISSING"]

#: How a missing value (NaN, None) is shown in text and HTML tables.
MISSING = "NA"


def fmt_number(x, digits: int = 3) -> str:
    """Format one value for display: floats with ``digits`` decimals, missing as ``NA``.

    Very small or very large magnitudes use scientific notation so that they do not print as
    ``0.000``.

    >>> fmt_number(0.123456), fmt_number(float("nan")), fmt_number(None), fmt_number(7)
    ('0.123', 'NA', 'NA', '7')
    >>> fmt_number(2.5e-7, 4), fmt_number(True)
    ('2.5000e-07', 'True')
    """
    if x is None:
        return MISSING
    if isinstance(x, bool) or (hasattr(x, "dtype") and x.dtype == bool):
        return str(bool(x))
    if isinstance(x, Integral):
        return str(int(x))
    if isinstance(x, Real):
        x = float(x)
        if math.isnan(x):
            return MISSING
        if math.isinf(x):
            return "Inf" if x > 0 else "-Inf"
        if x != 0 and (abs(x) < 10.0 ** -digits or abs(x) >= 1e9):
            return f"{x:.{digits}e}"
        return f"{x:.{digits}f}"
    try:  # pandas NA / NaT
        import pandas as pd
        if pd.isna(x):
            return MISSING
    except (TypeError, ValueError):
        pass
    return str(x)


def frame_text(df, digits: int = 3, index: bool = False) -> str:
    """A frame as aligned plain text, numbers formatted by :func:`fmt_number`."""
    import pandas as pd
    shown = df.map(lambda v: v if isinstance(v, str) else fmt_number(v, digits)) if len(df) else df
    with pd.option_context("display.max_rows", 1000, "display.max_columns", 100, "display.width", 200,
                           "display.max_colwidth", 200):
        return shown.to_string(index=index)


def frame_html(df, digits: int = 3, index: bool = False) -> str:
    """A frame as an HTML table, numbers formatted by :func:`fmt_number` (text escaped)."""
    shown = df.map(lambda v: v if isinstance(v, str) else fmt_number(v, digits)) if len(df) else df
    return shown.to_html(index=index, border=0, escape=True)


class Result:
    """Base of every result object: ``to_frame``, ``summary``, ``to_dict``, Jupyter view."""

    _title: str = "Result"
    _digits: int = 3
    _index: bool = False  # show the frame's index in summary() and the HTML view

    # -- what subclasses provide -------------------------------------------------------------
    def to_frame(self):  # pragma: no cover - every subclass defines it
        """The main table of the result, tidy, as a new :class:`pandas.DataFrame`."""
        raise NotImplementedError

    def _header(self) -> list[str]:
        """Lines describing the settings, shown under the title."""
        return []

    def _notes(self) -> list[str]:
        """Lines shown after the table: choices the method made, warnings, caveats."""
        return []

    def _display_frame(self):
        """The table that :meth:`summary` and the HTML view show (the main table by default)."""
        return self.to_frame()

    def _dict(self) -> dict:
        """The JSON body (without ``notes``); the main table's records by default."""
        frame = self.to_frame()
        if self._index:
            frame = frame.reset_index()
        return {"table": frame.to_dict(orient="records")}

    # -- the protocol --------------------------------------------------------------------------
    @property
    def notes(self) -> list[str]:
        """The notes shown by :meth:`summary` (choices made, warnings), as a list of strings."""
        return list(self._notes())

    def summary(self) -> str:
        """Plain-text report: title, settings, the main table, then notes."""
        title = self._title
        lines = [title, "=" * _display_width(title), *self._header()]
        body = frame_text(self._display_frame(), self._digits, self._index)
        lines.append(body)
        notes = self._notes()
        if notes:
            lines.append("")
            lines.extend(f"Note: {n}" for n in notes)
        return "\n".join(lines)

    def to_dict(self) -> dict:
        """JSON-ready ``dict``: the result's body plus ``notes`` (NaN becomes ``None``)."""
        body = dict(self._dict())
        body.setdefault("notes", self._notes())
        return clean_json(body)

    def _repr_html_(self) -> str:
        parts = [f"<div><strong>{html.escape(self._title)}</strong>"]
        head = self._header()
        if head:
            parts.append("<ul>" + "".join(f"<li>{html.escape(h)}</li>" for h in head) + "</ul>")
        parts.append(frame_html(self._display_frame(), self._digits, self._index))
        for note in self._notes():
            parts.append(f"<div style='font-size:90%'>Note: {html.escape(note)}</div>")
        parts.append("</div>")
        return "\n".join(parts)

    def __str__(self) -> str:
        return self.summary()


def _display_width(text: str) -> int:
    # CJK characters take two columns in a terminal.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
