export { createDemoDataset, type DemoDatasetOptions } from './dataset.js';
export type * from './types.js';
