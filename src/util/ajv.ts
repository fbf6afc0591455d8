/**
 * JSON Schema (draft 2020-12) validators compiled with ajv, which is loaded on first use: a run that
 * checks no definition file (a report on the bundled category lists, `--help`) never pays for importing
 * it (about a tenth of a second). Internal: not in the util barrel.
 */
import { createRequire } from 'node:module';
import type { Options, ValidateFunction } from 'ajv';

type Ajv2020Class = new (options?: Options) => { compile(schema: unknown): ValidateFunction };

let Ajv2020: Ajv2020Class | undefined;

/** Compiles `schema` with ajv's 2020-12 dialect and the given options. */
export function compileJsonSchema(schema: Record<string, unknown>, options: Options): ValidateFunction {
  if (!Ajv2020) Ajv2020 = (createRequire(import.meta.url)('ajv/dist/2020.js') as { Ajv2020: Ajv2020Class }).Ajv2020;
  return new Ajv2020(options).compile(schema);
}
