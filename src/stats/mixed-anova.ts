/**
 * Mixed (split-plot) ANOVA: one between-subjects factor (group) × one within-subjects factor
 * (time, k waves), on complete cases in wide form, with Mauchly's test and the Greenhouse–Geisser
 * and Huynh–Feldt corrections.
 *
 * Computed by the multivariate route that `car::Anova` uses: the k waves are transformed by an
 * orthonormal contrast matrix C (k × (k−1), normalised Helmert) and by 1/√k (subject mean), both
 * regressed on the group design (sum coding), and every sum of squares is the trace of a hypothesis
 * or error SSCP matrix. Results do not depend on the choice of orthonormal C.
 *
 * Reference: checked against R 4.2 car 3.1
 * `summary(Anova(lm(cbind(t1, …, tk) ~ group), idata, idesign = ~time, type = 3 | 2), multivariate = FALSE)`,
 * `aov(value ~ group * time + Error(id / time))` and effectsize 0.8 `eta_squared`
 * (tests/reference/anova.R → anova.json; tests/stats/mixed-anova.test.ts).
 */
import { fmt, fmtDf, fmtNoLeadingZero, fmtP } from './apa.js';
import { anovaCellToNumber, anovaGroupIndex, anovaGroupLevels, type AnovaGroupDescriptive, type AnovaGroupInput, type AnovaGroupLabel } from './anova.js';
import { chiSquared, fDist } from './distributions.js';
import {
  hypothesisSSCP,
  logDeterminantSPD,
  matrixFromColumns,
  matrixMultiply,
  matrixTrace,
  qrLeastSquares,
  type DenseMatrix,
} from './linalg.js';
import { mean, sd } from './moments.js';
import { StatsError, type MissingHandling, type NumericInput, type StatResult } from './result.js';

/** Which sums of squares for the time main effect (the only term where they differ here). */
export type MixedAnovaSSType = 2 | 3;

export interface MixedAnovaOptions {
  /** Order of the groups (default: sorted labels, as R `factor`). */
  levels?: readonly AnovaGroupLabel[];
  /** Names of the waves (default "t1" … "tk"). */
  timeNames?: readonly string[];
  /**
   * 3 (default; as `car::Anova(type = 3)` with sum coding, SPSS GLM and afex): the time effect is
   * tested at the unweighted mean of the group means. 2: weighted by group size, as
   * `car::Anova(type = 2)` and `aov(… + Error(id/time))`. Identical when groups are equal in size.
   */
  ssType?: MixedAnovaSSType;
  /**
   * Factors that are observed (measured) rather than manipulated, for generalized η²
   * (Olejnik & Algina 2003). Default none: every factor manipulated, as `effectsize`/afex default.
   */
  observed?: readonly ('group' | 'time')[];
}

/** One row of the mixed ANOVA table (tidy). */
export interface MixedAnovaRow {
  /** "group", "Subjects within groups", "time", "group × time" or "Residuals". */
  term: string;
  /** "between" or "within" subjects stratum. */
  stratum: 'between' | 'within';
  ss: number;
  df: number;
  ms: number;
  /** F against this stratum's error term (NaN for error rows). */
  F: number;
  p: number;
  /** Error term of this effect. */
  errorTerm?: string;
  /** Partial η² = SS/(SS + SS_error of the stratum). */
  partialEtaSquared: number;
  /** Generalized η² (Olejnik & Algina 2003). */
  generalizedEtaSquared: number;
  /**
   * Greenhouse–Geisser: ε, corrected df1/df2 and p (within-subject effects; ε = 1 when k = 2;
   * absent when the error SSCP is singular).
   */
  ggEpsilon?: number;
  ggDf1?: number;
  ggDf2?: number;
  ggP?: number;
  /** Huynh–Feldt–Lecoutre ε (uncapped, as car prints it) and p with ε capped at 1. */
  hfEpsilon?: number;
  hfDf1?: number;
  hfDf2?: number;
  hfP?: number;
}

/** Mauchly's test of sphericity of the time effect. */
export interface MauchlyTest {
  W: number;
  /** χ² statistic −(n_e)·ρ·ln W. */
  chiSquare: number;
  df: number;
  p: number;
}

/** Result of {@link mixedAnova}. */
export class MixedAnovaResult implements StatResult {
  readonly method: string;
  readonly missingHandling: MissingHandling = 'listwise';
  constructor(
    readonly ssType: MixedAnovaSSType,
    /** Participants analysed (all waves and the group present). */
    readonly n: number,
    /** Participants excluded as incomplete (a missing wave or group). */
    readonly nExcluded: number,
    readonly levels: string[],
    readonly timeNames: string[],
    /** Group × wave descriptives of the analysed participants: cells[g][t]. */
    readonly cells: AnovaGroupDescriptive[][],
    readonly table: MixedAnovaRow[],
    /** Mauchly's test; null when k = 2 (sphericity holds trivially) or the error matrix is singular (N − G < k − 1). */
    readonly mauchly: MauchlyTest | null,
    readonly observed: readonly string[],
    /** Why sphericity statistics are missing, when they are (k > 2 only). */
    readonly sphericityNote?: string,
  ) {
    this.method =
      `Mixed ANOVA (group between × time within, type ${ssType === 3 ? 'III' : 'II'} SS; ` +
      'Greenhouse–Geisser and Huynh–Feldt–Lecoutre corrections)';
  }
  row(term: 'group' | 'time' | 'group × time'): MixedAnovaRow {
    const r = this.table.find((t) => t.term === term);
    if (!r) throw new StatsError(`No term ${term}.`);
    return r;
  }
  toJSON(): Record<string, unknown> {
    return {
      method: this.method,
      ssType: this.ssType,
      missingHandling: this.missingHandling,
      n: this.n,
      nExcluded: this.nExcluded,
      levels: this.levels,
      timeNames: this.timeNames,
      cells: this.cells,
      table: this.table,
      mauchly: this.mauchly,
      generalizedEtaSquaredObserved: this.observed,
      sphericityNote: this.sphericityNote,
    };
  }
  /**
   * APA fragments for group, time and group × time, joined by "; ". Within-subject effects use the
   * Greenhouse–Geisser df and p when k > 2:
   * "group: F(2, 33) = 1.80, p = .181, ηG² = .05; time: F(3.26, 107.44) = 5.16, p = .002, ε = .81, ηG² = .08; …"
   */
  apa(): string {
    return (['group', 'time', 'group × time'] as const)
      .map((term) => {
        const r = this.row(term);
        const err = this.table.find((t) => t.term === r.errorTerm)!;
        const gg = r.ggEpsilon !== undefined && this.timeNames.length > 2;
        const df1 = gg ? r.ggDf1! : r.df;
        const df2 = gg ? r.ggDf2! : err.df;
        const p = gg ? r.ggP! : r.p;
        const eps = gg ? `, ε = ${fmtNoLeadingZero(r.ggEpsilon!)}` : '';
        return `${term}: F(${fmtDf(df1)}, ${fmtDf(df2)}) = ${fmt(r.F)}, ${fmtP(p)}${eps}, ηG² = ${fmtNoLeadingZero(r.generalizedEtaSquared)}`;
      })
      .join('; ');
  }
}

/** Orthonormal (normalised Helmert) contrasts, k × (k−1). */
function helmertOrthonormal(k: number): DenseMatrix {
  const cols: Float64Array[] = [];
  for (let j = 1; j < k; j++) {
    const c = new Float64Array(k);
    const s = Math.sqrt(j * (j + 1));
    for (let i = 0; i < j; i++) c[i] = 1 / s;
    c[j] = -j / s;
    cols.push(c);
  }
  return matrixFromColumns(cols, k);
}

/** Sphericity statistics of k − 1 orthonormal within-subject contrasts from their error SSCP matrix. */
export interface SphericityStatistics {
  /** Greenhouse–Geisser ε̂ (NaN when not available). */
  gg: number;
  /** Huynh–Feldt–Lecoutre ε̃, uncapped (NaN when not available). */
  hf: number;
  mauchly: MauchlyTest | null;
  /** Why the statistics are not available (error SSCP singular). */
  note?: string;
}

/**
 * Mauchly's W, Greenhouse–Geisser ε̂ = (tr E)²/(p·tr E²) and Huynh–Feldt ε̃ with Lecoutre's (1991) correction from the
 * p×p error SSCP matrix E of orthonormal contrasts with `dfError` error df (as car's `Anova` summary). Shared by
 * {@link mixedAnova} and {@link repeatedMeasuresAnova}. For p = 1 sphericity holds trivially (gg = hf = 1).
 */
export function sphericityFromErrorSSCP(E: DenseMatrix, dfError: number): SphericityStatistics {
  const p = E.nrow;
  const k = p + 1;
  if (p < 2) return { gg: 1, hf: 1, mauchly: null };
  if (dfError < p) {
    return {
      gg: NaN,
      hf: NaN,
      mauchly: null,
      note:
        `Only ${dfError} error df for ${p} time contrasts: the error SSCP matrix is singular, so Mauchly's test and the ` +
        'Greenhouse–Geisser/Huynh–Feldt corrections are not available (as car); uncorrected tests only.',
    };
  }
  const trE = matrixTrace(E);
  let trE2 = 0;
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) trE2 += E.data[a + b * p] * E.data[b + a * p];
  const gg = (trE * trE) / (p * trE2);
  const n = dfError;
  const hf = ((n + 1) * p * gg - 2) / (p * (n - p * gg));
  let mauchly: MauchlyTest | null = null;
  const logDet = logDeterminantSPD(E);
  if (Number.isFinite(logDet)) {
    const logW = logDet - p * Math.log(trE / p);
    const rho = 1 - (2 * p * p + p + 2) / (6 * p * n);
    const w2 = ((p + 2) * (p - 1) * (p - 2) * (2 * p ** 3 + 6 * p * p + 3 * k + 2)) / (288 * (n * p * rho) ** 2);
    const z = -n * rho * logW;
    const f = (p * (p + 1)) / 2 - 1;
    const pr1 = chiSquared.sf(z, f);
    const pr2 = chiSquared.sf(z, f + 4);
    mauchly = { W: Math.exp(logW), chiSquare: z, df: f, p: pr1 + w2 * (pr2 - pr1) };
  }
  return { gg, hf, mauchly };
}

/** Input of {@link mixedAnova}: wide form, one array per wave, one entry per participant. */
export interface MixedAnovaInput {
  group: AnovaGroupInput;
  /** k ≥ 2 arrays (one per wave), each with one value per participant; null/NaN = missing. */
  waves: NumericInput[];
}

/**
 * Mixed ANOVA, group (between) × time (within, k waves), on participants with all waves.
 *
 * **Decomposition.** With Y (N × k) the complete cases, s = Y·1/√k and Z = Y·C (C orthonormal
 * contrasts), both regressed on the sum-coded group design X:
 * - between stratum: SS_group = Wald SS of the group coefficients in s ~ X (type II = III);
 *   SS_subjects(groups) = residual SS of s, df N − G;
 * - within stratum: E = residual SSCP of Z ~ X, SS_residual = tr E, df (N − G)(k − 1);
 *   SS_group×time = tr H for the group coefficients; SS_time = tr H for the intercept (type III,
 *   unweighted means) or N·‖z̄‖² (type II, weighted; equals `aov` with an Error term).
 * - F = (SS/df)/(SS_error/df_error) within each stratum.
 *
 * **Sphericity.** Mauchly (1940): W = det(E)/(tr E/p)^p, p = k − 1, χ² = −n ρ ln W with
 * n = N − G, ρ = 1 − (2p² + p + 2)/(6pn), df = p(p+1)/2 − 1, p-value with the second-order term
 * ω₂ (Anderson 2003, §10.7) exactly as `stats::mauchly.test` / car (including its use of k in the
 * "3k" term). Greenhouse–Geisser (1959, Box 1954) ε̂ = (tr E)²/(p·tr E²). Huynh–Feldt (1976) with
 * Lecoutre's (1991) correction, as car and afex: ε̃ = ((n + 1)·p·ε̂ − 2)/(p·(n − p·ε̂)), n = N − G;
 * reported uncapped, capped at 1 for the corrected df and p (as car). Corrected tests use F with
 * (ε·df₁, ε·df₂).
 *
 * **Effect sizes.** Partial η² = SS/(SS + SS_error of its stratum). Generalized η² (Olejnik &
 * Algina 2003; Bakeman 2005): SS_effect/(SS_effect + SS_subjects + SS_residual + Σ SS of observed
 * effects other than this one), the formula of afex / `effectsize::eta_squared(generalized = …)`.
 *
 * Checked against car 3.1 `Anova(…, type = 3)` and `type = 2` with `summary(multivariate = FALSE)`,
 * `aov(… + Error(id/time))` and effectsize 0.8 on 2–4 groups and 2–7 waves with unequal group sizes
 * (tests/stats/mixed-anova.test.ts, 1e-8 relative).
 *
 * @throws StatsError when fewer than 2 waves, no participant is complete, a group has fewer than 2
 *   complete participants, or an error term is zero.
 * @example
 * const r = mixedAnova({
 *   group: ['a', 'a', 'a', 'b', 'b', 'b'],
 *   waves: [[1, 2, 3, 2, 3, 4], [2, 4, 3, 5, 6, 6], [3, 4, 6, 7, 9, 8]],
 * });
 * r.row('group × time').F;    // 6.125 (car::Anova type 3: F = 6.125)
 * r.row('group × time').ggP;  // 0.0365947 (GG ε = 0.8)
 */
export function mixedAnova(input: MixedAnovaInput, options: MixedAnovaOptions = {}): MixedAnovaResult {
  const ssType = options.ssType ?? 3;
  if (ssType !== 2 && ssType !== 3) throw new StatsError(`Mixed ANOVA: ssType must be 2 or 3; got ${String(ssType)}.`);
  const k = input.waves.length;
  if (k < 2) throw new StatsError(`Mixed ANOVA needs at least 2 waves; got ${k}.`);
  const N0 = input.group.length;
  input.waves.forEach((w, t) => {
    if (w.length !== N0) throw new StatsError(`Mixed ANOVA: wave ${t + 1} has ${w.length} values but group has ${N0}.`);
  });
  const timeNames = options.timeNames ? options.timeNames.map(String) : Array.from({ length: k }, (_, t) => `t${t + 1}`);
  if (timeNames.length !== k) throw new StatsError(`Mixed ANOVA: ${timeNames.length} timeNames for ${k} waves.`);
  const observed = options.observed ?? [];
  const levels = anovaGroupLevels(input.group, options.levels);
  const gi = anovaGroupIndex(input.group, levels);
  const waves = input.waves.map((w, t) => Float64Array.from({ length: N0 }, (_, i) => anovaCellToNumber(w[i], timeNames[t], i)));
  const keep: number[] = [];
  for (let i = 0; i < N0; i++) if (gi[i] >= 0 && waves.every((w) => !Number.isNaN(w[i]))) keep.push(i);
  const N = keep.length;
  const nExcluded = N0 - N;
  if (N === 0) {
    throw new StatsError(`Mixed ANOVA: none of the ${N0} participants has a group and all ${k} waves; nothing to analyse.`);
  }
  const G = levels.length;
  if (G < 2) throw new StatsError(`Mixed ANOVA needs at least 2 groups among complete participants; found ${G}.`);
  const g = Int32Array.from(keep, (i) => gi[i]);
  const counts = new Array<number>(G).fill(0);
  for (const x of g) counts[x]++;
  counts.forEach((c, j) => {
    if (c < 2) {
      throw new StatsError(
        `Mixed ANOVA: group "${levels[j]}" has ${c} participant${c === 1 ? '' : 's'} with all ${k} waves; each group needs at least 2 (${nExcluded} excluded as incomplete).`,
      );
    }
  });

  // Y (N×k), subject score s = Y 1/√k, contrasts Z = Y C
  const Y = matrixFromColumns(waves.map((w) => Float64Array.from(keep, (i) => w[i])), N);
  const C = helmertOrthonormal(k);
  const Z = matrixMultiply(Y, C);
  const s = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    let a = 0;
    for (let t = 0; t < k; t++) a += Y.data[i + t * N];
    s[i] = a / Math.sqrt(k);
  }
  // sum-coded group design
  const cols: Float64Array[] = [new Float64Array(N).fill(1)];
  const names = ['(Intercept)'];
  for (let j = 0; j < G - 1; j++) {
    cols.push(Float64Array.from(g, (gg) => (gg === j ? 1 : gg === G - 1 ? -1 : 0)));
    names.push(`group${j + 1}`);
  }
  const X = matrixFromColumns(cols, N);
  const rowsFor = (idx: number[]): Float64Array[] =>
    idx.map((c) => {
      const r = new Float64Array(G);
      r[c] = 1;
      return r;
    });
  const groupRows = rowsFor(Array.from({ length: G - 1 }, (_, j) => j + 1));

  const fitS = qrLeastSquares(X, matrixFromColumns([s], N), names);
  const ssSubj = fitS.residualSSCP.data[0];
  const dfSubj = N - G;
  const ssGroup = hypothesisSSCP(fitS, groupRows).data[0];
  const dfGroup = G - 1;

  const fitZ = qrLeastSquares(X, Z, names);
  const E = fitZ.residualSSCP;
  const p = k - 1;
  const ssRes = matrixTrace(E);
  const dfRes = dfSubj * p;
  const ssGxT = matrixTrace(hypothesisSSCP(fitZ, groupRows));
  let ssTime: number;
  if (ssType === 3) ssTime = matrixTrace(hypothesisSSCP(fitZ, rowsFor([0])));
  else {
    ssTime = 0;
    for (let c = 0; c < p; c++) {
      let m = 0;
      for (let i = 0; i < N; i++) m += Z.data[i + c * N];
      m /= N;
      ssTime += N * m * m;
    }
  }
  const grand = mean(Y.data);
  let scale = 0;
  for (const v of Y.data) scale += (v - grand) ** 2;
  if (!(scale > 0)) throw new StatsError(`Mixed ANOVA: all ${N * k} values are equal (zero between-subjects error and residual variance); nothing to test.`);
  if (!(ssSubj > 1e-14 * scale)) {
    throw new StatsError('Mixed ANOVA: participants do not differ within groups in their mean over waves (zero between-subjects error); the group F is undefined.');
  }
  if (!(ssRes > 1e-14 * scale)) {
    throw new StatsError('Mixed ANOVA: zero within-subjects residual variance (every change over time is explained by group × time); within-subject F tests are undefined.');
  }

  // sphericity
  const sph = sphericityFromErrorSSCP(E, dfSubj);
  const gg = sph.gg;
  const hf = sph.hf;
  const mauchly = sph.mauchly;
  const sphericityNote = sph.note;

  const errSum = ssSubj + ssRes;
  const isObserved = (term: string): boolean =>
    (term === 'group' && observed.includes('group')) ||
    (term === 'time' && observed.includes('time')) ||
    (term === 'group × time' && observed.length > 0);
  const effectSS: Record<string, number> = { group: ssGroup, time: ssTime, 'group × time': ssGxT };
  const obsSum = Object.keys(effectSS).reduce((a, t) => a + (isObserved(t) ? effectSS[t] : 0), 0);
  const ges = (term: string): number => {
    const ss = effectSS[term];
    return ss / (ss + errSum + obsSum - (isObserved(term) ? ss : 0));
  };

  const effect = (term: string, ss: number, df: number, errSS: number, errDf: number, errName: string, within: boolean): MixedAnovaRow => {
    const F = ss / df / (errSS / errDf);
    const row: MixedAnovaRow = {
      term,
      stratum: within ? 'within' : 'between',
      ss,
      df,
      ms: ss / df,
      F,
      p: fDist.sf(F, df, errDf),
      errorTerm: errName,
      partialEtaSquared: ss / (ss + errSS),
      generalizedEtaSquared: ges(term),
    };
    if (within && p === 1) {
      // two waves: one contrast, sphericity holds trivially (ε = 1, tests unchanged)
      Object.assign(row, { ggEpsilon: 1, ggDf1: df, ggDf2: errDf, ggP: row.p, hfEpsilon: 1, hfDf1: df, hfDf2: errDf, hfP: row.p });
    } else if (within && p >= 2 && !sphericityNote) {
      const hfc = Math.min(1, hf);
      Object.assign(row, {
        ggEpsilon: gg,
        ggDf1: gg * df,
        ggDf2: gg * errDf,
        ggP: fDist.sf(F, gg * df, gg * errDf),
        hfEpsilon: hf,
        hfDf1: hfc * df,
        hfDf2: hfc * errDf,
        hfP: fDist.sf(F, hfc * df, hfc * errDf),
      });
    }
    return row;
  };
  const errRow = (term: string, ss: number, df: number, within: boolean): MixedAnovaRow => ({
    term,
    stratum: within ? 'within' : 'between',
    ss,
    df,
    ms: ss / df,
    F: NaN,
    p: NaN,
    partialEtaSquared: NaN,
    generalizedEtaSquared: NaN,
  });
  const SUBJ = 'Subjects within groups';
  const RES = 'Residuals';
  const table: MixedAnovaRow[] = [
    effect('group', ssGroup, dfGroup, ssSubj, dfSubj, SUBJ, false),
    errRow(SUBJ, ssSubj, dfSubj, false),
    effect('time', ssTime, p, ssRes, dfRes, RES, true),
    effect('group × time', ssGxT, dfGroup * p, ssRes, dfRes, RES, true),
    errRow(RES, ssRes, dfRes, true),
  ];

  const cells: AnovaGroupDescriptive[][] = levels.map((lv, j) =>
    Array.from({ length: k }, (_, t) => {
      const v = Float64Array.from(keep.filter((_, r) => g[r] === j), (i) => waves[t][i]);
      return { level: `${lv} @ ${timeNames[t]}`, n: v.length, mean: mean(v), sd: sd(v) };
    }),
  );
  return new MixedAnovaResult(ssType, N, nExcluded, levels, timeNames, cells, table, mauchly, observed, sphericityNote);
}

/** Column names for {@link mixedAnovaFromRows}. */
export interface MixedAnovaColumns {
  group: string;
  /** Wave columns in time order, e.g. ["t1", "t2", "t3", "t4"]. */
  waves: string[];
}

/**
 * {@link mixedAnova} on wide tidy rows (one object per participant with a group column and one
 * column per wave). Numeric strings are parsed; empty cells are missing.
 *
 * @example
 * const rows = [
 *   { g: 'a', t1: 1, t2: 2, t3: 3 }, { g: 'a', t1: 2, t2: 4, t3: 4 }, { g: 'a', t1: 3, t2: 3, t3: 6 },
 *   { g: 'b', t1: 2, t2: 5, t3: 7 }, { g: 'b', t1: 3, t2: 6, t3: 9 }, { g: 'b', t1: 4, t2: 6, t3: 8 },
 * ];
 * mixedAnovaFromRows(rows, { group: 'g', waves: ['t1', 't2', 't3'] }).row('group × time').F // 6.125 (car::Anova type 3)
 */
export function mixedAnovaFromRows(
  rows: readonly Record<string, unknown>[],
  columns: MixedAnovaColumns,
  options: MixedAnovaOptions = {},
): MixedAnovaResult {
  for (const c of [columns.group, ...columns.waves]) {
    if (rows.length > 0 && !rows.some((r) => c in r)) throw new StatsError(`Mixed ANOVA: no column "${c}" in the rows.`);
  }
  return mixedAnova(
    {
      group: rows.map((r) => r[columns.group] as AnovaGroupLabel | null | undefined),
      waves: columns.waves.map((w) => rows.map((r, i) => anovaCellToNumber(r[w], w, i))),
    },
    { timeNames: columns.waves, ...options },
  );
}

// ---------------------------------------------------------------------------------------------
// One-way repeated-measures ANOVA (no between factor)

/** Result of {@link repeatedMeasuresAnova}. */
export class RepeatedMeasuresAnovaResult implements StatResult {
  readonly method = 'One-way repeated-measures ANOVA (Greenhouse–Geisser and Huynh–Feldt–Lecoutre corrections)';
  readonly missingHandling: MissingHandling = 'listwise';
  constructor(
    readonly n: number,
    readonly nExcluded: number,
    readonly timeNames: string[],
    /** Descriptives per wave of the analysed participants. */
    readonly waves: AnovaGroupDescriptive[],
    /** Rows "Subjects", "time", "Residuals". */
    readonly table: MixedAnovaRow[],
    readonly mauchly: MauchlyTest | null,
    readonly sphericityNote?: string,
  ) {}
  /** The time row. */
  get time(): MixedAnovaRow {
    return this.table[1];
  }
  toJSON(): Record<string, unknown> {
    return {
      method: this.method,
      missingHandling: this.missingHandling,
      n: this.n,
      nExcluded: this.nExcluded,
      timeNames: this.timeNames,
      waves: this.waves,
      table: this.table,
      mauchly: this.mauchly,
      sphericityNote: this.sphericityNote,
    };
  }
  /** "F(1.62, 30.80) = 5.21, p = .016, ε = .81, ηG² = .07" (GG-corrected df and p when k > 2). */
  apa(): string {
    const r = this.time;
    const err = this.table[2];
    const gg = this.timeNames.length > 2 && r.ggEpsilon !== undefined;
    const df1 = gg ? r.ggDf1! : r.df;
    const df2 = gg ? r.ggDf2! : err.df;
    const p = gg ? r.ggP! : r.p;
    const eps = gg ? `, ε = ${fmtNoLeadingZero(r.ggEpsilon!)}` : '';
    return `F(${fmtDf(df1)}, ${fmtDf(df2)}) = ${fmt(r.F)}, ${fmtP(p)}${eps}, ηG² = ${fmtNoLeadingZero(r.generalizedEtaSquared)}`;
  }
}

/**
 * One-way repeated-measures ANOVA: k waves (conditions) measured on the same participants, no between factor, on the
 * complete cases in wide form. The same multivariate machinery as {@link mixedAnova} with an intercept-only design:
 * with C the orthonormal contrasts (k × (k − 1)) and Z = YC, SS_time = N·Σ z̄_c², E = the centred SSCP of Z,
 * SS_error = tr E on (N − 1)(k − 1) df, SS_subjects from the subject means; F = MS_time/MS_error. Sphericity by
 * {@link sphericityFromErrorSSCP}: Mauchly's W, Greenhouse–Geisser and Huynh–Feldt (Lecoutre) ε with corrected
 * df and p (HF ε capped at 1 for the test). Partial η² = SS_time/(SS_time + SS_error); generalized η² =
 * SS_time/(SS_time + SS_subjects + SS_error) (Olejnik & Algina 2003; Bakeman 2005).
 *
 * Checked against car 3.1 `Anova(lm(cbind(t1, …, tk) ~ 1), idata, idesign = ~time)` with
 * `summary(multivariate = FALSE)`, `aov(value ~ time + Error(id/time))` and effectsize `eta_squared(generalized = TRUE)`
 * (tests/reference/posthoc.R; 1e-8).
 *
 * @throws StatsError for fewer than 2 waves, fewer than 2 complete participants, or no within-subject variance.
 * @example
 * const r = repeatedMeasuresAnova([[5, 6, 7, 5, 6], [6, 8, 8, 7, 7], [8, 9, 9, 8, 10]]);
 * r.time.F // 42.25 (R aov(y ~ time + Error(id/time)): F = 42.25)
 */
export function repeatedMeasuresAnova(waves: NumericInput[], options: { timeNames?: readonly string[] } = {}): RepeatedMeasuresAnovaResult {
  const k = waves.length;
  if (k < 2) throw new StatsError(`Repeated-measures ANOVA needs at least 2 waves; got ${k}.`);
  const N0 = waves[0].length;
  waves.forEach((w, t) => {
    if (w.length !== N0) throw new StatsError(`Repeated-measures ANOVA: wave ${t + 1} has ${w.length} values, wave 1 has ${N0}.`);
  });
  const timeNames = options.timeNames ? options.timeNames.map(String) : Array.from({ length: k }, (_, t) => `t${t + 1}`);
  if (timeNames.length !== k) throw new StatsError(`Repeated-measures ANOVA: ${timeNames.length} timeNames for ${k} waves.`);
  const ws = waves.map((w, t) => Float64Array.from({ length: N0 }, (_, i) => anovaCellToNumber(w[i], timeNames[t], i)));
  const keep: number[] = [];
  for (let i = 0; i < N0; i++) if (ws.every((w) => !Number.isNaN(w[i]))) keep.push(i);
  const N = keep.length;
  if (N < 2) throw new StatsError(`Repeated-measures ANOVA: ${N} participant${N === 1 ? ' has' : 's have'} all ${k} waves; at least 2 are needed.`);
  const Y = matrixFromColumns(ws.map((w) => Float64Array.from(keep, (i) => w[i])), N);
  const Z = matrixMultiply(Y, helmertOrthonormal(k));
  const p = k - 1;
  const one = matrixFromColumns([new Float64Array(N).fill(1)], N);
  const fitZ = qrLeastSquares(one, Z, ['(Intercept)']);
  const E = fitZ.residualSSCP;
  const ssRes = matrixTrace(E);
  let ssTime = 0;
  for (let c = 0; c < p; c++) ssTime += N * fitZ.coefficients.data[c] ** 2;
  const subj = Float64Array.from({ length: N }, (_, i) => {
    let a = 0;
    for (let t = 0; t < k; t++) a += Y.data[i + t * N];
    return a / k;
  });
  const ms = mean(subj);
  let ssSubj = 0;
  for (const v of subj) ssSubj += k * (v - ms) ** 2;
  if (!(ssRes > 1e-14 * (ssRes + ssTime + ssSubj))) {
    throw new StatsError('Repeated-measures ANOVA: zero residual variance (every participant changes identically), so F is undefined.');
  }
  const dfSubj = N - 1;
  const dfRes = dfSubj * p;
  const sph = sphericityFromErrorSSCP(E, dfSubj);
  const F = ssTime / p / (ssRes / dfRes);
  const time: MixedAnovaRow = {
    term: 'time',
    stratum: 'within',
    ss: ssTime,
    df: p,
    ms: ssTime / p,
    F,
    p: fDist.sf(F, p, dfRes),
    errorTerm: 'Residuals',
    partialEtaSquared: ssTime / (ssTime + ssRes),
    generalizedEtaSquared: ssTime / (ssTime + ssSubj + ssRes),
  };
  if (!sph.note) {
    const hfc = Math.min(1, sph.hf);
    Object.assign(time, {
      ggEpsilon: sph.gg,
      ggDf1: sph.gg * p,
      ggDf2: sph.gg * dfRes,
      ggP: fDist.sf(F, sph.gg * p, sph.gg * dfRes),
      hfEpsilon: sph.hf,
      hfDf1: hfc * p,
      hfDf2: hfc * dfRes,
      hfP: fDist.sf(F, hfc * p, hfc * dfRes),
    });
  }
  const table: MixedAnovaRow[] = [
    { term: 'Subjects', stratum: 'between', ss: ssSubj, df: dfSubj, ms: ssSubj / dfSubj, F: NaN, p: NaN, partialEtaSquared: NaN, generalizedEtaSquared: NaN },
    time,
    { term: 'Residuals', stratum: 'within', ss: ssRes, df: dfRes, ms: ssRes / dfRes, F: NaN, p: NaN, partialEtaSquared: NaN, generalizedEtaSquared: NaN },
  ];
  const desc = timeNames.map((level, t) => {
    const col = Float64Array.from(keep, (i) => ws[t][i]);
    return { level, n: N, mean: mean(col), sd: sd(col) };
  });
  return new RepeatedMeasuresAnovaResult(N, N0 - N, timeNames, desc, table, sph.mauchly, sph.note);
}
