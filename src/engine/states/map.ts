import type { MapState, SubMachine } from '../../asl/index.js';
import {
  StatesError,
  applyInputPath,
  evaluateJsonataTemplate,
  evaluatePayload,
  isJsonataExpression,
  readFieldPath,
  readIntegerPath,
  readPercentagePath,
} from '../../asl/index.js';
import type { StateCall, StateOutcome } from '../frame.js';
import type { StateScope } from '../state-io.js';
import { jsonataBindings, numericField, pathScope, stateOutput } from '../state-io.js';
import { childFrame, linkedController, runPool } from './children.js';
import { runDistributedMap } from './distributed-map.js';
import { withRetryAndCatch } from './error-handling.js';
import { transition } from './transition.js';

/** Map: runs its processor once per item (inline here; distributed mode in distributed-map.ts). */
export async function runMap(call: StateCall): Promise<StateOutcome> {
  const state = call.state as MapState;
  const processor = processorOf(state);
  const attempt =
    processor.ProcessorConfig?.Mode === 'DISTRIBUTED'
      ? () => runDistributedMap(call, state, processor)
      : () => runInline(call, state, processor);
  return withRetryAndCatch(call, attempt, 'MapStateFailed');
}

/** The Map's processor (ItemProcessor, or the older Iterator). */
export function processorOf(state: MapState): SubMachine {
  const processor = state.ItemProcessor ?? state.Iterator;
  if (!processor)
    throw new StatesError('States.Runtime', 'The Map state has neither ItemProcessor nor Iterator');
  return processor;
}

async function runInline(
  call: StateCall,
  state: MapState,
  processor: SubMachine,
): Promise<StateOutcome> {
  const { frame, scope, name } = call;
  const run = frame.run;
  const { items, mapInput } = await resolveItems(scope, state);
  const limit = await maxConcurrency(scope, state);
  run.emit(frame, 'MapStateStarted', () => ({ length: items.length }));
  const prefix = `${frame.path}/${name}@${call.progress.attempt ?? 0}`;
  const controller = linkedController(frame.signal);
  const results = new Array<unknown>(items.length);
  await runPool(items.length, limit, async (index) => {
    const child = childFrame(
      frame,
      processor,
      `${prefix}/i${index}`,
      controller.signal,
      scope.language,
    );
    child.lastEventId = run.emit(frame, 'MapIterationStarted', () => ({ name, index }));
    try {
      const selected = selectItem(scope, state, mapInput, items[index], index);
      const itemInput = selected instanceof Promise ? await selected : selected;
      results[index] = await call.runChild(child, itemInput);
      run.finishFrame(child, results[index]);
      run.emit(child, 'MapIterationSucceeded', () => ({ name, index }));
    } catch (err) {
      const aborted = controller.signal.aborted;
      run.emit(child, aborted ? 'MapIterationAborted' : 'MapIterationFailed', () => ({
        name,
        index,
      }));
      if (!aborted) controller.abort(err);
      throw err;
    }
  });
  run.emit(frame, 'MapStateSucceeded');
  run.dropCheckpoints(prefix);
  const { output, assigned } = await stateOutput(scope, state, results, { hasResult: true });
  return transition(state, output, assigned);
}

/** The items to iterate over and the Map's effective input (what ItemSelector's `$` sees). */
export async function resolveItems(
  scope: StateScope,
  state: MapState,
): Promise<{ items: unknown[]; mapInput: unknown }> {
  if (scope.language === 'JSONata') {
    if (state.Items === undefined)
      return {
        items: requireArray(scope.rawInput, 'States.QueryEvaluationError'),
        mapInput: scope.rawInput,
      };
    const value = await evaluateJsonataTemplate(state.Items, jsonataBindings(scope), 'Items');
    if (!Array.isArray(value)) {
      const items: unknown = state.Items;
      const expression = isJsonataExpression(items)
        ? items.slice(2, -2).trim()
        : JSON.stringify(items);
      throw new StatesError(
        'States.QueryEvaluationError',
        `The JSONata expression '${expression}' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was '${typeName(value)}' for value: ${JSON.stringify(value)}`,
      );
    }
    return { items: value, mapInput: scope.rawInput };
  }
  const mapInput = applyInputPath(state.InputPath, pathScope(scope, scope.rawInput));
  const items =
    state.ItemsPath === undefined
      ? mapInput
      : readFieldPath('ItemsPath', state.ItemsPath, pathScope(scope, mapInput));
  return { items: requireArray(items, 'States.Runtime'), mapInput };
}

function requireArray(value: unknown, error: string): unknown[] {
  if (!Array.isArray(value))
    throw new StatesError(
      error,
      `Map state input must be an array but was: ${JSON.stringify(value)}`,
    );
  return value;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** The input of iteration `index`: ItemSelector (or the older Parameters) applied, or the item itself (a promise only for JSONata). */
export function selectItem(
  scope: StateScope,
  state: MapState,
  mapInput: unknown,
  item: unknown,
  index: number,
): unknown {
  const template =
    state.ItemSelector ?? (scope.language === 'JSONPath' ? state.Parameters : undefined);
  if (template === undefined) return item;
  const context = { ...(scope.context as object), Map: { Item: { Index: index, Value: item } } };
  if (scope.language === 'JSONata') {
    return evaluateJsonataTemplate(
      template,
      jsonataBindings({ ...scope, context }),
      'ItemSelector',
    );
  }
  const field = state.ItemSelector ? 'ItemSelector' : 'Parameters';
  return evaluatePayload(template, { input: mapInput, context, variables: scope.variables }, field);
}

/** MaxConcurrency from the literal, the JSONata expression or MaxConcurrencyPath (0 = unlimited). */
export async function maxConcurrency(scope: StateScope, state: MapState): Promise<number> {
  return integerField(scope, state.MaxConcurrency, state.MaxConcurrencyPath, 'MaxConcurrency', 0);
}

/** An integer field of a Map (MaxConcurrency, ToleratedFailureCount, ...) with AWS's messages for bad values. */
export async function integerField(
  scope: StateScope,
  literal: unknown,
  path: string | undefined,
  field: string,
  fallback: number,
  allowFraction = false,
): Promise<number> {
  if (path !== undefined) {
    const pathScopeHere = pathScope(scope, scope.rawInput);
    return allowFraction
      ? readPercentagePath(`${field}Path`, path, pathScopeHere)
      : readIntegerPath(`${field}Path`, path, pathScopeHere);
  }
  if (literal === undefined) return fallback;
  const value = await numericField(scope, literal, field);
  if (typeof value !== 'number' || (!allowFraction && !Number.isInteger(value)) || value < 0) {
    throw new StatesError(
      scope.language === 'JSONata' ? 'States.QueryEvaluationError' : 'States.Runtime',
      `The ${field} field must be a non-negative ${allowFraction ? 'number' : 'integer'}, but it is ${JSON.stringify(value)}`,
    );
  }
  return value;
}
