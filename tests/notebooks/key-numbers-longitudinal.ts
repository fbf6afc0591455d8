/**
 * Key numbers of the longitudinal parts of notebook 04 (mixed model, attrition, mediation, cross-lagged
 * panel) and of notebook 07 (three groups, seven occasions), recomputed from `src/` without the notebooks'
 * cells. Names match the notebooks' `showKeyNumbers({...})` cells.
 */
import { loadStudy, notebookPrePost } from '../../src/notebook/study.js';
import { analyzeWaves, analyzeAttrition } from '../../src/designs/index.js';
import { mediation, crossLaggedPanel, hlmReliableChange } from '../../src/stats/index.js';
import { notebookLongScores } from '../../src/notebook/study.js';
import type { Numbers } from './key-numbers.js';

export async function notebook04Longitudinal(): Promise<Numbers> {
  const OUTCOME = 'psoc:total';
  const PERIODS: Array<[string, string]> = [['T1', 'T3'], ['T3', 'T5']];
  const s10 = await loadStudy('fourwaves-2010');
  const s13 = await loadStudy('fivewaves-2013');
  const g = analyzeWaves(s13.scores, { outcomes: [OUTCOME], schedule: { T1: 0, T2: 3, T3: 6, T4: 12, T5: 18 }, timeModel: 'piecewise', knot: 'T3', periods: PERIODS }).outcomes[0].growth!;
  const attr = analyzeAttrition(s13.scores, { outcomes: [OUTCOME] });
  const pm = notebookPrePost(s10.scores, 'psoc:total', { pre: 'T1', post: 'T3' });
  const py = notebookPrePost(s10.scores, 'nosik:parent', { pre: 'T1', post: 'T4' });
  const idx = new Map(py.ids.map((id, i) => [id, i]));
  const at = (x: Float64Array, id: string) => (idx.has(id) ? x[idx.get(id)!] : NaN);
  const med = mediation(
    { x: pm.groups.map((v) => (v === 'homestart' ? 1 : 0)), m: pm.post, y: pm.ids.map((id) => at(py.post, id)), covariates: { psoc_t1: pm.pre, parent_t1: pm.ids.map((id) => at(py.pre, id)) } },
    { seed: 2010, resamples: 5000 },
  );
  const W4 = ['T1', 'T2', 'T3', 'T4'];
  const wide = (o: string) => {
    const cols = W4.map((w) => notebookPrePost(s10.scores, o, { pre: w, post: w }));
    return { ids: cols[0].ids, waves: cols.map((c) => c.pre) };
  };
  const c = wide('psoc:total');
  const s = wide('nosik:parent');
  const sIdx = new Map(s.ids.map((id, i) => [id, i]));
  const clpm = crossLaggedPanel({ x: c.waves, y: s.waves.map((w) => c.ids.map((id) => (sIdx.has(id) ? w[sIdx.get(id)!] : NaN))) }, { names: { x: 'competence', y: 'parenting stress' }, waves: W4 });
  const diff = (p: string) => g.differences.find((d) => d.group === 'homestart' && d.period === p)!;
  return {
    lmm2013_n_obs: g.nObservations, lmm2013_loglik: g.model.logLik, lmm2013_lrt_chisq: g.lrt.chisq, lmm2013_lrt_df: g.lrt.df, lmm2013_lrt_p: g.lrt.p,
    lmm2013_hs_T1T3_change: g.changes.find((x) => x.group === 'homestart' && x.period === 'T1–T3')!.estimate,
    lmm2013_hs_T1T3_diff: diff('T1–T3').estimate, lmm2013_hs_T1T3_d: diff('T1–T3').d, lmm2013_hs_T3T5_diff: diff('T3–T5').estimate,
    design_lmm2013_lrt_chisq: g.lrt.chisq,
    attr2013_hs_completers: attr.counts.find((x) => x.group === 'homestart')!.completers,
    attr2013_hs_psoc_t: attr.comparisons.find((x) => x.group === 'homestart' && x.variable === OUTCOME)!.t,
    med2010_n: med.n, med2010_a: med.a.estimate, med2010_b: med.b.estimate, med2010_ab: med.indirect.estimate, med2010_ab_se_ml: med.indirect.seMl,
    med2010_total: med.total.estimate, med2010_bca_lower: med.indirect.bca.lower, med2010_bca_upper: med.indirect.bca.upper,
    clpm2010_n: clpm.n, clpm2010_chisq: clpm.fit.chisq, clpm2010_df: clpm.fit.df, clpm2010_rmsea: clpm.fit.rmsea,
    clpm2010_cross_comp_to_stress_T1T2: clpm.paths.find((p) => p.from === 'competence T1' && p.to === 'parenting stress T2')!.estimate,
  };
}

export async function notebook07(): Promise<Numbers> {
  const OUTCOME = 'psoc:total';
  const SCHEDULE = { T1: 0, T2: 3, T3: 6, T4: 12, T5: 18, T6: 60, T7: 120 };
  const PERIODS: Array<[string, string]> = [['T1', 'T3'], ['T3', 'T5'], ['T5', 'T7']];
  const study = await loadStudy('sevenwaves-2015');
  const attr = analyzeAttrition(study.scores, { outcomes: [OUTCOME] });
  const w = analyzeWaves(study.scores, { outcomes: [OUTCOME], schedule: SCHEDULE, timeModel: 'categorical', periods: PERIODS });
  const m = w.outcomes[0].growth!;
  const pw = analyzeWaves(study.scores, { outcomes: [OUTCOME], schedule: SCHEDULE, timeModel: 'piecewise', knot: 'T3', periods: PERIODS }).outcomes[0].growth!;
  const change = (g: string, p: string) => m.changes.find((c) => c.group === g && c.period === p)!;
  const diff = (g: string, p: string) => m.differences.find((d) => d.group === g && d.period === p)!;
  const hsBase = attr.comparisons.find((c) => c.group === 'homestart' && c.variable === OUTCOME)!;
  const long18 = notebookLongScores(study.scores, OUTCOME).filter((r) => ['T1', 'T2', 'T3', 'T4', 'T5'].includes(r.wave));
  const hlm = (g: string) => {
    const rows = long18.filter((r) => r.group === g);
    return hlmReliableChange({ id: rows.map((r) => r.participant), time: rows.map((r) => SCHEDULE[r.wave as keyof typeof SCHEDULE]), outcome: rows.map((r) => r.score) }, { direction: 'higher-better' });
  };
  const hlmHs = hlm('homestart');
  return {
    n_observations: m.nObservations, n_participants: Object.values(m.nParticipants).reduce((a, b) => a + b, 0), n_complete_cases: w.outcomes[0].mixed.n,
    hs_completers: attr.counts.find((c) => c.group === 'homestart')!.completers, hs_dropouts: attr.counts.find((c) => c.group === 'homestart')!.dropouts,
    hs_baseline_t: hsBase.t, hs_baseline_g: hsBase.effect,
    loglik: m.model.logLik, lrt_chisq: m.lrt.chisq, lrt_df: m.lrt.df, lrt_p: m.lrt.p,
    hs_T1T3_change: change('homestart', 'T1–T3').estimate, hs_T3T5_change: change('homestart', 'T3–T5').estimate, hs_T5T7_change: change('homestart', 'T5–T7').estimate,
    control_T1T3_change: change('control', 'T1–T3').estimate,
    hs_T1T3_diff: diff('homestart', 'T1–T3').estimate, hs_T1T3_diff_p: diff('homestart', 'T1–T3').p, hs_T1T3_d: diff('homestart', 'T1–T3').d,
    hs_T5T7_diff: diff('homestart', 'T5–T7').estimate, hs_T5T7_d: diff('homestart', 'T5–T7').d,
    hs_T7_mean: m.means.find((x) => x.group === 'homestart' && x.wave === 'T7')!.estimate,
    piecewise_loglik: pw.model.logLik, piecewise_lrt_chisq: pw.lrt.chisq,
    piecewise_hs_time1: pw.fixedEffects.find((r) => r.term === 'time1:grouphomestart')!.estimate,
    hlm_hs_n: hlmHs.n, hlm_hs_improved: hlmHs.summary.improved.successes, hlm_hs_deteriorated: hlmHs.summary.deteriorated.successes,
    hlm_control_improved: hlm('control').summary.improved.successes,
  };
}
