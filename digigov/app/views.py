"""HTML fragments of the workbench's results: plain functions from result objects to strings.

Every fragment carries its settings as ``data-`` attributes (the cut-offs it was computed
with), so that the browser test can tell the new table from the old one.

>>> from digigov.app.model import analyse
>>> from digigov.app.studyio import example_workbench
>>> html = truth_table_html(analyse(example_workbench()).truth_table, "en")
>>> 'data-incl-cut="0.8"' in html and html.count("<tr class=") == 25
True
"""
from __future__ import annotations

import json
from html import escape

import pandas as pd

from .strings import t

__all__ = ["truth_table_html", "solutions_html", "solution_html", "calibration_html", "necessity_html",
           "message_html", "numbers_script"]


def _f(x, digits: int = 3) -> str:
    return "" if x is None or (isinstance(x, float) and x != x) else f"{x:.{digits}f}"


def message_html(text: str, kind: str = "danger", title: str | None = None) -> str:
    """A Bootstrap alert: ``kind`` 'danger' for errors, 'warning' or 'info'."""
    head = f"<strong>{escape(title)}:</strong> " if title else ""
    return f'<div class="alert alert-{kind} dg-message" role="alert">{head}{escape(text)}</div>'


def _cuts(tt) -> str:
    incl = tt.incl_cut[0] if isinstance(tt.incl_cut, (list, tuple)) else tt.incl_cut
    return f'data-incl-cut="{incl:g}" data-pri-cut="{tt.pri_cut:g}" data-n-cut="{tt.n_cut}"'


def truth_table_html(tt, lang: str, labels: dict | None = None) -> str:
    """The truth table's observed rows, most consistent first, coloured by OUT."""
    d = tt.to_dict()
    conds = list(d["conditions"])
    rows = sorted(d["rows"], key=lambda r: (-r["incl"], r["row"]))
    head = "".join(f'<th title="{escape((labels or {}).get(c, c))}">{escape(c)}</th>' for c in conds)
    body = []
    for r in rows:
        cls = {"1": "out-1", "0": "out-0"}.get(str(r["OUT"]), "out-r")
        cells = "".join(f"<td>{r['config'][c]}</td>" for c in conds)
        body.append(f'<tr class="{cls}" data-incl="{r["incl"]!r}" data-pri="{r["PRI"]!r}" data-n="{r["n"]}">'
                    f'<td>{r["row"]}</td>{cells}<td class="dg-out">{escape(str(r["OUT"]))}</td><td>{r["n"]}</td>'
                    f'<td>{_f(r["incl"])}</td><td>{_f(r["PRI"])}</td>'
                    f'<td class="dg-cases">{escape(", ".join(map(str, r["cases"])))}</td></tr>')
    n_out = sum(1 for r in rows if str(r["OUT"]) == "1")
    notes = "".join(f"<p class='dg-note'>{escape(n)}</p>" for n in d["notes"])
    if d["unassigned_cases"]:
        notes += f"<p class='dg-note'>unassigned: {escape(', '.join(map(str, d['unassigned_cases'])))}</p>"
    return (f'<div class="dg-tt" {_cuts(tt)} data-out1="{n_out}">'
            f'<table class="table table-sm dg-table dg-tt-table"><thead><tr><th>row</th>{head}<th>OUT</th>'
            f'<th>n</th><th>incl</th><th>PRI</th><th>{escape(t("cases", lang))}</th></tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>{notes}</div>')


def solution_html(sol, kind: str, lang: str, tt=None) -> str:
    """One solution: each model's expression, its terms' fit and covered cases, the solution's fit."""
    cuts = _cuts(tt) if tt is not None else ""
    parts = [f'<div class="dg-solution" id="dg-sol-{kind}" data-kind="{kind}" {cuts}>',
             f'<h5 data-i18n="{kind}">{escape(t(kind, lang))}</h5>']
    if not sol.models:
        parts.append(f'<p class="dg-none" data-i18n="no_solution">{escape(t("no_solution", lang))}</p></div>')
        return "".join(parts)
    for i, m in enumerate(sol.models, 1):
        fit = m.fit.to_dict()
        parts.append(f'<p class="dg-expr"><span class="dg-model">M{i}</span> <code class="dg-expression">'
                     f'{escape(m.expression)}</code> &rarr; {escape(fit["outcome"])}</p>')
        rows = "".join(
            f"<tr><td><code>{escape(term['term'])}</code></td><td>{_f(term['inclS'])}</td><td>{_f(term['PRI'])}</td>"
            f"<td>{_f(term['covS'])}</td><td>{_f(term['covU'])}</td>"
            f"<td class='dg-cases'>{escape(', '.join(map(str, term['cases'])))}</td></tr>" for term in fit["terms"])
        parts.append(
            '<table class="table table-sm dg-table dg-fit"><thead><tr><th></th><th>inclS</th><th>PRI</th><th>covS</th>'
            f'<th>covU</th><th>{escape(t("cases", lang))}</th></tr></thead><tbody>{rows}'
            f'<tr class="dg-solfit"><th data-i18n="solution_fit">{escape(t("solution_fit", lang))}</th>'
            f'<td class="dg-inclS">{_f(fit["inclS"])}</td><td class="dg-PRI">{_f(fit["PRI"])}</td>'
            f'<td class="dg-covS">{_f(fit["covS"])}</td><td></td><td></td></tr></tbody></table>')
    for s in sol.statements:
        parts.append(f"<p class='dg-note'>{escape(s)}</p>")
    parts.append("</div>")
    return "".join(parts)


def solutions_html(solutions: dict, lang: str, tt=None) -> str:
    return "".join(solution_html(solutions[k], k, lang, tt) for k in ("complex", "parsimonious", "intermediate")
                   if k in solutions)


def skewed_sets(cal) -> list[str]:
    """The calibrated sets the engine's skew rule flags (SetMethods' skew.check with the stated
    20 / 80 % threshold, :func:`fsqca.skew_check`), as the study's run reports them."""
    import fsqca

    return fsqca.skew_check(cal.data[list(dict.fromkeys(cal.report["column"]))]).skewed


def calibration_html(cal, lang: str) -> str:
    """The calibration report: anchors (and where they came from), share above 0.5, cases at 0.5."""
    rep = cal.report
    skewed = set(skewed_sets(cal))
    rows = []
    for r in rep.itertuples():
        warn = []
        if r.column in skewed:
            warn.append(t("skew", lang).format(share=r.share_above_half))
        if r.n_at_half:
            warn.append(t("at_half", lang).format(n=r.n_at_half, cases=r.cases_at_half))
        cls = " class='dg-warn'" if warn else ""
        rows.append(f"<tr{cls}><td>{escape(str(r.column))}</td><td>{_f(r.exclusion, 4)}<br><small>"
                    f"{escape(str(r.exclusion_source))}</small></td><td>{_f(r.crossover, 4)}<br><small>"
                    f"{escape(str(r.crossover_source))}</small></td><td>{_f(r.inclusion, 4)}<br><small>"
                    f"{escape(str(r.inclusion_source))}</small></td><td>{r.share_above_half:.0%}</td>"
                    f"<td>{escape('; '.join(warn))}</td></tr>")
    return ("<table class='table table-sm dg-table dg-cal'><thead><tr><th></th>"
            f"<th data-i18n='exclusion'>{escape(t('exclusion', lang))}</th>"
            f"<th data-i18n='crossover'>{escape(t('crossover', lang))}</th>"
            f"<th data-i18n='inclusion'>{escape(t('inclusion', lang))}</th><th>&gt; 0.5</th>"
            f"<th data-i18n='warning'>{escape(t('warning', lang))}</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")


def necessity_html(nec) -> str:
    """fsQCA's necessity table (inclN, RoN, covN), conditions at or above the threshold marked."""
    df: pd.DataFrame = nec.to_frame()
    cols = [c for c in df.columns if c in ("outcome", "condition", "inclN", "RoN", "covN")] or list(df.columns)
    head = "".join(f"<th>{escape(str(c))}</th>" for c in cols)
    body = []
    for _, r in df.iterrows():
        mark = " class='dg-necessary'" if "inclN" in df.columns and r["inclN"] >= 0.9 else ""
        cells = "".join(f"<td>{_f(r[c]) if isinstance(r[c], float) else escape(str(r[c]))}</td>" for c in cols)
        body.append(f"<tr{mark}>{cells}</tr>")
    return (f"<table class='table table-sm dg-table dg-nec'><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>")


def numbers_script(numbers: dict, id: str = "dg-numbers") -> str:
    """The numbers on screen at full precision, as JSON in the page (read by the reproducibility test)."""
    text = json.dumps(numbers, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/json" id="{id}">{text}</script>'
