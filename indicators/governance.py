"""The "good governance" sub-indicator from honour-list entries.

The study scores the People's Daily Online leaders' message board honour list (2021): every
listed unit earns points by level — provincial unit 1, city 2, county/district 3, and units
singled out for full "direct reply, direct handling" 4 — and the points are summed per
province. Provinces without any entry score 0.
"""

from __future__ import annotations

import pandas as pd

from .errors import IndicatorInputError, IndicatorTypeError, NegativeValueError
from .provinces import get_province, province_table
from .errors import UnknownProvinceError

__all__ = ["HONOUR_POINTS", "good_governance_score", "honour_count"]

HONOUR_POINTS = {"province": 1, "city": 2, "county": 3, "special": 4}
_LEVEL_ALIASES = {
    "province": "province", "provincial": "province", "省": "province", "省级": "province", 1: "province",
    "city": "city", "prefecture": "city", "市": "city", "市级": "city", 2: "city",
    "county": "county", "district": "county", "county/district": "county", "县": "county", "区": "county",
    "县级": "county", "县区": "county", 3: "county",
    "special": "special", "直通直办": "special", "direct reply, direct handling": "special", 4: "special",
}


def _level(value, row) -> str:
    key = value.strip().lower() if isinstance(value, str) else value
    if isinstance(key, float) and key.is_integer():
        key = int(key)
    try:
        return _LEVEL_ALIASES[key]
    except (KeyError, TypeError):
        raise IndicatorInputError(
            f"honour list row {row}: unknown level {value!r}; use province, city, county or special "
            "(or 1-4, 省/市/县/直通直办)") from None


def honour_count(value, where: str) -> int:
    """One honour-list count as an int; refused unless it is a whole number >= 0.

    >>> honour_count("3", "Zhejiang, honours_city")
    3
    >>> honour_count(-1, "Zhejiang, honours_city")
    Traceback (most recent call last):
    ...
    indicators.errors.NegativeValueError: Zhejiang, honours_city: count must not be negative, got -1
    """
    n_value = pd.to_numeric(pd.Series([value]), errors="coerce").iloc[0]
    shown = value.item() if hasattr(value, "item") else value
    if pd.isna(n_value) or n_value != int(n_value):
        raise IndicatorInputError(f"{where}: count must be a whole number, got {shown!r}")
    if n_value < 0:
        raise NegativeValueError(f"{where}: count must not be negative, got {shown!r}")
    return int(n_value)


def good_governance_score(entries: pd.DataFrame, *, province: str = "province", level: str = "level",
                          count: str | None = None, label: str = "en", include_special: bool = False,
                          name: str = "good_governance") -> pd.Series:
    """Sum honour-list points per province.

    Parameters
    ----------
    entries : pandas.DataFrame
        One row per listed unit (or per province and level with a ``count`` column).
    province, level : str
        Column names of the province (any spelling) and the level
        (``province``/``city``/``county``/``special``, 1-4, or 省/市/县/直通直办).
    count : str, optional
        Column with the number of units of that province and level (non-negative integers).
    label : {"en", "zh", "name_zh", "adcode"}
        Spelling of the result index.
    include_special : bool, default False
        Return Hong Kong, Macao and Taiwan as well.

    Returns
    -------
    pandas.Series
        Points per province, every province present (0 when not listed).

    Examples
    --------
    >>> import pandas as pd
    >>> from indicators import good_governance_score
    >>> honours = pd.DataFrame({"province": ["浙江", "浙江", "Zhejiang", "广东省"],
    ...                         "level": ["province", "city", "county", "special"]})
    >>> s = good_governance_score(honours)
    >>> int(s["Zhejiang"]), int(s["Guangdong"]), int(s["Beijing"])
    (6, 4, 0)
    """
    if not isinstance(entries, pd.DataFrame):
        raise IndicatorTypeError(f"entries must be a pandas DataFrame, got {type(entries).__name__}")
    for col in [province, level] + ([count] if count else []):
        if col not in entries.columns:
            raise IndicatorInputError(f"honour list has no column {col!r}; columns are {list(entries.columns)}")
    units = province_table(include_special=include_special)
    totals = pd.Series(0, index=units.index, dtype="int64")
    for row, (prov, lev, n) in enumerate(zip(entries[province], entries[level],
                                             entries[count] if count else [1] * len(entries))):
        try:
            code = get_province(prov).adcode
        except UnknownProvinceError as err:
            raise UnknownProvinceError(f"honour list row {row}: {err}") from None
        if code not in totals.index:
            raise UnknownProvinceError(f"honour list row {row}: {prov!r} is not a mainland province "
                                       "(pass include_special=True to score Hong Kong, Macao and Taiwan)")
        totals[code] += HONOUR_POINTS[_level(lev, row)] * honour_count(n, f"honour list row {row} ({prov})")
    totals.index = pd.Index([get_province(c).label(label) for c in totals.index], name="province")
    return totals.rename(name)
