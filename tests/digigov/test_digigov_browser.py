"""The report in a real browser: headless Chromium renders it, loads every image, misses no glyph.

Chromium and the CJK fonts come from Debian (``chromium``, ``fonts-noto-cjk``; ``.ci/run``
installs them).  Glyphs are checked inside the page: every distinct character of the text is
drawn on a canvas with the page's font stack and compared with the drawing of an unassigned
code point (the "tofu" box); a character that draws the same box has no font.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

FIXTURE = Path(__file__).parents[1] / "fixtures" / "results_synthetic.json"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed "
                                "(apt-get install chromium fonts-noto-cjk; .ci/run does this)")

PROBE = r"""
window.addEventListener('load', function () {
  var imgs = Array.prototype.slice.call(document.images);
  var loaded = imgs.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length;
  var canvas = document.createElement('canvas');
  canvas.width = 48; canvas.height = 48;
  var ctx = canvas.getContext('2d', {willReadFrequently: true});
  var family = getComputedStyle(document.body).fontFamily;
  function glyph(ch) {
    ctx.clearRect(0, 0, 48, 48);
    ctx.font = '28px ' + family;
    ctx.fillText(ch, 4, 36);
    return Array.prototype.join.call(ctx.getImageData(0, 0, 48, 48).data, '');
  }
  var tofu = glyph('\u{10FFFD}');
  var seen = {}, missing = [];
  Array.from(document.body.innerText + TEST_CHARS).forEach(function (ch) {
    if (seen[ch] || !ch.trim()) return;
    seen[ch] = 1;
    if (glyph(ch) === tofu) missing.push(ch);
  });
  var out = {images: imgs.length, loaded: loaded, chars: Object.keys(seen).length, missing: missing,
             tofu_is_stable: glyph('\u{10FFFC}') === tofu, latin_differs: glyph('A') !== tofu,
             cjk_font: document.fonts.check('16px "Noto Sans CJK SC"')};
  var pre = document.createElement('pre');
  pre.id = 'probe-result';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
"""
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars"]


def _chromium(args, profile: Path, timeout: int = 120) -> str:
    cmd = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _probe(html_file: Path, tmp: Path, extra_chars: str = "") -> dict:
    text = html_file.read_text(encoding="utf-8")
    script = PROBE.replace("TEST_CHARS", json.dumps(extra_chars))
    probed = tmp / f"probe-{html_file.name}"
    probed.write_text(text.replace("</body>", f"<script>{script}</script></body>"), encoding="utf-8")
    dom = _chromium(["--virtual-time-budget=5000", "--run-all-compositor-stages-before-draw", "--dump-dom",
                     probed.as_uri()], tmp / "profile-probe")
    found = re.search(r'<pre id="probe-result">(.*?)</pre>', dom, re.S)
    assert found, "the probe script did not run"
    return json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    from digigov.compare import write_comparison
    from digigov.report import write_report

    folder = tmp_path_factory.mktemp("browser")
    shutil.copy(FIXTURE, folder / "results.json")
    report = write_report(folder, lang="zh")
    comparison = write_comparison(folder, ["浙江", "Hainan"], folder / "compare.html", "zh")
    return folder, report, comparison


def test_report_renders_in_chromium(pages, tmp_path):
    from PIL import Image

    _, report, _ = pages
    shot = tmp_path / "report.png"
    _chromium([f"--screenshot={shot}", "--window-size=1280,4000", report.as_uri()], tmp_path / "profile")
    assert shot.is_file()
    with Image.open(shot) as im:
        assert im.size == (1280, 4000)
        px = np.asarray(im.convert("RGB")).astype(int)
    ink = float((px.min(axis=2) < 200).mean())
    red = int(((px[..., 0] > 150) & (px[..., 1] < 80) & (px[..., 2] < 80)).sum())  # the banner's frame
    assert ink > 0.02, f"page looks blank ({ink:.1%} ink)"
    assert red > 1000, "the synthetic-data banner is not drawn"


@pytest.mark.parametrize("which", ["report", "comparison"])
def test_images_load_and_no_glyph_is_missing(pages, tmp_path, which):
    _, report, comparison = pages
    page = report if which == "report" else comparison
    n_img = len(re.findall(r"<img ", page.read_text(encoding="utf-8")))
    got = _probe(page, tmp_path)
    assert got["tofu_is_stable"] and got["latin_differs"], got     # the glyph check itself works
    assert got["images"] == n_img > 0
    assert got["loaded"] == got["images"], got
    assert got["cjk_font"], "Noto Sans CJK SC not found by Chromium: install fonts-noto-cjk"
    assert got["chars"] > 100
    assert got["missing"] == [], f"characters without a font: {got['missing']}"


def test_glyph_check_catches_a_missing_glyph(pages, tmp_path):
    _, _, comparison = pages
    got = _probe(comparison, tmp_path, extra_chars="\U0010FFF0")
    assert got["missing"] == ["\U0010FFF0"]


SORT_PROBE = r"""
window.addEventListener('load', function () {
  var table = document.getElementById('ranking-table');
  var heads = table.querySelectorAll('thead th');
  function names() {
    return Array.prototype.map.call(table.tBodies[0].rows, function (r) {
      return [r.cells[1].textContent, parseFloat(r.cells[2].getAttribute('data-v'))];
    });
  }
  var out = {initial: names()};
  heads[2].click(); out.ascending = names();
  heads[2].click(); out.descending = names();
  heads[1].click(); out.by_name = names();
  out.aria = heads[1].getAttribute('aria-sort');
  var pre = document.createElement('pre');
  pre.id = 'sort-result';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
"""


def test_ranking_table_sorts_by_clicking_headers(pages, tmp_path):
    from digigov.view import case_label

    folder, report, _ = pages
    res = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    outcome = res["study"]["outcome"]
    by_outcome = sorted(res["memberships"], key=lambda c: res["memberships"][c][outcome])
    probed = tmp_path / "sort.html"
    probed.write_text(report.read_text(encoding="utf-8").replace("</body>", f"<script>{SORT_PROBE}</script></body>"),
                      encoding="utf-8")
    dom = _chromium(["--virtual-time-budget=5000", "--dump-dom", probed.as_uri()], tmp_path / "profile-sort")
    found = re.search(r'<pre id="sort-result">(.*?)</pre>', dom, re.S)
    assert found, "the sort probe did not run"
    got = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    expected = {case_label(c, "zh"): res["memberships"][c][outcome] for c in by_outcome}
    for key, reverse in (("initial", True), ("ascending", False), ("descending", True)):
        rows = got[key]                             # the page opens sorted by the outcome, highest first
        assert sorted(n for n, _ in rows) == sorted(expected)
        assert all(v == pytest.approx(expected[n], abs=1e-6) for n, v in rows)
        values = [v for _, v in rows]
        assert values == sorted(values, reverse=reverse), key
    assert got["ascending"][0][1] == pytest.approx(min(expected.values()), abs=1e-6)
    by_name = [n for n, _ in got["by_name"]]
    assert sorted(by_name) == sorted(expected) and by_name != [n for n, _ in got["descending"]]
    assert got["aria"] == "ascending"


def test_report_prints_to_a4_pdf_without_splitting_figures(pages, tmp_path):
    from digigov.pdf import write_pdf

    if not (shutil.which("pdfinfo") and shutil.which("pdfimages") and shutil.which("pdftotext")):
        pytest.skip("poppler-utils (pdfinfo, pdfimages, pdftotext) is not installed "
                    "(apt-get install poppler-utils; .ci/run does this)")
    _, report, _ = pages
    pdf = write_pdf(report, tmp_path / "report.pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    n_pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert n_pages > 1
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert abs(float(size.group(1)) - 595.3) < 2 and abs(float(size.group(2)) - 841.9) < 2   # A4
    # every figure is drawn on exactly one page: a figure cut across a page break is listed twice
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    images = [line.split() for line in listing.splitlines()[2:] if line.split()[2:3] == ["image"]]
    n_img = len(re.findall(r"<img ", report.read_text(encoding="utf-8")))
    assert len(images) == n_img
    # findings first, the appendix last, page numbers in the footer

    def page_text(i):
        return subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout

    first, last = page_text(1), page_text(n_pages)
    assert "主要发现" in first and f"1 / {n_pages}" in first
    assert "附录" in last and f"{n_pages} / {n_pages}" in last


def test_pdf_without_chromium_is_a_one_line_error(pages, monkeypatch, capsys):
    from digigov.cli import main

    folder, _, _ = pages
    monkeypatch.setenv("PATH", "/nonexistent")
    assert main(["report", str(folder), "--output", str(folder / "again.html"), "--pdf"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("digigov: error: --pdf needs Chromium") and "\n" not in err
