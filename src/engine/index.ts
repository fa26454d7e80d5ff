/**
 * engine: durable executions of ASL state machines — the interpreter, the
 * execution store (SQLite or memory), AWS-format histories, timers on the
 * Clock port, task tokens, redrive, mocked integrations, and the registry
 * through which Task states reach services. It knows nothing about services.
 */
export * from './integrations.js';
export * from './history.js';
export * from './store.js';
export { createSqliteStore } from './sqlite-store.js';
export { createMemoryStore } from './memory-store.js';
export * from './mocks.js';
export type { Engine, EngineOptions } from './engine.js';
export { createEngine } from './engine.js';
export type { CreateStateMachineInput } from './machines.js';
export { compileDefinition } from './machines.js';
export type { StartExecutionInput } from './executions.js';
export type { ObjectAccess } from './deps.js';
export { parseCsv } from './states/item-reader.js';
export { isSuspension } from './states/index.js';
