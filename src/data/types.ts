/**
 * The canonical in-memory forms of measurement data. Every file layout (long, wide by wave, wide)
 * is converted once, at the door, into `MeasurementRecord`s: one per participant × wave × instrument.
 */
import type { DataIssue } from './issues.js';

export type CovariateValue = number | string | null;

export interface MeasurementRecord {
  /** Pseudonymous participant id (never a name, BSN, …). */
  participantId: string;
  /** Group label, normalised to the configured set (default: homestart, control, norm). */
  group: string;
  /** Wave label normalised to `T1`, `T2`, … */
  wave: string;
  /** 1-based wave number (T3 → 3). */
  waveIndex: number;
  /** ISO date (YYYY-MM-DD) of the measurement, when given. */
  date?: string;
  instrument: string;
  /** Item-level responses keyed by item id; `null` = missing. Empty for scale-level input. */
  items: Record<string, number | null>;
  /** Scale-level input keyed by scale id; `null` = missing. Empty for item-level input. */
  scales: Record<string, number | null>;
  /**
   * GAS goal weights keyed by goal (item) id, from `<prefix>_weight_<goal>` columns
   * (`InstrumentRegistry.resolveColumn` gives kind `weight`). Absent for other instruments.
   */
  weights?: Record<string, number | null>;
  /** Optional covariates (age, single_parent, site, …). */
  covariates: Record<string, CovariateValue>;
  /**
   * Item id (or `scale:<id>`) → the declared missing code the cell held (its value is null):
   * scores say `declared missing (99)` and never use the code (see `src/data/missing.ts`).
   */
  declaredMissing?: Record<string, string>;
  /** Item id (or `scale:<id>`) → an invalid value stored as null by `set-missing`; scales using it are not scored. */
  invalidMissing?: Record<string, string>;
  /** Where the record came from: file and spreadsheet row numbers. */
  source: { file: string; rows: number[] };
}

export type LayoutKind = 'long' | 'wide-by-wave' | 'wide';

export interface LayoutInfo {
  kind: LayoutKind;
  /** One sentence saying how the layout was recognised, e.g. "long layout: one row per item response (columns item, value)". */
  description: string;
}

export interface RejectRow {
  file: string;
  /** Spreadsheet row number (header = 1). */
  row: number;
  /** Original values as read (identifying columns are never included). */
  values: Record<string, string>;
  reasons: string[];
  /**
   * Set when only one unit of the row (an instrument at a wave) was rejected and the rest of the
   * row was accepted; `values` then holds the unit's columns. Such entries are not counted in
   * `LoadResult.rejected` (rows) but in `LoadResult.units.rejected`.
   */
  unit?: { wave: string; instrument: string };
}

/**
 * Counts at the level of units: one participant × wave × instrument. An invalid value rejects its
 * unit only; the participant's other instruments and waves go through. Invariant:
 * `accepted + rejected = read`. Units are counted in rows whose id, group and wave could be read
 * (a row with a structural problem is rejected as a whole, with the units in it).
 */
export interface UnitCounts {
  read: number;
  accepted: number;
  rejected: number;
}

export interface LoadResult {
  file: string;
  layout: LayoutInfo;
  records: MeasurementRecord[];
  rejects: RejectRow[];
  issues: DataIssue[];
  /** Data rows read (blank lines are not data rows). Invariant: accepted + rejected = rowsRead. */
  rowsRead: number;
  accepted: number;
  rejected: number;
  /** Unit-level counts (participant × wave × instrument); see {@link UnitCounts}. */
  units?: UnitCounts;
  /** Cells holding a declared missing code, by code (absent when nothing was declared). */
  declaredMissing?: { count: number; byCode: Record<string, number> };
  /** Invalid values stored as missing by `set-missing` (absent when none). */
  invalidSetMissing?: number;
}

/** One scale score of one participant at one wave. */
export interface ScoreRow {
  participantId: string;
  group: string;
  wave: string;
  waveIndex: number;
  date?: string;
  instrument: string;
  scale: string;
  /** The score, or null when it cannot be computed (see `missingReason`). */
  score: number | null;
  itemsExpected: number;
  itemsAnswered: number;
  /** Number of missing items filled by prorating (0 when none). */
  itemsProrated: number;
  /** `item-level` when computed from items, `scale-level` when given as a scale score. */
  origin: 'item-level' | 'scale-level';
  missingReason?: string;
  covariates: Record<string, CovariateValue>;
}
