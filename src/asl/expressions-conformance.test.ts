/**
 * Replays the recorded AWS conformance cases that exercise only this layer
 * (JSONPath-mode Pass, Choice, Fail, Succeed and Wait states, no Map,
 * Parallel, Task or JSONata) through a tiny sequential runner built on the
 * expression functions, and checks AWS's exact outputs and error causes.
 * Skipped when the shared conformance folder is absent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isStatesError } from './errors.js';
import { selectChoice } from './choice.js';
import { evaluatePayload } from './payload.js';
import type { Scope } from './scope.js';
import {
  applyInputPath,
  applyOutputPath,
  applyResultPath,
  readFieldPath,
  readSecondsPath,
  readTimestampPath,
} from './state-io.js';
import type { ChoiceState, FailState, State, StateMachineDefinition, WaitState } from './types.js';

const CASES = '/work/shared/conformance/asl/cases';

interface Case {
  id: string;
  definition: StateMachineDefinition;
  input: unknown;
  expected: { status: string; output?: unknown; error?: string; cause?: string };
  normalised?: boolean;
  normalisedTokens?: string[];
}

type Outcome =
  { status: 'SUCCEEDED'; output: unknown } | { status: 'FAILED'; error?: string; cause?: string };

const SUPPORTED = new Set(['Pass', 'Choice', 'Fail', 'Succeed', 'Wait']);

function runnable(c: Case): boolean {
  if (c.definition.QueryLanguage === 'JSONata') return false;
  return Object.values(c.definition.States).every(
    (s) => SUPPORTED.has(s.Type) && s.QueryLanguage !== 'JSONata',
  );
}

function contextFor(input: unknown, stateName: string) {
  return {
    Execution: {
      Id: 'arn:aws:states:us-east-1:111111111111:execution:machine-name:exec-name',
      Input: input,
      Name: 'exec-name',
      RoleArn: 'arn:aws:iam::111111111111:role/role',
      StartTime: '2024-01-01T00:00:00.000Z',
      RedriveCount: 0,
    },
    StateMachine: {
      Id: 'arn:aws:states:us-east-1:111111111111:stateMachine:machine-name',
      Name: 'machine-name',
    },
    State: { Name: stateName, EnteredTime: '2024-01-01T00:00:00.000Z' },
  };
}

/** Runs a flat JSONPath machine; returns the outcome with AWS's cause prefix on runtime errors. */
function run(def: StateMachineDefinition, input: unknown): Outcome {
  let name = def.StartAt;
  let data = input;
  let variables: Record<string, unknown> = {};
  let eventId = 2;
  for (let steps = 0; steps < 100; steps++) {
    const state = def.States[name]!;
    const scope: Scope = { input: data, context: contextFor(input, name), variables };
    try {
      const next = step(state, scope, variables);
      if (next.fail) return next.fail;
      variables = next.variables;
      data = next.output;
      if (next.next === undefined) return { status: 'SUCCEEDED', output: data };
      name = next.next;
      eventId += 2;
    } catch (err) {
      if (!isStatesError(err)) throw err;
      const cause = `An error occurred while executing the state '${name}' (entered at the event id #${eventId}). ${err.causeText}`;
      return { status: 'FAILED', error: err.error, cause };
    }
  }
  throw new Error('too many steps');
}

interface StepResult {
  output: unknown;
  next: string | undefined;
  variables: Record<string, unknown>;
  fail?: Outcome;
}

function step(state: State, scope: Scope, variables: Record<string, unknown>): StepResult {
  const next = state.End === true ? undefined : state.Next;
  const effective = applyInputPath(state.InputPath, scope);
  const inner: Scope = { ...scope, input: effective };
  switch (state.Type) {
    case 'Succeed':
      return {
        output: applyOutputPath(state.OutputPath, effective, inner),
        next: undefined,
        variables,
      };
    case 'Fail':
      return { output: undefined, next: undefined, variables, fail: failOutcome(state, scope) };
    case 'Choice':
      return choice(state, inner, variables);
    case 'Wait':
      wait(state, scope);
      return finish(state, scope, effective, effective, variables, next, false);
    case 'Pass': {
      const pass = state;
      const params =
        pass.Parameters === undefined
          ? effective
          : evaluatePayload(pass.Parameters, inner, 'Parameters');
      const result = pass.Result !== undefined ? pass.Result : params;
      return finish(state, scope, result, result, variables, next, true);
    }
    default:
      throw new Error(`unsupported ${state.Type}`);
  }
}

function finish(
  state: State,
  scope: Scope,
  result: unknown,
  assignInput: unknown,
  variables: Record<string, unknown>,
  next: string | undefined,
  hasResult: boolean,
): StepResult {
  const assigned =
    state.Assign === undefined
      ? {}
      : (evaluatePayload(state.Assign, { ...scope, input: assignInput }, 'Assign') as object);
  const combined = hasResult ? applyResultPath(scope.input, result, state.ResultPath) : result;
  const output = applyOutputPath(state.OutputPath, combined, { ...scope, input: combined });
  return { output, next, variables: { ...variables, ...assigned } };
}

function choice(state: ChoiceState, scope: Scope, variables: Record<string, unknown>): StepResult {
  const rule = selectChoice(state.Choices, scope);
  const target = rule?.Next ?? state.Default;
  if (target === undefined) throw new Error('no choice matched');
  const output = applyOutputPath(state.OutputPath, scope.input, scope);
  return { output, next: target, variables };
}

function wait(state: WaitState, scope: Scope): void {
  if (state.SecondsPath !== undefined) readSecondsPath(state.SecondsPath, scope);
  if (state.TimestampPath !== undefined) readTimestampPath(state.TimestampPath, scope);
}

function failOutcome(state: FailState, scope: Scope): Outcome {
  const error =
    state.ErrorPath !== undefined
      ? readFieldPath('ErrorPath', state.ErrorPath, scope)
      : state.Error;
  const cause =
    state.CausePath !== undefined
      ? readFieldPath('CausePath', state.CausePath, scope)
      : state.Cause;
  return {
    status: 'FAILED',
    ...(error === undefined ? {} : { error: text(error) }),
    ...(cause === undefined ? {} : { cause: text(cause) }),
  };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Compares with the corpus' normalisation wildcards. */
function matches(expected: unknown, actual: unknown, tokens: string[]): boolean {
  if (typeof expected === 'string') {
    const parts = expected.split(/(<[^<>]+>|\b(?:date|start-time|entered-time)\b)/);
    const wild = (p: string) => /^<[^<>]+>$/.test(p) || tokens.includes(p);
    if (parts.filter((p) => p !== '').length === 1 && wild(expected))
      return actual !== null && typeof actual !== 'object';
    if (typeof actual !== 'string') return false;
    const escaped = (p: string) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    let source = expected;
    for (const token of tokens) source = source.split(token).join('\u0000');
    source = source.replace(/<[^<>]+>/g, '\u0000');
    const regex = new RegExp(`^${source.split('\u0000').map(escaped).join('.*')}$`, 's');
    return regex.test(actual);
  }
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((e, i) => matches(e, actual[i], tokens))
    );
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return false;
    const keys = Object.keys(expected);
    return (
      keys.length === Object.keys(actual).length &&
      keys.every((k) => matches((expected as any)[k], (actual as any)[k], tokens))
    );
  }
  return expected === actual;
}

const cases: Case[] = existsSync(CASES)
  ? readdirSync(CASES)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(join(CASES, f), 'utf8')) as Case)
      .filter(runnable)
  : [];

describe.skipIf(cases.length === 0)('recorded AWS conformance cases (JSONPath expressions)', () => {
  it('covers the choice, intrinsic, path and field-path areas', () => {
    const areas = new Set(cases.map((c) => c.id.split('.')[0]));
    for (const area of [
      'choice_operators',
      'intrinsic_functions',
      'base',
      'assign',
      'context_object',
      'scenarios',
    ]) {
      expect(areas).toContain(area);
    }
    expect(cases.length).toBeGreaterThan(400);
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const outcome = run(c.definition, c.input);
    const tokens = c.normalisedTokens ?? [];
    expect(outcome.status).toBe(c.expected.status);
    if (outcome.status === 'SUCCEEDED') {
      if (c.normalised)
        expect(
          matches(c.expected.output, outcome.output, tokens),
          JSON.stringify(outcome.output),
        ).toBe(true);
      else expect(outcome.output).toEqual(c.expected.output);
    } else {
      expect(outcome.error).toBe(c.expected.error);
      if (c.normalised || /<[^<>]+>/.test(c.expected.cause ?? '')) {
        expect(matches(c.expected.cause, outcome.cause, tokens), outcome.cause).toBe(true);
      } else {
        expect(outcome.cause).toBe(c.expected.cause);
      }
    }
  });
});
