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
export * from './lmm/index.js';
