# %% [markdown]
# # 2. Learning fuzzy-set QCA
#
# A hands-on introduction for students. Fuzzy-set Qualitative Comparative Analysis (fsQCA;
# Ragin 2008) asks which *combinations* of conditions are consistently linked with an outcome,
# treating each case as a configuration rather than a bundle of independent variables. Its
# steps are: **calibrate** raw data into set memberships → test **necessity** → build the
# **truth table** → **minimise** it into solutions → read **core** and **peripheral**
# conditions. Each step below is shown on data small enough to check by hand, then on the
# package's example study (synthetic data on China's 31 provinces). The short course
# [docs/teaching.md](../docs/teaching.md) reads a result on Lipset's data (R QCA's `LF`); its
# exercises close this notebook (section 8), on the same data, with the answers computed.
#
# The vocabulary is that of R's `QCA` package: inclS / inclN (consistency), PRI, covS / covN
# (coverage), covU (unique coverage), RoN (relevance of necessity).

# %%
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import fsqca
import indicators
from libdigigov.fonts import use_cjk_font

use_cjk_font()
pd.set_option("display.precision", 3)
rng = np.random.default_rng(2023)   # the only random numbers are in section 7.4, from this seed

# %% [markdown]
# ## 1. Calibration: from raw values to set membership
#
# A set membership says how far a case is *in* a set ("provinces with a good business
# environment", 营商环境好的省份): 1 fully in, 0 fully out, 0.5 the point of maximum
# ambiguity. The **direct method** needs three anchors chosen by the researcher: full
# non-membership (exclusion), the crossover and full membership (inclusion). Between them the
# raw value is mapped to *log odds* of membership, a straight line with one slope below the
# crossover and another above, and the log odds are turned into a membership with the logistic
# function — an S-curve that passes 0.05, 0.5 and 0.95 at the three anchors.

# %%
raw = indicators.load_example_study()
business = raw["B"].rename("营商环境 B")
anchors = fsqca.anchors_from_data(business, inclusion=95, crossover="mean", exclusion=5)
anchors

# %%
x = np.linspace(business.min(), business.max(), 200)
e, c, i = anchors.exclusion, anchors.crossover, anchors.inclusion
s = np.log(0.95 / 0.05)                       # log odds of 0.95: the slope unit
log_odds = np.where(x >= c, (x - c) * s / (i - c), (x - c) * s / (c - e))
by_formula = 1 / (1 + np.exp(-log_odds))
by_package = fsqca.calibrate(x, thresholds={"exclusion": e, "crossover": c, "inclusion": i})
assert np.allclose(by_formula, by_package)

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4))
ax1.plot(x, log_odds)
ax1.set(xlabel="raw business-environment score", ylabel="log odds of membership", title="log odds: two straight lines")
ax2.plot(x, by_package, label="membership")
ax2.scatter(business, fsqca.calibrate(business, thresholds=[e, c, i]), s=12, color="black", label="provinces")
for v, lab in [(e, "exclusion"), (c, "crossover"), (i, "inclusion")]:
    for ax in (ax1, ax2):
        ax.axvline(v, ls=":", color="grey")
    ax2.annotate(lab, (v, 1.02), ha="center", fontsize=8)
ax2.set(xlabel="raw business-environment score", ylabel="membership", title="membership: logistic of the log odds")
ax2.legend(loc="lower right")
fig.tight_layout()
plt.show()

# %% [markdown]
# ### The anchors are the decision that matters
#
# The same raw values give different sets with different anchors. Moving the crossover from the
# mean to the median changes which provinces are "more in than out"; widening the anchors
# flattens the curve. Anchors should come from theory or external standards where possible;
# data-driven percentiles (as in the study) are a fallback and should be reported.

# %%
choices = {
    "95 / mean / 5 (the study)": ("p5", "mean", "p95"),
    "90 / median / 10 (robustness)": ("p10", "median", "p90"),
    "fixed 30 / 50 / 70": (30, 50, 70),
}
fig, ax = plt.subplots(figsize=(7, 4))
shares = {}
for label, (e_, c_, i_) in choices.items():
    fs = fsqca.calibrate(business, thresholds={"exclusion": e_, "crossover": c_, "inclusion": i_},
                         avoid_half=0.001)   # the median is one province's value: see 7.1
    order = np.argsort(business.to_numpy())
    ax.plot(business.to_numpy()[order], fs.to_numpy()[order], marker=".", label=label)
    shares[label] = {"provinces above 0.5": int((fs > 0.5).sum()), "mean membership": fs.mean()}
ax.axhline(0.5, color="grey", lw=0.8)
ax.set(xlabel="raw business-environment score", ylabel="membership in 营商环境好")
ax.legend()
plt.show()
pd.DataFrame.from_dict(shares, orient="index")

# %% [markdown]
# ## 2. Necessity: is the condition a superset of the outcome?
#
# X is necessary for Y when every case's membership in Y is at most its membership in X
# (Y ⊆ X). With fuzzy sets this holds to a degree:
#
# - **inclN** (consistency) = Σ min(X, Y) / Σ Y — how far Y is inside X (≥ 0.9 is the usual bar);
# - **covN** (coverage) = Σ min(X, Y) / Σ X — how much of X is taken up by Y;
# - **RoN** (relevance) = Σ (1 − X) / Σ (1 − min(X, Y)) — whether X is more than a set that
#   almost every case belongs to.
#
# A small data set of twelve cases, used for the next sections too:

# %%
toy = pd.DataFrame.from_dict({
    "c01": (0.9, 0.8, 0.7, 0.9), "c02": (0.8, 0.9, 0.6, 0.8),
    "c03": (0.7, 0.8, 0.2, 0.8), "c04": (0.9, 0.6, 0.3, 0.7),
    "c05": (0.8, 0.3, 0.1, 0.7), "c06": (0.7, 0.2, 0.3, 0.4),
    "c07": (0.1, 0.2, 0.3, 0.2), "c08": (0.2, 0.1, 0.1, 0.1), "c09": (0.3, 0.4, 0.2, 0.3),
    "c10": (0.2, 0.1, 0.8, 0.3), "c11": (0.3, 0.7, 0.9, 0.4), "c12": (0.5, 0.9, 0.8, 0.7),
}, orient="index", columns=["A", "B", "C", "Y"])
toy.T

# %%
X, Y = toy["A"], toy["Y"]
by_hand = {"inclN": np.minimum(X, Y).sum() / Y.sum(), "covN": np.minimum(X, Y).sum() / X.sum(),
           "RoN": (1 - X).sum() / (1 - np.minimum(X, Y)).sum()}
nec = fsqca.necessity(toy, "Y", ["A", "B", "C"])
print("by hand:", {k: round(float(v), 3) for k, v in by_hand.items()})
nec.to_frame()

# %% [markdown]
# ### Why RoN matters
#
# Add a condition Z that almost every case belongs to (say "has a government website"). Since Y
# can hardly exceed Z anywhere, Z passes the consistency bar — but it is *trivially* necessary:
# it does not distinguish cases. Its RoN is low, which is the warning.

# %%
toy_z = toy.assign(Z=[0.95, 0.9, 0.95, 0.9, 0.95, 0.9, 0.85, 0.9, 0.95, 0.9, 0.95, 0.9])
fsqca.necessity(toy_z, "Y", ["A", "Z"]).to_frame().query("condition in ['A', 'Z']")

# %%
fig, axes = plt.subplots(1, 2, figsize=(9, 4))
fsqca.xy_plot(toy_z["A"], toy_z["Y"], ax=axes[0], kind="necessity", title="A: relevant necessary condition")
fsqca.xy_plot(toy_z["Z"], toy_z["Y"], ax=axes[1], kind="necessity", title="Z: trivial (cases pile up on the right)")
fig.tight_layout()
plt.show()

# %% [markdown]
# ## 3. The truth table
#
# With k conditions there are 2<sup>k</sup> corners of the property space (rows). A case
# belongs to the one row in which its membership is above 0.5 (membership in a row = the
# minimum over its conditions, using 1 − x for an absent condition). For each row:
#
# - **n**: the number of cases in it;
# - **incl**: consistency of the row as a subset of the outcome, Σ min(row, Y) / Σ row over *all*
#   cases;
# - **PRI**: the part of that consistency that is not also consistency with ~Y (a row that is a
#   subset of both Y and ~Y is not evidence for Y);
# - **OUT**: 1 when n ≥ n_cut, incl ≥ incl_cut and PRI ≥ pri_cut; 0 otherwise; **C**
#   (contradiction) when incl falls between a second, lower cutoff and the first; **?** for a
#   **remainder**, a row with too few (usually no) cases.
#
# Case c05's membership in each row, by hand:

# %%
def row_membership(case, pattern):
    return min(case[c] if v else 1 - case[c] for c, v in pattern.items())


c05 = toy.loc["c05"]
patterns = [dict(zip("ABC", bits)) for bits in np.ndindex(2, 2, 2)]
pd.Series({"".join(str(v) for v in p.values()): row_membership(c05, p) for p in patterns}, name="c05 in row ABC")

# %%
tt = fsqca.truth_table(toy, "Y", ["A", "B", "C"], incl_cut=(0.8, 0.6), pri_cut=0.5, n_cut=1)
print(tt.summary())
tt.to_frame(complete=True)

# %% [markdown]
# Reading it:
#
# - rows 3 (~A·B·~C) and 6 (A·~B·C) are **remainders**: no case has these combinations
#   (*limited diversity*);
# - row 2 (~A·~B·C) is a **contradiction**: its consistency 0.78 is between 0.6 and 0.8;
# - row 4 (~A·B·C) has a consistency of 0.89 but a PRI of 0.4: case c11 is about as much in ~Y
#   as in Y, so the row is not positive;
# - **c12 is in no row**: its membership in A is exactly 0.5, so it is neither in A nor in ~A
#   (only 11 of the 12 cases are counted). See "common mistakes" below.
#
# ## 4. How minimisation works
#
# The positive rows are a sum of products (e.g. A·B·C + A·B·~C + A·~B·~C). **Minimisation**
# (Quine–McCluskey) merges rows that differ in one condition (A·B·C + A·B·~C = A·B) until no
# merge is possible: the results are the **prime implicants**. The **prime-implicant chart**
# then shows which positive rows each implicant covers; a *model* is a smallest set of
# implicants covering all positive rows. An implicant that is the only one covering some row is
# **essential**: every model contains it.
#
# When several smallest covers exist the solution has **model ambiguity**. A classic case with
# three crisp conditions, one case per row and six positive rows in a cycle:

# %%
cyclic_rows = [(0, 0, 0, 1), (0, 0, 1, 1), (0, 1, 0, 1), (0, 1, 1, 0),
               (1, 0, 0, 0), (1, 0, 1, 1), (1, 1, 0, 1), (1, 1, 1, 1)]
cyclic = pd.DataFrame(cyclic_rows, columns=["A", "B", "C", "Y"], index=[f"k{i}" for i in range(1, 9)])
cyclic_sol = fsqca.minimize(fsqca.truth_table(cyclic, "Y", incl_cut=1), "complex")
print(cyclic_sol.chart.summary())

# %%
cyclic_sol.chart.to_frame()

# %% [markdown]
# Six prime implicants, each covering two of the six positive rows; no row is covered by only
# one implicant, so none is essential, and two different sets of three cover everything:
#
# - M1: ~A·~B + A·C + B·~C
# - M2: ~A·~C + A·B + ~B·C
#
# Both are equally valid descriptions of the data; a report must give both (or say on what
# grounds one is chosen). `fsqca.minimize` lists every minimal model.

# %%
for i, model in enumerate(cyclic_sol.models, start=1):
    print(f"M{i}: {model.expression}   consistency {model.fit.inclS:.2f}, coverage {model.fit.covS:.2f}")

# %% [markdown]
# With many conditions and few cases per truth-table row the number of minimal models can
# explode. The smallest number of implicants is always *proved* (an exact integer program on
# the chart); the listing then stops at `max_models` models or after `node_limit` search
# steps, and the solution says so: "listing capped" (more models exist than are listed) or
# "counting stopped" (the count is only a lower bound). Twelve random conditions, of which four
# matter, and 200 cases:

# %%
noise_rng = np.random.default_rng(12)
wide = pd.DataFrame(noise_rng.uniform(0.02, 0.98, (200, 12)), columns=[f"C{i}" for i in range(1, 13)])
wide["Y"] = np.clip(np.maximum(np.minimum(wide.C1, wide.C2), np.minimum(wide.C3, 1 - wide.C4))
                    + noise_rng.normal(0, 0.15, 200), 0.01, 0.99)
wide_sol = fsqca.minimize(fsqca.truth_table(wide, "Y", incl_cut=0.8, pri_cut=0.5), "parsimonious", max_models=20,
                          node_limit=2000)
print(wide_sol.summary().splitlines()[1])
print(f"{len(wide_sol.chart.implicants)} prime implicants; every model has {len(wide_sol.models[0].terms)} of them")

# %% [markdown]
# ### When the minimum cannot be proven in time
#
# Finding the smallest cover is a set-cover problem, and on some charts proving the minimum
# takes hours. Near-crisp data with many conditions and thousands of cases make such charts:
# every case sits in its own row, and whether a row is consistent depends on the noise of the
# cases outside it, so the positive rows form a near-random pattern with no essential
# implicant. `minimize` never waits silently: after a few seconds it prints a progress line
# (stage, search nodes, best cover so far, proven lower bound; in a terminal one line that
# updates, here one line per report). With `time_limit=` (seconds; `--time-limit` on the
# command line, `minimize.time_limit` in a study file) it stops and returns the best cover
# found with the proven lower bound, and says plainly that minimality is not proven. Twelve
# near-crisp conditions, 2,000 cases (the numbers below depend on the machine's speed, the only
# output of this notebook that does):

# %%
crisp_rng = np.random.default_rng(1)
present = crisp_rng.random((2000, 12)) < 0.5
outcome = (present[:, 0] & present[:, 1]) | (present[:, 2] & ~present[:, 3])
outcome ^= crisp_rng.random(2000) < 0.05          # 5% of the cases disagree with the two paths


def near_crisp(bits):
    """0.03 or 0.97 plus a little noise: almost crisp memberships."""
    return np.clip(np.where(bits, 0.97, 0.03) + crisp_rng.normal(0, 0.02, bits.shape), 0, 1)


# what this cell shows depends on the machine's speed: it stops at a time limit
hard = pd.DataFrame(near_crisp(present), columns=[f"C{i}" for i in range(1, 13)])
hard["Y"] = near_crisp(outcome)
hard_tt = fsqca.truth_table(hard, "Y", incl_cut=0.85, pri_cut=0)
hard_sol = fsqca.minimize(hard_tt, "parsimonious", time_limit=5)
print("\n".join(hard_sol.summary().splitlines()[:3]))
print(f"proven minimal: {hard_sol.proven_minimal}; best cover {hard_sol.best_size} implicants, "
      f"lower bound {hard_sol.lower_bound}")
print("seconds per stage:", {stage: round(t, 1) for stage, t in hard_sol.timings.items()})

# %% [markdown]
# A cover of about 80 implicants is no finding anyone can read: a chart like this says that the
# conditions do not separate the outcome into a few paths. The time limit is for such cases (and
# for robustness sweeps that must end); on ordinary charts the default, no limit, proves the
# minimum in milliseconds.
#
# %% [markdown]
# On the example study the parsimonious chart shows both an **essential** implicant (Cl, the
# only one covering some positive rows) and ambiguity among the others:

# %%
study = indicators.build_conditions(raw, island_links="none")
study_tt = fsqca.truth_table(study.memberships, "P", indicators.CONDITIONS, incl_cut=0.8, pri_cut=0.5, n_cut=1)
study_pars = fsqca.minimize(study_tt, "parsimonious")
print(study_pars.chart.summary())

# %% [markdown]
# ## 5. Complex, parsimonious and intermediate solutions
#
# The remainders are combinations nobody observed. What to assume about them gives three
# solutions:
#
# - **complex** (conservative): assume nothing; remainders are treated as negative.
# - **parsimonious**: any remainder may be assumed positive if that simplifies the solution
#   (its *simplifying assumptions*).
# - **intermediate**: only **easy counterfactuals** are allowed — assumptions in line with the
#   researcher's *directional expectations* (e.g. "more technical capacity should, if anything,
#   help"). Assumptions against the expectations are **difficult counterfactuals** and are not
#   used.
#
# A minimal example: two cases show A·B·C with the outcome; every case without A lacks it;
# A·~B·~C, A·~B·C and A·B·~C were never observed.

# %%
cf = pd.DataFrame.from_dict({"p1": (1, 1, 1, 1), "p2": (1, 1, 1, 1), "n1": (0, 0, 0, 0), "n2": (0, 1, 0, 0),
                             "n3": (0, 0, 1, 0), "n4": (0, 1, 1, 0)}, orient="index", columns=["A", "B", "C", "Y"])
cf_tt = fsqca.truth_table(cf, "Y", incl_cut=1)
cf_pars = fsqca.minimize(cf_tt, "parsimonious")
print("complex:      ", fsqca.minimize(cf_tt, "complex").models[0].expression)
print("parsimonious: ", cf_pars.models[0].expression, "  simplifying assumptions (rows):", cf_pars.simplifying_assumptions())
cf_tt.to_frame(complete=True)[["A", "B", "C", "OUT", "n"]]

# %% [markdown]
# The parsimonious solution A assumes that all three remainders (rows 5, 6, 7) would show the
# outcome. The intermediate solution depends on the expectations:

# %%
rows_out = []
for expectation in [{"A": 1, "B": 1, "C": 1}, {"A": 1, "B": 1, "C": 0}, {"A": 1, "B": 0, "C": 0},
                    {"A": 1, "B": "-", "C": "-"}]:
    inter = fsqca.minimize(cf_tt, "intermediate", dir_exp=expectation)
    variant = inter.variants[0]
    rows_out.append({"expectations": ", ".join(f"{k}={v}" for k, v in expectation.items()),
                     "intermediate": inter.models[0].expression,
                     "easy counterfactuals": list(variant.easy_counterfactuals),
                     "difficult counterfactuals": list(variant.difficult_counterfactuals)})
pd.DataFrame(rows_out)

# %% [markdown]
# - Expecting B and C present: dropping C from A·B·C would assume A·B·~C (row 7) leads to the
#   outcome, against the expectation for C — a difficult counterfactual, so the intermediate
#   solution stays A·B·C.
# - Expecting C *absent*: the same assumption now agrees with the expectation (easy), so C is
#   dropped: A·B.
# - Expecting both B and C absent: all three remainders are easy and the intermediate solution
#   equals the parsimonious one, A.
# - "-" (no expectation) keeps the literal: with no expectations at all, as in the reference
#   study, the intermediate solution equals the complex one.
#
# ## 6. Core and peripheral conditions
#
# Fiss (2011): conditions of an intermediate configuration that also appear in the parsimonious
# solution are **core** (backed by the strongest evidence, with or without the simplifying
# assumptions); the others are **peripheral** (they rest on the easy counterfactuals, or on none).

# %%
cf_inter = fsqca.minimize(cf_tt, "intermediate", dir_exp={"A": 1, "B": 1, "C": 0})
print(fsqca.configuration_table(cf_inter, cf_pars).to_markdown())

# %% [markdown]
# A is core (it is in the parsimonious solution A), B peripheral. With Chinese labels, as the
# study prints it:

# %%
labels = {"A": "政府统筹", "B": "技术基础", "C": "政策支持"}
fsqca.configuration_table(cf_inter, cf_pars, labels=labels, lang="zh").to_frame()

# %% [markdown]
# ## 7. Common mistakes
#
# ### 7.1 Memberships of exactly 0.5
#
# A case at 0.5 is neither in the set nor out of it, so it belongs to no truth-table row and
# silently drops out (c12 above). With data-driven crossovers (the mean, the median) this
# happens whenever a case sits exactly on the crossover. The package warns; fsQCA practice is to
# add 0.001, which must then be reported.

# %%
scores = pd.Series([20.0, 35, 50, 65, 80], index=list("vwxyz"), name="score")
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    half = fsqca.calibrate(scores, thresholds={"exclusion": 25, "crossover": "median", "inclusion": 75})
print(half.round(3).to_dict())
print("warning:", caught[0].message if caught else "none")
moved = fsqca.calibrate(scores, thresholds={"exclusion": 25, "crossover": "median", "inclusion": 75}, avoid_half=0.001)
print("with avoid_half=0.001:", moved.round(3).to_dict())

# %% [markdown]
# ### 7.2 Skewed sets
#
# When almost every case is in a set (or almost none is), subset relations become trivial:
# a near-empty condition is a subset of *everything* — of the outcome and of its negation at
# the same time. Here a rare condition R is "sufficient" for Y *and* for ~Y at a consistency
# above 0.9; PRI (0.67 against 0.33) and the low coverage show how little that means.

# %%
rare = toy.assign(R=[0.2, 0.1, 0.1, 0.05, 0.05, 0.1, 0.05, 0.15, 0.1, 0.1, 0.1, 0.05])
for outcome in ("Y", "~Y"):
    f = fsqca.fit("R", rare, outcome).to_frame().loc["R"]
    print(f"R -> {outcome:2}: consistency {f['inclS']:.2f}, PRI {f['PRI']:.2f}, coverage {f['covS']:.2f}")

# %% [markdown]
# ### 7.3 Consistency without coverage
#
# Consistency says how reliably a configuration leads to the outcome; coverage says how much of
# the outcome it accounts for. A configuration shared by one case can be perfectly consistent
# and explain almost nothing; report both (the configuration table does).

# %%
print(fsqca.fit("A*B*C + R", rare, "Y").summary())

# %% [markdown]
# ### 7.4 Too many conditions for the cases
#
# Each added condition doubles the rows. With 31 cases and 9 conditions (the study) at most 31
# of 512 rows can be observed, and the parsimonious solution rests mostly on assumptions about
# the rest. Worse, with few cases per row, even **random** data produce consistent-looking
# "solutions". A small simulation: random memberships for 20 cases, an outcome unrelated to
# them, 2 to 8 conditions.

# %%
sim, empty = [], 0
for k in range(2, 9):
    found = 0
    observed = []
    for rep in range(20):
        data = pd.DataFrame(rng.uniform(0, 1, (20, k + 1)).round(2), columns=[f"X{j}" for j in range(k)] + ["Y"])
        data = data.mask(data == 0.5, 0.51)
        # a truth table with no positive row warns; here that is the expected result for
        # unrelated data, so the warnings are counted instead of shown 140 times
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", fsqca.QCAWarning)
            t = fsqca.truth_table(data, "Y", incl_cut=0.8, pri_cut=0.5)
        observed.append(len(t.rows) / 2**k)
        positive = bool((t.rows["OUT"] == "1").any())
        found += int(positive)
        empty += int(not positive)
    sim.append({"conditions": k, "rows": 2**k, "share of rows observed": np.mean(observed),
                "random data sets with a 'solution'": f"{found} of 20"})
print(f"{empty} of 140 random data sets had no positive row (as unrelated data should)")
pd.DataFrame(sim).set_index("conditions")

# %% [markdown]
# As conditions grow, a "solution" appears in random data more and more often (Marx & Duşa 2011
# give benchmark tables of how many cases a given number of conditions needs). Keep the number
# of conditions small relative to the cases, check limited diversity, and test robustness.
#
# ### 7.5 Forgetting the negated outcome
#
# Causal asymmetry: the conditions for *low* performance are not simply the negation of those
# for high performance, so ~Y is analysed on its own (necessity and sufficiency). On the
# example study:

# %%
not_p = fsqca.truth_table(study.memberships, "~P", indicators.CONDITIONS, incl_cut=0.8, pri_cut=0.5, n_cut=1)
print("solution for  P:", study_pars.models[0].expression, f"({len(study_pars.models)} models)")
print("solution for ~P:", fsqca.minimize(not_p, "parsimonious").models[0].expression)
nec_study = fsqca.necessity(study.memberships, "P", indicators.CONDITIONS, negated_outcome=True).to_frame()
nec_study.query("outcome == '~P'").nlargest(3, "inclN")

# %% [markdown]
# Low performance has its own paths, not the negation of those for P, and necessity is checked
# for ~P on its own as well (above: the three conditions closest to necessary for ~P). On these
# synthetic data none reaches the 0.9 bar for either outcome, as the study reports for P; a
# study that only looks at P would not know that.

# %% [markdown]
# ## 8. Exercises (the same as in docs/teaching.md)
#
# Lipset's data on the survival of democracy in 18 inter-war European countries (`LF`, bundled
# with the package): conditions DEV, URB, LIT, IND, STB; outcome SURV. Try each question
# before running its cell; [docs/teaching.md](../docs/teaching.md) gives the same answers in
# words.

# %%
from fsqca.datasets import load_dataset

lf = load_dataset("LF")
LF_CONDITIONS = ["DEV", "URB", "LIT", "IND", "STB"]

# %% [markdown]
# **Exercise 1.** Raise the consistency cut-off from 0.8 to 0.9. Which rows stay positive, and
# what do the parsimonious and complex solutions become?

# %%
tt_09 = fsqca.truth_table(lf, "SURV", LF_CONDITIONS, incl_cut=0.9)
print("positive rows:", list(tt_09.rows.index[tt_09.rows["OUT"] == "1"]))
print("parsimonious:", fsqca.minimize(tt_09, "parsimonious").models[0].expression)
print("complex:     ", fsqca.minimize(tt_09, "complex").models[0].expression)

# %% [markdown]
# **Exercise 2.** Explain the breakdown of democracy (`~SURV`) at incl_cut 0.8. Is it the
# negation of the solution for survival?

# %%
tt_not = fsqca.truth_table(lf, "~SURV", LF_CONDITIONS, incl_cut=0.8)
print("positive rows:", list(tt_not.rows.index[tt_not.rows["OUT"] == "1"]))
print("parsimonious for ~SURV:", fsqca.minimize(tt_not, "parsimonious").models[0].expression)

# %% [markdown]
# **Exercise 3.** Which single conditions pass inclN >= 0.9 for SURV, and which is a relevant
# (not trivial) necessary condition?

# %%
fsqca.necessity(lf, "SURV", LF_CONDITIONS).to_frame().query("inclN >= 0.9")[["condition", "inclN", "RoN", "covN"]]

# %% [markdown]
# **Exercise 4.** Directional expectations DEV, URB, LIT and STB present, IND absent: the
# intermediate solution, and the condition that is peripheral in both configurations.

# %%
tt_08 = fsqca.truth_table(lf, "SURV", LF_CONDITIONS, incl_cut=0.8)
inter_lf = fsqca.minimize(tt_08, "intermediate", dir_exp={"DEV": 1, "URB": 1, "LIT": 1, "IND": 0, "STB": 1})
print("intermediate:", inter_lf.models[0].expression)
fsqca.configuration_table(inter_lf, fsqca.minimize(tt_08, "parsimonious"))

# %% [markdown]
# ## Further reading
#
# - Ragin, C. C. (2008). *Redesigning Social Inquiry*. University of Chicago Press.
# - Schneider, C. Q., & Wagemann, C. (2012). *Set-Theoretic Methods for the Social Sciences*.
#   Cambridge University Press.
# - Duşa, A. (2019). *QCA with R*. Springer.
# - Fiss, P. C. (2011). Building better causal theories. *Academy of Management Journal*, 54(2).
# - Marx, A., & Duşa, A. (2011). Crisp-set QCA, contradictions and consistency benchmarks for
#   model specification. *Methodological Innovations Online*, 6(2).
