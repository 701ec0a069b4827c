"""The workbook's sheets of the geographical-detector models in Chinese.

The models' CSV files keep gdverse's column names (``Variable1 Q-statistics``, ``Interaction``
with ``Enhance, bi-``...), so that a gdverse user can compare them line by line; in a Chinese
workbook the same numbers are shown with the report's Chinese column names, the condition
labels, the interaction types and yes/no in words. Columns this module does not know keep their
names.
"""
from __future__ import annotations

from ...tables import Table
from ...templates.strings import t, t_or
from .models_report import CODES, NAMES, interaction_word, models_of, yes_word

__all__ = ["model_sheet", "COLUMNS"]

#: gdverse's (and the ecological detector's) column names -> the report's string keys (``gdm.<key>``)
COLUMNS = {"variable": "condition", "variable1": "x1", "variable2": "x2", "x1": "x1", "x2": "x2",
           "Interaction": "type", "Variable1 Q-statistics": "q1", "Variable2 Q-statistics": "q2",
           "Variable1 and Variable2 interact Q-statistics": "q12", "Variable1 P-value": "p1",
           "Variable2 P-value": "p2", "Variable1 and Variable2 interact P-value": "p12",
           "Variable1 SPD": "spd1", "Variable2 SPD": "spd2", "spd_theta": "power", "Q-statistic": "q",
           "P-value": "p", "p_value": "p", "q": "q", "p": "p", "q1": "q1", "q2": "q2", "zone1st": "zone1",
           "zone2nd": "zone2", "Risk": "significant", "Ecological": "significant", "significant": "significant",
           "T-statistic": "statistic", "F-statistic": "statistic", "statistic": "statistic",
           "Degree-freedom": "df", "k": "k", "variables": "subset", "size": "size", "pid_idsa": "pid"}
_YES_NO = {"Risk", "Ecological", "significant"}
_NAMES = {"variable", "variable1", "variable2", "x1", "x2", "variables"}


def _cell(view, lang: str, column: str, value):
    if column == "Interaction" and value in CODES:
        return interaction_word(lang, value)
    if column in _YES_NO and value in (True, False, "Yes", "No"):
        return yes_word(lang, value)
    if column in _NAMES and isinstance(value, str):
        return " ∩ ".join(view.label(v.strip(), lang) for v in value.split("\u2229"))
    return value


def model_sheet(stem: str, view, lang: str) -> Table | None:
    """The sheet of ``tables/<stem>.csv`` (``gd_<model>_<table>``) in Chinese, or None (English
    workbooks, and files that are not a model's table, show the CSV as it is).

    Examples
    --------
    >>> from digigov.view import ResultsView
    >>> view = ResultsView.of({"study": {"labels": {"G": {"zh": "政府协同"}}}, "geodetector_models": {"models": {
    ...     "gozh": {"result": {"risk": [{"variable": "G", "zone1st": "1", "zone2nd": "2", "Risk": "Yes"}]}}}}})
    >>> tab = model_sheet("gd_gozh_risk", view, "zh")
    >>> tab.header[0], tab.rows[0]
    (['条件', '分区 1', '分区 2', '显著'], ['政府协同 (G)', '1', '2', '是'])
    >>> model_sheet("gd_gozh_risk", view, "en") is None
    True
    """
    head, _, rest = stem.partition("_")
    model, _, name = rest.partition("_")
    if lang != "zh" or head != "gd" or model not in NAMES:
        return None
    records = ((models_of(view).get(model) or {}).get("result") or {}).get(name)
    if not isinstance(records, list) or not records or not isinstance(records[0], dict):
        return None
    columns = list(records[0])
    header = [t(lang, f"gdm.{COLUMNS[c]}") if c in COLUMNS else view.label(c, lang) for c in columns]
    rows = [[_cell(view, lang, c, r.get(c)) for c in columns] for r in records]
    return Table(stem, t(lang, "gdm.sheet", model=NAMES[model], what=t_or(lang, f"gdm.tab_{name}", name)), [header], rows)
