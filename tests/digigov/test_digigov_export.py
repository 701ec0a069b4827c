"""Word and Excel exports of a results folder (digigov.export), and the folder's CSV encoding."""
from __future__ import annotations

import hashlib
import io
import json
import math
import re
import shutil
from pathlib import Path

import docx
import openpyxl
import pandas as pd
import pytest
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st

import digigov
from digigov.cli import main
from digigov.export import SCHEMA_VERSION, ExportError, export
from digigov.export import docx_bytes
from digigov.methods import REGISTRY
from digigov.view import case_label
from digigov.tables.excel import sheet_name
from digigov.tables.word import CORE_PT, PERIPHERAL_PT, RULE_HEADER, RULE_OUTER

BOM = b"\xef\xbb\xbf"
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@pytest.fixture(scope="session")
def results_dir(tmp_path_factory):
    """The bundled example study, run once, written without figures or report (read-only for tests)."""
    from digigov.pipeline import run_study, write_run
    from digigov.study import EXAMPLE_STUDY

    folder = write_run(run_study(EXAMPLE_STUDY, progress=False), tmp_path_factory.mktemp("ex") / "results",
                       figures=False, report=False)
    assert json.loads((folder / "results.json").read_text(encoding="utf-8"))["schema_version"] == SCHEMA_VERSION
    return folder


@pytest.fixture(scope="session")
def results(results_dir):
    return json.loads((results_dir / "results.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def doc_zh(results_dir, tmp_path_factory):
    path = digigov.export_docx(results_dir, tmp_path_factory.mktemp("docx") / "t.docx", lang="zh")
    return docx.Document(str(path))


def _csv(results_dir, name) -> pd.DataFrame:
    return pd.read_csv(results_dir / "tables" / name)


def _digest(folder: Path) -> dict:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _size(run):
    return run.font.size.pt if run.font.size is not None else None


# ---------------------------------------------------------------- CSV encoding
def test_csvs_have_a_bom_and_pandas_reads_them(results_dir, results):
    csvs = sorted((results_dir / "tables").glob("*.csv"))
    assert len(csvs) >= 10
    for path in csvs:
        assert path.read_bytes().startswith(BOM), path.name
        assert not path.read_bytes()[3:].startswith(BOM)
    nec = pd.read_csv(results_dir / "tables" / "necessity.csv")      # pandas' default encoding
    assert list(nec.columns[:2]) == ["outcome", "condition"]
    assert len(nec) == len(results["necessity"])
    conf = pd.read_csv(results_dir / "tables" / "configurations.csv", encoding="utf-8", index_col=0)
    assert "政府统筹" in conf.index                                     # Chinese survives the round trip


# ---------------------------------------------------------------- Word
def test_docx_has_every_table_with_caption_and_notes(doc_zh):
    # Fiss, calibration anchors, necessity, truth table, factor, interaction, strategies; LESH's power of determinants
    # and interactions (geodetector.models); NCA effects, two bottleneck tables, kind and degree
    # (the example study has an nca: section); spatial autocorrelation, case selection, region
    # robustness, lagged conditions (and a spatial: section)
    assert len(doc_zh.tables) == 17
    captions = [p for p in doc_zh.paragraphs if re.match(r"表\d", p.text)]
    assert [c.text.split()[0] for c in captions] == [f"表{i}" for i in range(1, 18)]
    assert "LESH" in captions[7].text and "LESH" in captions[8].text
    assert "NCA" in captions[9].text and "类别与程度" in captions[12].text
    assert "空间自相关" in captions[13].text and "空间滞后条件" in captions[16].text
    assert "组态" in captions[0].text and "校准锚点" in captions[1].text
    assert "必要性" in captions[2].text and "真值表" in captions[3].text
    assert "地理探测器" in captions[4].text and "交互" in captions[5].text
    for table in doc_zh.tables:                # caption right before, notes right after every table
        prev, nxt = table._tbl.getprevious(), table._tbl.getnext()
        assert prev.tag == qn("w:p") and re.match(r"表\d", "".join(prev.itertext()))
        assert nxt.tag == qn("w:p") and "".join(nxt.itertext())
    text = "\n".join(p.text for p in doc_zh.paragraphs)
    assert "合成示例数据" in text and text.count("数据为软件包自带的合成示例数据") == 17   # on every table


def test_docx_calibration_table_carries_the_calibration_warnings(results):
    # a skewed set (the 20/80 % rule) and a case at exactly 0.5 in the main calibration: the
    # published anchors table says so under it, in both languages, with the rule
    checks = {"skew_threshold": 0.2, "steps": [{"label": "", "skewed": [
        {"set": "G", "share_above": 0.9, "above": 28, "cases": 31}], "at_half": [{"set": "T", "case": "Beijing"}]}]}
    for lang, words in (("en", ("Beijing", "90%", "20%/80%")), ("zh", ("北京", "90%"))):
        doc = docx.Document(io.BytesIO(docx_bytes({**results, "calibration_checks": checks}, lang)))
        caption = next(p for p in doc.paragraphs if ("Calibration anchors" in p.text or "校准锚点" in p.text))
        table = next(t for t in doc.tables if t._tbl.getprevious() is caption._p)
        notes = _notes_after(table)
        for word in words:
            assert word in notes, (lang, word, notes)
    plain = docx.Document(io.BytesIO(docx_bytes(results, "en")))   # the example: no warning, no note
    caption = next(p for p in plain.paragraphs if "Calibration anchors" in p.text)
    table = next(t for t in plain.tables if t._tbl.getprevious() is caption._p)
    assert "20%" not in _notes_after(table) and "0.5" not in _notes_after(table)


def _notes_after(table) -> str:
    """The paragraphs after a Word table, up to the next table's caption."""
    out, el = [], table._tbl.getnext()
    while el is not None and el.tag == qn("w:p") and not re.match(r"(Table \d|表\d)", "".join(el.itertext())):
        out.append("".join(el.itertext()))
        el = el.getnext()
    return "\n".join(out)


def test_docx_three_line_borders(doc_zh):
    for table in doc_zh.tables:
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        side = {el.tag.split("}")[1]: el for el in borders}
        for name in ("top", "bottom"):
            assert side[name].get(qn("w:val")) == "single" and side[name].get(qn("w:sz")) == str(RULE_OUTER)
        for name in ("left", "right", "insideH", "insideV"):
            assert side[name].get(qn("w:val")) == "nil"
        rows = table._tbl.tr_lst
        n_head = sum(1 for tr in rows if tr.trPr is not None and tr.trPr.find(qn("w:tblHeader")) is not None)
        assert n_head in (1, 2)
        for tc in rows[n_head - 1].tc_lst:       # the thin rule under the header, across the table
            bottom = tc.tcPr.find(qn("w:tcBorders")).find(qn("w:bottom"))
            assert bottom.get(qn("w:val")) == "single" and bottom.get(qn("w:sz")) == str(RULE_HEADER)
        for tr in rows[n_head:]:                  # no rule inside the body
            for tc in tr.tc_lst:
                assert tc.tcPr is None or tc.tcPr.find(qn("w:tcBorders")) is None
        xml = table._tbl.xml                      # no vertical rule anywhere
        for tag in ("left", "right", "start", "end", "insideV"):
            for m in re.finditer(rf'<w:{tag} ([^>]*)/>', xml):
                assert 'w:val="nil"' in m.group(1) or 'w:val="none"' in m.group(1), m.group(0)


def test_docx_fiss_table_symbols_and_fit(doc_zh, results):
    table = doc_zh.tables[0]
    configs = results["configurations"]
    labels = results["study"]["labels"]
    conds = results["study"]["conditions"]
    assert [c.text for c in table.rows[1].cells[1:]] == [c["id"] for c in configs]
    for i, cond in enumerate(conds):
        row = table.rows[2 + i]
        assert row.cells[0].text == f"{labels[cond]['zh']} ({cond})"
        for cfg, cell in zip(configs, row.cells[1:]):
            runs = [r for p in cell.paragraphs for r in p.runs]
            role = next((r for r in ("core", "peripheral") if cond in cfg[r]["present"] + cfg[r]["absent"]), None)
            if role is None:
                assert cell.text == ""
                continue
            assert cell.text == ("●" if cond in cfg[role]["present"] else "⊗")
            assert _size(runs[0]) == (CORE_PT if role == "core" else PERIPHERAL_PT)
    fit_rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in table.rows[2 + len(conds):]}
    assert fit_rows["一致性"] == [f"{c['inclS']:.3f}" for c in configs]
    assert fit_rows["唯一覆盖度"] == [f"{c['covU']:.3f}" for c in configs]
    assert "北京" in fit_rows["覆盖案例"][1] and "Beijing" not in "".join(fit_rows["覆盖案例"])
    overall = table.rows[-3]
    assert len(overall._tr.tc_lst) == 2                    # one value across the configuration columns
    assert overall.cells[1].text == f"{results['solution_fit']['inclS']:.3f}"
    note = table._tbl.getnext()
    sizes = [(r.text, _size(r)) for r in doc_zh.paragraphs if r._p is note for r in r.runs]
    assert ("●", CORE_PT) in sizes and ("●", PERIPHERAL_PT) in sizes and ("⊗", PERIPHERAL_PT) in sizes


def test_docx_tables_match_the_csvs(doc_zh, results_dir):
    nec = _csv(results_dir, "necessity.csv")
    table = doc_zh.tables[2]
    body = [[c.text for c in r.cells] for r in table.rows[2:]]
    first = nec[nec["outcome"] == nec["outcome"].iloc[0]]
    assert [row[1] for row in body] == [f"{v:.3f}" for v in first["inclN"]]
    assert [row[3] for row in body] == [f"{v:.3f}" for v in first["covN"]]
    tt = _csv(results_dir, "truth_table.csv")
    rows = [[c.text for c in r.cells] for r in doc_zh.tables[3].rows[1:]]
    assert [int(r[0]) for r in rows] == list(tt["row"])
    assert [r[-5] for r in rows] == [str(v) for v in tt["OUT"]]
    assert [r[-3] for r in rows] == [f"{v:.3f}" for v in tt["incl"]]
    factor = _csv(results_dir, "geodetector_factor.csv")
    q = [c.text for c in doc_zh.tables[4].columns[1].cells[1:]]
    assert q == [f"{v:.3f}" for v in factor["q"]]
    inter = _csv(results_dir, "geodetector_interaction.csv")
    q12 = [r.cells[4].text for r in doc_zh.tables[5].rows[1:]]
    assert q12 == [f"{v:.3f}" for v in inter["q12"]]
    assert {r.cells[5].text for r in doc_zh.tables[5].rows[1:]} <= {"非线性增强", "双因子增强", "独立",
                                                                     "单因子非线性减弱", "非线性减弱"}


def test_docx_english_has_no_chinese(results_dir, tmp_path):
    path = export(results_dir, tmp_path / "en.docx", "docx", lang="en")
    doc = docx.Document(str(path))
    text = "\n".join([p.text for p in doc.paragraphs]
                     + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    assert not CJK.findall(text)
    assert "Table 1. Configurations" in text and "Beijing" in text


def test_docx_nca_tables_when_present(results):
    nca = {"conditions": [{"condition": "G", "n": 31, "ceilings": {
        "ce_fdh": {"effect_size": 0.31, "p_value": 0.0002, "accuracy": 100, "above": 0},
        "cr_fdh": {"effect_size": 0.254, "p_value": None, "accuracy": 96.8, "above": 1}}}],
        "bottlenecks": {"ce_fdh": {"outcome": [0, 50, 100], "G": ["NN", 12.5, 80.0]}}}
    # without the example's LESH tables (geodetector.models) and spatial tables, so that NCA's follow
    # the strategies and come last
    results = {k: v for k, v in results.items() if k != "geodetector_models"}
    doc = docx.Document(io.BytesIO(docx_bytes({**results, "nca": nca, "spatial": None}, "en")))
    assert len(doc.tables) == 9
    effects = [[c.text for c in r.cells] for r in doc.tables[7].rows]
    # condition, ceiling, d, its label, p, p accuracy, ceiling accuracy, cases above
    assert effects[1] == ["government coordination (G)", "CE-FDH", "0.310", "", "<0.001", "", "100.0", "0"]
    assert effects[2][2] == "0.254" and effects[2][4] == ""
    bottleneck = [[c.text for c in r.cells] for r in doc.tables[8].rows]
    assert bottleneck[1:] == [["0.0", "NN"], ["50.0", "12.5"], ["100.0", "80.0"]]
    captions = [p.text for p in doc.paragraphs if p.text.startswith("Table ")]
    assert captions[7:] == ["Table 8. NCA: effect sizes", "Table 9. NCA bottleneck table (CE-FDH)"]
    odd = docx.Document(io.BytesIO(docx_bytes({**results, "nca": {"note": "shape unknown"}, "spatial": None}, "en")))
    assert len(odd.tables) == 7                  # an unknown shape is skipped, not an error


# ---------------------------------------------------------------- Excel
def _cellwise(value):
    """A CSV value as the workbook stores it: numbers written as text are numbers."""
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return value
    if isinstance(value, float) and math.isnan(value):
        return None
    return value.item() if hasattr(value, "item") else value


def test_xlsx_sheets_equal_the_csvs(results_dir, results, tmp_path):
    path = digigov.export_xlsx(results_dir, tmp_path / "t.xlsx")
    sheets = pd.read_excel(path, sheet_name=None)
    book = openpyxl.load_workbook(path)
    listed = [f for f in results["files"]["tables"] if f.endswith(".csv")]
    assert book.sheetnames[0] == "目录" and len(book.sheetnames) == len(listed) + 1
    # the contents sheet names each file's sheet: in Chinese, what the sheet holds
    sheet_of = {r[2]: r[0] for r in book["目录"].iter_rows(values_only=True) if r[2] in listed}
    assert [sheet_of[rel] for rel in listed] == book.sheetnames[1:]
    assert sheet_of["tables/memberships.csv"] == "校准后的隶属度"
    cases = set(results["memberships"])

    def chinese(v):       # case names (and lists of them) are written in Chinese
        if isinstance(v, str) and v in cases:
            return case_label(v, "zh")
        parts = [p.strip() for p in v.split(",")] if isinstance(v, str) else []
        return "、".join(case_label(p, "zh") for p in parts) if len(parts) > 1 and set(parts) <= cases else v

    view = digigov.view.read_results(results_dir)
    worded = {rel for rel in listed
              if any(m.sheet_table(Path(rel).stem, view, "zh") is not None for m in REGISTRY)}
    for rel, name in zip(listed, book.sheetnames[1:]):
        if rel in ("tables/configurations.csv", "tables/esa_excluded_rows.csv") or rel in worded:
            continue      # tables of words, shown from the table model in the export's language (below)
        csv = pd.read_csv(results_dir / rel)
        sheet = sheets[name]
        assert list(sheet.columns) == list(csv.columns), rel
        assert sheet.shape == csv.shape, rel
        for col in csv.columns:
            if any(chinese(v) != v for v in csv[col] if isinstance(v, str)):
                blank = (lambda v: None if isinstance(v, float) and math.isnan(v) else v)
                assert [blank(chinese(v)) for v in csv[col]] == [blank(v) for v in sheet[col]], (rel, col)
                continue
            a = [_cellwise(v) for v in csv[col]]
            b = [_cellwise(v) for v in sheet[col]]
            # the workbook keeps 16 significant digits (Excel shows 15), the CSV 17
            assert b == [pytest.approx(v, rel=1e-15, abs=0) if isinstance(v, float) else v for v in a], (rel, col)
        ws = book[name]
        assert ws.freeze_panes in ("A2", "B2")
        assert all(c.font.b for c in ws[1])
    ws = book[sheet_of["tables/solution_intermediate.csv"]]
    col = [c.value for c in ws[1]].index("inclS") + 1
    assert {ws.cell(r, col).number_format for r in range(2, ws.max_row + 1)} == {"0.000"}
    fiss = book[sheet_of["tables/configurations.csv"]]
    assert isinstance(fiss["B11"].value, float)                     # fit row of the Fiss table
    assert fiss["A11"].value == "一致性" and fiss["A2"].value.endswith("(G)")
    contents = [r for r in book["目录"].iter_rows(values_only=True)]
    assert any("合成示例数据" in str(r[0]) for r in contents)
    assert book[sheet_of["tables/necessity.csv"]].oddHeader.center.text   # warning printed on every sheet


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=50), min_size=1, max_size=12))
def test_sheet_names_valid_and_unique(stems):
    taken: set[str] = set()
    names = [sheet_name(s, taken) for s in stems]
    for n in names:
        assert 1 <= len(n) <= 31 and not re.search(r"[\[\]:*?/\\]", n)
        assert not n.startswith("'") and not n.endswith("'")
    assert len({n.lower() for n in names}) == len(names)


def test_workbook_loads_in_openpyxl_with_long_and_odd_names(results_dir, tmp_path):
    folder = tmp_path / "r"
    shutil.copytree(results_dir, folder)
    res = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    odd = "composites_" + "很长的名字" * 8 + "[a]"
    shutil.copy(folder / "tables" / "necessity.csv", folder / "tables" / f"{odd}.csv")
    res["files"]["tables"].append(f"tables/{odd}.csv")
    (folder / "results.json").write_text(json.dumps(res, ensure_ascii=False), encoding="utf-8")
    book = openpyxl.load_workbook(export(folder, tmp_path / "o.xlsx"))
    assert len(book.sheetnames[-1]) == 31 and "[" not in book.sheetnames[-1]


# ---------------------------------------------------------------- files and errors
def test_exports_are_deterministic_and_leave_the_folder_alone(results_dir, tmp_path):
    before = _digest(results_dir)
    for fmt in ("docx", "xlsx"):
        a = export(results_dir, tmp_path / f"a.{fmt}", fmt).read_bytes()
        b = export(results_dir, tmp_path / f"b.{fmt}", fmt).read_bytes()
        assert a == b
    assert _digest(results_dir) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx", "a.xlsx", "b.docx", "b.xlsx"]


def _cli(capsys, *argv):
    code = main(["export", *map(str, argv)])
    err = capsys.readouterr().err
    return code, err


@pytest.fixture()
def copy_dir(results_dir, tmp_path):
    folder = tmp_path / "results"
    shutil.copytree(results_dir, folder)
    return folder


def test_cli_writes_and_refuses_to_overwrite(copy_dir, capsys):
    code, _ = _cli(capsys, copy_dir, "--format", "xlsx")
    assert code == 0 and (copy_dir / "tables.xlsx").is_file()
    first = (copy_dir / "tables.xlsx").stat().st_mtime_ns
    code, err = _cli(capsys, copy_dir, "--format", "xlsx")
    assert code == 2 and "exists" in err and "--force" in err and len(err.strip().splitlines()) == 1
    assert (copy_dir / "tables.xlsx").stat().st_mtime_ns == first
    code, _ = _cli(capsys, copy_dir, "--format", "xlsx", "--force")
    assert code == 0
    code, _ = _cli(capsys, copy_dir, "--out", copy_dir / "en.docx", "--language", "en")   # format from suffix
    assert code == 0 and (copy_dir / "en.docx").is_file()


@pytest.mark.parametrize("case, needle", [
    ("empty", "no results.json in"),
    ("missing", "is not a folder"),
    ("not_json", "is not valid JSON"),
    ("other_json", "not the results of a digigov study"),
    ("old_schema", "has no schema_version (written before version 1); this version of digigov reads schema version 1"),
    ("new_schema", "has schema version 2; this version of digigov reads schema version 1: upgrade"),
])
def test_cli_bad_folders(case, needle, copy_dir, tmp_path, capsys):
    folder = tmp_path / "bad"
    res = json.loads((copy_dir / "results.json").read_text(encoding="utf-8"))
    if case != "missing":
        folder.mkdir()
    if case == "not_json":
        (folder / "results.json").write_text("{not json", encoding="utf-8")
    if case == "other_json":
        (folder / "results.json").write_text('{"schema": "something else"}', encoding="utf-8")
    if case in ("old_schema", "new_schema"):
        shutil.copytree(copy_dir, folder, dirs_exist_ok=True)
        res.pop("schema_version")
        if case == "new_schema":
            res["schema_version"] = 2
        (folder / "results.json").write_text(json.dumps(res), encoding="utf-8")
    before = _digest(folder) if folder.exists() else {}
    code, err = _cli(capsys, folder, "--format", "docx")
    assert code == 2
    assert err.startswith("digigov: error: ") and needle in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
    assert (_digest(folder) if folder.exists() else {}) == before


@pytest.mark.parametrize("argv, needle", [
    (["--format", "pdf"], "unknown format 'pdf': choose docx or xlsx"),
    (["--format", "docx", "--language", "fr"], "unknown --language 'fr'"),
    (["--format", "docx", "--out", "x.xlsx"], "does not end in .docx"),
    (["--format", "xlsx", "--out", "tables/necessity.xlsx", "--force"], "part of the results folder"),
    (["--out", "noformat"], "give a format"),
])
def test_cli_bad_options(argv, needle, copy_dir, capsys, monkeypatch):
    monkeypatch.chdir(copy_dir)
    before = _digest(copy_dir)
    code, err = _cli(capsys, ".", *argv)
    assert code == 2 and needle in err and len(err.strip().splitlines()) == 1
    assert _digest(copy_dir) == before


def test_xlsx_refuses_a_folder_with_missing_tables(copy_dir, tmp_path):
    (copy_dir / "tables" / "necessity.csv").unlink()
    with pytest.raises(ExportError, match="tables/necessity.csv is listed in results.json but missing"):
        export(copy_dir, tmp_path / "x.xlsx")
    shutil.rmtree(copy_dir / "tables")
    res = json.loads((copy_dir / "results.json").read_text(encoding="utf-8"))
    res.pop("files")
    (copy_dir / "results.json").write_text(json.dumps(res), encoding="utf-8")
    with pytest.raises(ExportError, match="has no tables/"):
        export(copy_dir, tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()


def test_never_writes_over_results_files(copy_dir):
    (copy_dir / "results.xlsx").write_bytes(b"keep")      # an ordinary file may be replaced with force ...
    export(copy_dir, copy_dir / "results.xlsx", force=True)
    for protected in ("tables/memberships.xlsx", "figures/x.docx"):   # ... never one in tables/ or figures/
        with pytest.raises(ExportError, match="part of the results folder"):
            export(copy_dir, copy_dir / protected, force=True)


def test_every_csv_table_has_a_named_first_column(results_dir):
    """No table of a results folder starts with an unnamed index column."""
    import csv

    for path in sorted((results_dir / "tables").glob("*.csv")):
        with open(path, encoding="utf-8-sig", newline="") as fh:
            header = next(csv.reader(fh))
        assert header[0].strip(), f"{path.name} starts with an unnamed column"


def test_xlsx_contents_sheet_carries_the_calibration_warnings(copy_dir, tmp_path):
    # the workbook says what the report's summary says first: a skewed set, a case at 0.5
    res = json.loads((copy_dir / "results.json").read_text(encoding="utf-8"))
    plain = openpyxl.load_workbook(digigov.export_xlsx(copy_dir, tmp_path / "plain.xlsx", lang="en"))
    plain_text = [r[0] for r in plain["Contents"].iter_rows(values_only=True) if r[0]]
    assert not any("skew threshold" in str(x) for x in plain_text)
    res["calibration_checks"]["steps"][0]["skewed"] = [{"set": "G", "share_above": 0.9, "above": 28, "cases": 31}]
    (copy_dir / "results.json").write_text(json.dumps(res), encoding="utf-8")
    book = openpyxl.load_workbook(digigov.export_xlsx(copy_dir, tmp_path / "warned.xlsx", lang="en"))
    cells = [row[0] for row in book["Contents"].iter_rows() if row[0].value]
    warned = [c for c in cells if "90% of its cases" in str(c.value)]
    assert len(warned) == 1 and warned[0].font.bold
    assert any("skew threshold 20%/80%" in str(c.value) for c in cells)


def test_xlsx_zh_model_sheets_in_chinese_with_the_csv_numbers(results_dir, tmp_path):
    # gdverse's column names stay in the CSV (comparable with gdverse); the Chinese workbook names
    # the columns, conditions and interaction types in Chinese, with the same numbers
    csv = pd.read_csv(results_dir / "tables" / "gd_lesh_interaction.csv", encoding="utf-8-sig")
    assert "Variable1 Q-statistics" in csv.columns
    book = openpyxl.load_workbook(digigov.export_xlsx(results_dir, tmp_path / "zh.xlsx", lang="zh"))
    contents = {r[2]: r[0] for r in book["目录"].iter_rows(values_only=True) if r[2]}
    ws = book[contents["tables/gd_lesh_interaction.csv"]]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:6] == ("条件 1", "条件 2", "交互类型", "q(X1)", "q(X2)", "q(X1∩X2)")
    assert len(rows) - 1 == len(csv)
    assert [r[3] for r in rows[1:]] == pytest.approx(list(csv["Variable1 Q-statistics"]))
    assert not any(r[2] in set(csv["Interaction"]) for r in rows[1:])          # types in words
    assert all(re.search(r"[\u4e00-\u9fff]", r[0]) for r in rows[1:])            # condition labels
    en = openpyxl.load_workbook(digigov.export_xlsx(results_dir, tmp_path / "en.xlsx", lang="en"))
    assert next(en["gd_lesh_interaction"].iter_rows(values_only=True))[3] == "Variable1 Q-statistics"
