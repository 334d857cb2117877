export * from './api-client.js';
export * from './beacon.js';
export * from './define.js';
export * from './events.js';
export * from './i18n.js';
export * from './preau-element.js';
export * from './status.js';
export * from './theme.js';
