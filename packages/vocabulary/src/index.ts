/**
 * The product's vocabulary: each word's values once, as a `const` list with its type and labels.
 * It has no dependencies and no side effects, so the server, the libraries and the browser UIs all
 * import the same list (the boundary check allows it everywhere), and a `Record<Channel, string>`
 * anywhere fails to compile when a channel is added without its label.
 */
export * from './channels.js';
export * from './helpdesks.js';
export * from './roles.js';
export * from './ticket-statuses.js';
export * from './decision-figures.js';
