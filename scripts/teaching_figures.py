"""Draw the figures of docs/teaching.md from Lipset's LF data (fsqca.datasets).

Run from the repository root:  python scripts/teaching_figures.py
Writes docs/img/teaching_core_peripheral.png, teaching_counterfactuals.png, teaching_ron.png
and prints the numbers the page quotes.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

from fsqca import configuration_table, format_term, minimize, necessity, truth_table  # noqa: E402
from fsqca.datasets import load_dataset  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "docs" / "img"
CONDS = ["DEV", "URB", "LIT", "IND", "STB"]
SAVE = {"dpi": 130, "bbox_inches": "tight", "metadata": {"Software": None}}


def solutions():
    lf = load_dataset("LF")
    tt = truth_table(lf, "SURV", CONDS, incl_cut=0.8)
    pars = minimize(tt, "parsimonious")
    inter = minimize(tt, "intermediate", dir_exp={c: "1" for c in CONDS})
    return lf, tt, pars, inter


def core_peripheral(pars, inter) -> None:
    table = configuration_table(inter, pars)
    terms = inter.models[0].terms
    fig, axes = plt.subplots(len(terms), 1, figsize=(6.6, 2.6 * len(terms)))
    for ax, term, cid in zip(axes, terms, table.cells.columns):
        sub = next(p for p in pars.models[0].terms if set(p) <= set(term))
        rows = [(f"parsimonious term\n{format_term(sub)}", dict(sub)),
                (f"intermediate term\n{format_term(term)}", dict(term))]
        for y, (label, lits) in enumerate(rows[::-1]):
            ax.text(-0.6, y, label, ha="right", va="center", fontsize=8.5)
            for x, c in enumerate(CONDS):
                if c in lits:
                    ax.add_patch(Rectangle((x - 0.4, y - 0.32), 0.8, 0.64, color="#1f4e79" if y else "#9db4cc"))
                    ax.text(x, y, c if lits[c] else f"~{c}", ha="center", va="center", fontsize=8,
                            color="white" if y else "black")
        for x, c in enumerate(CONDS):
            cell = table.cells.loc[c, cid]
            sym = {"core present": "●", "core absent": "⊗", "peripheral present": "•",
                   "peripheral absent": "ⓧ"}.get(cell, "")
            ax.text(x, -1.05, sym, ha="center", va="center", fontsize=20 if cell.startswith("core") else 11)
            ax.text(x, -1.65, c, ha="center", va="center", fontsize=8, color="0.35")
        ax.text(-0.6, -1.05, f"Fiss column {cid}", ha="right", va="center", fontsize=8.5, weight="bold")
        ax.set_xlim(-0.6, len(CONDS) - 0.4)
        ax.set_ylim(-2.0, 1.6)
        ax.set_axis_off()
    fig.suptitle("Core: also in the parsimonious term that subsumes the configuration\n"
                 "Peripheral: only in the intermediate term", fontsize=9)
    fig.savefig(OUT / "teaching_core_peripheral.png", **SAVE)
    plt.close(fig)
    print(table.summary())


def counterfactuals(tt, inter) -> None:
    variant = inter.variants[0]
    rows = [(r, "easy") for r in variant.easy_counterfactuals] + [(r, "difficult") for r in
                                                                   variant.difficult_counterfactuals]
    fig, ax = plt.subplots(figsize=(5.6, 0.32 * len(rows) + 1.2))
    for i, (row, kind) in enumerate(rows):
        y = len(rows) - 1 - i
        bits = [(row - 1) >> (len(CONDS) - 1 - j) & 1 for j in range(len(CONDS))]
        colour = "#2e7d32" if kind == "easy" else "#c77700"
        for x, b in enumerate(bits):
            ax.add_patch(Rectangle((x - 0.45, y - 0.4), 0.9, 0.8, color=colour if b else "white", ec=colour, lw=0.8))
            ax.text(x, y, str(b), ha="center", va="center", fontsize=8, color="white" if b else colour)
        ax.text(-0.7, y, f"row {row}", ha="right", va="center", fontsize=8)
        ax.text(len(CONDS) - 0.3, y, kind, ha="left", va="center", fontsize=8, color=colour)
    for x, c in enumerate(CONDS):
        ax.text(x, len(rows) - 0.2, c, ha="center", va="bottom", fontsize=8.5, weight="bold")
    ax.set_xlim(-1.6, len(CONDS) + 1.0)
    ax.set_ylim(-0.7, len(rows) + 0.4)
    ax.set_axis_off()
    ax.set_title("Remainders the parsimonious solution assumes to give SURV\n"
                 "(expectation: every condition contributes when present)", fontsize=9)
    fig.savefig(OUT / "teaching_counterfactuals.png", **SAVE)
    plt.close(fig)
    print("easy", variant.easy_counterfactuals, "difficult", variant.difficult_counterfactuals)


def ron(lf) -> None:
    nec = necessity(lf, "SURV", CONDS).to_frame().set_index("condition")
    fig, axes = plt.subplots(1, 2, figsize=(8.4, 4.2))
    for ax, c in zip(axes, ["LIT", "DEV"]):
        ax.plot([0, 1], [0, 1], color="0.4", lw=0.8)
        ax.scatter(lf[c], lf["SURV"], s=22, color="#1f4e79", zorder=3)
        r = nec.loc[c]
        ax.set_title(f"{c}: inclN {r['inclN']:.2f}, RoN {r['RoN']:.2f}, covN {r['covN']:.2f}", fontsize=9)
        ax.set_xlabel(f"{c} (condition)")
        ax.set_ylabel("SURV (outcome)")
        ax.set_xlim(-0.02, 1.02)
        ax.set_ylim(-0.02, 1.02)
        ax.set_aspect("equal")
    fig.suptitle("Necessity: cases below the diagonal (SURV ≤ X) are consistent; "
                 "a condition near 1 everywhere is trivially 'necessary'", fontsize=9)
    fig.tight_layout()
    fig.savefig(OUT / "teaching_ron.png", **SAVE)
    plt.close(fig)
    print(nec.loc[["LIT", "DEV"], ["inclN", "RoN", "covN"]].round(3))


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    lf, tt, pars, inter = solutions()
    print("parsimonious:", pars.models[0], "\nintermediate:", inter.models[0])
    core_peripheral(pars, inter)
    counterfactuals(tt, inter)
    ron(lf)


if __name__ == "__main__":
    main()
