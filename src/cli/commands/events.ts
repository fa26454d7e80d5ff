import type { Command } from 'commander';
import { createModelmill } from '../../modelmill.js';
import type { EventRecord } from '../../services/eventbridge/index.js';
import { createLocalEventBridge } from '../../services/eventbridge/index.js';
import type { OutputFormat } from '../output.js';
import { eprintln, printJson, println, table, when } from '../output.js';

/**
 * `modelmill events list` / `events show`: the events the local EventBridge
 * accepted (stored under MODELMILL_HOME), the rules each matched and how each
 * target delivery ended.
 */

function deliveries(record: EventRecord): string {
  if (record.deliveries.length === 0)
    return record.matchedRules.length === 0 ? 'no rule matched' : 'no targets';
  const count = (status: string) => record.deliveries.filter((d) => d.status === status).length;
  const parts = [
    count('SUCCEEDED') ? `${count('SUCCEEDED')} ok` : '',
    count('FAILED') ? `${count('FAILED')} failed` : '',
    count('PENDING') ? `${count('PENDING')} pending` : '',
  ];
  return parts.filter(Boolean).join(', ');
}

/** Registers `events list` and `events show` on `program`. */
export function registerEvents(program: Command, setExit: (code: number) => void): void {
  const events = program
    .command('events')
    .description('inspect events published on the local EventBridge buses');
  events
    .command('list')
    .description('list accepted events, newest first, with matched rules and delivery outcomes')
    .option('--bus <name>', 'only events on this bus')
    .option('--source <source>', 'only events with this source')
    .option('--max <n>', 'at most this many', '50')
    .option('--output <format>', 'text or json', 'text')
    .action(async (opts: { bus?: string; source?: string; max: string; output: OutputFormat }) => {
      const limit = Number(opts.max);
      if (!Number.isInteger(limit) || limit < 1) {
        eprintln(`error: --max must be a positive integer (got '${opts.max}')`);
        setExit(2);
        return;
      }
      const mm = await createModelmill();
      try {
        const bus = createLocalEventBridge({
          db: mm.db,
          scope: { region: mm.config.region, accountId: mm.config.accountId },
          clock: mm.clock,
        });
        const records = bus.listEvents({
          limit,
          ...(opts.bus ? { bus: opts.bus } : {}),
          ...(opts.source ? { source: opts.source } : {}),
        });
        if (opts.output === 'json') return printJson(records);
        if (records.length === 0)
          return println(
            'no events recorded (publish with PutEvents, or run a pipeline that emits events)',
          );
        println(
          table(
            ['RECEIVED', 'BUS', 'SOURCE', 'DETAIL-TYPE', 'RULES', 'DELIVERIES', 'ID'],
            records.map((r) => [
              when(r.receivedAt),
              r.bus,
              r.source,
              r.detailType,
              r.matchedRules.join(',') || '-',
              deliveries(r),
              r.id,
            ]),
          ),
        );
      } finally {
        await mm.close();
      }
    });
  events
    .command('show <eventId>')
    .description(
      'show one event as JSON: the event, its matched rules, each delivery with input, result or error',
    )
    .action(async (eventId: string) => {
      const mm = await createModelmill();
      try {
        const bus = createLocalEventBridge({
          db: mm.db,
          scope: { region: mm.config.region, accountId: mm.config.accountId },
          clock: mm.clock,
        });
        const found = bus.listEvents({ id: eventId, limit: 100 });
        if (found.length === 0) {
          eprintln(
            `error: no event with id '${eventId}' is recorded (see 'modelmill events list')`,
          );
          setExit(1);
          return;
        }
        printJson(found.length === 1 ? found[0] : found);
      } finally {
        await mm.close();
      }
    });
}
