import { readFileSync } from 'node:fs';
import { ModelmillError, isPlainObject } from '../../core/index.js';
import type { ExecutionRecord, HistoryEvent } from '../../engine/index.js';
import type { Modelmill } from '../../modelmill.js';
import { unmarshallItem } from '../../services/dynamodb/index.js';
import type { StepFunctionInputs } from './inputs.js';
import { completeInputs, contextInputs, parseInputsDocument } from './inputs.js';
import type { DapmContext, DapmNames } from './names.js';

/**
 * Starting and following a DAPM run the way the estate's CI does: the
 * static inputs from SSM (or a file), today's date, a refusal while a run of
 * the same orchestrator is RUNNING, then the execution.
 */

/** Reads a context's inputs from a file or from its SSM parameter. */
export async function loadInputs(
  mm: Modelmill,
  ctx: DapmContext,
  names: DapmNames,
  file?: string,
): Promise<StepFunctionInputs> {
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new ModelmillError(
        'InvalidInputs',
        `cannot read --inputs '${file}': ${(err as Error).message}`,
      );
    }
    return contextInputs(parseInputsDocument(text, file), ctx, file);
  }
  const name = names[ctx].stepFunctionInputsParam;
  let value: string | undefined;
  try {
    value = (await mm.services.ssm.getParameter({ Name: name })).Parameter.Value;
  } catch {
    throw new ModelmillError(
      'MissingInputs',
      `no ${ctx} inputs: ${name} does not exist. Apply the module first (modelmill up --module dapm ...) or pass --inputs FILE`,
    );
  }
  const parsed: unknown = JSON.parse(value ?? '{}');
  if (!isPlainObject(parsed))
    throw new ModelmillError('InvalidInputs', `${name} must hold a JSON object of inputs`);
  return contextInputs(parsed, ctx, name);
}

/** Starts a run; refuses while another execution of the orchestrator is RUNNING. */
export function startRun(
  mm: Modelmill,
  ctx: DapmContext,
  inputs: StepFunctionInputs,
  names: DapmNames,
): ExecutionRecord {
  const complete = completeInputs(ctx, inputs, names, new Date(mm.clock.now()));
  const machine = complete.step_function_arn ?? names[ctx].stateMachine;
  const running = mm.engine.listExecutions({
    stateMachineArn: machine,
    status: 'RUNNING',
    maxResults: 1,
  }).items[0];
  if (running) {
    throw new ModelmillError(
      'RunInProgress',
      `a ${ctx} run is already RUNNING (${running.arn}); wait for it or stop it with aws stepfunctions stop-execution`,
    );
  }
  const { executionArn } = mm.engine.startExecution({
    stateMachineArn: machine,
    input: JSON.stringify(complete),
  });
  return mm.engine.describeExecution(executionArn);
}

/** Where a run is. */
export interface RunProgress {
  status: string;
  /** The state entered last. */
  state: string;
  /** Batch jobs of the run by status (from the state table). */
  jobs: Record<string, number>;
  partitions: number;
}

/** The current progress of a run. */
export async function runProgress(
  mm: Modelmill,
  execution: ExecutionRecord,
  stateTable: string,
): Promise<RunProgress> {
  const record = mm.engine.describeExecution(execution.arn);
  const history: HistoryEvent[] = mm.engine.getExecutionHistory({
    executionArn: execution.arn,
    reverseOrder: true,
    maxResults: 50,
  }).items;
  const entered = history.find((e) => e.type.endsWith('StateEntered'));
  const jobs: Record<string, number> = {};
  let partitions = 0;
  try {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await mm.services.dynamodb.scan({
        TableName: stateTable,
        ...(start ? { ExclusiveStartKey: start as never } : {}),
      });
      for (const raw of page.Items ?? []) {
        const item = unmarshallItem(raw);
        const status =
          typeof item.awsbatch_job_status_overall === 'string'
            ? item.awsbatch_job_status_overall
            : 'UNKNOWN';
        jobs[status] = (jobs[status] ?? 0) + 1;
        partitions += 1;
      }
      start = page.LastEvaluatedKey;
    } while (start);
  } catch {
    // The table may not exist yet (or was cleaned up): no job counts then.
  }
  return {
    status: record.status,
    state: typeof entered?.details?.name === 'string' ? entered.details.name : '',
    jobs,
    partitions,
  };
}

/** One line describing progress: `Check Batch Job Status · 37/40 partitions done, 1 failed, 2 running`. */
export function progressLine(p: RunProgress): string {
  const done = p.jobs.SUCCEEDED ?? 0;
  const failed = p.jobs.FAILED ?? 0;
  const active = p.partitions - done - failed;
  const jobs =
    p.partitions > 0
      ? ` · ${done}/${p.partitions} partitions done${failed ? `, ${failed} failed` : ''}${active ? `, ${active} running` : ''}`
      : '';
  return `${p.status} · ${p.state || 'starting'}${jobs}`;
}

/** Follows a run until it ends, calling `onProgress` whenever the line changes. */
export async function followRun(
  mm: Modelmill,
  execution: ExecutionRecord,
  stateTable: string,
  onProgress: (line: string) => void,
  everyMs = 500,
): Promise<ExecutionRecord> {
  let last = '';
  const done = mm.engine.waitFor(execution.arn);
  let finished = false;
  void done.finally(() => (finished = true));
  while (!finished) {
    const line = progressLine(await runProgress(mm, execution, stateTable));
    if (line !== last) onProgress((last = line));
    await Promise.race([done, new Promise((r) => setTimeout(r, everyMs))]);
  }
  return done;
}
