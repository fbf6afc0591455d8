/**
 * Safe text for messages: the one place that decides whether a cell value may appear in a message,
 * a log line or a rejects file, and how it is written there.
 *
 * The rule (docs/data-formats.md, *What messages show*): a value is shown only when it comes from a
 * known, non-identifying column (the caller's responsibility: only known columns call
 * {@link showValue}), and it is short (at most {@link MAX_SHOWN_VALUE} characters), printable (no
 * control characters) and does not itself look like personal data (e-mail, phone, BSN, IBAN, a full
 * date, a street and number — see `identifiers.ts`). Anything else is described, never echoed:
 * `a value of 212 characters`, `a value that looks like an e-mail address`.
 *
 * Every message also passes through {@link cleanMessage}: control characters (NUL included) become
 * `\uXXXX` escapes and the message is capped at {@link MAX_MESSAGE} characters.
 */
import { looksIdentifyingValue } from './identifiers.js';

/** Longest value shown in a message (longer ones are described by their length only). */
export const MAX_SHOWN_VALUE = 40;

/** Longest message (longer ones are cut with "…"). */
export const MAX_MESSAGE = 2000;

/** Longest column name shown in a message (longer ones are cut with "…"). */
export const MAX_SHOWN_COLUMN = 80;

// C0 controls, DEL, C1 controls, line/paragraph separators, bidi overrides and isolates, BOM.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;
const CONTROL_G = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

function escapeControl(c: string): string {
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  if (c === '\t') return '\\t';
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * Whether a text has no control characters (tab, line breaks, NUL, bidi overrides, …).
 * @example isPrintable('4,0') // true
 */
export function isPrintable(text: string): boolean {
  return !CONTROL.test(text);
}

/**
 * A message made safe to print: control characters escaped (`\u0000`, `\n`), capped at
 * {@link MAX_MESSAGE} characters.
 * @example cleanMessage('a\u0000b') // 'a\\u0000b'
 */
export function cleanMessage(text: string, options: { keepNewlines?: boolean; max?: number } = {}): string {
  const max = options.max ?? MAX_MESSAGE;
  const s = text.length > max * 2 ? text.slice(0, max * 2) : text;
  const t = CONTROL.test(s) ? s.replace(CONTROL_G, (c) => (options.keepNewlines && c === '\n' ? c : escapeControl(c))) : s;
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/**
 * A column name (header cell) as shown in messages: control characters escaped, cut at
 * {@link MAX_SHOWN_COLUMN} characters.
 * @example showColumn('nosik_01') // 'nosik_01'
 */
export function showColumn(name: string): string {
  const s = name.length > MAX_SHOWN_COLUMN * 2 ? name.slice(0, MAX_SHOWN_COLUMN * 2) : name;
  const t = CONTROL.test(s) ? s.replace(CONTROL_G, escapeControl) : s;
  return t.length > MAX_SHOWN_COLUMN ? `${t.slice(0, MAX_SHOWN_COLUMN - 1)}…` : t;
}

/**
 * The value of a known column as it may appear in a message or issue, or `undefined` when it must
 * not appear (too long, not printable, or looking like personal data). Leading and trailing spaces
 * (also non-breaking) are trimmed first.
 * @example safeValue(' 9 ')        // '9'
 * @example safeValue('jan@example.org') // undefined
 */
export function safeValue(raw: string): string | undefined {
  if (raw.length > MAX_SHOWN_VALUE * 4) return undefined;
  const t = raw.replace(/^[\s\u00a0]+|[\s\u00a0]+$/g, '');
  if (t.length > MAX_SHOWN_VALUE || !isPrintable(t)) return undefined;
  if (looksIdentifyingValue(t)) return undefined;
  return t;
}

/**
 * How a value of a known column is named in a message: `value "9"` when {@link safeValue} allows
 * it, otherwise a description that carries nothing of the value: `a value of 212 characters`,
 * `a value with control characters`, `a value that is not shown (it looks like personal data)`.
 * @example showValue('9')          // 'value "9"'
 * @example showValue('x'.repeat(300)) // 'a value of 300 characters (not shown)'
 */
export function showValue(raw: string): string {
  const v = safeValue(raw);
  if (v !== undefined) return `value "${v.replace(/"/g, '\\"')}"`;
  const t = raw.length > MAX_SHOWN_VALUE * 4 ? raw : raw.replace(/^[\s\u00a0]+|[\s\u00a0]+$/g, '');
  if (t.length > MAX_SHOWN_VALUE) return `a value of ${t.length} characters (not shown)`;
  if (!isPrintable(t)) return 'a value with control characters (not shown)';
  return 'a value that is not shown (it looks like personal data)';
}

/** `value "9"` → `"9"`-style short form for lists: the quoted value, or `(not shown)`. */
export function quoteValue(raw: string): string {
  const v = safeValue(raw);
  return v !== undefined ? `"${v.replace(/"/g, '\\"')}"` : '(not shown)';
}

/**
 * A participant id as shown in a message: the id when {@link safeValue} allows it, else
 * `(id not shown)`. Ids are pseudonymous codes; one that looks like personal data refuses the file.
 * @example showId('HS-0001') // 'HS-0001'
 */
export function showId(id: string): string {
  return safeValue(id) ?? '(id not shown)';
}
