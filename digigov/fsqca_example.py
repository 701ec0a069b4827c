"""A complete fsQCA run on the bundled, SYNTHETIC example study (31 provinces).

It follows the reference study's settings: entropy-weighted composites and competition
pressure built from raw data, direct calibration with the 95th percentile / mean / 5th
percentile anchors, truth table at consistency 0.8, PRI 0.5 and frequency 1, no directional
expectations, core conditions from the parsimonious solution.

The ``fsqca example`` command finds this module through the ``fsqca.examples`` entry point,
so that the engine does not import the study layer.
"""
from __future__ import annotations

import os
from pathlib import Path

from fsqca import QCAInputError, configuration_table, minimize, necessity, truth_table
from libdigigov.io import write_text_atomic

from .study import DEFAULTS

STUDY_CUTS = dict(DEFAULTS["truth_table"])  # the study's cut-offs are the study file's defaults


def run_example(out: str | os.PathLike | None = None, island_links: str = "none") -> str:
    """Run the example study's fsQCA and return the report text (also written to ``out``)."""
    from indicators import build_conditions, load_example_study

    study = build_conditions(load_example_study(), island_links=island_links)
    data = study.memberships
    conditions = [c for c in data.columns if c != "P"]
    nec = necessity(data, "P", conditions, negated_outcome=True)
    tt = truth_table(data, "P", conditions, **STUDY_CUTS)
    inter = minimize(tt, "intermediate")
    pars = minimize(tt, "parsimonious")
    table = configuration_table(inter)
    parts = [
        "fsQCA of the bundled example study -- SYNTHETIC data generated to illustrate the method, "
        "not the study's data.",
        "",
        study.calibration.summary(),
        "",
        nec.summary(),
        "",
        tt.summary(),
        "",
        pars.summary(),
        "",
        inter.summary(),
        "",
        "Configuration table (core conditions from the parsimonious solution):",
        table.to_markdown(),
    ]
    report = "\n".join(parts)
    if out is not None:
        folder = Path(out)
        if folder.exists() and not folder.is_dir():
            raise QCAInputError(f"--out {str(folder)!r} is a file, not a folder")
        write_text_atomic(folder / "fsqca_example.md", report)
        write_text_atomic(folder / "truth_table.csv", tt.to_frame().to_csv())
        write_text_atomic(folder / "necessity.csv", nec.to_frame().to_csv(index=False))
        write_text_atomic(folder / "configurations.csv", table.to_frame().to_csv())
        write_text_atomic(folder / "memberships.csv", data.to_csv())
        report += f"\n\nTables written to {folder}"
    return report
