"""Classic published datasets of set-theoretic methods, at hand as numbers.

R's ``QCA`` package datasets (Dusa 2019) -- Lipset's survival of democracy in four codings
(``LR`` raw, ``LC`` crisp, ``LM`` multi-value, ``LF`` fuzzy), Cebotari & Vink's ethnic protest
(``CVR`` raw, ``CVF`` fuzzy), Hino's time-difference data ``HC``, Ragin's weak class voting
``NF``, Caren & Panofsky's union recognition ``RS``, Krook's women's representation
``Krook`` and three more used by the project's conformance cases (``d.urban``,
``d.jobsecurity``, ``d.biodiversity``) -- and R ``NCA``'s ``nca.example`` and
``nca.example2`` (Dul 2016). Each is published data (the sources are cited per dataset:
``describe(name)``, ``help(fsqca.datasets.LF)``, or ``frame.attrs``). Value-labelled columns
of R (``declared`` vectors, which R's ``write.csv`` turns into text) are numbers here; the labels
are in ``frame.attrs["labels"]``.

R geodetector's ``CollectData`` is in :mod:`geodetector.datasets`: the engines do not import each
other.

Examples
--------
>>> from fsqca.datasets import load_dataset
>>> lf = load_dataset("LF")
>>> lf.shape, lf.index[:3].tolist()
((18, 6), ['AU', 'BE', 'CZ'])
>>> load_dataset("LC").attrs["labels"]["SURV"]
{0: 'Collapse', 1: 'Survival'}
>>> "nca.example" in list()["name"].tolist()
True
"""
from __future__ import annotations

from pathlib import Path

from .catalog import CATALOG

__all__ = ["load_dataset", "list", "describe", "DATASETS", *[n.replace(".", "_") for n in CATALOG]]

#: name -> title of every bundled dataset.
DATASETS = {name: entry["title"] for name, entry in CATALOG.items()}
_HERE = Path(__file__).parent


def _check(name: str) -> str:
    from ..errors import QCAInputError

    if not isinstance(name, str) or name not in CATALOG:
        close = [n for n in CATALOG if isinstance(name, str) and n.lower() == name.lower().replace("_", ".")]
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise QCAInputError(f"unknown dataset {name!r}{hint}; available: {', '.join(CATALOG)}")
    return name


def load_dataset(name: str):
    """One bundled dataset as a :class:`pandas.DataFrame` indexed by case.

    ``frame.attrs`` holds ``name``, ``title``, ``source``, ``variables`` (meaning and unit of
    each column) and ``labels`` (value labels of labelled columns). An unknown name raises
    :class:`fsqca.QCAInputError` listing the names.
    """
    import pandas as pd

    name = _check(name)
    frame = pd.read_csv(_HERE / f"{name}.csv", dtype={"case": str}).set_index("case")
    entry = CATALOG[name]
    frame.attrs.update({"name": name, "title": entry["title"], "source": entry["source"],
                        "variables": dict(entry["variables"]),
                        "labels": {k: dict(v) for k, v in entry.get("labels", {}).items()}})
    return frame


def describe(name: str) -> str:
    """The description of one dataset: title, cases, variables with units, value labels, source."""
    entry = CATALOG[_check(name)]
    lines = [f"{name}: {entry['title']}", "", f"Cases: {entry['cases']}.", "", "Variables:"]
    lines += [f"  {col}: {text}" for col, text in entry["variables"].items()]
    if entry.get("labels"):
        lines += ["", "Value labels:"]
        lines += [f"  {col}: " + ", ".join(f"{v} = {lab}" for v, lab in labs.items())
                  for col, labs in entry["labels"].items()]
    lines += ["", f"Source: {entry['source']}"]
    return "\n".join(lines)


def list():  # noqa: A001 - R's data(package = ...) listing, named as the issue and R users expect
    """Every bundled dataset: name, title, cases, columns (a :class:`pandas.DataFrame`)."""
    import pandas as pd

    rows = []
    for name, entry in CATALOG.items():
        with open(_HERE / f"{name}.csv", encoding="utf-8") as fh:
            n = sum(1 for line in fh if line.strip()) - 1
        rows.append({"name": name, "title": entry["title"], "cases": n, "columns": ", ".join(entry["variables"])})
    return pd.DataFrame(rows)


def _loader(name: str):
    def load():
        return load_dataset(name)

    load.__name__ = load.__qualname__ = name.replace(".", "_")
    load.__doc__ = (describe(name) + "\n\nReturns\n-------\npandas.DataFrame\n    "
                    f"The same as ``load_dataset({name!r})``.")
    return load


# one loader per dataset, whose docstring is the dataset's description (``help(fsqca.datasets.LF)``)
for _name in CATALOG:
    globals()[_name.replace(".", "_")] = _loader(_name)
del _name
