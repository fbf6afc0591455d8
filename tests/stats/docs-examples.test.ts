/**
 * Every `@example` in the TSDoc of src/stats/ is asserted here, so a documented output cannot drift
 * from what the code returns.
 *
 * Expected values are never produced by the function under test: they are R 4.2 results (the R call
 * is quoted next to each number; run by hand for this file, or read from the committed fixtures under
 * tests/reference/), exact fractions, or closed-form arithmetic written out in the test.
 *
 * The last block reads the TSDoc of every src/stats file and fails when an exported function named
 * in an `@example` is not called in this file, so a new example without an assertion is caught.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as S from '../../src/stats/index.js';
import * as LmmDesign from '../../src/stats/lmm/model-matrix.js';
import * as LmmOptimizer from '../../src/stats/lmm/optimizer.js';
// numerical internals: not in the stats barrel (not public), but their TSDoc examples are asserted here too
import * as Linalg from '../../src/stats/linalg.js';
import * as Roots from '../../src/stats/roots.js';
import {
  bayesTTestFromT,
  bayesCorrelationFromR,
  linearRegressionFromRows,
  logisticRegressionFromRows,
  multiSelectSummary,
  clinicalSignificanceStatistical,
  clinicalSignificancePercentage,
  clinicalSignificanceAnchor,
  powerTTestUnequal,
  powerAnova,
  powerCorrelation,
  powerChiSquare,
  intraclassCorrelation,
  cohensDOneSample,
  effectSizeFromT,
  effectSizeFromF,
  etaSquaredFromF,
  omegaSquaredFromF,
  epsilonSquaredFromF,
  rankEpsilonSquared,
  kendallsW,
  clinicalSignificanceAnchorGroup,
  clinicalSignificanceAnchorBetween,
  dOverlapMeasures,
  cramersV,
  phiCoefficient,
  cohensW,
  cohensH,
  riskRatio,
  numberNeededToTreat,
  noncentralChiSquaredCdf,
  noncentralFCdf,
  bayesCorrelation,
  bayesTTestIndependent,
  bayesTTestOneSample,
  bayesTTestPaired,
  studentizedRange,
  tukeyHSD,
  gamesHowell,
  pairwiseTTests,
  pairwiseWilcoxon,
  kruskalWallis,
  friedmanTest,
  cochranQ,
  repeatedMeasuresAnova,
  twoWayAnova,
  correlationMatrix,
  correlationTest,
  fisherZInterval,
  partialCorrelation,
  logisticRegression,
  linearRegression,
} from '../../src/stats/index.js';
// issue-15 internals (not in the barrel): the linear-model core, cell parsing, integration, IRLS, the JZS integral
import * as LinearModel from '../../src/stats/linear-model.js';
import * as Cells from '../../src/stats/cells.js';
import * as Integrate from '../../src/stats/integrate.js';
import * as Logistic from '../../src/stats/logistic.js';
import * as BayesFactor from '../../src/stats/bayes-factor.js';
import { buildModelDesign, fitLinearModel, isCategoricalColumn } from '../../src/stats/linear-model.js';
import { parseNumericText } from '../../src/stats/cells.js';
import { integrate, integratePanels, integrateGK, kronrodPanelNodes } from '../../src/stats/integrate.js';
import { logisticIrls } from '../../src/stats/logistic.js';
import { jzsLogBF10 } from '../../src/stats/bayes-factor.js';
import {
  applyQt,
  choleskyLower,
  gcd,
  householderQR,
  hypothesisSSCP,
  linearCombination,
  logDeterminantSPD,
  matrixFromColumns,
  matrixFromRows,
  matrixGet,
  matrixMultiply,
  matrixTrace,
  matrixTranspose,
  qrLeastSquares,
  qrXtXInverse,
  solveSPD,
  solveUpperTriangular,
} from '../../src/stats/linalg.js';
import { brentRoot, brentRootResult, rootBracketIncreasing } from '../../src/stats/roots.js';
import {
  ancova,
  ancovaFromRows,
  binomial,
  binomialTest,
  binomialTestP,
  bootstrap,
  bootstrapIntervals,
  changeScores,
  chiSquared,
  chiSquareTest,
  clesMcGrawWong,
  clinicalSignificance,
  clopperPearsonInterval,
  cohensD,
  completePairs,
  contingencyCrossTable,
  correlation,
  cronbachAlpha,
  defineInterpretationRules,
  describe as describeStats,
  describeBy,
  fDist,
  fisherExactTest,
  fmt,
  fmtCI,
  fmtDf,
  fmtLevel,
  fmtNoLeadingZero,
  fmtP,
  fmtPercentWithCI,
  glassDelta,
  hagemanArrindellCutoffs,
  hedgesG,
  hedgesJ,
  interpretCohensD,
  interpretDToR,
  interpretEffect,
  interpretationRules,
  interpretR,
  jacobsonTruaxCutoffs,
  mannWhitneyU,
  mcnemarExactTest,
  mcnemarTest,
  mean,
  mixedAnova,
  mixedAnovaFromRows,
  morrisDppc2,
  morrisDppc2Summary,
  ncpConfidenceInterval,
  noncentralT,
  normal,
  normalQuantileStd,
  normativeComparison,
  oddsRatio,
  oneWayAnova,
  pAdjust,
  pAdjustResult,
  pointBiserial,
  powerAncova,
  powerTTest,
  probabilityOfSuperiority,
  proportionCI,
  rank,
  rankBiserial,
  rankBiserialPaired,
  rankSumCdf,
  rciCriticalValue,
  reliableChange,
  repeatedMeasuresD,
  riskDifference,
  sd,
  signRankCdf,
  signTest,
  signTestPaired,
  standardizedResponseMean,
  studentT,
  sum,
  tostOneSample,
  tostPaired,
  tostTwoSample,
  tostTwoSampleSummary,
  tTestOneSample,
  tTestPaired,
  tTestStudent,
  tTestTwoSample,
  tTestWelch,
  variance,
  welchAnova,
  wilcoxonRankSum,
  wilcoxonSignedRank,
  wilcoxonSignedRankPaired,
  wilsonInterval,
} from '../../src/stats/index.js';
import { anovaCellToNumber, anovaGroupIndex, anovaGroupLevels, bootstrapAcceleration, bootstrapJackknifeInfluence, floorDivide, changeDirectionSign, checkTestAlternative, checkTestConfLevel, completePrePostIndices, computeRci, finiteValues, quantileSorted, rankSumCounts, signRankCounts, sortedCopy, sumExcept, varianceExcept, meanVariancePair } from './internals.js';
import * as Internal from './internals.js';

/** |actual − expected| ≤ rel·max(|expected|, floor) */
function close(actual: number, expected: number, rel = 1e-6, floor = 1e-300): void {
  expect(Number.isFinite(actual)).toBe(true);
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(Math.abs(expected), floor));
}

const rcRef = JSON.parse(readFileSync(new URL('../reference/reliable_change.json', import.meta.url), 'utf8')) as {
  datasets: { das: { pre: number[]; post: number[] } };
};
/** Jacobson & Truax (1991) Table 2 DAS scores, as committed in the clinical-significance fixtures. */
const DAS = rcRef.datasets.das;

const G9 = ['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c'];
const Y9 = [4, 5, 6, 6, 7, 8, 9, 9, 10];

describe('distributions.ts, moments.ts, ranks.ts, apa.ts, result.ts examples', () => {
  it('normal, Student t, F, χ², binomial against R', () => {
    close(normalQuantileStd(0.975), 1.959963984540054, 1e-15); // qnorm(0.975)
    close(normalQuantileStd(1e-300, false), 37.0470962993612, 1e-14); // qnorm(1e-300, lower.tail = FALSE)
    close(normal.cdf(1.96), 0.9750021048517796, 1e-15); // pnorm(1.96)
    close(normal.quantile(0.975), 1.959963984540054, 1e-15);
    close(studentT.quantile(0.975, 10), 2.228138851986274, 1e-12); // qt(0.975, 10)
    close(studentT.pTwoSided(2, 10), 0.0733880347707404, 1e-12); // 2 * pt(-2, 10)
    close(fDist.sf(18.142857142857142, 2, 6), 0.00285675330187748, 1e-12); // pf(..., lower.tail = FALSE)
    close(chiSquared.quantile(0.95, 1), 3.841458820694124, 1e-12); // qchisq(0.95, 1)
    close(chiSquared.sf(3.841458820694124, 1), 0.05, 1e-13);
    close(binomial.cdf(2, 10, 0.5), 56 / 1024, 1e-14); // pbinom(2, 10, 0.5)
    close(S.poisson.cdf(2, 3), 8.5 * Math.exp(-3), 1e-14); // ppois(2, 3) = (1 + 3 + 9/2)·e^−3
    expect(S.poisson.quantile(0.975, 3)).toBe(7); // qpois(0.975, 3)
  });

  it('funnel.ts: funnelLimits, funnelPlot and funnelCommonBand (R: tests/reference/funnel.R; closed-form z)', () => {
    const l = S.funnelLimits(0.62, 54);
    close(l.inner.lower, 0.479303108168147, 1e-12); // funnel.R: r <- qbinom(0.025, 54, 0.62); (r - a) / 54
    close(l.inner.upper, 0.738150713666422, 1e-12);
    close(S.funnelLimits(0.62, 54, { method: 'normal' }).outer.upper, 0.62 + 3.090232306167813 * Math.sqrt((0.62 * 0.38) / 54), 1e-13); // qnorm(0.999)
    const f = S.funnelPlot([{ label: 'A', numerator: 37, denominator: 38 }, { label: 'B', numerator: 1, denominator: 10 }, { label: 'C', numerator: 15, denominator: 21 }], { target: 0.69 });
    expect(f.units.map((u) => `${u.band}${u.side ? '-' + u.side : ''}`)).toEqual(['beyond-above', 'beyond-below', 'within']);
    close(f.units[0].z, 3.781129661, 1e-9); // R (37/38 - 0.69) / sqrt(0.69 * 0.31 / 38)
    // funnelCommonBand: the band funnelPlot gives every unit, when they share one
    expect(S.funnelCommonBand([{ numerator: 0, denominator: 40 }, { numerator: 4, denominator: 40 }], { target: 0.62 })).toEqual({ band: 'beyond', side: 'below' });
    expect(S.funnelCommonBand([{ numerator: 20, denominator: 40 }, { numerator: 30, denominator: 40 }], { target: 0.62 })).toEqual({ band: 'within', side: null });
    expect(S.funnelCommonBand([{ numerator: 20, denominator: 40 }, { numerator: 35, denominator: 40 }], { target: 0.62 })).toBeNull();
  });

  it('moments and ranks against R mean/var/sd/cor/quantile/rank', () => {
    expect(sum([0.1, 0.2, 0.3])).toBe(0.6); // compensated: exactly the double nearest 0.6
    close(mean([2, 4, 4, 5, 7, 9]), 31 / 6, 1e-15);
    close(variance([2, 4, 4, 5, 7, 9]), 37 / 6, 1e-15); // var(): Σ(x − M)² = 30.8333 / 5
    close(sd([2, 4, 4, 5, 7, 9]), Math.sqrt(37 / 6), 1e-15); // sd() = 2.48327740429189
    close(correlation([1, 2, 3, 4], [2, 4, 5, 9]), 0.9647638212377322, 1e-14); // cor()
    expect(quantileSorted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.25)).toBe(3.25); // quantile(1:10, .25)
    expect(Array.from(sortedCopy([3, 1, 2]))).toEqual([1, 2, 3]);
    close(sumExcept([0.1, 0.2, 0.3], 1), 0.4, 1e-15);
    close(varianceExcept([2, 4, 4, 5, 7, 9, 100], mean([2, 4, 4, 5, 7, 9]), 6), 37 / 6, 1e-15); // var(c(2, 4, 4, 5, 7, 9))
    const mv = new Float64Array(4);
    meanVariancePair([2, 4, 4, 5, 7, 9], [1, 2], mv);
    expect(Array.from(mv)).toEqual([mean([2, 4, 4, 5, 7, 9]), variance([2, 4, 4, 5, 7, 9]), 1.5, 0.5]); // bit-identical to mean/variance
    close(mv[1], 37 / 6, 1e-15);
    const r = rank([10, 20, 20, 30]); // rank(c(10, 20, 20, 30)) = 1, 2.5, 2.5, 4
    expect(Array.from(r.ranks)).toEqual([1, 2.5, 2.5, 4]);
    expect(r.ties).toEqual([2]);
    expect(r.tieCorrection).toBe(6); // 2³ − 2
  });

  it('APA formatting and missing-value helpers', () => {
    expect(fmt(-0.001)).toBe('0.00');
    expect(fmtNoLeadingZero(0.016, 3)).toBe('.016');
    expect(fmtP(0.0157)).toBe('p = .016');
    expect(fmtP(0.0001)).toBe('p < .001');
    expect(fmtCI(0.09, 0.87)).toBe('95% CI [0.09, 0.87]');
    expect(fmtLevel(0.9)).toBe('90%');
    expect(fmtDf(7)).toBe('7');
    expect(fmtDf(13.36823)).toBe('13.37');
    const f = finiteValues([1, null, NaN, 3]);
    expect(Array.from(f.values)).toEqual([1, 3]);
    expect(f.missing).toBe(2);
    const p = completePairs([1, 2, null], [4, NaN, 6]);
    expect([Array.from(p.x), Array.from(p.y), p.missing]).toEqual([[1], [4], 2]);
  });
});

describe('descriptives.ts examples against R mean, sd, t.test()$conf.int', () => {
  it('describe: M = 31/6, SD = 2.483277, 95% CI [2.560627, 7.772706] (t.test(c(2, 4, 4, 5, 7, 9)))', () => {
    const r = describeStats([2, 4, 4, 5, 7, 9, null]);
    expect(r.apa()).toBe('M = 5.17, SD = 2.48, 95% CI [2.56, 7.77], n = 6');
    close(r.ci.lower, 2.560626855, 1e-9);
    close(r.ci.upper, 7.772706478, 1e-9);
  });
  it('describeBy: group a = {1, 3}: M 2, SD √2; group b = {5, 9}: M 7, SD √8', () => {
    const rows = describeBy([{ g: 'a', v: 1 }, { g: 'a', v: 3 }, { g: 'b', v: 5 }, { g: 'b', v: 9 }], { value: 'v', by: ['g'] }).rows();
    expect(rows.map((r) => [r.g, r.variable, r.n, r.mean])).toEqual([
      ['a', 'v', 2, 2],
      ['b', 'v', 2, 7],
    ]);
    close(rows[0].sd, Math.SQRT2, 1e-15);
    close(rows[1].sd, Math.sqrt(8), 1e-15);
  });
});

describe('linalg.ts examples against R lm, qr, chol, solve (y = 2, 4, 5, 9 on x = 1…4)', () => {
  const X = matrixFromRows([
    [1, 1],
    [1, 2],
    [1, 3],
    [1, 4],
  ]);
  const A = matrixFromRows([
    [4, 2],
    [2, 3],
  ]);
  it('least squares: coef(lm(y ~ x)) = (−0.5, 2.2), deviance 1.8, cov.unscaled, Sum Sq of x 24.2', () => {
    const y = matrixFromColumns([[2, 4, 5, 9]]);
    expect(Array.from(y.data)).toEqual([2, 4, 5, 9]);
    const fit = qrLeastSquares(X, y);
    close(fit.coefficients.data[0], -0.5, 1e-14);
    close(fit.coefficients.data[1], 2.2, 1e-14);
    close(fit.residualSSCP.data[0], 1.8, 1e-14);
    const f = householderQR(X);
    const b = solveUpperTriangular(f, applyQt(f, Float64Array.from([2, 4, 5, 9])));
    close(b[0], -0.5, 1e-14);
    close(b[1], 2.2, 1e-14);
    [1.5, -0.5, -0.5, 0.2].forEach((v, i) => close(qrXtXInverse(f).data[i], v, 1e-14));
    close(hypothesisSSCP(fit, [[0, 1]]).data[0], 24.2, 1e-14); // 2.2² / 0.2
  });
  it('small-matrix helpers: A = [[4, 2], [2, 3]]', () => {
    expect(matrixTranspose(matrixFromRows([[1, 2, 3]])).nrow).toBe(3);
    expect(Array.from(matrixFromRows([[1, 2], [3, 4]]).data)).toEqual([1, 3, 2, 4]);
    expect(matrixGet(A, 0, 1)).toBe(2);
    expect(Array.from(matrixMultiply(A, A).data)).toEqual([20, 14, 14, 13]);
    expect(matrixTrace(A)).toBe(7);
    expect(gcd(-12, 18)).toBe(6); // the sign is dropped: gcd(12, 18) = 6
    expect(linearCombination([[1, 1, 0], [0, 1, 1]], [1, 0, -1])).toEqual([1, -1]);
    const l = choleskyLower(A)!;
    [2, 1, 0, Math.SQRT2].forEach((v, i) => close(l[i], v, 1e-15, 1e-15));
    close(logDeterminantSPD(A), Math.log(8), 1e-15);
    const x = solveSPD(A, [2, 1]);
    close(x[0], 0.5, 1e-15);
    expect(Math.abs(x[1])).toBeLessThanOrEqual(1e-15);
  });
});

describe('ttest.ts examples against R t.test and effectsize::cohens_d', () => {
  it('one-sample: t.test(x, mu = 5): t = 2.45677, p = .05746, CI [4.980, 5.887]', () => {
    expect(tTestOneSample([5.1, 4.9, 5.6, 5.8, 6.0, 5.2], { mu: 5 }).apa()).toBe('t(5) = 2.46, p = .057, M = 5.43, 95% CI [4.98, 5.89]');
  });
  it('paired: t = 2.13809, p = .0993, CI [-0.478, 3.678]; d_z 0.96 [-0.16, 2.01]', () => {
    const x = [12, 15, 11, 18, 14];
    const y = [10, 14, 12, 15, 11];
    expect(tTestPaired(x, y).apa()).toBe('t(4) = 2.14, p = .099, d_z = 0.96, 95% CI [-0.16, 2.01]');
    expect(tTestPaired(x, y, { effectSize: false }).apa()).toBe('t(4) = 2.14, p = .099, M_diff = 1.60, 95% CI [-0.48, 3.68]');
  });
  it('Student and Welch: t = 2.54588 (df 7, p = .0383), Welch t = 2.61116 (df 6.98, p = .0349)', () => {
    const x = [3, 5, 4, 6, 7];
    const y = [1, 2, 4, 3];
    expect(tTestTwoSample(x, y, { varEqual: true }).apa()).toBe('t(7) = 2.55, p = .038, d = 1.71, 95% CI [0.09, 3.25]');
    expect(tTestTwoSample(x, y, { varEqual: true, effectSize: false }).apa()).toBe('t(7) = 2.55, p = .038, M_diff = 2.50, 95% CI [0.18, 4.82]');
    expect(tTestStudent(x, y).df).toBe(7);
    expect(checkTestAlternative(undefined)).toBe('two-sided');
    expect(checkTestConfLevel(undefined, 't-test')).toBe(0.95);
    expect(tTestWelch(x, y).apa()).toBe('t(6.98) = 2.61, p = .035, d = 1.71, 95% CI [0.09, 3.25]');
  });
});

describe('effsize/ examples against R effectsize 0.8.3, cor.test, fisher.test and published values', () => {
  const x = [5, 6, 7, 8, 9];
  const y = [3, 4, 5, 6, 7];
  it("Cohen's d, Hedges' g, Glass's Δ (effectsize: 1.26 [-0.15, 2.62]; g 1.14; Δ 1.26 [-0.28, 2.72])", () => {
    expect(cohensD(x, y).apa()).toBe('d = 1.26, 95% CI [-0.15, 2.62]');
    expect(cohensD(x, y, { ci: false }).apa()).toBe('d = 1.26');
    // g = d·J(8); d = 2/√2.5, J(8) = Γ(4)/(√4·Γ(3.5))
    const j8 = 6 / (2 * ((15 / 8) * Math.sqrt(Math.PI)));
    close(hedgesG(x, y).estimate, (2 / Math.sqrt(2.5)) * j8, 1e-12);
    expect(hedgesG(x, y, { ci: false }).ci).toBeNull();
    const gb = hedgesG(x, y, { bootstrap: { seed: 1 } });
    expect(gb.ciMethod).toBe('bootstrap BCa (Efron, 1987; boot.ci "bca"), 2000 resamples within groups (seed 1)');
    close(gb.estimate, (2 / Math.sqrt(2.5)) * j8, 1e-12);
    expect(glassDelta(x, y).apa()).toBe('Δ = 1.26, 95% CI [-0.28, 2.72]');
  });
  it('hedgesJ(18) = exp(lgamma(9) − log(3) − lgamma(8.5)) = 0.95764642702372', () => {
    close(hedgesJ(18), 0.95764642702372, 1e-13);
  });
  it('rank-biserial, probability of superiority, McGraw–Wong CL', () => {
    expect(rankBiserial([3, 5, 6, 9], [1, 2, 4, 5]).estimate).toBe(0.6875); // effectsize::rank_biserial; = 2·11/16 − 1
    expect(rankBiserialPaired([3, 5, 4, 8, 6], [2, 5, 5, 4, 3]).estimate).toBe(0.7); // (8.5 − 1.5)/10
    expect(probabilityOfSuperiority(x, y).apa()).toBe('PS = .82, 95% CI [.50, .95]'); // effectsize::p_superiority 0.82 [0.50, 0.95]
    close(clesMcGrawWong(x, y).estimate, normal.cdf(2 / Math.sqrt(5)), 1e-15); // Φ(2/√5) = 0.8144533152386512
    close(clesMcGrawWong(x, y).estimate, 0.814453315238651, 1e-14); // R pnorm(2/sqrt(5))
  });
  it('point-biserial r = cor(c(5:9, 3:7), rep(1:0, each = 5)) = 1/√3', () => {
    close(pointBiserial(x, y).estimate, 1 / Math.sqrt(3), 1e-14);
  });
  it('odds ratio (Woolf 4.5 = 12·15/(8·5); fisher.test conditional MLE 4.319) and risk difference', () => {
    expect(oddsRatio([[12, 8], [5, 15]]).estimate).toBe(4.5);
    close(oddsRatio([[12, 8], [5, 15]], { method: 'conditional-mle' }).estimate, 4.319063515, 2e-4); // fisher.test (uniroot tol ~1e-4)
    expect(riskDifference([[12, 8], [5, 15]]).apa()).toBe('RD = .35, 95% CI [.04, .58]');
  });
  it('Morris (2008) d_ppc2: study 5 of Table 5 = 0.44, and the raw-data example by hand', () => {
    // c_p = 1 − 3/(4·26 − 1); SD_pre,pooled = √((13·4.7² + 13·3.1²)/26); change difference 0.4 − (−1.4) = 1.8
    const cp = 1 - 3 / (4 * 26 - 1);
    const expected = (cp * 1.8) / Math.sqrt((4.7 ** 2 + 3.1 ** 2) / 2);
    const r = morrisDppc2Summary({ meanPre: 35.6, meanPost: 36.0, sdPre: 4.7, n: 14 }, { meanPre: 34.8, meanPost: 33.4, sdPre: 3.1, n: 14 }, { rho: 0.44 });
    close(r.estimate, expected, 1e-13);
    expect(r.estimate.toFixed(2)).toBe('0.44');
    // raw: change T = 4, 3, 5, 4 (mean 4), C = 1, 0, 2, 1 (mean 1); pre SDs both √(20/3); c_p = 1 − 3/23
    const raw = morrisDppc2({ preT: [10, 12, 14, 16], postT: [14, 15, 19, 20], preC: [11, 13, 15, 17], postC: [12, 13, 17, 18] });
    close(raw.estimate, ((1 - 3 / 23) * 3) / Math.sqrt(20 / 3), 1e-13);
  });
  it('Lakens (2013) movie ratings: d_av = 1.13 [0.66, 1.60]', () => {
    const movie1 = [9, 7, 8, 9, 8, 9, 9, 10, 9, 9];
    const movie2 = [9, 6, 7, 8, 7, 9, 8, 8, 8, 7];
    expect(repeatedMeasuresD(movie1, movie2, { method: 'av' }).apa()).toBe('d_av = 1.13, 95% CI [0.66, 1.60]');
  });
});

describe('nonparametric.ts examples against R psignrank, pwilcox, wilcox.test, binom.test', () => {
  it('exact null distributions', () => {
    expect(Array.from(signRankCounts(3))).toEqual([1, 1, 1, 2, 1, 1, 1]); // 8·dsignrank(0:6, 3)
    expect(signRankCdf(3, 5)).toBe(5 / 32); // psignrank(3, 5) = 0.15625
    expect(Array.from(rankSumCounts(2, 2))).toEqual([1, 1, 2, 1, 1]); // 6·dwilcox(0:4, 2, 2)
    close(rankSumCdf(2, 3, 4), 4 / 35, 1e-15); // pwilcox(2, 3, 4)
  });
  const a = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
  const b = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
  it('signed-rank: wilcox.test(a, mu = 1, conf.int = TRUE): V = 43, p = 0.01171875, 1.725 [1.165, 2.370]', () => {
    const r = wilcoxonSignedRank(a, { mu: 1 });
    expect(r.apa()).toBe('V = 43, p = .012, Mdn_pseudo = 1.73, 95% CI [1.17, 2.37]');
    close(r.p, 0.01171875, 1e-12);
    expect(wilcoxonSignedRankPaired(a, b, { alternative: 'greater' }).p).toBe(0.01953125); // 10/512
  });
  it('rank-sum: wilcox.test(x, y) W = 35, p = 0.2544122544122544', () => {
    const x = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
    const y = [1.15, 0.88, 0.9, 0.74, 1.21];
    close(mannWhitneyU(x, y).p, 0.2544122544122544, 1e-12);
    expect(wilcoxonRankSum(x, y).statistic).toBe(35);
  });
  it('binomial and sign tests: binom.test(2, 10) = 0.109375, binom.test(7, 20, 0.3) = 0.62949796667667735', () => {
    expect(binomialTestP(2, 10, 0.5, 'two-sided')).toBe(0.109375);
    close(binomialTest(7, 20, { p: 0.3 }).p, 0.62949796667667735, 1e-12);
    // binom.test(8, 10): p = .109375, Clopper–Pearson [0.4439045, 0.9747893]
    expect(signTest([2, 1, 0, 3, -1, 1, 2, 0, 1, 4, -2, 1]).apa()).toBe('8 of 10 positive (2 ties dropped), p = .109, proportion = .80, 95% CI [.44, .97]');
    expect(signTestPaired([3, 4, 5, 7, 8], [1, 4, 2, 9, 6]).p).toBe(0.625); // binom.test(3, 4)
  });
});

describe('contingency.ts examples against R chisq.test, fisher.test, mcnemar.test, binom.test', () => {
  it('cross table', () => {
    expect(contingencyCrossTable(['a', 'a', 'b', null], ['y', 'n', 'y', 'y']).table).toEqual([
      [1, 1],
      [0, 1],
    ]);
  });
  it('chisq.test(matrix(c(12, 7, 5, 16), 2)): X-squared = 4.81229, p = 0.0282575', () => {
    const r = chiSquareTest([
      [12, 5],
      [7, 16],
    ]);
    expect(r.apa()).toBe('χ²(1, N = 40) = 4.81, p = .028');
    close(r.statistic, 4.81228647065, 1e-10);
  });
  it('fisher.test: p = 34/70; mcnemar.test: 4.26667, p = 0.0388671; exact: binom.test(12, 15) = 0.03515625', () => {
    close(fisherExactTest([
      [3, 1],
      [1, 3],
    ]).p, 34 / 70, 1e-14);
    expect(mcnemarTest([
      [20, 12],
      [3, 15],
    ]).apa()).toBe('χ²(1, N = 50) = 4.27, p = .039');
    close(mcnemarExactTest([
      [20, 12],
      [3, 15],
    ]).p, 0.03515625, 1e-14);
  });
});

describe('multicomp.ts examples against R p.adjust', () => {
  it('holm and BH with a missing value', () => {
    const h = pAdjust([0.01, 0.04, 0.03, NaN, 0.2], 'holm'); // p.adjust(c(.01, .04, .03, NA, .2), "holm")
    [0.04, 0.09, 0.09].forEach((v, i) => close(h[i], v, 1e-14));
    expect(Number.isNaN(h[3])).toBe(true);
    close(h[4], 0.2, 1e-14);
    const bh = pAdjust([0.01, 0.04, 0.03, NaN, 0.2], 'BH');
    [0.04, 0.16 / 3, 0.16 / 3].forEach((v, i) => close(bh[i], v, 1e-14));
    expect(pAdjustResult([0.01, 0.04, 0.03], 'holm', ['SDQ', 'PSI', 'GAS']).apa()).toBe(
      'SDQ: p = .010, p_adj = .030; PSI: p = .040, p_adj = .060; GAS: p = .030, p_adj = .060 (Holm, m = 3)',
    );
  });
});

describe('anova.ts and mixed-anova.ts examples against R aov, oneway.test, lm and car::Anova', () => {
  it('one-way: aov F = 18.1428571, p = 0.00285675; Welch: oneway.test F = 19.4915254, df 3.7037, p = 0.01081356', () => {
    const r = oneWayAnova(Y9, G9);
    expect(r.apa()).toBe('F(2, 6) = 18.14, p = .003, η² = .86, ω² = .79');
    expect(welchAnova(Y9, G9).apa()).toBe("Welch's F(2, 3.70) = 19.49, p = .011");
  });
  it('ANCOVA: lm(y ~ g + pre) coefficient 3.88571429, confint [3.3520350, 4.4193936], car::Anova F = 350.30303', () => {
    const r = ancova({
      outcome: [12, 14, 15, 13, 17, 18, 20, 19],
      group: ['c', 'c', 'c', 'c', 't', 't', 't', 't'],
      covariates: { pre: [10, 12, 14, 11, 11, 13, 15, 14] },
    });
    close(r.groupEffects[0].estimate, 3.88571428571429, 1e-12);
    expect(r.apa()).toBe('F(1, 5) = 350.30, p < .001, ηp² = .99; adjusted difference t − c = 3.89, 95% CI [3.35, 4.42]');
    const rows = (
      [
        [12, 'c', 10],
        [14, 'c', 12],
        [15, 'c', 14],
        [13, 'c', 11],
        [17, 't', 11],
        [18, 't', 13],
        [20, 't', 15],
        [19, 't', '14'],
      ] as const
    ).map(([post, group, pre]) => ({ post, group, pre }));
    close(ancovaFromRows(rows, { outcome: 'post', group: 'group', covariates: ['pre'] }).groupEffects[0].estimate, 3.88571428571429, 1e-12);
    expect(anovaGroupLevels([10, 2, null, 2])).toEqual(['2', '10']);
    expect(anovaCellToNumber('12,5', 'pre', 0)).toBe(12.5);
    expect(Array.from(anovaGroupIndex(['b', null, 'a'], ['a', 'b']))).toEqual([1, -1, 0]);
  });
  it('mixed ANOVA: car::Anova(type = 3) g:time F = 6.125, GG ε = 0.8, p[GG] = 0.0365947', () => {
    const r = mixedAnova({
      group: ['a', 'a', 'a', 'b', 'b', 'b'],
      waves: [
        [1, 2, 3, 2, 3, 4],
        [2, 4, 3, 5, 6, 6],
        [3, 4, 6, 7, 9, 8],
      ],
    });
    close(r.row('group × time').F, 6.125, 1e-12);
    close(r.row('group × time').ggP as number, 0.0365947, 1e-5); // R prints 7 digits
    const rows = [
      { g: 'a', t1: 1, t2: 2, t3: 3 },
      { g: 'a', t1: 2, t2: 4, t3: 4 },
      { g: 'a', t1: 3, t2: 3, t3: 6 },
      { g: 'b', t1: 2, t2: 5, t3: 7 },
      { g: 'b', t1: 3, t2: 6, t3: 9 },
      { g: 'b', t1: 4, t2: 6, t3: 8 },
    ];
    close(mixedAnovaFromRows(rows, { group: 'g', waves: ['t1', 't2', 't3'] }).row('group × time').F, 6.125, 1e-12);
  });
});

describe('power.ts examples against R power.t.test', () => {
  it('power.t.test(delta = 0.5, power = 0.8): n = 63.76576 → 64, power at 64 = 0.801458623368', () => {
    const r = powerTTest({ d: 0.5, power: 0.8 });
    expect(r.nCeiling).toBe(64);
    close(r.achievedPower, 0.801458623368, 1e-10);
  });
  it('ANCOVA with ρ = .6 needs 42 per group (tests/reference/power.R formulas)', () => {
    expect(powerAncova({ d: 0.5, power: 0.8, rho: 0.6 }).nCeiling).toBe(42);
  });
});

describe('change, reliable change and clinical significance examples', () => {
  it('direction sign, complete pairs, change scores', () => {
    expect(changeDirectionSign('higher-worse')).toBe(-1);
    expect(completePrePostIndices([1, null, 3], [2, 2, NaN], 'demo')).toEqual({ keep: [0], excluded: [1, 2] });
    const r = changeScores([10, 0, 8], [7, 2, null], { direction: 'higher-worse' });
    expect(r.rows[0]).toMatchObject({ index: 0, pre: 10, post: 7, change: -3, percentChange: -30, improvement: 3 });
    expect(r.rows[1].percentReason).toBe('pre = 0: percentage change is undefined');
    expect(r.nMissing).toBe(1);
  });
  it('SRM = mean(d)/sd(d) = −2.2/√3.2', () => {
    const r = standardizedResponseMean([10, 12, 9, 14, 11], [8, 11, 9, 10, 7]);
    close(r.srm, -2.2 / Math.sqrt(3.2), 1e-14); // R: -1.2298373876248845
    expect(r.apa()).toBe('SRM = -1.23, 95% CI [-2.40, 0.01], n = 5');
  });
  it('RCI critical values qnorm(.975), qnorm(.95); S_diff by hand', () => {
    close(rciCriticalValue('JT'), 1.959963984540054, 1e-15);
    close(rciCriticalValue('HA'), 1.6448536269514715, 1e-15);
    close(computeRci([5, 5, 5], [4, 6, 7], { reliability: 0.8, direction: 'higher-better', sdPre: 2 }).params.sDiff, Math.sqrt(2 * 4 * 0.2), 1e-14);
    close(reliableChange(DAS.pre, DAS.post, { reliability: 0.96, sdPre: 17.8, direction: 'higher-better', criticalValue: 1.96 }).parameters.sDiff, Math.SQRT2 * 17.8 * Math.sqrt(0.04), 1e-14);
  });
  it('Jacobson & Truax cut-offs with Spanier (1976) DAS norms, Hageman & Arrindell by hand', () => {
    const jt = jacobsonTruaxCutoffs({ mean: 70.7, sd: 23.8 }, { mean: 114.8, sd: 17.8 }, 'higher-better');
    close(jt.a, 70.7 + 2 * 23.8, 1e-14);
    close(jt.b, 114.8 - 2 * 17.8, 1e-14);
    close(jt.c, (23.8 * 114.8 + 17.8 * 70.7) / (23.8 + 17.8), 1e-14); // 95.93…
    const ha = hagemanArrindellCutoffs({ mean: 30, sd: 5 }, { mean: 15, sd: 4 }, 0.8, 'higher-worse');
    const se = 5 * Math.sqrt(0.2);
    const rf = (16 - se * se) / 16; // 0.6875
    close(ha.seMeasurement, se, 1e-14);
    close(ha.reliabilityFunctional, rf, 1e-14);
    close(ha.a, 30 - 2 * 5 * Math.sqrt(0.8), 1e-14);
    close(ha.b, 15 + 2 * 4 * Math.sqrt(rf), 1e-14);
    close(ha.c, (5 * Math.sqrt(0.8) * 15 + 4 * Math.sqrt(rf) * 30) / (5 * Math.sqrt(0.8) + 4 * Math.sqrt(rf)), 1e-14);
  });
  it('Jacobson & Truax (1991) DAS: 14 of 30 recovered with cut-off c (fixture: tests/reference/reliable_change.py)', () => {
    const cs = clinicalSignificance(DAS.pre, DAS.post, {
      reliability: 0.96,
      sdPre: 17.8,
      criticalValue: 1.96,
      direction: 'higher-better',
      cutoff: 'c',
      clinical: { mean: 70.7, sd: 23.8 },
      functional: { mean: 114.8, sd: 17.8 },
    });
    close(cs.cutoff, (23.8 * 114.8 + 17.8 * 70.7) / (23.8 + 17.8), 1e-14);
    expect(cs.summary.recovered.successes).toBe(14);
    expect(cs.summary.improved.successes).toBe(5);
    expect(cs.summary.unchanged.successes).toBe(10);
    expect(cs.summary.deteriorated.successes).toBe(1);
    expect(cs.summary.harmed.successes).toBe(0);
    // statistical approach: clinical at pre and functional at post, counted by hand from the rows
    expect(clinicalSignificanceStatistical(cs).summary.improved.successes).toBe(cs.rows.filter((r) => r.clinicalPre && r.functionalPost).length);
    expect(clinicalSignificanceStatistical(cs).summary.improved.successes).toBe(16);
    expect(clinicalSignificancePercentage([20, 30, 10, 25], [8, 27, 12, 10], { direction: 'higher-worse', improvement: 0.5 }).summary.improved.successes).toBe(2); // 20→8 (−60%), 25→10 (−60%)
    expect(clinicalSignificanceAnchor([20, 30, 10, 25], [8, 27, 12, 10], { direction: 'higher-worse', mid: 5 }).summary.improved.successes).toBe(2); // −12 and −15
  });
});

describe('proportion.ts examples against R prop.test and binom.test', () => {
  it('Wilson [0.245906281168, 0.576796397467]; Clopper–Pearson [0.226557648829, 0.593965069948]', () => {
    const w = wilsonInterval(12, 30);
    close(w.ci.lower, 0.245906281168, 1e-11);
    close(w.ci.upper, 0.576796397467, 1e-11);
    expect(w.apa()).toBe('12/30 = .40, 95% CI [.25, .58]');
    const cp = clopperPearsonInterval(12, 30);
    close(cp.ci.lower, 0.226557648829, 1e-11);
    close(cp.ci.upper, 0.593965069948, 1e-11);
    expect(proportionCI(0, 0).reason).toBe('no cases: a proportion of 0/0 is undefined');
    expect(fmtPercentWithCI(wilsonInterval(12, 30))).toBe('40.0%, 95% CI [24.6, 57.7]');
  });
});

describe('equivalence.ts examples against R t.test with shifted mu', () => {
  it('one-sample TOST: t = 4.80196 (p = .00244) and −5.48795; 90% CI [4.5417, 5.3250]', () => {
    const r = tostOneSample([4.1, 5.2, 4.8, 5.5, 4.9, 5.1], { mu: 5, low: -1, high: 1 });
    expect(r.equivalent).toBe(true);
    expect(r.apa()).toBe(
      'TOST: t(5) = 4.80, p = .002 (lower bound 4.00); t(5) = -5.49, p = .001 (upper bound 6.00); M = 4.93, 90% CI [4.54, 5.32]; equivalent at α = .05',
    );
  });
  it('paired TOST with SMD bounds: bound 0.5·sd(d) = 0.364434493428, p = 0.139828917483', () => {
    const r = tostPaired([12, 15, 11, 14, 13, 16, 12, 15], [12.5, 14, 11.5, 15, 13, 15.5, 12, 14], { low: -0.5, high: 0.5, boundType: 'smd' });
    close(r.bounds.high, 0.364434493428, 1e-11);
    close(r.p, 0.139828917483, 1e-10);
    expect(r.equivalent).toBe(false);
  });
  it('Welch TOST: t = 2.75839 and −3.86174 on df 13.368; 90% CI [−2.1017, 1.1017]', () => {
    expect(tostTwoSample([48, 52, 50, 47, 53, 51, 49, 50], [50, 49, 51, 52, 48, 50, 51, 53], { low: -3, high: 3 }).apa()).toBe(
      'TOST: t(13.37) = 2.76, p = .008 (lower bound -3.00); t(13.37) = -3.86, p < .001 (upper bound 3.00); difference = -0.50, 90% CI [-2.10, 1.10]; equivalent at α = .05',
    );
  });
  it('summary TOST: p_lower = pt(0.5/SE, Welch df, lower.tail = FALSE) = 0.1780581645', () => {
    const r = tostTwoSampleSummary({ mean: 10, sd: 2, n: 30 }, { mean: 10.5, sd: 2.5, n: 40 }, { low: -1, high: 1 });
    expect(r.equivalent).toBe(false);
    close(r.p, 0.1780581645, 1e-9);
  });
  it('normative comparison (Welch, δ = 1 norm SD): t = 7.93325 and −6.62317 on df 16.556', () => {
    const r = normativeComparison([52, 47, 55, 49, 51, 58, 46, 50, 53, 48], { mean: 50, sd: 10, n: 200 });
    expect([r.bounds.low, r.bounds.high]).toEqual([-10, 10]);
    expect(r.apa()).toBe(
      'TOST: t(16.56) = 7.93, p < .001 (lower bound -10.00); t(16.56) = -6.62, p < .001 (upper bound 10.00); difference = 0.90, 90% CI [-1.49, 3.29]; equivalent at α = .05',
    );
  });
});

describe('reliability.ts example against psych::alpha', () => {
  it('raw_alpha 0.9166667 (= 11/12), Feldt 95% CI [.65, .99]', () => {
    const a = cronbachAlpha([
      [4, 5, 4],
      [2, 3, 3],
      [3, 3, 4],
      [5, 4, 5],
      [1, 2, 2],
      [3, 4, 3],
    ]);
    close(a.alpha, 11 / 12, 1e-13);
    expect(a.alpha.toFixed(4)).toBe('0.9167');
    expect(a.apa()).toBe('α = .92, 95% CI [.65, .99], k = 3, n = 6');
  });
});

describe('bootstrap.ts examples (interval arithmetic by hand; boot 1.3-28 conventions)', () => {
  it('acceleration 18/(6·14^1.5); jackknife influence of the mean = x − x̄; percentile on 9 replicates', () => {
    close(bootstrapAcceleration([-2, -1, 3]), 18 / (6 * 14 ** 1.5), 1e-14);
    expect(floorDivide(2 ** 53 - 1, 3, 1 / 3)).toBe(Number((2n ** 53n - 1n) / 3n));
    expect(Array.from(bootstrapJackknifeInfluence([[1, 2, 6]], (v) => mean(v)))).toEqual([-2, -1, 3]);
    const r = bootstrapIntervals({ replicates: [1, 2, 3, 4, 5, 6, 7, 8, 9], estimate: 5, level: 0.8, method: 'percentile' });
    expect(r.percentile?.lower).toBe(1);
    expect(r.percentile?.upper).toBe(9);
  });
  it('bootstrap of the mean, seed 1: estimate 3.77 and the documented APA line (reproducibility, not R)', () => {
    const x = [2.1, 3.4, 1.9, 5.6, 4.4, 3.3, 2.8, 6.1, 3.9, 4.2];
    const r = bootstrap({ samples: [x], statistic: mean, resamples: 2000, seed: 1, method: 'both', name: 'M' });
    close(r.estimate, 3.77, 1e-14);
    expect(r.apa()).toBe('M = 3.77, 95% CI [2.97, 4.62] (BCa bootstrap, 2,000 resamples)');
  });
});

describe('noncentral-t.ts and roots.ts examples against R pt, qt, uniroot', () => {
  it('pt(2, 10, 1) = 0.807611562530311; qt(0.975, 10, 2) = 4.95783562637601', () => {
    close(noncentralT.cdf(2, 10, 1), 0.807611562530311, 1e-12);
    close(noncentralT.quantile(0.975, 10, 2), 4.95783562637601, 1e-10);
  });
  it('ncp CI for t = 2.5, df = 20: uniroot on pt(2.5, 20, δ) at tol 1e-13 gives [0.367313842975, 4.578713549996]', () => {
    const ci = ncpConfidenceInterval(2.5, 20, 0.95);
    close(ci.lower, 0.367313842975, 1e-9);
    close(ci.upper, 4.578713549996, 1e-9);
  });
  it('uniroot(function(x) x^2 - 2, c(0, 2)): root 1.4142133199955, 6 iterations, estim.prec 6.10352e-05', () => {
    const r = brentRootResult((x) => x * x - 2, 0, 2);
    close(r.root, 1.4142133199955, 1e-12);
    expect(r.iterations).toBe(6);
    close(r.estimPrec, 6.10352e-5, 1e-5);
    expect(Math.abs(brentRoot((x) => x * x - 2, 0, 2, { tol: 1e-12 }) - Math.SQRT2)).toBeLessThanOrEqual(1e-12);
    expect(rootBracketIncreasing((x) => x - 10, 0, 1)).toEqual({ lower: 7, upper: 15, fLower: -3, fUpper: 5 });
  });
});

describe('interpret.ts examples against R effectsize::interpret_*', () => {
  it('interpret_cohens_d(c(0.5, -0.49, 0.8)) = medium, small, large; interpret_r(0.25, "gignac2016") = moderate', () => {
    expect(interpretEffect(0.5, interpretationRules('cohen1988', 'd'))).toBe('medium');
    expect(interpretEffect(-0.49, interpretationRules('cohen1988', 'd'))).toBe('small');
    expect(interpretCohensD(0.8)).toBe('large');
    expect(interpretR(0.25, 'gignac2016')).toBe('moderate');
    expect(interpretationRules('gignac2016', 'r').thresholds).toEqual([0.1, 0.2, 0.3]);
    close(interpretDToR(0.5), 0.5 / Math.sqrt(4.25), 1e-15);
    const own = defineInterpretationRules({ name: 'homestart2024', family: 'd', thresholds: [0.1, 0.3], labels: ['negligible', 'modest', 'substantial'] });
    expect(interpretEffect(0.3, own)).toBe('substantial');
  });
});

describe('cells.ts, linear-model.ts and regression.ts examples against R lm / model.matrix', () => {
  it('parseNumericText: decimal comma, missing marker, thousands separator refused', () => {
    expect(parseNumericText(' 3,5 ')).toBe(3.5);
    expect(parseNumericText('NA')).toBeNull();
    expect(parseNumericText('1.234,5')).toBeNaN();
  });
  it('buildModelDesign column names = colnames(model.matrix(~ x + g)); lm(y ~ x) coefficients -0.5, 2.2', () => {
    const d = buildModelDesign(
      [
        { kind: 'numeric', name: 'x', values: Float64Array.from([1, 2, 3]) },
        { kind: 'factor', name: 'g', index: Int32Array.from([0, 1, 1]), levels: ['a', 'b'], coding: 'treatment' },
      ],
      [['x'], ['g']],
      [0, 1, 2],
    );
    expect(d.columnNames).toEqual(['(Intercept)', 'x', 'gb']);
    const d2 = buildModelDesign([{ kind: 'numeric', name: 'x', values: Float64Array.from([1, 2, 3, 4]) }], [['x']], [0, 1, 2, 3]);
    const b = fitLinearModel(d2, Float64Array.from([2, 4, 5, 9])).coefficients;
    close(b[0], -0.5, 1e-13);
    close(b[1], 2.2, 1e-13);
    // leastSquaresOnRows: same lm(y ~ x) through the bootstrap kernel; a repeated row and an aliased column
    const kb = LinearModel.leastSquaresOnRows(Float64Array.from([2, 4, 5, 9]), [Float64Array.from([1, 2, 3, 4])], [0, 1, 2, 3])!;
    close(kb[0], -0.5, 1e-13);
    close(kb[1], 2.2, 1e-13);
    expect(LinearModel.leastSquaresOnRows(Float64Array.from([2, 4, 5, 9]), [Float64Array.from([1, 2, 3, 4])], [0, 0, 0, 0])).toBeNull();
    expect(isCategoricalColumn(['control', 'homestart', null])).toBe(true);
    expect(isCategoricalColumn(['12,5', 3, null])).toBe(false);
  });
  it('linearRegression: slope 1.2261905 (R coef(lm(y ~ x)) = 103/84), R² .85, F(1, 6) = 35.32, p = .001', () => {
    const r = linearRegression({ outcome: [3, 5, 4, 8, 9, 7, 11, 12], predictors: { x: [1, 2, 3, 4, 5, 6, 7, 8] } });
    close(r.coefficient('x').estimate, 103 / 84, 1e-13);
    expect(r.apa()).toBe('R² = .85, adjusted R² = .83, F(1, 6) = 35.32, p = .001');
  });
});

describe('logistic.ts examples against R glm(family = binomial)', () => {
  it('logisticIrls: coef(glm(y ~ x)) = -4.24909655, 1.21402759; logisticRegression OR 1.54218690, χ²(1) = 1.62', () => {
    const X = matrixFromColumns([[1, 1, 1, 1, 1, 1], [1, 2, 3, 4, 5, 6]]);
    const b = logisticIrls(X, Float64Array.from([0, 0, 1, 0, 1, 1])).coefficients;
    close(b[0], -4.24909655047997, 1e-8);
    close(b[1], 1.21402758585142, 1e-8);
    const r = logisticRegression({ outcome: [0, 0, 1, 0, 1, 1, 0, 1], predictors: { x: [1, 2, 3, 4, 5, 6, 7, 8] } });
    close(r.coefficient('x').oddsRatio, 1.5421869040684, 1e-8);
    expect(r.apa()).toBe('χ²(1) = 1.62, p = .203, Nagelkerke R² = .24');
  });
});

describe('correlation.ts examples against R cor.test / psych::partial.r', () => {
  it('cor.test r = .8286, p = .04156, CI [.0519, .9807]; Kendall exact p = .1361; partial r = .9182; matrix r(a, b) = .8', () => {
    const r = correlationTest([1, 2, 3, 4, 5, 6], [2, 1, 4, 3, 6, 5]);
    close(r.r, 0.828571428571429, 1e-12);
    close(r.p, 0.0415626822157434, 1e-9);
    expect(r.apa()).toBe('r(4) = .83, p = .042, 95% CI [.05, .98]');
    close(correlationTest([1, 2, 3, 4, 5, 6], [2, 1, 4, 3, 6, 5], { method: 'kendall' }).p, 0.136111111111111, 1e-12);
    const ci = fisherZInterval(0.5, 20);
    close(ci.lower, Math.tanh(Math.atanh(0.5) - 1.959963984540054 / Math.sqrt(17)), 1e-12);
    close(ci.upper, 0.771760706429919, 1e-12);
    close(partialCorrelation([1, 2, 3, 4, 5, 6, 7], [2, 1, 4, 3, 7, 5, 6], { z: [1, 2, 1, 3, 2, 4, 3] }).r, 0.918200749691427, 1e-10);
    close(correlationMatrix({ a: [1, 2, 3, 4, 5], b: [2, 1, 4, 3, 5], c: [5, 3, 4, 1, 2] }).pair('a', 'b').r, 0.8, 1e-13);
  });
});

describe('integrate.ts, studentized-range.ts, posthoc.ts, k-sample-tests.ts, RM and two-way ANOVA examples against R', () => {
  it('∫exp(−x²/2) = √(2π); ptukey(3.5, 3, 20) = 0.944108150917941; qtukey(0.95, 3, 20) = 3.57793458152557', () => {
    close(integrate((x) => Math.exp((-x * x) / 2), -Infinity, Infinity), Math.sqrt(2 * Math.PI), 1e-12);
    close(integratePanels((x) => Math.exp((-x * x) / 2), -9, 9, 8), Math.sqrt(2 * Math.PI), 1e-12);
    close(integrateGK(Math.exp, [0, 1]).value, Math.E - 1, 1e-14);
    close(kronrodPanelNodes(-1, 1, 1).weights.reduce((s, w) => s + w, 0), 2, 1e-14);
    close(studentizedRange.cdf(3.5, 3, 20), 0.944108150917941, 1e-8);
    close(studentizedRange.quantile(0.95, 3, 20), 3.57793458152557, 1e-5);
  });
  it('TukeyHSD p adj (a, c) = 0.00230123697691509; pairwise.t.test holm 0.00284888499545114; wilcox.test(7:9, 1:3) p = 0.1', () => {
    const y = [4, 5, 6, 6, 7, 8, 9, 9, 10];
    const g = ['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c'];
    close(tukeyHSD(y, g).comparison('a', 'c').pAdjusted, 0.00230123697691509, 1e-5);
    close(gamesHowell(y, g).comparison('a', 'c').difference, 13 / 3, 1e-13);
    close(pairwiseTTests(y, g).comparison('a', 'c').pAdjusted, 0.00284888499545114, 1e-9);
    close(pairwiseWilcoxon([1, 2, 3, 4, 5, 6, 7, 8, 9], g).comparison('a', 'c').p, 0.1, 1e-12);
  });
  it('kruskal.test H = 7.2; friedman.test p = 0.173773943450445; Cochran Q = 4.666667; RM F = 42.25; two-way F(A) = 66.667', () => {
    expect(kruskalWallis([1, 2, 3, 4, 5, 6, 7, 8, 9], ['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c']).apa()).toBe('H(2) = 7.20, p = .027, ε²_R = .90');
    close(friedmanTest([[1, 2, 1, 2], [2, 3, 3, 3], [3, 1, 2, 4]]).p, 0.173773943450445, 1e-10);
    close(cochranQ([[1, 1, 0, 1, 1], [0, 1, 0, 0, 1], [0, 0, 0, 0, 1]]).statistic, 14 / 3, 1e-13);
    close(repeatedMeasuresAnova([[5, 6, 7, 5, 6], [6, 8, 8, 7, 7], [8, 9, 9, 8, 10]]).time.F, 42.25, 1e-12);
    const r = twoWayAnova({ outcome: [3, 4, 5, 6, 7, 8, 5, 6, 9, 10, 12, 11], a: ['x', 'x', 'x', 'x', 'x', 'x', 'y', 'y', 'y', 'y', 'y', 'y'], b: ['p', 'p', 'q', 'q', 'r', 'r', 'p', 'p', 'q', 'q', 'r', 'r'] });
    close(r.row('A').F, 200 / 3, 1e-12);
  });
});

describe('bayes-factor.ts examples against R BayesFactor 0.9', () => {
  it('ttestBF one-sample 7.09733696; paired 6.73678736; two-sample 10.8170133; ttest.tstat(2.5, 20) 2.70214516; correlationBF(rscale = 1) 22.1022675', () => {
    close(bayesTTestOneSample([0.5, 1.2, -0.3, 0.8, 1.5, 0.9, 0.2, 1.1]).bf10, 7.09733696059213, 1e-6);
    expect(bayesTTestOneSample([0.5, 1.2, -0.3, 0.8, 1.5, 0.9, 0.2, 1.1]).apa()).toBe('BF₁₀ = 7.10');
    close(bayesTTestPaired([5, 6, 7, 8, 9, 7], [4, 6, 5, 6, 8, 5]).bf10, 6.73678736224388, 1e-6);
    close(bayesTTestIndependent([5, 6, 7, 8, 9, 7], [4, 3, 5, 4, 6, 3]).bf10, 10.8170133456079, 1e-6);
    close(Math.exp(jzsLogBF10(2.5, 20, 19)), 2.70214516467693, 1e-6);
    close(bayesCorrelation([1, 2, 3, 4, 5, 6, 7, 8], [2, 1, 4, 3, 6, 5, 8, 7]).bf10, 22.1022674835563, 1e-8);
    // from reported statistics: BayesFactor ttest.tstat(3.5, 20, 20) = 26.74355; pingouin bayesfactor_pearson(0.1, 83) = 0.204
    close(bayesTTestFromT({ t: 3.5, n1: 20, n2: 20 }).bf10, 26.74355, 1e-5);
    expect(bayesCorrelationFromR(0.1, 83).bf10.toFixed(3)).toBe('0.204');
  });
});

describe('effsize/from-test.ts, effsize/association.ts and noncentral-f.ts examples', () => {
  it('one-sample d = 1.5 (mean 51, SD 4); d from t; η²p = 9/49, ω²p = 7/50; U3(0.5) = Φ(0.5)', () => {
    close(cohensDOneSample([52, 47, 55, 49, 51, 58, 46, 50], { mu: 45 }).estimate, 1.5, 1e-13);
    close(effectSizeFromT({ t: 2.5, n1: 12, n2: 15 }).estimate, 2.5 * Math.sqrt(1 / 12 + 1 / 15), 1e-13);
    close(etaSquaredFromF(4.5, 2, 40).estimate, 9 / 49, 1e-13);
    close(omegaSquaredFromF(4.5, 2, 40).estimate, 7 / 50, 1e-13);
    close(epsilonSquaredFromF(4.5, 2, 40).estimate, 7 / 49, 1e-13);
    // R: x = c(5,6,7,8,9,7,6), y = c(3,4,5,6,7,5,4,6): anova(lm) F = 7.32333333333333, effectsize::cohens_d 1.400573861978418 [0.2338226, 2.5255002]
    close(effectSizeFromF({ F: 7.32333333333333, n1: 7, n2: 8 }).estimate, 1.400573861978418, 1e-12);
    close(effectSizeFromF({ F: 7.32333333333333, n1: 7, n2: 8 }).ci!.upper, 2.525500172161031, 1e-4);
    close(dOverlapMeasures(0.5).u3, 0.691462461274013, 1e-12);
  });
  it('rank ε² = H/(N − 1) = 7.2/8 (R kruskal.test H = 7.2); Kendall W = χ²_F/(n(k − 1)) = 3.5/8 (R friedman.test χ² = 3.5)', () => {
    close(rankEpsilonSquared([1, 2, 3, 4, 5, 6, 7, 8, 9], ['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c']).estimate, 7.2 / 8, 1e-13);
    close(kendallsW([[1, 2, 1, 2], [2, 3, 3, 3], [3, 1, 2, 4]]).estimate, 3.5 / 8, 1e-13);
  });
  it('V = φ-type values 0.3303106 / 0.3540052 (effectsize, adjust = FALSE); h = 0.7249567; RR = 2.4; NNT = 1/.35; pchisq/pf with ncp', () => {
    close(cramersV([[12, 8, 5], [5, 15, 9]]).estimate, 0.330310628514874, 1e-12);
    close(cohensW([[12, 8, 5], [5, 15, 9]]).estimate, 0.330310628514874, 1e-12);
    close(phiCoefficient([[12, 8], [5, 15]]).estimate, 0.354005216196922, 1e-12);
    close(cohensH({ x1: 12, n1: 20, x2: 5, n2: 20 }).estimate, 2 * Math.asin(Math.sqrt(0.6)) - 2 * Math.asin(0.5), 1e-13);
    close(riskRatio([[12, 8], [5, 15]]).estimate, 2.4, 1e-13);
    close(numberNeededToTreat([[12, 8], [5, 15]]).estimate, 1 / 0.35, 1e-12);
    close(noncentralChiSquaredCdf(5, 2, 1.5), 0.75546114413204, 1e-10);
    close(noncentralFCdf(3, 2, 20, 4), 0.566031375644744, 1e-8);
  });
});

describe('anchor-group.ts examples against R t.test', () => {
  it('within: mean change −7.666667, CI [−9.246640, −6.086694] below −5; between: 13.2 − 23 = −9.8', () => {
    const r = clinicalSignificanceAnchorGroup([30, 28, 35, 31, 27, 33], [21, 22, 25, 24, 20, 26], { direction: 'higher-worse', mid: 5 });
    close(r.rows[0].difference, -7.666666666666667, 1e-13);
    close(r.rows[0].upper, -6.086694, 1e-6);
    expect(r.rows[0].category).toBe('large-clinically-significant');
    const b = clinicalSignificanceAnchorBetween([14, 12, 16, 11, 13, 22, 25, 21, 24, 23], ['tx', 'tx', 'tx', 'tx', 'tx', 'wl', 'wl', 'wl', 'wl', 'wl'], { direction: 'higher-worse', mid: 5, reference: 'wl' });
    close(b.rows[0].difference, -9.8, 1e-13);
  });
});

describe('icc.ts example: Shrout & Fleiss (1979) Table 2', () => {
  it('ICC(2,1) = 0.289763779527559 (psych::ICC; paper .29)', () => {
    close(intraclassCorrelation([[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]).get('ICC2').icc, 0.289763779527559, 1e-12);
  });
});

describe('power-tests.ts examples against R pwr 1.3', () => {
  it('pwr.t2n.test power 0.599361091; pwr.anova.test n 52.3966; pwr.r.test n 84.0736; pwr.chisq.test N 107.0521', () => {
    close(powerTTestUnequal({ n1: 30, n2: 60, d: 0.5 }).power, 0.599361091036307, 1e-8);
    close(powerAnova({ k: 3, f: 0.25, power: 0.8 }).n, 52.3966016055945, 1e-4);
    close(powerCorrelation({ r: 0.3, power: 0.8 }).n, 84.0736397822877, 1e-4);
    close(powerChiSquare({ w: 0.3, df: 2, power: 0.8 }).n, 107.052098544763, 1e-4);
  });
});

describe('FromRows examples (regression.ts, logistic.ts)', () => {
  it('tidy rows with decimal-comma text give the same fits (103/84; OR 1.5421869040684)', () => {
    const rows = [[3, 1], [5, 2], [4, 3], [8, 4], [9, 5], [7, 6], [11, 7], [12, 8]].map(([y, x]) => ({ y, x: String(x) + ',0' }));
    close(linearRegressionFromRows(rows, { outcome: 'y', predictors: ['x'] }).coefficient('x').estimate, 103 / 84, 1e-13);
    const lr = [0, 0, 1, 0, 1, 1, 0, 1].map((y, i) => ({ improved: y === 1 ? 'yes' : 'no', x: i + 1 }));
    const r = logisticRegressionFromRows(lr, { outcome: 'improved', predictors: ['x'] });
    close(r.coefficient('x').oddsRatio, 1.5421869040684, 1e-8);
    expect(r.event).toBe('yes');
    expect(() => linearRegressionFromRows(rows, { outcome: 'y', predictors: ['z'] })).toThrow(/no column "z"/);
  });
});

describe('multi-select.ts example', () => {
  it('moved 2, no click 2 of 4 respondents who answered (one not answered)', () => {
    const r = multiSelectSummary(['no click;moved', 'moved', [], null, 'no click']);
    expect(r.rows.map((x) => [x.option, x.count])).toEqual([['moved', 2], ['no click', 2]]);
    expect(r.respondents).toBe(4);
  });
});

describe('linear mixed models (src/stats/lmm)', () => {
  it('parseLmmFormula / lmmFormula / lmmDesign: R term order and model.matrix column names', () => {
    expect(S.parseLmmFormula('y ~ time * group + (1 + time | id)').fixed.map((t) => t.variables.join(':'))).toEqual(['time', 'group', 'time:group']);
    expect(S.lmmFormula({ response: 'y', fixed: [{ variables: ['time'] }], random: [{ intercept: true, slopes: [], grouping: ['id'], correlated: true }] }).intercept).toBe(true);
    // R: colnames(model.matrix(~ g, data.frame(g = c("a", "b", "a", "b"))))
    expect(LmmDesign.lmmDesign({ y: [1, 2, 3, 4], g: ['a', 'b', 'a', 'b'], id: [1, 1, 2, 2] }, S.parseLmmFormula('y ~ g + (1 | id)')).columnNames).toEqual(['(Intercept)', 'gb']);
  });
  it('minimizeBounded: (x − 2)² + (y + 1)² on x, y ≥ 0 has its minimum at (2, 0)', () => {
    const r = LmmOptimizer.minimizeBounded((x) => (x[0] - 2) ** 2 + (x[1] + 1) ** 2, [1, 1], { lower: [0, 0] });
    close(r.x[0], 2, 1e-6);
    expect(r.x[1]).toBe(0);
  });
  it('fitLmm: lme4::lmer(y ~ time + (1 | id)) fixef = (1.216667, 0.983333), logLik = -4.62804460783', () => {
    const m = S.fitLmm(
      { y: [1, 2.2, 2.9, 2, 2.8, 4.1, 0.5, 1.9, 2.4], time: [0, 1, 2, 0, 1, 2, 0, 1, 2], id: ['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c'] },
      'y ~ time + (1 | id)',
    );
    close(m.beta[0], 1.216666666667, 1e-9);
    close(m.beta[1], 0.983333333333, 1e-9);
    close(m.logLik, -4.62804460783, 1e-9);
  });
});

describe('linear mixed models: emmeans, predictions, LRT, Feingold d (values from tests/reference/lmm.json)', () => {
  const lmmRef = JSON.parse(readFileSync(new URL('../reference/lmm.json', import.meta.url), 'utf8'));
  const c = lmmRef.cases.missing_waves;
  const m = S.fitLmm(c.data, c.formula);
  it('lmmDesignRow and piecewiseTime (closed form)', () => {
    const d = LmmDesign.lmmDesign({ y: [1, 2, 3, 4], g: ['a', 'b', 'a', 'b'], t: [0, 1, 1, 0], id: [1, 1, 2, 2] }, S.parseLmmFormula('y ~ t * g + (1 | id)'));
    expect(Array.from(LmmDesign.lmmDesignRow(d, { t: 2, g: 'b' }))).toEqual([1, 2, 1, 2]);
    expect(S.piecewiseTime([0, 3, 6, 12], 6)).toEqual({ before: [0, 3, 6, 6], after: [0, 0, 0, 6] });
  });
  it('lmmEmmeans / lmmPredict: emmeans(m, ~ time | group, at = list(time = c(0, 3, 6, 12, 18)))', () => {
    const e = S.lmmEmmeans(m, { specs: ['time', 'group'], at: { time: [0, 3, 6, 12, 18] } });
    close(e.rows[9].estimate, lmmRef.extras.trajectory.estimate[9], 1e-6);
    close(S.lmmPredict(m, [{ time: 18, group: 'homestart', age: lmmRef.extras.trajectory.age_mean }])[0].estimate, lmmRef.extras.trajectory.estimate[9], 1e-6);
  });
  it('lmmLikelihoodRatioTest: lme4 anova(m0, m1) χ²', () => {
    const t = S.lmmLikelihoodRatioTest(S.fitLmm(c.data, 'score ~ time + group + age + (1 + time | participant)'), m);
    close(t.chiSquare, lmmRef.extras.lrt.chisq, 1e-5);
  });
  it('hlmReliableChange: 3 of 118 improved (lme4 ranef(condVar = TRUE) slope / condsd, tests/reference/lmm.R)', () => {
    const r = S.hlmReliableChange({ id: c.data.participant, time: c.data.time, outcome: c.data.score }, { direction: 'higher-worse' });
    expect(r.summary.improved.successes).toBe(lmmRef.extras.hlm.category_lower_better.filter((k: string) => k === 'improved').length);
    expect(r.n).toBe(118);
    expect(Internal.computeHlmRci({ id: c.data.participant, time: c.data.time, outcome: c.data.score }, { direction: 'higher-worse' }).rows.length).toBe(118);
    const cs = S.hlmClinicalSignificance({ id: c.data.participant, time: c.data.time, outcome: c.data.score }, { direction: 'higher-worse', cutoff: 'a' });
    expect(cs.summary.recovered.successes).toBe(lmmRef.extras.hlm.combined.filter((k: string) => k === 'recovered').length);
  });
  it('lmmFeingoldD: b × 18 / pooled baseline SD (R, closed form)', () => {
    close(S.lmmFeingoldD(m, { coefficient: 'time:grouphomestart', duration: 18, time: 'time', group: 'group' }).d, lmmRef.extras.feingold.d, 1e-5);
  });
});

describe('every @example in src/stats is asserted in this file', () => {
  it('each exported stats function called in an @example is also called here', () => {
    const self = readFileSync(new URL(import.meta.url), 'utf8');
    const exported = new Set([...Object.keys(S), ...Object.keys(Internal), ...Object.keys(Linalg), ...Object.keys(Roots), ...Object.keys(LinearModel), ...Object.keys(Cells), ...Object.keys(Integrate), ...Object.keys(Logistic), ...Object.keys(BayesFactor), ...Object.keys(LmmDesign), ...Object.keys(LmmOptimizer)]);
    const dirs = ['../../src/stats/', '../../src/stats/effsize/', '../../src/stats/lmm/'];
    const missing: string[] = [];
    let examples = 0;
    for (const d of dirs) {
      const dir = new URL(d, import.meta.url);
      for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
        const src = readFileSync(new URL(f, dir), 'utf8');
        for (const block of src.match(/\/\*\*[\s\S]*?\*\//g) ?? []) {
          const at = block.indexOf('@example');
          if (at < 0) continue;
          examples++;
          for (const m of block.slice(at).matchAll(/\b([A-Za-z_]\w*)\s*(?:\.\s*\w+\s*)?\(/g)) {
            const name = m[1];
            if (exported.has(name) && !new RegExp(`\\b${name}\\b`).test(self.replace(/^import[\s\S]*?from '[^']+';$/gm, ''))) {
              missing.push(`${d}${f}: ${name}`);
            }
          }
        }
      }
    }
    expect(examples).toBeGreaterThan(80);
    expect([...new Set(missing)]).toEqual([]);
  });
});

describe('pairedDifferences (result.ts)', () => {
  it('drops incomplete pairs listwise and returns x − y', async () => {
    const { pairedDifferences } = await import('../../src/stats/result.js');
    const r = pairedDifferences([3, 4, null, 7], [1, 5, 2, Number.NaN]);
    expect(Array.from(r.d)).toEqual([2, -1]);
    expect(r.missing).toBe(2);
    expect(() => pairedDifferences([1, 2], [1])).toThrow(/same length/);
  });
});

describe('mediation.ts and cross-lagged.ts examples (R lm; counting)', () => {
  it('mediation / mediationIndirectEffect: a = 2.25, b = 26/27, a·b = 13/6, c = 2.75 (R lm)', async () => {
    const { mediation, mediationIndirectEffect } = await import('../../src/stats/index.js');
    const x = [0, 0, 0, 0, 1, 1, 1, 1], m = [1, 2, 2, 3, 3, 4, 4, 6], y = [2, 2, 3, 4, 4, 5, 6, 7];
    expect(Math.abs(mediationIndirectEffect({ x, m, y }) - 13 / 6)).toBeLessThan(1e-13);
    expect(Math.abs(mediationIndirectEffect({ x, m, y }, [0, 1, 2, 3, 4, 5, 6, 7]) - 13 / 6)).toBeLessThan(1e-13);
    const r = mediation({ x, m, y }, { seed: 1, resamples: 1000 });
    expect(Math.abs(r.a.estimate - 2.25)).toBeLessThan(1e-13);
    expect(Math.abs(r.b.estimate - 26 / 27)).toBeLessThan(1e-13);
    expect(Math.abs(r.indirect.estimate - 13 / 6)).toBeLessThan(1e-13);
    expect(Math.abs(r.total.estimate - 2.75)).toBeLessThan(1e-13);
  });
  it('crossLaggedPanel: 8 paths, first path 0.8125 (lm / lavaan), df = 4, χ² 8.018 (lavaan)', async () => {
    const { crossLaggedPanel } = await import('../../src/stats/index.js');
    const x = [[3, 5, 4, 6, 7, 5, 8, 2], [4, 5, 3, 7, 6, 6, 9, 3], [5, 6, 5, 8, 6, 4, 9, 4]];
    const y = [[2, 2, 3, 4, 3, 5, 4, 1], [2, 4, 3, 4, 2, 5, 5, 2], [3, 3, 4, 2, 5, 5, 6, 1]];
    const r = crossLaggedPanel({ x, y }, { names: { x: 'competence', y: 'support' } });
    expect(r.paths).toHaveLength(8);
    expect(Math.abs(r.paths[0].estimate - 0.8125)).toBeLessThan(1e-12);
    expect(r.fit.df).toBe(21 - 3 - 14);
    expect(r.fit.chisq.toFixed(3)).toBe('8.018');
  });
});
