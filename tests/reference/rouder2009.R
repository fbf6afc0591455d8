# Worked examples of Rouder, Speckman, Sun, Morey & Iverson (2009), Bayesian t tests for accepting and rejecting the
# null hypothesis, Psychonomic Bulletin & Review 16, 225–237, for src/stats/bayes-factor.ts.
# Run from the repo root: Rscript tests/reference/rouder2009.R  -> tests/reference/rouder2009.json
#
# The 2009 paper used a Cauchy prior of scale r = 1 on δ (BayesFactor rscale = 1, "wide" since 0.9.10 is √2/2·√2);
# today's default (JASP, BayesFactor "medium") is r = √2/2. Both are recorded.
# 1. The paper's one-sample example t = 2.03, N = 80 (p ≈ .046): B01 = 1.557447 as reproduced by the bayesplay test
#    suite (bayesplay/bayesplay tests/testthat/test-basic_calculations.R, "default bayes t (original)"); here
#    BayesFactor ttest.tstat.
# 2. The paper's critical-t construction: the t at which the JZS BF₁₀ equals 3 or 10 (and BF₀₁ = 3, 10 where reachable)
#    for a range of N, by uniroot on BayesFactor ttest.tstat (r = 1 and r = √2/2), beside the t of p = .05.
suppressMessages({ library(BayesFactor); library(jsonlite) })
out <- list(generated_by = "tests/reference/rouder2009.R", R_version = R.version.string,
            BayesFactor_version = as.character(packageVersion("BayesFactor")))
bf10 <- function(t, n, r, n2 = 0) exp(ttest.tstat(t, n, n2, rscale = r)$bf)
out$example <- list(t = 2.03, n = 80, p = 2 * pt(-2.03, 79),
                    bf01_r1 = 1 / bf10(2.03, 80, 1), bf01_medium = 1 / bf10(2.03, 80, sqrt(2) / 2),
                    bf01_bayesplay = 1.557447)
ns <- c(5, 10, 20, 50, 100, 200, 500, 1000, 10000)
crit <- function(target, n, r) uniroot(function(t) log(bf10(t, n, r)) - log(target), c(0, 8), tol = 1e-12)$root
rows <- list()
for (r in c(1, sqrt(2) / 2)) for (n in ns) {
  # BF₀₁ = 3 is reachable at t = 0 only when the BF at t = 0 is below 1/3
  b0 <- bf10(0, n, r)
  rows[[length(rows) + 1]] <- list(
    r = r, n = n, t_p05 = qt(0.975, n - 1), bf10_at_t0 = b0,
    t_bf10_3 = crit(3, n, r), t_bf10_10 = crit(10, n, r),
    t_bf01_3 = if (b0 < 1 / 3) crit(1 / 3, n, r) else NA, t_bf01_10 = if (b0 < 1 / 10) crit(1 / 10, n, r) else NA)
}
out$critical <- rows
# Two-sample form (the paper's eq. for two groups: effective N = n₁n₂/(n₁ + n₂), ν = n₁ + n₂ − 2)
out$two_sample <- lapply(list(c(2.5, 20, 25), c(1.2, 40, 40), c(3.8, 12, 30)), function(v)
  list(t = v[1], n1 = v[2], n2 = v[3], bf10_r1 = bf10(v[1], v[2], 1, v[3]), bf10_medium = bf10(v[1], v[2], sqrt(2) / 2, v[3])))
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, na = "null"), "tests/reference/rouder2009.json")
