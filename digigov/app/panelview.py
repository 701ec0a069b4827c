"""Panel studies in the workbench: the pooled panel, or one period of it, one at a time.

A panel study (long data: one case per unit and period, ``"Zhejiang 2021"``) opens on its
pooled panel, as ``digigov run`` analyses it: every unit-period a case, one set of anchors over
all of them (``panel.calibration: pooled``). The period selector shows one period instead:

- its units are the cases (``"Zhejiang"``), so maps and the province comparison work;
- their memberships are the panel's: with pooled calibration the anchors are the raw values the
  pooled calibration found (the same memberships as in the pooled analysis), with per-period
  calibration that period's own anchors;
- "Save study" writes a cross-section study of that period (its rows and those anchors), which
  ``digigov run`` reproduces; in the pooled view it writes the panel study (long data with the
  unit and period columns, the ``panel:`` section).

The pooled view says which periods it pools (:func:`pooled_periods`) and shows what ``digigov
run`` adds for a panel (the diagnostics by period, by region and within each unit), computed by
the pipeline's own code on the workbench's analysis
(:func:`digigov.app.studyio.pooled_rerun`, :func:`full_tables`);
its map shows one period of it (:func:`period_rows`).

Examples
--------
>>> from digigov.app.studyio import workbench_from_study
>>> from digigov.app.bridge import example_panel_path
>>> wb = workbench_from_study(example_panel_path())
>>> wb.panel["view"], len(wb.data), periods(wb)
('pooled', 155, ['2019', '2020', '2021', '2022', '2023'])
>>> one = select_view(wb, "2021")
>>> len(one.data), one.data.index[0], one.panel["view"]
(31, 'Beijing', '2021')

A period's memberships are the pooled panel's:

>>> from digigov.app.model import analyse
>>> pooled = analyse(wb).memberships.loc["Zhejiang 2021"]
>>> bool((analyse(one).memberships.loc["Zhejiang"] == pooled).all())
True
"""
from __future__ import annotations

import pandas as pd

import fsqca

from . import bridge
from .model import ANCHOR_KEYS, UserInputError, Workbench
from .strings import t

__all__ = ["POOLED", "periods", "select_view", "resolved_anchors", "describe", "panel_frame", "pooled_offered",
           "in_pooled_view", "pooled_provinces", "panel_words", "pooled_periods", "full_tables", "period_rows"]

#: The selector's value for the pooled panel.
POOLED = "pooled"


def periods(wb: Workbench) -> list[str]:
    """The panel's periods in order (empty for a cross-section)."""
    if not wb.panel:
        return []
    return sorted(dict.fromkeys(wb.panel["cases"][wb.panel["settings"]["period"]]))


def pooled_offered(wb: Workbench) -> bool:
    """Whether the pooled view can be shown (a panel calibrated over all periods at once)."""
    return bool(wb.panel) and wb.panel["settings"]["calibration"] == "pooled"


def resolved_anchors(long: pd.DataFrame, anchors: dict, columns, avoid_half, percentile_method) -> dict:
    """The raw anchor values of a pooled calibration over all unit-periods, per column."""
    cal = fsqca.calibrate_frame(long[list(columns)].astype(float),
                                {c: {"thresholds": anchors[c]} for c in columns}, avoid_half=avoid_half,
                                percentile_method=percentile_method)
    report = cal.report.set_index("column")
    return {c: {k: float(report.at[c, k]) for k in ANCHOR_KEYS} for c in columns}


def select_view(wb: Workbench, view: str) -> Workbench:
    """The workbench showing ``view`` (:data:`POOLED` or a period) of its panel; the settings carry over."""
    if not wb.panel:
        raise UserInputError("these data are not a panel")
    panel = dict(wb.panel)
    if view == panel["view"]:
        return wb
    settings = panel["settings"]
    cols = [*wb.conditions, wb.outcome]
    if panel["view"] == POOLED:
        # anchors edited in the pooled view are the panel's from now on
        panel["anchors"] = {c: wb.anchor(c) for c in cols}
    long, cases = panel["long"], panel["cases"]
    if view == POOLED:
        if not pooled_offered(wb):
            raise UserInputError("this panel calibrates each period on its own (panel.calibration: per_period): "
                                 "choose a period; the pooled panel with per-period anchors is analysed by "
                                 "`digigov run`")
        panel["view"] = POOLED
        return wb.with_(data=long, anchors=dict(panel["anchors"]), provinces=False, panel=panel,
                        source=panel["source"])
    if view not in periods(wb):
        raise UserInputError(f"period {view!r} is not in the panel; its periods: {', '.join(periods(wb))}")
    rows = cases.index[cases[settings["period"]] == view]
    data = long.loc[rows].copy()
    data.index = pd.Index(cases.loc[rows, settings["unit"]].to_list(), name=settings["unit"])
    if settings["calibration"] == "pooled":
        panel["resolved"] = resolved_anchors(long, panel["anchors"], cols, wb.avoid_half, wb.percentile_method)
        anchors = panel["resolved"]
    else:
        anchors = dict(panel["anchors"])       # per period: the period's own percentiles, as digigov run
    panel["view"] = view
    provinces = bool(panel["provinces"]) and len(data) == 31
    return wb.with_(data=data, anchors=anchors, provinces=provinces, panel=panel, case_column=settings["unit"],
                    source=f"{panel['source']}, {settings['period']} {view}")


def panel_words(wb: Workbench, lang: str) -> tuple[str, str]:
    """The panel's unit and period in words of ``lang``: the study's labels of its unit and period
    columns (``labels:``), else the report's words (省份 and 年份 for ``province`` and ``year``),
    else the column names in English and 单位 and 时期 in Chinese (a column name is no Chinese word).

    Examples
    --------
    >>> from digigov.app.studyio import workbench_from_study
    >>> from digigov.app.bridge import example_panel_path
    >>> wb = workbench_from_study(example_panel_path())
    >>> panel_words(wb, "zh"), panel_words(wb, "en")
    (('省份', '年份'), ('province', 'year'))
    >>> panel_words(wb.with_(labels={**wb.labels, "year": {"zh": "年度"}}), "zh")
    ('省份', '年度')
    """
    st = wb.panel["settings"]
    return (bridge.panel_word("unit", str(st["unit"]), lang, wb.labels),
            bridge.panel_word("period", str(st["period"]), lang, wb.labels))


def describe(wb: Workbench, lang: str) -> str | None:
    """Which part of the panel is shown, in words (None for a cross-section)."""
    if not wb.panel:
        return None
    st, view = wb.panel["settings"], wb.panel["view"]
    ps = periods(wb)
    span = f"{ps[0]}–{ps[-1]}" if len(ps) > 1 else ps[0]
    units = wb.panel["cases"][st["unit"]].nunique()
    unit, period = panel_words(wb, lang)
    zh = lang == "zh"
    if view == POOLED:
        return (f"面板数据（{span}，{units} 个{unit}，{len(wb.panel['long'])} 个{unit}-{period}）："
                f"当前显示合并面板（所有{period}合并，统一锚点），与 `digigov run` 对该面板研究的分析相同。" if zh else
                f"Panel data ({span}, {units} {unit} units, {len(wb.panel['long'])} {unit}-{period}s): "
                "showing the POOLED panel (all periods together, one set of anchors), as `digigov run` analyses "
                "the panel study.")
    how = ("锚点取自合并面板校准（原始值），隶属度与合并面板相同" if st["calibration"] == "pooled" else
           "锚点按本期数据计算（per_period）") if zh else (
        "anchors are the raw values of the pooled panel's calibration, so the memberships are the panel's"
        if st["calibration"] == "pooled" else "anchors from this period's values (per_period calibration)")
    return (f"面板数据（{span}）：当前仅显示{period} {view}（{len(wb.data)} 个案例）；{how}。"
            "保存的研究是这一期的截面研究。" if zh else
            f"Panel data ({span}): showing {period} {view} only ({len(wb.data)} cases); {how}. "
            "Saving writes a cross-section study of this period.")


def panel_frame(wb: Workbench, columns) -> pd.DataFrame:
    """The pooled view's long data with the unit and period columns first (the saved panel's data.csv)."""
    st = wb.panel["settings"]
    cases = wb.panel["cases"].loc[wb.data.index, [st["unit"], st["period"]]]
    return pd.concat([cases, wb.data[list(columns)]], axis=1).reset_index(drop=True)


def in_pooled_view(wb: Workbench) -> bool:
    """Whether the workbench shows a panel's pooled view."""
    return bool(wb is not None and wb.panel) and wb.panel["view"] == POOLED


def pooled_provinces(wb: Workbench) -> bool:
    """Whether the workbench shows the pooled view of a panel of China's provinces (maps and the
    comparison then show or compare its periods)."""
    return in_pooled_view(wb) and bool(wb.panel["provinces"])


def pooled_periods(wb: Workbench, lang: str) -> str | None:
    """Which periods the pooled view pools, in words (None outside it); the unit and the period
    named as :func:`panel_words` names them.

    >>> from digigov.app.studyio import workbench_from_study
    >>> from digigov.app.bridge import example_panel_path
    >>> print(pooled_periods(workbench_from_study(example_panel_path()), "zh"))
    合并的年份：2019、2020、2021、2022、2023——5 个年份 × 31 个省份 = 155 个案例，统一锚点。
    """
    if not in_pooled_view(wb):
        return None
    st = wb.panel["settings"]
    ps = periods(wb)
    units = wb.panel["cases"][st["unit"]].nunique()
    unit, period = panel_words(wb, lang)
    sep = "、" if lang == "zh" else ", "
    return t("pooled_periods", lang).format(periods=sep.join(ps), n=len(ps), units=units, unit=unit,
                                            period=period, cases=len(wb.data))


def full_tables(rerun, lang: str) -> list[tuple[str, str, pd.DataFrame, bool]]:
    """``(caption, file name, frame, index written)`` of every file of ``tables/`` the rerun
    methods write, as ``digigov run`` writes them (the caption is the Excel workbook's, in ``lang``)."""
    return [(bridge.sheet_caption(rerun, tab.name.rpartition(".")[0], lang), tab.name, tab.frame, tab.index)
            for tab in rerun.csv_tables() if tab.text is None]


def period_rows(wb: Workbench, frame: pd.DataFrame, period: str) -> pd.DataFrame:
    """The rows of ``frame`` (indexed by the pooled view's cases) of one period, indexed by unit:
    a pooled analysis's memberships of that period, for its map."""
    st = wb.panel["settings"]
    cases = wb.panel["cases"].loc[frame.index]
    rows = cases.index[cases[st["period"]].astype(str) == str(period)]
    out = frame.loc[rows].copy()
    out.index = pd.Index(cases.loc[rows, st["unit"]].to_list(), name=st["unit"])
    return out
