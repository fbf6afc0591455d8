# Reference values for tests/designs/*.test.ts: the key numbers of each study-design analysis,
# computed by R from the committed synthetic sample files. Items are scored here, independently of the
# TypeScript engine, from the instrument definitions in data-schemas/instruments/*.json (reverse keys,
# sum / count with prorating up to maxMissing items, GAS Kiresuk-Sherman T with rho and weights).
# Run from the repo root: Rscript tests/reference/designs.R  ->  tests/reference/designs.json
suppressPackageStartupMessages({ library(jsonlite); library(psych); library(car); library(effectsize) })
options(contrasts = c("contr.sum", "contr.poly"))

def_of <- function(id) fromJSON(file.path("data-schemas", "instruments", paste0(id, ".json")), simplifyVector = FALSE)
defs <- lapply(c(nosik = "nosik", psoc = "psoc", "daily-hassles" = "daily-hassles", "life-events" = "life-events", gas = "gas"), def_of)

read_sample <- function(f) read.csv(file.path("sample-data", f), comment.char = "#", colClasses = c(participant_id = "character"))

item_matrix <- function(d, def, scale, keyed = TRUE) {
  ids <- unlist(scale$items)
  sapply(ids, function(id) {
    it <- Filter(function(x) x$id == id, def$items)[[1]]
    rng <- if (!is.null(it$response)) it$response else def$response
    x <- d[[paste0(def$columnPrefix, "_", id)]]
    if (keyed && isTRUE(it$reverse)) rng$min + rng$max - x else x
  })
}

# Scale score as the engine defines it: sum (or count of countValues) over answered items; with
# 1..maxMissing items missing, the mean of the answered items times the number of items; else NA.
score_scale <- function(d, def, scale) {
  max_missing <- if (is.null(scale$maxMissing)) 0 else scale$maxMissing
  if (scale$method == "count") {
    raw <- item_matrix(d, def, scale, keyed = FALSE)
    vals <- ifelse(is.na(raw), NA, raw %in% unlist(scale$countValues)) * 1
  } else {
    vals <- item_matrix(d, def, scale)
  }
  vals <- matrix(vals, nrow = nrow(d))
  answered <- rowSums(!is.na(vals))
  k <- ncol(vals)
  s <- rowSums(vals, na.rm = TRUE)
  out <- ifelse(answered == k, s, s / answered * k)
  out[answered == 0 | (k - answered) > max_missing] <- NA
  if (scale$method == "mean") out <- ifelse(is.na(out), NA, rowMeans(vals, na.rm = TRUE))
  out
}

# GAS T-score: 50 + 10 * sum(w x) / sqrt((1 - rho) sum(w^2) + rho (sum w)^2) over the scored goals
gas_t <- function(d) {
  def <- defs$gas
  rho <- if (is.null(def$gas$rho)) 0.3 else def$gas$rho
  ids <- sapply(def$items, function(x) x$id)
  sapply(seq_len(nrow(d)), function(i) {
    x <- sapply(ids, function(id) d[i, paste0("gas_", id)])
    w <- sapply(ids, function(id) d[i, paste0("gas_weight_", id)])
    w[is.na(w)] <- 1
    keep <- !is.na(x)
    if (!any(keep)) return(NA)
    x <- x[keep]; w <- w[keep]
    50 + 10 * sum(w * x) / sqrt((1 - rho) * sum(w^2) + rho * sum(w)^2)
  })
}

# wide: one row per participant, columns <wave> for one scale, plus group and T1 covariates
wide_scores <- function(d, def, scale) {
  d$score <- score_scale(d, def, scale)
  waves <- sort(unique(d$wave))
  ids <- sort(unique(d$participant_id))
  out <- data.frame(id = ids, stringsAsFactors = FALSE)
  first <- d[order(d$participant_id, d$wave), ]
  first <- first[!duplicated(first$participant_id), ]
  out$group <- first$group[match(ids, first$participant_id)]
  for (w in waves) {
    dw <- d[d$wave == w, ]
    out[[w]] <- dw$score[match(ids, dw$participant_id)]
  }
  t1 <- d[d$wave == "T1", ]
  out$age <- t1$age[match(ids, t1$participant_id)]
  out$single_parent <- t1$single_parent[match(ids, t1$participant_id)]
  out
}

alpha_t1 <- function(d, def, scale, group) {
  t1 <- d[d$wave == "T1" & d$group == group, ]
  x <- item_matrix(t1, def, scale)
  x <- x[complete.cases(x), , drop = FALSE]
  psych::alpha(as.data.frame(x), check.keys = FALSE, warnings = FALSE)$total$raw_alpha
}

outcomes_of <- function(ids) unlist(lapply(ids, function(id) lapply(defs[[id]]$scales, function(s) list(def = defs[[id]], scale = s))), recursive = FALSE)
zcrit <- qnorm(0.975)

# ------------------------------------------------------------------------------------------------
# 1. pre/post, one group (1997)
d97 <- read_sample("synthetic-1997-prepost.csv")
prepost <- list()
for (o in outcomes_of(c("daily-hassles", "life-events", "nosik", "psoc"))) {
  w <- wide_scores(d97, o$def, o$scale)
  w <- w[w$group == "homestart", ]
  cc <- w[!is.na(w$T1) & !is.na(w$T2), ]
  tt <- t.test(cc$T2, cc$T1, paired = TRUE)
  dd <- cc$T2 - cc$T1
  sav <- (sd(cc$T1) + sd(cc$T2)) / 2
  dav <- mean(dd) / sav
  dav_se <- sd(dd) / (sqrt(nrow(cc)) * sav)  # Algina & Keselman (2003) eq. 4, as Lakens (2013) d_av
  dz_ci <- effectsize::cohens_d(cc$T2, cc$T1, paired = TRUE, ci = 0.95)  # noncentral-t CI of d_z
  rel <- if (!is.null(o$scale$reliability)) o$scale$reliability else if (o$scale$method %in% c("sum", "mean")) alpha_t1(d97, o$def, o$scale, "homestart") else NA
  s <- if (o$scale$direction == "higher-better") 1 else -1
  improved <- NA; sdiff <- NA
  if (!is.na(rel)) {
    sdiff <- sqrt(2) * sd(cc$T1) * sqrt(1 - rel)
    improved <- sum(s * dd / sdiff > zcrit)
  }
  prepost[[length(prepost) + 1]] <- list(
    outcome = paste0(o$def$id, ":", o$scale$id), n = nrow(cc), mean_pre = mean(cc$T1), sd_pre = sd(cc$T1),
    mean_post = mean(cc$T2), sd_post = sd(cc$T2), mean_change = unname(tt$estimate), change_lower = tt$conf.int[1],
    change_upper = tt$conf.int[2], t = unname(tt$statistic), df = unname(tt$parameter), p = tt$p.value,
    d_z = mean(dd) / sd(dd), d_z_lower = dz_ci$CI_low, d_z_upper = dz_ci$CI_high, d_av = dav,
    d_av_lower = dav - qnorm(0.975) * dav_se, d_av_upper = dav + qnorm(0.975) * dav_se,
    reliability = rel, s_diff = sdiff, improved = improved
  )
}
p_holm <- p.adjust(sapply(prepost, function(x) x$p), "holm")
for (i in seq_along(prepost)) prepost[[i]]$p_holm <- p_holm[i]

# GAS (1997)
d97$gas_t <- gas_t(d97)
g1 <- d97[d97$wave == "T1", c("participant_id", "gas_t")]
g2 <- d97[d97$wave == "T2", c("participant_id", "gas_t")]
g <- merge(g1, g2, by = "participant_id", suffixes = c("_1", "_2"))
g <- g[!is.na(g$gas_t_1) & !is.na(g$gas_t_2), ]
gd <- g$gas_t_2 - g$gas_t_1
bt <- binom.test(sum(gd > 0), sum(gd != 0))
wx <- suppressWarnings(wilcox.test(g$gas_t_2, g$gas_t_1, paired = TRUE, conf.int = TRUE))
gas <- list(
  n = nrow(g), mean_before = mean(g$gas_t_1), sd_before = sd(g$gas_t_1), mean_after = mean(g$gas_t_2), sd_after = sd(g$gas_t_2),
  positive = sum(gd > 0), negative = sum(gd < 0), ties = sum(gd == 0), at_expected = sum(g$gas_t_2 >= 50),
  positive_ci = prop.test(sum(gd > 0), nrow(g), correct = FALSE)$conf.int[1:2],
  sign_p = bt$p.value, wilcoxon_v = unname(wx$statistic), wilcoxon_p = wx$p.value, hl_estimate = unname(wx$estimate),
  hl_lower = wx$conf.int[1], hl_upper = wx$conf.int[2]
)

# ------------------------------------------------------------------------------------------------
# 2. versus control (2005) and 3. versus norm (2005 + 2008)
d05 <- read_sample("synthetic-2005-control.csv")
d08 <- read_sample("synthetic-2008-norm.csv")
dboth <- rbind(d05, d08)
control <- list()
norm <- list()
for (o in outcomes_of(c("nosik", "psoc"))) {
  key <- paste0(o$def$id, ":", o$scale$id)
  w <- wide_scores(d05, o$def, o$scale)
  w$group <- factor(w$group, levels = c("control", "homestart"))
  a <- w[complete.cases(w[, c("T1", "T2", "age", "single_parent")]), ]
  options(contrasts = c("contr.treatment", "contr.poly"))
  fit <- lm(T2 ~ group + T1 + age + single_parent, data = a)
  ci <- confint(fit)["grouphomestart", ]
  nd <- data.frame(group = factor(c("homestart", "control"), levels = levels(a$group)), T1 = mean(a$T1), age = mean(a$age), single_parent = mean(a$single_parent))
  pr <- predict(fit, nd, interval = "confidence")
  an <- car::Anova(fit, type = 2)
  ss_group <- an["group", "Sum Sq"]; ss_res <- an["Residuals", "Sum Sq"]
  slopes <- anova(fit, lm(T2 ~ group + T1 + age + single_parent + group:T1, data = a))
  options(contrasts = c("contr.sum", "contr.poly"))
  # Morris d_ppc2 (complete pairs per group, rho = pooled within-group correlation)
  pp <- w[!is.na(w$T1) & !is.na(w$T2), ]
  tr <- pp[pp$group == "homestart", ]; co <- pp[pp$group == "control", ]
  nT <- nrow(tr); nC <- nrow(co)
  sdpool <- sqrt(((nT - 1) * var(tr$T1) + (nC - 1) * var(co$T1)) / (nT + nC - 2))
  cp <- 1 - 3 / (4 * (nT + nC - 2) - 1)
  dppc2 <- cp * ((mean(tr$T2) - mean(tr$T1)) - (mean(co$T2) - mean(co$T1))) / sdpool
  cx <- c(tr$T1 - mean(tr$T1), co$T1 - mean(co$T1)); cy <- c(tr$T2 - mean(tr$T2), co$T2 - mean(co$T2))
  rho <- sum(cx * cy) / sqrt(sum(cx^2) * sum(cy^2))
  k <- (nT + nC) / (nT * nC)
  v <- 2 * cp^2 * (1 - rho) * k * ((nT + nC - 2) / (nT + nC - 4)) * (1 + dppc2^2 / (2 * (1 - rho) * k)) - dppc2^2
  # group x time mixed ANOVA on complete pairs (aov with an Error stratum)
  long <- rbind(data.frame(id = pp$id, group = pp$group, time = "T1", y = pp$T1), data.frame(id = pp$id, group = pp$group, time = "T2", y = pp$T2))
  long$id <- factor(long$id); long$time <- factor(long$time)
  av <- summary(aov(y ~ group * time + Error(id / time), data = long))
  within <- av[["Error: id:time"]][[1]]
  rn <- trimws(rownames(within))
  control[[length(control) + 1]] <- list(
    outcome = key, n_treatment = sum(a$group == "homestart"), n_control = sum(a$group == "control"),
    difference = unname(coef(fit)["grouphomestart"]), difference_lower = unname(ci[1]), difference_upper = unname(ci[2]),
    p = summary(fit)$coefficients["grouphomestart", "Pr(>|t|)"], F = an["group", "F value"], df2 = fit$df.residual,
    partial_eta2 = ss_group / (ss_group + ss_res), slopes_p = slopes$`Pr(>F)`[2],
    adj_mean_treatment = unname(pr[1, "fit"]), adj_lower_treatment = unname(pr[1, "lwr"]), adj_upper_treatment = unname(pr[1, "upr"]),
    adj_mean_control = unname(pr[2, "fit"]), adj_lower_control = unname(pr[2, "lwr"]), adj_upper_control = unname(pr[2, "upr"]),
    dppc2 = dppc2, dppc2_lower = dppc2 - qnorm(0.975) * sqrt(v), dppc2_upper = dppc2 + qnorm(0.975) * sqrt(v),
    interaction_F = within[rn == "group:time", "F value"], interaction_p = within[rn == "group:time", "Pr(>F)"], n_mixed = nrow(pp)
  )

  # versus norm: cut-off c from Home-Start T1 (clinical) and norm T1 (functional)
  wn <- wide_scores(dboth, o$def, o$scale)
  clin <- wn$T1[wn$group == "homestart" & !is.na(wn$T1)]
  func <- wn$T1[wn$group == "norm" & !is.na(wn$T1)]
  mc <- mean(clin); sc <- sd(clin); mf <- mean(func); sf <- sd(func)
  cutoff <- (sc * mf + sf * mc) / (sc + sf)
  rel <- if (!is.null(o$scale$reliability)) o$scale$reliability else alpha_t1(dboth, o$def, o$scale, "homestart")
  s <- if (o$scale$direction == "higher-better") 1 else -1
  sdiff <- sqrt(2) * sc * sqrt(1 - rel)
  normpost <- wn$T2[wn$group == "norm" & !is.na(wn$T2)]
  delta <- sd(normpost)
  for (grp in c("homestart", "control", "norm")) {
    x <- wn[wn$group == grp & !is.na(wn$T1) & !is.na(wn$T2), ]
    rci <- (x$T2 - x$T1) / sdiff
    imp <- s * rci > zcrit; det <- s * rci < -zcrit
    clin_pre <- s * x$T1 < s * cutoff; func_post <- s * x$T2 > s * cutoff
    rec <- imp & clin_pre & func_post
    harm <- det & !clin_pre & !func_post
    entry <- list(
      outcome = key, group = grp, n = nrow(x), cutoff = cutoff, reliability = rel,
      clinical_before = mean(clin_pre), clinical_after = mean(s * x$T2 < s * cutoff),
      clinical_after_ci = prop.test(sum(s * x$T2 < s * cutoff), nrow(x), correct = FALSE)$conf.int[1:2],
      recovered_ci = prop.test(sum(rec), nrow(x), correct = FALSE)$conf.int[1:2],
      recovered = sum(rec), improved = sum(imp & !rec), unchanged = sum(!imp & !det), deteriorated = sum(det & !harm), harmed = sum(harm)
    )
    if (grp != "norm") {
      post <- wn$T2[wn$group == grp & !is.na(wn$T2)]
      lo <- t.test(post, normpost, mu = -delta, alternative = "greater")
      hi <- t.test(post, normpost, mu = delta, alternative = "less")
      ci90 <- t.test(post, normpost, conf.level = 0.9)$conf.int
      entry$eq_lower <- ci90[1]; entry$eq_upper <- ci90[2]; entry$eq_p <- max(lo$p.value, hi$p.value); entry$delta <- delta
    }
    norm[[length(norm) + 1]] <- entry
  }
}
c_holm <- p.adjust(sapply(control, function(x) x$p), "holm")
for (i in seq_along(control)) control[[i]]$p_holm <- c_holm[i]

# ------------------------------------------------------------------------------------------------
# 5. several waves (2013): change per period and mixed ANOVA (car, type III, GG) on complete cases
d13 <- read_sample("synthetic-2013-fivewaves.csv")
waves <- list()
for (o in outcomes_of(c("nosik", "psoc"))) {
  key <- paste0(o$def$id, ":", o$scale$id)
  w <- wide_scores(d13, o$def, o$scale)
  periods <- list()
  for (grp in c("homestart", "control", "norm")) {
    for (pr in list(c("T1", "T3"), c("T3", "T5"), c("T1", "T5"))) {
      x <- w[w$group == grp & !is.na(w[[pr[1]]]) & !is.na(w[[pr[2]]]), ]
      tt <- t.test(x[[pr[2]]], x[[pr[1]]], paired = TRUE)
      dzci <- effectsize::cohens_d(x[[pr[2]]], x[[pr[1]]], paired = TRUE, ci = 0.95)
      periods[[length(periods) + 1]] <- list(group = grp, period = paste0(pr[1], "\u2013", pr[2]), n = nrow(x), t = unname(tt$statistic),
                                             p = tt$p.value, mean_change = unname(tt$estimate), d_z = unname(tt$statistic) / sqrt(nrow(x)),
                                             d_z_lower = dzci$CI_low, d_z_upper = dzci$CI_high)
    }
  }
  cc <- w[complete.cases(w[, c("T1", "T2", "T3", "T4", "T5")]), ]
  cc$group <- factor(cc$group, levels = c("homestart", "control", "norm"))
  mlm <- lm(cbind(T1, T2, T3, T4, T5) ~ group, data = cc)
  idata <- data.frame(time = factor(paste0("T", 1:5)))
  av <- car::Anova(mlm, idata = idata, idesign = ~time, type = 3)
  sm <- summary(av, multivariate = FALSE)
  uni <- sm$univariate.tests
  gg <- sm$pval.adjustments
  waves[[length(waves) + 1]] <- list(
    outcome = key, periods = periods, n_complete = nrow(cc), n_excluded = nrow(w) - nrow(cc),
    group_F = uni["group", "F value"], group_p = uni["group", "Pr(>F)"],
    time_F = uni["time", "F value"], time_p_gg = gg["time", "Pr(>F[GG])"], gg_epsilon = gg["time", "GG eps"],
    interaction_F = uni["group:time", "F value"], interaction_p_gg = gg["group:time", "Pr(>F[GG])"]
  )
}

writeLines(toJSON(list(generated_by = "tests/reference/designs.R", R = R.version.string, car = as.character(packageVersion("car")),
                       effectsize = as.character(packageVersion("effectsize")),
                       psych = as.character(packageVersion("psych")),
                       prepost = prepost, gas = gas, control = control, norm = norm, waves = waves),
                  auto_unbox = TRUE, digits = NA, pretty = TRUE, na = "null"),
           "tests/reference/designs.json")
