"""The report's case selection (SetMethods' smmr) sits beside the configurations: one row per
configuration, numbered as the configurations are, and the diagnostics section points to it."""
from __future__ import annotations

import html as htmllib
import json
import re

import pytest

from digigov.view import case_label
from digigov.report import render_report


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    from digigov.pipeline import run_study, write_run
    from digigov.study import EXAMPLE_STUDY

    out = write_run(run_study(EXAMPLE_STUDY, progress=False), tmp_path_factory.mktemp("ex") / "out",
                    figures=False, report=False)
    return json.loads((out / "results.json").read_text(encoding="utf-8"))


def _table(text: str) -> list[list[str]]:
    body = text[text.index('id="tab-case-selection"'):]
    body = body[:body.index("</table>")]
    rows = []
    for tr in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S):
        rows.append([htmllib.unescape(re.sub(r"<[^>]+>", "", c)).strip()
                     for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", tr, flags=re.S)])
    return rows


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_one_row_per_configuration_beside_the_configurations(example, lang):
    text = render_report(example, lang, figures=[])
    configs = example["configurations"]
    sections = re.split(r'<section class="[^"]*" id="', text)
    where = next(s for s in sections if 'id="tab-case-selection"' in s)
    assert where.startswith('configurations"')
    rows = _table(text)[1:]
    assert len(rows) == len(configs) + 1          # and the whole solution last
    cs = example["diagnostics"]["case_selection"]
    for row, config in zip(rows, configs):
        assert row[0].split("（")[0].split(" (")[0].endswith(str(config["id"]))
        assert row[1] == config["term"]
        most = [case_label(c, lang) for c in cs["most_typical"][config["term"]]]
        sep = "、" if lang == "zh" else ", "
        assert row[2] == sep.join(most)
        # a typical case of a configuration is one of its member cases (> 0.5 in it), which the
        # configuration table lists on its own
        typical = [c for c in row[4].split(sep) if c]
        assert typical and set(typical) <= {case_label(c, lang) for c in config["cases"]}
        unique = [c for c in row[3].split(sep) if c]
        assert set(unique) <= set(typical)
        others = {c for r in rows[:-1] if r is not row for c in r[4].split(sep)}
        assert not set(unique) & others            # uniquely covered: typical for no other configuration


def test_diagnostics_section_points_to_the_table(example):
    text = render_report(example, "en", figures=[])
    diag = text[text.index('id="diagnostics"'):]
    diag = diag[:diag.index("</section>")]
    assert 'id="tab-case-selection"' not in diag
    number = re.search(r'Table (\d+)\.</span>[^<]*Case selection', text).group(1)
    assert re.search(rf'href="#tab-case-selection"[^>]*>Table {number}</a>', diag)
