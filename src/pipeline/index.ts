// The pipeline: a request in, scenario runs, analyses and warnings out (docs/architecture.md).
export * from './compare.js';
export * from './pricing.js';
export * from './request.js';
export * from './analysis.js';
export * from './plan.js';
