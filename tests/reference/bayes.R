# Reference values for src/stats/bayes-factor.ts.
# Run from the repo root: Rscript tests/reference/bayes.R  -> tests/reference/bayes.json
# Data simulated here (set.seed). Synthetic data.
suppressMessages({ library(BayesFactor); library(jsonlite) })
set.seed(20261208)
out <- list(generated_by = "tests/reference/bayes.R", R_version = R.version.string,
            BayesFactor_version = as.character(packageVersion("BayesFactor")))
bf <- function(b) exp(b@bayesFactor$bf)
# the defining JZS integral (Rouder et al. 2009, eq. 1) evaluated independently with integrate
jzs <- function(t, N, df, r = sqrt(2) / 2) {
  f <- function(g) (1 + N * g * r^2)^(-1/2) * (1 + t^2 / ((1 + N * g * r^2) * df))^(-(df + 1) / 2) *
    (2 * pi)^(-1/2) * g^(-3/2) * exp(-1 / (2 * g))
  integrate(f, 0, Inf, rel.tol = 1e-12)$value / (1 + t^2 / df)^(-(df + 1) / 2)
}
x <- round(rnorm(25, 0.4, 1), 3); y <- round(x * 0.5 + rnorm(25, 0.3, 1), 3)
a <- round(rnorm(18, 10, 2), 2); b <- round(rnorm(23, 11.5, 2), 2)
out$data <- list(x = x, y = y, a = a, b = b)
t1 <- t.test(x)$statistic; tp <- t.test(x, y, paired = TRUE)$statistic; t2 <- t.test(a, b, var.equal = TRUE)$statistic
out$one <- list(bf = bf(ttestBF(x)), bf_wide = bf(ttestBF(x, rscale = 1)), bf_mu = bf(ttestBF(x, mu = 0.2)),
                integral = jzs(unname(t1), 25, 24), t = unname(t1))
out$paired <- list(bf = bf(ttestBF(x, y, paired = TRUE)), integral = jzs(unname(tp), 25, 24))
out$two <- list(bf = bf(ttestBF(a, b)), integral = jzs(unname(t2), 18 * 23 / 41, 39), t = unname(t2))
tt <- c(0, 1, 2.5, 4, 8)
out$tstat <- list(t = tt, n = 20, bf = sapply(tt, function(t) exp(ttest.tstat(t, 20, rscale = "medium")$bf)),
                  integral = sapply(tt, function(t) jzs(t, 20, 19)))
# correlation: kappa = 1 (JASP default) and 1/3 (BayesFactor default "medium")
cx <- round(rnorm(30), 3); cy <- round(0.35 * cx + rnorm(30), 3)
out$cor <- list(x = cx, y = cy, bf1 = bf(correlationBF(cy, cx, rscale = 1)), bf13 = bf(correlationBF(cy, cx, rscale = 1/3)),
                bf_big = bf(correlationBF(c(cy, cy + 0.1), c(cx, cx), rscale = 1)))
# an independent check of the exact correlation BF: integrate the exact likelihood ratio over the prior
ex <- list(
  one = bf(ttestBF(c(0.5, 1.2, -0.3, 0.8, 1.5, 0.9, 0.2, 1.1))),
  paired = bf(ttestBF(c(5, 6, 7, 8, 9, 7), c(4, 6, 5, 6, 8, 5), paired = TRUE)),
  two = bf(ttestBF(c(5, 6, 7, 8, 9, 7), c(4, 3, 5, 4, 6, 3))),
  cor = bf(correlationBF(c(2, 1, 4, 3, 6, 5, 8, 7), 1:8, rscale = 1)),
  tstat = exp(ttest.tstat(2.5, 20, rscale = "medium")$bf))
out$examples <- ex
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE), "tests/reference/bayes.json")
