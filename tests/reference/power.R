# Reference values for src/stats/power.ts.
# Run from the repo root: Rscript tests/reference/power.R  -> tests/reference/power.json
# stats::power.t.test is solved with a tight uniroot tolerance (tol = 1e-12) so that the
# continuous n / delta it returns are accurate to far better than the 1e-6 the tests demand
# (R's default tol = .Machine$double.eps^0.25 ≈ 1.2e-4 would not be).
suppressMessages(library(jsonlite))
set.seed(20261122)
tol <- 1e-12
out <- list(generated_by = "tests/reference/power.R", R_version = R.version.string)

# ---- t-tests: solve for power, n and delta (sd = 1, so delta = d)
cases <- expand.grid(type = c("two.sample", "one.sample", "paired"),
                     alternative = c("two.sided", "one.sided"),
                     strict = c(FALSE, TRUE), stringsAsFactors = FALSE)
tt <- list()
for (i in seq_len(nrow(cases))) {
  cs <- cases[i, ]
  for (sig in c(0.05, 0.01)) {
    for (spec in list(list(n = 20, d = 0.5), list(n = 64, d = 0.3), list(n = 8, d = 1.2), list(n = 150, d = 0.2))) {
      pw <- power.t.test(n = spec$n, delta = spec$d, sd = 1, sig.level = sig, type = cs$type,
                         alternative = cs$alternative, strict = cs$strict)$power
      target <- c(0.8, 0.9)[1 + (spec$n %% 2 == 0 & spec$n > 20)]
      nn <- power.t.test(power = target, delta = spec$d, sd = 1, sig.level = sig, type = cs$type,
                         alternative = cs$alternative, strict = cs$strict, tol = tol)$n
      dd <- power.t.test(n = spec$n, power = target, sd = 1, sig.level = sig, type = cs$type,
                         alternative = cs$alternative, strict = cs$strict, tol = tol)$delta
      ach <- power.t.test(n = ceiling(nn), delta = spec$d, sd = 1, sig.level = sig, type = cs$type,
                          alternative = cs$alternative, strict = cs$strict)$power
      tt[[length(tt) + 1]] <- list(type = cs$type, alternative = cs$alternative, strict = cs$strict,
                                   alpha = sig, n = spec$n, d = spec$d, power = pw,
                                   target_power = target, n_solved = nn, n_ceiling = ceiling(nn),
                                   achieved_power = ach, d_solved = dd)
    }
  }
}
out$ttest <- tt
# the two examples printed in ?power.t.test
out$r_help <- list(power_n20_delta1 = power.t.test(n = 20, delta = 1)$power,
                   n_power90_delta1 = power.t.test(power = .90, delta = 1, tol = tol)$n)

# ---- ANCOVA with a pre-test (and q covariates in all). No R package implements these, so the
# formulas are coded here independently of the TypeScript (pt / uniroot / integrate) and checked
# against a simulation of 20,000 ANCOVAs per scenario.
# exact-fixed: df = 2n - 2 - q, ncp = d / sqrt(1 - rho^2) * sqrt(n / 2), two-sided, strict = FALSE.
anc_fixed <- function(n, d, rho, q, alpha, ncp_factor = 1) {
  df <- 2 * n - 2 - q
  pt(qt(1 - alpha / 2, df), df, ncp = d / sqrt(1 - rho^2) * sqrt(n / 2) * ncp_factor, lower.tail = FALSE)
}
# exact-random (Shieh 2020): variance inflation 1 + U, U = q/(2n-1-q) F(q, 2n-1-q); integrate over F.
anc_random <- function(n, d, rho, q, alpha) {
  nu2 <- 2 * n - 1 - q
  integrate(function(f) df(f, q, nu2) * anc_fixed(n, d, rho, q, alpha, 1 / sqrt(1 + q / nu2 * f)),
            0, Inf, rel.tol = 1e-11)$value
}
anc <- list()
for (spec in list(list(n = 30, d = 0.5, rho = 0.6, q = 1), list(n = 52, d = 0.4, rho = 0.5, q = 3),
                  list(n = 12, d = 0.9, rho = 0.8, q = 2))) {
  res <- spec
  res$alpha <- 0.05
  res$target_power <- 0.8
  res$power_fixed <- anc_fixed(spec$n, spec$d, spec$rho, spec$q, 0.05)
  res$power_random <- anc_random(spec$n, spec$d, spec$rho, spec$q, 0.05)
  res$n_fixed <- uniroot(function(n) anc_fixed(n, spec$d, spec$rho, spec$q, 0.05) - 0.8,
                         c((spec$q + 3) / 2, 1e5), tol = tol)$root
  res$achieved_fixed <- anc_fixed(ceiling(res$n_fixed), spec$d, spec$rho, spec$q, 0.05)
  res$n_random <- uniroot(function(n) anc_random(n, spec$d, spec$rho, spec$q, 0.05) - 0.8,
                          c((spec$q + 3) / 2 + 0.5, 1e4), tol = 1e-10)$root
  res$d_fixed <- uniroot(function(d) anc_fixed(spec$n, d, spec$rho, spec$q, 0.05) - 0.8,
                         c(1e-7, 100), tol = tol)$root
  # Borm, Fransen & Lemmens (2007): n_ANCOVA = (1 - rho^2) * n_t-test (exact t-test n)
  n_t <- power.t.test(power = 0.8, delta = spec$d, sig.level = 0.05, tol = tol)$n
  res$n_borm <- (1 - spec$rho^2) * n_t
  res$power_borm <- power.t.test(n = spec$n / (1 - spec$rho^2), delta = spec$d, sig.level = 0.05)$power
  nsim <- 20000
  hits <- 0
  for (s in seq_len(nsim)) {
    N <- 2 * spec$n
    grp <- rep(0:1, each = spec$n)
    pre <- rnorm(N)
    extra <- matrix(rnorm(N * (spec$q - 1)), N, spec$q - 1)   # covariates unrelated to the outcome
    y <- spec$d * grp + spec$rho * pre + sqrt(1 - spec$rho^2) * rnorm(N)
    X <- cbind(1, grp, pre, extra)
    f <- lm.fit(X, y)
    dfe <- N - ncol(X)
    s2 <- sum(f$residuals^2) / dfe
    XtXi <- chol2inv(qr.R(f$qr))
    t <- f$coefficients[2] / sqrt(s2 * XtXi[2, 2])
    hits <- hits + (abs(t) > qt(0.975, dfe))
  }
  res$sim_power <- hits / nsim
  res$nsim <- nsim
  anc[[length(anc) + 1]] <- res
}
out$ancova <- anc
write_json(out, "tests/reference/power.json", digits = NA, auto_unbox = TRUE, pretty = TRUE)
cat("wrote tests/reference/power.json\n")
