"""The 34 provincial-level units: metadata, name lookup and index alignment.

Any of these spellings identifies a province: the administrative code (``330000`` or
``"330000"``), the full or short Chinese name (``"浙江省"``, ``"浙江"``), the one-character
abbreviation (``"浙"``), the English/pinyin name in any case with or without spaces
(``"Zhejiang"``, ``"inner mongolia"``, ``"Nei Mongol"``) and an optional "Province" suffix.
Analyses default to the 31 mainland units; Hong Kong, Macao and Taiwan carry
``mainland == False``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import pandas as pd

from ._resources import data_path
from .errors import DuplicateProvinceError, IndicatorInputError, IndicatorTypeError, MissingProvinceError, UnknownProvinceError

__all__ = [
    "find_province",
    "Province",
    "province_table",
    "get_province",
    "to_adcode",
    "province_labels",
    "align_provinces",
    "LABELS",
]

LABELS = ("en", "zh", "short_zh", "adcode")
_LABEL_COLUMN = {"en": "name_en", "zh": "short_zh", "short_zh": "short_zh", "name_zh": "name_zh"}
_SUFFIX = re.compile(r"(province|sheng|municipality|shi|autonomousregion|sar)$")


@dataclass(frozen=True)
class Province:
    """One provincial-level unit."""

    adcode: int
    name_zh: str
    short_zh: str
    abbr_zh: str
    name_en: str
    region: str | None
    capital_zh: str
    capital_en: str
    mainland: bool

    def label(self, lang: str = "en"):
        """Display label: ``"en"`` (Zhejiang), ``"zh"`` (浙江), ``"name_zh"`` (浙江省) or ``"adcode"``."""
        if lang == "adcode":
            return self.adcode
        try:
            return getattr(self, _LABEL_COLUMN[lang])
        except KeyError:
            raise IndicatorInputError(f"label must be one of 'en', 'zh', 'name_zh', 'adcode'; got {lang!r}") from None


def _norm(text: str) -> str:
    return re.sub(r"[\s\-_'’.·]", "", str(text)).casefold()


@lru_cache(maxsize=1)
def _table() -> pd.DataFrame:
    df = pd.read_csv(data_path("provinces.csv"), dtype={"adcode": int}, keep_default_na=False)
    df["mainland"] = df["mainland"].astype(str).str.lower().eq("true")
    df["region"] = df["region"].replace("", None)
    return df.set_index("adcode")


@lru_cache(maxsize=1)
def _keys() -> dict[str, int]:
    keys: dict[str, int] = {}
    for code, row in _table().iterrows():
        spellings = [str(code), row.name_zh, row.short_zh, row.abbr_zh, row.name_en]
        spellings += [a for a in row.aliases.split("|") if a]
        for s in spellings:
            keys[_norm(s)] = int(code)
        keys[_norm(str(code)[:2])] = int(code)  # two-digit province prefix of a code
    return keys


def province_table(*, include_special: bool = False) -> pd.DataFrame:
    """Metadata table of the provincial-level units, indexed by administrative code.

    Parameters
    ----------
    include_special : bool, default False
        Also return Hong Kong, Macao and Taiwan (``mainland == False``).

    Returns
    -------
    pandas.DataFrame
        Columns ``name_zh, short_zh, abbr_zh, name_en, aliases, region, capital_zh,
        capital_en, mainland``; ``region`` is the official four-region grouping
        (east, central, west, northeast), missing for the three non-mainland units.

    Examples
    --------
    >>> from indicators import province_table
    >>> t = province_table()
    >>> len(t), t.loc[330000, "short_zh"], t["region"].value_counts()["east"]
    (31, '浙江', np.int64(10))
    """
    df = _table()
    if not include_special:
        df = df[df["mainland"]]
    return df.copy()


def get_province(key) -> Province:
    """Look up one province from any accepted spelling.

    Raises
    ------
    UnknownProvinceError
        For a name or code that matches no unit; the message suggests close spellings.

    Examples
    --------
    >>> from indicators import get_province
    >>> get_province("浙江省").name_en, get_province(330000).short_zh, get_province("ZheJiang").adcode
    ('Zhejiang', '浙江', 330000)
    """
    if isinstance(key, bool) or key is None or (isinstance(key, float) and key != key):
        raise UnknownProvinceError(f"not a province name or code: {key!r}")
    found = find_province(key)
    if found is None:
        raise UnknownProvinceError(_unknown_message(key))
    return found


def find_province(key) -> Province | None:
    """:func:`get_province`, or None for a key that names no unit (without the error message's
    search for close spellings, so that labelling many non-province cases stays cheap).

    Examples
    --------
    >>> from indicators import find_province
    >>> find_province("浙江").name_en, find_province("unit000001")
    ('Zhejiang', None)
    """
    if isinstance(key, Province):
        return key
    if isinstance(key, bool) or key is None or (isinstance(key, float) and key != key):
        return None
    if isinstance(key, float) and key.is_integer():
        key = int(key)
    norm = _norm(key)
    code = _keys().get(norm)
    if code is None:
        code = _keys().get(_SUFFIX.sub("", norm))
    if code is None:
        return None
    row = _table().loc[code]
    fields = {f: row[f] for f in Province.__dataclass_fields__ if f != "adcode"}
    fields["region"] = fields["region"] if isinstance(fields["region"], str) else None
    fields["mainland"] = bool(fields["mainland"])
    return Province(adcode=int(code), **fields)


def _unknown_message(key) -> str:
    table = _table()
    names = list(table["name_en"]) + list(table["short_zh"]) + list(table["name_zh"])
    by_norm = {_norm(n): n for n in names}
    close = difflib.get_close_matches(_norm(key), list(by_norm), n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(repr(by_norm[c]) for c in close)}?" if close else ""
    capitals = {_norm(c): r for col in ("capital_zh", "capital_en") for c, r in zip(table[col], table.index)}
    if _norm(key) in capitals and not _norm(key) in _keys():
        code = capitals[_norm(key)]
        hint = f"; {key} is the capital of {table.at[code, 'name_en']} ({table.at[code, 'short_zh']})"
    return f"unknown province {key!r}{hint}"


def to_adcode(keys: Iterable) -> list[int]:
    """Administrative codes for a sequence of province spellings (order kept)."""
    return [get_province(k).adcode for k in keys]


def province_labels(keys: Iterable, lang: str = "en") -> list:
    """Display labels (``"en"``, ``"zh"``, ``"name_zh"`` or ``"adcode"``) for province spellings.

    Examples
    --------
    >>> from indicators import province_labels
    >>> province_labels(["Zhejiang", 440000], lang="zh")
    ['浙江', '广东']
    """
    return [get_province(k).label(lang) for k in keys]


def align_provinces(data, *, label: str = "en", expected="mainland", name: str = "data"):
    """Re-index a Series or DataFrame by province, checking for unknown, duplicate and missing units.

    Parameters
    ----------
    data : pandas.Series or pandas.DataFrame
        Index holds provinces in any accepted spelling (mixed spellings are fine).
    label : {"en", "zh", "name_zh", "adcode"}, default "en"
        Spelling of the returned index (named ``"province"``).
    expected : "mainland", "all", None or iterable of provinces, default "mainland"
        Units that must all be present: the 31 mainland units, all 34, none (no check), or
        an explicit list. Provinces outside ``expected`` raise as well.
    name : str
        Name of the input used in error messages.

    Returns
    -------
    Same type as ``data``: a copy in canonical order (administrative code).

    Examples
    --------
    >>> import pandas as pd
    >>> from indicators import align_provinces
    >>> s = pd.Series([1.0, 2.0], index=["浙江省", "beijing"])
    >>> align_provinces(s, expected=None).to_dict()
    {'Beijing': 2.0, 'Zhejiang': 1.0}
    """
    if not isinstance(data, (pd.Series, pd.DataFrame)):
        raise IndicatorTypeError(f"{name} must be a pandas Series or DataFrame, got {type(data).__name__}")
    provinces = []
    for key in data.index:
        try:
            provinces.append(get_province(key))
        except UnknownProvinceError as err:
            raise UnknownProvinceError(f"{name}: {err}") from None
    codes = pd.Index([p.adcode for p in provinces])
    dup = codes[codes.duplicated(keep=False)]
    if len(dup):
        groups = {}
        for key, code in zip(data.index, codes):
            if code in set(dup):
                groups.setdefault(code, []).append(repr(key))
        detail = "; ".join(f"{_table().at[c, 'name_en']}: {', '.join(v)}" for c, v in groups.items())
        raise DuplicateProvinceError(f"{name}: province listed more than once ({detail})")
    if expected is not None:
        if isinstance(expected, str) and expected in ("mainland", "all"):
            want = list(province_table(include_special=expected == "all").index)
        elif isinstance(expected, str):
            raise IndicatorInputError(f"expected must be 'mainland', 'all', None or a list of provinces; got {expected!r}")
        else:
            want = to_adcode(expected)
        missing = [c for c in want if c not in set(codes)]
        if missing:
            names = ", ".join(_table().at[c, "name_en"] for c in missing)
            raise MissingProvinceError(f"{name}: {len(missing)} province(s) missing: {names}")
        extra = [p for p in provinces if p.adcode not in set(want)]
        if extra:
            names = ", ".join(p.name_en for p in extra)
            raise UnknownProvinceError(f"{name}: province(s) outside the expected set: {names}")
    out = data.copy()
    out.index = pd.Index([p.label(label) for p in provinces], name="province")
    order = sorted(range(len(provinces)), key=lambda i: provinces[i].adcode)
    return out.iloc[order]
