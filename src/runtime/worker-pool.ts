import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { isTypeScriptUrl, runtimeFile, workerBootstrap } from './modules.js';
import type { AbortMessage, RunMessage, WorkerReply } from './worker-entry.js';

/**
 * A pool of worker threads for built-in programs: a slow program runs beside
 * the engine instead of blocking it. Threads start on demand up to `size`,
 * keep their imported modules between runs, and are replaced when one dies
 * or is killed. Idle threads do not keep the process alive.
 */

/** Options of the pool. */
export interface WorkerPoolOptions {
  /** Number of threads. Default: the number of CPUs. */
  size?: number;
  /** How long an aborted program may take to return before its thread is killed (ms). Default: 2000. */
  killGraceMs?: number;
}

/** One program for the pool. */
export interface PoolTask {
  name: string;
  moduleUrl: string;
  exportName: string;
  argv: string[];
  /** The program's own variables. */
  env: Record<string, string>;
  /** Whether the host's variables (as the thread started with them) lie under them. */
  inheritEnv: boolean;
  /** Working folder; the thread creates it. */
  cwd: string;
  onOutput(stream: 'stdout' | 'stderr', text: string): void;
  onStarted(): void;
}

/** How a pooled run ended: the exit code, or `killed` when its thread was terminated. */
export type PoolOutcome = { exitCode: number } | { killed: true; exitCode?: undefined };

/** A pooled run. */
export interface PoolRun {
  done: Promise<PoolOutcome>;
  /** Aborts the program; kills its thread after the grace period. */
  abort(): void;
}

/** The pool. */
export interface WorkerPool {
  readonly size: number;
  run(task: PoolTask): PoolRun;
  /** Programs running or waiting for a thread. */
  pending(): number;
  /** Terminates every thread; queued and running programs end as killed. */
  close(): Promise<void>;
}

interface Job {
  id: number;
  task: PoolTask;
  resolve(outcome: PoolOutcome): void;
  slot?: Slot;
  /** Set once the thread reported the program started. */
  started?: boolean;
  /** Set once the program was told to stop: a thread exit then means it was killed. */
  aborting?: boolean;
  killTimer?: NodeJS.Timeout;
}

interface Slot {
  worker: Worker;
  /** Programs sent to the thread, in order: the first runs, the others wait there. */
  jobs: Job[];
}

/**
 * Programs a thread holds at once. Sending one ahead saves ~7% of this
 * thread's time per no-op job, but a thread busy in a long synchronous
 * program (a training loop) could neither start nor give back the one it
 * holds while other threads sit idle, so each thread gets one at a time.
 */
const DEPTH = 1;

/** Creates a pool; threads start when programs arrive. */
export function createWorkerPool(options: WorkerPoolOptions = {}): WorkerPool {
  const size = Math.max(1, options.size ?? availableParallelism());
  const grace = options.killGraceMs ?? 2000;
  const entry = runtimeFile('worker-entry');
  const slots = new Set<Slot>();
  const queue: Job[] = [];
  let nextId = 1;
  let closed = false;

  function detach(job: Job): void {
    const slot = job.slot;
    if (!slot) return;
    const index = slot.jobs.indexOf(job);
    if (index >= 0) slot.jobs.splice(index, 1);
    if (slot.jobs.length === 0) slot.worker.unref();
  }

  function finish(job: Job, outcome: PoolOutcome): void {
    if (job.killTimer) clearTimeout(job.killTimer);
    detach(job);
    job.resolve(outcome);
    pump();
  }

  function onReply(slot: Slot, reply: WorkerReply): void {
    const job = slot.jobs.find((j) => j.id === reply.id);
    if (!job) return;
    if (reply.type === 'output') job.task.onOutput(reply.stream, reply.text);
    else if (reply.type === 'started') {
      job.started = true;
      job.task.onStarted();
    } else finish(job, { exitCode: reply.exitCode });
  }

  function onExit(slot: Slot): void {
    slots.delete(slot);
    const jobs = slot.jobs.splice(0);
    const requeue: Job[] = [];
    for (const job of jobs) {
      if (job.started || job.aborting)
        finish(job, job.aborting ? { killed: true } : { exitCode: 1 });
      else requeue.push(job);
    }
    // Programs only sent ahead to the dead thread go first to another one.
    queue.unshift(...requeue);
    pump();
  }

  function spawn(): Slot {
    const worker = new Worker(workerBootstrap(entry, isTypeScriptUrl(entry)), { eval: true });
    const slot: Slot = { worker, jobs: [] };
    worker.on('message', (reply: WorkerReply) => onReply(slot, reply));
    worker.on('error', (err) =>
      slot.jobs[0]?.task.onOutput('stderr', `${err.stack ?? err.message}\n`),
    );
    worker.on('exit', () => onExit(slot));
    worker.unref();
    slots.add(slot);
    return slot;
  }

  /** The least busy thread with room, starting a new one while any thread is busy. */
  function freeSlot(): Slot | undefined {
    let best: Slot | undefined;
    for (const slot of slots) if (!best || slot.jobs.length < best.jobs.length) best = slot;
    if ((!best || best.jobs.length > 0) && slots.size < size) return spawn();
    return best && best.jobs.length < DEPTH ? best : undefined;
  }

  function send(slot: Slot, job: Job): void {
    job.slot = slot;
    slot.jobs.push(job);
    slot.worker.ref();
    const { task } = job;
    const message: RunMessage = {
      type: 'run',
      id: job.id,
      name: task.name,
      moduleUrl: task.moduleUrl,
      exportName: task.exportName,
      argv: task.argv,
      env: task.env,
      inheritEnv: task.inheritEnv,
      cwd: task.cwd,
    };
    slot.worker.postMessage(message);
  }

  function pump(): void {
    while (!closed && queue.length > 0) {
      const slot = freeSlot();
      if (!slot) return;
      send(slot, queue.shift() as Job);
    }
  }

  function abort(job: Job): void {
    const queued = queue.indexOf(job);
    if (queued >= 0) {
      queue.splice(queued, 1);
      job.resolve({ killed: true });
      return;
    }
    const slot = job.slot;
    if (!slot || !slot.jobs.includes(job) || job.aborting) return;
    job.aborting = true;
    slot.worker.postMessage({ type: 'abort', id: job.id } satisfies AbortMessage);
    // A program that ignores its signal (or blocks its thread) goes with its thread.
    if (job.started) job.killTimer = setTimeout(() => void slot.worker.terminate(), grace);
  }

  return {
    size,
    run(task) {
      let resolve!: (outcome: PoolOutcome) => void;
      const done = new Promise<PoolOutcome>((r) => (resolve = r));
      const job: Job = { id: nextId++, task, resolve };
      if (closed) resolve({ killed: true });
      else {
        queue.push(job);
        pump();
      }
      return { done, abort: () => abort(job) };
    },
    pending: () => queue.length + [...slots].reduce((n, s) => n + s.jobs.length, 0),
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.resolve({ killed: true });
      const running = [...slots];
      for (const slot of running) for (const job of slot.jobs) job.aborting = true;
      await Promise.all(running.map((slot) => slot.worker.terminate()));
    },
  };
}
