"""The CSV and Markdown renderers of the table model."""
from __future__ import annotations

import csv
import io

from .model import Fiss, Span, Table, format_cell

__all__ = ["to_csv", "to_markdown", "to_frame", "FISS_TEXT"]

#: The Fiss symbols as plain text (fsQCA's convention where sizes cannot be shown): core ● ⊗,
#: peripheral • ⓧ.
FISS_TEXT = {("●", True): "●", ("⊗", True): "⊗", ("●", False): "•", ("⊗", False): "ⓧ"}


def _text(value, fmt: str) -> str:
    if isinstance(value, Fiss):
        return FISS_TEXT.get((value.symbol, value.core), value.symbol)
    if isinstance(value, tuple):
        return "".join(_text(v, "text") for v in value)
    return format_cell(value, fmt)


def _flat(table: Table, row: list, header: bool) -> list[str]:
    out = []
    for value in row:
        if isinstance(value, Span):
            out += [_text(value.value, "text")] + [""] * (value.columns - 1)
        else:
            out.append(_text(value, "text" if header else table.format_of(len(out))))
    return out


def to_csv(table: Table) -> str:
    """The table as CSV: header rows, then the body (formatted as shown); caption and notes left out.

    Examples
    --------
    >>> print(to_csv(Table("t", "Fit", [["term", "inclS"]], [["A", 0.91234]], ["text", "3f"])), end="")
    term,inclS
    A,0.912
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    for row in table.header:
        writer.writerow(_flat(table, row, True))
    for row in table.rows:
        writer.writerow(_flat(table, row, False))
    return buf.getvalue()


def to_markdown(table: Table) -> str:
    """The table as Markdown: caption in bold, the last header row as the header, notes below.

    Examples
    --------
    >>> print(to_markdown(Table("t", "Fit", [["term", "inclS"]], [["A", 0.91234]], ["text", "3f"])))
    **Fit**
    <BLANKLINE>
    | term | inclS |
    |---|---|
    | A | 0.912 |
    """
    def line(cells):
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    head = _flat(table, table.header[-1], True) if table.header else [""] * table.n_columns
    out = [f"**{table.caption}**", "", line(head), "|" + "---|" * len(head)]
    out += [line(_flat(table, r, False)) for r in table.rows]
    out += ["", *(_text(n, "text") for n in table.notes)] if table.notes else []
    return "\n".join(out)


def to_frame(table: Table):
    """The table as a :class:`pandas.DataFrame` for a worksheet: the last header row as the
    columns, numbers kept as numbers, a value across columns in its first column, Fiss symbols
    as text (core ● ⊗, peripheral • ⓧ).

    Examples
    --------
    >>> tab = Table("t", "Fit", [["", "1"]], [["A", Fiss("●", False)], ["inclS", 0.91]])
    >>> to_frame(tab).values.tolist()
    [['A', '•'], ['inclS', 0.91]]
    """
    import pandas as pd

    rows = []
    for row in table.rows:
        out = []
        for v in row:
            if isinstance(v, Span):
                out += [v.value] + [None] * (v.columns - 1)
            elif isinstance(v, (Fiss, tuple)):
                out.append(_text(v, "text"))
            else:
                out.append(v)
        rows.append(out)
    return pd.DataFrame(rows, columns=_flat(table, table.header[-1], True) if table.header else None)
