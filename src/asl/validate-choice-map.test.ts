import { describe, expect, it } from 'vitest';
import { validateDefinition } from './validate.js';

/** All diagnostics (warnings included) of a machine whose first state is `state`. */
function check(state: Record<string, unknown>, top: Record<string, unknown> = {}) {
  const definition = JSON.stringify({
    StartAt: 'A',
    States: { A: state, Z: { Type: 'Succeed' } },
    ...top,
  });
  return validateDefinition(definition, { severity: 'WARNING' }).diagnostics.map(
    ({ severity, code, location, message }) => ({ severity, code, location, message }),
  );
}

const schema = (location: string, message: string) => ({
  severity: 'ERROR',
  code: 'SCHEMA_VALIDATION_FAILED',
  location,
  message,
});
const choice = (rule: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  Type: 'Choice',
  Choices: [rule],
  ...extra,
});

describe('Choice (JSONPath)', () => {
  it('accepts comparisons, Path comparisons, type tests and combinators', () => {
    const rules = [
      { Variable: '$.n', NumericGreaterThan: 1, Next: 'Z' },
      { Variable: '$.n', NumericLessThanPath: '$.max', Next: 'Z' },
      { Variable: '$.s', StringMatches: 'log-*.txt', Next: 'Z' },
      { Variable: '$.t', TimestampLessThan: '2016-03-14T01:59:00Z', Next: 'Z' },
      {
        And: [{ Variable: '$.a', IsPresent: true }, { Not: { Variable: '$.a', IsNull: true } }],
        Next: 'Z',
      },
      { Variable: '$$.Execution.Name', StringEquals: 'x', Assign: { seen: true }, Next: 'Z' },
    ];
    expect(check({ Type: 'Choice', Choices: rules, Default: 'Z' })).toEqual([]);
  });

  it('requires Choices with at least one rule', () => {
    expect(check({ Type: 'Choice', Choices: [], Default: 'Z' })).toEqual([
      schema('/States/A/Choices', 'Choices must hold at least one rule.'),
    ]);
  });

  it('requires exactly one test per rule', () => {
    expect(check(choice({ Variable: '$.a', Next: 'Z' }))).toEqual([
      schema(
        '/States/A/Choices[0]',
        'A Choice rule needs one comparison (such as StringEquals or IsPresent), or And, Or or Not.',
      ),
    ]);
    expect(check(choice({ Variable: '$.a', IsNull: true, IsPresent: true, Next: 'Z' }))).toEqual([
      schema(
        '/States/A/Choices[0]',
        'A Choice rule may hold only one of its comparison, And, Or and Not; this one has IsNull, IsPresent. Split it, or combine the tests with And.',
      ),
    ]);
  });

  it('requires Variable as a Reference Path and typed operands', () => {
    expect(check(choice({ StringEquals: 'x', Next: 'Z' }))).toEqual([
      schema('/States/A/Choices[0]', 'These fields are required: [Variable]. Add it.'),
    ]);
    expect(check(choice({ Variable: '$.a[*]', NumericEquals: '1', Next: 'Z' }))).toEqual([
      schema(
        '/States/A/Choices[0]/Variable',
        "The value of Variable, '$.a[*]', must be a Reference Path: only '.field', \"['field']\" and '[index]' steps, without wildcards, filters, slices or '..'.",
      ),
      schema(
        '/States/A/Choices[0]/NumericEquals',
        'Expected value of type [NUMBER] for NumericEquals, got the string "1".',
      ),
    ]);
    expect(check(choice({ Variable: '$.t', TimestampEquals: 'yesterday', Next: 'Z' }))).toEqual([
      schema(
        '/States/A/Choices[0]/TimestampEquals',
        "TimestampEquals 'yesterday' is not an RFC 3339 timestamp; write it like 2016-03-14T01:59:00Z.",
      ),
    ]);
  });

  it('takes Next on top-level rules only', () => {
    expect(check(choice({ Variable: '$.a', IsNull: true, End: true }, { Default: 'Z' }))).toEqual([
      schema(
        '/States/A/Choices[0]',
        "Field 'End' is not supported in a Choice rule. Remove it, or check its spelling.",
      ),
      schema('/States/A/Choices[0]', 'These fields are required: [Next]. Add it.'),
    ]);
    expect(
      check(choice({ Or: [{ Variable: '$.a', IsNull: true, Next: 'Z' }], Next: 'Z' })),
    ).toEqual([
      schema(
        '/States/A/Choices[0]/Or[0]',
        'Next is allowed only on top-level Choice rules; remove it from this nested rule.',
      ),
    ]);
  });

  it('refuses Condition in a JSONPath rule', () => {
    expect(check(choice({ Condition: true, Next: 'Z' }))[0]).toEqual(
      schema(
        '/States/A/Choices[0]',
        "The QueryLanguage is set to 'JSONPath', but field 'Condition' is only supported for the 'JSONata' QueryLanguage.",
      ),
    );
  });
});

describe('Choice (JSONata)', () => {
  it('takes a Condition and Next per rule', () => {
    expect(
      check(choice({ Condition: '{% $states.input.n > 1 %}', Next: 'Z' }), {
        QueryLanguage: 'JSONata',
      }),
    ).toEqual([]);
    expect(check(choice({ Next: 'Z' }), { QueryLanguage: 'JSONata' })).toEqual([
      schema('/States/A/Choices[0]', 'These fields are required: [Condition]. Add it.'),
    ]);
  });

  it('refuses the JSONPath rule fields', () => {
    expect(
      check(choice({ Variable: '$.a', IsNull: true, Condition: true, Next: 'Z' }), {
        QueryLanguage: 'JSONata',
      }),
    ).toEqual([
      schema(
        '/States/A/Choices[0]',
        "The QueryLanguage is set to 'JSONata', but field 'Variable' is only supported for the 'JSONPath' QueryLanguage. Write the test as \"Condition\": \"{% ... %}\".",
      ),
      schema(
        '/States/A/Choices[0]',
        "The QueryLanguage is set to 'JSONata', but field 'IsNull' is only supported for the 'JSONPath' QueryLanguage. Write the test as \"Condition\": \"{% ... %}\".",
      ),
    ]);
  });
});

const processor = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };
const distributed = {
  ...processor,
  ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
};
const map = (extra: Record<string, unknown>) => ({
  Type: 'Map',
  Next: 'Z',
  ItemProcessor: processor,
  ...extra,
});

describe('Map', () => {
  it('requires exactly one of ItemProcessor and Iterator', () => {
    expect(check({ Type: 'Map', Next: 'Z' })).toEqual([
      schema(
        '/States/A',
        'These fields are required: [ItemProcessor]. Add the states each item runs through: {"StartAt": ..., "States": {...}} (Iterator is its older name).',
      ),
    ]);
    expect(check(map({ Iterator: processor }))).toEqual([
      schema('/States/A', 'Only one of ItemProcessor and Iterator may be set; remove one of them.'),
    ]);
  });

  it('checks ProcessorConfig', () => {
    const config = (ProcessorConfig: unknown) =>
      map({ ItemProcessor: { ...processor, ProcessorConfig } });
    expect(check(config({ Mode: 'REMOTE' }))).toEqual([
      schema(
        '/States/A/ItemProcessor/ProcessorConfig/Mode',
        'Value should be one of the following: [INLINE, DISTRIBUTED]. Mode is the string "REMOTE".',
      ),
    ]);
    expect(check(config({ Mode: 'DISTRIBUTED' }))).toEqual([
      schema(
        '/States/A/ItemProcessor/ProcessorConfig',
        'A DISTRIBUTED processor needs an ExecutionType: STANDARD or EXPRESS.',
      ),
    ]);
  });

  it('checks MaxConcurrency and the tolerated failure thresholds', () => {
    expect(
      check(
        map({
          ItemProcessor: distributed,
          MaxConcurrency: -1,
          ToleratedFailurePercentage: 101,
          ToleratedFailureCount: 1.5,
        }),
      ),
    ).toEqual([
      schema(
        '/States/A/MaxConcurrency',
        'MaxConcurrency must be an integer from 0 to 99999999, got -1.',
      ),
      schema(
        '/States/A/ToleratedFailurePercentage',
        'ToleratedFailurePercentage must be a number from 0 to 100, got 101.',
      ),
      schema(
        '/States/A/ToleratedFailureCount',
        'Expected value of type [INTEGER] for ToleratedFailureCount, got number 1.5. Give an integer.',
      ),
    ]);
  });

  it('warns about Distributed Map fields on an inline Map', () => {
    expect(check(map({ Label: 'L' }))).toEqual([
      {
        severity: 'WARNING',
        code: 'SCHEMA_VALIDATION_FAILED',
        location: '/States/A/Label',
        message:
          'Label applies only to a Distributed Map; set "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"} in the ItemProcessor, or remove Label.',
      },
    ]);
  });

  it('checks Labels: characters, length and uniqueness', () => {
    expect(check(map({ ItemProcessor: distributed, Label: 'a b' }))).toEqual([
      {
        severity: 'ERROR',
        code: 'INVALID_LABEL_NAME',
        location: '/States/A/Label',
        message:
          "Label 'a b' is invalid: it must be 1 to 40 characters without whitespace, brackets, wildcards or the characters \" # % \\ ^ | ~ ` $ & , ; : /.",
      },
    ]);
    const definition = {
      StartAt: 'A',
      States: {
        A: map({ ItemProcessor: distributed, Label: 'L', Next: 'B' }),
        B: map({
          ItemProcessor: { ...distributed, StartAt: 'Q', States: { Q: { Type: 'Succeed' } } },
          Label: 'L',
        }),
        Z: { Type: 'Succeed' },
      },
    };
    expect(validateDefinition(definition).diagnostics).toEqual([
      {
        severity: 'ERROR',
        code: 'DUPLICATE_LABEL_NAME',
        location: '/States/B/Label',
        message:
          'Duplicate Label name: L (also at /States/A/Label). Give each Map a distinct Label.',
      },
    ]);
  });

  it('checks ItemReader, ItemBatcher and ResultWriter', () => {
    const state = map({
      ItemProcessor: distributed,
      ItemReader: {
        Resource: 'arn:aws:states:::s3:getObject',
        ReaderConfig: { InputType: 'XML', CSVHeaderLocation: 'GIVEN' },
      },
      ItemBatcher: { BatchInput: {} },
      ResultWriter: { WriterConfig: { OutputType: 'CSV' } },
    });
    expect(check(state)).toEqual([
      schema(
        '/States/A/ItemReader/ReaderConfig/InputType',
        'Value should be one of the following: [CSV, JSON, JSONL, MANIFEST, PARQUET]. InputType is the string "XML".',
      ),
      schema(
        '/States/A/ItemReader/ReaderConfig',
        'CSVHeaderLocation GIVEN needs CSVHeaders: the column names as an array of strings.',
      ),
      schema(
        '/States/A/ItemBatcher',
        'ItemBatcher needs at least one of MaxItemsPerBatch and MaxInputBytesPerBatch (or their Path forms).',
      ),
      schema(
        '/States/A/ResultWriter/WriterConfig/OutputType',
        'Value should be one of the following: [JSON, JSONL]. OutputType is the string "CSV".',
      ),
    ]);
  });

  it('takes Items only in JSONata, as an array or an expression', () => {
    const jsonataMap = map({ QueryLanguage: 'JSONata', Items: 5 });
    expect(check(jsonataMap)).toEqual([
      schema(
        '/States/A/Items',
        'Items must be an array or a "{% ... %}" expression that yields one, got number 5.',
      ),
    ]);
    expect(check(map({ QueryLanguage: 'JSONata', Items: '{% $states.input.list %}' }))).toEqual([]);
  });

  it('checks the processor as a machine of its own', () => {
    const state = map({
      ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', Next: 'Z' } } },
    });
    expect(check(state).map((d) => [d.code, d.location])).toEqual([
      ['MISSING_TRANSITION_TARGET', '/States/A/ItemProcessor/States/P/Next'],
      ['MISSING_END_STATE', '/States/A/ItemProcessor'],
    ]);
  });
});
