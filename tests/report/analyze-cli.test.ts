import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { analyzeGas, analyzeVersusControl, analyzeVersusNorm } from '../../src/designs/index.js';
import { jsonSafe } from '../../src/designs/result.js';
import { sampleDataPath } from '../../src/sample/files.js';
import { REF, expectClose, scoredSample } from '../designs/helpers.js';
import { runCli } from '../cli/run-cli.js';

const run = runCli;

describe('homestart-impact analyze', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('--design waves fits the linear mixed model (schedule, piecewise at T3) and equals R (lme4 logLik, growth.json)', async () => {
    const r = await run(['analyze', sampleDataPath('fivewaves-2013'), '--design', 'waves', '--outcomes', 'psoc:total', '--time-model', 'piecewise', '--knot', 'T3', '--schedule', 'T1=0,T2=3,T3=6,T4=12,T5=18', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    const growth = JSON.parse(readFileSync(new URL('../reference/growth.json', import.meta.url), 'utf8'));
    const ref = growth.cases.find((c: { name: string }) => c.name === '2013 psoc piecewise');
    expect(Math.abs(j.result.outcomes[0].growth.model.logLik - ref.logLik)).toBeLessThan(1e-6);
    expect(j.result.extra.timeSource).toBe('schedule');
    expect(j.result.tables.map((t: { id: string }) => t.id)).toContain('waves-lmm-change');
    const bad = await run(['analyze', sampleDataPath('fivewaves-2013'), '--design', 'waves', '--schedule', 'T1:0']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--schedule: "T1:0" is not of the form WAVE=months/);
    const tm = await run(['analyze', sampleDataPath('fivewaves-2013'), '--design', 'waves', '--time-model', 'cubic']);
    expect(tm.code).toBe(2);
    expect(tm.err).toMatch(/--time-model must be linear, quadratic, piecewise or categorical/);
  }, 60_000);

  it('--design control --json parses and equals the library result (and R)', async () => {
    const r = await run(['analyze', sampleDataPath('control-2005'), '--design', 'control', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    const { scores, records } = await scoredSample('control-2005');
    const lib = analyzeVersusControl(scores, { records });
    expect(j.result.outcomes).toEqual(jsonSafe(lib.outcomes));
    expect(j.result.sentences).toEqual(lib.sentences);
    const ref = REF.control.find((x: { outcome: string }) => x.outcome === 'nosik:total');
    expectClose(j.result.outcomes.find((o: { outcome: string }) => o.outcome === 'nosik:total').difference, ref.difference, 1e-9, 'CLI ANCOVA difference vs R');
    expect(j.files[0]).toMatchObject({ rows: 210, accepted: 210, rejected: 0 });
  });

  it('--design gas prints the APA table and sentence (text mode)', async () => {
    const r = await run(['analyze', sampleDataPath('prepost-1997'), '--design', 'gas']);
    expect(r.code).toBe(0);
    const { scores } = await scoredSample('prepost-1997');
    expect(r.out).toContain(analyzeGas(scores).sentences[0]);
    expect(r.out).toMatch(/GAS attainment \(T1 → T2\)/);
    expect(r.out).toMatch(/Methods: GAS \(Kiresuk & Sherman, 1968\)/);
  });

  it('--norm-file, --outcomes and --out write tables, figures and result.json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hs-analyze-'));
    dirs.push(dir);
    const r = await run([
      'analyze', sampleDataPath('control-2005'), '--design', 'norm', '--norm-file', sampleDataPath('norm-2008'),
      '--outcomes', 'psoc:total', '--out', dir, '--json',
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    const c = await scoredSample('control-2005');
    const n = await scoredSample('norm-2008');
    const lib = analyzeVersusNorm([...c.scores, ...n.scores], { outcomes: ['psoc:total'], records: [...c.records, ...n.records] });
    expect(j.result.outcomes).toEqual(jsonSafe(lib.outcomes));
    expect(readdirSync(join(dir, 'tables'))).toEqual(['norm-outcomes.csv']);
    const figs = readdirSync(join(dir, 'figures'));
    for (const id of lib.charts.map((x) => x.id)) for (const ext of ['svg', 'png', 'vl.json']) expect(figs).toContain(`${id}.${ext}`);
    expect(existsSync(join(dir, 'result.json'))).toBe(true);
  });

  it('--lang nl prints Dutch APA tables and results text (decimal comma); --out writes rounded CSV and Word tables', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hs-analyze-nl-'));
    dirs.push(dir);
    const r = await run(['analyze', sampleDataPath('prepost-1997'), '--design', 'gas', '--lang', 'nl', '--out', dir]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Tabel 1\. Doelrealisatie \(GAS\) op T1 en T2/m);
    expect(r.out).toContain('Resultaten: Van de 56 gezinnen met een GAS-score op T1 en T2 hadden er 48 (85,7%, 95%-BI [74,3%; 92,6%])');
    expect(r.out).toMatch(/^Methode: GAS-T-scores/m);
    // one row too wide for the page: transposed, one statistic per line
    expect(r.out).toMatch(/^Statistiek\s+Waarde$/m);
    expect(r.out).toMatch(/^% positief\s+85,7%$/m);
    expect(readdirSync(join(dir, 'tables-as-in-report'))).toEqual(['table-1.csv']);
    expect(readdirSync(join(dir, 'tables-docx'))).toEqual(['table-1.docx']);
  });

  it('--covariates none runs the ANCOVA on the pre-test only', async () => {
    const r = await run(['analyze', sampleDataPath('control-2005'), '--design', 'control', '--covariates', 'none', '--outcomes', 'psoc:total', '--json']);
    expect(JSON.parse(r.out).result.extra.covariates).toEqual(['pre']);
  });

  it('--reliabilities sets the reliability used for reliable change', async () => {
    const r = await run(['analyze', sampleDataPath('prepost-1997'), '--design', 'pre-post', '--outcomes', 'nosik:total', '--reliabilities', 'nosik:total=0.85', '--json']);
    const o = JSON.parse(r.out).result.outcomes[0];
    expect(o.reliabilitySource).toBe('user');
    expect(o.reliability).toBe(0.85);
    expect((await run(['analyze', sampleDataPath('prepost-1997'), '--design', 'pre-post', '--reliabilities', 'nosik:total=1.2'])).code).toBe(2);
  });

  it('exit 2 with a sentence: missing or unknown design, a design the data cannot support, a missing file', async () => {
    expect((await run(['analyze', sampleDataPath('control-2005')])).code).toBe(2);
    const bad = await run(['analyze', sampleDataPath('control-2005'), '--design', 'anova']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/unknown design 'anova'/);
    const gas = await run(['analyze', sampleDataPath('control-2005'), '--design', 'gas']);
    expect(gas.code).toBe(2);
    expect(gas.err).toMatch(/no gas:t_score scores/);
    expect((await run(['analyze', 'no-such-file.csv', '--design', 'control'])).code).toBe(2);
    const lang = await run(['analyze', sampleDataPath('control-2005'), '--design', 'control', '--lang', 'de']);
    expect(lang.code).toBe(2);
  });

  it('exit 1 when rows were rejected, the analysis still runs on the accepted rows', async () => {
    const r = await run(['analyze', sampleDataPath('broken/out-of-range.csv'), '--design', 'pre-post', '--outcomes', 'nosik:total', '--json']);
    const j = JSON.parse(r.out);
    // one row rejected (unknown group); three invalid values reject only their unit
    expect(j.files[0]).toMatchObject({ rows: 10, rejected: 1, rejects: 4, units: { read: 50, accepted: 42, rejected: 8 } }); // the rejected row held 5 units
    expect(r.code).toBe(1);
    // too few complete pairs in this tiny file: the row is there, with the reason instead of numbers
    expect(j.result.outcomes).toHaveLength(1);
    expect(j.result.outcomes[0].t).toBeNull();
    expect(j.result.outcomes[0].error).toMatch(/pairs|at least 2/);
  });
});
