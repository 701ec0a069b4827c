"""Page shell, styles and the zh/en strings shared by the study report and the comparison report.

Plain string building (no template engine): every value is escaped with :func:`html.escape`
where it enters the page, and figures are embedded as ``data:`` URLs so that a page is one
self-contained file that a browser can print to PDF.
"""

from .page import captioned, css, data_url, esc, figure, number_captions, page, ref, table_caption, toc
from .strings import LANGUAGES, STRINGS, study_title, t

__all__ = ["LANGUAGES", "STRINGS", "t", "study_title", "css", "data_url", "esc", "figure",
           "page", "toc", "captioned", "number_captions", "ref", "table_caption"]
