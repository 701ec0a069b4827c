"""What the geographical detector shows: its tables, the interaction and strategy heatmaps, and
the strategy section (rankings with their uncertainty, strongest partners, small-sample notes).

Figures are drawn from ``results.json`` with :mod:`geodetector.plotting`: the detectors'
results are rebuilt from their ``to_dict`` (``from_dict``), nothing is computed again.
"""
from __future__ import annotations

import textwrap
from collections.abc import Mapping

import numpy as np
import pandas as pd

from ...figures import FigureSpec, stem
from ...tables import Table, html_table, kv_table
from ...templates import esc
from ...templates.notes import translate_note
from ...templates.strings import t

__all__ = ["geodetector_figures", "geodetector_tables", "strategies_html", "strongest", "strategy_statement"]


def _interaction_result(results: Mapping):
    """The interaction detector's result read back from results.json, for geodetector's plots."""
    from geodetector.interaction import InteractionDetectorResult

    geo = results.get("geodetector") or {}
    body = {"y": geo.get("y", ""), "n": len(results.get("memberships") or {}),
            **(geo.get("interaction_settings") or {}), "pairs": geo.get("interaction") or []}
    return InteractionDetectorResult.from_dict(body, factors=results.get("study", {}).get("conditions", []))


def _strategy_result(results: Mapping, strategy: Mapping):
    """One configuration's strategy ranking rebuilt from results.json, for geodetector's plots.

    The pipeline writes the whole result (``result``); for results.json of hand-made or older
    shape the result is assembled from ``ranking`` and ``pairs`` (or the pairwise interaction q,
    the same number: q of the two conditions crossed).
    """
    from geodetector.strategy import StrategyResult

    if strategy.get("result"):
        return StrategyResult.from_dict(strategy["result"])

    core = [str(c) for c in strategy.get("core", [])]
    ranking = sorted(strategy.get("ranking", []), key=lambda r: r["rank"])
    aux = [r["auxiliary"] for r in ranking]
    table = pd.DataFrame({"rank": [r["rank"] for r in ranking], "auxiliary": aux,
                          "q_core_aux": [r["q"] for r in ranking]})
    q_core = strategy.get("q_core")
    table["gain"] = table["q_core_aux"] - q_core if q_core is not None else np.nan
    pairs = strategy.get("pairs")
    if pairs:
        matrix = pd.DataFrame({a: [pairs[c][a] for c in core] for a in aux}, index=core, dtype=float)
    else:
        inter = _interaction_result(results).matrix()
        matrix = pd.DataFrame({a: [inter.at[c, a] if c in inter.index and a in inter.columns else np.nan
                                   for c in core] for a in aux}, index=core, dtype=float)
    q_max = pd.DataFrame(strategy.get("q_max") or [])
    return StrategyResult(y=str((results.get("geodetector") or {}).get("y", "")),
                          n=len(results.get("memberships") or {}), core=tuple(core), auxiliary=tuple(aux),
                          q_core=float(q_core) if q_core is not None else float("nan"), table=table,
                          pairs=matrix, q_max=q_max, name=str(strategy.get("configuration", "")))


def _interaction_heatmap(results: Mapping, title: str, lang: str):
    from geodetector.plotting import plot_interaction_matrix

    res = _interaction_result(results)
    labels = {f: results.label(f, lang) for f in res.factors}
    return plot_interaction_matrix(res, labels=labels, lang=lang, title=title)


def _strategy_heatmap(results: Mapping, strategy: Mapping, title: str, lang: str):
    from geodetector.plotting import plot_strategy_heatmap

    import matplotlib.pyplot as plt

    res = _strategy_result(results, strategy)
    wrap = (lambda s: textwrap.fill(s, 18)) if lang == "en" else (lambda s: s)
    labels = {c: wrap(results.label(c, lang)) for c in (*res.core, *res.auxiliary)}
    rows = len(res.core) + (len(res.core) > 1)
    # Own axes: condition labels are long, so the figure is wider and the ticks slanted.
    fig, ax = plt.subplots(figsize=(3.4 + 1.0 * len(res.auxiliary), 2.4 + 0.55 * rows), layout="constrained")
    plot_strategy_heatmap(res, labels=labels, lang=lang, title=title, ax=ax)
    plt.setp(ax.get_xticklabels(), rotation=30, ha="right", rotation_mode="anchor")
    if len(res.core) > 1:
        # The crossed row: one short label instead of every core name joined.
        names = [tick.get_text() for tick in ax.get_yticklabels()]
        ax.set_yticks(range(len(names)), [*names[:-1], t(lang, "core_joint")])
    return fig


def geodetector_figures(view, lang: str) -> list[FigureSpec]:
    geo = view.get("geodetector") or {}
    if not geo.get("interaction"):
        return []
    cap = t(lang, "fig_interaction")
    specs = [FigureSpec("heatmap_interaction", "heatmaps", cap, lambda cap=cap: _interaction_heatmap(view, cap, lang))]
    for strat in geo.get("strategies") or []:
        if not strat.get("ranking") or not strat.get("core"):
            continue
        cid = str(strat["configuration"])
        cap = t(lang, "fig_strategy", id=view.configuration_ident(cid, lang))
        specs.append(FigureSpec(f"heatmap_strategy_{stem(cid)}", "heatmaps", cap,
                                lambda strat=strat, cap=cap: _strategy_heatmap(view, strat, cap, lang)))
    return specs


def strongest(view, cid: str) -> dict | None:
    """Configuration ``cid``'s strategy entry of results.json (``None`` when it has none)."""
    for s in (view.get("geodetector") or {}).get("strategies") or []:
        if str(s.get("configuration")) == str(cid):
            return s
    return None


def _num(value) -> str:
    return "–" if value is None or value != value else f"{float(value):.3f}"


def strategy_statement(view, cid: str, lang: str) -> str | None:
    """The findings' line on a configuration's strongest strategy: the rule that names it and
    its support, or why the configuration has no strategy line (``None`` without a geodetector)."""
    entry = strongest(view, cid)
    if entry is None:
        return None if not (view.get("geodetector") or {}).get("strategies") else t(lang, "strategy_none_run")
    best = entry.get("strongest")
    if best is None and entry.get("ranking"):
        # results written before the rule was stored: the same rule, from the stored ranking
        from geodetector import StrategyResult
        from geodetector.strategy import RANK_RULES

        rank_by = entry.get("rank_by") or "cross"
        score = RANK_RULES[rank_by][0]
        table = [{"rank": r["rank"], "auxiliary": r["auxiliary"], score: r.get("q"), "p_value": r.get("p_value"),
                  "p_first": r.get("p_first"), "support_next": r.get("support_next")} for r in entry["ranking"]]
        resampled = any(r.get("support_next") is not None for r in entry["ranking"])
        best = StrategyResult.from_dict({"table": table, "rank_by": rank_by, "n_boot": int(resampled),
                                         "alpha": (view.get("geodetector") or {}).get("alpha", 0.05)}
                                        ).strongest().to_dict()
    if not entry.get("ranking") or not best:
        reason = "strategy_none_core" if not entry.get("core") else "strategy_none_aux"
        return t(lang, reason)
    verdict = best.get("verdict")
    share = best.get("support_next")
    support = t(lang, f"strategy_support_{verdict}", runner=view.plain(best.get("runner_up") or "", lang)
                if best.get("runner_up") else "", q2=_num(best.get("runner_up_score")),
                share="–" if share is None or share != share else f"{float(share):.0%}",
                alpha=f"{float(best.get('alpha') or 0.05):g}", p=_num(best.get("enhancement_p")))
    return t(lang, "summary_strategy", aux=view.plain(best["auxiliary"], lang), q=_num(best.get("score")),
             rule=t(lang, f"strategy_rule_{best.get('rank_by', 'cross')}"), support=support)


def geodetector_tables(view, lang: str) -> list[Table]:
    """The factor detector, the interaction detector and the strategy rankings (publication tables)."""
    from geodetector.plotting import TEXT as GEO_TEXT

    geo = view.get("geodetector") or {}
    out = []
    disc = geo.get("discretization") or {}
    if geo.get("factor"):
        rows = [[view.label(r.get("factor", ""), lang), r.get("q"), r.get("p_value"), r.get("n_strata")]
                for r in geo["factor"]]
        out.append(Table("geodetector_factor", t(lang, "cap_factor"),
                         [[t(lang, "condition"), t(lang, "q"), t(lang, "p"), t(lang, "n_strata")]],
                         rows, ["text", "3f", "p", "int"],
                         [t(lang, "factor_note", method=disc.get("method", ""), k=disc.get("k", ""))], publish=True,
                         order=40))
    if geo.get("interaction"):
        types = GEO_TEXT[lang]["types"]
        rows = [[view.label(r.get("x1", ""), lang), view.label(r.get("x2", ""), lang), r.get("q1"),
                 r.get("q2"), r.get("q12"), types.get(r.get("type"), r.get("type"))] for r in geo["interaction"]]
        out.append(Table("geodetector_interaction", t(lang, "cap_interaction"),
                         [[t(lang, k) for k in ("x1", "x2", "q1", "q2", "q12", "type")]], rows,
                         ["text", "text", "3f", "3f", "3f", "text"], [t(lang, "interaction_note")], publish=True,
                         order=41))
    rows = []
    for s in geo.get("strategies") or []:
        core = "∩".join(view.label(c, lang) for c in s.get("core", []))
        for r in sorted(s.get("ranking") or [], key=lambda r: r.get("rank", 0)):
            rows.append([str(s.get("configuration")), core, r.get("rank"),
                         view.label(r.get("auxiliary", ""), lang), r.get("q"), r.get("gain")])
    if rows:
        out.append(Table("strategies", t(lang, "cap_strategies"),
                         [[t(lang, "configuration"), t(lang, "core"), t(lang, "rank"), t(lang, "auxiliary"),
                           t(lang, "strategy_q"), t(lang, "gain")]], rows,
                         ["text", "text", "int", "text", "3f", "3f"], [t(lang, "strategy_note")], publish=True,
                         order=42))
    return out


def strategies_html(results, lang) -> str:
    out = []
    by_id = {str(c.get("id")): c for c in results.get("configurations") or []}
    for s in (results.get("geodetector") or {}).get("strategies") or []:
        cid = str(s.get("configuration"))
        core = ", ".join(results.label(c, lang) for c in s.get("core", []))
        out.append(f"<h3>{esc(results.configuration_title(by_id.get(cid, {'id': cid}), lang))}</h3>")
        out.append(kv_table([(t(lang, "core"), core)], caption=t(lang, "cap_core", id=cid)))
        ranking = sorted(s.get("ranking") or [], key=lambda r: r["rank"])
        if ranking:
            # the uncertainty of the order: enhancement p-value, bootstrap P(first) and support for
            # ranking above the next condition (present when the pipeline ran the resampling)
            extra = [k for k in ("p_value", "p_first", "support_next") if any(r.get(k) is not None for r in ranking)]
            out.append(html_table([[r["rank"], results.label(r["auxiliary"], lang), r.get("q"),
                                    *(r.get(k) for k in extra)] for r in ranking],
                                  [t(lang, "rank"), t(lang, "auxiliary"), t(lang, "q"), *(t(lang, k) for k in extra)],
                                  caption=t(lang, "strategies_for", id=cid)))
            notes = ((s.get("result") or {}).get("notes") or [])
            out += [f"<p class=\"note\">{esc(translate_note(lang, n))}</p>" for n in notes]
        if s.get("q_max"):
            out.append(html_table([[results.label(r["core"], lang), results.label(r["partner"], lang),
                                    r.get("q")] for r in s["q_max"]],
                                  [t(lang, "core"), t(lang, "partner"), t(lang, "q_max")],
                                  caption=t(lang, "cap_qmax", id=cid)))
    if out:
        out.insert(0, f"<p class=\"note\">{esc(t(lang, 'strategy_note'))} {esc(t(lang, 'qmax_note'))} "
                      f"{esc(t(lang, 'strategy_uncertainty_note'))}</p>")
    geo_notes = _geodetector_notes(results)
    if geo_notes:
        out.append(f"<h3>{esc(t(lang, 'small_sample'))}</h3>"
                   + "".join(f"<p class=\"note\">{esc(translate_note(lang, n))}</p>" for n in geo_notes))
    return "".join(out)


def _geodetector_notes(results) -> list[str]:
    """Small-sample warnings and choices the detectors reported (factor and interaction notes)."""
    geo = results.get("geodetector") or {}
    notes = list(geo.get("notes") or []) + list((geo.get("interaction_settings") or {}).get("notes") or [])
    return list(dict.fromkeys(notes))
