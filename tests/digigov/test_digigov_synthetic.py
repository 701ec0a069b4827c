"""Synthetic-data texts: the bundled-example wording only for the bundled examples, the user's
own ``data.note`` wherever the flag shows (HTML, Word, Excel, the command's summary line)."""
from __future__ import annotations

import io

import docx
import numpy as np
import openpyxl
import pandas as pd
import pytest

from digigov.export import docx_bytes, xlsx_bytes
from digigov.pipeline import run_study, write_run
from digigov.report import render_report
from digigov.templates import STRINGS
from digigov.view import read_results

NOTE = "Simulated for a workshop by the authors, seed 42"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("own")
    rng = np.random.default_rng(5)
    n = 14
    a, b = rng.uniform(0, 10, (2, n))
    pd.DataFrame({"case": [f"k{i:02d}" for i in range(n)], "A": a, "B": b,
                  "Y": 0.8 * a + rng.normal(0, 1, n)}).to_csv(tmp / "data.csv", index=False)
    (tmp / "study.yaml").write_text(
        f"data: {{file: data.csv, case_column: case, synthetic: true, note: '{NOTE}'}}\n"
        "outcome: Y\nconditions: [A, B]\nreport: {language: zh}\n", encoding="utf-8")
    run = run_study(tmp / "study.yaml", progress=False)
    assert NOTE in run.summary().splitlines()[0] and "example" not in run.summary().splitlines()[0]
    return write_run(run, tmp / "out", figures=False, report=False)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_own_synthetic_data_say_so_with_the_users_note(folder, lang):
    view = read_results(folder)
    bundled = STRINGS[lang]["synthetic_banner"]
    own = STRINGS[lang]["synthetic_banner_own"]
    page = render_report(view, lang, figures=[])
    banner = page[page.index('id="synthetic-banner"'):page.index("</div>", page.index('id="synthetic-banner"'))]
    assert own in banner and NOTE in banner and bundled not in page
    doc = docx.Document(io.BytesIO(docx_bytes(view, lang)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert own in text and NOTE in text and bundled not in text
    assert text.count(STRINGS[lang]["synthetic_table_note_own"]) == len(doc.tables) > 0
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(view, folder, lang)))
    contents = [str(r[0]) for r in book[book.sheetnames[0]].iter_rows(values_only=True) if r[0]]
    assert own in contents and NOTE in contents and bundled not in contents
    assert NOTE in book[book.sheetnames[1]].oddHeader.center.text     # printed on every sheet


def test_the_bundled_example_keeps_its_own_wording():
    from digigov.study import EXAMPLE_STUDY

    res = {"schema": "digigov-study-results/1", "schema_version": 1,
           "study": {"title": "T", "outcome": "Y", "conditions": ["A"], "synthetic": True, "example": True,
                     "data_note": "SYNTHETIC, ILLUSTRATIVE DATA"},
           "memberships": {"a": {"Y": 0.8, "A": 0.9}}}
    assert EXAMPLE_STUDY.is_file()
    page = render_report(res, "zh", figures=[])
    assert STRINGS["zh"]["synthetic_banner"] in page and "ILLUSTRATIVE" not in page
    assert "ILLUSTRATIVE" in render_report(res, "en", figures=[])
