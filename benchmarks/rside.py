"""What the benchmarks that run R side by side share: whether R and a package are here.

The benchmarks are scripts (``python benchmarks/bench_x.py``), so this folder is on the path.
"""
from __future__ import annotations

import shutil
import subprocess


def r_available(package: str) -> bool:
    """Whether ``Rscript`` runs here and loads ``package`` (e.g. "QCA", "NCA", "spdep")."""
    if shutil.which("Rscript") is None:
        return False
    try:
        return subprocess.run(["Rscript", "-e", f"suppressMessages(library({package}))"], capture_output=True,
                              timeout=120).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False
