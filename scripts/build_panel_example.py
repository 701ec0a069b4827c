"""Generate the SYNTHETIC panel example ``data/provinces/example_panel.csv`` (seeded).

Usage::

    python scripts/build_panel_example.py [--seed 0] [--check]

The panel has the 31 mainland provinces in the years 2019-2023 (long format: one row per
province and year) and follows the design of the 2021 example study
(``data/provinces/example_study.csv``, read when this script runs, so the panel follows that
file when it is regenerated):

* the 2021 rows are the example's conditions as the study builds them (``Sl`` and ``Cs``
  entropy composites, ``R`` competition pressure), plus seeded noise;
* every year moves all raw values by a common national drift (digital government improves),
  so that pooled and per-year calibration differ;
* ``R`` is recomputed in every year from that year's outcome and the adjacency
  (``island_links="none"``), as the study defines it;
* one configuration of the 2021 solution **strengthens**: in 2019 and 2020 its typical
  provinces have a lower outcome (consistency rises towards 2021);
* one configuration **weakens**: in 2022 and 2023 its typical provinces lose outcome
  (consistency falls after 2021).

A seeded search repeats the draw until the pooled analysis (95/mean/5 calibration over all
province-years, truth table incl 0.8 / PRI 0.5 / n 1, complex solution) keeps a term for each
of the two groups and that term's between-year consistency (SetMethods' cluster) rises, or
falls, from the first year to the last. The same seed gives the same bytes.
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

from _cnmaps_source import write_text_atomic  # noqa: E402

from indicators import CONDITIONS, build_conditions, competition_pressure, load_example_study, province_table  # noqa: E402

YEARS = (2019, 2020, 2021, 2022, 2023)
BASE_YEAR = 2021
ISLAND_LINKS = "none"
DRIFT = 0.06           # per year, in standard deviations of each column
NOISE = 0.04           # sd of the yearly noise, in standard deviations of each column
COLUMNS = ["P", *CONDITIONS]
OUT = REPO / "data" / "provinces" / "example_panel.csv"


def _analysis(panel: pd.DataFrame):
    """The pooled analysis the example study runs: memberships, complex solution."""
    from fsqca import calibrate_frame, minimize, truth_table

    raw = panel.set_index(panel["province"] + " " + panel["year"].astype(str))[COLUMNS]
    spec = {c: {"exclusion": "p5", "crossover": "mean", "inclusion": "p95"} for c in COLUMNS}
    mem = calibrate_frame(raw, spec, avoid_half=0.001).data
    tt = truth_table(mem, "P", list(CONDITIONS), incl_cut=0.8, pri_cut=0.5, n_cut=1)
    return mem, minimize(tt, "complex")


def _groups(base: pd.DataFrame) -> tuple[str, list[str], str, list[str]]:
    """Two terms of the 2021 complex solution with distinct typical cases: to strengthen, to weaken."""

    sc = build_conditions(base, island_links=ISLAND_LINKS)
    panel = sc.raw[COLUMNS].reset_index(drop=True)
    panel["province"] = list(sc.raw.index)
    panel["year"] = BASE_YEAR
    mem, sol = _analysis(panel)
    mem.index = sc.raw.index
    terms = sol.models[0].fit.to_dict()["terms"]
    typical = {t["term"]: list(t["cases"]) for t in terms}
    # lowering the outcome raises competition pressure, so both groups come from ~R terms
    candidates = sorted((t for t in typical if "~R" in t.split("*")), key=lambda t: -len(typical[t]))
    if not candidates:
        raise RuntimeError(f"the 2021 solution {sol.models[0].expression} has no term with ~R")
    s = candidates[0]
    rest = [t for t in candidates[1:] if not set(typical[t]) & set(typical[s])]
    if not rest:
        raise RuntimeError(f"the 2021 solution {sol.models[0].expression} has no two ~R terms with distinct cases")
    w = rest[0]
    return s, [c.rsplit(" ", 1)[0] for c in typical[s]], w, [c.rsplit(" ", 1)[0] for c in typical[w]]


def generate(seed: int, max_tries: int = 200):
    """The panel frame, the two target terms and a line describing the check."""
    from fsqca import cluster, format_term, term_membership

    base = load_example_study()
    sc = build_conditions(base, island_links=ISLAND_LINKS)
    raw21 = sc.raw[COLUMNS].astype(float)
    strong_term, strong, weak_term, weak = _groups(base)
    scale = raw21.std()
    rng = np.random.default_rng(seed)
    for attempt in range(max_tries):
        drop = float(rng.uniform(18.0, 32.0))
        frames = []
        for year in YEARS:
            d = year - BASE_YEAR
            df = raw21.copy()
            df = df + (DRIFT * d + rng.normal(0.0, NOISE, size=df.shape)) * scale.to_numpy()
            if d < 0:
                df.loc[strong, "P"] -= drop * (-d)
            if d > 0:
                df.loc[weak, "P"] -= drop * d
            df["P"] = df["P"].clip(1.0, 100.0)
            df["R"] = competition_pressure(df["P"], island_links=ISLAND_LINKS).values.reindex(df.index)
            df = df.round(4)
            df.insert(0, "year", year)
            frames.append(df.rename_axis("province").reset_index())
        panel = pd.concat(frames, ignore_index=True)
        mem, sol = _analysis(panel)
        data = mem.assign(province=panel["province"].to_numpy(), year=panel["year"].to_numpy())
        found = {}
        for label, group, trend in (("strengthens", strong, 1), ("weakens", weak, -1)):
            rows = data["province"].isin(group) & (data["year"] == BASE_YEAR)
            for term in sol.models[0].terms:
                x = term_membership(term, mem[list(CONDITIONS)])
                if (x[rows.to_numpy()] > 0.5).mean() >= 0.5:
                    res = cluster(data, format_term(term), "P", "province", "year")
                    b = res.between_frame()[format_term(term)].to_numpy()
                    half = len(b) // 2
                    if trend * (b[-1] - b[0]) >= 0.05 and trend * (b[half + 1:].mean() - b[:half].mean()) > 0:
                        found[label] = (format_term(term), b)
                        break
        if len(found) == 2:
            msg = "; ".join(f"{term} {label} (between consistency {' '.join(f'{v:.2f}' for v in b)})"
                            for label, (term, b) in found.items())
            return panel, found, msg, attempt
    raise RuntimeError(f"no panel found in {max_tries} attempts with seed {seed}")


def to_csv(panel: pd.DataFrame, seed: int, msg: str) -> str:
    meta = province_table().set_index("name_en")
    out = panel.copy()
    out.insert(1, "name_zh", meta.loc[out["province"], "short_zh"].to_numpy())
    out.insert(3, "region", meta.loc[out["province"], "region"].to_numpy())
    buf = io.StringIO()
    buf.write("# SYNTHETIC, ILLUSTRATIVE PANEL DATA - not the reference study's data (never published).\n")
    buf.write(f"# Generated by scripts/build_panel_example.py --seed {seed} from the 2021 example "
              "(example_study.csv); 31 provinces x 2019-2023, long format.\n")
    buf.write(f"# R is competition pressure recomputed each year (island_links='{ISLAND_LINKS}').\n")
    buf.write(f"# Design check at generation: {msg}.\n")
    out.to_csv(buf, index=False, lineterminator="\n", float_format="%.4g")
    return buf.getvalue()


def build(seed: int = 0) -> tuple[str, str]:
    """The CSV text and the check message (nothing written)."""
    panel, _, msg, _ = generate(seed)
    return to_csv(panel, seed, msg), msg


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=OUT, help="CSV to write (default: the bundled example)")
    args = ap.parse_args(argv)
    text, msg = build(args.seed)
    write_text_atomic(args.out, text)
    print(f"{msg}\nwrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
