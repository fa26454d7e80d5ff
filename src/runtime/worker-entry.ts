import { mkdirSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { invokeProgram } from './invoke.js';
import type { WriteOutput } from './invoke.js';

/**
 * The worker thread of the program pool: runs one program at a time (the
 * pool may send the next ones ahead; they wait here in order). The
 * thread's stdout and stderr (console included) and its `process.env` belong
 * to the program running, so programs written for a process behave the same.
 */

/** Parent → worker: run a program. */
export interface RunMessage {
  type: 'run';
  id: number;
  name: string;
  moduleUrl: string;
  exportName: string;
  argv: string[];
  /** The program's own variables. */
  env: Record<string, string>;
  /** Whether the thread's starting environment (the host's) lies under them. */
  inheritEnv: boolean;
  cwd: string;
}

/** Parent → worker: abort the program running. */
export interface AbortMessage {
  type: 'abort';
  id: number;
}

/** Worker → parent. */
export type WorkerReply =
  | { type: 'started'; id: number }
  | { type: 'output'; id: number; stream: 'stdout' | 'stderr'; text: string }
  | { type: 'done'; id: number; exitCode: number };

const port = parentPort;
const hostEnv = Object.fromEntries(
  Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined),
);
let current: { id: number; controller: AbortController } | undefined;

const send = (reply: WorkerReply): void => port?.postMessage(reply);
const write: WriteOutput = (stream, text) => {
  if (current) send({ type: 'output', id: current.id, stream, text });
};

function capture(stream: 'stdout' | 'stderr'): void {
  const target = process[stream];
  target.write = (chunk: unknown, encoding?: unknown, callback?: unknown) => {
    const text = chunk instanceof Uint8Array ? Buffer.from(chunk).toString('utf8') : String(chunk);
    write(stream, text);
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') done();
    return true;
  };
}

function setEnv(env: Record<string, string>): void {
  for (const key of Object.keys(process.env)) delete process.env[key];
  Object.assign(process.env, env);
}

/** Programs sent ahead, waiting for the one running to end. */
const waiting: RunMessage[] = [];

async function run(message: RunMessage): Promise<void> {
  const controller = new AbortController();
  current = { id: message.id, controller };
  const env = message.inheritEnv ? { ...hostEnv, ...message.env } : { ...message.env };
  setEnv(env);
  mkdirSync(message.cwd, { recursive: true });
  const exitCode = await invokeProgram({
    ...message,
    env,
    signal: controller.signal,
    write,
    onStart: () => send({ type: 'started', id: message.id }),
  });
  current = undefined;
  send({ type: 'done', id: message.id, exitCode });
  // Let messages that came in meanwhile (an abort of the next one) land first.
  setImmediate(next);
}

function next(): void {
  const message = current ? undefined : waiting.shift();
  if (message) void run(message);
}

function abort(id: number): void {
  if (current?.id === id) {
    current.controller.abort(new Error('terminated'));
    return;
  }
  const index = waiting.findIndex((m) => m.id === id);
  if (index < 0) return;
  waiting.splice(index, 1);
  // Never started: it ends as a process stopped before it began would.
  send({ type: 'done', id, exitCode: 143 });
}

if (port) {
  capture('stdout');
  capture('stderr');
  port.on('message', (message: RunMessage | AbortMessage) => {
    if (message.type === 'abort') return abort(message.id);
    waiting.push(message);
    next();
  });
}
