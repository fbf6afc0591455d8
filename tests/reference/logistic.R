# Reference values for src/stats/logistic.ts.
# Run from the repo root: Rscript tests/reference/logistic.R  -> tests/reference/logistic.json
# Data simulated here (set.seed), written into the JSON next to R's results. Synthetic data.
suppressMessages({ library(MASS); library(jsonlite) })
set.seed(20261205)
out <- list(generated_by = "tests/reference/logistic.R", R_version = R.version.string,
            MASS_version = as.character(packageVersion("MASS")))
N <- 150
group <- sample(c("control", "homestart", "norm"), N, replace = TRUE)
pre <- round(rnorm(N, 30, 6), 2)
single <- rbinom(N, 1, 0.4)
eta <- -3 + 0.08 * pre + 0.7 * single + c(control = 0, homestart = 0.9, norm = -0.4)[group]
improved <- ifelse(runif(N) < plogis(eta), "yes", "no")
improved[c(3, 50)] <- NA; pre[9] <- NA
d <- data.frame(improved, pre, single, group)
dd <- d[complete.cases(d), ]
dd$y <- as.integer(dd$improved == "yes"); dd$group <- factor(dd$group)
ctl <- glm.control(epsilon = 1e-14, maxit = 100)
fit <- glm(y ~ pre + single + group, family = binomial, data = dd, control = ctl)
fit0 <- glm(y ~ 1, family = binomial, data = dd, control = ctl)
co <- summary(fit)$coefficients
wald <- confint.default(fit)
prof <- suppressMessages(confint(fit))   # MASS profile (spline-interpolated)
X <- model.matrix(fit)
crit <- qchisq(0.95, 1)
exact_bound <- function(j, side) {
  b <- coef(fit)[j]; se <- co[j, 2]
  g <- function(beta) {
    f <- glm.fit(X[, -j, drop = FALSE], dd$y, offset = X[, j] * beta, family = binomial(), control = ctl)
    f$deviance - deviance(fit) - crit
  }
  hi <- b + side * se; while (g(hi) < 0) hi <- b + side * 2 * abs(hi - b)
  uniroot(g, sort(c(b, hi)), tol = 1e-13)$root
}
exact <- t(sapply(seq_len(ncol(X)), function(j) c(exact_bound(j, -1), exact_bound(j, 1))))
dr <- drop1(fit, test = "LRT")
an <- anova(fit0, fit, test = "LRT")
n <- nrow(dd); D <- deviance(fit); D0 <- deviance(fit0)
cs <- 1 - exp((D - D0) / n)
ph <- fitted(fit)
tab <- table(factor(dd$y, levels = 0:1), factor(as.integer(ph >= 0.5), levels = 0:1))
out$model <- list(
  data = list(improved = d$improved, pre = d$pre, single = d$single, group = d$group),
  n = n, terms = rownames(co), estimate = unname(co[, 1]), se = unname(co[, 2]), z = unname(co[, 3]),
  p = unname(co[, 4]), or = unname(exp(coef(fit))),
  wald_lower = unname(exp(wald[, 1])), wald_upper = unname(exp(wald[, 2])),
  mass_lower = unname(exp(prof[, 1])), mass_upper = unname(exp(prof[, 2])),
  exact_lower = unname(exp(exact[, 1])), exact_upper = unname(exp(exact[, 2])),
  deviance = D, null_deviance = D0, aic = AIC(fit),
  model_chisq = an$Deviance[2], model_df = an$Df[2], model_p = an$`Pr(>Chi)`[2],
  drop_terms = rownames(dr)[-1], drop_lrt = dr$LRT[-1], drop_df = dr$Df[-1], drop_p = dr$`Pr(>Chi)`[-1],
  cox_snell = cs, nagelkerke = cs / (1 - exp(-D0 / n)), mcfadden = 1 - D / D0,
  tn = tab[1, 1], fp = tab[1, 2], fn = tab[2, 1], tp = tab[2, 2], fitted = unname(ph)
)
y <- c(0, 0, 1, 0, 1, 1, 0, 1); x <- 1:8
fe <- glm(y ~ x, family = binomial, control = ctl)
fe0 <- glm(y ~ 1, family = binomial, control = ctl)
out$example <- list(or = unname(exp(coef(fe))[2]), chisq = deviance(fe0) - deviance(fe),
                    p = pchisq(deviance(fe0) - deviance(fe), 1, lower.tail = FALSE),
                    nagelkerke = (1 - exp((deviance(fe) - deviance(fe0)) / 8)) / (1 - exp(-deviance(fe0) / 8)))
y6 <- c(0, 0, 1, 0, 1, 1); x6 <- 1:6
out$irls_example <- unname(coef(glm(y6 ~ x6, family = binomial, control = ctl)))
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, na = "null"), "tests/reference/logistic.json")
