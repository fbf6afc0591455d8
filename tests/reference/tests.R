# Reference values for src/stats/ttest.ts, src/stats/nonparametric.ts and src/stats/multicomp.ts.
#
# Run from the repository root:  Rscript tests/reference/tests.R
# Writes tests/reference/tests.json: random inputs (set.seed) and the outputs of
# stats::t.test, stats::wilcox.test, stats::binom.test (sign test) and stats::p.adjust.
# Numbers are written with 17 significant digits; ±Inf as "Inf"/"-Inf", NA as "NA".
suppressPackageStartupMessages(library(jsonlite))

enc <- function(v) {
  lapply(as.numeric(v), function(z) {
    if (is.na(z)) "NA" else if (is.infinite(z)) (if (z > 0) "Inf" else "-Inf") else z
  })
}
htest <- function(r) {
  list(
    statistic = enc(unname(r$statistic)),
    parameter = enc(if (is.null(r$parameter)) numeric(0) else unname(r$parameter)),
    p_value = enc(r$p.value),
    conf_int = enc(if (is.null(r$conf.int)) numeric(0) else as.numeric(r$conf.int)),
    conf_level = enc(if (is.null(r$conf.int)) numeric(0) else attr(r$conf.int, "conf.level")),
    estimate = enc(if (is.null(r$estimate)) numeric(0) else unname(r$estimate)),
    method = r$method
  )
}
alts <- c("two.sided", "less", "greater")

# ---- t-tests ---------------------------------------------------------------
set.seed(20261122)
ttests <- list()
for (i in 1:48) {
  type <- c("one", "paired", "student", "welch")[(i - 1) %% 4 + 1]
  alt <- alts[((i - 1) %/% 4) %% 3 + 1]
  conf <- if (i %% 5 == 0) 0.9 else 0.95
  nx <- sample(c(2, 3, 5, 8, 13, 30, 61), 1)
  ny <- if (type == "paired") nx else sample(c(2, 4, 7, 12, 25, 40), 1)
  x <- round(rnorm(nx, 20, sample(c(0.5, 3, 10), 1)), 3)
  y <- round(rnorm(ny, 21, sample(c(0.5, 3, 10), 1)), 3)
  if (type == "paired") y <- round(x + rnorm(nx, 0.7, 2), 3)
  # missing values in every third case (listwise for paired)
  if (i %% 3 == 0 && nx > 3) {
    x[sample(nx, 1)] <- NA
    if (type != "one" && ny > 3) y[sample(ny, 1)] <- NA
  }
  mu <- if (type == "one") 19.5 else if (i %% 3 == 1) 0.5 else 0
  r <- switch(type,
    one = t.test(x, alternative = alt, mu = mu, conf.level = conf),
    paired = t.test(x, y, paired = TRUE, alternative = alt, mu = mu, conf.level = conf),
    student = t.test(x, y, var.equal = TRUE, alternative = alt, mu = mu, conf.level = conf),
    welch = t.test(x, y, alternative = alt, mu = mu, conf.level = conf)
  )
  ttests[[i]] <- list(type = type, alternative = alt, conf_level = conf, mu = mu,
                      x = enc(x), y = if (type == "one") list() else enc(y),
                      r = c(htest(r), list(stderr = enc(r$stderr))))
}

# ---- Wilcoxon signed-rank (one-sample and paired) ---------------------------
set.seed(7)
signrank <- list()
for (i in 1:40) {
  alt <- alts[(i - 1) %% 3 + 1]
  kind <- c("exact", "ties", "zeros", "large")[((i - 1) %/% 3) %% 4 + 1]
  n <- switch(kind, exact = sample(c(1, 2, 4, 7, 12, 20, 35, 49), 1), ties = sample(c(6, 15, 40), 1),
              zeros = sample(c(8, 20, 60), 1), large = sample(c(50, 80), 1))
  x <- switch(kind,
    exact = round(rnorm(n, 0.4, 1), 6),
    ties = round(rnorm(n, 0.5, 2)),
    zeros = round(rnorm(n, 0.3, 1.5)),
    large = round(rnorm(n, 0.2, 1), 6))
  paired <- i %% 4 == 0
  y <- if (paired) round(rnorm(n, 0, 1), if (kind == "exact" || kind == "large") 6 else 0) else NULL
  conf <- if (i %% 5 == 0) 0.9 else 0.95
  mu <- if (i %% 7 == 0) 0.25 else 0
  r <- suppressWarnings(if (paired) {
    wilcox.test(x + y, y, paired = TRUE, alternative = alt, mu = mu, conf.int = TRUE, conf.level = conf)
  } else {
    wilcox.test(x, alternative = alt, mu = mu, conf.int = TRUE, conf.level = conf)
  })
  rnc <- suppressWarnings(if (paired) {
    wilcox.test(x + y, y, paired = TRUE, alternative = alt, mu = mu, correct = FALSE, exact = FALSE)
  } else {
    wilcox.test(x, alternative = alt, mu = mu, correct = FALSE, exact = FALSE)
  })
  signrank[[i]] <- list(kind = kind, paired = paired, alternative = alt, conf_level = conf, mu = mu,
                        x = enc(if (paired) x + y else x), y = if (paired) enc(y) else list(),
                        r = htest(r), r_nocorrect = htest(rnc))
}

# ---- Wilcoxon rank-sum / Mann-Whitney ----------------------------------------
set.seed(11)
ranksum <- list()
for (i in 1:40) {
  alt <- alts[(i - 1) %% 3 + 1]
  kind <- c("exact", "ties", "large")[((i - 1) %/% 3) %% 3 + 1]
  nx <- switch(kind, exact = sample(c(1, 3, 6, 10, 25, 49), 1), ties = sample(c(5, 12, 30), 1), large = sample(c(50, 70), 1))
  ny <- switch(kind, exact = sample(c(2, 4, 9, 17, 40, 49), 1), ties = sample(c(4, 15, 33), 1), large = sample(c(20, 55), 1))
  dig <- if (kind == "ties") 0 else 6
  x <- round(rnorm(nx, 0.6, 1.5), dig)
  y <- round(rnorm(ny, 0, 1.5), dig)
  conf <- if (i %% 5 == 0) 0.9 else 0.95
  mu <- if (i %% 4 == 0) 0.3 else 0
  r <- suppressWarnings(wilcox.test(x, y, alternative = alt, mu = mu, conf.int = TRUE, conf.level = conf))
  rnc <- suppressWarnings(wilcox.test(x, y, alternative = alt, mu = mu, correct = FALSE, exact = FALSE))
  ranksum[[i]] <- list(kind = kind, alternative = alt, conf_level = conf, mu = mu,
                       x = enc(x), y = enc(y), r = htest(r), r_nocorrect = htest(rnc))
}

# ---- sweep: many random rank-test cases (n, ties, zeros, mu, alternative, conf.level vary) ----
set.seed(123)
sweep_signrank <- list(); sweep_ranksum <- list()
for (i in 1:120) {
  alt <- sample(alts, 1); n <- sample(c(3:12, 20, 45, 60, 120), 1); dig <- sample(c(0, 1, 6), 1)
  x <- round(rnorm(n, runif(1, -1, 1), runif(1, 0.5, 3)), dig)
  mu <- sample(c(0, 0, 0.5), 1); conf <- sample(c(0.8, 0.9, 0.95, 0.99), 1)
  r <- tryCatch(suppressWarnings(wilcox.test(x, mu = mu, alternative = alt, conf.int = TRUE, conf.level = conf)),
                error = function(e) NULL)
  if (!is.null(r)) sweep_signrank[[length(sweep_signrank) + 1]] <- list(x = enc(x), y = list(), paired = FALSE,
    kind = "sweep", mu = mu, alternative = alt, conf_level = conf, r = htest(r))
  ny <- sample(c(2:12, 30, 60), 1)
  y <- round(rnorm(ny, 0, runif(1, 0.5, 3)), dig)
  r <- tryCatch(suppressWarnings(wilcox.test(x, y, mu = mu, alternative = alt, conf.int = TRUE, conf.level = conf)),
                error = function(e) NULL)
  if (!is.null(r)) sweep_ranksum[[length(sweep_ranksum) + 1]] <- list(x = enc(x), y = enc(y), kind = "sweep",
    mu = mu, alternative = alt, conf_level = conf, r = htest(r))
}

# ---- exact distributions ----------------------------------------------------
dists <- list(
  psignrank = lapply(c(1, 5, 10, 23, 49), function(n) {
    q <- unique(round(seq(0, n * (n + 1) / 2, length.out = 9)))
    list(n = n, q = q, p = enc(psignrank(q, n)))
  }),
  pwilcox = lapply(list(c(1, 1), c(3, 5), c(10, 7), c(25, 30), c(49, 49)), function(mn) {
    q <- unique(round(seq(0, mn[1] * mn[2], length.out = 9)))
    list(m = mn[1], n = mn[2], q = q, p = enc(pwilcox(q, mn[1], mn[2])))
  })
)

# ---- sign test (binom.test on the non-zero differences) ----------------------
set.seed(3)
signtest <- list()
for (i in 1:30) {
  alt <- alts[(i - 1) %% 3 + 1]
  n <- sample(c(1, 3, 10, 25, 60, 200), 1)
  d <- round(rnorm(n, sample(c(0, 0.3, 1), 1), 1))
  conf <- if (i %% 4 == 0) 0.9 else 0.95
  npos <- sum(d > 0); nn <- sum(d != 0)
  r <- if (nn > 0) htest(binom.test(npos, nn, alternative = alt, conf.level = conf)) else NULL
  signtest[[i]] <- list(alternative = alt, conf_level = conf, d = enc(d), r = r)
}
# binom.test with p != 0.5 (two-sided rule with relErr)
binom <- list()
for (case in list(c(3, 20, 0.3), c(7, 20, 0.3), c(0, 10, 0.2), c(10, 10, 0.2), c(12, 40, 0.25), c(1, 2, 0.5), c(682, 925, 0.75))) {
  for (alt in alts) {
    binom[[length(binom) + 1]] <- list(x = case[1], n = case[2], p = case[3], alternative = alt,
      r = htest(binom.test(case[1], case[2], case[3], alternative = alt)))
  }
}

# ---- p.adjust -----------------------------------------------------------------
set.seed(5)
padjust <- list()
for (i in 1:12) {
  m <- sample(c(1, 2, 5, 10, 30), 1)
  p <- signif(runif(m)^3, 6)
  if (i %% 3 == 0) p[sample(m, 1)] <- NA
  if (i %% 4 == 0 && m > 2) p[2] <- p[1] # ties
  out <- list(p = enc(p))
  for (meth in c("holm", "hochberg", "bonferroni", "BH", "BY", "hommel")) out[[meth]] <- enc(p.adjust(p, meth))
  padjust[[i]] <- out
}

out <- list(r_version = R.version.string, ttest = ttests, signrank = signrank, ranksum = ranksum,
            sweep_signrank = sweep_signrank, sweep_ranksum = sweep_ranksum,
            dists = dists, signtest = signtest, binom = binom, padjust = padjust)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, null = "null", pretty = FALSE),
           "tests/reference/tests.json")
cat("wrote tests/reference/tests.json\n")
