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

/** The end-of-run report: printable lines and the data behind them. */
export interface RunSummary {
  status: string;
  executionArn: string;
  error?: string;
  cause?: string;
  winner?: string;
  metric?: string;
  scores: Array<{ algorithm: string; value: number }>;
  champions: Array<{ pk: string; mapping: string; champion: string; value: number }>;
  /** Inference: what each algorithm scored. */
  scored: Array<{ algorithm: string; partitions: number; rows: number; meanPrediction: number }>;
  outputs: string[];
  lines: string[];
}

/** Reads what a finished run produced (through Athena, as a user would) and says it in a few lines. */
export async function summarizeRun(
  mm: Modelmill,
  ctx: DapmContext,
  execution: ExecutionRecord,
): Promise<RunSummary> {
  const input = JSON.parse(execution.input) as Record<string, string>;
  const stepJobId = execution.arn.split(':').slice(-2).join('-');
  const run = `year=${input.year}/month=${input.month}/day=${input.day}/stepjobid=${stepJobId}`;
  const shared = input.s3_bucket_name_shared ?? '';
  const db = input.athenadb_name ?? 'default';
  const summary: RunSummary = {
    status: execution.status,
    executionArn: execution.arn,
    scores: [],
    champions: [],
    scored: [],
    outputs: [],
    lines: [],
  };
  if (execution.error !== undefined) summary.error = execution.error;
  if (execution.cause !== undefined) summary.cause = execution.cause;
  const where = `year = '${input.year}' AND month = '${input.month}' AND day = '${input.day}' AND stepjobid = '${stepJobId}'`;
  const rows = async (sql: string): Promise<Record<string, unknown>[]> => {
    try {
      return (await mm.services.athena.query(sql)).rows;
    } catch {
      return [];
    }
  };
  if (ctx === 'training') {
    for (const r of await rows(
      `SELECT algoname, metric_name, metric_value FROM "${db}".model_eval_summary WHERE ${where} ORDER BY metric_value`,
    )) {
      summary.scores.push({ algorithm: String(r.algoname), value: Number(r.metric_value) });
      summary.metric = String(r.metric_name);
    }
    for (const r of await rows(
      `SELECT pk, mapping, champion_algo, champion_metric FROM "${db}".partition_champions WHERE ${where} ORDER BY pk, mapping`,
    )) {
      summary.champions.push({
        pk: String(r.pk),
        mapping: String(r.mapping),
        champion: String(r.champion_algo),
        value: Number(r.champion_metric),
      });
    }
    summary.outputs = [
      'training',
      'pred_or_eval',
      'model_eval_summary',
      'partition_champions',
      'meta',
      'debug',
    ].map((f) => `s3://${shared}/${f}/${run}/`);
  } else {
    const inferenceDb = input.inference_athenadb_name ?? db;
    const table = input.inference_athenadb_inference_table_name ?? 'inference';
    const sql = `SELECT algoname, count(*) AS partitions, sum(rows_scored) AS rows_scored, avg(mean_prediction) AS mean_prediction FROM "${inferenceDb}".${table} WHERE ${where} GROUP BY algoname ORDER BY algoname`;
    for (const r of await rows(sql)) {
      summary.scored.push({
        algorithm: String(r.algoname),
        partitions: Number(r.partitions),
        rows: Number(r.rows_scored),
        meanPrediction: Number(r.mean_prediction),
      });
    }
    summary.outputs = ['inferenceout', 'inference_summary', 'meta', 'debug'].map(
      (f) => `s3://${shared}/${f}/${run}/`,
    );
  }
  summary.lines = summaryLines(ctx, summary, db);
  return summary;
}

function summaryLines(ctx: DapmContext, s: RunSummary, db: string): string[] {
  const lines = [`${ctx} run ${s.status}: ${s.executionArn}`];
  if (s.status !== 'SUCCEEDED') lines.push(`  error: ${failureReason(s.error, s.cause)}`);
  if (s.scores.length > 0) {
    const lowerBetter = /rmse|mae|mape/i.test(s.metric ?? '');
    const ranked = [...s.scores].sort((a, b) =>
      lowerBetter ? a.value - b.value : b.value - a.value,
    );
    if (ranked[0]) s.winner = ranked[0].algorithm;
    lines.push(`  winner: ${s.winner} (${s.metric} ${ranked[0]?.value.toFixed(4)})`);
    for (const score of ranked)
      lines.push(`    ${score.algorithm.padEnd(8)} ${s.metric} ${score.value.toFixed(4)}`);
  }
  if (s.champions.length > 0) {
    const counts = new Map<string, number>();
    for (const c of s.champions) counts.set(c.champion, (counts.get(c.champion) ?? 0) + 1);
    lines.push(
      `  per-partition champions (${s.champions.length} partitions): ${[...counts].map(([a, n]) => `${a} ${n}`).join(', ')}`,
    );
    lines.push(
      `    e.g. ${s.champions
        .slice(0, 3)
        .map((c) => `${c.pk}: ${c.champion}`)
        .join('; ')}`,
    );
  }
  for (const s2 of s.scored) {
    lines.push(
      `  scored ${s2.rows} rows in ${s2.partitions} partitions with ${s2.algorithm} (mean prediction ${s2.meanPrediction.toFixed(3)})`,
    );
  }
  lines.push('  outputs:');
  for (const o of s.outputs) lines.push(`    ${o}`);
  if (ctx === 'training' && s.status === 'SUCCEEDED') {
    lines.push(
      `  query them: modelmill query "SELECT * FROM \\"${db}\\".partition_champions LIMIT 10"`,
    );
    lines.push('  approve the model: modelmill models list, then modelmill models approve <arn>');
  }
  return lines;
}

/**
 * The readable reason of a failed run: the cause of a failed step is a job
 * description (Glue JobRun, Batch job, SageMaker job) wrapped in the
 * orchestrator's failure record; say which job failed and why.
 */
export function failureReason(error: string | undefined, cause: string | undefined): string {
  let node: unknown = cause;
  for (let depth = 0; depth < 4 && typeof node === 'string'; depth += 1) {
    try {
      const parsed: unknown = JSON.parse(node);
      if (!isPlainObject(parsed)) break;
      const job =
        parsed.JobName ??
        parsed.JobDefinition ??
        parsed.ProcessingJobName ??
        parsed.TrainingJobName;
      const why = parsed.ErrorMessage ?? parsed.StatusReason ?? parsed.FailureReason;
      if (typeof why === 'string') return `${typeof job === 'string' ? `${job}: ` : ''}${why}`;
      node = parsed.Cause;
    } catch {
      break;
    }
  }
  const text = typeof cause === 'string' ? cause : '';
  return `${error ?? 'failed'}${text ? ` — ${text.slice(0, 500)}` : ''}`;
}
