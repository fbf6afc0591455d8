/**
 * Synthetic sample data mimicking the Home-Start effect studies: seeded designs, a latent-trait item
 * generator, the fixed wide-by-wave CSV writer, deliberately broken files for the loader, and the list of
 * files `npm run sample-data` writes. Everything produced here is synthetic and labelled so.
 */
export * from './types.js';
export * from './instruments.js';
export * from './latent.js';
export * from './generate.js';
export * from './csv.js';
export * from './designs.js';
export * from './broken.js';
export * from './files.js';
export * from './registration.js';
