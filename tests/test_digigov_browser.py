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

FIXTURE = Path(__file__).parent / "fixtures" / "results_synthetic.json"
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
