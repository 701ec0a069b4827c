"""Raster input: aligned GeoTIFFs read lazily into chunked Dask arrays.

:func:`from_rasters` opens one outcome raster and several factor rasters with ``rioxarray``
(``pip install "digigov-qca[raster]"``), checks that they share one grid (CRS, shape and
transform), masks nodata (and NaN) cells, and returns a :class:`RasterStack`: a Dask
DataFrame with one row per cell that has data in every layer, which every detector accepts
as ``data``.  Continuous factor layers can be discretised on the way
(:mod:`geodetector.largebreaks`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import GeodetectorError, RasterAlignmentError


@dataclass(frozen=True)
class RasterStack:
    """Aligned raster layers as a lazy table (``frame``: a Dask DataFrame, one row per cell
    with data in every layer).  Pass it as ``data`` to any detector, with ``y`` the outcome
    layer's name.  ``breaks`` holds the :class:`~geodetector.largebreaks.LargeBreaks` of the
    discretised layers."""

    y: str
    factors: tuple
    paths: dict
    nodata: dict
    shape: tuple
    crs: str
    frame: object = field(repr=False)
    breaks: dict = field(default_factory=dict, repr=False)

    @property
    def files(self) -> str:
        return ", ".join(Path(p).name for p in self.paths.values())


def _names(factors) -> dict:
    if isinstance(factors, (str, Path)):
        factors = [p.strip() for p in str(factors).split(",") if p.strip()]
    if isinstance(factors, dict):
        return {str(k): str(v) for k, v in factors.items()}
    out = {}
    for p in factors:
        name = Path(p).stem
        if name in out:
            raise GeodetectorError(f"two factor rasters are named {name!r}; pass a dict "
                                   f"{{name: path}} to name them")
        out[name] = str(p)
    return out


def _grid(path: str):
    import rasterio

    try:
        with rasterio.open(path) as src:
            if src.count != 1:
                raise GeodetectorError(f"raster {path} has {src.count} bands; give one "
                                       f"single-band file per layer")
            return {"crs": src.crs, "transform": src.transform, "shape": (src.height, src.width),
                    "nodata": src.nodata, "dtype": src.dtypes[0]}
    except rasterio.errors.RasterioIOError as e:
        raise GeodetectorError(f"cannot read raster {path}: {e}") from None


def check_alignment(paths: dict) -> dict:
    """Grid of the first layer; :class:`RasterAlignmentError` naming the first file whose
    CRS, shape or transform differs."""
    grids = {name: _grid(p) for name, p in paths.items()}
    first, ref = next(iter(paths.items()))
    g0 = grids[first]
    for name, p in paths.items():
        g = grids[name]
        for key in ("crs", "shape", "transform"):
            if g[key] != g0[key]:
                a = str(g[key]).replace("\n", " ")
                b = str(g0[key]).replace("\n", " ")
                raise RasterAlignmentError(
                    f"raster {p} is not aligned with {ref}: {key} {a} differs from {b}; "
                    f"resample it onto the same grid first (e.g. rioxarray's reproject_match)")
    return grids


def _block_frame(names, nodata, blocks, classes) -> pd.DataFrame:
    arrays = [np.asarray(b).reshape(-1) for b in blocks]
    keep = np.ones(arrays[0].shape[0], dtype=bool)
    for a, nd in zip(arrays, nodata):
        if nd is not None and not (isinstance(nd, float) and np.isnan(nd)):
            keep &= a != nd
        if a.dtype.kind == "f":
            keep &= np.isfinite(a)
    out = {}
    for name, a in zip(names, arrays):
        v = a[keep]
        if name in classes:
            from .discretize import classify

            e, top = classes[name]
            v = np.clip(classify(v.astype(float), e), 1, top).astype(np.int16)
        out[name] = v
    return pd.DataFrame(out)


def from_rasters(y, factors, *, discretize=None, chunks: int = 2048, sample: int = 100_000,
                 seed: int = 0) -> RasterStack:
    """Open an outcome raster and factor rasters (aligned GeoTIFFs) lazily.

    Parameters
    ----------
    y : str or path
        Outcome raster; its layer is named after the file (``ndvi.tif`` -> ``"ndvi"``).
    factors : list of paths, comma-separated str, or dict name -> path
        Factor rasters holding stratum codes (or continuous values, see ``discretize``).
    discretize : dict, optional
        ``{name: (method, k)}`` for continuous factor layers; method ``"quantile"`` (exact),
        ``"natural"`` (Fisher-Jenks on a seeded sample of ``sample`` cells) or ``"equal"``.
    chunks : int
        Block edge in cells (blocks of ``chunks`` x ``chunks`` cells are the partitions).
    sample, seed
        Sample size and seed of natural breaks.

    Returns
    -------
    RasterStack

    Examples
    --------
    >>> stack = from_rasters("ndvi.tif", ["landuse.tif", "soil.tif"])  # doctest: +SKIP
    >>> geodetector.factor_detector(stack, "ndvi").to_frame()           # doctest: +SKIP
    """
    try:
        import dask
        import dask.dataframe as dd
        import rioxarray
    except ImportError as e:  # pragma: no cover - optional extra
        raise ImportError("raster input needs rioxarray: pip install "
                          "'digigov-qca[raster]'") from e
    ypath = str(y)
    yname = Path(ypath).stem
    fpaths = _names(factors)
    if not fpaths:
        raise GeodetectorError("no factor rasters given")
    if yname in fpaths:
        raise GeodetectorError(f"the outcome raster and a factor raster are both named "
                               f"{yname!r}; pass the factors as a dict {{name: path}}")
    paths = {yname: ypath, **fpaths}
    grids = check_alignment(paths)
    names = list(paths)
    nodata = [grids[n]["nodata"] for n in names]
    arrays = []
    for n in names:
        da = rioxarray.open_rasterio(paths[n], chunks={"band": 1, "y": chunks, "x": chunks},
                                     masked=False)
        arrays.append(da.data[0])
    discretize = dict(discretize or {})
    unknown = [n for n in discretize if n not in fpaths]
    if unknown:
        raise GeodetectorError(f"discretize names {unknown}, not factor layers "
                               f"{list(fpaths)}")
    meta = pd.DataFrame({n: np.array([], dtype=grids[n]["dtype"]) for n in names})
    task = dask.delayed(_block_frame, pure=False)

    def frame(classes):
        m = meta.copy()
        for n in classes:
            m[n] = m[n].astype(np.int16)
        blocks = [a.to_delayed().reshape(-1) for a in arrays]
        parts = [task(names, nodata, list(bs), classes) for bs in zip(*blocks)]
        return dd.from_delayed(parts, meta=m, verify_meta=False)

    breaks = {}
    if discretize:
        from .largebreaks import large_breaks

        raw = frame({})
        classes = {}
        for n, (method, k) in discretize.items():
            res = large_breaks(raw[n], method, k, sample=sample, seed=seed)
            breaks[n] = res
            e = np.asarray(res.edges, dtype=float)
            classes[n] = (e, np.unique(e).size - 1)
        data = frame(classes)
    else:
        data = frame({})
    g = grids[yname]
    return RasterStack(yname, tuple(fpaths), paths, dict(zip(names, nodata)), g["shape"],
                       str(g["crs"]), data, breaks)


# ---------------------------------------------------------------------------------------------
# command line


def add_arguments(parser) -> None:
    """``--raster Y.tif --factors A.tif,B.tif [--chunks N]`` on a detector subcommand."""
    parser.add_argument("--raster", default=None, metavar="Y.tif",
                        help="outcome raster (GeoTIFF) instead of DATA.csv")
    parser.add_argument("--factors", default=None, metavar="A.tif,B.tif",
                        help="comma-separated factor rasters aligned with --raster")
    parser.add_argument("--chunks", type=_positive_cells, default=2048,
                        help="raster block edge in cells (default 2048)")


def _positive_cells(text: str) -> int:
    """``--chunks``: a whole number of cells >= 1 (a usage error otherwise, one line)."""
    import argparse

    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"--chunks must be a whole number of cells >= 1, got {text!r}")
    return value


def read_input(args):
    """The data of a command: DATA.csv as a DataFrame or ``--raster`` as a RasterStack
    (``args.y`` then defaults to the outcome raster's name)."""
    raster = getattr(args, "raster", None)
    if raster is None:
        if getattr(args, "factors", None):
            raise GeodetectorError("--factors needs --raster")
        if args.data is None:
            raise GeodetectorError("give DATA.csv (or --raster Y.tif --factors A.tif,...)")
        if args.y is None:
            raise GeodetectorError("--y is required with DATA.csv")
        from libdigigov.io import read_table

        return read_table(args.data, error=GeodetectorError)
    if args.data is not None:
        raise GeodetectorError("give either DATA.csv or --raster, not both")
    if not args.factors:
        raise GeodetectorError("--raster needs --factors A.tif,B.tif")
    for p in [raster, *args.factors.split(",")]:
        if p.strip() and not Path(p.strip()).exists():
            raise GeodetectorError(f"raster {p.strip()} not found")
    try:
        stack = from_rasters(raster, args.factors, chunks=args.chunks)
    except ImportError as e:  # the optional extra is not installed
        raise GeodetectorError(str(e)) from None
    if args.y is None:
        args.y = stack.y
    return stack
