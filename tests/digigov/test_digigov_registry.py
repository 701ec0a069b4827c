"""The method registry: a toy method, one folder and one registry line, reaches every output.

The toy method lives in ``tests/fixtures/toy_method/`` and is added to the registry at run time;
no module of the package is touched. Its table must appear in the HTML report and the Word
file, its CSV in the Excel workbook, its figure in ``figures/`` and the report, and its part in
results.json.
"""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import docx
import numpy as np
import openpyxl
import pandas as pd
import pytest

from digigov import methods
from digigov.export import export
from digigov.pipeline import run_study, write_run
from digigov.report import write_report

FIXTURE = Path(__file__).parents[1] / "fixtures" / "toy_method" / "__init__.py"


def _toy_module():
    spec = importlib.util.spec_from_file_location("toy_method", FIXTURE)
    module = importlib.util.module_from_spec(spec)
    sys.modules["toy_method"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture()
def toy_registry():
    toy = _toy_module()
    method = toy.ToyMethod()
    methods.REGISTRY.append(method)          # the one registry line
    try:
        yield toy
    finally:
        methods.REGISTRY.remove(method)


def _study(tmp_path) -> Path:
    rng = np.random.default_rng(11)
    n = 16
    a, b = rng.uniform(0, 10, (2, n))
    y = 0.7 * a + 0.2 * b + rng.normal(0, 1, n)
    pd.DataFrame({"case": [f"c{i:02d}" for i in range(n)], "A": a, "B": b, "Y": y}).to_csv(
        tmp_path / "data.csv", index=False)
    (tmp_path / "study.yaml").write_text("data: {file: data.csv, case_column: case}\noutcome: Y\n"
                                         "conditions: [A, B]\nreport: {language: en}\n", encoding="utf-8")
    return tmp_path / "study.yaml"


def test_a_registered_method_reaches_every_output(toy_registry, tmp_path):
    run = run_study(_study(tmp_path), progress=False)
    out = write_run(run, tmp_path / "out", figures=True, report=True)
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    # its step ran on the calibrated data, its part is in results.json
    mean_a = float(np.mean([results["memberships"][c]["A"] for c in results["memberships"]]))
    assert results["toy"]["mean_membership"]["A"] == pytest.approx(mean_a)
    assert "tables/toy_means.csv" in results["files"]["tables"]
    assert {"figures/toy_bars.png", "figures/toy_bars.svg"} <= set(results["files"]["figures"])
    # the HTML report: its section, its table (numbered caption) and its figure
    html = (out / "report.html").read_text(encoding="utf-8")
    assert 'id="toy"' in html and toy_registry.CAPTION in html and 'id="fig-toy_bars"' in html
    assert f"{mean_a:.3f}" in html
    # the Word file: its publication table, numbered among the others
    doc = docx.Document(str(export(out, tmp_path / "t.docx")))
    captions = [p.text for p in doc.paragraphs if p.text.startswith("Table ")]
    assert any(c.endswith(toy_registry.CAPTION) for c in captions)
    cells = {c.text for t in doc.tables for r in t.rows for c in r.cells}
    assert f"{mean_a:.3f}" in cells
    # the Excel workbook: its CSV as a sheet, listed with the caption the method gives it
    book = openpyxl.load_workbook(export(out, tmp_path / "t.xlsx"))
    contents = {r[2]: r[1] for r in book[book.sheetnames[0]].iter_rows(values_only=True) if r[2]}
    assert contents["tables/toy_means.csv"] == toy_registry.SHEET
    assert "toy_means" in book.sheetnames
    # a report rewritten from the folder in the other language keeps it
    zh = write_report(out, tmp_path / "zh.html", lang="zh").read_text(encoding="utf-8")
    assert 'id="toy"' in zh and 'id="fig-toy_bars"' in zh


def test_without_the_registry_line_nothing_of_it_appears(tmp_path):
    run = run_study(_study(tmp_path), progress=False)
    assert "toy" not in run.results
    assert not any(getattr(m, "name", "") == "toy" for m in methods.REGISTRY)
