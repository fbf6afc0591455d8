# Reference values for src/stats/roots.ts (brentRoot = port of R's uniroot / R_zeroin2).
# Run from the repo root: Rscript tests/reference/roots.R  ->  tests/reference/roots.json
#
# For each function and interval: uniroot's root, f.root, iter and estim.prec at the default
# tolerance (.Machine$double.eps^0.25) and at tol = 1e-12. The same functions are coded in
# tests/stats/roots.test.ts by their `id`.
suppressPackageStartupMessages(library(jsonlite))

fns <- list(
  sqrt2     = list(f = function(x) x^2 - 2,              lower = 0,   upper = 2),
  cosx      = list(f = function(x) cos(x) - x,           lower = 0,   upper = 1),
  wallis    = list(f = function(x) x^3 - 2 * x - 5,      lower = 2,   upper = 3),
  expm10    = list(f = function(x) exp(x) - 10,          lower = -5,  upper = 10),
  triple    = list(f = function(x) (x - 1/3)^3,          lower = 0,   upper = 1),
  step      = list(f = function(x) if (x < 0.7) -1 else 1, lower = 0, upper = 1),
  flat      = list(f = function(x) atan(50 * (x - 0.2)), lower = -3,  upper = 9),
  pnorm_inv = list(f = function(x) pnorm(x) - 0.975,     lower = -10, upper = 10)
)
res <- list()
for (id in names(fns)) {
  g <- fns[[id]]
  for (tol in c(.Machine$double.eps^0.25, 1e-12)) {
    u <- uniroot(g$f, c(g$lower, g$upper), tol = tol, maxiter = 1000)
    res[[length(res) + 1]] <- list(id = id, lower = g$lower, upper = g$upper, tol = tol,
                                   root = u$root, f_root = u$f.root, iter = u$iter, estim_prec = u$estim.prec)
  }
}
# maxiter too small: R warns "_NOT_ converged in 3 iterations" (brentRoot throws instead)
nc <- NULL
w <- tryCatch(uniroot(function(x) x^2 - 2, c(0, 2), tol = 1e-12, maxiter = 3), warning = function(w) conditionMessage(w))
out <- list(generated_by = "tests/reference/roots.R", r_version = R.version.string, uniroot = res,
            maxiter_warning = w)
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE), "tests/reference/roots.json")
cat("wrote tests/reference/roots.json:", length(res), "uniroot cases\n")
