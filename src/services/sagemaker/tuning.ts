import { BUILTIN_METRICS } from './builtin-train.js';
import type { SageMakerContext } from './context.js';
import { resolveAlgorithm } from './images.js';
import {
  currentJob,
  isFinished,
  jobsLeftRunning,
  signalStop,
  trackRun,
  waitForEnd,
} from './job-lifecycle.js';
import { listPage, pick } from './listing.js';
import {
  Kind,
  arnOf,
  checkName,
  required,
  resourceInUse,
  resourceNotFound,
  seconds,
  validation,
} from './names.js';
import { compileSearchSpace } from './search-space.js';
import type { ResourceRow } from './store.js';
import { newTrainingRow } from './training.js';
import { childSummary, runTuning, saveTuning } from './tuning-run.js';
import type {
  CreateHyperParameterTuningJobInput,
  CreateTrainingJobInput,
  HyperParameterTuningJobDescription,
  SageMakerJobs,
  TrainingJobDescription,
} from './types.js';

/**
 * Hyperparameter tuning jobs: validation of the request (strategy, objective
 * among the metric definitions, ranges, limits, the training job definition),
 * Describe / List / Stop, ListTrainingJobsForHyperParameterTuningJob and the
 * wait of `.sync`; the tuner itself is tuning-run.ts. Early stopping is off
 * (`Auto` is accepted and behaves as `Off`); Hyperband searches as Random.
 */

type Row = ResourceRow<HyperParameterTuningJobDescription>;
const STRATEGIES = ['Bayesian', 'Random', 'Grid', 'Hyperband'];

function checkObjective(ctx: SageMakerContext, input: CreateHyperParameterTuningJobInput): void {
  const config = input.HyperParameterTuningJobConfig;
  const objective = config.HyperParameterTuningJobObjective;
  if (!objective) {
    if (config.Strategy === 'Grid') return;
    throw validation(
      'HyperParameterTuningJobConfig.HyperParameterTuningJobObjective is required for the Bayesian and Random strategies: give {"Type": "Maximize" | "Minimize", "MetricName": "..."}',
    );
  }
  if (objective.Type !== 'Maximize' && objective.Type !== 'Minimize') {
    throw validation(
      `HyperParameterTuningJobObjective.Type must be Maximize or Minimize (got ${JSON.stringify(objective.Type)})`,
    );
  }
  const spec = input.TrainingJobDefinition.AlgorithmSpecification;
  const builtin = resolveAlgorithm(ctx.images, spec).kind === 'builtin';
  const names = [
    ...(spec.MetricDefinitions ?? []).map((d) => d.Name),
    ...(builtin
      ? ['train', 'validation'].flatMap((s) => BUILTIN_METRICS.map((m) => `${s}:${m}`))
      : []),
  ];
  if (!names.includes(objective.MetricName)) {
    throw validation(
      `The objective metric '${objective.MetricName}' is not defined for the training job definition: add a MetricDefinition named '${objective.MetricName}' (defined: ${names.join(', ') || 'none'})`,
    );
  }
}

function checkLimits(input: CreateHyperParameterTuningJobInput): void {
  const config = input.HyperParameterTuningJobConfig;
  const limits = required(config.ResourceLimits, 'hyperParameterTuningJobConfig.resourceLimits');
  const parallel = limits.MaxParallelTrainingJobs;
  if (!Number.isInteger(parallel) || parallel < 1) {
    throw validation(
      `ResourceLimits.MaxParallelTrainingJobs must be a whole number of at least 1 (got ${JSON.stringify(parallel)})`,
    );
  }
  const max = limits.MaxNumberOfTrainingJobs;
  if (max === undefined ? config.Strategy !== 'Grid' : !Number.isInteger(max) || max < 1) {
    throw validation(
      `ResourceLimits.MaxNumberOfTrainingJobs must be a whole number of at least 1 (got ${JSON.stringify(max)})`,
    );
  }
}

function newRow(ctx: SageMakerContext, input: CreateHyperParameterTuningJobInput): Row {
  const name = checkName(input?.HyperParameterTuningJobName, 'hyperParameterTuningJobName', 32);
  const config = required(input.HyperParameterTuningJobConfig, 'hyperParameterTuningJobConfig');
  const definition = required(input.TrainingJobDefinition, 'trainingJobDefinition');
  if (!STRATEGIES.includes(config.Strategy)) {
    throw validation(
      `HyperParameterTuningJobConfig.Strategy must be one of ${STRATEGIES.join(', ')} (got ${JSON.stringify(config.Strategy)})`,
    );
  }
  checkLimits(input);
  const params = compileSearchSpace(config.ParameterRanges, config.Strategy);
  for (const p of params) {
    if (definition.StaticHyperParameters?.[p.name] !== undefined) {
      throw validation(
        `Hyperparameter '${p.name}' is both static (StaticHyperParameters) and tunable (ParameterRanges); keep it in one place`,
      );
    }
  }
  // The children are checked as CreateTrainingJob would check them.
  const { StaticHyperParameters, ...fields } = definition;
  newTrainingRow(
    ctx,
    {
      ...fields,
      TrainingJobName: `${name}-000-00000000`,
      HyperParameters: StaticHyperParameters ?? {},
    } as CreateTrainingJobInput,
    undefined,
    { dryRun: true },
  );
  checkObjective(ctx, input);
  const existing = ctx.store.get<HyperParameterTuningJobDescription>(Kind.TuningJob, name);
  if (existing) {
    throw resourceInUse(
      `Hyperparameter tuning job names must be unique within an AWS account and region, and a tuning job named '${name}' already exists`,
    );
  }
  const now = seconds(ctx.clock.now());
  const { Tags: _tags, ...rest } = input;
  return {
    kind: Kind.TuningJob,
    name,
    created: now,
    status: 'InProgress',
    doc: {
      ...rest,
      HyperParameterTuningJobName: name,
      HyperParameterTuningJobArn: arnOf(ctx.scope, Kind.TuningJob, name),
      HyperParameterTuningJobConfig: { TrainingJobEarlyStoppingType: 'Off', ...config },
      HyperParameterTuningJobStatus: 'InProgress',
      CreationTime: now,
      LastModifiedTime: now,
      TrainingJobStatusCounters: {
        Completed: 0,
        InProgress: 0,
        RetryableError: 0,
        NonRetryableError: 0,
        Stopped: 0,
      },
      ObjectiveStatusCounters: { Succeeded: 0, Pending: 0, Failed: 0 },
    },
  };
}

function requireRow(ctx: SageMakerContext, name: unknown): Row {
  const row =
    typeof name === 'string'
      ? ctx.store.get<HyperParameterTuningJobDescription>(Kind.TuningJob, name)
      : undefined;
  if (!row)
    throw resourceNotFound(`Amazon SageMaker can't find a tuning job with name ${String(name)}`);
  return row;
}

/** The tuning job operations of the port. */
export function tuningOps(
  ctx: SageMakerContext,
): Pick<
  SageMakerJobs,
  | 'createHyperParameterTuningJob'
  | 'describeHyperParameterTuningJob'
  | 'listHyperParameterTuningJobs'
  | 'listTrainingJobsForHyperParameterTuningJob'
  | 'stopHyperParameterTuningJob'
  | 'waitForHyperParameterTuningJob'
> {
  return {
    async createHyperParameterTuningJob(input) {
      const row = newRow(ctx, input);
      saveTuning(ctx, row);
      void runTuning(ctx, row);
      return { HyperParameterTuningJobArn: row.doc.HyperParameterTuningJobArn };
    },
    describeHyperParameterTuningJob: async (input) =>
      requireRow(ctx, input?.HyperParameterTuningJobName).doc,
    async listHyperParameterTuningJobs(input = {}) {
      const page = listPage(ctx.store.list(Kind.TuningJob), input, {
        nameField: 'HyperParameterTuningJobName',
        statusField: 'HyperParameterTuningJobStatus',
        defaultOrder: 'Ascending',
        summarize: (r) => ({
          ...pick(r.doc, [
            'HyperParameterTuningJobName',
            'HyperParameterTuningJobArn',
            'HyperParameterTuningJobStatus',
            'CreationTime',
            'HyperParameterTuningEndTime',
            'LastModifiedTime',
            'TrainingJobStatusCounters',
            'ObjectiveStatusCounters',
          ]),
          Strategy: (r.doc as unknown as HyperParameterTuningJobDescription)
            .HyperParameterTuningJobConfig.Strategy,
          ResourceLimits: (r.doc as unknown as HyperParameterTuningJobDescription)
            .HyperParameterTuningJobConfig.ResourceLimits,
        }),
      });
      return {
        HyperParameterTuningJobSummaries: page.items,
        ...(page.NextToken ? { NextToken: page.NextToken } : {}),
      };
    },
    async listTrainingJobsForHyperParameterTuningJob(input) {
      const tuning = requireRow(ctx, input?.HyperParameterTuningJobName);
      const children = ctx.store.list<TrainingJobDescription>(Kind.TrainingJob, {
        parent: tuning.name,
      });
      const objective = (row: ResourceRow) => {
        const value = childSummary(
          tuning.doc,
          row as unknown as ResourceRow<TrainingJobDescription>,
        ).FinalHyperParameterTuningJobObjectiveMetric?.Value;
        return value ?? Number.NEGATIVE_INFINITY;
      };
      const page = listPage(children as unknown as ResourceRow[], input, {
        nameField: 'TrainingJobName',
        statusField: 'TrainingJobStatus',
        defaultOrder: 'Descending',
        summarize: (r) =>
          childSummary(tuning.doc, r as unknown as ResourceRow<TrainingJobDescription>),
        sortKeys: { FinalObjectiveMetricValue: objective },
      });
      return {
        TrainingJobSummaries: page.items,
        ...(page.NextToken ? { NextToken: page.NextToken } : {}),
      };
    },
    async stopHyperParameterTuningJob(input) {
      const stored = requireRow(ctx, input?.HyperParameterTuningJobName);
      const { row, active } = currentJob(ctx, stored);
      if (isFinished(row.doc.HyperParameterTuningJobStatus)) {
        throw validation(
          `The tuning job '${row.name}' is ${row.doc.HyperParameterTuningJobStatus}; only a job in progress can be stopped`,
        );
      }
      saveTuning(ctx, row, 'Stopping');
      signalStop(active, 'stopped by StopHyperParameterTuningJob');
      return {};
    },
    waitForHyperParameterTuningJob: (name, options = {}) =>
      waitForEnd(
        ctx,
        () => requireRow(ctx, name),
        (d) => d.HyperParameterTuningJobStatus,
        options.signal,
      ),
  };
}

/** Tuning jobs a previous process left in flight carry on (Stopping ones stop their children). */
export function recoverTuning(ctx: SageMakerContext): void {
  for (const row of jobsLeftRunning<HyperParameterTuningJobDescription>(ctx, Kind.TuningJob)) {
    // The runner started below takes this entry over and stops the children.
    if (row.doc.HyperParameterTuningJobStatus === 'Stopping')
      trackRun(ctx, row).stopRequested = true;
    void runTuning(ctx, row);
  }
}
