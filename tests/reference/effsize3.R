# Reference values for the CIs of ω² and ε² (noncentral F, effectsize's conversion), rank ε² (Kruskal–Wallis) and
# Kendall's W (Friedman) with their percentile-bootstrap CIs.
# Run from the repo root: Rscript tests/reference/effsize3.R  -> tests/reference/effsize3.json
# Data simulated here (set.seed). Synthetic data.
#
# effectsize 0.8.3 computes the CI of ω² and ε² by turning the (truncated) estimate into the F it would have as an
# η²-type ratio, F* = (ES/df)/((1 − ES)/df_error), and putting F* through the noncentral-F CI of η² (F_to_eta2).
# Its default is the one-sided interval (alternative = "greater": level 2·ci − 1, upper bound 1).
# Bootstrap CIs cannot match R's generator: for rank ε² and W we record R's percentile endpoints over 20 seeds
# (2000 resamples each) so the tests can compare ours with R's Monte-Carlo spread.
suppressMessages({ library(effectsize); library(jsonlite); library(car) })
set.seed(20261204)
out <- list(generated_by = "tests/reference/effsize3.R", R_version = R.version.string,
            effectsize_version = as.character(packageVersion("effectsize")))
# tight noncentral-F limits by uniroot (effectsize uses optim, ~1e-5)
ncpF <- function(f, d1, d2, level, alt) {
  a <- if (alt == "two.sided") (1 - level) / 2 else 1 - level
  lo <- if (pf(f, d1, d2, 0) <= 1 - a) 0 else uniroot(function(l) pf(f, d1, d2, l) - (1 - a), c(0, 500), tol = 1e-13)$root
  hi <- if (alt == "greater") Inf else if (pf(f, d1, d2, 0) <= a) 0 else uniroot(function(l) pf(f, d1, d2, l) - a, c(0, 500), tol = 1e-13)$root
  c(lo, hi)
}
# effectsize's conversion, with tight limits: ES -> F* -> λ limits -> λ/(λ + df_error)
tight <- function(es, d1, d2, level, alt) {
  es <- max(0, es)
  fs <- (es / d1) / ((1 - es) / d2)
  l <- ncpF(fs, d1, d2, level, alt)
  ifelse(is.infinite(l), 1, l / (l + d2))
}
# 1. from a reported F
fcase <- function(Fv, d1, d2) {
  o2 <- F_to_omega2(Fv, d1, d2, alternative = "two.sided"); o1 <- F_to_omega2(Fv, d1, d2)
  e2 <- F_to_epsilon2(Fv, d1, d2, alternative = "two.sided"); e1 <- F_to_epsilon2(Fv, d1, d2)
  list(F = Fv, df1 = d1, df2 = d2,
       omega = o2$Omega2_partial, omega_lo = o2$CI_low, omega_hi = o2$CI_high, omega_greater_lo = o1$CI_low, omega_greater_hi = o1$CI_high,
       omega_tight = tight(o2$Omega2_partial, d1, d2, 0.95, "two.sided"), omega_tight_greater = tight(o2$Omega2_partial, d1, d2, 0.95, "greater"),
       epsilon = e2$Epsilon2_partial, epsilon_lo = e2$CI_low, epsilon_hi = e2$CI_high, epsilon_greater_lo = e1$CI_low,
       epsilon_tight = tight(e2$Epsilon2_partial, d1, d2, 0.95, "two.sided"), epsilon_tight_greater = tight(e2$Epsilon2_partial, d1, d2, 0.95, "greater"),
       omega_tight_90 = tight(o2$Omega2_partial, d1, d2, 0.90, "two.sided"))
}
out$from_F <- list(fcase(4.5, 2, 40), fcase(12.3, 3, 96), fcase(0.8, 2, 30), fcase(2.1, 1, 58))
# 2. one-way ANOVA (omega_squared / epsilon_squared on aov: for one factor the non-partial value)
g1 <- factor(rep(c("a", "b", "c"), times = c(14, 17, 15)))
y1 <- round(c(rnorm(14, 20, 4), rnorm(17, 23, 4), rnorm(15, 24.5, 4)), 1)
fit1 <- aov(y1 ~ g1); tab1 <- summary(fit1)[[1]]
o2 <- omega_squared(fit1, alternative = "two.sided", verbose = FALSE); o1 <- omega_squared(fit1, verbose = FALSE)
e2 <- epsilon_squared(fit1, alternative = "two.sided", verbose = FALSE); e1 <- epsilon_squared(fit1, verbose = FALSE)
out$oneway <- list(y = y1, g = as.character(g1), F = tab1$`F value`[1], df1 = tab1$Df[1], df2 = tab1$Df[2],
                   omega = o2$Omega2, omega_lo = o2$CI_low, omega_hi = o2$CI_high, omega_greater_lo = o1$CI_low, omega_greater_hi = o1$CI_high,
                   omega_tight = tight(o2$Omega2, tab1$Df[1], tab1$Df[2], 0.95, "two.sided"),
                   omega_tight_greater = tight(o2$Omega2, tab1$Df[1], tab1$Df[2], 0.95, "greater"),
                   epsilon = e2$Epsilon2, epsilon_lo = e2$CI_low, epsilon_hi = e2$CI_high, epsilon_greater_lo = e1$CI_low,
                   epsilon_tight = tight(e2$Epsilon2, tab1$Df[1], tab1$Df[2], 0.95, "two.sided"))
# 3. two-way ANOVA, type III (sum coding), partial ω² and ε² per term
A <- factor(rep(c("x", "y"), times = c(25, 23)))
B <- factor(c(rep(c("p", "q", "r"), length.out = 25), rep(c("p", "q", "r"), length.out = 23)))
y2 <- round(10 + 2 * (A == "y") + c(p = 0, q = 1, r = 2.5)[as.character(B)] + 1.5 * (A == "y") * (B == "r") + rnorm(48, 0, 2.5), 1)
fit2 <- lm(y2 ~ A * B, contrasts = list(A = "contr.sum", B = "contr.sum"))
av2 <- car::Anova(fit2, type = 3)
po <- omega_squared(av2, partial = TRUE, alternative = "two.sided", verbose = FALSE)
pe <- epsilon_squared(av2, partial = TRUE, alternative = "two.sided", verbose = FALSE)
pog <- omega_squared(av2, partial = TRUE, verbose = FALSE)
dfe <- av2$Df[rownames(av2) == "Residuals"]
terms2 <- c("A", "B", "A:B")
out$twoway <- list(y = y2, a = as.character(A), b = as.character(B), terms = po$Parameter,
                   F = av2[terms2, "F value"], df = av2[terms2, "Df"], df_error = dfe,
                   omega = po$Omega2_partial, omega_lo = po$CI_low, omega_hi = po$CI_high, omega_greater_lo = pog$CI_low,
                   omega_tight = lapply(seq_along(terms2), function(i) tight(po$Omega2_partial[i], av2[terms2[i], "Df"], dfe, 0.95, "two.sided")),
                   epsilon = pe$Epsilon2_partial, epsilon_lo = pe$CI_low, epsilon_hi = pe$CI_high,
                   epsilon_tight = lapply(seq_along(terms2), function(i) tight(pe$Epsilon2_partial[i], av2[terms2[i], "Df"], dfe, 0.95, "two.sided")))
# effectsize's optim() can stop short: for A:B (F* < 1) its upper ε² limit is 0.1510, the equation's root 0.1561
out$twoway$effectsize_optim_gap <- abs(unlist(out$twoway$epsilon_tight)[c(2, 4, 6)] - pe$CI_high)
# 4. rank ε² (Kruskal–Wallis) with ties, percentile bootstrap within groups
g3 <- factor(rep(c("a", "b", "c", "d"), times = c(9, 11, 10, 12)))
y3 <- round(c(rnorm(9, 3, 1.2), rnorm(11, 3.6, 1.2), rnorm(10, 4.1, 1.2), rnorm(12, 3.3, 1.2)))
re <- rank_epsilon_squared(y3, g3, alternative = "two.sided", iterations = 2000)
kw <- kruskal.test(y3, g3)
spread <- function(fun) {
  m <- t(sapply(1:20, function(s) { set.seed(1000 + s); r <- fun(); c(r$CI_low, r$CI_high) }))
  list(lo = m[, 1], hi = m[, 2], lo_mean = mean(m[, 1]), hi_mean = mean(m[, 2]), lo_sd = sd(m[, 1]), hi_sd = sd(m[, 2]))
}
out$rank_epsilon <- list(y = y3, g = as.character(g3), H = unname(kw$statistic), estimate = re$rank_epsilon_squared,
                         ci_method = attr(re, "ci_method")$method,
                         two_sided = spread(function() rank_epsilon_squared(y3, g3, alternative = "two.sided", iterations = 2000)),
                         greater = spread(function() rank_epsilon_squared(y3, g3, iterations = 2000)))
# 5. Kendall's W (Friedman): 15 participants (rows) × 4 conditions, with ties
base <- rnorm(15, 0, 1)
m4 <- round(sapply(c(0, 0.4, 0.9, 0.5), function(s) base + s + rnorm(15, 0, 0.9)) * 2) / 2
kwf <- friedman.test(m4)
w <- kendalls_w(m4, alternative = "two.sided", iterations = 2000, verbose = FALSE)
out$kendalls_w <- list(conditions = lapply(1:4, function(j) m4[, j]), chi = unname(kwf$statistic), estimate = w$Kendalls_W,
                       ci_method = attr(w, "ci_method")$method,
                       two_sided = spread(function() kendalls_w(m4, alternative = "two.sided", iterations = 2000, verbose = FALSE)),
                       greater = spread(function() kendalls_w(m4, iterations = 2000, verbose = FALSE)))
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE), "tests/reference/effsize3.json")
