export { createDemoDataset, type DemoDatasetOptions } from './dataset.js';
export type * from './types.js';
export { createBulkDataset, type BulkDatasetOptions } from './bulk-dataset.js';
