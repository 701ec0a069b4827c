"""Small published datasets for examples and teaching.

``LF`` -- Lipset's conditions for the survival of democracy in 18 inter-war European countries,
calibrated as in R's ``QCA`` package (Dusa 2019; data after Cronqvist and Berg-Schlosser, in
Rihoux & Ragin 2009): DEV (development), URB (urbanisation), LIT (literacy), IND
(industrialisation), STB (government stability) and the outcome SURV.

Examples
--------
>>> from fsqca.datasets import load_dataset
>>> lf = load_dataset("LF")
>>> lf.shape, lf.index[:3].tolist()
((18, 6), ['AU', 'BE', 'CZ'])
"""
from __future__ import annotations

from pathlib import Path

__all__ = ["load_dataset", "DATASETS"]

DATASETS = {"LF": "Lipset's survival of democracy, fuzzy sets (R QCA's LF)"}


def load_dataset(name: str):
    """One bundled dataset as a :class:`pandas.DataFrame` indexed by case."""
    import pandas as pd

    from ..errors import QCAInputError

    if name not in DATASETS:
        raise QCAInputError(f"unknown dataset {name!r}; available: {', '.join(DATASETS)}")
    return pd.read_csv(Path(__file__).parent / f"{name}.csv", dtype={"case": str}).set_index("case")
