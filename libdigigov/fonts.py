"""A CJK-capable font for matplotlib that works on a fresh machine.

Chinese province names and labels need a font with CJK glyphs; a bare Linux machine or CI
runner has none, and matplotlib then draws empty boxes (with a "Glyph ... missing" warning).
The pip package ``mplfonts`` ships Noto Sans CJK SC (and Noto Serif CJK SC) inside its wheel,
so registering its files with matplotlib needs no system fonts and no download.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> from libdigigov.fonts import register_cjk_font
>>> family = register_cjk_font()
>>> "CJK" in family
True
>>> fig, ax = plt.subplots()
>>> _ = ax.set_title("广东省", family=family)
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

__all__ = ["cjk_font_path", "register_cjk_font", "cjk_family_or_none", "cjk_family_for", "use_cjk_font", "has_cjk"]

# Font files inside mplfonts' wheel, preferred first for each style.
_FILES = {
    "sans": ["NotoSansCJKsc-Regular.otf", "SimHei.ttf"],
    "serif": ["NotoSerifCJKsc-Regular.otf", "SourceHanSerifSC-Regular.otf"],
}
# Families a system may already have, used only when mplfonts is not installed.
_SYSTEM = ["Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC", "WenQuanYi Zen Hei",
           "WenQuanYi Micro Hei", "SimHei", "Microsoft YaHei", "PingFang SC", "Heiti SC"]


def _package_font_dir() -> Path | None:
    # find_spec locates the package without importing it (its __init__ is not needed).
    spec = importlib.util.find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0]) / "fonts"


def cjk_font_path(style: str = "sans") -> Path | None:
    """Path of the bundled CJK font file for ``style`` ("sans" or "serif"), or None."""
    if style not in _FILES:
        raise ValueError(f"style must be 'sans' or 'serif', got {style!r}")
    folder = _package_font_dir()
    if folder is None:
        return None
    for name in _FILES[style]:
        if (folder / name).is_file():
            return folder / name
    return None


@lru_cache(maxsize=None)
def register_cjk_font(style: str = "sans") -> str:
    """Register a CJK font with matplotlib and return its family name.

    Uses the font shipped in the ``mplfonts`` wheel; without it, falls back to a CJK family
    already known to matplotlib.  Raises :class:`RuntimeError` if neither exists.
    """
    from matplotlib import font_manager

    path = cjk_font_path(style)
    if path is not None:
        font_manager.fontManager.addfont(str(path))
        return font_manager.FontProperties(fname=str(path)).get_name()
    known = {f.name for f in font_manager.fontManager.ttflist}
    for family in _SYSTEM:
        if family in known:
            return family
    raise RuntimeError("no CJK font available: install the 'mplfonts' package "
                       "(pip install mplfonts), which ships Noto Sans CJK")


def cjk_family_or_none(style: str = "sans") -> str | None:
    """Like :func:`register_cjk_font`, but None instead of an error when no CJK font exists.

    Plots and maps call this: a missing font must degrade the labels, never break a figure.
    """
    try:
        return register_cjk_font(style)
    except Exception:  # unreadable font file, no font at all: the caller falls back
        return None


def cjk_family_for(lang: str, *texts, strict: bool = False) -> str | None:
    """The CJK family when a plot needs one (``lang`` is ``"zh"`` or any of ``texts`` has CJK
    characters), else None.

    Without a CJK font, None (the labels degrade) or, with ``strict``, the error of
    :func:`register_cjk_font`.

    Examples
    --------
    >>> cjk_family_for("en", "Zhejiang") is None
    True
    >>> "CJK" in cjk_family_for("en", "浙江")
    True
    """
    if lang != "zh" and not has_cjk(*texts):
        return None
    return register_cjk_font() if strict else cjk_family_or_none()


def use_cjk_font(style: str = "sans") -> str:
    """Make the CJK font matplotlib's default (with DejaVu as fallback) and return its family.

    Latin text, digits and the minus sign still come out right: matplotlib falls back
    glyph by glyph through the family list.
    """
    import matplotlib as mpl

    family = register_cjk_font(style)
    key = "font.serif" if style == "serif" else "font.sans-serif"
    fallback = "DejaVu Serif" if style == "serif" else "DejaVu Sans"
    current = [f for f in mpl.rcParams[key] if f not in (family, fallback)]
    mpl.rcParams[key] = [family, fallback, *current]
    mpl.rcParams["font.family"] = style if style == "serif" else "sans-serif"
    return family


def has_cjk(*texts) -> bool:
    """True if any of ``texts`` contains a CJK character (so a CJK font is needed)."""
    for t in texts:
        for ch in str(t):
            o = ord(ch)
            if 0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF:
                return True
    return False
