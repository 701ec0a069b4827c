"""What the geographical-detector models show: their tables, heatmaps and curves, and the section.

Everything is read from ``results.json`` (``geodetector_models``) through the view; the
figures are :mod:`geodetector.plotting_family`'s, drawn on results rebuilt from the stored
tables (no engine computation).
"""
from __future__ import annotations

from dataclasses import replace

import pandas as pd

from ...figures import FigureSpec, stem
from ...tables import Table, kv_table, to_html
from ...templates import esc, figure
from ...templates.strings import t, t_or
from . import strings  # noqa: F401  (registers the "gdm." strings)
from .report import _strategy_heatmap

__all__ = ["models_tables", "models_figures", "models_section", "models_design_rows", "option_rows", "models_of",
           "interaction_word", "yes_word"]

NAMES = {"gozh": "GOZH", "lesh": "LESH", "rgd": "RGD", "rid": "RID", "spade": "SPADE", "idsa": "IDSA",
         "ecological": "GD"}
CODES = {"Enhance, nonlinear": "NE", "Enhance, bi-": "BE", "Independent": "IN", "Weaken, uni-": "UW",
         "Weaken, nonlinear": "NW"}
#: q, p, and interaction columns of gdverse's tables
Q1, Q2, Q12 = "Variable1 Q-statistics", "Variable2 Q-statistics", "Variable1 and Variable2 interact Q-statistics"


def models_of(view) -> dict:
    """The models of results.json's ``geodetector_models`` (model name -> entry)."""
    return (view.get("geodetector_models") or {}).get("models") or {}


def _value(lang, key, v) -> str:
    if key == "strategy":
        return t(lang, f"gdm.v_strategy_{v}")
    if isinstance(v, list):
        return ", ".join(t_or(lang, f"gdm.v_{x}", str(x)) for x in v) if key == "types" else \
            "–".join(map(str, v)) if key == "discnum" else ", ".join(map(str, v))
    return t_or(lang, f"gdm.v_{v}", str(v)) if isinstance(v, str) else f"{v:g}" if isinstance(v, float) else str(v)


def _weights(lang, w: dict) -> str:
    if "kind" in w:
        return t(lang, "gdm.weights_kind", kind=_value(lang, "kind", w["kind"]),
                 islands=_value(lang, "island_links", w["island_links"]), style=_value(lang, "style", w.get("style", "W")))
    return t(lang, "gdm.weights_coords", cols=", ".join(w["coords"]), power=f"{w.get('power', 1.0):g}")


def option_rows(entry: dict, lang: str) -> list[tuple[str, str, str]]:
    """(setting, value, source) of every option a model ran with, in ``lang``."""
    given = set(entry.get("given") or [])
    rows = []
    for k, v in (entry.get("options") or {}).items():
        value = _weights(lang, v) if k == "weights" else _value(lang, k, v)
        rows.append((t(lang, f"gdm.opt_{k}"), value, t(lang, "gdm.given" if k in given else "gdm.default")))
    return rows


def _title(model: str, entry: dict, lang: str) -> str:
    conv = (entry.get("options") or {}).get("convention", "")
    return t(lang, f"gdm.name_{model}", convention=_value(lang, "convention", conv))


def models_design_rows(view, lang: str) -> list[tuple[str, str]]:
    out = []
    for m, entry in models_of(view).items():
        text = "; ".join(f"{k} {v}" + ("" if src == t(lang, "gdm.given") else f" ({src})")
                         for k, v, src in option_rows(entry, lang))
        out.append((_title(m, entry, lang), text))
    return out


def interaction_word(lang, code) -> str:
    """gdverse's interaction type (``Enhance, bi-``...) in words of ``lang``; other values as text."""
    return t(lang, f"gdm.it_{CODES.get(code, 'IN')}") if code in CODES else str(code)


def yes_word(lang, v) -> str:
    """gdverse's ``Yes``/``No`` (or a bool) as ``lang``'s yes or no."""
    return t(lang, "gdm.yes" if v in (True, "Yes") else "gdm.no")


def _interaction_table(view, lang, model, records, order, spd=False) -> Table:
    head = ["x1", "x2", "q1", "q2", "q12", "type"] + (["spd1", "spd2"] if spd else [])
    rows = [[view.label(r["variable1"], lang), view.label(r["variable2"], lang), r[Q1], r[Q2], r[Q12],
             interaction_word(lang, r["Interaction"])] + ([r["Variable1 SPD"], r["Variable2 SPD"]] if spd else [])
            for r in records]
    return Table(f"gd_{model}_interaction", t(lang, "gdm.cap_interaction", model=NAMES[model]),
                 [[t(lang, f"gdm.{k}") for k in head]], rows,
                 ["text", "text", "3f", "3f", "3f", "text"] + (["3f", "3f"] if spd else []), publish=True, order=order)


def _factor_table(view, lang, model, records, order, disc=None) -> Table:
    k = {d["variable"]: d["k"] for d in disc or []}
    head = ["condition", *(["k"] if disc else []), "q", "p"]
    rows = [[view.label(r["variable"], lang), *([k.get(r["variable"])] if disc else []), r["Q-statistic"],
             r.get("P-value")] for r in records]
    return Table(f"gd_{model}_factor", t(lang, "gdm.cap_factor", model=NAMES[model]),
                 [[t(lang, f"gdm.{h}") for h in head]], rows, ["text", *(["int"] if disc else []), "3f", "p"],
                 publish=True, order=order)


def _strategy_table(view, lang, model, strategies, order) -> Table | None:
    rows = []
    for s in strategies:
        core = "∩".join(view.label(c, lang) for c in s.get("core", []))
        for r in sorted(s.get("ranking") or [], key=lambda r: r.get("rank", 0)):
            rows.append([str(s.get("configuration")), core, r.get("rank"), view.label(r.get("auxiliary", ""), lang),
                         r.get("q"), r.get("gain")])
    if not rows:
        return None
    return Table(f"strategies_{model}", t(lang, "gdm.cap_strategies", model=NAMES[model]),
                 [[t(lang, "configuration"), t(lang, "core"), t(lang, "rank"), t(lang, "auxiliary"),
                   t(lang, "strategy_q"), t(lang, "gain")]], rows, ["text", "text", "int", "text", "3f", "3f"],
                 [t(lang, "gdm.strategy_note")], publish=True, order=order)


def _model_tables(view, lang, model, entry, order) -> list[Table]:
    res = entry.get("result") or {}
    out = []
    if model in ("gozh", "rgd", "spade") and res.get("factor"):
        notes = []
        if model == "spade":
            opts = entry.get("options") or {}
            notes = [t(lang, "gdm.spade_note", n=opts.get("permutations"), seed=opts.get("seed"))
                     if opts.get("permutations") else t(lang, "gdm.spade_no_test")]
        tab = _factor_table(view, lang, model, res["factor"], order, res.get("disc") if model == "rgd" else None)
        out.append(replace(tab, notes=notes))
    if model == "lesh":
        q_all = res.get("q_all")
        note = t(lang, "gdm.q_all" if (entry.get("options") or {}).get("shapley") == "textbook" else
                 "gdm.q_all_gdverse", q=f"{q_all:.3f}" if q_all is not None else "–")
        out.append(Table("gd_lesh_spd", t(lang, "gdm.cap_spd"), [[t(lang, "gdm.condition"), t(lang, "gdm.power")]],
                         [[view.label(r["variable"], lang), r["spd_theta"]] for r in res.get("spd_lesh") or []],
                         ["text", "3f"], [note], publish=True, order=order))
    if model in ("gozh", "lesh", "rid") and res.get("interaction"):
        out.append(_interaction_table(view, lang, model, res["interaction"], order + 0.1, spd=model == "lesh"))
    if model == "rid" and res.get("disc"):
        out.append(Table("gd_rid_disc", t(lang, "gdm.cap_disc", model="RID"),
                         [[t(lang, "gdm.condition"), t(lang, "gdm.k")]],
                         [[view.label(d["variable"], lang), d["k"]] for d in res["disc"]], ["text", "int"],
                         publish=True, order=order + 0.2))
    if model == "gozh" and res.get("risk"):
        out.append(Table("gd_gozh_risk", t(lang, "gdm.cap_risk", model="GOZH"),
                         [[t(lang, "gdm." + k) for k in ("condition", "zone1", "zone2", "significant", "statistic",
                                                         "df", "p")]],
                         [[view.label(r["variable"], lang), r["zone1st"], r["zone2nd"], yes_word(lang, r["Risk"]),
                           r["T-statistic"], r["Degree-freedom"], r["P-value"]] for r in res["risk"]],
                         ["text", "text", "text", "text", "3f", "1f", "p"], publish=True, order=order + 0.2))
    if model == "gozh" and res.get("ecological"):
        out.append(Table("gd_gozh_ecological", t(lang, "gdm.cap_ecological", model="GOZH"),
                         [[t(lang, "gdm." + k) for k in ("x1", "x2", "significant", "statistic", "p")]],
                         [[view.label(r["variable1"], lang), view.label(r["variable2"], lang),
                           yes_word(lang, r["Ecological"]), r["F-statistic"], r["P-value"]] for r in res["ecological"]],
                         ["text", "text", "text", "3f", "p"], publish=True, order=order + 0.3))
    if model == "idsa" and res.get("interaction"):
        top = res["interaction"][:10]
        sc = res
        note = t(lang, "gdm.idsa_note", n=sc.get("number_individual_explanatory_variables"),
                 zones=sc.get("number_overlay_zones"),
                 pct=f"{float(sc.get('percentage_finely_divided_zones') or 0):.0%}")
        out.append(Table("gd_idsa_interaction", t(lang, "gdm.cap_subsets", n=len(top)),
                         [[t(lang, "gdm.subset"), t(lang, "gdm.pid")]],
                         [[" ∩ ".join(view.label(v, lang) for v in r["variable"].split(" \u2229 ")), r["pid_idsa"]]
                          for r in top], ["text", "3f"], [note], publish=True, order=order))
    if model == "ecological" and res.get("pairs"):
        conv = _value(lang, "convention", res.get("convention", ""))
        has_p = any("p_value" in r for r in res["pairs"])
        out.append(Table("gd_ecological_pairs", t(lang, "gdm.cap_pairs", convention=conv),
                         [[t(lang, "gdm." + k) for k in ("x1", "x2", "q1", "q2", "statistic", "significant",
                                                         *(["p"] if has_p else []))]],
                         [[view.label(r["x1"], lang), view.label(r["x2"], lang), r["q1"], r["q2"], r["statistic"],
                           yes_word(lang, r["significant"]), *([r.get("p_value")] if has_p else [])]
                          for r in res["pairs"]],
                         ["text", "text", "3f", "3f", "3f", "text", *(["p"] if has_p else [])],
                         [t(lang, "gdm.eco_note", convention=conv)], publish=True, order=order))
    strat = _strategy_table(view, lang, model, entry.get("strategies") or [], order + 0.5)
    return out + ([strat] if strat is not None else [])


def models_tables(view, lang: str) -> list[Table]:
    """The publication tables of every model that ran (Word; the report's section)."""
    return [tab for i, (m, entry) in enumerate(models_of(view).items())
            for tab in _model_tables(view, lang, m, entry, 43 + i)]


def _rebuilt(model: str, entry: dict):
    """The model's result rebuilt from its stored tables (for plotting_family)."""
    from geodetector.gdresults import ModelResult

    res = entry.get("result") or {}
    names = ("interaction", "spd_lesh", "allfactor", "disc", "multilevel")
    tables = {k: pd.DataFrame(res[k]) for k in names if res.get(k)}
    return ModelResult(str(res.get("y", "")), int(res.get("n") or 0), tables,
                       scalars={"q_all": res.get("q_all")}, settings=dict(res.get("settings") or {}))


def _draw(kind: str, view, model: str, entry: dict, title: str, lang: str):
    import matplotlib.pyplot as plt

    from geodetector import plotting_family as pf

    res = _rebuilt(model, entry)
    labels = {c: view.plain(c, lang) for c in (view.get("geodetector_models") or {}).get("conditions") or []}
    if kind == "interaction":
        fig = pf.plot_interaction_heatmap(res, labels=labels, title=title)
        fig.axes[-1].set_ylabel(t(lang, "gdm.q"))
    elif kind == "power":
        fig = pf.plot_determinant_power(res, labels=labels, title=title)
        ax = fig.axes[0]
        ax.set_ylabel(t(lang, "gdm.power"))
        ax.legend([ax.lines[0]], [t(lang, "gdm.q_all_line", q=f"{res.scalars['q_all']:.3f}")], frameon=False,
                  fontsize=8)
        plt.setp(ax.get_xticklabels(), rotation=30, ha="right", rotation_mode="anchor")
        fig.set_layout_engine("constrained")
    else:
        fig = pf.plot_q_curve(res, title=title)
        ax = fig.axes[0]
        ax.set_xlabel(t(lang, "gdm.k"))
        handles, names = ax.get_legend_handles_labels()
        ax.legend(handles, [labels.get(n, n) for n in names], frameon=False, fontsize=7, loc="center left",
                  bbox_to_anchor=(1.0, 0.5))
        fig.set_size_inches(7.2, 3.4)
        fig.set_layout_engine("constrained")
    return fig


def models_figures(view, lang: str) -> list[FigureSpec]:
    specs = []
    for m, entry in models_of(view).items():
        res = entry.get("result") or {}
        name = NAMES[m]
        kinds = []
        if m in ("gozh", "lesh", "rid") and res.get("interaction"):
            kinds.append(("interaction", t(lang, "gdm.fig_interaction", model=name)))
        if m == "lesh" and res.get("spd_lesh"):
            kinds.append(("power", t(lang, "gdm.fig_power")))
        if (m == "rgd" and res.get("allfactor")) or (m == "spade" and res.get("multilevel")):
            kinds.append(("curve", t(lang, "gdm.fig_curve", model=name)))
        for kind, cap in kinds:
            specs.append(FigureSpec(f"gd_{m}_{kind}", "gd_models", cap,
                                    lambda kind=kind, m=m, entry=entry, cap=cap: _draw(kind, view, m, entry, cap, lang)))
        for strat in entry.get("strategies") or []:
            if not strat.get("ranking") or not strat.get("core"):
                continue
            cid = str(strat["configuration"])
            cap = t(lang, "gdm.fig_strategy", model=name, id=view.configuration_ident(cid, lang))
            specs.append(FigureSpec(f"gd_{m}_strategy_{stem(cid)}", "gd_models", cap,
                                    lambda strat=strat, cap=cap: _strategy_heatmap(view, strat, cap, lang)))
    return specs


def models_section(view, lang: str, figures) -> str:
    """The report's section: per model what it does, its settings, tables and figures."""
    models = models_of(view)
    if not models:
        return ""
    pngs = {spec.name: (spec, png) for spec, png in figures if spec.section == "gd_models"}
    out = [f"<p>{esc(t(lang, 'gdm.intro'))}</p>"]
    for i, (m, entry) in enumerate(models.items()):
        out.append(f"<h3>{esc(_title(m, entry, lang))}</h3><p>{esc(t(lang, f'gdm.about_{m}'))}</p>")
        out.append(kv_table([(k, f"{v} ({src})") for k, v, src in option_rows(entry, lang)],
                            caption=t(lang, "gdm.settings")))
        out += [to_html(tab) for tab in _model_tables(view, lang, m, entry, 43 + i)]
        if lang == "en":
            out += [f"<p class=\"note\">{esc(n)}</p>" for n in (entry.get("result") or {}).get("notes") or []]
        out += [figure(png, spec.caption, fig_id=f"fig-{spec.name}") for name, (spec, png) in pngs.items()
                if name.startswith(f"gd_{m}_")]
    return "".join(out)
