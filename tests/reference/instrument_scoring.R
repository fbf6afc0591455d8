# Reference scores for src/instruments/scoring.ts and src/instruments/gas.ts.
# Run from the repository root:  Rscript tests/reference/instrument_scoring.R
# Writes tests/reference/instrument_scoring.json. R 4.2, psych 2.2.9.
#
# - PSOC, NOSIK (illustrative key), Daily Hassles: psych::scoreItems(keys, items, impute = "none",
#   totals = FALSE, min, max) gives, per person, the mean of the answered (reverse-keyed) items;
#   a prorated sum is that mean x number of items. psych has no limit on missing items, so scores
#   with more missing items than the scale's maxMissing are set to NA here (our engine: null).
# - Life events: counts of items whose raw value is in countValues, prorated the same way
#   (count among answered / answered x n), written out in base R.
# - GAS: the Kiresuk-Sherman T over the scored goals, written out in base R.
suppressPackageStartupMessages({
  library(psych)
  library(jsonlite)
})
set.seed(20240611)

ids <- function(n, prefix = "") sprintf("%s%02d", prefix, seq_len(n))

# Correlated integer responses in [lo, hi] with a share of missing cells.
responses <- function(n, k, lo, hi, p_missing) {
  f <- rnorm(n)
  x <- sapply(seq_len(k), function(j) {
    v <- 0.6 * f + rnorm(n, sd = 0.8)
    pmin(hi, pmax(lo, round((lo + hi) / 2 + v * (hi - lo) / 4)))
  })
  x[matrix(runif(n * k) < p_missing, n, k)] <- NA
  x
}

# Mean of answered items via psych, prorated to a sum when method is "sum", NA beyond maxMissing.
psych_scale <- function(x, colnames_, items, reverse, method, max_missing, lo, hi) {
  colnames(x) <- colnames_
  key <- ifelse(items %in% reverse, paste0("-", items), items)
  s <- scoreItems(list(s = key), x, impute = "none", totals = FALSE, min = lo, max = hi)
  m <- as.numeric(s$scores[, 1])
  answered <- rowSums(!is.na(x[, items, drop = FALSE]))
  m[answered == 0] <- NA
  n <- length(items)
  out <- if (method == "sum") m * n else m
  out[(n - answered) > max_missing] <- NA
  out
}

rows_json <- function(x) lapply(seq_len(nrow(x)), function(i) as.list(x[i, ]))

# ---- PSOC --------------------------------------------------------------------------------
psoc_ids <- ids(16)
sat <- sprintf("%02d", c(2, 3, 4, 5, 8, 9, 12, 14, 16))
eff <- sprintf("%02d", c(1, 6, 7, 10, 11, 13, 15))
x <- responses(80, 16, 1, 6, 0.06)
psoc <- list(
  instrument = "psoc", items = psoc_ids, rows = x,
  scores = list(
    satisfaction = psych_scale(x, psoc_ids, sat, sat, "sum", 1, 1, 6),
    efficacy = psych_scale(x, psoc_ids, eff, sat, "sum", 1, 1, 6),
    total = psych_scale(x, psoc_ids, psoc_ids, sat, "sum", 2, 1, 6)
  )
)

# ---- NOSIK (illustrative key) -------------------------------------------------------------
nosik_ids <- ids(25)
x <- responses(80, 25, 1, 6, 0.04)
nosik <- list(
  instrument = "nosik", items = nosik_ids, rows = x,
  scores = list(
    parent = psych_scale(x, nosik_ids, ids(14), character(0), "sum", 1, 1, 6),
    child = psych_scale(x, nosik_ids, sprintf("%02d", 15:25), character(0), "sum", 1, 1, 6),
    depression = psych_scale(x, nosik_ids, sprintf("%02d", c(1, 4, 7, 10, 13)), character(0), "sum", 1, 1, 6),
    total = psych_scale(x, nosik_ids, nosik_ids, character(0), "sum", 2, 1, 6)
  )
)

# ---- Daily Hassles (frequency 1-4, intensity 1-5) ------------------------------------------
pdh_ids <- c(ids(20, "f"), ids(20, "i"))
xf <- responses(60, 20, 1, 4, 0.05)
xi <- responses(60, 20, 1, 5, 0.05)
x <- cbind(xf, xi)
pdh <- list(
  instrument = "daily-hassles", items = pdh_ids, rows = x,
  scores = list(
    frequency = psych_scale(xf, ids(20, "f"), ids(20, "f"), character(0), "sum", 2, 1, 4),
    intensity = psych_scale(xi, ids(20, "i"), ids(20, "i"), character(0), "sum", 2, 1, 5)
  )
)

# ---- Life events (counts; maxMissing 0 as shipped) -----------------------------------------
count_scale <- function(x, values, max_missing) {
  answered <- rowSums(!is.na(x))
  hits <- rowSums(matrix(x %in% values, nrow(x)) & !is.na(x))
  n <- ncol(x)
  out <- hits / answered * n
  out[answered == 0 | (n - answered) > max_missing] <- NA
  out
}
n_le <- 60
occ <- matrix(sample(0:3, n_le * 15, replace = TRUE, prob = c(0.6, 0.2, 0.1, 0.1)), n_le, 15)
yr <- matrix(rbinom(n_le * 15, 1, 0.2), n_le, 15)
occ[matrix(runif(n_le * 15) < 0.02, n_le, 15)] <- NA
yr[matrix(runif(n_le * 15) < 0.02, n_le, 15)] <- NA
life <- list(
  instrument = "life-events", items = c(ids(15), ids(15, "y")), rows = cbind(occ, yr),
  scores = list(
    total = count_scale(occ, 1:3, 0),
    negative = count_scale(occ, 1, 0),
    positive = count_scale(occ, 2, 0),
    past_year = count_scale(yr, 1, 0)
  )
)

# ---- GAS -----------------------------------------------------------------------------------
gas_t <- function(x, w, rho) {
  ok <- !is.na(x)
  if (!any(ok)) return(NA_real_)
  x <- x[ok]; w <- w[ok]
  50 + 10 * sum(w * x) / sqrt((1 - rho) * sum(w^2) + rho * sum(w)^2)
}
n_gas <- 40
goals <- matrix(sample(-2:2, n_gas * 5, replace = TRUE), n_gas, 5)
for (i in seq_len(n_gas)) { # 1 to 5 goals set per family
  k <- sample(1:5, 1)
  if (k < 5) goals[i, (k + 1):5] <- NA
}
weights <- matrix(sample(1:3, n_gas * 5, replace = TRUE), n_gas, 5)
weights[is.na(goals)] <- NA
gas <- list(
  instrument = "gas", items = as.character(1:5), rows = goals, weights = weights,
  scores = list(
    t_score = sapply(seq_len(n_gas), function(i) gas_t(goals[i, ], weights[i, ], 0.3)),
    t_score_unweighted = sapply(seq_len(n_gas), function(i) gas_t(goals[i, ], rep(1, 5), 0.3)),
    mean_attainment = sapply(seq_len(n_gas), function(i) mean(goals[i, ], na.rm = TRUE))
  )
)

out <- list(
  meta = list(
    generator = "tests/reference/instrument_scoring.R",
    R = R.version.string,
    psych = as.character(packageVersion("psych"))
  ),
  cases = lapply(list(psoc, nosik, pdh, life, gas), function(cs) {
    cs$rows <- rows_json(cs$rows)
    if (!is.null(cs$weights)) cs$weights <- rows_json(cs$weights)
    cs
  })
)
writeLines(toJSON(out, auto_unbox = TRUE, na = "null", digits = NA, pretty = FALSE),
           "tests/reference/instrument_scoring.json")
cat("wrote tests/reference/instrument_scoring.json\n")
