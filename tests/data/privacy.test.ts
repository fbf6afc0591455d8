import { describe, expect, it } from 'vitest';
import { checkIdentifyingColumns, identifyingHeader, looksLikeDutchPhone, passesBsnElevenTest, privacyRefusalText, sniffIdentifyingContent } from '../../src/data/privacy.js';

describe('identifying headers', () => {
  it('recognises names, addresses, phones, e-mail, BSN and birth dates in Dutch and English', () => {
    const cases: Array<[string, string]> = [
      ['naam', 'name'], ['Voornaam', 'name'], ['achternaam', 'name'], ['Achternaam', 'name'], ['name', 'name'], ['First name', 'name'], ['last_name', 'name'], ['lastName', 'name'], ['naam_moeder', 'name'],
      ['adres', 'address'], ['Address', 'address'], ['straat', 'address'], ['street', 'address'], ['huisnummer', 'address'],
      ['telefoon', 'phone'], ['Telefoonnummer', 'phone'], ['phone', 'phone'], ['mobiel', 'phone'], ['tel', 'phone'],
      ['e-mail', 'email'], ['email', 'email'], ['E-mailadres', 'email'], ['mail', 'email'],
      ['bsn', 'bsn'], ['BSN_moeder', 'bsn'], ['burgerservicenummer', 'bsn'],
      ['geboortedatum', 'birth-date'], ['birth date', 'birth-date'], ['dob', 'birth-date'], ['date of birth', 'birth-date'], ['DateOfBirth', 'birth-date'],
    ];
    for (const [h, kind] of cases) expect(identifyingHeader(h), h).toBe(kind);
  });
  it('leaves ordinary columns alone (doc example)', () => {
    expect(identifyingHeader('Achternaam')).toBe('name');
    expect(identifyingHeader('site_name')).toBeUndefined();
    for (const h of ['participant_id', 'group', 'wave', 'date', 'datum', 'age', 'leeftijd', 'nosik_01', 'psoc_total', 'site', 'postcode-gebied', 'pc4', 'instrument_name', 'gemeente_naam', 'geboortejaar', 'telling']) {
      expect(identifyingHeader(h), h).toBeUndefined();
    }
  });
  it('a (6-character) postcode column is refused; a 4-digit postcode area passes', () => {
    expect(checkIdentifyingColumns(['id', 'postcode'], []).map((f) => `${f.column}:${f.kind}`)).toEqual(['postcode:postcode']);
    expect(checkIdentifyingColumns(['id', 'postcode', 'huisnummer'], []).map((f) => `${f.column}:${f.kind}`)).toEqual(['postcode:postcode', 'huisnummer:address']);
    expect(checkIdentifyingColumns(['id', 'postcode-gebied', 'pc4'], [['HS-1', '8011', '8011']])).toEqual([]);
  });
});

describe('content sniffing', () => {
  it('the BSN eleven-test (doc example)', () => {
    expect(passesBsnElevenTest('111222333')).toBe(true);
    expect(passesBsnElevenTest('123456782')).toBe(true);
    expect(passesBsnElevenTest('123456789')).toBe(false);
    expect(passesBsnElevenTest('000000000')).toBe(false);
    expect(passesBsnElevenTest('12345678')).toBe(false); // 012345678: 0+8+14+18+20+20+18+14-8 = 104, not a multiple of 11
    expect(passesBsnElevenTest('12345')).toBe(false);
  });
  it('Dutch phone numbers', () => {
    for (const s of ['06-12345678', '0612345678', '+31 6 12345678', '0031612345678', '020-1234567', '(038) 123 45 67']) expect(looksLikeDutchPhone(s), s).toBe(true);
    for (const s of ['12345678', '2024-03-01', 'HS-0001', '061234567', '4']) expect(looksLikeDutchPhone(s), s).toBe(false);
  });
  it('flags e-mail, phone, BSN columns and full dates under a birth-like name', () => {
    expect(sniffIdentifyingContent('contact', ['', 'a.b@example.nl'])).toBe('email');
    expect(sniffIdentifyingContent('notitie', ['bel 06-12345678'])).toBe('phone'); // inside free text too
    expect(sniffIdentifyingContent('notitie', ['06 12345678'])).toBe('phone');
    expect(sniffIdentifyingContent('nummer', ['111222333', '123456782'])).toBe('bsn');
    expect(sniffIdentifyingContent('geboren', ['12-05-1990'])).toBe('birth-date');
    expect(sniffIdentifyingContent('geboortejaar', ['1990'])).toBeUndefined();
    expect(sniffIdentifyingContent('date', ['12-05-2024'])).toBeUndefined();
    // one 9-digit number that passes the eleven-test is enough (random 9-digit codes pass 1 in 11: do not use them as ids)
    expect(sniffIdentifyingContent('code', ['123456789', '987654321', '111111111', '222222222'])).toBeUndefined();
    expect(sniffIdentifyingContent('code', ['123456789', '987654321', '111111111', '222222222', '111222333'])).toBe('bsn');
    expect(sniffIdentifyingContent('nosik_01', ['1', '2', '6'])).toBeUndefined();
  });
  it('the refusal names columns and kinds, never values, and says how to pseudonymise', () => {
    const found = checkIdentifyingColumns(['participant_id', 'contact', 'naam'], [['HS-1', 'x@y.nl', 'Jan']]);
    const text = privacyRefusalText('f.csv', found);
    expect(text).toBe(
      'f.csv: the file was refused because it identifies people: column "contact" seems to contain e-mail addresses (judged by its values); column "naam" holds names (judged by its name). Data about families must be pseudonymous: remove these columns, or replace names and other identifiers with a code such as HS-0001, and keep age in years instead of a date of birth. No row of this file was used (rule identifying-column).',
    );
    expect(text).not.toContain('x@y.nl');
    expect(text).not.toContain('Jan');
  });
});

describe('content checks: codes skip the patterns, everything near a pattern is still checked', () => {
  it('full dates, addresses and names at the edges of what each pattern needs', async () => {
    const { containsFullDate, containsAddress, containsPersonName } = await import('../../src/data/identifiers.js');
    // two separators, exactly eight digits, or a digit before a month name (directly, after a dot and/or a space)
    for (const t of ['12-03-1985', '1985/3/12', '19850312', 'geb.19850312', '3 mei 1990', '3.mei 1990', '3. Mei 1990', '3mei1990']) expect(containsFullDate(t), t).toBe(true);
    for (const t of ['G000001', 'T0000012', 'x119850312', 'HS-0001', '1985-03']) expect(containsFullDate(t), t).toBe(false);
    // a street and number need a space; a postcode does not
    for (const t of ['Kerkstraat 12', '12 Baker Street', '8011AB', '8011 AB']) expect(containsAddress(t), t).toBe(true);
    for (const t of ['Kerkstraat12', 'G000001']) expect(containsAddress(t), t).toBe(false);
    // a name is two words or initials with a dot; one word of letters, digits, "-" and "_" is a code
    for (const t of ['J.Jansen', 'J. Jansen', 'Jan Jansen']) expect(containsPersonName(t), t).toBe(true);
    for (const t of ['Jan-Jansen', 'Jan_Jansen', 'JanJansen', 'G000001', 'mevrouw']) expect(containsPersonName(t), t).toBe(false);
  });
});

describe('date columns: lists of ISO dates', () => {
  it('a list of ISO dates in a date column is not personal data; a phone number beside a date still is', async () => {
    const { identifyingValueKind } = await import('../../src/data/identifiers.js');
    const dateColumn = { dates: false, text: false };
    for (const t of ['2016-06-27', '2016-06-27;2016-12-07', '2016-06-27,2016-12-07|2017-01-31']) expect(identifyingValueKind(t, dateColumn), t).toBeUndefined();
    expect(identifyingValueKind('2016-06-27;06-12345678', dateColumn)).toBe('phone');
    expect(identifyingValueKind('2016-06-27 0612345678', dateColumn)).toBe('phone');
  });
});
