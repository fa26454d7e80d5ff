import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isModelmillError } from '../core/index.js';
import {
  assertValidDefinition,
  formatInvalidDefinition,
  validateDefinition,
  type ValidationDiagnostic,
} from './validate.js';

const SHARED = '/work/shared';
const VALIDATION_DIR = join(SHARED, 'conformance/asl-validation');
const CASES_DIR = join(SHARED, 'conformance/asl/cases');
const REFERENCE_DIR = join(SHARED, 'reference/asl');

const errorsOf = (diagnostics: ValidationDiagnostic[]): ValidationDiagnostic[] =>
  diagnostics.filter((d) => d.severity === 'ERROR');

/** A one-state machine around `state`. */
const single = (state: Record<string, unknown>): string =>
  JSON.stringify({ StartAt: 'A', States: { A: state } });

const validationPresent = existsSync(VALIDATION_DIR);

describe.skipIf(!validationPresent)(
  `the asl-validation corpus (skipped: ${VALIDATION_DIR} absent)`,
  () => {
    const files = validationPresent
      ? readdirSync(VALIDATION_DIR).filter((f) => f.endsWith('.json'))
      : [];

    it('has definitions to judge', () => {
      expect(files.length).toBeGreaterThan(100);
    });

    // asl-validator judges CloudFormation-style definitions, so the corpus is
    // validated with the cloudFormation option; strict mode is checked below.
    for (const file of files) {
      const valid = file.startsWith('valid-');
      it(`${valid ? 'accepts' : 'rejects'} ${file}`, () => {
        const text = readFileSync(join(VALIDATION_DIR, file), 'utf8');
        const result = validateDefinition(text, { cloudFormation: true });
        if (valid) expect(errorsOf(result.diagnostics)).toEqual([]);
        else expect(errorsOf(result.diagnostics)).not.toEqual([]);
        expect(result.result).toBe(valid ? 'OK' : 'FAIL');
      });
    }

    it('without the cloudFormation option, rejects template placeholders', () => {
      for (const file of [
        'valid-cfn-definition-substitutions.json',
        'valid-task-intrisic-function.json',
      ]) {
        const text = readFileSync(join(VALIDATION_DIR, file), 'utf8');
        expect(validateDefinition(text).result).toBe('FAIL');
      }
    });

    it('accepts every other valid definition in strict mode too', () => {
      const strict = files.filter(
        (f) => f.startsWith('valid-') && !f.includes('cfn') && !f.includes('intrisic-function'),
      );
      for (const file of strict) {
        const result = validateDefinition(readFileSync(join(VALIDATION_DIR, file), 'utf8'));
        expect({ file, errors: result.diagnostics }).toEqual({ file, errors: [] });
      }
    });
  },
);

describe('definitions that ran on AWS', () => {
  it.skipIf(!existsSync(CASES_DIR))(
    `accepts every execution case (skipped: ${CASES_DIR} absent)`,
    () => {
      const failures: unknown[] = [];
      for (const file of readdirSync(CASES_DIR).filter((f) => f.endsWith('.json'))) {
        const { definition } = JSON.parse(readFileSync(join(CASES_DIR, file), 'utf8')) as {
          definition: unknown;
        };
        const result = validateDefinition(JSON.stringify(definition));
        if (result.result !== 'OK') failures.push({ file, diagnostics: result.diagnostics });
      }
      expect(failures).toEqual([]);
    },
  );

  it.skipIf(!existsSync(REFERENCE_DIR))(
    `accepts the five reference machines (skipped: ${REFERENCE_DIR} absent)`,
    () => {
      const files = readdirSync(REFERENCE_DIR).filter((f) => f.endsWith('.asl.json'));
      expect(files).toHaveLength(5);
      for (const file of files) {
        const result = validateDefinition(readFileSync(join(REFERENCE_DIR, file), 'utf8'));
        expect({ file, diagnostics: result.diagnostics }).toEqual({ file, diagnostics: [] });
      }
    },
  );
});

describe('validateDefinition: the response', () => {
  it('answers OK with no diagnostics for a valid machine', () => {
    expect(validateDefinition(single({ Type: 'Pass', End: true }))).toEqual({
      result: 'OK',
      diagnostics: [],
      truncated: false,
    });
  });

  it('accepts an already parsed definition', () => {
    expect(validateDefinition({ StartAt: 'A', States: { A: { Type: 'Succeed' } } }).result).toBe(
      'OK',
    );
  });

  it('lists every problem, not only the first', () => {
    const result = validateDefinition(
      JSON.stringify({
        StartAt: 'A',
        States: { A: { Type: 'Pass', Next: 'Nope' }, B: { Type: 'Wait', End: true } },
      }),
    );
    expect(result.result).toBe('FAIL');
    expect(result.diagnostics.map((d) => `${d.code} ${d.location}`)).toEqual([
      'SCHEMA_VALIDATION_FAILED /States/B',
      'MISSING_TRANSITION_TARGET /States/A/Next',
      'MISSING_TRANSITION_TARGET /States/B',
    ]);
  });

  it('returns warnings only when asked for severity WARNING, and they do not fail', () => {
    const text = single({ Type: 'Pass', Result: { 'a.$': '$.x' }, End: true });
    expect(validateDefinition(text)).toEqual({ result: 'OK', diagnostics: [], truncated: false });
    const withWarnings = validateDefinition(text, { severity: 'WARNING' });
    expect(withWarnings.result).toBe('OK');
    expect(withWarnings.diagnostics).toEqual([
      {
        severity: 'WARNING',
        code: 'PASS_RESULT_IS_STATIC',
        message:
          "Result is static: the key 'a.$' is not evaluated in a Pass state's Result. Use Parameters to build the output from the input.",
        location: '/States/A/Result',
      },
    ]);
  });

  it('truncates at maxResults and says so', () => {
    const states: Record<string, unknown> = { A: { Type: 'Succeed' } };
    for (let i = 0; i < 8; i++) states[`S${i}`] = { Type: 'Succeed' };
    const result = validateDefinition({ StartAt: 'A', States: states }, { maxResults: 3 });
    expect(result.diagnostics).toHaveLength(3);
    expect(result.truncated).toBe(true);
    expect(validateDefinition({ StartAt: 'A', States: states }).truncated).toBe(false);
  });

  it('reports a missing definition', () => {
    expect(validateDefinition('').diagnostics).toEqual([
      {
        severity: 'ERROR',
        code: 'MISSING_DESCRIPTION',
        message:
          'Received a null or empty definition. Pass the state machine definition as JSON text.',
      },
    ]);
  });

  it('reports a definition that is not an object', () => {
    expect(validateDefinition('[1]').diagnostics).toEqual([
      {
        severity: 'ERROR',
        code: 'SCHEMA_VALIDATION_FAILED',
        message: 'Definition must be a valid JSON object: {"StartAt": ..., "States": {...}}.',
        location: '/',
      },
    ]);
  });

  it('refuses .sync and .waitForTaskToken in an EXPRESS machine', () => {
    const text = single({
      Type: 'Task',
      Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
      End: true,
    });
    expect(validateDefinition(text).result).toBe('OK');
    expect(validateDefinition(text, { type: 'EXPRESS' }).diagnostics).toEqual([
      {
        severity: 'ERROR',
        code: 'INVALID_RESOURCE',
        message:
          "Express state machine does not support '.waitForTaskToken' service integration. Use a STANDARD state machine, or the request-response form of the integration.",
        location: '/States/A/Resource',
      },
    ]);
  });
});

describe('formatInvalidDefinition and assertValidDefinition', () => {
  const twoProblems = JSON.stringify({
    StartAt: 'A',
    States: { A: { Type: 'Pass', Next: 'Foo' }, B: { Type: 'Succeed' } },
  });

  it("formats the errors as CreateStateMachine's InvalidDefinition message", () => {
    const { diagnostics } = validateDefinition(twoProblems);
    expect(formatInvalidDefinition(diagnostics)).toBe(
      "Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: Foo. Name one of the states of this state machine ('A' and 'B'), or add a state called 'Foo'. at /States/A/Next, " +
        'MISSING_TRANSITION_TARGET: State "B" is not reachable. No StartAt, Next, Default or Catch leads to it; point a transition at it or remove it. at /States/B\'',
    );
  });

  it('leaves warnings out of the message', () => {
    const warning: ValidationDiagnostic = {
      severity: 'WARNING',
      code: 'NO_PATH',
      message: 'x',
      location: '/States/A',
    };
    expect(formatInvalidDefinition([warning])).toBe("Invalid State Machine Definition: ''");
  });

  it('returns the parsed definition when it is valid', () => {
    const definition = assertValidDefinition(single({ Type: 'Succeed' }));
    expect(definition.StartAt).toBe('A');
  });

  it('throws InvalidDefinition with the diagnostics', () => {
    let thrown: unknown;
    try {
      assertValidDefinition(twoProblems);
    } catch (err) {
      thrown = err;
    }
    expect(isModelmillError(thrown, 'InvalidDefinition')).toBe(true);
    const error = thrown as Error & { details: { diagnostics: ValidationDiagnostic[] } };
    expect(error.message).toMatch(/^Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET/);
    expect(error.details.diagnostics).toHaveLength(2);
  });
});
