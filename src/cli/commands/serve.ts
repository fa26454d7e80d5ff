import type { Command } from 'commander';
import { createModelmill } from '../../modelmill.js';
import { println } from '../output.js';

/** `modelmill serve`: the HTTP API on 127.0.0.1 until interrupted; resumes executions left RUNNING. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the AWS-compatible HTTP API on 127.0.0.1 (use with --endpoint-url)')
    .option('--port <port>', 'port to listen on (default 8083, or $MODELMILL_PORT)')
    .action(async (opts: { port?: string }) => {
      const mm = await createModelmill(opts.port === undefined ? {} : { port: Number(opts.port) });
      const server = await mm.serve();
      await mm.start();
      const resumed = mm.engine.recover();
      println(
        `modelmill serving on ${server.url} (home ${mm.config.home}${resumed ? `, resumed ${resumed} execution(s)` : ''})`,
      );
      println(`try: aws stepfunctions list-state-machines --endpoint-url ${server.url}`);
      await new Promise<void>((resolve) => {
        const stop = (): void => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await mm.close();
    });
}
