"""HTML rendering shared by the result objects (Jupyter ``_repr_html_``)."""

from __future__ import annotations

from html import escape

import pandas as pd


def html_table(df: pd.DataFrame, caption: str, float_format=None) -> str:
    """A captioned HTML table (``DataFrame.to_html`` has no caption argument)."""
    return f"<div><p><strong>{escape(caption)}</strong></p>{df.to_html(float_format=float_format)}</div>"
