"""The HTML renderer of the table model (report and comparison pages)."""
from __future__ import annotations

import math

from ..templates.page import esc, table_caption
from .model import Fiss, Marked, Span, Table, format_cell

__all__ = ["to_html", "html_table", "kv_table", "grid_table", "kv_pairs"]


def _cell(value, fmt: str) -> tuple[str, bool]:
    """Text of a cell and whether it is a number (right-aligned)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–", True
    if isinstance(value, bool):
        return ("✓" if value else ""), False
    if isinstance(value, (int, float)):
        return format_cell(value, fmt), True
    return format_cell(value, fmt), False


def _inline(value) -> str:
    if isinstance(value, Fiss):
        return f"<span class=\"fiss {'core' if value.core else 'peripheral'}\">{esc(value.symbol)}</span>"
    if isinstance(value, tuple):
        return "".join(_inline(v) for v in value)
    return esc(value)


def to_html(table: Table) -> str:
    """The table as HTML with its numbered caption and its notes below.

    Examples
    --------
    >>> html = to_html(Table("t", "Fit", [["term", "inclS"]], [["A", 0.91234, ]], ["text", "3f"], ["n = 2"]))
    >>> "<td class=\\"num\\">0.912</td>" in html, "<p class=\\"note\\">n = 2</p>" in html
    (True, True)
    >>> to_html(Table("t", "", [["a"]], [[Marked(0.25)]], ["3f"])).count('<td class="num marked">0.250 <span')
    1
    """
    cap = table_caption(table.caption, table.table_id) if table.caption else ""
    ident = f" id=\"{esc(table.table_id)}\"" if table.table_id else ""
    notes = "".join(f"<p class=\"note\">{_inline(n)}</p>" for n in table.notes)
    if table.kind == "kv":
        body = "".join(f"<tr><th>{esc(k)}</th><td>{esc(_cell(v, 'auto')[0])}</td></tr>" for k, v in table.rows)
        return f"<table class=\"kv\"{ident}>{cap}<tbody>{body}</tbody></table>{notes}"
    head = []
    for row in table.header:
        cells = "".join(f"<th colspan=\"{c.columns}\">{esc(c.value)}</th>" if isinstance(c, Span)
                        else f"<th>{esc(c)}</th>" for c in row)
        head.append(f"<tr>{cells}</tr>")
    body = []
    for row in table.rows:
        cells, col = [], 0
        for v in row:
            if isinstance(v, Span):
                marked = isinstance(v.value, Marked)
                text, numeric = _cell(v.value.value if marked else v.value, table.format_of(col))
                klass = " ".join(k for k, on in (("num", numeric), ("marked", marked)) if on)
                klass = f' class="{klass}"' if klass else ""
                mark = f" <span class=\"mark\">{esc(v.value.mark)}</span>" if marked else ""
                cells.append(f"<td colspan=\"{v.columns}\"{klass}>{esc(text)}{mark}</td>")
                col += v.columns
                continue
            if isinstance(v, (Fiss, tuple)):
                cells.append(f"<td class=\"fiss-cell\">{_inline(v)}</td>")
            elif isinstance(v, Marked):
                # shaded and bold on screen, and the mark itself for print and greyscale
                text, numeric = _cell(v.value, table.format_of(col))
                klass = "num marked" if numeric else "marked"
                cells.append(f"<td class=\"{klass}\">{esc(text)} <span class=\"mark\">{esc(v.mark)}</span></td>")
            else:
                text, numeric = _cell(v, table.format_of(col))
                cells.append(f"<td class=\"num\">{esc(text)}</td>" if numeric else f"<td>{esc(text)}</td>")
            col += 1
        body.append("<tr>" + "".join(cells) + "</tr>")
    klass = " class=\"sortable\"" if table.sortable else ""
    return (f"<div class=\"wide\"><table{klass}{ident}>{cap}<thead>{''.join(head)}</thead><tbody>"
            + "".join(body) + f"</tbody></table></div>{notes}")


def grid_table(rows, header, *, digits: int = 3, caption: str = "", table_id: str = "", notes=()) -> Table:
    """A one-header-row :class:`Table` of ``rows`` (``digits``: 3 or 1)."""
    rows = [list(r) for r in rows]
    fmt = "1f" if digits == 1 else "auto"
    return Table(table_id or "table", caption, [list(header)], rows, [fmt] * len(header), list(notes),
                 table_id=table_id)


def html_table(rows, header, *, digits: int = 3, caption: str = "", table_id: str = "", notes=()) -> str:
    """Shorthand: :func:`to_html` of a :func:`grid_table`."""
    return to_html(grid_table(rows, header, digits=digits, caption=caption, table_id=table_id, notes=notes))


def kv_pairs(pairs, *, caption: str = "") -> Table:
    """A key/value :class:`Table` (``kind="kv"``: labels on the left, no header)."""
    return Table("kv", caption, [], [(k, v) for k, v in pairs], kind="kv")


def kv_table(pairs, *, caption: str = "") -> str:
    """Shorthand: :func:`to_html` of a :func:`kv_pairs` table."""
    return to_html(kv_pairs(pairs, caption=caption))
