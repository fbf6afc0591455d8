/**
 * Identifier detection: what a column name says it holds, and what a cell contains, when either is
 * personal data (names, addresses, contact details, identity numbers, dates of birth).
 *
 * - Column names are folded first ({@link foldText}: Unicode NFKD, accents dropped, Cyrillic and
 *   Greek look-alike letters mapped to Latin, lower case) and read as Dutch or English, compounds
 *   included (`naammoeder`, `moedernaam`, `naam kind (school)`, `naam_verwijzer`, `contactpersoon`,
 *   `pc6`, `geboren op`, `client nummer`, `IBAN`, …). Names of things pass (`naam instrument`,
 *   `site_name`, `schaalnaam`); so do 4-digit postcode areas (`postcode-gebied`, `pc4`), which
 *   identify a neighbourhood of thousands of addresses, not a household.
 * - Cell contents are scanned in linear time (every pattern is anchored on a cheap character test
 *   and bounded in length; no regular expression here can backtrack more than a fixed number of
 *   steps per character): e-mail addresses, Dutch and international phone numbers (also inside
 *   text: "bel 06-12345678", "+31 (0)6 1234 5678"), BSNs by the eleven-test anywhere in a cell,
 *   IBANs by their mod-97 checksum, full calendar dates (possible dates of birth), street and house
 *   number, Dutch 6-character postcodes, and person names (a common first name followed by a
 *   capitalised word, a title such as "mevrouw", or a run of capitalised words joined by a
 *   surname prefix such as "de", "van der", "el").
 *
 * The scanner ({@link ColumnScanner}) keeps only a few counters per column, so a whole file of any
 * size is screened in constant memory. One hit is enough: a single BSN in a column is personal data.
 */

/** What kind of personal data a column (or a cell) holds. */
export type IdentifyingKind =
  | 'name'
  | 'address'
  | 'postcode'
  | 'phone'
  | 'email'
  | 'bsn'
  | 'birth-date'
  | 'id-number'
  | 'iban'
  | 'contact';

// ---------------------------------------------------------------------------------------------
// Folding
// ---------------------------------------------------------------------------------------------

/** Latin look-alikes (Unicode confusables) that NFKD does not fold: Cyrillic, Greek, IPA, others. */
const CONFUSABLES: Readonly<Record<string, string>> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', ѕ: 's', і: 'i', ї: 'i', ј: 'j',
  ԁ: 'd', һ: 'h', ӏ: 'l', ԛ: 'q', ԝ: 'w', ь: 'b', г: 'r', п: 'n', л: 'n', и: 'n', д: 'd',
  А: 'a', В: 'b', Е: 'e', К: 'k', М: 'm', Н: 'h', О: 'o', Р: 'p', С: 'c', Т: 't', У: 'y', Х: 'x', Ѕ: 's', І: 'i', Ј: 'j', Ԁ: 'd', Һ: 'h', Ӏ: 'l',
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', μ: 'u', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', γ: 'y', ω: 'w',
  Α: 'a', Β: 'b', Ε: 'e', Ζ: 'z', Η: 'h', Ι: 'i', Κ: 'k', Μ: 'm', Ν: 'n', Ο: 'o', Ρ: 'p', Τ: 't', Υ: 'y', Χ: 'x',
  ɑ: 'a', ɡ: 'g', ɩ: 'i', ɪ: 'i', ʟ: 'l', ɴ: 'n', ʀ: 'r', ᴀ: 'a', ᴇ: 'e', ᴍ: 'm', ᴏ: 'o', ᴛ: 't', ᴜ: 'u',
  ı: 'i', ł: 'l', Ł: 'l', đ: 'd', Đ: 'd', ø: 'o', Ø: 'o', ß: 'ss', æ: 'ae', Æ: 'ae', œ: 'oe', Œ: 'oe', ŀ: 'l', ħ: 'h', ŧ: 't',
};
const CONFUSABLE_RE = new RegExp(`[${Object.keys(CONFUSABLES).join('')}]`, 'g');

/**
 * A text folded for matching: NFKD (full-width and compatibility forms to plain letters), combining
 * marks (accents) removed, Latin look-alike letters from other scripts mapped to Latin, lower case,
 * zero-width characters removed.
 * @example foldText('Géboortedatum') // 'geboortedatum'
 * @example foldText('nаam')          // 'naam' (the second letter is Cyrillic а)
 */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u200b-\u200f\u2060-\u2064\u00ad]/g, '')
    .replace(CONFUSABLE_RE, (c) => CONFUSABLES[c] ?? c)
    .toLowerCase();
}

function headerTokens(header: string): string[] {
  // camelCase boundaries before folding (folding lowers the case)
  const split = header.normalize('NFKD').replace(/([a-z])([A-Z])/g, '$1 $2');
  return foldText(split)
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

// ---------------------------------------------------------------------------------------------
// Column names
// ---------------------------------------------------------------------------------------------

const NAME_ROOTS = ['naam', 'namen', 'names', 'name'];
/** Words that make "naam/name" a person's name, also inside compounds (naammoeder, moedernaam). */
const PERSON_WORDS = [
  'moeder', 'mother', 'vader', 'father', 'ouder', 'parent', 'kind', 'child', 'baby', 'zoon', 'dochter', 'son', 'daughter',
  'verwijzer', 'referrer', 'contact', 'vrijwilliger', 'volunteer', 'coordinator', 'client', 'deelnemer', 'participant',
  'respondent', 'gezin', 'family', 'familie', 'partner', 'persoon', 'person', 'medewerker', 'begeleider', 'hulpverlener',
  'mentor', 'huisarts', 'arts', 'doctor', 'user', 'gebruiker', 'echtgeno', 'spouse', 'broer', 'zus', 'sibling', 'opa', 'oma',
  'voor', 'achter', 'roep', 'meisjes', 'tussen', 'first', 'last', 'sur', 'full', 'given', 'middle', 'nick', 'bij', 'maiden',
  'volledig', 'eigen', 'mevrouw', 'meneer', 'dhr', 'mw', 'aanvrager', 'melder', 'cliënt', 'patient', 'leerling', 'pupil', 'student',
  'docent', 'leerkracht', 'teacher', 'mama', 'papa', 'mum', 'dad', 'verzorger', 'caregiver', 'guardian', 'voogd',
];
/** Things whose name a column may hold (`naam instrument`, `site_name`, `schaalnaam`). */
const THING_WORDS = [
  'instrument', 'item', 'site', 'locatie', 'location', 'scale', 'schaal', 'file', 'bestand', 'group', 'groep', 'gemeente',
  'municipality', 'school', 'org', 'organisatie', 'organisation', 'organization', 'project', 'study', 'studie', 'variable',
  'variabele', 'team', 'wijk', 'dorp', 'village', 'plaats', 'city', 'stad', 'program', 'programma', 'regio', 'region',
  'vestiging', 'afdeling', 'instantie', 'vragenlijst', 'questionnaire', 'activiteit', 'activity', 'cursus', 'course',
  'training', 'kolom', 'column', 'land', 'country', 'taal', 'language', 'categorie', 'category', 'sheet', 'tabblad',
  'product', 'dataset', 'wave', 'meting', 'subscale', 'subschaal', 'domein', 'domain', 'test', 'vraag', 'question', 'doel',
  'goal', 'kern', 'provincie', 'province', 'tab', 'veld', 'field', 'rapport', 'report',
];

function containsAny(s: string, words: readonly string[]): boolean {
  for (const w of words) if (s.includes(w)) return true;
  return false;
}

/**
 * Dutch words that hold "name"/"naam"/"namen" without meaning a name: `nameting` (post-test, na +
 * meting; also `nametingen`), `deelname` (participation), `afname` (administration of a
 * questionnaire), `opname`, `inname`, `toename`, `aanname`, `overname`, `uitname`, and
 * `naamgeving` (naming). They are cut out before the name roots are looked for, so
 * `nosik_1_nameting`, `datum_nameting`, `deelname_gestart` and `datum afname` pass, while
 * `naam_afname_begeleider` still holds "naam" next to a person word. `naamgeving` next to a person
 * word (`naamgeving kind`) is still refused: there the column may well hold the name given.
 */
const NAME_LOOKALIKES = /nameting|deelname|afname|opname|inname|toename|aanname|overname|uitname|naamgeving/g;

function nameHeader(t: string[], joined: string): boolean {
  if (/voornaam|achternaam|roepnaam|meisjesnaam|familienaam|geslachtsnaam|firstname|lastname|surname|fullname|familyname|givenname|middlename|nickname|maidenname|bijnaam|voorletters|initialen|initials|tussenvoegsel|username|gebruikersnaam/.test(joined)) return true;
  if (t.includes('initialen') || t.includes('initials') || t.includes('voorletters')) return true;
  let rest = joined;
  let found = false;
  if (NAME_LOOKALIKES.test(joined)) {
    NAME_LOOKALIKES.lastIndex = 0;
    if (joined.includes('naamgeving') && containsAny(joined.split('naamgeving').join(' '), PERSON_WORDS)) return true;
    rest = joined.replace(NAME_LOOKALIKES, ' ');
  }
  NAME_LOOKALIKES.lastIndex = 0;
  for (const r of NAME_ROOTS) {
    if (rest.includes(r)) {
      found = true;
      rest = rest.split(r).join(' ');
    }
  }
  if (!found) return false;
  if (containsAny(rest, PERSON_WORDS)) return true;
  const pieces = rest.split(' ').filter(Boolean).map((p) => (p.length > 3 && p.endsWith('s') ? p.slice(0, -1) : p));
  if (pieces.length === 0) return true; // just "naam" / "name"
  // every left-over piece must name a thing (or be a number/short linking piece like "en", "of")
  let thing = false;
  for (const p of pieces) {
    if (THING_WORDS.some((w) => p === w || p.startsWith(w) || p.endsWith(w))) thing = true;
    else if (!/^\d+$/.test(p) && p.length > 2) return true;
  }
  return !thing;
}

/**
 * What a column name says the column holds, if it names personal data; `undefined` otherwise.
 * Dutch and English, compounds and separators of any kind, accents and look-alike letters folded.
 * @example identifyingHeaderKind('Naam moeder')        // 'name'
 * @example identifyingHeaderKind('naam instrument')    // undefined
 * @example identifyingHeaderKind('pc6')                // 'postcode'
 * @example identifyingHeaderKind('postcode-gebied')    // undefined (a 4-digit area, region level)
 */
export function identifyingHeaderKind(header: string): IdentifyingKind | undefined {
  const t = headerTokens(header);
  if (t.length === 0) return undefined;
  const joined = t.join('');
  const has = (w: string) => t.includes(w);
  if (/e?mailad|emailaddress|^e?mail$|email/.test(joined) || has('mail')) return 'email';
  if (has('bsn') || has('sofi') || has('ssn') || /burgerservicenummer|sofinummer|socialsecurity|citizenservicenumber|nationalinsurance|persoonsnummer|persoonsgebondennummer/.test(joined)) return 'bsn';
  if (has('iban') || /^iban|ibannummer|rekeningnummer|bankrekening|bankaccount|accountnumber|girorekening/.test(joined)) return 'iban';
  if (/geboortedatum|gebdatum|geboortedag|birthdate|dateofbirth|birthday|verjaardag|geborenop|geboren|bday|^geb$|^gebdat|^dob$|datumgeboorte|geboortemaand/.test(joined) || has('dob') || (has('geb') && (has('datum') || has('dat')))) return 'birth-date';
  if (/telefoon|phone|mobiel|mobile|gsm|telnr|telefoonnr|whatsapp|faxnummer|^fax$|cellphone|^06nummer|^mobielnummer/.test(joined) || has('tel') || has('cell') || has('fax')) return 'phone';
  if (/clientnummer|clientnr|clientnumber|dossiernummer|dossiernr|patientnummer|patientnr|klantnummer|klantnr|paspoort|passport|rijbewijs|driverslicen|identiteitskaart|identiteitsbewijs|idkaart|documentnummer|verzekerdennummer|polisnummer|zorgverzekering|kenteken|licenseplate|medicalrecord|nhsnumber|studentnummer|leerlingnummer|personeelsnummer|vognummer/.test(joined)) return 'id-number';
  if (/contactpersoon|contactgegevens|contactinfo|contactdetails|contactperson|noodcontact|emergencycontact/.test(joined)) return 'contact';
  if (/^(postcode|postalcode|zip|zipcode|pc|pc6|postcode6|postcodehuisnummer|postcodehuisnr)$/.test(joined) || /postcode6|pc6|zipcode|postalcode/.test(joined)) return 'postcode';
  if (/postcode/.test(joined) && !/gebied|regio|area|region|pc4|postcode4|vier|4cijfer|cijfers|wijk|district/.test(joined)) return 'postcode';
  if (/adres|address|straat|street|huisnummer|housenumber|huisnr|woonplaats|residence|postbus|woonadres|verblijfplaats|placeofbirth|geboorteplaats|hometown|woonachtig/.test(joined) || has('addr')) return 'address';
  if (nameHeader(t, joined)) return 'name';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------

/**
 * The BSN eleven-test (elfproef): for digits d1…d9, 9·d1 + 8·d2 + … + 2·d8 − d9 must be a
 * multiple of 11 (and not all zero). 8-digit numbers are padded with a leading zero.
 * @example passesBsnElevenTest('111222333') // true
 */
export function passesBsnElevenTest(text: string): boolean {
  const s = text.trim().replace(/[\s.-]/g, '');
  if (!/^\d{8,9}$/.test(s)) return false;
  const d = s.padStart(9, '0');
  if (/^0+$/.test(d)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * (d.charCodeAt(i) - 48);
  sum -= d.charCodeAt(8) - 48;
  return sum % 11 === 0;
}

/**
 * Whether a text is an IBAN with a valid ISO 13616 mod-97 checksum (spaces ignored).
 * @example passesIbanChecksum('NL91 ABNA 0417 1643 00') // true
 */
export function passesIbanChecksum(text: string): boolean {
  const s = text.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(s)) return false;
  const r = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (let i = 0; i < r.length; i++) {
    const c = r.charCodeAt(i);
    if (c <= 57) rem = (rem * 10 + (c - 48)) % 97;
    else rem = (rem * 100 + (c - 55)) % 97;
  }
  return rem === 1;
}

const EMAIL_LOCAL = /[A-Za-z0-9._%+\-'!#$&*=?^`{|}~]/;
const EMAIL_DOMAIN = /[A-Za-z0-9.-]/;

/**
 * Whether a text contains an e-mail address anywhere. Linear time: each `@` is checked with at most
 * 64 characters to its left and 255 to its right.
 * @example containsEmail('mail jan.smit@example.org vandaag') // true
 */
export function containsEmail(text: string): boolean {
  let at = text.indexOf('@');
  while (at >= 0) {
    let l = at - 1;
    let localLen = 0;
    while (l >= 0 && localLen < 64 && EMAIL_LOCAL.test(text[l])) {
      l--;
      localLen++;
    }
    if (localLen > 0) {
      let r = at + 1;
      let lastDot = -1;
      const end = Math.min(text.length, at + 256);
      while (r < end && EMAIL_DOMAIN.test(text[r])) {
        if (text[r] === '.') lastDot = r;
        r++;
      }
      if (lastDot > at + 1) {
        let tld = 0;
        for (let k = lastDot + 1; k < r && /[A-Za-z]/.test(text[k]); k++) tld++;
        if (tld >= 2) return true;
        // "a@b.nl." → the last dot ends the sentence; look at the dot before
        const dom = text.slice(at + 1, r).replace(/\.+$/, '');
        if (/\.[A-Za-z]{2,}$/.test(dom)) return true;
      }
    }
    at = text.indexOf('@', at + 1);
  }
  return false;
}

// A run of digits and phone/number separators: bounded, no nested quantifiers (linear).
const NUMBER_RUN = /\+?\(?\d[\d \u00a0\-\u2010-\u2015\u2212./()]{5,24}\d/g;

function digitsOf(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) out += s[i];
  }
  return out;
}

/**
 * Whether a run of digits and separators is a phone number: Dutch `0` + 9 digits (`06-12345678`,
 * `010 123 4567`), `+31`/`0031` + 9 digits (a `(0)` after the country code is dropped), or an
 * international number `+`/`00` + country code + 7 to 13 more digits.
 * @example isPhoneNumber('+31 (0)6 1234 5678') // true
 */
export function isPhoneNumber(run: string): boolean {
  const s = run.trim();
  const plus = s.startsWith('+');
  const cleaned = s.replace(/\(0\)/g, '');
  const d = digitsOf(cleaned);
  if (plus) {
    if (d.startsWith('31')) return d.length === 11 && d[2] !== '0';
    return d.length >= 9 && d.length <= 15 && d[0] !== '0';
  }
  if (d.startsWith('0031')) return d.length === 13 && d[4] !== '0';
  if (d.startsWith('00') && d.length >= 11 && d.length <= 17) return d[2] !== '0';
  if (d.length === 10 && d[0] === '0' && d[1] !== '0') {
    // a date such as 01-02-1985 also has ten digits: not a phone number
    if (/^\d{1,2}[-/.]\d{1,2}[-/.]\d{4}$/.test(s)) return false;
    return true;
  }
  return false;
}

const DATE_DMY = /(?:^|[^\d])(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?!\d)/g;
const DATE_YMD = /(?:^|[^\d])(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/g;
const DATE_COMPACT = /(?:^|[^\d])((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)/g;
const MONTHS = 'jan|feb|mrt|maa|apr|mei|may|jun|jul|aug|sep|okt|oct|nov|dec';
const DATE_WORDS = new RegExp(`(?:^|[^\\d])(\\d{1,2})\\.? ?(?:${MONTHS})[a-z]{0,7}\\.? ?((?:19|20)\\d{2})(?!\\d)`, 'gi');

function plausibleDate(y: number, m: number, d: number): boolean {
  const now = new Date().getUTCFullYear();
  return y >= 1900 && y <= now && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/**
 * Whether a text contains a full calendar date (day, month and a year from 1900 to this year):
 * `12-03-1985`, `1985-03-12`, `19850312`, `12 maart 1985`. In a column that is not a known date
 * column such a date may be a date of birth.
 * @example containsFullDate('geboren 3 mei 1990') // true
 */
export function containsFullDate(text: string): boolean {
  if (!mayHoldFullDate(text)) return false;
  for (const re of [DATE_DMY, DATE_YMD, DATE_COMPACT]) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) {
      const [a, b, c] = [Number(m[1]), Number(m[2]), Number(m[3])];
      if (re === DATE_DMY ? plausibleDate(c, b, a) : plausibleDate(a, b, c)) return true;
      re.lastIndex = m.index + 1;
    }
  }
  if (/[a-z]/i.test(text)) {
    DATE_WORDS.lastIndex = 0;
    const m = DATE_WORDS.exec(text);
    if (m && plausibleDate(Number(m[2]), 1, Number(m[1]))) return true;
  }
  return false;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/**
 * What every pattern of {@link containsFullDate} needs, in one pass over the characters (codes, idents and
 * numbers have none of it, so they skip the patterns): two of `-`, `/`, `.` (day-month-year and year-month-day),
 * a run of exactly eight digits (the compact date), or a digit followed by a letter, directly or after a dot
 * and/or a space (a day and a month name; case-insensitive, ASCII letters only).
 */
function mayHoldFullDate(text: string): boolean {
  let seps = 0;
  let run = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      run++;
      let j = i + 1;
      if (text.charCodeAt(j) === 46) j++;
      if (text.charCodeAt(j) === 32) j++;
      if (isAsciiLetter(text.charCodeAt(j))) return true;
      continue;
    }
    if (run === 8) return true;
    run = 0;
    if ((c === 45 || c === 47 || c === 46) && ++seps >= 2) return true;
  }
  return run === 8;
}

const STREET_SUFFIXES = [
  'straat', 'laan', 'weg', 'plein', 'singel', 'gracht', 'kade', 'dijk', 'dreef', 'hof', 'park', 'pad', 'steeg', 'markt', 'baan',
  'plantsoen', 'erf', 'wal', 'ring', 'dam', 'lane', 'street', 'road', 'avenue', 'drive', 'close', 'square', 'boulevard',
];
const STREET_EN = /(?:^|[^\d])\d{1,5} [A-Z][a-z]{1,30} (?:Street|St|Road|Rd|Avenue|Ave|Lane|Drive|Close)(?![a-z])/;
const POSTCODE6 = /(?:^|[^\dA-Za-z])[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}(?![A-Za-z])/;

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7);
}

/**
 * Whether a text contains a street and house number (`Kerkstraat 12`, `Dorpsweg 3a`,
 * `12 Baker Street`) or a 6-character Dutch postcode (`8011 AB`). Linear: every digit run that
 * follows a space looks back at one word of at most 40 letters.
 * @example containsAddress('woont Kerkstraat 12a') // true
 */
export function containsAddress(text: string): boolean {
  if (POSTCODE6.test(text)) return true;
  // a street and number need a space (the one before the number, or in the English pattern)
  if (text.indexOf(' ') < 0) return false;
  const n = text.length;
  for (let i = 1; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) continue;
    const p = text.charCodeAt(i - 1);
    if (p >= 48 && p <= 57) continue; // not the start of a digit run
    // one to three spaces, optionally after a dot, then a word ending in a street suffix
    let k = i - 1;
    let spaces = 0;
    while (k >= 0 && text.charCodeAt(k) === 32 && spaces < 3) {
      k--;
      spaces++;
    }
    if (spaces === 0) continue;
    if (k >= 0 && text.charCodeAt(k) === 46) k--;
    const end = k + 1;
    let len = 0;
    while (k >= 0 && len < 40 && isLetter(text.charCodeAt(k))) {
      k--;
      len++;
    }
    if (len < 4) continue;
    const word = text.slice(end - len, end).toLowerCase();
    for (const suf of STREET_SUFFIXES) if (word.endsWith(suf) && word.length > suf.length) return true;
    if (word === 'hoofdstraat' || word === 'dorpsstraat') return true;
  }
  return STREET_EN.test(text);
}

const IBAN_CANDIDATE = /[A-Z]{2}\d{2}(?: ?[A-Z0-9]){10,30}/g;

/**
 * Whether a text contains an IBAN (checked by its mod-97 checksum), with or without the usual
 * groups of four.
 * @example containsIban('rekening NL91 ABNA 0417 1643 00 graag') // true
 */
export function containsIban(text: string): boolean {
  IBAN_CANDIDATE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = IBAN_CANDIDATE.exec(text))) {
    const s = m[0].replace(/ /g, '');
    for (let len = s.length; len >= 14; len--) if (passesIbanChecksum(s.slice(0, len))) return true;
    IBAN_CANDIDATE.lastIndex = m.index + 1;
  }
  return false;
}

/** Common first names in the Netherlands and Flanders (also Moroccan-, Turkish- and Surinamese-Dutch), and English ones. */
const FIRST_NAMES = new Set(
  (
    'jan piet kees henk gerrit willem hendrik johannes cornelis klaas dirk pieter jacob jeroen mark martijn bas tim thijs daan sem lucas luuk milan ' +
    'levi noah finn jesse bram lars ruben stijn niels tom koen sander erik peter paul frank rob robert hans johan marco michel dennis patrick ' +
    'mohammed mohamed ahmed ali mustafa mehmet hasan hassan yusuf ibrahim omar youssef karim rachid abdel said ayoub anouar ' +
    'maria anna johanna cornelia elisabeth wilhelmina hendrika petra anja monique linda sandra ingrid marieke sanne lisa eva emma julia sophie ' +
    'anne lotte fleur iris femke esther miriam karin marloes annemieke ilse nicole kim laura sarah sara fatima fatma aisha ayse khadija ' +
    'naima samira nadia yasmina zeynep elif emine hatice meryem leyla latifa malika soumaya ' +
    'john james michael david william richard joseph thomas charles christopher daniel matthew anthony steven andrew joshua kevin brian george ' +
    'mary patricia jennifer elizabeth barbara susan jessica karen nancy lisa betty margaret ashley emily michelle amanda melissa olivia ' +
    'sophia isabella mia charlotte amelia harper evelyn liam oliver elijah benjamin henry alexander sebastian jack owen samuel ' +
    'mevrouw meneer mevr dhr mw mr mrs ms miss'
  ).split(/\s+/),
);
const SURNAMES = new Set(
  (
    'jong jansen vries berg dijk bakker janssen visser smit meijer meyer boer mulder groot bos vos peters hendriks leeuwen dekker brouwer wit ' +
    'dijkstra smits graaf meer linden kok jacobs haan vermeulen heuvel veen broek bruijn bruin schouten beek willems wal yilmaz kaya demir sahin'
  ).split(/\s+/),
);
const INITIALS_NAME = /(?:^|[\s(,;])(?:[A-Z]\.){1,4} ?(?:(?:van|de|der|den|ter|ten|el|vd)\.? ){0,3}[A-Z][a-z]{2,30}(?![a-z])/;
const TITLES = new Set(['mevrouw', 'meneer', 'mevr', 'dhr', 'mw', 'mr', 'mrs', 'ms', 'miss', 'heer']);
const PREFIXES = new Set(['van', 'de', 'der', 'den', 'het', "'t", 'ter', 'ten', 'te', 'el', 'al', 'op', 'in', 'la', 'le', 'du', 'da', 'di', 'bin', 'ben', 'von', 'vd']);

function isCapitalised(w: string): boolean {
  if (w.length < 2) return false;
  const c = w.charCodeAt(0);
  const upper = (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0xde);
  if (!upper) return false;
  for (let i = 1; i < w.length; i++) {
    const ch = w[i];
    if (!/[a-z\u00df-\u00ff'\-]/.test(ch)) return false;
  }
  return true;
}

/**
 * Whether a text contains what looks like a person's name: a common first name (or a title such as
 * `mevrouw`, `dhr.`) followed by a capitalised word, possibly after a surname prefix (`Fatima El
 * Amrani`, `mevrouw de Vries`), or initials and a surname (`J. Jansen`, `A.B. de Vries`). Place
 * names such as `Bergen op Zoom` or `Hof van Twente` pass. Meant for free-text and unknown columns;
 * texts longer than 2,000 characters are checked on their first 2,000.
 * @example containsPersonName('gesprek met Jan Jansen gehad') // true
 * @example containsPersonName('Home-Start Dalfsen')           // false
 */
export function containsPersonName(text: string): boolean {
  // a name is two words, or initials with a dot: one word of ASCII letters and digits (a code) is neither
  if (isOneAsciiWord(text)) return false;
  const s = text.length > 2000 ? text.slice(0, 2000) : text;
  const words = s.split(/[\s,;:()"]+/).filter(Boolean);
  for (let i = 0; i < words.length - 1; i++) {
    const w = words[i].replace(/\.$/, '');
    const lw = foldText(w);
    if ((FIRST_NAMES.has(lw) && !TITLES.has(lw) && isCapitalised(w)) || TITLES.has(lw)) {
      let j = i + 1;
      while (j < words.length && PREFIXES.has(words[j].toLowerCase()) && j - i < 4) j++;
      if (j < words.length && isCapitalised(words[j])) return true;
    }
    if (SURNAMES.has(lw) && isCapitalised(w) && i > 0 && /^(?:[A-Z]\.)+$/.test(words[i - 1])) return true;
  }
  // initials and a surname: "J. Jansen", "A.B. de Vries"
  if (INITIALS_NAME.test(s)) return true;
  return false;
}

/** Whether a text is ASCII letters, digits, `-` and `_` only (no separator of {@link containsPersonName}'s words, no dot). */
function isOneAsciiWord(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || isAsciiLetter(c) || c === 45 || c === 95)) return false;
  }
  return true;
}

/**
 * Whether a participant id reads like a name rather than a code: letters only (with spaces,
 * hyphens, apostrophes or dots) and at least three letters. Pseudonymous codes carry a digit
 * (`HS-0001`, `P017`).
 * @example idLooksLikeName('Jansen')  // true
 * @example idLooksLikeName('HS-0001') // false
 */
export function idLooksLikeName(id: string): boolean {
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (c >= 48 && c <= 57) return false; // a digit: a code (checked before the costly folding)
  }
  const t = foldText(id.trim());
  if (/\d/.test(t)) return false;
  let letters = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 97 && c <= 122) letters++;
    else if (!(c === 32 || c === 45 || c === 39 || c === 46 || c === 95)) return false;
  }
  return letters >= 3;
}

/**
 * Whether a run of digits is written like a BSN: 9 digits, plain or grouped with spaces or dots
 * (`123456782`, `123 456 782`, `1234.56.782`), or 8 plain digits (a BSN with its leading zero
 * dropped) that are not a compact date; and it passes the eleven-test. Dashes and slashes are date
 * and phone separators, not BSN ones.
 */
function bsnLike(run: string): boolean {
  const r = run.trim();
  if (!/^\d[\d .]*\d$/.test(r)) return false;
  const d = digitsOf(r);
  if (d.length === 9) return passesBsnElevenTest(d);
  if (d.length === 8 && d === r) {
    if (/^(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])$/.test(d)) return false;
    return passesBsnElevenTest(d);
  }
  return false;
}

/** Whether the 10 characters of a text from `at` other than positions 4 and 7 are all digits. */
function isoDigits(text: string, at = 0): boolean {
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const c = text.charCodeAt(at + i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Whether a text is ISO-shaped dates (`dddd-dd-dd`), one or more, each after the first following one `;`, `,` or `|`. */
function isIsoDateList(text: string): boolean {
  const n = text.length;
  if ((n + 1) % 11 !== 0) return false;
  for (let at = 0; at < n; at += 11) {
    if (text.charCodeAt(at + 4) !== 45 || text.charCodeAt(at + 7) !== 45 || !isoDigits(text, at)) return false;
    if (at + 10 < n) {
      const sep = text.charCodeAt(at + 10);
      if (sep !== 59 && sep !== 44 && sep !== 124) return false;
    }
  }
  return true;
}

export interface ValueCheckOptions {
  /** Look for full dates (possible dates of birth): false in known date columns. */
  dates?: boolean;
  /** Look for person names and addresses (free-text and unknown columns). */
  text?: boolean;
}

/**
 * What kind of personal data one cell contains, if any. Cheap character tests pick which checks
 * run, so short codes and numbers cost almost nothing.
 * @example identifyingValueKind('bel 06-12345678') // 'phone'
 * @example identifyingValueKind('4')               // undefined
 */
export function identifyingValueKind(text: string, options: ValueCheckOptions = { dates: true, text: true }): IdentifyingKind | undefined {
  const n = text.length;
  if (n < 5) return undefined;
  // ISO dates YYYY-MM-DD alone or as a list (`2016-06-27;2016-12-07`, separated by `;`, `,` or `|`, which end a run
  // of digits), where neither dates nor text are looked for (a date column): no run of them is a phone number (eight
  // digits) or a citizen service number (it has dashes), and there is nothing else in them
  if (options.dates === false && options.text === false && isIsoDateList(text)) return undefined;
  let digits = 0;
  let at = false;
  let upper = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 64) at = true;
    else if (c >= 65 && c <= 90) upper++;
  }
  if (at && containsEmail(text)) return 'email';
  if (upper >= 2 && digits >= 2 && n >= 14) {
    if (containsIban(text)) return 'iban';
  }
  if (digits >= 8) {
    NUMBER_RUN.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = NUMBER_RUN.exec(text))) {
      const run = m[0];
      const before = m.index > 0 ? text[m.index - 1] : '';
      if (isPhoneNumber(run)) return 'phone';
      if (!/[A-Za-z]/.test(before)) {
        if (bsnLike(run)) return 'bsn';
        // a run may hold several numbers, e.g. "12-03-1985 0612345678": try its parts
        const parts = run.split(/[ \u00a0]+/);
        if (parts.length > 1) {
          for (const p of parts) {
            if (bsnLike(p)) return 'bsn';
            if (isPhoneNumber(p)) return 'phone';
          }
        }
      }
      NUMBER_RUN.lastIndex = m.index + Math.max(1, run.length);
    }
  }
  if (options.dates !== false && digits >= 5 && containsFullDate(text)) return 'birth-date';
  if (options.text !== false) {
    if (upper >= 2 && digits >= 4 && POSTCODE6.test(text)) return 'postcode';
    if (digits >= 1 && containsAddress(text)) return 'address';
    if (upper >= 1 && n >= 6 && containsPersonName(text)) return 'name';
  }
  return undefined;
}

/**
 * Whether a single value looks like personal data (used before showing a value in a message): any
 * kind except a bare date, which is shown in messages about date columns; a date that is personal
 * data is caught by the whole-file screen, which refuses the file and drops every row message.
 * @example looksIdentifyingValue('NL91ABNA0417164300') // true
 */
export function looksIdentifyingValue(text: string): boolean {
  return identifyingValueKind(text, { dates: false, text: true }) !== undefined;
}

// ---------------------------------------------------------------------------------------------
// Whole-file scanning
// ---------------------------------------------------------------------------------------------

/** How a column is screened. */
export type ColumnRole =
  /** The participant (or family/volunteer) id: everything, plus ids that read like names. */
  | 'id'
  /** A known column with typed values (numbers, codes, yes/no): no name/address/date checks. */
  | 'typed'
  /** A known date column: no date check. */
  | 'date'
  /** Unknown or free-text columns: every check. */
  | 'free';

export interface ContentHit {
  index: number;
  kind: IdentifyingKind;
}

/** Values per column that {@link ColumnScanner} remembers as checked and clean (codes and categories repeat). */
const CLEAN_VALUES = 256;

/**
 * Screens every cell of every column of a file as it streams by, in constant memory: per column
 * the role, the last value seen and up to 256 values found clean (each value is checked once:
 * the check depends on the value and the column's role alone) and the first hit.
 */
export class ColumnScanner {
  private readonly roles: ColumnRole[];
  private readonly last: string[];
  private readonly clean: Array<Set<string>>;
  private readonly hits: Array<IdentifyingKind | undefined>;
  private remaining: number;

  constructor(roles: readonly ColumnRole[]) {
    this.roles = [...roles];
    this.last = roles.map(() => '');
    this.clean = roles.map(() => new Set<string>());
    this.hits = roles.map(() => undefined);
    this.remaining = roles.length;
  }

  /** Checks one row's cells. */
  row(cells: readonly string[]): void {
    if (this.remaining === 0) return;
    const last = this.last;
    const n = cells.length < last.length ? cells.length : last.length;
    for (let i = 0; i < n; i++) {
      const v = cells[i];
      // the value checked last in this column (ids, groups and codes repeat row after row)
      if (v === last[i]) continue;
      if (v.length < 5) {
        // ids of 3–4 letters ("Ann", "Jan") are short: check them too (nothing shorter is ever personal data)
        if (v.length >= 3 && this.roles[i] === 'id' && this.hits[i] === undefined && idLooksLikeName(v)) {
          this.hits[i] = 'name';
          this.remaining--;
        }
        continue;
      }
      last[i] = v;
      if (this.hits[i] !== undefined) continue;
      const clean = this.clean[i];
      if (clean.has(v)) continue;
      const role = this.roles[i];
      let kind: IdentifyingKind | undefined;
      if (role === 'id') kind = identifyingValueKind(v) ?? (idLooksLikeName(v) ? 'name' : undefined);
      else if (role === 'typed') kind = identifyingValueKind(v, { dates: true, text: false });
      else if (role === 'date') kind = identifyingValueKind(v, { dates: false, text: false });
      else kind = identifyingValueKind(v);
      if (kind) {
        this.hits[i] = kind;
        this.remaining--;
      } else if (clean.size < CLEAN_VALUES) clean.add(v);
    }
  }

  /** Columns found to hold personal data, by index. */
  found(): ContentHit[] {
    const out: ContentHit[] = [];
    this.hits.forEach((kind, index) => {
      if (kind) out.push({ index, kind });
    });
    return out;
  }
}
