"""NCA in the study pipeline: the ``nca:`` section, results.json, tables, report, figure."""
from __future__ import annotations

import textwrap
from html import escape as html_escape

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")

import fsqca  # noqa: E402
from digigov.errors import StudyFileError  # noqa: E402
from digigov.export import publication_tables  # noqa: E402
from digigov.methods.nca.report import StoredNCA  # noqa: E402
from digigov.methods.nca.report import nca_figures as nca_figure_specs  # noqa: E402
from digigov.methods.nca.step import kind_and_degree, nca_json, run_nca  # noqa: E402
from digigov.methods.nca.strings import STRINGS as NCA_STRINGS  # noqa: E402
from digigov.pipeline import run_study, write_run  # noqa: E402
from digigov.report import render_report  # noqa: E402
from digigov.view import ResultsView  # noqa: E402
from digigov.schema import load_schema, validate_results  # noqa: E402
from digigov.study import DEFAULTS, EXAMPLE_STUDY, load_study  # noqa: E402
from digigov.templates import STRINGS  # noqa: E402

BASE = """\
data:
  file: data.csv
outcome: P
conditions: [A, B]
"""


@pytest.fixture(scope="module")
def run():
    """The bundled example study, without its robustness plan (which NCA does not use)."""
    text = EXAMPLE_STUDY.read_text(encoding="utf-8")
    start, end = text.index("\nrobustness:"), text.index("\nnca:")
    return run_study(load_study(text=text[:start] + text[end:]), progress=False)


def _ce_fdh_effect(x: np.ndarray, y: np.ndarray) -> float:
    """CE-FDH effect size by direct integration of ymax - max{y_i : x_i <= x} over the scope."""
    xs = np.unique(x)
    zone = 0.0
    for left, right in zip(xs[:-1], xs[1:]):
        zone += (right - left) * (y.max() - y[x <= left].max())
    return zone / ((x.max() - x.min()) * (y.max() - y.min()))


# ---- the study file ------------------------------------------------------------------------
def test_example_study_turns_nca_on_with_a_modest_test():
    spec = load_study(EXAMPLE_STUDY).spec["nca"]
    assert spec["ceilings"] == ["ce_fdh", "cr_fdh"] and spec["data"] == "raw"
    assert 0 < spec["test_rep"] <= 1000


def test_defaults_live_in_DEFAULTS():
    study = load_study(text=BASE + "nca: {}\n")
    for key, value in DEFAULTS["nca"].items():
        assert study.get("nca", key) == value
    assert DEFAULTS["nca"]["ceilings"] == ["ce_fdh", "cr_fdh"] and DEFAULTS["nca"]["data"] == "raw"


@pytest.mark.parametrize("extra, line, key, words", [
    ("nca:\n  ceiling: [ce_fdh]\n", 7, "nca.ceiling", "did you mean 'ceilings'"),
    ("nca:\n  ceilings: [ce_fhd]\n", 7, "nca.ceilings[0]", "did you mean 'ce_fdh'"),
    ("nca:\n  ceilings: []\n", 7, "nca.ceilings", "at least one of ce_fdh, cr_fdh"),
    ("nca:\n  test_rep: -5\n", 7, "nca.test_rep", "whole number >= 0"),
    ("nca:\n  test_rep: 2.5\n", 7, "nca.test_rep", "whole number >= 0"),
    ("nca:\n  data: membership\n", 7, "nca.data", "raw, calibrated"),
    ("nca:\n  bottleneck_x: percent\n", 7, "nca.bottleneck_x", "percentile"),
    ("nca:\n  steps: 0\n", 7, "nca.steps", "steps >= 1"),
    ("nca:\n  conditions: [A, Bx]\n", 7, "nca.conditions[1]", "did you mean 'B'"),
    ("nca:\n  alpha: 5\n", 7, "nca.alpha", "in [0, 1]"),
])
def test_bad_nca_section_names_file_line_and_key(tmp_path, extra, line, key, words):
    path = tmp_path / "s.yaml"
    path.write_text(BASE + "\n" + extra, encoding="utf-8")
    with pytest.raises(StudyFileError) as err:
        load_study(path)
    msg = str(err.value)
    assert "\n" not in msg
    assert msg.startswith(f"s.yaml, line {line}: {key}: "), msg
    assert words in msg, msg


def test_no_nca_section_means_no_nca():
    study = load_study(text=BASE)
    assert run_nca(study, pd.DataFrame(), pd.DataFrame()) is None
    assert nca_json(study, None, pd.DataFrame()) is None


# ---- results.json --------------------------------------------------------------------------
def test_results_nca_is_valid_and_agrees_with_fsqca_nca(run):
    results = run.results
    validate_results(results)
    assert "nca" in load_schema()["properties"]
    got = results["nca"]
    direct = fsqca.nca(run.raw, "P", run.study.conditions, ceilings=["ce_fdh", "cr_fdh"], test_rep=1000, seed=1,
                       steps=10)
    assert {k: v for k, v in got.items() if k not in ("data", "kind_and_degree", "kind_and_degree_criteria")} \
        == direct.to_dict()
    assert got["data"] == "raw"
    # the CE-FDH effect sizes by an independent integration of the step ceiling
    y = run.raw["P"].to_numpy()
    for entry in got["conditions"]:
        x = run.raw[entry["condition"]].to_numpy()
        assert entry["ceilings"]["ce_fdh"]["effect_size"] == pytest.approx(_ce_fdh_effect(x, y), rel=1e-12)


def test_kind_and_degree_table(run):
    rows = run.results["nca"]["kind_and_degree"]
    mem = run.memberships
    effects = run.nca.to_frame().set_index(["condition", "ceiling"])
    assert [r["condition"] for r in rows] == run.study.conditions
    for r in rows:
        x, y = mem[r["condition"]], mem["P"]
        assert r["inclN"] == pytest.approx(np.minimum(x, y).sum() / y.sum(), abs=1e-12)
        assert r["covN"] == pytest.approx(np.minimum(x, y).sum() / x.sum(), abs=1e-12)
        for c in ("ce_fdh", "cr_fdh"):
            assert r[f"d_{c}"] == effects.loc[(r["condition"], c), "effect_size"]
            assert r[f"p_{c}"] == effects.loc[(r["condition"], c), "p_value"]
        degree = all(r[f"d_{c}"] >= 0.1 and r[f"p_{c}"] < 0.05 for c in ("ce_fdh", "cr_fdh"))
        kind = r["inclN"] >= 0.9
        assert (r["kind"], r["degree"]) == (kind, degree)
        assert r["verdict"] == {(True, True): "kind and degree", (True, False): "kind only",
                                (False, True): "degree only", (False, False): "neither"}[(kind, degree)]
    # the example's synthetic data: no condition is necessary in kind, several in degree
    assert {r["verdict"] for r in rows} == {"degree only", "neither"}


def test_kind_and_degree_without_a_test_uses_the_effect_size_only():
    df = pd.DataFrame({"X": [0.1, 0.4, 0.6, 0.9, 0.8, 0.3], "Y": [0.1, 0.3, 0.5, 0.9, 0.6, 0.2]})
    nec = fsqca.necessity(df, "Y", ["X"]).to_frame()
    res = fsqca.nca(df, "Y", ["X"], ceilings=["ce_fdh"])
    rec = kind_and_degree(nec, res, alpha=0.05, min_effect=0.8, threshold=0.9)[0]
    assert rec["p_ce_fdh"] is None and rec["d_ce_fdh"] == pytest.approx(_ce_fdh_effect(df.X.values, df.Y.values))
    assert rec["verdict"] == "kind only"     # inclN = 1, d = 0.46 / 0.64 < 0.8


def test_tables_written_with_bom(run, tmp_path):
    folder = write_run(run, tmp_path / "out", figures=False, report=False)
    for name in ("nca_effects.csv", "nca_bottleneck_ce_fdh.csv", "nca_bottleneck_cr_fdh.csv",
                 "necessity_kind_degree.csv"):
        assert (folder / "tables" / name).read_bytes().startswith(b"\xef\xbb\xbf"), name
    kd = pd.read_csv(folder / "tables" / "necessity_kind_degree.csv", encoding="utf-8-sig")
    assert kd["inclN"].tolist() == pytest.approx([r["inclN"] for r in run.results["nca"]["kind_and_degree"]])
    bn = pd.read_csv(folder / "tables" / "nca_bottleneck_ce_fdh.csv", encoding="utf-8-sig", dtype=str)
    assert bn["outcome"].astype(float).tolist() == pytest.approx(list(range(0, 101, 10)))


# ---- report and figure ---------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_has_the_nca_section(run, lang):
    html = render_report(run.results, lang, figures=[])
    start = html.index('id="nca"')
    section = html[start:html.index("</section>", start)]
    assert STRINGS[lang]["sec_nca"] in section
    for key in ("cap_effects", "kind_degree"):
        assert html_escape(NCA_STRINGS[lang][key]) in section
    assert html_escape(NCA_STRINGS[lang]["benchmarks"].format(plot="")) in section   # no figure drawn here
    assert NCA_STRINGS[lang]["cap_bottleneck"].format(ceiling="CR-FDH") in section
    assert NCA_STRINGS[lang]["degree only"] in section
    assert html.index('id="necessity"') < start < html.index('id="truth-table"')


def test_report_without_nca_says_so(run):
    results = {**run.results, "nca": None}
    html = render_report(results, "en", figures=[])
    assert NCA_STRINGS["en"]["not_run"] in html


def test_ceiling_figure_from_results(run):
    specs = nca_figure_specs(ResultsView(run.results), "en")
    assert [(s.name, s.section) for s in specs] == [("nca_ceilings", "nca")]
    fig = specs[0].draw()
    try:
        assert len([ax for ax in fig.axes if ax.get_visible()]) == len(run.study.conditions)
        gids = {line.get_gid() for ax in fig.axes for line in ax.lines}
        assert {"nca-ce_fdh", "nca-cr_fdh"} <= gids
    finally:
        import matplotlib.pyplot as plt

        plt.close(fig)
    assert nca_figure_specs(ResultsView({**run.results, "nca": None}), "en") == []


def test_calibrated_data_option(run):
    text = textwrap.dedent("""\
        data: {example: true, case_column: province}
        outcome: P
        conditions: [G, Cs]
        nca: {data: calibrated, test_rep: 0, ceilings: [cr_fdh]}
        """)
    study = load_study(text=text)
    res = run_nca(study, run.raw, run.memberships)
    direct = fsqca.nca(run.memberships[["P", "G", "Cs"]], "P", ["G", "Cs"], ceilings=["cr_fdh"], seed=1)
    assert res.to_dict() == direct.to_dict()


def test_ceiling_figure_is_drawn_from_the_results_not_recomputed(run):
    """The plot of what results.json keeps has the same points and ceiling lines as the engine's."""
    import matplotlib.pyplot as plt

    stored = StoredNCA.of(run.results)
    figs = [fsqca.nca_plot(run.nca), fsqca.nca_plot(stored)]
    try:
        lines = [[(ln.get_gid(), ln.get_xydata().round(9).tolist()) for ax in f.axes for ln in ax.lines] for f in figs]
        points = [[c.get_offsets().round(9).tolist() for ax in f.axes for c in ax.collections
                   if c.get_gid() != "nca-zone"] for f in figs]
    finally:
        for f in figs:
            plt.close(f)
    assert lines[0] == lines[1] and len(lines[0]) >= 2 * len(run.nca.conditions)
    assert points[0] == points[1]


def test_publication_tables_include_kind_and_degree(run):
    tables = {t.key: t for t in publication_tables(run.results, "en")}
    assert {"nca_effects", "nca_bottleneck_ce_fdh", "nca_bottleneck_cr_fdh", "nca_kind_and_degree"} <= set(tables)
    kd = tables["nca_kind_and_degree"]
    assert kd.header[0][:4] == ["Condition", "inclN", "covN", "RoN"]
    assert [r[1] for r in kd.rows] == [r["inclN"] for r in run.results["nca"]["kind_and_degree"]]
    assert len(kd.formats) == len(kd.header[0]) == len(kd.rows[0])


def test_study_file_takes_the_vrs_ceilings():
    study = load_study(text=BASE + "nca:\n  ceilings: [ce_fdh, ce_vrs, cr_vrs]\n")
    assert study.get("nca", "ceilings") == ["ce_fdh", "ce_vrs", "cr_vrs"]
    with pytest.raises(StudyFileError, match="ce_vrs"):      # the message lists every ceiling
        load_study(text=BASE + "nca:\n  ceilings: [ce_vrz]\n")
