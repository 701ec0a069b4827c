"""``digigov spatial``: spatial weights, global and local Moran and join counts of a data file.

    digigov spatial DATA.csv --vars A,B (--weights EDGES.csv | --geometry FILE.geojson
        [--contiguity queen|rook]) [--style W|B] [--permutations N] [--seed S] [--json]

The JSON printed with ``--json`` is the contract of ``../shared/spatial-conformance/`` (keys
``weights``, ``global``, ``local``, ``join_counts``; R's spdep names the numbers), plus
``geary``. Every input is checked before anything is computed; an error is one line.
"""
from __future__ import annotations

import json
from pathlib import Path

__all__ = ["add_parser", "spatial_report"]


def _read_data(path, variables):
    from libdigigov.io import read_table
    from libdigigov.safety import missing_column_hint
    from spatial import SpatialInputError

    df = read_table(path, what="data file", error=SpatialInputError)
    if "case" not in df.columns:
        raise SpatialInputError(f"{Path(path).name!r} has no 'case' column; " + missing_column_hint("case", df.columns))
    cases = df["case"]
    if cases.isna().any():
        raise SpatialInputError(f"{Path(path).name!r}: row {int(cases.isna().to_numpy().argmax()) + 1} has no case name")
    cases = cases.astype(str).str.strip()
    dup = cases[cases.duplicated()]
    if len(dup):
        raise SpatialInputError(f"{Path(path).name!r}: case {dup.iloc[0]!r} appears twice")
    missing = [v for v in variables if v not in df.columns]
    if missing:
        raise SpatialInputError(f"{Path(path).name!r} has no column {missing[0]!r}")
    if not variables:
        raise SpatialInputError("--vars names no column")
    return df.set_index(cases)[variables]


def spatial_report(data, weights, *, permutations: int = 0, seed=None, lisa_permutations: int = 0,
                   alpha: float = 0.05, fdr: bool = False, adjust_n: bool = True) -> dict:
    """The command's JSON object for a frame of variables (indexed by case) and weights."""
    from libdigigov.io import clean_json
    from spatial import geary, is_crisp, join_counts, local_moran, moran
    from spatial.data import as_frame, check_testable

    frame = as_frame(data, weights)
    check_testable(frame, weights)
    glob = moran(frame, weights, permutations=permutations, seed=seed, adjust_n=adjust_n)
    loc = local_moran(frame, weights, permutations=lisa_permutations, seed=seed, alpha=alpha, fdr=fdr)
    crisp = [c for c in frame.columns if is_crisp(frame[c])]
    jc = join_counts(frame[crisp], weights, adjust_n=adjust_n).table if crisp else None
    gw = weights.to_dict()
    gw.pop("notes", None)
    local = {}
    for var in frame.columns:
        rows = loc.table[loc.table["var"] == var].drop(columns="var")
        if not lisa_permutations:
            rows = rows.drop(columns="p_perm")
        local[var] = rows.to_dict(orient="records")
    return clean_json({
        "weights": gw,
        "global": glob.table.to_dict(orient="records"),
        "local": local,
        "join_counts": [] if jc is None else jc.to_dict(orient="records"),
        "geary": geary(frame, weights, adjust_n=adjust_n).table.to_dict(orient="records"),
        "settings": {"permutations": permutations, "seed": glob.seed, "lisa_permutations": lisa_permutations,
                     "alpha": alpha, "fdr": fdr, "cluster_quadrant": loc.quadrant,
                     "adjust_n": adjust_n},
        "notes": glob.notes + [n for n in weights.notes if n not in glob.notes],
    })


def _run(args) -> int:
    from libdigigov.io import write_text_atomic
    from libdigigov.safety import check_output_path
    from spatial import SpatialInputError, weights_from_edges, weights_from_file

    variables = [v.strip() for v in args.vars.split(",") if v.strip()]
    if len(set(variables)) != len(variables):
        raise SpatialInputError("--vars names a column twice")
    if (args.weights is None) == (args.geometry is None):
        raise SpatialInputError("give one of --weights EDGES.csv or --geometry FILE.geojson")
    if args.weights is not None and args.contiguity is not None:
        raise SpatialInputError("--contiguity applies to --geometry only (an edge list says who neighbours whom)")
    if args.out:    # an input is never overwritten, checked before any computation
        check_output_path(args.out, inputs=[args.data, args.weights, args.geometry], what="--out file",
                          error=SpatialInputError)
    data = _read_data(args.data, variables)
    cases = list(data.index)
    if args.weights is not None:
        w = weights_from_edges(args.weights, cases, style=args.style, symmetric=True,
                               source=f"edge list {Path(args.weights).name}")
    else:
        w = weights_from_file(args.geometry, cases, rule=args.contiguity or "queen", style=args.style)
    report = spatial_report(data, w, permutations=args.permutations, seed=args.seed,
                            lisa_permutations=args.lisa_permutations, alpha=args.alpha, fdr=args.fdr,
                            adjust_n=not args.no_adjust_n)
    text = json.dumps(report, ensure_ascii=False, indent=None if args.json else 1)
    if args.out:
        write_text_atomic(args.out, text + "\n")
    if args.json:
        print(text)
    else:
        _print_summary(data, w, args)
    return 0


def _print_summary(data, w, args) -> None:
    from spatial import is_crisp, join_counts, local_moran, moran

    print(w.summary())
    print()
    print(moran(data, w, permutations=args.permutations, seed=args.seed, adjust_n=not args.no_adjust_n).summary())
    print()
    print(local_moran(data, w, permutations=args.lisa_permutations, seed=args.seed, alpha=args.alpha,
                      fdr=args.fdr).summary())
    crisp = [c for c in data.columns if is_crisp(data[c])]
    if crisp:
        print()
        print(join_counts(data[crisp], w, adjust_n=not args.no_adjust_n).summary())


def add_parser(sub) -> None:
    """Register ``digigov spatial`` on the ``digigov`` command's subparsers."""
    p = sub.add_parser("spatial", help="spatial autocorrelation: global and local Moran, join counts (as spdep)")
    p.add_argument("data", help="CSV file with a 'case' column and numeric columns")
    p.add_argument("--vars", required=True, help="comma-separated columns to analyse")
    p.add_argument("--weights", help="edge list CSV: from,to,weight (every link both ways)")
    p.add_argument("--geometry", help="GeoJSON (or shapefile) of polygons with a 'case' property")
    p.add_argument("--contiguity", choices=["queen", "rook"], default=None,
                   help="contiguity rule for --geometry (spdep poly2nb's vertex rule; default queen)")
    p.add_argument("--style", choices=["W", "B"], default="W",
                   help="W: rows divided by their sums (default); B: weights as given")
    p.add_argument("--permutations", type=int, default=0, help="Monte Carlo draws for global Moran's I (default 0)")
    p.add_argument("--lisa-permutations", type=int, default=0,
                   help="conditional permutations for local Moran's p-values (default 0: analytic)")
    p.add_argument("--seed", type=int, default=None, help="seed of every permutation (default: the package's)")
    p.add_argument("--alpha", type=float, default=0.05, help="level of the LISA clusters (default 0.05)")
    p.add_argument("--fdr", action="store_true", help="Benjamini-Hochberg adjust the LISA p-values")
    p.add_argument("--no-adjust-n", action="store_true",
                   help="islands count in n of the global tests (spdep adjust.n = FALSE: the exact permutation "
                        "moments); default: n' = cases with neighbours, as spdep")
    p.add_argument("--json", action="store_true", help="print the JSON object instead of the summary")
    p.add_argument("--out", help="also write the JSON to this file")
    p.set_defaults(func=_run)
