/**
 * Multi-select questions of process-evaluation surveys ("Why did the match end? Tick all that apply"): how many
 * respondents chose each option, as counts and shares with Wilson confidence intervals, overall and cross-tabulated by
 * group (e.g. coordinators vs volunteers, or site).
 *
 * Shares are of the respondents who answered the question (at least one option ticked, or an explicit empty answer),
 * so they do not add up to 100%. Wilson intervals from `proportion.ts` (checked against R `prop.test(correct = FALSE)`).
 */
import { fmtPercentWithCI, wilsonInterval, type ProportionResult } from './proportion.js';
import { StatsError, type StatResult } from './result.js';

/** One respondent's answer: the ticked options (array or a delimited string), `[]`/'' for "none of these", null = not answered. */
export type MultiSelectAnswer = readonly string[] | string | null | undefined;

export interface MultiSelectOptions {
  /** The answer options in display order; ticks outside this list throw (default: the options seen, by frequency). */
  options?: readonly string[];
  /** Separator of delimited answers (default ';'). */
  separator?: string;
  /** Group label per respondent for the cross-tabulation. */
  group?: ArrayLike<string | null | undefined>;
  level?: number;
}

/** Count and share of one option. */
export interface MultiSelectRow {
  option: string;
  count: number;
  share: ProportionResult;
}

/** Result of {@link multiSelectSummary}. */
export class MultiSelectResult implements StatResult {
  readonly method = 'Multi-select question: respondents choosing each option (share of respondents who answered; Wilson CIs)';
  constructor(
    readonly respondents: number,
    readonly notAnswered: number,
    readonly rows: MultiSelectRow[],
    readonly groups: { group: string; respondents: number; rows: MultiSelectRow[] }[],
  ) {}
  toJSON(): Record<string, unknown> {
    return { method: this.method, respondents: this.respondents, notAnswered: this.notAnswered, rows: this.rows, groups: this.groups };
  }
  /** "no click: 45.0%, 95% CI [...] ; moved: …" */
  apa(): string {
    return this.rows.map((r) => `${r.option}: ${fmtPercentWithCI(r.share)}`).join('; ');
  }
}

/**
 * Summarises a multi-select question: for each option the number of respondents who ticked it and that number as a
 * share of the respondents who answered, with a Wilson score CI; with `group`, the same per group (cross-tabulation).
 * A tick repeated by one respondent counts once. Respondents with a null/undefined answer are "not answered" and left
 * out of the denominators.
 *
 * @example
 * multiSelectSummary(['no click;moved', 'moved', [], null, 'no click']).rows.map((r) => [r.option, r.count]) // [["moved", 2], ["no click", 2]]
 */
export function multiSelectSummary(answers: ArrayLike<MultiSelectAnswer>, options: MultiSelectOptions = {}): MultiSelectResult {
  const sep = options.separator ?? ';';
  const level = options.level ?? 0.95;
  if (options.group && options.group.length !== answers.length) {
    throw new StatsError(`Multi-select summary: group has ${options.group.length} labels for ${answers.length} respondents.`);
  }
  const parsed: (Set<string> | null)[] = [];
  for (let i = 0; i < answers.length; i++) {
    const a = answers[i];
    if (a === null || a === undefined) {
      parsed.push(null);
      continue;
    }
    const list = typeof a === 'string' ? a.split(sep) : a;
    const set = new Set(list.map((x) => x.trim()).filter((x) => x !== ''));
    if (options.options) {
      for (const x of set) {
        if (!options.options.includes(x)) throw new StatsError(`Multi-select summary: respondent ${i + 1} ticked an option that is not in the list (${options.options.join(', ')}).`);
      }
    }
    parsed.push(set);
  }
  const answered = parsed.filter((p): p is Set<string> => p !== null);
  let opts: string[];
  if (options.options) opts = [...options.options];
  else {
    const freq = new Map<string, number>();
    for (const s of answered) for (const x of s) freq.set(x, (freq.get(x) ?? 0) + 1);
    opts = [...freq.keys()].sort((a, b) => (freq.get(b)! - freq.get(a)!) || (a < b ? -1 : a > b ? 1 : 0));
  }
  const tab = (sets: Set<string>[]): MultiSelectRow[] =>
    opts.map((o) => {
      const count = sets.filter((s) => s.has(o)).length;
      return { option: o, count, share: wilsonInterval(count, sets.length, level) };
    });
  const groups: MultiSelectResult['groups'] = [];
  if (options.group) {
    const order: string[] = [];
    for (let i = 0; i < answers.length; i++) {
      const g = options.group[i];
      if (g !== null && g !== undefined && g !== '' && !order.includes(String(g))) order.push(String(g));
    }
    for (const g of order) {
      const sets = parsed.filter((p, i): p is Set<string> => p !== null && String(options.group![i]) === g);
      groups.push({ group: g, respondents: sets.length, rows: tab(sets) });
    }
  }
  return new MultiSelectResult(answered.length, parsed.length - answered.length, tab(answered), groups);
}
