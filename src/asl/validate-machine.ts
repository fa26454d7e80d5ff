import { StateType, type QueryLanguage } from './types.js';
import { expectObject, requireFields, type ValidationContext } from './validate-context.js';
import { at, DiagnosticCode } from './validate-diagnostics.js';
import { checkStateFields, type StateSubject } from './validate-fields.js';
import { checkScopeGraph } from './validate-graph.js';
import { checkStateType } from './validate-states.js';
import { checkNumber, describe } from './validate-values.js';

/**
 * Walks a state machine and its nested machines (Parallel branches, Map
 * processors): the container fields, every state, and each scope's graph.
 */

/** What kind of machine a container is. */
export type MachineKind = 'root' | 'branch' | 'processor';

const CONTAINER_FIELDS: Record<MachineKind, readonly string[]> = {
  root: ['Comment', 'StartAt', 'States', 'TimeoutSeconds', 'Version', 'QueryLanguage'],
  branch: ['Comment', 'StartAt', 'States'],
  processor: ['Comment', 'StartAt', 'States', 'ProcessorConfig'],
};
const KIND_NAMES: Record<MachineKind, string> = {
  root: 'state machine',
  branch: 'branch',
  processor: 'Map processor',
};
const STATE_TYPES = Object.values(StateType) as string[];
const TRANSITIONLESS = new Set<string>(['Choice', 'Succeed', 'Fail']);

/** Checks a machine at `location` ('' for the root). */
export function checkMachine(
  value: unknown,
  location: string,
  kind: MachineKind,
  ctx: ValidationContext,
): void {
  const { out } = ctx;
  const machine = expectObject(
    value,
    kind === 'root' ? 'the definition' : KIND_NAMES[kind],
    location,
    out,
  );
  if (machine === undefined) return;
  for (const field of Object.keys(machine)) {
    if (!CONTAINER_FIELDS[kind].includes(field)) {
      out.schema(
        `Field '${field}' is not supported${kind === 'root' ? '' : ` in a ${KIND_NAMES[kind]}`}. Remove it, or check its spelling.`,
        location,
      );
    }
  }
  requireFields(machine, ['States', 'StartAt'], location, out);
  if (kind === 'root') checkRootFields(machine, out);
  if ('StartAt' in machine && typeof machine.StartAt !== 'string') {
    out.schema(
      `Expected value of type [STRING] for StartAt, got ${describe(machine.StartAt)}.`,
      at(location, 'StartAt'),
    );
  }
  if (!('States' in machine)) return;
  const statesLocation = at(location, 'States');
  const states = expectObject(machine.States, 'States', statesLocation, out);
  if (states === undefined) return;
  if (Object.keys(states).length === 0) {
    out.schema('States must define at least one state.', statesLocation);
    return;
  }
  for (const [name, state] of Object.entries(states))
    checkState(name, state, at(statesLocation, name), kind, ctx);
  checkScopeGraph({ location, kind: KIND_NAMES[kind], startAt: machine.StartAt, states }, ctx);
}

function checkRootFields(machine: Record<string, unknown>, out: ValidationContext['out']): void {
  if ('TimeoutSeconds' in machine) {
    checkNumber(
      machine.TimeoutSeconds,
      { integer: true, min: 1, max: 99_999_999 },
      'JSONPath',
      'TimeoutSeconds',
      '/TimeoutSeconds',
      out,
    );
  }
  for (const field of ['Comment', 'Version']) {
    if (field in machine && typeof machine[field] !== 'string') {
      out.schema(
        `Expected value of type [STRING] for ${field}, got ${describe(machine[field])}.`,
        `/${field}`,
      );
    }
  }
  const language = machine.QueryLanguage;
  if (language !== undefined && language !== 'JSONPath' && language !== 'JSONata') {
    out.schema(
      `Value should be one of the following: [JSONPath, JSONata]. QueryLanguage is ${describe(language)}.`,
      '/QueryLanguage',
    );
  }
}

function checkState(
  name: string,
  value: unknown,
  location: string,
  kind: MachineKind,
  ctx: ValidationContext,
): void {
  const { out } = ctx;
  if (name.length === 0 || name.length > 80) {
    out.error(
      DiagnosticCode.INVALID_STATE_NAME,
      `State name '${name}' is ${name.length} characters long; a state name must have 1 to 80 characters. Shorten it (and every Next that names it).`,
      location,
    );
  }
  const first = ctx.stateNames.get(name);
  if (first !== undefined) {
    out.error(
      DiagnosticCode.DUPLICATE_STATE_NAME,
      `Duplicate State name: ${name} (also at ${first}). State names must be unique in the whole state machine, nested branches and processors included; rename one of them.`,
      location,
    );
  } else ctx.stateNames.set(name, location);
  const state = expectObject(value, `state '${name}'`, location, out);
  if (state === undefined || !requireFields(state, ['Type'], location, out)) return;
  if (typeof state.Type !== 'string' || !STATE_TYPES.includes(state.Type)) {
    out.schema(
      `Value should be one of the following: [${STATE_TYPES.join(', ')}]. Type is ${describe(state.Type)}.`,
      at(location, 'Type'),
    );
    return;
  }
  const subject: StateSubject = {
    name,
    type: state.Type as StateType,
    state,
    location,
    language: stateLanguage(state, location, kind, ctx),
  };
  checkStateFields(subject, out);
  checkStateType(subject, ctx);
  checkTransition(subject, ctx);
}

/**
 * A state's query language: its own QueryLanguage, else the machine's (a
 * nested state does not inherit from the Parallel or Map around it).
 */
function stateLanguage(
  state: Record<string, unknown>,
  location: string,
  kind: MachineKind,
  ctx: ValidationContext,
): QueryLanguage {
  const own = state.QueryLanguage;
  if (own !== 'JSONPath' && own !== 'JSONata') return ctx.machineLanguage;
  if (own === 'JSONPath' && ctx.machineLanguage === 'JSONata') {
    const message =
      "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine. Remove the state's QueryLanguage and write it in JSONata, or set the machine's QueryLanguage to JSONPath and opt single states into JSONata.";
    // Recorded on AWS for top-level states. For states inside a branch or a
    // processor there is no recording, so it is only a warning there.
    if (kind === 'root') ctx.out.schema(message, location);
    else ctx.out.warn(DiagnosticCode.SCHEMA_VALIDATION_FAILED, message, location);
  }
  return own;
}

/** Next / End: exactly one for every state but Choice, Succeed and Fail. */
function checkTransition(
  { state, location, type }: StateSubject,
  { out }: ValidationContext,
): void {
  if (TRANSITIONLESS.has(type)) return;
  const hasNext = 'Next' in state;
  const ends = state.End === true;
  if (hasNext && ends) {
    out.schema(
      `A ${type} state may have "Next" or "End": true, not both; keep the one you mean.`,
      location,
    );
  } else if (!hasNext && !ends) {
    out.schema(
      `A ${type} state needs a transition: set "Next" to the following state, or "End": true to end there.`,
      location,
    );
  }
}
