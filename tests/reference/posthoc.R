# Reference values for studentized-range.ts, posthoc.ts, k-sample-tests.ts, repeatedMeasuresAnova (mixed-anova.ts),
# twoWayAnova (anova.ts) and the Šidák adjustments (multicomp.ts).
# Run from the repo root: Rscript tests/reference/posthoc.R  -> tests/reference/posthoc.json
# Data simulated here (set.seed). Synthetic data.
suppressMessages({ library(car); library(effectsize); library(jsonlite) })
set.seed(20261207)
out <- list(generated_by = "tests/reference/posthoc.R", R_version = R.version.string,
            car_version = as.character(packageVersion("car")), effectsize_version = as.character(packageVersion("effectsize")))

# ptukey / qtukey grid
grid <- expand.grid(q = c(0.5, 1.5, 2.5, 3.5, 5, 8), k = c(2, 3, 5, 10), df = c(2, 5, 20, 120, Inf))
grid$p <- mapply(function(q, k, df) ptukey(q, k, df), grid$q, grid$k, grid$df)
grid$upper <- mapply(function(q, k, df) ptukey(q, k, df, lower.tail = FALSE), grid$q, grid$k, grid$df)
qg <- expand.grid(p = c(0.9, 0.95, 0.99), k = c(2, 3, 6), df = c(3, 10, 60))
qg$q <- mapply(qtukey, qg$p, qg$k, qg$df)
out$ptukey <- list(q = grid$q, k = grid$k, df = ifelse(is.finite(grid$df), grid$df, -1), p = grid$p, upper = grid$upper)
out$qtukey <- qg
# R's ptukey is accurate to about 1e-8 only for moderate df (and to ~1e-4 at df = 2, k = 2): an independent
# evaluation of the defining double integral with R's integrate (QUADPACK) at tight tolerance for small df
W <- function(w, k) sapply(w, function(ww) k * integrate(function(z) dnorm(z) * (pnorm(z) - pnorm(z - ww))^(k - 1),
                                                      -Inf, Inf, rel.tol = 1e-13, abs.tol = 0)$value)
ptk <- function(q, k, df) integrate(function(s) exp(log(2) + (df / 2) * log(df / 2) - lgamma(df / 2) + (df - 1) * log(s) - df * s^2 / 2) * W(q * s, k),
                                    0, Inf, rel.tol = 1e-12, abs.tol = 0)$value
small <- expand.grid(q = c(1.5, 3.5, 8), k = c(3, 10), df = c(2, 5))
small$p <- mapply(ptk, small$q, small$k, small$df)
out$ptukey_integrate <- small

# one-way data, unequal n and variances
g <- rep(c("control", "homestart", "norm"), c(14, 19, 11))
y <- round(c(rnorm(14, 20, 3), rnorm(19, 23, 5), rnorm(11, 21, 2)), 2)
y[5] <- NA
d <- data.frame(y, g = factor(g))
tk <- TukeyHSD(aov(y ~ g, data = d))$g
dd <- na.omit(d)
gh <- (function() {
  lv <- levels(dd$g); k <- length(lv); res <- NULL
  for (i in 1:(k - 1)) for (j in (i + 1):k) {
    a <- dd$y[dd$g == lv[i]]; b <- dd$y[dd$g == lv[j]]
    vi <- var(a) / length(a); vj <- var(b) / length(b)
    se <- sqrt(vi + vj); df <- (vi + vj)^2 / (vi^2 / (length(a) - 1) + vj^2 / (length(b) - 1))
    diff <- mean(b) - mean(a); q <- sqrt(2) * abs(diff) / se
    half <- qtukey(0.95, k, df) / sqrt(2) * se
    res <- rbind(res, c(diff = diff, se = se, df = df, q = q, p = ptukey(q, k, df, lower.tail = FALSE), lower = diff - half, upper = diff + half))
  }
  res
})()
ut <- function(m) m[lower.tri(m, diag = TRUE)][!is.na(m[lower.tri(m, diag = TRUE)])]
pt_pool_holm <- pairwise.t.test(d$y, d$g, p.adjust.method = "holm")$p.value
pt_welch_bh <- pairwise.t.test(d$y, d$g, p.adjust.method = "BH", pool.sd = FALSE)$p.value
pt_none <- pairwise.t.test(d$y, d$g, p.adjust.method = "none")$p.value
pw_bonf <- suppressWarnings(pairwise.wilcox.test(d$y, d$g, p.adjust.method = "bonferroni")$p.value)
pw_none <- suppressWarnings(pairwise.wilcox.test(d$y, d$g, p.adjust.method = "none")$p.value)
kw <- kruskal.test(y ~ g, data = d)
out$oneway <- list(y = d$y, g = g,
  tukey_diff = unname(tk[, "diff"]), tukey_lower = unname(tk[, "lwr"]), tukey_upper = unname(tk[, "upr"]), tukey_p = unname(tk[, "p adj"]),
  gh_diff = unname(gh[, "diff"]), gh_se = unname(gh[, "se"]), gh_df = unname(gh[, "df"]), gh_q = unname(gh[, "q"]),
  gh_p = unname(gh[, "p"]), gh_lower = unname(gh[, "lower"]), gh_upper = unname(gh[, "upper"]),
  # pairwise.*.test matrices are lower-triangular (row j > col i): order (b-a, c-a, c-b)
  pt_pool_holm = c(pt_pool_holm[1, 1], pt_pool_holm[2, 1], pt_pool_holm[2, 2]),
  pt_welch_bh = c(pt_welch_bh[1, 1], pt_welch_bh[2, 1], pt_welch_bh[2, 2]),
  pt_none = c(pt_none[1, 1], pt_none[2, 1], pt_none[2, 2]),
  pw_bonf = c(pw_bonf[1, 1], pw_bonf[2, 1], pw_bonf[2, 2]),
  pw_none = c(pw_none[1, 1], pw_none[2, 1], pw_none[2, 2]),
  kw_H = unname(kw$statistic), kw_df = unname(kw$parameter), kw_p = kw$p.value,
  kw_eps2 = rank_epsilon_squared(y ~ g, data = dd, ci = NULL)$rank_epsilon_squared)
pv <- c(0.01, 0.04, 0.03, 0.2, 0.005)
m <- length(pv); o <- order(pv)
hs <- numeric(m); run <- 0
for (i in seq_along(o)) { run <- max(run, 1 - (1 - pv[o[i]])^(m - i + 1)); hs[o[i]] <- min(1, run) }
out$sidak <- list(p = pv, sidak = 1 - (1 - pv)^m, holm_sidak = hs)

# Friedman and Cochran's Q (wide: rows = participants)
n <- 18
Y <- cbind(t1 = round(rnorm(n, 10, 2)), t2 = round(rnorm(n, 11, 2)), t3 = round(rnorm(n, 12, 2)))
fr <- friedman.test(Y)
B <- cbind(a = rbinom(n, 1, 0.3), b = rbinom(n, 1, 0.5), c = rbinom(n, 1, 0.7))
cq <- friedman.test(B)
kwd <- suppressWarnings(kendalls_w(Y, ci = NULL))
out$friedman <- list(t1 = Y[, 1], t2 = Y[, 2], t3 = Y[, 3], chi = unname(fr$statistic), df = unname(fr$parameter), p = fr$p.value,
                     W = kwd$Kendalls_W,
                     a = B[, 1], b = B[, 2], c = B[, 3], cochran_Q = unname(cq$statistic), cochran_p = cq$p.value)

# one-way repeated measures (4 waves), car and aov
n <- 16
subj <- rnorm(n, 0, 3)
W <- sapply(1:4, function(t) round(20 + subj + c(0, 1, 1.5, 3)[t] + rnorm(n, 0, 1 + 0.5 * t), 2))
colnames(W) <- paste0("t", 1:4)
idata <- data.frame(time = factor(paste0("t", 1:4)))
mlm <- lm(W ~ 1)
av <- Anova(mlm, idata = idata, idesign = ~time, type = 3)
sm <- summary(av, multivariate = FALSE)
uni <- sm$univariate.tests; sp <- sm$sphericity.tests; pc <- sm$pval.adjustments
long <- data.frame(id = factor(rep(1:n, 4)), time = factor(rep(colnames(W), each = n)), y = as.vector(W))
ge <- eta_squared(aov(y ~ time + Error(id / time), data = long), generalized = TRUE, ci = NULL)
pe <- eta_squared(aov(y ~ time + Error(id / time), data = long), partial = TRUE, ci = NULL)
out$rm <- list(waves = lapply(1:4, function(t) W[, t]),
  ss_time = uni["time", "Sum Sq"], ss_error = uni["time", "Error SS"], df1 = uni["time", "num Df"], df2 = uni["time", "den Df"],
  F = uni["time", "F value"], p = uni["time", "Pr(>F)"], ss_subjects = uni["(Intercept)", "Error SS"],
  mauchly_W = sp["time", "Test statistic"], mauchly_p = sp["time", "p-value"],
  gg = pc["time", "GG eps"], gg_p = pc["time", "Pr(>F[GG])"], hf = pc["time", "HF eps"], hf_p = pc["time", "Pr(>F[HF])"],
  ges = ge$Eta2_generalized[ge$Parameter == "time"], pes = pe$Eta2_partial[pe$Parameter == "time"])
ex <- cbind(c(5, 6, 7, 5, 6), c(6, 8, 8, 7, 7), c(8, 9, 9, 8, 10))
exl <- data.frame(id = factor(rep(1:5, 3)), time = factor(rep(1:3, each = 5)), y = as.vector(ex))
out$rm_example_F <- summary(aov(y ~ time + Error(id / time), data = exl))[["Error: id:time"]][[1]][1, "F value"]

# two-way between (unbalanced 2 x 3)
A <- factor(sample(c("a1", "a2"), 70, TRUE)); Bf <- factor(sample(c("b1", "b2", "b3"), 70, TRUE))
yy <- round(rnorm(70, 10 + (A == "a2") * 1.5 + (Bf == "b3") * 1 + (A == "a2") * (Bf == "b2") * 1.5, 2), 2)
yy[c(2, 9)] <- NA
fs <- lm(yy ~ A * Bf, contrasts = list(A = "contr.sum", Bf = "contr.sum"))
t2 <- Anova(fs, type = 2); t3 <- Anova(fs, type = 3)
o3 <- omega_squared(t3, partial = TRUE, ci = NULL)
e3 <- eta_squared(t3, partial = TRUE, ci = NULL)
out$twoway <- list(y = yy, A = as.character(A), B = as.character(Bf),
  ss2 = t2$`Sum Sq`[1:3], F2 = t2$`F value`[1:3], p2 = t2$`Pr(>F)`[1:3],
  ss3 = t3$`Sum Sq`[2:4], F3 = t3$`F value`[2:4], p3 = t3$`Pr(>F)`[2:4], df = t3$Df[2:4], df_error = t3$Df[5],
  pes3 = e3$Eta2_partial, pos3_raw = (t3$`Sum Sq`[2:4] - t3$Df[2:4] * t3$`Sum Sq`[5] / t3$Df[5]) /
    (t3$`Sum Sq`[2:4] + (sum(!is.na(yy)) - t3$Df[2:4]) * t3$`Sum Sq`[5] / t3$Df[5]), pos3 = o3$Omega2_partial)
ey <- c(3, 4, 5, 6, 7, 8, 5, 6, 9, 10, 12, 11); ea <- rep(c("x", "y"), each = 6); eb <- rep(rep(c("p", "q", "r"), each = 2), 2)
out$twoway_example_F <- Anova(lm(ey ~ ea * eb, contrasts = list(ea = "contr.sum", eb = "contr.sum")), type = 3)$`F value`[2]
out$examples <- list(
  tukey_ac = TukeyHSD(aov(c(4, 5, 6, 6, 7, 8, 9, 9, 10) ~ factor(rep(c("a", "b", "c"), each = 3))))[[1]][2, "p adj"],
  pt_ac = pairwise.t.test(c(4, 5, 6, 6, 7, 8, 9, 9, 10), rep(c("a", "b", "c"), each = 3))$p.value[2, 1],
  pw_ac = wilcox.test(7:9, 1:3)$p.value,
  kw = unname(kruskal.test(1:9, factor(rep(c("a", "b", "c"), each = 3)))$statistic),
  friedman_p = friedman.test(cbind(c(1, 2, 1, 2), c(2, 3, 3, 3), c(3, 1, 2, 4)))$p.value,
  cochran = unname(friedman.test(cbind(c(1, 1, 0, 1, 1), c(0, 1, 0, 0, 1), c(0, 0, 0, 0, 1)))$statistic),
  ptukey = ptukey(3.5, 3, 20), qtukey = qtukey(0.95, 3, 20))
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, na = "null"), "tests/reference/posthoc.json")
