/**
 * Fitting a linear mixed model by REML or ML (lme4's `lmer`): parse, build the matrices, minimise the
 * profiled deviance over θ with the bounded optimiser, evaluate the solution.
 */
import { StatsError } from '../result.js';
import { LmmProblem } from './deviance.js';
import { lmmFormula, parseLmmFormula, type LmmFormula } from './formula.js';
import { lmmDesign, type LmmData, type LmmDesignOptions } from './model-matrix.js';
import { minimizeBounded } from './optimizer.js';
import { LmmResult } from './result.js';

export interface LmmOptions extends LmmDesignOptions {
  /** REML (default, as lmer) or maximum likelihood (`reml: false`). */
  reml?: boolean;
  /** Confidence level of intervals (default 0.95). */
  level?: number;
  /** Maximum number of deviance evaluations (default 20000). */
  maxEvaluations?: number;
  /**
   * Starting value of θ (default: 0 off the diagonal and, on it, 1 / root-mean-square of the effect's
   * covariate — 1 for an intercept, as lme4; smaller for a slope on a long time scale).
   */
  start?: ArrayLike<number>;
}

/**
 * Fits a linear mixed model by REML (default) or ML to all available observations.
 *
 * @example
 * // a random intercept per participant (lme4::lmer(y ~ time + (1 | id), REML = TRUE))
 * const m = fitLmm({ y: [1, 2.2, 2.9, 2, 2.8, 4.1, 0.5, 1.9, 2.4], time: [0, 1, 2, 0, 1, 2, 0, 1, 2], id: ['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c'] }, 'y ~ time + (1 | id)');
 * m.beta // ≈ [1.216667, 0.983333]; m.logLik ≈ −4.628045 (R: fixef, logLik of the same lmer fit)
 */
export function fitLmm(data: LmmData, formula: string | LmmFormula, options: LmmOptions = {}): LmmResult {
  const f = typeof formula === 'string' ? parseLmmFormula(formula) : lmmFormula(formula);
  if (f.random.length === 0) throw new StatsError('A mixed model needs at least one random term such as (1 | participant); for a model without one use ancova / lm.');
  const reml = options.reml ?? true;
  const design = lmmDesign(data, f, options);
  const problem = new LmmProblem(design);
  for (const r of design.random) {
    if (r.levels.length < 2) throw new StatsError(`The grouping factor ${r.grouping} has ${r.levels.length} level among the rows used; a random effect needs at least 2.`);
    if (r.levels.length >= design.n && r.effects.length === 1 && r.effects[0] === '(Intercept)' && design.random.length === 1) {
      throw new StatsError(`The grouping factor ${r.grouping} has as many levels (${r.levels.length}) as there are observations (${design.n}); its random intercept cannot be told apart from the residual.`);
    }
  }
  const lower = problem.thetaLower();
  const scale = problem.thetaScale();
  const start = options.start ? Float64Array.from(options.start) : Float64Array.from(problem.thetaStart(), (v, i) => v * scale[i]);
  if (start.length !== problem.nTheta) throw new StatsError(`The starting value has ${start.length} entries; the model has ${problem.nTheta} θ parameters.`);
  const opt = minimizeBounded((th) => problem.deviance(th, reml), start, {
    lower,
    scale,
    maxEvaluations: options.maxEvaluations ?? 20000,
  });
  if (!Number.isFinite(opt.f)) throw new StatsError('The deviance could not be evaluated at any tried value of the variance parameters.');
  return new LmmResult({ data, formula: f, design, problem, reml, theta: opt.x, optimizer: opt, level: options.level ?? 0.95, options });
}
