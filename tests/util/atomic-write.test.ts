import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OutputError, fsErrorSentence, scopedFileName, setBeforeRenameHook, writeFileAtomic, ensureDir } from '../../src/util/atomic-write.js';
import { writeCsv } from '../../src/util/csv-write.js';
import { writeXlsx } from '../../src/util/xlsx-write.js';
import { main } from '../../src/cli/main.js';

const dir = mkdtempSync(join(tmpdir(), 'hs-atomic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const leftovers = (d: string) => readdirSync(d).filter((f) => f.endsWith('.tmp'));

describe('writeFileAtomic', () => {
  it('writes the whole file; no temporary file stays behind', () => {
    const p = join(dir, 'a.csv');
    writeFileAtomic(p, 'x,y\n1,2\n');
    expect(readFileSync(p, 'utf8')).toBe('x,y\n1,2\n');
    expect(leftovers(dir)).toEqual([]);
  });

  it('a failure before the rename (disk full) leaves the old file as it was, removes the temporary file, and says so in a sentence', () => {
    const p = join(dir, 'report.xlsx');
    writeFileSync(p, 'old');
    setBeforeRenameHook(() => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    });
    try {
      expect(() => writeXlsx(p, [{ name: 't', rows: [{ a: 1 }] }])).toThrow(OutputError);
      try {
        writeCsv(p, ['a'], [{ a: 1 }]);
      } catch (e) {
        expect((e as Error).message).toBe(`Could not write ${p}: the disk is full; free some space or choose another folder (ENOSPC).`);
      }
    } finally {
      setBeforeRenameHook(undefined);
    }
    expect(readFileSync(p, 'utf8')).toBe('old');
    expect(leftovers(dir)).toEqual([]);
  });

  it('a folder where the file should go, a missing folder, a read-only folder: sentences, no leftovers', () => {
    const sub = join(dir, 'is-a-folder');
    mkdirSync(sub);
    expect(() => writeFileAtomic(sub, 'x')).toThrow(/^Could not write .*is-a-folder: a folder with that name exists; choose a file name, not a folder \(EISDIR\)\.$/);
    expect(() => writeFileAtomic(join(dir, 'nope', 'x.csv'), 'x')).toThrow(/the folder does not exist \(ENOENT\)\.$/);
    expect(leftovers(dir)).toEqual([]);
    if (process.getuid?.() !== 0) {
      const ro = join(dir, 'ro');
      mkdirSync(ro);
      chmodSync(ro, 0o500);
      expect(() => writeFileAtomic(join(ro, 'x.csv'), 'x')).toThrow(/permission denied.*\(EACCES\)\.$/);
      chmodSync(ro, 0o700);
    }
    expect(() => ensureDir(join(dir, 'a.csv', 'sub'))).toThrow(/^Could not create the folder .*: a part of the path is a file, not a folder \(ENOTDIR\)\.$/);
  });

  it('every listed error code is a sentence', () => {
    for (const code of ['ENOSPC', 'EISDIR', 'EPERM', 'EACCES', 'ENOENT', 'EROFS', 'EBUSY']) {
      const s = fsErrorSentence(Object.assign(new Error('raw'), { code }), 'out/x.csv');
      expect(s).toMatch(new RegExp(`^Could not write out/x\\.csv: [a-z].*\\(${code}\\)\\.$`));
      expect(s).not.toContain('raw');
    }
  });

  it('scoped file names carry scope and year', () => {
    expect(scopedFileName('jaarverslag', 2025, { level: 'national' })).toBe('jaarverslag-2025-national');
    expect(scopedFileName('annual-report', 2024, { level: 'site', siteId: 'S-DAL' })).toBe('annual-report-2024-site-s-dal');
    expect(scopedFileName('jaarverslag', 2025, { level: 'region', region: 'Oost-Nederland / Zuid' })).toBe('jaarverslag-2025-region-oost-nederland-zuid');
  });

  it('the CLI turns a file-system error into a sentence and exit code 2', async () => {
    const errs: string[] = [];
    const orig = console.error;
    console.error = (...a: unknown[]) => void errs.push(a.join(' '));
    try {
      const code = await main(['score', 'tests/fixtures/data/long.csv', '--out', dir, '--json']);
      expect(code).toBe(2);
    } finally {
      console.error = orig;
    }
    expect(errs.join('\n')).toMatch(/Could not write .*: a folder with that name exists; choose a file name, not a folder \(EISDIR\)\./);
  });
});
