"""The bundled datasets: the same numbers as the reference cases (which R exported), the published
results they are known for, their descriptions, and one clear line for an unknown name."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import fsqca
from fsqca import QCAInputError, minimize, nca, truth_table
from fsqca.datasets import CATALOG, describe, load_dataset
from fsqca.datasets import list as list_datasets
from tests._shared import reference

CASES = reference("fsqca-conformance/cases")


@pytest.mark.parametrize("name, case", [("LC", "classic_LC"), ("LF", "classic_LF"), ("CVF", "classic_CVF"),
                                        ("HC", "classic_HC"), ("NF", "classic_NF"), ("Krook", "classic_Krook"),
                                        ("d.urban", "classic_urban"), ("d.jobsecurity", "classic_JSR"),
                                        ("d.biodiversity", "classic_BIO")])
def test_same_numbers_as_the_reference_cases(name, case):
    ours = load_dataset(name)
    ref = pd.read_csv(CASES / case / "data.csv", index_col=0)
    ref.index = ref.index.astype(str)
    assert set(ref.columns) == set(ours.columns)
    assert ref.index.tolist() == ours.index.tolist()
    np.testing.assert_allclose(ours[ref.columns].to_numpy(float), ref.to_numpy(float), rtol=0, atol=1e-12)


def test_every_dataset_is_numbers_with_a_description():
    table = list_datasets()
    assert set(table["name"]) == set(CATALOG) >= {"LC", "LF", "LR", "LM", "CVF", "CVR", "HC", "NF", "RS",
                                                    "nca.example", "nca.example2"}
    for name in CATALOG:
        frame = load_dataset(name)
        assert all(pd.api.types.is_numeric_dtype(t) for t in frame.dtypes), name
        assert list(frame.columns) == list(CATALOG[name]["variables"]), name
        assert len(frame) == int(table.set_index("name").loc[name, "cases"])
        text = describe(name)
        assert "Source:" in text and all(c in text for c in frame.columns)
        assert getattr(fsqca.datasets, name.replace(".", "_")).__doc__.startswith(name)


def test_value_labels_are_metadata():
    lm = load_dataset("LM")
    assert lm["DEV"].tolist()[:3] == [1, 2, 1]  # AU, BE, CZ: R's LM
    assert lm.attrs["labels"]["DEV"] == {0: "Undeveloped", 1: "Developed", 2: "Highly developed"}
    # RS: R's "-" (the order E before A does not apply) is missing, the rest numbers
    rs = load_dataset("RS")
    assert rs["EBA"].isna().sum() == 11 and set(rs["EBA"].dropna()) == {0.0, 1.0}


def test_raw_and_calibrated_lipset_agree_on_the_crisp_thresholds():
    # LC is LR cut at the thresholds R's documentation states (550 USD, 50 %, 75 %, 30 %, < 10 cabinets)
    lr, lc = load_dataset("LR"), load_dataset("LC")
    assert ((lr["DEV"] >= 550).astype(int) == lc["DEV"]).all()
    assert ((lr["LIT"] > 75).astype(int) == lc["LIT"]).all()
    assert ((lr["STB"] < 10).astype(int) == lc["STB"]).all()
    assert ((lr["SURV"] > 0).astype(int) == lc["SURV"]).all()


def test_published_results_reproduce():
    # Dusa (2019) and R: minimize(truthTable(LF, SURV, incl.cut = 0.8), include = "?") gives
    # DEV*~IND + URB*STB
    sol = minimize(truth_table(load_dataset("LF"), "SURV", incl_cut=0.8), "parsimonious", progress=False)
    assert sol.models[0].expression == "DEV*~IND + URB*STB"
    # Dul's NCA quick start: Individualism d = .416 (CE-FDH) / .307 (CR-FDH), Risk taking .309 / .282
    res = nca(load_dataset("nca.example"), "Innovation performance").to_frame().set_index(["condition", "ceiling"])
    d = res["effect_size"].round(3)
    assert d[("Individualism", "ce_fdh")] == 0.416 and d[("Individualism", "cr_fdh")] == 0.307
    assert d[("Risk taking", "ce_fdh")] == 0.309 and d[("Risk taking", "cr_fdh")] == 0.282


def test_unknown_name_is_one_line_listing_the_names():
    with pytest.raises(QCAInputError) as err:
        load_dataset("Lipset")
    msg = str(err.value)
    assert "\n" not in msg and "available: LR, LC" in msg and "nca.example2" in msg
    with pytest.raises(QCAInputError, match="did you mean 'd.urban'"):
        load_dataset("d_urban")


def test_geodetector_collectdata_gives_r_vignette_values():
    import geodetector
    from geodetector.datasets import load_dataset as load_gd
    from geodetector.errors import GeodetectorError

    d = load_gd("CollectData")
    assert d.shape == (185, 4)
    res = geodetector.factor_detector(d, "incidence", ["watershed", "soiltype", "elevation"]).to_frame()
    q = res.set_index(res.columns[0])["q"].round(7)
    # R geodetector vignette: factor_detector(1, c(2, 3, 4), CollectData)
    assert q["watershed"] == 0.6377737 and q["soiltype"] == 0.3857168 and q["elevation"] == 0.6067087
    # R's risk detector means per soil type, 1 to 5
    means = d.groupby("soiltype")["incidence"].mean().round(6).tolist()
    assert means == [6.34, 6.6875, 6.583279, 5.84381, 6.347073]
    with pytest.raises(GeodetectorError, match="available: CollectData"):
        load_gd("disease")
