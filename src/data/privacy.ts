/**
 * Privacy screening (domain brief §5, AVG/GDPR): the toolkit accepts pseudonymous data only.
 * A table with a column that identifies a person is refused as a whole — by the column's header
 * (naam, adres, telefoon, e-mail, BSN, geboortedatum, …) or by what its first rows contain (e-mail
 * addresses, Dutch phone numbers, 9-digit numbers that pass the BSN eleven-test, full dates in a
 * column whose name suggests birth). Messages name the column and what it seems to hold, never a
 * value from it.
 */

/** How many data rows are looked at for content sniffing. */
export const PRIVACY_SAMPLE_ROWS = 100;

export type IdentifyingKind = 'name' | 'address' | 'postcode' | 'phone' | 'email' | 'bsn' | 'birth-date';

export interface IdentifyingColumn {
  /** Header index. */
  index: number;
  /** Header text (a header is not a value; it is safe to show). */
  column: string;
  kind: IdentifyingKind;
  /** Recognised by its header, or by the content of its first rows. */
  how: 'header' | 'content';
}

const KIND_TEXT: Record<IdentifyingKind, string> = {
  name: 'names',
  address: 'addresses',
  postcode: 'postcodes (together with house numbers they identify an address)',
  phone: 'phone numbers',
  email: 'e-mail addresses',
  bsn: 'citizen service numbers (BSN)',
  'birth-date': 'dates of birth',
};

function tokens(header: string): string[] {
  return header
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const NAME_CONTEXT = new Set([
  'site', 'locatie', 'location', 'instrument', 'scale', 'schaal', 'file', 'bestand', 'group', 'groep', 'gemeente',
  'municipality', 'school', 'org', 'organisatie', 'organisation', 'organization', 'project', 'study', 'studie',
  'variable', 'variabele', 'item', 'team', 'wijk', 'dorp', 'village', 'plaats', 'city', 'stad', 'program', 'programma',
  'regio', 'region', 'vestiging', 'afdeling', 'verwijzer', 'referrer', 'instantie',
]);

/**
 * What a column header says it holds, if it names personal data.
 * @example identifyingHeader('Achternaam') // 'name'
 * @example identifyingHeader('site_name')  // undefined (the name of a site, not a person)
 */
export function identifyingHeader(header: string): IdentifyingKind | undefined {
  const t = tokens(header);
  if (t.length === 0) return undefined;
  const joined = t.join('');
  const has = (w: string) => t.includes(w);
  if (/^(e?mail|emailadres|mailadres|emailaddress)$/.test(joined) || has('email') || has('mail') || /e?mailad/.test(joined)) return 'email';
  if (has('bsn') || /burgerservicenummer|sofinummer/.test(joined) || has('sofi')) return 'bsn';
  if (/geboortedatum|gebdatum|birthdate|dateofbirth|geboortedag|birthday|verjaardag/.test(joined) || has('dob')) return 'birth-date';
  if (/telefoon|phone|mobiel|mobile|gsm|telnr/.test(joined) || has('tel')) return 'phone';
  if (/adres|address|straat|street|huisnummer|housenumber|woonplaatsadres/.test(joined) || has('huisnr')) return 'address';
  if (/voornaam|achternaam|roepnaam|firstname|lastname|surname|fullname|familyname|familienaam|meisjesnaam|voorletters|tussenvoegsel|givenname/.test(joined)) return 'name';
  if ((has('naam') || has('name') || has('namen') || has('names')) && !t.some((w) => NAME_CONTEXT.has(w))) return 'name';
  return undefined;
}

function isPostcodeHeader(header: string): boolean {
  const j = tokens(header).join('');
  return /^(postcode|postalcode|zip|zipcode|pc)$/.test(j);
}

function suggestsBirth(header: string): boolean {
  return /geboren|geboorte|birth|born|dob|^geb/.test(tokens(header).join(''));
}

const EMAIL = /[^\s@,;]+@[^\s@,;]+\.[a-z]{2,}/i;
const PHONE = /^(?:\+31|0031|0)[1-9]\d{8}$/;

/**
 * Whether a text is a Dutch phone number (+31 / 0031 / 0 followed by 9 digits; spaces, dashes,
 * dots and brackets ignored). Only whole cells count, not numbers inside free text.
 * @example looksLikeDutchPhone('+31 6 12345678') // true
 */
export function looksLikeDutchPhone(text: string): boolean {
  const s = text.trim();
  if (!/^[+\d(][\d\s\-().]{8,18}$/.test(s)) return false;
  return PHONE.test(s.replace(/[\s\-().]/g, ''));
}

/**
 * The BSN eleven-test (elfproef): for digits d1…d9, 9·d1 + 8·d2 + … + 2·d8 − d9 must be a
 * multiple of 11 (and not all zero). 8-digit numbers are padded with a leading zero.
 * @example passesBsnElevenTest('111222333') // true
 */
export function passesBsnElevenTest(text: string): boolean {
  const s = text.trim().replace(/[\s.]/g, '');
  if (!/^\d{8,9}$/.test(s)) return false;
  const d = s.padStart(9, '0');
  if (/^0+$/.test(d)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * (d.charCodeAt(i) - 48);
  sum -= d.charCodeAt(8) - 48;
  return sum % 11 === 0;
}

function isFullDate(text: string): boolean {
  const t = text.trim();
  return /^\d{4}-\d{1,2}-\d{1,2}/.test(t) || /^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$/.test(t) || /^\d{8}$/.test(t);
}

/**
 * What the first values of a column hold, if they look like personal data: an e-mail address
 * anywhere in a cell; a whole cell that is a Dutch phone number; 8–9 digit numbers passing the BSN
 * eleven-test in at least half of the filled cells (random 9-digit ids pass 1 time in 11); a full
 * date in a column whose name suggests birth (geboren, birth, dob, …).
 * @example sniffIdentifyingContent('nummer', ['111222333', '123456782']) // 'bsn'
 */
export function sniffIdentifyingContent(header: string, values: readonly string[]): IdentifyingKind | undefined {
  let nonEmpty = 0;
  let bsnPass = 0;
  let dates = 0;
  const birth = suggestsBirth(header);
  for (const raw of values) {
    const v = raw ?? '';
    if (v.trim() === '') continue;
    nonEmpty++;
    if (EMAIL.test(v)) return 'email';
    if (looksLikeDutchPhone(v)) return 'phone';
    const digits = v.trim().replace(/[\s.]/g, '');
    if (/^\d{8,9}$/.test(digits) && passesBsnElevenTest(digits)) bsnPass++;
    if (birth && isFullDate(v)) dates++;
  }
  if (bsnPass > 0 && bsnPass * 2 >= nonEmpty) return 'bsn';
  if (birth && dates > 0) return 'birth-date';
  return undefined;
}

/**
 * Screens a table: header names first, then the content of the given sample rows.
 * Returns the identifying columns (empty when the table may be read).
 */
export function checkIdentifyingColumns(header: readonly string[], sampleRows: readonly (readonly string[])[]): IdentifyingColumn[] {
  const found: IdentifyingColumn[] = [];
  const flagged = new Set<number>();
  header.forEach((h, index) => {
    const kind = identifyingHeader(h);
    if (kind) {
      found.push({ index, column: h, kind, how: 'header' });
      flagged.add(index);
    }
  });
  if (found.some((f) => f.kind === 'address')) {
    header.forEach((h, index) => {
      if (!flagged.has(index) && isPostcodeHeader(h)) {
        found.push({ index, column: h, kind: 'postcode', how: 'header' });
        flagged.add(index);
      }
    });
  }
  header.forEach((h, index) => {
    if (flagged.has(index)) return;
    const kind = sniffIdentifyingContent(h, sampleRows.map((r) => r[index] ?? ''));
    if (kind) found.push({ index, column: h, kind, how: 'content' });
  });
  return found.sort((a, b) => a.index - b.index);
}

/**
 * The sentence shown when a file is refused: names each column and what it seems to hold (never a
 * value), and tells the user how to pseudonymise.
 */
export function privacyRefusalText(file: string, found: readonly IdentifyingColumn[]): string {
  const parts = found.map((f) =>
    f.how === 'header'
      ? `column "${f.column}" holds ${KIND_TEXT[f.kind]} (judged by its name)`
      : `column "${f.column}" seems to contain ${KIND_TEXT[f.kind]} (judged by its values)`,
  );
  return (
    `${file}: the file was refused because it identifies people: ${parts.join('; ')}. ` +
    'Data about families must be pseudonymous: remove these columns, or replace names and other identifiers with a code such as HS-0001, ' +
    'and keep age in years instead of a date of birth. No row of this file was used (rule identifying-column).'
  );
}
