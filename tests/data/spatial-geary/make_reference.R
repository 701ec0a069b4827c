# Reference values of spdep's geary.test for tests/test_spatial.py (run in this folder:
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
cat(toJSON(list(r_version = R.version.string, spdep_version = as.character(packageVersion("spdep")),
                geary = out), auto_unbox = TRUE, digits = 15, pretty = TRUE))
