/**
 * One entry point for every design (used by the CLI `analyze` command and the study report).
 */
import type { ScoreRow } from '../data/types.js';
import { StatsError } from '../stats/result.js';
import { analyzeVersusControl, type ControlOptions } from './control.js';
import { analyzeGas, type GasOptions } from './gas.js';
import { analyzeVersusNorm, type NormOptions } from './norm.js';
import { analyzePrePost, type PrePostOptions } from './prepost.js';
import type { DesignKind, DesignResult } from './result.js';
import { analyzeWaves, type WavesOptions } from './waves.js';

/** The design names accepted by `analyzeDesign` and `homestart-impact analyze --design`. */
export const DESIGN_KINDS: readonly DesignKind[] = ['pre-post', 'control', 'norm', 'gas', 'waves'];

/** Union of the options of every design; each design reads the fields it knows. */
export type AnalyzeDesignOptions = PrePostOptions & ControlOptions & NormOptions & Omit<GasOptions, 'outcome'> & WavesOptions;

/**
 * Runs the named design on a scored long table: `pre-post` → {@link analyzePrePost}, `control` →
 * {@link analyzeVersusControl}, `norm` → {@link analyzeVersusNorm}, `gas` → {@link analyzeGas} (its
 * outcome is the first of `outcomes`, default `gas:t_score`), `waves` → {@link analyzeWaves}.
 *
 * @example
 * analyzeDesign('gas', scores).outcomes[0].positive; // 48 (synthetic-1997-prepost.csv)
 */
export function analyzeDesign(kind: DesignKind, scores: readonly ScoreRow[], options: AnalyzeDesignOptions = {}): DesignResult<object> {
  switch (kind) {
    case 'pre-post':
      return analyzePrePost(scores, options);
    case 'control':
      return analyzeVersusControl(scores, options);
    case 'norm':
      return analyzeVersusNorm(scores, options);
    case 'gas': {
      const { outcomes, waves, ...rest } = options;
      const first = outcomes?.[0];
      return analyzeGas(scores, {
        ...rest,
        ...(first ? { outcome: typeof first === 'string' ? first : `${first.instrument}:${first.scale}` } : {}),
        ...(waves && waves.length === 2 ? { waves: [waves[0], waves[1]] as [string, string] } : {}),
      });
    }
    case 'waves':
      return analyzeWaves(scores, options);
    default:
      throw new StatsError(`Unknown design "${String(kind)}" (use ${DESIGN_KINDS.join(', ')}).`);
  }
}
