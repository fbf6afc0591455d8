# Reference values for src/stats/mediation.ts, src/stats/cross-lagged.ts and src/designs/attrition.ts:
# lavaan (sem with observed variables, ML, fixed.x = TRUE, expected information), lm, boot, and the
# attrition comparisons (t.test, effectsize, fisher.test), on the committed synthetic sample files.
# Items are scored by the functions of tests/reference/designs.R (only its function definitions are
# evaluated here), independently of the TypeScript scoring engine.
# Run from the repo root: Rscript tests/reference/path_models.R  ->  tests/reference/path_models.json
suppressPackageStartupMessages({ library(jsonlite); library(lavaan); library(boot); library(effectsize) })

# the scoring helpers of designs.R: evaluate its assignments of functions and the instrument definitions
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
wide <- function(d, inst, id) wide_scores(d, defs[[inst]], scale_def(inst, id))

# JSON has no Inf: write it as the string "Inf"
fin <- function(x) if (is.infinite(x)) (if (x > 0) "Inf" else "-Inf") else x

# ---------------------------------------------------------------- mediation (2010 four-wave file)
d10 <- read_sample("synthetic-2010-fourwaves.csv")
psoc10 <- wide(d10, "psoc", "total")
par10 <- wide(d10, "nosik", "parent")
stopifnot(identical(psoc10$id, par10$id))
med <- data.frame(id = psoc10$id, x = as.numeric(psoc10$group == "homestart"), m = psoc10$T3, y = par10$T4,
                  psoc_t1 = psoc10$T1, parent_t1 = par10$T1)
medc <- med[complete.cases(med), ]
n_med <- nrow(medc)

med_model <- function(cov) {
  cv <- if (length(cov)) paste("+", paste(cov, collapse = " + ")) else ""
  sprintf("m ~ a*x %s\n y ~ cp*x + b*m %s\n ab := a*b\n total := cp + a*b", cv, cv)
}
mediation_case <- function(cov, R, seed) {
  fit <- sem(med_model(cov), data = medc)
  pe <- parameterEstimates(fit)
  getp <- function(lab) pe[pe$label == lab, ]
  fa <- lm(as.formula(paste("m ~ x", if (length(cov)) paste("+", paste(cov, collapse = "+")) else "")), medc)
  fb <- lm(as.formula(paste("y ~ x + m", if (length(cov)) paste("+", paste(cov, collapse = "+")) else "")), medc)
  fc <- lm(as.formula(paste("y ~ x", if (length(cov)) paste("+", paste(cov, collapse = "+")) else "")), medc)
  co <- function(f, term) { s <- summary(f)$coefficients; ci <- confint(f)[term, ]
    list(estimate = s[term, 1], se = s[term, 2], t = s[term, 3], p = s[term, 4], df = f$df.residual, ciLower = ci[[1]], ciUpper = ci[[2]]) }
  stat <- function(d, i) {
    dd <- d[i, ]
    a <- coef(lm(formula(fa), dd))[["x"]]
    b <- coef(lm(formula(fb), dd))[["m"]]
    a * b
  }
  set.seed(seed)
  bt <- boot(medc, stat, R = R)
  L <- empinf(bt, type = "jack")
  ci <- boot.ci(bt, conf = 0.95, type = c("perc", "bca"), L = L)
  list(
    covariates = as.list(cov),
    lm = list(a = co(fa, "x"), b = co(fb, "m"), direct = co(fb, "x"), total = co(fc, "x")),
    lavaan = list(a = as.list(getp("a")[c("est", "se", "z", "pvalue")]), b = as.list(getp("b")[c("est", "se", "z", "pvalue")]),
                  cp = as.list(getp("cp")[c("est", "se", "z", "pvalue")]), ab = as.list(getp("ab")[c("est", "se", "z", "pvalue")]),
                  total = as.list(getp("total")[c("est", "se", "z", "pvalue")])),
    boot = list(R = R, t0 = bt$t0, t = as.vector(bt$t), indices = unname(boot.array(bt, indices = TRUE)) - 1L,
                jack = as.vector(L), percentile = ci$percent[4:5], bca = ci$bca[4:5])
  )
}

mediation <- list(
  data = list(id = medc$id, x = medc$x, m = medc$m, y = medc$y, psoc_t1 = medc$psoc_t1, parent_t1 = medc$parent_t1,
              n = n_med, n_missing = nrow(med) - n_med),
  plain = mediation_case(character(0), R = 400, seed = 2010),
  covariates = mediation_case(c("psoc_t1", "parent_t1"), R = 400, seed = 2011)
)

# ---------------------------------------------------------------- cross-lagged panel
clpm_model <- function(waves, x = "X", y = "Y") {
  lines <- character(0)
  for (k in 2:length(waves)) {
    t0 <- waves[k - 1]; t1 <- waves[k]
    lines <- c(lines,
      sprintf("%s_%s ~ %s_%s + %s_%s", x, t1, x, t0, y, t0),
      sprintf("%s_%s ~ %s_%s + %s_%s", y, t1, y, t0, x, t0),
      sprintf("%s_%s ~~ %s_%s", x, t1, y, t1))
  }
  paste(lines, collapse = "\n")
}
clpm_case <- function(file, xs, ys) {
  d <- read_sample(file)
  wx <- wide(d, xs[1], xs[2]); wy <- wide(d, ys[1], ys[2])
  stopifnot(identical(wx$id, wy$id))
  waves <- sort(setdiff(names(wx), c("id", "group", "age", "single_parent")))
  dat <- data.frame(id = wx$id)
  for (w in waves) { dat[[paste0("X_", w)]] <- wx[[w]]; dat[[paste0("Y_", w)]] <- wy[[w]] }
  cc <- dat[complete.cases(dat), ]
  fit <- sem(clpm_model(waves), data = cc)
  # lavaan's optimiser stops about 1e-5 (relative) short of the optimum; the ML solution of this model
  # is closed form (least squares per wave, residual SSCP / n), so lavaan is also evaluated AT that
  # solution (optim.method = "none"): its SEs, z and std.all there are the exact reference values.
  pt <- parTable(fit)
  eq <- list()
  for (k in 2:length(waves)) for (v in c("X", "Y")) {
    lhs <- paste0(v, "_", waves[k]); o <- if (v == "X") "Y" else "X"
    l <- lm(reformulate(c(paste0(v, "_", waves[k - 1]), paste0(o, "_", waves[k - 1])), lhs), cc)
    eq[[lhs]] <- list(coef = coef(l)[-1], res = resid(l))
  }
  for (i in seq_len(nrow(pt))) {
    if (pt$op[i] == "~") pt$est[i] <- eq[[pt$lhs[i]]]$coef[[pt$rhs[i]]]
    if (pt$op[i] == "~~" && pt$lhs[i] %in% names(eq)) pt$est[i] <- sum(eq[[pt$lhs[i]]]$res * eq[[pt$rhs[i]]]$res) / nrow(cc)
  }
  pt$start <- pt$est
  at <- sem(clpm_model(waves), data = cc, start = pt, optim.method = "none")
  pe <- standardizedSolution(at)
  pe2 <- parameterEstimates(at)
  pe_opt <- parameterEstimates(fit)
  keep <- pe2$op %in% c("~", "~~") & !(pe2$lhs %in% c("X_T1", "Y_T1"))
  fm <- fitMeasures(fit, c("chisq", "df", "pvalue", "cfi", "tli", "rmsea", "srmr", "baseline.chisq", "baseline.df", "logl", "unrestricted.logl", "aic", "bic", "ntotal"))
  list(file = file, x = paste(xs, collapse = ":"), y = paste(ys, collapse = ":"), waves = waves,
       n = nrow(cc), n_missing = nrow(dat) - nrow(cc),
       data = lapply(cc[, -1], function(v) v), id = cc$id,
       chisq_at_solution = fitMeasures(at, "chisq")[[1]], srmr_at_solution = fitMeasures(at, "srmr")[[1]],
       params = lapply(which(keep), function(i) list(lhs = pe2$lhs[i], op = pe2$op[i], rhs = pe2$rhs[i], est = pe2$est[i], se = pe2$se[i],
                                                      z = pe2$z[i], p = pe2$pvalue[i], std = pe$est.std[i], est_optimised = pe_opt$est[i])),
       fit = as.list(fm))
}
crosslagged <- list(
  fourwaves = clpm_case("synthetic-2010-fourwaves.csv", c("psoc", "total"), c("nosik", "parent")),
  fivewaves = clpm_case("synthetic-2013-fivewaves.csv", c("psoc", "total"), c("nosik", "depression"))
)

# ---------------------------------------------------------------- attrition (2013 five-wave file)
d13 <- read_sample("synthetic-2013-fivewaves.csv")
waves13 <- sort(unique(d13$wave))
present <- tapply(d13$wave, d13$participant_id, function(w) paste(ifelse(waves13 %in% w, "X", "."), collapse = ""))
grp <- tapply(d13$group, d13$participant_id, function(g) g[1])
patterns <- as.data.frame(table(group = grp, pattern = present), stringsAsFactors = FALSE)
patterns <- patterns[patterns$Freq > 0, ]
psoc13 <- wide(d13, "psoc", "total"); nos13 <- wide(d13, "nosik", "total")
stopifnot(identical(psoc13$id, names(present)))
attr_rows <- list()
for (g in c("homestart", "control", "norm")) {
  sel <- psoc13$group == g
  completer <- substr(present[psoc13$id], length(waves13), length(waves13)) == "X"
  cmp <- function(name, v) {
    a <- v[sel & completer]; b <- v[sel & !completer]
    a <- a[!is.na(a)]; b <- b[!is.na(b)]
    tt <- t.test(a, b)
    g_ <- hedges_g(a, b, pooled_sd = TRUE)
    # effectsize finds the noncentral-t limits by an optimiser (~1e-3 here); the same limits by uniroot at 1e-12:
    n1 <- length(a); n2 <- length(b); dfg <- n1 + n2 - 2; hn <- 1 / n1 + 1 / n2
    J <- exp(lgamma(dfg / 2) - log(sqrt(dfg / 2)) - lgamma((dfg - 1) / 2))
    tg <- (g_$Hedges_g / J) / sqrt(hn)
    lim <- function(q) suppressWarnings(uniroot(function(ncp) pt(tg, dfg, ncp) - q, c(tg - 40, tg + 40), tol = 1e-12)$root) * sqrt(hn) * J
    list(group = g, variable = name, n_completers = length(a), n_dropouts = length(b), mean_completers = mean(a), mean_dropouts = mean(b),
         t = unname(tt$statistic), df = unname(tt$parameter), p = tt$p.value, g = g_$Hedges_g, g_lower = g_$CI_low, g_upper = g_$CI_high,
         g_lower_exact = lim(0.975), g_upper_exact = lim(0.025))
  }
  attr_rows[[length(attr_rows) + 1]] <- cmp("psoc:total", psoc13$T1)
  attr_rows[[length(attr_rows) + 1]] <- cmp("nosik:total", nos13$T1)
  attr_rows[[length(attr_rows) + 1]] <- cmp("age", psoc13$age)
  sp <- table(factor(completer[sel], c(TRUE, FALSE)), factor(psoc13$single_parent[sel], c(1, 0)))
  ft <- fisher.test(sp)
  attr_rows[[length(attr_rows) + 1]] <- list(group = g, variable = "single_parent", table = matrix(as.vector(sp), 2), p = ft$p.value,
                                             odds_ratio = fin(unname(ft$estimate)), or_lower = fin(ft$conf.int[1]), or_upper = fin(ft$conf.int[2]))
}
attrition <- list(patterns = lapply(seq_len(nrow(patterns)), function(i) as.list(patterns[i, ])), comparisons = attr_rows)

out <- list(generated_by = "tests/reference/path_models.R", r_version = R.version.string,
            lavaan_version = as.character(packageVersion("lavaan")), boot_version = as.character(packageVersion("boot")),
            mediation = mediation, crosslagged = crosslagged, attrition = attrition)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, na = "null"), "tests/reference/path_models.json")
cat("wrote tests/reference/path_models.json\n")
