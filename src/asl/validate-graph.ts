import { isPlainObject } from '../core/index.js';
import type { ValidationContext } from './validate-context.js';
import { at, atIndex, DiagnosticCode, nameList } from './validate-diagnostics.js';

/**
 * The transition graph of one scope (the machine, a Parallel branch or a Map
 * processor): every StartAt / Next / Default / Catch target names a state of
 * the same scope, every state is reachable from StartAt, and at least one
 * state ends the scope.
 */

/** One scope's states and where they are. */
export interface Scope {
  /** Location of the object holding StartAt and States ('' for the root). */
  location: string;
  /** 'state machine', 'branch' or 'processor', for messages. */
  kind: string;
  startAt: unknown;
  states: Record<string, unknown>;
}

interface Edge {
  target: string;
  field: string;
  location: string;
}

/** Checks targets, reachability and the presence of a terminal state in `scope`. */
export function checkScopeGraph(scope: Scope, ctx: ValidationContext): void {
  const names = Object.keys(scope.states);
  const statesLocation = at(scope.location, 'States');
  const valid = new Set(names);
  const edges = new Map<string, Edge[]>();
  for (const name of names) {
    const stateEdges = edgesOf(scope.states[name], at(statesLocation, name));
    edges.set(name, stateEdges);
    for (const edge of stateEdges) {
      if (!valid.has(edge.target)) reportMissing(edge, names, scope, ctx);
    }
  }
  const start = scope.startAt;
  if (typeof start === 'string' && !valid.has(start)) {
    reportMissing(
      { target: start, field: 'StartAt', location: at(scope.location, 'StartAt') },
      names,
      scope,
      ctx,
    );
  } else if (typeof start === 'string') {
    reportUnreachable(start, names, edges, statesLocation, ctx);
  }
  if (names.length > 0 && !names.some((name) => isTerminal(scope.states[name]))) {
    ctx.out.error(
      DiagnosticCode.MISSING_END_STATE,
      `Workflow has no terminal state: no state of this ${scope.kind} ends it. Add "End": true to its last state, or a Succeed or Fail state.`,
      scope.location,
    );
  }
}

/** The transitions each state type carries (fields it does not carry are reported elsewhere). */
const TRANSITION_FIELDS: Record<string, { next: boolean; choice: boolean; catch: boolean }> = {
  Choice: { next: false, choice: true, catch: false },
  Succeed: { next: false, choice: false, catch: false },
  Fail: { next: false, choice: false, catch: false },
  Pass: { next: true, choice: false, catch: false },
  Wait: { next: true, choice: false, catch: false },
  Task: { next: true, choice: false, catch: true },
  Parallel: { next: true, choice: false, catch: true },
  Map: { next: true, choice: false, catch: true },
};

function edgesOf(state: unknown, location: string): Edge[] {
  if (!isPlainObject(state)) return [];
  const carries = TRANSITION_FIELDS[String(state.Type)];
  if (carries === undefined) return [];
  const edges: Edge[] = [];
  const add = (value: unknown, field: string, loc: string): void => {
    if (typeof value === 'string') edges.push({ target: value, field, location: loc });
  };
  const addRules = (list: string): void => {
    const rules = state[list];
    if (!Array.isArray(rules)) return;
    rules.forEach((rule, i) => {
      if (isPlainObject(rule)) add(rule.Next, 'Next', at(atIndex(at(location, list), i), 'Next'));
    });
  };
  if (carries.next) add(state.Next, 'Next', at(location, 'Next'));
  if (carries.choice) {
    add(state.Default, 'Default', at(location, 'Default'));
    addRules('Choices');
  }
  if (carries.catch) addRules('Catch');
  return edges;
}

function reportMissing(edge: Edge, names: string[], scope: Scope, ctx: ValidationContext): void {
  const nested = scope.location === '' ? '' : ` A ${scope.kind}'s transitions stay inside it.`;
  ctx.out.error(
    DiagnosticCode.MISSING_TRANSITION_TARGET,
    `Missing '${edge.field}' target: ${edge.target}. Name one of the states of this ${scope.kind} (${nameList(names)}), or add a state called '${edge.target}'.${nested}`,
    edge.location,
  );
}

function reportUnreachable(
  start: string,
  names: string[],
  edges: Map<string, Edge[]>,
  statesLocation: string,
  ctx: ValidationContext,
): void {
  const reached = new Set<string>([start]);
  const queue = [start];
  while (queue.length > 0) {
    const name = queue.pop() as string;
    for (const edge of edges.get(name) ?? []) {
      if (!reached.has(edge.target)) {
        reached.add(edge.target);
        queue.push(edge.target);
      }
    }
  }
  for (const name of names) {
    if (reached.has(name)) continue;
    ctx.out.error(
      DiagnosticCode.MISSING_TRANSITION_TARGET,
      `State "${name}" is not reachable. No StartAt, Next, Default or Catch leads to it; point a transition at it or remove it.`,
      at(statesLocation, name),
    );
  }
}

function isTerminal(state: unknown): boolean {
  if (!isPlainObject(state)) return false;
  return state.Type === 'Succeed' || state.Type === 'Fail' || state.End === true;
}
