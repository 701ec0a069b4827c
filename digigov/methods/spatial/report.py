"""What the spatial diagnostics show, from ``results["spatial"]`` only: the tables (report, Word,
Excel), the LISA cluster maps (:func:`indicators.lisa_map.plot_lisa_clusters`, the project's map
conventions), the report section with the plain-words verdict, the first screen's line and the
province comparison's block.
"""
from __future__ import annotations

from collections.abc import Mapping

from ...figures import FigureSpec, are_provinces, render, stem, synthetic_stamp
from ...tables import Table, html_table, to_html
from ...templates import esc, figure
from ...templates.strings import t, t_or
from . import strings  # noqa: F401  (registers the "spatial." strings)

__all__ = ["spatial_tables", "spatial_figures", "spatial_section", "verdict_lines", "design_rows",
           "compare_html", "summary_lines", "SHEETS"]

#: CSV stem -> the table that shows it in the workbook (in the export's language).
SHEETS = {"spatial_autocorrelation": "autocorrelation", "spatial_lisa": "lisa",
          "spatial_case_selection": "case_selection", "spatial_regions": "regions", "spatial_lagged": "lagged"}


def _num(v, fmt: str = "{:.3f}") -> str:
    return "–" if v is None else fmt.format(v)


def _p(v) -> str:
    """``p = 0.032``, ``p < 0.001`` or ``p = –`` (none)."""
    return "p = –" if v is None else "p < 0.001" if v < 0.001 else f"p = {v:.3f}"


def series_name(view, lang: str, series: str) -> str:
    """The outcome's label, "configuration 1", "solution", "residual" in ``lang``."""
    if series in ("outcome", "solution", "residual"):
        if series == "outcome":
            return f"{t(lang, 'spatial.outcome')}：{view.label(view.study.get('outcome', ''), lang)}" if lang == "zh" \
                else f"{t(lang, 'spatial.outcome')}: {view.label(view.study.get('outcome', ''), lang)}"
        return t(lang, f"spatial.{series}")
    cfg = next((c for c in view.configurations if str(c.get("id")) == str(series)), None)
    return view.configuration_title(cfg, lang) if cfg else t(lang, "spatial.configuration", id=series)


def _row(sp: Mapping, series: str) -> Mapping:
    return next((r for r in sp.get("autocorrelation") or [] if str(r.get("series")) == series), {})


def _src(sp: Mapping, lang: str) -> str:
    n = (sp.get("settings") or {}).get("permutations") or 0
    return t(lang, "spatial.src_perm", n=n) if n else t(lang, "spatial.src_rand")


def _verdict(view, sp: Mapping, lang: str, series: str) -> str:
    row = _row(sp, series)
    if not row:
        return ""
    pattern = str(row.get("pattern", ""))
    code = "constant" if pattern.startswith("constant") else pattern
    alpha = (sp.get("settings") or {}).get("alpha", 0.05)
    return t(lang, f"spatial.{series}_{code}", I=_num(row.get("I")), p=_p(row.get("p")), src=_src(sp, lang),
             alpha=f"{alpha:g}")


def verdict_lines(view, lang: str) -> list[str]:
    """The plain-words verdicts: the outcome's clustering, then the residual's."""
    sp = view.get("spatial") or {}
    return [v for v in (_verdict(view, sp, lang, "outcome"), _verdict(view, sp, lang, "residual")) if v]


# ---------------------------------------------------------------- the weights and tests in words
def _weights_words(sp: Mapping, lang: str) -> str:
    s, w = sp.get("settings") or {}, sp.get("weights") or {}
    kind = s.get("weights")
    kind_text = t(lang, f"spatial.kind_{kind}", k=s.get("k"), threshold=f"{s.get('threshold') or 0:g}",
                  file=str(s.get("edges") or ""))
    links = s.get("island_links")
    if kind == "edges":
        rule = t(lang, "spatial.rule_edges")
    elif isinstance(links, list):
        rule = t(lang, "spatial.rule_list", links=", ".join(links))
    else:
        rule = t(lang, f"spatial.rule_{links}")
    islands = w.get("islands") or []
    isl = (t(lang, "spatial.islands", names=view_cases(islands, lang)) if islands else t(lang, "spatial.no_islands"))
    return t(lang, "spatial.intro_weights", kind=kind_text, style=t(lang, f"spatial.style_{s.get('style', 'W')}"),
             pairs=(w.get("n_links") or 0) // 2, rule=rule, islands=isl)


def view_cases(cases, lang: str) -> str:
    from ...view import case_label

    return ("、" if lang == "zh" else ", ").join(case_label(c, lang) for c in cases)


def _tests_words(sp: Mapping, lang: str) -> str:
    s = sp.get("settings") or {}
    n, ln = s.get("permutations") or 0, s.get("lisa_permutations") or 0
    return t(lang, "spatial.tests", global_src=t(lang, "spatial.perm", n=n) if n else t(lang, "spatial.rand"),
             alpha=f"{s.get('alpha', 0.05):g}",
             local_src=t(lang, "spatial.cperm", n=ln) if ln else t(lang, "spatial.analytic"),
             fdr=t(lang, "spatial.fdr_yes" if s.get("fdr") else "spatial.fdr_no"), seed=s.get("seed"))


# ---------------------------------------------------------------- tables
def _cluster(lang: str, label) -> str:
    return t_or(lang, f"spatial.cluster_{label}", str(label))


def _autocorrelation(view, sp, lang) -> Table | None:
    rows = [[series_name(view, lang, str(r["series"])), r.get("I"), r.get("EI"), r.get("z_rand"), r.get("p"),
             t_or(lang, f"spatial.pattern_{r.get('pattern')}", str(r.get("pattern")))]
            for r in sp.get("autocorrelation") or []]
    if not rows:
        return None
    head = [t(lang, f"spatial.{k}") for k in ("series", "I", "EI", "z", "p", "pattern")]
    notes = [t(lang, "spatial.autocorrelation_note"), _tests_words(sp, lang)]
    return Table("spatial_autocorrelation", t(lang, "spatial.cap_autocorrelation"), [head], rows,
                 ["text", "3f", "3f", "3f", "p", "text"], notes, table_id="tab-spatial-autocorrelation",
                 publish=True, order=90)


def _lisa(view, sp, lang) -> Table | None:
    local = sp.get("local") or []
    if not local:
        return None
    rows = [[series_name(view, lang, str(r["series"])), view.case(r["case"], lang), r.get("Ii"), r.get("p_used"),
             _cluster(lang, r.get("cluster"))] for r in local]
    head = [t(lang, "spatial.series"), t(lang, "spatial.case"), t(lang, "spatial.Ii"), t(lang, "spatial.p_used"),
            t(lang, "spatial.cluster")]
    return Table("spatial_lisa", t(lang, "spatial.cap_clusters"), [head], rows, ["text", "text", "3f", "p", "text"],
                 [t(lang, "spatial.map_note")])


def _case_selection(view, sp, lang) -> Table | None:
    cs = sp.get("case_selection")
    if not cs:
        return None
    rows = [[view.case(r["case"], lang), t_or(lang, f"spatial.type_{r['case_type']}", r["case_type"]),
             _cluster(lang, r["cluster"]), t_or(lang, f"spatial.sel_{r['selection']}", r["selection"]),
             t_or(lang, f"spatial.why_{r['selection']}", r.get("why") or "")] for r in cs
            if r["case_type"] != "irrelevant"]
    head = [t(lang, "spatial.case"), t(lang, "spatial.case_type"), t(lang, "spatial.cluster"),
            t(lang, "spatial.selection"), t(lang, "spatial.why")]
    return Table("spatial_case_selection", t(lang, "spatial.cap_case_selection"), [head], rows,
                 ["text"] * 5, [t(lang, "spatial.case_selection_note")], table_id="tab-spatial-case-selection",
                 publish=True, order=91)


def _test_name(lang: str, test: str) -> str:
    region = str(test)[8:] if str(test).startswith("without ") else None
    if region is None:
        return str(test)
    return t(lang, "spatial.without", region=t_or(lang, f"spatial.region_{region}", region))


def _regions(view, sp, lang) -> Table | None:
    reg = sp.get("regions")
    if not reg:
        return None
    rows = [[_test_name(lang, r.get("test")), r.get("solution"), t_or(lang, f"spatial.rel_{r.get('relation')}",
                                                                       str(r.get("relation"))),
             r.get("inclS"), r.get("covS"), r.get("n_terms")] for r in reg.get("tests") or []]
    head = [t(lang, "spatial.test"), t(lang, "solution"),
            *(t(lang, f"spatial.{k}") for k in ("relation", "inclS", "covS", "n_terms"))]
    core = " + ".join(reg.get("robust_core_terms") or []) or t(lang, "spatial.none")
    return Table("spatial_regions", t(lang, "spatial.cap_regions"), [head], rows,
                 ["text", "text", "text", "3f", "3f", "int"], [t(lang, "spatial.regions_note", core=core)],
                 table_id="tab-spatial-regions", publish=True, order=92)


def _lagged(view, sp, lang) -> Table | None:
    lagged = sp.get("lagged")
    if not lagged:
        return None
    def model(expr, n):
        return expr if not n or n < 2 else f"{expr}{t(lang, 'spatial.first_model', n=n)}"

    rows = [[view.label(r["condition"], lang), r["lagged"], r.get("I"), r.get("r_with_condition"),
             r.get("share_above_half"), model(r.get("without"), r.get("n_models_without")),
             model(r.get("with"), r.get("n_models")),
             t_or(lang, f"spatial.rel_{r.get('relation')}", str(r.get("relation"))),
             t(lang, f"spatial.enters_{r.get('lag_enters')}")] for r in lagged]
    head = [t(lang, f"spatial.{k}") for k in ("lag_condition", "lag_name", "lag_I", "lag_r", "lag_share",
                                              "lag_without", "lag_with", "relation", "lag_enters")]
    s = sp.get("settings") or {}
    note = t(lang, "spatial.lagged_note", islands=t(lang, f"spatial.lag_islands_{s.get('lag_islands', 'own')}"),
             anchors=lagged[0].get("anchors", ""), k=len(view.study.get("conditions") or []) + 1)
    return Table("spatial_lagged", t(lang, "spatial.cap_lagged"), [head], rows,
                 ["text", "text", "3f", "3f", "3f", "text", "text", "text", "text"], [note],
                 table_id="tab-spatial-lagged", publish=True, order=93)


def spatial_tables(view, lang: str) -> list[Table]:
    """Every table of ``results["spatial"]`` in ``lang`` (the LISA table is not published in Word)."""
    sp = view.get("spatial")
    if not isinstance(sp, Mapping):
        return []
    makers = (_autocorrelation, _lisa, _case_selection, _regions, _lagged)
    return [x for x in (m(view, sp, lang) for m in makers) if x is not None]


# ---------------------------------------------------------------- figures
def _map_series(view, sp: Mapping) -> list[str]:
    maps = (sp.get("settings") or {}).get("maps") or []
    ids = [str(c.get("id")) for c in view.configurations]
    out = []
    for m in maps:
        out += ids if m == "configurations" else [m]
    clusters = sp.get("clusters") or {}
    first = next(iter(clusters.values()), {})
    return [s for s in out if s in first]


def spatial_figures(view, lang: str) -> list[FigureSpec]:
    """One LISA cluster map per series of ``spatial.maps`` (provinces only; none with ``report.maps: false``)."""
    sp = view.get("spatial")
    if not isinstance(sp, Mapping) or not sp.get("clusters") or not view.study.get("maps", True):
        return []
    clusters = sp["clusters"]
    if not are_provinces(list(clusters)):
        return []
    specs = []
    for series in _map_series(view, sp):
        row = _row(sp, series)
        what = series_name(view, lang, series)
        stat = (t(lang, "spatial.fig_stat", I=_num(row.get("I")), p=_p(row.get("p"))) if row.get("I") is not None
                else t(lang, "spatial.fig_constant"))
        caption = t(lang, "spatial.fig_lisa", what=what, stat=stat)

        def draw(series=series, title=caption):
            import matplotlib.pyplot as plt
            import pandas as pd

            from indicators.lisa_map import plot_lisa_clusters

            labels = pd.Series({case: c[series] for case, c in clusters.items()})
            fig, ax = plt.subplots(figsize=(8.5, 6.5))
            plot_lisa_clusters(labels, lang=lang, ax=ax, title=title)
            return fig

        specs.append(FigureSpec(f"spatial_lisa_{stem(series)}", "spatial", caption, draw))
    return specs


# ---------------------------------------------------------------- report section
def spatial_section(view, lang: str, figures=()) -> str:
    sp = view.get("spatial")
    if not isinstance(sp, Mapping):
        return ""
    out = [f"<p>{esc(t(lang, 'spatial.intro', weights=_weights_words(sp, lang), tests=_tests_words(sp, lang)))}</p>"]
    verdicts = verdict_lines(view, lang)
    if verdicts:
        out.append(f"<h3>{esc(t(lang, 'spatial.verdict_head'))}</h3>"
                   + "".join(f"<p class=\"verdict\">{esc(v)}</p>" for v in verdicts))
    tables = {x.key: x for x in spatial_tables(view, lang)}
    if "spatial_autocorrelation" in tables:
        out.append(to_html(tables["spatial_autocorrelation"]))
    mine = [(spec, png) for spec, png in figures if spec.section == "spatial"]
    if mine:
        out.append("".join(figure(png, spec.caption, fig_id=f"fig-{spec.name}") for spec, png in mine))
        out.append(f"<p class=\"note\">{esc(t(lang, 'spatial.map_note'))}</p>")
    for key in ("spatial_case_selection", "spatial_regions", "spatial_lagged"):
        if key in tables:
            out.append(to_html(tables[key]))
    return "".join(out)


def findings_html(view, lang: str) -> str:
    verdicts = verdict_lines(view, lang)
    if not verdicts:
        return ""
    text = verdicts[-1]
    colon = "：" if lang == "zh" else ": "
    return (f"<p class=\"verdict\" id=\"spatial-verdict\"><strong>{esc(t(lang, 'spatial.verdict_head'))}{colon}"
            f"</strong>{esc(text)}</p>")


def design_rows(view, lang: str) -> list[tuple[str, str]]:
    sp = view.get("spatial")
    if not isinstance(sp, Mapping):
        return []
    s = sp.get("settings") or {}
    sep = "、" if lang == "zh" else ", "
    diags = []
    for d in s.get("diagnostics") or []:
        text = t(lang, f"spatial.diag_{d}")
        if d == "lisa_maps" and s.get("maps"):
            what = sep.join(t(lang, f"spatial.map_{m}") for m in s["maps"])
            text += t(lang, "spatial.maps_of", what=what)
        if d == "lagged":
            text += t(lang, "spatial.maps_of", what=sep.join(s.get("lagged") or []))
        diags.append(text)
    tests = t(lang, "spatial.design_tests_value", perm=s.get("permutations"), lperm=s.get("lisa_permutations"),
              seed=s.get("seed"), alpha=f"{s.get('alpha', 0.05):g}", fdr=t(lang, "spatial.yes" if s.get("fdr")
                                                                              else "spatial.no"))
    return [(t(lang, "spatial.design_weights"), _weights_words(sp, lang)), (t(lang, "spatial.design_tests"), tests),
            (t(lang, "spatial.design_diagnostics"), sep.join(diags))]


def summary_lines(results: Mapping) -> list[str]:
    """The command's summary lines (English, as every summary line)."""
    sp = results.get("spatial")
    if not isinstance(sp, Mapping):
        return []
    s = sp.get("settings") or {}
    w = sp.get("weights") or {}
    lines = [f"spatial: {s.get('weights')} weights, style {s.get('style')}, island rule {w.get('island_rule')}; "
             f"{s.get('permutations')} permutations (LISA {s.get('lisa_permutations')}), seed {s.get('seed')}, "
             f"alpha {s.get('alpha')}, FDR {'yes' if s.get('fdr') else 'no'}"]
    verdict = sp.get("verdict") or {}
    lines += [f"  {verdict[k]}" for k in ("outcome", "residual") if verdict.get(k)]
    reg = sp.get("regions")
    if reg:
        lines.append(f"  region robustness: robust core {' + '.join(reg.get('robust_core_terms') or []) or 'none'}")
    for r in sp.get("lagged") or []:
        first = f"model 1 of {r['n_models']}; " if (r.get("n_models") or 0) > 1 else ""
        lines.append(f"  lagged {r['lagged']}: parsimonious {r['with'] or 'no solution'} ({first}lag {r['lag_enters']}; "
                     f"{r['relation']} with {r['without']})")
    return lines


# ---------------------------------------------------------------- province comparison
def compare_html(results, comparisons, lang: str) -> str:
    """The comparison page's block: each compared province's LISA cluster per series."""
    sp = results.get("spatial")
    if not isinstance(sp, Mapping) or not sp.get("clusters"):
        return ""
    clusters = sp["clusters"]
    series = [str(r["series"]) for r in sp.get("autocorrelation") or [] if str(r["series"]) != "solution"]
    selection = {r["case"]: r["selection"] for r in sp.get("case_selection") or []}
    rows = []
    for comp in comparisons:
        own = clusters.get(comp.case) or {}
        sel = selection.get(comp.case)
        rows.append([comp.name(lang), *(_cluster(lang, own.get(s, "")) for s in series),
                     t_or(lang, f"spatial.sel_{sel}", sel) if sel else "–"])
    head = [t(lang, "spatial.case"), *(series_name(results, lang, s) for s in series), t(lang, "spatial.selection")]
    s = sp.get("settings") or {}
    src = _tests_words(sp, lang) if s else ""
    out = [f"<section class=\"province\" id=\"spatial-clusters\"><h2>{esc(t(lang, 'spatial.compare_title'))}</h2>",
           f"<p class=\"note\">{esc(t(lang, 'spatial.compare_intro', src=src))}</p>",
           html_table(rows, head, caption=t(lang, "spatial.compare_title"))]
    if are_provinces(list(clusters)) and results.study.get("maps", True):
        spec = _compare_map(results, clusters, [c.case for c in comparisons], lang)
        out.append(figure(render(spec)["png"], spec.caption, fig_id="compare-lisa"))
    out.append(f"<p class=\"note\">{esc(t(lang, 'spatial.map_note'))}</p></section>")
    return "".join(out)


def _compare_map(results, clusters: Mapping, cases: list, lang: str) -> FigureSpec:
    """The outcome's LISA clusters with the compared provinces outlined (synthetic stamp as every figure)."""
    caption = t(lang, "spatial.compare_map", what=series_name(results, lang, "outcome"))

    def draw():
        import matplotlib.pyplot as plt
        import pandas as pd

        from indicators.lisa_map import plot_lisa_clusters

        fig, ax = plt.subplots(figsize=(8.5, 6.5))
        plot_lisa_clusters(pd.Series({c: v["outcome"] for c, v in clusters.items()}), lang=lang, ax=ax,
                           title=caption, highlight=cases)
        return fig

    return FigureSpec("compare_lisa", "compare", caption, draw, stamp=synthetic_stamp(results, lang))
