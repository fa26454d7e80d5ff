import type { Engine, ExecutionRecord, HistoryEvent } from '../../src/engine/index.js';

/** An execution run to its end by `runDefinition`. */
export interface FinishedExecution {
  executionArn: string;
  final: ExecutionRecord;
  /** The execution's output, parsed; undefined when it has none (failed, aborted). */
  output: any;
  /** The execution's history events (read when asked for). */
  readonly history: HistoryEvent[];
}

/**
 * Creates a state machine of `definition` under a fresh name, starts it with
 * `input` and waits for its end: what the services' integration tests do to
 * run one Task through the engine.
 */
export async function runDefinition(
  engine: Engine,
  definition: object,
  input: unknown = {},
): Promise<FinishedExecution> {
  const name = `m${Math.random().toString(36).slice(2, 8)}`;
  engine.createStateMachine({ name, definition: JSON.stringify(definition) });
  const { executionArn } = engine.startExecution({
    stateMachineArn: name,
    input: JSON.stringify(input),
  });
  const final = await engine.waitFor(executionArn);
  return {
    executionArn,
    final,
    output: final.output === undefined ? undefined : JSON.parse(final.output),
    get history() {
      return engine.getExecutionHistory({ executionArn, maxResults: 10_000 }).items;
    },
  };
}
