"""The panel's findings on the report's first screen: what changed between periods and regions.

From the cluster diagnostics of ``results.json`` (SetMethods' ``cluster``, Garcia-Castro and
Arino 2016) only: the solution's consistency per period with the pooled value and the
between/within distances, the configurations whose consistency rose and fell most from the first
to the last period, the spread between regions, the units least consistent over time, a compact
configuration x period table (consistency / coverage) and the consistency-over-time figure.
The full tables are the CSV files ``cluster_*.csv`` (and the Excel workbook).
"""
from __future__ import annotations

from collections.abc import Mapping

from ...tables import html_table
from ...templates import esc, figure
from ...templates.strings import t, t_or
from . import strings  # noqa: F401  (registers the "panel." strings)
from .figures import cluster, period_name, unit_name

__all__ = ["panel_findings_html", "change_over_time"]

#: Units named as least consistent over time.
LOWEST = 3


def _f(value) -> str:
    return "–" if value is None else f"{float(value):.3f}"


def change_over_time(results: Mapping) -> list[dict]:
    """Per term (the solution first): its id, consistency and coverage per period, the pooled
    values, the change of consistency from the first to the last period and the distances.

    Examples
    --------
    >>> res = {"configurations": [{"id": "1", "term": "A"}], "panel": {"clusters": [
    ...     {"by": "period", "relation": "sufficiency", "terms": [
    ...      {"term": "A", "pooled": {"incl": 0.9, "cov": 0.5}, "dist_between": 0.02, "dist_within": 0.05,
    ...       "between": [{"cluster": "2019", "incl": 0.85, "cov": 0.4},
    ...                   {"cluster": "2020", "incl": 0.95, "cov": 0.6}]}]}]}}
    >>> row = change_over_time(res)[0]
    >>> row["id"], row["periods"], round(row["change"], 3)
    ('1', ['2019', '2020'], 0.1)
    """
    cl = cluster(results)
    if not cl:
        return []
    ids = {c.get("term"): str(c.get("id")) for c in results.get("configurations") or []}
    out = []
    for entry in cl.get("terms") or []:
        between = entry.get("between") or []
        incl = [b.get("incl") for b in between]
        out.append({"term": entry["term"], "id": "" if entry["term"] == "solution" else ids.get(entry["term"], ""),
                    "periods": [str(b.get("cluster")) for b in between], "incl": incl,
                    "cov": [b.get("cov") for b in between], "pooled": entry.get("pooled") or {},
                    "change": (incl[-1] - incl[0]) if len(incl) > 1 and None not in (incl[0], incl[-1]) else None,
                    "dist_between": entry.get("dist_between"), "dist_within": entry.get("dist_within"),
                    "within": entry.get("within") or []})
    return out


def _name(row: Mapping, lang: str) -> str:
    if row["term"] == "solution":
        return t(lang, "panel.solution")
    return f"{t(lang, 'panel.configuration')} {row['id']}" if row["id"] else row["term"]


def _sentences(view, rows: list[dict], lang: str) -> list[str]:
    panel = view["panel"]
    unit, period = unit_name(view, lang), period_name(view, lang)
    sep = "，" if lang == "zh" else ", "
    sol = rows[0]
    series = sep.join(f"{p} {_f(v)}" for p, v in zip(sol["periods"], sol["incl"]))
    out = [t(lang, "panel.f_lead", units=len(panel.get("units") or []), unit=unit, periods=len(sol["periods"]),
             period=period, first=sol["periods"][0], last=sol["periods"][-1], series=series,
             pooled=_f(sol["pooled"].get("incl")), db=_f(sol["dist_between"]), dw=_f(sol["dist_within"]))]
    terms = [r for r in rows[1:] if r["change"] is not None]
    if terms:
        up, down = max(terms, key=lambda r: r["change"]), min(terms, key=lambda r: r["change"])
        for key, row in (("panel.f_up", up), ("panel.f_down", down)):
            if (row["change"] > 0) == (key == "panel.f_up") and abs(row["change"]) >= 0.0005:
                out.append(t(lang, key, name=_name(row, lang), first=row["periods"][0], last=row["periods"][-1],
                             a=_f(row["incl"][0]), b=_f(row["incl"][-1]), ca=_f(row["cov"][0]),
                             cb=_f(row["cov"][-1]), d=_f(row["dist_between"])))
    region = cluster(view, "region")
    if region and region.get("terms"):
        between = [b for b in region["terms"][0].get("between") or [] if b.get("incl") is not None]
        if between:
            low, high = min(between, key=lambda b: b["incl"]), max(between, key=lambda b: b["incl"])
            out.append(t(lang, "panel.f_region", low_name=_region(low["cluster"], lang), low=_f(low["incl"]),
                         high_name=_region(high["cluster"], lang), high=_f(high["incl"]),
                         d=_f(region["terms"][0].get("dist_between"))))
    within = sorted((w for w in sol["within"] if w.get("incl") is not None), key=lambda w: w["incl"])[:LOWEST]
    if within:
        out.append(t(lang, "panel.f_units", unit=unit, units=sep.join(
            f"{view.case(w['unit'], lang)} {_f(w['incl'])}" for w in within)))
    return out


def _region(name: str, lang: str) -> str:
    return t_or(lang, f"panel.region_{name}", str(name))


def _table(view, rows: list[dict], lang: str) -> str:
    header = [t(lang, "panel.term"), *rows[0]["periods"], t(lang, "panel.pooled"), t(lang, "panel.change"),
              t(lang, "panel.distance"), t(lang, "panel.distance_within")]
    body = [[_name(r, lang), *(f"{_f(i)} / {_f(c)}" for i, c in zip(r["incl"], r["cov"])),
             f"{_f(r['pooled'].get('incl'))} / {_f(r['pooled'].get('cov'))}",
             "–" if r["change"] is None else f"{r['change']:+.3f}", r["dist_between"], r["dist_within"]]
            for r in rows]
    return html_table(body, header, caption=t(lang, "panel.f_table", period=period_name(view, lang)),
                      table_id="panel-change-over-time", notes=[t(lang, "panel.f_table_note")])


def panel_findings_html(view, lang: str, figures=None) -> str:
    """The first-screen block of a panel study ("" without panel diagnostics).

    ``figures``: ``(FigureSpec, png)`` pairs; the consistency-over-time figure among them is shown here.
    """
    if not view.get("panel"):
        return ""
    rows = change_over_time(view)
    if not rows:
        return ""
    out = [f"<div class=\"panel-findings\" id=\"panel-findings\"><h3>{esc(t(lang, 'panel.f_title', period=period_name(view, lang)))}</h3>"]
    out += [f"<p>{esc(s)}</p>" for s in _sentences(view, rows, lang)]
    out.append(_table(view, rows, lang))
    out += [figure(png, spec.caption, fig_id=f"fig-{spec.name}") for spec, png in figures or []
            if spec.name == "panel_consistency_over_time"]
    out.append("</div>")
    return "".join(out)
