/**
 * Instrument definitions: a questionnaire is data (one JSON file in `data-schemas/instruments/`,
 * validated by `data-schemas/instrument.schema.json`), scored by one engine. These types mirror
 * the meta-schema.
 */

export interface ResponseRange {
  min: number;
  max: number;
  /** Whether responses must be whole numbers (default true). */
  integer?: boolean;
}

export interface ItemDefinition {
  /** Item id as it appears after the column prefix: column `nosik_03` is item `03` of `nosik`. */
  id: string;
  /** Reverse-keyed: scored as (min + max − x) before aggregation. */
  reverse?: boolean;
  /** Overrides the instrument's response range for this item. */
  response?: ResponseRange;
  /** Short neutral label (never the copyrighted item text). */
  label?: string;
  /** Declared missing-value codes of this item (added to the instrument's), e.g. `[99, "97..98"]`. */
  missing?: Array<number | string>;
}

/**
 * How a scale aggregates its items. `sum`, `mean`, `count` (items whose raw value is in
 * `countValues`) for ordinary questionnaires; `gas-t` (Kiresuk–Sherman T-score over the scored
 * goals) only for `kind: "gas"` instruments.
 */
export type ScaleMethod = 'sum' | 'mean' | 'count' | 'gas-t';

/** Whether higher scores mean better or worse functioning (used for reliable change direction). */
export type Direction = 'higher-better' | 'higher-worse';

export interface NormGroup {
  /** e.g. "community mothers", "clinical". */
  group: string;
  kind?: 'functional' | 'clinical';
  mean: number;
  sd: number;
  n?: number;
  source?: string;
  /** Percentile table: raw score → percentile, ascending by score. */
  percentiles?: Array<{ score: number; percentile: number }>;
}

export interface ScaleDefinition {
  id: string;
  label: string;
  labelNl?: string;
  /** Item ids; for a total over subscales list all their items. */
  items: string[];
  method: ScaleMethod;
  /** For `count`: the (reverse-key-free) response values that count as 1. */
  countValues?: number[];
  /** How many items may be missing and still be prorated (mean of answered × number of items). Default 0. */
  maxMissing?: number;
  direction: Direction;
  /**
   * `false` for a descriptive scale that is not an outcome (e.g. lifetime event counts, which can only
   * rise): the designs leave it out of the default outcomes, change charts and forest plots. Default true.
   */
  outcome?: boolean;
  /** Reliability (e.g. Cronbach's α or test–retest) used for reliable-change indices. */
  reliability?: number;
  /** Score range; derived from the items when absent. */
  range?: { min: number; max: number };
  norms?: NormGroup[];
}

export interface GasSettings {
  /** Assumed correlation between goal scores in the Kiresuk–Sherman T-score (default 0.3). */
  rho: number;
  /** Maximum number of goals per family. */
  maxGoals: number;
  /** Whether `weight_k` columns may carry goal weights (default true). */
  weights?: boolean;
}

export interface InstrumentDefinition {
  id: string;
  name: string;
  nameNl?: string;
  description?: string;
  citation?: string;
  /** Column prefix in item-level files: `<prefix>_<itemId>`; scale-level files use `<prefix>_<scaleId>`. */
  columnPrefix: string;
  /** `items`: ordinary questionnaire; `gas`: Goal Attainment Scaling (goals −2…+2, optional weights). */
  kind: 'items' | 'gas';
  response: ResponseRange;
  /** Declared missing-value codes of every item and scale column, e.g. `[99, -9]` (see `src/data/missing.ts`). */
  missing?: Array<number | string>;
  items: ItemDefinition[];
  scales: ScaleDefinition[];
  gas?: GasSettings;
  /** True when the item key is not the licensed one (e.g. the bundled NOSIK key). */
  illustrative?: boolean;
  notes?: string;
}
