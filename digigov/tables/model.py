"""The table model: every table people see (report, Word, Excel, comparison) is a :class:`Table`.

As statsmodels' ``Summary``, a table is data about a table — caption, column groups, body,
number formats, notes, core/peripheral symbols — and one renderer per format lays it out:
:func:`digigov.tables.to_html`, :func:`digigov.tables.add_table` (Word, three-line),
:func:`digigov.tables.to_csv`, :func:`digigov.tables.to_markdown`; the Excel export writes a
results folder's CSV files through :mod:`digigov.tables.excel`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

__all__ = ["Table", "Fiss", "Span", "Marked", "format_cell", "FORMATS"]

#: Cell formats: text as is, 3 decimals, p-values (``<0.001``), integers, 1 decimal, and
#: ``auto`` (floats with 3 decimals, the rest as text).
FORMATS = ("text", "3f", "p", "int", "1f", "auto")


@dataclass(frozen=True)
class Fiss:
    """A cell of the Fiss table: ``symbol`` is ``●`` (present) or ``⊗`` (absent); core ones large."""

    symbol: str
    core: bool


@dataclass(frozen=True)
class Span:
    """One value across ``columns`` columns (a column group's heading, a solution-fit row)."""

    value: object
    columns: int


@dataclass(frozen=True)
class Marked:
    """A cell singled out (e.g. the weaker value of a row): its value followed by ``mark``.

    The mark is a character, so that it reads in print and in greyscale; the HTML and Word
    renderers shade and embolden the cell as well, the text renderers write ``value mark``.
    """

    value: object
    mark: str = "▼"


@dataclass(frozen=True)
class Table:
    """One table: caption, header rows, body rows, formats and notes.

    ``header`` is a list of header rows (each a list of cells, :class:`Span` for a column
    group); ``formats`` gives one of :data:`FORMATS` per column (default ``auto``).  A note is a
    string or a tuple of strings and :class:`Fiss` symbols.  ``table_id`` makes the table the
    target of a reference; ``publish`` puts it into the Word export, at its ``order`` (the
    configurations first, as papers print them); ``kind`` ``"kv"`` is a two-column key/value
    table (labels on the left, no header).

    Examples
    --------
    >>> tab = Table("demo", "Fit", [["term", "inclS"]], [["A*B", 0.91234]], ["text", "3f"])
    >>> tab.n_columns, format_cell(tab.rows[0][1], tab.formats[1])
    (2, '0.912')
    """

    key: str
    caption: str
    header: list
    rows: list
    formats: list | None = None
    notes: list = field(default_factory=list)
    table_id: str = ""
    publish: bool = False
    kind: str = "grid"
    sortable: bool = False
    order: float = 100.0        # place among the publication tables (Word): main results first

    @property
    def n_columns(self) -> int:
        if self.formats is not None:
            return len(self.formats)
        widths = [sum(c.columns if isinstance(c, Span) else 1 for c in r) for r in [*self.header, *self.rows]]
        return max(widths, default=0)

    def format_of(self, column: int) -> str:
        return "auto" if self.formats is None else self.formats[column]

    def with_caption(self, caption: str, notes: list | None = None) -> Table:
        """The same table with another caption (and notes)."""
        from dataclasses import replace

        return replace(self, caption=caption, notes=list(self.notes if notes is None else notes))


def format_cell(value, fmt: str = "auto") -> str:
    """Text of a cell: 3 decimals for ``"3f"``, p-values below 0.001 as ``<0.001``.

    Examples
    --------
    >>> format_cell(0.96297, "3f"), format_cell(0.0004, "p"), format_cell(None, "3f"), format_cell(3.0, "int")
    ('0.963', '<0.001', '', '3')
    >>> format_cell(0.5, "auto"), format_cell(["a", "b"], "auto"), format_cell(12.34, "1f")
    ('0.500', 'a, b', '12.3')
    >>> format_cell(Marked(0.41234), "3f")
    '0.412 ▼'
    """
    if isinstance(value, Marked):
        return f"{format_cell(value.value, fmt)} {value.mark}"
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (list, tuple)) and not isinstance(value, Fiss):
        return ", ".join(str(v) for v in value)
    if fmt in ("3f", "p", "1f", "auto") and isinstance(value, float):
        if fmt == "p" and 0 <= value < 0.0005:
            return "<0.001"
        return f"{value:.1f}" if fmt == "1f" else f"{value:.3f}"
    if fmt in ("3f", "p", "1f") and isinstance(value, int):
        return f"{value:.1f}" if fmt == "1f" else f"{value:.3f}"
    if fmt == "int" and isinstance(value, (int, float)):
        return str(int(round(value)))
    return str(value)
