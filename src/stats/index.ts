/**
 * homestart-impact/stats: the statistics a researcher calls (distributions, descriptives, effect
 * sizes, tests, ANOVA/ANCOVA, power, change, reliability, bootstrap) and their APA formatting.
 * Numerical internals (linear algebra in linalg.ts, the Brent root finder in roots.ts) are used by
 * these modules and deliberately not exported; see CONTRIBUTING.md "Public surface".
 */
export * from './apa.js';
export {
  StatsError,
  completePairs,
  pairedDifferences,
  type ConfidenceInterval,
  type MissingHandling,
  type StatResult,
  type NumericInput,
} from './result.js';
export * from './distributions.js';
export * from './random.js';
export {
  sum,
  mean,
  variance,
  sd,
  correlation,
  type Numbers,
} from './moments.js';
export * from './ranks.js';
export {
  HypothesisTestResult,
  TTestResult,
  tTestOneSample,
  tTestPaired,
  tTestTwoSample,
  tTestStudent,
  tTestWelch,
  type TestAlternative,
  type TestEstimate,
  type HypothesisTestInit,
  type TTestOptions,
  type TwoSampleTTestOptions,
  type TTestKind,
} from './ttest.js';
export {
  signRankCdf,
  rankSumCdf,
  WilcoxonSignedRankResult,
  wilcoxonSignedRank,
  wilcoxonSignedRankPaired,
  MannWhitneyResult,
  mannWhitneyU,
  wilcoxonRankSum,
  BinomialTestResult,
  binomialTestP,
  binomialTest,
  SignTestResult,
  signTest,
  signTestPaired,
  type WilcoxonOptions,
  type BinomialTestOptions,
  type SignTestOptions,
} from './nonparametric.js';
export * from './contingency.js';
export * from './multicomp.js';
export {
  ChangeScoresResult,
  changeScores,
  StandardizedResponseMeanResult,
  standardizedResponseMean,
  type ChangeDirection,
  type PrePostChangeRow,
  type SrmCIMethod,
} from './change.js';
export {
  RCI_METHOD_NAMES,
  rciCriticalValue,
  ReliableChangeResult,
  reliableChange,
  hlmReliableChange,
  type RciMethod,
  type ReliableChangeOptions,
  type ReliableChangeCategory,
  type ReliableChangeRow,
  type ReliableChangeParameters,
  type RciComputation,
  type HlmReliableChangeOptions,
} from './reliable-change.js';
export * from './clinical-significance.js';
export * from './anchor-group.js';
export * from './proportion.js';
export {
  FUNNEL_LEVELS,
  FunnelPlotResult,
  funnelCurveSizes,
  funnelCommonBand,
  funnelLimits,
  funnelPlot,
  type FunnelBand,
  type FunnelIndicator,
  type FunnelLimitMethod,
  type FunnelLimits,
  type FunnelOptions,
  type FunnelOverdispersion,
  type FunnelOverdispersionEstimate,
  type FunnelUnit,
  type FunnelUnitInput,
} from './funnel.js';
export * from './equivalence.js';
export * from './reliability.js';
export {
  bootstrapIntervals,
  BootstrapResult,
  bootstrap,
  type BootstrapStatistic,
  type BootstrapMethod,
  type BootstrapInterval,
  type BcaInterval,
  type BootstrapIntervalsInput,
  type BootstrapIntervals,
  type BootstrapOptions,
} from './bootstrap.js';
export {
  OneWayAnovaResult,
  oneWayAnova,
  WelchAnovaResult,
  welchAnova,
  AncovaResult,
  ancova,
  ancovaFromRows,
  TwoWayAnovaResult,
  twoWayAnova,
  type AnovaGroupLabel,
  type AnovaGroupInput,
  type AnovaTableRow,
  type AnovaGroupDescriptive,
  type OneWayAnovaOptions,
  type AncovaInput,
  type AncovaOptions,
  type AncovaGroupEffect,
  type AncovaAdjustedMean,
  type AncovaCoefficient,
  type SlopesHomogeneityTest,
  type AncovaColumns,
  type TwoWayAnovaInput,
  type TwoWayAnovaOptions,
  type TwoWayAnovaRow,
} from './anova.js';
export {
  MixedAnovaResult,
  mixedAnova,
  mixedAnovaFromRows,
  RepeatedMeasuresAnovaResult,
  repeatedMeasuresAnova,
  type MixedAnovaSSType,
  type MixedAnovaOptions,
  type MixedAnovaRow,
  type MauchlyTest,
  type SphericityStatistics,
  type MixedAnovaInput,
  type MixedAnovaColumns,
} from './mixed-anova.js';
export * from './power.js';
export {
  noncentralTMethod,
  noncentralT,
  ncpConfidenceInterval,
  type NcpInterval,
} from './noncentral-t.js';
export * from './descriptives.js';
export {
  EffectSizeResult,
  hedgesJ,
  cohensD,
  hedgesG,
  glassDelta,
  repeatedMeasuresD,
  morrisDppc2Summary,
  morrisDppc2,
  rankBiserial,
  rankBiserialPaired,
  probabilityOfSuperiority,
  clesMcGrawWong,
  pointBiserial,
  oddsRatio,
  riskDifference,
  cohensDOneSample,
  effectSizeFromT,
  effectSizeFromF,
  etaSquaredFromF,
  omegaSquaredFromF,
  epsilonSquaredFromF,
  dOverlapMeasures,
  cramersV,
  phiCoefficient,
  cohensW,
  cohensH,
  riskRatio,
  numberNeededToTreat,
  type EffectSizeMeasure,
  type EffectSizeInit,
  type SmdOptions,
  type RepeatedMeasuresMethod,
  type RepeatedMeasuresOptions,
  type PrePostGroupSummary,
  type MorrisOptions,
  type RankEffectOptions,
  type SuperiorityOptions,
  type EffectSizeTable2x2,
  type OddsRatioOptions,
  type RiskDifferenceOptions,
  type AssociationOptions,
  type VarianceExplainedAlternative,
} from './effsize.js';
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
