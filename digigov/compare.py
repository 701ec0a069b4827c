"""Province comparison: where a province stands and what it lacks, for policy staff.

For each named province: its condition memberships against the national picture (mean,
median, rank) and against its neighbours, then what each method of the study finds about it
(each method's ``compare_*`` hooks, :mod:`digigov.methods.base`; the methods' own parts live in
their folders' ``compare`` modules).  :func:`compare_provinces` computes it (in
:mod:`digigov.province_comparison`, re-exported here); :func:`side_by_side` is the table a
staff member reads first (the provinces in adjacent columns, row by row, the weaker value
marked); :func:`write_comparison` writes one self-contained HTML page or a Word file
(Chinese or English).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from libdigigov.io import write_atomic

from .errors import StudyError
from .export import deterministic_zip, start_document
from .figures import FigureSpec, membership_map, render, synthetic_stamp
from .methods import REGISTRY
from .output import check_output_file
from .report import banner_text
from .tables import Marked, Span, Table, grid_table, kv_pairs, to_html
from .tables.word import BODY_PT, add_table, add_text
from .templates import LANGUAGES, esc, figure, page, study_title, toc
from .templates.strings import t
from .province_comparison import ProvinceComparison, compare_provinces
from .view import ResultsView, latest_period, read_results, var_label

__all__ = ["ProvinceComparison", "compare_provinces", "side_by_side", "render_comparison", "comparison_tables",
           "comparison_docx", "write_comparison"]


# ---------------------------------------------------------------- the side-by-side table
def _weaker(values: list, digits: int = 3) -> list:
    """The values with the lowest of them marked, compared as shown (``digits`` decimals): none
    when fewer than two are known or all are equal as shown.

    Examples
    --------
    >>> _weaker([0.9, 0.2, 0.2]), _weaker([0.4501, 0.4503])
    ([0.9, Marked(value=0.2, mark='▼'), Marked(value=0.2, mark='▼')], [0.4501, 0.4503])
    """
    shown = [None if v is None or np.isnan(v) else round(v, digits) for v in values]
    known = [v for v in shown if v is not None]
    if len(known) < 2 or max(known) == min(known):
        return list(values)
    return [Marked(v) if s == min(known) else v for v, s in zip(values, shown)]


def side_by_side(results: Mapping, comparisons: Sequence[ProvinceComparison], lang: str) -> Table:
    """The compared provinces in adjacent columns, row by row, the weaker value marked.

    Rows: the outcome and each condition (membership and national rank of each province, the
    lower membership marked ▼ (compared as shown, to 3 decimals), and the gap between the
    highest and the lowest), then the rows
    each method adds (its ``compare_rows`` hook: e.g. the path a province follows or the
    nearest one, and the conditions it misses, core first).

    Examples
    --------
    >>> res = {"study": {"outcome": "Y", "conditions": ["A"]},
    ...        "memberships": {"Zhejiang": {"Y": 0.9, "A": 0.2}, "Sichuan": {"Y": 0.6, "A": 0.7},
    ...                        "Gansu": {"Y": 0.1, "A": 0.1}}}
    >>> tab = side_by_side(res, compare_provinces(res, ["浙江", "四川"]), "en")
    >>> from digigov.tables import to_csv
    >>> print(to_csv(tab), end="")
    Item,Zhejiang,,Sichuan,,Gap (highest − lowest)
    ,Membership,Rank among 3,Membership,Rank among 3,
    Outcome: Y,0.900,1 / 3,0.600 ▼,2 / 3,0.300
    A,0.200 ▼,2 / 3,0.700,1 / 3,0.500
    """
    view = ResultsView.of(results)
    outcome = view.study.get("outcome")
    k = len(comparisons)
    n = int(max(c.profile["n"].max() for c in comparisons)) if comparisons else 0
    header = [[t(lang, "item"), *(Span(c.name(lang), 2) for c in comparisons), t(lang, "gap_range")],
              ["", *[x for _ in comparisons for x in (t(lang, "membership").capitalize(), t(lang, "national_rank", n=n))],
               ""]]
    rows = []
    variables = list(comparisons[0].profile.index) if comparisons else []
    for var in variables:
        values = [float(c.profile.at[var, "membership"]) for c in comparisons]
        known = [v for v in values if not np.isnan(v)]
        gap = max(known) - min(known) if len(known) >= 2 else None
        label = var_label(view, var, lang)
        row = [t(lang, "outcome_row", label=label) if var == outcome else label]
        for c, value in zip(comparisons, _weaker(values)):
            rank = c.profile.loc[var]
            row += [value, f"{int(rank['rank'])} / {int(rank['n'])}"]
        rows.append(row + [gap])
    for method in REGISTRY:
        for label, values in method.compare_rows(view, comparisons, lang):
            rows.append([label, *(Span(v, 2) for v in values), None])
    formats = ["text", *(["3f", "text"] * k), "3f"]
    return Table("side_by_side", t(lang, "side_by_side"), header, rows, formats, [t(lang, "side_by_side_note")],
                 table_id="side-by-side")


# ---------------------------------------------------------------- HTML
def _bar_chart(results, comp: ProvinceComparison, lang: str) -> FigureSpec:
    def draw():
        import matplotlib.pyplot as plt

        prof = comp.profile
        # horizontal bars: every label on one line of its own, so long names never run into each other
        labels = [var_label(results, v, lang) for v in prof.index]
        y = np.arange(len(prof))[::-1]
        has_nb = prof["neighbour_mean"].notna().any()
        height = 0.27 if has_nb else 0.38
        fig, ax = plt.subplots(figsize=(7.5, 0.34 * len(prof) * (1.3 if has_nb else 1.0) + 1.2), layout="constrained")
        ax.barh(y + height, prof["membership"], height, label=comp.name(lang), color="#1f4e79")
        ax.barh(y, prof["national_mean"], height, label=t(lang, "national_mean"), color="#9db4cc")
        if has_nb:
            ax.barh(y - height, prof["neighbour_mean"], height, label=t(lang, "neighbour_mean"), color="#e0a458")
        ax.axvline(0.5, color="0.4", linewidth=0.8, linestyle=":")
        ax.set_xlim(0, 1)
        ax.set_xlabel(t(lang, "membership"))
        ax.set_yticks(y, labels, fontsize=9)
        ax.set_title(t(lang, "chart_title", name=comp.name(lang)), fontsize=10, loc="left")
        ax.legend(fontsize=8, ncols=3, loc="lower right", bbox_to_anchor=(1.0, 1.0), frameon=False)
        ax.spines[["top", "right"]].set_visible(False)
        return fig

    return FigureSpec(f"compare_{comp.case}", "compare", t(lang, "chart_title", name=comp.name(lang)), draw,
                      stamp=synthetic_stamp(results, lang))


def _province_name(case: str, lang: str) -> str:
    from indicators import get_province

    return get_province(case).label("zh" if lang == "zh" else "en")


def _facts(view, comp: ProvinceComparison, lang: str) -> Table:
    """The province's key facts: its neighbours, then each method's."""
    nb = ", ".join(_province_name(c, lang) for c in comp.neighbours) or t(lang, "no_neighbours")
    rows = [(t(lang, "neighbours"), nb)] + [r for m in REGISTRY for r in m.compare_facts(view, comp, lang)]
    return kv_pairs(rows, caption=comp.caption(t(lang, "province_facts"), lang))


def _profile(view, comp: ProvinceComparison, lang: str) -> Table:
    """The province's memberships against the nation and its neighbours."""
    prof = comp.profile
    rows = [[var_label(view, v, lang), r.membership, r.national_mean, r.national_median,
             f"{int(r.rank)} / {int(r.n)}", r.neighbour_mean] for v, r in zip(prof.index, prof.itertuples())]
    return grid_table(rows, [t(lang, "condition"), t(lang, "membership").capitalize(), t(lang, "national_mean"),
                             t(lang, "national_median"), t(lang, "national_rank", n=int(prof["n"].max())),
                             t(lang, "neighbour_mean")], caption=comp.caption(t(lang, "against_nation"), lang))


def _blocks(view, comp: ProvinceComparison, lang: str) -> list:
    return [b for m in REGISTRY for b in m.compare_blocks(view, comp, lang)]


def _province_section(view, comp: ProvinceComparison, lang: str, first: bool) -> str:
    out = [f"<section class=\"province{' first' if first else ''}\" id=\"province-{esc(comp.case)}\">",
           f"<h2>{esc(comp.name(lang))}</h2>", to_html(_facts(view, comp, lang)),
           f"<h3>{esc(t(lang, 'against_nation'))}</h3>", to_html(_profile(view, comp, lang))]
    spec = _bar_chart(view, comp, lang)
    out.append(figure(render(spec)["png"], spec.caption, fig_id=f"chart-{comp.case}"))
    out += [to_html(b) if isinstance(b, Table) else b for b in _blocks(view, comp, lang)]
    out.append("</section>")
    return "".join(out)


def _overview(view, comparisons: Sequence[ProvinceComparison], lang: str) -> Table:
    """One row per province: its outcome membership and rank, then each method's columns."""
    outcome = view.study.get("outcome")
    rows, extra = [], []
    for c in comparisons:
        o = c.profile.loc[outcome] if outcome in c.profile.index else None
        cols = [col for m in REGISTRY for col in m.compare_columns(view, c, lang)]
        extra = extra or [h for h, _ in cols]
        rows.append([c.name(lang), None if o is None else float(o["membership"]),
                     None if o is None else f"{int(o['rank'])} / {int(o['n'])}", *(v for _, v in cols)])
    header = [t(lang, "province"), var_label(view, outcome, lang) if outcome else "",
              t(lang, "national_rank", n=len(view.get("memberships", {}))), *extra]
    return grid_table(rows, header, caption=t(lang, "summary_table"))


def _outcome_map(results, comparisons, lang: str) -> FigureSpec | None:
    """The outcome's map with the compared provinces outlined, when the study draws maps."""
    outcome = results.get("study", {}).get("outcome")
    if not results.get("study", {}).get("maps", True) or outcome not in ResultsView.of(results).memberships.columns:
        return None
    cases = [c.case for c in comparisons]
    cap = t(lang, "compare_map", label=var_label(results, outcome, lang))
    return FigureSpec("compare_map", "compare", cap,
                      lambda: membership_map(results, outcome, lang, cap, highlight=cases),
                      stamp=synthetic_stamp(results, lang))


def _language(results: Mapping, lang: str | None) -> str:
    lang = lang or results.get("study", {}).get("language") or "zh"
    if lang not in LANGUAGES:
        raise StudyError(f"lang must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    return lang


def render_comparison(results: Mapping, comparisons: Sequence[ProvinceComparison], lang: str | None = None,
                      *, sections: Sequence[str] = ()) -> str:
    """The comparison page as an HTML string (``sections``: the methods' own blocks after the
    provinces, HTML strings or tables of the table model)."""
    lang = _language(results, lang)
    view = ResultsView.of(results)
    study = view.study
    title = t(lang, "compare_title")
    head = [f"<h1>{esc(title)}</h1>", f"<p class=\"note\">{esc(study_title(study, lang))}</p>"]
    if study.get("synthetic"):
        warning, note = banner_text(study, lang)
        head.append(f"<div class=\"banner\" id=\"synthetic-banner\" role=\"alert\">{esc(warning)}"
                    + (f"<br><span style=\"font-weight:normal\">{esc(note)}</span>" if note else "") + "</div>")
    head.append(f"<p>{esc(t(lang, 'compare_intro'))}</p>")
    if len(comparisons) >= 2:       # the table a staff member reads first
        head.append(to_html(side_by_side(view, comparisons, lang)))
    outcome_map = _outcome_map(view, comparisons, lang)
    head.append(to_html(_overview(view, comparisons, lang)))
    if outcome_map is not None:
        head.append(figure(render(outcome_map)["png"], outcome_map.caption, fig_id="compare-map"))
    head.append(toc([(f"province-{c.case}", c.name(lang)) for c in comparisons], t(lang, "contents")))
    body = [_province_section(view, c, lang, i == 0) for i, c in enumerate(comparisons)]
    extra = [to_html(b) if isinstance(b, Table) else b for b in sections]
    return page(title, "\n".join(head + body + extra), lang)


# ---------------------------------------------------------------- Word
def _word_content(view, comparisons: Sequence[ProvinceComparison], lang: str, sections: Sequence = ()) -> list:
    """The Word file's content in page order: tables (numbered) and headings (the provinces),
    then the tables among the methods' ``sections``."""
    items: list = [side_by_side(view, comparisons, lang)] if len(comparisons) >= 2 else []
    items.append(_overview(view, comparisons, lang))
    for comp in comparisons:
        facts = _facts(view, comp, lang)     # key/value: a two-column table under the province's name
        items += [comp.name(lang),
                  replace(facts, kind="grid", header=[[t(lang, "item"), comp.name(lang)]],
                          rows=[list(r) for r in facts.rows], formats=["text", "text"]),
                  _profile(view, comp, lang)]
        items += [b for b in _blocks(view, comp, lang) if isinstance(b, Table)]
    items += [b for b in sections if isinstance(b, Table)]
    sep, n, out = ("  " if lang == "zh" else ". "), 0, []
    for item in items:
        if isinstance(item, Table):
            n += 1
            item = item.with_caption(f"{t(lang, 'table', n=n)}{sep}{item.caption}")
        out.append(item)
    return out


def comparison_tables(results: Mapping, comparisons: Sequence[ProvinceComparison], lang: str) -> list[Table]:
    """The comparison's tables in page order, numbered as in its Word file."""
    return [x for x in _word_content(ResultsView.of(results), comparisons, lang) if isinstance(x, Table)]


def comparison_docx(results: Mapping, comparisons: Sequence[ProvinceComparison], lang: str | None = None, *,
                    sections: Sequence = ()) -> bytes:
    """The comparison as a Word document: its tables as three-line tables, each province's
    under its name, then the tables of the methods' ``sections`` (the same tables as the page;
    the figures stay on the page).

    Examples
    --------
    >>> import docx, io
    >>> res = {"study": {"outcome": "Y", "conditions": ["A"]},
    ...        "memberships": {"Zhejiang": {"Y": 0.9, "A": 0.2}, "Sichuan": {"Y": 0.6, "A": 0.7}}}
    >>> doc = docx.Document(io.BytesIO(comparison_docx(res, compare_provinces(res, ["浙江", "四川"]), "en")))
    >>> [c.text for c in doc.tables[0].rows[3].cells]
    ['A', '0.200 ▼', '2 / 2', '0.700', '1 / 2', '0.500']
    """
    lang = _language(results, lang)
    view = ResultsView.of(results)
    doc = start_document(t(lang, "compare_title"), view.study, lang, subtitle=study_title(view.study, lang))
    add_text(doc.add_paragraph(), t(lang, "compare_intro"), BODY_PT)
    for item in _word_content(view, comparisons, lang, sections):
        if isinstance(item, Table):
            add_table(doc, item)
        else:
            heading = doc.add_paragraph()
            heading.paragraph_format.keep_with_next = True
            add_text(heading, item, 12, bold=True)
    buf = io.BytesIO()
    doc.save(buf)
    return deterministic_zip(buf.getvalue())


def write_comparison(results_dir, provinces: list[str], out_file, lang: str | None = None, *,
                     force: bool = False) -> Path:
    """Write the province comparison of a study output folder: an HTML page, or a Word file
    when ``out_file`` ends in ``.docx``.

    Parameters
    ----------
    results_dir : path
        Folder written by ``digigov run`` (reads ``results.json``).
    provinces : list of str
        Provinces in any spelling (Chinese, English, pinyin, administrative code).
    out_file : path
        HTML (``.html``) or Word (``.docx``) file to write (atomically).
    lang : {"zh", "en"}, optional
    force : bool
        Replace an existing file of a results folder other than ``comparison.html`` and
        ``comparison.docx``.

    Returns
    -------
    pathlib.Path
    """
    if lang is not None and lang not in LANGUAGES:
        raise StudyError(f"lang must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    # first what must never happen (an input or another output overwritten), then the format;
    # the study's report.html (or another results folder's page) is replaced only with force
    check_output_file(out_file, "comparison", inputs=[Path(results_dir) / "results.json"],
                      owned=["comparison.html", "comparison.docx"], force=force)
    suffix = Path(out_file).suffix.lower()
    word = suffix == ".docx"
    if suffix in (".doc", ".xlsx", ".pdf", ".csv", ".json"):
        raise StudyError(f"the comparison is written as HTML or Word (.docx), not {suffix}: {str(out_file)!r}")
    results = read_results(results_dir)
    lang = results.language(lang)
    view = latest_period(results)      # a panel study: the provinces of its latest period
    comparisons = compare_provinces(view, provinces)
    # the methods' blocks after the provinces (e.g. a panel's years), one piece of the page each
    sections = [m.compare_sections(results, comparisons, lang) for m in REGISTRY]
    if word:
        data = comparison_docx(view, comparisons, lang, sections=[b for blocks in sections for b in blocks])
    else:
        joined = ["".join(to_html(b) if isinstance(b, Table) else b for b in blocks) for blocks in sections]
        data = render_comparison(view, comparisons, lang, sections=[b for b in joined if b])
    try:
        return write_atomic(Path(out_file), data)
    except OSError as exc:
        raise StudyError(f"cannot write the comparison {str(out_file)!r}: {exc.strerror or exc}") from None
