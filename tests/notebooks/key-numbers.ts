/**
 * The key numbers of each notebook, recomputed by calling the library (from `src/`, not `dist/`)
 * directly, without the notebook's cells. `execute.test.ts` compares them with the numbers the
 * executed notebook shows. Names match the notebooks' `showKeyNumbers({...})` cells.
 */
import {
  loadStudy, combineStudies, notebookPrePost, notebookWaveMeans, studyReliability, studyScaleItems,
  type NotebookStudy,
} from '../../src/notebook/study.js';
import {
  tTestPaired, tTestWelch, repeatedMeasuresD, pAdjust, signTestPaired, wilcoxonSignedRankPaired, completePairs,
  mean, ancova, morrisDppc2, mixedAnova, jacobsonTruaxCutoffs, clinicalSignificance, normativeComparison,
  correlation, describe, cronbachAlpha, powerTTest, powerAncova,
} from '../../src/stats/index.js';
import { loadRegistration } from '../../src/impact/registration.js';
import { computeFigures } from '../../src/impact/figures.js';
import { publishFigures, type PublishedFigures } from '../../src/impact/report.js';
import { suppressBreakdown, type PublishedCount } from '../../src/impact/suppression.js';
import { breakdownReconstructions } from '../../src/notebook/impact.js';
import { siteComparison } from '../../src/impact/site-comparison.js';
import type { RegistrationData } from '../../src/impact/types.js';
import type { FunnelPlotResult } from '../../src/stats/funnel.js';
import { computeLocalEvaluation, publishLocalEvaluation } from '../../src/impact/local-evaluation.js';
import { protectPublicationSet, publicationSetFigures } from '../../src/impact/disclosure.js';
import { notebook04Longitudinal, notebook07 } from './key-numbers-longitudinal.js';

export type Numbers = Record<string, number | string | null>;

const only = (groups: readonly string[], g: string, x: Float64Array) => x.filter((_, i) => groups[i] === g);

export async function notebook01(): Promise<Numbers> {
  const study = await loadStudy('prepost-1997');
  const pp = (key: string) => notebookPrePost(study.scores, key, { pre: 'T1', post: 'T2' });
  const out: Numbers = {};
  const keys = ['nosik:total', 'psoc:total', 'daily-hassles:frequency', 'daily-hassles:intensity', 'life-events:past_year'];
  const ps: number[] = [];
  for (const key of keys) {
    const p = pp(key);
    const t = tTestPaired(p.post, p.pre);
    ps.push(t.p);
    if (key === 'psoc:total') {
      const dz = repeatedMeasuresD(p.post, p.pre, { method: 'z' });
      const pairs = completePairs(p.pre, p.post);
      Object.assign(out, {
        psoc_n: t.n, psoc_t: t.statistic, psoc_df: t.df, psoc_p: t.p, psoc_dz: dz.estimate, psoc_dz_lower: dz.ci!.lower,
        psoc_dz_upper: dz.ci!.upper, psoc_dav: repeatedMeasuresD(p.post, p.pre, { method: 'av' }).estimate,
        psoc_mean_pre: mean(pairs.x), psoc_mean_post: mean(pairs.y),
      });
    }
    if (key === 'nosik:total') {
      Object.assign(out, {
        nosik_n: t.n, nosik_t: t.statistic, nosik_p: t.p, nosik_dz: repeatedMeasuresD(p.post, p.pre, { method: 'z' }).estimate,
        nosik_dav: repeatedMeasuresD(p.post, p.pre, { method: 'av' }).estimate,
      });
    }
    if (key === 'daily-hassles:frequency') out.pdh_frequency_t = t.statistic;
    if (key === 'daily-hassles:intensity') out.pdh_intensity_t = t.statistic;
    if (key === 'life-events:past_year') out.life_events_t = t.statistic;
  }
  out.nosik_p_holm = pAdjust(ps, 'holm')[0];
  // the design analysis shown in the notebook must give the same numbers as the primitives
  out.design_psoc_dz = out.psoc_dz;
  out.design_psoc_dav = out.psoc_dav;
  out.design_nosik_p_holm = out.nosik_p_holm;
  const gas = pp('gas:t_score');
  const pairs = completePairs(gas.pre, gas.post);
  const sign = signTestPaired(gas.post, gas.pre);
  const w = wilcoxonSignedRankPaired(gas.post, gas.pre);
  Object.assign(out, {
    gas_n: sign.n, gas_improved: sign.positives, gas_sign_p: sign.p, gas_t_pre_mean: mean(pairs.x), gas_t_post_mean: mean(pairs.y),
    gas_wilcoxon_V: w.statistic, gas_wilcoxon_p: w.p, gas_at_least_50: pairs.y.filter((t) => t >= 50).length,
    design_gas_positive: sign.positives, design_gas_sign_p: sign.p,
  });
  return out;
}

function controlAncova(study: NotebookStudy, key: string) {
  const p = notebookPrePost(study.scores, key, { pre: 'T1', post: 'T2', groups: ['homestart', 'control'], covariates: ['age', 'single_parent'] });
  const a = ancova({ outcome: p.post, group: p.groups, covariates: { pre: p.pre, age: p.covariates.age, single_parent: p.covariates.single_parent } }, { levels: ['control', 'homestart'] });
  const d = morrisDppc2({ preT: only(p.groups, 'homestart', p.pre), postT: only(p.groups, 'homestart', p.post), preC: only(p.groups, 'control', p.pre), postC: only(p.groups, 'control', p.post) });
  return { p, a, d, g: a.table.find((r) => r.term === 'group')! };
}

export async function notebook02(): Promise<Numbers> {
  const study = await loadStudy('control-2005');
  const keys = ['nosik:total', 'nosik:parent', 'nosik:child', 'nosik:depression', 'psoc:total'];
  const res = keys.map((k) => controlAncova(study, k));
  const holm = pAdjust(res.map((r) => r.a.groupEffects[0].p), 'holm');
  const [n, , , dep, ps] = res;
  const mixed = mixedAnova({ group: n.p.groups, waves: [n.p.pre, n.p.post] }, { levels: ['control', 'homestart'] });
  const base = notebookPrePost(study.scores, 'nosik:total', { pre: 'T1', post: 'T2', covariates: ['age'] });
  return {
    nosik_n: n.a.n, nosik_diff: n.a.groupEffects[0].estimate, nosik_diff_lower: n.a.groupEffects[0].ci.lower, nosik_diff_upper: n.a.groupEffects[0].ci.upper,
    nosik_F: n.g.F, nosik_p: n.a.groupEffects[0].p, nosik_eta_p2: n.g.partialEtaSquared,
    nosik_adj_homestart: n.a.adjustedMeans.find((m) => m.level === 'homestart')!.adjustedMean,
    nosik_adj_control: n.a.adjustedMeans.find((m) => m.level === 'control')!.adjustedMean,
    nosik_dppc2: n.d.estimate, nosik_dppc2_lower: n.d.ci!.lower, nosik_dppc2_upper: n.d.ci!.upper,
    psoc_diff: ps.a.groupEffects[0].estimate, psoc_p: ps.a.groupEffects[0].p, psoc_dppc2: ps.d.estimate,
    depression_diff: dep.a.groupEffects[0].estimate, depression_p_holm: holm[3],
    nosik_interaction_F: mixed.row('group × time').F, nosik_interaction_p: mixed.row('group × time').p,
    age_t: tTestWelch(only(base.groups, 'homestart', base.covariates.age), only(base.groups, 'control', base.covariates.age)).statistic,
    design_nosik_diff: n.a.groupEffects[0].estimate, design_nosik_dppc2: n.d.estimate, design_depression_p_holm: holm[3],
    design_nosik_interaction_F: mixed.row('group × time').F,
  };
}

export async function notebook03(): Promise<Numbers> {
  const study = combineStudies(await loadStudy('control-2005'), await loadStudy('norm-2008'));
  const key = 'nosik:total';
  const rel = studyReliability(study, key, 'homestart', 'T1');
  const grp = (g: string) => notebookPrePost(study.scores, key, { pre: 'T1', post: 'T2', groups: [g] });
  const hsPre = describe(grp('homestart').pre);
  const normPre = describe(grp('norm').pre);
  const clinical = { mean: hsPre.mean, sd: hsPre.sd };
  const functional = { mean: normPre.mean, sd: normPre.sd };
  const cut = jacobsonTruaxCutoffs(clinical, functional, 'higher-worse');
  const pp = notebookPrePost(study.scores, key, { pre: 'T1', post: 'T2', groups: ['homestart', 'control'] });
  const cs = clinicalSignificance(pp.pre, pp.post, { reliability: rel.value, direction: 'higher-worse', cutoff: 'c', clinical, functional, sdPre: clinical.sd, group: pp.groups });
  const g = (name: string) => cs.groups.find((x) => x.group === name)!;
  const hsRows = cs.rows.filter((r) => r.group === 'homestart');
  const nHs = normativeComparison(grp('homestart').post, grp('norm').post);
  const nC = normativeComparison(grp('control').post, grp('norm').post);
  return {
    reliability: rel.value, clinical_mean: clinical.mean, clinical_sd: clinical.sd, norm_mean: functional.mean, norm_sd: functional.sd,
    cutoff_a: cut.a, cutoff_b: cut.b, cutoff_c: cut.c, s_diff: cs.rciParameters.sDiff, n_pairs: cs.n,
    homestart_n: g('homestart').n, homestart_recovered: g('homestart').summary.recovered.successes, homestart_improved: g('homestart').summary.improved.successes,
    homestart_unchanged: g('homestart').summary.unchanged.successes, homestart_deteriorated: g('homestart').summary.deteriorated.successes,
    control_recovered: g('control').summary.recovered.successes, control_improved: g('control').summary.improved.successes,
    homestart_clinical_after: g('homestart').clinicalRange.after.successes,
    normative_homestart_diff: nHs.estimate, normative_homestart_p: nHs.p, normative_control_p: nC.p,
    severity_r: correlation(Float64Array.from(hsRows, (r) => r.pre), Float64Array.from(hsRows, (r) => r.change)),
    design_cutoff: cut.c, design_homestart_recovered: g('homestart').summary.recovered.successes,
    design_homestart_improved: g('homestart').summary.improved.successes, design_normative_homestart_p: nHs.p,
  };
}

export async function notebook04(): Promise<Numbers> {
  const key = 'psoc:total';
  const s10 = await loadStudy('fourwaves-2010');
  const w4 = ['T1', 'T2', 'T3', 'T4'].map((w) => notebookPrePost(s10.scores, key, { pre: w, post: w }));
  const a10 = mixedAnova({ group: w4[0].groups, waves: w4.map((x) => x.pre) }, { levels: ['control', 'homestart'] });
  const m10 = notebookWaveMeans(s10.scores, key);
  const s13 = await loadStudy('fivewaves-2013');
  const m13 = notebookWaveMeans(s13.scores, key);
  const period = (g: string, a: string, b: string) => {
    const p = notebookPrePost(s13.scores, key, { pre: a, post: b, groups: [g] });
    return { t: tTestPaired(p.post, p.pre), dz: repeatedMeasuresD(p.post, p.pre, { method: 'z' }) };
  };
  const t15 = notebookPrePost(s13.scores, key, { pre: 'T1', post: 'T5', groups: ['homestart'] });
  const completers = t15.pre.filter((v, i) => Number.isFinite(v) && Number.isFinite(t15.post[i]));
  const dropouts = t15.pre.filter((v, i) => Number.isFinite(v) && !Number.isFinite(t15.post[i]));
  const w5 = ['T1', 'T2', 'T3', 'T4', 'T5'].map((w) => notebookPrePost(s13.scores, key, { pre: w, post: w }));
  const a13 = mixedAnova({ group: w5[0].groups, waves: w5.map((x) => x.pre) }, { levels: ['control', 'homestart', 'norm'] });
  const gxt = a10.row('group × time');
  return {
    n2010: a10.n, gxt2010_F: gxt.F, gxt2010_p: gxt.p, gxt2010_gg_epsilon: gxt.ggEpsilon ?? null, gxt2010_gg_p: gxt.ggP ?? null,
    time2010_F: a10.row('time').F,
    hs_T1_mean_2010: m10.find((m) => m.group === 'homestart' && m.wave === 'T1')!.mean,
    hs_T4_mean_2010: m10.find((m) => m.group === 'homestart' && m.wave === 'T4')!.mean,
    n_hs_T5: m13.find((m) => m.group === 'homestart' && m.wave === 'T5')!.n,
    hs_T1T3_t: period('homestart', 'T1', 'T3').t.statistic, hs_T1T3_n: period('homestart', 'T1', 'T3').t.n,
    hs_T1T3_dz: period('homestart', 'T1', 'T3').dz.estimate, hs_T3T5_t: period('homestart', 'T3', 'T5').t.statistic,
    control_T1T3_t: period('control', 'T1', 'T3').t.statistic,
    dropout_t: tTestWelch(dropouts, completers).statistic, n2013_completers: a13.n, gxt2013_F: a13.row('group × time').F,
    design_gxt2010_F: gxt.F, design_gxt2013_F: a13.row('group × time').F, design_hs_T1T3_t: period('homestart', 'T1', 'T3').t.statistic,
    ...(await notebook04Longitudinal()),
  };
}

export async function notebook05(): Promise<Numbers> {
  const study = await loadStudy('control-2005');
  const broken = await loadStudy('sample-data/broken/out-of-range.csv', { waves: ['T1', 'T2'] });
  const alpha = (s: string) => {
    const it = studyScaleItems(study, s, { wave: 'T1' });
    return cronbachAlpha(it.rows, { itemNames: it.itemNames, reverse: it.reverse, responseRange: it.responseRange });
  };
  const psoc = alpha('psoc:total');
  const nosik = alpha('nosik:total');
  const pp = notebookPrePost(study.scores, 'nosik:total', { pre: 'T1', post: 'T2' });
  const pairs = completePairs(pp.pre, pp.post);
  const rho = correlation(pairs.x, pairs.y);
  const apa = (o: string) => {
    const p = notebookPrePost(study.scores, o, { pre: 'T1', post: 'T2', groups: ['homestart', 'control'] });
    const a = ancova({ outcome: p.post, group: p.groups, covariates: { pre: p.pre } }, { levels: ['control', 'homestart'] });
    const d = morrisDppc2({ preT: only(p.groups, 'homestart', p.pre), postT: only(p.groups, 'homestart', p.post), preC: only(p.groups, 'control', p.pre), postC: only(p.groups, 'control', p.post) });
    return { F: a.table[0].F, d: d.estimate };
  };
  return {
    rows_read: study.load.rowsRead, broken_rejected: broken.load.rejected,
    psoc_alpha: psoc.alpha, psoc_alpha_n: psoc.n, psoc_alpha_lower: psoc.ci.lower, psoc_alpha_upper: psoc.ci.upper,
    nosik_alpha: nosik.alpha, nosik_alpha_n: nosik.n,
    power_t_n: powerTTest({ type: 'two-sample', d: 0.4, power: 0.8 }).n, power_ancova_n: powerAncova({ d: 0.4, power: 0.8, rho }).n,
    power_rho: rho, power_at_50: powerTTest({ type: 'two-sample', d: 0.4, n: 50 }).power,
    apa_nosik_F: apa('nosik:total').F, apa_nosik_dppc2: apa('nosik:total').d, apa_psoc_F: apa('psoc:total').F,
  };
}

/** Hidden counts ("<5" or "x") in one published table. */
function hiddenCountCells(pub: PublishedFigures, id: string): number {
  const t = pub.tables.find((x) => x.id === id)!;
  let n = 0;
  for (const r of t.rows) for (const c of r.cells) if (c.kind === 'count' && c.value === null) n++;
  return n;
}

export async function notebook06(): Promise<Numbers> {
  const ref = '2026-01-15';
  const loaded = await loadRegistration('sample-data/registration/national', { referenceDate: ref });
  const fig = computeFigures(loaded.data, { year: 2025, referenceDate: ref, volunteerHoursPerWeek: 3 });
  const pub = publishFigures(fig, { lang: 'en' });
  const broken = await loadRegistration('sample-data/registration/broken/unknown-site-id', { referenceDate: '2021-06-30' });
  const region = computeFigures(loaded.data, { year: 2025, scope: { level: 'region', region: 'Overijssel' }, referenceDate: ref, volunteerHoursPerWeek: 3 });
  const site = computeFigures(loaded.data, { year: 2025, scope: { level: 'site', siteId: 'S036' }, referenceDate: ref, volunteerHoursPerWeek: 3 });
  const local = await loadRegistration('sample-data/registration/local', { referenceDate: '2021-06-30' });
  const localFig = computeFigures(local.data, { year: 2020, scope: { level: 'site', siteId: 'DLF' }, referenceDate: '2021-06-30' });
  const localPub = publishFigures(localFig, { lang: 'en' });
  const c = fig.current;
  const p = fig.previous!;
  const professional = ['municipality', 'youth-health-care', 'social-work', 'school', 'childcare', 'other-care'];
  // the gender example: female, male, other registered in 2020
  const g = localFig.current.volunteers.genderRegistered;
  const counts = [g.female, g.male, g.other];
  const total: PublishedCount = { value: counts[0] + counts[1] + counts[2], display: '', status: 'shown' };
  const primaryOnly = breakdownReconstructions(suppressBreakdown(counts, { total: 'none' }).cells, total);
  const audited = suppressBreakdown(counts);
  const naive = breakdownReconstructions(audited.cells, total);
  const withAudit = breakdownReconstructions(audited.cells, audited.total!);
  const recovered = (r: { recovered: boolean[] }) => r.recovered.filter(Boolean).length;
  return {
    families_rows_read: loaded.files[1].rowsRead, rows_rejected: loaded.rejects.length, broken_rejected: broken.rejects.length,
    families_registered: c.families.registered, families_registered_prev: p.families.registered,
    families_supported: c.families.supported, families_supported_prev: p.families.supported,
    families_not_supported: c.families.intake.notSupported, families_active_31dec: c.families.activeAtYearEnd,
    trajectories_closed: c.families.closed, children_reached: c.families.childrenReached,
    duration_median: c.closed.duration.median, duration_q1: c.closed.duration.q1, duration_q3: c.closed.duration.q3,
    referred_professional_pct: c.closed.referredProfessional.percent, goals_reached_yes: c.closed.goalsReached.yes,
    referred_by_professional_pct: (professional.reduce((a, k) => a + c.referrers[k], 0) / c.families.registered) * 100,
    help_parenting_support: c.helpQuestions.counts['parenting-support'], profile_financial_pct: c.profile.financialVulnerability.percent,
    volunteers_active_31dec: c.volunteers.activeAtYearEnd, volunteers_active_year: c.volunteers.activeDuringYear, volunteers_stopped: c.volunteers.stopped,
    families_per_volunteer: c.volunteers.familiesPerActiveVolunteer, volunteer_hours: c.volunteers.estimatedHours, cost_per_supported_family: c.cost.costPerSupportedFamily,
    national_suppressed_primary: pub.suppressed.primary, national_suppressed_secondary: pub.suppressed.secondary,
    region_supported: region.current.families.supported, region_sites_hidden: hiddenCountCells(publishFigures(region, { lang: 'en' }), 'locaties'),
    site_supported: site.current.families.supported, site_not_supported: site.current.families.intake.notSupported,
    local_supported: localFig.current.families.supported, local_referrers_hidden: hiddenCountCells(localPub, 'verwijzers'),
    local_suppressed_primary: localPub.suppressed.primary, local_suppressed_secondary: localPub.suppressed.secondary,
    gender_recovered_primary_only: recovered(primaryOnly), gender_recovered_naive: recovered(naive), gender_recovered_audited: recovered(withAudit),
    gender_male_range_low: withAudit.ranges[1][0], gender_male_range_high: withAudit.ranges[1][1],
    // writeReport writes one CSV per published table
    report_csv_files: pub.tables.length,
    ...notebook06Funnels(loaded.data, ref),
  };
}

/** Notebook 06's site comparison (funnel plots, raw counts): target and φ̂ of goals reached, sites beyond the 99.8% limits. */
function notebook06Funnels(data: RegistrationData, ref: string): Numbers {
  const c = siteComparison(data, { year: 2025, referenceDate: ref, volunteerHoursPerWeek: 3 });
  const beyond = (f: FunnelPlotResult | null) => (f ? f.counts().beyondAbove + f.counts().beyondBelow : null);
  const goals = c[0].funnel!;
  return {
    funnel_goals_target: goals.target, funnel_goals_sites: goals.units.length, funnel_goals_phi: goals.overdispersion.phi,
    funnel_goals_reached_beyond: beyond(c[0].funnel), funnel_not_supported_beyond: beyond(c[1].funnel), funnel_families_per_volunteer_beyond: beyond(c[2].funnel),
  };
}

/** Notebook 08: the local evaluation of the local sample site over March 2018 – June 2021. */
export async function notebook08(): Promise<Numbers> {
  const ref = '2021-06-30';
  const loaded = await loadRegistration('sample-data/registration/local', { referenceDate: ref });
  const ev = computeLocalEvaluation(loaded.data, { siteId: 'DLF', period: { from: '2018-03-01', to: '2021-06-30' }, referenceDate: ref });
  const figs = publicationSetFigures(loaded.data, [2018, 2019, 2020], { referenceDate: ref });
  const protection = await protectPublicationSet(figs, { evaluations: [ev], sites: loaded.data.sites });
  const pub = publishLocalEvaluation(ev, { lang: 'nl', decisions: protection });
  const f = ev.period.families;
  const v = ev.period.volunteers;
  const c = ev.period.closed;
  return {
    local_eval_supported: f.supported, local_eval_not_supported: f.intake.notSupported,
    local_eval_children: f.childrenReached, local_eval_closed: f.closed, local_eval_duration_mean: c.duration.mean,
    local_eval_referred: c.referredProfessional.count, local_eval_volunteers_registered: v.registered,
    local_eval_volunteers_male: v.genderRegistered.male, local_eval_volunteers_active: v.activeAtYearEnd,
    local_eval_not_deployable: ev.notDeployable, local_eval_in_training: v.inTrainingAtYearEnd, local_eval_stopped: v.stopped,
    local_eval_publications: protection.model.publications.length, local_eval_unprotected: protection.failingKeys.length,
    // writeLocalEvaluation writes one CSV per published table
    local_eval_csv_files: pub.tables.length,
  };
}

/** Notebook file → its recomputation. */
export const NOTEBOOK_KEY_NUMBERS: Record<string, () => Promise<Numbers>> = {
  '01-pre-post-gas.ipynb': notebook01,
  '02-versus-comparison-group.ipynb': notebook02,
  '03-clinical-significance-norm-group.ipynb': notebook03,
  '04-several-waves.ipynb': notebook04,
  '05-thesis-quick-start.ipynb': notebook05,
  '06-annual-impact-figures.ipynb': notebook06,
  '07-three-groups-long-follow-up.ipynb': notebook07,
  '08-local-evaluation.ipynb': notebook08,
};
