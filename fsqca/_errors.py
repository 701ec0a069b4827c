"""The fsQCA error type and the "did you mean" hint, importable without pandas (so that the
``fsqca`` command starts fast); :mod:`fsqca._validate` re-exports both."""
from __future__ import annotations

from collections.abc import Iterable, Sequence


class QCAInputError(ValueError):
    """Raised for data or parameters that a QCA analysis cannot use."""


def _labels(index: Iterable, limit: int = 8) -> str:
    items = [str(i) for i in index]
    shown = ", ".join(items[:limit])
    return shown + (f", ... ({len(items)} in all)" if len(items) > limit else "")


def suggest(name: str, options: Sequence[str]) -> str:
    """A "did you mean" hint for a misspelt name (case-insensitive first), or the valid names."""
    import difflib

    options = [str(o) for o in options]
    lower = {o.lower(): o for o in options}
    if str(name).lower() in lower:
        return f"; did you mean {lower[str(name).lower()]!r}?"
    close = difflib.get_close_matches(str(name), options, n=1)
    if close:
        return f"; did you mean {close[0]!r}?"
    return f"; valid names are: {_labels(options, 20)}"
