"""Each language on its own: the example and the panel example in Chinese and in English.

For both bundled examples the HTML report (with every figure's caption), the Word file, the
Excel workbook and the province comparison (page and Word file) are made in both languages. A Chinese output may hold no English sentence
(three or more English words in a row) and an English output no Chinese character. Allowed:
condition codes, R's names of fit parameters and other identifiers (``inclS``, ``CE-FDH``,
``support_next``), authors' names, and everything the user gave (the study file's titles,
labels, notes and settings, shown as they were written).
"""
from __future__ import annotations

import html
import io
import re

import docx
import openpyxl
import pytest

from digigov.compare import compare_provinces, comparison_docx, render_comparison
from digigov.export import docx_bytes, xlsx_bytes
from digigov.methods import REGISTRY
from digigov.pipeline import run_study, write_run
from digigov.report import figure_specs, render_report
from digigov.study import EXAMPLE_PANEL, EXAMPLE_STUDY
from digigov.view import latest_period, read_results

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
#: three or more English words in a row (words of two or more letters)
SENTENCE = re.compile(r"[A-Za-z][A-Za-z'\-]+(?:[ ,;:()]+[A-Za-z][A-Za-z'\-]+){2,}")


def _given(value) -> list[str]:
    """Every string value of the study file and of the data note (what the user gave)."""
    if isinstance(value, dict):
        return [s for v in value.values() for s in _given(v)]
    if isinstance(value, list):
        return [s for v in value for s in _given(v)]
    return [str(value)] if isinstance(value, str) else []


@pytest.fixture(scope="module", params=["example", "panel"])
def folder(request, tmp_path_factory):
    run = run_study(EXAMPLE_STUDY if request.param == "example" else EXAMPLE_PANEL, progress=False)
    return write_run(run, tmp_path_factory.mktemp(request.param) / "out", figures=False, report=False)


def _outputs(folder, lang: str) -> dict[str, str]:
    view = read_results(folder)
    figures = [(spec, b"") for spec in figure_specs(view, lang)]      # captions, not the drawings
    page = render_report(view, lang, figures=figures)
    page = re.sub(r"<script.*?</script>|<style.*?</style>", " ", page, flags=re.S)
    texts = {"html": html.unescape(re.sub(r"<[^>]+>", "\n", page))}
    doc = docx.Document(io.BytesIO(docx_bytes(view, lang)))
    texts["docx"] = "\n".join([p.text for p in doc.paragraphs]
                              + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(view, folder, lang)))
    texts["xlsx"] = "\n".join([*book.sheetnames, *(str(v) for ws in book for row in ws.iter_rows(values_only=True)
                                                   for v in row if isinstance(v, str))])
    # the province comparison: its page (with the side-by-side table) and its Word file
    shown = latest_period(view)
    comparisons = compare_provinces(shown, ["浙江", "四川"])
    sections = [b for m in REGISTRY for b in m.compare_sections(view, comparisons, lang)]   # a panel's years
    page = render_comparison(shown, comparisons, lang, sections=sections)
    page = re.sub(r"<script.*?</script>|<style.*?</style>", " ", page, flags=re.S)
    texts["compare_html"] = html.unescape(re.sub(r"<[^>]+>", "\n", page))
    doc = docx.Document(io.BytesIO(comparison_docx(shown, comparisons, lang)))
    texts["compare_docx"] = "\n".join([p.text for p in doc.paragraphs]
                                      + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    given = sorted(set(_given(view.manifest["parameters"]) + _given(view.study)), key=len, reverse=True)
    for name in ("docx", "xlsx", "html", "compare_html", "compare_docx"):
        for s in given:
            if len(s) > 1:
                texts[name] = texts[name].replace(s, " ")
    return texts


@pytest.fixture(scope="module")
def texts(folder):
    return {lang: _outputs(folder, lang) for lang in ("zh", "en")}


def test_chinese_outputs_hold_no_english_sentence(texts):
    for name, text in texts["zh"].items():
        found = [s for s in SENTENCE.findall(text)]
        assert found == [], (name, found[:5])


def test_english_outputs_hold_no_chinese(texts):
    for name, text in texts["en"].items():
        lines = [line for line in text.splitlines() if CJK.search(line)]
        assert lines == [], (name, lines[:5])


def test_case_names_are_chinese_in_chinese_outputs(folder, texts):
    texts = texts["zh"]
    view = read_results(folder)
    if view.get("panel"):
        assert "浙江 2019年" in texts["html"] and "Zhejiang 2019" not in texts["html"]
        assert "浙江 2019年" in texts["xlsx"]
    else:
        assert "北京" in texts["html"] and "北京" in texts["docx"] and "北京" in texts["xlsx"]
    for name, text in texts.items():
        assert "Beijing" not in text and "Zhejiang" not in text, name
