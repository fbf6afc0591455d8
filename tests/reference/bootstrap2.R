# Reference values for the normal and bias-corrected percentile intervals of src/stats/bootstrap.ts.
# Run from the repo root: Rscript tests/reference/bootstrap2.R  -> tests/reference/bootstrap2.json
# R's own replicate vector (boot, set.seed) is stored so the TypeScript test applies the interval formulas to the same t*.
suppressMessages({ library(boot); library(jsonlite) })
set.seed(20261211)
x <- round(rexp(25, 0.3), 2)
b <- boot(x, function(d, i) mean(d[i]), R = 1999)
ci <- boot.ci(b, conf = 0.95, type = c("norm", "perc"))
t <- b$t[, 1]; t0 <- b$t0
z0 <- qnorm(sum(t < t0) / length(t))
bc <- boot:::norm.inter(t, pnorm(2 * z0 + qnorm(c(0.025, 0.975))))[, 2]
ci90 <- boot.ci(b, conf = 0.9, type = "norm")
out <- list(generated_by = "tests/reference/bootstrap2.R", R_version = R.version.string, boot_version = as.character(packageVersion("boot")),
            t = t, t0 = t0, norm = ci$normal[2:3], perc = ci$percent[4:5], bc = bc, z0 = z0, norm90 = ci90$normal[2:3])
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE), "tests/reference/bootstrap2.json")
