"""Necessary Condition Analysis (NCA; Dul 2016), agreeing with R's ``NCA`` package.

NCA asks whether a condition X is necessary *in degree* for an outcome Y: whether high levels
of Y occur only with high enough levels of X, which leaves the upper-left corner of the XY
scatter empty. A ceiling line bounds the data from above:

- **CE-FDH** (ceiling envelopment, free disposal hull): the step line through the peers;
- **CR-FDH** (ceiling regression): the least-squares line through the same peers.

For each condition and ceiling (numbers as R's ``nca_analysis`` reports them):

- scope ``S = (xmax - xmin)(ymax - ymin)``, the observed rectangle;
- ceiling zone: the empty area above the ceiling, inside the scope; effect size ``d = zone / S``;
- ``above``: cases above the ceiling (always 0 for CE-FDH); ``accuracy = 100 (n - above) / n``;
- ``fit``: ``100 - 100 |zone_CR - zone_CE| / zone_CE`` (missing when the CR-FDH zone exceeds
  the CE-FDH zone, as R reports it);
- ``slope``, ``intercept`` of CR-FDH;
- inefficiencies: the part of the scope where the ceiling does not constrain, for the
  condition (``ineff_condition``: x above which any outcome is possible), the outcome
  (``ineff_outcome``: y reached at the lowest x) and both (``ineff_rel``, ``ineff_abs``);
- with ``test_rep > 0``, the approximate permutation test of ``d`` (Dul, van der Laan & Kuik
  2020): ``p_value`` and its 95 % margin ``p_accuracy``.

Effect sizes are labelled by Dul's (2016) benchmarks: ``0 <= d < 0.1`` small, ``0.1 <= d < 0.3``
medium, ``0.3 <= d < 0.5`` large, ``d >= 0.5`` very large. They are conventions, not tests;
read them with the p-value and the theory.

Unlike fsQCA's necessity test (:func:`fsqca.necessity`, a set relation in kind), NCA works on
any real numbers: memberships, raw indicators or Likert scores, with no calibration and no
requirement to lie in [0, 1]. Formulas and options: ``docs/nca.md``.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from libdigigov.results import Result, frame_html, frame_text

from . import nca_ceilings as ceil
from ._validate import QCAInputError, suggest
from .nca_bottleneck import BottleneckTable, bottleneck_frame, check_type

__all__ = ["NCAResult", "nca", "effect_label", "EFFECT_BENCHMARKS", "MIN_CASES"]

#: Dul's (2016) conventional benchmarks for the effect size: (lower bound, label).
EFFECT_BENCHMARKS = ((0.0, "small"), (0.1, "medium"), (0.3, "large"), (0.5, "very large"))
#: Fewest cases accepted: with fewer, the ceiling rests on one or two points.
MIN_CASES = 3
Z975 = 1.959963984540054  # qnorm(0.975), R's multiplier for p_accuracy
_METRICS = ("ceiling_zone", "effect_size", "above", "accuracy", "fit", "slope", "intercept",
            "ineff_abs", "ineff_rel", "ineff_condition", "ineff_outcome", "p_value", "p_accuracy")
_SCOPE = ("n", "scope", "xmin", "xmax", "ymin", "ymax")


def effect_label(d: float) -> str:
    """Dul's conventional label for an effect size (a convention, not a test).

    >>> effect_label(0.05), effect_label(0.1), effect_label(0.42), effect_label(0.5)
    ('small', 'medium', 'large', 'very large')
    """
    if d is None or not np.isfinite(d):
        return "NA"
    label = EFFECT_BENCHMARKS[0][1]
    for low, name in EFFECT_BENCHMARKS:
        if d >= low:
            label = name
    return label


def _column(data: pd.DataFrame, col: str, role: str) -> np.ndarray:
    s = data[col]
    if pd.api.types.is_bool_dtype(s) or not pd.api.types.is_numeric_dtype(s):
        bad = s[pd.to_numeric(s, errors="coerce").isna() & s.notna()] if not pd.api.types.is_bool_dtype(s) else s
        raise QCAInputError(f"{role} {col!r} is not numeric: value {bad.iloc[0]!r} in case {bad.index[0]!r}")
    v = s.to_numpy(dtype=float)
    bad = ~np.isfinite(v)
    if bad.any():
        cases = ", ".join(map(str, data.index[bad][:5]))
        raise QCAInputError(f"{role} {col!r} has missing or infinite values in case(s) {cases}; "
                            "drop those cases first (R's NCA drops them per condition)")
    if v.size and np.all(v == v[0]):
        raise QCAInputError(f"{role} {col!r} is constant ({v[0]:g} in every case): the scope is empty")
    return v


def _validate(data, outcome, conditions, ceilings, test_rep):
    if not isinstance(data, pd.DataFrame):
        raise QCAInputError(f"data must be a pandas DataFrame, got {type(data).__name__}")
    if outcome not in data.columns:
        raise QCAInputError(f"outcome {outcome!r} is not a column of the data{suggest(outcome, data.columns)}")
    if conditions is None:
        conditions = [c for c in data.columns if c != outcome]
    elif isinstance(conditions, str):
        conditions = [c.strip() for c in conditions.split(",") if c.strip()]
    conditions = list(conditions)
    if not conditions:
        raise QCAInputError("no conditions given")
    for c in conditions:
        if c not in data.columns:
            raise QCAInputError(f"condition {c!r} is not a column of the data{suggest(c, data.columns)}")
        if c == outcome:
            raise QCAInputError(f"{c!r} is both the outcome and a condition")
    dup = sorted({c for c in conditions if conditions.count(c) > 1})
    if dup:
        raise QCAInputError(f"condition(s) listed twice: {', '.join(map(str, dup))}")
    if isinstance(ceilings, str):
        ceilings = [c.strip() for c in ceilings.split(",") if c.strip()]
    ceilings = list(dict.fromkeys(ceilings))
    if not ceilings:
        raise QCAInputError("no ceilings given")
    for c in ceilings:
        if c not in ceil.CEILINGS:
            raise QCAInputError(f"ceiling {c!r} is not implemented{suggest(c, ceil.CEILINGS)}")
    if isinstance(test_rep, bool) or not isinstance(test_rep, (int, np.integer)) or test_rep < 0:
        raise QCAInputError(f"test_rep must be a whole number >= 0 (0: no permutation test), got {test_rep!r}")
    if len(data) < MIN_CASES:
        raise QCAInputError(f"NCA needs at least {MIN_CASES} cases for a ceiling, the data have {len(data)}")
    return conditions, ceilings


@dataclass(frozen=True, eq=False)
class NCAResult(Result):
    """Result of :func:`nca`: ceilings, effect sizes, tests and bottleneck tables.

    Attributes
    ----------
    outcome : str
    conditions, ceilings : tuple of str
    table : DataFrame
        One row per condition and ceiling: the scope columns, R's metrics, ``p_value``,
        ``p_accuracy`` and ``effect`` (Dul's label).
    bottlenecks : dict
        Ceiling -> :class:`~fsqca.nca_bottleneck.BottleneckTable` (the settings of the call).
    peers : dict
        Condition -> DataFrame of the CE-FDH peers (``case``, ``x``, ``y``; duplicates kept).
    lines : dict
        Condition -> ``(intercept, slope)`` of the CR-FDH line, or None (a single peer).
    data : DataFrame
        The analysed columns (for plots and other bottleneck tables).
    """

    outcome: str
    conditions: tuple
    ceilings: tuple
    table: pd.DataFrame = field(repr=False)
    bottlenecks: dict = field(repr=False)
    peers: dict = field(repr=False)
    data: pd.DataFrame = field(repr=False)
    lines: dict = field(repr=False, default_factory=dict)
    test_rep: int = 0
    seed: int | None = None
    steps: object = 10
    _title = "Necessary Condition Analysis (NCA)"

    def to_frame(self) -> pd.DataFrame:
        """One row per condition and ceiling (effect size, p-value, R's other metrics)."""
        return self.table.copy()

    def line(self, condition: str, ceiling: str = "cr_fdh"):
        """``(intercept, slope)`` of the CR-FDH line, or None (CE-FDH or a single peer)."""
        if condition not in self.lines:
            raise QCAInputError(f"condition {condition!r} was not analysed{suggest(condition, self.conditions)}")
        return self.lines[condition] if ceiling == "cr_fdh" else None

    def bottleneck(self, ceiling: str | None = None, *, steps=10, bottleneck_x: str = "percentage.range",
                   bottleneck_y: str = "percentage.range") -> BottleneckTable:
        """Bottleneck table of one ceiling with other settings (R's ``cutoff = 0``).

        ``steps`` is a number of steps or explicit outcome levels (percent for the percentage
        and percentile types, y's units for ``actual``).
        """
        ceiling = ceiling or self.ceilings[-1]
        if ceiling not in self.ceilings:
            raise QCAInputError(f"ceiling {ceiling!r} was not computed{suggest(ceiling, self.ceilings)}")
        check_type(bottleneck_x, "x")
        check_type(bottleneck_y, "y")
        y = self.data[self.outcome].to_numpy(dtype=float)
        fits = []
        for c in self.conditions:
            p = self.peers[c]
            fits.append((c, self.data[c].to_numpy(dtype=float), p["x"].to_numpy(), p["y"].to_numpy(),
                         self.line(c)))
        return bottleneck_frame(ceiling, y, fits, steps, bottleneck_x, bottleneck_y)

    def plot(self, **kwargs):
        """Scatter plots with the ceiling lines: see :func:`fsqca.nca_plot.nca_plot`."""
        from .nca_plot import nca_plot
        return nca_plot(self, **kwargs)

    #: Columns shown by :meth:`summary` and the HTML view (``to_frame`` has them all).
    SHOWN = ("condition", "ceiling", "effect_size", "effect", "p_value", "p_accuracy", "ceiling_zone",
             "above", "accuracy", "fit", "slope", "intercept", "ineff_rel")

    def summary(self) -> str:
        """Plain text: settings, effect sizes and tests, the bottleneck tables, then notes."""
        title = self._title
        lines = [title, "=" * len(title), *self._header(),
                 frame_text(self.table[list(self.SHOWN)], self._digits)]
        for c, t in self.bottlenecks.items():
            lines += ["", f"Bottleneck table, {c} (outcome as {t.bottleneck_y}, conditions as {t.bottleneck_x})",
                      frame_text(t.table, 1)]
        lines += [""] + [f"Note: {n}" for n in [*self._notes(), *self._bottleneck_notes()]]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        import html
        parts = [f"<div><strong>{html.escape(self._title)}</strong>",
                 "<ul>" + "".join(f"<li>{html.escape(h)}</li>" for h in self._header()) + "</ul>",
                 frame_html(self.table[list(self.SHOWN)], self._digits)]
        for c, t in self.bottlenecks.items():
            parts += [f"<div><em>Bottleneck table, {html.escape(c)}</em></div>", frame_html(t.table, 1)]
        parts += [f"<div style='font-size:90%'>Note: {html.escape(n)}</div>"
                  for n in [*self._notes(), *self._bottleneck_notes()]]
        return "\n".join(parts + ["</div>"])

    def _bottleneck_notes(self) -> list[str]:
        return next(iter(self.bottlenecks.values()))._notes() if self.bottlenecks else []

    def _header(self) -> list[str]:
        test = (f"approximate permutation test, {self.test_rep} permutations, seed {self.seed}"
                if self.test_rep else "no permutation test")
        return [f"outcome: {self.outcome}; n = {len(self.data)}; ceilings: {', '.join(self.ceilings)}; {test}"]

    def _notes(self) -> list[str]:
        notes = [
            "effect size labels follow Dul's (2016) conventions (small < 0.1 <= medium < 0.3 <= "
            "large < 0.5 <= very large), not a test",
            "scope = the observed range of x and y; upper-left corner only (R's defaults)",
            "fit is missing where the CR-FDH zone exceeds the CE-FDH zone (as R reports it)",
        ]
        if self.test_rep:
            notes.append("p-values come from random permutations of the outcome (seeded): they "
                         "differ from R's by sampling error only")
        single = sorted({r.condition for r in self.table.itertuples() if r.ceiling == "ce_fdh"
                         and r.effect_size == 0})
        if single:
            notes.append(f"no empty zone for {', '.join(single)}: the case with the lowest x also "
                         "has the highest y (R's NCA 5.0.1 stops with an error there)")
        return notes

    def _dict(self) -> dict:
        conds = []
        for c in self.conditions:
            rows = self.table[self.table["condition"] == c]
            first = rows.iloc[0]
            entry = {"condition": c, **{k: first[k] for k in _SCOPE}, "ceilings": {}}
            entry["n"] = int(entry["n"])
            for r in rows.to_dict(orient="records"):
                m = {k: r[k] for k in _METRICS}
                m["above"] = int(m["above"])
                m["effect"] = r["effect"]
                entry["ceilings"][r["ceiling"]] = m
            entry["peers"] = _distinct_peers(self.peers[c])
            conds.append(entry)
        bns = {k: {col: t.table[col].tolist() for col in t.table.columns} for k, t in self.bottlenecks.items()}
        some = next(iter(self.bottlenecks.values()))
        return {
            "outcome": self.outcome,
            "settings": {"ceilings": list(self.ceilings), "test_rep": self.test_rep, "seed": self.seed,
                         "steps": self.steps if np.ndim(self.steps) == 0 else list(self.steps),
                         "bottleneck_x": some.bottleneck_x, "bottleneck_y": some.bottleneck_y,
                         "cutoff": 0, "scope": "observed", "corner": "upper-left"},
            "effect_benchmarks": {name: low for low, name in EFFECT_BENCHMARKS},
            "conditions": conds,
            "bottlenecks": bns,
        }


def _distinct_peers(p: pd.DataFrame) -> list[dict]:
    """The distinct peer points, each with its first case and its number of cases."""
    g = p.groupby(["x", "y"], sort=False)
    out = g.agg(case=("case", "first"), n=("case", "size")).reset_index()
    out["case"] = out["case"].astype(str)
    return out[["case", "x", "y", "n"]].to_dict(orient="records")


def nca(
    data: pd.DataFrame,
    outcome: str,
    conditions: Sequence[str] | str | None = None,
    *,
    ceilings: Sequence[str] | str = ("ce_fdh", "cr_fdh"),
    test_rep: int = 0,
    seed: int | None = None,
    steps=10,
    bottleneck_x: str = "percentage.range",
    bottleneck_y: str = "percentage.range",
) -> NCAResult:
    """Necessary Condition Analysis of ``conditions`` for ``outcome`` (R's ``nca_analysis``).

    Parameters
    ----------
    data : DataFrame
        One row per case (the index names the cases), numeric columns. Values may be any real
        numbers: memberships, raw indicators or scores; they need not lie in [0, 1].
    outcome : str
        Outcome column.
    conditions : list of str, optional
        Condition columns (default: every other column).
    ceilings : list of str
        ``"ce_fdh"`` and/or ``"cr_fdh"``.
    test_rep : int
        Permutations for the approximate permutation test (0: no test; p-values missing).
    seed : int, optional
        Seed of the permutations (``numpy.random.default_rng``).
    steps : int or list of float
        Rows of the bottleneck tables: a number of steps, or explicit outcome levels.
    bottleneck_x, bottleneck_y : str
        ``"percentage.range"``, ``"percentage.max"``, ``"actual"`` or ``"percentile"``.

    Returns
    -------
    NCAResult

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"X": [1, 2, 3, 4, 5, 6], "Y": [1, 3, 2, 5, 4, 6]},
    ...                   index=list("abcdef"))
    >>> res = nca(df, "Y", ["X"])
    >>> res.to_frame()[["ceiling", "effect_size", "above", "effect"]].round(4)
      ceiling  effect_size  above      effect
    0  ce_fdh       0.5200      0  very large
    1  cr_fdh       0.4051      2       large
    >>> res.bottleneck("ce_fdh", steps=2).to_frame()
       outcome      X
    0      0.0     NN
    1     50.0   60.0
    2    100.0  100.0
    """
    conditions, ceilings = _validate(data, outcome, conditions, ceilings, test_rep)
    check_type(bottleneck_x, "x")
    check_type(bottleneck_y, "y")
    y = _column(data, outcome, "outcome")
    xs = [_column(data, c, "condition") for c in conditions]
    cases = np.asarray(data.index)
    records, peers_by, lines = [], {}, {}
    for name, x in zip(conditions, xs):
        bounds = (float(x.min()), float(x.max()), float(y.min()), float(y.max()))
        idx = ceil.peers(x, y)
        px, py = x[idx], y[idx]
        peers_by[name] = pd.DataFrame({"case": cases[idx], "x": px, "y": py})
        scope = {"n": int(x.size), "scope": (bounds[1] - bounds[0]) * (bounds[3] - bounds[2]),
                 "xmin": bounds[0], "xmax": bounds[1], "ymin": bounds[2], "ymax": bounds[3]}
        lines[name] = ceil.cr_line(px, py)
        ce = ceil.ce_fdh(px, py, bounds)
        fits = {"ce_fdh": ce, "cr_fdh": ceil.cr_fdh(px, py, x, y, bounds, ce["ceiling_zone"])}
        for c in ceilings:
            records.append({"condition": name, "ceiling": c, **scope, **fits[c],
                            "p_value": np.nan, "p_accuracy": np.nan})
    table = pd.DataFrame.from_records(records)
    if test_rep:
        _permutation_test(table, xs, y, conditions, ceilings, test_rep, seed)
    table["effect"] = [effect_label(d) for d in table["effect_size"]]
    frame = data[[outcome, *conditions]].astype(float)
    res = NCAResult(outcome, tuple(conditions), tuple(ceilings), table, {}, peers_by, frame, lines,
                    int(test_rep), seed, steps)
    for c in ceilings:
        res.bottlenecks[c] = res.bottleneck(c, steps=steps, bottleneck_x=bottleneck_x,
                                            bottleneck_y=bottleneck_y)
    return res


def _permutation_test(table, xs, y, conditions, ceilings, reps, seed):
    """Fill ``p_value`` and ``p_accuracy`` in place (R's approximate permutation test)."""
    observed, permuted = ceil.permutation_effects(xs, y, ceilings, reps, seed)
    for j, name in enumerate(conditions):
        for c in ceilings:
            i = table.index[(table["condition"] == name) & (table["ceiling"] == c)][0]
            d_obs = table.at[i, "effect_size"]
            if not np.isfinite(d_obs):
                continue
            d = permuted[j][c]
            d = d[np.isfinite(d)]
            p = (np.count_nonzero(d >= observed[j][c]) + 1) / (d.size + 1)
            p = max(p, 1.0 / reps)
            table.at[i, "p_value"] = p
            table.at[i, "p_accuracy"] = Z975 * np.sqrt(p * (1 - p) / reps)
