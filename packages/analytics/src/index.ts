export * from './arrow.js';
export * from './datasets.js';
export * from './indicators.js';
