export * from './apa.js';
export * from './result.js';
export * from './distributions.js';
export * from './moments.js';
export * from './ranks.js';
