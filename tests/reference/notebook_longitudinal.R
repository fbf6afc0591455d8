# R values of the key numbers of notebook 04 (its mixed-model, attrition, mediation and cross-lagged parts) and
# notebook 07 (three groups over seven occasions), computed from the same CSV files with lme4/lmerTest, lm and
# lavaan. Scoring and the model helpers are the function definitions of tests/reference/designs.R and
# tests/reference/growth.R and path_models.R (evaluated here, their top-level code is not run).
# Run from the repo root: Rscript tests/reference/notebook_longitudinal.R -> tests/reference/notebook_longitudinal.json
suppressPackageStartupMessages({ library(jsonlite); library(lme4); library(lmerTest); library(emmeans); library(lavaan) })
for (f in c("tests/reference/designs.R", "tests/reference/growth.R", "tests/reference/path_models.R")) local({
  for (e in parse(f)) {
    if (is.call(e) && identical(e[[1]], as.name("<-"))) {
      rhs <- e[[3]]; name <- paste(deparse(e[[2]]), collapse = "")
      if ((is.call(rhs) && identical(rhs[[1]], as.name("function"))) || name == "defs") eval(e, envir = globalenv())
    }
  }
})
scale_def <- function(inst, id) Filter(function(s) s$id == id, defs[[inst]]$scales)[[1]]
pick <- function(rows, ...) { k <- list(...); Filter(function(r) all(mapply(function(n, v) identical(r[[n]], v), names(k), k)), rows)[[1]] }

# ---- notebook 04
m13 <- c(T1 = 0, T2 = 3, T3 = 6, T4 = 12, T5 = 18)
pw13 <- fit_case("2013 psoc piecewise", long_scores("synthetic-2013-fivewaves.csv", "psoc", "total", m13), "piecewise", knot = 6,
                 periods = list(c("T1", "T3"), c("T3", "T5")))
d13 <- read_sample("synthetic-2013-fivewaves.csv")
last <- tapply(d13$wave, d13$participant_id, function(w) "T5" %in% w)
grp <- tapply(d13$group, d13$participant_id, function(g) g[1])
ps13 <- wide_scores(d13, defs$psoc, scale_def("psoc", "total"))
hs <- ps13$group == "homestart"
compl <- last[ps13$id]
tt <- t.test(ps13$T1[hs & compl], ps13$T1[hs & !compl])

d10 <- read_sample("synthetic-2010-fourwaves.csv")
p10 <- wide_scores(d10, defs$psoc, scale_def("psoc", "total"))
n10 <- wide_scores(d10, defs$nosik, scale_def("nosik", "parent"))
med <- data.frame(x = as.numeric(p10$group == "homestart"), m = p10$T3, y = n10$T4, psoc_t1 = p10$T1, parent_t1 = n10$T1)
med <- med[complete.cases(med), ]
fa <- lm(m ~ x + psoc_t1 + parent_t1, med); fb <- lm(y ~ x + m + psoc_t1 + parent_t1, med); fc <- lm(y ~ x + psoc_t1 + parent_t1, med)
sem_med <- sem("m ~ a*x + psoc_t1 + parent_t1\n y ~ x + b*m + psoc_t1 + parent_t1\n ab := a*b", data = med)
pe <- parameterEstimates(sem_med)
cl <- data.frame(X_T1 = p10$T1, Y_T1 = n10$T1, X_T2 = p10$T2, Y_T2 = n10$T2, X_T3 = p10$T3, Y_T3 = n10$T3, X_T4 = p10$T4, Y_T4 = n10$T4)
cl <- cl[complete.cases(cl), ]
clf <- sem(clpm_model(c("T1", "T2", "T3", "T4")), data = cl)
nb04 <- list(
  lmm2013_n_obs = pw13$n, lmm2013_loglik = pw13$logLik, lmm2013_lrt_chisq = pw13$lrt$chisq, lmm2013_lrt_df = pw13$lrt$df, lmm2013_lrt_p = pw13$lrt$p,
  lmm2013_hs_T1T3_change = pick(pw13$changes, group = "homestart", period = "T1\u2013T3")$estimate,
  lmm2013_hs_T1T3_diff = pick(pw13$differences, group = "homestart", period = "T1\u2013T3")$estimate,
  lmm2013_hs_T1T3_d = pick(pw13$differences, group = "homestart", period = "T1\u2013T3")$d,
  lmm2013_hs_T3T5_diff = pick(pw13$differences, group = "homestart", period = "T3\u2013T5")$estimate,
  attr2013_hs_completers = sum(compl[grp[names(compl)] == "homestart"]),
  attr2013_hs_psoc_t = unname(tt$statistic),
  med2010_n = nrow(med), med2010_a = unname(coef(fa)["x"]), med2010_b = unname(coef(fb)["m"]),
  med2010_ab = pe$est[pe$label == "ab"], med2010_ab_se_ml = pe$se[pe$label == "ab"], med2010_total = unname(coef(fc)["x"]),
  clpm2010_n = nrow(cl), clpm2010_df = fitMeasures(clf, "df")[[1]],
  clpm2010_cross_comp_to_stress_T1T2 = unname(coef(lm(Y_T2 ~ Y_T1 + X_T1, cl))["X_T1"])
)

# ---- notebook 07
m15 <- c(T1 = 0, T2 = 3, T3 = 6, T4 = 12, T5 = 18, T6 = 60, T7 = 120)
ps15 <- long_scores("synthetic-2015-sevenwaves.csv", "psoc", "total", m15)
per15 <- list(c("T1", "T3"), c("T3", "T5"), c("T5", "T7"))
pw15 <- fit_case("2015 psoc piecewise", ps15, "piecewise", knot = 6, periods = per15)
d15 <- read_sample("synthetic-2015-sevenwaves.csv")
w15 <- wide_scores(d15, defs$psoc, scale_def("psoc", "total"))
in7 <- tapply(d15$wave, d15$participant_id, function(w) "T7" %in% w)[w15$id]
h15 <- w15$group == "homestart"
t15 <- t.test(w15$T1[h15 & in7], w15$T1[h15 & !in7])
# HLM reliable change (clinicalsignificance rci_method = "HLM", written out with lme4): per group over T1-T5,
# people with >= 3 measurements, z = conditional mode of the slope / its conditional SD, |z| > qnorm(.975)
hlm_counts <- function(g) {
  d <- ps15[ps15$group == g & ps15$wave %in% paste0("T", 1:5) & !is.na(ps15$score), ]
  keep <- names(which(table(d$participant) >= 3))
  d <- d[d$participant %in% keep, ]
  m <- lmer(score ~ time + (1 + time | participant), data = d, REML = TRUE, control = lmerControl(optimizer = "bobyqa"))
  re <- ranef(m, condVar = TRUE)$participant
  pv <- attr(re, "postVar")
  z <- re[, "time"] / sqrt(pv[2, 2, ])
  c(n = length(z), improved = sum(z > qnorm(0.975)), deteriorated = sum(z < -qnorm(0.975)))
}
hlm_hs <- hlm_counts("homestart"); hlm_cg <- hlm_counts("control")
nb07 <- list(
  hlm_hs_n = hlm_hs[["n"]], hlm_hs_improved = hlm_hs[["improved"]], hlm_hs_deteriorated = hlm_hs[["deteriorated"]],
  hlm_control_improved = hlm_cg[["improved"]],
  n_observations = sum(!is.na(ps15$score)), n_participants = length(unique(ps15$participant[!is.na(ps15$score)])),
  n_complete_cases = sum(complete.cases(w15[, paste0("T", 1:7)])),
  hs_completers = sum(h15 & in7), hs_dropouts = sum(h15 & !in7), hs_baseline_t = unname(t15$statistic),
  piecewise_loglik = pw15$logLik, piecewise_lrt_chisq = pw15$lrt$chisq,
  piecewise_hs_time1 = pick(pw15$fixef, term = "time1:grouphomestart")$estimate
)
out <- list(generated_by = "tests/reference/notebook_longitudinal.R", r_version = R.version.string,
            notebooks = list("04-several-waves.ipynb" = nb04, "07-three-groups-long-follow-up.ipynb" = nb07))
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA), "tests/reference/notebook_longitudinal.json")
cat("wrote tests/reference/notebook_longitudinal.json\n")
