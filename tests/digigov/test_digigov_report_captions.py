"""Numbered captions of the HTML study report: "Figure N." / "图 N", "Table N." / "表 N"."""

from __future__ import annotations

import html as htmllib
import json
import re
from pathlib import Path

import pytest

from digigov.report import figure_specs, render_report
from digigov.tables import kv_table
from digigov.templates import figure, number_captions, ref

FIXTURE = Path(__file__).parents[1] / "fixtures" / "results_synthetic.json"
PNG = b"\x89PNG\r\n\x1a\n"          # the numbering does not depend on the pictures: none is drawn
LABELS = {"en": (r"Figure (\d+)\.", r"Table (\d+)\."), "zh": (r"图 (\d+)", r"表 (\d+)")}
CAPNUM = re.compile(r'<span class="capnum">([^<]*)</span>')


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    """results.json and manifest.json of the bundled example study."""
    from digigov.pipeline import run_study, write_run
    from digigov.study import EXAMPLE_STUDY

    out = write_run(run_study(EXAMPLE_STUDY, progress=False), tmp_path_factory.mktemp("ex") / "out",
                    figures=False, report=False)
    return (json.loads((out / "results.json").read_text(encoding="utf-8")),
            json.loads((out / "manifest.json").read_text(encoding="utf-8")))


def _numbers(text: str, lang: str) -> tuple[list[int], list[int]]:
    fig, tab = LABELS[lang]
    labels = CAPNUM.findall(text)
    figs = [int(m.group(1)) for lab in labels if (m := re.fullmatch(fig, lab))]
    tabs = [int(m.group(1)) for lab in labels if (m := re.fullmatch(tab, lab))]
    assert len(figs) + len(tabs) == len(labels), labels
    return figs, tabs


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_example_report_numbers_every_figure_and_table_from_one(example, lang):
    results, manifest = example
    specs = figure_specs(results, lang)
    text = render_report(results, lang, figures=[(spec, PNG) for spec in specs], manifest=manifest)
    figs, tabs = _numbers(text, lang)
    # consecutive from 1 in order of appearance, hence unique
    assert figs == list(range(1, len(figs) + 1)) and tabs == list(range(1, len(tabs) + 1))
    # every figure and every table of the page has its numbered caption
    assert len(figs) == text.count("<figure") == len(specs) > 0
    assert len(tabs) == len(re.findall(r"<table\b", text)) > 10
    assert text.count("<caption>") == len(tabs) and text.count("<figcaption>") == len(figs)
    # the captions keep their text, and with it the configurations' own numbering
    for spec in specs:
        assert f"</span>{htmllib.escape(spec.caption)}</figcaption>" in text
    for cfg in results["configurations"]:
        assert f'id="fig-map_config_{cfg["id"]}"' in text
    # no mark is left over
    assert not re.search("[\ue000-\ue003]", text)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_references_carry_the_number_of_their_figure(example, lang):
    results, manifest = example
    specs = figure_specs(results, lang)
    text = render_report(results, lang, figures=[(spec, PNG) for spec in specs], manifest=manifest)
    refs = re.findall(r'<a href="#([^"]+)">((?:Figure|Table|图|表) \d+)</a>', text)
    assert refs, "the NCA notes refer to the scatter plots"
    for ident, label in refs:
        start = text.index(f'id="{ident}"')
        target = CAPNUM.search(text, start).group(1)
        assert target.rstrip(".") == label
    # without the figures, no dangling reference: every one left points at a table on the page
    text = render_report(results, lang, figures=[], manifest=manifest)
    for ident, label in re.findall(r'<a href="#([^"]+)">((?:Figure|Table|图|表) \d+)</a>', text):
        assert f'id="{ident}"' in text and label.startswith(("Table", "表")), (ident, label)


def test_fixture_report_numbers_its_tables():
    results = json.loads(FIXTURE.read_text(encoding="utf-8"))
    text = render_report(results, "en", figures=[])
    figs, tabs = _numbers(text, "en")
    assert figs == [] and tabs == list(range(1, len(re.findall(r"<table\b", text)) + 1))


def test_numbers_follow_the_page_not_the_building_order():
    late = kv_table([("k", 1)], caption="second")
    page = figure(PNG, "a map", fig_id="fig-map") + kv_table([("k", 2)], caption="first") + late
    text = number_captions(ref("fig", "fig-map") + page, "zh")
    assert CAPNUM.findall(text) == ["图 1", "表 1", "表 2"]
    assert text.startswith('<a href="#fig-map">图 1</a>')
    assert text.index("表 1") < text.index("first") < text.index("表 2") < text.index("second")
    with pytest.raises(ValueError, match="'nowhere'"):
        number_captions(ref("fig", "nowhere") + page, "en")
