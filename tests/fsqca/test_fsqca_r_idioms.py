"""The idioms R users bring: fsqca.RAGIN_IDM, the docs' own names resolving, R's write.csv row
names, "~Y" as the outcome, and findTh's thresholds found by clustering."""
from __future__ import annotations

import importlib
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import fsqca
from fsqca import QCAInputError, find_thresholds
from fsqca.cli import main, read_data
from fsqca.datasets import load_dataset
from libdigigov.io import read_table

ROOT = Path(__file__).resolve().parents[2]


def test_ragin_idm_is_exported_and_reachable_the_ways_the_docs_write_it():
    assert fsqca.RAGIN_IDM == pytest.approx(math.exp(3) / (1 + math.exp(3)))
    assert fsqca.calibrate.RAGIN_IDM == fsqca.RAGIN_IDM          # fsqca.calibrate is the function
    from fsqca.calibrate import RAGIN_IDM

    assert RAGIN_IDM == fsqca.RAGIN_IDM
    x = pd.Series([1.0, 7.0, 10.0], name="x")
    m = fsqca.calibrate(x, thresholds=(1, 5, 10), idm=fsqca.RAGIN_IDM, r_rounding=False)
    assert m.iloc[2] == pytest.approx(math.exp(3) / (1 + math.exp(3)))


#: names the documentation mentions that are not Python objects (an entry-point group, a file)
NOT_CALLS = {("examples",), ("md",)}


def _documented_names():
    files = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")),
             *sorted((ROOT / "notebooks" / "src").glob("*.py")), *sorted((ROOT / "notebooks").glob("*.ipynb"))]
    pattern = re.compile(r"(?<![\w./-])fsqca((?:\.[A-Za-z_]\w*)+)")
    found = {}
    for f in files:
        for m in pattern.finditer(f.read_text(encoding="utf-8")):
            found.setdefault(tuple(m.group(1).strip(".").split(".")), f.name)
    return found


def test_every_fsqca_name_in_the_docs_resolves():
    """``fsqca.a.b`` written in the README, docs or notebooks works after ``import fsqca`` (and
    ``import fsqca.a`` where ``a`` is a module), as a reader would type it."""
    names = _documented_names()
    assert ("calibrate",) in names and len(names) > 20
    broken = []
    for parts, where in names.items():
        if parts in NOT_CALLS:
            continue
        obj, path = fsqca, "fsqca"
        for part in parts:
            try:
                importlib.import_module(f"{path}.{part}")
            except ImportError:
                pass
            if not hasattr(obj, part):
                broken.append(f"{where}: fsqca.{'.'.join(parts)}")
                break
            obj, path = getattr(obj, part), f"{path}.{part}"
    assert not broken, broken


def test_r_write_csv_row_names_are_the_case_column(tmp_path):
    lf = load_dataset("LF")
    path = tmp_path / "lf.csv"
    # what R's write.csv(LF, "lf.csv") writes: an empty first header cell, quoted names
    lines = ['"",' + ",".join(f'"{c}"' for c in lf.columns)]
    lines += [f'"{case}",' + ",".join(f"{v:g}" for v in row) for case, row in zip(lf.index, lf.to_numpy())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert read_table(path).columns[0] == "case"
    df = read_data(str(path), None)
    assert df.index.tolist() == lf.index.tolist() and list(df.columns) == list(lf.columns)
    assert main(["truth-table", str(path), "--outcome", "SURV", "--incl-cut", "0.8", "--json"]) == 0
    # an empty cell elsewhere is still refused, naming the column
    bad = tmp_path / "bad.csv"
    bad.write_text("case,,Y\na,1,0\n", encoding="utf-8")
    with pytest.raises(Exception, match="column 2 of the header has no name"):
        read_table(bad)


def test_negated_outcome_in_the_api():
    lf = load_dataset("LF")
    neg = fsqca.truth_table(lf, "~SURV", incl_cut=0.8)
    flipped = fsqca.truth_table(lf.assign(SURV=1 - lf["SURV"]), "SURV", incl_cut=0.8)
    assert neg.outcome_label == "~SURV"
    assert neg.rows["OUT"].tolist() == flipped.rows["OUT"].tolist()
    assert fsqca.fit("DEV", lf, "~SURV").inclS == pytest.approx(fsqca.fit("DEV", lf.assign(SURV=1 - lf["SURV"]),
                                                                          "SURV").inclS)


# -- findTh ----------------------------------------------------------------------------------------
def test_find_thresholds_hand_checked():
    # x sorted: 3 7 8 20 21 22 40. Complete linkage merges {7,8} and {20,21} (height 1), then 22 into
    # {20,21} (2), 3 into {7,8} (max(4, 5) = 5), then {3,7,8} with {20,21,22} (max 22 - 3 = 19) before
    # 40 joins (40 - 3 = 37). Two groups: {3..22} | {40} -> (22 + 40) / 2 = 31; three: {3,7,8} |
    # {20,21,22} | {40} -> 14, 31; four: {3} | {7,8} | ... -> 5, 14, 31.
    x = [20, 3, 40, 8, 21, 7, 22]
    assert find_thresholds(x).tolist() == [31.0]
    assert find_thresholds(x, n=2).tolist() == [14.0, 31.0]
    assert find_thresholds(x, n=3).tolist() == [5.0, 14.0, 31.0]
    # single linkage: 40 is 18 from 22, {3,7,8} is 12 from {20,...}: {3..22} joins first as well
    assert find_thresholds(x, n=2, method="single").tolist() == [14.0, 31.0]


def test_find_thresholds_r_documented_example():
    # ?findTh in R's QCA: findTh(gdp) 8700; n = 2: 8700 18000; ward.D2 + canberra: 1450 8700
    gdp = pd.Series([460, 500, 900, 2000, 2100, 2400, 15000, 16000, 20000], name="gdp")
    assert find_thresholds(gdp).tolist() == [8700.0]
    assert find_thresholds(gdp, n=2).tolist() == [8700.0, 18000.0]
    assert find_thresholds(gdp, n=2, method="ward.D2", distance="canberra").tolist() == [1450.0, 8700.0]


def test_find_thresholds_on_lipset_raw_data():
    # R: findTh(LR$DEV) 626; findTh(LR$DEV, n = 2) 626 940; findTh(LR$LIT) 66.95. By hand: the
    # complete-linkage splits of the sorted values fall between 590 | 662, 897 | 983 and 61.8 | 72.1,
    # whose midpoints these are
    lr = load_dataset("LR")
    assert find_thresholds(lr["DEV"]).tolist() == [626.0]
    assert find_thresholds(lr["DEV"], n=2).tolist() == [626.0, 940.0]
    assert find_thresholds(lr["LIT"]).tolist() == [pytest.approx(66.95)]


@pytest.mark.parametrize("kwargs, match", [({"n": 0}, "n \\(the number"), ({"method": "ward.D"}, "method must"),
                                           ({"distance": "cosine"}, "distance must")])
def test_find_thresholds_bad_input(kwargs, match):
    with pytest.raises(QCAInputError, match=match):
        find_thresholds([1.0, 2.0, 3.0], **kwargs)
    with pytest.raises(QCAInputError, match="missing values"):
        find_thresholds(pd.Series([1.0, np.nan, 3.0], name="GDP"))
    with pytest.raises(QCAInputError, match="'GDP' has 1 distinct"):
        find_thresholds(pd.Series([2.0, 2.0], name="GDP"))


def _r_with_qca():
    """``Rscript`` with R's QCA package, or skip with the reason (the suite never needs R)."""
    import shutil
    import subprocess

    exe = shutil.which("Rscript")
    if exe is None:
        pytest.skip("Rscript is not installed: R's findTh is not run side by side (bash ../shared/r/install.sh)")
    probe = subprocess.run([exe, "-e", "suppressMessages(library(QCA))"], capture_output=True, timeout=120)
    if probe.returncode != 0:
        pytest.skip("R's QCA package is not installed: R's findTh is not run side by side")
    return exe


def test_find_thresholds_agrees_with_r_findth_when_r_is_installed():
    import subprocess

    exe = _r_with_qca()
    rng = np.random.default_rng(12)
    # distinct values (no tied merge heights, where the two libraries may order merges differently)
    samples = [rng.choice(np.arange(1, 400), size=int(rng.integers(8, 30)), replace=False) * 1.5 for _ in range(6)]
    calls = []
    for i, x in enumerate(samples):
        vec = "c(" + ",".join(f"{v:g}" for v in x) + ")"
        for n, method in ((1, "complete"), (2, "complete"), (2, "average"), (3, "single")):
            calls.append((i, n, method, f'cat(findTh({vec}, n = {n}, hclustm = "{method}"), "\\n")'))
    script = "suppressMessages(library(QCA))\n" + "\n".join(c[3] for c in calls)
    out = subprocess.run([exe, "-e", script], capture_output=True, text=True, timeout=120, check=True).stdout
    for (i, n, method, _), line in zip(calls, out.strip().splitlines()):
        want = [float(v) for v in line.split()]
        assert find_thresholds(samples[i], n=n, method=method).tolist() == pytest.approx(want), (i, n, method)
