"""The study file's geodetector.models: validation, results equal to the engine's, every output."""
from __future__ import annotations

import io
import json
import re
import textwrap
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

import geodetector as gd
from digigov.errors import StudyError, StudyFileError
from digigov.pipeline import run_study, write_run
from digigov.schema import validate_results
from digigov.study import load_study
from digigov.study_geomodels import MODEL_DEFAULTS
from digigov.view import read_results

BASE = """\
data:
  file: data.csv
  case_column: case
outcome: Y
conditions: [A, B, C]
"""
MODELS = """
geodetector:
  auxiliaries: all
  models: [ecological, gozh, lesh, rgd, rid, spade, idsa]
  gozh: {types: [factor, interaction, risk, ecological]}
  lesh: {shapley: textbook}
  rgd: {discnum: [3, 6]}
  spade: {weights: {coords: [X, Yc]}, permutations: 99, seed: 5}
  idsa: {weights: {coords: [X, Yc], power: 2}, discnum: [3, 5]}
  ecological: {convention: gdverse}
"""
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
SENTENCE = re.compile(r"[A-Za-z][A-Za-z'\-]+(?:[ ,;:()]+[A-Za-z][A-Za-z'\-]+){2,}")


def _write(folder, extra: str) -> object:
    # B follows A (no case high on one and low on the other), so the solution's term A*B has the core A
    # and the auxiliary B: each configuration has a strategy to rank
    rng = np.random.default_rng(0)
    n = 40
    a = rng.uniform(0, 10, n)
    b = np.clip(a + rng.normal(0, 1, n), 0, 10)
    c, x, y = rng.uniform(0, 10, (3, n))
    out = 0.5 * a + 0.4 * b + rng.normal(0, 0.5, n)
    pd.DataFrame({"case": [f"c{i:02d}" for i in range(n)], "A": a, "B": b, "C": c, "X": x, "Yc": y,
                  "Y": out}).to_csv(folder / "data.csv", index=False)
    path = folder / "study.yaml"
    path.write_text(BASE + "calibration:\n  anchors: {inclusion: p95, crossover: mean, exclusion: p5}\n" + extra,
                    encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    return run_study(_write(tmp_path_factory.mktemp("gdm"), MODELS), progress=False)


@pytest.fixture(scope="module")
def folder(run, tmp_path_factory):
    return write_run(run, tmp_path_factory.mktemp("gdm_out") / "out", figures=False, report=False)


# --- validation --------------------------------------------------------------------------------
@pytest.mark.parametrize("extra, line, key, words", [
    ("geodetector: {models: [gozhh]}\n", 6, "geodetector.models[0]", "did you mean 'gozh'"),
    ("geodetector: {models: [srsgd]}\n", 6, "geodetector.models[0]", "nominal outcome"),
    ("geodetector: {models: [sesu_gozh]}\n", 6, "geodetector.models[0]", "several sizes of spatial units"),
    ("geodetector: {models: [gozh, gozh]}\n", 6, "geodetector.models", "listed twice"),
    ("geodetector: {models: [{gozh: {}}]}\n", 6, "geodetector.models[0]", "expected a model's name"),
    ("geodetector: {models: gozh}\n", 6, "geodetector.models", "expected a list"),
    ("geodetector:\n  models: [gozh]\n  lesh: {shapley: textbook}\n", 8, "geodetector.lesh",
     "'lesh' is not in geodetector.models"),
    ("geodetector:\n  models: [lesh]\n  lesh: {shapley: gd}\n", 8, "geodetector.lesh.shapley",
     "one of textbook, gdverse"),
    ("geodetector:\n  models: [gozh]\n  gozh: {types: [factor, zones]}\n", 8, "geodetector.gozh.types[1]",
     "one of factor"),
    ("geodetector:\n  models: [rgd]\n  rgd: {discnum: [1, 4]}\n", 8, "geodetector.rgd.discnum", "2 <= a <= b"),
    ("geodetector:\n  models: [rid]\n  rid: {engine: dynp}\n", 8, "geodetector.rid.engine", "exact, ruptures"),
    ("geodetector:\n  models: [spade]\n", 7, "geodetector.models", "SPADE needs spatial weights"),
    ("geodetector:\n  models: [spade]\n  spade: {permutations: -1, weights: {coords: [X, Y]}}\n", 8,
     "geodetector.spade.permutations", "whole number >= 0"),
    ("geodetector:\n  models: [spade]\n  spade: {weights: {kind: queen, island_links: none}}\n", 8,
     "geodetector.spade.weights", "data.provinces: true"),
    ("geodetector:\n  models: [idsa]\n  idsa: {weights: {coords: [X]}}\n", 8, "geodetector.idsa.weights",
     "two columns"),
    ("geodetector:\n  models: [idsa]\n  idsa: {weights: {kind: queen, coords: [X, Y]}}\n", 8,
     "geodetector.idsa.weights", "not both"),
    ("geodetector:\n  models: [idsa]\n  idsa: {weights: {coords: [X, Y]}, overlay: xor}\n", 8,
     "geodetector.idsa.overlay", "one of and, or, intersection"),
    ("geodetector:\n  models: [ecological]\n  ecological: {convention: R}\n", 8,
     "geodetector.ecological.convention", "one of geodetector, GD, gdverse"),
    ("geodetector:\n  models: [gozh]\n  gozh: {confidence: 95}\n", 8, "geodetector.gozh.confidence",
     "between 0 and 1"),
])
def test_bad_model_settings_name_line_and_key(extra, line, key, words):
    with pytest.raises(StudyFileError) as err:
        load_study(text=BASE + textwrap.dedent(extra))
    msg = str(err.value)
    assert "\n" not in msg
    assert f"line {line}" in msg and key in msg and words in msg, msg


def test_province_weights_need_the_island_rule():
    text = BASE.replace("case_column: case", "provinces: true") + \
        "geodetector:\n  models: [spade]\n  spade: {weights: {kind: rook}}\n"
    with pytest.raises(StudyFileError, match="island_links"):
        load_study(text=text)


def test_missing_coordinate_column_is_named_before_any_analysis(tmp_path):
    path = _write(tmp_path, "geodetector:\n  models: [spade]\n  spade: {weights: {coords: [X, Z]}}\n")
    with pytest.raises(StudyError, match=r"geodetector.spade.weights.coords: 'Z' is not a column"):
        run_study(path, progress=False)


def test_the_study_spells_the_engines_choices():
    """The schema lists the engine's own names (spelled out so that reading a study file does not
    load the engine): they must not drift apart."""
    from geodetector import conventions, interactive, optimal_zones, robust, sdsdisc
    from geodetector.cart import RPART_DEFAULTS
    from geodetector.gdcore import INCREASE_RATE
    from indicators.spatial_weights import KINDS
    from libdigigov.significance import DEFAULT_SEED

    from digigov import study_geomodels as sg

    assert sg.GOZH_TYPES == optimal_zones.TYPES and sg.SHAPLEY == optimal_zones.SHAPLEY
    assert sg.DISC_METHODS == sdsdisc.SDS_METHODS and sg.CONVENTIONS == conventions.CONVENTIONS
    assert sg.OVERLAYS == interactive.OVERLAYS and sg.ENGINES == robust.ENGINES
    assert sg.WEIGHT_KINDS == KINDS and sg.DEFAULT_SEED == DEFAULT_SEED
    assert MODEL_DEFAULTS["rgd"]["increase_rate"] == INCREASE_RATE
    assert {k: MODEL_DEFAULTS["lesh"][k] for k in RPART_DEFAULTS} == RPART_DEFAULTS
    assert MODEL_DEFAULTS["lesh"]["shapley"] == "textbook"          # the textbook Shapley value by default
    assert MODEL_DEFAULTS["ecological"]["convention"] == conventions.DEFAULT_CONVENTION


# --- results equal the engine's --------------------------------------------------------------
def _engine_inputs(run):
    raw = run.raw
    data = raw[["A", "B", "C"]].astype(float).assign(Y=raw["Y"].astype(float).to_numpy())
    frame = pd.read_csv(run.study.path.parent / "data.csv").set_index("case")
    return data, frame


def _stored(run, model, table):
    return pd.DataFrame(run.results["geodetector_models"]["models"][model]["result"][table])


def _same(stored: pd.DataFrame, direct: pd.DataFrame):
    pd.testing.assert_frame_equal(stored.reset_index(drop=True), direct.reset_index(drop=True),
                                  check_dtype=False, check_exact=False, rtol=1e-12, atol=1e-12)


def test_results_equal_direct_engine_calls(run):
    data, frame = _engine_inputs(run)
    x = ["A", "B", "C"]
    direct = {
        "gozh": gd.gozh(data, "Y", x, type=["factor", "interaction", "risk", "ecological"]),
        "lesh": gd.lesh(data, "Y", x),
        "rgd": gd.rgd(data, "Y", x, discnum=range(3, 7)),
        "rid": gd.rid(data, "Y", x),
        "spade": gd.spade(data, "Y", x, weights=gd.weights_from_coords(frame, ["X", "Yc"]), discvar=x,
                          permutations=99, seed=5),
        "idsa": gd.idsa(data, "Y", x, weights=gd.weights_from_coords(frame, ["X", "Yc"], power=2),
                        discnum=range(3, 6)),
        "ecological": gd.ecological_convention(run.geodetector.strata.assign(Y=data["Y"].to_numpy()), "Y", x,
                                               convention="gdverse"),
    }
    stored = run.results["geodetector_models"]
    assert stored["order"] == ["gozh", "lesh", "rgd", "rid", "spade", "idsa", "ecological"]
    for model, res in direct.items():
        for name, table in res.tables.items():
            _same(_stored(run, model, name), table)
        assert stored["models"][model]["result"]["notes"] == res.notes
    # the textbook Shapley values share out q of all conditions
    spd = _stored(run, "lesh", "spd_lesh")["spd_theta"].sum()
    assert spd == pytest.approx(stored["models"]["lesh"]["result"]["q_all"], abs=1e-12)


def test_strategy_rankings_on_the_model_zones(run):
    zones = _stored(run, "gozh", "zones")
    frame = zones.assign(__y=run.raw["Y"].astype(float).to_numpy())
    stored = run.results["geodetector_models"]["models"]["gozh"]["strategies"]
    assert len(stored) == len(run.results["configurations"])
    assert sum(len(s["ranking"]) for s in stored) >= 2
    for s in stored:
        res = gd.strategy_ranking(frame, "__y", s["core"], s["auxiliary"], conditions=["A", "B", "C"],
                                  rank_by=s["rank_by"])
        assert [r["auxiliary"] for r in s["ranking"]] == res.order
        assert [r["q"] for r in s["ranking"]] == pytest.approx(list(res.table["q_core_aux"]))


def test_models_leave_the_classic_detectors_alone(run, tmp_path):
    plain = run_study(_write(tmp_path, "geodetector: {auxiliaries: all}\n"), progress=False)
    assert "geodetector_models" not in plain.results
    assert json.dumps(plain.results["geodetector"], default=str) == json.dumps(run.results["geodetector"],
                                                                                default=str)


def test_every_choice_is_stated(run):
    models = run.results["geodetector_models"]["models"]
    assert models["lesh"]["given"] == ["shapley"]
    assert "lesh: shapley = textbook (study file)" in models["lesh"]["choices"]
    assert "spade: seed = 5 (study file)" in models["spade"]["choices"]
    assert "gozh: minsplit = 20 (default)" in models["gozh"]["choices"]
    assert models["spade"]["weights"].startswith("inverse distance 1/d^1 between columns X, Yc")
    for m, entry in models.items():
        assert set(entry["options"]) == set(MODEL_DEFAULTS[m]), m


def test_results_follow_the_schema(run):
    validate_results(json.loads(json.dumps(run.results, default=str)))


# --- the outputs -----------------------------------------------------------------------------
def _texts(view, lang):
    from digigov.methods.geodetector.models_report import models_design_rows, models_section, models_tables
    from digigov.tables.text import to_markdown

    html = models_section(view, lang, [])
    plain = re.sub(r"<[^>]+>", "\n", html)
    rows = "\n".join(f"{a}\n{b}" for a, b in models_design_rows(view, lang))
    tables = "\n".join(to_markdown(tab) for tab in models_tables(view, lang))
    return plain + "\n" + rows + "\n" + tables


def test_zh_section_has_no_english_sentence_and_en_no_chinese(folder):
    view = read_results(folder)
    zh = _texts(view, "zh")
    assert "GOZH" in zh and "LESH" in zh and "后相邻" not in zh
    assert SENTENCE.findall(zh) == []
    en = _texts(view, "en")
    assert [line for line in en.splitlines() if CJK.search(line)] == []


def test_csv_word_and_excel_hold_the_tables(folder):
    import docx
    import openpyxl

    from digigov.export import docx_bytes, xlsx_bytes

    tables = folder / "tables"
    for stem in ("gd_gozh_factor", "gd_gozh_interaction", "gd_lesh_spd_lesh", "gd_rgd_factor", "gd_rid_interaction",
                 "gd_spade_factor", "gd_idsa_interaction", "gd_ecological_pairs", "strategies_gozh",
                 "strategies_rgd"):
        assert (tables / f"{stem}.csv").exists(), stem
    zones = pd.read_csv(tables / "gd_gozh_zones.csv")
    assert zones.columns[0] == "case" and zones["case"].iloc[0] == "c00"
    view = read_results(folder)
    for lang, caption in (("zh", "GOZH：因子探测"), ("en", "LESH: power of determinants")):
        doc = docx.Document(io.BytesIO(docx_bytes(view, lang)))
        text = "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows
                                                                for c in r.cells])
        assert caption in text, lang
        book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(view, folder, lang)))
        cells = [str(v) for ws in book for row in ws.iter_rows(values_only=True) for v in row if v is not None]
        assert any("GOZH" in c for c in cells), lang
    spade = pd.read_csv(tables / "gd_spade_factor.csv")
    assert list(spade.columns) == ["variable", "Q-statistic", "P-value"]


def test_figures_come_from_results_only(folder, monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    from digigov.methods.geodetector.models_report import models_figures

    view = read_results(folder)
    for name in ("gozh", "lesh", "spade", "rgd", "rid", "idsa"):
        monkeypatch.setattr(gd, name, None, raising=False)     # an engine call would fail
    specs = models_figures(view, "zh")
    names = {s.name for s in specs}
    assert {"gd_gozh_interaction", "gd_lesh_interaction", "gd_lesh_power", "gd_rgd_curve", "gd_spade_curve",
            "gd_rid_interaction"} <= names
    assert any(n.startswith("gd_gozh_strategy_") for n in names)
    for spec in specs[:4]:
        spec.draw()


# --- the app's door (through the registry's configuration_roles hook) -------------------------
def test_app_strategy_conditions_are_the_steps():
    from digigov.app import bridge

    table = SimpleNamespace(configurations=["1", "2"],
                            terms=[[("A", 1), ("B", 0), ("C", 1), ("D", 1)], [("A", 0), ("B", 1), ("C", 1)]],
                            cores=[[("A", 1), ("B", 0)], [("A", 0)]])
    conds = ["A", "B", "C", "D"]
    assert bridge.configuration_roles(table, conds, core="present") == [("1", ["A"], ["C", "D"]), ("2", [], ["B", "C"])]
    assert bridge.configuration_roles(table, conds) == [("1", ["A", "B"], ["C", "D"]), ("2", ["A"], ["B", "C"])]
    assert bridge.configuration_roles(table, ["A", "C"], auxiliaries="all") == [("1", ["A"], ["C"]),
                                                                                ("2", ["A"], ["C"])]


def test_an_engine_refusal_is_one_line_naming_the_model(tmp_path):
    path = _write(tmp_path, "geodetector:\n  models: [gozh]\n  gozh: {minsplit: 100}\n")
    with pytest.raises(StudyError) as err:
        run_study(path, progress=False)
    msg = str(err.value)
    assert msg.startswith("geodetector.models: gozh: 40 rows is fewer than the tree's minimum") and "\n" not in msg
