"""What the NCA shows: its tables, the ceiling plots and the report section, from ``results["nca"]``.

The section shows the effect sizes with their permutation p-values (labelled by Dul's
benchmarks, stated as conventions), the "necessity in kind and in degree" table (fsQCA's
``inclN``/``covN``/``RoN`` beside NCA's ``d`` and ``p``), the bottleneck tables and the ceiling
plots. The figure ``nca_ceilings`` (one panel per condition) is drawn from what
``results.json`` keeps — the data (``raw`` or ``memberships``, as ``nca.data`` says), each
condition's peers and CR-FDH line, and the effect sizes — so no engine runs again.
"""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ...figures import FigureSpec
from ...tables import Table, to_html
from ...templates import esc, figure, ref
from ...templates.notes import translate_note
from ...templates.strings import t
from . import strings  # noqa: F401  (registers the "nca." strings)

__all__ = ["nca_tables", "nca_section", "nca_figures", "StoredNCA"]

#: Name of the NCA figure (file stem, and ``fig-<name>`` its id in the report).
FIGURE = "nca_ceilings"


def _ceiling_name(c: str) -> str:
    return str(c).upper().replace("_", "-")


class StoredNCA:
    """The NCA as ``results.json`` keeps it, in the shape :func:`fsqca.nca_plot` draws.

    Nothing is recomputed: the peers (the CE-FDH step line), the CR-FDH intercept and slope and
    the effect sizes are read from the results.
    """

    def __init__(self, nca: Mapping, frame: pd.DataFrame):
        self.outcome = nca["outcome"]
        self.conditions = [c["condition"] for c in nca["conditions"]]
        self.ceilings = list((nca.get("settings") or {}).get("ceilings") or [])
        self.data = frame[[self.outcome, *self.conditions]].astype(float)
        self._by = {c["condition"]: c for c in nca["conditions"]}
        self.table = pd.DataFrame([{"condition": c, "ceiling": ce, "effect_size": m.get("effect_size")}
                                   for c, e in self._by.items() for ce, m in (e.get("ceilings") or {}).items()])

    @property
    def peers(self) -> dict:
        return {c: pd.DataFrame(e.get("peers") or [], columns=["case", "x", "y", "n"]) for c, e in self._by.items()}

    def line(self, condition: str, ceiling: str = "cr_fdh"):
        m = (self._by[condition].get("ceilings") or {}).get("cr_fdh") or {}
        if ceiling != "cr_fdh" or m.get("slope") is None or m.get("intercept") is None:
            return None
        return m["intercept"], m["slope"]

    @classmethod
    def of(cls, results: Mapping):
        """From ``results`` (None when it holds no NCA or not its data)."""
        nca = results.get("nca")
        if not isinstance(nca, Mapping) or not nca.get("conditions"):
            return None
        source = results.get("memberships" if nca.get("data") == "calibrated" else "raw")
        if not source:
            return None
        frame = pd.DataFrame.from_dict(source, orient="index")
        names = [nca.get("outcome"), *(c.get("condition") for c in nca["conditions"])]
        if any(n not in frame.columns for n in names):
            return None
        return cls(nca, frame)


def nca_figures(view, lang: str) -> list[FigureSpec]:
    """The ceiling plots of ``results["nca"]`` (one multi-panel figure), or nothing."""
    stored = StoredNCA.of(view)
    if stored is None:
        return []

    def draw():
        from fsqca import nca_plot

        names = [stored.outcome, *stored.conditions]
        return nca_plot(stored, lang=lang, labels={c: view.label(c, lang) for c in names})

    return [FigureSpec(FIGURE, "nca", t(lang, "nca.fig"), draw)]


def _label(lang: str, effect) -> str:
    if effect is None:
        return ""
    key = str(effect)
    return t(lang, f"nca.{key}") if key in ("small", "medium", "large", "very large", "NA") else key


def _plot_ref(lang: str, figures=()) -> str:
    """" (Figure N)" after "the scatter plot" when the report shows the NCA figure, else ""."""
    if not any(spec.name == FIGURE for spec, _ in figures):
        return ""
    link = ref("fig", f"fig-{FIGURE}")
    return f"（{link}）" if lang == "zh" else f" ({link})"


def _kind_degree(view, lang: str, nca: Mapping, plot: str = "") -> Table:
    ceilings = list((nca.get("settings") or {}).get("ceilings") or [])
    head = [t(lang, "nca.condition"), "inclN", "covN", "RoN"]
    for c in ceilings:
        head += [f"d ({_ceiling_name(c)})", f"p ({_ceiling_name(c)})"]
    head.append(t(lang, "nca.verdict"))
    body = [[view.label(r.get("condition", ""), lang), r.get("inclN"), r.get("covN"), r.get("RoN"),
             *(r.get(f"{k}_{c}") for c in ceilings for k in ("d", "p")), t(lang, "nca." + r.get("verdict", "neither"))]
            for r in nca.get("kind_and_degree") or []]
    crit = nca.get("kind_and_degree_criteria") or {}
    p = t(lang, "nca.kd_p", alpha=f"{crit['alpha']:g}") if crit.get("alpha") is not None else ""
    note = t(lang, "nca.kd_note", t=f"{crit.get('inclN_threshold', 0.9):g}", d=f"{crit.get('min_effect', 0.1):g}", p=p,
              plot=plot)
    formats = ["text", "3f", "3f", "3f", *(["3f", "p"] * len(ceilings)), "text"]
    return Table("nca_kind_and_degree", t(lang, "nca.kind_degree"), [head], body, formats,
                 [note, t(lang, "nca.benchmarks", plot=plot)], table_id="nca-kind-degree", publish=True, order=52)


def nca_tables(view, lang: str, plot: str = "") -> list[Table]:
    """Effect sizes, the bottleneck tables and the kind-and-degree table."""
    nca = view.get("nca")
    if not isinstance(nca, Mapping):
        return []
    out = []
    rows = [[view.label(e.get("condition", ""), lang), _ceiling_name(c), m.get("effect_size"),
             _label(lang, m.get("effect")), m.get("p_value"), m.get("p_accuracy"), m.get("accuracy"), m.get("above")]
            for e in nca.get("conditions") or [] for c, m in (e.get("ceilings") or {}).items()]
    if rows:
        out.append(Table("nca_effects", t(lang, "nca.cap_effects"),
                         [[t(lang, f"nca.{k}") for k in ("condition", "ceiling", "d", "label", "p", "p_accuracy",
                                                          "accuracy", "above")]],
                         rows, ["text", "text", "3f", "text", "p", "3f", "1f", "int"],
                         [t(lang, "nca.effect_note"), t(lang, "nca.benchmarks", plot=plot)], publish=True, order=50))
    st = nca.get("settings") or {}
    x_kind, y_kind = st.get("bottleneck_x", "percentage.range"), st.get("bottleneck_y", "percentage.range")
    for ceiling, tab in (nca.get("bottlenecks") or {}).items():
        if not isinstance(tab, Mapping) or not isinstance(tab.get("outcome"), list):
            continue
        cols = [k for k, v in tab.items() if k != "outcome" and isinstance(v, list)]
        body = [[level, *(tab[c][i] if i < len(tab[c]) else None for c in cols)] for i, level in enumerate(tab["outcome"])]
        out.append(Table(f"nca_bottleneck_{ceiling}", t(lang, "nca.cap_bottleneck", ceiling=_ceiling_name(ceiling)),
                         [[t(lang, "nca.outcome_level"), *(view.label(c, lang) for c in cols)]], body,
                         ["1f"] * (len(cols) + 1),
                         [t(lang, "nca.bn_note", x=t(lang, f"nca.{x_kind}"), y=t(lang, f"nca.{y_kind}")),
                          t(lang, "nca.bottleneck_note")],
                         publish=True, order=51))
    if nca.get("kind_and_degree"):
        out.append(_kind_degree(view, lang, nca, plot))
    return out


def nca_section(view, lang: str, figures=()) -> str:
    """HTML of the report's NCA section; ``figures`` are the report's ``(FigureSpec, png)``."""
    nca = view.get("nca")
    if not isinstance(nca, Mapping):
        return f"<p class=\"note\">{esc(t(lang, 'nca.not_run'))}</p>"
    st = nca.get("settings") or {}
    ceilings = list(st.get("ceilings") or [])
    test = (t(lang, "nca.test", n=st.get("test_rep"), seed=st.get("seed")) if st.get("test_rep")
            else t(lang, "nca.no_test"))
    data = t(lang, "nca.data_calibrated" if nca.get("data") == "calibrated" else "nca.data_raw")
    out = [f"<p>{esc(t(lang, 'nca.intro', data=data, ceilings=', '.join(map(_ceiling_name, ceilings)), test=test))}</p>"]
    out += [to_html(tab) for tab in nca_tables(view, lang, _plot_ref(lang, figures))]
    out += [figure(png, spec.caption, fig_id=f"fig-{spec.name}") for spec, png in figures if spec.section == "nca"]
    notes = nca.get("notes") or []
    if notes:
        out.append(f"<h3>{esc(t(lang, 'nca.notes'))}</h3><ul>" + "".join(f"<li>{esc(translate_note(lang, n))}</li>" for n in notes) + "</ul>")
    return "".join(out)
