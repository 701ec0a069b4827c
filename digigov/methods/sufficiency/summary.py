"""The configurations on the report's first screen, and the province ranking.

- :func:`describe_configuration`: one configuration in plain language (core and peripheral
  conditions, present and absent), e.g. "Configuration 2: government coordination and sinking
  channel construction present, inter-provincial competition pressure absent as core conditions";
- :func:`province_ranking`: every case's outcome, membership in each configuration, the
  configuration(s) it follows (membership > 0.5) or the one it is nearest to, and its rank
  on each condition;
- :func:`findings_html` and :func:`ranking_html`: the findings of the summary section and the
  sortable ranking table (a few lines of inline JavaScript, no server, no external file).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ...tables import REPORT_ROWS, case_list, rows_note
from ...templates import esc, table_caption
from ...templates.strings import t
from ...view import ResultsView, plain_label
from .configurations import configuration_memberships, configuration_title, configurations, literals

__all__ = ["describe_configuration", "province_ranking", "top_cases", "findings_html", "ranking_html", "SORT_SCRIPT"]

#: Click a header of a ``table.sortable`` to sort by it (again to reverse).  Each cell's sort
#: key is its ``data-v`` attribute: numbers sort numerically, text by the page's locale.
SORT_SCRIPT = """
document.querySelectorAll('table.sortable').forEach(function (table) {
  table.querySelectorAll('thead th').forEach(function (th, col) {
    th.addEventListener('click', function () {
      var asc = th.getAttribute('aria-sort') !== 'ascending';
      table.querySelectorAll('thead th').forEach(function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
      var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[col].getAttribute('data-v'), y = b.cells[col].getAttribute('data-v');
        var nx = parseFloat(x), ny = parseFloat(y);
        var c = (isNaN(nx) || isNaN(ny)) ? x.localeCompare(y, document.documentElement.lang) : nx - ny;
        return asc ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
});
"""


def _join(items, lang: str) -> str:
    items = list(items)
    if lang == "zh":
        return "、".join(items)
    if len(items) < 3:
        return " and ".join(items)
    return ", ".join(items[:-1]) + ", and " + items[-1]     # serial comma: labels may contain "and"


def describe_configuration(results: Mapping, config: Mapping, lang: str) -> str:
    """The configuration's conditions in one plain sentence.

    Examples
    --------
    >>> res = {"study": {"labels": {"G": {"en": "government coordination", "zh": "政府统筹"},
    ...                             "R": {"en": "competition pressure", "zh": "府际竞争压力"}}}}
    >>> cfg = {"id": "1", "name": {"en": "coordination-led", "zh": "协调主导型"},
    ...        "core": {"present": ["G"], "absent": ["R"]}, "peripheral": {"present": ["T"], "absent": []}}
    >>> describe_configuration(res, cfg, "en")
    'Configuration 1 (coordination-led): government coordination present, competition pressure absent as core conditions; T present as a peripheral condition.'
    >>> describe_configuration(res, cfg, "zh")
    '组态 1（协调主导型）：以政府统筹存在，府际竞争压力缺失为核心条件；以T存在为边缘条件。'
    """
    parts = []
    for role in ("core", "peripheral"):
        sides = []
        for kind in ("present", "absent"):
            names = [plain_label(results, c, lang) for c in (config.get(role) or {}).get(kind, [])]
            if names:
                sides.append(f"{_join(names, lang)}{t(lang, 'is_' + kind)}")
        if sides:
            n = sum(len((config.get(role) or {}).get(k, [])) for k in ("present", "absent"))
            key = f"as_{role}" + ("" if n > 1 or lang == "zh" else "_one")
            parts.append(t(lang, key, what=("，" if lang == "zh" else ", ").join(sides)))
    sep = "；" if lang == "zh" else "; "
    end = "。" if lang == "zh" else "."
    colon = "：" if lang == "zh" else ": "
    return configuration_title(config, lang) + colon + sep.join(parts or [t(lang, "none_listed")]) + end


def province_ranking(results: Mapping) -> pd.DataFrame:
    """Every case's position: outcome, configuration memberships, path, rank per condition.

    Columns: ``outcome_rank`` (1 = highest outcome membership; ties share the best rank),
    ``outcome``, one column per configuration id (membership: minimum over its literals),
    ``follows`` (ids with membership > 0.5, comma-separated, or ""), ``nearest`` (when it
    follows none: the configuration with the fewest unmet conditions, then the smallest gap
    to the crossover, as on the comparison page), then ``rank_<condition>`` for each condition
    (1 = highest membership).  Rows are sorted by ``outcome_rank``.

    Examples
    --------
    >>> res = {"study": {"outcome": "Y", "conditions": ["A", "B"]},
    ...        "memberships": {"a": {"Y": 0.9, "A": 0.8, "B": 0.3}, "b": {"Y": 0.2, "A": 0.1, "B": 0.7}},
    ...        "configurations": [{"id": "1", "core": {"present": ["A"], "absent": []}}]}
    >>> province_ranking(res)[["outcome_rank", "follows", "nearest", "rank_A", "rank_B"]].to_dict("index")
    {'a': {'outcome_rank': 1, 'follows': '1', 'nearest': '', 'rank_A': 1, 'rank_B': 2}, 'b': {'outcome_rank': 2, 'follows': '', 'nearest': '1', 'rank_A': 2, 'rank_B': 1}}
    """
    results = ResultsView.of(results)
    m = results.memberships
    study = results.get("study", {})
    outcome = study.get("outcome")
    conds = [c for c in study.get("conditions", []) if c in m.columns]
    configs = configuration_memberships(results)
    lits = {str(c["id"]): literals(c) for c in results.get("configurations") or []}
    out = pd.DataFrame(index=m.index)
    if outcome in m.columns:
        out["outcome_rank"] = m[outcome].rank(ascending=False, method="min").astype("Int64")
        out["outcome"] = m[outcome]
    for cid in configs.columns:
        out[cid] = configs[cid]
    # column-wise, so that the step is linear in the cases (nearest_configuration's rule, vectorised)
    ids = [str(c) for c in configs.columns]
    member = configs.to_numpy() > 0.5 if ids else np.zeros((len(m), 0), bool)
    out["follows"] = [", ".join(ids[j] for j in np.flatnonzero(row)) for row in member]
    near = _nearest(lits, m)
    out["nearest"] = ["" if row.any() or not lits else near[i] for i, row in enumerate(member)]
    for c in conds:
        out[f"rank_{c}"] = m[c].rank(ascending=False, method="min").astype("Int64")
    if "outcome_rank" in out:
        out = out.sort_values(["outcome_rank"], kind="stable")
    return out


def top_cases(view, config: Mapping) -> list:
    """The configuration's cases, those with the highest membership in it first when the report
    summarises the list (more than :data:`digigov.tables.REPORT_ROWS`), else as listed."""
    cases = list(config.get("cases") or [])
    if len(cases) <= REPORT_ROWS:
        return cases
    x = view.configuration_memberships[str(config.get("id"))]
    return sorted(cases, key=lambda c: -x.get(c, 0.0))


def _nearest(lits: Mapping, m: pd.DataFrame) -> list:
    """Per case, the configuration with the fewest unmet conditions, then the smallest summed gap
    to the crossover (the first on ties): :func:`.configurations.nearest_configuration` on columns."""
    best_id = np.full(len(m), "", dtype=object)
    best_n = np.full(len(m), np.iinfo(np.int64).max)
    best_gap = np.zeros(len(m))
    for k, (cid, lit_list) in enumerate(lits.items()):
        n_unmet, gap = np.zeros(len(m), np.int64), np.zeros(len(m))
        for cond, value, _ in lit_list:
            x = m[cond].to_numpy(float)
            lit = x if value else 1.0 - x
            unmet = ~(lit > 0.5)
            n_unmet += unmet
            gap = np.where(unmet, gap + (0.5 - lit), gap)
        better = (n_unmet < best_n) | ((n_unmet == best_n) & (gap < best_gap)) if k else np.ones(len(m), bool)
        best_id[better], best_n[better], best_gap[better] = cid, n_unmet[better], gap[better]
    return list(best_id)


# ---------------------------------------------------------------- HTML
def _fmt(value) -> str:
    return "–" if value is None else f"{float(value):.3f}"


def findings_html(view, lang: str, per_configuration) -> str:
    """The findings: the solution in one sentence, then each configuration in plain language with
    its fit, its cases and what other methods add to it (``per_configuration(id)``: HTML lines)."""
    outcome = view.study.get("outcome")
    out = []
    fit = view.get("solution_fit") or {}
    configs = configurations(view)
    n = len(view.get("memberships") or {})
    if outcome:
        out.append(f"<p class=\"lead\">{esc(t(lang, 'summary_intro', outcome=view.plain(outcome, lang), n=n, k=len(configs), incl=_fmt(fit.get('inclS')), cov=_fmt(fit.get('covS'))))}</p>")
    items = []
    for cfg in configs:
        cid = str(cfg.get("id"))
        lines = [f"<strong>{esc(describe_configuration(view, cfg, lang))}</strong>",
                 esc(t(lang, "summary_fit", incl=_fmt(cfg.get("inclS")), pri=_fmt(cfg.get("PRI")),
                       cov=_fmt(cfg.get("covS")), covu=_fmt(cfg.get("covU"))))]
        cases = top_cases(view, cfg)
        lines.append(esc(t(lang, "summary_cases", cases=case_list(view, cases, lang, "tables/configurations.csv")
                           if cases else t(lang, "none_listed"))))
        lines += per_configuration(cid)
        items.append(f"<li id=\"summary-config-{esc(cid)}\">" + "<br>".join(lines) + "</li>")
    if items:
        out.append("<ol class=\"findings\">" + "".join(items) + "</ol>")
    return "".join(out)


_NUM = ' class="num"'
_NOWRAP = ' class="nowrap"'


def ranking_html(results: Mapping, lang: str) -> str:
    """The province ranking as a table sortable by clicking its headers."""
    results = ResultsView.of(results)
    frame = province_ranking(results)
    if frame.empty:
        return ""
    study = results.get("study", {})
    cols, heads = [], []
    if "outcome_rank" in frame:
        cols += ["outcome_rank", "case", "outcome"]
        heads += [t(lang, "rank"), t(lang, "province"), results.label(study.get("outcome", ""), lang)]
    else:
        cols.append("case")
        heads.append(t(lang, "province"))
    cids = [str(c.get("id")) for c in results.get("configurations") or []]
    cols += cids
    heads += [f"{t(lang, 'configuration')} {cid}" for cid in cids]
    cols += ["path"]
    heads += [t(lang, "path")]
    conds = [c[5:] for c in frame.columns if c.startswith("rank_")]
    cols += [f"rank_{c}" for c in conds]
    heads += conds
    rows = []
    total = len(frame)
    frame = frame.head(REPORT_ROWS)     # sorted by outcome rank: the best-ranked cases
    for case, r in frame.iterrows():
        cells = []
        for col in cols:
            if col == "case":
                label = results.case(case, lang)
                cells.append((label, label, None))
            elif col == "path":
                if r["follows"]:
                    text = t(lang, "follows", ids=r["follows"])
                    key = "0 " + r["follows"]
                elif r["nearest"]:
                    text = t(lang, "nearest_to", id=r["nearest"])
                    key = "1 " + r["nearest"]
                else:
                    text, key = "–", "2"
                cells.append((text, key, None))
            elif col in ("outcome",) or col in cids:
                v = r[col]
                cells.append((_fmt(v), "" if pd.isna(v) else f"{float(v):.6f}", True))
            else:
                v = r[col]
                cells.append(("–" if pd.isna(v) else str(int(v)), "" if pd.isna(v) else str(int(v)), True))
        rows.append("<tr>" + "".join(f"<td{_NUM if num else (_NOWRAP if num is None else '')} data-v=\"{esc(key)}\">{esc(text)}</td>"
                                     for text, key, num in cells) + "</tr>")
    tips = [t(lang, "sort_hint")] * (len(heads) - len(conds))
    tips += [f"{t(lang, 'rank_of', var=results.label(c, lang))} · {t(lang, 'sort_hint')}" for c in conds]
    head = "".join(f"<th title=\"{esc(tip)}\">{esc(h)}</th>" for h, tip in zip(heads, tips))
    table = (f"<div class=\"wide\"><table class=\"sortable\" id=\"ranking-table\">"
             f"{table_caption(t(lang, 'cap_ranking'), 'ranking-table')}<thead><tr>{head}</tr></thead>"
             f"<tbody>{''.join(rows)}</tbody></table></div>")
    legend = "; ".join(f"{c}: {results.label(c, lang)}" for c in conds)
    more = rows_note(lang, total, "tables/ranking.csv", t(lang, "order_outcome_rank"))
    return (f"<p class=\"note\">{esc(t(lang, 'ranking_note'))} {esc(t(lang, 'rank_columns'))}{esc(legend)}</p>" + table
            + (f"<p class=\"note\">{esc(more)}</p>" if more else "") + f"<script>{SORT_SCRIPT}</script>")
