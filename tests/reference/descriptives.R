# Reference values for src/stats/descriptives.ts.
# Run from the repo root: Rscript tests/reference/descriptives.R  ->  tests/reference/descriptives.json
# mean, sd, t.test()$conf.int, quantile(type = 7), IQR, e1071::skewness/kurtosis (types 1-3),
# psych::describe (type 3), and the SPSS standard errors of skewness and kurtosis by formula.
suppressPackageStartupMessages({ library(jsonlite); library(e1071); library(psych) })
set.seed(20240611)

spss_se <- function(n) {
  ses <- sqrt(6 * n * (n - 1) / ((n - 2) * (n + 1) * (n + 3)))
  c(ses, 2 * ses * sqrt((n^2 - 1) / ((n - 3) * (n + 5))))
}
desc <- function(x, level = 0.95) {
  v <- x[!is.na(x)]
  n <- length(v)
  q <- quantile(v, c(0.25, 0.5, 0.75), type = 7, names = FALSE)
  ci <- t.test(v, conf.level = level)$conf.int
  pd <- psych::describe(v)
  se <- spss_se(n)
  list(
    x = x, level = level, n = n, missing = sum(is.na(x)), mean = mean(v), sd = sd(v), se = sd(v) / sqrt(n),
    ci_lower = ci[1], ci_upper = ci[2], q1 = q[1], median = q[2], q3 = q[3], iqr = IQR(v), min = min(v), max = max(v),
    skew1 = e1071::skewness(v, type = 1), skew2 = e1071::skewness(v, type = 2), skew3 = e1071::skewness(v, type = 3),
    kurt1 = e1071::kurtosis(v, type = 1), kurt2 = e1071::kurtosis(v, type = 2), kurt3 = e1071::kurtosis(v, type = 3),
    psych_skew = pd$skew, psych_kurtosis = pd$kurtosis, skew_se = se[1], kurt_se = se[2]
  )
}

cases <- list(
  desc(round(rnorm(30, 50, 10), 2)),
  desc(c(round(rexp(25, 0.3), 3), NA, NA, NA)),
  desc(c(rpois(40, 3), NA), level = 0.9),
  desc(c(1, 2, 2, 3, 3, 3, 4, 10)),
  desc(round(rlnorm(200, 1, 0.8), 4), level = 0.99),
  desc(c(2, 4, 4, 5, 7, 9, NA))
)

# tidy table: group x wave
d <- expand.grid(id = 1:12, wave = c(1, 2, 3), group = c("control", "treatment"), stringsAsFactors = FALSE)
d$score <- round(rnorm(nrow(d), 20 + 2 * (d$group == "treatment") * (d$wave - 1), 4), 1)
d$score[sample(nrow(d), 7)] <- NA
grouped <- list()
for (g in sort(unique(d$group))) for (w in sort(unique(d$wave))) {
  v <- d$score[d$group == g & d$wave == w]
  r <- desc(v)
  r$x <- NULL
  grouped[[length(grouped) + 1]] <- c(list(group = g, wave = w), r)
}

out <- list(generated_by = "tests/reference/descriptives.R", r_version = R.version.string,
            e1071_version = as.character(packageVersion("e1071")), psych_version = as.character(packageVersion("psych")),
            cases = cases,
            tidy = list(rows = lapply(seq_len(nrow(d)), function(i) list(group = d$group[i], wave = d$wave[i], score = d$score[i]))),
            grouped = grouped)
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, na = "null"), "tests/reference/descriptives.json")
cat("wrote tests/reference/descriptives.json\n")
