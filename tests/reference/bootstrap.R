# Reference values for src/stats/bootstrap.ts (percentile and BCa intervals, jackknife acceleration).
# Run from the repository root:  Rscript tests/reference/bootstrap.R
# Writes tests/reference/bootstrap.json. Checked against boot::boot.ci (boot 1.3-28, R 4.2).
#
# R's random numbers cannot be reproduced in TypeScript, so each case exports the replicate
# vector t, the estimate t0 and the jackknife influence values L; the tests feed those to the
# interval code, which isolates the interval arithmetic from the resampling.
suppressPackageStartupMessages({
  library(boot)
  library(jsonlite)
})

hedges_g <- function(x, y) {
  n1 <- length(x); n2 <- length(y); df <- n1 + n2 - 2
  sp <- sqrt(((n1 - 1) * var(x) + (n2 - 1) * var(y)) / df)
  J <- exp(lgamma(df / 2) - log(sqrt(df / 2)) - lgamma((df - 1) / 2))
  J * (mean(y) - mean(x)) / sp
}

make_case <- function(b, conf, L, data, statistic_name, nan_at = integer(0)) {
  if (length(nan_at)) b$t[nan_at, 1] <- NaN
  ci <- boot.ci(b, conf = conf, type = c("perc", "bca"), L = L)
  fin <- b$t[is.finite(b$t[, 1]), 1]
  list(
    statistic = statistic_name,
    data = data,
    conf = conf,
    t0 = b$t0[[1]],
    t = ifelse(is.finite(b$t[, 1]), b$t[, 1], NA),
    L = L,
    a = sum(L^3) / (6 * sum(L^2)^1.5),
    z0 = qnorm(sum(fin < b$t0[[1]]) / length(fin)),
    percent = ci$percent[1, 4:5],
    bca = ci$bca[1, 4:5]
  )
}

cases <- list()

# 1. One sample, skewed data, mean; R = 1999 (percentile ranks are whole numbers at 95%).
set.seed(101)
x <- round(rexp(30, rate = 1 / 4), 2)
b <- boot(x, function(d, i) mean(d[i]), R = 1999)
L <- empinf(b, type = "jack")
cases$meanR1999 <- make_case(b, 0.95, L, list(x), "mean")

# 2. Same, 90% level, R = 1000 (interpolated endpoints).
set.seed(102)
b <- boot(x, function(d, i) mean(d[i]), R = 1000)
L <- empinf(b, type = "jack")
cases$meanR1000conf90 <- make_case(b, 0.90, L, list(x), "mean")

# 3. Two samples resampled within groups (strata), Hedges' g.
set.seed(202)
g1 <- round(rnorm(20, 10, 3), 1)
g2 <- round(rnorm(25, 12, 3.5), 1)
d <- data.frame(v = c(g1, g2), g = rep(1:2, c(20, 25)))
stat_g <- function(dd, i) { s <- dd[i, ]; hedges_g(s$v[s$g == 1], s$v[s$g == 2]) }
b <- boot(d, stat_g, R = 2000, strata = d$g)
L <- empinf(b, type = "jack")
cases$hedgesStrata <- make_case(b, 0.95, L, list(g1, g2), "hedges_g")

# 4. Ties: median of integer data, many replicates equal to the estimate (z0 counts t < t0 only).
set.seed(303)
xi <- sample(1:7, 25, replace = TRUE)
b <- boot(xi, function(d, i) median(d[i]), R = 999)
L <- empinf(b, type = "jack")
cases$medianTies <- make_case(b, 0.95, L, list(xi), "median")

# 5. Some replicates NaN (excluded before the interval is computed, as boot.ci does).
set.seed(404)
b <- boot(x, function(d, i) mean(d[i]), R = 1500)
L <- empinf(b, type = "jack")
cases$withNaN <- make_case(b, 0.95, L, list(x), "mean", nan_at = c(5L, 17L, 400L, 1234L))

# 6. Very few replicates: endpoints fall on extreme order statistics (boot warns).
set.seed(505)
b <- boot(x, function(d, i) mean(d[i]), R = 19)
L <- empinf(b, type = "jack")
cases$fewReplicates <- suppressWarnings(make_case(b, 0.95, L, list(x), "mean"))

out <- list(
  generated_by = "tests/reference/bootstrap.R",
  r_version = R.version.string,
  boot_version = as.character(packageVersion("boot")),
  cases = cases
)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, na = "null", null = "null", pretty = FALSE),
           "tests/reference/bootstrap.json")
cat("wrote tests/reference/bootstrap.json\n")
