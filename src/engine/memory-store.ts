import type { HistoryEvent } from './history.js';
import { pageOf } from './paging.js';
import type {
  ExecutionQuery,
  ExecutionRecord,
  ExecutionStore,
  StateMachineRecord,
  TaskTokenRecord,
} from './store.js';

/**
 * The in-memory store: Express executions, one-shot `sfn run`, and tests.
 * `recordHistory: false` drops history events and `checkpoints: false` drops
 * checkpoints (what Express workflows do without logging) for the fastest path.
 */
export function createMemoryStore(
  options: { recordHistory?: boolean; checkpoints?: boolean } = {},
): ExecutionStore {
  const recordHistory = options.recordHistory ?? true;
  const machines = new Map<string, StateMachineRecord>();
  const executions = new Map<string, ExecutionRecord>();
  const histories = new Map<string, HistoryEvent[]>();
  const checkpoints = new Map<string, Map<string, unknown>>();
  const tokens = new Map<string, TaskTokenRecord>();

  return {
    durable: false,
    keepsCheckpoints: options.checkpoints ?? true,
    recordsHistory: recordHistory,
    putStateMachine: (r) => void machines.set(r.arn, r),
    getStateMachine: (arn) => machines.get(arn),
    listStateMachines: () => [...machines.values()].sort((a, b) => a.name.localeCompare(b.name)),
    deleteStateMachine: (arn) => void machines.delete(arn),
    insertExecution: (r) => void executions.set(r.arn, { ...r }),
    updateExecution(arn, patch) {
      const current = executions.get(arn);
      if (current) executions.set(arn, { ...current, ...patch });
    },
    getExecution: (arn) => executions.get(arn),
    listExecutions(query: ExecutionQuery) {
      const all = [...executions.values()]
        .filter((e) => !query.stateMachineArn || e.stateMachineArn === query.stateMachineArn)
        .filter((e) => !query.status || e.status === query.status)
        .filter((e) =>
          query.mapRunArn ? e.mapRunArn === query.mapRunArn : e.mapRunArn === undefined,
        )
        .reverse();
      return pageOf(all, query.nextToken, query.maxResults);
    },
    runningExecutions: () => [...executions.values()].filter((e) => e.status === 'RUNNING'),
    appendEvents(arn, events) {
      if (!recordHistory) return;
      let list = histories.get(arn);
      if (!list) histories.set(arn, (list = []));
      for (const e of events) list.push(e);
    },
    getHistory: (arn) => [...(histories.get(arn) ?? [])],
    lastEventId: (arn) => histories.get(arn)?.at(-1)?.id ?? 0,
    saveCheckpoint(arn, path, data) {
      let map = checkpoints.get(arn);
      if (!map) checkpoints.set(arn, (map = new Map()));
      map.set(path, data);
    },
    deleteCheckpoints(arn, prefix) {
      const map = checkpoints.get(arn);
      if (!map) return;
      for (const key of [...map.keys()])
        if (prefix === '' || key === prefix || key.startsWith(`${prefix}/`)) map.delete(key);
    },
    loadCheckpoints: (arn) => new Map(checkpoints.get(arn) ?? []),
    putTaskToken: (r) => void tokens.set(r.token, r),
    getTaskToken: (t) => tokens.get(t),
    deleteTaskToken: (t) => void tokens.delete(t),
    flush: () => undefined,
    close: () => undefined,
  };
}
