# Reference values of spdep's geary.test (and of moran.test, geary.test and joincount.test with
# adjust.n = FALSE) for tests/spatial/test_spatial.py (run in this folder:
# Rscript make_reference.R > reference.json). Data and edges: the public spatial conformance
# case graph_general_w (35 cases, islands, general weights).
suppressMessages({library(spdep); library(jsonlite)})
data <- read.csv("data.csv", check.names = FALSE)
e <- read.csv("edges.csv")
ids <- data$case
nb <- vector("list", length(ids)); gl <- vector("list", length(ids))
for (i in seq_along(ids)) {
  r <- e[e$from == ids[i], ]; idx <- match(r$to, ids); o <- order(idx)
  nb[[i]] <- if (length(idx)) as.integer(idx[o]) else 0L
  gl[[i]] <- if (length(idx)) r$weight[o] else NULL
}
class(nb) <- "nb"; attr(nb, "region.id") <- ids
out <- list()
for (st in c("W", "B")) {
  lw <- suppressWarnings(nb2listw(nb, glist = gl, style = st, zero.policy = TRUE))
  for (v in c("smooth", "random")) {
    a <- geary.test(data[[v]], lw, randomisation = TRUE, zero.policy = TRUE)
    b <- geary.test(data[[v]], lw, randomisation = FALSE, zero.policy = TRUE)
    out[[length(out) + 1]] <- list(style = st, var = v, C = unname(a$estimate[1]),
      VC_rand = unname(a$estimate[3]), VC_norm = unname(b$estimate[3]),
      z_rand = unname(a$statistic), z_norm = unname(b$statistic), p_rand = a$p.value, p_norm = b$p.value)
  }
}
lw <- suppressWarnings(nb2listw(nb, glist = gl, style = "W", zero.policy = TRUE))
x <- data$smooth
a <- moran.test(x, lw, zero.policy = TRUE, adjust.n = FALSE)
b <- moran.test(x, lw, zero.policy = TRUE, adjust.n = FALSE, randomisation = FALSE)
g <- geary.test(x, lw, zero.policy = TRUE, adjust.n = FALSE)
h <- geary.test(x, lw, zero.policy = TRUE, adjust.n = FALSE, randomisation = FALSE)
j <- joincount.test(factor(as.numeric(x > median(x))), lw, zero.policy = TRUE, adjust.n = FALSE)
unadjusted <- list(style = "W", var = "smooth", crisp = "smooth > median(smooth)",
  moran = list(I = unname(a$estimate[1]), EI = unname(a$estimate[2]), VI_rand = unname(a$estimate[3]),
               VI_norm = unname(b$estimate[3]), z_rand = unname(a$statistic), z_norm = unname(b$statistic)),
  geary = list(C = unname(g$estimate[1]), VC_rand = unname(g$estimate[3]), VC_norm = unname(h$estimate[3]),
               z_rand = unname(g$statistic), z_norm = unname(h$statistic)),
  join_counts = lapply(j, function(t) list(jc = unname(t$estimate[1]), E_jc = unname(t$estimate[2]),
                                           Var_jc = unname(t$estimate[3]), z = unname(t$statistic))))
cat(toJSON(list(r_version = R.version.string, spdep_version = as.character(packageVersion("spdep")),
                geary = out, adjust_n_false = unadjusted), auto_unbox = TRUE, digits = 15, pretty = TRUE))
