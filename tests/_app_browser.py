"""Shared helpers of the workbench's browser test and screenshot script: start the app, drive Chromium.

Debian's Chromium is driven by Playwright for Python against the system browser (no browser
download): ``executable_path`` is the system's ``chromium``.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]

#: Moves the slider ``id`` to ``value`` as a user does (input events while moving, change on release),
#: then resolves with the milliseconds from the release until the truth table and the parsimonious
#: solution on the page are the ones computed with the new value.
MOVE_AND_TIME = """([id, value, attr]) => new Promise((resolve, reject) => {
  const el = document.getElementById(id);
  el.value = value;
  el.dispatchEvent(new Event('input', {bubbles: true}));
  const t0 = performance.now();
  el.dispatchEvent(new Event('change', {bubbles: true}));
  const want = String(parseFloat(value));
  function poll() {
    const tt = document.querySelector('.dg-tt');
    const sol = document.querySelector('#dg-sol-parsimonious');
    if (tt && sol && tt.dataset[attr] === want && sol.dataset[attr] === want) resolve(performance.now() - t0);
    else if (performance.now() - t0 > 20000) reject(new Error('no update within 20 s'));
    else requestAnimationFrame(poll);
  }
  poll();
})"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system, all threads) used so far by process ``pid`` (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def running_app(*args: str, info: dict | None = None):
    """Start ``digigov app --no-browser`` on a free port; yield (base URL, start seconds).

    ``info``, when given, receives the server's process id (``"pid"``).
    """
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "digigov", "app", "--no-browser", "--port", str(port), *args],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    if info is not None:
        info["pid"] = proc.pid
    try:
        while True:
            try:
                urllib.request.urlopen(url, timeout=1).read()
                break
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError("the app exited: " + proc.stdout.read().decode(errors="replace")[-2000:])
                if time.perf_counter() - t0 > 60:
                    raise RuntimeError("the app did not answer within 60 s")
                time.sleep(0.05)
        yield url, time.perf_counter() - t0
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextmanager
def browser():
    """Headless Debian Chromium with a fresh profile, through Playwright."""
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="digigov-app-chromium-")
    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, headless=True, args=FLAGS,
                                                   viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        try:
            yield p, ctx
        finally:
            ctx.close()
            shutil.rmtree(profile, ignore_errors=True)


def wait_ready(page) -> None:
    """Wait until the truth table and the parsimonious solution are on the page."""
    page.wait_for_selector(".dg-tt-table", timeout=30000)
    page.wait_for_selector("#dg-sol-parsimonious", timeout=30000)
