/**
 * Study-design analyses: scored long table in, paper-style tables, APA sentences, charts and a
 * methods note out. One module per design of the Home-Start effect studies. Only distinctively
 * named functions are re-exported (the package entry uses `export *`).
 */
export {
  DesignResult,
  discloseResult,
  disclosureStatement,
  smallGroupStatement,
  type DesignDisclosure,
  type DesignKind,
  type DesignColumn,
  type DesignColumnFormat,
  type DesignTable,
  type DesignChart,
  type DesignChartKind,
  type DesignResultInit,
  type OutcomeRef,
} from './result.js';
export {
  parseDesignOutcome,
  outcomeKey as designOutcomeKey,
  outcomeLabel as designOutcomeLabel,
  resolveOutcomes as resolveDesignOutcomes,
  resolveReliability as resolveDesignReliability,
  participantScores as designParticipantScores,
  type ParticipantScores as DesignParticipantScores,
  type ResolvedReliability as DesignReliability,
  type ReliabilitySource as DesignReliabilitySource,
} from './data.js';
export { analyzePrePost, forestSignNote, isOutcomeScale, type DesignOptionsBase, type PrePostOptions, type PrePostOutcome } from './prepost.js';
export { analyzeVersusControl, attritionTable as designAttritionTable, type ControlOptions, type ControlOutcome, type AttritionRow as DesignAttritionRow } from './control.js';
export { analyzeVersusNorm, type NormOptions, type NormOutcome } from './norm.js';
export { analyzeGas, type GasOptions, type GasOutcome } from './gas.js';
export {
  analyzeWaves,
  defaultPeriods as designDefaultPeriods,
  type WavesOptions,
  type WavesOutcome,
  type WavesDescriptiveRow,
  type WavesPeriodRow,
  type WavesMixedRow,
  type LongitudinalModelHook,
} from './waves.js';
export {
  analyzeAttrition,
  MAR_SENTENCE,
  type AttritionOptions,
  type AttritionAnalysis,
  type AttritionComparisonRow,
  type MissingPatternRow,
} from './attrition.js';
export {
  fitGrowthModel,
  type GrowthObservation,
  type GrowthModelOptions,
  type GrowthModelResult,
  type GrowthTimeModel,
  type GrowthMeanRow,
  type GrowthChangeRow,
  type GrowthDifferenceRow,
  type GrowthLrt,
} from './growth.js';
export { analyzeDesign, DESIGN_KINDS, type AnalyzeDesignOptions } from './run.js';
