# Reference values for src/stats/equivalence.ts (tests/stats/equivalence.test.ts).
# TOSTER is not installed here, so each TOST is built from its two one-sided t.test() calls
# (Schuirmann 1987; Lakens 2017) plus the 1 - 2*alpha CI from t.test(conf.level = 1 - 2*alpha).
# Normative comparison (Kendall et al. 1999): the same t-tests against the norm sample, pooled
# (Kendall) or Welch (Cribbie & Arpin-Cribbie 2009), and the summary-statistics formulas of
# normcomp() in R package equivalencetests (GitHub cribbie/equivalencetests, R/normcomp.R).
# Run from the repository root: Rscript tests/reference/equivalence.R -> tests/reference/equivalence.json
suppressPackageStartupMessages(library(jsonlite))
set.seed(20240611)
x <- round(rnorm(24, 52, 9), 1)           # e.g. competence after Home-Start
y <- round(x + rnorm(24, 1.2, 4), 1)      # paired follow-up
g1 <- round(rnorm(31, 48, 10), 1)         # treated group post-test
g2 <- round(rnorm(45, 50, 7), 1)          # norm / comparison sample
x[5] <- NA; y[9] <- NA; g2[3] <- NA

tost <- function(design, lowRaw, highRaw, alpha, ..., nullMu = 0) {
  lo <- t.test(..., mu = lowRaw, alternative = "greater")
  hi <- t.test(..., mu = highRaw, alternative = "less")
  ci <- t.test(..., conf.level = 1 - 2 * alpha)$conf.int
  nh <- t.test(..., mu = nullMu)
  list(design = design, low = lowRaw, high = highRaw, alpha = alpha,
       tLower = unname(lo$statistic), pLower = lo$p.value, tUpper = unname(hi$statistic), pUpper = hi$p.value,
       df = unname(lo$parameter), ci = c(ci[1], ci[2]), tNhst = unname(nh$statistic), pNhst = nh$p.value,
       estimate = unname(if (length(lo$estimate) == 2) lo$estimate[1] - lo$estimate[2] else lo$estimate))
}
cases <- list()
# one-sample, raw bounds around mu = 50
r <- tost("one-sample", 50 - 4, 50 + 4, 0.05, x = x[!is.na(x)], nullMu = 50); r$mu <- 50; r$givenLow <- -4; r$givenHigh <- 4; r$boundType <- "raw"; cases$oneRaw <- r
r <- tost("one-sample", 50 - 6, 50 + 6, 0.05, x = x[!is.na(x)], nullMu = 50); r$mu <- 50; r$givenLow <- -6; r$givenHigh <- 6; r$boundType <- "raw"; cases$oneWide <- r
# one-sample, SMD bounds +-0.5 * sd(x)
s <- sd(x, na.rm = TRUE)
r <- tost("one-sample", 50 - 0.5 * s, 50 + 0.5 * s, 0.05, x = x[!is.na(x)], nullMu = 50); r$mu <- 50; r$givenLow <- -0.5; r$givenHigh <- 0.5; r$boundType <- "smd"; cases$oneSmd <- r
# paired on x - y
ok <- !is.na(x) & !is.na(y)
r <- tost("paired", -3, 3, 0.05, x = x[ok], y = y[ok], paired = TRUE); r$givenLow <- -3; r$givenHigh <- 3; r$boundType <- "raw"; cases$pairedRaw <- r
sdif <- sd(x[ok] - y[ok])
r <- tost("paired", -0.3 * sdif, 0.3 * sdif, 0.025, x = x[ok], y = y[ok], paired = TRUE); r$givenLow <- -0.3; r$givenHigh <- 0.3; r$boundType <- "smd"; cases$pairedSmd <- r
# two-sample Welch and Student
g2c <- g2[!is.na(g2)]
r <- tost("two-sample-welch", -5, 5, 0.05, x = g1, y = g2c, var.equal = FALSE); r$givenLow <- -5; r$givenHigh <- 5; r$boundType <- "raw"; cases$welchRaw <- r
r <- tost("two-sample-student", -5, 5, 0.05, x = g1, y = g2c, var.equal = TRUE); r$givenLow <- -5; r$givenHigh <- 5; r$boundType <- "raw"; cases$studentRaw <- r
sp <- sqrt((sd(g1)^2 + sd(g2c)^2) / 2)
r <- tost("two-sample-welch", -0.4 * sp, 0.6 * sp, 0.05, x = g1, y = g2c, var.equal = FALSE); r$givenLow <- -0.4; r$givenHigh <- 0.6; r$boundType <- "smd"; cases$welchSmd <- r

# Normative comparison of the treated post-test (g1) with the norm sample (g2): delta = 1 norm SD.
d <- sd(g2c)
r <- tost("two-sample-welch", -d, d, 0.05, x = g1, y = g2c, var.equal = FALSE); cases$normWelch <- r
r <- tost("two-sample-student", -d, d, 0.05, x = g1, y = g2c, var.equal = TRUE); cases$normPooled <- r
# delta = 0.5 norm SD
r <- tost("two-sample-welch", -0.5 * d, 0.5 * d, 0.05, x = g1, y = g2c, var.equal = FALSE); cases$normWelchHalf <- r
# Norm mean and SD known as population values (no n): one-sample tests against mean +- delta.
r <- tost("one-sample", 50 - 7, 50 + 7, 0.05, x = g1, nullMu = 50); cases$normKnown <- r

# normcomp() documentation example (Cribbie): post M = 8, SD = 5, n = 95; norm M = 7, SD = 3, n = 500.
nc <- function(postmean, postsd, postn, normmean, normsd, normn, ei) {
  se <- sqrt(postsd^2 / postn + normsd^2 / normn)
  df <- se^4 / ((postsd^4 / (postn^2 * (postn - 1))) + (normsd^4 / (normn^2 * (normn - 1))))
  t1 <- (postmean - normmean - ei) / se; t2 <- (postmean - normmean + ei) / se
  sep <- sqrt((((postn - 1) * postsd^2) + ((normn - 1) * normsd^2)) / (postn + normn - 2) * (1 / postn + 1 / normn))
  tk1 <- (postmean - normmean - ei) / sep; tk2 <- (postmean - normmean + ei) / sep
  list(welch = list(tUpper = t1, tLower = t2, df = df, pUpper = pt(t1, df), pLower = pt(t2, df, lower.tail = FALSE)),
       pooled = list(tUpper = tk1, tLower = tk2, df = postn + normn - 2, pUpper = pt(tk1, postn + normn - 2),
                     pLower = pt(tk2, postn + normn - 2, lower.tail = FALSE)))
}
normcompExample <- list(post = list(mean = 8, sd = 5, n = 95), norm = list(mean = 7, sd = 3, n = 500),
                        ei1 = nc(8, 5, 95, 7, 3, 500, 3), ei05 = nc(8, 5, 95, 7, 3, 500, 1.5))

writeLines(toJSON(list(generatedBy = "tests/reference/equivalence.R", R = R.version.string,
                       data = list(x = x, y = y, g1 = g1, g2 = g2), cases = cases, normcompExample = normcompExample),
                  digits = NA, auto_unbox = TRUE, na = "null"), "tests/reference/equivalence.json")
