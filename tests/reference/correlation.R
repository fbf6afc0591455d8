# Reference values for src/stats/correlation.ts.
# Run from the repo root: Rscript tests/reference/correlation.R  -> tests/reference/correlation.json
# Data simulated here (set.seed). Synthetic data.
suppressMessages({ library(psych); library(jsonlite) })
set.seed(20261206)
out <- list(generated_by = "tests/reference/correlation.R", R_version = R.version.string,
            psych_version = as.character(packageVersion("psych")))
fz <- function(r, n, se, level = 0.95) { q <- qnorm(1 - (1 - level) / 2); tanh(atanh(r) + c(-1, 1) * q * se) }
ct <- function(x, y, method, ...) {
  res <- list()
  for (alt in c("two.sided", "less", "greater")) {
    t <- suppressWarnings(cor.test(x, y, method = method, alternative = alt, ...))
    res[[alt]] <- list(statistic = unname(t$statistic), p = t$p.value, estimate = unname(t$estimate),
                       ci = if (is.null(t$conf.int)) NULL else as.numeric(t$conf.int))
  }
  res
}
mk <- function(n, rho, ties = FALSE) {
  x <- rnorm(n); y <- rho * x + sqrt(1 - rho^2) * rnorm(n)
  if (ties) { x <- round(x * 2) / 2; y <- round(y * 2) / 2 } else { x <- round(x, 4); y <- round(y, 4) }
  list(x = x, y = y)
}
cases <- list(
  pearson30 = c(mk(30, 0.4), method = "pearson"),
  spearman7 = c(mk(7, 0.5), method = "spearman"),
  spearman9 = c(mk(9, -0.3), method = "spearman"),
  spearman25 = c(mk(25, 0.35), method = "spearman"),
  spearman_ties = c(mk(30, 0.3, TRUE), method = "spearman"),
  kendall12 = c(mk(12, 0.5), method = "kendall"),
  kendall60 = c(mk(60, 0.2), method = "kendall"),
  kendall_ties = c(mk(30, -0.3, TRUE), method = "kendall")
)
out$tests <- lapply(cases, function(cc) {
  r <- ct(cc$x, cc$y, cc$method)
  est <- r$two.sided$estimate; n <- length(cc$x)
  se <- switch(cc$method, pearson = 1 / sqrt(n - 3), spearman = sqrt((1 + est^2 / 2) / (n - 3)), kendall = sqrt(0.437 / (n - 4)))
  c(list(x = cc$x, y = cc$y, method = cc$method, fisher_ci = fz(est, n, se)), r)
})
# continuity-corrected asymptotic p
cc <- cases$spearman_ties
out$spearman_continuity <- suppressWarnings(cor.test(cc$x, cc$y, method = "spearman", continuity = TRUE)$p.value)
cc <- cases$kendall_ties
out$kendall_continuity <- suppressWarnings(cor.test(cc$x, cc$y, method = "kendall", continuity = TRUE)$p.value)
cc <- cases$spearman25
out$spearman25_asymptotic <- cor.test(cc$x, cc$y, method = "spearman", exact = FALSE)$p.value

# partial correlation
n <- 40
z1 <- rnorm(n); z2 <- rnorm(n)
x <- round(0.5 * z1 + rnorm(n), 3); y <- round(0.4 * z1 - 0.3 * z2 + 0.3 * x + rnorm(n), 3)
x[4] <- NA
d <- na.omit(data.frame(x, y, z1, z2))
pr <- psych::partial.r(d, c("x", "y"), c("z1", "z2"))[1, 2]
ex <- resid(lm(x ~ z1 + z2, d)); ey <- resid(lm(y ~ z1 + z2, d))
k <- 2; nn <- nrow(d); tt <- pr * sqrt((nn - 2 - k) / (1 - pr^2))
prs <- psych::partial.r(data.frame(lapply(d, rank)), c("x", "y"), c("z1", "z2"))[1, 2]
out$partial <- list(x = x, y = y, z1 = z1, z2 = z2, r = pr, r_resid = cor(ex, ey), t = tt, df = nn - 2 - k,
                    p = 2 * pt(-abs(tt), nn - 2 - k), ci = fz(pr, nn - k, 1 / sqrt(nn - k - 3)), r_spearman = prs)
pe <- c(1, 2, 3, 4, 5, 6, 7); pf <- c(2, 1, 4, 3, 7, 5, 6); pz <- c(1, 2, 1, 3, 2, 4, 3)
out$partial_example <- psych::partial.r(data.frame(pe, pf, pz), c("pe", "pf"), "pz")[1, 2]
out$partial_example_resid <- cor(resid(lm(pe ~ pz)), resid(lm(pf ~ pz)))

# correlation matrix with pairwise deletion, holm (psych corr.test upper triangle)
m <- data.frame(a = rnorm(50), b = rnorm(50), c = rnorm(50), d = rnorm(50))
m$b <- m$b + 0.5 * m$a; m$d <- m$d - 0.4 * m$c
m <- round(m, 3); m$a[3] <- NA; m$c[10] <- NA
pc <- psych::corr.test(m, adjust = "holm")
ut <- upper.tri(pc$r)
idx <- which(ut, arr.ind = TRUE); idx <- idx[order(idx[, 1], idx[, 2]), ]
ps <- sapply(seq_len(nrow(idx)), function(i) cor.test(m[[idx[i, 1]]], m[[idx[i, 2]]], method = "kendall")$p.value)
out$matrix <- list(data = as.list(m), r = pc$r[idx], n = pc$n[idx], p_adj = pc$p[idx], p_raw = t(pc$p)[idx],
                   kendall_p_holm = p.adjust(ps, "holm"), kendall_r = cor(m, method = "kendall", use = "pairwise")[idx])
ex <- cor.test(c(1, 2, 3, 4, 5, 6), c(2, 1, 4, 3, 6, 5))
out$example <- list(r = unname(ex$estimate), p = ex$p.value, ci = as.numeric(ex$conf.int),
                    kendall_p = cor.test(c(1, 2, 3, 4, 5, 6), c(2, 1, 4, 3, 6, 5), method = "kendall")$p.value,
                    ci_r05_n20 = fz(0.5, 20, 1 / sqrt(17)))
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, na = "null", null = "null"), "tests/reference/correlation.json")
