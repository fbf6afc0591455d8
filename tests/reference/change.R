# Reference values for the standardized response mean in src/stats/change.ts (tests/stats/change.test.ts).
# SRM = mean(d)/sd(d), d = post - pre; exact CI by inverting the noncentral t (uniroot, tol 1e-12);
# large-sample normal CI with SE = sqrt(1/n + SRM^2/(2n)); and R effectsize's cohens_d(post, pre,
# paired = TRUE) (d_z, ci_method "ncp", solved by optim to abstol 1e-9).
# Run from the repository root: Rscript tests/reference/change.R -> tests/reference/change.json
suppressPackageStartupMessages({ library(jsonlite); library(effectsize) })
ncp_ci <- function(t, df, level) {
  a <- 1 - level
  lo <- suppressWarnings(uniroot(function(d) pt(t, df, ncp = d, lower.tail = FALSE) - a / 2, c(t - 8, t + 8), tol = 1e-12))$root
  hi <- suppressWarnings(uniroot(function(d) pt(t, df, ncp = d) - a / 2, c(t - 8, t + 8), tol = 1e-12))$root
  c(lo, hi)
}
set.seed(7)
pre3 <- round(rnorm(40, 100, 15)); post3 <- round(pre3 - rnorm(40, 6, 10)); pre3[c(2, 11)] <- NA; post3[30] <- NA
sets <- list(
  small = list(pre = c(10, 12, 9, 14, 11), post = c(8, 11, 9, 10, 7)),
  das = list(pre = c(90.5, 74, 97, 73.5, 61, 66.5, 68.5, 86.5, 88.5, 68.5, 98, 80.5, 89.5, 91.5, 83.5, 60.5, 83, 88, 98.5, 78.5, 99.5, 79.5, 84.5, 92.5, 93, 85, 64, 61, 80, 82.5),
             post = c(97, 124, 97.5, 88, 96.5, 62.5, 112.5, 103.5, 90, 82.5, 105, 99.5, 112.5, 101, 99.5, 79.5, 88, 100.5, 119, 116, 116, 129, 113, 118, 92, 114, 68, 52, 60.5, 104.5)),
  stress = list(pre = pre3, post = post3)
)
out <- list()
for (nm in names(sets)) {
  s <- sets[[nm]]; ok <- !is.na(s$pre) & !is.na(s$post)
  d <- s$post[ok] - s$pre[ok]; n <- length(d); srm <- mean(d) / sd(d)
  for (lv in c(0.95, 0.90)) {
    nc <- ncp_ci(srm * sqrt(n), n - 1, lv) / sqrt(n)
    se <- sqrt(1 / n + srm^2 / (2 * n)); z <- qnorm(1 - (1 - lv) / 2)
    es <- cohens_d(s$post[ok], s$pre[ok], paired = TRUE, ci = lv)
    out[[length(out) + 1]] <- list(name = nm, level = lv, pre = s$pre, post = s$post, n = n, nMissing = sum(!ok),
      srm = srm, meanChange = mean(d), sdChange = sd(d), ncp = nc, normal = c(srm - z * se, srm + z * se), se = se,
      effectsize = list(d = es$Cohens_d, ci = c(es$CI_low, es$CI_high)))
  }
}
writeLines(toJSON(list(generatedBy = "tests/reference/change.R", R = R.version.string,
                       effectsize = as.character(packageVersion("effectsize")), cases = out),
                  digits = NA, auto_unbox = TRUE, na = "null"), "tests/reference/change.json")
