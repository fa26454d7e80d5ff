import { describe, expect, it } from 'vitest';
import { validateDefinition } from './validate.js';

/** All diagnostics (warnings included) of a one-state machine around `state`. */
function check(state: Record<string, unknown>, top: Record<string, unknown> = {}) {
  const definition = JSON.stringify({ StartAt: 'A', States: { A: state }, ...top });
  return validateDefinition(definition, { severity: 'WARNING' }).diagnostics.map(
    ({ severity, code, location, message }) => ({ severity, code, location, message }),
  );
}

const pass = (extra: Record<string, unknown>) => ({ Type: 'Pass', End: true, ...extra });
const jsonata = (extra: Record<string, unknown>) => pass({ QueryLanguage: 'JSONata', ...extra });
const error = (code: string, location: string, message: string) => ({
  severity: 'ERROR',
  code,
  location,
  message,
});
const schema = (location: string, message: string) =>
  error('SCHEMA_VALIDATION_FAILED', location, message);

describe('JSONPath fields', () => {
  it('checks InputPath and OutputPath syntax and accepts null', () => {
    expect(check(pass({ InputPath: 'bug$.a' }))).toEqual([
      schema(
        '/States/A/InputPath',
        "The value of InputPath, 'bug$.a', is not a valid JSONPath: a path must start with '$' (input), '$$' (context object) or '$name' (variable).",
      ),
    ]);
    expect(check(pass({ InputPath: null, OutputPath: '$.items[?(@.n > 1)]' }))).toEqual([]);
  });

  it('reports a path the JSONPath parser cannot read, with its position', () => {
    const [diagnostic] = check(pass({ OutputPath: '$.a[' }));
    expect(diagnostic?.location).toBe('/States/A/OutputPath');
    expect(diagnostic?.message).toMatch(
      /^The value of OutputPath, '\$\.a\[', is not a valid JSONPath: Invalid JSONPath '\$\.a\[' at position \d+/,
    );
  });

  it('requires ResultPath to be a Reference Path into the input', () => {
    expect(check(pass({ ResultPath: '$.a[*]' }))).toEqual([
      schema(
        '/States/A/ResultPath',
        "The value of ResultPath, '$.a[*]', must be a Reference Path: only '.field', \"['field']\" and '[index]' steps, without wildcards, filters, slices or '..'.",
      ),
    ]);
    expect(check(pass({ ResultPath: '$total' }))).toEqual([
      schema(
        '/States/A/ResultPath',
        "ResultPath '$total' may not target a variable; it must place the result inside the state input ($...). Use Assign to set a variable.",
      ),
    ]);
    expect(check(pass({ ResultPath: null }))).toEqual([]);
    expect(check(pass({ ResultPath: "$.a['b'][0]" }))).toEqual([]);
  });

  it('requires Reference Paths in the *Path fields', () => {
    expect(check({ Type: 'Wait', SecondsPath: '$..s', End: true })).toEqual([
      schema(
        '/States/A/SecondsPath',
        "The value of SecondsPath, '$..s', must be a Reference Path: only '.field', \"['field']\" and '[index]' steps, without wildcards, filters, slices or '..'.",
      ),
    ]);
    expect(check({ Type: 'Wait', SecondsPath: '$$.Execution.Input.wait', End: true })).toEqual([]);
  });
});

describe('payload templates', () => {
  it('requires a path or an intrinsic call behind a .$ key', () => {
    expect(check(pass({ Parameters: { 'a.$': 'ipsum' } }))).toEqual([
      schema(
        '/States/A/Parameters/a.$',
        "The value of 'a.$', 'ipsum', is not a valid JSONPath or intrinsic function: a path must start with '$' (input), '$$' (context object) or '$name' (variable). Remove '.$' from the key for a static string.",
      ),
    ]);
    expect(check(pass({ Parameters: { list: [{ 'a.$': 5 }] } }))).toEqual([
      schema(
        '/States/A/Parameters/list[0]/a.$',
        "The value of 'a.$' must be a string holding a JSONPath or an intrinsic function call, got number 5. Remove '.$' from the key for a static value.",
      ),
    ]);
  });

  it("refuses a key that collides with its '.$' form", () => {
    const task = { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true };
    expect(check({ ...task, ResultSelector: { x: 1, 'x.$': '$.x' } })).toEqual([
      schema(
        '/States/A/ResultSelector/x.$',
        "The field 'x' appears both as 'x' and 'x.$' in ResultSelector; after '.$' is removed they collide. Keep only one of them.",
      ),
    ]);
  });

  it("warns (NO_DOLLAR) about a path under a key without '.$'", () => {
    expect(check(pass({ Parameters: { a: '$.value' } }))).toEqual([
      {
        severity: 'WARNING',
        code: 'NO_DOLLAR',
        location: '/States/A/Parameters/a',
        message:
          "The value of 'a' looks like a JSONPath or intrinsic function, but the key does not end in '.$', so it is passed as the literal string '$.value'. Rename the key to 'a.$' to evaluate it.",
      },
    ]);
  });

  it('checks intrinsic functions: name, arity and literal types', () => {
    const messageOf = (expr: string) => check(pass({ Parameters: { 'v.$': expr } }))[0]?.message;
    expect(messageOf('States.Nope(1)')).toMatch(/unknown intrinsic function 'States.Nope'/);
    expect(messageOf('States.MathAdd(1)')).toMatch(
      /States.MathAdd takes 2 arguments, but 1 were given/,
    );
    expect(messageOf("States.MathAdd(1, 'x')")).toBe(
      "The intrinsic function call in 'v.$' is invalid: argument 2 of States.MathAdd must be a number or a path, got the string 'x'.",
    );
    expect(messageOf("States.Format('{} {}', $.a)")).toMatch(
      /placeholders? '\{\}' but 1 value argument/,
    );
    expect(messageOf('States.ArrayLength(States.Array(1, 2))')).toBeUndefined();
  });

  it('checks Credentials like a template', () => {
    const task = { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true };
    expect(check({ ...task, Credentials: { 'RoleArn.$': 'not a path' } })[0]?.location).toBe(
      '/States/A/Credentials/RoleArn.$',
    );
  });
});

describe('JSONata values', () => {
  it('requires the {% ... %} surround', () => {
    expect(check(jsonata({ Output: '{% 1 + 1' }))).toEqual([
      schema(
        '/States/A/Output',
        'JSONata string must start with {% and end with %}: \'{% 1 + 1\'. Write the expression as "{% <expression> %}", or remove the stray {% from a literal string.',
      ),
    ]);
    expect(check(jsonata({ Output: { a: '{%1%}' } }))).toEqual([
      schema(
        '/States/A/Output/a',
        "JSONata string '{%1%}' must open with '{% ' followed directly by the expression. Write it as \"{% <expression> %}\".",
      ),
    ]);
    expect(check(jsonata({ Output: 'plain text stays a literal' }))).toEqual([]);
  });

  it('parses the expression with the JSONata parser', () => {
    expect(check(jsonata({ Output: { list: ['{% $sum(1, %}'] } }))).toEqual([
      error(
        'INVALID_JSONATA_EXPRESSION',
        '/States/A/Output/list[0]',
        "The JSONata expression '$sum(1,' does not parse at position 7: Expected \")\" before end of expression. Fix the expression's syntax.",
      ),
    ]);
  });

  it('refuses references to the absent top-level context and $$', () => {
    expect(check(jsonata({ Output: '{% phone %}' }))).toEqual([
      error(
        'UNSUPPORTED_JSONATA_EXPRESSION',
        '/States/A/Output',
        "Reference to 'phone' at the top level is not supported. Read the state input as $states.input.phone, or a variable as $phone.",
      ),
    ]);
    expect(check(jsonata({ Output: '{% $$.Execution %}' }))[0]?.message).toBe(
      "Reference to '$$' is not supported. Read the context object as $states.context.",
    );
    const fine = '{% $states.input.items[value > 3].{"n": name} ~> $map(function($v) { $v.n }) %}';
    expect(check(jsonata({ Output: fine }))).toEqual([]);
  });

  it('warns about JSONPath-style reads of $', () => {
    expect(check(jsonata({ Output: '{% $.name %}' }))).toEqual([
      {
        severity: 'WARNING',
        code: 'UNSUPPORTED_JSONATA_EXPRESSION',
        location: '/States/A/Output',
        message:
          "The expression reads '$' the JSONPath way; in JSONata states the input is $states.input (for example $states.input.field), and '$' alone has no value.",
      },
    ]);
  });

  it('checks JSONata in Assign, Arguments, Items and Choice conditions alike', () => {
    const machine = {
      StartAt: 'C',
      QueryLanguage: 'JSONata',
      States: {
        C: { Type: 'Choice', Choices: [{ Condition: '{% ) %}', Next: 'T' }], Default: 'T' },
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Arguments: { a: '{% ( %}' },
          Assign: { v: '{% ] %}' },
          End: true,
        },
      },
    };
    const locations = validateDefinition(machine).diagnostics.map((d) => d.location);
    expect(locations).toEqual([
      '/States/C/Choices[0]/Condition',
      '/States/T/Arguments/a',
      '/States/T/Assign/v',
    ]);
  });

  it('does not read Comment fields', () => {
    expect(check(jsonata({ Comment: '{% not an expression' }))).toEqual([]);
  });
});

describe('variables', () => {
  it('checks variable names in Assign', () => {
    expect(check(pass({ Assign: { states: 1, 'a.b': 2, ok_1: 3 } }))).toEqual([
      schema(
        '/States/A/Assign/states',
        "'states' is not a valid variable name: 'states' is reserved by Step Functions. Use letters, digits and underscores, starting with a letter.",
      ),
      schema(
        '/States/A/Assign/a.b',
        "'a.b' is not a valid variable name: it contains whitespace or a character used by path syntax. Use letters, digits and underscores, starting with a letter.",
      ),
    ]);
  });

  it("warns about names expressions can't read", () => {
    expect(check(pass({ Assign: { 'top-level': 1 } }))[0]).toMatchObject({
      severity: 'WARNING',
      location: '/States/A/Assign/top-level',
    });
  });

  it("checks Assign's dynamic values in JSONPath and its expressions in JSONata", () => {
    expect(check(pass({ Assign: { 'x.$': '$.a[' } }))[0]?.location).toBe('/States/A/Assign/x.$');
    expect(check(jsonata({ Assign: { x: '{% $states.input.a %}' } }))).toEqual([]);
  });

  it('allows Assign only on top-level Choice rules', () => {
    const choice = {
      Type: 'Choice',
      Choices: [{ Not: { Variable: '$.a', IsNull: true, Assign: { x: 1 } }, Next: 'A' }],
      Default: 'A',
    };
    expect(check(choice)).toContainEqual(
      schema(
        '/States/A/Choices[0]/Not',
        'Assign is allowed only on top-level Choice rules; remove it from this nested rule.',
      ),
    );
  });
});
