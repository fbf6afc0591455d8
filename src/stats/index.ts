export * from './apa.js';
export * from './result.js';
export * from './distributions.js';
