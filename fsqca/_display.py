"""Small helpers that give every result object the same text and HTML look."""
from __future__ import annotations

import html

import pandas as pd


def fmt(x, digits: int = 3) -> str:
    if x is None:
        return ""
    try:
        if pd.isna(x):
            return "NA"
    except (TypeError, ValueError):
        pass
    if isinstance(x, float):
        return f"{x:.{digits}f}"
    return str(x)


def frame_text(df: pd.DataFrame, digits: int = 3) -> str:
    with pd.option_context("display.max_rows", 500, "display.max_columns", 50, "display.width", 200):
        return df.to_string(float_format=lambda v: f"{v:.{digits}f}")


def html_block(title: str, body_frames: list[tuple[str, pd.DataFrame]], notes: list[str] = (), digits: int = 3) -> str:
    parts = [f"<div><strong>{html.escape(title)}</strong>"]
    for caption, df in body_frames:
        if caption:
            parts.append(f"<div style='margin-top:0.5em'><em>{html.escape(caption)}</em></div>")
        parts.append(df.to_html(float_format=lambda v: f"{v:.{digits}f}", na_rep="", escape=True))
    for note in notes:
        parts.append(f"<div style='font-size:90%'>{html.escape(note)}</div>")
    parts.append("</div>")
    return "\n".join(parts)
