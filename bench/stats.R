# bench/stats.R — the R side of `npm run bench:stats` (bench/stats.ts runs it and prints the ratio).
#   Rscript bench/stats.R x.txt y.txt RESAMPLES D_VALUES D_N SEED [REPS]
#   REPS (default 1): runs of each workload; the median wall and CPU time are reported.
# (a) BCa bootstrap of Hedges' g on the same two samples as the TypeScript run, resampled within
#     groups: boot::boot(strata = group, R = RESAMPLES), jackknife influence values
#     (empinf(type = "jack"), the same 2 * n leave-one-out evaluations the TypeScript side does),
#     boot.ci(type = "bca").
# (b) Noncentral-t CI for D_VALUES Cohen's d values (n1 = n2 = D_N): effectsize's own ncp
#     inversion, effectsize:::.get_ncp_t (what effectsize::cohens_d(ci = .95) calls), in a loop.
suppressPackageStartupMessages({
  library(boot)
  library(effectsize)
})
args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 6) stop("usage: Rscript bench/stats.R x.txt y.txt RESAMPLES D_VALUES D_N SEED [REPS]")
x <- scan(args[1], quiet = TRUE)
y <- scan(args[2], quiet = TRUE)
R <- as.integer(args[3])
n_d <- as.integer(args[4])
d_n <- as.integer(args[5])
seed <- as.integer(args[6])
reps <- if (length(args) >= 7) as.integer(args[7]) else 1L

n1 <- length(x); n2 <- length(y)
v <- c(x, y)
grp <- rep(1:2, c(n1, n2))
# Hedges' g of (y - x) with exact J, written for speed in base R (same formula as src/stats).
g_stat <- function(v, i) {
  s <- v[i]
  g <- grp[i]
  a <- s[g == 1]; b <- s[g == 2]
  m <- length(a); k <- length(b); df <- m + k - 2
  sp <- sqrt(((m - 1) * var(a) + (k - 1) * var(b)) / df)
  J <- exp(lgamma(df / 2) - 0.5 * log(df / 2) - lgamma((df - 1) / 2))
  J * (mean(b) - mean(a)) / sp
}

cpu <- function(p) p[["user.self"]] + p[["sys.self"]]
# runs f() reps times; median wall and CPU seconds, and the last value
timed <- function(f) {
  wall <- numeric(reps); cput <- numeric(reps); value <- NULL
  for (k in seq_len(reps)) {
    p0 <- proc.time()
    value <- f()
    p1 <- proc.time()
    wall[k] <- p1[["elapsed"]] - p0[["elapsed"]]
    cput[k] <- cpu(p1) - cpu(p0)
  }
  list(wall = median(wall), cpu = median(cput), value = value)
}
tb <- timed(function() {
  set.seed(seed)
  b <- boot(v, g_stat, R = R, strata = grp)
  L <- empinf(b, type = "jack")
  list(b = b, ci = boot.ci(b, conf = 0.95, type = "bca", L = L))
})
b <- tb$value$b
ci <- tb$value$ci
boot_s <- tb$wall
boot_cpu_s <- tb$cpu
boot_note <- sprintf("g = %.2f, 95%% CI [%.2f, %.2f] (BCa, boot %s)", b$t0, ci$bca[4], ci$bca[5],
                     as.character(packageVersion("boot")))

d <- if (n_d == 1) 0.5 else -1.5 + 3 * (seq_len(n_d) - 1) / (n_d - 1)
scale <- sqrt(d_n * d_n / (2 * d_n))
df <- 2 * d_n - 2
get_ncp_t <- effectsize:::.get_ncp_t
tn <- timed(function() {
  last <- NULL
  for (i in seq_len(n_d)) last <- get_ncp_t(d[i] * scale, df, 0.95) / scale
  last
})
last <- tn$value
ncp_s <- tn$wall
ncp_cpu_s <- tn$cpu
ncp_note <- sprintf("last: d = %.2f, 95%% CI [%.4f, %.4f] (effectsize %s, optim)", d[n_d], last[1], last[2],
                    as.character(packageVersion("effectsize")))

status <- readLines("/proc/self/status")
hwm <- grep("^VmHWM", status, value = TRUE)
peak_mb <- if (length(hwm)) as.numeric(gsub("[^0-9]", "", hwm)) / 1024 else NA
cat(sprintf('{"boot_s": %.4f, "boot_cpu_s": %.4f, "ncp_s": %.4f, "ncp_cpu_s": %.4f, "peak_mb": %.1f, "boot_note": "%s", "ncp_note": "%s"}\n',
            boot_s, boot_cpu_s, ncp_s, ncp_cpu_s, peak_mb, boot_note, ncp_note))
