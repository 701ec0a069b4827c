# %% [markdown]
# # 5. Spatial QCA: where the paths cluster, where the solution fails, and whether space is a missing condition
#
# A provincial fsQCA study treats the 31 provinces as 31 independent cases. They are not:
# neighbours learn from and compete with one another, share climates, markets and regional
# policies. The reference study even builds one condition, competition pressure R, from the
# neighbours' outcomes. This notebook brings the tools of spatial statistics to a
# configurational result:
#
# 1. spatial weights (who is whose neighbour, and what to do with Hainan);
# 2. is the outcome clustered? (global Moran's I, join counts) and why that matters;
# 3. the solution's spatial diagnostics: Moran's I of each path and of the **residual**
#    (outcome minus solution membership), LISA maps, a verdict in plain words;
# 4. spatial case selection (typical cases in hot spots, deviant spatial outliers);
# 5. a spatially lagged condition: the neighbours' mean, how it relates to R, and how it
#    changes the solution;
# 6. robustness to leaving out each of the four regions.
#
# The province data are the package's **synthetic** example study (not real data).

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import fsqca
import indicators
import spatial
from indicators.lisa_map import plot_lisa_clusters
from indicators.spatial_weights import province_weights
from libdigigov.fonts import use_cjk_font

use_cjk_font()
pd.set_option("display.precision", 3)
pd.set_option("display.width", 120)
SEED = 5                              # every permutation below is drawn from this seed

study = indicators.build_conditions(indicators.load_example_study(), island_links="none")
raw, memberships = study.raw, study.memberships     # raw values; calibrated (95 / mean / 5)
CONDITIONS = indicators.CONDITIONS                  # G, T, Sp, R, Sl, Cs, I, Cl, B

# %% [markdown]
# ## 1. Spatial weights
#
# Neighbours are provinces that share a border, found from the bundled boundaries by the
# vertex rule of R's spdep (`poly2nb`). The weights are row-standardised (style W), so a
# province's *spatial lag* is the mean of its neighbours. Hainan has no land neighbour: the
# choice of what to do with it is stated, never silent. Here it stays an island (its lag is 0
# and it leaves the global tests' n' = 30); `island_links="all"` would add the two sea links
# of the project's adjacency table and `"nearest"` would link it to Guangdong.

# %%
w = province_weights("queen", island_links="none")
print(w.n, "provinces,", w.n_links // 2, "neighbour pairs; islands:", w.islands,
      "; components:", w.n_components)
print("Zhejiang's neighbours:", w.neighbours["Zhejiang"])
print("Hainan with the sea links:", province_weights("queen", island_links="all").neighbours["Hainan"])

# %% [markdown]
# ## 2. Is the outcome clustered?
#
# Moran's I compares each province's deviation from the mean with its neighbours' deviation:
# positive when neighbours resemble each other. Under the null of no spatial pattern its
# expectation is −1/(n′ − 1) ≈ −0.034. The table gives both of spdep's analytic tests
# (normality, randomisation) and a permutation test with 999 draws, for every condition and the
# outcome (memberships).

# %%
glob = spatial.moran(memberships[CONDITIONS + ["P"]], w, permutations=999, seed=SEED)
print(glob.table[["var", "I", "EI", "z_rand", "p_rand", "p_perm"]].to_string(index=False))

# %% [markdown]
# The outcome P is clustered (I ≈ 0.28), and so are channel construction (Cs), citizen
# scientific literacy (Cl) and the business environment (B). Competition pressure R is *dispersed*
# (I < 0): it is high where the neighbours do better, so neighbours tend to have opposite values.
#
# **Why this matters.** A configuration found in one cluster of five neighbouring provinces is
# closer to one observation than to five: its coverage and consistency count the same regional
# story several times. And a condition that is spatially clustered may be standing in for
# whatever else the region shares. The same question for crisp membership (P > 0.5) is asked by
# the join-count test: are "in" provinces joined to "in" provinces more often than chance?

# %%
crisp = (memberships["P"] > 0.5).astype(float).rename("P_in")
print(spatial.join_counts(crisp, w).table.to_string(index=False))
fig, axes = plt.subplots(1, 2, figsize=(13, 5))
indicators.plot_provinces(memberships["P"], lang="zh", ax=axes[0], title="P membership", legend=False)
lisa_p = spatial.local_moran(memberships["P"], w, permutations=999, seed=SEED)
plot_lisa_clusters(lisa_p.clusters()["P"], lang="zh", ax=axes[1], title="LISA clusters of P (p ≤ 0.05)")
plt.show()

# %% [markdown]
# The LISA map shows *where*: a hot spot (HH) in the south-east around Zhejiang, Fujian and
# Jiangxi, a cold spot (LL) in the north-west, and outliers that differ from their neighbours.
# With 31 local tests some are significant by chance: `fdr=True` adjusts the p-values
# (Benjamini–Hochberg), which here leaves fewer clusters:

# %%
print(spatial.local_moran(memberships["P"], w, permutations=999, seed=SEED, fdr=True).summary())

# %% [markdown]
# **Do the weights matter?** Contiguity is one reasonable choice among several. The same test under
# four weights: Hainan an island, Hainan joined by the two sea links, the four nearest provinces,
# and shared border length (Hainan linked to its nearest shore):

# %%
WEIGHTS = {"queen, Hainan an island": w,
           "queen + sea links": province_weights("queen", island_links="all"),
           "4 nearest": province_weights("knn", island_links="none", k=4),
           "border length": province_weights("adjacency", island_links="nearest", border_weights=True)}
print(spatial.moran_sensitivity(memberships[["P", "Cl", "B", "R"]], WEIGHTS, permutations=999, seed=SEED).summary())

# %% [markdown]
# The clustering of Cl and B survives every choice; the outcome's does not survive border-length
# weights (each neighbour counted by the length of the shared border, so that a province's long
# border with one neighbour outweighs its short borders with others). A finding about space
# should be reported with the weights it rests on, and checked under another.

# %% [markdown]
# ## 3. The solution's spatial diagnostics
#
# The study's truth table (consistency 0.8, PRI 0.5, n ≥ 1) and its intermediate solution:
# each configuration's membership, the solution's membership (their union) and the
# **residual** = outcome − solution membership: positive where the solution under-predicts the
# outcome, negative where it over-predicts. If the residuals cluster, neighbouring provinces
# are mispredicted together, and the solution lacks something spatially structured.

# %%
tt = fsqca.truth_table(memberships, "P", CONDITIONS, incl_cut=0.8, pri_cut=0.5, n_cut=1)
inter = fsqca.minimize(tt, "intermediate", progress=False)
model = inter.models[0]
print("solution:", model.expression)


def configurations_of(model, data):
    """Each term's membership, cases x terms."""
    return pd.DataFrame({fsqca.format_term(t): fsqca.term_membership(t, data) for t in model.terms},
                        index=data.index)


diag = spatial.qca_spatial_diagnostics(memberships["P"], configurations_of(model, memberships), w,
                                       permutations=999, seed=SEED)
print(diag.summary())

# %% [markdown]
# The outcome is clustered, but the residuals are not: the nine conditions, three of them
# spatially clustered themselves (Cs, Cl, B), account for the outcome's geography. (Dropping
# those three does not make the residuals cluster either on these synthetic data: the
# parsimonious solution without them, ~G*T*Sp + G*~R*Sl, leaves I ≈ 0.05, p ≈ 0.4.)
#
# What does a failing solution look like? Suppose the western provinces faced a handicap that no
# condition measures (remoteness, say), 0.3 less membership in P. The same solution, diagnosed
# against that outcome:

# %%
WEST = indicators.province_table().set_index("name_en")["region"].eq("west")
p_west = (memberships["P"] - 0.3 * WEST.reindex(memberships.index).astype(float)).clip(lower=0.0)
diag_west = spatial.qca_spatial_diagnostics(p_west, configurations_of(model, memberships), w,
                                            permutations=999, seed=SEED)
print(diag_west.table[["series", "I", "p", "pattern"]].to_string(index=False))
print(diag_west.verdict)
fig, axes = plt.subplots(1, 2, figsize=(13, 5))
plot_lisa_clusters(diag.clusters()["residual"], lang="zh", ax=axes[0], title="Residual clusters: the example's P")
plot_lisa_clusters(diag_west.clusters()["residual"], lang="zh", ax=axes[1],
                   title="Residual clusters: P with a western handicap")
plt.show()

# %% [markdown]
# Now the residuals cluster and the verdict says so: the solution over-predicts a block of western
# provinces together. The remedy is a condition for what they share (here, a regional dummy or a
# remoteness measure), not more configurations.
#
# **Reading the residual map.** HH residuals are provinces under-predicted *among* under-predicted
# neighbours: a regional advantage the conditions do not capture. LL residuals are over-predicted
# provinces among over-predicted neighbours. HL/LH are provinces mispredicted unlike their
# neighbours: a local, not a regional, story. The test has little power with 31 cases, so "no
# pattern" is weak evidence; a clustered residual is the signal worth acting on.
#
# ## 4. Spatial case selection
#
# Follow-up case studies pick typical and deviant cases (`fsqca.smmr`, after SetMethods). Crossing
# them with the LISA clusters of the outcome (Ingram & Harbers 2019) adds a spatial reason to the
# choice: a typical case in a hot spot shows the mechanism inside a regional pattern; a deviant
# case that is a spatial outlier is the best place to look for a missing local condition.

# %%
cases = fsqca.smmr(inter, memberships).to_frame()
types = cases[cases["term"] == "solution"].drop_duplicates("case").set_index("case")["type"]
selection = spatial.spatial_case_selection(types, diag.clusters()["outcome"])
print(selection.summary())

# %% [markdown]
# ## 5. A spatially lagged condition, and competition pressure R
#
# The *spatial lag* of a condition, the neighbours' mean, turns diffusion into a condition:
# "provinces whose neighbours are strong in X". R, the study's competition pressure, is also built
# from the neighbours, from their *outcomes*: R_o is the mean shortfall of province o against the
# neighbours that do better. The lag of P gives the mean difference against *all* neighbours,
# lag(P) − P; R keeps only the positive differences, so R ≥ lag(P) − P wherever a province has a
# better neighbour, and the two move together:

# %%
lag_p = spatial.lagged_condition(raw["P"], w, islands="own")
gap = (lag_p - raw["P"]).rename("lag(P) - P")
compare = pd.concat([raw["R"], gap], axis=1)
print("correlation of R with lag(P) - P:", round(compare.corr().iloc[0, 1], 3))
print("R >= lag(P) - P for every province with a better neighbour:",
      bool((compare["R"][compare["R"] > 0] >= compare["lag(P) - P"][compare["R"] > 0] - 1e-12).all()))
fig, ax = plt.subplots(figsize=(5, 4))
ax.scatter(compare["lag(P) - P"], compare["R"], s=15, color="#333333")
ax.axline((0, 0), slope=1, color="#999999", linewidth=0.8)
ax.set_xlabel("lag(P) − P (neighbours' mean minus own)")
ax.set_ylabel("R (competition pressure)")
plt.show()

# %% [markdown]
# R is a one-sided, outcome-based lag. A lag of a *condition* avoids putting the outcome on both
# sides. Citizen scientific literacy Cl is the most clustered condition; its lag, calibrated with the
# study's 95 / mean / 5 anchors (named, so that the inclusion anchor is the 95th percentile),
# enters the truth table as a tenth condition "lag_Cl":

# %%
lag_cl_raw = spatial.lagged_condition(raw["Cl"], w, islands="own")
anchors = {"exclusion": lag_cl_raw.quantile(0.05), "crossover": lag_cl_raw.mean(),
           "inclusion": lag_cl_raw.quantile(0.95)}
lag_cl = fsqca.calibrate(lag_cl_raw, thresholds=anchors).rename("lag_Cl")
with_lag = memberships.assign(lag_Cl=lag_cl.to_numpy())
tt_lag = fsqca.truth_table(with_lag, "P", CONDITIONS + ["lag_Cl"], incl_cut=0.8, pri_cut=0.5, n_cut=1)
sol_lag = fsqca.minimize(tt_lag, "parsimonious", progress=False)
pars_lag = sol_lag.models[0]
pars = fsqca.minimize(tt, "parsimonious", progress=False).models[0]
print("parsimonious, 9 conditions:     ", pars.expression)
print("parsimonious, with lag_Cl:       ", [m.expression for m in sol_lag.models])
print("relation (with lag vs without):  ", fsqca.set_relation(pars_lag.terms, pars.terms, CONDITIONS + ["lag_Cl"]))

# %% [markdown]
# With the lag there are four equally minimal parsimonious models: the first, Cl + ~R*lag_Cl,
# replaces the path G*~R*Cs by ~R*lag_Cl, "no competition pressure and high literacy next door";
# the other three are the models without the lag. The data do not prefer the lag: it is one way,
# among others, of covering the same provinces. Whether a lag enters, and in which direction, is
# the diffusion question put configurationally: lag_Cl says that strong neighbours are part of a
# sufficient recipe (diffusion); ~lag_Cl would say that a province does well where its neighbours
# are weak (a competition or catchment story). A study file runs the same test with
# `spatial: {lagged: [Cl], ...}`, or makes the lag a condition of its own with a composite
# `{method: lag, of: Cl, island_links: none}` (docs/study-file.md). Two caveats: with
# ten conditions and 31 cases most of the 1,024 rows are remainders, so the parsimonious solution
# leans on simplifying assumptions; and a lagged condition is only as good as the weights behind
# it (try `island_links="all"` or `"nearest"`, or border-length weights with
# `province_weights("adjacency", border_weights=True, ...)`).
#
# ## 6. Robustness to leaving out a region
#
# If a configuration lives only in one region, the solution may be a regional artefact. Rerun
# the minimisation leaving out each of the four regions (east, centre, west, north-east) in turn
# and measure what survives (Oana & Schneider's robust core: the minimum of the initial and all
# test solutions).

# %%
regions = indicators.province_table().set_index("name_en")["region"]
logo = fsqca.leave_one_group_out(inter, regions)
print(logo.comparison[["solution", "relation", "inclS", "covS"]].to_string())
print({k: round(v, 3) for k, v in logo.fit_parameters.items()})
print("robust core terms:", logo.robust_core_terms)

# %% [markdown]
# ## 7. The same in a study file
#
# A study file runs all of this with a `spatial:` section, and the report, the Word and Excel
# tables and the province comparison show it (the LISA maps, the verdict in plain words, the
# case selection, the regions and the lagged conditions). The bundled example has it:
#
# ```yaml
# spatial:
#   weights: queen          # or rook, knn (k), distance (threshold km), edges (an edge list)
#   island_links: none      # Hainan: none, all (sea links), nearest, or a list; never a default
#   style: W
#   permutations: 999
#   seed: 1
#   alpha: 0.05
#   fdr: false
#   diagnostics: [autocorrelation, lisa_maps, case_selection, regions, lagged]
#   maps: [outcome, residual]
#   lagged: [Cl]
# ```
#
# and a lagged condition becomes a condition of the study with a composite,
# `lag_Cl: {method: lag, of: Cl, island_links: none}`, listed under `conditions`
# (`docs/study-file.md`).
