/**
 * The instrument definitions the generator writes items for. They are read from the shipped
 * JSON (`data-schemas/instruments/*.json`) with a plain `JSON.parse`, so item ids, response
 * ranges, reverse keys and scale membership exist in one place only and the generator does not
 * depend on the scoring engine.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InstrumentDefinition, ItemDefinition, ResponseRange } from '../instruments/types.js';
import { SampleDesignError, type SampleInstrumentId, SAMPLE_INSTRUMENT_ORDER } from './types.js';

/** The instruments by id; only those found in the folder are present. */
export type SampleInstrumentSet = Partial<Record<SampleInstrumentId, InstrumentDefinition>>;

/** The package's `data-schemas/instruments` folder (works from `src/` via tsx and from `dist/`). */
export function defaultSampleInstrumentDir(): string {
  return fileURLToPath(new URL('../../data-schemas/instruments/', import.meta.url));
}

/**
 * Reads every `*.json` in `dir` (default: the package's `data-schemas/instruments`) and keeps the
 * definitions whose `id` is one the generator knows (`nosik`, `psoc`, `daily-hassles`, `life-events`, `gas`).
 * Files are read in sorted order; no validation beyond the fields the generator uses
 * (validation is the instrument registry's job).
 *
 * @example
 * const defs = readSampleInstruments();
 * defs.psoc?.items.length; // 16
 */
export function readSampleInstruments(dir: string = defaultSampleInstrumentDir()): SampleInstrumentSet {
  const out: SampleInstrumentSet = {};
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.json')).sort();
  } catch (e) {
    throw new SampleDesignError(`Cannot read instrument definitions from ${dir}: ${(e as Error).message}.`);
  }
  for (const f of files) {
    const json = JSON.parse(readFileSync(join(dir, f), 'utf8')) as InstrumentDefinition;
    if (json && typeof json.id === 'string' && (SAMPLE_INSTRUMENT_ORDER as readonly string[]).includes(json.id)) {
      out[json.id as SampleInstrumentId] = json;
    }
  }
  return out;
}

/** Looks up a definition or explains which file is missing. */
export function requireSampleInstrument(set: SampleInstrumentSet, id: SampleInstrumentId): InstrumentDefinition {
  const def = set[id];
  if (!def) {
    throw new SampleDesignError(
      `The design uses instrument '${id}' but no definition with that id was given; ` +
        `expected a JSON file with "id": "${id}" in data-schemas/instruments/.`,
    );
  }
  return def;
}

/** The response range of an item (its own override or the instrument's). */
export function sampleItemRange(def: InstrumentDefinition, item: ItemDefinition): ResponseRange {
  return item.response ?? def.response;
}

/** Column name of an item: `<prefix>_<itemId>`. */
export function sampleItemColumn(def: InstrumentDefinition, itemId: string): string {
  return `${def.columnPrefix}_${itemId}`;
}

/** Item ids of a scale (empty when the instrument has no scale with that id). */
export function sampleScaleItems(def: InstrumentDefinition, scaleId: string): string[] {
  return def.scales.find((s) => s.id === scaleId)?.items ?? [];
}
