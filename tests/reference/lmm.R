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
d8 <- gen(60, miss = 0.1)
d8$time <- round(d8$time + runif(nrow(d8), -0.6, 0.6), 3)  # months since baseline per observation: no two participants share Z'Z
cases$continuous_time <- fit_case(d8, "score ~ time * group + age + (1 + time | participant)", kr = FALSE)

# the bundled five-wave sample (synthetic, 2013 design): PSOC total scored here from the items
# (reverse keys, prorating up to maxMissing), independently of the TypeScript scoring engine
def_psoc <- fromJSON("data-schemas/instruments/psoc.json", simplifyVector = FALSE)
scale_total <- Filter(function(x) x$id == "total", def_psoc$scales)[[1]]
item_matrix <- function(d, def, scale) {
  sapply(unlist(scale$items), function(id) {
    it <- Filter(function(x) x$id == id, def$items)[[1]]
    rng <- if (!is.null(it$response)) it$response else def$response
    x <- d[[paste0(def$columnPrefix, "_", id)]]
    if (isTRUE(it$reverse)) rng$min + rng$max - x else x
  })
}
score_scale <- function(d, def, scale) {
  max_missing <- if (is.null(scale$maxMissing)) 0 else scale$maxMissing
  vals <- matrix(item_matrix(d, def, scale), nrow = nrow(d))
  answered <- rowSums(!is.na(vals)); k <- ncol(vals); s <- rowSums(vals, na.rm = TRUE)
  out <- ifelse(answered == k, s, s / answered * k)
  out[answered == 0 | (k - answered) > max_missing] <- NA
  out
}
s13 <- read.csv("sample-data/synthetic-2013-fivewaves.csv", comment.char = "#", colClasses = c(participant_id = "character"))
sample <- data.frame(participant = s13$participant_id, group = s13$group, wave = s13$wave,
                     time = c(T1 = 0, T2 = 3, T3 = 6, T4 = 12, T5 = 18)[s13$wave], age = s13$age,
                     single_parent = s13$single_parent, score = score_scale(s13, def_psoc, scale_total))
sample <- sample[!is.na(sample$score), ]
sample$group <- factor(sample$group, levels = c("control", "homestart", "norm"))
cases$sample_2013 <- fit_case(sample, "score ~ time * group + age + single_parent + (1 + time | participant)",
                              factors = list(group = list(reference = "control")))
out$cases <- cases

# ------------------------------------------------------------------------------------------------
# estimated marginal means, contrasts, predictions, LRT, Feingold d
emm_rows <- function(e) {
  df <- as.data.frame(summary(e))
  list(estimate = df$emmean, se = df$SE, df = df$df, lower = df$lower.CL, upper = df$upper.CL)
}
con_rows <- function(cn) {
  df <- as.data.frame(summary(cn, infer = c(TRUE, TRUE), adjust = "none"))
  list(label = as.character(df$contrast), estimate = df$estimate, se = df$SE, df = df$df, lower = df$lower.CL, upper = df$upper.CL, p = df$p.value)
}
extras <- list()
# categorical time: means per group x wave, change T1 -> T3 and T3 -> T5 per group, group differences per wave
mc <- lmerTest::lmer(score ~ wave * group + age + (1 | participant), data = d7, control = ctrl)
for (ddf in c("satterthwaite", "kenward-roger")) {
  e <- emmeans(mc, ~ wave | group, lmer.df = ddf)
  key <- if (ddf == "satterthwaite") "sat" else "kr"
  extras[[paste0("categorical_emm_", key)]] <- c(emm_rows(e), list(order = "wave fastest within group"))
  ch <- contrast(e, list(`T3 - T1` = c(-1, 0, 1, 0, 0), `T5 - T3` = c(0, 0, -1, 0, 1)))
  extras[[paste0("categorical_change_", key)]] <- con_rows(ch)
  e2 <- emmeans(mc, ~ group | wave, lmer.df = ddf)
  extras[[paste0("categorical_groupdiff_", key)]] <- con_rows(pairs(e2, reverse = TRUE))
}
# continuous time: trajectories per group at the waves (age at its mean)
mt <- lmerTest::lmer(score ~ time * group + age + (1 + time | participant), data = d2, control = ctrl)
e <- emmeans(mt, ~ time | group, at = list(time = c(0, 3, 6, 12, 18)), lmer.df = "satterthwaite")
extras$trajectory <- c(emm_rows(e), list(age_mean = mean(model.frame(mt)$age)))
# LRT for group x time (lme4 anova refits both by ML)
m0 <- lmerTest::lmer(score ~ time + group + age + (1 + time | participant), data = d2, control = ctrl)
a <- anova(m0, mt)
extras$lrt <- list(chisq = a$Chisq[2], df = a$Df[2], p = a[["Pr(>Chisq)"]][2], logLik = a$logLik, AIC = a$AIC, BIC = a$BIC)
# Feingold (2009): b(time:group) * 18 / pooled within-group SD at baseline (time 0)
b0 <- d2[d2$time == 0, ]
sp <- sqrt(sum(tapply(b0$score, b0$group, function(v) sum((v - mean(v))^2))) / (nrow(b0) - length(unique(b0$group))))
ct <- contest(mt, L = c(0, 0, 0, 0, 1), joint = FALSE, confint = TRUE)
extras$feingold <- list(sd = sp, d = fixef(mt)[["time:grouphomestart"]] * 18 / sp, lower = ct$lower * 18 / sp, upper = ct$upper * 18 / sp)
# piecewise predictions at chosen (time1, time2) points per group
mp <- lmerTest::lmer(score ~ (time1 + time2) * group + (1 + time1 | participant), data = d6, control = ctrl)
grid <- data.frame(time = c(0, 6, 12, 36, 0, 6, 12, 36), group = rep(c("control", "homestart"), each = 4))
grid$time1 <- pmin(grid$time, 6); grid$time2 <- pmax(grid$time - 6, 0)
X <- model.matrix(~ (time1 + time2) * group, grid)
V <- as.matrix(vcov(mp))
pe <- lapply(seq_len(nrow(X)), function(i) {
  ct <- contest(mp, L = X[i, ], joint = FALSE, confint = TRUE)
  list(estimate = ct$Estimate, se = ct[["Std. Error"]], df = ct$df, lower = ct$lower, upper = ct$upper)
})
extras$piecewise_predictions <- list(grid = as.list(grid), rows = pe)
# HLM reliable change as clinicalsignificance::cs_distribution(rci_method = "HLM") defines it (R/prep_data.R,
# R/calc_rci.R calc_rci.cs_hlm; the package is not in Debian, so its definition is written out here):
# participants with at least 3 measurements; lmer(outcome ~ time + (time | id), REML = TRUE);
# RCI = conditional mode of the random slope / its conditional SD; improved when direction * RCI > qnorm(.975)
h <- d2[, c("participant", "time", "score")]
names(h) <- c("id", "time", "outcome")
nper <- table(h$id)
h <- h[h$id %in% names(nper)[nper >= 3], ]
mh <- lme4::lmer(outcome ~ time + (time | id), data = h, REML = TRUE, control = ctrl)
re <- as.data.frame(lme4::ranef(mh, condVar = TRUE))
re <- re[re$term == "time", ]
rci <- re$condval / re$condsd
crit <- qnorm(0.975)
first_last <- t(sapply(as.character(re$grp), function(i) { v <- h$outcome[h$id == i]; c(v[1], v[length(v)]) }))
extras$hlm <- list(n_excluded = sum(nper < 3), id = as.character(re$grp), eb = re$condval, sd = re$condsd, rci = rci,
                   category_lower_better = ifelse(-rci > crit, "improved", ifelse(-rci < -crit, "deteriorated", "unchanged")),
                   pre = unname(first_last[, 1]), post = unname(first_last[, 2]))
# combined (cs_combined, rci_method = "HLM"): cut-off a from the first measurements (clinical = sample pre),
# higher scores worse (s = -1): a = M_pre - 2 SD_pre; recovered = clinical before (pre > a), functional after
# (post < a) and reliably improved; harmed = not clinical before, not functional after, reliably deteriorated
s_dir <- -1
cut_a <- mean(extras$hlm$pre) + s_dir * 2 * sd(extras$hlm$pre)
cl_pre <- s_dir * extras$hlm$pre < s_dir * cut_a
fn_post <- s_dir * extras$hlm$post > s_dir * cut_a
cat_rc <- extras$hlm$category_lower_better
extras$hlm$cutoff_a <- cut_a
extras$hlm$combined <- ifelse(cl_pre & fn_post & cat_rc == "improved", "recovered",
                       ifelse(cat_rc == "improved", "improved",
                       ifelse(!cl_pre & !fn_post & cat_rc == "deteriorated", "harmed",
                       ifelse(cat_rc == "deteriorated", "deteriorated", "unchanged"))))
out$extras <- extras
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, null = "null", na = "null"), "tests/reference/lmm.json")
cat("wrote tests/reference/lmm.json\n")
