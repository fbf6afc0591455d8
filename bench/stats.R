# bench/stats.R — the R side of `npm run bench:stats` (bench/stats.ts starts it once and alternates with it).
#   Rscript bench/stats.R x.txt y.txt RESAMPLES D_VALUES D_N SEED
# Reads one command per line from stdin and answers each with one JSON line on stdout:
#   boot  — (a) BCa bootstrap of Hedges' g on the same two samples as the TypeScript run, resampled within
#           groups: boot::boot(strata = group, R = RESAMPLES), jackknife influence values
#           (empinf(type = "jack"), the same 2 * n leave-one-out evaluations the TypeScript side does),
#           boot.ci(type = "bca");
#   ncp   — (b) noncentral-t CI for D_VALUES Cohen's d values (n1 = n2 = D_N): effectsize's own ncp
#           inversion, effectsize:::.get_ncp_t (what effectsize::cohens_d(ci = .95) calls), in a loop;
#   quit  — ends.
# Each answer times that one run of the work only (proc.time() around it: CPU = user + system of this
# process, and wall): R's start-up and package loading happen once, before the first command, untimed.
# By hand: printf 'boot\nboot\nncp\n' | Rscript bench/stats.R x.txt y.txt 10000 10000 50 20261122
suppressPackageStartupMessages({
  library(boot)
  library(effectsize)
})
args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 6) stop("usage: Rscript bench/stats.R x.txt y.txt RESAMPLES D_VALUES D_N SEED  (commands on stdin)")
x <- scan(args[1], quiet = TRUE)
y <- scan(args[2], quiet = TRUE)
R <- as.integer(args[3])
n_d <- as.integer(args[4])
d_n <- as.integer(args[5])
seed <- as.integer(args[6])

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

d <- if (n_d == 1) 0.5 else -1.5 + 3 * (seq_len(n_d) - 1) / (n_d - 1)
scale <- sqrt(d_n * d_n / (2 * d_n))
df <- 2 * d_n - 2
get_ncp_t <- effectsize:::.get_ncp_t

cpu <- function(p) p[["user.self"]] + p[["sys.self"]]
peak_mb <- function() {
  status <- readLines("/proc/self/status")
  hwm <- grep("^VmHWM", status, value = TRUE)
  if (length(hwm)) as.numeric(gsub("[^0-9]", "", hwm)) / 1024 else NA
}
answer <- function(p0, p1, note) {
  cat(sprintf('{"s": %.4f, "cpu_s": %.4f, "peak_mb": %.1f, "note": "%s"}\n',
              p1[["elapsed"]] - p0[["elapsed"]], cpu(p1) - cpu(p0), peak_mb(), note))
  flush(stdout())
}

con <- file("stdin")
open(con)
repeat {
  cmd <- readLines(con, n = 1)
  if (length(cmd) == 0 || cmd == "quit") break
  if (cmd == "boot") {
    p0 <- proc.time()
    set.seed(seed)
    b <- boot(v, g_stat, R = R, strata = grp)
    L <- empinf(b, type = "jack")
    ci <- boot.ci(b, conf = 0.95, type = "bca", L = L)
    p1 <- proc.time()
    answer(p0, p1, sprintf("g = %.2f, 95%% CI [%.2f, %.2f] (BCa, boot %s)", b$t0, ci$bca[4], ci$bca[5],
                           as.character(packageVersion("boot"))))
  } else if (cmd == "ncp") {
    p0 <- proc.time()
    last <- NULL
    for (i in seq_len(n_d)) last <- get_ncp_t(d[i] * scale, df, 0.95) / scale
    p1 <- proc.time()
    answer(p0, p1, sprintf("last: d = %.2f, 95%% CI [%.4f, %.4f] (effectsize %s, optim)", d[n_d], last[1], last[2],
                           as.character(packageVersion("effectsize"))))
  } else {
    cat(sprintf('{"error": "unknown command %s"}\n', cmd))
    flush(stdout())
  }
}
close(con)
