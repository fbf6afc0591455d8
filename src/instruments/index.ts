export * from './types.js';
export * from './registry.js';
export * from './scoring.js';
export * from './gas.js';
export { instrumentMetaSchema } from './validate.js';
export { defaultInstrumentsDir, instrumentSchemaPath } from './paths.js';
export * from './wide-scores.js';
