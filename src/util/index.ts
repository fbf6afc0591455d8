export * from './random.js';
export * from './csv-write.js';
