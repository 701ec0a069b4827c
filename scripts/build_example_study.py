"""Generate the SYNTHETIC example study ``data/provinces/example_study.csv`` (seeded).

Usage::

    python scripts/build_example_study.py            # rebuild from the stored search state, check, write
    python scripts/build_example_study.py --check    # rebuild and compare with the committed file
    python scripts/build_example_study.py --search [--seed 0]
                                                     # the full search (slow), then rebuild

The reference study's per-province data were never published, so this script constructs an
illustrative dataset for the 31 mainland provinces whose full pipeline

    honour counts -> good governance; entropy weights -> Sl, Cs; P + adjacency -> R;
    95% / mean / 5% calibration; truth table (incl 0.8, PRI 0.5, n 1); minimisation;
    geodetector (natural breaks, 3 strata); strategy rankings; robustness checks

reproduces every figure the study states (the targets, ``example_search.TARGETS``, ``Q_TARGETS``
and ``ORDERS``; see docs/data.md).

Design (conditions in the order G T Sp R Sl Cs I Cl B):

* Positive truth-table rows, from the four configurations: A = 111011101 minus Cl
  (Hubei), B = A with Cl (Beijing), C = B with Sp (Shanghai, Guangdong, Shandong) give
  configurations 1 (A+B, Cl don't care) and 2 (B+C, Sp don't care); D and E = ~G Sp R Sl Cs I
  Cl B with ~T / T (Zhejiang; Tianjin, Fujian) give configuration 3; F = G ~T Sp ~R Sl Cs ~I
  Cl B (Sichuan, Anhui, Jiangxi) is configuration 4. Row B is in both configurations 1 and 2,
  and the complex solution needs it observed, so its province (Beijing) has a membership
  above 0.5 in both: no data can avoid that.
* Negative rows shape the parsimonious solution. Every negative case has ~Cl, so Cl is a
  prime implicant. ND = D without Cl (Chongqing) leaves Cl as the only implicant covering D.
  Three rows block every implicant of A other than the three target terms: NA1 = A with ~Cs
  (Liaoning), NA2 = A with R (Jiangsu), NA3 = ~G T ~Sp ~R ~Sl Cs I ~Cl ~B (Hainan). The other
  sixteen negative cases have ~Cs and ~Cl, so they contain none of the target terms.
* R is not drawn: it is computed from P and the adjacency (island_links="none").

The search (``example_search``) has three stages, all seeded:

1. simulated annealing over province *levels* (P, G, T, Sp, I, Cl, B and one level each for
   Sl and Cs), with vectorised replicas of the pipeline as the objective; its result is the
   stored state ``example_study_state.json`` (``--search`` recomputes it; this takes minutes);
2. the sub-indicators of Sl and Cs and the honour counts are drawn around the levels;
3. a short annealing over all raw columns (sub-indicators included) restores every target
   the drawing disturbed, and separates the most and least developed provinces on B and Cl
   by a margin.

The result is checked with the package's own pipeline (``digigov``) before it is written.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from _cnmaps_source import write_text_atomic  # noqa: E402  (atomic writer shared by the build scripts)

import example_search as es  # noqa: E402
from indicators import HONOUR_COLUMNS, SUB_INDICATORS, province_table  # noqa: E402

ISLAND_LINKS = "none"
STATE = HERE / "example_study_state.json"
OUT = REPO / "data" / "provinces" / "example_study.csv"
POLISH_STEPS = 3000
#: in the final polish the five most developed provinces sit at least this share of the range
#: above the five least developed on B and Cl (stage 1 only asks for the order)
PLAUSIBLE_GAP = 0.03


#: annealing rounds of stage 1: (steps, start temperature, end temperature); the first from a
#: random start (seed), each later one from the best so far with its own seeded generator
ROUNDS = ((40000, 50.0, 0.01), (15000, 1.0, 0.005), (15000, 1.0, 0.005))


def search(seed: int, rounds=ROUNDS, log=None, start: dict | None = None, first_round: int = 1) -> dict:
    """Stage 1: the levels (slow). ``start``/``first_round`` resume after a stored round."""
    prob = es.make_problem()
    obj = es.Objective(prob)
    levels = start
    pen = None
    for r, (steps, t0, t1) in enumerate(rounds, start=1):
        if r < first_round:
            continue
        rng = np.random.default_rng(seed if r == 1 else [seed, r])
        if levels is None:
            levels = es.level_initial(prob, rng)
        levels, pen = es.anneal_levels(levels, obj, rng, steps, t0=t0, t1=t1, log=log)
        if log:
            log(f"round {r}", t1, pen, pen, {})
        if pen < 1e-9:
            break
    return {"seed": seed, "rounds": [list(x) for x in rounds], "penalty": round(float(pen), 6),
            "provinces": prob.names, "levels": {k: [round(float(x), 2) for x in v] for k, v in levels.items()}}


def rebuild(state: dict, log=None) -> pd.DataFrame:
    """Stages 2 and 3: raw data from the stored levels (deterministic)."""
    prob = es.make_problem()
    if state["provinces"] != prob.names:
        raise ValueError("the stored state lists other provinces than the package")
    obj = es.Objective(prob, gap=PLAUSIBLE_GAP)
    rng = np.random.default_rng([state["seed"], 2])
    levels = {k: np.array(v, dtype=float) for k, v in state["levels"].items()}
    raw = es.realise(levels, rng)
    raw, _ = es.anneal_raw(raw, obj, rng, POLISH_STEPS, log=log)
    df = pd.DataFrame({c: raw[c] for c in es.RAW_COLS}, index=prob.names)
    for c in es.HON_COLS:
        df[c] = df[c].astype(int)
    return df


def run_pipeline(csv_text: str):
    """The bundled study file run on ``csv_text`` instead of the bundled data."""
    from digigov.pipeline import run_study
    from digigov.study import EXAMPLE_STUDY, load_study

    spec = EXAMPLE_STUDY.read_text(encoding="utf-8").replace(
        "  example: true            # the package's bundled example_study.csv",
        "  file: example_study.csv")
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "example_study.csv").write_text(csv_text, encoding="utf-8")
        (Path(tmp) / "study.yaml").write_text(spec, encoding="utf-8")
        return run_study(load_study(Path(tmp) / "study.yaml"), progress=False)


def to_csv(raw: pd.DataFrame, seed: int, msg: str) -> str:
    meta = province_table().set_index("name_en")
    out = raw.copy()
    out.insert(0, "name_zh", meta.loc[out.index, "short_zh"].to_numpy())
    out.index.name = "province"
    order = (["name_zh", "P", "G", "T", "Sp", "I", "Cl", "B"] + SUB_INDICATORS["Cs"]
             + [c for c in SUB_INDICATORS["Sl"] if c != "Sl_good_governance"] + list(HONOUR_COLUMNS))
    buf = io.StringIO()
    buf.write("# SYNTHETIC, ILLUSTRATIVE DATA - not the reference study's data (never published).\n")
    buf.write(f"# Generated by scripts/build_example_study.py (seed {seed}); columns follow codebook.yaml.\n")
    buf.write("# R, Sl, Cs and Sl_good_governance are built by indicators.build_conditions "
              f"(island_links='{ISLAND_LINKS}').\n")
    buf.write(f"# Targets met at generation: {msg}.\n")
    out[order].to_csv(buf, lineterminator="\n")
    return buf.getvalue()


def build(state: dict, log=None) -> tuple[str, list]:
    """The CSV text of the example study and the target check of its pipeline run."""
    raw = rebuild(state, log=log)
    draft = to_csv(raw, state["seed"], "...")
    from digigov.errors import StudyError

    try:
        checks = check_targets(run_pipeline(draft))
    except StudyError as exc:  # the design did not come out: report it, do not crash
        checks = [("pipeline", "the study's four configurations", str(exc), False)]
    met = sum(ok for *_, ok in checks)
    return to_csv(raw, state["seed"], f"{met} of {len(checks)}"), checks


# ---- the targets, checked on a run of the real pipeline ------------------------------------
def check_targets(run) -> list[tuple[str, str, str, bool]]:
    """``(target, published, computed, met)`` for every target, from a ``digigov`` StudyRun."""
    import fsqca

    r = run.results
    out = []
    cfgs = {c["id"]: c for c in r["configurations"]}
    named = {"1": {"Beijing", "Hubei"}, "2": {"Guangdong", "Shanghai", "Shandong"},
             "3": {"Zhejiang", "Tianjin", "Fujian"}, "4": {"Sichuan", "Anhui", "Jiangxi"}}
    for k, term in es.CONFIGS.items():
        c = cfgs.get(str(k))
        ok = c is not None and frozenset(fsqca.parse_expression(c["term"], es.CONDS)[0]) == frozenset(
            fsqca.parse_expression(term, es.CONDS)[0])
        out.append((f"configuration {k}", term, c["term"] if c else "-", ok))
        m = run.memberships
        (t,) = fsqca.parse_expression(term, es.CONDS)
        member = np.min([m[x] if v else 1 - m[x] for x, v in t], axis=0)
        above = set(m.index[member > 0.5])
        out.append((f"configuration {k}: provinces above 0.5", ", ".join(sorted(named[str(k)])),
                    ", ".join(sorted(above)), above == named[str(k)]))
        out.append((f"configuration {k}: consistency", "> 0.9", f"{c['inclS']:.3f}" if c else "-",
                    bool(c and c["inclS"] > 0.9)))
    sf = r["solution_fit"]
    out.append(("solution consistency", "0.920", f"{sf['inclS']:.3f}", abs(sf["inclS"] - 0.920) <= 0.005))
    out.append(("solution coverage", "0.578", f"{sf['covS']:.3f}", abs(sf["covS"] - 0.578) <= 0.005))
    c2 = cfgs.get("2")
    out.append(("market-led raw coverage", "0.441", f"{c2['covS']:.3f}" if c2 else "-",
                bool(c2 and abs(c2["covS"] - 0.441) <= 0.005)))
    nec = max(x["inclN"] for x in r["necessity"] if x["outcome"] == "P")
    out.append(("largest inclN (P)", "< 0.9", f"{nec:.3f}", nec < 0.9))
    tests = {t["test"]: t for t in r["robustness"]["tests"]}
    t75 = tests.get("incl_cut 0.75")
    out.append(("incl cut 0.75", "nothing changes", t75["relation"] if t75 else "-",
                bool(t75 and t75["relation"] == "identical" and abs(t75["d_inclS"]) < 1e-12)))
    t2 = next((t for name, t in tests.items() if name.startswith("90/median/10")), None)
    confs = [c for c in r["robustness"]["configurations"] if c["test"].startswith("90/median/10")]
    rel_ok = bool(t2 and t2["relation"] in ("identical", "subset", "superset") and t2["n_terms"] == 4
                  and all(c["relation"] in ("identical", "subset", "superset") for c in confs))
    out.append(("90/median/10, PRI 0.7: paths", "4, same or subset-related",
                f"{t2['n_terms']}, {t2['relation']}" if t2 else "-", rel_ok))
    out.append(("90/median/10, PRI 0.7: consistency", "0.904", f"{t2['inclS']:.3f}" if t2 else "-",
                bool(t2 and abs(t2["inclS"] - 0.904) <= 0.005)))
    out.append(("90/median/10, PRI 0.7: coverage", "0.565", f"{t2['covS']:.3f}" if t2 else "-",
                bool(t2 and abs(t2["covS"] - 0.565) <= 0.005)))
    geo = r["geodetector"]
    qf = {f["factor"]: f["q"] for f in geo["factor"]}
    qi = {frozenset((p["x1"], p["x2"])): p["q12"] for p in geo["interaction"]}

    def q(key):
        return qf[key[0]] if len(key) == 1 else qi[frozenset(key)]

    for key, t in es.Q_TARGETS.items():
        v = q(key)
        out.append((f"q({' ∩ '.join(key)})", f"{t:.3f}", f"{v:.3f}", abs(v - t) <= 0.02))
    top = max(qi, key=qi.get)
    out.append(("largest interaction", "G ∩ Cl", " ∩ ".join(sorted(top)), top == frozenset(("G", "Cl"))))
    cs_ctrl = {c: qi[frozenset(("Cs", c))] for c in es.CONTROLLABLE if c != "Cs"}
    best = max(cs_ctrl, key=cs_ctrl.get)
    out.append(("largest controllable pair with Cs", "Cs ∩ I", f"Cs ∩ {best}", best == "I"))
    types = {p["type"] for p in geo["interaction"]}
    out.append(("interaction types", "enhance", ", ".join(sorted(types)),
                types <= {"bi-variable enhance", "nonlinear enhance"}))
    for s in geo["strategies"]:
        k = int(s["configuration"])
        got = [x["auxiliary"] for x in s["ranking"]]
        out.append((f"strategy order {k}", ", ".join(es.ORDERS[k]), ", ".join(got), got == es.ORDERS[k]))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--search", action="store_true", help="recompute the stored search state (slow)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--check", action="store_true", help="compare the rebuild with the committed file")
    args = ap.parse_args(argv)

    def log(step, temp, cur, best, parts):
        print(f"step {step}: T={temp:.3f} penalty {cur:.2f} (best {best:.2f}) "
              + " ".join(f"{k}={v:.1f}" for k, v in parts.items()), file=sys.stderr, flush=True)

    if args.search:
        state = search(args.seed, log=log)
        write_text_atomic(STATE, json.dumps(state, indent=1) + "\n")
    state = json.loads(STATE.read_text(encoding="utf-8"))
    text, checks = build(state, log=log)
    for name, published, computed, ok in checks:
        print(f"{'ok ' if ok else 'NO '} {name}: published {published}, computed {computed}", file=sys.stderr)
    if args.check:
        same = OUT.read_text(encoding="utf-8") == text
        print("identical to the committed file" if same else "DIFFERS from the committed file", file=sys.stderr)
        return 0 if same else 1
    write_text_atomic(OUT, text)
    print(f"wrote {OUT.relative_to(REPO)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
