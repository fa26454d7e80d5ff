import type { Command } from 'commander';
import { createModelmill } from '../../modelmill.js';
import {
  defaultStackName,
  formatRemoveReport,
  removeStack,
  resolveConfigPath,
  stackForSource,
  stackNamedIn,
  summarize,
} from '../../resources/index.js';
import type { ResourceHost } from '../../resources/index.js';
import { printJson, println } from '../output.js';
import { EXIT, failed, invalid } from './up.js';

/** Options of `modelmill down`. */
export interface DownOptions {
  config?: string;
  stack?: string;
  force?: boolean;
  dryRun?: boolean;
  output: string;
}

/**
 * `modelmill down`: removes exactly what `up` created for a config or stack,
 * newest first; resources that existed before are left alone. A non-empty
 * bucket is refused (nothing removed) unless `--force`.
 */
export function registerDown(program: Command, setExit: (code: number) => void): void {
  program
    .command('down')
    .description('remove the resources that up created for a config or stack')
    .option('--config <file>', 'the config that was applied; default ./modelmill.json')
    .option('--stack <name>', 'the stack to remove (instead of --config)')
    .option('--force', 'delete non-empty buckets with their objects')
    .option('--dry-run', 'show what would be removed; remove nothing')
    .option('--output <format>', 'text or json', 'text')
    .action(async (opts: DownOptions) => {
      setExit(await runDown(opts));
    });
}

/** Runs `down`; resolves to the exit code. */
export async function runDown(opts: DownOptions): Promise<number> {
  const json = opts.output === 'json';
  let file: string | undefined;
  if (opts.stack === undefined) {
    const found = resolveConfigPath(opts.config);
    if ('problem' in found) {
      return invalid(json, [
        { where: 'down', field: '', message: `${found.problem}, or --stack NAME` },
      ]);
    }
    file = found.file;
  }
  const mm = await createModelmill();
  try {
    const stack = opts.stack ?? stackOf(mm, file as string);
    const report = await removeStack(mm, stack, {
      force: opts.force ?? false,
      dryRun: opts.dryRun ?? false,
    });
    if (json) printJson({ ...report, summary: summarize(report.resources) });
    else for (const line of formatRemoveReport(report)) println(line);
    return EXIT.ok;
  } catch (err) {
    return failed(json, err);
  } finally {
    await mm.close();
  }
}

/** The stack applied from `file`: as remembered, else as the file names it. */
function stackOf(host: ResourceHost, file: string): string {
  return stackForSource(host, file) ?? stackNamedIn(file) ?? defaultStackName(file);
}
