import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import {
  assertStackName,
  defaultStackName,
  loadResourceConfig,
  parseParamFlags,
  resolveConfigPath,
  synthTemplate,
} from '../../resources/index.js';
import { eprintln, println } from '../output.js';
import { EXIT, collect, failed, invalid } from './up.js';

/** Options of `modelmill synth`. */
export interface SynthCommandOptions {
  config?: string;
  stack?: string;
  param: string[];
  out?: string;
}

/**
 * `modelmill synth`: writes the CloudFormation template (JSON) for a resource
 * config: to `--out`, or to stdout. What the template cannot express
 * (SecureString parameters) is printed to stderr and kept in its Metadata.
 */
export function registerSynth(program: Command, setExit: (code: number) => void): void {
  program
    .command('synth')
    .description('write the CloudFormation template of a resource config (the AWS backend)')
    .option('--config <file>', 'resource config (JSON); default ./modelmill.json')
    .option(
      '--stack <name>',
      "stack name for the template; default the config's stack or file name",
    )
    .option('--param <Name=Value>', 'a value for ${Name} in the config (repeatable)', collect, [])
    .option('--out <file>', 'write the template here instead of stdout')
    .action(async (opts: SynthCommandOptions) => {
      setExit(await runSynth(opts));
    });
}

/** Runs `synth`; resolves to the exit code. */
export async function runSynth(opts: SynthCommandOptions): Promise<number> {
  const found = resolveConfigPath(opts.config);
  if ('problem' in found)
    return invalid(false, [{ where: 'synth', field: '', message: found.problem }]);
  const flags = parseParamFlags(opts.param);
  if (flags.issues.length > 0) return invalid(false, flags.issues);
  const config = loadResourceConfig(found.file, { params: flags.values });
  if (!config.ok) return invalid(false, config.issues, found.file);
  try {
    const stack = opts.stack ?? config.stack ?? defaultStackName(found.file);
    assertStackName(stack);
    const { template, notes } = synthTemplate(config.resources, {
      stack,
      ...(config.description === undefined ? {} : { description: config.description }),
    });
    const text = `${JSON.stringify(template, null, 2)}\n`;
    if (opts.out) {
      writeFileSync(resolve(opts.out), text);
      println(
        `wrote ${resolve(opts.out)}: ${Object.keys(template.Resources).length} resources (stack '${stack}')`,
      );
    } else process.stdout.write(text);
    for (const note of notes) eprintln(`note: ${note}`);
    return EXIT.ok;
  } catch (err) {
    return failed(false, err);
  }
}
