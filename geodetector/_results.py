"""Shared behaviour of the result objects: tidy frame, text summary, Jupyter HTML view."""

from __future__ import annotations

import html

import pandas as pd

from libdigigov.io import clean_json


class ResultMixin:
    """Mixin for frozen result dataclasses holding their tidy table in ``table``."""

    _title = "Geographical detector"

    def to_frame(self) -> pd.DataFrame:
        """The result as a tidy :class:`pandas.DataFrame` (a copy)."""
        return self.table.copy()

    def _header(self) -> list[str]:
        return []

    def _notes(self) -> list[str]:
        """Lines shown after the table: choices the method made, warnings, caveats."""
        return []

    @property
    def notes(self) -> list[str]:
        """The notes shown by :meth:`summary` (choices made, warnings)."""
        return list(self._notes())

    def _dict(self) -> dict:
        """The JSON body (without ``notes``); the table's records by default."""
        return {"table": self.to_frame().to_dict(orient="records")}

    def to_dict(self) -> dict:
        """JSON-ready ``dict``: the result's body plus ``notes`` (NaN becomes ``None``)."""
        body = dict(self._dict())
        body.setdefault("notes", self._notes())
        return clean_json(body)

    def summary(self) -> str:
        """Plain-text report: a header with the settings, then the table, then notes."""
        lines = [self._title, "=" * len(self._title), *self._header(), ""]
        body = self._summary_frame().to_string(index=False, float_format=_fmt)
        notes = self._notes()
        tail = ["", *(f"Note: {n}" for n in notes)] if notes else []
        return "\n".join(lines + [body] + tail)

    def _summary_frame(self) -> pd.DataFrame:
        return self.table

    def _repr_html_(self) -> str:
        head = "".join(f"<li>{html.escape(h)}</li>" for h in self._header())
        table = self._summary_frame().to_html(index=False, float_format=_fmt, border=0)
        notes = "".join(f"<div style='font-size:90%'>Note: {html.escape(n)}</div>"
                        for n in self._notes())
        return (f"<div><strong>{html.escape(self._title)}</strong><ul>{head}</ul>{table}"
                f"{notes}</div>")

    def __str__(self) -> str:
        return self.summary()


def _fmt(v: float) -> str:
    if v != v:  # NaN
        return ""
    if v != 0 and (abs(v) < 1e-4 or abs(v) >= 1e6):
        return f"{v:.3e}"
    return f"{v:.4f}"
