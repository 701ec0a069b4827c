"""Long steps of the workbench: run without blocking the session, with a progress bar and Cancel.

One mechanism serves every long step (the province comparison, the whole study, the robustness
sweep, NCA's permutation test): a :class:`LongStep` runs an ``async`` job as a Shiny extended
task, the job reports ``(fraction, text)`` and the page's progress bar follows at once; Cancel
stops the job. A job runs either

- ``digigov`` commands in child processes (:func:`run_commands`): Cancel kills the child; or
- a computation in a worker thread (:func:`run_in_thread`): the computation calls its
  ``progress`` function now and then, and that call raises :class:`Cancelled` once Cancel is
  pressed, so the thread stops at its next report. The session is free at once either way.

Nothing half-done is kept: a cancelled step leaves the page as it was before the step started.
"""
from __future__ import annotations

import asyncio
import os
import re
import sys
import threading
from html import escape

from shiny import reactive, render, ui

__all__ = ["LongStep", "Cancelled", "run_commands", "run_in_thread", "progress_html"]


class Cancelled(Exception):
    """Raised inside a worker thread's ``progress`` call once the step is cancelled."""


class LongStep:
    """A long step of one session: ``start(*args)``, ``cancel()``, its progress and its outcome.

    ``job(report, stop, *args)`` is an ``async`` function; ``report(fraction, text)`` updates the
    progress bar (``fraction`` None: no measure of how far it is), ``stop`` is a
    :class:`threading.Event` set by Cancel (for :func:`run_in_thread`). ``on_success(result)`` and
    ``on_error(exc)`` run in the session when the job ends.
    """

    def __init__(self, name: str, job, *, on_success, on_error):
        self.name = name
        self._job = job
        self._on_success, self._on_error = on_success, on_error
        # named values: Shiny otherwise infers a value's name from the call stack, which costs
        # a tenth of a second each, at every session's start
        self.progress = reactive.value(None, name=f"{name}_progress")   # (fraction, text) or None
        self._runs = reactive.value(0, name=f"{name}_runs")
        self._task = None            # the extended task, made at the first start (not at session start)
        self._stop = threading.Event()
        self._pending: set = set()   # progress reports on their way (the loop holds tasks weakly)

        @reactive.effect
        def _finished():
            self._runs()
            if self._task is None:
                return
            status = self._task.status()
            if status in ("success", "error"):
                self._stop.set()     # a report still on its way is dropped
            if status == "success":
                self.progress.set(None)
                self._on_success(self._task.result())
            elif status == "error":
                self.progress.set(None)
                try:
                    self._task.result()
                except Exception as exc:   # noqa: BLE001 - handed to the session's one-line message
                    self._on_error(exc)

    def start(self, *args, text: str = "") -> None:
        """Start the job (a running one of this step is cancelled first)."""
        if self._task is None:
            self._task = reactive.ExtendedTask(self._run)
            with reactive.isolate():
                self._runs.set(self._runs() + 1)
        else:
            self._stop.set()
            self._task.cancel()
        self._stop = threading.Event()
        self.progress.set((0.0, text))
        self._task.invoke(self._stop, *args)

    def cancel(self) -> None:
        """Stop the running job; nothing of it is kept."""
        self._stop.set()
        if self._task is not None:
            self._task.cancel()
        self.progress.set(None)

    def running(self) -> bool:
        return self.progress() is not None

    def wire(self, input, *, cancel: str, status: str, wait, element_id: str, on_cancel) -> None:
        """Register the controls every long step has: its Cancel button (the input ``cancel``)
        and its progress bar (the output ``status``, an element ``element_id`` with the text
        ``wait()``, read in the page's current language). ``on_cancel()`` runs after a cancel
        (the page's message). Call it once per session, in the server function.
        """
        @reactive.effect
        @reactive.event(input[cancel])
        def _cancelled():
            self.cancel()
            on_cancel()

        def progress_bar():
            p = self.progress()
            return None if p is None else ui.HTML(progress_html(p, wait(), element_id))

        # the output's id is the function's name when Shiny registers it
        progress_bar.__name__ = status
        render.ui(progress_bar)

    async def _run(self, stop: threading.Event, *args):
        async def publish(value) -> None:
            # set and flush under Shiny's lock: outside a flush the page would see the value
            # only at the session's next event
            async with reactive.lock():
                if not stop.is_set():
                    self.progress.set(value)
                    await reactive.flush()

        def report(fraction, text: str = "") -> None:
            if not stop.is_set():
                task = asyncio.get_running_loop().create_task(publish((fraction, text)))
                self._pending.add(task)
                task.add_done_callback(self._pending.discard)

        return await self._job(report, stop, *args)


async def run_commands(commands: list[list[str]], report, module: str = "digigov") -> None:
    """Run ``python -m <module>`` subcommands one after another in child processes.

    ``report(fraction, text)`` follows ``digigov run``'s ``[i/n] step`` lines and each finished
    command. Cancelling the awaiting task kills the running child (nothing half-written is kept:
    every command writes atomically). A failing command raises ValueError with its last error line.
    """
    total = len(commands)
    for i, args in enumerate(commands):
        proc = await asyncio.create_subprocess_exec(sys.executable, "-m", module, *args,
                                                    stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
                                                    env=dict(os.environ))
        try:
            err_lines = []
            while True:
                line = await proc.stderr.readline()
                if not line:
                    break
                text = line.decode("utf-8", "replace").strip()
                err_lines.append(text)
                m = re.match(r"\[(\d+)/(\d+)\] (.*)", text)
                if m:
                    report((i + int(m[1]) / (int(m[2]) + 1)) / total, f"{module} {args[0]}: {m[3]}")
            await proc.wait()
        except asyncio.CancelledError:
            proc.kill()
            await proc.wait()
            raise
        if proc.returncode:
            raise ValueError(err_lines[-1] if err_lines else f"{module} {args[0]} failed")
        report((i + 1) / total, f"{module} {args[0]}")


async def run_in_thread(func, report, stop: threading.Event, *args):
    """``func(progress, *args)`` in a worker thread; ``progress(fraction, text)`` reaches the page.

    ``progress`` raises :class:`Cancelled` once ``stop`` is set, which ends the thread at its next
    report; the awaiting task is cancelled at once (the page does not wait for the thread).
    """
    loop = asyncio.get_running_loop()

    def progress(fraction, text: str = "") -> None:
        if stop.is_set():
            raise Cancelled()
        loop.call_soon_threadsafe(report, fraction, text)

    try:
        return await asyncio.to_thread(func, progress, *args)
    except asyncio.CancelledError:
        stop.set()
        raise


def progress_html(p, text: str, id: str) -> str:
    """A Bootstrap progress bar at ``p[0]`` (0..1; None: running, no measure) with the step ``p[1]``."""
    if p[0] is None:
        bar = "<div class='progress-bar progress-bar-striped progress-bar-animated' style='width:100%'></div>"
        now = ""
    else:
        bar = f"<div class='progress-bar' style='width:{p[0] * 100:.0f}%'></div>"
        now = f" aria-valuenow='{p[0] * 100:.0f}'"
    return (f"<div class='progress dg-progress my-2' role='progressbar'{now}>{bar}</div>"
            f"<p class='small' id='{id}'>{escape(text)} {escape(p[1])}</p>")
