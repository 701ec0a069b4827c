"""Screenshots of each step of the workbench in Chinese and English, for a person to look at.

Starts ``digigov app --example`` on a free port, drives Debian's Chromium (Playwright against the
system browser) through every tab (running the long steps: the sweep, the robustness plan, NCA's
permutation test), then the panel example pooled and for one period, and writes
``<out>/<lang>-<nn>-<step>.png``.

    python scripts/app_screenshots.py [--out app-screenshots]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from _app_browser import CHROMIUM, MOVE_AND_TIME, browser, running_app, wait_ready  # noqa: E402

STEPS = ["data", "calibration", "necessity", "truth", "solutions", "geo", "maps", "compare", "teach", "study"]


def shoot(page, out: Path, lang: str, url: str) -> list[Path]:
    files = []
    page.goto(f"{url}/?lang={lang}")
    wait_ready(page)
    for i, step in enumerate(STEPS, 1):
        page.click(f"a[data-value='{step}']")
        if step == "truth":
            page.evaluate(MOVE_AND_TIME, ["incl_cut", "0.95", "inclCut"])
            page.click("#sens_run")
            page.click("#rob_run")
            page.wait_for_selector(".dg-robustness", timeout=60000)
        if step == "necessity":
            page.fill("#nca_reps", "1000")
            page.click("#nca_test")
            page.wait_for_selector(".dg-nca-p", timeout=60000)
        if step == "geo":
            page.click("#geo_run")
            page.wait_for_selector(".dg-strategy", timeout=60000)
        if step == "compare":
            page.evaluate("""() => { const s = $('#compare_pick')[0].selectize;
                                      s.addItem('Zhejiang'); s.addItem('Guizhou'); }""")
            page.wait_for_selector(".dg-compare", timeout=30000)
        if step in ("calibration", "necessity", "solutions", "maps", "compare"):
            page.wait_for_selector(".tab-pane.active img", timeout=60000)
        page.wait_for_timeout(600)
        path = out / f"{lang}-{i:02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        files.append(path)
    # the panel example: the pooled panel's solution by period, then one period's truth table
    page.click("a[data-value='data']")
    page.click("#load_panel")
    page.wait_for_selector("#panel_view", timeout=60000)
    page.click("a[data-value='solutions']")
    page.wait_for_selector(".dg-by-period", timeout=60000)
    files.append(out / f"{lang}-{len(STEPS) + 1:02d}-panel-pooled.png")
    page.screenshot(path=str(files[-1]), full_page=True)
    page.click("a[data-value='data']")
    page.select_option("#panel_view", "2021")
    page.wait_for_function("document.querySelector('.dg-panel-view').innerText.includes('2021')", timeout=60000)
    page.click("a[data-value='truth']")
    page.wait_for_timeout(800)
    files.append(out / f"{lang}-{len(STEPS) + 2:02d}-panel-2021.png")
    page.screenshot(path=str(files[-1]), full_page=True)
    return files


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="app-screenshots", help="folder for the PNG files")
    args = ap.parse_args(argv)
    if CHROMIUM is None:
        print("Debian's chromium is not installed (apt-get install chromium fonts-noto-cjk)", file=sys.stderr)
        return 2
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with running_app("--example") as (url, _), browser() as (_, ctx):
        page = ctx.new_page()
        for lang in ("zh", "en"):
            for f in shoot(page, out, lang, url):
                print(f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
