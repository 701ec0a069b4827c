"""The comparison's side-by-side table (the provinces in adjacent columns, the weaker value
marked) on the page and in the Word file, and the comparison's independence of the methods.

Every expected value is computed here from results.json by hand: memberships, national ranks
(1 + the number of provinces with a higher membership), the gap, the configurations a province
follows (the minimum over a configuration's literals > 0.5) and the nearest one by brute force.
"""
from __future__ import annotations

import ast
import html
import io
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import docx
import matplotlib
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

matplotlib.use("Agg")

from digigov import methods  # noqa: E402
from digigov.cli import main  # noqa: E402
from digigov.compare import compare_provinces, comparison_docx, render_comparison, side_by_side  # noqa: E402
from digigov.methods.base import Method  # noqa: E402
from digigov.tables import Marked, to_csv  # noqa: E402
from libdigigov.results import Result  # noqa: E402

FIXTURE = Path(__file__).parents[1] / "fixtures" / "results_synthetic.json"
PACKAGE = Path(__file__).parents[2] / "digigov"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
#: three or more English words in a row (as the zh/en test of the reports)
SENTENCE = re.compile(r"[A-Za-z][A-Za-z'\-]+(?:[ ,;:()]+[A-Za-z][A-Za-z'\-]+){2,}")


def _results() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- hand computations
def _rank(res, case, var) -> int:
    mine = res["memberships"][case][var]
    return 1 + sum(m[var] > mine for m in res["memberships"].values())


def _literal(m, cond, present) -> float:
    return m[cond] if present else 1 - m[cond]


def _literals(cfg):
    return [(c, present, role) for role in ("core", "peripheral")
            for present, key in ((True, "present"), (False, "absent")) for c in (cfg.get(role) or {}).get(key, [])]


def _membership(res, case, cid) -> float:
    cfg = next(c for c in res["configurations"] if str(c["id"]) == cid)
    return min(_literal(res["memberships"][case], c, p) for c, p, _ in _literals(cfg))


def _followed(res, case) -> list[str]:
    m = res["memberships"][case]
    return [str(cfg["id"]) for cfg in res["configurations"]
            if min(_literal(m, c, p) for c, p, _ in _literals(cfg)) > 0.5]


def _nearest(res, case):
    """(id, [condition missing, core first then by gap]) by brute force over the configurations."""
    m = res["memberships"][case]
    follows = set(_followed(res, case))
    scored = []
    for cfg in res["configurations"]:
        if str(cfg["id"]) in follows:
            continue
        unmet = [(0 if role == "core" else 1, -(0.5 - _literal(m, c, p)), c) for c, p, role in _literals(cfg)
                 if _literal(m, c, p) <= 0.5]
        scored.append(((len(unmet), sum(-u[1] for u in unmet)), str(cfg["id"]), [u[2] for u in sorted(unmet)]))
    best = min(scored, key=lambda s: s[0])
    return best[1], best[2]


def _label(res, var, lang) -> str:
    text = res["study"]["labels"][var][lang]
    return f"{text} ({var})"


def _table_rows(page: str, table_id: str) -> list[list[str]]:
    table = re.search(rf'<table id="{table_id}">(.*?)</table>', page, flags=re.S).group(1)
    rows = re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)
    return [[html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", r, re.S)]
            for r in rows]


# ---------------------------------------------------------------- the page
@pytest.mark.parametrize("names", [["浙江", "四川"], ["Zhejiang", "sichuan"]])
def test_side_by_side_on_the_page_matches_results_json(names):
    res = _results()
    page = render_comparison(res, compare_provinces(res, names), "en")
    rows = _table_rows(page, "side-by-side")
    assert rows[0] == ["Item", "Zhejiang", "Sichuan", "Gap (highest − lowest)"]
    # it is the first table of the page, before the overview
    assert page.index('id="side-by-side"') < page.index("Overview of the compared provinces")
    mem = res["memberships"]
    variables = [res["study"]["outcome"], *res["study"]["conditions"]]
    by_label = {r[0]: r for r in rows[2:]}
    for var in variables:
        label = _label(res, var, "en")
        row = by_label[f"Outcome: {label}" if var == res["study"]["outcome"] else label]
        zj, sc = mem["Zhejiang"][var], mem["Sichuan"][var]
        expect_zj, expect_sc = f"{zj:.3f}", f"{sc:.3f}"
        if zj < sc:
            expect_zj += " ▼"
        elif sc < zj:
            expect_sc += " ▼"
        assert row[1:] == [expect_zj, f"{_rank(res, 'Zhejiang', var)} / 31", expect_sc,
                           f"{_rank(res, 'Sichuan', var)} / 31", f"{abs(zj - sc):.3f}"], var
    # the weaker cell is shaded as well (class) and carries the mark for print
    assert page.count('class="num marked"') == sum(mem["Zhejiang"][v] != mem["Sichuan"][v] for v in variables)
    followed = {c: ", ".join(f"Configuration {i}" for i in _followed(res, c)) for c in ("Zhejiang", "Sichuan")}
    assert by_label["Configuration followed"][1:3] == [followed["Zhejiang"], followed["Sichuan"]]
    for i, case in enumerate(("Zhejiang", "Sichuan"), start=1):
        nearest, missing = _nearest(res, case)
        assert by_label["Nearest (other) configuration"][i] == f"Configuration {nearest}"
        cell = by_label["Conditions missing for it (core first)"][i]
        positions = [cell.index(_label(res, c, "en")) for c in missing]
        assert positions == sorted(positions) and cell.count("(R)") == ("R" in missing)
        # the strongest strategy of the configuration it follows: rank 1 of results.json's ranking
        follows = _followed(res, case)
        focus = max(follows, key=lambda i: _membership(res, case, i)) if follows else nearest
        ranking = next(s for s in res["geodetector"]["strategies"] if str(s["configuration"]) == focus)["ranking"]
        first = next(r["auxiliary"] for r in ranking if r["rank"] == 1)
        strategy = by_label["Strongest strategy of the configuration followed, else the nearest (geodetector)"][i]
        assert strategy.startswith(f"Configuration {focus}: ") and res["study"]["labels"][first]["en"] in strategy


def test_three_provinces_mark_the_lowest_only_and_one_province_has_no_such_table():
    res = _results()
    comps = compare_provinces(res, ["浙江", "四川", "Gansu"])
    table = side_by_side(res, comps, "zh")
    g = res["study"]["conditions"].index("G") + 1
    row = table.rows[g]
    values = {c: res["memberships"][c]["G"] for c in ("Zhejiang", "Sichuan", "Gansu")}
    low = min(values, key=values.get)
    marked = [isinstance(row[1 + 2 * i], Marked) for i in range(3)]
    assert marked == [c == low for c in ("Zhejiang", "Sichuan", "Gansu")]
    assert row[-1] == pytest.approx(max(values.values()) - min(values.values()))
    one = render_comparison(res, compare_provinces(res, ["浙江"]), "zh")
    assert 'id="side-by-side"' not in one and "所比较省份概览" in one


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from([0.0, 0.05, 0.3, 0.5, 0.51, 0.9, 1.0]) | st.floats(0, 1), min_size=2,
                         max_size=2), min_size=2, max_size=4))
def test_marks_fall_on_the_lowest_membership_of_each_row(values):
    names = ["Beijing", "Tianjin", "Hebei", "Shanxi"][:len(values)]
    res = {"study": {"outcome": "Y", "conditions": ["A"]},
           "memberships": {n: {"Y": v[0], "A": v[1]} for n, v in zip(names, values)}}
    table = side_by_side(res, compare_provinces(res, names), "en")
    for r, row in enumerate(table.rows):
        column = [v[r] for v in values]
        shown = [f"{x:.3f}" for x in column]       # compared as printed
        low, high = min(shown, key=float), max(shown, key=float)
        marked = [isinstance(row[1 + 2 * i], Marked) for i in range(len(names))]
        assert marked == [high != low and x == low for x in shown]
        assert row[-1] == pytest.approx(max(column) - min(column))


def test_equal_memberships_mark_nothing():
    res = _results()
    res["memberships"]["Sichuan"]["G"] = res["memberships"]["Zhejiang"]["G"]
    table = side_by_side(res, compare_provinces(res, ["浙江", "四川"]), "en")
    row = table.rows[res["study"]["conditions"].index("G") + 1]
    assert not any(isinstance(v, Marked) for v in row) and row[-1] == pytest.approx(0.0)


def test_a_province_that_follows_nothing_is_marked_beside_one_that_does():
    res = _results()
    follows = {c: _followed(res, c) for c in res["memberships"]}
    some = next(c for c, f in follows.items() if f)
    none = next(c for c, f in follows.items() if not f)
    csv = to_csv(side_by_side(res, compare_provinces(res, [some, none]), "en"))
    line = next(x for x in csv.splitlines() if x.startswith("Configuration followed"))
    assert "none (belongs to no configuration) ▼" in line


# ---------------------------------------------------------------- the Word file and the command
def test_word_file_of_the_comparison_has_the_table_first_with_the_mark_and_the_shade(tmp_path):
    shutil.copy(FIXTURE, tmp_path / "results.json")
    out = tmp_path / "comparison.docx"
    assert main(["compare", "浙江", "四川", "--results", str(tmp_path), "--output", str(out), "--lang", "zh"]) == 0
    doc = docx.Document(str(out))
    res = _results()
    first = doc.tables[0]
    captions = [p.text for p in doc.paragraphs if p.text.startswith("表")]
    assert captions[0].endswith("所比较省份逐项并列") and captions[1].endswith("所比较省份概览")
    row = next(r for r in first.rows if r.cells[0].text == _label(res, "G", "zh"))
    zj, sc = res["memberships"]["Zhejiang"]["G"], res["memberships"]["Sichuan"]["G"]
    weaker = 1 if zj < sc else 3
    assert row.cells[weaker].text.endswith(" ▼") and row.cells[4 - weaker].text == f"{max(zj, sc):.3f}"
    fill = row.cells[weaker]._tc.xpath("./w:tcPr/w:shd/@w:fill")
    assert fill == ["E7E6E6"] and not row.cells[4 - weaker]._tc.xpath("./w:tcPr/w:shd")
    assert row.cells[0].paragraphs[0].runs and row.cells[weaker].paragraphs[0].runs[0].bold
    # every province's tables follow its name; the same bytes for the same results
    texts = [p.text for p in doc.paragraphs]
    assert "浙江" in texts and "四川" in texts
    again = comparison_docx(res, compare_provinces(res, ["浙江", "四川"]), "zh")
    assert again == out.read_bytes()


def test_the_command_refuses_other_formats(tmp_path, capsys):
    shutil.copy(FIXTURE, tmp_path / "results.json")
    assert main(["compare", "浙江", "四川", "--results", str(tmp_path), "--output", str(tmp_path / "c.xlsx")]) == 2
    assert "HTML or Word" in capsys.readouterr().err and not (tmp_path / "c.xlsx").exists()


# ---------------------------------------------------------------- languages
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_language_on_its_own(lang):
    res = _results()
    comps = compare_provinces(res, ["浙江", "Sichuan"])
    page = render_comparison(res, comps, lang)
    page = re.sub(r"<script.*?</script>|<style.*?</style>", " ", page, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", "\n", page))
    word = docx.Document(io.BytesIO(comparison_docx(res, comps, lang)))
    text += "\n".join([p.text for p in word.paragraphs] + [c.text for t in word.tables for r in t.rows for c in r.cells])
    for given in sorted({res["study"]["title"], res["study"]["data_note"]}, key=len, reverse=True):
        text = text.replace(given, " ")     # what the user gave is shown as written
    if lang == "zh":
        assert SENTENCE.findall(text) == []
    else:
        assert [line for line in text.splitlines() if CJK.search(line)] == []


# ---------------------------------------------------------------- no method named outside its folder
#: Names of methods and of what only one method holds (the panel is the study's variant: the
#: view shows the latest period of a panel to every output).
METHOD_WORDS = re.compile(r"\b(configurations?|strateg(?:y|ies)|geodetector|nca|sufficiency|necessity|robustness|"
                          r"diagnostics|truth_table|solutions?)\b", re.I)


@pytest.mark.parametrize("module", ["compare.py", "province_comparison.py", "view.py"])
def test_comparison_and_view_name_no_method(module):
    source = (PACKAGE / module).read_text(encoding="utf-8")
    found = [f"{i}: {line.strip()}" for i, line in enumerate(source.splitlines(), 1) if METHOD_WORDS.search(line)]
    assert found == []
    # nor import from a method's folder (only the registry)
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            assert not node.module.startswith("methods."), node.module
            assert not node.module.startswith("digigov.methods."), node.module


#: The methods' folders (their modules are theirs alone).
METHOD_UNITS = sorted(d.name for d in (PACKAGE / "methods").iterdir() if (d / "__init__.py").exists())
#: Every module of the package outside the methods' folders: the workbench (``app/``) too.
OUTSIDE_METHODS = sorted(str(f.relative_to(PACKAGE)) for f in PACKAGE.rglob("*.py")
                         if f.relative_to(PACKAGE).parts[0] != "methods")


def _imported(path: Path) -> list[str]:
    """The absolute names a module imports (relative imports resolved against the package)."""
    parts = ["digigov", *path.relative_to(PACKAGE).with_suffix("").parts]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                # from ..x import y in digigov/a/b.py (or digigov/a/__init__.py): the package
                # digigov.a, less level - 1 of its parts
                pkg = parts[:-1]
                pkg = pkg[:len(pkg) - (node.level - 1)]
                base = ".".join([*pkg, *([base] if base else [])])
            out += [base] + [f"{base}.{a.name}" for a in node.names]
    return out


def test_the_rule_sees_every_module_and_the_workbench():
    assert {"panel", "robustness", "geodetector", "sufficiency"} <= set(METHOD_UNITS)
    assert "app/bridge.py" in OUTSIDE_METHODS and "pipeline.py" in OUTSIDE_METHODS
    assert not any(m.startswith("methods/") for m in OUTSIDE_METHODS)


@pytest.mark.parametrize("module", OUTSIDE_METHODS)
def test_no_module_outside_a_methods_folder_imports_it(module):
    """Outside ``digigov/methods/<name>/`` (the workbench included) only the registry and the
    hooks' base are imported: everything reaches a method through them."""
    named = [name for name in _imported(PACKAGE / module)
             if any(name == f"digigov.methods.{unit}" or name.startswith(f"digigov.methods.{unit}.")
                    for unit in METHOD_UNITS)]
    assert named == []


class _Extra(Method):
    """A method added at run time: its facts, overview column, row and section reach the page."""

    name = "extra"

    def compare_case(self, view, case, parts):
        return _Part(view["memberships"][case]["G"] * 10)

    def compare_columns(self, view, comparison, lang):
        return [("extra score", comparison.parts["extra"].score)]

    def compare_rows(self, view, comparisons, lang):
        return [("extra row", [f"score {c.score:.1f}" for c in comparisons])]

    def compare_sections(self, view, comparisons, lang):
        return ["<section id=\"extra-section\"></section>"]


@dataclass(frozen=True)
class _Part(Result):
    score: float

    def to_frame(self):
        return pd.DataFrame({"score": [self.score]})

    def _notes(self):
        return [f"score {self.score:.2f}"]

    def _dict(self):
        return {"score": self.score}


def test_a_registered_method_reaches_the_comparison_without_touching_it(tmp_path):
    shutil.copy(FIXTURE, tmp_path / "results.json")
    method = _Extra()
    methods.REGISTRY.append(method)
    try:
        main(["compare", "浙江", "四川", "--results", str(tmp_path), "--output", str(tmp_path / "c.html"),
              "--lang", "en"])
        comps = compare_provinces(_results(), ["浙江", "四川"])
    finally:
        methods.REGISTRY.remove(method)
    page = (tmp_path / "c.html").read_text(encoding="utf-8")
    res = _results()
    rows = {r[0]: r for r in _table_rows(page, "side-by-side")}
    assert rows["extra row"][1:3] == [f"score {res['memberships'][c]['G'] * 10:.1f}" for c in ("Zhejiang", "Sichuan")]
    assert "<th>extra score</th>" in page and 'id="extra-section"' in page
    assert comps[0].score == pytest.approx(res["memberships"]["Zhejiang"]["G"] * 10)
    assert comps[0].to_dict()["score"] == comps[0].score
    assert f"score {comps[0].score:.2f}" in comps[0].to_dict()["notes"] and "to build:" in comps[0].summary()
