"""Generate the SYNTHETIC example study ``data/provinces/example_study.csv`` (seeded).

Usage::

    python scripts/build_example_study.py [--seed 0]

The reference study's per-province data were never published, so this script constructs an
illustrative dataset for the 31 mainland provinces whose full pipeline

    honour counts -> good governance; entropy weights -> Sl, Cs; P + adjacency -> R;
    95% / mean / 5% calibration; truth table (incl 0.8, PRI 0.5, n 1); minimisation

reproduces the study's reasoning: the complex solution (no directional expectations) has the
study's four configurations, the parsimonious prime implicants are G*Cs*~R, B*Cs*~R, Cl and
Cs*Sl*~R, the provinces the study names sit in their configuration, and the solution
consistency exceeds 0.9.

Design (conditions in the order G T Sp R Sl Cs I Cl B):

* Positive truth-table rows, from the four configurations: A = 111011101 minus Cl
  (Hubei), B = A with Cl (Beijing), C = B with Sp (Shanghai, Guangdong, Shandong) give
  configurations 1 (A+B, Cl don't care) and 2 (B+C, Sp don't care); D and E = ~G Sp R Sl Cs I
  Cl B with ~T / T (Zhejiang; Tianjin, Fujian) give configuration 3; F = G ~T Sp ~R Sl Cs ~I
  Cl B (Sichuan, Anhui, Jiangxi) is configuration 4.
* Negative rows shape the parsimonious solution. Every negative case has ~Cl, so Cl is a
  prime implicant. ND = D without Cl leaves Cl as the only implicant covering D. Three rows
  block every implicant of A other than the three target terms: NA1 = A with ~Cs,
  NA2 = A with R, NA3 = ~G T ~Sp ~R ~Sl Cs I ~Cl ~B. The remaining negative cases take
  random rows with ~Cs and ~Cl, which contain none of the target terms.
* R is not drawn: it is computed from P and the adjacency (island_links="none"), so P is
  chosen for the named provinces and a seeded search draws the others until R falls on the
  side each row needs; negative cases with high R fill NA2 and ND, low R fill NA1 and NA3.
* Every other raw value is drawn on the side of its mean that its row requires, away from the
  crossover, and the seeded search repeats until the pipeline gives the design.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from _cnmaps_source import write_text_atomic  # noqa: E402  (atomic writer shared by the build scripts)

from indicators import (  # noqa: E402
    CONDITIONS, HONOUR_COLUMNS, SUB_INDICATORS, build_conditions, province_table,
)

ISLAND_LINKS = "none"
ROWS = {  # G T Sp R Sl Cs I Cl B
    "A": "110011101",    # configuration 1 without Cl
    "B": "110011111",    # configurations 1 and 2
    "C": "111011111",    # configuration 2 with Sp
    "D": "001111111",    # configuration 3 without T
    "E": "011111111",    # configuration 3 with T
    "F": "101011011",    # configuration 4
    "NA1": "110010101",  # A with ~Cs
    "NA2": "110111101",  # A with R
    "NA3": "010001100",  # ~G T ~Sp ~R ~Sl Cs I ~Cl ~B
    "ND": "001111101",   # D without Cl
}
NAMED = {
    "Hubei": "A", "Beijing": "B", "Shanghai": "C", "Guangdong": "C", "Shandong": "C",
    "Zhejiang": "D", "Tianjin": "E", "Fujian": "E", "Sichuan": "F", "Anhui": "F", "Jiangxi": "F",
}
#: Outcome of the named provinces (0-100 coverage-style score).
P_NAMED = {"Shanghai": 95.0, "Guangdong": 94.0, "Beijing": 92.0, "Shandong": 85.0, "Hubei": 82.0,
           "Anhui": 81.0, "Jiangxi": 80.0, "Sichuan": 78.0, "Zhejiang": 64.0, "Fujian": 58.0,
           "Tianjin": 68.0}
EXPECTED_COMPLEX = ("G*T*~Sp*~R*Sl*Cs*I*B", "G*T*~R*Sl*Cs*I*Cl*B", "~G*Sp*R*Sl*Cs*I*Cl*B",
                    "G*~T*Sp*~R*Sl*Cs*~I*Cl*B")
EXPECTED_PARSIMONIOUS = ("G*Cs*~R", "B*Cs*~R", "Cl", "Cs*Sl*~R")
MARGIN = 0.12  # memberships at least this far from 0.5


def _bits(row: str) -> dict:
    return dict(zip(CONDITIONS, (int(c) for c in row)))


def _draw_side(rng, high: bool, lo=10.0, hi=95.0) -> float:
    return float(rng.uniform(62.0, hi) if high else rng.uniform(lo, 40.0))


def _outcome(rng, names) -> pd.Series:
    p = {n: P_NAMED.get(n, round(float(rng.uniform(18.0, 45.0)), 1)) for n in names}
    return pd.Series(p)


def _assign_rows(rng, r_high: pd.Series) -> dict | None:
    rows = {n: NAMED[n] for n in NAMED}
    others = [n for n in r_high.index if n not in NAMED]
    high = [n for n in others if r_high[n]]
    low = [n for n in others if not r_high[n]]
    if len(high) < 2 or len(low) < 2:
        return None
    rng.shuffle(high)
    rng.shuffle(low)
    rows[high[0]], rows[high[1]] = "NA2", "ND"
    rows[low[0]], rows[low[1]] = "NA1", "NA3"
    for n in high[2:] + low[2:]:
        bits = {c: int(rng.random() < 0.3) for c in CONDITIONS}
        bits.update({"R": int(r_high[n]), "Cs": 0, "Cl": 0})
        rows[n] = "".join(str(bits[c]) for c in CONDITIONS)
    return rows


def _raw_values(rng, rows: dict, P: pd.Series) -> pd.DataFrame:
    recs = {}
    for name, row in rows.items():
        bits = _bits(ROWS.get(row, row))
        rec = {"P": P[name]}
        for c in ("G", "T", "Sp", "I", "B"):
            rec[c] = round(_draw_side(rng, bits[c]), 1)
        rec["Cl"] = round(4.0 + 0.2 * _draw_side(rng, bits["Cl"]), 2)  # percent of citizens literate
        levels = {comp: rng.uniform(0.66, 0.95) if bits[comp] else rng.uniform(0.08, 0.38) for comp in ("Sl", "Cs")}
        for comp, level in levels.items():
            for col in SUB_INDICATORS[comp]:
                if col == "Sl_good_governance":
                    continue
                rec[col] = round(100.0 * float(np.clip(level + rng.normal(0, 0.04), 0.01, 1.0)), 1)
        lam = 10.0 * levels["Sl"]
        rec["honours_province"] = int(rng.random() < levels["Sl"])
        rec["honours_city"] = int(rng.poisson(lam * 0.6))
        rec["honours_county"] = int(rng.poisson(lam))
        rec["honours_special"] = int(rng.poisson(lam * 0.15))
        recs[name] = rec
    return pd.DataFrame.from_dict(recs, orient="index")


def check(raw: pd.DataFrame, rows: dict | None = None) -> tuple[bool, str]:
    """Run the full pipeline; True when it reproduces the design."""
    from fsqca import minimize, parse_expression, truth_table

    def termset(exprs):
        return {frozenset(t) for e in exprs for t in parse_expression(e)}

    sc = build_conditions(raw, island_links=ISLAND_LINKS)
    fs = sc.memberships
    if rows is not None:
        for name, row in rows.items():
            for c, b in _bits(ROWS.get(row, row)).items():
                m = fs.at[name, c]
                margin = MARGIN if (name in NAMED or c != "R") else 0.05
                if (m > 0.5) != bool(b) or abs(m - 0.5) < margin:
                    return False, f"{name} {c}={m:.2f} wanted {b}"
            if (fs.at[name, "P"] > 0.5) != (name in NAMED):
                return False, f"{name} P={fs.at[name, 'P']:.2f}"
    tt = truth_table(fs, "P", CONDITIONS, incl_cut=0.8, pri_cut=0.5, n_cut=1)
    try:
        cx = minimize(tt, "complex")
        ps = minimize(tt, "parsimonious")
    except ValueError as err:
        return False, str(err)
    cx_terms = {frozenset(t) for m in cx.models for t in m.terms}
    ps_terms = {frozenset(t) for m in ps.models for t in m.terms}
    if cx_terms != termset(EXPECTED_COMPLEX) or ps_terms != termset(EXPECTED_PARSIMONIOUS):
        return False, f"complex {[m.expression for m in cx.models]} parsimonious {[m.expression for m in ps.models]}"
    incl = min(m.fit.incl for m in cx.models)
    if incl <= 0.9:
        return False, f"solution consistency {incl:.3f}"
    return True, f"complex consistency {incl:.3f}, coverage {cx.models[0].fit.cov:.3f}"


def generate(seed: int, max_tries: int = 4000, progress=None):
    names = list(province_table()["name_en"])
    rng = np.random.default_rng(seed)
    for attempt in range(max_tries):
        if progress:
            progress(attempt)
        P = _outcome(rng, names)
        probe = build_conditions(_placeholder(P), island_links=ISLAND_LINKS).memberships["R"]
        r_ok = all((probe[n] > 0.5) == (ROWS[NAMED[n]][3] == "1") and abs(probe[n] - 0.5) >= MARGIN
                   for n in NAMED)
        if not r_ok:
            continue
        others_ok = all(abs(probe[n] - 0.5) >= 0.05 for n in names if n not in NAMED)
        if not others_ok:
            continue
        rows = _assign_rows(rng, probe > 0.5)
        if rows is None:
            continue
        for _ in range(20):
            raw = _raw_values(rng, rows, P)
            ok, msg = check(raw, rows)
            if ok:
                return raw.loc[names], rows, msg, attempt
    raise RuntimeError(f"no dataset found in {max_tries} attempts with seed {seed}")


def _placeholder(P: pd.Series) -> pd.DataFrame:
    """Raw frame with the outcome and neutral other columns, to compute R for a candidate P."""
    cols = ["G", "T", "Sp", "I", "Cl", "B"] + SUB_INDICATORS["Sl"] + SUB_INDICATORS["Cs"]
    ramp = np.linspace(1.0, 2.0, len(P))
    df = pd.DataFrame({c: ramp for c in cols}, index=P.index)
    df["P"] = P
    return df


def to_csv(raw: pd.DataFrame, seed: int, msg: str) -> str:
    meta = province_table().set_index("name_en")
    out = raw.copy()
    out.insert(0, "name_zh", meta.loc[out.index, "short_zh"].to_numpy())
    out.index.name = "province"
    order = (["name_zh", "P", "G", "T", "Sp", "I", "Cl", "B"] + SUB_INDICATORS["Cs"]
             + [c for c in SUB_INDICATORS["Sl"] if c != "Sl_good_governance"] + list(HONOUR_COLUMNS))
    buf = io.StringIO()
    buf.write("# SYNTHETIC, ILLUSTRATIVE DATA - not the reference study's data (never published).\n")
    buf.write(f"# Generated by scripts/build_example_study.py --seed {seed}; columns follow codebook.yaml.\n")
    buf.write("# R, Sl, Cs and Sl_good_governance are built by indicators.build_conditions "
              f"(island_links='{ISLAND_LINKS}').\n")
    buf.write(f"# Design check at generation: {msg}.\n")
    out[order].to_csv(buf, lineterminator="\n")
    return buf.getvalue()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)

    def progress(i):
        if i % 50 == 0:
            print(f"\rsearching: attempt {i}", end="", file=sys.stderr, flush=True)

    raw, rows, msg, attempt = generate(args.seed, progress=progress)
    print(f"\nfound after {attempt + 1} attempt(s): {msg}", file=sys.stderr)
    path = REPO / "data" / "provinces" / "example_study.csv"
    write_text_atomic(path, to_csv(raw, args.seed, msg))
    print(f"wrote {path.relative_to(REPO)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
