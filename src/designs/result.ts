/**
 * The result of a study-design analysis: tidy tables (one row per outcome, like a paper's table),
 * APA sentences, chart specs and a short methods note, all serialisable with `toJSON()`.
 */
import type { VegaLiteSpec } from '../charts/render.js';
import type { MissingHandling, StatResult } from '../stats/result.js';
import { DEFAULT_MIN_GROUP_SIZE, type DisclosureMode } from '../charts/builders.js';
import type { Lang } from '../charts/theme.js';

/** What a result may publish: `share` (no individual exact values, small groups suppressed) or `private`. */
export interface DesignDisclosure {
  mode: DisclosureMode;
  /** Share mode: smallest group whose statistics are shown. */
  minGroupSize: number;
  /** The sentence every output of this result carries (report banner, result.json, terminal). */
  statement: string;
  /** Rows whose statistics were replaced because their group was smaller than `minGroupSize`. */
  suppressedRows: number;
}

/** Which study design a result belongs to. */
export type DesignKind = 'pre-post' | 'control' | 'norm' | 'gas' | 'waves';

/** How a table cell is shown in text/HTML (the row keeps the raw number). */
/** `prop`/`prop3`: bounded by 1, no leading zero (.42 / .421), as APA wants for r, α, η². */
export type DesignColumnFormat = 'text' | 'int' | 'num2' | 'num3' | 'p' | 'prop' | 'prop3' | 'pct';

export interface DesignColumn {
  key: string;
  /** Header shown in the HTML report and the CLI. */
  label: string;
  format: DesignColumnFormat;
}

/** A tidy table: rows are plain objects with numbers (NaN/null = not available) or text. */
export interface DesignTable {
  /** File-name-safe id, e.g. `prepost-outcomes`; the report writes `tables/<id>.csv`. */
  id: string;
  title: string;
  columns: DesignColumn[];
  rows: Array<Record<string, string | number | null>>;
  /** Table note (what the columns mean, which rows were excluded). */
  note?: string;
}

/** The kinds of chart the designs produce (one builder of `src/charts/builders.ts` each). */
export type DesignChartKind =
  | 'interaction'
  | 'paired-slope'
  | 'change-distribution'
  | 'jacobson-truax'
  | 'forest'
  | 'gas'
  | 'category-bars'
  | 'trajectories'
  | 'growth-curves'
  | 'spaghetti';

export interface DesignChart {
  /** File-name-safe id, e.g. `control-interaction-nosik-total`. */
  id: string;
  kind: DesignChartKind;
  title: string;
  spec: VegaLiteSpec;
}

/** An instrument scale analysed as an outcome. */
export interface OutcomeRef {
  instrument: string;
  scale: string;
}

/** Everything a design result holds; `outcomes` are the typed per-outcome rows of the design. */
export interface DesignResultInit<O> {
  design: DesignKind;
  method: string;
  title: string;
  outcomes: O[];
  tables: DesignTable[];
  sentences: string[];
  charts: DesignChart[];
  methodsNote: string;
  missingHandling: MissingHandling;
  /** How each kind of CI in the tables was obtained, e.g. `{ d_z: 'noncentral t inversion …' }`. */
  ciMethods: Record<string, string>;
  /** Confidence level of the CIs (e.g. 0.95). */
  level: number;
  /** Participants per group in the analysed data (any score present). */
  n: Record<string, number>;
  notes: string[];
  /** Design-specific extra numbers (e.g. the Holm adjustment, the cut-off sources). */
  extra?: Record<string, unknown>;
  /** Set by {@link discloseResult} for an output meant for others (share) or marked private. */
  disclosure?: DesignDisclosure;
}

/** Result of a study-design analysis (`analyzePrePost`, `analyzeVersusControl`, …). */
export class DesignResult<O extends object = Record<string, unknown>> implements StatResult {
  readonly design: DesignKind;
  readonly method: string;
  readonly title: string;
  /** One typed row per outcome (or per outcome × group / period), all numbers unrounded. */
  readonly outcomes: O[];
  readonly tables: DesignTable[];
  /**
   * Chart specs. Participant ids in the chart data are replaced by running numbers ("1", "2", …) so a
   * published figure (or its ARIA labels in the SVG) never carries the pseudonymous key of the data file.
   */
  readonly sentences: string[];
  readonly charts: DesignChart[];
  /** What was tested how, CI method, missing-data handling, n. */
  readonly methodsNote: string;
  readonly missingHandling: MissingHandling;
  /** How each kind of CI was obtained (statistic → method). */
  readonly ciMethods: Record<string, string>;
  readonly level: number;
  readonly n: Record<string, number>;
  /** Warnings a reader should see (reliability estimated, outcomes skipped, …). */
  readonly notes: string[];
  readonly extra: Record<string, unknown>;
  readonly disclosure: DesignDisclosure | undefined;

  constructor(init: DesignResultInit<O>) {
    this.design = init.design;
    this.method = init.method;
    this.title = init.title;
    this.outcomes = init.outcomes;
    this.tables = init.tables;
    this.sentences = init.sentences;
    this.charts = init.charts;
    this.methodsNote = init.methodsNote;
    this.missingHandling = init.missingHandling;
    this.ciMethods = init.ciMethods;
    this.level = init.level;
    this.n = init.n;
    this.notes = init.notes;
    this.extra = init.extra ?? {};
    this.disclosure = init.disclosure;
  }

  /** The table with this id (throws when absent). */
  table(id: string): DesignTable {
    const t = this.tables.find((x) => x.id === id);
    if (!t) throw new Error(`${this.design}: no table '${id}' (tables: ${this.tables.map((x) => x.id).join(', ')}).`);
    return t;
  }

  /** Plain JSON: every number unrounded, NaN as null (JSON has no NaN), chart specs included. */
  toJSON(): Record<string, unknown> {
    return jsonSafe({
      design: this.design,
      ...(this.disclosure ? { disclosure: this.disclosure } : {}),
      method: this.method,
      title: this.title,
      missingHandling: this.missingHandling,
      level: this.level,
      ciMethods: this.ciMethods,
      n: this.n,
      methodsNote: this.methodsNote,
      notes: this.notes,
      sentences: this.sentences,
      outcomes: this.outcomes,
      tables: this.tables,
      charts: this.charts,
      extra: this.extra,
    }) as Record<string, unknown>;
  }

  /** The APA sentences joined into one paragraph. */
  apa(): string {
    return this.sentences.join(' ');
  }
}

/** Deep copy for JSON: NaN/±Infinity → null, objects with `toJSON` serialised, functions dropped. */
export function jsonSafe(x: unknown): unknown {
  if (typeof x === 'number') return Number.isFinite(x) ? x : null;
  if (x === null || typeof x !== 'object') return typeof x === 'function' ? undefined : x;
  const withToJson = x as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function' && !(x instanceof DesignResult)) return jsonSafe(withToJson.toJSON());
  if (Array.isArray(x) || ArrayBuffer.isView(x)) return Array.from(x as ArrayLike<unknown>, jsonSafe);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x)) {
    const j = jsonSafe(v);
    if (j !== undefined) out[k] = j;
  }
  return out;
}


/** Fields that hold the size of the group a row's statistics describe. */
const GROUP_SIZE_FIELDS = ['n', 'nTreatment', 'nControl', 'nMixed'];

/** The sentence that replaces a statistic of a group smaller than `k`. */
export function smallGroupStatement(k: number, lang: Lang = 'en'): string {
  return lang === 'nl'
    ? `Niet getoond: minder dan ${k} deelnemers (gedeelde uitvoer toont geen statistieken van zulke kleine groepen).`
    : `Not shown: fewer than ${k} participants (shared output shows no statistics of groups this small).`;
}

/** The statement a shared or private output carries. */
export function disclosureStatement(mode: DisclosureMode, k: number, lang: Lang = 'en'): string {
  if (mode === 'private') {
    return lang === 'nl'
      ? 'VERTROUWELIJK: deze uitvoer bevat exacte individuele scores (deelnemers genummerd in willekeurige volgorde). Niet delen.'
      : 'PRIVATE: this output contains exact individual scores (participants numbered in random order). Do not share.';
  }
  return lang === 'nl'
    ? `Uitvoer om te delen: geen exacte individuele waarde wordt gepubliceerd. Figuren tonen groepsgegevens en individuele scores in klassen; statistieken van groepen met minder dan ${k} deelnemers zijn vervangen door een zin.`
    : `Output for sharing: no individual participant's exact value is published. Figures show aggregates and individual scores in bins; statistics of groups with fewer than ${k} participants are replaced by a sentence.`;
}

function isSmall(row: Record<string, unknown>, k: number): boolean {
  return GROUP_SIZE_FIELDS.some((f) => typeof row[f] === 'number' && Number.isFinite(row[f]) && (row[f] as number) > 0 && (row[f] as number) < k);
}

/** Replaces every statistic of a row (all numbers but the group sizes and df) by NaN and says why. */
function suppressRow<T extends Record<string, unknown>>(row: T, sentence: string): T {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(row)) {
    const keep = GROUP_SIZE_FIELDS.includes(key) || /^df/.test(key) || /^n[A-Z]/.test(key);
    out[key] = typeof v === 'number' && !keep ? NaN : typeof v === 'boolean' && !keep ? null : key === 'equivalent' ? null : v;
  }
  out.suppressed = sentence;
  return out as T;
}

/** Deep copy applying the small-group rule to every object that carries a group size. */
function suppressDeep(x: unknown, k: number, sentence: string, hit: { rows: number; labels: Set<string> }): unknown {
  if (Array.isArray(x)) return x.map((v) => suppressDeep(v, k, sentence, hit));
  if (x === null || typeof x !== 'object' || ArrayBuffer.isView(x)) return x;
  const o = x as Record<string, unknown>;
  let row: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(o)) row[key] = suppressDeep(v, k, sentence, hit);
  if (isSmall(o, k)) {
    row = suppressRow(row, sentence);
    hit.rows++;
    if (typeof o.label === 'string') hit.labels.add(o.label);
  }
  return row;
}

/**
 * The result as it may leave the analyst's machine. `share` (the default for every writer: the study
 * report, `analyze --out`, the notebooks' report files): every row (of the tables and of `outcomes`)
 * describing a group of fewer than `minGroupSize` people (default 5) keeps its n but its statistics are
 * replaced by NaN and a sentence ({@link smallGroupStatement}); an APA sentence about such an outcome is
 * replaced by that sentence; the charts must have been built in share mode (the designs' default
 * `disclosure: 'share'`: binned individual displays, no exact value). `private`: nothing is removed,
 * the title says PRIVATE. Either way the result carries `disclosure` with the statement to print.
 *
 * @example
 * const shared = discloseResult(analyzePrePost(scores), { disclosure: 'share' });
 * shared.disclosure?.statement; // "Output for sharing: no individual participant's exact value is published. …"
 */
export function discloseResult<O extends object>(
  result: DesignResult<O>,
  options: { disclosure?: DisclosureMode; minGroupSize?: number; lang?: Lang } = {},
): DesignResult<O> {
  const mode = options.disclosure ?? 'share';
  const k = options.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE;
  const lang = options.lang ?? 'en';
  const statement = disclosureStatement(mode, k, lang);
  const base: DesignResultInit<O> = {
    design: result.design, method: result.method, title: result.title, outcomes: result.outcomes, tables: result.tables,
    sentences: result.sentences, charts: result.charts, methodsNote: result.methodsNote, missingHandling: result.missingHandling,
    ciMethods: result.ciMethods, level: result.level, n: result.n, notes: result.notes, extra: result.extra,
  };
  if (mode === 'private') {
    const mark = lang === 'nl' ? 'VERTROUWELIJK' : 'PRIVATE';
    return new DesignResult<O>({ ...base, title: `${mark} — ${result.title}`, disclosure: { mode, minGroupSize: k, statement, suppressedRows: 0 } });
  }
  const sentence = smallGroupStatement(k, lang);
  const hit = { rows: 0, labels: new Set<string>() };
  const outcomes = suppressDeep(result.outcomes, k, sentence, { rows: 0, labels: hit.labels }) as O[];
  const tables = result.tables.map((t) => {
    const before = hit.rows;
    const rows = t.rows.map((r) => (isSmall(r, k) ? (hit.rows++, suppressRow(r, sentence)) : r));
    const n = hit.rows - before;
    return n > 0 ? { ...t, rows, note: `${t.note ? `${t.note} ` : ''}${sentence}` } : t;
  });
  for (const t of result.tables) for (const r of t.rows) if (isSmall(r, k) && typeof r.label === 'string') hit.labels.add(r.label);
  const replaced = new Set<string>();
  const sentences = result.sentences.flatMap((s) => {
    const lbl = [...hit.labels].find((l) => s.startsWith(l));
    if (lbl === undefined) return [s];
    if (replaced.has(lbl)) return [];
    replaced.add(lbl);
    return [`${lbl}: ${sentence}`];
  });
  return new DesignResult<O>({ ...base, outcomes, tables, sentences, disclosure: { mode, minGroupSize: k, statement, suppressedRows: hit.rows } });
}
