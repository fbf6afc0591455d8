/**
 * The audit's proofs kept across runs (src/impact/audit-cache.ts): a move proves cells only when it
 * holds under the statuses of the moment; a run with the proofs decides exactly what a run without
 * them decides; a tampered or stale file proves nothing it should not, and the cells are audited by LP.
 */
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRegistration, type RegistrationData } from '../../src/impact/index.js';
import { auditHiddenCells } from '../../src/impact/audit.js';
import { AuditProofs, auditModelHash, decodeAuditProofFile, encodeAuditProofFile } from '../../src/impact/audit-cache.js';
import { protectPublicationSet, publicationSetFigures, type PublicationSetProtection } from '../../src/impact/disclosure.js';
import { ledgerDecisions, readLedger, updateLedger } from '../../src/impact/ledger.js';
import { runCli } from '../cli/run-cli.js';
import { siteSubset } from './fixtures.js';

const REF = '2025-12-31';
let national: RegistrationData;
const tmp = mkdtempSync(join(tmpdir(), 'hs-audit-cache-'));

function smallSet(data: RegistrationData, perRegion: number[]): RegistrationData {
  const regions = [...new Set(data.sites.map((s) => s.region))].sort();
  const keep = new Set<string>();
  perRegion.forEach((k, r) => data.sites.filter((s) => s.region === regions[r]).slice(0, k).forEach((s) => keep.add(s.siteId)));
  return siteSubset(data, keep);
}

/** What a publication decides: the status of every cell and the cells left out. */
function decisions(p: PublicationSetProtection): { status: string[]; withheld: number[]; failing: string[]; proved: number } {
  return { status: [...p.status], withheld: [...p.withheld].sort((a, b) => a - b), failing: p.failingKeys, proved: p.counts.provedProtected };
}

beforeAll(async () => {
  national = (await loadRegistration('sample-data/registration/national', { referenceDate: REF })).data;
}, 60_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('moves: proofs checked against the statuses of the moment', () => {
  // 2 × 2 table with row, column and grand totals; the four inner cells hidden
  //   a b | 7        cells 0 a=2 "<5", 1 b=5 "x", 2 c=6 "x", 3 d=3 "<5"
  //   c d | 9        4 = row 1 (7), 5 = row 2 (9), 6 = col 1 (8), 7 = col 2 (8), 8 = total 16
  const values = [2, 5, 6, 3, 7, 9, 8, 8, 16];
  const relations = [
    { vars: [0, 1, 4], coefs: [1, 1, -1], lo: 0, hi: 0, kind: 'sum' as const },
    { vars: [2, 3, 5], coefs: [1, 1, -1], lo: 0, hi: 0, kind: 'sum' as const },
    { vars: [0, 2, 6], coefs: [1, 1, -1], lo: 0, hi: 0, kind: 'sum' as const },
    { vars: [1, 3, 7], coefs: [1, 1, -1], lo: 0, hi: 0, kind: 'sum' as const },
    { vars: [4, 5, 8], coefs: [1, 1, -1], lo: 0, hi: 0, kind: 'sum' as const },
  ];
  const model = { keys: values.map((_, i) => `c${i}`), values, printed: values.map(() => true), relations };
  const status = ['primary', 'secondary', 'secondary', 'primary', 'shown', 'shown', 'shown', 'shown', 'shown'] as const;
  const p = { values, status: [...status], t: 5, zeroLo: 1, unprinted: undefined };

  it('the cycle a+, b−, c−, d+ carries every cell over its whole range in one check, both ways', () => {
    const proofs = new AuditProofs(null);
    proofs.attach(model, 5);
    proofs.add([0, 1, 2, 3], [2, -2, -2, 2]); // an LP solution's deviation: scaled to whole steps of 1
    const r = proofs.ranges(p, [0, 1, 2, 3]);
    // a = 2 + k, d = 3 + k, b = 5 − k ≥ 5 … so k ≤ 0; c = 6 − k ≥ 5: k ≤ 1; a ≥ 1: k ≥ −1; d ≤ 4: k ≤ 1
    // → k ∈ [−1, 0]: a 1…2, b 5…6, c 6…7, d 2…3 (the "x" cells bound the move)
    expect(r.get(0)).toMatchObject({ lo: 1, hi: 2, integer: true });
    expect(r.get(1)).toMatchObject({ lo: 5, hi: 6 });
    expect(r.get(2)).toMatchObject({ lo: 6, hi: 7 });
    expect(r.get(3)).toMatchObject({ lo: 2, hi: 3 });
  });

  it('a move that breaks a relation, changes a printed cell or leaves a label range proves nothing', () => {
    const proofs = new AuditProofs(null);
    proofs.attach(model, 5);
    proofs.add([0], [1]); // a alone: row 1 and column 1 no longer add up
    proofs.add([0, 4, 6, 8], [1, 1, 1, 1]); // changes printed totals
    expect(proofs.ranges(p, [0]).size).toBe(0);
    expect(proofs.stats.rejected).toBe(2);
    // a cell shown now (it was hidden when the move was found): the move does not hold
    const proofs2 = new AuditProofs(null);
    proofs2.attach(model, 5);
    proofs2.add([0, 1, 2, 3], [1, -1, -1, 1]);
    expect(proofs2.ranges({ ...p, status: ['primary', 'shown', 'secondary', 'primary', 'shown', 'shown', 'shown', 'shown', 'shown'] }, [0]).size).toBe(0);
  });

  it('the audit uses the moves it is given and never takes a failing cell for protected because of them', async () => {
    // a "<5" pinned by its total and the other parts (the audit's doc example) with a forged move
    const v = [12, 3, 9, 24];
    const rel = [{ vars: [0, 1, 2, 3], coefs: [1, 1, 1, -1], lo: 0, hi: 0, kind: 'sum' as const }];
    const proofs = new AuditProofs(null);
    proofs.attach({ keys: ['a', 'b', 'c', 'd'], values: v, printed: [true, true, true, true], relations: rel }, 5);
    proofs.add([1], [1]);
    proofs.add([1, 2], [1, -1]); // moves a printed cell
    const r = await auditHiddenCells({ values: v, status: ['shown', 'primary', 'shown', 'shown'], relations: rel, threshold: 5, zeroHidden: false, proofs });
    expect(r.failing).toEqual([1]);
    expect(proofs.stats.proved).toBe(0);
    // on the 2 × 2 table with a = d = 2 (b 9, c 10) the cycle a+, b−, c−, d+ carries both "<5" over
    // 1…4 without an LP; the "x" cells move only as far (3 wide < 5): failing, as the LP finds too
    const widened = [2, 9, 10, 2, 11, 12, 12, 11, 23];
    const proofs3 = new AuditProofs(null);
    proofs3.attach({ ...model, values: widened }, 5);
    proofs3.add([0, 1, 2, 3], [1, -1, -1, 1]);
    const r3 = await auditHiddenCells({ values: widened, status: [...status], relations, threshold: 5, zeroHidden: false, proofs: proofs3 });
    const plain = await auditHiddenCells({ values: widened, status: [...status], relations, threshold: 5, zeroHidden: false });
    expect(proofs3.stats.proved).toBe(2);
    expect(r3.failing.sort()).toEqual([1, 2]);
    expect(plain.failing.sort()).toEqual([1, 2]);
    expect(r3.cells.map((c) => c.cell)).toEqual(plain.cells.map((c) => c.cell));
  });
});

describe('a run with stored proofs decides what a run without them decides', () => {
  let figs: ReturnType<typeof publicationSetFigures>;
  let data: RegistrationData;
  let uncached: PublicationSetProtection;
  let first: PublicationSetProtection;
  let file: string;
  const dir = join(tmp, 'proofs');

  beforeAll(async () => {
    data = smallSet(national, [3, 2, 2]);
    figs = publicationSetFigures(data, [2025], { referenceDate: REF });
    uncached = await protectPublicationSet(figs, { sites: data.sites });
    const proofs = new AuditProofs(dir);
    first = await protectPublicationSet(figs, { sites: data.sites, proofs });
    file = proofs.save()!;
  }, 600_000);

  it('the first run with an empty cache: the same statuses; the file is private, outside the model keys and counts', () => {
    expect(decisions(first)).toEqual(decisions(uncached));
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o077).toBe(0);
    const text = readFileSync(file, 'latin1');
    const body = decodeAuditProofFile(readFileSync(file));
    expect(body.header.private).toBe(true);
    expect(body.header.model).toBe(auditModelHash(first.model, 5));
    expect(body.moves.length).toBeGreaterThan(0);
    expect(body.header.moves).toBe(body.moves.length);
    // no cell key, site id or region name in the file
    for (const s of data.sites) {
      expect(text).not.toContain(s.siteId);
      expect(text).not.toContain(s.region);
    }
  });

  it('the moves kept are chosen under the final statuses, at once (finishSettling) or when saved after the statuses returned changed', async () => {
    const small = smallSet(national, [2, 1, 1]);
    const smallFigs = publicationSetFigures(small, [2025], { referenceDate: REF });
    const now = new AuditProofs(join(tmp, 'settle-now'));
    const p1 = await protectPublicationSet(smallFigs, { sites: small.sites, proofs: now });
    now.finishSettling();
    p1.status.fill('shown');
    const later = new AuditProofs(join(tmp, 'settle-later'));
    const p2 = await protectPublicationSet(smallFigs, { sites: small.sites, proofs: later });
    p2.status.fill('shown'); // the statuses settle recorded are a copy
    const a = now.save()!;
    const b = later.save()!;
    expect(decodeAuditProofFile(readFileSync(a)).moves.length).toBeGreaterThan(0);
    expect(readFileSync(b)).toEqual(readFileSync(a));
  }, 600_000);

  it('the re-run proves cells by the stored moves, with fewer LPs, and decides the same', async () => {
    const proofs = new AuditProofs(dir);
    const again = await protectPublicationSet(figs, { sites: data.sites, proofs });
    expect(proofs.stats.loaded).toBeGreaterThan(0);
    expect(proofs.stats.proved).toBeGreaterThan(0);
    expect(again.lps).toBeLessThan(first.lps);
    expect(decisions(again)).toEqual(decisions(uncached));
  }, 600_000);

  it('the re-run through the ledger (hidden again, left out again) decides the same with and without the proofs', async () => {
    const ledger = updateLedger(null, first, figs);
    const plain = await protectPublicationSet(figs, { sites: data.sites, ...ledgerDecisions(ledger) });
    const proofs = new AuditProofs(dir);
    const cached = await protectPublicationSet(figs, { sites: data.sites, ...ledgerDecisions(ledger), proofs });
    expect(proofs.stats.proved).toBeGreaterThan(0);
    expect(decisions(cached)).toEqual(decisions(plain));
    expect(cached.lps).toBeLessThan(plain.lps);
    // and the re-run prints what the first run printed: hidden again, left out again, the zeros the set
    // pins printed again (checked first: by the stored certificates, or by LP without them)
    expect(plain.status).toEqual(first.status);
    expect([...plain.withheld].sort((a, b) => a - b)).toEqual([...first.withheld].sort((a, b) => a - b));
    // (the zeros printed zeros pin are printed before the repair now, counted in zerosRevealed; the ones
    // only an LP finds pinned are the ledger's zerosPrinted)
    expect(first.counts.zerosRevealed).toBeGreaterThan(0);
    // the zeros this set pinned were all "goals unknown" beside "goals recorded" = "closed": since session 5 the
    // zero rule never hides a zero the definitions alone pin (printed from the start, so none is left to reveal
    // here); the re-run prints them the same way
    const pinnedByDefinition = first.model.relations.filter((r) => r.vars.length === 1 && r.lo === 0 && r.hi === 0).map((r) => r.vars[0]).filter((i) => first.model.printed[i]);
    expect(pinnedByDefinition.length).toBeGreaterThan(0);
    for (const i of pinnedByDefinition) expect([first.status[i], plain.status[i]]).toEqual(['shown', 'shown']);
    expect(ledger.zerosPrinted?.length ?? 0).toBe(first.revealedZeros.size);
    expect(proofs.stats.pinned).toBe(first.revealedZeros.size);
  }, 600_000);

  it('a tampered file: moves that do not hold prove nothing; the cells are audited by LP and the decisions are the same', async () => {
    const body = decodeAuditProofFile(readFileSync(file));
    // every move turned: the first step doubled, the next cell after the last added with a step of 1 —
    // most no longer hold; and moves that are no moves (a step that is no number, a cell past the model)
    body.moves = body.moves.map(([cells, d]) => [Int32Array.of(...cells, cells[cells.length - 1] + 1), Float64Array.of(...d.map((x, q) => (q === 0 ? 2 * x : x)), 1)]);
    body.moves.push([Int32Array.of(0, 1), Float64Array.of(NaN, 1)], [Int32Array.of(2 ** 30), Float64Array.of(1)]);
    const tdir = join(tmp, 'tampered');
    const proofs0 = new AuditProofs(tdir);
    proofs0.attach(first.model, 5);
    mkdirSync(tdir, { recursive: true });
    writeFileSync(proofs0.file!, encodeAuditProofFile(body));
    const proofs = new AuditProofs(tdir);
    const again = await protectPublicationSet(figs, { sites: data.sites, proofs });
    expect(proofs.stats.rejected).toBeGreaterThan(0);
    expect(decisions(again)).toEqual(decisions(uncached));
  }, 600_000);

  it('a file of other data (stale hash) is not read; other data gets its own file', async () => {
    const other = smallSet(national, [2, 2]);
    const figs2 = publicationSetFigures(other, [2025], { referenceDate: REF });
    const proofs = new AuditProofs(dir);
    const p2 = await protectPublicationSet(figs2, { sites: other.sites, proofs });
    expect(proofs.stats.loaded).toBe(0);
    expect(proofs.file).not.toBe(file);
    // a file under the right name whose hash field says otherwise is stale
    const stale = new AuditProofs(join(tmp, 'stale'));
    stale.attach(p2.model, 5);
    mkdirSync(join(tmp, 'stale'), { recursive: true });
    writeFileSync(stale.file!, readFileSync(file));
    const reread = new AuditProofs(join(tmp, 'stale'));
    reread.attach(p2.model, 5);
    expect(reread.stats.stale).toBe(true);
    expect(reread.stats.loaded).toBe(0);
  }, 600_000);
});

describe('the proofs file', () => {
  const header = { format: 'homestart-impact audit proofs', version: 2, private: true as const, notice: 'n', model: 'abc', pinned: [[4, [1, 2], [0.5, -1]]] };
  it('reads back what was written: whole steps (also large and negative), fractional steps, cells far apart', () => {
    const moves: Array<[Int32Array, Float64Array]> = [
      [Int32Array.of(0, 1, 200, 70000, 2 ** 31 - 1), Float64Array.of(1, -1, 3, -(2 ** 40), 0)],
      [Int32Array.of(5, 6), Float64Array.of(0.123456789012, -1)],
      [Int32Array.of(9), Float64Array.of(-7)],
    ];
    const back = decodeAuditProofFile(encodeAuditProofFile({ header, moves }));
    expect(back.header).toEqual({ ...header, moves: 3 });
    expect(back.moves).toEqual(moves);
  });
  it('a file cut short or with bytes added is not read (an error; the store counts the file as unreadable)', () => {
    const bytes = encodeAuditProofFile({ header, moves: [[Int32Array.of(3, 4), Float64Array.of(1, -1)]] });
    expect(() => decodeAuditProofFile(bytes.subarray(0, bytes.length - 1))).toThrow(/cut off/);
    expect(() => decodeAuditProofFile(Buffer.concat([bytes, Buffer.of(1)]))).toThrow(/after the last move/);
    expect(() => decodeAuditProofFile(Buffer.from('{"moves": 1}'))).toThrow(/header line/);
  });
});

describe('report --audit-cache (CLI)', () => {
  const DATA = 'sample-data/registration/local';
  it('keeps the proofs in the private folder, proves the re-run with them, and refuses a cache inside --out', async () => {
    const out = join(tmp, 'cli-out');
    const cache = join(tmp, 'cli-cache');
    const args = ['report', '--year', '2020', '--data', DATA, '--out', out, '--audit-cache', cache];
    const r1 = await runCli(args);
    expect(r1.code).toBe(0);
    expect(r1.out).toMatch(/audit proofs \(private\): \d+ hidden counts proved by moves \(0 read from the cache\)/);
    // the re-run into the same folder (its ledger) with the proofs, and into a copy without them
    const plainOut = join(tmp, 'cli-out-plain');
    mkdirSync(plainOut, { recursive: true });
    copyFileSync(join(out, 'suppression-ledger.json'), join(plainOut, 'suppression-ledger.json'));
    const r2 = await runCli(args);
    expect(r2.code).toBe(0);
    const m = /audit proofs \(private\): (\d+) hidden counts proved by moves \((\d+) read from the cache\)/.exec(r2.out);
    expect(Number(m?.[1])).toBeGreaterThan(0);
    expect(Number(m?.[2])).toBeGreaterThan(0);
    const plain = await runCli(['report', '--year', '2020', '--data', DATA, '--out', plainOut, '--audit-cache', 'off']);
    expect(plain.code).toBe(0);
    expect(plain.out).not.toMatch(/audit proofs/);
    // the same figures published, the same ledger
    const json = 'jaarverslag-2020-national.json';
    expect(readFileSync(join(out, json), 'utf8')).toBe(readFileSync(join(plainOut, json), 'utf8'));
    expect(readLedger(join(out, 'suppression-ledger.json'))!.hidden).toEqual(readLedger(join(plainOut, 'suppression-ledger.json'))!.hidden);
    const inside = await runCli(['report', '--year', '2020', '--data', DATA, '--out', out, '--audit-cache', join(out, 'proofs')]);
    expect(inside.code).toBe(2);
    expect(inside.err).toMatch(/inside the output folder/);
  }, 600_000);
});
