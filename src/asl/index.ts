/**
 * asl: the Amazon States Language — its types, expressions (JSONPath,
 * intrinsic functions, payload templates, JSONata), Choice rules, the
 * Retry/Catch policy and definition validation. Pure: no I/O, no clock.
 */
export * from './types.js';
export * from './errors.js';
export * from './scope.js';
// Definition validation (ValidateStateMachineDefinition / CreateStateMachine's InvalidDefinition).
export * from './validate.js';
