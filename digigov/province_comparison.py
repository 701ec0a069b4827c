"""What a province comparison holds: a province's memberships against the nation and its
neighbours, and what each method of the study finds about it (:func:`compare_provinces`).

:mod:`digigov.compare` renders these as tables, figures, an HTML page or a Word file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from libdigigov.results import Result

from .errors import StudyError
from .methods import REGISTRY
from .view import ResultsView

__all__ = ["ProvinceComparison", "compare_provinces"]


@dataclass(frozen=True)
class ProvinceComparison(Result):
    """One province's position; see :func:`compare_provinces`.

    Attributes
    ----------
    case : str
        The province's case name in the results.
    name_zh, name_en : str
    profile : pandas.DataFrame
        One row per variable (outcome first): ``membership``, ``national_mean``,
        ``national_median``, ``rank`` (1 = highest; ties share the best rank), ``n`` (cases
        ranked) and ``neighbour_mean``.
    neighbours : tuple of str
        Case names of the neighbouring provinces in the study.
    parts : dict
        What each method finds about the province (its ``compare_case`` hook), by method
        name.  Their attributes read as the comparison's own (``comparison.x`` is the ``x`` of
        the first part that has one; see the methods' ``compare`` modules for what each holds).
    """

    case: str
    name_zh: str
    name_en: str
    profile: pd.DataFrame = field(repr=False)
    neighbours: tuple
    parts: dict = field(default_factory=dict, repr=False)

    _index = True

    #: The columns of :attr:`profile`.
    PROFILE_COLUMNS = ("membership", "national_mean", "national_median", "rank", "n", "neighbour_mean")

    @classmethod
    def names_only(cls, case) -> ProvinceComparison:
        """The comparison of the province ``case`` that holds its names only: its case name, its
        Chinese and English names, an empty profile, no neighbours and no parts.

        For sections that read nothing else of a province (a method's ``compare_sections``, such
        as a panel's year-over-year section, which reads the province's memberships in every
        period from the results); the side-by-side table and the page need
        :func:`compare_provinces`.

        Parameters
        ----------
        case : str
            The province's case name in the results, in any spelling :func:`indicators.get_province`
            knows (the case name is kept as given).

        Raises
        ------
        indicators.UnknownProvinceError
            ``case`` names no province.

        Examples
        --------
        >>> zj = ProvinceComparison.names_only("Zhejiang")
        >>> zj.case, zj.name("zh"), zj.caption("逐年变化", "zh"), zj.neighbours, len(zj.profile)
        ('Zhejiang', '浙江', '浙江：逐年变化', (), 0)
        """
        from indicators import get_province

        prov = get_province(case)
        return cls(str(case), prov.short_zh, prov.name_en, pd.DataFrame(columns=list(cls.PROFILE_COLUMNS)), ())

    def __getattr__(self, name: str):
        # only for names the comparison itself does not have: the methods' parts answer
        if not name.startswith("_"):
            for part in self.__dict__.get("parts", {}).values():
                if hasattr(part, name):
                    return getattr(part, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    @property
    def _title(self) -> str:
        return f"{self.name_en} ({self.name_zh})"

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en

    def caption(self, what: str, lang: str) -> str:
        """A caption about this province: ``"浙江：…"`` / ``"Zhejiang: …"``."""
        name = self.name(lang)
        return f"{name}：{what}" if lang == "zh" else f"{name}: {what}"

    def to_frame(self) -> pd.DataFrame:
        """The profile as a tidy table with the province in a column."""
        return self.profile.reset_index(names="variable").assign(province=self.name_en)

    def _header(self) -> list[str]:
        return ([f"neighbours: {', '.join(self.neighbours) or 'none'}"]
                + [line for part in self.parts.values() for line in part._header()])

    def _display_frame(self) -> pd.DataFrame:
        return self.profile

    def _notes(self) -> list[str]:
        return [line for part in self.parts.values() for line in part.notes]

    def _dict(self) -> dict:
        out = {"case": self.case, "name_zh": self.name_zh, "name_en": self.name_en,
               "neighbours": list(self.neighbours),
               "profile": self.profile.reset_index(names="variable").to_dict(orient="records")}
        for part in self.parts.values():     # each part's body; their notes are the comparison's
            out.update({k: v for k, v in part.to_dict().items() if k != "notes"})
        return out


def _case_index(cases) -> dict[int, str]:
    from indicators import get_province
    from indicators.errors import UnknownProvinceError

    out = {}
    for case in cases:
        try:
            out[get_province(case).adcode] = case
        except UnknownProvinceError:
            raise UnknownProvinceError(
                f"the study's case {case!r} is not a province: a province comparison needs "
                "province cases") from None
    return out


def compare_provinces(results: Mapping, provinces: Sequence, *, island_links: str | None = None
                      ) -> list[ProvinceComparison]:
    """Compare provinces with the nation, their neighbours and what each method finds.

    Parameters
    ----------
    results : dict
        Content of ``results.json``.
    provinces : sequence
        Provinces in any spelling (``"浙江"``, ``"Zhejiang"``, ``330000``...).
    island_links : str, optional
        Sea links for Hainan's neighbours (:func:`indicators.neighbours`); default the
        study's ``island_links`` or ``"none"``.

    Returns
    -------
    list of ProvinceComparison

    Raises
    ------
    indicators.UnknownProvinceError
        A name that is no province (with a suggestion) or a province not in the study.

    Examples
    --------
    >>> res = {"study": {"outcome": "Y", "conditions": ["A", "B"]},
    ...        "memberships": {"Zhejiang": {"Y": 0.9, "A": 0.8, "B": 0.3},
    ...                        "Shanghai": {"Y": 0.8, "A": 0.7, "B": 0.9},
    ...                        "Gansu": {"Y": 0.2, "A": 0.1, "B": 0.2}}}
    >>> zj, = compare_provinces(res, ["浙江省"])
    >>> zj.neighbours, int(zj.profile.loc["A", "rank"]), int(zj.profile.loc["B", "rank"])
    (('Shanghai',), 1, 2)
    """
    from indicators import get_province, neighbours
    from indicators.errors import UnknownProvinceError

    if isinstance(provinces, (str, int)):
        provinces = [provinces]
    if not provinces:
        raise StudyError("name at least one province to compare")
    view = ResultsView.of(results)
    m = view.memberships
    study = view.study
    variables = [v for v in [study.get("outcome"), *study.get("conditions", [])] if v in m.columns]
    by_code = _case_index(m.index)
    wanted = []
    for key in provinces:
        prov = get_province(key)   # raises with a did-you-mean suggestion
        if prov.adcode not in by_code:
            raise UnknownProvinceError(f"{key!r} ({prov.name_en}, {prov.short_zh}) is not among the study's cases")
        if any(w.adcode == prov.adcode for w in wanted):
            raise StudyError(f"{key!r} names {prov.name_en} ({prov.short_zh}) a second time; name each province once")
        wanted.append(prov)
    links = island_links or study.get("island_links") or "none"
    adj = neighbours(island_links=links, label="adcode")
    ranks = m[variables].rank(ascending=False, method="min")
    out = []
    for prov in wanted:
        case = by_code[prov.adcode]
        near_cases = [by_code[c] for c in adj.get(prov.adcode, []) if c in by_code]
        row = m.loc[case, variables]
        profile = pd.DataFrame({
            "membership": row,
            "national_mean": m[variables].mean(),
            "national_median": m[variables].median(),
            "rank": ranks.loc[case].astype(int),
            "n": m[variables].notna().sum(),
            "neighbour_mean": m.loc[near_cases, variables].mean() if near_cases else np.nan,
        })
        parts: dict = {}
        for method in REGISTRY:     # each method's facts; a later one may read the earlier ones'
            part = method.compare_case(view, case, dict(parts))
            if part is not None:
                parts[method.name] = part
        out.append(ProvinceComparison(case, prov.short_zh, prov.name_en, profile, tuple(near_cases), parts))
    return out
