import type { QueryLanguage, State, StateMachineDefinition } from '../asl/index.js';
import type { EngineDeps } from './deps.js';
import type { ExecutionContextBase } from './context.js';
import { executionContext } from './context.js';
import type { HistoryEvent } from './history.js';
import type { ExecutionRecord } from './store.js';
import type { MockTestCase } from './mocks.js';
import { parseDefinition } from './definitions.js';

/**
 * One execution while it runs: its record, its history counter, its
 * checkpoints (for resuming after a crash), and the abort signal that stops
 * everything inside it.
 */

/** A running (sub)machine: the top level, a Parallel branch, or a Map iteration. */
export interface Frame {
  readonly run: ExecutionRun;
  /** Checkpoint key: '' for the top level, then `/<state>@<attempt>/b<i>` or `/i<n>` per level. */
  readonly path: string;
  readonly states: Record<string, State>;
  readonly startAt: string;
  /** The query language states default to in this frame. */
  readonly language: QueryLanguage;
  /** Workflow variables visible here (own assignments over a copy of the outer scope). */
  variables: Record<string, unknown>;
  /** The id of the last event this frame emitted (next event's previousEventId). */
  lastEventId: number;
  /** Aborted when this frame must stop (execution stopped, a sibling branch failed). */
  readonly signal: AbortSignal;
}

/** Per-frame progress saved durably so a restart resumes where it stopped. */
export interface FrameCheckpoint {
  /** Current state name. */
  s: string;
  /** The raw input of that state. */
  i: unknown;
  /** Variables of the frame. */
  v: Record<string, unknown>;
  /** lastEventId. */
  e: number;
  /** Progress inside the state (set once it was entered). */
  x?: StateProgress;
  /** Set when the frame finished (branch/iteration done): its output. */
  done?: { o: unknown };
}

/** What a state has already done, for resuming it. */
export interface StateProgress {
  enteredAt: number;
  /** Retries consumed per Retry rule. */
  retries?: number[];
  /** Attempt number (how many times the state's work started). */
  attempt?: number;
  /** When a Wait (or a retry back-off) ends. */
  wakeAt?: number;
  /** A `.sync` job's submitted output. */
  submitted?: unknown;
  /** The `.waitForTaskToken` token handed out. */
  token?: string;
  /** True once the token was handed to the integration (a restart then only waits). */
  tokenSent?: boolean;
  /** Set by redrive: the state is entered afresh (StateEntered is recorded again). */
  reenter?: boolean;
}

/** The execution being run. */
export class ExecutionRun {
  readonly deps: EngineDeps;
  record: ExecutionRecord;
  readonly definition: StateMachineDefinition;
  readonly context: ExecutionContextBase;
  /** The execution's input, parsed (shared with `$$.Execution.Input`; never mutated). */
  readonly input: unknown;
  readonly controller = new AbortController();
  readonly checkpoints: Map<string, unknown>;
  readonly recordHistory: boolean;
  readonly mocks: MockTestCase | undefined;
  /** Invocation counters per state name, for mocked responses. */
  readonly mockCounters = new Map<string, number>();
  /** States run without yielding to the event loop (see runFrame). */
  syncSteps = 0;
  private nextEventId: number;

  constructor(
    deps: EngineDeps,
    record: ExecutionRecord,
    options: {
      resume: boolean;
      recordHistory: boolean;
      mocks?: MockTestCase;
      redrive?: boolean;
      /** `record.input` already parsed, when the caller has it. */
      input?: unknown;
    },
  ) {
    this.deps = deps;
    this.record = record;
    this.definition = parseDefinition(record.definition);
    this.recordHistory = options.recordHistory && deps.store.recordsHistory;
    this.mocks = options.mocks;
    this.input = 'input' in options ? options.input : JSON.parse(record.input);
    this.context = executionContext(record, this.input);
    this.nextEventId = options.resume ? deps.store.lastEventId(record.arn) + 1 : 1;
    this.checkpoints =
      options.resume && deps.store.keepsCheckpoints
        ? deps.store.loadCheckpoints(record.arn)
        : new Map();
    if (options.redrive) this.prepareRedrive();
  }

  /**
   * Redrive restarts every unfinished frame at the state it stopped in, as a
   * fresh entry of that state; finished branches and iterations keep their
   * results and do not run again.
   */
  private prepareRedrive(): void {
    const now = this.deps.clock.now();
    for (const [path, value] of this.checkpoints) {
      const checkpoint = value as FrameCheckpoint;
      if (checkpoint.done || !checkpoint.x) continue;
      const progress: StateProgress = { enteredAt: now, reenter: true };
      if (checkpoint.x.attempt !== undefined) progress.attempt = checkpoint.x.attempt;
      this.checkpoints.set(path, { ...checkpoint, x: progress });
    }
  }

  /** Whether checkpoints are written (for resume and redrive). */
  get durable(): boolean {
    return this.deps.store.keepsCheckpoints;
  }

  /** Appends a history event linked to the frame's previous event; returns its id. */
  emit(
    frame: { lastEventId: number } | null,
    type: string,
    details?: () => Record<string, unknown>,
  ): number {
    const id = this.nextEventId;
    this.nextEventId += 1;
    const previousEventId = frame ? frame.lastEventId : id - 1;
    if (frame) frame.lastEventId = id;
    if (this.recordHistory) {
      const event: HistoryEvent = { id, previousEventId, timestamp: this.deps.clock.now(), type };
      if (details) event.details = details();
      this.deps.store.appendEvents(this.record.arn, [event]);
    }
    return id;
  }

  /** Saves a frame's progress (no-op for in-memory executions). */
  checkpoint(frame: Frame, data: FrameCheckpoint): void {
    if (this.durable) this.deps.store.saveCheckpoint(this.record.arn, frame.path, data);
  }

  /** The checkpoint saved for a frame path before a restart, once (consumed on read). */
  takeCheckpoint(path: string): FrameCheckpoint | undefined {
    const data = this.checkpoints.get(path) as FrameCheckpoint | undefined;
    if (data) this.checkpoints.delete(path);
    return data;
  }

  /** Marks a child frame finished in its checkpoint, so a restart does not run it again. */
  finishFrame(frame: Frame, output: unknown): void {
    this.checkpoint(frame, { s: '', i: null, v: {}, e: frame.lastEventId, done: { o: output } });
  }

  /** Drops the checkpoints of a finished state's children. */
  dropCheckpoints(prefix: string): void {
    if (this.durable) this.deps.store.deleteCheckpoints(this.record.arn, prefix);
  }
}
