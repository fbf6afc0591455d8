/**
 * Linear mixed models that match R's lme4 / lmerTest (the longitudinal designs with attrition).
 *
 * Public API (stable; extended, not changed). The barrel exports what a researcher calls; the numerical
 * internals (model matrices, the deviance, the optimiser, Satterthwaite and Kenward–Roger ingredients) are
 * imported by file path (CONTRIBUTING.md, "Public surface"):
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
 *     m.contrast(l, df?)        // { estimate, se, df } of lᵀβ
 *     m.fixedEffects('kenward-roger'), m.anova('kenward-roger')   // pbkrtest adjusted SEs and df (REML)
 *     m.toJSON(), m.apa(), m.table()
 *
 *     lmmEmmeans(m, { specs: ['wave', 'group'] })                       // emmeans per group × wave
 *     lmmEmmeans(m, { specs: ['time', 'group'], at: { time: [0, 3, 6, 12, 18] } })  // trajectories
 *       .difference({ wave: 'T1', group: 'homestart' }, { wave: 'T3', group: 'homestart' })  // change T1→T3
 *       .pairwise('group', 'wave'), .contrast([{ label, coefficients }]), .table(), .apa()
 *     lmmPredict(m, rows)                     // population-level predictions with CI
 *     piecewiseTime(time, knot)               // { before, after } columns for two slopes
 *     lmmLikelihoodRatioTest(m0, m1)          // χ², df, p; REML fits refitted by ML (lme4 anova)
 *     lmmFeingoldD(m, { coefficient: 'time:grouphomestart', duration: 18, time: 'time', group: 'group' })
 *     hlmReliableChange({ id, time, outcome }, { direction })   // in ../reliable-change.ts
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
 * as lmerTest (Kuznetsova, Brockhoff & Christensen, 2017, JSS 82(13)) (./satterthwaite.ts), Kenward–Roger
 * as pbkrtest (Halekoh & Højsgaard, 2014, JSS 59(9)) (./kenward-roger.ts).
 */
export { parseLmmFormula, lmmFormula, lmmFormulaToString, type LmmFixedTerm, type LmmFormula, type LmmRandomTerm } from './formula.js';
export type { LmmData, LmmDesign, LmmDesignOptions, LmmFactorOption } from './model-matrix.js';
export { fitLmm, type LmmOptions } from './fit.js';
export {
  LmmResult,
  type LmmAnovaRow,
  type LmmCorrelation,
  type LmmDfMethod,
  type LmmFixedEffectRow,
  type LmmRandomEffects,
  type LmmVarianceComponent,
} from './result.js';
export * from './emmeans.js';
export * from './compare.js';
