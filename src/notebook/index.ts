export * from './display.js';
export * from './study.js';
