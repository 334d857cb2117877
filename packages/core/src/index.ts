export * from './usage.js';
export * from './attendance/index.js';
