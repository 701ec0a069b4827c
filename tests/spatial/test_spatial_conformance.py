"""`digigov spatial` against R's spdep on every public conformance case (tolerances of the
contract in ../shared/spatial-conformance/README.md; the cases are copied in tests/data).

The command runs in-process (``digigov.cli.main``) so that the 16 cases take seconds; the
checker of the reference folder runs the installed command the same way from outside.
"""
from __future__ import annotations

import contextlib
import io
import json
import math

import pytest

from _shared import reference

CASES = reference("spatial-conformance/cases")
IDS = sorted(p.name for p in CASES.iterdir() if (p / "ref.json").exists())
REL, ABS = 1e-9, 1e-12


def _run(folder):
    from digigov.cli import main

    ref = json.loads((folder / "ref.json").read_text(encoding="utf-8"))
    p = ref["params"]
    args = ["spatial", str(folder / "data.csv"), "--vars", ",".join(p["vars"])]
    if p.get("weights"):
        args += ["--weights", str(folder / p["weights"])]
    else:
        args += ["--geometry", str(folder / p["geometry"]), "--contiguity", p["contiguity"]]
    args += ["--style", p["style"], "--permutations", str(p["permutations"]), "--seed", str(p["seed"]), "--json"]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(args)
    assert status == 0, err.getvalue()
    return ref, json.loads(out.getvalue())


def _close(got, want):
    if want is None:
        return got is None
    return got is not None and math.isfinite(got) and abs(got - want) <= REL * abs(want) + ABS


@pytest.mark.parametrize("case", IDS)
def test_case_agrees_with_spdep(case):
    ref, got = _run(CASES / case)
    exp, nsim = ref["expected"], int(ref["params"]["permutations"])
    bad = []
    gw, ww = got["weights"], exp["weights"]
    for k in ("n", "n_links", "n_components"):
        if gw[k] != ww[k]:
            bad.append(f"weights {k}: {gw[k]} != {ww[k]}")
    for k in ("S0", "S1", "S2"):
        if not _close(gw[k], ww[k]):
            bad.append(f"weights {k}: {gw[k]} != {ww[k]}")
    if gw["style"] != ww["style"] or set(gw["islands"]) != set(ww["islands"]):
        bad.append(f"style/islands: {gw['style']} {gw['islands']} != {ww['style']} {ww['islands']}")
    for c, want in ww["neighbours"].items():
        if set(gw["neighbours"][c]) != set(want):
            bad.append(f"neighbours of {c}: {gw['neighbours'][c]} != {want}")
    glob = {g["var"]: g for g in got["global"]}
    for w in exp["global"]:
        g = glob[w["var"]]
        for k in ("I", "EI", "VI_norm", "VI_rand", "z_norm", "z_rand", "p_norm", "p_rand", "K"):
            if not _close(g[k], w[k]):
                bad.append(f"global {w['var']} {k}: {g[k]} != {w[k]}")
        if nsim == 0:
            if g["p_perm"] is not None:
                bad.append(f"global {w['var']} p_perm without permutations")
        else:
            tol = 0.02 + 5 * math.sqrt(2 * w["p_perm"] * (1 - w["p_perm"]) / nsim)
            if not (0 < g["p_perm"] <= 1 and abs(g["p_perm"] - w["p_perm"]) <= tol):
                bad.append(f"global {w['var']} p_perm {g['p_perm']} vs {w['p_perm']}")
    for var, rows in exp["local"].items():
        by_case = {r["case"]: r for r in got["local"][var]}
        for w in rows:
            g = by_case[w["case"]]
            for k in ("Ii", "E_Ii", "Var_Ii", "Z_Ii", "p", "lag"):
                if w.get("z_undefined") and k in ("Z_Ii", "p"):
                    continue
                if not _close(g[k], w[k]):
                    bad.append(f"local {var} {w['case']} {k}: {g[k]} != {w[k]}")
            for k in ("quadrant_mean", "quadrant_median", "quadrant_pysal"):
                if w[k] is not None and g[k] != w[k]:
                    bad.append(f"local {var} {w['case']} {k}: {g[k]} != {w[k]}")
    jc = {(r["var"], r["level"]): r for r in got["join_counts"]}
    assert set(jc) == {(w["var"], w["level"]) for w in exp["join_counts"]}
    for w in exp["join_counts"]:
        g = jc[(w["var"], w["level"])]
        if g["n_level"] != w["n_level"]:
            bad.append(f"join count {w['var']} {w['level']} n_level")
        for k in ("jc", "E_jc", "Var_jc", "z", "p"):
            if not _close(g[k], w[k]):
                bad.append(f"join count {w['var']} {w['level']} {k}: {g[k]} != {w[k]}")
    assert bad == []
