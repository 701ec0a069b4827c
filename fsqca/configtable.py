"""Configuration tables in the notation of Fiss (2011), as fsQCA papers print them.

Each column is one configuration (a term of the intermediate or complex solution); each row
a condition. A condition that also appears in the parsimonious term subsuming the
configuration is a *core* condition; one that appears only in the intermediate term is
*peripheral*; a blank means "don't care". Under the conditions come the term's consistency,
PRI, raw and unique coverage and covered cases, then the solution's consistency, PRI and
coverage.

Symbols (configurable): ● core present, ⊗ core absent, • peripheral present, ⓧ peripheral
absent. Configurations sharing the same core conditions are numbered 1a, 1b, ... (Fiss's
neutral permutations).
"""
from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from libdigigov.results import Result

from ._validate import QCAInputError
from .expression import Level, Term, format_term
from .minimize import Model, Solution

__all__ = ["ConfigurationTable", "configuration_table", "SYMBOLS"]

SYMBOLS = {
    "core present": "●",
    "core absent": "⊗",
    "peripheral present": "•",
    "peripheral absent": "ⓧ",
    "": "",
}

_FIT_LABELS = {
    "en": {"incl": "Consistency", "PRI": "PRI", "covS": "Raw coverage", "covU": "Unique coverage",
           "cases": "Covered cases", "sol_incl": "Solution consistency", "sol_PRI": "Solution PRI",
           "sol_cov": "Solution coverage", "configuration": "Configuration",
           "legend": "● core present, ⊗ core absent, • peripheral present, ⓧ peripheral absent; "
                     "blank: don't care"},
    "zh": {"incl": "一致性", "PRI": "PRI", "covS": "原始覆盖度", "covU": "唯一覆盖度",
           "cases": "覆盖案例", "sol_incl": "总体一致性", "sol_PRI": "总体PRI", "sol_cov": "总体覆盖度",
           "configuration": "组态",
           "legend": "●核心条件存在，⊗核心条件缺失，•边缘条件存在，ⓧ边缘条件缺失；空白表示条件可存在可缺失"},
}


@dataclass(frozen=True, eq=False)
class ConfigurationTable(Result):
    """Core/peripheral configuration table with fit rows; see :func:`configuration_table`.

    ``notes`` records every choice the table makes (which parsimonious model decided the
    cores when there are several; configurations subsumed by several prime implicants).
    """

    conditions: tuple[str, ...]
    labels: Mapping[str, str]
    configurations: tuple[str, ...]     # column labels: "1", "2a", "2b", ...
    terms: tuple[Term, ...]             # intermediate terms, one per configuration
    cores: tuple[Term, ...]             # literals from the parsimonious solution
    cells: pd.DataFrame = field(repr=False)   # conditions x configurations: "core present", ...
    term_fit: pd.DataFrame = field(repr=False)
    solution_fit: Mapping[str, float] = field(default_factory=dict)
    lang: str = "en"
    notes: tuple[str, ...] = ()
    core_model: str = ""                # the parsimonious model the cores come from

    _title = "Configuration table"
    _index = True

    def _notes(self) -> list[str]:
        return list(self.notes)

    def _dict(self) -> dict:
        out = []
        for name, term, core in zip(self.configurations, self.terms, self.cores):
            core_names = {c for c, _ in core}
            fit = self.term_fit.loc[name]
            used = {c for c, _ in term}
            out.append({"id": name, "term": format_term(term),
                        "core": {"present": [c for c, v in core if v], "absent": [c for c, v in core if not v]},
                        "peripheral": {"present": [c for c, v in term if v and c not in core_names],
                                       "absent": [c for c, v in term if not v and c not in core_names]},
                        "dont_care": [c for c in self.conditions if c not in used],
                        "inclS": fit["inclS"], "PRI": fit["PRI"], "covS": fit["covS"], "covU": fit["covU"],
                        "cases": [str(c) for c in fit["cases"]], "deviant": [str(c) for c in fit["deviant"]]})
        return {"configurations": out, "solution_fit": dict(self.solution_fit), "core_model": self.core_model}

    def to_frame(self, symbols: Mapping[str, str] | None = None, fit_rows: bool = True) -> pd.DataFrame:
        """The printed table: symbols in the condition rows, fit rows under them."""
        sym = dict(SYMBOLS if symbols is None else symbols)
        body = self.cells.replace(sym)
        body.index = [self.labels.get(c, c) for c in self.cells.index]
        if not fit_rows:
            return body
        lab = _FIT_LABELS[self.lang]
        fit = pd.DataFrame(
            [[f"{v:.3f}" for v in self.term_fit["inclS"]],
             [f"{v:.3f}" for v in self.term_fit["PRI"]],
             [f"{v:.3f}" for v in self.term_fit["covS"]],
             [f"{v:.3f}" for v in self.term_fit["covU"]],
             [", ".join(map(str, cs)) for cs in self.term_fit["cases"]]],
            index=[lab["incl"], lab["PRI"], lab["covS"], lab["covU"], lab["cases"]],
            columns=list(self.configurations),
        )
        sol = pd.DataFrame(
            [[f"{self.solution_fit['inclS']:.3f}"] + [""] * (len(self.configurations) - 1),
             [f"{self.solution_fit['PRI']:.3f}"] + [""] * (len(self.configurations) - 1),
             [f"{self.solution_fit['covS']:.3f}"] + [""] * (len(self.configurations) - 1)],
            index=[lab["sol_incl"], lab["sol_PRI"], lab["sol_cov"]], columns=list(self.configurations),
        )
        return pd.concat([body, fit, sol])

    def to_markdown(self) -> str:
        df = self.to_frame()
        lab = _FIT_LABELS[self.lang]
        head = "| " + lab["configuration"] + " | " + " | ".join(df.columns) + " |"
        sep = "|---|" + "|".join(":-:" for _ in df.columns) + "|"
        lines = [head, sep] + ["| " + str(i) + " | " + " | ".join(str(v) for v in row) + " |"
                               for i, row in zip(df.index, df.to_numpy())]
        notes = "".join(f"\n{n}\n" for n in self.notes)
        return "\n".join(lines) + "\n\n" + lab["legend"] + "\n" + notes

    def to_html(self) -> str:
        df = self.to_frame()
        lab = _FIT_LABELS[self.lang]
        n_cond = len(self.cells)
        out = ["<table class='fsqca-config'>", "<thead><tr><th>" + html.escape(lab["configuration"]) + "</th>"]
        out += [f"<th style='text-align:center'>{html.escape(c)}</th>" for c in df.columns]
        out.append("</tr></thead><tbody>")
        for i, (name, row) in enumerate(zip(df.index, df.to_numpy())):
            style = " style='border-top:1px solid #444'" if i == n_cond else ""
            out.append(f"<tr{style}><th style='text-align:left'>{html.escape(str(name))}</th>")
            for v in row:
                v = str(v)
                size = "1.3em" if v in ("●", "⊗") else "1em"
                out.append(f"<td style='text-align:center;font-size:{size}'>{html.escape(v)}</td>")
            out.append("</tr>")
        out.append("</tbody></table>")
        out.append(f"<div style='font-size:85%'>{html.escape(lab['legend'])}</div>")
        out += [f"<div style='font-size:85%'>{html.escape(n)}</div>" for n in self.notes]
        return "\n".join(out)

    def to_latex(self) -> str:
        """A LaTeX ``tabular`` (needs only ``amssymb``); core symbols are set larger."""
        latex_sym = {"core present": r"{\Large$\bullet$}", "core absent": r"{\Large$\otimes$}",
                     "peripheral present": r"$\bullet$", "peripheral absent": r"$\otimes$", "": ""}
        df = self.to_frame(symbols=latex_sym)

        def esc(s: str) -> str:
            return s if s.startswith(("{", "$")) else s.replace("&", r"\&").replace("_", r"\_").replace("%", r"\%")

        cols = "l" + "c" * len(df.columns)
        lines = [r"\begin{tabular}{" + cols + "}", r"\hline",
                 " & ".join([_FIT_LABELS[self.lang]["configuration"], *df.columns]) + r" \\", r"\hline"]
        for i, (name, row) in enumerate(zip(df.index, df.to_numpy())):
            if i == len(self.cells):
                lines.append(r"\hline")
            lines.append(" & ".join([esc(str(name)), *(esc(str(v)) for v in row)]) + r" \\")
        lines += [r"\hline", r"\end{tabular}"]
        return "\n".join(lines)

    def summary(self) -> str:
        """The table in Markdown, with its legend and notes."""
        return self.to_markdown()

    def _repr_html_(self) -> str:
        return self.to_html()


def _subsumes(p: Term, t: Term) -> bool:
    return set(p) <= set(t)


def configuration_table(
    intermediate: Solution | Model,
    parsimonious: Solution | Model | None = None,
    *,
    model: int = 0,
    parsimonious_model: int | None = None,
    cores: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
    lang: str = "en",
) -> ConfigurationTable:
    """Build the core/peripheral configuration table of a solution.

    Parameters
    ----------
    intermediate : Solution or Model
        The intermediate (or complex) solution whose terms are the configurations. With an
        intermediate :class:`Solution`, the parsimonious model of the variant that produced
        ``models[model]`` is used when ``parsimonious`` is not given.
    parsimonious : Solution or Model, optional
        The parsimonious solution giving the core conditions.
    parsimonious_model : int, optional
        Which minimal model of a parsimonious :class:`Solution` decides the cores (0-based).
        The default is the first model, and when the parsimonious solution has several
        minimal models the table's notes say so and name the model used: another, equally
        minimal model can give other cores.
    cores : dict, optional
        ``{configuration term: parsimonious term}``, e.g. ``{"A*B*~C": "A*B"}``: which prime
        implicant of the parsimonious solution is the core of a configuration. Needed when a
        configuration is subsumed by several parsimonious terms (by default their literals are
        pooled and a note says so) or when, as in fsQCA 3.0 with several prime implicants
        ticked, the published table assigns one implicant per configuration.
    labels : dict, optional
        Display names of the conditions (e.g. Chinese names).
    lang : {"en", "zh"}
        Language of the fit-row labels.

    Examples
    --------
    >>> import pandas as pd
    >>> from fsqca import truth_table, minimize
    >>> df = pd.DataFrame({"A": [0.9, 0.8, 0.2, 0.1, 0.7], "B": [0.7, 0.3, 0.8, 0.2, 0.9],
    ...                    "Y": [0.9, 0.7, 0.3, 0.1, 0.8]}, index=list("pqrst"))
    >>> tt = truth_table(df, "Y", ["A", "B"], incl_cut=0.8)
    >>> table = configuration_table(minimize(tt, "intermediate"))
    >>> table.cells.loc["A", "1"]
    'core present'
    """
    if lang not in _FIT_LABELS:
        raise QCAInputError(f"lang must be one of {', '.join(_FIT_LABELS)}, got {lang!r}")
    if isinstance(intermediate, Solution):
        sol = intermediate
        if not 0 <= model < len(sol.models):
            raise QCAInputError(f"model {model} does not exist: the solution has {len(sol.models)} model(s)")
        chosen = sol.models[model]
        tt = sol.truth_table
        if parsimonious is None and sol.variants:
            variant = next(v for v in sol.variants if any(set(m.terms) == set(chosen.terms) for m in v.chart.models))
            parsimonious = variant.parsimonious_model
        elif parsimonious is None and sol.kind == "parsimonious":
            parsimonious = chosen
    else:
        chosen, tt = intermediate, None
    if any(isinstance(v, Level) and v.levels > 2 for t in chosen.terms for _, v in t):
        raise QCAInputError("configuration tables mark conditions present or absent; a multi-value solution "
                            "(terms such as DEV[2]) has no such table: read its terms and fit instead")
    if parsimonious is None:
        raise QCAInputError("give the parsimonious solution: the core conditions come from it")
    notes: list[str] = []
    model_notes: list[str] = []   # shown only when some core really comes from the chosen model
    if isinstance(parsimonious, Solution):
        n_pars = len(parsimonious.models)
        pick = 0 if parsimonious_model is None else parsimonious_model
        if not isinstance(pick, int) or not 0 <= pick < n_pars:
            raise QCAInputError(f"parsimonious_model must be a whole number from 0 to {n_pars - 1}, got {pick!r}")
        pars_model = parsimonious.models[pick]
        if n_pars > 1 or parsimonious.capped:
            count = f"at least {n_pars}" if parsimonious.capped else str(n_pars)
            model_notes.append(f"the parsimonious solution has {count} minimal models; the cores come from model "
                         f"{pick + 1} (parsimonious_model={pick}): {pars_model.expression} (choose another with "
                         f"parsimonious_model=, 0-based, or cores=)")
    else:
        if parsimonious_model not in (None, 0):
            raise QCAInputError("parsimonious_model needs a parsimonious Solution, not a single Model")
        pars_model = parsimonious
        if isinstance(intermediate, Solution) and intermediate.variants:
            pars_all = {v.parsimonious_model.expression for v in intermediate.variants}
            if len(pars_all) > 1:
                model_notes.append(f"the parsimonious solution has {len(pars_all)} minimal models; the cores come "
                             f"from {pars_model.expression}, the one paired with the chosen intermediate model "
                             "(choose another with cores=)")
    conditions = tuple(tt.conditions) if tt is not None else tuple(dict.fromkeys(
        n for t in chosen.terms for n, _ in t))

    core_list: list[Term] = []
    used_model = False
    chosen_cores = _parse_cores(cores, conditions, chosen, parsimonious, intermediate)
    for t in chosen.terms:
        if frozenset(t) in chosen_cores:
            core_list.append(chosen_cores[frozenset(t)])
            continue
        subsuming = [p for p in pars_model.terms if _subsumes(p, t)]
        core: dict[str, int] = {}
        for p in subsuming:
            core.update(dict(p))
        if len(subsuming) > 1:
            notes.append(f"{format_term(t)} is subsumed by {len(subsuming)} parsimonious terms "
                         f"({', '.join(format_term(p) for p in subsuming)}); its core pools their conditions "
                         "(choose one with cores=)")
        elif not subsuming:
            notes.append(f"{format_term(t)} is subsumed by no term of the parsimonious model "
                         f"{pars_model.expression}: all its conditions are shown as peripheral")
        core_list.append(tuple(sorted(core.items(), key=lambda lv: conditions.index(lv[0]))))
        used_model = True
    cores = core_list
    if used_model:
        notes = model_notes + notes

    # number configurations by shared core: 1, 2a, 2b, ...
    core_keys = list(dict.fromkeys(cores))
    groups: dict[Term, list[int]] = {c: [i for i, cc in enumerate(cores) if cc == c] for c in core_keys}
    names = [""] * len(cores)
    for g, c in enumerate(core_keys, start=1):
        members = groups[c]
        for j, i in enumerate(members):
            names[i] = str(g) if len(members) == 1 else f"{g}{chr(ord('a') + j)}"

    cells = pd.DataFrame("", index=list(conditions), columns=names)
    for name, t, core in zip(names, chosen.terms, cores):
        core_d = dict(core)
        for cond, val in t:
            kind = "core" if cond in core_d else "peripheral"
            cells.loc[cond, name] = f"{kind} {'present' if val else 'absent'}"
    term_fit = chosen.fit.terms_table.copy()
    term_fit.index = names
    return ConfigurationTable(conditions, dict(labels or {}), tuple(names), tuple(chosen.terms), tuple(cores),
                              cells, term_fit,
                              {"inclS": chosen.fit.inclS, "PRI": chosen.fit.PRI, "covS": chosen.fit.covS}, lang,
                              tuple(notes), pars_model.expression)


def _parse_cores(cores, conditions, chosen, parsimonious, intermediate) -> dict:
    """Validate a user's ``{configuration term: parsimonious term}`` mapping."""
    if not cores:
        return {}
    from .expression import parse_term

    allowed: set[Term] = set()
    sources = [parsimonious] if parsimonious is not None else []
    if isinstance(intermediate, Solution):
        sources += [v.parsimonious_model for v in intermediate.variants]
    for s in sources:
        if isinstance(s, Solution):
            allowed.update(s.prime_implicants)
        else:
            allowed.update(s.terms)
    terms = {frozenset(t): t for t in chosen.terms}
    out = {}
    for config, core in cores.items():
        t = frozenset(parse_term(config, conditions))
        if t not in terms:
            raise QCAInputError(f"cores: {config!r} is not a configuration of the solution; configurations are: "
                                f"{', '.join(format_term(x) for x in chosen.terms)}")
        p = parse_term(core, conditions)
        if not _subsumes(p, terms[t]):
            raise QCAInputError(f"cores: {core!r} does not subsume configuration {config!r}: a core must be "
                                "a parsimonious term containing the configuration")
        if allowed and frozenset(p) not in {frozenset(a) for a in allowed}:
            raise QCAInputError(f"cores: {core!r} is not a prime implicant of the parsimonious solution; "
                                f"they are: {', '.join(sorted(format_term(a) for a in allowed))}")
        out[t] = tuple(sorted(p, key=lambda lv: conditions.index(lv[0])))
    return out
