"""The Word renderer of the table model: three-line tables (三线表).

Each :class:`digigov.tables.Table` becomes a caption above a
three-line table (a 1.5 pt rule at the top and bottom, a 0.5 pt rule under the header, no
vertical rules and no other horizontal ones) and its notes below, as Chinese and international
journals print them.  Fiss symbols are ● (present) and ⊗ (absent), large for core and small for
peripheral conditions.  Chinese text is set in SimSun (宋体) and Latin text and numbers in Times
New Roman.  The page is A4.
"""
from __future__ import annotations

import re

from .model import Fiss, Marked, Span, Table, format_cell

__all__ = ["add_table", "add_text", "setup_document", "RULE_OUTER", "RULE_HEADER", "CORE_PT", "PERIPHERAL_PT",
           "BODY_PT", "TABLE_PT"]

#: Border widths in eighths of a point (the unit of ``w:sz``): 1.5 pt outer rules, 0.5 pt header rule.
RULE_OUTER = 12
RULE_HEADER = 4
#: Font sizes (pt) of the Fiss symbols: core conditions large, peripheral small.
CORE_PT = 12
PERIPHERAL_PT = 8
BODY_PT = 10.5          # 五号
TABLE_PT = 9            # 小五
WIDE_TABLE_PT = 7.5     # tables of more than 10 columns
LATIN_FONT = "Times New Roman"
CJK_FONT = "SimSun"     # 宋体
TEXT_WIDTH_MM = 160     # A4 with 25 mm margins
KEEP_TOGETHER_ROWS = 20
MARK_FILL = "E7E6E6"    # light grey: a marked cell (the mark character says it in greyscale too)  # tables of at most this many body rows are never split across pages


def _set_fonts(element) -> None:
    """Latin and East Asian fonts on a style's ``w:rPr``."""
    from docx.oxml.ns import qn

    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr, name in (("w:ascii", LATIN_FONT), ("w:hAnsi", LATIN_FONT), ("w:cs", LATIN_FONT),
                       ("w:eastAsia", CJK_FONT)):
        fonts.set(qn(attr), name)


def _border(parent, side: str, size: int | None) -> None:
    """Set one border (``size`` in eighths of a point, None: no border) inside ``parent``."""
    from docx.oxml.ns import qn

    el = parent.find(qn(f"w:{side}"))
    if el is None:
        el = parent.makeelement(qn(f"w:{side}"), {})
        parent.append(el)
    if size is None:
        el.set(qn("w:val"), "nil")
    else:
        for k, v in (("w:val", "single"), ("w:sz", str(size)), ("w:space", "0"), ("w:color", "000000")):
            el.set(qn(k), v)


def _table_borders(table) -> None:
    """Top and bottom rules; no left, right, inside-vertical or inside-horizontal rules."""
    from docx.oxml.ns import qn

    tblpr = table._tbl.tblPr
    old = tblpr.find(qn("w:tblBorders"))
    if old is not None:
        tblpr.remove(old)
    borders = tblpr.makeelement(qn("w:tblBorders"), {})
    # schema order of CT_TblPr: tblBorders comes after jc / tblW and before tblLayout and tblLook
    anchor = next((tblpr.find(qn(f"w:{n}")) for n in ("shd", "tblLayout", "tblCellMar", "tblLook")
                   if tblpr.find(qn(f"w:{n}")) is not None), None)
    if anchor is not None:
        anchor.addprevious(borders)
    else:
        tblpr.append(borders)
    for side, size in (("top", RULE_OUTER), ("left", None), ("bottom", RULE_OUTER), ("right", None),
                       ("insideH", None), ("insideV", None)):
        _border(borders, side, size)


def _cell_bottom_rule(tc, size: int) -> None:
    """A bottom border on one ``w:tc`` element."""
    from docx.oxml.ns import qn

    tcpr = tc.get_or_add_tcPr()
    borders = tcpr.find(qn("w:tcBorders"))
    if borders is None:
        borders = tcpr.makeelement(qn("w:tcBorders"), {})
        # CT_TcPr order: tcW, gridSpan, vMerge, tcBorders, shd, ..., vAlign
        after = [tcpr.find(qn(f"w:{n}")) for n in ("tcW", "gridSpan", "vMerge")]
        after = [e for e in after if e is not None]
        if after:
            after[-1].addnext(borders)
        else:
            tcpr.insert(0, borders)
    _border(borders, "bottom", size)


def _shade(tc, fill: str) -> None:
    """A background fill on one ``w:tc`` element (a marked cell; its mark stays for greyscale)."""
    from docx.oxml.ns import qn

    tcpr = tc.get_or_add_tcPr()
    shd = tcpr.makeelement(qn("w:shd"), {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): fill})
    # CT_TcPr order: ..., tcBorders, shd, noWrap, tcMar, textDirection, tcFitText, vAlign, hideMark
    later = [tcpr.find(qn(f"w:{n}")) for n in ("noWrap", "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark")]
    later = [e for e in later if e is not None]
    if later:
        later[0].addprevious(shd)
    else:
        tcpr.append(shd)


def _row_flags(row, header: bool) -> None:
    """Rows never split across pages; header rows repeat on every page."""
    from docx.oxml.ns import qn

    trpr = row._tr.get_or_add_trPr()
    trpr.append(trpr.makeelement(qn("w:cantSplit"), {}))
    if header:
        trpr.append(trpr.makeelement(qn("w:tblHeader"), {}))


def add_text(paragraph, value, size_pt: float, bold: bool = False) -> None:
    """Append a value as runs: text in ``size_pt``; Fiss symbols in their own sizes."""
    from docx.shared import Pt

    parts = value if isinstance(value, tuple) else (value,)
    for part in parts:
        if isinstance(part, Fiss):
            run = paragraph.add_run(part.symbol)
            run.font.size = Pt(CORE_PT if part.core else PERIPHERAL_PT)
        else:
            run = paragraph.add_run(str(part))
            run.font.size = Pt(size_pt)
            run.bold = bold or None


def _text_len(text: str) -> float:
    """Width of ``text`` in half-ems: a CJK character 2, a capital letter 1.4, others 1."""
    return sum(2 if ord(ch) > 0x2E80 else 1.4 if ch.isupper() else 1 for ch in text)


def _word_len(text: str) -> float:
    """Length of the longest piece of ``text`` that cannot wrap (Chinese wraps anywhere)."""
    pieces = re.split(r"[\s\u2e80-\uffff]+", text)
    return max([_text_len(p) for p in pieces] + [2 if _text_len(text) > len(text) else 0])


def _column_widths(table: Table, size_pt: float) -> list[float]:
    """Column widths in mm: each column's longest text on one line where the page allows;
    otherwise the widest columns are narrowed to one common cap and wrap, never inside a
    word, the row labels of the first column keeping up to 40 % of the width."""
    unit = 0.2 * size_pt            # mm per half-em, generously: a digit or Latin letter; a CJK character is two
    pad = 4.5                       # the cell's left and right margins
    natural = [pad + 2 * unit] * table.n_columns
    floor = list(natural)
    for row in [*table.header, *table.rows]:
        col = 0
        for cell in row:
            span = cell.columns if isinstance(cell, Span) else 1
            if span == 1:
                text = "" if isinstance(cell, Fiss) else format_cell(cell, table.formats[col])
                width = CORE_PT * 0.3528 + pad if isinstance(cell, Fiss) else _text_len(text) * unit + pad
                natural[col] = max(natural[col], width)
                floor[col] = max(floor[col], _word_len(text) * unit + pad)
            col += span
    total = sum(natural)
    if total <= TEXT_WIDTH_MM:
        return [w * min(TEXT_WIDTH_MM / total, 1.6) for w in natural]
    first_floor = floor[0]
    floor[0] = max(floor[0], min(natural[0], 0.4 * TEXT_WIDTH_MM))
    if sum(floor) > TEXT_WIDTH_MM:
        floor[0] = first_floor

    def widths(cap: float) -> list[float]:
        return [max(f, min(n, cap)) for f, n in zip(floor, natural)]

    lo, hi = 0.0, max(natural)      # the largest common cap that fits
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if sum(widths(mid)) <= TEXT_WIDTH_MM else (lo, mid)
    return widths(lo)


def _cells(row: list, n_columns: int):
    """``(column, span, value)`` for each cell of a row."""
    col = 0
    for value in row:
        span = value.columns if isinstance(value, Span) else 1
        yield col, span, value.value if isinstance(value, Span) else value
        col += span
    if col != n_columns:
        raise ValueError(f"row of {col} columns in a table of {n_columns}")


def add_table(doc, table: Table) -> None:
    from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt
    from docx.table import _Cell

    size = TABLE_PT if table.n_columns <= 10 else WIDE_TABLE_PT
    cap = doc.add_paragraph()
    cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
    cap.paragraph_format.keep_with_next = True
    cap.paragraph_format.space_before = Pt(12)
    add_text(cap, table.caption, BODY_PT, bold=True)

    n_head = len(table.header)
    grid = doc.add_table(rows=n_head + len(table.rows), cols=table.n_columns)
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    _table_borders(grid)
    widths = [Mm(w) for w in _column_widths(table, size)]
    for col, gridcol in zip(grid.columns, widths):
        col.width = gridcol
    # cells through the row XML: ``Table.cell`` scans the whole table on every call
    tcs = [list(tr.tc_lst) for tr in grid._tbl.tr_lst]
    for row in tcs:
        for tc, width in zip(row, widths):
            tc.width = width
    merge_first = n_head > 1        # the first header cell spans every header row
    for r, row in enumerate([*table.header, *table.rows]):
        is_head = r < n_head
        _row_flags(grid.rows[r], is_head)
        for col, span, value in _cells(row, table.n_columns):
            if merge_first and 0 < r < n_head and col == 0:
                continue
            cell = _Cell(tcs[r][col], grid)
            if span > 1:
                cell = cell.merge(_Cell(tcs[r][col + span - 1], grid))
                if r < n_head - 1:
                    _cell_bottom_rule(cell._tc, RULE_HEADER)     # a short rule under a group heading
            if merge_first and r == 0 and col == 0:
                cell = cell.merge(_Cell(tcs[n_head - 1][0], grid))
            cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
            para = cell.paragraphs[0]
            para.alignment = WD_ALIGN_PARAGRAPH.LEFT if col == 0 else WD_ALIGN_PARAGRAPH.CENTER
            para.paragraph_format.space_before = para.paragraph_format.space_after = Pt(1)
            text = value if isinstance(value, (Fiss, tuple)) else format_cell(value, "text" if is_head else
                                                                              table.formats[col])
            add_text(para, text, size, bold=isinstance(value, Marked))
            if isinstance(value, Marked):
                _shade(cell._tc, MARK_FILL)
    for tc in grid._tbl.tr_lst[n_head - 1].tc_lst:
        _cell_bottom_rule(tc, RULE_HEADER)
    # a short table stays on one page; a long one keeps at least its last row with the notes
    together = grid._tbl.tr_lst if len(table.rows) <= KEEP_TOGETHER_ROWS else grid._tbl.tr_lst[-1:]
    for tr in together:
        for para in tr.xpath(".//w:p"):
            para.get_or_add_pPr().keepNext_val = True
    for i, note in enumerate(table.notes):
        p = doc.add_paragraph()
        p.paragraph_format.space_before = Pt(2)
        p.paragraph_format.space_after = Pt(0)
        p.paragraph_format.keep_with_next = i < len(table.notes) - 1
        add_text(p, note, TABLE_PT)


def setup_document(doc, lang: str) -> None:
    import datetime

    from docx.shared import Mm, Pt

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm((210 - TEXT_WIDTH_MM) / 2))
    section.top_margin = section.bottom_margin = Mm(25)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    _set_fonts(normal.element)
    props = doc.core_properties
    fixed = datetime.datetime(2000, 1, 1)
    props.author, props.last_modified_by, props.comments = "digigov-qca", "digigov-qca", ""
    props.created = props.modified = props.last_printed = fixed
    props.revision = 1
    props.language = "zh-CN" if lang == "zh" else "en-GB"
