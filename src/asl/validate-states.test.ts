import { describe, expect, it } from 'vitest';
import { validateDefinition, type ValidateDefinitionOptions } from './validate.js';

/** The diagnostics of a one-state machine around `state`, without severity unless asked. */
function check(state: Record<string, unknown>, options?: ValidateDefinitionOptions) {
  const definition = JSON.stringify({ StartAt: 'A', States: { A: state } });
  return validateDefinition(definition, options).diagnostics.map(({ code, location, message }) => ({
    code,
    location,
    message,
  }));
}

const LAMBDA = 'arn:aws:states:::lambda:invoke';
const task = (extra: Record<string, unknown>) => ({
  Type: 'Task',
  Resource: LAMBDA,
  End: true,
  ...extra,
});
const schema = (location: string, message: string) => ({
  code: 'SCHEMA_VALIDATION_FAILED',
  location,
  message,
});

describe('Retry', () => {
  it('requires a non-empty ErrorEquals', () => {
    expect(check(task({ Retry: [{ ErrorEquals: [] }] }))).toEqual([
      schema(
        '/States/A/Retry[0]/ErrorEquals',
        'ErrorEquals must name at least one error, for example ["States.ALL"].',
      ),
    ]);
    expect(check(task({ Retry: [{ MaxAttempts: 1 }] }))).toEqual([
      schema('/States/A/Retry[0]', 'These fields are required: [ErrorEquals]. Add it.'),
    ]);
  });

  it('keeps States.ALL alone and last', () => {
    expect(check(task({ Retry: [{ ErrorEquals: ['States.ALL', 'X'] }] }))).toEqual([
      schema(
        '/States/A/Retry[0]/ErrorEquals',
        "'States.ALL' must appear alone in ErrorEquals; remove the other names from this Retry rule.",
      ),
    ]);
    expect(
      check(task({ Retry: [{ ErrorEquals: ['States.ALL'] }, { ErrorEquals: ['X'] }] })),
    ).toEqual([
      schema(
        '/States/A/Retry[0]/ErrorEquals',
        "A Retry rule with 'States.ALL' must be the last one; move it to the end of Retry.",
      ),
    ]);
  });

  it('checks the numeric ranges and JitterStrategy', () => {
    const retrier = {
      ErrorEquals: ['X'],
      IntervalSeconds: 0,
      MaxAttempts: -1,
      BackoffRate: 0.5,
      MaxDelaySeconds: 0,
      JitterStrategy: 'SOME',
    };
    expect(check(task({ Retry: [retrier] }))).toEqual([
      schema(
        '/States/A/Retry[0]/IntervalSeconds',
        'IntervalSeconds must be an integer from 1 to 99999999, got 0.',
      ),
      schema(
        '/States/A/Retry[0]/MaxAttempts',
        'MaxAttempts must be an integer from 0 to 99999999, got -1.',
      ),
      schema(
        '/States/A/Retry[0]/BackoffRate',
        'BackoffRate must be a number from 1 to 99999999, got 0.5.',
      ),
      schema(
        '/States/A/Retry[0]/MaxDelaySeconds',
        'MaxDelaySeconds must be an integer from 1 to 31622400, got 0.',
      ),
      schema(
        '/States/A/Retry[0]/JitterStrategy',
        'Value should be one of the following: [FULL, NONE]. JitterStrategy is the string "SOME".',
      ),
    ]);
  });

  it('refuses unknown fields in a retrier', () => {
    expect(check(task({ Retry: [{ ErrorEquals: ['X'], Backoff: 2 }] }))).toEqual([
      schema(
        '/States/A/Retry[0]',
        "Field 'Backoff' is not supported in a Retry rule. Remove it, or check its spelling; allowed: ErrorEquals, IntervalSeconds, MaxAttempts, BackoffRate, MaxDelaySeconds, JitterStrategy, Comment.",
      ),
    ]);
  });

  it('warns about a misspelt predefined error name', () => {
    const result = validateDefinition(
      JSON.stringify({
        StartAt: 'A',
        States: { A: task({ Retry: [{ ErrorEquals: ['States.TimeOut'] }] }) },
      }),
      { severity: 'WARNING' },
    );
    expect(result.result).toBe('OK');
    expect(result.diagnostics[0]?.location).toBe('/States/A/Retry[0]/ErrorEquals[0]');
  });

  it('is refused on states that cannot fail', () => {
    expect(check({ Type: 'Pass', Retry: [], End: true })).toEqual([
      schema(
        '/States/A',
        "Field 'Retry' is not supported in a Pass state. Remove it, or check its spelling.",
      ),
    ]);
  });
});

describe('Catch', () => {
  const withCatch = (catcher: Record<string, unknown>) =>
    JSON.stringify({
      StartAt: 'A',
      States: { A: task({ Catch: [catcher] }), B: { Type: 'Succeed' } },
    });

  it('requires ErrorEquals and Next', () => {
    const result = validateDefinition(withCatch({ ErrorEquals: ['States.ALL'] }));
    expect(result.diagnostics.map((d) => [d.location, d.message])).toContainEqual([
      '/States/A/Catch[0]',
      'These fields are required: [Next]. Add it.',
    ]);
  });

  it('checks ResultPath in JSONPath and refuses Output there', () => {
    const result = validateDefinition(
      withCatch({ ErrorEquals: ['States.ALL'], Next: 'B', ResultPath: '$$.x', Output: {} }),
    );
    expect(result.diagnostics.map((d) => [d.location, d.message])).toEqual([
      [
        '/States/A/Catch[0]/ResultPath',
        "ResultPath '$$.x' may not target the context object ($$); it must place the result inside the state input ($...).",
      ],
      [
        '/States/A/Catch[0]',
        "The QueryLanguage is set to 'JSONPath', but field 'Output' is only supported for the 'JSONata' QueryLanguage.",
      ],
    ]);
  });
});

describe('Task', () => {
  it('requires a Resource', () => {
    expect(check({ Type: 'Task', End: true })).toEqual([
      schema('/States/A', 'These fields are required: [Resource]. Add it.'),
    ]);
  });

  it('accepts integrations, aws-sdk calls, Lambda functions and activities', () => {
    for (const resource of [
      'arn:aws:states:::batch:submitJob.sync',
      'arn:aws:states:::states:startExecution.sync:2',
      'arn:aws:states:::aws-sdk:ssm:getParametersByPath',
      'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
      'arn:aws:lambda:us-east-1:123456789012:function:fn:$LATEST',
      'arn:aws:lambda:us-east-1:123456789012:function:fn:live',
      'arn:aws:states:us-east-1:123456789012:activity:work',
    ]) {
      expect({ resource, diagnostics: check(task({ Resource: resource })) }).toEqual({
        resource,
        diagnostics: [],
      });
    }
  });

  it('refuses a Resource that is not a valid ARN', () => {
    expect(check(task({ Resource: 'my-function' }))).toEqual([
      {
        code: 'INVALID_RESOURCE',
        location: '/States/A/Resource',
        message:
          'The resource provided my-function is not recognized. The value is not a valid resource ARN: use arn:aws:states:::<service>:<action>, a Lambda function ARN or an activity ARN.',
      },
    ]);
    expect(check(task({ Resource: 'arn:aws:lambda:us-east-1:1:function:fn:' }))[0]?.code).toBe(
      'INVALID_RESOURCE',
    );
    expect(check(task({ Resource: 'arn:aws:states:::batch:submitJob.wait' }))[0]?.code).toBe(
      'INVALID_RESOURCE',
    );
    expect(check(task({ Resource: { Ref: 'Fn' } }))[0]?.message).toMatch(
      /^Expected value of type \[STRING\] for Resource/,
    );
  });

  it('checks TimeoutSeconds and HeartbeatSeconds', () => {
    expect(check(task({ TimeoutSeconds: 0 }))).toEqual([
      schema(
        '/States/A/TimeoutSeconds',
        'TimeoutSeconds must be an integer from 1 to 99999999, got 0.',
      ),
    ]);
    expect(check(task({ TimeoutSeconds: 1.5 }))).toEqual([
      schema(
        '/States/A/TimeoutSeconds',
        'Expected value of type [INTEGER] for TimeoutSeconds, got number 1.5. Give an integer.',
      ),
    ]);
    expect(check(task({ TimeoutSeconds: 10, HeartbeatSeconds: 10 }))).toEqual([
      schema(
        '/States/A/HeartbeatSeconds',
        'HeartbeatSeconds (10) must be smaller than TimeoutSeconds (10); lower HeartbeatSeconds or raise TimeoutSeconds.',
      ),
    ]);
    expect(check(task({ TimeoutSeconds: 10, TimeoutSecondsPath: '$.t' }))).toEqual([
      schema(
        '/States/A',
        'Only one of TimeoutSeconds and TimeoutSecondsPath may be set; remove one of them.',
      ),
    ]);
  });

  it('takes a JSONata expression for TimeoutSeconds only in JSONata', () => {
    expect(check(task({ TimeoutSeconds: '{% 10 %}' }))[0]?.message).toBe(
      'Expected value of type [INTEGER] for TimeoutSeconds, got the string "{% 10 %}". Give an integer.',
    );
    expect(check(task({ QueryLanguage: 'JSONata', TimeoutSeconds: '{% 10 %}' }))).toEqual([]);
  });

  it('requires Credentials to be an object template', () => {
    expect(check(task({ Credentials: null }))).toEqual([
      schema('/States/A/Credentials', 'Expected value of type [OBJECT] for Credentials, got null.'),
    ]);
    expect(check(task({ Credentials: { 'RoleArn.$': '$.role' } }))).toEqual([]);
  });
});

describe('Wait', () => {
  it('needs exactly one of its four fields', () => {
    expect(check({ Type: 'Wait', End: true })).toEqual([
      schema(
        '/States/A',
        'A Wait state needs exactly one of Seconds, Timestamp, SecondsPath, TimestampPath; this one has none of them.',
      ),
    ]);
    expect(check({ Type: 'Wait', Seconds: 1, SecondsPath: '$.s', End: true })).toEqual([
      schema(
        '/States/A',
        'A Wait state needs exactly one of Seconds, Timestamp, SecondsPath, TimestampPath; this one has 2: Seconds, SecondsPath.',
      ),
    ]);
  });

  it('checks the Timestamp format and the Seconds range', () => {
    expect(check({ Type: 'Wait', Timestamp: '2016-03-14 01:59:00', End: true })).toEqual([
      schema(
        '/States/A/Timestamp',
        "Timestamp '2016-03-14 01:59:00' is not an RFC 3339 timestamp; write it like 2016-03-14T01:59:00Z (uppercase T and Z, or an offset such as +01:00).",
      ),
    ]);
    expect(check({ Type: 'Wait', Seconds: -1, End: true })).toEqual([
      schema('/States/A/Seconds', 'Seconds must be an integer from 0 to 99999999, got -1.'),
    ]);
  });

  it('has no SecondsPath in JSONata', () => {
    const diagnostics = check({
      Type: 'Wait',
      QueryLanguage: 'JSONata',
      SecondsPath: '$.s',
      End: true,
    });
    expect(diagnostics.map((d) => d.message)).toEqual([
      'The QueryLanguage is set to \'JSONata\', but field \'SecondsPath\' is only supported for the \'JSONPath\' QueryLanguage. In a JSONata state use Seconds with a "{% ... %}" expression instead, or set "QueryLanguage": "JSONPath" on the state.',
      'A Wait state needs exactly one of Seconds, Timestamp; this one has none of them.',
    ]);
  });
});

describe('Fail', () => {
  it('refuses a value and its Path form together', () => {
    expect(
      check({ Type: 'Fail', Error: 'E', ErrorPath: '$.e', Cause: 'C', CausePath: '$.c' }),
    ).toEqual([
      schema('/States/A', 'Only one of Error and ErrorPath may be set; remove one of them.'),
      schema('/States/A', 'Only one of Cause and CausePath may be set; remove one of them.'),
    ]);
  });

  it('accepts an intrinsic function in ErrorPath and CausePath', () => {
    expect(
      check({ Type: 'Fail', ErrorPath: "States.Format('E{}', $.code)", CausePath: '$.cause' }),
    ).toEqual([]);
  });

  it('warns (NO_PATH) when Error looks like a path', () => {
    const result = validateDefinition(
      JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Fail', Error: '$.error' } } }),
      { severity: 'WARNING' },
    );
    expect(result.result).toBe('OK');
    expect(result.diagnostics).toEqual([
      {
        severity: 'WARNING',
        code: 'NO_PATH',
        location: '/States/A/Error',
        message:
          "The value of Error looks like a path, but the field name does not end with 'Path', so it is used as the literal text '$.error'. Use ErrorPath to read it from the input.",
      },
    ]);
  });
});

describe('Parallel', () => {
  it('requires a non-empty array of branch machines', () => {
    expect(check({ Type: 'Parallel', End: true })).toEqual([
      schema('/States/A', 'These fields are required: [Branches]. Add it.'),
    ]);
    expect(check({ Type: 'Parallel', Branches: [], End: true })).toEqual([
      schema(
        '/States/A/Branches',
        'Branches must hold at least one branch: {"StartAt": ..., "States": {...}}.',
      ),
    ]);
    expect(check({ Type: 'Parallel', Branches: [[]], End: true })).toEqual([
      schema('/States/A/Branches[0]', 'Expected value of type [OBJECT] for branch, got an array.'),
    ]);
  });

  it('validates each branch as a machine of its own', () => {
    const branch = { StartAt: 'B', States: { B: { Type: 'Wait', Seconds: 1 } } };
    expect(check({ Type: 'Parallel', Branches: [branch], End: true })).toEqual([
      schema(
        '/States/A/Branches[0]/States/B',
        'A Wait state needs a transition: set "Next" to the following state, or "End": true to end there.',
      ),
      {
        code: 'MISSING_END_STATE',
        location: '/States/A/Branches[0]',
        message:
          'Workflow has no terminal state: no state of this branch ends it. Add "End": true to its last state, or a Succeed or Fail state.',
      },
    ]);
  });
});
