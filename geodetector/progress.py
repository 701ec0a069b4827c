"""A dependency-free progress report for long searches."""

from __future__ import annotations

import sys
import time


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
