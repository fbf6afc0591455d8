/**
 * Effect sizes with confidence intervals. Each result names its measure (`method`), its CI method
 * (`ciMethod`), the n's and the missing-data handling, and formats itself (`apa()`).
 *
 * - Independent groups: {@link cohensD}, {@link hedgesG}, {@link glassDelta} (noncentral-t CIs),
 *   {@link pointBiserial}, {@link rankBiserial}, {@link probabilityOfSuperiority}, {@link clesMcGrawWong}.
 * - Paired / pre–post: {@link repeatedMeasuresD} (d_z, d_rm, d_av, d_av_rms, d_b), {@link rankBiserialPaired}.
 * - Pre–post–control: {@link morrisDppc2}, {@link morrisDppc2Summary}.
 * - 2×2 tables: {@link oddsRatio}, {@link riskDifference}.
 *
 * The implementation lives in `./effsize/*.ts`, one file per family.
 */
export * from './effsize/index.js';
