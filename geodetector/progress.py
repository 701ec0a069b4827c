"""A dependency-free progress report for long searches."""

from __future__ import annotations

import contextlib
import contextvars
import sys
import time

_DASK_PROGRESS = contextvars.ContextVar("geodetector_dask_progress", default=False)


class Progress:
    """Calls ``callback(done, total)`` or draws a bar on stderr when ``callback is True``.

    Nothing happens when ``callback`` is falsy, so callers can always step it.
    """

    def __init__(self, total: int, label: str = "", callback=None, stream=None):
        self.total, self.label, self.done = int(total), label, 0
        self.callback = callback
        self.stream = stream if stream is not None else sys.stderr
        self._last = 0.0

    def step(self, n: int = 1) -> None:
        self.done += n
        if not self.callback:
            return
        if callable(self.callback):
            self.callback(self.done, self.total)
            return
        now = time.monotonic()
        if now - self._last >= 0.1 or self.done >= self.total:
            self._last = now
            width = 30
            filled = int(width * self.done / max(self.total, 1))
            self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] "
                              f"{self.done}/{self.total}")
            self.stream.flush()

    def close(self) -> None:
        if self.callback is True:
            self.stream.write("\n")
            self.stream.flush()


@contextlib.contextmanager
def dask_progress(enabled: bool = True):
    """Draw a bar on stderr while the detectors pass over the partitions of Dask data.

    Works with the local schedulers and with a ``distributed`` client alike (the bar counts
    finished partitions).

    Examples
    --------
    >>> with dask_progress():
    ...     dask_progress_requested()
    True
    >>> dask_progress_requested()
    False
    """
    token = _DASK_PROGRESS.set(bool(enabled))
    try:
        yield
    finally:
        _DASK_PROGRESS.reset(token)


def dask_progress_requested() -> bool:
    """Whether the caller is inside :func:`dask_progress`."""
    return _DASK_PROGRESS.get()
