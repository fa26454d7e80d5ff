import type { SqliteDatabase } from '../store/index.js';
import { migrate } from '../store/index.js';
import type { HistoryEvent } from './history.js';
import { decodeChunk } from './history-chunk.js';
import { ChunkWriter } from './history-chunk-writer.js';
import { createDefinitionTable } from './sqlite-definitions.js';
import type {
  ExecutionPatch,
  ExecutionQuery,
  ExecutionRecord,
  ExecutionStore,
  Page,
  StateMachineRecord,
  TaskTokenRecord,
} from './store.js';
import { decodeToken, encodeToken } from './paging.js';

/** The schema, one step per version (exported for the tests of older databases). */
export const MIGRATIONS = [
  `CREATE TABLE sfn_state_machines (
     arn TEXT PRIMARY KEY, name TEXT NOT NULL, record TEXT NOT NULL);
   CREATE TABLE sfn_executions (
     seq INTEGER PRIMARY KEY AUTOINCREMENT, arn TEXT NOT NULL UNIQUE,
     state_machine_arn TEXT NOT NULL, status TEXT NOT NULL, map_run_arn TEXT,
     start_date INTEGER NOT NULL, record TEXT NOT NULL);
   CREATE INDEX sfn_executions_by_machine ON sfn_executions (state_machine_arn, seq);
   CREATE INDEX sfn_executions_by_status ON sfn_executions (status);
   CREATE INDEX sfn_executions_by_map_run ON sfn_executions (map_run_arn);
   CREATE TABLE sfn_history (
     execution_arn TEXT NOT NULL, first_id INTEGER NOT NULL, last_id INTEGER NOT NULL,
     events TEXT NOT NULL, PRIMARY KEY (execution_arn, first_id)) WITHOUT ROWID;
   CREATE TABLE sfn_checkpoints (
     execution_arn TEXT NOT NULL, path TEXT NOT NULL, data TEXT NOT NULL,
     PRIMARY KEY (execution_arn, path)) WITHOUT ROWID;
   CREATE TABLE sfn_task_tokens (
     token TEXT PRIMARY KEY, execution_arn TEXT NOT NULL, record TEXT NOT NULL);`,
  // Definitions once per text; an execution row names its own (older rows hold the text).
  `CREATE TABLE sfn_definitions (hash TEXT PRIMARY KEY, definition TEXT NOT NULL);
   ALTER TABLE sfn_executions ADD COLUMN definition_hash TEXT;`,
];

/** An execution row: the record's JSON, and the definition it names (null: the record holds it). */
interface ExecutionRow {
  record: string;
  definition_hash: string | null;
}

/** An execution record's JSON without its definition (stored once, in sfn_definitions). */
function withoutDefinition(record: ExecutionRecord): string {
  const { definition: _definition, ...rest } = record;
  return JSON.stringify(rest);
}

/** How many parsed execution and state machine records the store keeps at most. */
const CACHED_RECORDS = 256;

/**
 * The durable store. Writes are buffered and committed together (group
 * commit) at the next turn of the event loop, or at once by `flush()`; every
 * read flushes first, so readers always see their own writes. Callers that
 * acknowledge something to a user (StartExecution, SendTaskSuccess, ...) call
 * `flush()` before answering.
 */
export function createSqliteStore(db: SqliteDatabase): ExecutionStore {
  migrate(db, 'stepfunctions', MIGRATIONS);
  const s = {
    putMachine: db.prepare(
      'INSERT INTO sfn_state_machines (arn, name, record) VALUES (?, ?, ?) ON CONFLICT(arn) DO UPDATE SET record = excluded.record',
    ),
    getMachine: db.prepare('SELECT record FROM sfn_state_machines WHERE arn = ?'),
    listMachines: db.prepare('SELECT record FROM sfn_state_machines ORDER BY name'),
    deleteMachine: db.prepare('DELETE FROM sfn_state_machines WHERE arn = ?'),
    insertExec: db.prepare(
      'INSERT INTO sfn_executions (arn, state_machine_arn, status, map_run_arn, start_date, record, definition_hash) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    updateExec: db.prepare('UPDATE sfn_executions SET status = ?, record = ? WHERE arn = ?'),
    getExec: db.prepare('SELECT record, definition_hash FROM sfn_executions WHERE arn = ?'),
    running: db.prepare(
      "SELECT record, definition_hash FROM sfn_executions WHERE status = 'RUNNING' ORDER BY seq",
    ),
    insertChunk: db.prepare(
      'INSERT OR REPLACE INTO sfn_history (execution_arn, first_id, last_id, events) VALUES (?, ?, ?, ?)',
    ),
    history: db.prepare('SELECT events FROM sfn_history WHERE execution_arn = ? ORDER BY first_id'),
    lastEvent: db.prepare('SELECT MAX(last_id) AS id FROM sfn_history WHERE execution_arn = ?'),
    saveCheckpoint: db.prepare(
      'INSERT OR REPLACE INTO sfn_checkpoints (execution_arn, path, data) VALUES (?, ?, ?)',
    ),
    deleteCheckpoints: db.prepare(
      "DELETE FROM sfn_checkpoints WHERE execution_arn = ? AND (path = ? OR substr(path, 1, length(?) + 1) = ? || '/')",
    ),
    deleteAllCheckpoints: db.prepare('DELETE FROM sfn_checkpoints WHERE execution_arn = ?'),
    loadCheckpoints: db.prepare('SELECT path, data FROM sfn_checkpoints WHERE execution_arn = ?'),
    putToken: db.prepare(
      'INSERT OR REPLACE INTO sfn_task_tokens (token, execution_arn, record) VALUES (?, ?, ?)',
    ),
    getToken: db.prepare('SELECT record FROM sfn_task_tokens WHERE token = ?'),
    deleteToken: db.prepare('DELETE FROM sfn_task_tokens WHERE token = ?'),
  };

  let pending: Array<() => void> = [];
  // History is written in chunks: one row per execution per flush, holding that flush's
  // events, encoded as they arrive.
  let pendingEvents = new Map<string, ChunkWriter>();
  // Checkpoints coalesce: only a frame's latest one before a flush is written (serialised then).
  // Keyed by execution, then frame path (the path strings are the frames' own, so no key is built).
  let checkpoints = new Map<string, Map<string, unknown>>();
  let scheduled = false;
  // The newest record of recently written or read executions, so reads need no flush and
  // no parse (records carry their definition, which can be large). Only this store writes
  // them; the cache is dropped, once durable, when it grows past CACHED_RECORDS.
  const execCache = new Map<string, ExecutionRecord>();
  // Parsed state machine records, for the same reason (StartExecution reads one each time).
  const machineCache = new Map<string, StateMachineRecord>();
  const definitions = createDefinitionTable(db);
  const transaction = db.transaction((ops: Array<() => void>) => {
    for (const op of ops) op();
  });
  function commit(ops: Array<() => void>): void {
    try {
      transaction(ops);
    } catch (err) {
      definitions.forget(); // definitions queued in this commit may not be stored
      throw err;
    }
  }

  /** An execution record from its row: the definition is the row's own or the one it names. */
  function fromRow(row: ExecutionRow): ExecutionRecord {
    const record = JSON.parse(row.record) as ExecutionRecord;
    if (row.definition_hash !== null) record.definition = definitions.text(row.definition_hash);
    return record;
  }

  function enqueue(op: () => void): void {
    pending.push(op);
    schedule();
  }

  function schedule(): void {
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  }

  function flush(): void {
    scheduled = false;
    if (pending.length === 0 && checkpoints.size === 0 && pendingEvents.size === 0) return;
    const ops = pending;
    pending = [];
    for (const [arn, chunk] of pendingEvents) {
      const text = chunk.finish();
      ops.push(() => s.insertChunk.run(arn, chunk.firstId, chunk.lastId, text));
    }
    pendingEvents = new Map();
    for (const [arn, frames] of checkpoints) {
      for (const [path, data] of frames) {
        const text = JSON.stringify(data);
        ops.push(() => s.saveCheckpoint.run(arn, path, text));
      }
    }
    checkpoints = new Map();
    commit(ops);
    if (execCache.size > CACHED_RECORDS) execCache.clear();
  }

  function readExec(arn: string): ExecutionRecord | undefined {
    const cached = execCache.get(arn);
    if (cached) return cached;
    const row = s.getExec.get(arn) as ExecutionRow | undefined;
    if (!row) return undefined;
    const record = fromRow(row);
    if (pending.length === 0 && execCache.size > CACHED_RECORDS) execCache.clear();
    execCache.set(arn, record);
    return record;
  }

  return {
    durable: true,
    keepsCheckpoints: true,
    recordsHistory: true,
    putStateMachine(record: StateMachineRecord) {
      flush();
      machineCache.delete(record.arn);
      s.putMachine.run(record.arn, record.name, JSON.stringify(record));
    },
    getStateMachine(arn) {
      const cached = machineCache.get(arn);
      if (cached) return cached;
      const row = s.getMachine.get(arn) as { record: string } | undefined;
      if (!row) return undefined;
      const record = JSON.parse(row.record) as StateMachineRecord;
      if (machineCache.size >= CACHED_RECORDS) machineCache.clear();
      machineCache.set(arn, record);
      return record;
    },
    listStateMachines() {
      return (s.listMachines.all() as Array<{ record: string }>).map(
        (r) => JSON.parse(r.record) as StateMachineRecord,
      );
    },
    deleteStateMachine(arn) {
      flush();
      machineCache.delete(arn);
      s.deleteMachine.run(arn);
    },
    insertExecution(record: ExecutionRecord) {
      execCache.set(record.arn, record);
      const hash = definitions.refer(record.definition, enqueue);
      const text = withoutDefinition(record);
      enqueue(() =>
        s.insertExec.run(
          record.arn,
          record.stateMachineArn,
          record.status,
          record.mapRunArn ?? null,
          record.startDate,
          text,
          hash,
        ),
      );
    },
    updateExecution(arn: string, patch: ExecutionPatch) {
      const current = readExec(arn);
      if (!current) return;
      const next = { ...current, ...patch };
      execCache.set(arn, next);
      const text = withoutDefinition(next);
      enqueue(() => s.updateExec.run(next.status, text, arn));
    },
    getExecution: readExec,
    listExecutions(query: ExecutionQuery): Page<ExecutionRecord> {
      flush();
      const offset = decodeToken(query.nextToken);
      const limit = Math.min(
        query.maxResults && query.maxResults > 0 ? query.maxResults : 100,
        1000,
      );
      const where: string[] = [];
      const args: unknown[] = [];
      const filter = (clause: string, value: unknown): void => {
        where.push(clause);
        args.push(value);
      };
      if (query.stateMachineArn) filter('state_machine_arn = ?', query.stateMachineArn);
      if (query.status) filter('status = ?', query.status);
      if (query.mapRunArn) filter('map_run_arn = ?', query.mapRunArn);
      else where.push('map_run_arn IS NULL');
      const sql = `SELECT record, definition_hash FROM sfn_executions ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ? OFFSET ?`;
      const rows = db.prepare(sql).all(...args, limit + 1, offset) as ExecutionRow[];
      const items = rows.slice(0, limit).map(fromRow);
      return rows.length > limit ? { items, nextToken: encodeToken(offset + limit) } : { items };
    },
    runningExecutions() {
      flush();
      return (s.running.all() as ExecutionRow[]).map(fromRow);
    },
    appendEvents(executionArn: string, events: readonly HistoryEvent[]) {
      let chunk = pendingEvents.get(executionArn);
      if (!chunk) pendingEvents.set(executionArn, (chunk = new ChunkWriter()));
      for (const event of events) chunk.add(event);
      schedule();
    },
    getHistory(executionArn: string) {
      flush();
      const rows = s.history.all(executionArn) as Array<{ events: string }>;
      return rows.flatMap((r) => decodeChunk(r.events));
    },
    lastEventId(executionArn: string) {
      flush();
      return (s.lastEvent.get(executionArn) as { id: number | null }).id ?? 0;
    },
    saveCheckpoint(executionArn: string, path: string, data: unknown) {
      let frames = checkpoints.get(executionArn);
      if (!frames) checkpoints.set(executionArn, (frames = new Map()));
      frames.set(path, data);
      schedule();
    },
    deleteCheckpoints(executionArn: string, pathPrefix: string) {
      const frames = checkpoints.get(executionArn);
      if (frames && pathPrefix === '') checkpoints.delete(executionArn);
      else if (frames) {
        const below = `${pathPrefix}/`;
        for (const path of frames.keys())
          if (path === pathPrefix || path.startsWith(below)) frames.delete(path);
      }
      if (pathPrefix === '') enqueue(() => s.deleteAllCheckpoints.run(executionArn));
      else enqueue(() => s.deleteCheckpoints.run(executionArn, pathPrefix, pathPrefix, pathPrefix));
    },
    loadCheckpoints(executionArn: string) {
      flush();
      const rows = s.loadCheckpoints.all(executionArn) as Array<{ path: string; data: string }>;
      return new Map(rows.map((r) => [r.path, JSON.parse(r.data) as unknown]));
    },
    putTaskToken(record: TaskTokenRecord) {
      const text = JSON.stringify(record);
      enqueue(() => s.putToken.run(record.token, record.executionArn, text));
    },
    getTaskToken(token: string) {
      flush();
      const row = s.getToken.get(token) as { record: string } | undefined;
      return row ? (JSON.parse(row.record) as TaskTokenRecord) : undefined;
    },
    deleteTaskToken(token: string) {
      enqueue(() => s.deleteToken.run(token));
    },
    flush,
    close() {
      flush();
    },
  };
}
