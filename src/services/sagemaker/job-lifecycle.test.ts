import { describe, expect, it, vi } from 'vitest';
import { createFakeClock } from '../../core/index.js';
import type { RunHandle } from '../../runtime/index.js';
import { openDatabase } from '../../store/index.js';
import type { SageMakerContext } from './context.js';
import { waitUntil } from './context.js';
import {
  currentJob,
  failureReason,
  isFinished,
  jobsLeftRunning,
  saveJob,
  signalStop,
  trackRun,
  untrackRun,
  waitForEnd,
} from './job-lifecycle.js';
import { Kind } from './names.js';
import { ClientError } from './staging.js';
import type { ResourceRow } from './store.js';
import { createSageMakerStore } from './store.js';

interface Doc {
  Status: string;
  LastModifiedTime?: number;
}

/** The parts of a context the lifecycle helpers use: a store, a clock, the runners and waiters. */
function context(): SageMakerContext {
  return {
    clock: createFakeClock(Date.UTC(2024, 0, 1)),
    store: createSageMakerStore(openDatabase(':memory:')),
    active: new Map(),
    waiters: new Map(),
  } as unknown as SageMakerContext;
}

function job(name: string, status: string): ResourceRow<Doc> {
  return { kind: Kind.ProcessingJob, name, created: 0, status, doc: { Status: status } };
}

describe('job lifecycle', () => {
  it('saves a status change with its time and wakes the waiters', async () => {
    const ctx = context();
    const row = job('a', 'InProgress');
    saveJob(ctx, row, 'InProgress');
    const ended = waitUntil(
      ctx,
      Kind.ProcessingJob,
      'A',
      () => ctx.store.get<Doc>(Kind.ProcessingJob, 'a')?.status,
      (s) => s === 'Completed',
    );
    row.doc.Status = 'Completed';
    saveJob(ctx, row, 'Completed');
    expect(await ended).toBe('Completed');
    const stored = ctx.store.get<Doc>(Kind.ProcessingJob, 'a');
    expect(stored?.doc).toEqual({ Status: 'Completed', LastModifiedTime: 1_704_067_200 });
    expect(ctx.waiters.size).toBe(0);
  });

  it('waits for a terminal status, and rejects for a job that does not exist', async () => {
    const ctx = context();
    const row = job('w', 'InProgress');
    saveJob(ctx, row, 'InProgress');
    const read = (name: string): ResourceRow<Doc> => {
      const found = ctx.store.get<Doc>(Kind.ProcessingJob, name);
      if (!found) throw new Error(`no job ${name}`);
      return found;
    };
    const seen: string[] = [];
    const ended = waitForEnd(
      ctx,
      () => read('W'),
      (d) => (seen.push(d.Status), d.Status),
    );
    row.doc.Status = 'Stopping';
    saveJob(ctx, row, 'Stopping');
    await vi.waitFor(() => expect(seen).toContain('Stopping'));
    row.doc.Status = 'Stopped';
    saveJob(ctx, row, 'Stopped');
    expect((await ended).Status).toBe('Stopped');
    expect(seen).toEqual(['InProgress', 'Stopping', 'Stopped']);
    const missing = waitForEnd(
      ctx,
      () => read('nope'),
      (d) => d.Status,
    );
    await expect(missing).rejects.toThrow('no job nope');
    const aborted = new AbortController();
    const stopped = waitForEnd(
      ctx,
      () => read('w'),
      () => 'InProgress',
      aborted.signal,
    );
    aborted.abort(new Error('gave up'));
    await expect(stopped).rejects.toThrow('gave up');
  });

  it("gives Stop*Job the runner's row and tells the runner to stop", () => {
    const ctx = context();
    const stored = job('b', 'InProgress');
    saveJob(ctx, stored, 'InProgress');
    const held = job('b', 'InProgress');
    const active = trackRun(ctx, held);
    const terminated: string[] = [];
    active.handle = { terminate: (why: string) => terminated.push(why) } as unknown as RunHandle;
    const found = currentJob(ctx, ctx.store.get<Doc>(Kind.ProcessingJob, 'B')!);
    expect(found.row).toBe(held);
    expect(found.active).toBe(active);
    signalStop(found.active, 'stopped by StopProcessingJob');
    expect(active.stopRequested).toBe(true);
    expect(active.controller.signal.aborted).toBe(true);
    expect(terminated).toEqual(['stopped by StopProcessingJob']);
    untrackRun(ctx, held);
    const after = currentJob(ctx, stored);
    expect(after).toEqual({ row: stored, active: undefined });
    expect(() => signalStop(after.active, 'nothing runs')).not.toThrow();
  });

  it('keeps a stop requested before the runner started', () => {
    const ctx = context();
    const row = job('c', 'Stopping');
    const early = { controller: new AbortController(), stopRequested: true };
    ctx.active.set(`${Kind.ProcessingJob}/c`, early);
    const active = trackRun(ctx, row);
    expect(active).toBe(early);
    expect(active.stopRequested).toBe(true);
    expect(active.row).toBe(row);
  });

  it('lists the jobs a previous process left running that no runner here holds', () => {
    const ctx = context();
    for (const [name, status] of [
      ['done', 'Completed'],
      ['failed', 'Failed'],
      ['running', 'InProgress'],
      ['stopping', 'Stopping'],
      ['held', 'InProgress'],
    ] as const) {
      saveJob(ctx, job(name, status), status);
    }
    saveJob(ctx, { ...job('other-kind', 'InProgress'), kind: Kind.TransformJob }, 'InProgress');
    trackRun(ctx, job('held', 'InProgress'));
    const left = jobsLeftRunning<Doc>(ctx, Kind.ProcessingJob).map((r) => r.name);
    expect(left).toEqual(['running', 'stopping']);
  });

  it('tells terminal statuses and failure reasons', () => {
    expect(['Completed', 'Failed', 'Stopped'].map(isFinished)).toEqual([true, true, true]);
    expect(['InProgress', 'Stopping'].map(isFinished)).toEqual([false, false]);
    expect(failureReason(new ClientError('no data'))).toBe('ClientError: no data');
    expect(failureReason(new Error('disk full'))).toBe('ClientError: disk full');
  });
});
