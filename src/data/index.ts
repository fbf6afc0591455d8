export * from './issues.js';
export * from './types.js';
