# Reference values for src/stats/reliability.ts (Cronbach's alpha).
# Run from the repository root:  Rscript tests/reference/reliability.R
# Writes tests/reference/reliability.json. Checked against psych::alpha (psych 2.2.9, R 4.2).
suppressPackageStartupMessages({
  library(psych)
  library(jsonlite)
})

# Correlated Likert-type items: one latent factor + noise, rounded to 1..5.
likert <- function(n, k, loadings, reverse = integer(0)) {
  f <- rnorm(n)
  x <- sapply(seq_len(k), function(j) {
    v <- loadings[j] * f + rnorm(n, sd = sqrt(1 - loadings[j]^2))
    if (j %in% reverse) v <- -v
    pmin(5, pmax(1, round(3 + 1.1 * v)))
  })
  colnames(x) <- paste0("item", seq_len(k))
  x
}

summarise <- function(a, x, use, n_feldt) {
  tot <- a$total
  st <- a$item.stats
  dr <- a$alpha.drop
  k <- a$nvar
  list(
    raw_alpha = tot$raw_alpha,
    std_alpha = tot$std.alpha,
    average_r = tot$average_r,
    ase = tot$ase,
    feldt_lower = a$feldt$lower.ci[[1]],
    feldt_upper = a$feldt$upper.ci[[1]],
    # psych prints the Duhachek interval as alpha -/+ qnorm(.975) * ase
    duhachek_lower = tot$raw_alpha - qnorm(0.975) * tot$ase,
    duhachek_upper = tot$raw_alpha + qnorm(0.975) * tot$ase,
    feldt_lower_90 = alpha.ci(tot$raw_alpha, n_feldt, k, p.val = 0.10)$lower.ci[[1]],
    feldt_upper_90 = alpha.ci(tot$raw_alpha, n_feldt, k, p.val = 0.10)$upper.ci[[1]],
    nvar = k,
    n_feldt = n_feldt,
    items = rownames(st),
    r_drop = st$r.drop,
    mean = st$mean,
    sd = st$sd,
    n_item = st$n,
    alpha_drop = if (k > 2) dr$raw_alpha else rep(NA, k),
    std_alpha_drop = if (k > 2) dr$std.alpha else rep(NA, k)
  )
}

cases <- list()

# 1. Six items, complete data.
set.seed(20240611)
x1 <- likert(150, 6, c(0.7, 0.6, 0.75, 0.5, 0.65, 0.55))
a1 <- psych::alpha(x1)
cases$complete <- list(data = unname(x1), keys = NULL, missing = "listwise",
                       psych = summarise(a1, x1, "pairwise", nrow(x1)))

# 2. Five items, item 3 written in the opposite direction, reversed via keys.
set.seed(7)
x2 <- likert(120, 5, c(0.6, 0.7, 0.6, 0.5, 0.65), reverse = 3)
a2 <- psych::alpha(x2, keys = c(1, 1, -1, 1, 1))
cases$reversed <- list(data = unname(x2), keys = c(3L), missing = "listwise",
                       psych = summarise(a2, x2, "pairwise", nrow(x2)))

# 3. Missing values: listwise (psych on na.omit data) and pairwise (psych default use = "pairwise").
set.seed(99)
x3 <- likert(90, 4, c(0.7, 0.6, 0.65, 0.55))
miss <- cbind(c(3, 10, 22, 40, 41, 77, 85), c(1, 2, 4, 3, 1, 2, 4))
x3[miss] <- NA
a3l <- suppressWarnings(psych::alpha(na.omit(x3)))
a3p <- psych::alpha(x3, use = "pairwise")
data3 <- unname(x3)
cases$listwise <- list(data = data3, keys = NULL, missing = "listwise",
                       psych = summarise(a3l, na.omit(x3), "pairwise", nrow(na.omit(x3))))
cases$pairwise <- list(data = data3, keys = NULL, missing = "pairwise",
                       psych = summarise(a3p, x3, "pairwise", nrow(x3)))

# 4. A zero-variance item: psych warns and drops it.
set.seed(3)
x4 <- likert(60, 4, c(0.7, 0.6, 0.65, 0.55))
x4 <- cbind(x4[, 1:2], item_const = 3, x4[, 3:4])
a4 <- suppressWarnings(psych::alpha(x4))
cases$zeroVariance <- list(data = unname(x4), keys = NULL, missing = "listwise",
                           psych = summarise(a4, x4, "pairwise", nrow(x4)))

# 5. Two items (alpha if item deleted is undefined).
set.seed(11)
x5 <- likert(40, 2, c(0.8, 0.7))
a5 <- psych::alpha(x5)
cases$twoItems <- list(data = unname(x5), keys = NULL, missing = "listwise",
                       psych = summarise(a5, x5, "pairwise", nrow(x5)))

out <- list(
  generated_by = "tests/reference/reliability.R",
  r_version = R.version.string,
  psych_version = as.character(packageVersion("psych")),
  cases = cases
)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, na = "null", null = "null", pretty = FALSE),
           "tests/reference/reliability.json")
cat("wrote tests/reference/reliability.json\n")
