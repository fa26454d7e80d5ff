/**
 * asl: the Amazon States Language — its types, expressions (JSONPath,
 * intrinsic functions, payload templates, JSONata), Choice rules, the
 * Retry/Catch policy and definition validation. Pure: no I/O, no clock.
 */
export * from './types.js';
export * from './errors.js';
export * from './scope.js';
export * from './jsonata.js';
export * from './retry.js';
// JSONPath-mode expressions: paths, intrinsic functions, payload templates, Choice rules, state I/O.
export {
  compilePath,
  isValidPath,
  pathNotFoundError,
  inputText,
  PathSyntaxError,
} from './jsonpath.js';
export type { CompiledPath } from './jsonpath.js';
export { parsePath, PATH_FUNCTIONS } from './jsonpath-parse.js';
export type { PathAst, PathRoot, PathStep } from './jsonpath-parse.js';
export {
  compileIntrinsic,
  cryptoRandomness,
  evaluateIntrinsic,
  INTRINSIC_ARITY,
  intrinsicFailure,
  IntrinsicSyntaxError,
  JavaRandom,
  javaToString,
  looksLikeIntrinsic,
  MAX_ARRAY_RANGE_ITEMS,
  MAX_INTRINSIC_DEPTH,
  MAX_INTRINSIC_STRING,
  parseIntrinsic,
} from './intrinsics.js';
export type { CompiledIntrinsic, IntrinsicArg, IntrinsicCall, Randomness } from './intrinsics.js';
export { evaluatePayload, isDynamicPayload } from './payload.js';
export {
  CHOICE_OPERATORS,
  COMPARISON_OPERATORS,
  evaluateChoiceRule,
  selectChoice,
  TYPE_TESTS,
  wildcardRegex,
} from './choice.js';
export {
  applyInputPath,
  applyOutputPath,
  applyResultPath,
  checkPayloadSize,
  checkPayloadText,
  jsonByteLength,
  PAYLOAD_SIZE_LIMIT,
  readFieldPath,
  readIntegerPath,
  readPercentagePath,
  readSecondsPath,
  readTimestampPath,
} from './state-io.js';
export { compareTimestamps, isTimestamp, parseTimestamp, timestampMillis } from './timestamp.js';
export type { Timestamp } from './timestamp.js';
// Definition validation (ValidateStateMachineDefinition / CreateStateMachine's InvalidDefinition).
export * from './validate.js';
