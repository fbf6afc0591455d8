/**
 * Privacy screening (domain brief §5, AVG/GDPR): the toolkit accepts pseudonymous data only.
 * A table with a column that identifies a person is refused as a whole — by the column's name
 * (naam, adres, telefoon, e-mail, BSN, geboortedatum, postcode, IBAN, …; see `identifiers.ts`) or
 * by what any of its cells contain, over the WHOLE file (e-mail addresses, phone numbers, BSNs,
 * IBANs, full dates outside known date columns, streets with a house number, names in free text,
 * participant ids that read like names). One hit is enough.
 *
 * Messages name the column and what it seems to hold, never a value from it. A header cell that
 * itself looks like personal data (a file without a header row whose first row is data) is named
 * by its position only.
 */
import { ColumnScanner, identifyingHeaderKind, identifyingValueKind, type ColumnRole, type IdentifyingKind } from './identifiers.js';
import { showColumn } from './safe-text.js';

export type { IdentifyingKind } from './identifiers.js';
export { passesBsnElevenTest } from './identifiers.js';

export interface IdentifyingColumn {
  /** Header index. */
  index: number;
  /** Header text as shown in messages (escaped, cut); `column <n>` when the header cell itself looks like personal data. */
  column: string;
  kind: IdentifyingKind;
  /** Recognised by its header, by the content of its cells, or because the header cell itself is a value. */
  how: 'header' | 'content' | 'header-value';
}

const KIND_TEXT: Record<IdentifyingKind, string> = {
  name: 'names',
  address: 'addresses',
  postcode: 'postcodes (a 6-character postcode identifies a handful of addresses; use the 4-digit area at most)',
  phone: 'phone numbers',
  email: 'e-mail addresses',
  bsn: 'citizen service numbers (BSN)',
  'birth-date': 'dates of birth',
  'id-number': 'identity or file numbers (client, dossier, passport, …)',
  iban: 'bank account numbers (IBAN)',
  contact: 'contact details',
};

const CONTENT_TEXT: Partial<Record<IdentifyingKind, string>> = {
  'birth-date': 'full calendar dates (possibly dates of birth)',
  name: "people's names",
  address: 'addresses (a street and house number)',
};

/**
 * What a column header says it holds, if it names personal data.
 * @example identifyingHeader('Achternaam') // 'name'
 * @example identifyingHeader('site_name')  // undefined (the name of a site, not a person)
 */
export function identifyingHeader(header: string): IdentifyingKind | undefined {
  return identifyingHeaderKind(header);
}

/**
 * Whether a whole text is a phone number (Dutch `0` + 9 digits, `+31`/`0031` + 9 digits, or an
 * international `+` number; spaces, dashes, dots and brackets ignored).
 * @example looksLikeDutchPhone('+31 6 12345678') // true
 */
export function looksLikeDutchPhone(text: string): boolean {
  const s = text.trim();
  if (!/^[+\d(][\d\s\-().]{8,18}$/.test(s)) return false;
  return identifyingValueKind(s, { dates: false, text: false }) === 'phone';
}

/**
 * What the values of a column hold, if any of them looks like personal data (see
 * `identifyingValueKind`): one e-mail address, phone number, BSN, IBAN, full date (outside a
 * column named as a measurement date), street and number, or name is enough.
 * @example sniffIdentifyingContent('nummer', ['HS-1', '111222333']) // 'bsn'
 */
export function sniffIdentifyingContent(header: string, values: readonly string[]): IdentifyingKind | undefined {
  const scanner = new ColumnScanner([roleOfHeader(header)]);
  for (const v of values) scanner.row([v ?? '']);
  return scanner.found()[0]?.kind;
}

const DATE_HEADERS = /^(date|datum|meetdatum|measurement_date|invuldatum|afnamedatum|datum_meting|meetmoment_datum)$/;

function roleOfHeader(header: string): ColumnRole {
  return DATE_HEADERS.test(header.trim().toLowerCase()) ? 'date' : 'free';
}

/**
 * Screens a file's columns as it streams: header names when the header arrives, every cell of
 * every row after that. Constant memory (a few values per column).
 */
export class PrivacyScreen {
  /** Columns refused by their name (or a header cell that is a value), known as soon as the header is read. */
  readonly byHeader: IdentifyingColumn[];
  private readonly scanner: ColumnScanner;
  private readonly header: readonly string[];

  /**
   * @param header the cleaned header
   * @param roles how each column is screened (default: `free` for every column, `date` for columns
   *   named like a measurement date)
   */
  constructor(header: readonly string[], roles?: readonly ColumnRole[]) {
    this.header = header;
    this.byHeader = identifyingColumnsByHeader(header);
    this.scanner = new ColumnScanner(header.map((h, i) => roles?.[i] ?? roleOfHeader(h)));
  }

  row(cells: readonly string[]): void {
    this.scanner.row(cells);
  }

  /** Every identifying column found so far (by header first, then by content), in column order. */
  found(): IdentifyingColumn[] {
    const out = [...this.byHeader];
    const flagged = new Set(out.map((f) => f.index));
    for (const h of this.scanner.found()) {
      if (flagged.has(h.index)) continue;
      out.push({ index: h.index, column: showColumn(this.header[h.index] ?? `column ${h.index + 1}`), kind: h.kind, how: 'content' });
    }
    return out.sort((a, b) => a.index - b.index);
  }
}

function identifyingColumnsByHeader(header: readonly string[]): IdentifyingColumn[] {
  const found: IdentifyingColumn[] = [];
  header.forEach((h, index) => {
    const asValue = h.length >= 5 ? identifyingValueKind(h) : undefined;
    if (asValue && identifyingHeaderKind(h) === undefined) {
      found.push({ index, column: `column ${index + 1}`, kind: asValue, how: 'header-value' });
      return;
    }
    const kind = identifyingHeaderKind(h);
    if (kind) found.push({ index, column: showColumn(h), kind, how: 'header' });
  });
  return found;
}

/**
 * Screens a table held in memory: header names first, then every cell of the given rows.
 * Returns the identifying columns (empty when the table may be read).
 */
export function checkIdentifyingColumns(header: readonly string[], rows: readonly (readonly string[])[]): IdentifyingColumn[] {
  const screen = new PrivacyScreen(header);
  for (const r of rows) screen.row(r);
  return screen.found();
}

/**
 * The sentence shown when a file is refused: names each column and what it seems to hold (never a
 * value), and tells the user how to pseudonymise.
 */
export function privacyRefusalText(file: string, found: readonly IdentifyingColumn[]): string {
  const parts = found.map((f) =>
    f.how === 'header'
      ? `column "${f.column}" holds ${KIND_TEXT[f.kind]} (judged by its name)`
      : f.how === 'header-value'
        ? `the header cell of ${f.column} looks like ${KIND_TEXT[f.kind]} itself (not shown; does the file lack a header row?)`
        : `column "${f.column}" seems to contain ${CONTENT_TEXT[f.kind] ?? KIND_TEXT[f.kind]} (judged by its values)`,
  );
  return (
    `${file}: the file was refused because it identifies people: ${parts.join('; ')}. ` +
    'Data about families must be pseudonymous: remove these columns, or replace names and other identifiers with a code such as HS-0001, ' +
    'and keep age in years instead of a date of birth. No row of this file was used (rule identifying-column).'
  );
}

