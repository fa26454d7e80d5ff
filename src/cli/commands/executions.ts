import type { Command } from 'commander';
import { createModelmill } from '../../modelmill.js';
import { describeExecution } from '../../services/stepfunctions/index.js';
import type { OutputFormat } from '../output.js';
import { printJson, println, table, when } from '../output.js';

/** `modelmill executions` and `modelmill history`: inspect executions stored under MODELMILL_HOME. */
export function registerExecutions(program: Command): void {
  const executions = program.command('executions').description('list and inspect executions');
  executions
    .command('list')
    .description('list executions, newest first')
    .option('--state-machine <arn-or-name>', 'only this state machine')
    .option('--status <status>', 'only RUNNING, SUCCEEDED, FAILED, TIMED_OUT or ABORTED')
    .option('--max <n>', 'at most this many', '50')
    .option('--output <format>', 'text or json', 'text')
    .action(
      async (opts: {
        stateMachine?: string;
        status?: string;
        max: string;
        output: OutputFormat;
      }) => {
        const mm = await createModelmill();
        try {
          const page = mm.engine.listExecutions({
            maxResults: Number(opts.max),
            ...(opts.stateMachine ? { stateMachineArn: opts.stateMachine } : {}),
            ...(opts.status ? { status: opts.status as never } : {}),
          });
          if (opts.output === 'json') return printJson(page.items.map(describeExecution));
          println(
            table(
              ['NAME', 'STATUS', 'STARTED', 'STOPPED', 'ARN'],
              page.items.map((e) => [e.name, e.status, when(e.startDate), when(e.stopDate), e.arn]),
            ),
          );
        } finally {
          await mm.close();
        }
      },
    );
  executions
    .command('describe <executionArn>')
    .description('show one execution')
    .action(async (arn: string) => {
      const mm = await createModelmill();
      try {
        printJson(describeExecution(mm.engine.describeExecution(arn)));
      } finally {
        await mm.close();
      }
    });
  program
    .command('history <executionArn>')
    .description("show an execution's history events")
    .option('--output <format>', 'text or json', 'text')
    .action(async (arn: string, opts: { output: OutputFormat }) => {
      const mm = await createModelmill();
      try {
        const events = mm.engine.getExecutionHistory({
          executionArn: arn,
          maxResults: 100_000,
        }).items;
        if (opts.output === 'json') return printJson(events);
        println(
          table(
            ['ID', 'PREV', 'TIME', 'TYPE', 'DETAIL'],
            events.map((e) => [
              e.id,
              e.previousEventId,
              when(e.timestamp),
              e.type,
              summary(e.details),
            ]),
          ),
        );
      } finally {
        await mm.close();
      }
    });
}

function summary(details: Record<string, unknown> | undefined): string {
  if (!details) return '';
  const text = ['name', 'error', 'cause', 'resource']
    .filter((k) => details[k] !== undefined)
    .map((k) => `${k}=${String(details[k])}`)
    .join(' ');
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}
