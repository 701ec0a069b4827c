# %% [markdown]
# # 4. Necessary Condition Analysis (NCA) beside fsQCA
#
# fsQCA's necessity test asks a question *in kind*: is the outcome set a subset of the
# condition set? Necessary Condition Analysis (Dul 2016) asks a question *in degree*: does a
# given level of the outcome require at least some level of the condition? Journals that
# publish configurational studies now often ask for both (Vis & Dul 2018). This notebook
# builds NCA by hand on the example data, then runs `fsqca.nca`, reads its bottleneck table,
# and compares its answers with fsQCA's `inclN`, showing where they differ and why.
#
# The province data are the package's **synthetic** example study (not real data).

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import fsqca
import indicators
from digigov.methods.nca.step import kind_and_degree
from libdigigov.fonts import use_cjk_font

use_cjk_font()
pd.set_option("display.precision", 3)
rng = np.random.default_rng(4)       # every random number below comes from this seed

LABELS_ZH = {v["symbol"]: v["name_zh"] for v in indicators.load_codebook()["variables"]}
study = indicators.build_conditions(indicators.load_example_study(), island_links="none")
raw, memberships = study.raw, study.memberships     # raw values; calibrated (95 / mean / 5)
CONDITIONS = indicators.CONDITIONS

# %% [markdown]
# ## 1. The idea: an empty upper-left corner
#
# If X is necessary for Y in degree, high Y occurs only with high enough X: the upper-left
# corner of the XY scatter (high Y, low X) is empty. NCA draws a *ceiling line* on top of the
# data that separates the empty zone from the cases. Here is channel construction (Cs,
# 渠道下沉建设水平) against performance (P), raw values, no calibration:

# %%
x, y = raw["Cs"].to_numpy(), raw["P"].to_numpy()
fig, ax = plt.subplots(figsize=(5, 4))
ax.scatter(x, y, s=15, color="#333333")
ax.set_xlabel(f"{LABELS_ZH['Cs']} (Cs)")
ax.set_ylabel(f"{LABELS_ZH['P']} (P)")
ax.set_title("Few provinces have high P with low Cs")
plt.show()

# %% [markdown]
# ## 2. CE-FDH by hand: the step ceiling and the effect size
#
# The *ceiling envelopment* line (CE-FDH, free disposal hull) is the step function
# c(x) = max{ yᵢ : xᵢ ≤ x }: the best outcome any case reaches with at most x. The empty
# zone is the area between c(x) and the top of the *scope* (the rectangle of observed x and
# y), and the **effect size** is its share of the scope: d = zone / scope.

# %%
xs = np.unique(x)
ceiling = np.array([y[x <= v].max() for v in xs])
zone = sum((right - left) * (y.max() - c) for left, right, c in zip(xs[:-1], xs[1:], ceiling[:-1]))
scope = (x.max() - x.min()) * (y.max() - y.min())
print(f"zone = {zone:.2f}, scope = {scope:.2f}, d = zone / scope = {zone / scope:.4f}")

res_cs = fsqca.nca(raw, "P", ["Cs"])
print(f"fsqca.nca: CE-FDH d = {res_cs.to_frame().set_index('ceiling').at['ce_fdh', 'effect_size']:.4f}")

# %% [markdown]
# The cases on the corners of the steps are the *peers*. The *ceiling regression* (CR-FDH) is
# the least-squares line through them: smoother, less sensitive to a single case, but some
# cases lie above it (its *accuracy* is below 100 %).

# %%
peers = res_cs.peers["Cs"]
slope, intercept = np.polyfit(peers["x"], peers["y"], 1)
print(peers)
print(f"OLS through the peers: intercept {intercept:.3f}, slope {slope:.3f}")
print("fsqca.nca CR-FDH line (intercept, slope):", tuple(round(v, 3) for v in res_cs.line("Cs")))

# %% [markdown]
# ## 3. Is the empty zone larger than chance? The permutation test
#
# Even unrelated X and Y leave some empty corner. The approximate permutation test (Dul, van
# der Laan & Kuik 2020) shuffles Y against X many times and asks how often a shuffled effect
# is at least as large as the observed one. By hand, with 300 shuffles:

# %%
def ce_fdh_d(x, y):
    xs = np.unique(x)
    c = np.array([y[x <= v].max() for v in xs])
    zone = np.sum(np.diff(xs) * (y.max() - c[:-1]))
    return zone / ((x.max() - x.min()) * (y.max() - y.min()))


shuffled = np.array([ce_fdh_d(x, rng.permutation(y)) for _ in range(300)])
p_by_hand = (np.sum(shuffled >= ce_fdh_d(x, y)) + 1) / (300 + 1)
print(f"p by hand (300 shuffles) = {p_by_hand:.4f}")
res_test = fsqca.nca(raw, "P", ["Cs"], test_rep=1000, seed=1)
print(f"fsqca.nca (1,000 permutations, vectorised): p = {res_test.to_frame().at[0, 'p_value']:.4f}")

# %% [markdown]
# Both p-values are small; they differ only by sampling error (different random shuffles).
#
# ## 4. All nine conditions
#
# `fsqca.nca` runs both ceilings and the test for every condition at once. The effect labels
# follow Dul's (2016) benchmarks — 0–0.1 small, 0.1–0.3 medium, 0.3–0.5 large, ≥ 0.5 very
# large — which are **conventions**, not tests: read them with the p-value and the plot.

# %%
res = fsqca.nca(raw, "P", CONDITIONS, test_rep=1000, seed=1)
effects = res.to_frame()[["condition", "ceiling", "effect_size", "effect", "p_value", "accuracy"]]
effects

# %%
fig = res.plot(lang="zh", labels={c: f"{LABELS_ZH[c]} ({c})" for c in [*CONDITIONS, "P"]}, panel_size=3.0)
plt.show()

# %% [markdown]
# ## 5. The bottleneck table: what level is needed for a target outcome
#
# For each outcome level (here in percent of P's observed range) the bottleneck table gives
# the minimum level of each condition (in percent of its range) that the ceiling line says is
# necessary. "NN": not necessary at that level. A province aiming at 80 % of the best observed
# performance needs at least the levels in the row 80:

# %%
bottleneck = res.bottleneck("ce_fdh", steps=[50, 60, 70, 80, 90, 100]).to_frame()
bottleneck

# %% [markdown]
# ## 6. In kind and in degree: NCA and the fsQCA necessity test
#
# The fsQCA test works on calibrated memberships: inclN = Σ min(X, Y) / Σ Y, and a condition
# is usually called necessary when inclN ≥ 0.9. The table papers print puts the two side by
# side (the same function fills `tables/necessity_kind_degree.csv` in a study run):

# %%
necessity = fsqca.necessity(memberships, "P", CONDITIONS).to_frame()
table = pd.DataFrame(kind_and_degree(necessity, res, alpha=0.05, min_effect=0.1)).set_index("condition")
table[["inclN", "covN", "RoN", "d_ce_fdh", "p_ce_fdh", "d_cr_fdh", "p_cr_fdh", "verdict"]]

# %% [markdown]
# No condition passes inclN ≥ 0.9, yet several have large, significant NCA effects. Why? The
# fsQCA test penalises *every* case whose outcome membership exceeds its condition membership,
# by how much it exceeds it, summed over all cases. NCA ignores cases below the ceiling and
# asks only whether the corner is empty. A handful of provinces with moderate P and low Cs
# pull inclN down, but none has *high* P with low Cs.
#
# The converse also happens. In a toy example, a condition that is high for everyone passes
# the fsQCA test trivially (Y ≤ X almost always), while NCA sees no empty corner worth the
# name — the condition does not *constrain* the outcome:

# %%
toy = pd.DataFrame({"X": rng.uniform(0.8, 1.0, 40), "Y": rng.uniform(0.0, 1.0, 40)})
toy_nec = fsqca.necessity(toy, "Y", ["X"]).to_frame()
toy_nca = fsqca.nca(toy, "Y", ["X"], test_rep=1000, seed=1)
pd.DataFrame(kind_and_degree(toy_nec, toy_nca, alpha=0.05, min_effect=0.1))[
    ["condition", "inclN", "RoN", "d_ce_fdh", "p_ce_fdh", "verdict"]]

# %% [markdown]
# The relevance of necessity (RoN) flags this trivialness on the fsQCA side: a low RoN (about 0.2
# here) says the condition set is so large that being its subset means little.
#
# ## 7. Raw or calibrated data?
#
# NCA needs no calibration, and calibration changes its answer: the logistic transformation
# stretches the middle and squeezes the tails, so areas (and effect sizes) change. The study
# file's `nca: data:` chooses; raw is the default.

# %%
res_cal = fsqca.nca(memberships, "P", CONDITIONS, ceilings=["ce_fdh"])
compare = pd.DataFrame({"d raw": res.to_frame().query("ceiling == 'ce_fdh'").set_index("condition")["effect_size"],
                        "d calibrated": res_cal.to_frame().set_index("condition")["effect_size"]})
compare

# %%
fig, ax = plt.subplots(figsize=(5, 4))
ax.scatter(compare["d raw"], compare["d calibrated"])
for c, row in compare.iterrows():
    ax.annotate(c, (row["d raw"], row["d calibrated"]), fontsize=8)
ax.plot([0, 0.6], [0, 0.6], color="grey", lw=0.8, ls=":")
ax.set_xlabel("CE-FDH d on raw values")
ax.set_ylabel("CE-FDH d on memberships")
plt.show()

# %% [markdown]
# ## 8. When to trust which
#
# - **The set-theoretic claim inside a configurational argument** ("every high-performing
#   province has X", a condition that enters the truth-table analysis): fsQCA's inclN with
#   RoN, on the calibrated sets the solutions use. It depends on the anchors, so report them.
# - **"How much X is needed for this much Y"**, on the original scale, without calibration
#   choices: NCA's effect size, its permutation p-value and the bottleneck table. A policy
#   reader gets the most from the bottleneck table.
# - **Few cases, one extreme case**: the CE-FDH ceiling rests on the peers, so one province
#   can open or close the corner. Look at the plot, the peers and the CR-FDH accuracy before
#   reading a large d; with 31 provinces a p-value near the threshold is fragile.
# - **Disagreement is information**: "in degree only" means a real bottleneck that the set
#   relation misses (many cases a little above the diagonal); "in kind only" with a low RoN
#   usually means a trivially large condition set.
#
# In a study run, add an `nca:` section to the study file (the bundled example has one): the
# effects, bottleneck tables, ceiling plots and this kind-and-degree table then appear in the
# results folder and the report.
