"""`digigov spatial`: bad input is one clear line with exit status 2 and nothing written."""
from __future__ import annotations

import contextlib
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import digigov.cli
from test_fuzz_cli import _assert_clean, _run, csv_bytes

SQUARES = {  # a 2 x 2 block of unit squares and one far away
    "a": [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]], "b": [[1, 0], [2, 0], [2, 1], [1, 1], [1, 0]],
    "c": [[0, 1], [1, 1], [1, 2], [0, 2], [0, 1]], "d": [[1, 1], [2, 1], [2, 2], [1, 2], [1, 1]],
    "e": [[9, 9], [10, 9], [10, 10], [9, 10], [9, 9]],
}


def _geojson(path, cases):
    feats = [{"type": "Feature", "properties": {"case": c},
              "geometry": {"type": "Polygon", "coordinates": [SQUARES[c]]}} for c in cases]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": feats}), encoding="utf-8")
    return path


def _cli(args):
    from digigov.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["spatial", *map(str, args)])
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def files(tmp_path):
    data = tmp_path / "data.csv"
    data.write_text("case,A,C,K\na,0.9,1,2\nb,0.8,1,2\nc,0.2,0,2\nd,0.1,0,2\ne,0.5,1,2\n", encoding="utf-8")
    edges = tmp_path / "edges.csv"
    edges.write_text("from,to,weight\na,b,1\nb,a,1\na,c,1\nc,a,1\nb,d,1\nd,b,1\nc,d,1\nd,c,1\n", encoding="utf-8")
    return tmp_path, data, edges


def test_runs_and_writes_json(files):
    tmp, data, edges = files
    out = tmp / "out.json"
    status, text, err = _cli([data, "--vars", "A,C", "--weights", edges, "--json", "--out", out])
    assert status == 0, err
    res = json.loads(text)
    assert res["weights"]["islands"] == ["e"] and json.loads(out.read_text(encoding="utf-8")) == res
    assert {(r["var"], r["level"]) for r in res["join_counts"]} == {("C", "0"), ("C", "1")}
    status, text, _ = _cli([data, "--vars", "A", "--geometry", _geojson(tmp / "g.geojson", "abcde"),
                            "--lisa-permutations", "99"])
    assert status == 0 and "Global Moran's I" in text and "Local Moran" in text


@pytest.mark.parametrize("make, message", [
    (lambda t, d, e: [d, "--vars", "A", "--geometry", _geojson(t / "g.geojson", "abcd")],
     "case 'e' has no geometry in 'g.geojson'"),
    (lambda t, d, e: [d, "--vars", "A", "--weights", _write(t / "x.csv", "from,to,weight\na,z,1\nz,a,1\n")],
     "the edge list names case 'z'"),
    (lambda t, d, e: [d, "--vars", "A", "--weights", _write(t / "x.csv", "from,to,weight\na,b,1\nb,a,1\na,c,1\n")],
     "the edge list is not symmetric: the link 'a'-'c' is listed as 'a' -> 'c' but not 'c' -> 'a'"),
    (lambda t, d, e: [d, "--vars", "K", "--weights", e], "variable 'K' is constant (2 for every case): Moran's I is undefined"),
    (lambda t, d, e: [_write(t / "small.csv", "case,A\na,1\nb,2\nc,3\n"), "--vars", "A", "--weights",
                      _write(t / "x.csv", "from,to\na,b\nb,a\n")], "3 cases: the tests need at least 4"),
    (lambda t, d, e: [_write(t / "far.csv", "case,A\na,1\nd,2\ne,3\nb,5\n"), "--vars", "A", "--geometry",
                      _geojson(t / "g.geojson", "ade")], "case 'b' has no geometry"),
    (lambda t, d, e: [_write(t / "far.csv", "case,A\na,1\nd,2\ne,3\n"), "--vars", "A", "--geometry",
                      _geojson(t / "g.geojson", "ade")], "3 cases"),
    (lambda t, d, e: [d, "--vars", "A,Q", "--weights", e], "has no column 'Q'"),
    (lambda t, d, e: [d, "--vars", "A"], "give one of --weights EDGES.csv or --geometry FILE.geojson"),
    (lambda t, d, e: [d, "--vars", "A", "--weights", e, "--contiguity", "rook"], "--contiguity applies to --geometry only"),
])
def test_bad_input_one_line_exit_2_nothing_written(files, make, message):
    tmp, data, edges = files
    out = tmp / "result.json"
    status, text, err = _cli([*make(tmp, data, edges), "--json", "--out", out])
    assert status == 2 and text == ""
    assert err.count("\n") == 1 and err.startswith("digigov: error: ") and message in err, err
    assert not out.exists()


def test_all_islands_is_refused(tmp_path):
    data = _write(tmp_path / "d.csv", "case,A\na,1\nb,2\nc,3\nd,4\n")
    feats = [{"type": "Feature", "properties": {"case": c},
              "geometry": {"type": "Polygon", "coordinates": [[[4 * i, 0], [4 * i + 1, 0], [4 * i + 1, 1], [4 * i, 0]]]}}
             for i, c in enumerate("abcd")]
    geo = _write(tmp_path / "g.geojson", json.dumps({"type": "FeatureCollection", "features": feats}))
    status, _, err = _cli([data, "--vars", "A", "--geometry", geo])
    assert status == 2 and "every case is an island" in err


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


@st.composite
def _edges(draw):
    kind = draw(st.sampled_from(["good", "one_way", "unknown", "self", "zero", "text", "header", "no_weight"]))
    rows = [("c0", "c1", "1"), ("c1", "c0", "1"), ("c1", "c2", "2"), ("c2", "c1", "2"), ("c2", "c3", "1"),
            ("c3", "c2", "1")]
    if kind == "one_way":
        rows = rows[:-1]
    if kind == "unknown":
        rows += [("c0", "zz", "1"), ("zz", "c0", "1")]
    if kind == "self":
        rows += [("c0", "c0", "1")]
    if kind == "zero":
        rows[0] = ("c0", "c1", "0")
    if kind == "text":
        rows[0] = ("c0", "c1", "near")
    if kind == "header":
        rows = []
    header = "from,to" if kind == "no_weight" else "from,to,weight"
    body = [",".join(r[:2] if kind == "no_weight" else r) for r in rows]
    return ("\n".join([header, *body]) + "\n").encode()


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=csv_bytes(), edges=_edges(), variables=st.sampled_from(["A", "A,B", "Y,C", "A,Q", "", "A,A"]),
       style=st.sampled_from(["W", "B", "X"]), perms=st.sampled_from(["0", "99", "-1", "x"]))
def test_spatial_command_never_shows_a_traceback(tmp_path_factory, data, edges, variables, style, perms):
    folder = tmp_path_factory.mktemp("spatial_fuzz")
    path, epath, out = folder / "d.csv", folder / "e.csv", folder / "out.json"
    path.write_bytes(data)
    epath.write_bytes(edges)
    code, _, err = _run(digigov.cli.main, ["spatial", str(path), "--vars", variables, "--weights", str(epath),
                                           "--style", style, "--permutations", perms, "--lisa-permutations", perms,
                                           "--json", "--out", str(out)])
    _assert_clean(code, err, "digigov")
    assert path.read_bytes() == data and epath.read_bytes() == edges
    assert out.exists() == (code == 0)


@pytest.mark.parametrize("which", ["data", "edges"])
def test_out_never_overwrites_an_input(files, which):
    tmp, data, edges = files
    target = data if which == "data" else edges
    before = target.read_bytes()
    status, _, err = _cli([data, "--vars", "A", "--weights", edges, "--out", target])
    assert status == 2 and "would overwrite its input" in err
    assert target.read_bytes() == before
