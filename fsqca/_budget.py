"""Time budget and progress reports for one call of :func:`fsqca.minimize`.

Minimisation is exact, and on hard charts proving the minimum can take long. A
:class:`Budget` carries the optional time limit (a deadline on a clock) and the progress
reporter through every stage (prime implicants, cyclic core, integer program, listing), so
that

- a stage asks :meth:`Budget.expired` and stops with the best it has when time is up;
- a stage calls :meth:`Budget.update` with what it knows (nodes searched, best cover size,
  proven lower bound); nothing is shown during the first ``after`` seconds, so ordinary charts
  print nothing, then a line at most every ``every`` seconds.

``progress`` is ``True`` (lines on standard error: in a terminal one line that updates in
place, elsewhere, e.g. in a notebook, one line per report), ``False`` (silent) or a callable
that receives each :class:`Progress`. The clock can be replaced (tests use a fake one).

With ``True`` a small daemon thread also repeats the last known state while a stage runs
inside one long call (an array operation, the LP relaxation), so that the line appears even
when no stage reports; :meth:`Budget.finish` stops it.
"""
from __future__ import annotations

import math
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from numbers import Real

from ._validate import QCAInputError

__all__ = ["Budget", "Progress", "check_time_limit", "check_positive_int"]

#: Seconds before the first progress line, and between two lines.
FIRST_REPORT_AFTER = 2.5
REPORT_EVERY = 2.0


@dataclass(frozen=True)
class Progress:
    """One progress report: the stage and what is known so far (None: not known yet)."""

    stage: str
    elapsed: float
    nodes: int | None = None
    best: int | None = None
    bound: int | None = None

    def line(self) -> str:
        parts = [f"fsqca minimize: {self.elapsed:.0f} s, {self.stage}"]
        if self.nodes is not None:
            parts.append(f"{self.nodes:,} nodes")
        if self.best is not None:
            parts.append(f"best {self.best}")
        if self.bound is not None:
            parts.append(f"lower bound {self.bound}")
        return ", ".join(parts)


def check_time_limit(value) -> float | None:
    """``None`` or a positive finite number of seconds; anything else is a clear error."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, Real) or math.isnan(value) or value <= 0:
        raise QCAInputError(f"time_limit must be a positive number of seconds (or None), got {value!r}")
    return float(value)


def check_positive_int(name: str, value, allow_none: bool = False) -> int | None:
    """A whole number >= 1 (``None`` too when allowed); anything else is a clear error."""
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, Real) or value != value or int(value) != value or value < 1:
        raise QCAInputError(f"{name} must be a whole number >= 1{' (or None)' if allow_none else ''}, got {value!r}")
    return int(value)


class Budget:
    """The time limit and progress reporter of one minimisation.

    Examples
    --------
    >>> now = [0.0]                                # a fake clock, moved by hand
    >>> seen = []
    >>> b = Budget(time_limit=10, progress=seen.append, clock=lambda: now[0])
    >>> now[0] = 1.0; b.update("listing models", nodes=5)    # too early: nothing shown
    >>> now[0] = 3.0; b.update("listing models", nodes=900)
    >>> [p.line() for p in seen]
    ['fsqca minimize: 3 s, listing models, 900 nodes']
    >>> b.expired(), b.remaining()
    (False, 7.0)
    >>> now[0] = 12.0; b.expired(), b.timed_out
    (True, True)
    >>> b.finish(); b.timings                      # one stage, from 1 s to 12 s
    {'listing models': 11.0}
    """

    def __init__(self, time_limit: float | None = None, progress: bool | Callable[[Progress], object] = True,
                 *, clock: Callable[[], float] = time.monotonic, after: float = FIRST_REPORT_AFTER,
                 every: float = REPORT_EVERY):
        if not (progress is True or progress is False or progress is None or callable(progress)):
            raise QCAInputError(f"progress must be True, False or a callable, got {progress!r}")
        self.time_limit = check_time_limit(time_limit)
        self.clock = clock
        self.start = clock()
        self.deadline = None if self.time_limit is None else self.start + self.time_limit
        self.sink = _stderr_line if progress is True else (progress or None)
        self.after, self.every = after, every
        self._next = self.start + after
        self._shown = False
        self.timed_out = False
        self._state = ("starting", None, None, None)
        self.timings: dict[str, float] = {}   # seconds per stage (the part of its name before " (")
        self._stage, self._stage_start = None, self.start
        # a chart solved in parts (essentials, independent blocks): what the other parts add to
        # the best cover and the lower bound that a stage reports, so that lines show totals
        self._offset = (0, 0)
        self._part: str | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ticker = None
        if progress is True and clock is time.monotonic:
            self._ticker = threading.Thread(target=self._tick, name="fsqca-progress", daemon=True)
            self._ticker.start()

    def _tick(self) -> None:
        while not self._stop.wait(0.5):
            self._report(*self._state)

    def elapsed(self) -> float:
        return self.clock() - self.start

    def remaining(self) -> float | None:
        """Seconds left (``None`` without a limit; never negative)."""
        if self.deadline is None:
            return None
        return max(self.deadline - self.clock(), 0.0)

    def expired(self) -> bool:
        """Whether the time limit has passed (remembered in ``timed_out``)."""
        if self.deadline is not None and not self.timed_out and self.clock() >= self.deadline:
            self.timed_out = True
        return self.timed_out

    def set_part(self, part: str | None, best_offset: int = 0, bound_offset: int = 0) -> None:
        """Say which part of a chart the next reports are about (e.g. "block 2 of 3"), and what
        the rest of the chart adds to their best cover and lower bound.

        >>> now = [3.0]
        >>> seen = []
        >>> b = Budget(progress=seen.append, clock=lambda: now[0])
        >>> b.set_part("block 2 of 2", best_offset=4, bound_offset=3)
        >>> now[0] = 6.0; b.update("minimum size (integer program)", best=10, bound=8)
        >>> seen[-1].line()
        'fsqca minimize: 3 s, minimum size (integer program), block 2 of 2, best 14, lower bound 11'
        """
        self._part, self._offset = part, (best_offset, bound_offset)

    def update(self, stage: str, *, nodes: int | None = None, best: int | None = None,
               bound: int | None = None) -> None:
        """Report progress if the first ``after`` seconds are over and ``every`` seconds have passed.

        ``best`` and ``bound`` are those of the part being solved (see :meth:`set_part`); the
        line shows them for the whole chart.
        """
        if stage != self._stage:
            self._switch(stage)
        if self.sink is None:
            return
        if best is not None:
            best += self._offset[0]
        if bound is not None:
            bound += self._offset[1]
        if self._part:
            stage = f"{stage}, {self._part}"
        self._state = (stage, nodes, best, bound)
        self._report(stage, nodes, best, bound)

    def _report(self, stage, nodes, best, bound) -> None:
        now = self.clock()
        if now < self._next:
            return
        with self._lock:
            if now < self._next or self._stop.is_set():
                return
            self._next = now + self.every
            self._shown = True
            self.sink(Progress(stage, now - self.start, nodes, best, bound))

    def _switch(self, stage: str | None) -> None:
        now = self.clock()
        if self._stage is not None:
            key = self._stage.split(" (")[0]
            self.timings[key] = self.timings.get(key, 0.0) + now - self._stage_start
        self._stage, self._stage_start = stage, now

    def finish(self) -> None:
        """Stop the reports and close the stage timings; end an updating line on a terminal."""
        self._switch(None)
        self._stop.set()
        with self._lock:
            if self._shown and self.sink is _stderr_line:
                _stderr_line(None)


def _stderr_line(p: Progress | None) -> None:
    stream = sys.stderr
    if stream is None:  # pragma: no cover - e.g. pythonw
        return
    tty = getattr(stream, "isatty", lambda: False)()
    try:
        if p is None:
            if tty:
                stream.write("\n")
        elif tty:
            stream.write("\r" + p.line().ljust(79))
        else:
            stream.write(p.line() + "\n")
        stream.flush()
    except (OSError, ValueError):  # pragma: no cover - closed stream: progress is optional
        pass
