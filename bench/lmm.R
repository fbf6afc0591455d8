# bench/lmm.R — the R side of `npm run bench:lmm` (bench/lmm.ts writes the data and runs it).
#   Rscript bench/lmm.R data.csv
# Times lme4::lmer(score ~ time * group + (1 + time | participant), REML = TRUE) with lme4's default
# settings on the CSV (reading the file is not timed) and prints one JSON line with the time and estimates.
suppressPackageStartupMessages({ library(lme4); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], stringsAsFactors = FALSE)
t0 <- proc.time()
m <- lmer(score ~ time * group + (1 + time | participant), data = d, REML = TRUE)
t1 <- proc.time()
secs <- t1[["elapsed"]] - t0[["elapsed"]]
cpu <- (t1[["user.self"]] + t1[["sys.self"]]) - (t0[["user.self"]] + t0[["sys.self"]])
cat(toJSON(list(seconds = secs, cpu = cpu, lme4 = as.character(packageVersion("lme4")), logLik = as.numeric(logLik(m)),
                beta = unname(fixef(m)), se = unname(sqrt(diag(as.matrix(vcov(m))))), theta = unname(getME(m, "theta"))),
           digits = NA, auto_unbox = TRUE), "\n")
