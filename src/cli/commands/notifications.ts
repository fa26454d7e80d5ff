import type { Command } from 'commander';
import { createModelmill } from '../../modelmill.js';
import type { NotificationStatus } from '../../services/sns/index.js';
import { createLocalSns } from '../../services/sns/index.js';
import type { OutputFormat } from '../output.js';
import { eprintln, printJson, println, table, when } from '../output.js';

/**
 * `modelmill notifications list`: every SNS delivery the local service made
 * (stored under MODELMILL_HOME) — topic, protocol, endpoint, outcome,
 * attempts, subject, and where it went (the `.eml` file in the outbox, the
 * HTTP status) or why it failed.
 */

const STATUSES = ['PENDING', 'DELIVERED', 'FAILED', 'FILTERED'];

/** Registers `notifications list` on `program`. */
export function registerNotifications(program: Command, setExit: (code: number) => void): void {
  const notifications = program
    .command('notifications')
    .description('inspect SNS deliveries (e-mails in the outbox, HTTP posts, ...)');
  notifications
    .command('list')
    .description('list deliveries, newest first')
    .option('--topic <name-or-arn>', 'only deliveries of this topic')
    .option('--status <status>', `only ${STATUSES.join(', ')}`)
    .option('--max <n>', 'at most this many', '50')
    .option('--output <format>', 'text or json', 'text')
    .action(
      async (opts: { topic?: string; status?: string; max: string; output: OutputFormat }) => {
        const limit = Number(opts.max);
        if (!Number.isInteger(limit) || limit < 1) {
          eprintln(`error: --max must be a positive integer (got '${opts.max}')`);
          setExit(2);
          return;
        }
        if (opts.status !== undefined && !STATUSES.includes(opts.status.toUpperCase())) {
          eprintln(`error: --status must be one of ${STATUSES.join(', ')} (got '${opts.status}')`);
          setExit(2);
          return;
        }
        const mm = await createModelmill();
        try {
          const sns = createLocalSns({
            db: mm.db,
            scope: { region: mm.config.region, accountId: mm.config.accountId },
            home: mm.config.home,
            clock: mm.clock,
          });
          const records = sns.listNotifications({
            limit,
            ...(opts.topic ? { topic: opts.topic } : {}),
            ...(opts.status ? { status: opts.status.toUpperCase() as NotificationStatus } : {}),
          });
          if (opts.output === 'json') return printJson(records);
          if (records.length === 0)
            return println(`no notifications recorded (e-mails are written to ${sns.outbox})`);
          println(
            table(
              ['TIME', 'TOPIC', 'PROTOCOL', 'ENDPOINT', 'STATUS', 'ATTEMPTS', 'SUBJECT', 'DETAIL'],
              records.map((n) => [
                when(n.createdAt),
                n.topicArn.split(':').pop(),
                n.protocol,
                n.endpoint,
                n.status,
                n.attempts,
                n.subject ?? '',
                n.error ?? n.detail ?? '',
              ]),
            ),
          );
        } finally {
          await mm.close();
        }
      },
    );
}
