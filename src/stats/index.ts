/**
 * homestart-impact/stats: the statistics a researcher calls (distributions, descriptives, effect
 * sizes, tests, ANOVA/ANCOVA, power, change, reliability, bootstrap) and their APA formatting.
 * Numerical internals (linear algebra in linalg.ts, the Brent root finder in roots.ts) are used by
 * these modules and deliberately not exported; see CONTRIBUTING.md "Public surface".
 */
export * from './apa.js';
export * from './result.js';
export * from './distributions.js';
export * from './moments.js';
export * from './ranks.js';
export * from './ttest.js';
export * from './nonparametric.js';
export * from './contingency.js';
export * from './multicomp.js';
export * from './change.js';
export * from './reliable-change.js';
export * from './clinical-significance.js';
export * from './proportion.js';
export * from './equivalence.js';
export * from './reliability.js';
export * from './bootstrap.js';
export * from './anova.js';
export * from './mixed-anova.js';
export * from './power.js';
export * from './noncentral-t.js';
export * from './descriptives.js';
export * from './effsize.js';
export * from './interpret.js';
// issue 15 (the thesis menu). The linear-model core (linear-model.ts), cell parsing (cells.ts) and numerical
// integration (integrate.ts) are internals: imported by file path, not exported.
export {
  linearRegression,
  linearRegressionFromRows,
  LinearRegressionResult,
  type LinearRegressionInput,
  type LinearRegressionOptions,
  type RegressionCoefficient,
  type RegressionBlock,
  type RegressionVif,
  type RegressionDiagnostics,
  type RegressionColumns,
} from './regression.js';
export {
  logisticRegression,
  logisticRegressionFromRows,
  LogisticRegressionResult,
  type LogisticRegressionInput,
  type LogisticRegressionOptions,
  type LogisticCoefficient,
  type LikelihoodRatioTest,
  type ClassificationTable,
} from './logistic.js';
export * from './correlation.js';
export * from './studentized-range.js';
export * from './posthoc.js';
export * from './k-sample-tests.js';
export {
  BayesFactorResult,
  bayesTTestOneSample,
  bayesTTestPaired,
  bayesTTestIndependent,
  bayesTTestFromT,
  bayesCorrelation,
  bayesCorrelationFromR,
  type BayesTTestOptions,
} from './bayes-factor.js';
export * from './noncentral-f.js';
export * from './icc.js';
export * from './omega.js';
export * from './power-tests.js';
export * from './multi-select.js';
export * from './mediation.js';
export * from './cross-lagged.js';
export * from './lmm/index.js';
