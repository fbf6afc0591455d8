/**
 * The result of a study-design analysis: tidy tables (one row per outcome, like a paper's table),
 * APA sentences, chart specs and a short methods note, all serialisable with `toJSON()`.
 */
import type { VegaLiteSpec } from '../charts/render.js';
import type { MissingHandling, StatResult } from '../stats/result.js';

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

