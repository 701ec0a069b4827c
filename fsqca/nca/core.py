"""NCA on plain arrays: input checks, the metrics of every condition and ceiling, the
permutation test, the bottleneck cells and the JSON body of a result.

numpy only, so that ``fsqca nca --json`` runs without importing pandas; :func:`fsqca.nca`
wraps it for DataFrames and builds the result object from the same body.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from libdigigov.significance import (check_permutations_count, check_seed, permutation_pvalue,
                                     pvalue_accuracy, seeded_rng)

from . import ceilings as ceil
from . import vrs
from .permutation import permutation_effects
from .._errors import QCAInputError, suggest
from .bottleneck import check_type, display_x, outcome_levels, required_x

__all__ = ["EFFECT_BENCHMARKS", "MIN_CASES", "METRICS", "SCOPE_KEYS", "effect_label",
           "resolve_columns", "check_options", "check_values", "analyse", "bottleneck_cells",
           "notes", "ConditionFit"]

#: Dul's (2016) conventional benchmarks for the effect size: (lower bound, label).
EFFECT_BENCHMARKS = ((0.0, "small"), (0.1, "medium"), (0.3, "large"), (0.5, "very large"))
#: Fewest cases accepted: with fewer, the ceiling rests on one or two points.
MIN_CASES = 3
#: Largest magnitude and smallest range of a column: squares and products of two ranges (the
#: scope, the regression sums) must stay normal floating-point numbers.
MAX_ABS = 1e150
MIN_RANGE = 1e-150
METRICS = ("ceiling_zone", "effect_size", "above", "accuracy", "fit", "slope", "intercept",
           "ineff_abs", "ineff_rel", "ineff_condition", "ineff_outcome", "p_value", "p_accuracy")
SCOPE_KEYS = ("n", "scope", "xmin", "xmax", "ymin", "ymax")


def effect_label(d) -> str:
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


def resolve_columns(columns, outcome: str, conditions) -> list[str]:
    """The condition names (default: every column but the outcome), checked against ``columns``."""
    columns = list(columns)
    if outcome not in columns:
        raise QCAInputError(f"outcome {outcome!r} is not a column of the data{suggest(outcome, columns)}")
    if conditions is None:
        conditions = [c for c in columns if c != outcome]
    elif isinstance(conditions, str):
        conditions = [c.strip() for c in conditions.split(",") if c.strip()]
    conditions = list(conditions)
    if not conditions:
        raise QCAInputError("no conditions given")
    for c in conditions:
        if c not in columns:
            raise QCAInputError(f"condition {c!r} is not a column of the data{suggest(c, columns)}")
        if c == outcome:
            raise QCAInputError(f"{c!r} is both the outcome and a condition")
    dup = sorted({str(c) for c in conditions if conditions.count(c) > 1})
    if dup:
        raise QCAInputError(f"condition(s) listed twice: {', '.join(dup)}")
    return conditions


def check_options(ceilings, test_rep, bottleneck_x: str, bottleneck_y: str, seed=None) -> list[str]:
    """Check the options of an analysis; returns the ceilings as a list."""
    if isinstance(ceilings, str):
        ceilings = [c.strip() for c in ceilings.split(",") if c.strip()]
    ceilings = list(dict.fromkeys(ceilings or []))
    if not ceilings:
        raise QCAInputError("no ceilings given")
    for c in ceilings:
        if c not in ceil.CEILINGS:
            raise QCAInputError(f"ceiling {c!r} is not implemented{suggest(c, ceil.CEILINGS)}")
    if isinstance(test_rep, bool) or not isinstance(test_rep, (int, np.integer)) or test_rep < 0:
        raise QCAInputError(f"test_rep must be a whole number >= 0 (0: no permutation test), got {test_rep!r}")
    check_permutations_count(test_rep, "test_rep", QCAInputError)
    check_seed(seed, "seed", QCAInputError)
    check_type(bottleneck_x, "x")
    check_type(bottleneck_y, "y")
    return ceilings


def check_values(values: np.ndarray, role: str, name: str, cases) -> np.ndarray:
    """Finite, not constant and enough cases; the values as a float array."""
    v = np.asarray(values, dtype=float)
    bad = ~np.isfinite(v)
    if bad.any():
        shown = ", ".join(str(cases[i]) for i in np.flatnonzero(bad)[:5])
        raise QCAInputError(f"{role} {name!r} has missing or infinite values in case(s) {shown}; "
                            "drop those cases first (R's NCA drops them per condition)")
    big = float(np.max(np.abs(v)))
    if big >= MAX_ABS:
        raise QCAInputError(f"{role} {name!r} has values up to {big:.3g}: beyond {MAX_ABS:.0e} the products NCA "
                            "forms (scope, regression sums) overflow floating point; divide the column by a "
                            "power of ten (effect sizes do not depend on the unit)")
    spread = float(np.max(v) - np.min(v))
    if 0 < spread < MIN_RANGE:
        raise QCAInputError(f"{role} {name!r} spans only {spread:.3g}: below {MIN_RANGE:.0e} the products NCA "
                            "forms underflow to 0; multiply the column by a power of ten (effect sizes do not "
                            "depend on the unit)")
    if v.size < MIN_CASES:
        raise QCAInputError(f"NCA needs at least {MIN_CASES} cases for a ceiling, the data have {v.size}")
    if np.all(v == v[0]):
        raise QCAInputError(f"{role} {name!r} is constant ({v[0]:g} in every case): the scope is empty")
    return v


@dataclass(frozen=True)
class ConditionFit:
    """One condition's data, FDH peers (row indices, R's order) and CR-FDH line (or None), and,
    when a VRS ceiling was asked for, the VRS peers and the CR-VRS line."""

    name: str
    x: np.ndarray
    peers: np.ndarray
    line: tuple | None
    vrs_peers: np.ndarray | None = None
    vrs_line: tuple | None = None

    def peers_of(self, ceiling: str) -> np.ndarray:
        """Row indices of the peers the ceiling rests on."""
        return self.vrs_peers if ceiling in ceil.VRS_CEILINGS else self.peers

    def line_of(self, ceiling: str) -> tuple | None:
        """``(intercept, slope)`` of a CR ceiling (None for a CE ceiling or a single peer)."""
        return {"cr_fdh": self.line, "cr_vrs": self.vrs_line}.get(ceiling)


def _distinct_peers(fit: ConditionFit, y: np.ndarray, cases, ceiling: str = "ce_fdh") -> list[dict]:
    idx = fit.peers_of(ceiling)
    px, py = fit.x[idx], y[idx]
    new = np.r_[True, (np.diff(px) != 0) | (np.diff(py) != 0)]
    first = np.flatnonzero(new)
    counts = np.diff(np.r_[first, px.size])
    return [{"case": str(cases[idx[i]]), "x": float(px[i]), "y": float(py[i]), "n": int(k)}
            for i, k in zip(first, counts)]


def bottleneck_cells(ceiling: str, y: np.ndarray, fits, steps, bottleneck_x: str, bottleneck_y: str) -> dict:
    """One bottleneck table as columns: ``outcome``, then one list of cells per condition."""
    shown, levels = outcome_levels(y, steps, bottleneck_y)
    cols = {"outcome": [float(v) for v in shown]}
    for f in fits:
        idx = f.peers_of(ceiling)
        cols[f.name] = display_x(required_x(ceiling, levels, f.x[idx], y[idx], f.line_of(ceiling)), f.x,
                                 bottleneck_x)
    return cols


def analyse(y: np.ndarray, xs, names, cases, *, outcome: str, ceilings, test_rep: int = 0, seed=None,
            steps=10, bottleneck_x: str = "percentage.range", bottleneck_y: str = "percentage.range",
            exact: bool = False, progress=None):
    """Analyse checked arrays; returns ``(body, fits)``: the JSON body and the per-condition fits.

    ``progress(done, test_rep)`` follows the permutation test (see :func:`fsqca.nca`).

    ``exact=False`` compares values in the peer search with R's tolerance (``|a - b| <=
    min(|a|, |b|) 1e-6``); ``exact=True`` compares them exactly.
    """
    tol = 0.0 if exact else ceil.EQ_TOL
    merged = []
    outcome_levels(y, steps, bottleneck_y)  # a bad steps option fails before any computation
    seed_default = False
    conds, fits = [], []
    bounds_y = (float(y.min()), float(y.max()))
    for name, x in zip(names, xs):
        bounds = (float(x.min()), float(x.max()), *bounds_y)
        if tol and ceil._has_near(np.sort(x), tol):
            merged.append(name)
        if tol and outcome not in merged and ceil._has_near(np.sort(y), tol):
            merged.append(outcome)
        idx = ceil.peers(x, y, tol)
        px, py = x[idx], y[idx]
        ce = ceil.ce_fdh(px, py, bounds)
        metrics = {"ce_fdh": ce, "cr_fdh": ceil.cr_fdh(px, py, x, y, bounds, ce["ceiling_zone"])}
        vidx = vline = None
        if any(c in ceil.VRS_CEILINGS for c in ceilings):
            vidx = vrs.vrs_peers(x, y, tol)
            vx, vy = x[vidx], y[vidx]
            vline = ceil.cr_line(vx, vy)
            metrics["ce_vrs"] = vrs.ce_vrs(vx, vy, bounds, ce["ceiling_zone"])
            metrics["cr_vrs"] = vrs.cr_vrs(vx, vy, x, y, bounds, ce["ceiling_zone"])
        fit = ConditionFit(name, x, idx, ceil.cr_line(px, py), vidx, vline)
        fits.append(fit)
        entry = {"condition": name, "n": int(x.size), "scope": (bounds[1] - bounds[0]) * (bounds[3] - bounds[2]),
                 "xmin": bounds[0], "xmax": bounds[1], "ymin": bounds[2], "ymax": bounds[3], "ceilings": {}}
        for c in ceilings:
            m = {k: metrics[c].get(k, np.nan) for k in METRICS}
            m["above"] = int(m["above"])
            entry["ceilings"][c] = m
        for c in ceilings:
            if entry["ceilings"][c]["effect_size"] > 1:
                raise QCAInputError(
                    f"condition {name!r}: values closer than R's equality tolerance (one part in a million) "
                    f"make the {c} effect size {entry['ceilings'][c]['effect_size']:.3g} > 1, which is "
                    "impossible (R's NCA reports it too); compare values exactly (exact=True, --exact)")
        entry["peers"] = _distinct_peers(fit, y, cases)
        if vidx is not None:
            entry["vrs_peers"] = _distinct_peers(fit, y, cases, "ce_vrs")
        conds.append(entry)
    if test_rep:
        seed_default = seed is None
        rng, seed = seeded_rng(seed, error=QCAInputError)
        _permutation_test(conds, xs, y, ceilings, test_rep, rng, tol, progress)
    for entry in conds:
        for m in entry["ceilings"].values():
            m["effect"] = effect_label(m["effect_size"])
    body = {
        "outcome": outcome,
        "settings": {"ceilings": list(ceilings), "test_rep": int(test_rep), "seed": seed,
                     "seed_default": bool(test_rep) and seed_default,
                     "equality": "exact" if exact else "R's relative tolerance 1e-6", "merged_values": merged,
                     "steps": steps if np.ndim(steps) == 0 else [float(s) for s in steps],
                     "bottleneck_x": bottleneck_x, "bottleneck_y": bottleneck_y,
                     "cutoff": 0, "scope": "observed", "corner": "upper-left"},
        "effect_benchmarks": {name: low for low, name in EFFECT_BENCHMARKS},
        "conditions": conds,
        "bottlenecks": {c: bottleneck_cells(c, y, fits, steps, bottleneck_x, bottleneck_y) for c in ceilings},
    }
    return body, fits


def _permutation_test(conds, xs, y, ceilings, reps, rng, tol=ceil.EQ_TOL, progress=None):
    """Fill ``p_value`` and ``p_accuracy`` (R's approximate permutation test).

    The p-value is the package's one permutation rule (:mod:`libdigigov.significance`), then,
    as R's NCA does, at least ``1 / reps``; a zero effect size has p = 1.
    """
    observed, permuted = permutation_effects(list(xs), y, ceilings, reps, rng, tol=tol, progress=progress)
    for j, entry in enumerate(conds):
        for c in ceilings:
            m = entry["ceilings"][c]
            if not np.isfinite(m["effect_size"]):
                continue
            p = 1.0 if m["effect_size"] == 0 else permutation_pvalue(observed[j][c], permuted[j][c])
            p = max(p, 1.0 / reps)
            m["p_value"] = p
            m["p_accuracy"] = float(pvalue_accuracy(p, reps))


def notes(body: dict) -> list[str]:
    """The notes of a result: conventions, choices and warnings."""
    out = [
        "effect size labels follow Dul's (2016) conventions (small < 0.1 <= medium < 0.3 <= "
        "large < 0.5 <= very large), not a test",
        "scope = the observed range of x and y; upper-left corner only (R's defaults)",
        "fit is missing where the CR-FDH zone exceeds the CE-FDH zone (as R reports it)",
    ]
    if any(c in ceil.VRS_CEILINGS for c in body["settings"]["ceilings"]):
        out.append("VRS ceilings rest on the upper concave hull of the peers; as in R, a peer shared by "
                   "two cases is never dropped from it, and fit compares each zone with the CE-FDH zone")
    st = body["settings"]
    if st["test_rep"]:
        seed = f"seed {st['seed']}" + (" (the default seed: no seed was given)" if st.get("seed_default") else "")
        out.append(f"p-values come from {st['test_rep']} random permutations of the outcome, {seed}: they "
                   "differ from R's by sampling error only")
    if st.get("merged_values"):
        out.append(f"{', '.join(map(str, st['merged_values']))}: distinct values closer than one "
                   "part in a million count as equal in the peer search, as in R's NCA; exact=True (--exact) "
                   "compares them exactly")
    single = [e["condition"] for e in body["conditions"] if len(e["peers"]) == 1]
    if single:
        out.append(f"no empty zone for {', '.join(map(str, single))}: the case with the lowest x also "
                   "has the highest y (R's NCA 5.0.1 stops with an error there)")
    out.append("bottleneck tables: NN = not necessary (the lowest observed level of the condition "
               "suffices); NA = not applicable (no observed level of the condition reaches it)")
    return out
