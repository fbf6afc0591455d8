# Reference values for src/stats/noncentral-t.ts.
# Run from the repo root: Rscript tests/reference/noncentral_t.R  ->  tests/reference/noncentral_t.json
#
# 1. R pt(q, df, ncp) (AS 243, Lenth 1989) lower and upper tail over a grid, with a flag for
#    the cells where R switches to its normal approximation (|ncp| > 37.62 or df > 4e5) and
#    any warning R gives.
# 2. An independent numerical-integration value of both tails for every cell:
#      P(T <= q) = int_0^Inf pnorm(q s - ncp) f_S(s) ds,  S = sqrt(chi^2_df / df),
#    computed with R's integrate() (QUADPACK) on the log-scaled integrand around its mode.
#    This is the reference where R's pt() approximates or loses relative precision.
# 3. qt(p, df, ncp) for a smaller grid.
# 4. Noncentrality CI limits by uniroot (tol 1e-12) and effectsize:::.get_ncp_t (optim).
suppressPackageStartupMessages(library(jsonlite))

log_fS <- function(s, nu) {
  log(2) + (nu / 2) * log(nu) + (nu - 1) * log(s) - nu * s^2 / 2 - (nu / 2) * log(2) - lgamma(nu / 2)
}
# log E[pnorm(a S + b)]
log_expect_phi <- function(a, b, nu) {
  h <- function(s) pnorm(a * s + b, log.p = TRUE) + log_fS(s, nu)
  up <- min(1e4, 3 + 3 * abs(b) / max(abs(a), 1e-8))
  opt <- optimize(h, c(1e-12, up), maximum = TRUE, tol = 1e-12)
  m <- opt$maximum; hm <- opt$objective
  g <- function(s) ifelse(s <= 0, 0, exp(h(s) - hm))
  # integration limits where the integrand has fallen by e^-60
  lo <- if (h(1e-300) > hm - 60) 0 else uniroot(function(s) h(s) - (hm - 60), c(1e-300, m), tol = 1e-14)$root
  hi <- m + 1; while (h(hi) > hm - 60) hi <- m + 2 * (hi - m)
  hi <- uniroot(function(s) h(s) - (hm - 60), c(m, hi), tol = 1e-14)$root
  v <- integrate(g, lo, m, rel.tol = 1e-12, subdivisions = 1000L)$value +
       integrate(g, m, hi, rel.tol = 1e-12, subdivisions = 1000L)$value
  hm + log(v)
}

dfs <- c(1, 2, 3, 5, 10, 30, 100, 1000)
ncps <- c(-40, -10, -2, 0, 0.5, 2, 10, 37.6, 40)
cs <- c(-6, -2, -0.5, 0, 0.5, 2, 6)
cells <- list()
for (df in dfs) for (ncp in ncps) {
  sc <- sqrt(1 + ncp^2 / (2 * df))
  qs <- unique(c(ncp + cs * sc, -3, 3))
  for (q in qs) {
    warn <- character(0)
    lower <- withCallingHandlers(pt(q, df, ncp), warning = function(w) { warn <<- c(warn, conditionMessage(w)); invokeRestart("muffleWarning") })
    upper <- withCallingHandlers(pt(q, df, ncp, lower.tail = FALSE), warning = function(w) { warn <<- c(warn, conditionMessage(w)); invokeRestart("muffleWarning") })
    approx <- abs(ncp) > sqrt(2 * log(2) * 1021) || df > 4e5
    cells[[length(cells) + 1]] <- list(
      q = q, df = df, ncp = ncp, r_lower = lower, r_upper = upper, r_approx = approx,
      r_warning = paste(unique(warn), collapse = "; "),
      int_log_lower = log_expect_phi(q, -ncp, df), int_log_upper = log_expect_phi(-q, ncp, df)
    )
  }
}

quant <- list()
for (df in c(1, 3, 10, 100)) for (ncp in c(-2, 0.5, 2, 10)) for (p in c(0.001, 0.025, 0.5, 0.975, 0.999)) {
  quant[[length(quant) + 1]] <- list(p = p, df = df, ncp = ncp, q = suppressWarnings(qt(p, df, ncp)))
}

ncp_ci <- function(t, df, level) {
  a <- 1 - level
  f <- function(d, target) suppressWarnings(pt(t, df, d)) - target
  w <- 50 + 10 * abs(t)
  c(uniroot(f, c(t - w, t + w), target = 1 - a / 2, tol = 1e-12)$root,
    uniroot(f, c(t - w, t + w), target = a / 2, tol = 1e-12)$root)
}
cis <- list()
for (t in c(-3, 0.5, 2.5, 8)) for (df in c(3, 20, 200)) for (level in c(0.9, 0.95, 0.99)) {
  u <- ncp_ci(t, df, level)
  e <- effectsize:::.get_ncp_t(t, df, level)
  cis[[length(cis) + 1]] <- list(t = t, df = df, level = level, uniroot_lower = u[1], uniroot_upper = u[2],
                                 effectsize_lower = e[1], effectsize_upper = e[2])
}

out <- list(
  generated_by = "tests/reference/noncentral_t.R",
  r_version = R.version.string,
  effectsize_version = as.character(packageVersion("effectsize")),
  cdf = cells, quantile = quant, ncp_ci = cis
)
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = FALSE), "tests/reference/noncentral_t.json")
cat("wrote tests/reference/noncentral_t.json:", length(cells), "cdf cells,", length(quant), "quantiles,", length(cis), "CIs\n")
