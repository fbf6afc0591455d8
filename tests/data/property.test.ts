/**
 * Property-based tests: whatever bytes arrive, the loader either returns a result in which every
 * data row is accounted for (accepted + rejected = rowsRead) or throws a DataError — never anything
 * else, never a hang.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadMeasurementsFromBuffer, loadMeasurementsFromString, type MeasurementLoadResult } from '../../src/data/measurements.js';
import { DataError } from '../../src/data/issues.js';

function checkResult(r: MeasurementLoadResult): void {
  expect(r.accepted + r.rejected).toBe(r.rowsRead);
  expect(r.rejects.filter((x) => !x.unit)).toHaveLength(r.rejected);
  if (r.units) expect(r.units.accepted + r.units.rejected).toBe(r.units.read);
  expect(r.read.rowsRead).toBe(r.rowsRead);
  const rejectRows = new Set<number>();
  for (const rej of r.rejects) {
    expect(rej.reasons.length).toBeGreaterThan(0);
    expect(rej.row).toBeGreaterThanOrEqual(1);
    rejectRows.add(rej.row);
  }
  for (const rec of r.records) for (const row of rec.source.rows) expect(rejectRows.has(row)).toBe(false);
}

async function loadOrDataError(load: () => Promise<MeasurementLoadResult>): Promise<void> {
  let result: MeasurementLoadResult | undefined;
  try {
    result = await load();
  } catch (err) {
    expect(err).toBeInstanceOf(DataError);
    return;
  }
  checkResult(result);
}

const HEADERS = ['participant_id', 'group', 'wave', 'date', 'instrument', 'item', 'value', 'age', 'single_parent', 'site', 'nosik_01', 'nosik_02', 'psoc_total', 'nosik_01_t2', 'gas_1', 'gas_weight_1', 'foo', 'nosik_99', 'naam', ''];
const CELLS = ['HS-0001', 'HS-0002', 'C-1', '', ' ', 'homestart', 'controle', 'norm', 'xx', 'T1', 't2', '2', 'T0', 'nosik', 'psoc', 'gas', 'nosix', '01', '1', '26', 'total', '3', '4', '7', '-1', '3,5', '3.5', '3,5,1', '1.234,5', 'NA', 'ja', 'nee', '1-3-2024', '2024-02-30', 'a@b.nl', '111222333', '"', '""', '"a,b"', '"x\ny"', 'a;b', 'a\tb', '#', 'sep=;', '\u00e9', '\ufeff'];

const cell = fc.oneof(fc.constantFrom(...CELLS), fc.string({ maxLength: 6 }));
const delimiter = fc.constantFrom(',', ';', '\t');
const newline = fc.constantFrom('\n', '\r\n', '\r');

const table = fc.record({
  header: fc.array(fc.constantFrom(...HEADERS), { minLength: 1, maxLength: 9 }),
  rows: fc.array(fc.array(cell, { minLength: 0, maxLength: 11 }), { maxLength: 12 }),
  delim: delimiter,
  nl: newline,
  quoteAll: fc.boolean(),
  preamble: fc.constantFrom('', '# SYNTHETIC DATA\n', 'sep=;\n', '\n\n', '\ufeff'),
  trailing: fc.constantFrom('', '\n', '\n\n', ',,,'),
});

describe('loader never loses a row and never throws anything but DataError', () => {
  it('random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), async (bytes) => {
        await loadOrDataError(() => loadMeasurementsFromBuffer(bytes, { format: 'csv' }));
      }),
      { numRuns: 200 },
    );
  });

  it('random text (any characters, quotes, delimiters, line breaks)', async () => {
    const chars = fc.constantFrom('a', '1', '3', ',', ';', '\t', '"', '\n', '\r', ' ', '#', 'T', '-', '.', '\u00e9');
    await fc.assert(
      fc.asyncProperty(fc.array(chars, { maxLength: 300 }).map((a) => a.join('')), async (text) => {
        await loadOrDataError(() => loadMeasurementsFromString(`participant_id,group,wave,nosik_01\n${text}`));
        await loadOrDataError(() => loadMeasurementsFromString(text));
      }),
      { numRuns: 200 },
    );
  });

  it('plausible headers with ragged rows, random quoting and delimiters', async () => {
    await fc.assert(
      fc.asyncProperty(table, fc.constantFrom<'reject-row' | 'set-missing'>('reject-row', 'set-missing'), async (t, onInvalidValue) => {
        const quote = (c: string) => (t.quoteAll ? `"${c.replace(/"/g, '""')}"` : c);
        const lines = [t.header.join(t.delim), ...t.rows.map((r) => r.map(quote).join(t.delim))];
        const text = t.preamble + lines.join(t.nl) + t.trailing;
        await loadOrDataError(() => loadMeasurementsFromString(text, { onInvalidValue }));
        await loadOrDataError(() => loadMeasurementsFromBuffer(Buffer.from(text, 'latin1'), { onInvalidValue }));
      }),
      { numRuns: 250 },
    );
  });

  it('well-formed long files: rows read equals the number of data lines', async () => {
    const row = fc.tuple(
      fc.constantFrom('HS-1', 'HS-2', 'C-1', ''),
      fc.constantFrom('homestart', 'control', 'x'),
      fc.constantFrom('T1', 'T2', 'T0'),
      fc.constantFrom('nosik', 'psoc', 'nope'),
      fc.constantFrom('01', '02', '16', '25', '99'),
      fc.constantFrom('1', '6', '7', '', '2,5', 'x'),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 40 }), async (rows) => {
        const text = ['participant_id,group,wave,instrument,item,value', ...rows.map((r) => r.join(','))].join('\n');
        const r = await loadMeasurementsFromString(text);
        checkResult(r);
        expect(r.rowsRead).toBe(rows.length);
        // every accepted item value is within its range
        for (const rec of r.records) for (const v of Object.values(rec.items)) if (v !== null) expect(v >= 1 && v <= 6 && Number.isInteger(v)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('row numbers are spreadsheet rows: comments and blank lines count, quoted line breaks do not', async () => {
    const kind = fc.constantFrom('good', 'bad', 'blank', 'quoted');
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 3 }), fc.array(kind, { maxLength: 30 }), fc.constantFrom('\n', '\r\n'), async (comments, kinds, nl) => {
        const lines: string[] = [];
        for (let i = 0; i < comments; i++) lines.push(`# comment ${i}`);
        lines.push('participant_id,group,wave,site,instrument,item,value');
        const good: number[] = [];
        const bad: number[] = [];
        kinds.forEach((k, i) => {
          const row = comments + 2 + i;
          if (k === 'blank') lines.push('');
          else if (k === 'bad') {
            lines.push(`P${i},homestart,T1,x,nosik,01,9`);
            bad.push(row);
          } else {
            lines.push(`P${i},homestart,T1,${k === 'quoted' ? `"Dalfsen,${nl}Oost"` : 'Raalte'},nosik,01,3`);
            good.push(row);
          }
        });
        const r = await loadMeasurementsFromString(lines.join(nl) + nl);
        checkResult(r);
        expect(r.rejects.map((x) => x.row)).toEqual(bad);
        expect(r.records.map((x) => x.source.rows[0])).toEqual(good);
        expect(r.rowsRead).toBe(good.length + bad.length);
      }),
      { numRuns: 200 },
    );
  });
});
