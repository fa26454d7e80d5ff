/** modelmill's public API. */
export * from './core/index.js';
export * from './asl/index.js';
export * from './engine/index.js';
export * from './server/index.js';
export * from './store/index.js';
export { createModelmill } from './modelmill.js';
export type { Modelmill, CreateModelmillOptions } from './modelmill.js';
export * from './resources/index.js';
