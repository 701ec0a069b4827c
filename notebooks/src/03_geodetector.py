# %% [markdown]
# # 3. The geographical detector
#
# The geographical detector (Wang et al. 2010; Wang, Zhang & Fu 2016) measures *spatial
# stratified heterogeneity*: if provinces grouped by a factor (say, three levels of business
# environment) differ a lot in the outcome between groups and little within them, the factor
# explains the outcome's pattern. This notebook builds the idea from scratch and then shows each
# detector of `geodetector` — factor, interaction, risk, ecological — the effect of
# discretisation choices and the optimal discretisation (OPGD), and finally how the study's
# strategy rankings are computed from interaction q values.
#
# The province data are the package's **synthetic** example study (not real data).

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import geodetector as gd
import indicators
from libdigigov.fonts import use_cjk_font
from geodetector.plotting import plot_interaction_matrix, plot_strategy_heatmap

use_cjk_font()
pd.set_option("display.precision", 4)
rng = np.random.default_rng(16)     # every random number below comes from this seed

LABELS_ZH = {v["symbol"]: v["name_zh"] for v in indicators.load_codebook()["variables"]}
study = indicators.build_conditions(indicators.load_example_study(), island_links="none")
raw = study.raw                      # outcome P and the nine conditions, raw values
CONDITIONS = indicators.CONDITIONS

# %% [markdown]
# ## 1. q: the share of variance explained by strata
#
# Split the N units into h = 1..L strata of a factor X. The total sum of squares of the
# outcome is SST = N·σ²; the within-strata sum is SSW = Σ<sub>h</sub> N<sub>h</sub>·σ<sub>h</sub>².
#
# **q = 1 − SSW / SST**
#
# q = 0: the strata do not differ at all; q = 1: each stratum is internally uniform. It is the
# η² of a one-way analysis of variance. By hand, for business environment (营商环境 B) cut into
# three natural-breaks strata:

# %%
strata = pd.DataFrame({"P": raw["P"]})
for c in CONDITIONS:
    strata[c] = gd.discretize(raw[c], "natural", 3)

y, x = strata["P"], strata["B"]
sst = ((y - y.mean()) ** 2).sum()
ssw = sum(((g - g.mean()) ** 2).sum() for _, g in y.groupby(x))
print(f"SST = {sst:.1f}, SSW = {ssw:.1f}, q = 1 - SSW/SST = {1 - ssw / sst:.4f}")
print(f"factor_detector: q = {gd.factor_detector(strata, 'P', ['B']).q['B']:.4f}")

# %%
fig, axes = plt.subplots(1, 2, figsize=(10, 3.8), sharey=True)
for ax, factor in zip(axes, ["Cl", "T"]):
    q = gd.factor_detector(strata, "P", [factor]).q[factor]
    for h, g in y.groupby(strata[factor]):
        ax.scatter(np.full(len(g), h) + rng.uniform(-0.08, 0.08, len(g)), g, s=18)
        ax.hlines(g.mean(), h - 0.25, h + 0.25, color="black")
    ax.set(xticks=[1, 2, 3], xlabel=f"stratum of {LABELS_ZH[factor]} {factor}", title=f"q = {q:.3f}")
axes[0].set_ylabel("P (raw)")
fig.suptitle("High q: strata separate the outcome; low q: they do not")
fig.tight_layout()
plt.show()

# %% [markdown]
# ## 2. The factor detector and its significance test
#
# Is q larger than chance? Wang, Zhang & Fu (2016) show that a transform of q follows a
# *non-central* F distribution, F = (N − L)/(L − 1) · q/(1 − q) with L − 1 and N − L degrees of
# freedom and a non-centrality λ computed from the strata means; `geodetector` uses R
# `geodetector`'s λ by default (`p_method="r"`). The ordinary ANOVA F test (`"central"`) is
# the same statistic with λ = 0.

# %%
factor = gd.factor_detector(strata, "P", CONDITIONS)
table = factor.to_frame().set_index("factor")[["q", "F", "df1", "df2", "lambda", "p_value"]]
table["p (ANOVA F)"] = gd.factor_detector(strata, "P", CONDITIONS, p_method="central").to_frame().set_index("factor")["p_value"]
table.sort_values("q", ascending=False)

# %% [markdown]
# The non-central test is the more conservative one: government coordination (G) has
# p ≈ 0.08 under it but p < 0.01 under the ANOVA F. With 31 units, report which test was used.

# %% [markdown]
# A permutation check of the same question needs no distribution: shuffle the outcome across
# provinces many times and see how often q is as large as observed. With only 31 provinces
# and 3 strata, q values around 0.1–0.2 happen by chance quite often.

# %%
def q_of(values, labels):
    values = np.asarray(values, float)
    total = ((values - values.mean()) ** 2).sum()
    within = sum(((values[labels == h] - values[labels == h].mean()) ** 2).sum() for h in np.unique(labels))
    return 1 - within / total


perm = {}
for c in ["Cl", "B", "Sl", "T"]:
    labels = strata[c].to_numpy()
    observed = q_of(y, labels)
    null = np.array([q_of(rng.permutation(y.to_numpy()), labels) for _ in range(999)])
    perm[c] = {"q": observed, "permutation p": (1 + (null >= observed).sum()) / 1000,
               "q by chance (95th percentile)": np.quantile(null, 0.95)}
pd.DataFrame(perm).T

# %% [markdown]
# ## 3. The interaction detector: five types
#
# Crossing two factors (every combination of their strata is a new stratum) gives
# q(X1 ∩ X2). Comparing it with q(X1) and q(X2):
#
# | type | rule |
# |---|---|
# | nonlinear weaken | q(X1 ∩ X2) < min(q1, q2) |
# | uni-variable weaken | min(q1, q2) < q(X1 ∩ X2) < max(q1, q2) |
# | bi-variable enhance | q(X1 ∩ X2) > max(q1, q2) |
# | independent | q(X1 ∩ X2) = q1 + q2 |
# | nonlinear enhance | q(X1 ∩ X2) > q1 + q2 |
#
# Small constructed examples, one per type that data can produce (16 units, two factors with
# two strata each):

# %%
base = pd.DataFrame({"x1": np.repeat([1, 1, 2, 2], 4), "x2": np.repeat([1, 2, 1, 2], 4)})  # crossed evenly
overlap = pd.DataFrame({"x1": np.repeat([1, 2], 8), "x2": np.repeat([1, 2], 8)})
overlap.loc[[0, 1, 8, 9], "x2"] = [2, 2, 1, 1]                                      # x2 mostly repeats x1
noise = rng.normal(0, 0.3, len(base))
examples = {
    "independent: additive effects, no noise": base.assign(y=2.0 * base.x1 + 1.0 * base.x2),
    "nonlinear enhance: only the combination matters": base.assign(y=3.0 * (base.x1 != base.x2) + noise),
    "bi-variable enhance: two overlapping factors": overlap.assign(y=2.0 * overlap.x1 + 0.5 * overlap.x2 + noise),
}
rows = []
for name, frame in examples.items():
    res = gd.interaction_detector(frame, "y", ["x1", "x2"]).to_frame().iloc[0]
    rows.append({"example": name, "q1": res.q1, "q2": res.q2, "q1 + q2": res.q1 + res.q2,
                 "q(x1 ∩ x2)": res.q12, "type": res.type})
pd.DataFrame(rows).set_index("example")

# %% [markdown]
# **Why no example of the two "weaken" types?** Crossing two factors *refines* both
# partitions, and splitting a stratum can never increase the within-strata sum of squares. So
# q(X1 ∩ X2) ≥ max(q1, q2) always holds on the data the q values come from: the weaken types are
# logically possible in the classification but cannot arise from in-sample q values. The rule
# itself is shown on numbers, and a check on 200 random data sets confirms the inequality:

# %%
for q1, q2, q12 in [(0.4, 0.3, 0.2), (0.4, 0.3, 0.35), (0.4, 0.3, 0.5), (0.4, 0.3, 0.7), (0.4, 0.3, 0.9)]:
    print(f"q1={q1}, q2={q2}, q12={q12}: {gd.interaction_type(q1, q2, q12)}")

smallest_gap = np.inf
for _ in range(200):
    d = pd.DataFrame({"y": rng.normal(size=40), "a": rng.integers(1, 4, 40), "b": rng.integers(1, 4, 40)})
    r = gd.interaction_detector(d, "y", ["a", "b"]).to_frame().iloc[0]
    smallest_gap = min(smallest_gap, r.q12 - max(r.q1, r.q2))
print(f"smallest q(a ∩ b) - max(q(a), q(b)) over 200 random data sets: {smallest_gap:.4f} (never negative)")

# %% [markdown]
# The same refinement effect means q(X1 ∩ X2) grows with the number of crossed strata even
# when the factors mean nothing; with 31 provinces, 3 × 3 crossed strata leave three or four
# provinces per stratum. The interaction matrix of the example study (types: NE = nonlinear
# enhance, BE = bi-variable enhance):

# %%
interaction = gd.interaction_detector(strata, "P", CONDITIONS)
fig = plot_interaction_matrix(interaction, labels=LABELS_ZH, lang="zh")
plt.show()

# %% [markdown]
# ## 4. Discretisation choices
#
# The detector needs strata, so continuous conditions must be cut into classes, and q depends
# on how. Methods: **equal** intervals, **natural** breaks (Fisher–Jenks: minimise the
# within-class variance of X itself), **quantile** (equal counts), **geometric** and **sd**
# (mean ± standard deviations). And the number of classes k.

# %%
variable = "B"
for method in ["equal", "natural", "quantile"]:
    edges = gd.breaks(raw[variable], method, 3)
    counts = gd.discretize(raw[variable], method, 3).value_counts().sort_index().tolist()
    print(f"{method:8}: edges {np.round(edges, 1).tolist()}, provinces per class {counts}")

# %%
grid = []
for method in ["equal", "natural", "quantile"]:
    for k in range(2, 9):
        s = gd.discretize(raw[variable], method, k)
        grid.append({"method": method, "k": k, "classes": s.nunique(),
                     "q": gd.factor_detector(pd.DataFrame({"P": raw["P"], variable: s}), "P", [variable]).q[variable]})
grid = pd.DataFrame(grid)
fig, ax = plt.subplots(figsize=(6, 3.8))
for method, g in grid.groupby("method"):
    ax.plot(g["k"], g["q"], marker="o", label=method)
ax.set(xlabel="number of classes k", ylabel=f"q of {variable}", title=f"{LABELS_ZH[variable]} {variable}: q by discretisation")
ax.legend()
plt.show()
grid.pivot(index="k", columns="method", values="q")

# %% [markdown]
# Equal intervals put only two provinces in the middle class at k = 3; quantiles balance the
# counts but may cut through clusters; natural breaks follow gaps in the data. q also tends to
# grow with k — more, smaller strata explain more variance, down to one province
# per stratum (q = 1). Comparing q values across factors is only fair with the same method and
# k for all, which is why the study fixed natural breaks with k = 3 for every condition.
#
# ## 5. Optimal discretisation (OPGD)
#
# The optimal-parameters geodetector (Song et al. 2020) tries every method and k for each
# variable and keeps the combination with the largest q:

# %%
opgd = gd.optimal_discretization(raw, "P", CONDITIONS, methods=("equal", "natural", "quantile", "geometric", "sd"),
                                 ks=range(3, 8), progress=False)
best = opgd.best.set_index("variable")[["method", "k", "q"]]
best["q at natural, k = 3"] = factor.q.reindex(best.index)
best

# %% [markdown]
# The optimum is a maximum over 25 tries per variable, so its q is biased upwards, more so with
# few units; with 31 provinces a winner at k = 6 or 7 leaves strata of four or five. OPGD suits
# many spatial units (grid cells, counties); for 31 provinces a fixed, stated choice is easier
# to defend. To use OPGD strata anyway, `opgd.transform(raw)` applies the winning breaks.
#
# ## 6. The risk detector
#
# Which strata differ? For each pair of strata of a factor, a Welch t test of the outcome means.

# %%
risk = gd.risk_detector(strata, "P", ["Cl", "Cs"])
risk.to_frame()[["factor", "a", "b", "mean_a", "mean_b", "t", "p_value", "significant"]]

# %% [markdown]
# Provinces in the top stratum of citizen scientific literacy (Cl) have a clearly higher mean
# outcome than those in the lowest.
#
# ## 7. The ecological detector
#
# Do two factors explain the outcome *equally*? It compares their within-strata sums of
# squares with an F test; a significant result means one factor's strata account for the
# outcome's pattern significantly better.

# %%
eco = gd.ecological_detector(strata, "P", ["Cl", "Cs", "B", "T"])
eco.to_frame()[["x1", "x2", "q1", "q2", "F", "F_crit", "significant"]]

# %% [markdown]
# ## 8. How the strategy rankings come out
#
# The study combines fsQCA and the geodetector: inside a configuration, the **core**
# conditions are fixed, and each present **auxiliary** (peripheral) condition is scored by
# q(core ∩ auxiliary), the q of the stratification that crosses all core conditions with that
# auxiliary. The auxiliary with the largest value is the first strategy: strengthening it
# together with the core is what best separates high- from low-performing provinces.
#
# For the coordination-led channel (core G, Cs and ~R — R enters as the variable R; auxiliaries
# B, I, T, Sl), by hand with `gd.cross`:

# %%
core, auxiliary = ["G", "Cs", "R"], ["B", "I", "T", "Sl"]
by_hand = {}
for a in auxiliary:
    crossed = gd.cross(strata, core + [a])          # labels such as "3_2_1_2"
    by_hand[a] = q_of(strata["P"], crossed.to_numpy())
    print(f"{a}: {crossed.nunique()} crossed strata for 31 provinces, q = {by_hand[a]:.4f}")

# %%
ranking = gd.strategy_ranking(strata, "P", core, auxiliary, conditions=CONDITIONS, name="coordination-led")
assert np.allclose(ranking.table.set_index("auxiliary")["q_core_aux"][list(by_hand)], list(by_hand.values()))
print(ranking.summary())

# %% [markdown]
# `gain` is q(core ∩ auxiliary) − q(core): what the auxiliary adds to the core. `q_max` looks
# beyond the configuration: for each core condition, its strongest partner among *all*
# conditions — in the study, the basis for advice such as "turn B from auxiliary into core".
# The heatmap is the study's "optimisation heatmap":

# %%
fig, ax = plt.subplots(figsize=(8, 4))
plot_strategy_heatmap(ranking, labels=LABELS_ZH, lang="zh", ax=ax, title="协调主导型渠道：优化热力图")
plt.setp(ax.get_xticklabels(), rotation=30, ha="right")
plt.show()

# %% [markdown]
# **Two readings of q(core ∩ auxiliary).** With several core conditions, "core ∩ auxiliary"
# can mean all core conditions crossed with the auxiliary (the ranking above, the heatmap's
# last row) or each core condition crossed with it separately (the heatmap's upper rows, the
# form of the study's heatmaps). They can disagree — here B is the best partner of every
# single core condition but the weakest addition to the three crossed together:

# %%
one_at_a_time = ranking.pairs.loc[core, auxiliary]
pd.DataFrame({"mean of q(core_i ∩ auxiliary)": one_at_a_time.mean(),
              "q(all core ∩ auxiliary)": ranking.table.set_index("auxiliary")["q_core_aux"]}
             ).sort_values("mean of q(core_i ∩ auxiliary)", ascending=False)

# %% [markdown]
# The crossed reading asks what the auxiliary adds to the configuration as a whole; the
# one-at-a-time reading asks which auxiliary works best with each core condition
# (`strategy_ranking(..., rank_by="mean")` or `"max"`). State which one a ranking uses. (Notebook 1 compares both with the study's published orders.)
#
# **Caveats.** With 31 provinces, crossing three core conditions with an auxiliary gives up to
# 81 strata for 31 units, so most strata hold one or two provinces and every q(core ∩ auxiliary)
# is close to 1; the differences between auxiliaries are small and driven by a few provinces
# (section 3 explains why crossing only raises q). The factor detector itself refuses a single
# factor with more strata than half the units (`ContinuousFactorError`) for this reason. Read the ranking as a description of this
# data set, not as an estimate with known uncertainty.

# %% [markdown]
# ## Beyond the classic detectors: which model when
#
# The package also holds the models gdverse 1.7 collects (Lyu et al. 2025), each a function
# and a `geodetector` subcommand (details and formulas: `docs/gdverse.md`); a study file asks
# for them with `geodetector: {models: [...]}` beside the classic detectors. Read the table by
# your data: how many units, what kind of factors, whether neighbours are alike.
#
# | units | factors | spatial dependence | model | paper |
# |---|---|---|---|---|
# | a few dozen | categorical (or cut by you) | ignored | classic detectors (this notebook) | Wang et al. 2010, 2016 |
# | dozens to 10^5 | continuous, the method and k searched | ignored | `gd.optimal_discretization` (OPGD) | Song et al. 2020 |
# | hundreds to 10^5 | continuous, no method or k to choose | ignored | `gd.gozh` (zones of a regression tree) | Luo et al. 2022 |
# | hundreds to 10^5, up to ~12 factors | continuous, each factor's share of q | ignored | `gd.lesh` (Shapley values that add up to q) | Li et al. 2023 |
# | dozens to 10^5 | continuous, skewed or with outliers | ignored | `gd.rgd` / `gd.rid` (classes at change points) | Zhang et al. 2022 |
# | up to ~10^4 (an n × n weight matrix) | continuous or categorical | strong: weights or coordinates | `gd.spade` | Cang & Luo 2018 |
# | up to ~10^4, up to ~12 factors | continuous, several interacting | strong: weights or coordinates | `gd.idsa` | Song & Wu 2021 |
# | one area at several unit sizes | continuous | the scale of the units | `gd.sesu_gozh`, `gd.sesu_opgd` | Song et al. 2020; Luo et al. 2022 |
# | any | a nominal outcome (classes) | neighbours | `gd.srsgd` | Bai et al. 2023 |
# | any | strata as in the paper you match | ignored | `gd.ecological_convention(..., convention=...)` | R geodetector, GD, gdverse |
#
# With 31 provinces a tree can split only a few times (rpart's minimum of 20 rows to split,
# 7 per leaf), so GOZH and LESH find at most a handful of zones here; they are built for
# hundreds of units or raster cells. For example, LESH's power of determinants of three raw
# conditions:

# %%
power = gd.lesh(raw, "P", ["G", "Cs", "B"])
power.spd_lesh

# %% [markdown]
# ## References
#
# - Wang, J.-F., Li, X.-H., Christakos, G., et al. (2010). Geographical detectors-based health
#   risk assessment. *International Journal of Geographical Information Science*, 24(1), 107–127.
# - Wang, J.-F., Zhang, T.-L., & Fu, B.-J. (2016). A measure of spatial stratified
#   heterogeneity. *Ecological Indicators*, 67, 250–256.
# - Song, Y., Wang, J., Ge, Y., & Xu, C. (2020). An optimal parameters-based geographical
#   detector model enhances geographic characteristics of explanatory variables for spatial
#   heterogeneity analysis. *GIScience & Remote Sensing*, 57(5), 593–610.
# - Lyu, W., Lei, Y., Liu, X., Yan, J., Song, Y., & Zhao, Z. (2025). gdverse: An R package for
#   spatial stratified heterogeneity family. *Transactions in GIS*.
# - Luo, P., Song, Y., Huang, X. et al. (2022). Identifying determinants of spatio-temporal
#   disparities in soil moisture of the Northern Hemisphere using a geographically optimal
#   zones-based heterogeneity model. *ISPRS J. Photogrammetry and Remote Sensing*, 185, 111–128.
# - Li, Y., Luo, P., Song, Y. et al. (2023). A locally explained heterogeneity model for examining
#   wetland disparity. *International Journal of Digital Earth*, 16(2), 4533–4552.
# - Zhang, Z., Song, Y., & Wu, P. (2022). Robust geographical detector. *International Journal of
#   Applied Earth Observation and Geoinformation*, 109, 102782.
# - Cang, X., & Luo, W. (2018). Spatial association detector (SPADE). *International Journal of
#   Geographical Information Science*, 32(10), 2055–2075.
# - Song, Y., & Wu, P. (2021). An interactive detector for spatial associations.
#   *International Journal of Geographical Information Science*, 35(8), 1676–1701.
# - Bai, H., Cao, Y., Bai, Y. et al. (2023). Spatial rough set-based geographical detectors for
#   nominal target variables. *Information Sciences*.
