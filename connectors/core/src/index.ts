export * from './channels.js';
export * from './model.js';
export * from './connector.js';
export * from './errors.js';
export * from './webhooks.js';
export * from './identity.js';
