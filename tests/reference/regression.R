# Reference values for src/stats/linear-model.ts and src/stats/regression.ts.
# Run from the repo root: Rscript tests/reference/regression.R  -> tests/reference/regression.json
# Data are simulated here (set.seed) and written into the JSON next to R's results. Synthetic data.
suppressMessages({ library(car); library(jsonlite) })
set.seed(20261204)
out <- list(generated_by = "tests/reference/regression.R", R_version = R.version.string,
            car_version = as.character(packageVersion("car")))

N <- 120
group <- sample(c("control", "homestart", "norm"), N, replace = TRUE)
pre <- round(rnorm(N, 30, 6), 2)
age <- round(rnorm(N, 31, 5), 1)
single <- rbinom(N, 1, 0.35)
post <- round(4 + 0.6 * pre - 0.15 * age + 1.5 * single + c(control = 0, homestart = 2, norm = 3.5)[group] +
                rnorm(N, 0, 2 + 0.1 * abs(pre - 30)), 2)
post[c(5, 17)] <- NA; age[30] <- NA; group[44] <- NA
d <- data.frame(post, pre, age, single, group)
dd <- d[complete.cases(d), ]
dd$group <- factor(dd$group)
m1 <- lm(post ~ pre + age, data = dd)
m2 <- lm(post ~ pre + age + single + group, data = dd)
s <- summary(m2)
co <- s$coefficients
ci <- confint(m2)
mm <- model.matrix(m2)
beta <- c(NA, coef(m2)[-1] * apply(mm[, -1], 2, sd) / sd(dd$post))
# numeric predictors: same as lm on scaled variables
m_scaled <- lm(scale(post) ~ scale(pre) + scale(age), data = dd)
hc3 <- car::hccm(m2, type = "hc3")
se_hc3 <- sqrt(diag(hc3))
tq <- qt(0.975, df.residual(m2))
v <- car::vif(m2)
a2 <- car::Anova(m2, type = 2)
ch <- anova(m1, m2)
s1 <- summary(m1)
out$multiple <- list(
  data = list(post = d$post, pre = d$pre, age = d$age, single = d$single, group = d$group),
  n = nrow(dd), terms = rownames(co),
  estimate = unname(co[, 1]), se = unname(co[, 2]), t = unname(co[, 3]), p = unname(co[, 4]),
  lower = unname(ci[, 1]), upper = unname(ci[, 2]), beta = unname(beta),
  beta_scaled_numeric = unname(coef(m_scaled)[-1]),
  r2 = s$r.squared, adj_r2 = s$adj.r.squared, F = unname(s$fstatistic[1]),
  df1 = unname(s$fstatistic[2]), df2 = unname(s$fstatistic[3]),
  p_model = pf(s$fstatistic[1], s$fstatistic[2], s$fstatistic[3], lower.tail = FALSE),
  sigma = s$sigma,
  step1_r2 = s1$r.squared, step1_adj_r2 = s1$adj.r.squared, step1_F = unname(s1$fstatistic[1]),
  step1_p = unname(pf(s1$fstatistic[1], s1$fstatistic[2], s1$fstatistic[3], lower.tail = FALSE)),
  change_F = ch$F[2], change_df1 = ch$Df[2], change_df2 = ch$Res.Df[2], change_p = ch$`Pr(>F)`[2],
  vif_terms = rownames(v), gvif = unname(v[, 1]), gvif_df = unname(v[, 2]), gvif_adj = unname(v[, 3]),
  hc3_se = unname(se_hc3), hc3_t = unname(coef(m2) / se_hc3),
  hc3_p = unname(2 * pt(abs(coef(m2) / se_hc3), df.residual(m2), lower.tail = FALSE)),
  hc3_lower = unname(coef(m2) - tq * se_hc3), hc3_upper = unname(coef(m2) + tq * se_hc3),
  anova2_terms = rownames(a2)[-nrow(a2)], anova2_ss = a2$`Sum Sq`[-nrow(a2)], anova2_df = a2$Df[-nrow(a2)],
  anova2_F = a2$`F value`[-nrow(a2)], anova2_p = a2$`Pr(>F)`[-nrow(a2)],
  fitted = unname(fitted(m2)), residuals = unname(residuals(m2)), rstandard = unname(rstandard(m2)),
  rstudent = unname(rstudent(m2)), hat = unname(hatvalues(m2)), cooks = unname(cooks.distance(m2)),
  rows = as.integer(rownames(dd)) - 1L
)

# reference level and a numeric-coded factor
dd$group2 <- relevel(dd$group, ref = "norm")
m3 <- lm(post ~ group2 + pre, data = dd)
out$relevel <- list(terms = names(coef(m3)), estimate = unname(coef(m3)),
                    vif = unname(car::vif(m3)[, 1]))

# documented example
y <- c(3, 5, 4, 8, 9, 7, 11, 12); x <- 1:8
me <- summary(lm(y ~ x))
out$example <- list(slope = unname(coef(lm(y ~ x))[2]), r2 = me$r.squared, adj_r2 = me$adj.r.squared,
                    F = unname(me$fstatistic[1]), p = unname(pf(me$fstatistic[1], 1, 6, lower.tail = FALSE)))

# type I / II / III on a two-factor model with interaction (sum coding for type III)
A <- factor(sample(c("a1", "a2"), 60, TRUE)); B <- factor(sample(c("b1", "b2", "b3"), 60, TRUE))
yy <- round(rnorm(60, 10 + (A == "a2") * 2 + (B == "b3") * 1.5 + (A == "a2") * (B == "b2") * 2, 3), 3)
fit_sum <- lm(yy ~ A * B, contrasts = list(A = "contr.sum", B = "contr.sum"))
t1 <- anova(fit_sum); t2 <- car::Anova(fit_sum, type = 2); t3 <- car::Anova(fit_sum, type = 3)
out$twoway <- list(y = yy, A = as.character(A), B = as.character(B),
  terms = c("A", "B", "A:B"),
  ss1 = t1$`Sum Sq`[1:3], F1 = t1$`F value`[1:3], p1 = t1$`Pr(>F)`[1:3],
  ss2 = t2$`Sum Sq`[1:3], F2 = t2$`F value`[1:3], p2 = t2$`Pr(>F)`[1:3],
  ss3 = t3$`Sum Sq`[2:4], F3 = t3$`F value`[2:4], p3 = t3$`Pr(>F)`[2:4], df = t2$Df[1:3],
  ss_resid = t2$`Sum Sq`[4], df_resid = t2$Df[4],
  colnames_sum = colnames(model.matrix(fit_sum)))

writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, na = "null"), "tests/reference/regression.json")
