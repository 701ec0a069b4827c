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

from .._errors import QCAInputError, suggest
from .bottleneck import BottleneckTable, check_type
from .core import (EFFECT_BENCHMARKS, METRICS, MIN_CASES, SCOPE_KEYS, analyse, bottleneck_cells,
                       check_options, check_values, effect_label, notes, resolve_columns)

__all__ = ["NCAResult", "nca", "effect_label", "EFFECT_BENCHMARKS", "MIN_CASES"]


def _column(data: pd.DataFrame, col: str, role: str) -> np.ndarray:
    s = data[col]
    if pd.api.types.is_bool_dtype(s) or not pd.api.types.is_numeric_dtype(s):
        if pd.api.types.is_datetime64_any_dtype(s) or pd.api.types.is_timedelta64_dtype(s):
            raise QCAInputError(f"{role} {col!r} holds dates or times ({s.dtype}), not numbers: convert it first")
        bad = s if pd.api.types.is_bool_dtype(s) else s[pd.to_numeric(s, errors="coerce").isna() & s.notna()]
        if len(bad):
            raise QCAInputError(f"{role} {col!r} is not numeric: value {bad.iloc[0]!r} in case {bad.index[0]!r}")
        raise QCAInputError(f"{role} {col!r} holds numbers as text (e.g. {s.dropna().iloc[0]!r}): convert it "
                            "with pandas.to_numeric first" if s.notna().any() else
                            f"{role} {col!r} is empty")
    return check_values(s.to_numpy(dtype=float), role, col, data.index)


@dataclass(frozen=True, eq=False)
class NCAResult(Result):
    """Result of :func:`nca`: ceilings, effect sizes, tests and bottleneck tables.

    Attributes
    ----------
    outcome : str
    conditions, ceilings : tuple of str
    body : dict
        The JSON body (see ``docs/nca.md``): settings, per condition the scope and every
        ceiling's metrics, the distinct peers, and the bottleneck tables.
    fits : tuple
        Per condition the data, the CE-FDH peers (row indices) and the CR-FDH line.
    data : DataFrame
        The analysed columns (for plots and other bottleneck tables).
    """

    outcome: str
    conditions: tuple
    ceilings: tuple
    body: dict = field(repr=False)
    fits: tuple = field(repr=False)
    data: pd.DataFrame = field(repr=False)
    _title = "Necessary Condition Analysis (NCA)"
    #: Columns shown by :meth:`summary` and the HTML view (``to_frame`` has them all).
    SHOWN = ("condition", "ceiling", "effect_size", "effect", "p_value", "p_accuracy", "ceiling_zone",
             "above", "accuracy", "fit", "slope", "intercept", "ineff_rel")

    @property
    def table(self) -> pd.DataFrame:
        """One row per condition and ceiling: scope columns, R's metrics, p-value, label."""
        rows = [{"condition": e["condition"], "ceiling": c, **{k: e[k] for k in SCOPE_KEYS},
                 **{k: m[k] for k in METRICS}, "effect": m["effect"]}
                for e in self.body["conditions"] for c, m in e["ceilings"].items()]
        return pd.DataFrame.from_records(rows).astype({k: float for k in METRICS if k != "above"})

    def to_frame(self) -> pd.DataFrame:
        """One row per condition and ceiling (effect size, p-value, R's other metrics)."""
        return self.table

    @property
    def bottlenecks(self) -> dict:
        """Ceiling -> :class:`~fsqca.nca.bottleneck.BottleneckTable` of the call's settings."""
        st = self.body["settings"]
        return {c: BottleneckTable(c, pd.DataFrame(cols), st["bottleneck_x"], st["bottleneck_y"])
                for c, cols in self.body["bottlenecks"].items()}

    @property
    def peers(self) -> dict:
        """Condition -> DataFrame of the CE-FDH peers (``case``, ``x``, ``y``; duplicates kept)."""
        y = self.data[self.outcome].to_numpy(dtype=float)
        return {f.name: pd.DataFrame({"case": self.data.index[f.peers], "x": f.x[f.peers], "y": y[f.peers]})
                for f in self.fits}

    def vrs_peers(self, condition: str) -> pd.DataFrame:
        """The VRS peers of one condition (``case``, ``x``, ``y``), when a VRS ceiling was computed."""
        f = self._fit(condition)
        if f.vrs_peers is None:
            raise QCAInputError("no VRS ceiling was computed: add ce_vrs or cr_vrs to ceilings")
        y = self.data[self.outcome].to_numpy(dtype=float)
        return pd.DataFrame({"case": self.data.index[f.vrs_peers], "x": f.x[f.vrs_peers], "y": y[f.vrs_peers]})

    def line(self, condition: str, ceiling: str = "cr_fdh"):
        """``(intercept, slope)`` of a CR line (``cr_fdh`` or ``cr_vrs``), or None (a CE ceiling,
        a single peer, or a VRS ceiling that was not computed)."""
        return self._fit(condition).line_of(ceiling)

    def _fit(self, condition: str):
        for f in self.fits:
            if f.name == condition:
                return f
        raise QCAInputError(f"condition {condition!r} was not analysed{suggest(condition, self.conditions)}")

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
        cols = bottleneck_cells(ceiling, y, self.fits, steps, bottleneck_x, bottleneck_y)
        return BottleneckTable(ceiling, pd.DataFrame(cols), bottleneck_x, bottleneck_y)

    def plot(self, **kwargs):
        """Scatter plots with the ceiling lines: see :func:`fsqca.nca.plot.nca_plot`."""
        from .plot import nca_plot
        return nca_plot(self, **kwargs)

    def summary(self) -> str:
        """Plain text: settings, effect sizes and tests, the bottleneck tables, then notes."""
        title = self._title
        lines = [title, "=" * len(title), *self._header(), frame_text(self.table[list(self.SHOWN)], self._digits)]
        for c, t in self.bottlenecks.items():
            lines += ["", f"Bottleneck table, {c} (outcome as {t.bottleneck_y}, conditions as {t.bottleneck_x})",
                      frame_text(t.table, 1)]
        lines += [""] + [f"Note: {n}" for n in self._notes()]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        import html
        parts = [f"<div><strong>{html.escape(self._title)}</strong>",
                 "<ul>" + "".join(f"<li>{html.escape(h)}</li>" for h in self._header()) + "</ul>",
                 frame_html(self.table[list(self.SHOWN)], self._digits)]
        for c, t in self.bottlenecks.items():
            parts += [f"<div><em>Bottleneck table, {html.escape(c)}</em></div>", frame_html(t.table, 1)]
        parts += [f"<div style='font-size:90%'>Note: {html.escape(n)}</div>" for n in self._notes()]
        return "\n".join(parts + ["</div>"])

    def _header(self) -> list[str]:
        st = self.body["settings"]
        test = (f"approximate permutation test, {st['test_rep']} permutations, seed {st['seed']}"
                if st["test_rep"] else "no permutation test")
        return [f"outcome: {self.outcome}; n = {len(self.data)}; ceilings: {', '.join(self.ceilings)}; {test}"]

    def _notes(self) -> list[str]:
        return notes(self.body)

    def _dict(self) -> dict:
        return self.body


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
    exact: bool = False,
    progress=None,
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
        Any of ``"ce_fdh"``, ``"cr_fdh"``, ``"ce_vrs"``, ``"cr_vrs"``.
    test_rep : int
        Permutations for the approximate permutation test (0: no test; p-values missing).
    seed : int, optional
        Seed of the permutations (``numpy.random.default_rng``); without one the package's
        default seed (:data:`libdigigov.significance.DEFAULT_SEED`), named in the notes.
    steps : int or list of float
        Rows of the bottleneck tables: a number of steps, or explicit outcome levels.
    bottleneck_x, bottleneck_y : str
        ``"percentage.range"``, ``"percentage.max"``, ``"actual"`` or ``"percentile"``.
    exact : bool
        Compare values exactly in the peer search. The default follows R: values within one
        part in a million (``|a - b| <= min(|a|, |b|) 1e-6``) count as equal, which a note
        names when the data have such values.
    progress : callable, optional
        ``progress(done, test_rep)`` is called as the permutations proceed (about a hundred
        times); an exception it raises stops the analysis, which is how a caller cancels a long
        test. The p-values do not depend on it.

    Returns
    -------
    NCAResult

    Raises
    ------
    QCAInputError
        Before any computation, naming the column, case or option: a missing column, a
        non-numeric column, missing or infinite values, a constant condition or outcome, fewer
        than 3 cases, an unknown ceiling or bottleneck type, explicit outcome levels outside
        the range, ``test_rep`` outside 0..10,000,000, a seed that is not a whole number >= 0,
        values beyond 1e150 or a range below 1e-150 (floating point overflows; rescale), an
        effect size above 1 made by R's equality tolerance (use ``exact=True``).

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
    if not isinstance(data, pd.DataFrame):
        raise QCAInputError(f"data must be a pandas DataFrame, got {type(data).__name__}")
    conditions = resolve_columns(data.columns, outcome, conditions)
    ceilings = check_options(ceilings, test_rep, bottleneck_x, bottleneck_y, seed)
    y = _column(data, outcome, "outcome")
    xs = [_column(data, c, "condition") for c in conditions]
    body, fits = analyse(y, xs, conditions, np.asarray(data.index), outcome=outcome, ceilings=ceilings,
                         test_rep=int(test_rep), seed=seed, steps=steps, bottleneck_x=bottleneck_x,
                         bottleneck_y=bottleneck_y, exact=bool(exact), progress=progress)
    frame = data[[outcome, *conditions]].astype(float)
    return NCAResult(outcome, tuple(conditions), tuple(ceilings), body, tuple(fits), frame)
