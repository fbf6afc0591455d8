# Reference values for src/stats/lmm/ (linear mixed models).
# Run from the repo root: Rscript tests/reference/lmm.R  -> tests/reference/lmm.json
# Data are simulated here (set.seed) and written into the JSON next to R's results, so the TypeScript
# tests fit exactly the same numbers. Synthetic data, not study data.
# lme4 is run with tight optimiser tolerances (nloptwrap/BOBYQA, ftol_abs 1e-12, xtol_abs 1e-10) so the
# reference is the optimum itself, not a point where the default tolerances stopped.
suppressMessages({ library(lme4); library(lmerTest); library(pbkrtest); library(emmeans); library(jsonlite) })
set.seed(20261204)
ctrl <- lmerControl(optimizer = "nloptwrap",
                    optCtrl = list(ftol_abs = 1e-12, xtol_abs = 1e-10, ftol_rel = 0, xtol_rel = 0, maxeval = 1e5),
                    check.conv.singular = "ignore", calc.derivs = FALSE)
out <- list(generated_by = "tests/reference/lmm.R", R_version = R.version.string,
            lme4_version = as.character(packageVersion("lme4")),
            lmerTest_version = as.character(packageVersion("lmerTest")),
            pbkrtest_version = as.character(packageVersion("pbkrtest")),
            emmeans_version = as.character(packageVersion("emmeans")))

gen <- function(N, waves = c(0, 3, 6, 12, 18), sd_int = 4, sd_slope = 0.2, rho = -0.3, sigma = 3,
                miss = 0, nsite = 0, sd_site = 0, unbalanced_groups = FALSE) {
  d <- expand.grid(wave = seq_along(waves), id = seq_len(N))
  d$time <- waves[d$wave]
  d$participant <- sprintf("P%03d", d$id)
  grp <- if (unbalanced_groups) ifelse(runif(N) < 0.3, "homestart", "control") else rep(c("control", "homestart"), length.out = N)
  d$group <- grp[d$id]
  d$age <- round(rnorm(N, 31, 5))[d$id]
  d$single_parent <- rbinom(N, 1, 0.4)[d$id]
  S <- matrix(c(sd_int^2, rho * sd_int * sd_slope, rho * sd_int * sd_slope, sd_slope^2), 2)
  b <- MASS::mvrnorm(N, c(0, 0), S)
  if (sd_slope == 0) b[, 2] <- 0
  site_eff <- 0
  if (nsite > 0) {
    site <- sample(seq_len(nsite), N, replace = TRUE)
    d$site <- sprintf("S%02d", site[d$id])
    site_eff <- rnorm(nsite, 0, sd_site)[site[d$id]]
  }
  d$score <- round(40 + b[d$id, 1] + site_eff + (0.05 + b[d$id, 2] - 0.15 * (d$group == "homestart")) * d$time +
                     0.1 * d$age + 1.5 * d$single_parent + rnorm(nrow(d), 0, sigma), 3)
  if (miss > 0) d <- d[!(d$wave > 1 & runif(nrow(d)) < miss), ]
  d$wave <- paste0("T", d$wave)
  d$id <- NULL
  d
}

vc_list <- function(m) {
  vc <- as.data.frame(VarCorr(m))
  lapply(seq_len(nrow(vc)), function(i) list(grp = vc$grp[i], var1 = vc$var1[i], var2 = ifelse(is.na(vc$var2[i]), "", vc$var2[i]),
                                             vcov = vc$vcov[i], sdcor = vc$sdcor[i]))
}

fit_case <- function(d, formula, REML = TRUE, extra = list(), kr = TRUE, ranef_out = FALSE, factors = list()) {
  m <- lmerTest::lmer(as.formula(formula), data = d, REML = REML, control = ctrl)
  s <- summary(m)$coefficients
  a <- anova(m, type = 3)
  res <- list(data = as.list(d), formula = formula, REML = REML, factors = factors,
              names = rownames(s), beta = unname(fixef(m)), se = unname(s[, "Std. Error"]),
              df = unname(s[, "df"]), t = unname(s[, "t value"]), p = unname(s[, "Pr(>|t|)"]),
              theta = unname(getME(m, "theta")), sigma = sigma(m),
              logLik = as.numeric(logLik(m)), AIC = AIC(m), BIC = BIC(m), nobs = nobs(m),
              singular = isSingular(m), varcorr = vc_list(m),
              anova = list(term = rownames(a), F = unname(a[["F value"]]), NumDF = unname(a$NumDF),
                           DenDF = unname(a$DenDF), p = unname(a[["Pr(>F)"]]), SumSq = unname(a[["Sum Sq"]])))
  if (kr && REML) {
    skr <- summary(m, ddf = "Kenward-Roger")$coefficients
    res$kr <- list(se = unname(skr[, "Std. Error"]), df = unname(skr[, "df"]))
    akr <- anova(m, type = 3, ddf = "Kenward-Roger")
    res$kr$anova <- list(F = unname(akr[["F value"]]), NumDF = unname(akr$NumDF), DenDF = unname(akr$DenDF))
  }
  if (ranef_out) {
    re <- ranef(m, condVar = TRUE)
    res$ranef <- lapply(names(re), function(g) {
      cv <- attr(re[[g]], "postVar")
      list(grouping = g, levels = rownames(re[[g]]), effects = colnames(re[[g]]),
           modes = unname(as.matrix(re[[g]])),
           condVar = lapply(seq_len(dim(cv)[3]), function(j) unname(cv[, , j, drop = TRUE])))
    })
    res$fitted <- unname(fitted(m)); res$residuals <- unname(residuals(m))
  }
  c(res, extra)
}

cases <- list()
d1 <- gen(60)
cases$balanced <- fit_case(d1, "score ~ time * group + age + single_parent + (1 + time | participant)", ranef_out = TRUE)
cases$balanced_ml <- fit_case(d1, "score ~ time * group + age + single_parent + (1 + time | participant)", REML = FALSE, kr = FALSE)
d2 <- gen(120, miss = 0.15, unbalanced_groups = TRUE)
cases$missing_waves <- fit_case(d2, "score ~ time * group + age + (1 + time | participant)")
cases$intercept_only <- fit_case(d2, "score ~ time * group + (1 | participant)", ranef_out = TRUE)
cases$uncorrelated <- fit_case(d2, "score ~ time * group + (1 + time || participant)")
d3 <- gen(80, sd_slope = 0, miss = 0.1)
cases$singular <- fit_case(d3, "score ~ time * group + (1 + time | participant)")
d4 <- gen(80, sd_slope = 0.03, rho = 0.5, miss = 0.1)
cases$near_singular <- fit_case(d4, "score ~ time * group + (1 + time | participant)")
d5 <- gen(90, nsite = 8, sd_site = 2.5, miss = 0.1)
cases$two_levels <- fit_case(d5, "score ~ time * group + (1 | site/participant)", ranef_out = TRUE)
cases$two_levels_slope <- fit_case(d5, "score ~ time * group + (1 | site) + (1 + time | site:participant)")
d6 <- gen(100, waves = c(0, 3, 6, 12, 24, 36), miss = 0.15)
d6$time1 <- pmin(d6$time, 6); d6$time2 <- pmax(d6$time - 6, 0)
cases$piecewise <- fit_case(d6, "score ~ (time1 + time2) * group + (1 + time1 | participant)")
cases$quadratic <- fit_case(d6, "score ~ time * group + I(time^2) + (1 + time | participant)")
d7 <- gen(70, miss = 0.1)
cases$categorical_time <- fit_case(d7, "score ~ wave * group + age + (1 | participant)",
                                   factors = list(group = list(reference = "control")))
d7b <- d7; d7b$group <- factor(d7b$group, levels = c("homestart", "control"))
cases$reference_level <- fit_case(d7b, "score ~ time * group + (1 + time | participant)", kr = FALSE,
                                  factors = list(group = list(reference = "homestart")))
out$cases <- cases
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, null = "null", na = "null"), "tests/reference/lmm.json")
cat("wrote tests/reference/lmm.json\n")
