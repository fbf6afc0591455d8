/**
 * Linear mixed models that match R's lme4 / lmerTest (the longitudinal designs with attrition).
 *
 * Public API (stable; extended, not changed):
 *
 *     import { fitLmm } from 'homestart-impact/stats';
 *     const m = fitLmm(rows, 'score ~ time * group + age + single_parent + (1 + time | participant)', {
 *       reml: true,                                   // default; false = ML
 *       factors: { group: { reference: 'control' } }, // treatment contrasts, chosen reference level
 *     });
 *     m.fixedEffects()          // [{ term, estimate, se, df, t, p, lower, upper }] Satterthwaite df (lmerTest)
 *     m.anova()                 // type III F tests per term, Satterthwaite df (lmerTest anova)
 *     m.varianceComponents()    // [{ group, effect, variance, sd }] incl. Residual (lme4 VarCorr)
 *     m.correlations()          // [{ group, effect1, effect2, correlation }]
 *     m.logLik, m.deviance, m.AIC, m.BIC, m.sigma, m.theta, m.beta, m.vcov, m.coefficientNames
 *     m.converged, m.convergenceMessage, m.singular, m.singularMessages (sentences)
 *     m.randomEffects()         // conditional modes with conditional covariances (ranef(condVar = TRUE))
 *     m.fitted, m.residuals     // per used observation; m.design.rows maps them to input rows
 *     m.contrast(l)             // { estimate, se, df } of lᵀβ
 *     m.toJSON(), m.apa(), m.table()
 *
 * - `data`: rows (`[{ score, time, group, participant }, …]`) or columns (`{ score: [...], … }`). Rows with a
 *   missing value in any model variable are left out (counted in `nDropped`); all other observations are
 *   used, so participants with missing waves stay in the model.
 * - Formulas: see ./formula.ts (`(1 | id)`, `(1 + time | id)`, `(1 + time || id)`, `(1 | site/id)`,
 *   `(1 | site) + (1 | site:id)`, `a * b`, `a:b`, `I(time^2)`, `0 +`). `parseLmmFormula` gives the typed
 *   spec ({@link LmmFormula}); `fitLmm` accepts the spec as well as the string.
 * - Random effects: one grouping factor with any number of correlated or uncorrelated effects, or two
 *   nested grouping factors (participants within sites). Crossed factors are refused with a sentence.
 *
 * Method: Bates, Mächler, Bolker & Walker (2015), Fitting linear mixed-effects models using lme4, JSS 67(1):
 * profiled deviance over the relative covariance factor θ (./deviance.ts), minimised by a bounded
 * Nelder–Mead search with restarts and a Newton polish (./optimizer.ts). Degrees of freedom: Satterthwaite
 * as lmerTest (Kuznetsova, Brockhoff & Christensen, 2017, JSS 82(13)) (./satterthwaite.ts).
 */
export * from './formula.js';
export * from './model-matrix.js';
export * from './deviance.js';
export * from './optimizer.js';
export * from './satterthwaite.js';
export * from './fit.js';
export * from './result.js';
export * from './emmeans.js';
export * from './compare.js';
