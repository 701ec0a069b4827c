"""The gdverse-family models a study asks for beside the classic detectors (``geodetector.models``).

Each model runs on the study's outcome (raw or memberships, as the classic detectors) and the
raw values of the detector's conditions; the models cut the conditions themselves:

- GOZH (Luo et al. 2022) and LESH (Li et al. 2023): zones of regression trees;
- RGD / RID (Zhang, Song & Wu 2022): classes at variance change points, k by the elbow rule;
- SPADE (Cang & Luo 2018) and IDSA (Song & Wu 2021): spatial variance with the study's weights;
- the ecological detector under a chosen convention (R geodetector, GD or gdverse), on the
  classic detectors' strata.

GOZH's zones and RGD's classes are strata of every condition, so each configuration's strategy
ranking (the classic one, :func:`.step.strategy_steps`) is also computed on them.  Every option
the study file leaves out takes :data:`digigov.study_geomodels.MODEL_DEFAULTS`, and each one is
stated in the run's notes.  The engine's public API (:mod:`geodetector`) does every computation.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from libdigigov.results import Result

from ...errors import StudyError
from ...study import Study
from ...study_geomodels import MODEL_DEFAULTS, MODELS, model_options
from .step import strategy_steps

__all__ = ["run_models", "ModelsStep", "STRATEGY_TABLES", "spatial_weights"]

#: The table of a model's result that holds one stratum per condition and row (strategy ranking).
STRATEGY_TABLES = {"gozh": "zones", "rgd": "classes"}


@dataclass(frozen=True, eq=False)
class ModelsStep(Result):
    """The models' results, the options each ran with and the strategy rankings on their strata."""

    y: str
    y_source: str
    conditions: tuple
    results: dict = field(repr=False)            # model -> geodetector ModelResult
    options: dict = field(repr=False)            # model -> options used
    strategies: dict = field(default_factory=dict, repr=False)   # model -> tuple of StrategyStep
    weights: dict = field(default_factory=dict, repr=False)      # model -> how the weights were made

    _title = "Geographical detector models"

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([{"model": m, "options": _options_text(m, self.options[m])} for m in self.results])

    def _notes(self) -> list[str]:
        return [n for m in self.results for n in self.choices(m)]

    def choices(self, model: str) -> list[str]:
        """Every option of ``model`` in words, with whether the study file gave it or it is the default."""
        given = self.options[model].get("_given", ())
        out = [f"{model}: {k} = {_value(v)} ({'study file' if k in given else 'default'})"
               for k, v in self.options[model].items() if not k.startswith("_") and k != "weights"]
        if model in self.weights:
            out.append(f"{model}: weights = {self.weights[model]}")
        if model in STRATEGY_TABLES:
            out.append(f"{model}: strategy rankings on the model's {STRATEGY_TABLES[model]} as strata")
        return out

    def _dict(self) -> dict:
        models = {}
        for m, res in self.results.items():
            body = res.to_dict()
            entry = {"options": {k: v for k, v in self.options[m].items() if not k.startswith("_")},
                     "given": list(self.options[m].get("_given", ())), "choices": self.choices(m),
                     "result": body}
            if m in self.weights:
                entry["weights"] = self.weights[m]
            if m in self.strategies:
                entry["strategies"] = [s.to_dict() for s in self.strategies[m]]
            models[m] = entry
        return {"y": self.y, "y_source": self.y_source, "conditions": list(self.conditions),
                "order": list(self.results), "models": models}


def _value(v) -> str:
    return ", ".join(map(str, v)) if isinstance(v, (list, tuple)) else str(v)


def _options_text(model: str, options: dict) -> str:
    return "; ".join(f"{k} {_value(v)}" for k, v in options.items() if not k.startswith("_") and k != "weights")


def spatial_weights(study: Study, frame: pd.DataFrame, spec: dict):
    """The dense weight matrix of a SPADE or IDSA block and how it was made (one line).

    ``kind`` builds the provinces' weights (:func:`indicators.province_weights`, rows in the
    data's order); ``coords`` the inverse distance between two columns of the data.
    """
    import numpy as np

    if "kind" in spec:
        from indicators.spatial_weights import province_weights

        style = spec.get("style", "W")
        w = province_weights(spec["kind"], island_links=spec["island_links"], style=style, k=spec.get("k", 4),
                             threshold=spec.get("threshold"))
        aligned = w.align([str(c) for c in frame.index])
        how = (f"{spec['kind']} ({aligned.source}), island_links {_value(spec['island_links'])}, style {style}"
               + (f", k {spec.get('k', 4)}" if spec["kind"] == "knn" else ""))
        return np.asarray(aligned.matrix.toarray(), dtype=float), how
    from geodetector import weights_from_coords

    power = spec.get("power", 1.0)
    return weights_from_coords(frame, spec["coords"], power=power), \
        f"inverse distance 1/d^{power:g} between columns {', '.join(spec['coords'])}"


def _run_one(model: str, opts: dict, data: pd.DataFrame, y: str, conds: list, strata: pd.DataFrame, w):
    import geodetector as gd

    tree = {k: opts[k] for k in ("cp", "minsplit", "minbucket", "maxdepth") if k in opts}
    ks = range(opts.get("discnum", [3, 8])[0], opts.get("discnum", [3, 8])[1] + 1)
    if model == "gozh":
        return gd.gozh(data, y, conds, type=opts["types"], alpha=opts["confidence"],
                       ecological_orders=opts["ecological_orders"], **tree)
    if model == "lesh":
        return gd.lesh(data, y, conds, shapley_convention=opts["shapley"], **tree)
    if model in ("rgd", "rid"):
        return getattr(gd, model)(data, y, conds, discnum=ks, strategy=opts["strategy"],
                                  increase_rate=opts["increase_rate"], engine=opts["engine"])
    if model == "spade":
        return gd.spade(data, y, conds, weights=w, discvar=conds, discnum=ks, discmethod=opts["discmethod"],
                        permutations=opts["permutations"], seed=opts["seed"])
    if model == "idsa":
        return gd.idsa(data, y, conds, weights=w, discnum=ks, discmethod=opts["discmethod"],
                       overlay=opts["overlay"], strategy=opts["strategy"], increase_rate=opts["increase_rate"],
                       alpha=opts["confidence"])
    return gd.ecological_convention(strata.assign(**{y: data[y]}), y, conds, convention=opts["convention"],
                                    orders=opts["orders"])


def run_models(study: Study, frame: pd.DataFrame, y: pd.Series, y_source: str, conds: list,
               strata: pd.DataFrame, table) -> ModelsStep | None:
    """Run the models of ``geodetector.models`` (None when it lists none).

    ``frame`` is the study's data (raw conditions and any coordinate columns), ``y`` the
    outcome the classic detectors used, ``strata`` their strata (for the ecological detector)
    and ``table`` the configurations (for the strategy rankings).
    """
    from geodetector import GeodetectorError
    from indicators.errors import IndicatorInputError
    from spatial.errors import SpatialInputError

    wanted = [m for m in MODELS if m in (study.get("geodetector", "models") or [])]
    if not wanted:
        return None
    name = study.outcome
    y = y.reindex(frame.index).astype(float)
    data = frame[conds].astype(float).assign(**{name: y.to_numpy()})
    results, options, strategies, weights = {}, {}, {}, {}
    for m in wanted:
        opts = model_options(study, m)
        opts["_given"] = tuple(k for k in MODEL_DEFAULTS[m] if k in ((study.spec.get("geodetector") or {})
                                                                      .get(m) or {}))
        w = None
        try:
            if m in ("spade", "idsa"):
                w, weights[m] = spatial_weights(study, frame, opts["weights"])
            results[m] = _run_one(m, opts, data, name, list(conds), strata, w)
            if m in STRATEGY_TABLES and table is not None:
                zones = results[m].tables[STRATEGY_TABLES[m]]
                zf = pd.DataFrame({c: pd.factorize(zones[c].to_numpy())[0] for c in conds}).assign(
                    __y=y.to_numpy())
                strategies[m] = strategy_steps(zf, "__y", table, conds, core=study.get("geodetector", "core"),
                                               auxiliaries=study.get("geodetector", "auxiliaries"),
                                               rank_by=study.get("geodetector", "rank_by"))
        except (GeodetectorError, IndicatorInputError, SpatialInputError) as exc:
            raise StudyError(f"geodetector.models: {m}: {exc}") from None
        options[m] = opts
    return ModelsStep(name, y_source, tuple(conds), results, options, strategies, weights)
