"""Build hook: ship ``data/provinces`` inside wheels as the resource folder ``indicators/_data``.

The province files live at the repository root (``data/provinces``), outside any package,
so setuptools' ``package-data`` cannot reach them. This ``build_py`` subclass copies them into
the built ``indicators`` package; ``indicators.data_path`` finds them there in an installed
wheel and at the repository root in an editable checkout.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools.command.build_py import build_py

SOURCE = Path(__file__).resolve().parents[1] / "data" / "provinces"
SUFFIXES = {".csv", ".geojson", ".yaml", ".txt"}


class BuildPyWithProvinceData(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # editable installs read the files from the checkout
        target = Path(self.build_lib) / "indicators" / "_data"
        target.mkdir(parents=True, exist_ok=True)
        for path in sorted(SOURCE.iterdir()):
            if path.is_file() and path.suffix in SUFFIXES:
                shutil.copyfile(path, target / path.name)
