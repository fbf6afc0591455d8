# Reference values for src/stats/anova.ts and src/stats/mixed-anova.ts.
# Run from the repo root: Rscript tests/reference/anova.R  -> tests/reference/anova.json
# Data are simulated here (set.seed) and written into the JSON next to R's results, so the
# TypeScript tests analyse exactly the same numbers. Synthetic data, not study data.
suppressMessages({ library(car); library(jsonlite); library(effectsize) })
options(contrasts = c("contr.sum", "contr.poly"))
set.seed(20261122)
out <- list(generated_by = "tests/reference/anova.R", R_version = R.version.string,
            car_version = as.character(packageVersion("car")),
            effectsize_version = as.character(packageVersion("effectsize")))

# ---------------------------------------------------------------- one-way ANOVA
oneway_case <- function(n, means, sds) {
  g <- rep(paste0("g", seq_along(n)), n)
  y <- round(unlist(mapply(function(k, m, s) rnorm(k, m, s), n, means, sds)), 3)
  f <- factor(g)
  a <- aov(y ~ f)
  tab <- summary(a)[[1]]
  w <- oneway.test(y ~ f, var.equal = FALSE)
  ssb <- tab[1, "Sum Sq"]; ssw <- tab[2, "Sum Sq"]; msw <- tab[2, "Mean Sq"]
  eta <- effectsize::eta_squared(a, partial = FALSE, ci = NULL)$Eta2
  omega <- effectsize::omega_squared(a, partial = FALSE, ci = NULL)$Omega2
  list(y = y, group = g,
       # effectsize truncates a negative omega-squared at 0; the untruncated estimate:
       omega2_raw = (ssb - tab[1, "Df"] * msw) / (ssb + ssw + msw),
       ss_between = ssb, ss_within = ssw, df_between = tab[1, "Df"], df_within = tab[2, "Df"],
       F = tab[1, "F value"], p = tab[1, "Pr(>F)"], eta2 = eta, omega2 = omega,
       means = as.vector(tapply(y, f, mean)), sds = as.vector(tapply(y, f, sd)),
       welch_F = unname(w$statistic), welch_df1 = unname(w$parameter[1]),
       welch_df2 = unname(w$parameter[2]), welch_p = w$p.value)
}
out$oneway <- list(
  two_groups = oneway_case(c(12, 17), c(10, 12), c(2, 3)),
  three_groups = oneway_case(c(10, 14, 19), c(50, 54, 49), c(8, 12, 6))
)

# ---------------------------------------------------------------- ANCOVA
# Home-Start-like: post ~ group + pre + age + single (0/1), unequal groups 54 / 51, a few NAs.
ancova_case <- function(n, effect, covs = c("pre", "age", "single"), na = TRUE) {
  k <- length(n); N <- sum(n)
  group <- rep(c("control", "homestart", "norm")[seq_len(k)], n)
  pre <- round(rnorm(N, 30, 6), 2)
  age <- round(rnorm(N, 31, 5) + (group == "homestart") * 1.5, 1)
  single <- rbinom(N, 1, ifelse(group == "homestart", 0.45, 0.25))
  post <- round(5 + 0.7 * pre - 0.1 * age + 1.2 * single +
                  c(0, effect)[match(group, c("control", "homestart", "norm"))] + rnorm(N, 0, 4), 2)
  if (na) { post[c(3, 40)] <- NA; pre[7] <- NA; age[N - 1] <- NA }
  d <- data.frame(post, group, pre, age, single)
  form <- reformulate(c("group", covs), "post")
  cc <- complete.cases(d[, c("post", "group", covs)])
  dd <- d[cc, ]
  dd$group <- factor(dd$group)
  # treatment coding for the coefficients
  fit_tr <- lm(form, data = dd, contrasts = list(group = "contr.treatment"))
  fit_sum <- lm(form, data = dd, contrasts = list(group = "contr.sum"))
  a3 <- car::Anova(fit_sum, type = 3)
  a2 <- car::Anova(fit_tr, type = 2)
  co <- summary(fit_tr)$coefficients
  ci <- confint(fit_tr)
  gi <- grep("^group", rownames(co))
  # adjusted means: predict at covariate means (emmeans-equivalent for numeric covariates)
  nd <- data.frame(group = levels(dd$group))
  for (v in covs) nd[[v]] <- mean(dd[[v]])
  pr <- predict(fit_tr, newdata = nd, se.fit = TRUE, interval = "confidence")
  # homogeneity of regression slopes: group x pre
  fit_int <- lm(update(form, . ~ . + group:pre), data = dd)
  cmp <- anova(fit_tr, fit_int)
  ss_err <- a3["Residuals", "Sum Sq"]
  terms <- c("group", covs)
  list(post = d$post, group = d$group, pre = d$pre, age = d$age, single = d$single,
       covariates = covs, n_used = nrow(dd), n_missing = sum(!cc),
       terms = terms,
       ss3 = unname(a3[terms, "Sum Sq"]), df3 = unname(a3[terms, "Df"]),
       F3 = unname(a3[terms, "F value"]), p3 = unname(a3[terms, "Pr(>F)"]),
       ss2 = unname(a2[terms, "Sum Sq"]), F2 = unname(a2[terms, "F value"]), p2 = unname(a2[terms, "Pr(>F)"]),
       ss_error = ss_err, df_error = a3["Residuals", "Df"],
       partial_eta2 = unname(a3[terms, "Sum Sq"] / (a3[terms, "Sum Sq"] + ss_err)),
       partial_eta2_effectsize = effectsize::eta_squared(a3, partial = TRUE, ci = NULL)$Eta2_partial,
       coef_names = rownames(co), coef = unname(co[, 1]), coef_se = unname(co[, 2]),
       coef_t = unname(co[, 3]), coef_p = unname(co[, 4]),
       coef_lower = unname(ci[, 1]), coef_upper = unname(ci[, 2]),
       group_coef_rows = gi - 1,
       sigma = summary(fit_tr)$sigma, r_squared = summary(fit_tr)$r.squared,
       adj_r_squared = summary(fit_tr)$adj.r.squared,
       levels = levels(dd$group),
       adj_mean = unname(pr$fit[, "fit"]), adj_mean_se = unname(pr$se.fit),
       adj_mean_lower = unname(pr$fit[, "lwr"]), adj_mean_upper = unname(pr$fit[, "upr"]),
       slopes_F = cmp$F[2], slopes_df1 = cmp$Df[2], slopes_df2 = cmp$Res.Df[2], slopes_p = cmp$`Pr(>F)`[2])
}
out$ancova <- list(
  two_groups = ancova_case(c(54, 51), 2.5),
  three_groups = ancova_case(c(20, 25, 18), c(2, -1), covs = c("pre", "age"), na = FALSE)
)

# ---------------------------------------------------------------- mixed ANOVA
mixed_case <- function(n, k, shift, rho = 0.6, na_rows = integer(0)) {
  g <- rep(paste0("g", seq_along(n)), n); N <- sum(n)
  # AR(1)-ish correlation so sphericity is violated
  S <- outer(1:k, 1:k, function(i, j) rho^abs(i - j)) * outer(1:k, 1:k, function(i, j) sqrt(i * j)) * 4
  L <- chol(S)
  Y <- matrix(rnorm(N * k), N, k) %*% L
  gi <- match(g, paste0("g", seq_along(n)))
  Y <- Y + 20 + outer(gi - 1, seq_len(k) - 1) * shift + outer(rep(1, N), seq_len(k)) * 0.5
  Y <- round(Y, 3)
  for (r in na_rows) Y[r, 1 + (r %% k)] <- NA
  colnames(Y) <- paste0("t", 1:k)
  cc <- complete.cases(Y)
  Yc <- Y[cc, , drop = FALSE]; gc <- factor(g[cc])
  mod <- lm(Yc ~ gc)
  idata <- data.frame(time = factor(1:k))
  res <- list(waves = lapply(1:k, function(j) Y[, j]), group = g, k = k,
              n_used = sum(cc), n_excluded = sum(!cc))
  for (ty in c(2, 3)) {
    av <- car::Anova(mod, idata = idata, idesign = ~time, type = ty)
    s <- summary(av, multivariate = FALSE)
    u <- s$univariate.tests
    rn <- c("gc", "time", "gc:time")
    r <- list(ss = unname(u[rn, "Sum Sq"]), df = unname(u[rn, "num Df"]),
              error_ss = unname(u[rn, "Error SS"]), den_df = unname(u[rn, "den Df"]),
              F = unname(u[rn, "F value"]), p = unname(u[rn, "Pr(>F)"]))
    if (k > 2) {
      r$gg_eps <- unname(s$pval.adjustments["time", "GG eps"])
      r$hf_eps <- unname(s$pval.adjustments["time", "HF eps"])
      r$p_gg <- unname(s$pval.adjustments[c("time", "gc:time"), "Pr(>F[GG])"])
      r$p_hf <- unname(s$pval.adjustments[c("time", "gc:time"), "Pr(>F[HF])"])
      r$mauchly_W <- unname(s$sphericity.tests["time", "Test statistic"])
      r$mauchly_p <- unname(s$sphericity.tests["time", "p-value"])
    }
    ges <- effectsize::eta_squared(av, generalized = TRUE, ci = NULL)
    ges_obs <- effectsize::eta_squared(av, generalized = "gc", ci = NULL)
    pes <- effectsize::eta_squared(av, partial = TRUE, ci = NULL)
    r$ges <- ges$Eta2_generalized[match(rn, ges$Parameter)]
    r$ges_observed_group <- ges_obs$Eta2_generalized[match(rn, ges_obs$Parameter)]
    r$pes <- pes$Eta2_partial[match(rn, pes$Parameter)]
    res[[paste0("type", ty)]] <- r
  }
  # the aov() Error-strata decomposition (type I; equals type II here)
  long <- data.frame(id = factor(rep(seq_len(sum(cc)), k)), group = rep(gc, k),
                     time = factor(rep(1:k, each = sum(cc))), value = as.vector(Yc))
  sa <- summary(aov(value ~ group * time + Error(id / time), data = long))
  res$aov_between <- list(ss = sa[["Error: id"]][[1]][, "Sum Sq"], df = sa[["Error: id"]][[1]][, "Df"])
  res$aov_within <- list(ss = sa[["Error: id:time"]][[1]][, "Sum Sq"], df = sa[["Error: id:time"]][[1]][, "Df"])
  res
}
out$mixed <- list(
  g2_k3 = mixed_case(c(15, 22), 3, 0.8),
  g3_k5 = mixed_case(c(12, 18, 9), 5, 0.4, rho = 0.5, na_rows = c(4, 20, 33)),
  g2_k4 = mixed_case(c(54, 51), 4, 0.3, rho = 0.7, na_rows = c(10, 11, 60)),
  g2_k2 = mixed_case(c(9, 14), 2, 1.0),
  g4_k7 = mixed_case(c(8, 10, 9, 11), 7, 0.2, rho = 0.8)
)

# ---------------------------------------------------------------- linalg (src/stats/linalg.ts)
# A moderately ill-conditioned polynomial design and two responses: lm.fit coefficients,
# residual SSCP and chol2inv(R) = (X'X)^-1.
x <- seq(1, 20, length.out = 25)
X <- cbind(1, x, x^2, x^3)
Y <- cbind(round(3 + 0.5 * x - 0.02 * x^2 + rnorm(25), 3), round(rnorm(25, 10, 2), 3))
f <- lm.fit(X, Y)
out$linalg <- list(x = x, y1 = Y[, 1], y2 = Y[, 2],
                   coef1 = unname(f$coefficients[, 1]), coef2 = unname(f$coefficients[, 2]),
                   sscp = unname(as.vector(crossprod(f$residuals))),
                   xtx_inverse = as.vector(chol2inv(qr.R(qr(X)))),
                   kappa = kappa(X, exact = TRUE))

write_json(out, "tests/reference/anova.json", digits = NA, auto_unbox = TRUE, pretty = TRUE, na = "null")
cat("wrote tests/reference/anova.json\n")
