/**
 * Validation of instrument definitions: the JSON meta-schema (`data-schemas/instrument.schema.json`,
 * JSON Schema draft 2020-12, checked with ajv) plus the semantic rules a schema cannot express.
 * Every problem becomes a `DataIssue` with rule `invalid-definition` whose message names the file
 * and the JSON path (RFC 6901 pointer), e.g.
 * `my-scale.json: /scales/1/items/3: scale "parent" lists item "26", which is not defined in "items".`
 */
import { readFileSync } from 'node:fs';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { makeIssue, type DataIssue } from '../data/issues.js';
import type { InstrumentDefinition, ResponseRange } from './types.js';
import { instrumentSchemaPath } from './paths.js';
import { compileJsonSchema } from '../util/ajv.js';

let compiled: ValidateFunction | undefined;

/** The compiled meta-schema validator (compiled once, on first use). */
function schemaValidator(): ValidateFunction {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(instrumentSchemaPath(), 'utf8')) as Record<string, unknown>;
    compiled = compileJsonSchema(schema, { allErrors: true, verbose: true, strict: false });
  }
  return compiled;
}

/** The meta-schema as a plain object (for editors and documentation). */
export function instrumentMetaSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(instrumentSchemaPath(), 'utf8')) as Record<string, unknown>;
}

function definitionIssue(file: string, path: string, text: string, value?: unknown): DataIssue {
  const where: { file: string; value?: string } = { file };
  if (value !== undefined) where.value = typeof value === 'string' ? value : JSON.stringify(value);
  return makeIssue('error', 'invalid-definition', where, `${path === '' ? '/' : path}: ${text}`);
}

function show(v: unknown): string {
  return typeof v === 'string' ? `"${v}"` : JSON.stringify(v);
}

/** Turns one ajv error into a sentence. */
function describeAjvError(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return `missing required field "${String(p.missingProperty)}".`;
    case 'additionalProperties': {
      const props = (e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
      const allowed = props ? ` Allowed fields: ${Object.keys(props).join(', ')}.` : '';
      return `unknown field "${String(p.additionalProperty)}" (check the spelling).${allowed}`;
    }
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).map(show).join(', ')}; got ${show(e.data)}.`;
    case 'type':
      return `must be of type ${String(p.type)}; got ${show(e.data)}.`;
    case 'pattern':
      return `${show(e.data)} does not match the pattern ${String(p.pattern)}.`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `must be ${String(p.comparison)} ${String(p.limit)}; got ${show(e.data)}.`;
    case 'minItems':
      return `must have at least ${String(p.limit)} entr${p.limit === 1 ? 'y' : 'ies'}.`;
    case 'minLength':
      return `must not be empty.`;
    default:
      return `${e.message ?? 'is invalid'}.`;
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStr = (v: unknown): v is string => typeof v === 'string';

/** Reads a response range if it is well-formed enough to reason about. */
function rangeOf(v: unknown): ResponseRange | undefined {
  if (!isObj(v) || !isNum(v.min) || !isNum(v.max)) return undefined;
  return { min: v.min, max: v.max, integer: v.integer !== false };
}

/**
 * The semantic rules: unique ids, scale items exist, countValues inside every counted item's
 * response range, maxMissing < number of items, ranges with min < max, ascending percentile
 * tables, GAS settings present iff kind = "gas", method "gas-t" only for GAS. Written defensively:
 * it runs even when the schema check failed, so a user sees every problem at once.
 */
function semanticIssues(def: Record<string, unknown>, file: string): DataIssue[] {
  const out: DataIssue[] = [];
  const add = (path: string, text: string, value?: unknown) => out.push(definitionIssue(file, path, text, value));
  const kind = def.kind;

  // kind ↔ gas settings
  if (kind === 'gas' && def.gas === undefined) add('/gas', 'kind is "gas" but the "gas" settings (rho, maxGoals) are missing.');
  if (kind !== 'gas' && def.gas !== undefined) add('/gas', `"gas" settings are only allowed when kind is "gas" (kind is ${show(kind)}).`);

  const instRange = rangeOf(def.response);
  if (instRange && instRange.min >= instRange.max) {
    add('/response', `response min (${instRange.min}) must be below max (${instRange.max}).`);
  }
  if (instRange && instRange.integer && (!Number.isInteger(instRange.min) || !Number.isInteger(instRange.max))) {
    add('/response', `integer responses need whole-number bounds; got ${instRange.min}…${instRange.max}.`);
  }

  // items
  const itemRanges = new Map<string, ResponseRange | undefined>();
  const itemIdsLower = new Map<string, number>();
  const items = Array.isArray(def.items) ? def.items : [];
  items.forEach((it, i) => {
    if (!isObj(it) || !isStr(it.id)) return;
    const lower = it.id.toLowerCase();
    const prev = itemIdsLower.get(lower);
    if (prev !== undefined) add(`/items/${i}/id`, `duplicate item id "${it.id}" (also item ${prev}; ids are compared case-insensitively).`, it.id);
    else itemIdsLower.set(lower, i);
    if (kind === 'gas' && lower.startsWith('weight_')) {
      add(`/items/${i}/id`, `goal id "${it.id}" clashes with the weight columns <prefix>_weight_<goal>.`, it.id);
    }
    let r = instRange;
    if (it.response !== undefined) {
      const own = rangeOf(it.response);
      if (own && own.min >= own.max) add(`/items/${i}/response`, `item "${it.id}": response min (${own.min}) must be below max (${own.max}).`);
      if (own && own.integer && (!Number.isInteger(own.min) || !Number.isInteger(own.max))) {
        add(`/items/${i}/response`, `item "${it.id}": integer responses need whole-number bounds; got ${own.min}…${own.max}.`);
      }
      r = own;
    }
    itemRanges.set(it.id, r);
  });

  // scales
  const scales = Array.isArray(def.scales) ? def.scales : [];
  const scaleIdsLower = new Map<string, number>();
  scales.forEach((sc, s) => {
    if (!isObj(sc)) return;
    const base = `/scales/${s}`;
    const sid = isStr(sc.id) ? sc.id : `#${s}`;
    if (isStr(sc.id)) {
      const lower = sc.id.toLowerCase();
      const prev = scaleIdsLower.get(lower);
      if (prev !== undefined) add(`${base}/id`, `duplicate scale id "${sc.id}" (also scale ${prev}).`, sc.id);
      else scaleIdsLower.set(lower, s);
      if (itemIdsLower.has(lower)) {
        add(`${base}/id`, `scale id "${sc.id}" is also an item id, so column <prefix>_${sc.id} would be ambiguous.`, sc.id);
      }
      if (kind === 'gas' && lower.startsWith('weight_')) {
        add(`${base}/id`, `scale id "${sc.id}" clashes with the weight columns <prefix>_weight_<goal>.`, sc.id);
      }
    }
    const scItems = Array.isArray(sc.items) ? sc.items : [];
    const seen = new Set<string>();
    scItems.forEach((id, j) => {
      if (!isStr(id)) return;
      if (!itemRanges.has(id)) {
        const hint = itemIdsLower.has(id.toLowerCase()) ? ' (ids are case-sensitive in scale lists)' : '';
        add(`${base}/items/${j}`, `scale "${sid}" lists item "${id}", which is not defined in "items"${hint}.`, id);
      }
      if (seen.has(id)) add(`${base}/items/${j}`, `scale "${sid}" lists item "${id}" twice.`, id);
      seen.add(id);
    });
    const method = sc.method;
    if (method === 'count' && sc.countValues === undefined) {
      add(`${base}/countValues`, `scale "${sid}" uses method "count" but gives no countValues (the response values that count as 1).`);
    }
    if (method !== 'count' && sc.countValues !== undefined) {
      add(`${base}/countValues`, `countValues only apply to method "count"; scale "${sid}" uses ${show(method)}.`);
    }
    if (method === 'count' && Array.isArray(sc.countValues)) {
      sc.countValues.forEach((v, k) => {
        if (!isNum(v)) return;
        for (const id of seen) {
          const r = itemRanges.get(id);
          if (!r) continue;
          if (v < r.min || v > r.max || (r.integer !== false && !Number.isInteger(v))) {
            add(`${base}/countValues/${k}`, `count value ${v} of scale "${sid}" is outside the response range ${r.min}…${r.max} of item "${id}".`, v);
            break;
          }
        }
      });
    }
    if (method === 'gas-t' && kind !== 'gas') {
      add(`${base}/method`, `method "gas-t" is only for kind "gas"; scale "${sid}" belongs to a kind ${show(kind)} instrument.`);
    }
    if (kind === 'gas' && method !== undefined && method !== 'gas-t' && method !== 'mean') {
      add(`${base}/method`, `GAS scales use method "gas-t" (Kiresuk–Sherman T) or "mean" (mean attainment); scale "${sid}" uses ${show(method)}.`);
    }
    if (isNum(sc.maxMissing) && sc.maxMissing > 0 && (method === 'sum' || method === 'mean')) {
      let lo: number | undefined;
      let hi: number | undefined;
      let mixed = false;
      for (const id of seen) {
        const r = itemRanges.get(id);
        if (!r) continue;
        if (lo === undefined) { lo = r.min; hi = r.max; } else if (r.min !== lo || r.max !== hi) mixed = true;
      }
      if (mixed) {
        add(`${base}/maxMissing`, `scale "${sid}" mixes items with different response ranges, so prorating (mean of the answered items × number of items) is undefined; set maxMissing to 0.`, sc.maxMissing);
      }
    }
    if (isNum(sc.maxMissing)) {
      if (kind === 'gas') {
        add(`${base}/maxMissing`, `maxMissing does not apply to GAS scales: unscored goals are not goals and are never prorated.`);
      } else if (scItems.length > 0 && sc.maxMissing >= scItems.length) {
        add(`${base}/maxMissing`, `maxMissing (${sc.maxMissing}) must be below the number of items of scale "${sid}" (${scItems.length}).`, sc.maxMissing);
      }
    }
    if (isObj(sc.range) && isNum(sc.range.min) && isNum(sc.range.max) && sc.range.min >= sc.range.max) {
      add(`${base}/range`, `scale "${sid}": range min (${sc.range.min}) must be below max (${sc.range.max}).`);
    }
    if (Array.isArray(sc.norms)) {
      sc.norms.forEach((n, k) => {
        if (!isObj(n) || !Array.isArray(n.percentiles)) return;
        let last = -Infinity;
        n.percentiles.forEach((row, q) => {
          if (!isObj(row) || !isNum(row.score)) return;
          if (row.score <= last) {
            add(`${base}/norms/${k}/percentiles/${q}/score`, `percentile table of norm group ${show(n.group)} must be ascending by score (${row.score} follows ${last}).`, row.score);
          }
          last = row.score;
        });
      });
    }
  });

  if (kind === 'gas' && isObj(def.gas) && isNum(def.gas.maxGoals) && items.length > 0 && def.gas.maxGoals > items.length) {
    add('/gas/maxGoals', `maxGoals (${def.gas.maxGoals}) exceeds the number of goal items (${items.length}).`, def.gas.maxGoals);
  }
  return out;
}

/**
 * Validates one instrument definition: first against the meta-schema
 * (`data-schemas/instrument.schema.json`, JSON Schema 2020-12 via ajv with all errors), then against
 * the semantic rules a schema cannot express (scale items exist; no duplicate item or scale ids,
 * case-insensitively; no scale id equal to an item id; countValues within the response range of
 * every counted item; maxMissing below the number of items, and 0 when a summed or averaged scale
 * mixes response ranges (prorating would be undefined); min < max for every range; ascending
 * percentile tables; `gas` settings present iff `kind` is `"gas"`; method `"gas-t"` only for GAS).
 *
 * @param json the parsed JSON (anything: it is checked, not trusted)
 * @param file the file name used in the issue messages (e.g. `"nosik.json"`)
 * @returns `definition` when there are no issues; otherwise every issue, each with rule
 *   `invalid-definition`, severity `error`, and a message naming the file and JSON path.
 * @example
 * ```ts
 * const { issues } = validateInstrumentDefinition({ ...psoc, scales: [{ ...psoc.scales[0], maxMissing: 9 }] }, 'psoc.json');
 * issues[0].message;
 * // 'psoc.json: /scales/0/maxMissing: maxMissing (9) must be below the number of items of scale "satisfaction" (9).'
 * ```
 */
export function validateInstrumentDefinition(
  json: unknown,
  file: string,
): { definition?: InstrumentDefinition; issues: DataIssue[] } {
  if (!isObj(json)) {
    return { issues: [definitionIssue(file, '', `an instrument definition must be a JSON object; got ${Array.isArray(json) ? 'an array' : show(json)}.`)] };
  }
  const validate = schemaValidator();
  const issues: DataIssue[] = [];
  if (!validate(json)) {
    for (const e of validate.errors ?? []) {
      // `if`/`then` wrappers and anyOf summaries add nothing a reader can act on.
      if (e.keyword === 'if' || e.keyword === 'anyOf' || e.keyword === 'oneOf') continue;
      issues.push(definitionIssue(file, e.instancePath, describeAjvError(e)));
    }
  }
  issues.push(...semanticIssues(json, file));
  if (issues.length > 0) return { issues };
  return { definition: json as unknown as InstrumentDefinition, issues };
}
