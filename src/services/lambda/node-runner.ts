import { readFileSync, writeFileSync } from 'node:fs';
import type { ProgramContext } from '../../runtime/index.js';

/**
 * The built-in program that runs a Node.js handler in the runtime's worker
 * pool: it reads the event and the context facts from files, calls the
 * module's export (async, or callback-style with three parameters), and
 * writes `{ok}` or `{error}` to the result file. A handler's failure is a
 * result, not a crash: the program exits 0 either way.
 */

/** The error document Lambda's Node.js runtime returns for a thrown value. */
export function nodeErrorDocument(err: unknown): Record<string, unknown> {
  if (err instanceof Error) {
    return {
      errorType: err.name === 'Error' ? err.constructor.name : err.name,
      errorMessage: err.message,
      trace: (err.stack ?? '').split('\n'),
    };
  }
  return { errorType: typeof err, errorMessage: String(err), trace: [] };
}

interface Facts {
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  deadlineMs: number;
}

function call(
  fn: (...args: unknown[]) => unknown,
  event: unknown,
  context: object,
): Promise<unknown> {
  if (fn.length < 3) return Promise.resolve(fn(event, context));
  return new Promise((resolve, reject) => {
    const returned = fn(event, context, (err: unknown, value: unknown) =>
      err ? reject(err) : resolve(value),
    );
    if (returned && typeof (returned as Promise<unknown>).then === 'function') {
      (returned as Promise<unknown>).then(resolve, reject);
    }
  });
}

/** Runs `--module`'s `--handler` on the event in `--event`; writes `--result`. */
export default async function runNodeHandler(ctx: ProgramContext): Promise<number> {
  const { module, handler = 'handler', event = '', result = '', context = '' } = ctx.args;
  const write = (doc: object) => writeFileSync(result, JSON.stringify(doc));
  const facts = JSON.parse(readFileSync(context, 'utf8')) as Facts;
  let mod: Record<string, unknown>;
  try {
    mod = (await import(module ?? '')) as Record<string, unknown>;
  } catch (err) {
    write({ error: { ...nodeErrorDocument(err), errorType: 'Runtime.ImportModuleError' } });
    return 0;
  }
  const fn = mod[handler] ?? (mod.default as Record<string, unknown> | undefined)?.[handler];
  if (typeof fn !== 'function') {
    write({
      error: {
        errorType: 'Runtime.HandlerNotFound',
        errorMessage: `${module}.${handler} is undefined or not exported`,
        trace: [],
      },
    });
    return 0;
  }
  const lambdaContext = {
    ...facts,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, facts.deadlineMs - Date.now()),
  };
  try {
    const payload = JSON.parse(readFileSync(event, 'utf8')) as unknown;
    const value = await call(fn as (...args: unknown[]) => unknown, payload, lambdaContext);
    write({ ok: value === undefined ? null : value });
  } catch (err) {
    write({ error: nodeErrorDocument(err) });
  }
  return 0;
}
