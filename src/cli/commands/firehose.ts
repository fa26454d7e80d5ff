import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { createModelmill } from '../../modelmill.js';
import { feedStream } from '../../services/firehose/index.js';
import { eprintln, println } from '../output.js';

/**
 * `modelmill firehose generate`: the Kinesis Data Generator locally — records
 * from a template (`{{random.number(...)}}`, `{{date.utc("...")}}`, ...; see
 * services/firehose/generator.ts) put into a delivery stream at a rate. The
 * buffer is written to S3 when the command ends, so the objects are there
 * when it returns.
 */

function positiveInt(value: string, flag: string, min: number): number | string {
  const n = Number(value);
  return Number.isInteger(n) && n >= min
    ? n
    : `${flag} must be a whole number of at least ${min} (got '${value}')`;
}

/** Registers `firehose generate` on `program`. */
export function registerFirehose(program: Command, setExit: (code: number) => void): void {
  const firehose = program.command('firehose').description('Firehose delivery streams');
  firehose
    .command('generate')
    .description('put records made from a template into a delivery stream, N per second')
    .requiredOption('--stream <name>', 'the delivery stream')
    .requiredOption('--template <file>', 'record template (Kinesis Data Generator tags)')
    .option('--rate <n>', 'records per second', '10')
    .option('--count <n>', 'records in all', '100')
    .action(async (opts: { stream: string; template: string; rate: string; count: string }) => {
      const rate = positiveInt(opts.rate, '--rate', 1);
      const count = positiveInt(opts.count, '--count', 0);
      for (const problem of [rate, count].filter((v) => typeof v === 'string')) {
        eprintln(`error: ${problem}`);
        setExit(2);
        return;
      }
      let template: string;
      try {
        template = readFileSync(opts.template, 'utf8');
      } catch (err) {
        eprintln(`error: cannot read --template ${opts.template}: ${(err as Error).message}`);
        setExit(2);
        return;
      }
      const mm = await createModelmill();
      try {
        const out = await feedStream(
          mm.services.firehose,
          { stream: opts.stream, template, rate: rate as number, count: count as number },
          { random: Math.random, clock: mm.clock, ids: mm.ids },
        );
        const keys = await mm.services.firehose.flush(opts.stream);
        println(
          `put ${out.sent} records into ${opts.stream}` +
            (out.failed > 0 ? ` (${out.failed} refused)` : '') +
            `; wrote ${keys.length} object(s)${keys.length > 0 ? `: ${keys.join(', ')}` : ''}`,
        );
        if (out.failed > 0) setExit(1);
      } finally {
        await mm.close();
      }
    });
}
