# Reference values for src/stats/proportion.ts (tests/stats/proportion.test.ts).
# Wilson score interval = prop.test(x, n, correct = FALSE)$conf.int; Clopper-Pearson = binom.test(x, n)$conf.int.
# Run from the repository root: Rscript tests/reference/proportion.R  -> tests/reference/proportion.json
suppressPackageStartupMessages(library(jsonlite))
cases <- list(c(0, 10), c(1, 7), c(3, 7), c(12, 30), c(19, 30), c(30, 30), c(1, 1), c(5, 200), c(57, 60), c(41, 54), c(2, 1687))
out <- list()
for (lv in c(0.95, 0.90, 0.99)) {
  for (cs in cases) {
    x <- cs[1]; n <- cs[2]
    w <- suppressWarnings(prop.test(x, n, correct = FALSE, conf.level = lv))$conf.int
    b <- binom.test(x, n, conf.level = lv)$conf.int
    out[[length(out) + 1]] <- list(x = x, n = n, level = lv, wilson = c(w[1], w[2]), clopperPearson = c(b[1], b[2]))
  }
}
writeLines(toJSON(list(generatedBy = "tests/reference/proportion.R", R = R.version.string, cases = out),
                  digits = NA, auto_unbox = TRUE), "tests/reference/proportion.json")
