/**
 * The instrument registry: the validated set of instrument definitions a session works with, and
 * the one place that maps data-file columns (`nosik_03`, `psoc_total`, `gas_weight_2`) to
 * instruments, items, scales and GAS weights.
 *
 * Overriding a bundled definition (for example to supply the licensed NOSIK key): copy
 * `data-schemas/instruments/nosik.json` into a folder of your own, edit it, and either
 * - `loadInstruments('my-instruments')` — only your folder, or
 * - `loadInstruments('my-instruments', { extendDefaults: true })` — the bundled set, with your files
 *   replacing bundled definitions of the same `id` and adding new ones, or
 * - `defaultInstruments().extend([myJson], ['nosik.json'])` for definitions already in memory.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataError, makeIssue, type DataIssue } from '../data/issues.js';
import type { InstrumentDefinition, ResponseRange, ScaleDefinition } from './types.js';
import { validateInstrumentDefinition } from './validate.js';
import { defaultInstrumentsDir } from './paths.js';

export { validateInstrumentDefinition } from './validate.js';

/** What a data-file column refers to. `id` is the canonical item, scale or goal id from the definition. */
export interface ColumnRef {
  instrument: string;
  kind: 'item' | 'scale' | 'weight';
  id: string;
}

function deepFreeze<T>(o: T): T {
  if (typeof o === 'object' && o !== null && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o as Record<string, unknown>)) deepFreeze(v);
  }
  return o;
}

interface Lookup {
  def: InstrumentDefinition;
  items: Map<string, string>; // lower-case id → canonical id
  scales: Map<string, string>;
}

function listText(issues: DataIssue[]): string {
  return issues.map((i) => `  - ${i.message}`).join('\n');
}

/**
 * The Kiresuk–Sherman T-score range for goals in [a, b], at most G goals, correlation ρ: the
 * numerator Σwᵢxᵢ is extreme when every goal sits at a bound, and
 * Σw / √((1−ρ)Σw² + ρ(Σw)²) is largest (√(G / (1 − ρ + ρG))) for G equal weights and smallest (1)
 * for a single goal.
 */
function gasTRange(a: number, b: number, goals: number, rho: number): { min: number; max: number } {
  const kMax = Math.sqrt(goals / (1 - rho + rho * goals));
  return {
    min: 50 + 10 * (a < 0 ? a * kMax : a),
    max: 50 + 10 * (b > 0 ? b * kMax : b),
  };
}

/**
 * A validated, immutable set of instrument definitions. Build it with `loadInstruments()`,
 * `defaultInstruments()` or `InstrumentRegistry.fromDefinitions()`.
 */
export class InstrumentRegistry {
  private readonly defs: InstrumentDefinition[];
  private readonly byKey = new Map<string, Lookup>();

  private constructor(defs: InstrumentDefinition[]) {
    this.defs = defs;
    for (const def of defs) {
      const items = new Map<string, string>();
      for (const it of def.items) items.set(it.id.toLowerCase(), it.id);
      const scales = new Map<string, string>();
      for (const sc of def.scales) scales.set(sc.id.toLowerCase(), sc.id);
      const lookup: Lookup = { def, items, scales };
      this.byKey.set(def.id.toLowerCase(), lookup);
      this.byKey.set(def.columnPrefix.toLowerCase(), lookup);
    }
  }

  /**
   * Validates every definition (meta-schema + semantic rules, see `validateInstrumentDefinition`)
   * and checks them against each other: ids and column prefixes must be unique, case-insensitively,
   * and one instrument's id may not be another's prefix. Definitions are copied and frozen.
   *
   * @param defs parsed JSON definitions
   * @param files names used in messages, parallel to `defs` (default `definition 1`, …)
   * @throws DataError listing every `invalid-definition` issue (its `issues` holds them all)
   * @example
   * ```ts
   * const reg = InstrumentRegistry.fromDefinitions([psocJson], ['psoc.json']);
   * reg.list().map((d) => d.id); // ['psoc']
   * ```
   */
  static fromDefinitions(defs: unknown[], files?: string[]): InstrumentRegistry {
    const issues: DataIssue[] = [];
    const valid: Array<{ def: InstrumentDefinition; file: string }> = [];
    defs.forEach((json, i) => {
      const file = files?.[i] ?? `definition ${i + 1}`;
      const r = validateInstrumentDefinition(json, file);
      issues.push(...r.issues);
      if (r.definition) valid.push({ def: deepFreeze(structuredClone(r.definition)), file });
    });
    const taken = new Map<string, { file: string; what: string }>();
    for (const { def, file } of valid) {
      const keys: Array<[string, string, string]> = [[def.id.toLowerCase(), 'id', '/id']];
      if (def.columnPrefix.toLowerCase() !== def.id.toLowerCase()) {
        keys.push([def.columnPrefix.toLowerCase(), 'columnPrefix', '/columnPrefix']);
      }
      for (const [key, what, path] of keys) {
        const prev = taken.get(key);
        if (prev) {
          issues.push(
            makeIssue('error', 'invalid-definition', { file, value: key },
              `${path}: ${what} "${key}" is already used as the ${prev.what} of ${prev.file}; instrument ids and column prefixes must be unique (case-insensitive).`),
          );
        } else taken.set(key, { file, what });
      }
    }
    if (issues.length > 0) {
      throw new DataError(
        `${issues.length} problem${issues.length === 1 ? '' : 's'} in instrument definitions:\n${listText(issues)}`,
        issues,
      );
    }
    return new InstrumentRegistry(valid.map((v) => v.def));
  }

  /**
   * A new registry with `defs` added; a definition whose `id` matches an existing one replaces it
   * (this is how a user supplies the licensed NOSIK key). The original registry is unchanged.
   */
  extend(defs: unknown[], files?: string[]): InstrumentRegistry {
    const incomingIds = new Set(
      defs.map((d) => (typeof d === 'object' && d !== null && typeof (d as { id?: unknown }).id === 'string' ? (d as { id: string }).id.toLowerCase() : '')),
    );
    const kept = this.defs.filter((d) => !incomingIds.has(d.id.toLowerCase()));
    return InstrumentRegistry.fromDefinitions(
      [...kept, ...defs],
      [...kept.map((d) => `${d.id} (already loaded)`), ...defs.map((_, i) => files?.[i] ?? `definition ${i + 1}`)],
    );
  }

  /** The definition with this id or column prefix (case-insensitive), or undefined. */
  get(idOrPrefix: string): InstrumentDefinition | undefined {
    return this.byKey.get(idOrPrefix.toLowerCase())?.def;
  }

  /**
   * Like `get`, but throws `DataError("unknown instrument 'x'; known: nosik, psoc, …")` (with an
   * `unknown-instrument` issue) when there is no such instrument.
   */
  require(idOrPrefix: string): InstrumentDefinition {
    const def = this.get(idOrPrefix);
    if (!def) {
      const text = `unknown instrument '${idOrPrefix}'; known: ${this.defs.map((d) => d.id).join(', ')}`;
      throw new DataError(text, [makeIssue('error', 'unknown-instrument', { file: '<registry>', value: idOrPrefix }, `${text}.`)]);
    }
    return def;
  }

  /** All definitions, in load order (file-name order for `loadInstruments`). */
  list(): InstrumentDefinition[] {
    return [...this.defs];
  }

  /**
   * The instrument whose column prefix (or id) starts this column (`nosik_99` → NOSIK), even when
   * the rest names no item or scale; lets a loader tell an unknown item of a known instrument
   * (`unknown-item`) from a column that has nothing to do with instruments.
   */
  instrumentForColumn(column: string): InstrumentDefinition | undefined {
    const cut = column.indexOf('_');
    if (cut <= 0) return undefined;
    return this.byKey.get(column.slice(0, cut).toLowerCase())?.def;
  }

  /**
   * Maps a data-file column to what it holds, case-insensitively: `<prefix>_<itemId>` → item,
   * `<prefix>_<scaleId>` → scale, `<prefix>_weight_<goalId>` → GAS weight (only for GAS
   * instruments whose `gas.weights` is not false). The instrument id is accepted in place of the
   * prefix. Returns undefined for any other column.
   * @example
   * ```ts
   * defaultInstruments().resolveColumn('PSOC_Total'); // { instrument: 'psoc', kind: 'scale', id: 'total' }
   * ```
   */
  resolveColumn(column: string): ColumnRef | undefined {
    const cut = column.indexOf('_');
    if (cut <= 0 || cut === column.length - 1) return undefined;
    const lookup = this.byKey.get(column.slice(0, cut).toLowerCase());
    if (!lookup) return undefined;
    const rest = column.slice(cut + 1).toLowerCase();
    const instrument = lookup.def.id;
    const item = lookup.items.get(rest);
    if (item !== undefined) return { instrument, kind: 'item', id: item };
    const scale = lookup.scales.get(rest);
    if (scale !== undefined) return { instrument, kind: 'scale', id: scale };
    if (lookup.def.kind === 'gas' && lookup.def.gas?.weights !== false && rest.startsWith('weight_')) {
      const goal = lookup.items.get(rest.slice('weight_'.length));
      if (goal !== undefined) return { instrument, kind: 'weight', id: goal };
    }
    return undefined;
  }

  /**
   * The response range of one item: its own `response` if given, else the instrument's; `integer`
   * filled in (default true).
   * @throws DataError for an unknown instrument or item
   */
  itemRange(instrument: string, itemId: string): ResponseRange {
    const def = this.require(instrument);
    const item = def.items.find((it) => it.id === itemId) ?? def.items.find((it) => it.id.toLowerCase() === itemId.toLowerCase());
    if (!item) {
      const text = `instrument '${def.id}' has no item '${itemId}'`;
      throw new DataError(text, [makeIssue('error', 'unknown-item', { file: '<registry>', value: itemId }, `${text}.`)]);
    }
    const r = item.response ?? def.response;
    return { min: r.min, max: r.max, integer: r.integer !== false };
  }

  /**
   * The possible range of a scale score: the declared `range`, else derived from its items —
   * `sum`: [Σ item minima, Σ item maxima]; `mean`: [mean of minima, mean of maxima]; `count`:
   * [0, number of items]; `gas-t`: the Kiresuk–Sherman T at every goal on its lowest / highest
   * level with `maxGoals` equally weighted goals (1 goal for a non-negative lower bound); for the
   * bundled GAS (goals −2…+2, 5 goals, ρ = .3): 50 ± 10·2·√(5 / (1 − .3 + .3·5)) = [19.85, 80.15].
   * @throws DataError for an unknown instrument or scale
   */
  scaleRange(instrument: string, scaleId: string): { min: number; max: number } {
    const def = this.require(instrument);
    const scale = this.findScale(def, scaleId);
    if (scale.range) return { min: scale.range.min, max: scale.range.max };
    const ranges = scale.items.map((id) => this.itemRange(def.id, id));
    const n = ranges.length;
    let lo = 0;
    let hi = 0;
    let minLo = Infinity;
    let maxHi = -Infinity;
    for (const r of ranges) {
      lo += r.min;
      hi += r.max;
      minLo = Math.min(minLo, r.min);
      maxHi = Math.max(maxHi, r.max);
    }
    switch (scale.method) {
      case 'sum':
        return { min: lo, max: hi };
      case 'mean':
        // GAS mean attainment is over the scored goals (any subset), so the bounds are the extremes.
        return def.kind === 'gas' ? { min: minLo, max: maxHi } : { min: lo / n, max: hi / n };
      case 'count':
        return { min: 0, max: n };
      case 'gas-t': {
        const goals = Math.min(def.gas?.maxGoals ?? n, n);
        return gasTRange(minLo, maxHi, goals, def.gas?.rho ?? 0.3);
      }
    }
  }

  private findScale(def: InstrumentDefinition, scaleId: string): ScaleDefinition {
    const scale = def.scales.find((s) => s.id === scaleId) ?? def.scales.find((s) => s.id.toLowerCase() === scaleId.toLowerCase());
    if (!scale) {
      const text = `instrument '${def.id}' has no scale '${scaleId}'; its scales: ${def.scales.map((s) => s.id).join(', ')}`;
      throw new DataError(text, [makeIssue('error', 'unknown-scale', { file: '<registry>', value: scaleId }, `${text}.`)]);
    }
    return scale;
  }
}

/** Options of `loadInstruments`. */
export interface LoadInstrumentsOptions {
  /**
   * Start from the bundled definitions and let the files in `dir` replace those with the same id
   * and add new ones (default false: only the files in `dir`).
   */
  extendDefaults?: boolean;
}

function readDefinitionFolder(dir: string): { defs: unknown[]; files: string[] } {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a folder');
    names = readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.json')).sort();
  } catch (e) {
    const text = `cannot read the instrument folder: ${(e as Error).message}`;
    throw new DataError(`${dir}: ${text}`, [makeIssue('error', 'unreadable-file', { file: dir }, `${text}.`)]);
  }
  const defs: unknown[] = [];
  const files: string[] = [];
  const issues: DataIssue[] = [];
  for (const name of names) {
    const path = join(dir, name);
    try {
      defs.push(JSON.parse(readFileSync(path, 'utf8')));
      files.push(name);
    } catch (e) {
      issues.push(makeIssue('error', 'invalid-definition', { file: name }, `/: not readable as JSON (${(e as Error).message}).`));
    }
  }
  if (issues.length > 0) {
    throw new DataError(`${issues.length} problem${issues.length === 1 ? '' : 's'} in instrument definitions in ${dir}:\n${listText(issues)}`, issues);
  }
  return { defs, files };
}

/**
 * Loads every `*.json` file of a folder (synchronously, in file-name order) as instrument
 * definitions and validates them. Default folder: the package's `data-schemas/instruments/`
 * (resolved from this module's URL, so it works from `src/` via tsx and from `dist/`).
 *
 * @param dir folder with definition files
 * @param options `extendDefaults: true` overlays `dir` on the bundled definitions
 * @throws DataError (`unreadable-file`) when the folder cannot be read or holds no definitions;
 *   DataError (`invalid-definition`) listing every problem of every file otherwise
 * @example
 * ```ts
 * loadInstruments().list().map((d) => d.id); // ['daily-hassles', 'gas', 'life-events', 'nosik', 'psoc']
 * ```
 */
export function loadInstruments(dir?: string, options: LoadInstrumentsOptions = {}): InstrumentRegistry {
  const folder = dir ?? defaultInstrumentsDir();
  const { defs, files } = readDefinitionFolder(folder);
  if (defs.length === 0) {
    const text = 'no *.json instrument definitions in this folder';
    throw new DataError(`${folder}: ${text}`, [makeIssue('error', 'unreadable-file', { file: folder }, `${text}.`)]);
  }
  if (options.extendDefaults && dir !== undefined) return defaultInstruments().extend(defs, files);
  return InstrumentRegistry.fromDefinitions(defs, files);
}

let cached: InstrumentRegistry | undefined;

/** The bundled definitions (`loadInstruments()`), loaded once and cached. */
export function defaultInstruments(): InstrumentRegistry {
  if (!cached) cached = loadInstruments();
  return cached;
}
