import { describe, expect, it } from 'vitest';
import { validateDefinition, type ValidateDefinitionOptions } from './validate.js';

/** The ERROR diagnostics of a definition, without the severity. */
function errors(definition: unknown, options?: ValidateDefinitionOptions) {
  const text = typeof definition === 'string' ? definition : JSON.stringify(definition);
  return validateDefinition(text, options).diagnostics.map(({ code, location, message }) => ({
    code,
    location,
    message,
  }));
}

const machine = (states: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  StartAt: Object.keys(states)[0],
  States: states,
  ...extra,
});

describe('JSON text', () => {
  it('reports a syntax error with its line and column', () => {
    expect(
      errors('{\n  "StartAt": "A",\n  "States": {\n    "A": {"Type": "Pass" "End": true}\n  }\n}'),
    ).toEqual([
      {
        code: 'INVALID_JSON_DESCRIPTION',
        location: '[line: 4, column: 26]',
        message:
          "Unexpected character '\"': expected ',' or '}' after a field value at line 4, column 26. Fix the JSON syntax of the definition there.",
      },
    ]);
  });

  it('names an unrecognized token', () => {
    expect(errors('not a definition')[0]).toEqual({
      code: 'INVALID_JSON_DESCRIPTION',
      location: '[line: 1, column: 1]',
      message:
        "Unrecognized token 'not': expected a JSON value (string, number, object, array, true, false or null) at line 1, column 1. Fix the JSON syntax of the definition there.",
    });
  });

  it('reports a field that appears twice in one object, which JSON.parse would hide', () => {
    const text =
      '{"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": 1, "Result": 2, "End": true}}}';
    expect(errors(text)).toEqual([
      {
        code: 'INVALID_JSON_DESCRIPTION',
        location: '/States/A/Result',
        message:
          "Duplicate field 'Result'. A JSON object may name a field only once; remove or rename one of them.",
      },
    ]);
  });

  it('reports a state defined twice as a duplicate state name, in branches too', () => {
    const text =
      '{"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [' +
      '{"StartAt": "B", "States": {"B": {"Type": "Succeed"}, "B": {"Type": "Succeed"}}}]}}}';
    expect(errors(text)).toEqual([
      {
        code: 'DUPLICATE_STATE_NAME',
        location: '/States/P/Branches[0]/States/B',
        message:
          'Duplicate State name: B. State names must be unique in the whole state machine; rename one of them.',
      },
    ]);
  });

  it('refuses documents nested deeper than 1000 levels', () => {
    const deep = `{"StartAt":"A","States":{"A":{"Type":"Pass","Result":${'['.repeat(1000)}${']'.repeat(1000)},"End":true}}}`;
    expect(errors(deep)[0]?.message).toMatch(
      /^Document nesting depth \(1001\) exceeds the maximum allowed \(1000\)/,
    );
  });
});

describe('the top level', () => {
  it('requires States and StartAt', () => {
    expect(errors({})).toEqual([
      {
        code: 'SCHEMA_VALIDATION_FAILED',
        location: '/',
        message: 'These fields are required: [States, StartAt]. Add them.',
      },
    ]);
  });

  it('refuses unknown fields and an unknown QueryLanguage', () => {
    const def = machine({ A: { Type: 'Succeed' } }, { Foo: 1, QueryLanguage: 'XPath' });
    expect(errors(def)).toEqual([
      {
        code: 'SCHEMA_VALIDATION_FAILED',
        location: '/',
        message: "Field 'Foo' is not supported. Remove it, or check its spelling.",
      },
      {
        code: 'SCHEMA_VALIDATION_FAILED',
        location: '/QueryLanguage',
        message:
          'Value should be one of the following: [JSONPath, JSONata]. QueryLanguage is the string "XPath".',
      },
    ]);
  });

  it('requires at least one state', () => {
    expect(errors({ StartAt: 'A', States: {} })).toEqual([
      {
        code: 'SCHEMA_VALIDATION_FAILED',
        location: '/States',
        message: 'States must define at least one state.',
      },
    ]);
  });

  it('reports a StartAt that names no state', () => {
    expect(errors({ StartAt: 'Nope', States: { A: { Type: 'Succeed' } } })).toContainEqual({
      code: 'MISSING_TRANSITION_TARGET',
      location: '/StartAt',
      message:
        "Missing 'StartAt' target: Nope. Name one of the states of this state machine ('A'), or add a state called 'Nope'.",
    });
  });

  it('checks the machine TimeoutSeconds', () => {
    expect(errors(machine({ A: { Type: 'Succeed' } }, { TimeoutSeconds: 0 }))).toEqual([
      {
        code: 'SCHEMA_VALIDATION_FAILED',
        location: '/TimeoutSeconds',
        message: 'TimeoutSeconds must be an integer from 1 to 99999999, got 0.',
      },
    ]);
  });
});

describe('states', () => {
  it('limits state names to 80 characters', () => {
    const long = 'x'.repeat(81);
    expect(errors(machine({ [long]: { Type: 'Succeed' } }))).toEqual([
      {
        code: 'INVALID_STATE_NAME',
        location: `/States/${long}`,
        message: `State name '${long}' is 81 characters long; a state name must have 1 to 80 characters. Shorten it (and every Next that names it).`,
      },
    ]);
  });

  it('requires a known Type', () => {
    expect(errors(machine({ A: { Type: 'Sleep', End: true } }))).toEqual([
      {
        code: 'SCHEMA_VALIDATION_FAILED',
        location: '/States/A/Type',
        message:
          'Value should be one of the following: [Pass, Task, Choice, Wait, Succeed, Fail, Parallel, Map]. Type is the string "Sleep".',
      },
    ]);
    expect(errors(machine({ A: { End: true } }))[0]?.message).toBe(
      'These fields are required: [Type]. Add it.',
    );
  });

  it('refuses fields the state type does not carry', () => {
    expect(errors(machine({ A: { Type: 'Succeed', Next: 'B', ResultPath: '$.x' } }))).toEqual([
      {
        code: 'SCHEMA_VALIDATION_FAILED',
        location: '/States/A',
        message:
          "Field 'Next' is not supported in a Succeed state. Remove it, or check its spelling.",
      },
      {
        code: 'SCHEMA_VALIDATION_FAILED',
        location: '/States/A',
        message:
          "Field 'ResultPath' is not supported in a Succeed state. Remove it, or check its spelling.",
      },
    ]);
  });

  it('refuses Assign in Succeed and Fail states', () => {
    expect(errors(machine({ A: { Type: 'Fail', Assign: { x: 1 } } }))[0]?.message).toBe(
      "Field 'Assign' is not supported in a Fail state. Remove it, or check its spelling.",
    );
  });

  it('needs exactly one of Next and End', () => {
    expect(errors(machine({ A: { Type: 'Pass' } }))).toContainEqual({
      code: 'SCHEMA_VALIDATION_FAILED',
      location: '/States/A',
      message:
        'A Pass state needs a transition: set "Next" to the following state, or "End": true to end there.',
    });
    expect(errors(machine({ A: { Type: 'Pass', Next: 'A', End: true } }))).toEqual([
      {
        code: 'SCHEMA_VALIDATION_FAILED',
        location: '/States/A',
        message: 'A Pass state may have "Next" or "End": true, not both; keep the one you mean.',
      },
    ]);
  });
});

describe('query languages', () => {
  it('refuses JSONPath-only fields in a JSONata state', () => {
    const def = machine({
      A: { Type: 'Pass', QueryLanguage: 'JSONata', InputPath: '$.a', End: true },
    });
    expect(errors(def)).toEqual([
      {
        code: 'SCHEMA_VALIDATION_FAILED',
        location: '/States/A',
        message:
          'The QueryLanguage is set to \'JSONata\', but field \'InputPath\' is only supported for the \'JSONPath\' QueryLanguage. In a JSONata state use Arguments with a "{% ... %}" expression instead, or set "QueryLanguage": "JSONPath" on the state.',
      },
    ]);
  });

  it('refuses JSONata-only fields in a JSONPath state', () => {
    expect(errors(machine({ A: { Type: 'Pass', Output: 1, End: true } }))).toEqual([
      {
        code: 'SCHEMA_VALIDATION_FAILED',
        location: '/States/A',
        message:
          "The QueryLanguage is set to 'JSONPath', but field 'Output' is only supported for the 'JSONata' QueryLanguage. In a JSONPath state use OutputPath or ResultSelector instead, or set \"QueryLanguage\": \"JSONata\" on the state.",
      },
    ]);
  });

  it('refuses a JSONPath state in a JSONata machine', () => {
    const def = machine(
      { A: { Type: 'Pass', QueryLanguage: 'JSONPath', End: true } },
      { QueryLanguage: 'JSONata' },
    );
    expect(errors(def)).toEqual([
      {
        code: 'SCHEMA_VALIDATION_FAILED',
        location: '/States/A',
        message:
          "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine. Remove the state's QueryLanguage and write it in JSONata, or set the machine's QueryLanguage to JSONPath and opt single states into JSONata.",
      },
    ]);
  });

  it("gives nested states the machine's language, not the enclosing state's", () => {
    const def = machine({
      P: {
        Type: 'Parallel',
        QueryLanguage: 'JSONata',
        End: true,
        Branches: [{ StartAt: 'B', States: { B: { Type: 'Pass', OutputPath: '$.x', End: true } } }],
      },
    });
    expect(errors(def)).toEqual([]);
  });

  it('refuses QueryLanguage on a branch object', () => {
    const def = machine({
      P: {
        Type: 'Parallel',
        End: true,
        Branches: [{ QueryLanguage: 'JSONata', StartAt: 'B', States: { B: { Type: 'Succeed' } } }],
      },
    });
    expect(errors(def)).toEqual([
      {
        code: 'SCHEMA_VALIDATION_FAILED',
        location: '/States/P/Branches[0]',
        message:
          "Field 'QueryLanguage' is not supported in a branch. Remove it, or check its spelling.",
      },
    ]);
  });
});

describe('transitions', () => {
  it('reports Next, Default and Catch targets that name no state', () => {
    const def = machine({
      C: { Type: 'Choice', Choices: [{ Variable: '$.a', IsNull: true, Next: 'X' }], Default: 'Y' },
      T: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Z' }],
        End: true,
      },
    });
    const found = errors(def).filter((d) => d.code === 'MISSING_TRANSITION_TARGET');
    expect(found.map((d) => [d.location, d.message.split('.')[0]])).toEqual([
      ['/States/C/Default', "Missing 'Default' target: Y"],
      ['/States/C/Choices[0]/Next', "Missing 'Next' target: X"],
      ['/States/T/Catch[0]/Next', "Missing 'Next' target: Z"],
      ['/States/T', 'State "T" is not reachable'],
    ]);
  });

  it('reports unreachable states', () => {
    expect(errors(machine({ A: { Type: 'Succeed' }, B: { Type: 'Succeed' } }))).toEqual([
      {
        code: 'MISSING_TRANSITION_TARGET',
        location: '/States/B',
        message:
          'State "B" is not reachable. No StartAt, Next, Default or Catch leads to it; point a transition at it or remove it.',
      },
    ]);
  });

  it('reports a scope without a terminal state', () => {
    const def = machine({ A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'A' } });
    expect(errors(def)).toEqual([
      {
        code: 'MISSING_END_STATE',
        location: '/',
        message:
          'Workflow has no terminal state: no state of this state machine ends it. Add "End": true to its last state, or a Succeed or Fail state.',
      },
    ]);
  });

  it('keeps a branch closed: its Next may not name a state outside it', () => {
    const def = machine({
      P: {
        Type: 'Parallel',
        Next: 'Done',
        Branches: [{ StartAt: 'B', States: { B: { Type: 'Pass', Next: 'Done' } } }],
      },
      Done: { Type: 'Succeed' },
    });
    expect(errors(def)).toEqual([
      {
        code: 'MISSING_TRANSITION_TARGET',
        location: '/States/P/Branches[0]/States/B/Next',
        message:
          "Missing 'Next' target: Done. Name one of the states of this branch ('B'), or add a state called 'Done'. A branch's transitions stay inside it.",
      },
      {
        code: 'MISSING_END_STATE',
        location: '/States/P/Branches[0]',
        message:
          'Workflow has no terminal state: no state of this branch ends it. Add "End": true to its last state, or a Succeed or Fail state.',
      },
    ]);
  });

  it('requires state names to be unique across nested scopes', () => {
    const def = machine({
      M: {
        Type: 'Map',
        End: true,
        ItemProcessor: { StartAt: 'M', States: { M: { Type: 'Succeed' } } },
      },
    });
    expect(errors(def)).toEqual([
      {
        code: 'DUPLICATE_STATE_NAME',
        location: '/States/M/ItemProcessor/States/M',
        message:
          'Duplicate State name: M (also at /States/M). State names must be unique in the whole state machine, nested branches and processors included; rename one of them.',
      },
    ]);
  });
});
