"""The table model and its renderers (HTML, Word, CSV, Markdown; Excel for a folder's CSVs)."""
from .html import grid_table, html_table, kv_pairs, kv_table, to_html
from .model import FORMATS, Fiss, Marked, Span, Table, format_cell
from .summarise import REPORT_ROWS, case_list, head_rows, rows_note
from .text import to_csv, to_frame, to_markdown

__all__ = ["Table", "Fiss", "Span", "Marked", "format_cell", "FORMATS", "to_html", "html_table", "kv_table",
           "grid_table", "kv_pairs", "to_csv", "to_markdown", "to_frame", "REPORT_ROWS", "head_rows", "rows_note",
           "case_list"]
