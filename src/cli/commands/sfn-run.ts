import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { validateDefinition } from '../../asl/index.js';
import { ModelmillError } from '../../core/index.js';
import { compileMockConfig } from '../../engine/index.js';
import { createModelmill } from '../../modelmill.js';
import { eprintln, println } from '../output.js';

/** Exit codes of `sfn run`. */
const EXIT = { succeeded: 0, failed: 1, invalid: 2 } as const;

/**
 * `modelmill sfn run`: runs one execution of a definition file in-process and
 * prints `{"status","output","error","cause"}`. Exit 0 when it SUCCEEDED, 1
 * when it FAILED/TIMED_OUT/ABORTED, 2 when the definition or input is invalid.
 */
export function registerSfnRun(sfn: Command, setExit: (code: number) => void): void {
  sfn
    .command('run')
    .description('run one execution of a state machine definition and print its result as JSON')
    .requiredOption('--definition <file>', 'ASL definition file (JSON)')
    .option('--input <json>', 'execution input as JSON text', '{}')
    .option('--input-file <file>', 'read the execution input from a file')
    .option('--mock-config <file>', 'a Step Functions Local MockConfigFile')
    .option('--test-case <name>', 'the mock config test case to use')
    .option('--name <name>', 'state machine name used for ARNs and the mock config', 'sfn-run')
    .action(
      async (opts: {
        definition: string;
        input: string;
        inputFile?: string;
        mockConfig?: string;
        testCase?: string;
        name: string;
      }) => {
        setExit(await sfnRun(opts));
      },
    );
}

async function sfnRun(opts: {
  definition: string;
  input: string;
  inputFile?: string;
  mockConfig?: string;
  testCase?: string;
  name: string;
}): Promise<number> {
  const definitionText = readText(opts.definition, '--definition');
  if (definitionText === undefined) return EXIT.invalid;
  const validation = validateDefinition(definitionText);
  if (validation.result !== 'OK') {
    eprintln(
      JSON.stringify({ error: 'InvalidDefinition', problems: validation.diagnostics }, null, 2),
    );
    return EXIT.invalid;
  }
  const inputText = opts.inputFile ? readText(opts.inputFile, '--input-file') : opts.input;
  if (inputText === undefined) return EXIT.invalid;
  try {
    JSON.parse(inputText);
  } catch (err) {
    eprintln(
      JSON.stringify(
        {
          error: 'InvalidExecutionInput',
          problems: [
            {
              location: opts.inputFile ?? '--input',
              message: `the input is not valid JSON: ${(err as Error).message}`,
            },
          ],
        },
        null,
        2,
      ),
    );
    return EXIT.invalid;
  }
  if ((opts.mockConfig === undefined) !== (opts.testCase === undefined)) {
    eprintln(
      JSON.stringify({
        error: 'InvalidArguments',
        problems: [{ message: '--mock-config and --test-case go together: give both or neither' }],
      }),
    );
    return EXIT.invalid;
  }
  let mockConfig;
  if (opts.mockConfig) {
    const text = readText(opts.mockConfig, '--mock-config');
    if (text === undefined) return EXIT.invalid;
    try {
      mockConfig = compileMockConfig(JSON.parse(text));
    } catch (err) {
      eprintln(
        JSON.stringify({
          error: 'InvalidMockConfig',
          problems: [{ location: opts.mockConfig, message: (err as Error).message }],
        }),
      );
      return EXIT.invalid;
    }
  }
  const mm = await createModelmill({
    ephemeralExecutions: true,
    ...(mockConfig ? { mockConfig } : {}),
  });
  try {
    await mm.start();
    const { stateMachineArn } = mm.engine.createStateMachine({
      name: opts.name,
      definition: definitionText,
    });
    const target = opts.testCase ? `${stateMachineArn}#${opts.testCase}` : stateMachineArn;
    const { executionArn } = mm.engine.startExecution({
      stateMachineArn: target,
      input: inputText,
    });
    const final = await mm.engine.waitFor(executionArn);
    println(
      JSON.stringify({
        status: final.status,
        output: final.output === undefined ? null : JSON.parse(final.output),
        error: final.error ?? null,
        cause: final.cause ?? null,
      }),
    );
    return final.status === 'SUCCEEDED' ? EXIT.succeeded : EXIT.failed;
  } catch (err) {
    if (err instanceof ModelmillError) {
      eprintln(JSON.stringify({ error: err.code, problems: [{ message: err.message }] }));
      return EXIT.invalid;
    }
    throw err;
  } finally {
    await mm.close();
  }
}

function readText(file: string, flag: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    eprintln(
      JSON.stringify({
        error: 'InvalidArguments',
        problems: [{ location: flag, message: `cannot read '${file}': ${(err as Error).message}` }],
      }),
    );
    return undefined;
  }
}
