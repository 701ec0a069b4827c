"""Where the per-stratum aggregates come from: an in-memory DataFrame or a Dask DataFrame."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ._core import aggregate, cross_codes, crossed_labels, encode_factor, resolve_factors, response


def is_dask(data) -> bool:
    return type(data).__module__.split(".")[0] in ("dask", "dask_expr")


class PandasSource:
    """Codes every factor once, then aggregates single or crossed factors on demand."""

    def __init__(self, data, y, factors, *, check_continuous: bool = True):
        self.factors = resolve_factors(data, y, factors)
        self.y = y
        self.resp = response(data, y)
        self.coded = {f: encode_factor(data, f, check_continuous=check_continuous)
                      for f in self.factors}
        self.strata = lru_cache(maxsize=None)(self._strata)

    @property
    def n(self) -> int:
        return self.resp.n

    def prefetch(self, names_list) -> None:
        """Nothing to do in memory (a Dask source computes all aggregates at once here)."""

    def _strata(self, names: tuple, full: bool = True):
        if len(names) == 1:
            codes, labels = self.coded[names[0]]
            return aggregate(names[0], [codes], [labels.shape[0]], labels, self.resp, full=full)
        code_list = [self.coded[n][0] for n in names]
        label_list = [self.coded[n][1] for n in names]
        sizes = [lab.shape[0] for lab in label_list]
        crossed, crossed_sizes, total = cross_codes(code_list, sizes)
        name = " ∩ ".join(names)
        if total is None:  # densely renumbered: labels read from one row of each cell
            codes = crossed[0]

            def labels(flat):
                return _LazyLabels(lambda: _labels_from_rows(label_list, code_list, codes),
                                   flat.shape[0])
        else:
            def labels(flat):
                return _LazyLabels(lambda: crossed_labels(label_list, sizes, flat),
                                   flat.shape[0])

        return aggregate(name, crossed, crossed_sizes, labels, self.resp, full=full)


def _labels_from_rows(label_list, code_list, codes):
    first = np.full(int(codes.max()) + 1, -1, dtype=np.intp)
    first[codes[::-1]] = np.arange(codes.size)[::-1]
    parts = [np.asarray(lab)[c[first]].astype(object) for lab, c in zip(label_list, code_list)]
    out = parts[0]
    for p in parts[1:]:
        out = out + "_" + p
    return out.astype(str)


class _LazyLabels:
    """Labels of crossed strata, built only if someone looks at them (they rarely are)."""

    def __init__(self, build, size):
        self._build = build
        self._value = None
        self.shape = (int(size),)

    def _get(self):
        if self._value is None:
            self._value = self._build()
        return self._value

    def __getitem__(self, item):
        return self._get()[item]

    def __array__(self, dtype=None, copy=None):
        return self._get() if dtype is None else self._get().astype(dtype)

    def __len__(self):
        return self.shape[0]


def make_source(data, y, factors, *, check_continuous: bool = True):
    from .raster import RasterStack

    if isinstance(data, RasterStack):
        from ._dask import DaskSource

        return DaskSource(data.frame, y, factors, check_continuous=check_continuous,
                          where=data.files, after="after masking nodata")
    if is_dask(data):
        from ._dask import DaskSource

        return DaskSource(data, y, factors, check_continuous=check_continuous)
    return PandasSource(data, y, factors, check_continuous=check_continuous)
