import { createHash } from 'node:crypto';
import { errorMessage } from '../../core/index.js';
import { createRandom } from '../../ml/index.js';
import type { Random } from '../../ml/index.js';
import { proposeBayesian } from './bayesian.js';
import type { SageMakerContext } from './context.js';
import { waitUntil } from './context.js';
import { saveJob, trackRun, untrackRun } from './job-lifecycle.js';
import { Kind, seconds } from './names.js';
import type { Point, SearchParam } from './search-space.js';
import { compileSearchSpace, gridPoint, gridSize, randomPoint } from './search-space.js';
import type { ResourceRow } from './store.js';
import { launchTraining, newTrainingRow, stopTraining } from './training.js';
import type {
  CreateTrainingJobInput,
  HyperParameterTrainingJobSummary,
  HyperParameterTuningJobDescription,
  JobStatus,
  TrainingJobDescription,
} from './types.js';

/**
 * The tuner: launches child training jobs `<tuning-job>-NNN-xxxxxxxx` (static
 * hyperparameters plus the point the strategy picks, and
 * `_tuning_objective_metric` as SageMaker adds it), at most
 * MaxParallelTrainingJobs at a time and MaxNumberOfTrainingJobs in all (Grid:
 * the grid's size at most), reads each child's objective from its
 * FinalMetricDataList, keeps the counters and the best job current, and ends
 * Completed (Failed when no child reported the objective) or Stopped.
 * Proposals are seeded by RandomSeed (default: from the name), so a restart
 * picks up where the job was.
 */

type Row = ResourceRow<HyperParameterTuningJobDescription>;
type Child = ResourceRow<TrainingJobDescription>;

const RUNNING = new Set(['InProgress', 'Stopping']);

/** Saves the tuning job and wakes its waiters. */
export function saveTuning(ctx: SageMakerContext, row: Row, status?: JobStatus): void {
  if (status) row.doc.HyperParameterTuningJobStatus = status;
  saveJob(ctx, row, row.doc.HyperParameterTuningJobStatus);
}

/** The summary of a child training job, as ListTrainingJobsForHyperParameterTuningJob gives it. */
export function childSummary(
  tuning: HyperParameterTuningJobDescription,
  child: Child,
): HyperParameterTrainingJobSummary {
  const objective = tuning.HyperParameterTuningJobConfig.HyperParameterTuningJobObjective;
  const doc = child.doc;
  const metric = objective
    ? doc.FinalMetricDataList.find((m) => m.MetricName === objective.MetricName)
    : undefined;
  const status = doc.TrainingJobStatus;
  return {
    TrainingJobName: doc.TrainingJobName,
    TrainingJobArn: doc.TrainingJobArn,
    TuningJobName: tuning.HyperParameterTuningJobName,
    CreationTime: doc.CreationTime,
    ...(doc.TrainingStartTime === undefined ? {} : { TrainingStartTime: doc.TrainingStartTime }),
    ...(doc.TrainingEndTime === undefined ? {} : { TrainingEndTime: doc.TrainingEndTime }),
    TrainingJobStatus: status,
    TunedHyperParameters: (child.plan?.tuned ?? {}) as Record<string, string>,
    ...(doc.FailureReason === undefined ? {} : { FailureReason: doc.FailureReason }),
    ...(metric && objective
      ? {
          FinalHyperParameterTuningJobObjectiveMetric: {
            Type: objective.Type,
            MetricName: metric.MetricName,
            Value: metric.Value,
          },
        }
      : {}),
    ObjectiveStatus: RUNNING.has(status) ? 'Pending' : metric ? 'Succeeded' : 'Failed',
  };
}

function better(tuning: HyperParameterTuningJobDescription, a: number, b: number): boolean {
  return tuning.HyperParameterTuningJobConfig.HyperParameterTuningJobObjective?.Type === 'Minimize'
    ? a < b
    : a > b;
}

/** Recomputes the counters and the best training job from the children. */
export function refresh(row: Row, children: readonly Child[]): void {
  const doc = row.doc;
  const counters = {
    Completed: 0,
    InProgress: 0,
    RetryableError: 0,
    NonRetryableError: 0,
    Stopped: 0,
  };
  const objective = { Succeeded: 0, Pending: 0, Failed: 0 };
  let best: HyperParameterTrainingJobSummary | undefined;
  for (const child of children) {
    const status = child.doc.TrainingJobStatus;
    if (status === 'Completed') counters.Completed += 1;
    else if (status === 'Failed') counters.NonRetryableError += 1;
    else if (status === 'Stopped') counters.Stopped += 1;
    else counters.InProgress += 1;
    const summary = childSummary(doc, child);
    objective[summary.ObjectiveStatus] += 1;
    const value = summary.FinalHyperParameterTuningJobObjectiveMetric?.Value;
    const bestValue = best?.FinalHyperParameterTuningJobObjectiveMetric?.Value;
    if (value !== undefined && (bestValue === undefined || better(doc, value, bestValue)))
      best = summary;
  }
  doc.TrainingJobStatusCounters = counters;
  doc.ObjectiveStatusCounters = objective;
  if (best) doc.BestTrainingJob = best;
}

function seedOf(row: Row): number {
  const given = row.doc.HyperParameterTuningJobConfig.RandomSeed;
  if (typeof given === 'number') return given >>> 0;
  return createHash('sha256').update(row.name).digest().readUInt32BE(0);
}

function propose(
  row: Row,
  params: SearchParam[],
  index: number,
  children: Child[],
  random: Random,
): Point {
  const config = row.doc.HyperParameterTuningJobConfig;
  if (config.Strategy === 'Grid') return gridPoint(params, index - 1);
  if (config.Strategy !== 'Bayesian') return randomPoint(params, random);
  const minimize = config.HyperParameterTuningJobObjective?.Type === 'Minimize';
  const observations = children.flatMap((c) => {
    const value = childSummary(row.doc, c).FinalHyperParameterTuningJobObjectiveMetric?.Value;
    return value === undefined
      ? []
      : [{ point: (c.plan?.tuned ?? {}) as Point, value: minimize ? -value : value }];
  });
  const pending = children
    .filter((c) => RUNNING.has(c.doc.TrainingJobStatus))
    .map((c) => (c.plan?.tuned ?? {}) as Point);
  return proposeBayesian(params, observations, pending, random);
}

/** The number of training jobs the tuning job launches in all. */
export function jobLimit(row: Row, params: SearchParam[]): number {
  const config = row.doc.HyperParameterTuningJobConfig;
  const max = config.ResourceLimits.MaxNumberOfTrainingJobs;
  if (config.Strategy === 'Grid') return Math.min(gridSize(params), max ?? Number.MAX_SAFE_INTEGER);
  return max ?? 1;
}

function launchChild(
  ctx: SageMakerContext,
  row: Row,
  params: SearchParam[],
  children: Child[],
): void {
  const index = children.length + 1;
  const random = createRandom((seedOf(row) ^ Math.imul(index, 0x9e3779b1)) >>> 0);
  const point = propose(row, params, index, children, random);
  const definition = row.doc.TrainingJobDefinition;
  const { StaticHyperParameters, ...fields } = definition;
  const objective = row.doc.HyperParameterTuningJobConfig.HyperParameterTuningJobObjective;
  const suffix = ctx.ids.uuid().replace(/-/g, '').slice(0, 8);
  const child = newTrainingRow(
    ctx,
    {
      ...fields,
      TrainingJobName: `${row.name}-${String(index).padStart(3, '0')}-${suffix}`,
      HyperParameters: {
        ...StaticHyperParameters,
        ...point,
        ...(objective ? { _tuning_objective_metric: objective.MetricName } : {}),
      },
    } as CreateTrainingJobInput,
    { name: row.name, arn: row.doc.HyperParameterTuningJobArn },
  );
  child.plan = { ...child.plan, tuned: point };
  launchTraining(ctx, child);
}

async function waitAny(ctx: SageMakerContext, names: string[], signal: AbortSignal): Promise<void> {
  const local = new AbortController();
  const onAbort = (): void => local.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  const read = (name: string) =>
    ctx.store.get<TrainingJobDescription>(Kind.TrainingJob, name)?.status ?? 'Failed';
  try {
    await Promise.race(
      names.map((name) =>
        waitUntil(
          ctx,
          Kind.TrainingJob,
          name,
          () => read(name),
          (s) => !RUNNING.has(s),
          local.signal,
        ),
      ),
    ).catch(() => undefined);
  } finally {
    signal.removeEventListener('abort', onAbort);
    local.abort();
  }
}

function finalStatus(row: Row, children: Child[]): void {
  const counters = row.doc.ObjectiveStatusCounters;
  if (counters.Succeeded > 0) return;
  const metric = row.doc.HyperParameterTuningJobConfig.HyperParameterTuningJobObjective?.MetricName;
  const first = children.find((c) => c.doc.FailureReason)?.doc.FailureReason;
  row.doc.FailureReason =
    `All ${children.length} training jobs failed or reported no value of the objective metric '${metric}'${first ? `; the first failure: ${first}` : ''}`.slice(
      0,
      1024,
    );
}

/** Runs (or, after a restart, resumes) the tuning job of `row`. */
export async function runTuning(ctx: SageMakerContext, row: Row): Promise<void> {
  const epoch = ctx.epoch;
  const active = trackRun(ctx, row);
  try {
    const params = compileSearchSpace(
      row.doc.HyperParameterTuningJobConfig.ParameterRanges,
      row.doc.HyperParameterTuningJobConfig.Strategy,
    );
    const limit = jobLimit(row, params);
    const parallel = Math.max(
      1,
      row.doc.HyperParameterTuningJobConfig.ResourceLimits.MaxParallelTrainingJobs,
    );
    for (;;) {
      if (epoch !== ctx.epoch) return;
      const children = ctx.store.list<TrainingJobDescription>(Kind.TrainingJob, {
        parent: row.name,
      });
      refresh(row, children);
      const running = children.filter((c) => RUNNING.has(c.doc.TrainingJobStatus));
      if (active.stopRequested) {
        for (const child of running) stopTraining(ctx, child);
        if (running.length === 0) return saveTuning(ctx, endNow(ctx, row), 'Stopped');
      } else if (children.length < limit && running.length < parallel) {
        launchChild(ctx, row, params, children);
        saveTuning(ctx, row);
        continue;
      } else if (running.length === 0) {
        finalStatus(row, children);
        return saveTuning(ctx, endNow(ctx, row), row.doc.FailureReason ? 'Failed' : 'Completed');
      }
      saveTuning(ctx, row);
      await waitAny(
        ctx,
        running.map((c) => c.name),
        active.stopRequested ? new AbortController().signal : active.controller.signal,
      );
    }
  } catch (err) {
    if (epoch !== ctx.epoch) return;
    row.doc.FailureReason = `ClientError: ${errorMessage(err)}`.slice(0, 1024);
    saveTuning(ctx, endNow(ctx, row), 'Failed');
  } finally {
    if (epoch === ctx.epoch) untrackRun(ctx, row);
  }
}

function endNow(ctx: SageMakerContext, row: Row): Row {
  row.doc.HyperParameterTuningEndTime = seconds(ctx.clock.now());
  return row;
}
