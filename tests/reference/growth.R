# Reference values for src/designs/growth.ts (growth curves per group from the linear mixed model) on the
# 2013 five-wave and the 2015 seven-wave sample files: lme4::lmer / lmerTest (REML, Satterthwaite),
# anova(m0, m1) likelihood-ratio tests (ML refits), emmeans (estimated means per group and wave, covariates at
# their means) and lmerTest::contest (change per period and its difference between groups).
# Items are scored by the functions of tests/reference/designs.R (only its function definitions are evaluated).
# Run from the repo root: Rscript tests/reference/growth.R  ->  tests/reference/growth.json
suppressPackageStartupMessages({ library(jsonlite); library(lme4); library(lmerTest); library(emmeans) })

local({
  exprs <- parse("tests/reference/designs.R")
  for (e in exprs) {
    if (is.call(e) && identical(e[[1]], as.name("<-"))) {
      rhs <- e[[3]]
      name <- paste(deparse(e[[2]]), collapse = "")
      if ((is.call(rhs) && identical(rhs[[1]], as.name("function"))) || name == "defs") eval(e, envir = globalenv())
    }
  }
})
scale_def <- function(inst, id) Filter(function(s) s$id == id, defs[[inst]]$scales)[[1]]

long_scores <- function(file, inst, id, months) {
  d <- read_sample(file)
  d$score <- score_scale(d, defs[[inst]], scale_def(inst, id))
  t1 <- d[d$wave == "T1", ]
  data.frame(participant = d$participant_id, group = d$group, wave = d$wave, time = unname(months[d$wave]), score = d$score,
             age = t1$age[match(d$participant_id, t1$participant_id)],
             single_parent = t1$single_parent[match(d$participant_id, t1$participant_id)], stringsAsFactors = FALSE)
}

fit_case <- function(name, dat, time_model, knot = NA, covariates = character(0), periods = list()) {
  dat <- dat[!is.na(dat$score), ]
  dat$group <- factor(dat$group, levels = c("control", setdiff(unique(dat$group), "control")))
  groups <- levels(dat$group)
  waves <- sort(unique(dat$wave))
  wave_time <- sapply(waves, function(w) median(dat$time[dat$wave == w]))
  if (time_model == "piecewise") { dat$time1 <- pmin(dat$time, knot); dat$time2 <- pmax(dat$time - knot, 0) }
  if (time_model == "categorical") dat$wave <- factor(dat$wave, levels = waves)
  fx <- switch(time_model, linear = "time * group", quadratic = "(time + I(time^2)) * group", piecewise = "(time1 + time2) * group", categorical = "wave * group")
  rx <- switch(time_model, linear = "time + group", quadratic = "time + I(time^2) + group", piecewise = "time1 + time2 + group", categorical = "wave + group")
  cv <- if (length(covariates)) paste0(" + ", paste(covariates, collapse = " + ")) else ""
  f1 <- as.formula(paste0("score ~ ", fx, cv, " + (1 + time | participant)"))
  f0 <- as.formula(paste0("score ~ ", rx, cv, " + (1 + time | participant)"))
  m <- lmer(f1, data = dat, REML = TRUE, control = lmerControl(optimizer = "bobyqa"))
  m1 <- lmer(f1, data = dat, REML = FALSE, control = lmerControl(optimizer = "bobyqa"))
  m0 <- lmer(f0, data = dat, REML = FALSE, control = lmerControl(optimizer = "bobyqa"))
  lr <- anova(m0, m1)
  cs <- summary(m)$coefficients
  cov_means <- sapply(covariates, function(c) mean(dat[[c]]))
  # x row of a prediction, from R's own model matrix machinery
  xrow <- function(g, t, w = NA) {
    nd <- data.frame(group = factor(g, levels = groups), time = t, score = 0, participant = dat$participant[1])
    if (time_model == "piecewise") { nd$time1 <- min(t, knot); nd$time2 <- max(t - knot, 0) }
    if (time_model == "categorical") nd$wave <- factor(w, levels = waves)
    for (c in covariates) nd[[c]] <- cov_means[[c]]
    model.matrix(delete.response(terms(lme4:::nobars(f1))), nd)[1, ]
  }
  means <- list()
  for (g in groups) for (w in waves) {
    ct <- contest(m, matrix(xrow(g, wave_time[[w]], w), 1), joint = FALSE, confint = TRUE)
    means[[length(means) + 1]] <- list(group = g, wave = w, time = wave_time[[w]], estimate = ct$Estimate, se = ct$`Std. Error`, df = ct$df, lower = ct$lower, upper = ct$upper)
  }
  em <- NULL
  # (emmeans would treat a 0/1 covariate as a factor, cov.keep = "2"; compared without covariates only)
  if (time_model == "linear" && length(covariates) == 0) {
    e <- emmeans(m, ~ group | time, at = list(time = unname(wave_time)), lmer.df = "satterthwaite")
    em <- as.data.frame(summary(e))
    em <- lapply(seq_len(nrow(em)), function(i) list(group = as.character(em$group[i]), time = em$time[i], emmean = em$emmean[i], se = em$SE[i], df = em$df[i]))
  }
  changes <- list(); diffs <- list()
  for (p in periods) {
    a <- p[[1]]; b <- p[[2]]
    L <- function(g) xrow(g, wave_time[[b]], b) - xrow(g, wave_time[[a]], a)
    for (g in groups) {
      ct <- contest(m, matrix(L(g), 1), joint = FALSE, confint = TRUE)
      changes[[length(changes) + 1]] <- list(group = g, period = paste0(a, "\u2013", b), estimate = ct$Estimate, se = ct$`Std. Error`, df = ct$df, t = ct$`t value`, p = ct$`Pr(>|t|)`)
    }
    for (g in setdiff(groups, "control")) {
      ct <- contest(m, matrix(L(g) - L("control"), 1), joint = FALSE, confint = TRUE)
      b1 <- dat$score[dat$group == g & dat$wave == waves[1]]; b0 <- dat$score[dat$group == "control" & dat$wave == waves[1]]
      sp <- sqrt(((length(b1) - 1) * var(b1) + (length(b0) - 1) * var(b0)) / (length(b1) + length(b0) - 2))
      diffs[[length(diffs) + 1]] <- list(group = g, period = paste0(a, "\u2013", b), estimate = ct$Estimate, se = ct$`Std. Error`, df = ct$df, t = ct$`t value`, p = ct$`Pr(>|t|)`,
                                         d = ct$Estimate / sp, d_lower = ct$lower / sp, d_upper = ct$upper / sp)
    }
  }
  an <- anova(m, type = 3)
  list(name = name, time_model = time_model, knot = knot, covariates = as.list(covariates), formula = deparse1(f1),
       n = nobs(m), logLik = as.numeric(logLik(m)),
       fixef = lapply(seq_len(nrow(cs)), function(i) list(term = rownames(cs)[i], estimate = cs[i, 1], se = cs[i, 2], df = cs[i, 3], t = cs[i, 4], p = cs[i, 5])),
       anova = lapply(seq_len(nrow(an)), function(i) list(term = rownames(an)[i], F = an$`F value`[i], numDf = an$NumDF[i], denDf = an$DenDF[i], p = an$`Pr(>F)`[i])),
       lrt = list(chisq = lr$Chisq[2], df = lr$Df[2], p = lr$`Pr(>Chisq)`[2], logLikFull = as.numeric(logLik(m1)), logLikReduced = as.numeric(logLik(m0))),
       means = means, emmeans = em, changes = changes, differences = diffs, singular = isSingular(m))
}

m13 <- c(T1 = 0, T2 = 3, T3 = 6, T4 = 12, T5 = 18)
m15 <- c(T1 = 0, T2 = 3, T3 = 6, T4 = 12, T5 = 18, T6 = 60, T7 = 120)
psoc13 <- long_scores("synthetic-2013-fivewaves.csv", "psoc", "total", m13)
nosik13 <- long_scores("synthetic-2013-fivewaves.csv", "nosik", "total", m13)
psoc15 <- long_scores("synthetic-2015-sevenwaves.csv", "psoc", "total", m15)
per13 <- list(c("T1", "T3"), c("T3", "T5"), c("T1", "T5"))
cases <- list(
  fit_case("2013 psoc linear", psoc13, "linear", periods = per13),
  fit_case("2013 psoc linear + covariates", psoc13, "linear", covariates = c("age", "single_parent"), periods = per13),
  fit_case("2013 psoc piecewise", psoc13, "piecewise", knot = 6, periods = per13),
  fit_case("2013 nosik quadratic", nosik13, "quadratic", periods = per13),
  fit_case("2013 nosik categorical", nosik13, "categorical", periods = per13),
  fit_case("2015 psoc piecewise", psoc15, "piecewise", knot = 6, periods = list(c("T1", "T3"), c("T3", "T5"), c("T5", "T7")))
)
out <- list(generated_by = "tests/reference/growth.R", r_version = R.version.string,
            lme4_version = as.character(packageVersion("lme4")), lmerTest_version = as.character(packageVersion("lmerTest")),
            emmeans_version = as.character(packageVersion("emmeans")), cases = cases)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, na = "null"), "tests/reference/growth.json")
cat("wrote tests/reference/growth.json\n")
