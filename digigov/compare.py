"""Province comparison: where a province stands and what it lacks, for policy staff.

For each named province: its condition memberships against the national picture (mean,
median, rank) and against its neighbours, the configurations it belongs to (membership
> 0.5), the nearest high-performing configuration it does not yet belong to and the
conditions it would have to build (core first), and the geodetector's strategy ranking for
that configuration.  :func:`compare_provinces` computes it; :func:`write_comparison` writes
one self-contained HTML page (Chinese or English).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from libdigigov.results import Result

from libdigigov.io import write_atomic

from .errors import StudyError
from .figures import FigureSpec, membership_map, render, synthetic_stamp
from .methods import REGISTRY
from .output import check_output_file
from .report import banner_text
from .tables import html_table, kv_table
from .templates import LANGUAGES, esc, figure, page, study_title, toc
from .templates.strings import t
from .view import (configuration_memberships, configuration_title, latest_period, literals,
                   memberships_frame, nearest_configuration, read_results, var_label)

__all__ = ["ProvinceComparison", "compare_provinces", "write_comparison"]


@dataclass(frozen=True)
class ProvinceComparison(Result):
    """One province's position; see :func:`compare_provinces`.

    Attributes
    ----------
    case : str
        The province's case name in the results.
    name_zh, name_en : str
    profile : pandas.DataFrame
        One row per variable (outcome first): ``membership``, ``national_mean``,
        ``national_median``, ``rank`` (1 = highest; ties share the best rank), ``n`` (cases
        ranked) and ``neighbour_mean``.
    neighbours : tuple of str
        Case names of the neighbouring provinces in the study.
    configurations : pandas.Series
        Membership in each configuration (minimum over its literals), by configuration id.
    belongs : tuple of str
        Configurations with membership > 0.5.
    nearest : str or None
        The configuration it does not belong to with the fewest unmet conditions, ties broken
        by the smallest total gap to the crossover; None when it belongs to all.
    lacks : pandas.DataFrame
        Unmet conditions of ``nearest``, core first then by gap: ``condition, role`` (core,
        peripheral), ``direction`` (build = should be present, reduce = should be absent),
        ``membership`` (of the condition), ``gap`` (distance to the crossover 0.5),
        ``controllable`` (bool, or None when the study does not say).
    ranking : pandas.DataFrame
        Strategy ranking of the configuration it follows (of those it belongs to, the one
        with the highest membership), or of ``nearest`` when it follows none:
        ``configuration, rank, auxiliary, q``.
    """

    case: str
    name_zh: str
    name_en: str
    profile: pd.DataFrame = field(repr=False)
    neighbours: tuple
    configurations: pd.Series = field(repr=False)
    belongs: tuple
    nearest: str | None
    lacks: pd.DataFrame = field(repr=False)
    ranking: pd.DataFrame = field(repr=False)

    _index = True

    @property
    def _title(self) -> str:
        return f"{self.name_en} ({self.name_zh})"

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en

    def to_frame(self) -> pd.DataFrame:
        """The profile as a tidy table with the province in a column."""
        return self.profile.reset_index(names="variable").assign(province=self.name_en)

    def _header(self) -> list[str]:
        return [f"neighbours: {', '.join(self.neighbours) or 'none'}",
                f"belongs to: {', '.join(self.belongs) or 'no configuration'}",
                f"nearest configuration: {self.nearest or '-'}"]

    def _display_frame(self) -> pd.DataFrame:
        return self.profile

    def _notes(self) -> list[str]:
        if not len(self.lacks):
            return []
        return ["to build: " + ", ".join(f"{r.condition} ({r.role}, {r.direction})" for r in self.lacks.itertuples())]

    def _dict(self) -> dict:
        return {"case": self.case, "name_zh": self.name_zh, "name_en": self.name_en,
                "neighbours": list(self.neighbours), "belongs": list(self.belongs), "nearest": self.nearest,
                "configurations": {str(k): v for k, v in self.configurations.items()},
                "profile": self.profile.reset_index(names="variable").to_dict(orient="records"),
                "lacks": self.lacks.to_dict(orient="records"), "ranking": self.ranking.to_dict(orient="records")}


def _case_index(cases) -> dict[int, str]:
    from indicators import get_province
    from indicators.errors import UnknownProvinceError

    out = {}
    for case in cases:
        try:
            out[get_province(case).adcode] = case
        except UnknownProvinceError:
            raise UnknownProvinceError(
                f"the study's case {case!r} is not a province: a province comparison needs "
                "province cases") from None
    return out


def compare_provinces(results: Mapping, provinces: Sequence, *, island_links: str | None = None
                      ) -> list[ProvinceComparison]:
    """Compare provinces with the nation, their neighbours and the configurations.

    Parameters
    ----------
    results : dict
        Content of ``results.json``.
    provinces : sequence
        Provinces in any spelling (``"浙江"``, ``"Zhejiang"``, ``330000``...).
    island_links : str, optional
        Sea links for Hainan's neighbours (:func:`indicators.neighbours`); default the
        study's ``island_links`` or ``"none"``.

    Returns
    -------
    list of ProvinceComparison

    Raises
    ------
    indicators.UnknownProvinceError
        A name that is no province (with a suggestion) or a province not in the study.

    Examples
    --------
    >>> res = {"study": {"outcome": "Y", "conditions": ["A", "B"]},
    ...        "memberships": {"Zhejiang": {"Y": 0.9, "A": 0.8, "B": 0.3},
    ...                        "Shanghai": {"Y": 0.8, "A": 0.7, "B": 0.9},
    ...                        "Gansu": {"Y": 0.2, "A": 0.1, "B": 0.2}},
    ...        "configurations": [{"id": "1", "core": {"present": ["A", "B"], "absent": []}}]}
    >>> zj, = compare_provinces(res, ["浙江省"])
    >>> zj.neighbours, zj.nearest, list(zj.lacks["condition"]), int(zj.profile.loc["A", "rank"])
    (('Shanghai',), '1', ['B'], 1)
    """
    from indicators import get_province, neighbours
    from indicators.errors import UnknownProvinceError

    if isinstance(provinces, (str, int)):
        provinces = [provinces]
    if not provinces:
        raise StudyError("name at least one province to compare")
    m = memberships_frame(results)
    study = results.get("study", {})
    variables = [v for v in [study.get("outcome"), *study.get("conditions", [])] if v in m.columns]
    by_code = _case_index(m.index)
    wanted = []
    for key in provinces:
        prov = get_province(key)   # raises with a did-you-mean suggestion
        if prov.adcode not in by_code:
            raise UnknownProvinceError(f"{key!r} ({prov.name_en}, {prov.short_zh}) is not among the study's cases")
        if any(w.adcode == prov.adcode for w in wanted):
            raise StudyError(f"{key!r} names {prov.name_en} ({prov.short_zh}) a second time; name each province once")
        wanted.append(prov)
    links = island_links or study.get("island_links") or "none"
    adj = neighbours(island_links=links, label="adcode")
    configs = configuration_memberships(results)
    lits_by_config = {str(c["id"]): literals(c) for c in results.get("configurations", [])}
    controllable = study.get("controllable")
    strategies = {str(s.get("configuration")): s for s in (results.get("geodetector") or {}).get("strategies") or []}
    ranks = m[variables].rank(ascending=False, method="min")
    out = []
    for prov in wanted:
        case = by_code[prov.adcode]
        near_cases = [by_code[c] for c in adj.get(prov.adcode, []) if c in by_code]
        row = m.loc[case, variables]
        profile = pd.DataFrame({
            "membership": row,
            "national_mean": m[variables].mean(),
            "national_median": m[variables].median(),
            "rank": ranks.loc[case].astype(int),
            "n": m[variables].notna().sum(),
            "neighbour_mean": m.loc[near_cases, variables].mean() if near_cases else np.nan,
        })
        conf = configs.loc[case] if len(configs.columns) else pd.Series(dtype=float)
        belongs = tuple(str(c) for c in conf.index if conf[c] > 0.5)
        nearest, unmet = nearest_configuration(lits_by_config, m.loc[case], belongs)
        order = {"core": 0, "peripheral": 1}
        unmet.sort(key=lambda u: (order[u[2]], -u[4]))
        lacks = pd.DataFrame([{"condition": c, "role": role, "direction": "build" if v else "reduce",
                               "membership": mem, "gap": gap,
                               "controllable": None if controllable is None else c in controllable}
                              for c, v, role, mem, gap in unmet],
                             columns=["condition", "role", "direction", "membership", "gap", "controllable"])
        # strategies for the path it follows (the one with the highest membership), else for the nearest
        focus = max(belongs, key=lambda c: (conf[c], -belongs.index(c))) if belongs else nearest
        strat = strategies.get(focus) or {}
        ranking = pd.DataFrame([{"configuration": focus, "rank": r["rank"], "auxiliary": r["auxiliary"], "q": r.get("q")}
                                for r in sorted(strat.get("ranking") or [], key=lambda r: r["rank"])],
                               columns=["configuration", "rank", "auxiliary", "q"])
        out.append(ProvinceComparison(case, prov.short_zh, prov.name_en, profile, tuple(near_cases), conf,
                                      belongs, nearest, lacks, ranking))
    return out


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


def _titles(results, ids, lang: str) -> list[str]:
    """``"组态 1（协调主导型）"`` for each id (the name when the results give one)."""
    by_id = {str(c.get("id")): c for c in results.get("configurations") or []}
    return [configuration_title(by_id.get(str(i), {"id": i}), lang) for i in ids]


def _of(name: str, what: str, lang: str) -> str:
    """A caption about one province: "Zhejiang: ..." / "浙江：..."."""
    return f"{name}：{what}" if lang == "zh" else f"{name}: {what}"


def _province_section(results, comp: ProvinceComparison, lang: str, first: bool) -> str:
    name = comp.name(lang)
    nb = ", ".join(_province_name(c, lang) for c in comp.neighbours) or t(lang, "no_neighbours")
    out = [f"<section class=\"province{' first' if first else ''}\" id=\"province-{esc(comp.case)}\">",
           f"<h2>{esc(name)}</h2>",
           kv_table([(t(lang, "neighbours"), nb),
                     (t(lang, "belongs_to"), ", ".join(_titles(results, comp.belongs, lang)) or "–"),
                     (t(lang, "nearest_other" if comp.belongs else "nearest"),
                      ", ".join(_titles(results, [comp.nearest] if comp.nearest else [], lang)) or "–")],
                    caption=_of(name, t(lang, "province_facts"), lang))]
    out.append(f"<h3>{esc(t(lang, 'against_nation'))}</h3>")
    prof = comp.profile
    rows = [[var_label(results, v, lang), r.membership, r.national_mean, r.national_median,
             f"{int(r.rank)} / {int(r.n)}", r.neighbour_mean] for v, r in zip(prof.index, prof.itertuples())]
    out.append(html_table(rows, [t(lang, "condition"), t(lang, "membership").capitalize(), t(lang, "national_mean"),
                                 t(lang, "national_median"), t(lang, "national_rank", n=int(prof["n"].max())),
                                 t(lang, "neighbour_mean")], caption=_of(name, t(lang, "against_nation"), lang)))
    spec = _bar_chart(results, comp, lang)
    out.append(figure(render(spec)["png"], spec.caption, fig_id=f"chart-{comp.case}"))
    out.append(html_table([[cid, float(v), t(lang, "yes") if cid in comp.belongs else t(lang, "no")]
                           for cid, v in comp.configurations.items()],
                          [t(lang, "configuration"), t(lang, "membership").capitalize(), t(lang, "member")],
                          caption=_of(name, t(lang, "config_membership"), lang)))
    if not comp.belongs:
        out.append(f"<p>{esc(t(lang, 'belongs_none'))}</p>")
    if comp.nearest is not None:
        out.append(f"<h3>{esc(t(lang, 'lacks'))}: {esc(_titles(results, [comp.nearest], lang)[0])}</h3>")
        out.append(f"<p class=\"note\">{esc(t(lang, 'nearest_note'))}</p>")
        if len(comp.lacks):
            rows = []
            for r in comp.lacks.itertuples():
                action = t(lang, "build") if r.direction == "build" else t(lang, "reduce")
                if r.controllable is False:
                    action += f" ({t(lang, 'context')})"
                rows.append([var_label(results, r.condition, lang), t(lang, f"role_{r.role}"), action,
                             r.membership, r.gap])
            out.append(html_table(rows, [t(lang, "to_build"), t(lang, "role"), t(lang, "action"),
                                         t(lang, "membership").capitalize(), t(lang, "gap")],
                                  caption=_of(name, t(lang, "lacks"), lang)))
        else:
            out.append(f"<p>{esc(t(lang, 'lacks_none'))}</p>")
    if len(comp.ranking):
        cid = comp.ranking["configuration"].iloc[0]
        key = "strategies_followed" if cid in comp.belongs else "strategies_for"
        out.append(f"<h3 id=\"strategies-{esc(comp.case)}\">{esc(t(lang, key, id=cid))}</h3>")
        out.append(html_table([[r.rank, var_label(results, r.auxiliary, lang), r.q] for r in comp.ranking.itertuples()],
                              [t(lang, "rank"), t(lang, "auxiliary"), t(lang, "q")],
                              caption=_of(name, t(lang, key, id=cid), lang)))
        out.append(f"<p class=\"note\">{esc(t(lang, 'strategy_note'))}</p>")
    out.append("</section>")
    return "".join(out)


def _outcome_map(results, comparisons, lang: str) -> FigureSpec | None:
    """The outcome's map with the compared provinces outlined, when the study draws maps."""
    outcome = results.get("study", {}).get("outcome")
    if not results.get("study", {}).get("maps", True) or outcome not in memberships_frame(results).columns:
        return None
    cases = [c.case for c in comparisons]
    cap = t(lang, "compare_map", label=var_label(results, outcome, lang))
    return FigureSpec("compare_map", "compare", cap,
                      lambda: membership_map(results, outcome, lang, cap, highlight=cases),
                      stamp=synthetic_stamp(results, lang))


def render_comparison(results: Mapping, comparisons: Sequence[ProvinceComparison], lang: str | None = None,
                      *, sections: Sequence[str] = ()) -> str:
    """The comparison page as an HTML string (``sections``: the methods' own blocks, appended)."""
    lang = lang or results.get("study", {}).get("language") or "zh"
    if lang not in LANGUAGES:
        raise StudyError(f"lang must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    study = results.get("study", {})
    title = t(lang, "compare_title")
    head = [f"<h1>{esc(title)}</h1>", f"<p class=\"note\">{esc(study_title(study, lang))}</p>"]
    if study.get("synthetic"):
        warning, note = banner_text(study, lang)
        head.append(f"<div class=\"banner\" id=\"synthetic-banner\" role=\"alert\">{esc(warning)}"
                    + (f"<br><span style=\"font-weight:normal\">{esc(note)}</span>" if note else "") + "</div>")
    head.append(f"<p>{esc(t(lang, 'compare_intro'))}</p>")
    outcome = study.get("outcome")
    rows = []
    for c in comparisons:
        o = c.profile.loc[outcome] if outcome in c.profile.index else None
        rows.append([c.name(lang), None if o is None else float(o["membership"]),
                     None if o is None else f"{int(o['rank'])} / {int(o['n'])}",
                     ", ".join(c.belongs) or "–", c.nearest or "–", len(c.lacks)])
    outcome_map = _outcome_map(results, comparisons, lang)
    head.append(html_table(rows, [t(lang, "province"), var_label(results, outcome, lang) if outcome else "",
                                  t(lang, "national_rank", n=len(results.get("memberships", {}))),
                                  t(lang, "belongs_to"), t(lang, "nearest_column"), t(lang, "missing_count")],
                           caption=t(lang, "summary_table")))
    if outcome_map is not None:
        head.append(figure(render(outcome_map)["png"], outcome_map.caption, fig_id="compare-map"))
    head.append(toc([(f"province-{c.case}", c.name(lang)) for c in comparisons], t(lang, "contents")))
    body = [_province_section(results, c, lang, i == 0) for i, c in enumerate(comparisons)]
    return page(title, "\n".join(head + body + list(sections)), lang)


def write_comparison(results_dir, provinces: list[str], out_file, lang: str | None = None, *,
                     force: bool = False) -> Path:
    """Write the province comparison report of a study output folder.

    Parameters
    ----------
    results_dir : path
        Folder written by ``digigov run`` (reads ``results.json``).
    provinces : list of str
        Provinces in any spelling (Chinese, English, pinyin, administrative code).
    out_file : path
        HTML file to write (atomically).
    lang : {"zh", "en"}, optional
    force : bool
        Replace an existing file of a results folder other than ``comparison.html``.

    Returns
    -------
    pathlib.Path
    """
    if lang is not None and lang not in LANGUAGES:
        raise StudyError(f"lang must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    # the study's report.html (or another results folder's page) is replaced only with force
    check_output_file(out_file, "comparison", inputs=[Path(results_dir) / "results.json"],
                      owned=["comparison.html"], force=force)
    results = read_results(results_dir)
    lang = results.language(lang)
    view = latest_period(results)      # a panel study: the provinces of its latest period
    comparisons = compare_provinces(view, provinces)
    blocks = [b for m in REGISTRY for b in m.compare_sections(results, comparisons, lang)]
    try:
        return write_atomic(Path(out_file), render_comparison(view, comparisons, lang, sections=blocks))
    except OSError as exc:
        raise StudyError(f"cannot write the comparison {str(out_file)!r}: {exc.strerror or exc}") from None
