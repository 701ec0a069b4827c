"""Subcommands of ``geodetector`` for the gdverse family: ``gozh``, ``lesh``, ``spade``,
``idsa``, ``rgd``, ``rid``, ``sesu-gozh``, ``sesu-opgd``, ``srsgd``.

Each prints its result's ``to_dict()`` with ``--json`` (keys are gdverse's own output names,
see ``docs/gdverse.md``), otherwise the readable summary.
"""
from __future__ import annotations

from .errors import GeodetectorError

__all__ = ["add_parsers", "FAMILY", "run_family", "add_convention"]


def _read(path):
    from libdigigov.io import read_table

    return read_table(path, error=GeodetectorError)


def _need(a, data=True):
    if data and a.data is None:
        raise GeodetectorError("give DATA.csv")
    if a.y is None:
        raise GeodetectorError("--y is required")


def _list(text, what):
    return [t.strip() for t in text.split(",") if t.strip()] if text else None


def _range(text, what="--discnum"):
    lo, sep, hi = text.partition(":")
    try:
        ks = list(range(int(lo), int(hi if sep else lo) + 1))
    except ValueError:
        raise GeodetectorError(f"{what} must be a range a:b of whole numbers, got {text!r}") from None
    if not ks or ks[0] < 2:
        raise GeodetectorError(f"{what} must be a range a:b with 2 <= a <= b, got {text!r}")
    return ks


def _weights(a, data):
    from .spatial_association import weights_from_coords, weights_from_table

    if a.weights and a.coords:
        raise GeodetectorError("give either --coords or --weights, not both")
    if a.weights:
        return weights_from_table(_read(a.weights), len(data))
    if a.coords:
        cols = _list(a.coords, "--coords")
        if len(cols) != 2:
            raise GeodetectorError(f"--coords needs two columns X,Y, got {a.coords!r}")
        return weights_from_coords(data, cols, power=a.power)
    raise GeodetectorError("spatial weights needed: --coords X,Y or --weights W.csv")


def _gozh(a):
    from .optimal_zones import gozh

    _need(a)
    return gozh(_read(a.data), a.y, a.x, type=_list(a.type, "--type"), alpha=a.alpha,
                ecological_orders=a.ecological_orders)


def _lesh(a):
    from .optimal_zones import lesh

    _need(a)
    return lesh(_read(a.data), a.y, a.x, shapley_convention=a.shapley)


def _spade(a):
    from .spatial_association import spade

    _need(a)
    data = _read(a.data)
    return spade(data, a.y, a.x, weights=_weights(a, data), discvar=_list(a.discvar, "--discvar"),
                 discnum=_range(a.discnum), discmethod=_list(a.discmethod, "--discmethod"),
                 permutations=a.permutations, seed=a.seed)


def _idsa(a):
    from .interactive import idsa

    _need(a)
    data = _read(a.data)
    return idsa(data, a.y, a.x, weights=_weights(a, data), discnum=_range(a.discnum),
                discmethod=a.discmethod, overlay=a.overlay, strategy=a.strategy,
                increase_rate=a.increase_rate, alpha=a.alpha)


def _rgd(a):
    from .robust import rgd

    _need(a)
    return rgd(_read(a.data), a.y, a.x, discnum=_range(a.discnum), strategy=a.strategy,
               increase_rate=a.increase_rate, engine=a.engine)


def _rid(a):
    from .robust import rid

    _need(a)
    return rid(_read(a.data), a.y, a.x, discnum=_range(a.discnum), strategy=a.strategy,
               increase_rate=a.increase_rate, engine=a.engine)


def _sesu(a, model):
    from .sesu import sesu_gozh, sesu_opgd

    _need(a, data=False)
    try:
        su = [float(s) for s in _list(a.su, "--su") or []]
    except ValueError:
        raise GeodetectorError(f"--su must be numbers separated by commas, got {a.su!r}") from None
    if len(su) != len(a.data):
        raise GeodetectorError(f"--su lists {len(su)} spatial unit sizes for {len(a.data)} "
                               f"data files; give one size per file")
    datalist = [_read(p) for p in a.data]
    if model == "gozh":
        return sesu_gozh(datalist, su, a.y, a.x, strategy=a.strategy,
                         increase_rate=a.increase_rate)
    methods = _list(a.discmethod, "--discmethod") or ["sd", "equal", "geometric", "quantile",
                                                       "natural"]
    return sesu_opgd(datalist, su, a.y, a.x, discnum=_range(a.discnum), discmethod=methods,
                     increase_rate=a.increase_rate)


def _srsgd(a):
    from .roughset import srsgd

    _need(a)
    data = _read(a.data)
    if not a.weights:
        raise GeodetectorError("srsgd needs --weights W.csv (binary neighbours i,j,w)")
    from .spatial_association import weights_from_table

    w = weights_from_table(_read(a.weights), len(data))
    return srsgd(data, a.y, a.x, weights=w, type=_list(a.type, "--type"),
                 orders=a.ecological_orders, index=a.srs_index)


FAMILY = {"gozh": _gozh, "lesh": _lesh, "spade": _spade, "idsa": _idsa, "rgd": _rgd,
          "rid": _rid, "sesu-gozh": lambda a: _sesu(a, "gozh"),
          "sesu-opgd": lambda a: _sesu(a, "opgd"), "srsgd": _srsgd}

HELP = {"gozh": "geographically optimal zones (rpart trees): factor/interaction/risk/ecological",
        "lesh": "locally explained stratified heterogeneity: Shapley power of determinants",
        "spade": "spatial association detector (spatial variance q with weights)",
        "idsa": "interactive detector for spatial associations (fuzzy overlay)",
        "rgd": "robust discretisation by variance change points",
        "rid": "robust interaction detector on RGD's discretisations",
        "sesu-gozh": "scale effect of spatial units with GOZH",
        "sesu-opgd": "scale effect of spatial units with OPGD",
        "srsgd": "spatial rough-set detector for a nominal outcome"}


def add_parsers(sub) -> None:
    """Add the family's subcommands to ``sub`` (an argparse subparsers object)."""
    for name in FAMILY:
        s = sub.add_parser(name, help=HELP[name])
        if name.startswith("sesu"):
            s.add_argument("data", nargs="+", help="one CSV file per spatial unit size")
            s.add_argument("--su", required=True, help="spatial unit sizes, one per file")
        else:
            s.add_argument("data", nargs="?", default=None, help="CSV file")
        s.add_argument("--y", default=None, help="outcome column")
        s.add_argument("--x", default=None, help="comma-separated explanatory columns")
        s.add_argument("--json", action="store_true", help="print one JSON object")
        if name not in ("srsgd",):
            s.add_argument("--plot", default=None,
                           help="also save the model's figure to this file (.png, .pdf, .svg)")
        if name in ("gozh", "srsgd"):
            s.add_argument("--type", default="factor",
                           help="comma-separated: factor,interaction,risk,ecological")
            s.add_argument("--ecological-orders", choices=["both", "gdverse"], default="both",
                           help="test each pair in both directions (default) or only in the "
                                "order listed, as gdverse")
        if name == "srsgd":
            s.add_argument("--weights", default=None, help="CSV i,j,w of neighbours (1-based)")
            s.add_argument("--srs-index", choices=["row", "gdverse"], default="gdverse",
                           help="gdverse (this command's contract: gdverse 1.7's numbers) "
                                "compares y with the row numbered by the neighbour's position; "
                                "row (recommended, the Python default) with the neighbour's "
                                "own row")
        if name in ("gozh", "idsa"):
            s.add_argument("--alpha", type=float, default=0.95,
                           help="confidence level of the risk/ecological tests (0.95)")
        if name == "lesh":
            s.add_argument("--shapley", choices=["textbook", "gdverse"], default="textbook",
                           help="textbook Shapley values (default; they sum to q of all "
                                "variables) or gdverse's, without the empty coalition")
        if name in ("spade", "idsa"):
            s.add_argument("--coords", default=None, help="X,Y columns: inverse-distance weights")
            s.add_argument("--power", type=float, default=1.0, help="power of the distance")
            s.add_argument("--weights", default=None, help="CSV i,j,w (1-based rows)")
            s.add_argument("--discmethod", default="quantile",
                           help="discretisation method(s), comma-separated for spade")
        if name in ("spade", "idsa", "rgd", "rid", "sesu-opgd"):
            s.add_argument("--discnum", default="3:8", help="class counts a:b")
        if name == "sesu-opgd":
            s.add_argument("--discmethod", default=None,
                           help="methods (default sd,equal,geometric,quantile,natural)")
        if name == "spade":
            s.add_argument("--discvar", default=None,
                           help="variables to discretise (default: every numeric one)")
            s.add_argument("--permutations", type=int, default=0,
                           help="permutations of the pseudo p-value (0: none)")
            s.add_argument("--seed", type=int, default=None, help="seed of the permutations")
        if name == "idsa":
            s.add_argument("--overlay", choices=["and", "or", "intersection"], default="and")
        if name in ("idsa", "rgd", "rid", "sesu-gozh"):
            s.add_argument("--strategy", type=int, choices=[1, 2], default=2)
        if name in ("idsa", "rgd", "rid", "sesu-gozh", "sesu-opgd"):
            s.add_argument("--increase-rate", type=float, default=0.05)
        if name in ("rgd", "rid"):
            s.add_argument("--engine", choices=["exact", "ruptures"], default="exact",
                           help="change-point search: this package's exact one (default) or "
                                "the ruptures package (Dynp)")


def add_convention(parser) -> None:
    """``--convention`` of the ``ecological`` subcommand."""
    parser.add_argument("--convention", choices=["geodetector", "GD", "gdverse"], default=None,
                        help="rule of the test (default: R geodetector's, this package's "
                             "choice); GD or gdverse reproduce those packages")
    parser.add_argument("--ecological-orders", choices=["both", "gdverse"], default="both",
                        help="gdverse convention: both directions (default) or gdverse's one")


def run_family(a):
    """Run one family subcommand; returns (result, JSON payload)."""
    res = FAMILY[a.command](a)
    if getattr(a, "plot", None):
        import matplotlib

        matplotlib.use("Agg")
        from .plotting import save_figure
        from .plotting_family import plot_result

        save_figure(plot_result(res), a.plot)
    return res, res.to_dict()


def run_convention(data, a):
    """``ecological --convention``: (result, JSON payload)."""
    import pandas as pd

    from .conventions import ecological_convention

    if not isinstance(data, pd.DataFrame):
        raise GeodetectorError("--convention works on DATA.csv, not on rasters")
    res = ecological_convention(data, a.y, a.x, convention=a.convention,
                                orders=a.ecological_orders)
    return res, res.to_dict()

