/**
 * Typed options for the synthetic sample-data generator. A design says who is measured
 * (groups, n, attrition), when (waves), with what (instrument ids) and which effects the
 * latent-trait model should carry (baseline levels and change per wave, in SD units).
 *
 * Everything produced from these options is SYNTHETIC: calibrated to the designs and the
 * published directions of the Home-Start effect studies (domain brief, section 2), never
 * to real families.
 */

/**
 * Latent constructs of the generator. Each person has a stable trait per construct
 * (correlated across constructs), shifted per group and per wave.
 * - `parentStress`, `depression`, `childProblems`, `hassles`: higher = worse.
 * - `competence`: higher = better.
 */
export type SampleConstruct = 'parentStress' | 'depression' | 'childProblems' | 'competence' | 'hassles';

/** All constructs, in the fixed order used for correlation matrices and random draws. */
export const SAMPLE_CONSTRUCTS: readonly SampleConstruct[] = [
  'parentStress',
  'depression',
  'childProblems',
  'competence',
  'hassles',
];

/** Instrument ids the generator can write (the ids of `data-schemas/instruments/*.json`). */
export type SampleInstrumentId = 'nosik' | 'psoc' | 'daily-hassles' | 'life-events' | 'gas';

/** Column order of instruments in generated files (fixed, independent of the order given). */
export const SAMPLE_INSTRUMENT_ORDER: readonly SampleInstrumentId[] = ['nosik', 'psoc', 'daily-hassles', 'life-events', 'gas'];

export interface SampleGroupSpec {
  /** Group label written to the `group` column: `homestart`, `control` or `norm`. */
  group: string;
  /** Participant id prefix: `HS` gives `HS-0001`. */
  idPrefix: string;
  /** Participants at the first wave. */
  n: number;
  /**
   * Participants present at each wave (length = number of waves, first entry = n,
   * non-increasing). Dropout is monotone: who misses a wave misses all later ones.
   * Omitted: everyone is present at every wave.
   */
  present?: number[];
  /** Mother's age at the first wave: normal(mean, sd), rounded down, clipped to [min, max]. */
  age: { mean: number; sd: number; min: number; max: number };
  /** Probability of being a single parent. */
  singleParentRate: number;
  /** Latent mean at the first wave, per construct, in SD units of the community population (norm = 0). Missing = 0. */
  baseline: Partial<Record<SampleConstruct, number>>;
  /** Latent change from the first wave, per construct and wave (first entry 0), in SD units. Missing = no change. */
  change: Partial<Record<SampleConstruct, number[]>>;
  /**
   * "The most severe improve most" (Asscher et al., 2008): the change of a person is multiplied by
   * (1 + severityGradient · z), z = the person's trait in the worse direction; the factor is kept ≥ 0. Default 0.
   */
  severityGradient?: number;
}

export interface SampleMissingItems {
  /** Probability that a record (participant × wave × instrument) misses exactly one item (prorating exercised). */
  oneItemRate: number;
  /** Probability that a record misses several items (3–5; more than prorating allows). */
  severalItemsRate: number;
}

export interface SampleGasOptions {
  /**
   * Share of families present at the second wave whose GAS T-score rises from T1 to T2
   * (exactly round(share × n) families). Hermanns et al. (1997): 86%.
   */
  positiveChangeShare: number;
  /** Share of families that weight their goals (weights 1–3; otherwise the weight columns are blank). */
  weightedShare: number;
}

export interface SampleDesign {
  /** Short id, e.g. `prepost-1997`. */
  id: string;
  /** One line for the file's comment header: what the design is. */
  description: string;
  /** Seed of the random stream (one stream per file). */
  seed: number;
  /** Months since a family's first measurement, per wave (first entry 0); its length is the number of waves. */
  waveMonths: number[];
  /** First possible T1 date (ISO) and the recruitment window in days. */
  start: { date: string; recruitmentDays: number };
  /** Instruments measured at every wave a participant is present. */
  instruments: SampleInstrumentId[];
  groups: SampleGroupSpec[];
  /** Number of fictional sites (`site-01` …). */
  sites: number;
  /** Item-level missingness (scattered; mostly complete). */
  missingItems: SampleMissingItems;
  /**
   * Strength of missing-not-at-random dropout: a participant present at wave w − 1 drops out at wave w
   * with weight exp(strength · s), s = her (unobserved) latent distress at wave w. 0 = completely at random.
   */
  dropoutStress?: number;
  /** GAS settings (required when `gas` is among the instruments). */
  gas?: SampleGasOptions;
}

/** One generated row of the wide-by-wave file: one participant at one wave. */
export interface SampleRow {
  participantId: string;
  group: string;
  wave: string;
  waveIndex: number;
  /** ISO date. */
  date: string;
  /** Mother's age in whole years at this wave's date. */
  age: number;
  singleParent: 0 | 1;
  site: string;
  /** Item columns (`nosik_03`, `gas_weight_2`, …) → value; `null` = empty cell. */
  values: Record<string, number | null>;
}

/** A generated data set: rows in file order (participant, then wave) and the item columns in file order. */
export interface SampleDataset {
  design: SampleDesign;
  /** Item columns after the fixed columns, in file order. */
  itemColumns: string[];
  rows: SampleRow[];
  /**
   * The latent score θ per participant, construct and wave (SD units; higher = worse except for competence),
   * including waves after dropout (unobserved), for tests and teaching; never written to the CSV.
   */
  latent: Record<string, Record<SampleConstruct, number[]>>;
}

/** Thrown for designs the generator cannot honour (e.g. attrition counts that increase). */
export class SampleDesignError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SampleDesignError';
  }
}
