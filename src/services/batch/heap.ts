import type { JobRecord } from './job-record.js';

/**
 * RUNNABLE jobs of one queue, lowest submission number first (a binary
 * heap). An entry remembers the job's `runnableGen` when it was pushed: when
 * the job has left RUNNABLE (or re-entered it since) the entry is stale and
 * is dropped when it surfaces.
 */
export interface RunnableEntry {
  job: JobRecord;
  gen: number;
}

/** The heap. */
export class RunnableHeap {
  private readonly items: RunnableEntry[] = [];

  /** Number of entries, stale ones included. */
  get size(): number {
    return this.items.length;
  }

  /** Adds the job as it is now. */
  push(job: JobRecord): void {
    this.insert({ job, gen: job.runnableGen });
  }

  /** Puts back an entry taken with `pop`. */
  insert(entry: RunnableEntry): void {
    const items = this.items;
    items.push(entry);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (seqOf(items[parent]) <= seqOf(items[i])) break;
      [items[parent], items[i]] = [items[i] as RunnableEntry, items[parent] as RunnableEntry];
      i = parent;
    }
  }

  /** The oldest current entry, or undefined; stale entries on the way are dropped. */
  pop(): RunnableEntry | undefined {
    for (;;) {
      const top = this.take();
      if (!top) return undefined;
      if (top.job.status === 'RUNNABLE' && top.gen === top.job.runnableGen) return top;
    }
  }

  private take(): RunnableEntry | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || !last) return top;
    items[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < items.length && seqOf(items[l]) < seqOf(items[m])) m = l;
      if (r < items.length && seqOf(items[r]) < seqOf(items[m])) m = r;
      if (m === i) return top;
      [items[m], items[i]] = [items[i] as RunnableEntry, items[m] as RunnableEntry];
      i = m;
    }
  }
}

function seqOf(entry: RunnableEntry | undefined): number {
  return entry?.job.seq ?? Number.POSITIVE_INFINITY;
}
