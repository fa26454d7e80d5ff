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
  /** Set once the program was told to stop: a thread exit then means it was killed. */
  aborting?: boolean;
  killTimer?: NodeJS.Timeout;
}

interface Slot {
  worker: Worker;
  job: Job | undefined;
}

/** Creates a pool; threads start when programs arrive. */
export function createWorkerPool(options: WorkerPoolOptions = {}): WorkerPool {
  const size = Math.max(1, options.size ?? availableParallelism());
  const grace = options.killGraceMs ?? 2000;
  const entry = runtimeFile('worker-entry');
  const slots = new Set<Slot>();
  const queue: Job[] = [];
  let nextId = 1;
  let closed = false;

  function finish(job: Job, outcome: PoolOutcome): void {
    if (job.killTimer) clearTimeout(job.killTimer);
    const slot = job.slot;
    if (slot?.job === job) {
      slot.job = undefined;
      slot.worker.unref();
    }
    job.resolve(outcome);
    pump();
  }

  function onReply(slot: Slot, reply: WorkerReply): void {
    const job = slot.job;
    if (!job || job.id !== reply.id) return;
    if (reply.type === 'output') job.task.onOutput(reply.stream, reply.text);
    else if (reply.type === 'started') job.task.onStarted();
    else finish(job, { exitCode: reply.exitCode });
  }

  function spawn(): Slot {
    const worker = new Worker(workerBootstrap(entry, isTypeScriptUrl(entry)), { eval: true });
    const slot: Slot = { worker, job: undefined };
    worker.on('message', (reply: WorkerReply) => onReply(slot, reply));
    worker.on('error', (err) => slot.job?.task.onOutput('stderr', `${err.stack ?? err.message}\n`));
    worker.on('exit', () => {
      slots.delete(slot);
      const job = slot.job;
      if (job) finish(job, job.aborting ? { killed: true } : { exitCode: 1 });
      else pump();
    });
    worker.unref();
    slots.add(slot);
    return slot;
  }

  function freeSlot(): Slot | undefined {
    for (const slot of slots) if (!slot.job) return slot;
    return slots.size < size ? spawn() : undefined;
  }

  function pump(): void {
    while (!closed && queue.length > 0) {
      const slot = freeSlot();
      if (!slot) return;
      const job = queue.shift() as Job;
      job.slot = slot;
      slot.job = job;
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
  }

  function abort(job: Job): void {
    const queued = queue.indexOf(job);
    if (queued >= 0) {
      queue.splice(queued, 1);
      job.resolve({ killed: true });
      return;
    }
    const slot = job.slot;
    if (!slot || slot.job !== job || job.aborting) return;
    job.aborting = true;
    slot.worker.postMessage({ type: 'abort', id: job.id } satisfies AbortMessage);
    job.killTimer = setTimeout(() => void slot.worker.terminate(), grace);
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
    pending: () => queue.length + [...slots].filter((s) => s.job).length,
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.resolve({ killed: true });
      const running = [...slots];
      for (const slot of running) if (slot.job) slot.job.aborting = true;
      await Promise.all(running.map((slot) => slot.worker.terminate()));
    },
  };
}
