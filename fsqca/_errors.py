"""Message helpers for fsQCA's errors (the "did you mean" hint), importable without pandas so
that the ``fsqca`` command starts fast; :mod:`fsqca._validate` re-exports them. The error
classes themselves are public, in :mod:`fsqca.errors`."""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from .errors import QCAInputError  # noqa: F401  (re-exported for the engine's modules)


def _labels(index: Iterable, limit: int = 8) -> str:
    items = [str(i) for i in index]
    shown = ", ".join(items[:limit])
    return shown + (f", ... ({len(items)} in all)" if len(items) > limit else "")


def suggest(name: str, options: Sequence[str]) -> str:
    """A "did you mean" hint for a misspelt name (case-insensitive first), or the valid names."""
    import difflib

    same_text = [o for o in options if str(o) == str(name)]
    if same_text:
        # e.g. the column is the integer 1 and "1" was asked for: a suggestion would repeat the name
        return (f"; the data have a column {same_text[0]!r} of type {type(same_text[0]).__name__}, "
                f"not {type(name).__name__}: column names are matched exactly")
    options = [str(o) for o in options]
    lower = {o.lower(): o for o in options}
    if str(name).lower() in lower:
        return f"; did you mean {lower[str(name).lower()]!r}?"
    close = difflib.get_close_matches(str(name), options, n=1)
    if close:
        return f"; did you mean {close[0]!r}?"
    return f"; valid names are: {_labels(options, 20)}"
