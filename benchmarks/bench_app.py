"""Speed of the workbench (``digigov app``) in a real browser: start-up and slider latency.

Targets (issue: an interactive workbench): the app answers within 5 s of the command, and a
cut-off slider's release shows the updated truth table and parsimonious solution within 300 ms
on the bundled example (31 x 9). Debian's Chromium is driven by Playwright (system browser).

    python benchmarks/bench_app.py [--repeat 5] [--moves 10]

Start-up: command to first HTTP answer, and command to the truth table drawn in the page
(best and median of ``--repeat`` starts), in wall-clock time and in the server process's CPU
time (user + system, every thread) at that moment: the wall time depends on the machine's load,
the CPU time much less. Latency: ``--moves`` releases of the consistency and
PRI sliders at alternating values, each timed in the page from the release (the ``change``
event) to the moment both the truth table and the parsimonious solution computed with the new
value are in the page.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from _app_browser import CHROMIUM, MOVE_AND_TIME, browser, cpu_seconds, running_app, wait_ready  # noqa: E402

START_TARGET, SLIDER_TARGET = 5.0, 300.0
MOVES = [("incl_cut", "0.85", "inclCut"), ("incl_cut", "0.8", "inclCut"), ("pri_cut", "0.7", "priCut"),
         ("pri_cut", "0.5", "priCut"), ("incl_cut", "0.95", "inclCut"), ("incl_cut", "0.8", "inclCut")]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="app starts to time")
    ap.add_argument("--moves", type=int, default=12, help="slider releases to time")
    args = ap.parse_args(argv)
    if CHROMIUM is None:
        print("Debian's chromium is not installed", file=sys.stderr)
        return 2
    http, page_ready, lat, cpu_http, cpu_ready = [], [], [], [], []
    with browser() as (_, ctx):
        for i in range(args.repeat):
            t0 = time.perf_counter()
            info: dict = {}
            with running_app("--example", info=info) as (url, started):
                http.append(started)
                cpu_http.append(cpu_seconds(info["pid"]))
                page = ctx.new_page()
                page.goto(url + "/?lang=en")
                wait_ready(page)
                page_ready.append(time.perf_counter() - t0)
                cpu_ready.append(cpu_seconds(info["pid"]))
                if i == 0:
                    for k in range(args.moves):
                        lat.append(page.evaluate(MOVE_AND_TIME, list(MOVES[k % len(MOVES)])))
                page.close()
    print(f"start (command -> HTTP answer): best {min(http):.2f} s, median {statistics.median(http):.2f} s "
          f"(target {START_TARGET:g} s); server CPU median {statistics.median(cpu_http):.2f} s")
    print(f"start (command -> truth table in the page): best {min(page_ready):.2f} s, median "
          f"{statistics.median(page_ready):.2f} s (target {START_TARGET:g} s); server CPU median "
          f"{statistics.median(cpu_ready):.2f} s")
    try:
        print(f"machine load (1 min) {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    except OSError:
        pass
    print(f"slider release -> truth table + parsimonious solution: median {statistics.median(lat):.0f} ms, "
          f"best {min(lat):.0f} ms, worst {max(lat):.0f} ms over {len(lat)} releases (target {SLIDER_TARGET:g} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
