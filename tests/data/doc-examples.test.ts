/** The `@example`s in the TSDoc of the privacy, safe-text, redaction and output modules, asserted. */
import { describe, expect, it } from 'vitest';
import * as I from '../../src/data/identifiers.js';
import * as T from '../../src/data/safe-text.js';
import { knownValues } from '../../src/data/redaction.js';
import { identifyingHeader, looksLikeDutchPhone, sniffIdentifyingContent } from '../../src/data/privacy.js';
import { itemTextProblem } from '../../src/data/csv.js';
import { escapeFormula } from '../../src/util/csv-write.js';
import { fsErrorSentence, scopedFileName } from '../../src/util/atomic-write.js';

describe('doc examples', () => {
  it('identifiers.ts', () => {
    expect(I.foldText('Géboortedatum')).toBe('geboortedatum');
    expect(I.foldText('nаam')).toBe('naam');
    expect(I.identifyingHeaderKind('Naam moeder')).toBe('name');
    expect(I.identifyingHeaderKind('naam instrument')).toBeUndefined();
    expect(I.identifyingHeaderKind('pc6')).toBe('postcode');
    expect(I.identifyingHeaderKind('postcode-gebied')).toBeUndefined();
    expect(I.passesBsnElevenTest('111222333')).toBe(true);
    expect(I.passesIbanChecksum('NL91 ABNA 0417 1643 00')).toBe(true);
    expect(I.containsEmail('mail jan.smit@example.org vandaag')).toBe(true);
    expect(I.isPhoneNumber('+31 (0)6 1234 5678')).toBe(true);
    expect(I.containsFullDate('geboren 3 mei 1990')).toBe(true);
    expect(I.containsAddress('woont Kerkstraat 12a')).toBe(true);
    expect(I.containsIban('rekening NL91 ABNA 0417 1643 00 graag')).toBe(true);
    expect(I.containsPersonName('gesprek met Jan Jansen gehad')).toBe(true);
    expect(I.containsPersonName('Home-Start Dalfsen')).toBe(false);
    expect(I.idLooksLikeName('Jansen')).toBe(true);
    expect(I.idLooksLikeName('HS-0001')).toBe(false);
    expect(I.identifyingValueKind('bel 06-12345678')).toBe('phone');
    expect(I.identifyingValueKind('4')).toBeUndefined();
    expect(I.looksIdentifyingValue('NL91ABNA0417164300')).toBe(true);
  });
  it('privacy.ts', () => {
    expect(identifyingHeader('Achternaam')).toBe('name');
    expect(identifyingHeader('site_name')).toBeUndefined();
    expect(looksLikeDutchPhone('+31 6 12345678')).toBe(true);
    expect(sniffIdentifyingContent('nummer', ['HS-1', '111222333'])).toBe('bsn');
  });
  it('safe-text.ts and redaction.ts', () => {
    expect(T.isPrintable('4,0')).toBe(true);
    expect(T.cleanMessage('a\u0000b')).toBe('a\\u0000b');
    expect(T.showColumn('nosik_01')).toBe('nosik_01');
    expect(T.safeValue(' 9 ')).toBe('9');
    expect(T.safeValue('jan@example.org')).toBeUndefined();
    expect(T.showValue('9')).toBe('value "9"');
    expect(T.showValue('x'.repeat(300))).toBe('a value of 300 characters (not shown)');
    expect(T.showId('HS-0001')).toBe('HS-0001');
    expect(knownValues(['id', 'notes', 'nosik_01'], ['HS-1', 'called Jan', '9'], [0, 2])).toEqual({ id: 'HS-1', nosik_01: '9' });
  });
  it('csv.ts, csv-write.ts, atomic-write.ts', () => {
    expect(itemTextProblem('4,00', false)).toBeUndefined();
    expect(itemTextProblem('04', false)).toEqual({ rule: 'not-a-number', reason: 'it has a leading zero; write 4, not 04' });
    expect(escapeFormula('=HYPERLINK("http://x")')).toBe('\'=HYPERLINK("http://x")');
    expect(escapeFormula('-3')).toBe('-3');
    expect(fsErrorSentence(Object.assign(new Error('x'), { code: 'EISDIR' }), 'out/a.csv', 'write')).toBe('Could not write out/a.csv: a folder with that name exists; choose a file name, not a folder (EISDIR).');
    expect(scopedFileName('jaarverslag', 2025, { level: 'region', region: 'Oost' })).toBe('jaarverslag-2025-region-oost');
  });
});
