# Reference values for src/stats/contingency.ts.
#
# Run from the repository root:  Rscript tests/reference/contingency.R
# Writes tests/reference/contingency.json with random tables (set.seed) and the outputs of
# stats::chisq.test, stats::fisher.test, stats::mcnemar.test and binom.test (exact McNemar).
# For Fisher's test it also stores a replica of fisher.test's conditional MLE and CI equations
# solved with uniroot(tol = 1e-10) ("tight"), because fisher.test itself uses uniroot's default
# tolerance (~1.2e-4).
suppressPackageStartupMessages(library(jsonlite))

enc <- function(v) {
  lapply(as.numeric(v), function(z) {
    if (is.na(z)) "NA" else if (is.infinite(z)) (if (z > 0) "Inf" else "-Inf") else z
  })
}
rows <- function(m) lapply(seq_len(nrow(m)), function(i) enc(m[i, ]))

# ---- chi-squared ------------------------------------------------------------
set.seed(42)
chisq <- list()
dims <- list(c(2, 2), c(2, 2), c(2, 3), c(3, 2), c(3, 4), c(4, 4), c(2, 5))
for (i in 1:28) {
  d <- dims[[(i - 1) %% length(dims) + 1]]
  lambda <- sample(c(2, 6, 20, 80), 1)
  repeat {
    m <- matrix(rpois(d[1] * d[2], lambda * runif(d[1] * d[2], 0.5, 1.5)), d[1], d[2])
    if (all(rowSums(m) > 0) && all(colSums(m) > 0)) break
  }
  correct <- i %% 3 != 0
  r <- suppressWarnings(chisq.test(m, correct = correct))
  chisq[[i]] <- list(table = rows(m), correct = correct,
    statistic = enc(unname(r$statistic)), parameter = enc(unname(r$parameter)), p_value = enc(r$p.value),
    expected = rows(r$expected), residuals = rows(r$residuals), stdres = rows(r$stdres),
    method = r$method, small = any(r$expected < 5))
}

# ---- Fisher 2x2 -----------------------------------------------------------------
fisher_tight <- function(tab, alternative, conf.level, tol = 1e-10) {
  m <- sum(tab[, 1L]); n <- sum(tab[, 2L]); k <- sum(tab[1L, ]); x <- tab[1L, 1L]
  lo <- max(0L, k - n); hi <- min(k, m); support <- lo:hi
  logdc <- dhyper(support, m, n, k, log = TRUE)
  dnhyper <- function(ncp) { d <- logdc + log(ncp) * support; d <- exp(d - max(d)); d / sum(d) }
  mnhyper <- function(ncp) { if (ncp == 0) return(lo); if (ncp == Inf) return(hi); sum(support * dnhyper(ncp)) }
  pnhyper <- function(q, ncp = 1, upper.tail = FALSE) {
    if (ncp == 1) return(if (upper.tail) phyper(x - 1, m, n, k, lower.tail = FALSE) else phyper(x, m, n, k))
    if (ncp == 0) return(as.numeric(if (upper.tail) q <= lo else q >= lo))
    if (ncp == Inf) return(as.numeric(if (upper.tail) q <= hi else q >= hi))
    sum(dnhyper(ncp)[if (upper.tail) support >= q else support <= q])
  }
  mle <- function(x) {
    if (x == lo) return(0); if (x == hi) return(Inf)
    mu <- mnhyper(1)
    if (mu > x) uniroot(function(t) mnhyper(t) - x, c(0, 1), tol = tol)$root
    else if (mu < x) 1 / uniroot(function(t) mnhyper(1 / t) - x, c(.Machine$double.eps, 1), tol = tol)$root
    else 1
  }
  ncp.U <- function(x, alpha) {
    if (x == hi) return(Inf)
    p <- pnhyper(x, 1)
    if (p < alpha) uniroot(function(t) pnhyper(x, t) - alpha, c(0, 1), tol = tol)$root
    else if (p > alpha) 1 / uniroot(function(t) pnhyper(x, 1 / t) - alpha, c(.Machine$double.eps, 1), tol = tol)$root
    else 1
  }
  ncp.L <- function(x, alpha) {
    if (x == lo) return(0)
    p <- pnhyper(x, 1, upper.tail = TRUE)
    if (p > alpha) uniroot(function(t) pnhyper(x, t, upper.tail = TRUE) - alpha, c(0, 1), tol = tol)$root
    else if (p < alpha) 1 / uniroot(function(t) pnhyper(x, 1 / t, upper.tail = TRUE) - alpha, c(.Machine$double.eps, 1), tol = tol)$root
    else 1
  }
  ci <- switch(alternative, less = c(0, ncp.U(x, 1 - conf.level)), greater = c(ncp.L(x, 1 - conf.level), Inf),
               two.sided = { a <- (1 - conf.level) / 2; c(ncp.L(x, a), ncp.U(x, a)) })
  list(estimate = enc(mle(x)), conf_int = enc(ci))
}
set.seed(99)
fisher <- list()
alts <- c("two.sided", "less", "greater")
fixed <- list(matrix(c(3, 1, 1, 3), 2), matrix(c(0, 5, 7, 2), 2), matrix(c(9, 0, 3, 4), 2),
              matrix(c(10, 2, 3, 15), 2), matrix(c(1, 1, 1, 1), 2), matrix(c(0, 0, 4, 6), 2))
for (i in 1:36) {
  tab <- if (i <= length(fixed)) fixed[[i]] else matrix(rpois(4, sample(c(2, 5, 15, 60), 1) * runif(4, 0.3, 1.7)), 2)
  alt <- alts[(i - 1) %% 3 + 1]
  conf <- if (i %% 4 == 0) 0.9 else 0.95
  or <- if (i %% 5 == 0) 2 else 1
  r <- fisher.test(tab, alternative = alt, conf.level = conf, or = or)
  fisher[[i]] <- list(table = rows(tab), alternative = alt, conf_level = conf, or = or,
    p_value = enc(r$p.value), estimate = enc(unname(r$estimate)), conf_int = enc(as.numeric(r$conf.int)),
    tight = fisher_tight(tab, alt, conf))
}

# ---- McNemar --------------------------------------------------------------------
set.seed(17)
mcnemar <- list()
for (i in 1:24) {
  r <- if (i %% 4 == 0) 3 else 2
  repeat {
    m <- matrix(rpois(r * r, sample(c(3, 10, 40), 1)), r, r)
    if (all((m + t(m))[upper.tri(m)] > 0)) break
  }
  correct <- i %% 2 == 1
  res <- mcnemar.test(m, correct = correct)
  ex <- if (r == 2) {
    b <- m[1, 2]; cc <- m[2, 1]
    bt <- binom.test(b, b + cc)
    list(p_value = enc(bt$p.value), conf_int = enc(as.numeric(bt$conf.int)))
  } else NULL
  mcnemar[[i]] <- list(table = rows(m), correct = correct, statistic = enc(unname(res$statistic)),
    parameter = enc(unname(res$parameter)), p_value = enc(res$p.value), method = res$method, exact = ex)
}

out <- list(r_version = R.version.string, chisq = chisq, fisher = fisher, mcnemar = mcnemar)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, null = "null", pretty = FALSE),
           "tests/reference/contingency.json")
cat("wrote tests/reference/contingency.json\n")
