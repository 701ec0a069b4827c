"""Agreement with R gdverse 1.7 (and R geodetector / GD for the ecological conventions) on the
public cases of ../shared/gdverse-conformance (copies in tests/data/gdverse-cases).

Every run's command line goes through ``geodetector.cli.main`` in this process; its JSON is
compared with the reference by the contract's rules: rows matched by key, q-like numbers to
1e-8, p-values to 1e-6 (absolute), t and df to 1e-6, counts exactly, ``Interaction`` with the
neighbouring class accepted where q12 ties a bound.
"""
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from geodetector.cli import main

from _shared import SHARED, reference

CASES = sorted(p for p in reference("gdverse-conformance/cases").glob("*")
               if (p / "ref.json").exists())
RUNS = [(case, i) for case in CASES
        for i in range(len(json.loads((case / "ref.json").read_text())["runs"]))]
EXACT = {"k", "discnum", "spatial_units", "su", "optsu", "strategy",
         "number_individual_explanatory_variables", "number_overlay_zones"}
TIES = {"q12_eq_min": {"Weaken, nonlinear", "Weaken, uni-"},
        "q12_eq_max": {"Weaken, uni-", "Enhance, bi-"},
        "q12_eq_sum": {"Enhance, bi-", "Independent", "Enhance, nonlinear"}}


def _key(row):
    if "zone1st" in row:
        return ("zones", row.get("variable"), frozenset((row["zone1st"], row["zone2nd"])))
    if "variable1" in row:
        return ("pair", row["variable1"], row["variable2"])
    if "x1" in row:
        return ("pair", row["x1"], row["x2"])
    if "spatial_units" in row:
        return ("su", float(row["spatial_units"]))
    v = str(row["variable"])
    extra = tuple(float(row[k]) for k in ("discnum", "su") if k in row)
    if "\u2229" in v or "pid_idsa" in row:
        return ("set", frozenset(p.strip() for p in v.split("\u2229"))) + extra
    return ("var", v) + extra


def _same(field, exp, got, ties=None):
    if exp is None:
        return got is None or (isinstance(got, float) and math.isnan(got))
    if isinstance(exp, bool) or isinstance(exp, str):
        return got == exp or (field == "Interaction" and ties and got in ties)
    if field in EXACT:
        return got == pytest.approx(exp, abs=1e-9)
    if field in ("P-value", "p_value"):
        return got is not None and abs(got - exp) <= 1e-6
    tol = 1e-6 if field in ("T-statistic", "Degree-freedom") else 1e-8
    return got is not None and abs(got - exp) <= tol * max(1.0, abs(exp))


def compare(exp, got, ties, path="", fails=None):
    fails = [] if fails is None else fails
    if isinstance(exp, dict):
        for k, v in exp.items():
            if k not in got:
                fails.append(f"{path}.{k}: missing")
                continue
            compare(v, got[k], ties, f"{path}.{k}", fails)
    elif isinstance(exp, list) and exp and isinstance(exp[0], dict):
        index = {_key(r): r for r in got}
        for row in exp:
            key = _key(row)
            other = index.get(key)
            sign = 1.0
            if other is None:
                fails.append(f"{path}{key}: row missing")
                continue
            if "zone1st" in row and other["zone1st"] != row["zone1st"]:
                sign = -1.0
            for f, v in row.items():
                if sign < 0 and f in ("zone1st", "zone2nd"):
                    continue  # the pair reported the other way round: t changes sign
                g = other.get(f)
                if f == "T-statistic" and g is not None:
                    g = g * sign
                if isinstance(v, (dict, list)):
                    compare(v, g, ties, f"{path}{key}.{f}", fails)
                elif not _same(f, v, g, ties.get((row.get("variable1"), row.get("variable2")))):
                    fails.append(f"{path}{key}.{f}: got {g!r}, want {v!r}")
    elif not _same(path.rsplit(".", 1)[-1], exp, got):
        fails.append(f"{path}: got {got!r}, want {exp!r}")
    return fails


@pytest.mark.parametrize("case,i", RUNS, ids=lambda v: v.name if isinstance(v, Path) else str(v))
def test_case_agrees(case, i, capsys):
    run = json.loads((case / "ref.json").read_text())["runs"][i]
    argv = [str(case / a) if (case / a).is_file() else a for a in run["cli"]]
    assert main(argv) == 0, capsys.readouterr().err
    got = json.loads(capsys.readouterr().out)
    ties = {}
    for t in run.get("ties") or []:
        ok = set().union(*[TIES[k] for k in TIES if t.get(k)])
        if ok:
            ties[(t["variable1"], t["variable2"])] = ok
    fails = compare(run["expected"], got, ties)
    assert not fails, f"{run['r_call']}\n" + "\n".join(fails[:10])


@pytest.mark.skipif(not (SHARED / "gdverse-conformance").exists(),
                    reason="the checker lives beside the repository")
def test_checker_through_the_command():
    """The shared checker, through a real process, on two quick cases (the wiring)."""
    proc = subprocess.run(
        [sys.executable, str(SHARED / "gdverse-conformance" / "check.py"), "--cmd",
         f"{sys.executable} -m geodetector", "--only", "eco_ntds,rid_sim"],
        capture_output=True, text=True, cwd=Path(__file__).resolve().parents[2], timeout=600)
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert "2/2 cases fully agree" in proc.stdout.strip().splitlines()[-1]
