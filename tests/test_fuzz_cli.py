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
    assert code == 2 and "'results.json' is an input of this command; it is never overwritten" in err
    assert (tmp_path / "res" / "results.json").read_bytes() == before
    code, _, err = _run(digigov.cli.main, ["compare", "浙江", "Zhejiang", "--results", str(tmp_path / "res")])
    assert code == 2 and "a second time" in err
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    code, _, err = _run(digigov.cli.main, ["compare", "浙江", "--results", str(tmp_path / "res"),
                                           "--output", str(blocker / "x.html")])
    assert code == 2 and "is a file, not a folder" in err
