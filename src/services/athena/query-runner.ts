import { BIGINT } from '@duckdb/node-api';
import type { Clock, IdGenerator, Logger } from '../../core/index.js';
import { ModelmillError, errorMessage, parseS3Uri } from '../../core/index.js';
import type { ExecContext } from './exec-context.js';
import { execute, lineColumn } from './exec.js';
import { withSlash } from './partition-paths.js';
import { columnInfo } from './query-describe.js';
import { AthenaErrorType, QueryFailure } from './query-errors.js';
import type { QueryRecord, StoredResult } from './query-store.js';
import type { QueryOwner, QueryStore } from './query-store.js';
import { liveOwners } from './query-store.js';
import { writeCsvResult, writeTextResult } from './results.js';
import { isFolder } from './table-files.js';
import type { QueryExecutionState, QueryStateChange, StartQueryExecutionInput } from './types.js';
import { duckErrorJson, isInterrupt } from './duck-errors.js';

/**
 * Query executions in the background: StartQueryExecution records the query
 * QUEUED and returns; up to `maxConcurrent` run at once (RUNNING), each ending
 * SUCCEEDED with its result file written, FAILED with Athena's reason, or
 * CANCELLED by StopQueryExecution (which interrupts DuckDB).
 */

/** A workgroup's settings. */
export interface WorkGroupSettings {
  /** Where results go when the request names no OutputLocation. */
  OutputLocation?: string;
}

/** Options of the runner. */
export interface QueryRunnerOptions {
  ctx: ExecContext;
  queries: QueryStore;
  ids: IdGenerator;
  clock: Clock;
  logger: Logger;
  workGroups: Readonly<Record<string, WorkGroupSettings>>;
  maxConcurrent: number;
  onEvent?: (event: QueryStateChange) => void;
}

/** Runs queries and keeps their records. */
export class QueryRunner {
  private readonly queue: string[] = [];
  private readonly running = new Map<string, AbortController>();
  private readonly tasks = new Set<Promise<void>>();
  private readonly waiters = new Map<string, (() => void)[]>();
  private sequence = 0;
  private closed = false;

  private readonly owner: QueryOwner;

  constructor(private readonly options: QueryRunnerOptions) {
    this.owner = { pid: process.pid, instance: options.ids.uuid() };
    liveOwners.add(this.owner.instance);
  }

  /** Records and queues a query; resolves to its id. */
  start(input: StartQueryExecutionInput): string {
    const { queries, clock, ids } = this.options;
    const query = input?.QueryString;
    if (typeof query !== 'string' || query.length < 1 || query.length > 262144) {
      throw new ModelmillError(
        'InvalidRequestException',
        'QueryString must be a string of 1 to 262144 characters holding one SQL statement.',
      );
    }
    const workGroup = input.WorkGroup ?? 'primary';
    const settings = this.options.workGroups[workGroup];
    if (!settings) {
      throw new ModelmillError(
        'InvalidRequestException',
        `WorkGroup ${workGroup} is not found. Known workgroups: ${Object.keys(this.options.workGroups).join(', ')}.`,
      );
    }
    if (input.ClientRequestToken !== undefined) {
      const earlier = queries.byToken(workGroup, input.ClientRequestToken);
      if (earlier) return earlier.id;
    }
    const catalog = input.QueryExecutionContext?.Catalog ?? 'AwsDataCatalog';
    if (catalog.toLowerCase() !== 'awsdatacatalog') {
      throw new ModelmillError(
        'InvalidRequestException',
        `Catalog ${catalog} is not found: only AwsDataCatalog exists locally.`,
      );
    }
    const outputLocation = this.outputLocation(input, settings);
    const record: QueryRecord = {
      id: ids.uuid(),
      query,
      database: (input.QueryExecutionContext?.Database ?? 'default').toLowerCase(),
      catalog: 'AwsDataCatalog',
      workGroup,
      outputLocation,
      state: 'QUEUED',
      submitted: clock.now(),
      bytes: 0,
      owner: this.owner,
      ...(input.ClientRequestToken === undefined ? {} : { clientToken: input.ClientRequestToken }),
      ...(input.ExecutionParameters === undefined ? {} : { parameters: input.ExecutionParameters }),
    };
    queries.insert(record);
    this.emit(record, undefined);
    this.queue.push(record.id);
    this.pump();
    return record.id;
  }

  private outputLocation(input: StartQueryExecutionInput, settings: WorkGroupSettings): string {
    const location = input.ResultConfiguration?.OutputLocation ?? settings.OutputLocation;
    if (location === undefined || location === '') {
      throw new ModelmillError(
        'InvalidRequestException',
        'No output location provided. An output location is required either through the Workgroup result configuration setting or as an API input (ResultConfiguration.OutputLocation).',
      );
    }
    const { bucket } = parseS3Uri(location);
    if (!isFolder(this.options.ctx.objects.localPath(bucket))) {
      throw new ModelmillError(
        'InvalidRequestException',
        `Unable to verify/create output bucket ${bucket}: it does not exist. Create the bucket or use another OutputLocation.`,
      );
    }
    return withSlash(location);
  }

  /** Cancels a queued or running query; nothing for one that ended. */
  stop(id: string): void {
    const record = this.require(id);
    const queued = this.queue.indexOf(id);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.finish(record, 'CANCELLED', cancelled());
    } else {
      this.running.get(id)?.abort();
    }
  }

  /** The record of `id`; InvalidRequestException when there is none. */
  require(id: string): QueryRecord {
    const record = typeof id === 'string' ? this.options.queries.get(id) : undefined;
    if (!record) {
      throw new ModelmillError(
        'InvalidRequestException',
        `QueryExecution ${String(id)} was not found`,
      );
    }
    return record;
  }

  /** Resolves once the query has ended. */
  async wait(id: string, signal?: AbortSignal): Promise<QueryRecord> {
    for (;;) {
      const record = this.require(id);
      if (!['QUEUED', 'RUNNING'].includes(record.state)) return record;
      signal?.throwIfAborted();
      await new Promise<void>((resolve, reject) => {
        const list = this.waiters.get(id) ?? [];
        const onAbort = () => reject(signal?.reason);
        list.push(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        });
        this.waiters.set(id, list);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    }
  }

  /** Cancels everything queued or running and resolves once nothing runs (closing the service). */
  async abortAll(): Promise<void> {
    this.closed = true;
    liveOwners.delete(this.owner.instance);
    for (const id of [...this.queue]) this.stop(id);
    for (const controller of this.running.values()) controller.abort();
    await Promise.all([...this.tasks]);
  }

  private pump(): void {
    while (
      !this.closed &&
      this.running.size < this.options.maxConcurrent &&
      this.queue.length > 0
    ) {
      const id = this.queue.shift()!;
      const controller = new AbortController();
      this.running.set(id, controller);
      const task: Promise<void> = this.runOne(id, controller.signal).finally(() => {
        this.running.delete(id);
        this.tasks.delete(task);
        this.pump();
      });
      this.tasks.add(task);
    }
  }

  private async runOne(id: string, signal: AbortSignal): Promise<void> {
    const { ctx, queries, clock, logger } = this.options;
    const record = this.require(id);
    record.state = 'RUNNING';
    record.started = clock.now();
    queries.update(record);
    this.emit(record, 'QUEUED');
    const base = parseS3Uri(`${record.outputLocation}${record.id}`);
    const localBase = ctx.objects.localPath(base.bucket, base.key);
    try {
      const executed = await execute(
        ctx,
        {
          statement: record.query,
          database: record.database,
          parameters: record.parameters ?? [],
          queryId: record.id,
          outputLocation: record.outputLocation,
          signal,
        },
        `${localBase}.csv`,
      );
      record.statementType = executed.statementType;
      record.substatementType = executed.substatementType;
      record.bytes = executed.bytes;
      record.result = this.storeResult(executed.outcome, localBase);
      record.outputUri = `${record.outputLocation}${record.id}.${record.result.format}`;
      this.finish(record, 'SUCCEEDED');
    } catch (err) {
      if (signal.aborted || isInterrupt(err)) return this.finish(record, 'CANCELLED', cancelled());
      if (err instanceof QueryFailure) return this.finish(record, 'FAILED', err);
      logger.error('athena: query failed unexpectedly', { id, error: errorMessage(err) });
      const text = duckErrorJson(err)?.exception_message ?? errorMessage(err);
      this.finish(
        record,
        'FAILED',
        new QueryFailure(`GENERIC_INTERNAL_ERROR: ${text}`, AthenaErrorType.InternalError, 1),
      );
    }
  }

  private storeResult(
    outcome: Awaited<ReturnType<typeof execute>>['outcome'],
    localBase: string,
  ): StoredResult {
    switch (outcome.kind) {
      case 'rows':
        return {
          file: `${localBase}.csv`,
          format: 'csv',
          columns: columnInfo(outcome.columns),
          updateCount: 0,
        };
      case 'count':
        writeCsvResult(`${localBase}.csv`, [['rows'], [String(outcome.rows)]]);
        return {
          file: `${localBase}.csv`,
          format: 'csv',
          columns: columnInfo([{ name: 'rows', type: BIGINT }]),
          updateCount: outcome.rows,
        };
      case 'lines':
        writeTextResult(`${localBase}.txt`, outcome.lines);
        return {
          file: `${localBase}.txt`,
          format: 'txt',
          columns: columnInfo([lineColumn(outcome.column)]),
          updateCount: 0,
        };
    }
  }

  private finish(record: QueryRecord, state: QueryExecutionState, failure?: QueryFailure): void {
    const previous = record.state;
    record.state = state;
    record.completed = this.options.clock.now();
    if (failure) {
      record.reason = failure.reason;
      record.error = {
        ErrorCategory: failure.category,
        ErrorType: failure.errorType,
        Retryable: failure.category === 1,
        ErrorMessage: failure.reason,
      };
    }
    this.options.queries.update(record);
    this.emit(record, previous);
    const list = this.waiters.get(record.id) ?? [];
    this.waiters.delete(record.id);
    for (const wake of list) wake();
  }

  private emit(record: QueryRecord, previous: QueryExecutionState | undefined): void {
    if (!this.options.onEvent) return;
    this.sequence += 1;
    try {
      this.options.onEvent({
        queryExecutionId: record.id,
        currentState: record.state,
        previousState: previous,
        statementType: record.statementType,
        workgroupName: record.workGroup,
        sequenceNumber: String(this.sequence),
        versionId: '0',
      });
    } catch (err) {
      this.options.logger.warn('athena: event hook failed', { error: errorMessage(err) });
    }
  }
}

function cancelled(): QueryFailure {
  return new QueryFailure('Query cancelled by user', AthenaErrorType.QueryCanceled, 2);
}
