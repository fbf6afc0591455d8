/**
 * Progress of the disclosure control ("long work shows progress"): the audit's `onProgress` (audit.ts) and the
 * disclosure control's (disclosure.ts), which the `report` and `evaluation` commands show on a terminal. The
 * national period run's whole-component stage ran one model for tens of minutes without a word; now the
 * callback is called when a stage starts, at the end, and in between at most every `progressInterval` ms,
 * also between the LPs of one model. Checked here: the counts only grow and end at the total, the calls are
 * bounded by the interval, and the verdicts are the same with and without a callback.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { auditHiddenCells, type AuditProgress } from '../../src/impact/audit.js';
import { protectPublicationSetWithFallback, publicationSetFigures, type DisclosureProgress } from '../../src/impact/disclosure.js';
import { computeFigures, loadRegistration, writeReport, type RegistrationData } from '../../src/impact/index.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { updateLedger } from '../../src/impact/ledger.js';
import { ladder, siteSubset } from './fixtures.js';

const T = 5;

/** The ladder of audit-neighbourhoods.test.ts as an audit input: one component, few cells settled by the local LPs. */
function chain(blocks: number, len: number, pinned: Set<number>) {
  const { values, status, relations, targets } = ladder(blocks, len, pinned);
  return { values, status, relations, threshold: T, zeroHidden: false, group: values.map((_, i) => i), targets };
}

const STAGES = ['local', 'neighbourhood', 'component'];

/** The properties every audit's progress has: one total, settled and LPs never decreasing, the stages in order, the last call done with settled = total. */
function expectWellFormed(calls: AuditProgress[], total: number): void {
  expect(calls.length).toBeGreaterThanOrEqual(4);
  for (const c of calls) expect(c.total).toBe(total);
  for (let i = 1; i < calls.length; i++) {
    expect(calls[i].settled).toBeGreaterThanOrEqual(calls[i - 1].settled);
    expect(calls[i].lps).toBeGreaterThanOrEqual(calls[i - 1].lps);
    expect(calls[i].ms).toBeGreaterThanOrEqual(calls[i - 1].ms);
    expect(STAGES.indexOf(calls[i].stage)).toBeGreaterThanOrEqual(STAGES.indexOf(calls[i - 1].stage));
  }
  for (const c of calls.slice(0, -1)) {
    expect(c.done).toBe(false);
    expect(c.settled).toBeLessThanOrEqual(total);
  }
  const last = calls[calls.length - 1];
  expect(last.done).toBe(true);
  expect(last.settled).toBe(total);
  // each stage is announced when it starts
  expect(new Set(calls.map((c) => c.stage))).toEqual(new Set(STAGES));
}

describe('the audit’s progress callback', () => {
  it('settled cells only grow, inside one long model too, and end at the total; the verdicts are the same without it', async () => {
    const { targets, ...set } = chain(10, 8, new Set([2, 6]));
    for (const neighbourhoods of [[20, 60], []]) {
      const calls: AuditProgress[] = [];
      const withIt = await auditHiddenCells({ ...set, neighbourhoods, onProgress: (p) => calls.push({ ...p }), progressInterval: 0 });
      const without = await auditHiddenCells({ ...set, neighbourhoods });
      expect(withIt.cells).toEqual(without.cells);
      expect(withIt.failing).toEqual(without.failing);
      expect(withIt.lps).toBe(without.lps);
      expectWellFormed(calls, targets.length);
      expect(calls[calls.length - 1].lps).toBe(withIt.lps);
      // with no interval, a call after every LP (besides the stages' and the end's)
      expect(calls.length).toBeGreaterThanOrEqual(withIt.lps);
      if (neighbourhoods.length === 0) {
        // the whole component gets most cells: its one model reports cells settled while it runs, before it returns
        const inComponent = calls.filter((c) => c.stage === 'component' && !c.done);
        const atStart = inComponent[0].settled;
        expect(withIt.componentCells).toBeGreaterThan(targets.length / 2);
        expect(inComponent.some((c) => c.settled > atStart && c.settled < targets.length)).toBe(true);
      }
    }
  });

  it('is throttled: at most one call per interval between the stages’ calls, whatever the number of LPs', async () => {
    const { targets, ...set } = chain(10, 8, new Set([2, 6]));
    const quiet: AuditProgress[] = [];
    const r = await auditHiddenCells({ ...set, neighbourhoods: [], onProgress: (p) => quiet.push({ ...p }), progressInterval: 1e9 });
    // only the three stage starts and the end
    expect(quiet.map((c) => [c.stage, c.done])).toEqual([
      ['local', false],
      ['neighbourhood', false],
      ['component', false],
      ['component', true],
    ]);
    expect(r.lps).toBeGreaterThan(20);
    // the default interval (250 ms): the calls between the stages' are at least 250 ms apart
    const paced: AuditProgress[] = [];
    const d = await auditHiddenCells({ ...set, neighbourhoods: [], onProgress: (p) => paced.push({ ...p }) });
    expectWellFormed(paced, targets.length);
    expect(paced.length).toBeLessThanOrEqual(4 + Math.floor(d.ms / 250) + 1);
    expect(paced.length).toBeLessThan(d.lps);
  });

  it('a fake clock (1 ms per read) and an interval of 10 ms: at most a call per ten clock reads', async () => {
    const { targets, ...set } = chain(10, 8, new Set([2, 6]));
    const real = performance.now.bind(performance);
    let fake = 0;
    // every clock read advances the fake clock 1 ms; the audit reads it once per LP (and a few times per stage)
    const calls: AuditProgress[] = [];
    performance.now = () => (fake += 1);
    let r;
    try {
      r = await auditHiddenCells({ ...set, neighbourhoods: [], onProgress: (p) => calls.push({ ...p }), progressInterval: 10 });
    } finally {
      performance.now = real;
    }
    expectWellFormed(calls, targets.length);
    // between two calls at least 10 clock reads, so at most reads / 10 calls beside the four forced ones
    expect(calls.length).toBeLessThanOrEqual(4 + Math.ceil(fake / 10));
    expect(calls.length).toBeGreaterThan(4);
    expect(calls.length).toBeLessThan(r.lps);
  });
});

describe('the disclosure control’s progress (protectPublicationSetWithFallback)', () => {
  let data: RegistrationData;
  beforeAll(async () => {
    data = siteSubset((await loadRegistration('sample-data/registration/national')).data, ['S050', 'S084', 'S046']);
  }, 60_000);

  it('reports every audit with counts only, LPs and time only growing; the statuses and the ledger are the same without it', async () => {
    const figs = publicationSetFigures(data, [2025], { referenceDate: '2025-12-31' });
    const calls: DisclosureProgress[] = [];
    // the TSDoc example of `PublicationProtectionOptions.onProgress`
    const lines: string[] = [];
    const p = await protectPublicationSetWithFallback(figs, { threshold: 5, sites: data.sites, data, onProgress: (x) => (calls.push(structuredClone(x)), lines.push(`audit round ${x.round}: ${x.audit.settled} of ${x.audit.total} cells settled`)) });
    const q = await protectPublicationSetWithFallback(figs, { threshold: 5, sites: data.sites, data });
    expect(p.failingKeys).toEqual(q.failingKeys);
    expect(p.status).toEqual(q.status);
    expect(p.fallback).toEqual(q.fallback);
    expect(p.lps).toBe(q.lps);
    expect(updateLedger(null, p, figs, '2026-01-01')).toEqual(updateLedger(null, q, figs, '2026-01-01'));
    expect(calls.length).toBeGreaterThan(0);
    expect(calls[0].step === 'repair' || calls[0].step === 'zeros').toBe(true);
    expect(calls.some((c) => c.step === 'repair' && c.round === 1)).toBe(true);
    for (let i = 1; i < calls.length; i++) {
      expect(calls[i].lps).toBeGreaterThanOrEqual(calls[i - 1].lps);
      expect(calls[i].ms).toBeGreaterThanOrEqual(calls[i - 1].ms);
      expect(calls[i].fallbackRound).toBeGreaterThanOrEqual(calls[i - 1].fallbackRound);
    }
    // each audit's calls (an audit ends with its `done` call) are well formed on their own
    let audits = 0;
    for (let start = 0; start < calls.length; audits++) {
      const end = calls.findIndex((c, i) => i >= start && c.audit.done);
      expect(end).toBeGreaterThanOrEqual(start);
      expectWellFormed(calls.slice(start, end + 1).map((c) => c.audit), calls[start].audit.total);
      start = end + 1;
    }
    expect(audits).toBeGreaterThanOrEqual(p.rounds);
    // the last call of the last audit: the LPs of every protection the fallback made
    expect(calls[calls.length - 1].audit.done).toBe(true);
    if (p.fallback.length) expect(calls[calls.length - 1].lps).toBeGreaterThan(p.lps);
    else expect(calls[calls.length - 1].lps).toBe(p.lps);
    // counts only: every value in a call is a number, a stage or step name, or a boolean — no key, no label
    const leaves = (o: unknown): unknown[] => (o !== null && typeof o === 'object' ? Object.values(o).flatMap(leaves) : [o]);
    for (const c of calls) for (const v of leaves(c)) expect(typeof v === 'number' || typeof v === 'boolean' || v === null || ['local', 'neighbourhood', 'component', 'zeros', 'repair', 'exact', 'left-out', 'reprint', 'proofs'].includes(v as string)).toBe(true);
    expect(lines[0]).toMatch(/^audit round \d+: \d+ of \d+ cells settled$/);
  }, 120_000);

  it('writeReport protecting a report on its own takes the same callback (its TSDoc example); the files are the same without it', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'hs-progress-'));
    try {
      const fig = computeFigures(data, { year: 2025, scope: { level: 'site', siteId: 'S050' }, referenceDate: '2025-12-31' });
      const written: string[] = [];
      const stderr = { write: (s: string) => written.push(s) };
      await writeReport(fig, { outDir: join(tmp, 'with'), lang: 'en', onProgress: (p) => stderr.write(`\r${p.audit.settled} of ${p.audit.total} cells settled, ${p.lps} LPs`) });
      await writeReport(fig, { outDir: join(tmp, 'without'), lang: 'en' });
      expect(written.length).toBeGreaterThanOrEqual(4);
      for (const w of written) expect(w).toMatch(/^\r\d+ of \d+ cells settled, \d+ LPs$/);
      expect(written[written.length - 1]).toMatch(/^\r(\d+) of \1 cells settled/);
      const json = (dir: string) => readFileSync(join(tmp, dir, 'annual-report-2025.json'), 'utf8');
      expect(json('with')).toBe(json('without'));
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 120_000);
});
