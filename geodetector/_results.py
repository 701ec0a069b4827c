"""Shared behaviour of the result objects: tidy frame, text summary, Jupyter HTML view."""

from __future__ import annotations

import html

import pandas as pd


class ResultMixin:
    """Mixin for frozen result dataclasses holding their tidy table in ``table``."""

    _title = "Geographical detector"

    def to_frame(self) -> pd.DataFrame:
        """The result as a tidy :class:`pandas.DataFrame` (a copy)."""
        return self.table.copy()

    def _header(self) -> list[str]:
        return []

    def summary(self) -> str:
        """Plain-text report: a header with the settings, then the table."""
        lines = [self._title, "=" * len(self._title), *self._header(), ""]
        body = self._summary_frame().to_string(index=False, float_format=_fmt)
        return "\n".join(lines + [body])

    def _summary_frame(self) -> pd.DataFrame:
        return self.table

    def _repr_html_(self) -> str:
        head = "".join(f"<li>{html.escape(h)}</li>" for h in self._header())
        table = self._summary_frame().to_html(index=False, float_format=_fmt, border=0)
        return f"<div><strong>{html.escape(self._title)}</strong><ul>{head}</ul>{table}</div>"

    def __str__(self) -> str:
        return self.summary()


def _fmt(v: float) -> str:
    if v != v:  # NaN
        return ""
    if v != 0 and (abs(v) < 1e-4 or abs(v) >= 1e6):
        return f"{v:.3e}"
    return f"{v:.4f}"
