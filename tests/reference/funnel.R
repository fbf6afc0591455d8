# Reference values for src/stats/funnel.ts (tests/stats/funnel.test.ts): funnel-plot control limits of
# Spiegelhalter (2005), "Funnel plots for comparing institutional performance", Stat Med 24:1185-1202.
#
# Base R only (the CRAN package FunnelPlotR is not in Debian, and it works on transformed scales; Debian's
# r-cran-spc is about CUSUM/EWMA run lengths, not funnel plots). Every formula is written out here from the
# paper, independently of the TypeScript:
# - exact limits: r_p = qbinom(p, n, theta) (qpois(p, theta * T) for a rate), then the paper's
#   interpolation alpha = (F(r_p) - p) / (F(r_p) - F(r_p - 1)) and the limit (r_p - alpha) / n,
#   clamped to [0, 1] for a proportion and at 0 for a rate;
# - normal limits: theta +/- z_p * sqrt(V(theta) / n), V = theta (1 - theta) (proportion) or theta (rate);
# - overdispersion: z-scores Winsorised at their 10th and 90th percentiles (quantile type 7),
#   phi = mean(zw^2); multiplicative limits theta +/- z_p sqrt(max(phi, 1) V / n); additive (DerSimonian-Laird)
#   tau2 = max(0, (I phi - (I - 1)) / (sum(w) - sum(w^2) / sum(w))), w = n / V, limits theta +/- z_p sqrt(V / n + tau2).
# Run from the repository root: Rscript tests/reference/funnel.R  -> tests/reference/funnel.json
suppressPackageStartupMessages(library(jsonlite))

P <- c(0.001, 0.025, 0.975, 0.999)

exact_limit <- function(p, size, theta, kind) {
  if (kind == "proportion") {
    r <- qbinom(p, size, theta)
    Fr <- pbinom(r, size, theta); Fr1 <- pbinom(r - 1, size, theta)
  } else {
    r <- qpois(p, theta * size)
    Fr <- ppois(r, theta * size); Fr1 <- ppois(r - 1, theta * size)
  }
  a <- (Fr - p) / (Fr - Fr1)
  lim <- (r - a) / size
  if (kind == "proportion") min(1, max(0, lim)) else max(0, lim)
}
normal_limit <- function(p, size, theta, kind, phi = 1, tau2 = 0) {
  V <- if (kind == "proportion") theta * (1 - theta) else theta
  lim <- theta + qnorm(p) * sqrt(phi * V / size + tau2)
  if (kind == "proportion") min(1, max(0, lim)) else max(0, lim)
}

# 1. limits on a grid of targets and sizes
limits <- list()
grid <- list(
  list(kind = "proportion", theta = 0.62, sizes = c(1, 2, 5, 10, 17, 30, 54, 100, 250, 1000, 5000)),
  list(kind = "proportion", theta = 0.18, sizes = c(1, 3, 8, 12, 25, 40, 77, 200, 1687)),
  list(kind = "proportion", theta = 0.03, sizes = c(5, 20, 60, 150, 400)),
  list(kind = "proportion", theta = 0.97, sizes = c(5, 20, 60, 150, 400)),
  list(kind = "rate", theta = 1.35, sizes = c(1, 2, 4, 7.5, 12, 25, 60, 160)),
  list(kind = "rate", theta = 0.4, sizes = c(1, 3, 10, 30, 100))
)
for (g in grid) for (n in g$sizes) {
  limits[[length(limits) + 1]] <- list(
    kind = g$kind, target = g$theta, size = n,
    exact = sapply(P, exact_limit, size = n, theta = g$theta, kind = g$kind),
    normal = sapply(P, normal_limit, size = n, theta = g$theta, kind = g$kind)
  )
}

# 2. unit sets: z-scores, overdispersion, bands
classify <- function(value, lim, above = c(value > lim[3], value > lim[4])) {
  # lim = c(lower 99.8, lower 95, upper 95, upper 99.8); `above` = outside the upper 95% and 99.8% limits
  if (above[2]) "beyond-above" else if (value < lim[1]) "beyond-below"
  else if (above[1]) "between-above" else if (value < lim[2]) "between-below" else "within"
}
# exact limits: above the upper p-limit when the count exceeds the p-quantile r_p (P(Y >= y) < 1 - p)
count_quantile <- function(p, size, theta, kind) if (kind == "proportion") qbinom(p, size, theta) else qpois(p, theta * size)
unit_set <- function(name, kind, y, n, target = NULL) {
  theta <- if (is.null(target)) sum(y) / sum(n) else target
  V <- if (kind == "proportion") theta * (1 - theta) else theta
  s2 <- V / n
  z <- (y / n - theta) / sqrt(s2)
  I <- length(z)
  q <- quantile(z, c(0.1, 0.9), type = 7)
  zw <- pmin(pmax(z, q[1]), q[2])
  phi <- mean(zw^2)
  w <- 1 / s2
  tau2 <- max(0, (I * phi - (I - 1)) / (sum(w) - sum(w^2) / sum(w)))
  df <- if (is.null(target)) I - 1 else I
  out <- list(name = name, kind = kind, numerators = y, sizes = n, targetGiven = !is.null(target), target = theta,
              z = z, winsorLower = unname(q[1]), winsorUpper = unname(q[2]), phi = phi, tau2 = tau2,
              chisq = I * phi, df = df, p = pchisq(I * phi, df, lower.tail = FALSE),
              zMultiplicative = z / sqrt(max(phi, 1)), zAdditive = (y / n - theta) / sqrt(s2 + tau2))
  for (m in c("exact", "normal", "multiplicative", "additive")) {
    lims <- lapply(seq_along(n), function(i) {
      if (m == "exact") sapply(P, exact_limit, size = n[i], theta = theta, kind = kind)
      else if (m == "normal") sapply(P, normal_limit, size = n[i], theta = theta, kind = kind)
      else if (m == "multiplicative") sapply(P, normal_limit, size = n[i], theta = theta, kind = kind, phi = max(phi, 1))
      else sapply(P, normal_limit, size = n[i], theta = theta, kind = kind, tau2 = tau2)
    })
    out[[paste0("limits_", m)]] <- lims
    out[[paste0("bands_", m)]] <- sapply(seq_along(n), function(i) {
      if (m == "exact") classify(y[i] / n[i], lims[[i]], above = c(y[i] > count_quantile(0.975, n[i], theta, kind), y[i] > count_quantile(0.999, n[i], theta, kind)))
      else classify(y[i] / n[i], lims[[i]])
    })
  }
  out
}
sets <- list(
  # goals reached among closed trajectories, 20 sites (over-dispersed on purpose: two sites far out)
  unit_set("goals", "proportion",
           y = c(12, 9, 20, 3, 15, 30, 7, 11, 37, 4, 18, 2, 14, 22, 6, 9, 40, 5, 13, 1),
           n = c(18, 16, 29, 9, 21, 41, 12, 15, 38, 5, 31, 8, 19, 28, 14, 11, 52, 7, 17, 10)),
  # families not supported among families registered, against a given national value
  unit_set("not-supported", "proportion",
           y = c(3, 5, 1, 8, 2, 0, 6, 4, 9, 3, 2, 7),
           n = c(21, 30, 12, 25, 19, 9, 33, 28, 31, 14, 16, 22), target = 0.17),
  # tiny sites at the top: the interpolated upper line passes under 1 of 1, 2 of 2 and 11 of 12 (target .55),
  # but none of them is beyond the 99.8% limit by the exact test (bands_exact); the normal limits differ again
  unit_set("tiny", "proportion", y = c(1, 2, 11, 0, 5, 12, 3), n = c(1, 2, 12, 3, 9, 12, 14), target = 0.55),
  # families per active volunteer (a rate per volunteer), 15 sites, under-dispersed
  unit_set("per-volunteer", "rate",
           y = c(30, 22, 41, 18, 27, 35, 12, 25, 33, 20, 16, 38, 29, 24, 19),
           n = c(24, 18, 29, 15, 20, 26, 10, 19, 25, 14, 13, 27, 22, 19, 16))
)

writeLines(toJSON(list(generatedBy = "tests/reference/funnel.R", R = R.version.string, p = P,
                       limits = limits, sets = sets),
                  digits = NA, auto_unbox = TRUE), "tests/reference/funnel.json")
