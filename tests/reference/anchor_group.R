# Reference values for the group-level anchor approach (src/stats/anchor-group.ts).
# Run from the repo root: Rscript tests/reference/anchor_group.R  -> tests/reference/anchor_group.json
# Data simulated here (set.seed). Synthetic data.
#
# The R package clinicalsignificance is not in Debian, so this script does not call it: it follows the package's
# source (R/calc_anchor.R: calc_anchor.cs_anchor_group_within / _between, t_test_within / t_test_between with
# bayesian = FALSE) in base R. The dplyr::case_when chains are written as if/else chains in the same order (first
# match wins; no match = NA). direction = -1 when lower is better (better_is = "lower"), +1 when higher is better.
suppressMessages(library(jsonlite))
set.seed(20261204)
out <- list(generated_by = "tests/reference/anchor_group.R", R_version = R.version.string,
            source = "clinicalsignificance R/calc_anchor.R (CRAN 2.x), frequentist branch, re-implemented in base R")
category <- function(difference, lower, upper, direction, mid) {
  threshold <- direction * mid
  if (direction == -1) {
    if (sign(lower) != sign(upper)) return("Statistically not significant")
    if ((sign(lower) == sign(upper)) & lower > threshold) return("Statistically significant but not clinically relevant")
    if (upper > threshold & difference > threshold & lower < threshold) return("Not significantly less than the threshold")
    if (upper > threshold & difference < threshold & lower < threshold) return("Probably clinically significant effect")
    if (upper < threshold) return("Large clinically significant effect")
    return(NA)
  }
  if ((sign(lower) == sign(upper)) & upper < threshold) return("Statistically significant but not clinically relevant")
  if (lower < threshold & difference < threshold & upper > threshold) return("Not significantly greater than the threshold")
  if (lower < threshold & difference > threshold & upper > threshold) return("Probably clinically significant effect")
  if (lower > threshold) return("Large clinically significant effect")
  NA
}
# within: t.test(post, pre, paired = TRUE, conf.level = ci_level) per group
within <- function(pre, post, group, direction, mid, ci_level = 0.95) {
  ok <- !is.na(pre) & !is.na(post) & !is.na(group)
  lapply(sort(unique(group[ok])), function(g) {
    s <- ok & group == g
    r <- t.test(post[s], pre[s], paired = TRUE, conf.level = ci_level)
    d <- unname(r$estimate); lo <- r$conf.int[[1]]; hi <- r$conf.int[[2]]
    list(group = g, difference = d, lower = lo, upper = hi, n = sum(s), df = unname(r$parameter),
         category = category(d, lo, hi, direction, mid))
  })
}
# between: t.test(comparison, reference, conf.level = ci_level) (Welch) at the post measurement
between <- function(y, group, reference, direction, mid, ci_level = 0.95) {
  ok <- !is.na(y) & !is.na(group)
  ref <- y[ok & group == reference]
  lapply(setdiff(sort(unique(group[ok])), reference), function(g) {
    cmp <- y[ok & group == g]
    r <- t.test(cmp, ref, conf.level = ci_level)
    d <- r$estimate[[1]] - r$estimate[[2]]; lo <- r$conf.int[[1]]; hi <- r$conf.int[[2]]
    list(group = g, reference = reference, difference = d, lower = lo, upper = hi, n = length(cmp), n_reference = length(ref),
         df = unname(r$parameter), category = category(d, lo, hi, direction, mid))
  })
}
# Within: five groups whose mean change (lower = better, MID 7) is built to land in each category
g <- rep(c("a_none", "b_small", "c_short", "d_probably", "e_large"), each = 24)
shift <- c(a_none = -0.5, b_small = -3, c_short = -5.5, d_probably = -8.5, e_large = -14)[g]
pre <- round(rnorm(120, 30, 6))
post <- round(pre + shift + rnorm(120, 0, 5))
pre[c(3, 50)] <- NA; post[77] <- NA
out$within_lower <- list(pre = pre, post = post, group = g, mid = 7, direction = -1, level = 0.95,
                         rows = within(pre, post, g, -1, 7))
out$within_lower_90 <- list(rows = within(pre, post, g, -1, 7, 0.9))
# Higher is better: the same data with the sign of the change flipped (post2 = 2·pre − post), package rule (+1)
post2 <- 2 * pre - post
out$within_higher <- list(pre = pre, post = post2, group = g, mid = 7, direction = 1, level = 0.95,
                          rows = within(pre, post2, g, 1, 7))
# Between: a reference group and four comparison groups at post (lower = better, MID 5)
gb <- rep(c("control", "t1", "t2", "t3", "t4"), times = c(30, 28, 31, 29, 30))
mb <- c(control = 25, t1 = 24.2, t2 = 21.5, t3 = 18.5, t4 = 14)[gb]
yb <- round(rnorm(length(gb), mb, c(control = 6, t1 = 5, t2 = 7, t3 = 6, t4 = 5)[gb]), 1)
yb[c(5, 40)] <- NA
out$between_lower <- list(y = yb, group = gb, reference = "control", mid = 5, direction = -1, level = 0.95,
                          rows = between(yb, gb, "control", -1, 5))
out$between_higher <- list(y = -yb, group = gb, reference = "control", mid = 5, direction = 1, level = 0.95,
                           rows = between(-yb, gb, "control", 1, 5))
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, na = "null"), "tests/reference/anchor_group.json")
