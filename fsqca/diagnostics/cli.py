"""The ``fsqca`` subcommands of the set-theoretic diagnostics: their arguments and output.

``find-rows``, ``model-fit``, ``cluster``, ``robustness-ranges`` and the ``--combinations``
option of ``fsqca necessity``. The engines (:mod:`fsqca.diagnostics`) are imported when a
command runs, so that registering the commands costs nothing.
"""
from __future__ import annotations

from .._errors import QCAInputError
from ..arguments import common_arguments, conditions_of, positive_int, read_data, truth_table_of

__all__ = ["add_parsers", "combination_arguments", "necessity_combinations_command"]


def add_parsers(sub) -> None:
    """Register ``find-rows``, ``model-fit``, ``cluster`` and ``robustness-ranges``."""
    p = sub.add_parser("find-rows", help="truth-table rows behind untenable or contradictory assumptions "
                       "(R's findRows)")
    common_arguments(p)
    p.add_argument("--type", default="1", help="1 (subsets of --expression), 2 (contradictory simplifying "
                   "assumptions), 3 (simultaneous subset relations), 0 (all), or several: 1,2")
    p.add_argument("--expression", help="type 1: e.g. '~A' or 'A*~B + C'")
    p.add_argument("--observed", action="store_true", help="type 1: keep observed rows too")
    p.add_argument("--negated-incl-cut", help="types 2 and 3: the negated outcome's incl_cut (ic1 or ic1,ic0; "
                   "default as R: the outcome's, ic0 first)")
    p.add_argument("--negated-pri-cut", type=float, help="types 2 and 3: the negated outcome's pri_cut "
                   "(default: the outcome's)")
    p.add_argument("--negated-n-cut", type=int, help="types 2 and 3: the negated outcome's n_cut (default: the "
                   "outcome's)")
    p.set_defaults(func=find_rows_command)

    p = sub.add_parser("model-fit", help="fit of a model, a theory and their intersections (R's modelFit)")
    common_arguments(p, cuts=False, conditions=False)
    p.add_argument("--model", required=True, help="the model (solution) as a sum of products, e.g. 'A*B + C'")
    p.add_argument("--theory", required=True, help="the theory as a sum of products, e.g. 'A*~D'")
    p.set_defaults(func=model_fit_command)

    p = sub.add_parser("cluster", help="pooled, between- and within-cluster consistency of a solution "
                       "(SetMethods' cluster)")
    common_arguments(p, cuts=False, conditions=False,
                     data_help="CSV file, one row per unit and cluster (long panel)")
    p.add_argument("--expression", required=True, help="the solution, e.g. 'A*B + ~C'")
    p.add_argument("--unit", required=True, help="unit column (e.g. province)")
    p.add_argument("--cluster", required=True, help="cluster column (e.g. year or region)")
    p.add_argument("--necessity", action="store_true", help="necessity instead of sufficiency")
    p.add_argument("--plot", help="also write the between-consistency chart to this file (.png or .svg)")
    p.add_argument("--lang", choices=["en", "zh"], default="en", help="language of the chart")
    p.set_defaults(func=cluster_command)

    p = sub.add_parser("robustness-ranges", help="how far incl_cut, n_cut or an anchor can move before the "
                       "solution changes (SetMethods' rob.inclrange, rob.ncutrange, rob.calibrange)")
    common_arguments(p)
    p.add_argument("--solution", default="complex", choices=["complex", "parsimonious", "intermediate"],
                   help="the solution compared (default complex, as SetMethods)")
    p.add_argument("--dir-exp", help="intermediate solution: directional expectations, e.g. A=1,B=0,C=-")
    p.add_argument("--step", type=float, default=0.1, help="step of incl_cut (default 0.1; n_cut moves by 1)")
    p.add_argument("--max-runs", type=positive_int("--max-runs"), default=20,
                   help="steps in each direction before a bound is left open (NA; default 20)")
    p.add_argument("--raw", help="CSV of raw values, same case ids: with --anchors, also the range of each "
                   "calibration anchor")
    p.add_argument("--anchors", help="CONDITION=exclusion,crossover,inclusion: the direct-method anchors of a "
                   "condition whose raw values are a column of --raw")
    p.add_argument("--anchor-step", type=float, default=1.0, help="step of the anchors (raw units; default 1)")
    p.set_defaults(func=robustness_ranges_command)


def find_rows_command(args) -> dict | str:
    """``fsqca find-rows``: untenable, contradictory or simultaneous-subset rows."""
    from .findrows import find_rows, parse_types

    types = parse_types(args.type)             # bad options fail before any computation
    if 1 in types and not (args.expression or "").strip():
        raise QCAInputError("find-rows --type 1 needs --expression (e.g. --expression '~A')")
    df = read_data(args.data, args.case_col)
    res = find_rows(truth_table_of(args, df), args.expression, type=types, observed=args.observed,
                    negated_incl_cut=args.negated_incl_cut, negated_pri_cut=args.negated_pri_cut,
                    negated_n_cut=args.negated_n_cut)
    return res.to_dict() if args.json else res.summary()


def model_fit_command(args) -> dict | str:
    """``fsqca model-fit``: theory evaluation of one model expression."""
    from .modelfit import model_fit

    res = model_fit(args.model, args.theory, read_data(args.data, args.case_col), args.outcome)
    if not args.json:
        return res.summary()
    out = res.to_dict()
    out["fit"] = out["models"][0]["fit"]
    return out


def cluster_command(args) -> dict | str:
    """``fsqca cluster``: panel diagnostics of a solution expression."""
    from libdigigov.io import save_figure_atomic
    from libdigigov.safety import check_figure_format

    from .panel import cluster

    if args.plot:   # an unsupported format is refused before anything is computed
        check_figure_format(args.plot, formats=("png", "svg"), error=QCAInputError)
    data = read_data(args.data, args.case_col)
    if data.index.name in (args.unit, args.cluster):   # no case column: the unit names were taken as ids
        data = data.reset_index()
    res = cluster(data, args.expression, args.outcome, args.unit, args.cluster, necessity=args.necessity)
    if args.plot:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        ax = res.plot_between(lang=args.lang)
        ax.figure.tight_layout()
        try:
            save_figure_atomic(ax.figure, args.plot)    # never a partial image (full disk)
        finally:
            plt.close(ax.figure)
    if not args.json:
        return res.summary() + "\n\nWithin consistency by unit\n" + res.within_frame().to_string()
    return res.to_dict()


def _parse_anchors(text: str | None, raw: str | None) -> tuple[str, list[float]] | None:
    if text is None and raw is None:
        return None
    if text is None or raw is None:
        raise QCAInputError("--raw and --anchors go together: the raw values and the anchors of one condition")
    name, sep, values = text.partition("=")
    try:
        anchors = [float(v) for v in values.split(",")] if sep else []
    except ValueError:
        anchors = []
    if not name.strip() or len(anchors) != 3:
        raise QCAInputError(f"--anchors must be CONDITION=exclusion,crossover,inclusion, got {text!r}")
    return name.strip(), anchors


def _numeric_raw(values, name: str, file: str):
    """The raw column as numbers; a text or empty cell is named (case and value) in one line."""
    from pathlib import Path

    import numpy as np
    import pandas as pd

    from libdigigov.safety import one_line

    numbers = pd.to_numeric(values, errors="coerce")
    bad = numbers.isna() | ~np.isfinite(numbers.astype(float))
    if bad.any():
        case = bad.index[bad.to_numpy()][0]
        raise QCAInputError(f"--raw {Path(file).name!r}: column {name!r}, case {one_line(case, 60)!r}: "
                            f"{one_line(values[case], 40)!r} is not a number ({int(bad.sum())} such cell(s))")
    return numbers.astype(float)


def _check_anchors_reproduce(raw, given, name: str, anchors) -> None:
    """The anchors must give the memberships the analysis starts from: a case moved to the other
    side of 0.5 by more than 0.05 is an error (the ranges would be those of another
    calibration), a difference above 0.05 a warning."""
    import warnings

    import numpy as np
    import pandas as pd

    from ..calibrate import calibrate

    again = pd.Series(np.asarray(calibrate(raw, "direct", thresholds=list(anchors)), dtype=float), index=raw.index)
    diff = (again - given.astype(float)).abs()
    flipped = ((again > 0.5) != (given.astype(float) > 0.5)) & (diff > 0.05)   # not a rounding of 0.5
    if flipped.any():
        case = flipped.index[flipped.to_numpy()][0]
        raise QCAInputError(f"--anchors {name}={','.join(f'{a:g}' for a in anchors)} do not reproduce the "
                            f"memberships of {name!r}: case {case!r} has {float(given[case]):.3g} in the data but "
                            f"{float(again[case]):.3g} from raw {float(raw[case]):g} ({int(flipped.sum())} case(s) "
                            "change side of 0.5); give the anchors that calibrated the data")
    if diff.max() > 0.05:
        case = diff.idxmax()
        warnings.warn(f"--anchors {name}: the recalibrated memberships differ from the data's by up to "
                      f"{diff.max():.3f} (case {case!r}); the ranges start from the data's memberships",
                      stacklevel=2)


def robustness_ranges_command(args) -> dict | str:
    """``fsqca robustness-ranges``: the ranges of incl_cut and n_cut, and optionally of one
    condition's calibration anchors, that keep the solution."""
    import numpy as np
    import pandas as pd

    from .robustness_ranges import RobustnessRange, calib_range, incl_range, ncut_range

    try:
        incl_cut = float(args.incl_cut)
    except ValueError:
        raise QCAInputError(f"robustness-ranges needs a single --incl-cut, got {args.incl_cut!r}") from None
    for name, value in (("--step", args.step), ("--anchor-step", args.anchor_step)):
        if not np.isfinite(value) or value <= 0:
            raise QCAInputError(f"{name} must be a positive number, got {value:g}")
    anchored = _parse_anchors(args.anchors, args.raw)   # bad options fail before any computation
    df = read_data(args.data, args.case_col)
    conditions = conditions_of(args, df)
    if anchored is not None:
        raw = read_data(args.raw, args.case_col)
        name, anchors = anchored
        if name not in raw.columns:
            raise QCAInputError(f"--anchors: {name!r} is not a column of {args.raw!r}")
        missing = df.index.difference(raw.index)
        if len(missing):
            raise QCAInputError(f"--raw has no row for case(s) {', '.join(map(str, missing[:5]))}")
        raw = raw.reindex(df.index)
        raw[name] = _numeric_raw(raw[name], name, args.raw)
        _check_anchors_reproduce(raw[name], df[name], name, anchors)
    options = dict(incl_cut=incl_cut, n_cut=args.n_cut, pri_cut=args.pri_cut, solution=args.solution,
                   dir_exp=args.dir_exp, max_runs=args.max_runs)
    parts = [incl_range(df, args.outcome, conditions, step=args.step, **options),
             ncut_range(df, args.outcome, conditions, **options)]
    if anchored is not None:
        parts.append(calib_range(raw[name].reindex(df.index), df, name, anchors, args.outcome, conditions,
                                 step=args.anchor_step, **options))
    table = pd.concat([p.table for p in parts], ignore_index=True)
    res = RobustnessRange(table, args.solution, parts[0].initial, args.step, args.max_runs)
    return res.to_dict() if args.json else res.summary()


def combination_arguments(p) -> None:
    """The ``--combinations`` options of ``fsqca necessity`` (see :mod:`fsqca.diagnostics.supersubset`)."""
    p.add_argument("--combinations", action="store_true",
                   help="necessary conjunctions and disjunctions of literals (R's superSubset)")
    p.add_argument("--incl-cut", type=float, default=1.0, help="with --combinations: minimum inclN (default 1)")
    p.add_argument("--cov-cut", type=float, default=0.0, help="with --combinations: minimum covN (default 0)")
    p.add_argument("--ron-cut", type=float, default=0.0, help="with --combinations: minimum RoN (default 0)")
    p.add_argument("--depth", type=int, help="with --combinations: most literals per expression (default: all)")


def necessity_combinations_command(args, data, conditions) -> dict | str:
    """``fsqca necessity --combinations``: a table, or with ``--json`` the contract's object."""
    from .supersubset import necessity_combinations

    from .._validate import split_outcome

    if getattr(args, "expression", None) is not None:
        raise QCAInputError("--expression and --combinations do not combine: --combinations searches the "
                            "expressions itself")
    outcomes = [args.outcome]
    if getattr(args, "both", False):       # R: superSubset once with outcome "Y", once with "~Y"
        name, negated = split_outcome(args.outcome)
        outcomes.append(("" if negated else "~") + name)
    results = [necessity_combinations(data, o, conditions, incl_cut=args.incl_cut, cov_cut=args.cov_cut,
                                      ron_cut=args.ron_cut, depth=args.depth) for o in outcomes]
    if not args.json:
        return "\n\n".join(res.summary() for res in results)
    objects = []
    for res in results:
        out = res.to_dict()
        out["conditions"] = [{"condition": r["expression"], "type": r["type"], "incl": r["inclN"],
                              "ron": r["RoN"], "cov": r["covN"]} for r in out.pop("expressions")]
        out["condition_names"] = list(res.conditions)
        objects.append(out)
    return objects[0] if len(objects) == 1 else {"outcomes": objects}
