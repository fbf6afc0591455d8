export * from './csv-write.js';
export * from './xlsx-write.js';
export * from './sps-write.js';
export * from './atomic-write.js';
export { pruneOutputCache } from './output-cache.js';
