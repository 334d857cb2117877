export * from './schemas.js';
export * from './settings.js';
export * from './views.js';
