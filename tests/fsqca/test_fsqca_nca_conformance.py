"""Agreement of fsqca.nca with R's NCA 5.0.1 on the reference cases in tests/data/nca.

The cases are copies of the project's NCA conformance cases (see tests/data/nca/README.md), so
a clone tests itself; the comparison uses the same tolerances as the conformance checker.
"""
import json
import math
from pathlib import Path

import pandas as pd
import pytest

from fsqca.cli import main
from fsqca.nca import nca

CASES = sorted(p for p in (Path(__file__).parents[1] / "data" / "nca").iterdir() if (p / "ref.json").exists())
Z975 = 1.959963984540054


def _num_ok(got, want):
    if want is None:
        return got is None or (isinstance(got, float) and math.isnan(got))
    if got is None or isinstance(got, str) or math.isinf(got):
        return False
    return abs(got - want) <= 1e-9 * abs(want) + 1e-12


def compare(out: dict, ref: dict) -> list[str]:
    """Failed checks of one JSON output against ref.json (empty when everything agrees)."""
    params, exp = ref["params"], ref["expected"]
    rep = int(params["test_rep"])
    fails = []
    got = {c["condition"]: c for c in out["conditions"]}
    for w in exp["conditions"]:
        g = got[w["condition"]]
        if g["n"] != w["n"]:
            fails.append(f"{w['condition']} n")
        fails += [f"{w['condition']} {k}" for k in ("scope", "xmin", "xmax", "ymin", "ymax")
                  if not _num_ok(g[k], w[k])]
        for ce, wc in w["ceilings"].items():
            gc = g["ceilings"][ce]
            if gc["above"] != wc["above"]:
                fails.append(f"{w['condition']} {ce} above")
            fails += [f"{w['condition']} {ce} {k}: {gc[k]} != {wc[k]}" for k in wc
                      if k not in ("above", "p_value", "p_accuracy") and not _num_ok(gc[k], wc[k])]
            if rep == 0:
                if gc["p_value"] is not None or gc["p_accuracy"] is not None:
                    fails.append(f"{w['condition']} {ce} p without a test")
            else:
                p = gc["p_value"]
                if p is None or abs(p - wc["p_value"]) > 0.03:
                    fails.append(f"{w['condition']} {ce} p_value {p} vs R {wc['p_value']}")
                elif not _num_ok(gc["p_accuracy"], Z975 * math.sqrt(p * (1 - p) / rep)):
                    fails.append(f"{w['condition']} {ce} p_accuracy")
    for ce, table in exp["bottlenecks"].items():
        for col, cells in table.items():
            gcol = out["bottlenecks"][ce][col]
            if len(gcol) != len(cells):
                fails.append(f"bottleneck {ce} {col} length")
                continue
            for i, (gv, wv) in enumerate(zip(gcol, cells)):
                ok = gv == wv if isinstance(wv, str) else (not isinstance(gv, str) and _num_ok(gv, wv))
                if not ok:
                    fails.append(f"bottleneck {ce} {col} row {i + 1}: {gv} != {wv}")
    return fails


def _run_api(case: Path) -> tuple[dict, dict]:
    ref = json.loads((case / "ref.json").read_text())
    p = ref["params"]
    df = pd.read_csv(case / "data.csv").set_index("case")
    res = nca(df, p["outcome"], p["conditions"], ceilings=p["ceilings"], test_rep=p["test_rep"],
              seed=p["r_seed"], steps=p["steps"], bottleneck_x=p["bottleneck_x"],
              bottleneck_y=p["bottleneck_y"])
    return res.to_dict(), ref


def test_cases_present():
    assert len(CASES) >= 16


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_agrees_with_r(case):
    out, ref = _run_api(case)
    assert compare(out, ref) == []


@pytest.mark.parametrize("name", ["nca_example_actual", "fuzzy_04"])
def test_command_json_agrees_with_r(name, capsys):
    case = next(c for c in CASES if c.name == name)
    ref = json.loads((case / "ref.json").read_text())
    p = ref["params"]
    code = main(["nca", str(case / "data.csv"), "--outcome", p["outcome"], "--conditions",
                 ",".join(p["conditions"]), "--ceilings", ",".join(p["ceilings"]), "--steps",
                 str(p["steps"]), "--bottleneck-x", p["bottleneck_x"], "--bottleneck-y",
                 p["bottleneck_y"], "--test-rep", str(p["test_rep"]), "--seed", str(p["r_seed"]), "--json"])
    assert code == 0
    assert compare(json.loads(capsys.readouterr().out), ref) == []


def test_comparison_detects_a_wrong_number():
    out, ref = _run_api(CASES[0])
    first = out["conditions"][0]["ceilings"]["ce_fdh"]
    first["effect_size"] *= 1 + 1e-6
    assert compare(out, ref) != []
