# Reference values for src/stats/icc.ts and src/stats/omega.ts.
# Run from the repo root: Rscript tests/reference/reliability2.R  -> tests/reference/reliability2.json
# Shrout & Fleiss (1979) Table 2 data (published example) and simulated items (set.seed). Synthetic data.
suppressMessages({ library(psych); library(lavaan); library(jsonlite) })
set.seed(20261210)
out <- list(generated_by = "tests/reference/reliability2.R", R_version = R.version.string,
            psych_version = as.character(packageVersion("psych")), lavaan_version = as.character(packageVersion("lavaan")))
sf <- matrix(c(9, 2, 5, 8, 6, 1, 3, 2, 8, 4, 6, 8, 7, 1, 2, 6, 10, 5, 6, 9, 6, 2, 4, 7), ncol = 4, byrow = TRUE)
icc <- function(x) { r <- psych::ICC(x, lmer = FALSE)$results; list(icc = r$ICC, F = r$F, df1 = r$df1, df2 = r$df2, p = r$p, lower = r$`lower bound`, upper = r$`upper bound`) }
out$sf <- c(list(x = lapply(seq_len(nrow(sf)), function(i) sf[i, ]), published = c(0.17, 0.29, 0.71, 0.44, 0.62, 0.91)), icc(sf))
r <- matrix(round(rnorm(30 * 3, 0, 1) + rnorm(30, 5, 2), 1), ncol = 3) + matrix(rep(c(0, 0.5, -0.3), each = 30), ncol = 3)
r[4, 2] <- NA
out$raters <- c(list(x = lapply(seq_len(nrow(r)), function(i) r[i, ])), icc(na.omit(r)))
# one-factor items
n <- 150; f <- rnorm(n)
it <- sapply(c(0.8, 0.7, 0.6, 0.75, 0.5, 0.65), function(l) round(3 + l * f + rnorm(n, 0, sqrt(1 - l^2)), 2))
colnames(it) <- paste0("x", 1:6)
it[7, 3] <- NA
d <- as.data.frame(na.omit(it))
fit <- cfa("f =~ x1 + x2 + x3 + x4 + x5 + x6", data = d, std.lv = TRUE)
pe <- parameterEstimates(fit)
lam <- pe$est[pe$op == "=~"]; th <- pe$est[pe$op == "~~" & pe$lhs == pe$rhs & pe$lhs != "f"]
out$omega <- list(x = lapply(seq_len(nrow(it)), function(i) it[i, ]), omega = sum(lam)^2 / (sum(lam)^2 + sum(th)), loadings = lam, theta = th)
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, na = "null"), "tests/reference/reliability2.json")
