# Reference values for effsize/from-test.ts, effsize/association.ts and noncentral-f.ts.
# Run from the repo root: Rscript tests/reference/effsize2.R  -> tests/reference/effsize2.json
# Data simulated here (set.seed). Synthetic data.
suppressMessages({ library(effectsize); library(jsonlite) })
set.seed(20261209)
out <- list(generated_by = "tests/reference/effsize2.R", R_version = R.version.string,
            effectsize_version = as.character(packageVersion("effectsize")))
# tight ncp-t CI by uniroot (effectsize uses optim, ~1e-5)
ncp_t <- function(t, df, level = 0.95) {
  a <- (1 - level) / 2
  c(uniroot(function(d) pt(t, df, d) - (1 - a), c(t - 20, t + 20), tol = 1e-13)$root,
    uniroot(function(d) pt(t, df, d) - a, c(t - 20, t + 20), tol = 1e-13)$root)
}
x <- round(rnorm(22, 53, 8), 1)
d1 <- cohens_d(x, mu = 50); g1 <- hedges_g(x, mu = 50)
n <- length(x); t1 <- (mean(x) - 50) / (sd(x) / sqrt(n)); J <- exp(lgamma((n - 1) / 2) - log(sqrt((n - 1) / 2)) - lgamma((n - 2) / 2))
out$one_sample <- list(x = x, d = d1$Cohens_d, d_lo = d1$CI_low, d_hi = d1$CI_high, g = g1$Hedges_g, g_lo = g1$CI_low, g_hi = g1$CI_high,
                       tight = ncp_t(t1, n - 1) / sqrt(n), J = J)
a <- round(rnorm(14, 10, 2), 2); b <- round(rnorm(19, 8.5, 2), 2)
tt <- t.test(a, b, var.equal = TRUE)
dd <- cohens_d(a, b)
out$from_t <- list(t = unname(tt$statistic), n1 = 14, n2 = 19, d = dd$Cohens_d,
                   tight = ncp_t(unname(tt$statistic), 31) * sqrt(1 / 14 + 1 / 19), d_lo = dd$CI_low, d_hi = dd$CI_high)
# eta squared from F
Fv <- 4.5; df1 <- 2; df2 <- 40
e2 <- F_to_eta2(Fv, df1, df2, alternative = "two.sided"); e1 <- F_to_eta2(Fv, df1, df2)
ncpF <- function(f, d1, d2, level, alt) {
  a <- if (alt == "two.sided") (1 - level) / 2 else 1 - level
  lo <- if (pf(f, d1, d2, 0) <= 1 - a) 0 else uniroot(function(l) pf(f, d1, d2, l) - (1 - a), c(0, 200), tol = 1e-13)$root
  hi <- if (alt == "greater") Inf else uniroot(function(l) pf(f, d1, d2, l) - a, c(0, 200), tol = 1e-13)$root
  c(lo, hi)
}
nt <- ncpF(Fv, df1, df2, 0.95, "two.sided"); ng <- ncpF(Fv, df1, df2, 0.95, "greater")
out$eta <- list(F = Fv, df1 = df1, df2 = df2, eta = e2$Eta2_partial, lo2 = e2$CI_low, hi2 = e2$CI_high, lo1 = e1$CI_low, hi1 = e1$CI_high,
                tight2 = nt / (nt + df2), tight1_lo = ng[1] / (ng[1] + df2),
                omega = F_to_omega2(Fv, df1, df2)$Omega2_partial, pf_ncp = pf(3, 2, 20, ncp = 4), pchisq_ncp = pchisq(5, 2, ncp = 1.5))
# overlap
out$overlap <- list(d = 0.5, u3 = d_to_u3(0.5), ovl = d_to_overlap(0.5), ps = d_to_p_superiority(0.5),
                    u3_neg = d_to_u3(-0.8), ovl_neg = d_to_overlap(-0.8))
# contingency tables
tab <- matrix(c(12, 5, 8, 15, 5, 9), 2)   # rows: 12 8 5 / 5 15 9
tab22 <- matrix(c(12, 5, 8, 15), 2)       # [[12, 8], [5, 15]]
v0 <- cramers_v(tab, adjust = FALSE, alternative = "two.sided"); v1 <- cramers_v(tab, adjust = TRUE)
v0g <- cramers_v(tab, adjust = FALSE)
p0 <- phi(tab22, adjust = FALSE, alternative = "two.sided")
w0 <- cohens_w(tab, alternative = "two.sided")
chi <- unname(chisq.test(tab, correct = FALSE)$statistic)
ncpC <- function(chi, df, level, alt) {
  a <- if (alt == "two.sided") (1 - level) / 2 else 1 - level
  lo <- if (pchisq(chi, df, 0) <= 1 - a) 0 else uniroot(function(l) pchisq(chi, df, l) - (1 - a), c(0, 200), tol = 1e-13)$root
  hi <- if (alt == "greater") Inf else uniroot(function(l) pchisq(chi, df, l) - a, c(0, 200), tol = 1e-13)$root
  c(lo, hi)
}
lc <- ncpC(chi, 2, 0.95, "two.sided"); N <- sum(tab)
h <- cohens_h(tab22)   # rows = groups
rr <- riskratio(tab22)
katz_se <- sqrt(1 / 12 - 1 / 20 + 1 / 5 - 1 / 20); RR <- (12 / 20) / (5 / 20)
out$tables <- list(
  V = v0$Cramers_v, V_lo = v0$CI_low, V_hi = v0$CI_high, V_tight = sqrt(lc / (N * 1)),
  V_adj = v1$Cramers_v_adjusted, V_greater_lo = v0g$CI_low,
  phi = p0$phi, phi_lo = p0$CI_low, phi_hi = p0$CI_high,
  w = w0$Cohens_w, w_lo = w0$CI_low, w_hi = w0$CI_high,
  h = h$Cohens_h, h_lo = h$CI_low, h_hi = h$CI_high,
  rr = RR, rr_lo = RR * exp(-qnorm(0.975) * katz_se), rr_hi = RR * exp(qnorm(0.975) * katz_se),
  rr_effectsize_0_8_3 = c(rr$Risk_ratio, rr$CI_low, rr$CI_high))
# eta squared of a one-way ANOVA with its CI (effectsize eta_squared on aov)
yo <- c(4, 5, 6, 6, 7, 8, 9, 9, 10, 5, 7, 8); go <- factor(rep(c("a", "b", "c"), each = 4))
eo <- eta_squared(aov(yo ~ go), alternative = "two.sided", ci = 0.95)
eg <- eta_squared(aov(yo ~ go), ci = 0.95)
out$oneway_eta <- list(y = yo, g = as.character(go), eta = eo$Eta2, lo = eo$CI_low, hi = eo$CI_high, lo_greater = eg$CI_low)
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE), "tests/reference/effsize2.json")
