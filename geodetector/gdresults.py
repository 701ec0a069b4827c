"""One small result class per model of the gdverse family, on the project's result base.

Each holds its tables (pandas DataFrames, column names as gdverse's own output so that a
reader can put the two side by side), a few scalars, the settings used and the notes that
state the choices made.  ``to_dict()`` is the command's JSON object.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ._results import ResultMixin, fmt_frame

__all__ = ["ModelResult", "GOZHResult", "LESHResult", "SPADEResult", "IDSAResult",
           "RGDResult", "RIDResult", "SESUResult", "SRSGDResult", "EcologicalConventionResult"]


@dataclass(frozen=True)
class ModelResult(ResultMixin):
    """Tables, scalars, settings and notes of one model run.

    ``tables`` maps a name (``factor``, ``interaction``, ``risk``, ...) to a DataFrame; the
    first one is the main table (:meth:`to_frame`).  Every table is also an attribute
    (``res.factor``)."""

    y: str
    n: int
    tables: dict = field(repr=False)
    scalars: dict = field(default_factory=dict)
    settings: dict = field(default_factory=dict)
    notes_: tuple = ()

    _title = "gdverse-family model"
    _main = None

    def __getattr__(self, name):
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)

    @property
    def table(self) -> pd.DataFrame:
        key = self._main if self._main in self.tables else next(iter(self.tables))
        return self.tables[key]

    def _header(self):
        sets = "   ".join(f"{k}: {v}" for k, v in self.settings.items())
        return [f"outcome: {self.y}   observations: {self.n}"] + ([sets] if sets else [])

    def summary(self) -> str:
        text = super().summary()
        extra = []
        for name, frame in self.tables.items():
            if frame is self.table or not len(frame):
                continue
            extra += ["", f"{name}:", fmt_frame(frame)]
        for k, v in self.scalars.items():
            if not isinstance(v, (list, dict)):
                extra.append(f"{k}: {v}")
        return text + ("\n" + "\n".join(extra) if extra else "")

    def _notes(self):
        return list(self.notes_)

    def _dict(self):
        out = {name: frame.to_dict(orient="records") for name, frame in self.tables.items()}
        out.update(self.scalars)
        out["y"], out["n"], out["settings"] = self.y, self.n, dict(self.settings)
        return out


class GOZHResult(ModelResult):
    """Geographically optimal zones-based heterogeneity (Luo et al. 2022)."""
    _title = "GOZH: geographically optimal zones"
    _main = "factor"


class LESHResult(ModelResult):
    """Locally explained stratified heterogeneity (Li et al. 2023)."""
    _title = "LESH: locally explained stratified heterogeneity"
    _main = "spd_lesh"


class SPADEResult(ModelResult):
    """Spatial association detector (Cang & Luo 2018)."""
    _title = "SPADE: spatial association detector"
    _main = "factor"


class IDSAResult(ModelResult):
    """Interactive detector for spatial associations (Song & Wu 2021)."""
    _title = "IDSA: interactive detector for spatial associations"
    _main = "interaction"


class RGDResult(ModelResult):
    """Robust geographical detector (Zhang, Song & Wu 2022)."""
    _title = "RGD: robust geographical detector"
    _main = "factor"


class RIDResult(ModelResult):
    """Robust interaction detector (Zhang, Song & Wu 2022)."""
    _title = "RID: robust interaction detector"
    _main = "interaction"


class SESUResult(ModelResult):
    """Scale effect of spatial units (Song et al. 2020; Luo et al. 2022)."""
    _title = "Scale effect of spatial units"
    _main = "sesu_table"

    def _dict(self):
        out = super()._dict()
        out.pop("sesu_table", None)
        out.pop("opt_param_table", None)
        return out


class SRSGDResult(ModelResult):
    """Spatial rough set-based geographical detector (Bai et al. 2023)."""
    _title = "SRSGD: spatial rough set-based geographical detector"
    _main = "factor"


class EcologicalConventionResult(ModelResult):
    """The ecological detector under one of the conventions in use."""
    _title = "Ecological detector"
    _main = "pairs"
