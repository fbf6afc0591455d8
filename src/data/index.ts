export * from './issues.js';
export * from './types.js';
export * from './csv.js';
export * from './validate.js';
export * from './privacy.js';
export * from './measurements.js';
export * from './views.js';
