/**
 * Helpers of src/stats that the package does not export (CONTRIBUTING.md "Public surface") but whose
 * documented examples and edge cases the tests still check: imported here by file path.
 */
export { anovaCellToNumber, anovaGroupIndex, anovaGroupLevels } from '../../src/stats/anova.js';
export { bootstrapAcceleration, bootstrapJackknifeInfluence, floorDivide } from '../../src/stats/bootstrap.js';
export { changeDirectionSign, completePrePostIndices } from '../../src/stats/change.js';
export { checkTestAlternative, checkTestConfLevel } from '../../src/stats/ttest.js';
export { computeRci, computeHlmRci } from '../../src/stats/reliable-change.js';
export { finiteValues } from '../../src/stats/result.js';
export { meanVariancePair, quantileSorted, sortedCopy, sumExcept, varianceExcept } from '../../src/stats/moments.js';
export { rankSumCounts, signRankCounts } from '../../src/stats/nonparametric.js';
export { noncentralTLogTailQuadrature } from '../../src/stats/noncentral-t.js';
export { sphericityFromErrorSSCP } from '../../src/stats/mixed-anova.js';
export { checkEffectSizeLevel } from '../../src/stats/effsize/result.js';
