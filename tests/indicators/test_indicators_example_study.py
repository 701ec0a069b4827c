"""The synthetic example study reproduces the reference study's reasoning end to end."""

import pandas as pd
import pytest

from fsqca import minimize, parse_expression, truth_table
from indicators import (
    CONDITIONS, IndicatorInputError, build_conditions, load_codebook, load_example_study, study_template,
    write_study_template,
)

# The study's four configurations (intermediate = complex, no directional expectations) and
# the parsimonious terms that carry its core conditions; see the study's Table of results.
CONFIGURATIONS = {
    "1 coordination-led channel": ("G*Cs*~R*B*I*T*Sl*~Sp", ["Beijing", "Hubei"]),
    "2 market-led channel": ("B*Cs*~R*Cl*G*I*T*Sl", ["Guangdong", "Shanghai", "Shandong"]),
    "3 citizen-demand driven": ("Cl*Cs*R*Sp*I*B*Sl*~G", ["Zhejiang", "Tianjin", "Fujian"]),
    "4 service-supply-led channel": ("Cs*Sl*~R*Cl*B*G*Sp*~T*~I", ["Sichuan", "Anhui", "Jiangxi"]),
}
CORE = ["G*Cs*~R", "B*Cs*~R", "Cl", "Cs*Sl*~R"]


def _terms(expressions):
    return {frozenset(t) for e in expressions for t in parse_expression(e)}


@pytest.fixture(scope="module")
def pipeline():
    raw = load_example_study()
    sc = build_conditions(raw, island_links="none")
    tt = truth_table(sc.memberships, "P", CONDITIONS, incl_cut=0.8, pri_cut=0.5, n_cut=1)
    return raw, sc, minimize(tt, "complex"), minimize(tt, "parsimonious")


def test_data_are_labelled_synthetic(pipeline):
    raw, sc, _, _ = pipeline
    assert raw.attrs["synthetic"] and "SYNTHETIC" in raw.attrs["note"]
    assert sc.synthetic and "SYNTHETIC" in sc.summary()
    assert load_codebook()["example_data"]["synthetic"] is True
    assert raw.shape[0] == 31 and raw.index.name == "province"
    assert load_example_study(label="zh").index[0] == "北京"


def test_complex_solution_is_the_four_configurations(pipeline):
    _, _, cx, _ = pipeline
    assert len(cx.models) == 1
    assert {frozenset(t) for t in cx.models[0].terms} == _terms(c for c, _ in CONFIGURATIONS.values())
    assert cx.models[0].fit.inclS > 0.9


def test_parsimonious_terms_are_the_core_conditions(pipeline):
    _, _, _, ps = pipeline
    assert {frozenset(t) for m in ps.models for t in m.terms} == _terms(CORE)
    for expr, _ in CONFIGURATIONS.values():  # every configuration nests in a core term
        conf = _terms([expr]).pop()
        assert any(core <= conf for core in _terms(CORE))


def test_named_provinces_are_covered_by_their_configuration(pipeline):
    _, sc, cx, _ = pipeline
    fs = sc.memberships
    for expr, provinces in CONFIGURATIONS.values():
        (term,) = parse_expression(expr)
        membership = pd.concat([fs[c] if v else 1 - fs[c] for c, v in term], axis=1).min(axis=1)
        for p in provinces:
            assert membership[p] > 0.5, (expr, p)
            assert fs.at[p, "P"] > 0.5


def test_pipeline_rejects_incomplete_data():
    raw = load_example_study()
    with pytest.raises(IndicatorInputError, match="honour"):
        build_conditions(raw.drop(columns=["honours_city"]), island_links="none")
    with pytest.raises(ValueError, match="Qinghai"):
        build_conditions(raw.drop(index="Qinghai"), island_links="none")


def test_template(tmp_path):
    t = study_template()
    example = load_example_study()
    assert t.shape[0] == 31 and set(example.columns) <= set(t.columns)
    path = write_study_template(tmp_path / "mine.csv")
    assert path.read_text(encoding="utf-8").startswith("#")
    with pytest.raises(FileExistsError):
        write_study_template(path)


def test_no_condition_is_necessary(pipeline):
    """As in the study: every condition's necessity consistency is below 0.9."""
    _, sc, _, _ = pipeline
    fs = sc.memberships
    for c in CONDITIONS:
        consistency = fs[[c, "P"]].min(axis=1).sum() / fs["P"].sum()
        assert consistency < 0.9, c
