/**
 * A count left out (".") that the printed counts give exactly is printed (disclosure.ts `determinedCounts`,
 * docs/disclosure-control.md "Left-out counts the printed counts give"). The Dalfsen evaluation (the bundled local
 * sample, March 2018 – June 2021, with the annual reports 2018–2020 it is protected with) printed its children aged
 * 0–3 as "." beside 43 children in all and 28 aged 4 and older: a reader subtracts, 15. In the model each total is
 * the sum of the finer age classes (0, 1–3, 4–6, 7–12, 13+), so one equality alone does not give it: children −
 * (aged 4 and older) = aged 0–3 takes a combination of three.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRegistration, type RegistrationData } from '../../src/impact/index.js';
import { determinedCounts, protectPublicationSetWithFallback, publicationSetFigures, reprintedNote, type PublicationSetProtection } from '../../src/impact/disclosure.js';
import { computeLocalEvaluation } from '../../src/impact/local-evaluation.js';
import { LOCAL_SUFFIX, ledgerDecisions, updateLedger } from '../../src/impact/ledger.js';
import type { LinearRelation } from '../../src/impact/publication.js';

// cells: 0 age.0, 1 age.1-3, 2 age.4-6, 3 age.7-12, 4 age.13+, 5 children, 6 age.0-3, 7 age.4+
const VALUES = [2, 13, 12, 15, 1, 43, 15, 28];
const sum = (vars: number[], total: number): LinearRelation => ({ vars: [...vars, total], coefs: [...vars.map(() => 1), -1], lo: 0, hi: 0, kind: 'sum' });
const AGES: LinearRelation[] = [sum([0, 1, 2, 3, 4], 5), sum([0, 1], 6), sum([2, 3, 4], 7)];
const known = (...cells: number[]) => Uint8Array.from(VALUES, (_, i) => (cells.includes(i) ? 1 : 0));

describe('counts the known counts give exactly through equalities', () => {
  it('children in all and aged 4 and older printed: aged 0–3 is determined, none of the finer classes is', () => {
    expect(determinedCounts(AGES, VALUES, known(5, 7), [6, 0, 1, 2, 3, 4])).toEqual([6]);
  });

  it('the documented example: a total of 43 and one row of 28 give the other row, 15', () => {
    expect(determinedCounts([{ vars: [0, 1, 2], coefs: [1, 1, -1], lo: 0, hi: 0, kind: 'sum' }], [15, 28, 43], Uint8Array.of(0, 1, 1), [0])).toEqual([0]);
  });

  it('without the total, or without the 4 and older, nothing is', () => {
    expect(determinedCounts(AGES, VALUES, known(7), [6])).toEqual([]);
    expect(determinedCounts(AGES, VALUES, known(5), [6])).toEqual([]);
  });

  it('one equality with one cell not known (a total less its printed rows) and a chain of them', () => {
    // 0-3 known, 0 known → 1-3 = 15 − 2
    expect(determinedCounts(AGES, VALUES, known(6, 0), [1])).toEqual([1]);
    // 4-6 and 7-12 and the total 4+ … no: 13+ = 28 − 12 − 15 needs both
    expect(determinedCounts(AGES, VALUES, known(7, 2), [4])).toEqual([]);
    expect(determinedCounts(AGES, VALUES, known(7, 2, 3), [4])).toEqual([4]);
  });

  it('a value the combination does not give (a relation the data break) is not taken', () => {
    const wrong = [...VALUES];
    wrong[6] = 14;
    expect(determinedCounts(AGES, wrong, known(5, 7), [6])).toEqual([]);
  });

  it('inequalities determine nothing here, and a system cut at maxUnknowns determines less, never wrongly', () => {
    const ineq = AGES.map((r) => ({ ...r, lo: -Infinity }));
    expect(determinedCounts(ineq, VALUES, known(5, 7), [6])).toEqual([]);
    // with room for only the first equality's cells, the combination of three is not found
    expect(determinedCounts(AGES, VALUES, known(5, 7), [6], 1)).toEqual([]);
  });

  it('the CLI note names both kinds of counts printed at the end', () => {
    expect(reprintedNote({ reprinted: 0, determinedPrinted: 0 })).toBe('');
    expect(reprintedNote({ reprinted: 2, determinedPrinted: 1 })).toBe(' (2 printed again once the audit passed: they protected nothing; 1 printed as the other printed counts give it exactly)');
  });
});

describe('the Dalfsen evaluation with its annual reports', () => {
  const REF = '2021-06-30';
  const OPTS = { referenceDate: REF, volunteerHoursPerWeek: 3 };
  const K = 'nat|2018-03-01_2021-06-30|age.0-3';
  let data: RegistrationData;
  let p: PublicationSetProtection;
  const protect = (decisions: Partial<ReturnType<typeof ledgerDecisions>> = {}) => {
    const ev = computeLocalEvaluation(data, { siteId: 'DLF', period: { from: '2018-03-01', to: '2021-06-30' }, ...OPTS, localityMinimum: 5 });
    const figs = publicationSetFigures(data, [2018, 2019, 2020], OPTS);
    return protectPublicationSetWithFallback(figs, { threshold: 5, zeros: 'auto', ...decisions, evaluations: [ev], sites: data.sites, data });
  };
  beforeAll(async () => {
    data = (await loadRegistration('sample-data/registration/local', { referenceDate: REF })).data;
    p = await protect();
  }, 120_000);

  it('children aged 0–3 (15 = 43 − 28) is printed, not left out; every hidden count still proved', () => {
    const i = p.model.index.get(K)!;
    expect(p.model.values[i]).toBe(15);
    expect(p.status[i]).toBe('shown');
    expect(p.withheld.has(i)).toBe(false);
    expect(p.counts.determinedPrinted).toBeGreaterThanOrEqual(1);
    expect(p.failingKeys).toEqual([]);
    expect(p.differenceKeys).toEqual([]);
  });

  it('a re-run from the ledger is a fixed point: the same statuses, the same counts left out', async () => {
    const written = [...publicationSetFigures(data, [2018, 2019, 2020], OPTS), { scope: { level: 'site' as const, siteId: 'DLF' }, key: `2018-03-01_2021-06-30${LOCAL_SUFFIX}`, referenceDate: REF }];
    const ledger = updateLedger(null, p, written);
    const q = await protect(ledgerDecisions(ledger));
    expect(q.failingKeys).toEqual([]);
    expect([...q.status]).toEqual([...p.status]);
    expect([...q.withheld].sort((a, b) => a - b)).toEqual([...p.withheld].sort((a, b) => a - b));
  }, 120_000);
});
