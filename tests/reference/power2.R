# Reference values for src/stats/power-tests.ts (R pwr).
# Run from the repo root: Rscript tests/reference/power2.R  -> tests/reference/power2.json
suppressMessages({ library(pwr); library(jsonlite) })
out <- list(generated_by = "tests/reference/power2.R", R_version = R.version.string, pwr_version = as.character(packageVersion("pwr")))
out$t2n <- list(
  power = pwr.t2n.test(n1 = 30, n2 = 60, d = 0.5)$power,
  power_less = pwr.t2n.test(n1 = 30, n2 = 60, d = -0.5, alternative = "less")$power,
  power_greater = pwr.t2n.test(n1 = 30, n2 = 60, d = 0.5, alternative = "greater")$power,
  n2 = pwr.t2n.test(n1 = 40, d = 0.5, power = 0.8)$n2,
  d = pwr.t2n.test(n1 = 30, n2 = 60, power = 0.8)$d,
  d_less = pwr.t2n.test(n1 = 30, n2 = 60, power = 0.8, alternative = "less")$d,
  alpha = pwr.t2n.test(n1 = 30, n2 = 60, d = 0.5, power = 0.8, sig.level = NULL)$sig.level)
out$anova <- list(n = pwr.anova.test(k = 3, f = 0.25, power = 0.8)$n, power = pwr.anova.test(k = 4, n = 20, f = 0.3)$power,
                  f = pwr.anova.test(k = 3, n = 30, power = 0.9)$f, alpha = pwr.anova.test(k = 3, n = 30, f = 0.3, power = 0.8, sig.level = NULL)$sig.level)
out$r <- list(n = pwr.r.test(r = 0.3, power = 0.8)$n, power = pwr.r.test(n = 50, r = 0.3)$power,
              power_greater = pwr.r.test(n = 50, r = 0.3, alternative = "greater")$power,
              power_less = pwr.r.test(n = 50, r = -0.3, alternative = "less")$power,
              r = pwr.r.test(n = 60, power = 0.8)$r)
out$chisq <- list(n = pwr.chisq.test(w = 0.3, df = 2, power = 0.8)$N, power = pwr.chisq.test(w = 0.2, N = 150, df = 3)$power,
                  w = pwr.chisq.test(N = 100, df = 1, power = 0.8)$w)
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE), "tests/reference/power2.json")
