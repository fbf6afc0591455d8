# Reference values for src/stats/effsize/*.ts.
# Run from the repo root: Rscript tests/reference/effsize.R  ->  tests/reference/effsize.json
#
# Independent groups: effectsize::cohens_d / hedges_g / glass_delta (ci_method "ncp"), plus the same CIs with the
#   noncentral-t limits solved by uniroot(tol = 1e-12) (effectsize's optim() is only ~1e-4 accurate);
#   cor.test (point-biserial), effectsize::rank_biserial, effectsize::p_superiority, McGraw & Wong by formula.
# Paired: d_z via effectsize::cohens_d on the differences; d_rm, d_av (effectsize's rms version and Lakens's mean-SD
#   version), d_b by the formulas of effectsize >= 0.8.7 `.paired_d` (installed 0.8.3 lacks repeated_measures_d);
#   effectsize::rank_biserial(paired = TRUE).
# Morris (2008) d_ppc2 with eq. 25 variance: the five Carlson & Schmidt (1999) studies of Morris's example, and raw data.
# 2x2 tables: effectsize::oddsratio, fisher.test, a tight-tolerance conditional MLE, prop.test Wald and Newcombe.
suppressPackageStartupMessages({ library(jsonlite); library(effectsize) })
set.seed(8675309)

ncp_ci <- function(t, df, level) {
  a <- 1 - level
  f <- function(d, target) suppressWarnings(pt(t, df, d)) - target
  w <- 20 + 5 * abs(t)
  c(uniroot(f, c(t - w, t + w), target = 1 - a / 2, tol = 1e-13)$root,
    uniroot(f, c(t - w, t + w), target = a / 2, tol = 1e-13)$root)
}
J <- function(df) exp(lgamma(df / 2) - log(sqrt(df / 2)) - lgamma((df - 1) / 2))
num <- function(v) ifelse(is.na(v), NA, v)

# ---------------- independent groups ----------------
indep_case <- function(x, y, level = 0.95) {
  xx <- x[!is.na(x)]; yy <- y[!is.na(y)]
  n1 <- length(xx); n2 <- length(yy)
  cd <- cohens_d(xx, yy, ci = level); hg <- hedges_g(xx, yy, ci = level); gd <- glass_delta(xx, yy, ci = level)
  sp <- sqrt(((n1 - 1) * var(xx) + (n2 - 1) * var(yy)) / (n1 + n2 - 2))
  d <- (mean(xx) - mean(yy)) / sp
  hn <- 1 / n1 + 1 / n2
  lim <- ncp_ci(d / sqrt(hn), n1 + n2 - 2, level) * sqrt(hn)
  delta <- (mean(xx) - mean(yy)) / sd(yy)
  hd <- 1 / n2 + var(xx) / (n1 * var(yy))
  limd <- ncp_ci(delta / sqrt(hd), n2 - 1, level) * sqrt(hd)
  g <- c(rep(1, n1), rep(0, n2))
  ct <- cor.test(c(xx, yy), g, conf.level = level)
  rb <- rank_biserial(xx, yy, ci = level)
  psn <- p_superiority(xx, yy, parametric = FALSE, ci = level)
  psp <- p_superiority(xx, yy, parametric = TRUE, ci = level)
  list(
    x = x, y = y, level = level,
    d = cd$Cohens_d, d_lo = cd$CI_low, d_hi = cd$CI_high, d_lo_exact = lim[1], d_hi_exact = lim[2],
    g = hg$Hedges_g, g_lo = hg$CI_low, g_hi = hg$CI_high, J = J(n1 + n2 - 2),
    delta = gd$Glass_delta, delta_lo = gd$CI_low, delta_hi = gd$CI_high, delta_lo_exact = limd[1], delta_hi_exact = limd[2],
    r_pb = unname(ct$estimate), r_pb_lo = ct$conf.int[1], r_pb_hi = ct$conf.int[2],
    r_rb = rb$r_rank_biserial, r_rb_lo = rb$CI_low, r_rb_hi = rb$CI_high,
    ps_np = psn[[1]], ps_np_lo = psn$CI_low, ps_np_hi = psn$CI_high,
    ps_p = psp[[1]], ps_p_lo = psp$CI_low, ps_p_hi = psp$CI_high,
    cl_mw = pnorm((mean(xx) - mean(yy)) / sqrt(var(xx) + var(yy)))
  )
}
indep <- list(
  indep_case(round(rnorm(12, 10, 2), 1), round(rnorm(15, 8.5, 2.5), 1)),
  indep_case(round(rnorm(30, 0.3, 1), 3), round(rnorm(30, 0, 1), 3)),
  indep_case(c(5, 6, 7, 8, 9), c(3, 4, 5, 6, 7)),
  indep_case(c(round(rnorm(50, 24, 6)), NA, NA), c(round(rnorm(40, 21, 5)), NA), level = 0.9),
  indep_case(round(rnorm(8, 3, 1), 2), round(rnorm(9, 0, 1.5), 2), level = 0.99),
  indep_case(c(3, 5, 6, 9), c(1, 2, 4, 5))
)

# ---------------- paired ----------------
paired_case <- function(x, y, level = 0.95) {
  ok <- !is.na(x) & !is.na(y); x <- x[ok]; y <- y[ok]
  n <- length(x); D <- x - y; m <- mean(D); r <- cor(x, y); f <- 2 * (1 - r); z <- qnorm(1 - (1 - level) / 2)
  dz <- cohens_d(D, ci = level)
  limz <- ncp_ci(m / sd(D) * sqrt(n), n - 1, level) / sqrt(n)
  d_rm <- m / (sd(D) / sqrt(f)); se_rm <- sqrt((1 / n + d_rm^2 / (2 * n)) * f)
  s_rms <- sqrt((var(x) + var(y)) / 2); d_avr <- m / s_rms; se_avr <- sqrt(var(D) / n) / s_rms
  s_l <- (sd(x) + sd(y)) / 2; d_avl <- m / s_l; se_avl <- sqrt(var(D) / n) / s_l
  d_b <- m / sd(y); se_b <- sqrt(f / n + d_b^2 / (2 * n))
  rbp <- rank_biserial(x, y, paired = TRUE, ci = level)
  list(level = level, n = n, r = r, J = J(n - 1),
       d_z = dz$Cohens_d, d_z_lo = dz$CI_low, d_z_hi = dz$CI_high, d_z_lo_exact = limz[1], d_z_hi_exact = limz[2],
       d_rm = d_rm, d_rm_lo = d_rm - z * se_rm, d_rm_hi = d_rm + z * se_rm,
       d_av_rms = d_avr, d_av_rms_lo = d_avr - z * se_avr, d_av_rms_hi = d_avr + z * se_avr,
       d_av = d_avl, d_av_lo = d_avl - z * se_avl, d_av_hi = d_avl + z * se_avl,
       d_b = d_b, d_b_lo = d_b - z * se_b, d_b_hi = d_b + z * se_b,
       r_rb = rbp$r_rank_biserial, r_rb_lo = rbp$CI_low, r_rb_hi = rbp$CI_high)
}
pre1 <- round(rnorm(25, 20, 5)); post1 <- round(pre1 + rnorm(25, 2, 4))
pre2 <- round(rnorm(40, 50, 10), 1); post2 <- round(0.6 * pre2 + 22 + rnorm(40, 0, 7), 1); post2[c(3, 17)] <- NA
paired_raw <- list(list(x = post1, y = pre1), list(x = post2, y = pre2, level = 0.9),
                   # Lakens (2013) movie ratings, Table 1 (x = movie 1, y = movie 2)
                   list(x = c(9, 7, 8, 9, 8, 9, 9, 10, 9, 9), y = c(9, 6, 7, 8, 7, 9, 8, 8, 8, 7)))
paired <- lapply(paired_raw, function(p) c(list(x = p$x, y = p$y), paired_case(p$x, p$y, if (is.null(p$level)) 0.95 else p$level)))

# ---------------- Morris (2008) ----------------
morris <- function(mpreT, mpostT, sdT, nT, mpreC, mpostC, sdC, nC, rho, level = 0.95) {
  sp <- sqrt(((nT - 1) * sdT^2 + (nC - 1) * sdC^2) / (nT + nC - 2))
  cp <- 1 - 3 / (4 * (nT + nC - 2) - 1)
  d <- cp * ((mpostT - mpreT) - (mpostC - mpreC)) / sp
  k <- (nT + nC) / (nT * nC)
  v <- 2 * cp^2 * (1 - rho) * k * ((nT + nC - 2) / (nT + nC - 4)) * (1 + d^2 / (2 * (1 - rho) * k)) - d^2
  z <- qnorm(1 - (1 - level) / 2)
  list(d = d, var = v, lo = d - z * sqrt(v), hi = d + z * sqrt(v))
}
# Carlson & Schmidt (1999) studies as used by Morris (2008), Table 2
cs <- data.frame(mpreT = c(30.6, 23.5, 0.5, 53.4, 35.6), mpostT = c(38.5, 26.8, 0.7, 75.9, 36.0),
                 sdT = c(15.0, 3.1, 0.1, 14.5, 4.7), nT = c(20, 50, 9, 10, 14),
                 mpreC = c(23.1, 24.9, 0.6, 55.7, 34.8), mpostC = c(19.7, 25.3, 0.6, 60.7, 33.4),
                 sdC = c(13.8, 4.1, 0.2, 17.3, 3.1), nC = c(20, 42, 9, 11, 14), rho = c(0.47, 0.64, 0.77, 0.89, 0.44))
morris_summary <- lapply(seq_len(nrow(cs)), function(i) c(as.list(cs[i, ]), with(cs[i, ], morris(mpreT, mpostT, sdT, nT, mpreC, mpostC, sdC, nC, rho))))
preT <- round(rnorm(18, 30, 6)); postT <- round(preT + rnorm(18, 5, 4)); preC <- round(rnorm(20, 31, 6)); postC <- round(preC + rnorm(20, 1, 4))
postT[5] <- NA
okT <- !is.na(preT) & !is.na(postT)
wc <- function(a, b) sum((a - mean(a)) * (b - mean(b)))
rho_pool <- (wc(preT[okT], postT[okT]) + wc(preC, postC)) / sqrt((wc(preT[okT], preT[okT]) + wc(preC, preC)) * (wc(postT[okT], postT[okT]) + wc(postC, postC)))
morris_raw <- c(list(preT = preT, postT = postT, preC = preC, postC = postC, rho = rho_pool),
                morris(mean(preT[okT]), mean(postT[okT]), sd(preT[okT]), sum(okT), mean(preC), mean(postC), sd(preC), length(preC), rho_pool))

# ---------------- 2x2 tables ----------------
cond_mle <- function(tab, level) {
  a <- tab[1, 1]; m <- sum(tab[, 1]); n <- sum(tab[, 2]); k <- sum(tab[1, ])
  lo <- max(0, k - n); hi <- min(k, m); s <- lo:hi
  lw <- dhyper(s, m, n, k, log = TRUE)
  dn <- function(lp) { e <- lw + s * lp; e <- exp(e - max(e)); e / sum(e) }
  al <- (1 - level) / 2
  est <- if (a == lo) 0 else if (a == hi) Inf else exp(uniroot(function(lp) sum(s * dn(lp)) - a, c(-30, 30), tol = 1e-13)$root)
  L <- if (a == lo) 0 else exp(uniroot(function(lp) sum(dn(lp)[s >= a]) - al, c(-30, 30), tol = 1e-13)$root)
  U <- if (a == hi) Inf else exp(uniroot(function(lp) sum(dn(lp)[s <= a]) - al, c(-30, 30), tol = 1e-13)$root)
  c(est, L, U)
}
wilson <- function(x, n, level) prop.test(x, n, correct = FALSE, conf.level = level)$conf.int
table_case <- function(a, b, c, d, level = 0.95) {
  tab <- matrix(c(a, c, b, d), 2)  # rows: groups; columns: event, no event
  or <- oddsratio(tab, ci = level)
  ft <- fisher.test(tab, conf.level = level)
  cm <- cond_mle(tab, level)
  n1 <- a + b; n2 <- c + d; p1 <- a / n1; p2 <- c / n2
  wald <- prop.test(c(a, c), c(n1, n2), correct = FALSE, conf.level = level)$conf.int
  w1 <- wilson(a, n1, level); w2 <- wilson(c, n2, level)
  rd <- p1 - p2
  list(table = list(c(a, b), c(c, d)), level = level,
       or = or$Odds_ratio, or_lo = or$CI_low, or_hi = or$CI_high,
       fisher_est = unname(ft$estimate), fisher_lo = ft$conf.int[1], fisher_hi = ft$conf.int[2],
       cmle_est = cm[1], cmle_lo = cm[2], cmle_hi = cm[3],
       rd = rd, rd_wald_lo = wald[1], rd_wald_hi = wald[2],
       rd_newcombe_lo = rd - sqrt((p1 - w1[1])^2 + (w2[2] - p2)^2), rd_newcombe_hi = rd + sqrt((w1[2] - p1)^2 + (p2 - w2[1])^2))
}
tables <- list(table_case(12, 8, 5, 15), table_case(30, 70, 18, 82, 0.9), table_case(3, 17, 9, 11), table_case(45, 5, 38, 12, 0.99))

# ---------------- interpretation rules ----------------
vals <- c(0, 0.05, 0.1, 0.12, 0.15, 0.19999, 0.2, 0.24, 0.3, 0.36, 0.41, 0.5, 0.65, 0.79, 0.8, 1.2, 2, 2.5, -0.5, -0.8, -0.1)
lab <- function(x) as.character(unclass(x))
interp <- list(
  values = vals,
  d = lapply(setNames(nm = c("cohen1988", "sawilowsky2009", "lovakov2021", "gignac2016")), function(r) lab(interpret_cohens_d(vals, rules = r))),
  r = lapply(setNames(nm = c("funder2019", "cohen1988", "gignac2016", "lovakov2021")), function(r) lab(interpret_r(vals, rules = r))),
  custom_right_true = lab(interpret(abs(vals), rules(c(0.2, 0.5), c("low", "mid", "high"), right = TRUE))),
  custom_right_false = lab(interpret(abs(vals), rules(c(0.2, 0.5), c("low", "mid", "high"), right = FALSE)))
)

out <- list(generated_by = "tests/reference/effsize.R", r_version = R.version.string,
            effectsize_version = as.character(packageVersion("effectsize")),
            independent = indep, paired = paired, morris_summary = morris_summary, morris_raw = morris_raw, tables = tables, interpret = interp)
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, na = "null"), "tests/reference/effsize.json")
cat("wrote tests/reference/effsize.json\n")
