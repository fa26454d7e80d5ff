/** modelmill's public API. */
export * from './core/index.js';
export * from './asl/index.js';
