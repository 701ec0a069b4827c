"""Print an HTML report to PDF with headless Chromium (A4, the page's print style sheet).

``digigov report --pdf`` uses :func:`write_pdf`.  Chromium (or Google Chrome) is looked up on
``PATH``; without it the command says so in one line and the HTML report stays written.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import StudyError

__all__ = ["find_chromium", "write_pdf", "BROWSERS"]

#: Executable names tried, in order.
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")

_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw", "--virtual-time-budget=5000"]


def find_chromium() -> str | None:
    """Path of a Chromium or Chrome executable on ``PATH``, or None.

    Examples
    --------
    >>> path = find_chromium()
    >>> path is None or os.path.basename(path).startswith(("chrom", "google"))
    True
    """
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    return None


def write_pdf(html_file, pdf_file=None, *, timeout: float = 180.0) -> Path:
    """Print ``html_file`` to ``pdf_file`` (default: the same name with ``.pdf``) through Chromium.

    The file is written atomically (a temporary file in the same folder, then renamed).

    Raises
    ------
    digigov.errors.StudyError
        Chromium is not installed, fails, or writes no PDF (one line, the reason).
    """
    html_file = Path(html_file)
    if not html_file.is_file():
        raise StudyError(f"cannot print {str(html_file)!r} to PDF: no such file")
    target = Path(pdf_file) if pdf_file is not None else html_file.with_suffix(".pdf")
    browser = find_chromium()
    if browser is None:
        raise StudyError("--pdf needs Chromium or Google Chrome on PATH (e.g. apt-get install chromium); "
                         f"the HTML report {html_file} can be printed to PDF from any browser")
    with tempfile.TemporaryDirectory(prefix="digigov-pdf-") as profile:
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        cmd = [browser, *_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={tmp}",
               html_file.resolve().as_uri()]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            tmp.unlink(missing_ok=True)
            raise StudyError(f"Chromium did not finish printing {html_file} within {timeout:.0f} s") from None
        except OSError as exc:
            raise StudyError(f"cannot start Chromium ({browser}): {exc.strerror or exc}") from None
        if done.returncode != 0 or not tmp.is_file() or tmp.stat().st_size == 0:
            tmp.unlink(missing_ok=True)
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise StudyError(f"Chromium could not print {html_file} to PDF (exit {done.returncode}): {last}")
        try:
            os.replace(tmp, target)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise StudyError(f"cannot write the PDF {str(target)!r}: {exc.strerror or exc}") from None
    return target
