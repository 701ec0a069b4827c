"""The HTML page shell: inline CSS (screen and print), tables, embedded figures.

Figures and captioned tables are numbered in their order on the page ("Figure 3." / "图 3"):
:func:`figure` and the ``caption`` of :func:`html_table` and :func:`kv_table` leave a mark
that :func:`page` replaces by the number, so that sections can be built in any order; a
:func:`ref` to a figure's or table's ``id`` becomes a link with its number.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Sequence

from .strings import t

# Marks of the caption numbers and of references (private-use characters: never in escaped text).
_MARK = "\ue000{kind}{ident}\ue001"
_MARKS = re.compile("\ue000([FT])([^\ue001]*)\ue001")
_REF = "\ue002{kind}{ident}\ue003"
_REFS = re.compile("\ue002([FT])([^\ue003]*)\ue003")

# Fonts a reader's machine is likely to have for Chinese; the symbols of the Fiss table
# (● ⊗ • ⓧ) are in DejaVu Sans and in the CJK fonts.
_FONTS = ('"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", '
          '"PingFang SC", "WenQuanYi Micro Hei", "DejaVu Sans", Arial, sans-serif')

_CSS = """
:root { --ink: #1b1f24; --muted: #5a6270; --rule: #d0d5dc; --accent: #1f4e79; }
* { box-sizing: border-box; }
body { font-family: FONTS; color: var(--ink); margin: 0 auto; max-width: 1100px;
       padding: 24px 32px 64px; line-height: 1.5; font-size: 15px; background: #fff; }
h1 { font-size: 1.8em; margin: 0.2em 0 0.4em; color: var(--accent); }
h2 { font-size: 1.35em; border-bottom: 2px solid var(--accent); padding-bottom: 4px; margin-top: 2em; }
h3 { font-size: 1.1em; margin: 1.4em 0 0.5em; }
.banner { border: 3px solid #b3261e; background: #fdecea; color: #7a1b14; padding: 12px 16px;
          font-weight: bold; font-size: 1.05em; margin: 12px 0 20px; border-radius: 4px; }
.note { color: var(--muted); font-size: 0.9em; }
.warning { border-left: 4px solid #9a4d00; padding: 4px 10px; background: #fff4e5; }
nav.toc ol { columns: 2; margin: 0.3em 0 1em; }
table { border-collapse: collapse; margin: 0.6em 0 1.2em; font-size: 0.88em; }
th, td { border-bottom: 1px solid var(--rule); padding: 3px 8px; vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); background: #f3f5f8; text-align: left; }
td.nowrap { white-space: nowrap; }
p.lead { font-size: 1.05em; }
ol.findings li { margin: 0 0 0.7em; }
.verdict { border-left: 4px solid var(--accent); padding: 4px 10px; background: #f3f5f8; }
table.sortable thead th { cursor: pointer; user-select: none; }
table.sortable thead th[aria-sort="ascending"]::after { content: " ▲"; }
table.sortable thead th[aria-sort="descending"]::after { content: " ▼"; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.kv th { text-align: left; font-weight: normal; color: var(--muted); width: 14em; }
.wide { overflow-x: auto; }
figure { margin: 1em 0 1.6em; text-align: center; break-inside: avoid; page-break-inside: avoid; }
figure img { max-width: 100%; height: auto; border: 1px solid #eceff3; }
figcaption { color: var(--muted); font-size: 0.9em; margin-top: 4px; }
table > caption { caption-side: top; text-align: left; font-size: 1.02em; padding: 0 0 4px;
                  color: var(--ink); }
.capnum { font-weight: bold; margin-right: 0.4em; }
td.fiss-cell { text-align: center; }
td.marked { background: #fde3cf; font-weight: bold; }
#side-by-side tbody td:first-child { min-width: 13em; }
.fiss.core { font-size: 1.25em; } .fiss.peripheral { font-size: 0.8em; }
.grid { display: flex; flex-wrap: wrap; gap: 12px; justify-content: space-between; }
.grid figure { flex: 0 1 calc(50% - 6px); min-width: 300px; }
.tag { display: inline-block; padding: 0 6px; border-radius: 3px; background: #e8eef6; margin: 1px; }
.good { color: #1b6e2d; } .weak { color: #9a4d00; }
section.province { border-top: 4px solid var(--accent); margin-top: 2.5em; }
@media print {
  @page { size: A4; margin: 14mm 12mm 16mm;
          @bottom-center { content: counter(page) " / " counter(pages); font-size: 9pt; color: #5a6270; } }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  nav.toc { display: none; }
  section.major, section.province { break-before: page; page-break-before: always; }
  section.major.first, section.province.first { break-before: auto; page-break-before: auto; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  table, figure, .banner, ol.findings li, .verdict { break-inside: avoid; page-break-inside: avoid; }
  tr, td, th { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  figure img { max-height: 235mm; width: auto; max-width: 100%; }
  .grid figure { flex: 0 1 calc(50% - 6px); min-width: 0; }
  table.sortable thead th::after { content: none; }
  table.sortable { break-inside: auto; page-break-inside: auto; font-size: 8.5pt; }
  .wide { overflow: visible; }
  .banner, td.marked { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  /* no nearly empty page: a figure's note stays with it, no paragraph leaves
     a line alone, and the maps are sized so that two and their note share a page */
  figure + p.note, .grid + p.note { break-before: avoid; page-break-before: avoid; }
  p, li { orphans: 3; widows: 3; }
  #maps figure img { max-height: 112mm; }
}
"""


def css() -> str:
    """The report style sheet (screen and print)."""
    return _CSS.replace("FONTS", _FONTS)


def esc(value) -> str:
    return html.escape(str(value), quote=True)


def page(title: str, body: str, lang: str) -> str:
    """A complete HTML document with inline CSS and no external resource; figures and
    captioned tables numbered (:func:`number_captions`)."""
    html_lang = "zh-CN" if lang == "zh" else "en"
    body = number_captions(body, lang)
    return (f"<!DOCTYPE html>\n<html lang=\"{html_lang}\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{esc(title)}</title>\n<style>{css()}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def number_captions(body: str, lang: str) -> str:
    """Number the figures and captioned tables of ``body`` in order of appearance and resolve
    the :func:`ref` marks to their numbers.

    Examples
    --------
    >>> body = ref("fig", "fig-a") + table_caption("Keys") + figure(b"", "A map", fig_id="fig-a")
    >>> text = number_captions(body, "en")
    >>> re.findall(r'<span class="capnum">([^<]*)</span>', text)
    ['Table 1.', 'Figure 1.']
    >>> text.startswith('<a href="#fig-a">Figure 1</a>')
    True
    """
    count = {"F": 0, "T": 0}
    numbers = {}

    def number(m):
        kind, ident = m.group(1), m.group(2)
        count[kind] += 1
        if ident:
            numbers[(kind, ident)] = count[kind]
        label = t(lang, "fig_caption" if kind == "F" else "tab_caption", n=count[kind])
        return f"<span class=\"capnum\">{esc(label)}</span>"

    def link(m):
        kind, ident = m.group(1), m.group(2)
        if (kind, ident) not in numbers:
            raise ValueError(f"reference to {ident!r}, which is no figure or table of the page")
        label = t(lang, "fig_ref" if kind == "F" else "tab_ref", n=numbers[(kind, ident)])
        return f"<a href=\"#{esc(ident)}\">{esc(label)}</a>"

    return _REFS.sub(link, _MARKS.sub(number, body))


def ref(kind: str, ident: str) -> str:
    """A link to the figure (``kind`` ``"fig"``) or table (``"tab"``) with id ``ident``, shown
    as its number ("Figure 3", "表 2") once the page is made."""
    return _REF.format(kind="F" if kind == "fig" else "T", ident=ident)


def _caption_mark(kind: str, ident: str) -> str:
    return _MARK.format(kind=kind, ident=ident)


def data_url(png: bytes) -> str:
    """``data:`` URL of PNG bytes."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def figure(png: bytes, caption: str, *, fig_id: str = "") -> str:
    """A ``<figure>`` with the PNG embedded and a numbered caption (also the image's alt text)."""
    ident = f" id=\"{esc(fig_id)}\"" if fig_id else ""
    return (f"<figure{ident}><img src=\"{data_url(png)}\" alt=\"{esc(caption)}\">"
            f"<figcaption>{_caption_mark('F', fig_id)}{esc(caption)}</figcaption></figure>")


def table_caption(caption: str, table_id: str = "") -> str:
    """The numbered ``<caption>`` of a table (for tables built elsewhere: :func:`captioned`)."""
    return f"<caption>{_caption_mark('T', table_id)}{esc(caption)}</caption>"


def captioned(table_html: str, caption: str, table_id: str = "") -> str:
    """``table_html`` (its first ``<table>``) with a numbered caption and, if given, an id."""
    m = re.search(r"<table\b[^>]*>", table_html)
    if m is None:
        raise ValueError("no <table> to caption")
    tag = m.group(0)
    if table_id:
        tag = tag[:-1] + f" id=\"{esc(table_id)}\">"
    return table_html[:m.start()] + tag + table_caption(caption, table_id) + table_html[m.end():]


def toc(entries: Sequence[tuple[str, str]], heading: str) -> str:
    """Table of contents: ``(anchor, title)`` pairs."""
    items = "".join(f"<li><a href=\"#{esc(a)}\">{esc(title)}</a></li>" for a, title in entries)
    return f"<nav class=\"toc\"><strong>{esc(heading)}</strong><ol>{items}</ol></nav>"
