"""Published example data of the geographical detector.

``CollectData`` -- R ``geodetector``'s demonstration data (Xu, Hou, Wang & Yin, R package
``geodetector``; the study: Wang, J.-F., Li, X.-H., Christakos, G., Liao, Y.-L., Zhang, T., Gu,
X. & Zheng, X.-Y. (2010). Geographical detectors-based health risk assessment and its
application in the neural tube defects study of the Heshun Region, China. International
Journal of Geographical Information Science 24(1), 107-127): 185 villages of Heshun county,
Shanxi, China, with

- ``incidence``: neural-tube birth defect (NTD) prevalence of the village (rate per 1,000
  births, as in the study's maps);
- ``watershed``: the village's watershed, strata 1-9;
- ``soiltype``: soil type, strata 1-5;
- ``elevation``: elevation class, strata 1-7.

The values are those of the copy shipped with the Python peers (``disease.csv``), whose soil
types are coded 1, 2, 3, 5, 7; they are recoded here to R's 1-5 (matched by R's published
stratum means, 6.340, 6.6875, 6.583, 5.844, 6.347), and the columns are in R's order. The row
order is that copy's; every detector result depends on the rows only as a set. R's vignette
values are reproduced: q = 0.6378 (watershed), 0.3857 (soiltype), 0.6067 (elevation).

This loader lives in the geographical-detector engine, not in :mod:`fsqca.datasets`: the engines
do not import each other.

Examples
--------
>>> from geodetector.datasets import load_dataset
>>> d = load_dataset("CollectData")
>>> d.shape, list(d.columns)
((185, 4), ['incidence', 'watershed', 'soiltype', 'elevation'])
"""
from __future__ import annotations

from pathlib import Path

__all__ = ["load_dataset", "DATASETS", "CollectData"]

#: name -> title of every bundled dataset.
DATASETS = {"CollectData": "Neural-tube birth defects in Heshun villages (R geodetector's CollectData)"}


def load_dataset(name: str):
    """One bundled dataset as a :class:`pandas.DataFrame` (an unknown name: one error listing the names)."""
    import pandas as pd

    from ..errors import GeodetectorError

    if name not in DATASETS:
        raise GeodetectorError(f"unknown dataset {name!r}; available: {', '.join(DATASETS)}")
    frame = pd.read_csv(Path(__file__).parent / f"{name}.csv")
    frame.attrs.update({"name": name, "title": DATASETS[name],
                        "source": "Wang et al. (2010), IJGIS 24(1), 107-127; R package geodetector"})
    return frame


def CollectData():  # noqa: N802 - R's name
    """R geodetector's ``CollectData`` (see the module description): ``load_dataset("CollectData")``."""
    return load_dataset("CollectData")
