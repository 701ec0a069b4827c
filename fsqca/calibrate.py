"""Calibration of raw variables into set memberships.

Three methods (Ragin 2008, ch. 5; Dusa 2019, ch. 4):

* ``"direct"`` -- anchors of full non-membership, crossover and full membership. With three
  anchors the default is Ragin's log-odds (logistic) function; ``logistic=False`` gives the
  piecewise (linear or power) function of R's QCA, and six anchors give its bell-shaped or
  valley-shaped (inverse bell) function. The numbers agree with R QCA 3.23 ``calibrate()``.
* ``"crisp"`` -- one or more thresholds; a value equal to a threshold goes to the upper class
  (R's ``findInterval``), so several thresholds give a multi-value crisp set 0, 1, 2, ...
* ``"indirect"`` -- the researcher's qualitative class assignments regressed on the raw value by
  a fractional logit (GLM, binomial family, logit link, robust standard errors); see
  :func:`fit_indirect`.

The formulas are written out in ``docs/calibration.md``.
"""
from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass
from numbers import Real

import numpy as np
import pandas as pd

from libdigigov.results import Result
from scipy.special import expit

from .errors import HalfMembershipWarning
from .anchors import (Anchors, AnchorError, CalibrationError, CalibrationTypeError,
                      _as_float_array, _label, _rows, resolve_anchor)

__all__ = ["calibrate", "fit_indirect", "IndirectFit", "RAGIN_IDM",
           "HalfMembershipWarning", "CalibrationError", "CalibrationTypeError"]

METHODS = ("direct", "crisp", "indirect")
R_LOW, R_HIGH = 1e-4, 0.9999          # R's QCA sets fuzzy memberships beyond these to 0 / 1
#: Ragin's (2008) and fsQCA 3.0's scaling puts the inclusion anchor at log odds 3, not ln(19):
#: pass ``idm=RAGIN_IDM`` (about 0.9526) to reproduce fsQCA 3.0 instead of R's default 0.95.
RAGIN_IDM = float(expit(3.0))
_KEYS3 = {"e": 0, "exclusion": 0, "c": 1, "crossover": 1, "i": 2, "inclusion": 2}
_KEYS6 = ("e1", "c1", "i1", "i2", "c2", "e2")




# --------------------------------------------------------------------------- direct method
def _logistic(x, e, c, i, idm):
    # Ragin's log odds: the deviation from the crossover is scaled by ln(idm/(1-idm)) divided by
    # the distance from the crossover to the anchor on the same side, so that x = i maps to idm
    # and x = e to 1 - idm whatever the (a)symmetry of the anchors.
    dev = x - c
    inclusion_side = dev * (i - c) >= 0
    scale = np.where(inclusion_side, 1.0 / (i - c), 1.0 / (c - e))
    return expit(dev * scale * math.log(idm / (1.0 - idm)))


def _piecewise(x, e, c, i, below, above):
    # t and s are the relative distances from the crossover towards the inclusion and the
    # exclusion anchor: 0 at c, 1 at the anchor. Memberships above 0.5 are shaped by `above`,
    # those below by `below` (R's convention, also for decreasing sets).
    t = (x - c) / (i - c)
    s = (x - c) / (e - c)
    up = 1.0 - (1.0 - np.clip(t, 0.0, 1.0)) ** above / 2.0
    down = (1.0 - np.clip(s, 0.0, 1.0)) ** below / 2.0
    return np.where(t >= 0, up, down)


def _bell(x, a, below, above):
    e1, c1, i1, i2, c2, e2 = a
    if e1 < c1 < i1 <= i2 < c2 < e2:
        plateau, lo, hi = 1.0, i1, i2
    elif i1 < c1 < e1 <= e2 < c2 < i2:
        plateau, lo, hi = 0.0, e1, e2
    else:
        raise AnchorError(
            "six anchors must be ordered e1 < c1 < i1 <= i2 < c2 < e2 (bell shape) or "
            "i1 < c1 < e1 <= e2 < c2 < i2 (valley shape), got "
            + ", ".join(f"{k}={v:g}" for k, v in zip(_KEYS6, a)))
    left = _piecewise(x, e1, c1, i1, below, above)
    right = _piecewise(x, e2, c2, i2, below, above)
    return np.where(x <= lo, left, np.where(x >= hi, right, plateau))


def _parse_thresholds(thresholds):
    """Anchor specs in R order: a list of 3 (e, c, i) or 6 (e1 ... e2) numbers or strings."""
    if isinstance(thresholds, Anchors):
        return list(thresholds.as_tuple()), list(thresholds.sources)
    if isinstance(thresholds, str):
        # R's string form: "e=165, c=175, i=185"
        parts = [p for p in re.split(r"[,;]", thresholds) if p.strip()]
        if not all(re.fullmatch(r"\s*\w+\s*=\s*[^=\s]+\s*", p) for p in parts):
            raise AnchorError(f"cannot read thresholds {thresholds!r}; write e.g. "
                              f"'e=165, c=175, i=185'")
        thresholds = {k.strip(): v.strip() for k, v in (p.split("=", 1) for p in parts)}
    if isinstance(thresholds, dict):
        keys = {str(k).strip().lower(): v for k, v in thresholds.items()}
        if set(keys) == set(_KEYS6):
            return [keys[k] for k in _KEYS6], None
        out = [None, None, None]
        for k, v in keys.items():
            if k not in _KEYS3 or out[_KEYS3[k]] is not None:
                raise AnchorError(f"unknown or repeated anchor name {k!r}; use exclusion, "
                                  f"crossover, inclusion (or e, c, i; or e1, c1, i1, i2, c2, e2)")
            out[_KEYS3[k]] = v
        if any(v is None for v in out):
            raise AnchorError("give all three anchors: exclusion, crossover and inclusion")
        return out, None
    if thresholds is None:
        raise AnchorError("direct calibration needs thresholds (three or six anchors)")
    seq = list(np.atleast_1d(np.asarray(thresholds, dtype=object)))
    if len(seq) not in (3, 6):
        raise AnchorError(f"direct calibration takes 3 or 6 anchors, got {len(seq)}")
    return seq, None


def _direct(values, name, thresholds, direction, idm, logistic, below, above, pct_method):
    specs, sources = _parse_thresholds(thresholds)
    if sources is None:
        got = [resolve_anchor(s, values, method=pct_method) for s in specs]
        specs, sources = [v for v, _ in got], [s for _, s in got]
    for label, v in (("below", below), ("above", above)):
        if not (isinstance(v, Real) and v > 0 and math.isfinite(v)):
            raise CalibrationError(f"{label} must be a positive number, got {v!r}")
    if len(specs) == 6:
        if direction is not None:
            raise CalibrationError("direction applies to three anchors; six anchors give a "
                                   "bell or valley shape by their order")
        info = {"shape": "bell" if specs[0] < specs[2] else "valley",
                "thresholds": dict(zip(_KEYS6, specs)), "sources": dict(zip(_KEYS6, sources))}
        return _bell(values, specs, below, above), info
    anchors = Anchors(*specs, tuple(sources), name)
    if direction not in (None, "increasing", "decreasing"):
        raise CalibrationError(f"direction must be 'increasing' or 'decreasing', got "
                               f"{direction!r}")
    if direction is not None and direction != anchors.direction:
        anchors = anchors.flipped()
    e, c, i = anchors.as_tuple()
    if logistic:
        if not (isinstance(idm, Real) and 0.5 < idm < 1):
            raise CalibrationError(f"idm (inclusion degree of membership) must lie strictly "
                                   f"between 0.5 and 1, got {idm!r}")
        fs = _logistic(values, e, c, i, float(idm))
    else:
        fs = _piecewise(values, e, c, i, below, above)
    info = {"shape": "logistic" if logistic else "piecewise", "anchors": anchors,
            "direction": anchors.direction}
    return fs, info


# --------------------------------------------------------------------------- crisp method
def _crisp(values, name, thresholds, pct_method):
    if thresholds is None or isinstance(thresholds, (dict, Anchors)):
        raise AnchorError("crisp calibration takes a number or a list of numbers as thresholds")
    specs = list(np.atleast_1d(np.asarray(thresholds, dtype=object)))
    cuts = sorted(resolve_anchor(s, values, method=pct_method)[0] for s in specs)
    if len(set(cuts)) < len(cuts):
        raise AnchorError(f"crisp thresholds for {_label(name)} repeat a value: {cuts}")
    lo, hi = values.min(), values.max()
    outside = [t for t in cuts if t < lo or t > hi]
    if outside:
        raise AnchorError(f"crisp threshold(s) {outside} outside the range of {_label(name)} "
                          f"[{lo:g}, {hi:g}]: every case would fall on one side")
    # side="right" counts the thresholds <= x: a value equal to a threshold goes up (findInterval)
    return np.searchsorted(np.asarray(cuts), values, side="right"), {"thresholds": cuts}


# --------------------------------------------------------------------------- indirect method
@dataclass(frozen=True)
class IndirectFit(Result):
    """Fractional-logit fit of qualitative class assignments on a raw variable.

    Attributes
    ----------
    memberships : pandas.Series
        Predicted memberships (unrounded).
    params, bse : pandas.Series
        Coefficients and their heteroskedasticity-robust (HC0) standard errors.
    model : str
        ``"logit"`` (logit(m) = b0 + b1 x, Ragin 2008) or ``"fracpoly"`` (R QCA's terms
        log x, sqrt x, x, x^2).
    """

    memberships: pd.Series
    params: pd.Series
    bse: pd.Series
    model: str
    nobs: int
    deviance: float

    def to_frame(self) -> pd.DataFrame:
        """Coefficient table: term, coef, robust std. error, z."""
        return pd.DataFrame({"term": self.params.index, "coef": self.params.to_numpy(),
                             "std_err_robust": self.bse.to_numpy(),
                             "z": (self.params / self.bse).to_numpy()})

    _digits = 6

    @property
    def _title(self) -> str:
        return f"Indirect calibration, fractional {self.model}, n = {self.nobs}"

    def summary(self) -> str:
        """Model, sample size, deviance and the coefficients with robust standard errors."""
        lines = [f"Indirect calibration, fractional {self.model} (n = {self.nobs}, "
                 f"deviance = {self.deviance:.4f}; HC0 robust standard errors)"]
        lines += [f"  {t:<10} {b:>12.6g} {s:>12.6g}" for t, b, s in
                  zip(self.params.index, self.params, self.bse)]
        return "\n".join(lines)


def _design(values, model, name):
    if model == "logit":
        return np.column_stack([np.ones_like(values), values]), ["const", "x"]
    if model == "fracpoly":
        if np.any(values <= 0):
            raise CalibrationError(f"the fracpoly model takes log(x); {_label(name)} has values "
                                   f"<= 0")
        return (np.column_stack([np.ones_like(values), np.log(values), np.sqrt(values),
                                 values, values ** 2]),
                ["const", "log(x)", "sqrt(x)", "x", "x^2"])
    raise CalibrationError(f"unknown indirect model {model!r}; use 'logit' or 'fracpoly'")


def _classes_from_thresholds(values, thresholds, pct_method):
    # R QCA's rule: k sorted thresholds split the cases into k + 1 classes scored 0, 1/k, ..., 1.
    cuts = sorted(resolve_anchor(s, values, method=pct_method)[0]
                  for s in np.atleast_1d(np.asarray(thresholds, dtype=object)))
    scores = np.round(np.linspace(0.0, 1.0, len(cuts) + 1), 3)
    return scores[np.searchsorted(np.asarray(cuts), values, side="left")]


def fit_indirect(x, classes=None, *, thresholds=None, model: str = "logit",
                 percentile_method: str = "linear", name=None) -> IndirectFit:
    """Indirect calibration (Ragin 2008, ch. 5): a fractional logit of class assignments on x.

    Parameters
    ----------
    x : pandas.Series or array-like
        Raw values.
    classes : pandas.Series or array-like, optional
        The researcher's qualitative membership assignment for each case, values in [0, 1]
        (e.g. 0, 0.2, 0.4, 0.6, 0.8, 1). A Series is aligned with ``x`` on the index.
    thresholds : sequence, optional
        Instead of ``classes``: cut points that split the cases into equally spaced classes
        (R QCA's rule; a value equal to a cut stays in the lower class).
    model : {"logit", "fracpoly"}
        Right-hand side of the regression.

    Returns
    -------
    IndirectFit

    Examples
    --------
    >>> x = pd.Series([1.0, 2, 3, 4, 5, 6, 7, 8], name="gdp")
    >>> fit = fit_indirect(x, [0, 0, 0.2, 0.4, 0.6, 0.8, 1, 1])
    >>> bool(fit.memberships.is_monotonic_increasing)
    True
    """
    import statsmodels.api as sm

    if name is None and isinstance(x, pd.Series):
        name = x.name
    values = _as_float_array(x, name)
    index = x.index if isinstance(x, pd.Series) else pd.RangeIndex(len(values))
    if (classes is None) == (thresholds is None):
        raise CalibrationError("indirect calibration needs either classes (one assignment per "
                               "case) or thresholds, not both")
    if classes is None:
        y = _classes_from_thresholds(values, thresholds, percentile_method)
    else:
        if isinstance(classes, pd.Series) and isinstance(x, pd.Series):
            if not (index.is_unique and classes.index.is_unique):
                raise CalibrationError("x and classes are aligned on their index, which must "
                                       "not repeat labels")
            missing = index.difference(classes.index)
            if len(missing):
                raise CalibrationError(f"classes have no value for rows {_rows(missing)}")
            classes = classes.reindex(index)
        y = _as_float_array(classes, f"classes for {name}" if name is not None else "classes")
        if y.shape != values.shape:
            raise CalibrationError(f"classes have {y.size} values, x has {values.size}")
        bad = (y < 0) | (y > 1)
        if bad.any():
            raise CalibrationError(f"class assignments must lie in [0, 1]; rows "
                                   f"{_rows(index[bad])} do not")
    if np.all(y == y[0]):
        raise CalibrationError("every case has the same class assignment: nothing to fit")
    X, terms = _design(values, model, name)
    with warnings.catch_warnings():
        # Overflow noise that accompanies perfectly separated classes; statsmodels reports
        # the separation itself with a PerfectSeparationWarning, which is kept.
        warnings.simplefilter("ignore", category=RuntimeWarning)
        res = sm.GLM(y, X, family=sm.families.Binomial()).fit(cov_type="HC0")
    fs = pd.Series(res.fittedvalues, index=index, name=name)
    return IndirectFit(fs, pd.Series(res.params, index=terms), pd.Series(res.bse, index=terms),
                       model, int(res.nobs), float(res.deviance))


# --------------------------------------------------------------------------- public entry
def _half(fs, index, name, avoid_half):
    at_half = fs == 0.5
    if avoid_half is None:
        if at_half.any():
            warnings.warn(
                f"{int(at_half.sum())} case(s) of {_label(name)} have a membership of exactly "
                f"0.5 (rows {_rows(index[at_half])}); they belong to no truth-table row. "
                f"Move the crossover or pass avoid_half=0.001 (or -0.001).",
                HalfMembershipWarning, stacklevel=4)
        return fs, at_half, 0
    if not (isinstance(avoid_half, Real) and 0 < abs(avoid_half) < 0.5):
        raise CalibrationError(f"avoid_half must be None or a small non-zero number such as "
                               f"0.001, got {avoid_half!r}")
    fs = np.where(at_half, 0.5 + float(avoid_half), fs)
    return fs, at_half, int(at_half.sum())


def _calibrate(x, method="direct", *, thresholds=None, direction=None, idm=0.95,
               logistic=True, below=1.0, above=1.0, classes=None, model="logit",
               percentile_method="linear", r_rounding=True, avoid_half=None, name=None):
    """Memberships as an ndarray plus a dict describing what was done."""
    if method not in METHODS:
        raise CalibrationError(f"unknown calibration method {method!r}; use one of {METHODS}")
    if name is None and isinstance(x, pd.Series):
        name = x.name
    values = _as_float_array(x, name)
    index = x.index if isinstance(x, pd.Series) else pd.RangeIndex(len(values))
    if values.size == 0:
        raise CalibrationError(f"{_label(name)} has no cases")
    if method != "crisp" and np.all(values == values[0]):
        raise CalibrationError(f"{_label(name)} is constant (every value is {values[0]:g}); "
                               f"it cannot be calibrated into a set")
    info = {"method": method, "name": name}
    if method == "crisp":
        fs, more = _crisp(values, name, thresholds, percentile_method)
        info.update(more, at_half=np.zeros(values.size, bool), adjusted=0)
        return fs, index, info
    if method == "direct":
        fs, more = _direct(values, name, thresholds, direction, idm, logistic, below, above,
                           percentile_method)
    else:
        fit = fit_indirect(x if isinstance(x, pd.Series) else values, classes,
                           thresholds=thresholds,
                           model=model, percentile_method=percentile_method, name=name)
        fs, more = fit.memberships.to_numpy(), {"fit": fit, "shape": model}
    info.update(more)
    if r_rounding:
        fs = np.where(fs < R_LOW, 0.0, np.where(fs > R_HIGH, 1.0, fs))
    fs, info["at_half"], info["adjusted"] = _half(fs, index, name, avoid_half)
    return fs, index, info


def calibrate(x, method: str = "direct", *, thresholds=None, direction: str | None = None,
              idm: float = 0.95, logistic: bool = True, below: float = 1.0, above: float = 1.0,
              classes=None, model: str = "logit", percentile_method: str = "linear",
              r_rounding: bool = True, avoid_half: float | None = None, name=None):
    """Calibrate a raw variable into set memberships.

    Parameters
    ----------
    x : pandas.Series or array-like
        Raw values, no missing values. A Series keeps its index and name; other inputs give a
        numpy array.
    method : {"direct", "crisp", "indirect"}
    thresholds
        Direct method: three anchors as a dict ``{"exclusion": .., "crossover": ..,
        "inclusion": ..}`` (or keys ``e, c, i``), a sequence ``(e, c, i)`` in R's order, an
        R-style string ``"e=165, c=175, i=185"`` or an :class:`~fsqca.anchors.Anchors`; six
        anchors ``e1, c1, i1, i2, c2, e2`` give a bell (or, ordered ``i1 < c1 < e1 <= e2 < c2 <
        i2``, a valley) shape. Each anchor is a number, ``"pNN"`` (percentile), ``"mean"`` or
        ``"median"``. ``inclusion < crossover < exclusion`` makes a decreasing set.
        Crisp method: one threshold or several (multi-value set). Indirect method: cut points
        used instead of ``classes``.
    direction : {"increasing", "decreasing"}, optional
        For three anchors: force the direction; the two outer anchors are then reassigned so
        that exclusion is the low (increasing) or the high (decreasing) cut point.
    idm : float
        Inclusion degree of membership of the logistic function: membership at the inclusion
        anchor (``1 - idm`` at the exclusion anchor). R's default 0.95; :data:`RAGIN_IDM`
        (log odds 3, about 0.9526) is Ragin's and fsQCA 3.0's choice.
    logistic : bool
        Three anchors: log-odds function (True) or R's piecewise function (False). Six anchors
        always use the piecewise function, as in R.
    below, above : float
        Exponents of the piecewise function for memberships below / above 0.5 (1 = linear).
    classes : array-like, optional
        Indirect method: the researcher's class assignment of each case, in [0, 1].
    model : {"logit", "fracpoly"}
        Indirect method: regression terms (see :func:`fit_indirect`).
    percentile_method : str
        Definition of percentile anchors (see :mod:`fsqca.anchors`); default ``"linear"``.
    r_rounding : bool
        Fuzzy memberships below 1e-4 become 0 and above 0.9999 become 1, as R QCA does
        (default). Pass False for the unrounded function values.
    avoid_half : float, optional
        Memberships of exactly 0.5 are left alone with a :class:`HalfMembershipWarning` by
        default. A number (e.g. 0.001, the common fsQCA 3.0 practice, or -0.001) is added to
        exactly those memberships.
    name : str, optional
        Variable name for messages (defaults to the Series name).

    Returns
    -------
    pandas.Series or numpy.ndarray
        Memberships in [0, 1] (direct, indirect) or class numbers 0, 1, ... (crisp).

    Examples
    --------
    >>> x = pd.Series([140.0, 165, 175, 185, 210], index=list("abcde"), name="height")
    >>> calibrate(x, thresholds={"exclusion": 165, "crossover": 175, "inclusion": 185},
    ...           avoid_half=0.001).round(4).tolist()
    [0.0, 0.05, 0.501, 0.95, 1.0]
    >>> calibrate(x, "crisp", thresholds=[170, 185]).tolist()
    [0, 0, 1, 2, 2]
    """
    fs, index, info = _calibrate(x, method, thresholds=thresholds, direction=direction, idm=idm,
                                 logistic=logistic, below=below, above=above, classes=classes,
                                 model=model, percentile_method=percentile_method,
                                 r_rounding=r_rounding, avoid_half=avoid_half, name=name)
    if isinstance(x, pd.Series):
        return pd.Series(fs, index=index, name=x.name)
    return np.asarray(fs)


# ``fsqca.calibrate`` is this function, not this module (the package binds the function under the
# module's name, as R users call it); the module's other public names are reachable from it too, so
# that ``fsqca.calibrate.RAGIN_IDM`` and ``fsqca.calibrate.fit_indirect`` work as well as
# ``fsqca.RAGIN_IDM``.
for _name in ("RAGIN_IDM", "fit_indirect", "IndirectFit"):
    setattr(calibrate, _name, globals()[_name])
del _name
