import { ModelmillError, isPlainObject } from '../core/index.js';

/**
 * Mocked integrations in the Step Functions Local MockConfigFile format: a
 * test case maps state names to mocked responses; a mocked response maps
 * invocation numbers ("0", "1-2") to a Return value or a Throw.
 */

/** One mocked answer. */
export type MockAnswer = { Return: unknown } | { Throw: { Error: string; Cause?: string } };

/** The mocked answers of one test case, by state name. */
export interface MockTestCase {
  name: string;
  /** The answer for the `invocation`-th call (0-based) of `stateName`, or undefined when not mocked. */
  answer(stateName: string, invocation: number): MockAnswer | undefined;
  /** True when the state is mocked in this test case. */
  mocks(stateName: string): boolean;
}

/** A parsed MockConfigFile. */
export interface MockConfig {
  /** The test case for a state machine name; throws naming what exists when it is missing. */
  testCase(stateMachineName: string, testCase: string): MockTestCase;
}

/** Validates a MockConfigFile document; errors name the path of the bad field. */
export function compileMockConfig(document: unknown): MockConfig {
  if (
    !isPlainObject(document) ||
    !isPlainObject(document.StateMachines) ||
    !isPlainObject(document.MockedResponses)
  ) {
    throw new ModelmillError(
      'InvalidMockConfig',
      'the mock config must be an object with "StateMachines" and "MockedResponses" objects',
    );
  }
  const machines = document.StateMachines;
  const responses = compileResponses(document.MockedResponses);
  return {
    testCase(machineName, caseName) {
      const machine = machines[machineName];
      if (!isPlainObject(machine) || !isPlainObject(machine.TestCases)) {
        throw new ModelmillError(
          'InvalidMockConfig',
          `the mock config has no state machine '${machineName}' (has: ${Object.keys(machines).join(', ') || 'none'})`,
        );
      }
      const testCase = machine.TestCases[caseName];
      if (!isPlainObject(testCase)) {
        throw new ModelmillError(
          'InvalidMockConfig',
          `state machine '${machineName}' has no test case '${caseName}' in the mock config (has: ${Object.keys(machine.TestCases).join(', ')})`,
        );
      }
      const byState = new Map<string, Array<{ from: number; to: number; answer: MockAnswer }>>();
      for (const [stateName, responseName] of Object.entries(testCase)) {
        const ranges = typeof responseName === 'string' ? responses.get(responseName) : undefined;
        if (!ranges) {
          throw new ModelmillError(
            'InvalidMockConfig',
            `StateMachines.${machineName}.TestCases.${caseName}.${stateName} names mocked response '${String(responseName)}', which MockedResponses does not define`,
          );
        }
        byState.set(stateName, ranges);
      }
      return {
        name: caseName,
        mocks: (stateName) => byState.has(stateName),
        answer(stateName, invocation) {
          const ranges = byState.get(stateName);
          if (!ranges) return undefined;
          const hit = ranges.find((r) => invocation >= r.from && invocation <= r.to);
          // Past the last range, AWS repeats the last answer.
          return (hit ?? ranges[ranges.length - 1])?.answer;
        },
      };
    },
  };
}

function compileResponses(
  raw: Record<string, unknown>,
): Map<string, Array<{ from: number; to: number; answer: MockAnswer }>> {
  const out = new Map<string, Array<{ from: number; to: number; answer: MockAnswer }>>();
  for (const [name, value] of Object.entries(raw)) {
    if (!isPlainObject(value))
      throw new ModelmillError(
        'InvalidMockConfig',
        `MockedResponses.${name} must be an object of invocation ranges`,
      );
    const ranges = Object.entries(value).map(([range, answer]) => {
      const match = /^(\d+)(?:-(\d+))?$/.exec(range);
      if (!match)
        throw new ModelmillError(
          'InvalidMockConfig',
          `MockedResponses.${name}: '${range}' is not an invocation number or range such as "0" or "1-3"`,
        );
      const from = Number(match[1]);
      const to = match[2] === undefined ? from : Number(match[2]);
      if (!isPlainObject(answer) || (!('Return' in answer) && !isPlainObject(answer.Throw))) {
        throw new ModelmillError(
          'InvalidMockConfig',
          `MockedResponses.${name}.${range} must have "Return" or "Throw": {"Error", "Cause"}`,
        );
      }
      if ('Throw' in answer && typeof (answer.Throw as { Error?: unknown }).Error !== 'string') {
        throw new ModelmillError(
          'InvalidMockConfig',
          `MockedResponses.${name}.${range}.Throw.Error must be a string`,
        );
      }
      return { from, to, answer: answer as MockAnswer };
    });
    out.set(
      name,
      ranges.sort((a, b) => a.from - b.from),
    );
  }
  return out;
}
