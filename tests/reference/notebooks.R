# Reference values for tests/notebooks/execute.test.ts: the key numbers of notebooks/*.ipynb computed by R
# from the same committed sample CSV files, independently of the TypeScript loader, scoring engine and
# statistics. Scale scores are computed here from the items with the rules of data-schemas/instruments/*.json
# (reverse keys, sum of items with prorating: mean of the answered items x number of items when at most
# `maxMissing` items are missing; count scales likewise; GAS T-score of Kiresuk & Sherman with rho = 0.3).
# R functions: t.test, binom.test, wilcox.test, lm/anova/predict, car::Anova (mixed ANOVA with GG), psych::alpha,
# effectsize::cohens_d (d_z and its noncentral-t CI), power.t.test, p.adjust.
# Run from the repo root: Rscript tests/reference/notebooks.R  ->  tests/reference/notebooks.json
suppressPackageStartupMessages({ library(jsonlite); library(psych); library(car); library(effectsize) })

defs <- lapply(c(nosik = "nosik", psoc = "psoc", "daily-hassles" = "daily-hassles", "life-events" = "life-events", gas = "gas"),
               function(id) fromJSON(file.path("data-schemas", "instruments", paste0(id, ".json")), simplifyVector = FALSE))

read_sample <- function(f) read.csv(file.path("sample-data", f), comment.char = "#", colClasses = c(participant_id = "character"))

item_matrix <- function(d, def, ids, keyed = TRUE) {
  m <- sapply(ids, function(id) {
    it <- Filter(function(x) x$id == id, def$items)[[1]]
    rng <- if (!is.null(it$response)) it$response else def$response
    x <- d[[paste0(def$columnPrefix, "_", id)]]
    if (keyed && isTRUE(it$reverse)) rng$min + rng$max - x else x
  })
  matrix(m, nrow = nrow(d))
}

score <- function(d, inst, scale_id) {
  def <- defs[[inst]]
  sc <- Filter(function(s) s$id == scale_id, def$scales)[[1]]
  ids <- unlist(sc$items)
  if (sc$method == "gas-t") {
    g <- item_matrix(d, def, ids, keyed = FALSE)
    w <- sapply(ids, function(id) d[[paste0("gas_weight_", id)]])
    w <- matrix(w, nrow = nrow(d)); w[is.na(w)] <- 1
    return(sapply(seq_len(nrow(d)), function(i) {
      ok <- !is.na(g[i, ]); if (!any(ok)) return(NA_real_)
      x <- g[i, ok]; wi <- w[i, ok]
      50 + 10 * sum(wi * x) / sqrt((1 - 0.3) * sum(wi^2) + 0.3 * sum(wi)^2)
    }))
  }
  x <- item_matrix(d, def, ids, keyed = sc$method != "count")
  if (sc$method == "count") x <- ifelse(is.na(x), NA, as.numeric(x %in% unlist(sc$countValues)))
  answered <- rowSums(!is.na(x)); missing <- ncol(x) - answered
  maxm <- if (is.null(sc$maxMissing)) 0 else sc$maxMissing
  s <- rowMeans(x, na.rm = TRUE) * ncol(x)
  s[answered == 0 | missing > maxm] <- NA
  s
}

# one row per participant: group, covariates at T1, score at each wave
wide <- function(d, inst, scale_id, waves) {
  d$score <- score(d, inst, scale_id)
  ids <- sort(unique(d$participant_id))
  t1 <- d[d$wave == "T1", ]
  out <- data.frame(id = ids, group = sapply(ids, function(i) d$group[d$participant_id == i][1]),
                    age = t1$age[match(ids, t1$participant_id)], single_parent = t1$single_parent[match(ids, t1$participant_id)],
                    stringsAsFactors = FALSE)
  for (w in waves) { dw <- d[d$wave == w, ]; out[[w]] <- dw$score[match(ids, dw$participant_id)] }
  out
}

dz_ci <- function(post, pre) {
  ok <- complete.cases(post, pre)
  cd <- effectsize::cohens_d(post[ok], pre[ok], paired = TRUE, ci = 0.95, verbose = FALSE)
  c(cd$Cohens_d, cd$CI_low, cd$CI_high)
}
d_av <- function(post, pre) { ok <- complete.cases(post, pre); mean(post[ok] - pre[ok]) / ((sd(post[ok]) + sd(pre[ok])) / 2) }

d_ppc2 <- function(w, tr = "homestart", co = "control") {
  a <- w[w$group == tr & complete.cases(w$T1, w$T2), ]; b <- w[w$group == co & complete.cases(w$T1, w$T2), ]
  nT <- nrow(a); nC <- nrow(b)
  sdp <- sqrt(((nT - 1) * var(a$T1) + (nC - 1) * var(b$T1)) / (nT + nC - 2))
  cp <- 1 - 3 / (4 * (nT + nC - 2) - 1)
  d <- cp * ((mean(a$T2) - mean(a$T1)) - (mean(b$T2) - mean(b$T1))) / sdp
  rho <- (sum((a$T1 - mean(a$T1)) * (a$T2 - mean(a$T2))) + sum((b$T1 - mean(b$T1)) * (b$T2 - mean(b$T2)))) /
    sqrt((sum((a$T1 - mean(a$T1))^2) + sum((b$T1 - mean(b$T1))^2)) * (sum((a$T2 - mean(a$T2))^2) + sum((b$T2 - mean(b$T2))^2)))
  k <- (nT + nC) / (nT * nC)
  v <- 2 * cp^2 * (1 - rho) * k * ((nT + nC - 2) / (nT + nC - 4)) * (1 + d^2 / (2 * (1 - rho) * k)) - d^2
  c(d, d - qnorm(0.975) * sqrt(v), d + qnorm(0.975) * sqrt(v))
}

nb <- list()

# ---- 01 pre/post + GAS (1997) ----------------------------------------------------------------------
d97 <- read_sample("synthetic-1997-prepost.csv")
w <- function(inst, sc) wide(d97, inst, sc, c("T1", "T2"))
ps <- w("psoc", "total"); ns <- w("nosik", "total")
tp <- t.test(ps$T2, ps$T1, paired = TRUE); tn <- t.test(ns$T2, ns$T1, paired = TRUE)
dzp <- dz_ci(ps$T2, ps$T1)
tf <- t.test(w("daily-hassles", "frequency")$T2, w("daily-hassles", "frequency")$T1, paired = TRUE)
ti <- t.test(w("daily-hassles", "intensity")$T2, w("daily-hassles", "intensity")$T1, paired = TRUE)
le <- w("life-events", "past_year"); tl <- t.test(le$T2, le$T1, paired = TRUE)
gas <- w("gas", "t_score"); gok <- gas[complete.cases(gas$T1, gas$T2), ]; gd <- gok$T2 - gok$T1
wx <- wilcox.test(gok$T2, gok$T1, paired = TRUE, exact = FALSE, correct = TRUE)
okp <- complete.cases(ps$T1, ps$T2)
nb[["01-pre-post-gas.ipynb"]] <- list(
  psoc_n = sum(okp), psoc_t = unname(tp$statistic), psoc_df = unname(tp$parameter), psoc_p = tp$p.value,
  psoc_dz = dzp[1], psoc_dz_lower = dzp[2], psoc_dz_upper = dzp[3], psoc_dav = d_av(ps$T2, ps$T1),
  psoc_mean_pre = mean(ps$T1[okp]), psoc_mean_post = mean(ps$T2[okp]),
  nosik_n = sum(complete.cases(ns$T1, ns$T2)), nosik_t = unname(tn$statistic), nosik_p = tn$p.value,
  nosik_dz = dz_ci(ns$T2, ns$T1)[1], nosik_dav = d_av(ns$T2, ns$T1),
  pdh_frequency_t = unname(tf$statistic), pdh_intensity_t = unname(ti$statistic), life_events_t = unname(tl$statistic),
  nosik_p_holm = p.adjust(c(tn$p.value, tp$p.value, tf$p.value, ti$p.value, tl$p.value), "holm")[1],
  gas_n = nrow(gok), gas_improved = sum(gd > 0), gas_sign_p = binom.test(sum(gd > 0), sum(gd != 0))$p.value,
  gas_t_pre_mean = mean(gok$T1), gas_t_post_mean = mean(gok$T2),
  gas_wilcoxon_V = unname(wx$statistic), gas_wilcoxon_p = wx$p.value, gas_at_least_50 = sum(gok$T2 >= 50))

# ---- 02 versus comparison group (2005) --------------------------------------------------------------
d05 <- read_sample("synthetic-2005-control.csv")
ancova_ref <- function(wd, covs = c("T1", "age", "single_parent")) {
  wd <- wd[wd$group %in% c("homestart", "control"), ]
  wd$group <- factor(wd$group, levels = c("control", "homestart"))
  f <- as.formula(paste("T2 ~ group +", paste(covs, collapse = " + ")))
  m <- lm(f, data = wd)
  a <- car::Anova(m, type = 2)
  cf <- summary(m)$coefficients["grouphomestart", ]; ci <- confint(m)["grouphomestart", ]
  used <- model.frame(m)
  nd <- data.frame(group = factor(c("control", "homestart"), levels = levels(wd$group)))
  for (cv in covs) nd[[cv]] <- mean(used[[cv]])
  list(n = nrow(used), diff = unname(cf[1]), lower = unname(ci[1]), upper = unname(ci[2]), p = unname(cf[4]),
       F = a["group", "F value"], eta = a["group", "Sum Sq"] / (a["group", "Sum Sq"] + a["Residuals", "Sum Sq"]),
       adj = predict(m, nd))
}
outs <- list(c("nosik", "total"), c("nosik", "parent"), c("nosik", "child"), c("nosik", "depression"), c("psoc", "total"))
w05 <- lapply(outs, function(o) wide(d05, o[1], o[2], c("T1", "T2")))
an <- lapply(w05, ancova_ref)
holm <- p.adjust(sapply(an, function(x) x$p), "holm")
nw <- w05[[1]]; dn <- d_ppc2(nw)
cc <- nw[complete.cases(nw$T1, nw$T2), ]
long <- data.frame(id = factor(rep(cc$id, 2)), group = factor(rep(cc$group, 2)), time = factor(rep(c("T1", "T2"), each = nrow(cc))), y = c(cc$T1, cc$T2))
mix <- summary(aov(y ~ group * time + Error(id / time), data = long))
gxt <- mix[["Error: id:time"]][[1]]
nb[["02-versus-comparison-group.ipynb"]] <- list(
  nosik_n = an[[1]]$n, nosik_diff = an[[1]]$diff, nosik_diff_lower = an[[1]]$lower, nosik_diff_upper = an[[1]]$upper,
  nosik_F = an[[1]]$F, nosik_p = an[[1]]$p, nosik_eta_p2 = an[[1]]$eta,
  nosik_adj_homestart = unname(an[[1]]$adj[2]), nosik_adj_control = unname(an[[1]]$adj[1]),
  nosik_dppc2 = dn[1], nosik_dppc2_lower = dn[2], nosik_dppc2_upper = dn[3],
  psoc_diff = an[[5]]$diff, psoc_p = an[[5]]$p, psoc_dppc2 = d_ppc2(w05[[5]])[1],
  depression_diff = an[[4]]$diff, depression_p_holm = holm[4],
  nosik_interaction_F = gxt[grepl("group:time", rownames(gxt)), "F value"], nosik_interaction_p = gxt[grepl("group:time", rownames(gxt)), "Pr(>F)"],
  age_t = unname(t.test(nw$age[nw$group == "homestart"], nw$age[nw$group == "control"])$statistic))

# ---- 03 clinical significance against the norm group (2008) -----------------------------------------
d08 <- read_sample("synthetic-2008-norm.csv")
both <- rbind(d05, d08)
nw3 <- wide(both, "nosik", "total", c("T1", "T2"))
nosik_def <- defs$nosik; tot <- Filter(function(s) s$id == "total", nosik_def$scales)[[1]]
hs_t1 <- both[both$group == "homestart" & both$wave == "T1", ]
x <- item_matrix(hs_t1, nosik_def, unlist(tot$items)); x <- x[complete.cases(x), ]
rel <- psych::alpha(as.data.frame(x), check.keys = FALSE, warnings = FALSE)$total$raw_alpha
hsp <- na.omit(nw3$T1[nw3$group == "homestart"]); nop <- na.omit(nw3$T1[nw3$group == "norm"])
cm <- mean(hsp); csd <- sd(hsp); fm <- mean(nop); fsd <- sd(nop)
cut_a <- cm - 2 * csd; cut_b <- fm + 2 * fsd; cut_c <- (csd * fm + fsd * cm) / (csd + fsd)   # higher = worse
pp <- nw3[nw3$group %in% c("homestart", "control") & complete.cases(nw3$T1, nw3$T2), ]
sdiff <- sqrt(2) * csd * sqrt(1 - rel)   # Jacobson & Truax: SD of the clinical population (Home-Start at T1)
rci <- (pp$T2 - pp$T1) / sdiff
improved <- -rci > 1.96; worse <- -rci < -1.96
clin_pre <- pp$T1 > cut_c; func_post <- pp$T2 < cut_c
cat3 <- ifelse(improved & clin_pre & func_post, "recovered", ifelse(improved, "improved",
          ifelse(worse & !clin_pre & !func_post, "harmed", ifelse(worse, "deteriorated", "unchanged"))))
cnt <- function(g, k) sum(pp$group == g & cat3 == k)
tost_welch <- function(x, y, delta) {
  x <- na.omit(x); y <- na.omit(y)
  lo <- t.test(x, y, mu = -delta, alternative = "greater"); hi <- t.test(x, y, mu = delta, alternative = "less")
  c(mean(x) - mean(y), max(lo$p.value, hi$p.value))
}
post_of <- function(g) nw3$T2[nw3$group == g]
dnorm_sd <- sd(na.omit(post_of("norm")))
nhs <- tost_welch(post_of("homestart"), post_of("norm"), dnorm_sd); nco <- tost_welch(post_of("control"), post_of("norm"), dnorm_sd)
hsr <- pp[pp$group == "homestart", ]
nb[["03-clinical-significance-norm-group.ipynb"]] <- list(
  reliability = rel, clinical_mean = cm, clinical_sd = csd, norm_mean = fm, norm_sd = fsd,
  cutoff_a = cut_a, cutoff_b = cut_b, cutoff_c = cut_c, s_diff = sdiff, n_pairs = nrow(pp),
  homestart_n = sum(pp$group == "homestart"), homestart_recovered = cnt("homestart", "recovered"), homestart_improved = cnt("homestart", "improved"),
  homestart_unchanged = cnt("homestart", "unchanged"), homestart_deteriorated = cnt("homestart", "deteriorated"),
  control_recovered = cnt("control", "recovered"), control_improved = cnt("control", "improved"),
  homestart_clinical_after = sum(hsr$T2 > cut_c),
  normative_homestart_diff = nhs[1], normative_homestart_p = nhs[2], normative_control_p = nco[2],
  severity_r = cor(hsr$T1, hsr$T2 - hsr$T1))

# ---- 04 several waves (2010, 2013) ------------------------------------------------------------------
mixed_car <- function(wd, waves, levels) {
  cc <- wd[complete.cases(wd[, waves]), ]
  cc$group <- factor(cc$group, levels = levels)
  m <- lm(as.matrix(cc[, waves]) ~ group, data = cc, contrasts = list(group = "contr.sum"))
  av <- car::Anova(m, idata = data.frame(time = factor(waves)), idesign = ~time, type = 3)
  s <- summary(av, multivariate = FALSE)
  uni <- s$univariate.tests; gg <- s$pval.adjustments
  list(n = nrow(cc), F = uni["group:time", "F value"], p = uni["group:time", "Pr(>F)"],
       gg = if (is.null(gg)) NA else gg["group:time", "GG eps"], ggp = if (is.null(gg)) NA else gg["group:time", "Pr(>F[GG])"],
       timeF = uni["time", "F value"])
}
d10 <- read_sample("synthetic-2010-fourwaves.csv")
w10 <- wide(d10, "psoc", "total", c("T1", "T2", "T3", "T4"))
m10 <- mixed_car(w10, c("T1", "T2", "T3", "T4"), c("control", "homestart"))
d13 <- read_sample("synthetic-2013-fivewaves.csv")
w13 <- wide(d13, "psoc", "total", paste0("T", 1:5))
per <- function(g, a, b) { x <- w13[w13$group == g, ]; t.test(x[[b]], x[[a]], paired = TRUE) }
h13 <- w13[w13$group == "homestart", ]
comp <- h13$T1[!is.na(h13$T1) & !is.na(h13$T5)]; drop <- h13$T1[!is.na(h13$T1) & is.na(h13$T5)]
m13 <- mixed_car(w13, paste0("T", 1:5), c("control", "homestart", "norm"))
hx <- w13[w13$group == "homestart", ]
nb[["04-several-waves.ipynb"]] <- list(
  n2010 = m10$n, gxt2010_F = m10$F, gxt2010_p = m10$p, gxt2010_gg_epsilon = m10$gg, gxt2010_gg_p = m10$ggp, time2010_F = m10$timeF,
  hs_T1_mean_2010 = mean(na.omit(w10$T1[w10$group == "homestart"])), hs_T4_mean_2010 = mean(na.omit(w10$T4[w10$group == "homestart"])),
  n_hs_T5 = sum(!is.na(h13$T5)),
  hs_T1T3_t = unname(per("homestart", "T1", "T3")$statistic), hs_T1T3_n = sum(complete.cases(hx$T1, hx$T3)),
  hs_T1T3_dz = dz_ci(hx$T3, hx$T1)[1], hs_T3T5_t = unname(per("homestart", "T3", "T5")$statistic),
  control_T1T3_t = unname(per("control", "T1", "T3")$statistic),
  dropout_t = unname(t.test(drop, comp)$statistic), n2013_completers = m13$n, gxt2013_F = m13$F)

# ---- 05 thesis quick-start ---------------------------------------------------------------------------
alpha_t1 <- function(inst, sc_id) {
  def <- defs[[inst]]; sc <- Filter(function(s) s$id == sc_id, def$scales)[[1]]
  x <- item_matrix(d05[d05$wave == "T1", ], def, unlist(sc$items)); x <- x[complete.cases(x), ]
  c(psych::alpha(as.data.frame(x), check.keys = FALSE, warnings = FALSE)$total$raw_alpha, nrow(x))
}
ap <- alpha_t1("psoc", "total"); an5 <- alpha_t1("nosik", "total")
nok <- nw[complete.cases(nw$T1, nw$T2), ]
rho <- cor(nok$T1, nok$T2)
a5n <- ancova_ref(w05[[1]], "T1"); a5p <- ancova_ref(w05[[5]], "T1")
nb[["05-thesis-quick-start.ipynb"]] <- list(
  rows_read = nrow(d05), psoc_alpha = ap[1], psoc_alpha_n = ap[2], nosik_alpha = an5[1], nosik_alpha_n = an5[2],
  power_t_n = power.t.test(delta = 0.4, sd = 1, power = 0.8)$n, power_rho = rho,
  power_at_50 = power.t.test(n = 50, delta = 0.4, sd = 1)$power,
  apa_nosik_F = a5n$F, apa_nosik_dppc2 = dn[1], apa_psoc_F = a5p$F)

writeLines(toJSON(list(generated_by = "tests/reference/notebooks.R", R = R.version.string,
                       packages = list(psych = as.character(packageVersion("psych")), car = as.character(packageVersion("car")),
                                       effectsize = as.character(packageVersion("effectsize"))),
                       notebooks = nb),
                  auto_unbox = TRUE, digits = NA, pretty = TRUE),
           "tests/reference/notebooks.json")
